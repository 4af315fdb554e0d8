public import PocMapCore

#if canImport(Glibc)
    import Glibc
#endif

/// A read-only view of a `coverage.gpkg` store that answers `pocmap query`: by point, by H3 cell and by hotspot key.
///
/// The GeoPackage is read directly with SQLite (no GDAL, so a query process starts fast). Every answer is one
/// indexed lookup (`hexes.h3_index`, `hotspots.key`, `links.beaconer`/`links.witness`); nothing is scanned except
/// for the suggestions that follow an unknown key. Not `Sendable`.
public final class CoverageStore {
    /// The GeoPackage file that was opened.
    public let path: String
    /// The H3 resolution of the store's hexes.
    public let resolution: Int
    private let database: SQLiteReader

    /// How many grid rings around an absent cell are searched for the nearest hex before the R-tree search.
    public static let nearestRingLimit = 10

    /// Opens a store read-only.
    ///
    /// - Parameter path: an output directory (its `coverage.gpkg` is used) or a GeoPackage file.
    /// - Throws: ``StoreError/storeNotFound(path:)`` when neither exists, ``StoreError/notAStore(path:reason:)``
    ///   when SQLite cannot read it or a layer or the resolution is missing.
    public init(path: String) throws(StoreError) {
        guard let file = CoverageStore.resolve(path) else { throw .storeNotFound(path: path) }
        self.path = file
        let names: Set<String>
        do {
            database = try SQLiteReader(path: file)
            names = Set(
                try database.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
                    .compactMap { $0.first?.stringValue }
            )
        } catch {
            throw .notAStore(path: file, reason: "SQLite cannot read it as a GeoPackage (\(error.message))")
        }
        for layer in [StoreSchema.hexesLayer, StoreSchema.hotspotsLayer, StoreSchema.linksLayer]
        where !names.contains(layer) {
            let tables = names.filter { !$0.hasPrefix("gpkg_") && !$0.hasPrefix("rtree_") && !$0.hasPrefix("sqlite_") }
            throw .notAStore(
                path: file,
                reason: "it has no '\(layer)' layer (layers: \(tables.sorted().joined(separator: ", ")))"
            )
        }
        var found: Int?
        if names.contains(StoreSchema.infoTable),
            let text =
                (try? database.rows(
                    "SELECT value FROM \(StoreSchema.infoTable) WHERE key = 'resolution'"
                ))?.first?.first?.stringValue
        {
            found = Int(text)
        }
        if found == nil, let value = (try? database.rows("SELECT resolution FROM hexes LIMIT 1"))?.first?.first {
            found = value.integerValue.map { Int($0) }
        }
        guard let found, (0...15).contains(found) else {
            throw .notAStore(path: file, reason: "its H3 resolution is unknown (no store_info row and no hexes)")
        }
        resolution = found
    }

    /// The GeoPackage file for a `--store` argument: `DIR/coverage.gpkg`, or the path itself; `nil` when absent.
    public static func resolve(_ path: String) -> String? {
        let inside = path.hasSuffix("/") ? path + StoreSchema.fileName : path + "/" + StoreSchema.fileName
        if fileKind(inside).exists { return inside }
        let kind = fileKind(path)
        if kind.exists, !kind.isDirectory { return path }
        return nil
    }

    // MARK: Hexes

    /// The row of a cell. A cell finer than the store is answered by its parent at the store's resolution.
    ///
    /// Throws ``StoreError/unknownCell(cell:resolution:nearest:)`` with the nearest hex that has data when the cell
    /// has none, and `invalidInput` for an invalid or coarser cell.
    public func hex(_ cell: H3Cell) throws(StoreError) -> HexAnswer {
        guard cell.isValid else { throw .invalidInput("\(cell) is not a valid H3 cell index") }
        var target = cell
        if cell.resolution > resolution {
            do { target = try H3.cellToParent(cell, resolution: resolution) } catch {
                throw .invalidInput("cell \(cell): \(error)")
            }
        } else if cell.resolution < resolution {
            let child = (try? H3.cellToCenterChild(cell, resolution: resolution)).map { " (its centre child is \($0))" }
            throw .invalidInput(
                "cell \(cell) has resolution \(cell.resolution), coarser than the store's resolution \(resolution); "
                    + "query a resolution-\(resolution) cell" + (child ?? "")
            )
        }
        let columns = StoreSchema.hexColumns.map(\.name)
        let rows = try select(
            "SELECT \(columns.joined(separator: ", ")) FROM \(StoreSchema.hexesLayer) WHERE h3_index = ?1",
            [target.description]
        )
        guard let row = rows.first else {
            throw .unknownCell(cell: target.description, resolution: resolution, nearest: try nearestHex(to: target))
        }
        return HexAnswer(cell: target, queriedCell: cell, record: StoreRecord(columns: columns, values: row))
    }

