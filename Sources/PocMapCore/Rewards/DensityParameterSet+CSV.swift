/// A problem with a HIP-17 parameter set: an unknown name, or a parameter file that cannot be used.
///
/// Its ``description`` names the place (`FILE:LINE: …`) when there is one.
public struct DensityParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// `--density NAME` named neither a built-in set nor an existing file.
        case unknownSet(String)
        /// The parameter file exists but cannot be read as UTF-8 text (the reason says why).
        case unreadable(String)
        /// The text held no header row.
        case empty
        /// The header lacks a required column (`resolution`, `N`, `density_tgt`, `density_max`).
        case missingColumn(String)
        /// The header has a column this format does not define.
        case unknownColumn(String)
        /// A row does not have one value per header column, or a value is not an integer.
        case malformedRow(String)
        /// A resolution outside 0 … 12.
        case resolutionOutOfRange(Int)
        /// The same resolution appears twice.
        case duplicateResolution(Int)
        /// Values that cannot be HIP-17 parameters (the reason says which rule failed).
        case invalidValues(resolution: Int, reason: String)
        /// Some of resolutions 4 … 10 have no row.
        case missingResolutions([Int])
        /// A row below resolution 4 is defined while a resolution between it and 4 is not.
        case nonContiguousResolutions(defined: Int, missing: Int)
    }

    /// What went wrong.
    public let kind: Kind
    /// The file (or other source) the set came from, when known.
    public var source: String?
    /// The 1-based line of the problem inside ``source``, when it is about one line.
    public var line: Int?

    /// Creates an error of `kind`, optionally placed at `source:line`.
    public init(_ kind: Kind, source: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.source = source
        self.line = line
    }

    /// A one-line message for a person, prefixed by `SOURCE:LINE: ` or `SOURCE: ` when known.
    public var description: String {
        var prefix = ""
        if let source {
            prefix = line.map { "\(source):\($0): " } ?? "\(source): "
        } else if let line {
            prefix = "line \(line): "
        }
        return prefix + message
    }

    private var message: String {
        switch kind {
        case .unknownSet(let name):
            return "unknown density parameter set '\(name)': use hip104, hip17-2020 or the path of a CSV file "
                + "with the header resolution,N,density_tgt,density_max"
        case .unreadable(let reason):
            return "cannot read the parameter file: \(reason)"
        case .empty:
            return "no header row: expected resolution,N,density_tgt,density_max"
        case .missingColumn(let column):
            return "the header has no '\(column)' column (expected resolution,N,density_tgt,density_max)"
        case .unknownColumn(let column):
            return "unknown column '\(column)' (expected resolution,N,density_tgt,density_max)"
        case .malformedRow(let reason):
            return reason
        case .resolutionOutOfRange(let resolution):
            return "resolution \(resolution) is outside 0...12"
        case .duplicateResolution(let resolution):
            return "resolution \(resolution) is defined twice"
        case .invalidValues(let resolution, let reason):
            return "resolution \(resolution): \(reason)"
        case .missingResolutions(let resolutions):
            return "no row for resolution " + resolutions.map(String.init).joined(separator: ", ")
                + " (resolutions 4 to 10 are all required)"
        case .nonContiguousResolutions(let defined, let missing):
            return "resolution \(defined) is defined but \(missing) is not: rows below 4 must run down from 3 "
                + "without gaps"
        }
    }
}

