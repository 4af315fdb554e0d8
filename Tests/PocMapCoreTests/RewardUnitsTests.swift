// HIP-15 reward units (POC-RULES.md 5.2) and the Decimal4 type they are expressed in.

import PocMapCore
import Testing

@Suite("HIP-15 reward units")
struct RewardUnitsTests {
    /// POC-RULES.md 5.2 check table (= helium/oracles runner.rs `reward_unit_calculations`), w = 1 ... 15.
    static let table: [(w: Int, tx: String, rx: String)] = [
        (1, "0.2500", "1.0000"), (2, "0.5000", "1.0000"), (3, "0.7500", "1.0000"), (4, "1.0000", "1.0000"),
        (5, "1.2000", "0.7600"), (6, "1.3600", "0.6067"), (7, "1.4880", "0.5017"), (8, "1.5904", "0.4262"),
        (9, "1.6723", "0.3697"), (10, "1.7379", "0.3262"), (11, "1.7903", "0.2918"), (12, "1.8322", "0.2640"),
        (13, "1.8658", "0.2411"), (14, "1.8926", "0.2220"), (15, "1.9141", "0.2057"),
    ]

    @Test("the check table of POC-RULES.md 5.2, w = 1 ... 15", arguments: table)
    func checkTable(row: (w: Int, tx: String, rx: String)) {
        let units = RewardUnits(selectedWitnesses: row.w)
        #expect(units.selectedWitnesses == row.w)
        #expect(units.beaconer.description == row.tx, "TX for w = \(row.w)")
        #expect(units.perWitness.description == row.rx, "RX for w = \(row.w)")
    }

    @Test("no witnesses earn nothing")
    func zeroWitnesses() {
        let units = RewardUnits(selectedWitnesses: 0)
        #expect(units.beaconer == .zero)
        #expect(units.perWitness == .zero)
        #expect(units.beaconer.description == "0.0000")
    }

    @Test("for w >= 4 the round's units add up to N + 1 = 5 within rounding", arguments: 4...14)
    func conservation(w: Int) {
        let units = RewardUnits(selectedWitnesses: w)
        let total = units.beaconer.tenThousandths + Int64(w) * units.perWitness.tenThousandths
        // Each rounded unit is off by at most half a unit in the last place; w + 1 of them.
        #expect(abs(total - 50_000) * 2 <= Int64(w + 1), "w = \(w): total \(total)")
    }

    @Test("the witness cap is 14 and the TX unit approaches, never exceeds, the cap of 2")
    func caps() {
        #expect(RewardUnits.maxSelectedWitnesses == 14)
        #expect(RewardUnits.witnessRedundancy == 4)
        #expect(RewardUnits.unitCap.description == "2.0000")
        var previous = Decimal4.zero
        for w in 1...200 {
            let units = RewardUnits(selectedWitnesses: w)
            #expect(units.beaconer <= RewardUnits.unitCap)
            #expect(units.beaconer >= previous, "TX must not decrease (w = \(w))")
            previous = units.beaconer
        }
        // 0.8^44 = 5.4e-5 > 5e-5, so w = 48 is the last w below 2.0000; 0.8^45 = 4.4e-5 rounds away.
        #expect(RewardUnits(selectedWitnesses: 48).beaconer.description == "1.9999")
        #expect(RewardUnits(selectedWitnesses: 49).beaconer.description == "2.0000")
        // Large w: RX = (3 + 0.8^(w-4)) / w; for w = 100, 3/100 + 0.8^96/100 = 0.03 + 5e-12 -> 0.0300.
        #expect(RewardUnits(selectedWitnesses: 100).perWitness.description == "0.0300")
        // 3/64 = 0.046875 is a midpoint; the tiny positive 0.8^60/64 pushes it above: 0.0469, never 0.0468.
        #expect(RewardUnits(selectedWitnesses: 64).perWitness.description == "0.0469")
        // 3/96 = 0.03125 is a midpoint too, but w = 96 needs 0.8^92, beyond the k = 60 shortcut: the shortcut must
        // still land above the midpoint (0.0313), as the exact value does.
        #expect(RewardUnits(selectedWitnesses: 96).perWitness.description == "0.0313")
        #expect(RewardUnits(selectedWitnesses: 1_000).perWitness.description == "0.0030")
    }
}