    /// The row of the cell holding a point (WGS84 degrees), at the store's resolution.
    public func point(latitudeDegrees: Double, longitudeDegrees: Double) throws(StoreError) -> HexAnswer {
        guard latitudeDegrees.isFinite, (-90...90).contains(latitudeDegrees) else {
            throw .invalidInput("latitude \(latitudeDegrees) is outside -90...90 degrees")
        }
        guard longitudeDegrees.isFinite, (-180...180).contains(longitudeDegrees) else {
            throw .invalidInput("longitude \(longitudeDegrees) is outside -180...180 degrees")
        }
        let cell: H3Cell
        do {
            cell = try H3.latLngToCell(
                LatLng(latitudeDegrees: latitudeDegrees, longitudeDegrees: longitudeDegrees),
                resolution: resolution
            )
        } catch { throw .invalidInput("\(latitudeDegrees),\(longitudeDegrees): \(error)") }
        var answer = try hex(cell)
        answer.point = (latitudeDegrees, longitudeDegrees)
        return answer
    }

    /// The closest cell with data to `cell`: first the grid rings up to ``nearestRingLimit`` (fewest steps, then
    /// shortest distance), then growing windows over the `hexes` R-tree; `nil` when the store has no hexes.
    public func nearestHex(to cell: H3Cell) throws(StoreError) -> NearestHex? {
        guard let origin = try? H3.cellToLatLng(cell) else { return nil }
        if let disk = try? H3.gridDiskDistances(cell, k: CoverageStore.nearestRingLimit) {
            var distanceOf: [String: Int] = [:]
            for entry in disk { distanceOf[entry.cell.description] = entry.distance }
            let list = distanceOf.keys.sorted().map { "'\($0)'" }.joined(separator: ",")
            let rows = try select("SELECT h3_index FROM \(StoreSchema.hexesLayer) WHERE h3_index IN (\(list))")
            let found = rows.compactMap { $0.first?.stringValue }
            if let best = closest(found, to: origin, rank: { distanceOf[$0] ?? Int.max }) { return best }
        }
        // Beyond the rings: square windows over the R-tree. Find the smallest non-empty one (doubling, then
        // bisection; each probe reads one entry), widen it enough to hold every cell that could be closer, rank
        // that window's boxes by centre distance in SQLite and compare the best few by great-circle distance.
        let latitude = origin.latitudeDegrees
        let longitude = origin.longitudeDegrees
        let tree = StoreSchema.rtreeTable(StoreSchema.hexesLayer)
        let stretch = 1 / max(cos(latitude * .pi / 180), 0.1)  // degrees of longitude per degree of latitude
        func window(_ half: Double) -> String {
            "r.minx <= \(longitude + half * stretch) AND r.maxx >= \(longitude - half * stretch) AND "
                + "r.miny <= \(latitude + half) AND r.maxy >= \(latitude - half)"
        }
        let scale = 1 / stretch
        /// The centre offset (scaled to latitude degrees) and half-diagonal of one box in the window, if any.
        func probe(_ half: Double) throws(StoreError) -> (distance: Double, size: Double)? {
            guard
                let row = try select(
                    "SELECT r.minx, r.maxx, r.miny, r.maxy FROM \(tree) r WHERE \(window(half)) LIMIT 1"
                ).first
            else { return nil }
            let box = row.map { $0.doubleValue ?? 0 }
            let dx = ((box[0] + box[1]) / 2 - longitude) * scale
            let dy = (box[2] + box[3]) / 2 - latitude
            let size =
                (((box[1] - box[0]) * scale) * ((box[1] - box[0]) * scale) + (box[3] - box[2]) * (box[3] - box[2]))
                .squareRoot() / 2
            return ((dx * dx + dy * dy).squareRoot(), size)
        }
        var high = 0.25
        var hit = try probe(high)
        while hit == nil {
            high *= 2
            if high > 512 { return nil }
            hit = try probe(high)
        }
        var low = high / 2
        for _ in 0..<12 where high - low > 1e-4 {
            let middle = (low + high) / 2
            if let found = try probe(middle) {
                high = middle
                hit = found
            } else {
                low = middle
            }
        }
        // The nearest centre is no farther than the box found; any box holding a nearer centre meets the window
        // of that distance plus a box size.
        guard let found = hit else { return nil }
        let reach = found.distance + 2 * found.size + 1e-6
        let dx = "(((r.minx + r.maxx) / 2 - (\(longitude))) * \(scale))"
        let dy = "((r.miny + r.maxy) / 2 - (\(latitude)))"
        let rows = try select(
            "SELECT h.h3_index FROM \(StoreSchema.hexesLayer) h WHERE h.fid IN (SELECT r.id FROM \(tree) r WHERE "
                + "\(window(reach)) ORDER BY \(dx) * \(dx) + \(dy) * \(dy) LIMIT 64)"
        )
        return closest(rows.compactMap { $0.first?.stringValue }, to: origin) { _ in 0 }
    }

