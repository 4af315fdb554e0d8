import PocMapCore

/// A deterministic synthetic store for benchmarks, demos and end-to-end tests of `pocmap query` (the hidden
/// developer command `pocmap query make-sample-store` writes it).
///
/// The hexes are the `count` cells closest to the centre cell in grid steps (ring by ring, each ring in ascending
/// index order). A cell `d` rings from the centre has:
/// `predicted_rssi_dbm = −60 − 5 × (d mod 16)`, `serving_hotspots = max(0, 5 − d / 10)`,
/// `density_scale = 1 / (1 + d mod 4)`; for even `d` also `observed_rssi_dbm = predicted − 3`,
/// `observed_median_rssi_dbm = predicted − 6`, `observed_witnesses = d mod 7 + 1`,
/// `observed_beaconers = d mod 3 + 1`,
/// `last_seen = 1,700,000,000,000 ms + d minutes`; for odd `d` no observation (`observed_witnesses` 0).
/// Every 100th cell (in that order) holds a hotspot `synthetic-NNNNNN` (`best_server` of a cell is the hotspot
/// `(its position / 100)`); hotspot `j` witnesses the beacons of hotspots `j+1` and `j+2` (modulo the count):
/// the first link is valid, the second is invalid with `below_min_distance` when `j` is even, `bad_rssi` when odd.
public struct SyntheticStore: Sendable {
    /// The cells in order.
    public let hexes: [HexRow]
    /// The hotspots.
    public let hotspots: [HotspotRow]
    /// The links.
    public let links: [LinkRow]
    /// The resolution.
    public let resolution: Int

    /// Builds the rows around a centre point.
    public init(
        count: Int,
        resolution: Int = 8,
        centerLatitude: Double = 37.7749,
        centerLongitude: Double = -122.4194
    ) throws(StoreError) {
        guard count > 0 else { throw .invalidInput("a synthetic store needs at least one hex (got \(count))") }
        guard (0...15).contains(resolution) else { throw .invalidInput("resolution \(resolution) is outside 0…15") }
        self.resolution = resolution
        let center: H3Cell
        do {
            center = try H3.latLngToCell(
                LatLng(latitudeDegrees: centerLatitude, longitudeDegrees: centerLongitude),
                resolution: resolution
            )
        } catch { throw .invalidInput("centre \(centerLatitude),\(centerLongitude): \(error)") }
        // Smallest k whose disk holds `count` cells: 3k(k+1) + 1 ≥ count.
        var k = 0
        while 3 * k * (k + 1) + 1 < count { k += 1 }
        let disk: [(cell: H3Cell, distance: Int)]
        do { disk = try H3.gridDiskDistances(center, k: k) } catch {
            throw .invalidInput("cannot build \(count) cells around \(center): \(error)")
        }
        let ordered = disk.sorted { ($0.distance, $0.cell) < ($1.distance, $1.cell) }.prefix(count)
        let hotspotCount = (ordered.count + 99) / 100
        var hexes: [HexRow] = []
        hexes.reserveCapacity(ordered.count)
        var hotspots: [HotspotRow] = []
        var positions: [LatLng] = []
        for (position, entry) in ordered.enumerated() {
            let d = entry.distance
            let predicted = -60.0 - 5 * Double(d % 16)
            let observed = d % 2 == 0
            hexes.append(
                HexRow(
                    cell: entry.cell,
                    observedRSSIdBm: observed ? predicted - 3 : nil,
                    observedWitnesses: observed ? d % 7 + 1 : 0,
                    predictedRSSIdBm: predicted,
                    servingHotspots: max(0, 5 - d / 10),
                    densityScale: 1 / Double(1 + d % 4),
                    observedMedianRSSIdBm: observed ? predicted - 6 : nil,
                    observedBeaconers: observed ? d % 3 + 1 : nil,
                    lastSeenMilliseconds: observed ? 1_700_000_000_000 + Int64(d) * 60_000 : nil,
                    bestServer: SyntheticStore.key(position / 100)
                )
            )
            if position % 100 == 0 {
                let centre = (try? H3.cellToLatLng(entry.cell)) ?? LatLng(lat: 0, lng: 0)
                positions.append(centre)
                hotspots.append(
                    HotspotRow(
                        key: SyntheticStore.key(position / 100),
                        location: entry.cell,
                        region: "US915",
                        active: true,
                        densityScale: 1 / Double(1 + d % 4),
                        beacons: 2,
                        beaconsValid: 2,
                        witnesses: 2,
                        witnessesValid: 1,
                        witnessesSelected: 1,
                        beaconShares: 1,
                        witnessShares: 0.5,
                        topInvalidReason: (position / 100) % 2 == 0 ? "below_min_distance" : "bad_rssi"
                    )
                )
            }
        }
        var links: [LinkRow] = []
        if hotspotCount > 1 {
            for j in 0..<hotspotCount {
                for step in 1...2 {
                    let beaconer = (j + step) % hotspotCount
                    let reason = step == 1 ? nil : (j % 2 == 0 ? "below_min_distance" : "bad_rssi")
                    links.append(
                        LinkRow(
                            pocID: "synthetic-poc-\(beaconer)",
                            beaconer: SyntheticStore.key(beaconer),
                            witness: SyntheticStore.key(j),
                            beaconerLocation: positions[beaconer],
                            witnessLocation: positions[j],
                            status: reason == nil ? "valid" : "invalid",
                            invalidReason: reason,
                            rssidBm: -90 - Double(step * 5),
                            snrdB: 5,
                            maxRSSIdBm: -40,
                            distanceMeters: Int(
                                H3.greatCircleDistance(positions[beaconer], positions[j], unit: .meters).rounded()
                            ),
                            selected: reason == nil,
                            receivedTimestamp: 1_700_000_000_000 + Int64(j)
                        )
                    )
                }
            }
        }
        self.hexes = hexes
        self.hotspots = hotspots
        self.links = links
    }

    /// The key of synthetic hotspot `index`: `synthetic-` and six digits.
    public static func key(_ index: Int) -> String {
        let digits = String(index)
        return "synthetic-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Writes the rows as a store.
    public func write(to path: String) throws(StoreError) {
        try CoverageStoreWriter.write(
            to: path,
            resolution: resolution,
            hexes: hexes,
            hotspots: hotspots,
            links: links,
            metadata: ["source": "pocmap synthetic store"]
        )
    }
}
