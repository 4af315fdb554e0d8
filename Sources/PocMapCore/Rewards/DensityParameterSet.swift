/// HIP-17 parameters for one H3 resolution r: N_r, tgt_r and max_r (`POC-RULES.md` §6.1).
public struct DensityResolutionParameters: Hashable, Sendable {
    /// N_r: how many occupied hexes the 1-disk must hold before the limit starts growing above the target.
    public let occupiedHexesNeeded: Int
    /// tgt_r: the target density; a hex counts as occupied when its clipped count is at least this.
    public let target: Int
    /// max_r: the largest clipped count a hex can have.
    public let maximum: Int

    /// Creates a parameter triple. Requires 0 ≤ N ≤ 7 and 1 ≤ tgt ≤ max ≤ 10⁹; anything else is a
    /// programmer error here (``DensityParameterSet/parse(csv:source:)`` reports it as a typed error instead).
    public init(occupiedHexesNeeded: Int, target: Int, maximum: Int) {
        precondition(
            DensityResolutionParameters.validationProblem(
                occupiedHexesNeeded: occupiedHexesNeeded,
                target: target,
                maximum: maximum
            ) == nil,
            "invalid HIP-17 parameters N=\(occupiedHexesNeeded) tgt=\(target) max=\(maximum)"
        )
        self.occupiedHexesNeeded = occupiedHexesNeeded
        self.target = target
        self.maximum = maximum
    }

    /// limit_r(n) = min(max_r, tgt_r × max(n − N_r + 1, 1)), where n is the number of occupied hexes in a
    /// hex's 1-disk (itself included).
    ///
    /// HIP-17's example (N = 2, tgt = 1, max = 4) gives 1, 1, 1, 2, 3, 4, 4, 4 for n = 0 … 7.
    public func limit(occupiedCount n: Int) -> Int {
        min(maximum, target * max(n - occupiedHexesNeeded + 1, 1))
    }

    /// Why these numbers cannot be HIP-17 parameters, or `nil` when they can.
    ///
    /// max ≥ tgt matters: it makes every limit at least tgt, so a hex is occupied after clipping exactly when it
    /// was before, and the order in which hexes are clipped cannot change the result (§6.4).
    static func validationProblem(occupiedHexesNeeded: Int, target: Int, maximum: Int) -> String? {
        if occupiedHexesNeeded < 0 || occupiedHexesNeeded > 7 {
            return "N must be between 0 and 7 (a 1-disk has at most 7 hexes), got \(occupiedHexesNeeded)"
        }
        if target < 1 || target > 1_000_000_000 {
            return "density_tgt must be between 1 and 1000000000, got \(target)"
        }
        if maximum < target || maximum > 1_000_000_000 {
            return "density_max must be at least density_tgt (\(target)) and at most 1000000000, got \(maximum)"
        }
        return nil
    }
}

/// A complete set of HIP-17 parameters: one ``DensityResolutionParameters`` for each resolution 10 … 4, and
/// optionally for coarser resolutions 3 … 0 (`POC-RULES.md` §6.3).
///
/// Two sets are built in: ``hip104`` (the default; production from 2024-01-26) and ``hip17_2020`` (the chain's
/// 2020 – January 2024 values). Users can bring their own as a small CSV file, see ``parse(csv:source:)``.
///
/// Resolutions 10 … 4 clip and enter the scale. Rows for 3 … 0 (the chain defined them with
/// tgt = max = 100 000) are clipped too, so their counts can be inspected, but never enter the scale: the chain's
/// `density_tgt_res` was 4 and the verifier's scale stops at 4. Resolution 11 is the seed and is never clipped;
/// resolution 12 is finer than the seed. Rows for 11 and 12 are therefore accepted and ignored
/// (``ignoredResolutions``).
public struct DensityParameterSet: Hashable, Sendable {
    /// A short name: `hip104`, `hip17-2020`, or the file name of a user's set.
    public let name: String
    /// Parameters by resolution; index r holds resolution r's triple, `nil` where undefined.
    private let table: [DensityResolutionParameters?]
    /// The coarsest resolution clipped (4 for the built-in sets, lower when the set defines rows below 4).
    public let coarsestResolution: Int
    /// Resolutions whose rows were given but play no part (11 and 12), ascending.
    public let ignoredResolutions: [Int]

    /// The finest clipped resolution; resolution 11 cells are the seed (`POC-RULES.md` §6.4).
    public static let finestResolution = 10
    /// The resolution of the seed cells: every location contributes to its resolution-11 parent.
    public static let seedResolution = 11
    /// The coarsest resolution whose ratio enters the scale (the chain's `density_tgt_res`).
    public static let coarsestScaledResolution = 4
    /// Resolutions whose ratios make up the scale, finest first: 10, 9, …, 4.
    public static let scaledResolutions: [Int] = Array((coarsestScaledResolution...finestResolution).reversed())