    private func closest(_ cells: [String], to origin: LatLng, rank: (String) -> Int) -> NearestHex? {
        var best: (rank: Int, distance: Double, hex: NearestHex)?
        for text in cells {
            guard let cell = try? H3Cell(string: text), let centre = try? H3.cellToLatLng(cell) else { continue }
            let distance = H3.greatCircleDistance(origin, centre, unit: .kilometers)
            let order = rank(text)
            if let current = best, (current.rank, current.distance) <= (order, distance) { continue }
            best = (
                order, distance,
                NearestHex(
                    cell: cell,
                    distanceKilometers: distance,
                    latitudeDegrees: centre.latitudeDegrees,
                    longitudeDegrees: centre.longitudeDegrees
                )
            )
        }
        return best?.hex
    }

    // MARK: Hotspots

    /// A hotspot's row with its witness verdicts counted from `links`: as the witness (what it heard) and as the
    /// beaconer (how its beacons were heard), by status and reason.
    ///
    /// Throws ``StoreError/unknownHotspot(key:suggestions:)`` with the closest keys when no hotspot has the key.
    public func hotspot(key: String) throws(StoreError) -> HotspotAnswer {
        let columns = StoreSchema.hotspotColumns.map(\.name)
        let rows = try select(
            "SELECT \(columns.joined(separator: ", ")) FROM \(StoreSchema.hotspotsLayer) WHERE key = ?1",
            [key]
        )
        guard let row = rows.first else {
            throw .unknownHotspot(key: key, suggestions: try suggestKeys(for: key))
        }
        func counts(_ column: String) throws(StoreError) -> [VerdictCount] {
            let grouped = try select(
                "SELECT status, invalid_reason, COUNT(*) AS n FROM \(StoreSchema.linksLayer) WHERE \(column) = ?1 "
                    + "GROUP BY status, invalid_reason",
                [key]
            )
            return grouped.map { row in
                let status = row[0].stringValue ?? "unknown"
                let reason = row[1].stringValue
                let verdict = status == "valid" ? "valid" : (reason ?? status)
                return VerdictCount(verdict: verdict, count: Int(row[2].integerValue ?? 0))
            }.sorted {
                ($0.verdict == "valid" ? 0 : 1, -$0.count, $0.verdict) < (
                    $1.verdict == "valid" ? 0 : 1, -$1.count, $1.verdict
                )
            }
        }
        return HotspotAnswer(
            key: key,
            record: StoreRecord(columns: columns, values: row),
            asWitness: try counts("witness"),
            asBeaconer: try counts("beaconer")
        )
    }

    /// Up to three keys close to `key`: a case-insensitive match, else keys it is a prefix of (or that are a
    /// prefix of it), else the keys at the smallest edit distance.
    public func suggestKeys(for key: String) throws(StoreError) -> [String] {
        let keys = try select("SELECT key FROM \(StoreSchema.hotspotsLayer)").compactMap { $0.first?.stringValue }
        return KeySuggester.suggest(for: key, among: keys)
    }

    // MARK: SQL

    private func select(_ sql: String, _ parameters: [String] = []) throws(StoreError) -> [[StoreValue]] {
        do { return try database.rows(sql, parameters) } catch { throw .sqlite(error.message) }
    }
}

/// An answer about one H3 cell.
public struct HexAnswer: Sendable {
    /// The cell answered (at the store's resolution).
    public var cell: H3Cell
    /// The cell asked about (finer cells are answered by their parent).
    public var queriedCell: H3Cell
    /// The point asked about, degrees, for `query point`.
    public var point: (latitude: Double, longitude: Double)?
    /// The `hexes` row.
    public var record: StoreRecord

    /// An answer.
    public init(
        cell: H3Cell,
        queriedCell: H3Cell,
        point: (latitude: Double, longitude: Double)? = nil,
        record: StoreRecord
    ) {
        self.cell = cell
        self.queriedCell = queriedCell
        self.point = point
        self.record = record
    }