extension DensityParameterSet {
    /// Reads a parameter set from CSV text, the format of `pocmap density --density FILE`:
    ///
    /// ```
    /// # HIP-17 as on chain 2020-2024 (lines starting with # are comments; blank lines are skipped)
    /// resolution,N,density_tgt,density_max
    /// 4,1,250,800
    /// 5,1,100,400
    /// 6,1,25,100
    /// 7,2,5,20
    /// 8,2,1,4
    /// 9,2,1,2
    /// 10,2,1,1
    /// ```
    ///
    /// - One header row naming the four columns in any order: `resolution`, `N`, `density_tgt`, `density_max`
    ///   (case-insensitive; `tgt`/`target` and `max`/`maximum` are accepted too). This is the layout of the
    ///   chain-variable export `hip17_chain_vars.csv`.
    /// - One row per resolution, non-negative integers. Rows 4 … 10 are required. Rows 0 … 3 are optional and
    ///   must run down from 3 without gaps; they are clipped and reported, but the scale uses 10 … 4 only.
    ///   Rows 11 and 12 are accepted and ignored (``ignoredResolutions``).
    /// - Every row must satisfy 0 ≤ N ≤ 7 and 1 ≤ density_tgt ≤ density_max ≤ 10⁹.
    /// - A UTF-8 byte-order mark, CRLF line ends and spaces around values are accepted.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - name: the set's ``name`` (usually the file name).
    ///   - source: how errors should name the file (usually its path).
    /// - Throws: ``DensityParameterError`` naming `source` and the 1-based line.
    public static func parse(csv text: String, name: String, source: String) throws(DensityParameterError)
        -> DensityParameterSet
    {
        var columns: [Int]? = nil  // header position of resolution, N, tgt, max
        var rows: [Int: DensityResolutionParameters] = [:]
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so CRLF ends must be named as separators explicitly.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for rawLine in lines {
            lineNumber += 1
            var line = Substring(rawLine)
            if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" { line = line.dropFirst() }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard let order = columns else {
                columns = try headerOrder(fields, source: source, line: lineNumber)
                continue
            }
            guard fields.count == 4 else {
                throw DensityParameterError(
                    .malformedRow("expected 4 values (resolution,N,density_tgt,density_max), found \(fields.count)"),
                    source: source,
                    line: lineNumber
                )
            }
            var values = [0, 0, 0, 0]
            for (slot, position) in order.enumerated() {
                guard let value = Int(fields[position]), value >= 0 else {
                    throw DensityParameterError(
                        .malformedRow("'\(fields[position])' is not a non-negative integer"),
                        source: source,
                        line: lineNumber
                    )
                }
                values[slot] = value
            }
            let resolution = values[0]
            guard resolution <= 12 else {
                throw DensityParameterError(.resolutionOutOfRange(resolution), source: source, line: lineNumber)
            }
            guard rows[resolution] == nil else {
                throw DensityParameterError(.duplicateResolution(resolution), source: source, line: lineNumber)
            }
            if let reason = DensityResolutionParameters.validationProblem(
                occupiedHexesNeeded: values[1],
                target: values[2],
                maximum: values[3]
            ) {
                throw DensityParameterError(
                    .invalidValues(resolution: resolution, reason: reason),
                    source: source,
                    line: lineNumber
                )
            }
            rows[resolution] = DensityResolutionParameters(
                occupiedHexesNeeded: values[1],
                target: values[2],
                maximum: values[3]
            )
        }
        guard columns != nil else { throw DensityParameterError(.empty, source: source) }
        do {
            return try DensityParameterSet(name: name, parameters: rows)
        } catch {
            var placed = error
            placed.source = source
            throw placed
        }
    }

    /// Maps header names to the positions of resolution, N, tgt and max.
    private static func headerOrder(_ fields: [Substring], source: String, line: Int) throws(DensityParameterError)
        -> [Int]
    {
        let names: [[String]] = [
            ["resolution", "res"], ["n"], ["density_tgt", "tgt", "target"], ["density_max", "max", "maximum"],
        ]
        var order = [Int?](repeating: nil, count: 4)
        for (position, field) in fields.enumerated() {
            let lowered = field.lowercased()
            guard let slot = names.firstIndex(where: { $0.contains(lowered) }) else {
                throw DensityParameterError(.unknownColumn(String(field)), source: source, line: line)
            }
            if order[slot] != nil {
                throw DensityParameterError(
                    .malformedRow("column '\(field)' appears twice in the header"),
                    source: source,
                    line: line
                )
            }
            order[slot] = position
        }
        var result: [Int] = []
        for (slot, position) in order.enumerated() {
            guard let position else {
                let displayNames = ["resolution", "N", "density_tgt", "density_max"]
                throw DensityParameterError(.missingColumn(displayNames[slot]), source: source, line: line)
            }
            result.append(position)
        }
        return result
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