    /// Creates a set from parameters by resolution. Resolutions 4 … 10 must all be present; any below 4 must
    /// form a contiguous run down from 3; 11 and 12 are recorded as ignored; anything else is an error.
    public init(name: String, parameters: [Int: DensityResolutionParameters]) throws(DensityParameterError) {
        var table = [DensityResolutionParameters?](repeating: nil, count: DensityParameterSet.finestResolution + 1)
        var ignored: [Int] = []
        for (resolution, value) in parameters {
            switch resolution {
            case 0...DensityParameterSet.finestResolution: table[resolution] = value
            case 11, 12: ignored.append(resolution)
            default: throw DensityParameterError(.resolutionOutOfRange(resolution))
            }
        }
        let missing = (DensityParameterSet.coarsestScaledResolution...DensityParameterSet.finestResolution)
            .filter { table[$0] == nil }
        if !missing.isEmpty { throw DensityParameterError(.missingResolutions(missing)) }
        var coarsest = DensityParameterSet.coarsestScaledResolution
        while coarsest > 0 && table[coarsest - 1] != nil { coarsest -= 1 }
        if let gap = (0..<coarsest).first(where: { table[$0] != nil }) {
            throw DensityParameterError(.nonContiguousResolutions(defined: gap, missing: coarsest - 1))
        }
        self.name = name
        self.table = table
        self.coarsestResolution = coarsest
        self.ignoredResolutions = ignored.sorted()
    }

    /// The parameters of `resolution`, or `nil` when the set does not clip at that resolution.
    public subscript(resolution: Int) -> DensityResolutionParameters? {
        resolution >= 0 && resolution < table.count ? table[resolution] : nil
    }

    /// The clipped resolutions, finest first: 10, 9, …, ``coarsestResolution``.
    public var clippedResolutions: [Int] {
        Array((coarsestResolution...DensityParameterSet.finestResolution).reversed())
    }

    /// HIP-104, in production from 2024-01-26 (helium/oracles `hex_density.rs` HIP104_RES_CONFIG; HIP-104):
    /// res 4: 2, 500, 1000 · 5: 4, 100, 200 · 6: 4, 25, 50 · 7: 4, 5, 10 · 8, 9, 10: 2, 1, 1.
    public static let hip104 = DensityParameterSet(
        builtIn: "hip104",
        [
            4: (2, 500, 1000), 5: (4, 100, 200), 6: (4, 25, 50), 7: (4, 5, 10), 8: (2, 1, 1), 9: (2, 1, 1),
            10: (2, 1, 1),
        ]
    )

    /// HIP-17 as deployed from 2020 to January 2024 (chain variables `hip17_res_4` … `hip17_res_10`,
    /// helium/blockchain-core; the HIP-17 proposal): res 4: 1, 250, 800 · 5: 1, 100, 400 · 6: 1, 25, 100 ·
    /// 7: 2, 5, 20 · 8: 2, 1, 4 · 9: 2, 1, 2 · 10: 2, 1, 1.
    public static let hip17_2020 = DensityParameterSet(
        builtIn: "hip17-2020",
        [
            4: (1, 250, 800), 5: (1, 100, 400), 6: (1, 25, 100), 7: (2, 5, 20), 8: (2, 1, 4), 9: (2, 1, 2),
            10: (2, 1, 1),
        ]
    )

    /// The built-in sets, default first.
    public static let builtIn: [DensityParameterSet] = [hip104, hip17_2020]

    /// The built-in set called `name` (`hip104` or `hip17-2020`, case-insensitive, `_` for `-` accepted).
    public static func builtIn(named name: String) -> DensityParameterSet? {
        let wanted = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        return builtIn.first { $0.name == wanted }
    }

    /// Builds a built-in set from literal triples (N, tgt, max), which are known to be valid.
    private init(builtIn name: String, _ rows: [Int: (Int, Int, Int)]) {
        var table = [DensityResolutionParameters?](repeating: nil, count: DensityParameterSet.finestResolution + 1)
        for (resolution, row) in rows {
            table[resolution] = DensityResolutionParameters(occupiedHexesNeeded: row.0, target: row.1, maximum: row.2)
        }
        self.name = name
        self.table = table
        self.coarsestResolution = DensityParameterSet.coarsestScaledResolution
        self.ignoredResolutions = []
    }
}
