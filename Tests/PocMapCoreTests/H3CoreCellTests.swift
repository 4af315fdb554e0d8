import Testing

@testable import PocMapCore

/// Known cells, validity, bit fields, digit rotations, hierarchy and text for the H3 4.5 port. Expected cells
/// were produced once with `h3==4.5.0` (`h3.api.basic_int.latlng_to_cell(lat, lng, res)`, degrees given as the
/// hexadecimal floats below), so a mismatch means the port diverged from the C reference.
@Suite("H3 core cells (H3 4.5)")
struct H3CoreCellTests {
    /// (latitude °, longitude °, resolution, cell) from h3==4.5.0: a few named places and odd inputs, then points
    /// within 1e-9°…1e-13° of cell vertices (where a wrong rounding or FMA shows first).
    static let knownCells: [(Double, Double, Int, UInt64)] = [
        (0x1.2e32fec56d5d0p+5, -0x1.e9ad77318fc50p+6, 12, 0x8c283082800b3ff),
        (0x1.6800000000000p+6, 0x0.0p+0, 5, 0x85032623fffffff),
        (-0x1.6800000000000p+6, 0x1.ec00000000000p+6, 9, 0x89f29380e0fffff),
        (0x0.0p+0, 0x1.6800000000000p+7, 7, 0x877eb5722ffffff),
        (0x0.0p+0, -0x1.6800000000000p+7, 7, 0x877eb5722ffffff),
        (-0x0.0p+0, -0x0.0p+0, 15, 0x8f754e64992d6d8),
        (0x1.6c00000000000p+6, 0x1.4000000000000p+3, 3, 0x830335fffffffff),
        (0x1.4000000000000p+3, 0x1.0e00000000000p+9, 8, 0x885ba5c699fffff),
        (0x1.4000000000000p+3, 0x1.6800000000023p+7, 11, 0x8b5ba5c698aafff),
        (-0x1.2f5148716b9bap+3, -0x1.5cff2c315f292p+6, 8, 0x888e146983fffff),
        (-0x1.825cced5d13c7p+5, 0x1.88524d4cccacdp+6, 0, 0x80e5fffffffffff),
        (-0x1.808731c54e7d0p+5, 0x1.a4483784cbc79p+6, 2, 0x82c867fffffffff),
        (-0x1.d1c73883af51ep+5, -0x1.089502af18fe4p+5, 13, 0x8ddd6a2ea9590bf),
        (-0x1.dc13d41b7ef7ep+4, 0x1.8c21d61f09f7bp+6, 10, 0x8aaef1133277fff),
        (-0x1.5788e10c71ff6p+4, -0x1.4617a91aa468ep+5, 10, 0x8aa8b334880ffff),
        (0x1.578c34c8d4b16p+3, -0x1.3ce56ffe89686p+7, 8, 0x885cb5b2a7fffff),
        (-0x1.f9e998f25b067p+4, 0x1.4d5933439de4ep+6, 0, 0x80cdfffffffffff),
        (-0x1.6bec4504ed877p+5, -0x1.00843532cbf9ep+4, 12, 0x8cdcdeb50cdcdff),
        (0x1.99a8c40889553p+4, 0x1.2c2e80b43749bp+3, 0, 0x803ffffffffffff),
        (-0x1.4ca7e2eab6c3bp+5, -0x1.60c5e0409bcc7p+7, 9, 0x89bb16aacb3ffff),
        (-0x1.4b89a1d5fc61bp+6, 0x1.2c7a990d288bdp+7, 3, 0x83f393fffffffff),
        (-0x1.2666f7ecd7923p+5, -0x1.4a2de88b2bd0fp+6, 14, 0x8eceeb153181ae7),
        (-0x1.656a96154c3e2p-1, -0x1.f9e5ec0bf2c2fp+6, 7, 0x87786e8d5ffffff),
        (-0x1.b0a2a264b5835p+5, 0x1.3ebe5b6ca4dbfp+5, 15, 0x8fd71e532391cc4),
        (0x1.22a08ab3f33cbp+6, 0x1.a980af90efe87p+6, 4, 0x840a4a1ffffffff),
        (0x1.6b4d79647a707p+5, 0x1.204618bc5e8c6p+7, 14, 0x8e2eaaacb39b447),
        (0x1.9244835db1269p+5, -0x1.e57b75c9e55a5p+6, 12, 0x8c12d2b1b895dff),
        (-0x1.01115ab5555eap+5, -0x1.868cf6ea6dcfap+5, 13, 0x8da93161436553f),
        (0x1.cd2f9f8abf7f5p+5, 0x1.bdec6d045cc71p+3, 12, 0x8c08b67020689ff),
        (0x1.1a6bb00615486p+4, 0x1.f9f738f38ed1dp+4, 14, 0x8e6b65acbcf39a7),
        (-0x1.e98097734e788p+5, -0x1.2a764ed907104p+7, 7, 0x87e37468bffffff),
        (0x1.f09722dbd115ap+5, 0x1.b4765544e3b87p+6, 10, 0x8a0ad020b087fff),
        (0x1.47f26c29dca50p+6, -0x1.ab13cf31dd8e7p+3, 12, 0x8c006ec824c91ff),
        (-0x1.e89f09cd3fd4dp+5, -0x1.8b88a56737aedp+5, 12, 0x8cdfae26a624dff),
    ]

