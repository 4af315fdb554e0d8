// isValidCell and the raw bit-field accessors against H3 4.5.0, Tests/Fixtures/h3/invalid_cells.tsv.
// Columns: kind, index (hex), is_valid, resolution_field, base_cell_field.

import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 4.5 oracle: index validity")
struct H3OracleValidityTests {
    @Test("the fixture covers every invalidity class of H3.md section 4")
    func composition() throws {
        let file = try VectorFile.h3("invalid_cells.tsv")
        let kinds = Set(file.rows.map { $0[0] })
        #expect(kinds.isSuperset(of: ["valid", "mode", "reserved", "high_bit", "base_cell", "digit7_inside",
                                      "non7_after", "pentagon_digit1"]))
        for kind in ["mode", "reserved", "high_bit", "base_cell", "digit7_inside", "non7_after", "pentagon_digit1"] {
            #expect(try file.rows(kind: kind).allSatisfy { try !$0.bool(2) }, "every \(kind) row is invalid")
        }
    }

    @Test("isValidCell agrees with the oracle on every index")
    func validity() throws {
        var log = MismatchLog("isValidCell")
        for row in try VectorFile.h3("invalid_cells.tsv").rows {
            let cell = H3Cell(rawValue: try row.hex(1))
            let expected = try row.bool(2)
            log.check(H3.isValidCell(cell) == expected && cell.isValid == expected,
                      "\(row.excerpt()) -> got \(H3.isValidCell(cell)) / \(cell.isValid)")
        }
        log.finish()
    }

    @Test("resolution and baseCellNumber read the bit fields of any index, valid or not")
    func bitFields() throws {
        var log = MismatchLog("rawBitFields")
        for row in try VectorFile.h3("invalid_cells.tsv").rows {
            let cell = H3Cell(rawValue: try row.hex(1))
            let res = try row.int(3), base = try row.int(4)
            log.check(cell.resolution == res && H3.getResolution(cell) == res
                      && cell.baseCellNumber == base && H3.getBaseCellNumber(cell) == base,
                      "\(row.excerpt()) -> got res \(cell.resolution) base \(cell.baseCellNumber)")
        }
        log.finish()
    }

    @Test("H3Cell(string:) accepts exactly the valid cells")
    func parsingValidates() throws {
        var log = MismatchLog("H3Cell.init(string:)")
        for row in try VectorFile.h3("invalid_cells.tsv").rows {
            let raw = try row.hex(1)
            let expected = try row.bool(2)
            for text in [row[1], row[1].uppercased()] {
                let got = attempt { () throws(H3Error) in try H3Cell(string: text) }
                switch got {
                case .success(let cell):
                    log.check(expected && cell.rawValue == raw, "\(text): expected \(expected ? "valid" : "an error") got \(cell)")
                case .failure(let error):
                    log.check(!expected, "\(text): a valid cell was refused with \(error)")
                }
            }
        }
        log.finish()
    }
}