    /// One JSON object with the `hexes` column names.
    public func json() -> String { record.json() }

    /// A readable table.
    public func table() -> String {
        var lines: [String] = []
        if let point {
            lines.append("point \(formatDegrees(point.latitude)),\(formatDegrees(point.longitude)) is in hex \(cell)")
        } else if queriedCell != cell {
            lines.append("cell \(queriedCell) is inside hex \(cell)")
        }
        lines.append("hex \(cell) (resolution \(cell.resolution))")
        lines += record.tableLines()
        return lines.joined(separator: "\n") + "\n"
    }
}

/// How many witness verdicts of one kind (`valid`, or an invalid reason name) a hotspot has.
public struct VerdictCount: Hashable, Sendable {
    /// `valid` or an invalid reason name.
    public var verdict: String
    /// Number of verdicts.
    public var count: Int

    /// A count.
    public init(verdict: String, count: Int) {
        self.verdict = verdict
        self.count = count
    }
}

/// An answer about one hotspot.
public struct HotspotAnswer: Hashable, Sendable {
    /// The key asked about.
    public var key: String
    /// The `hotspots` row.
    public var record: StoreRecord
    /// Witness verdicts where the hotspot was the witness, by verdict, most frequent first (valid first).
    public var asWitness: [VerdictCount]
    /// Witness verdicts on the hotspot's beacons, by verdict.
    public var asBeaconer: [VerdictCount]

    /// An answer.
    public init(key: String, record: StoreRecord, asWitness: [VerdictCount], asBeaconer: [VerdictCount]) {
        self.key = key
        self.record = record
        self.asWitness = asWitness
        self.asBeaconer = asBeaconer
    }

    /// One JSON object: the `hotspots` columns, then `witness_verdicts` and `beaconer_verdicts` objects (verdict →
    /// count).
    public func json() -> String {
        func object(_ counts: [VerdictCount]) -> String {
            "{" + counts.map { jsonString($0.verdict) + ":" + String($0.count) }.joined(separator: ",") + "}"
        }
        let members =
            record.jsonMembers() + [
                "\"witness_verdicts\":" + object(asWitness), "\"beaconer_verdicts\":" + object(asBeaconer),
            ]
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A readable table with the verdict counts and their shares of the total.
    public func table() -> String {
        var lines = ["hotspot \(key)"]
        lines += record.tableLines()
        func section(_ title: String, _ counts: [VerdictCount]) {
            let total = counts.reduce(0) { $0 + $1.count }
            lines.append("\(title): \(total) witness verdict\(total == 1 ? "" : "s")")
            let width = (counts.map(\.verdict.count).max() ?? 0) + 2
            for entry in counts {
                let share = total > 0 ? Double(entry.count) * 100 / Double(total) : 0
                lines.append(
                    "  " + entry.verdict + String(repeating: " ", count: width - entry.verdict.count)
                        + String(entry.count) + "  (" + formatFixed(share, decimals: 1) + "%)"
                )
            }
        }
        section("as witness", asWitness)
        section("as beaconer", asBeaconer)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Suggestions for a mistyped hotspot key.
public enum KeySuggester {
    /// Up to `limit` keys close to `query` (see ``CoverageStore/suggestKeys(for:)``); empty only when `keys` is.
    public static func suggest(for query: String, among keys: [String], limit: Int = 3) -> [String] {
        guard !keys.isEmpty else { return [] }
        let lowered = query.lowercased()
        let exact = keys.filter { $0.lowercased() == lowered }
        if !exact.isEmpty { return Array(exact.sorted().prefix(limit)) }
        if !query.isEmpty {
            let prefixed = keys.filter { $0.lowercased().hasPrefix(lowered) || lowered.hasPrefix($0.lowercased()) }
            if !prefixed.isEmpty {
                return Array(prefixed.sorted { ($0.count, $0) < ($1.count, $1) }.prefix(limit))
            }
        }
        let target = Array(query.utf8)
        var best = Int.max
        var matches: [String] = []
        for key in keys {
            let distance = editDistance(target, Array(key.utf8), bound: best)
            if distance < best {
                best = distance
                matches = [key]
            } else if distance == best {
                matches.append(key)
            }
        }
        return Array(matches.sorted().prefix(limit))
    }

    /// Levenshtein distance between byte strings; returns a value above `bound` as soon as the result must exceed
    /// it.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8], bound: Int = Int.max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if abs(a.count - b.count) > bound { return bound == Int.max ? bound : bound + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > bound { return rowMinimum }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