    @Test("latLngToCell reproduces h3==4.5.0 cells, including near vertices")
    func knownCellValues() throws {
        for (lat, lng, res, raw) in Self.knownCells {
            let cell = try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: res)
            #expect(cell.rawValue == raw, "(\(lat), \(lng)) res \(res)")
            #expect(cell.isValid)
        }
    }

    @Test("the spec's examples")
    func specExamples() throws {
        let sf = try H3.latLngToCell(LatLng(latitudeDegrees: 37.7749, longitudeDegrees: -122.4194), resolution: 12)
        #expect(sf.description == "8c283082800b3ff")
        let pent = try H3Cell(string: "8009fffffffffff")
        #expect(pent.resolution == 0 && pent.baseCellNumber == 4 && pent.isPentagon && pent.isValid)
        #expect(H3.getResolution(sf) == 12 && H3.getBaseCellNumber(sf) == 20 && !sf.isResClassIII)
    }

    @Test("errors mirror the C return codes")
    func errors() {
        let p = LatLng(lat: 0.1, lng: 0.2)
        #expect(throws: H3Error.invalidResolution(16)) { try H3.latLngToCell(p, resolution: 16) }
        #expect(throws: H3Error.invalidResolution(-1)) { try H3.latLngToCell(p, resolution: -1) }
        #expect(throws: H3Error.latLngDomain) { try H3.latLngToCell(LatLng(lat: .nan, lng: 0), resolution: 5) }
        #expect(throws: H3Error.latLngDomain) { try H3.latLngToCell(LatLng(lat: 0, lng: .infinity), resolution: 5) }
        let bad = H3Cell(rawValue: 0x8c28_3082_800b_3ff | (1 << 63))
        #expect(throws: H3Error.invalidCell(bad.rawValue)) { try H3.cellToLatLng(bad) }
        #expect(throws: H3Error.invalidCell(bad.rawValue)) { try H3.cellToBoundary(bad) }
        #expect(throws: H3Error.invalidString("xyz")) { try H3.stringToH3("xyz") }
        #expect(throws: H3Error.invalidCell(0x1)) { try H3Cell(string: "1") }
    }

    /// Validity by loops over the digits, the way the layout is specified (H3.md §4).
    static func isValidReference(_ h: UInt64) -> Bool {
        if h >> 63 != 0 { return false }
        if (h >> 59) & 15 != 1 { return false }
        if (h >> 56) & 7 != 0 { return false }
        let res = Int((h >> 52) & 15)
        let bc = Int((h >> 45) & 127)
        if bc >= 122 { return false }
        var leading: UInt64 = 0
        for r in 1...15 {
            let d = (h >> UInt64(3 * (15 - r))) & 7
            if r <= res {
                if d == 7 { return false }
                if leading == 0 && d != 0 { leading = d }
            } else if d != 7 {
                return false
            }
        }
        let pentagons: Set<Int> = [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117]
        if pentagons.contains(bc) && leading == 1 { return false }
        return true
    }

    @Test("word-wide isValid equals the digit-loop oracle")
    func validityOracle() throws {
        var rng = H3CoreRNG(seed: 5)
        var checked = 0
        for _ in 0..<20_000 {
            let lat = Double(rng.next() % 1_000_000) / 1_000_000 * 3 - 1.5
            let lng = Double(rng.next() % 1_000_000) / 1_000_000 * 6.28 - 3.14
            let res = Int(rng.next() % 16)
            let cell = try H3.latLngToCell(LatLng(lat: lat, lng: lng), resolution: res)
            #expect(cell.isValid)
            // flip one bit, or rewrite one digit / the base cell
            var mutated = cell.rawValue ^ (1 << (rng.next() % 64))
            #expect(cell.isValid == Self.isValidReference(cell.rawValue))
            #expect(H3Cell(rawValue: mutated).isValid == Self.isValidReference(mutated), "\(mutated)")
            let r = Int(rng.next() % 15) + 1
            mutated = cell.rawValue & ~(7 << UInt64(3 * (15 - r))) | ((rng.next() % 8) << UInt64(3 * (15 - r)))
            #expect(H3Cell(rawValue: mutated).isValid == Self.isValidReference(mutated), "\(mutated)")
            checked += 3
        }
        // pentagon descendants with a leading 1 (the deleted sub-sequence), and the res-15 all-zero pentagon
        for pentagon in try H3.pentagons(resolution: 15) {
            #expect(pentagon.isValid)
            for r in 1...15 {
                var h = pentagon
                h.setDigit(.k, at: r)
                #expect(!h.isValid && !Self.isValidReference(h.rawValue))
            }
        }
        // base cells 122...127, reserved bits, other modes
        for bc in 122..<128 {
            var h = H3Cell.makeCell(resolution: 3, baseCell: 0, fillDigit: .j)
            h.setBaseCell(bc)
            #expect(!h.isValid)
        }
        #expect(!H3Cell(rawValue: 0x8c28_3082_800b_3ff | (1 << 56)).isValid)
        #expect(!H3Cell(rawValue: 0x8c28_3082_800b_3ff & ~(15 << 59) | (2 << 59)).isValid)
        #expect(checked > 0)
    }

    /// C's digit-by-digit rotation loop.
    static func rotateLoop(_ cell: H3Cell, ccw: Bool) -> H3Cell {
        var h = cell
        let res = cell.resolution
        if res == 0 { return h }
        for r in 1...res {
            let d = h.digit(at: r)
            h.setDigit(ccw ? d.rotated60ccw() : d.rotated60cw(), at: r)
        }
        return h
    }

    @Test("word-parallel rotations equal the digit loop for every digit value")
    func rotations() {
        var rng = H3CoreRNG(seed: 9)
        for _ in 0..<50_000 {
            // arbitrary bits, including digits 7 inside the resolution and garbage after it
            let h = H3Cell(rawValue: rng.next())
            #expect(h.rotated60ccw() == Self.rotateLoop(h, ccw: true))
            #expect(h.rotated60cw() == Self.rotateLoop(h, ccw: false))
            #expect(h.rotated60ccw().rotated60cw() == h)
        }
        let h = H3Cell.makeCell(resolution: 15, baseCell: 10, fillDigit: .ij)
        var x = h
        for _ in 0..<6 { x = x.rotated60ccw() }
        #expect(x == h)
    }

    @Test("leading non-zero digit")
    func leadingDigit() {
        var h = H3Cell.makeCell(resolution: 9, baseCell: 4, fillDigit: .center)
        #expect(h.leadingNonZeroDigit == .center && h.isPentagon)
        h.setDigit(.ij, at: 7)
        h.setDigit(.i, at: 9)
        #expect(h.leadingNonZeroDigit == .ij && !h.isPentagon)
        h.setDigit(.k, at: 2)
        #expect(h.leadingNonZeroDigit == .k)
        let zero15 = H3Cell.makeCell(resolution: 15, baseCell: 117, fillDigit: .center)
        #expect(zero15.leadingNonZeroDigit == .center && zero15.isPentagon)
    }

    @Test("pentagon rotation skips the deleted k sub-sequence")
    func pentagonRotation() {
        var h = H3Cell.makeCell(resolution: 3, baseCell: 14, fillDigit: .center)
        h.setDigit(.jk, at: 2)  // 0 3 0: ccw would give leading 1, so it turns once more
        let r = h.rotatedPent60ccw()
        #expect(r.leadingNonZeroDigit == .ik)
        let back = h.rotatedPent60cw()
        #expect(back.leadingNonZeroDigit == .j)
        #expect(r.isValid && back.isValid)
    }

    @Test("hierarchy: parent, centre child, children")
    func hierarchy() throws {
        let cell = try H3Cell(string: "8c283082800b3ff")
        let parent = try H3.cellToParent(cell, resolution: 8)
        #expect(parent.description == "8828308281fffff")
        #expect(try H3.cellToParent(cell, resolution: 12) == cell)
        #expect(throws: H3Error.resolutionMismatch) { try H3.cellToParent(cell, resolution: 13) }
        #expect(throws: H3Error.invalidResolution(-1)) { try H3.cellToParent(cell, resolution: -1) }
        let center = try H3.cellToCenterChild(parent, resolution: 10)
        #expect(try H3.cellToParent(center, resolution: 8) == parent)
        #expect(center.digit(at: 9) == .center && center.digit(at: 10) == .center)
        #expect(throws: H3Error.invalidResolution(7)) { try H3.cellToCenterChild(parent, resolution: 7) }

        let children = try H3.cellToChildren(parent, resolution: 10)
        let size = try H3.cellToChildrenSize(parent, resolution: 10)
        #expect(children.count == 49 && size == 49)
        #expect(children == children.sorted() && Set(children).count == 49)
        for child in children { #expect(try H3.cellToParent(child, resolution: 8) == parent && child.isValid) }

        let pentagon = try H3Cell(string: "8009fffffffffff")
        let pentChildren = try H3.cellToChildren(pentagon, resolution: 2)
        #expect(pentChildren.count == 1 + 5 * (49 - 1) / 6)
        let pentSize = try H3.cellToChildrenSize(pentagon, resolution: 2)
        #expect(pentChildren.count == pentSize)
        for child in pentChildren { #expect(child.isValid) }
        #expect(try H3.cellToChildrenSize(pentagon, resolution: 15) == 1 + 5 * (4_747_561_509_943 - 1) / 6)
    }

    @Test("res-0 cells and pentagons")
    func enumeration() throws {
        let res0 = H3.res0Cells()
        #expect(res0.count == 122 && res0.allSatisfy(\.isValid))
        #expect(res0.filter(\.isPentagon).map(\.baseCellNumber) == [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117])
        for res in 0...15 {
            let p = try H3.pentagons(resolution: res)
            #expect(p.count == 12 && p.allSatisfy { $0.isPentagon && $0.isValid && $0.resolution == res })
        }
        #expect(throws: H3Error.invalidResolution(16)) { try H3.pentagons(resolution: 16) }
    }

    @Test("text round trip")
    func text() throws {
        #expect(try H3.stringToH3("8C283082800B3FF").rawValue == 0x8c28_3082_800b_3ff)
        #expect(try H3.stringToH3("0x8c283082800b3ff").rawValue == 0x8c28_3082_800b_3ff)
        #expect(try H3.stringToH3("ffffffffffffffff").rawValue == UInt64.max)
        #expect(throws: H3Error.self) { try H3.stringToH3("") }
        #expect(throws: H3Error.self) { try H3.stringToH3("1ffffffffffffffff") }
        #expect(throws: H3Error.self) { try H3.stringToH3("8c28 3082") }
        #expect(H3.h3ToString(H3Cell(rawValue: 0x8009_ffff_ffff_fff)) == "8009fffffffffff")
    }
}