@Suite("Decimal4: exact four-decimal values, half-even rounding")
struct DensityRoundingTests {
    @Test("midpoints round to the even neighbour")
    func ties() {
        // 1/32 = 0.03125: half-even 0.0312 (half-up would say 0.0313).
        #expect(Decimal4.rounded(numerator: 1, denominator: 32).description == "0.0312")
        // 3/32 = 0.09375: half-even 0.0938 (truncation would say 0.0937).
        #expect(Decimal4.rounded(numerator: 3, denominator: 32).description == "0.0938")
        // 15/32 = 0.46875 -> 0.4688; 5/16 = 0.3125 exact; 1/20000 = 0.00005 -> 0.0000; 3/20000 -> 0.0002.
        #expect(Decimal4.rounded(numerator: 15, denominator: 32).description == "0.4688")
        #expect(Decimal4.rounded(numerator: 5, denominator: 16).description == "0.3125")
        #expect(Decimal4.rounded(numerator: 1, denominator: 20_000).description == "0.0000")
        #expect(Decimal4.rounded(numerator: 3, denominator: 20_000).description == "0.0002")
        #expect(Decimal4.rounded(numerator: 5, denominator: 20_000).description == "0.0002")
        #expect(Decimal4.rounded(numerator: 7, denominator: 20_000).description == "0.0004")
    }

    @Test("values next to a midpoint round to the nearer neighbour")
    func nearTies() {
        // 0.03125 ± 1/(32·10^12)
        #expect(Decimal4.rounded(numerator: 1_000_000_000_001, denominator: 32_000_000_000_000).description == "0.0313")
        #expect(Decimal4.rounded(numerator: 999_999_999_999, denominator: 32_000_000_000_000).description == "0.0312")
        #expect(Decimal4.rounded(numerator: 1, denominator: 3).description == "0.3333")
        #expect(Decimal4.rounded(numerator: 2, denominator: 3).description == "0.6667")
        #expect(Decimal4.rounded(numerator: 1, denominator: 1).description == "1.0000")
        #expect(Decimal4.rounded(numerator: 0, denominator: 7).description == "0.0000")
        #expect(Decimal4.rounded(numerator: UInt64.max, denominator: UInt64.max - 1).description == "1.0000")
    }

    @Test("rounding agrees with an independent integer computation on a seeded sample")
    func seededAgreement() {
        var state: UInt64 = 0x0DD5_EED5
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for _ in 0..<20_000 {
            let denominator = next() % 100_000 + 1
            let numerator = next() % (denominator * 3)
            // Reference: q = floor(10^4 n / d), remainder compared with d/2, ties to even (all fits in UInt64).
            let scaled = numerator * 10_000
            var q = scaled / denominator
            let twiceRemainder = 2 * (scaled % denominator)
            if twiceRemainder > denominator || (twiceRemainder == denominator && q % 2 == 1) { q += 1 }
            let got = Decimal4.rounded(numerator: numerator, denominator: denominator)
            #expect(got.tenThousandths == Int64(q), "\(numerator)/\(denominator)")
        }
    }

    @Test("text round trip and parsing")
    func text() {
        #expect(Decimal4(tenThousandths: 5015).description == "0.5015")
        #expect(Decimal4(tenThousandths: -312).description == "-0.0312")
        #expect(Decimal4(tenThousandths: 123_456).description == "12.3456")
        #expect(Decimal4("0.5015") == Decimal4(tenThousandths: 5015))
        #expect(Decimal4("1") == .one)
        #expect(Decimal4(".25") == Decimal4(tenThousandths: 2500))
        #expect(Decimal4("-0.2") == Decimal4(tenThousandths: -2000))
        #expect(Decimal4("0.50150") == Decimal4(tenThousandths: 5015))
        #expect(Decimal4("0.50151") == nil)  // not exact in four decimals
        #expect(Decimal4("") == nil)
        #expect(Decimal4("1.2.3") == nil)
        #expect(Decimal4("abc") == nil)
        #expect(Decimal4(".") == nil)
        #expect(Decimal4("99999999999999999999") == nil)
        #expect(Decimal4(tenThousandths: 2500).doubleValue == 0.25)
    }
}
