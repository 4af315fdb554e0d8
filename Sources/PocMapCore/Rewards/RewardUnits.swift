/// The HIP-15 reward units of one proof-of-coverage round: what the beaconer (transmitter) earns and what each
/// selected witness earns, before the beaconer's HIP-17 hex scale multiplies both (`POC-RULES.md` §5.2).
///
/// With w selected witnesses, N = 4 (WITNESS_REDUNDANCY), r = 0.8 (POC_REWARD_DECAY_RATE) and cap = 2
/// (HIP15_TX_REWARD_UNIT_CAP):
///
/// - beaconer: 0 if w = 0; w/4 if 1 ≤ w ≤ 4; otherwise min(2, 2 − 0.8^(w−4));
/// - each selected witness: 0 if w = 0; 1 if 1 ≤ w ≤ 4; otherwise min(2, (4 − (1 − 0.8^(w−4))) / w);
///
/// both computed exactly and rounded once to four decimals, half to even (helium/oracles `runner.rs`
/// `poc_beaconer_reward_unit`, `poc_per_witness_reward_unit`). For w = 6 that is 1.3600 and 0.6067.
///
/// ```swift
/// let units = RewardUnits(selectedWitnesses: 6)
/// print(units.beaconer, units.perWitness)   // 1.3600 0.6067
/// ```
public struct RewardUnits: Hashable, Sendable {
    /// WITNESS_REDUNDANCY: the witness count at which the beaconer earns a full unit.
    public static let witnessRedundancy = 4
    /// POC_REWARD_DECAY_RATE, 0.8, as the exact fraction 4/5.
    public static let decayRate = (numerator: 4, denominator: 5)
    /// HIP15_TX_REWARD_UNIT_CAP: the largest unit either side can earn.
    public static let unitCap = Decimal4(tenThousandths: 20_000)
    /// `max_witnesses_per_poc`: at most this many valid witnesses are selected (the first by received time,
    /// HIP-83, `POC-RULES.md` §5.1), so w never exceeds 14 in a verified round.
    public static let maxSelectedWitnesses = 14

    /// w, the number of selected witnesses the units were computed for.
    public let selectedWitnesses: Int
    /// The beaconer's (transmitter's) unit.
    public let beaconer: Decimal4
    /// The unit of each selected witness.
    public let perWitness: Decimal4

    /// Computes the units for `selectedWitnesses` (w ≥ 0; a negative count is a programmer error).
    ///
    /// w above ``maxSelectedWitnesses`` is computed by the same formula (Helium's own tests list w = 15),
    /// although witness selection never produces it.
    public init(selectedWitnesses w: Int) {
        precondition(w >= 0, "RewardUnits: negative witness count \(w)")
        selectedWitnesses = w
        let n = RewardUnits.witnessRedundancy
        if w == 0 {
            beaconer = .zero
            perWitness = .zero
            return
        }
        if w <= n {
            beaconer = Decimal4.rounded(numerator: UInt64(w), denominator: UInt64(n))
            perWitness = .one
            return
        }
        // 0.8^k = 4^k / 5^k exactly. Beyond k = 60 the rounded results no longer change: 0.8^60 < 2·10⁻⁶, so
        // 2 − 0.8^k stays strictly between 1.99995 and 2 (rounds to 2.0000), and (3 + 0.8^k)/w can cross no
        // rounding boundary (3/w is either exactly on a boundary, and both lie just above it, or at least
        // 1/(20 000·w) > 0.8^60/w away from every boundary). Capping k keeps the exact arithmetic small.
        let k = min(w - n, 60)
        var power4 = WideUInt(1)  // 4^k
        var power5 = WideUInt(1)  // 5^k
        for _ in 0..<k {
            power4.multiply(by: UInt64(RewardUnits.decayRate.numerator))
            power5.multiply(by: UInt64(RewardUnits.decayRate.denominator))
        }
        // beaconer = 2 − 4^k/5^k = (2·5^k − 4^k) / 5^k; never above the cap of 2.
        var twoPower5 = power5
        twoPower5.multiply(by: 2)
        beaconer = Decimal4.rounded(numerator: twoPower5.subtracting(power4), denominator: power5)
        // per witness = (N − (1 − 4^k/5^k)) / w = ((N − 1)·5^k + 4^k) / (w·5^k), capped at 2.
        var numerator = power5
        numerator.multiply(by: UInt64(n - 1))
        numerator.add(power4)
        var denominator = power5
        denominator.multiply(by: UInt64(w))
        perWitness = min(RewardUnits.unitCap, Decimal4.rounded(numerator: numerator, denominator: denominator))
    }
}
