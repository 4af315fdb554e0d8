// The CSV format of user-supplied HIP-17 parameter sets (`pocmap density --density FILE`).

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("HIP-17 parameter files")
struct DensityParameterFileTests {
    static let hip17Text = """
        # HIP-17 as deployed 2020-2024
        resolution,N,density_tgt,density_max
        4,1,250,800
        5,1,100,400
        6,1,25,100
        7,2,5,20
        8,2,1,4
        9,2,1,2
        10,2,1,1
        """

    @Test("a file equal to hip17-2020 parses to the same parameters")
    func parsesHip17() throws {
        let set = try DensityParameterSet.parse(csv: Self.hip17Text, name: "mine.csv", source: "mine.csv")
        #expect(set.name == "mine.csv")
        for resolution in 0...12 { #expect(set[resolution] == DensityParameterSet.hip17_2020[resolution]) }
        #expect(set.coarsestResolution == 4)
        #expect(set.ignoredResolutions.isEmpty)
    }

    @Test("columns in any order, CRLF, BOM, spaces and aliases")
    func lenient() throws {
        let text =
            "\u{FEFF}max , tgt,res,n\r\n\r\n1000,500,4,2\r\n200, 100 ,5,4\r\n50,25,6,4\r\n10,5,7,4\r\n"
            + "1,1,8,2\r\n1,1,9,2\r\n1,1,10,2\r\n"
        let set = try DensityParameterSet.parse(csv: text, name: "x", source: "x.csv")
        for resolution in 0...12 { #expect(set[resolution] == DensityParameterSet.hip104[resolution]) }
    }

    @Test("the chain's own export hip17_chain_vars.csv reads, rows 0-3 kept, 11-12 ignored")
    func chainVariables() throws {
        let url = TestPaths.realData("helium__blockchain-core/derived/hip17_chain_vars.csv")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: \(url.path) is absent (shared real data not mounted)")
            return
        }
        let set = try DensityParameterSet.parse(
            csv: try String(contentsOf: url, encoding: .utf8),
            name: "chain",
            source: url.lastPathComponent
        )
        for resolution in 4...10 { #expect(set[resolution] == DensityParameterSet.hip17_2020[resolution]) }
        #expect(set.coarsestResolution == 0)
        #expect(set[0] == DensityResolutionParameters(occupiedHexesNeeded: 2, target: 100_000, maximum: 100_000))
        #expect(set.ignoredResolutions == [11, 12])
        #expect(set.clippedResolutions == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    }

    /// (text, expected message) pairs: every message names the file and, where there is one, the line.
    static let badFiles: [(String, String)] = [
        ("", "bad.csv: no header row: expected resolution,N,density_tgt,density_max"),
        ("# only a comment\n", "bad.csv: no header row: expected resolution,N,density_tgt,density_max"),
        ("resolution,N,density_tgt\n", "bad.csv:1: the header has no 'density_max' column"),
        ("resolution,N,tgt,max,color\n", "bad.csv:1: unknown column 'color'"),
        ("resolution,N,tgt,tgt\n", "bad.csv:1: column 'tgt' appears twice in the header"),
        ("resolution,N,tgt,max\n4,1,250\n", "bad.csv:2: expected 4 values"),
        ("resolution,N,tgt,max\n\n4,1,two hundred,800\n", "bad.csv:3: 'two hundred' is not a non-negative integer"),
        ("resolution,N,tgt,max\n4,1,-5,800\n", "bad.csv:2: '-5' is not a non-negative integer"),
        ("resolution,N,tgt,max\n13,1,1,1\n", "bad.csv:2: resolution 13 is outside 0...12"),
        ("resolution,N,tgt,max\n4,1,250,800\n4,1,250,800\n", "bad.csv:3: resolution 4 is defined twice"),
        ("resolution,N,tgt,max\n4,1,250,100\n", "bad.csv:2: resolution 4: density_max must be at least density_tgt"),
        ("resolution,N,tgt,max\n4,1,0,100\n", "bad.csv:2: resolution 4: density_tgt must be between 1"),
        ("resolution,N,tgt,max\n4,9,1,100\n", "bad.csv:2: resolution 4: N must be between 0 and 7"),
        ("resolution,N,tgt,max\n4,1,250,800\n5,1,100,400\n", "bad.csv: no row for resolution 6, 7, 8, 9, 10"),
    ]

    @Test("malformed files are rejected with FILE:LINE and the reason", arguments: badFiles)
    func malformed(bad: (String, String)) {
        #expect {
            _ = try DensityParameterSet.parse(csv: bad.0, name: "bad", source: "bad.csv")
        } throws: { error in
            String(describing: error).hasPrefix(bad.1)
        }
    }

    @Test("rows below 4 must run down from 3 without gaps")
    func gaps() {
        let base = "resolution,N,tgt,max\n" + (4...10).map { "\($0),2,1,1" }.joined(separator: "\n")
        #expect(throws: DensityParameterError.self) {
            _ = try DensityParameterSet.parse(csv: base + "\n2,2,1,1\n", name: "g", source: "g.csv")
        }
        let set = try? DensityParameterSet.parse(csv: base + "\n3,2,1,1\n2,2,1,1\n", name: "g", source: "g.csv")
        #expect(set?.coarsestResolution == 2)
        let error = DensityParameterError(.unknownSet("hip99"))
        #expect(error.description.hasPrefix("unknown density parameter set 'hip99': use hip104, hip17-2020"))
    }

    @Test("a user's set changes the result: without clipping a res-11 pair keeps 1.0")
    func customSetIsUsed() throws {
        let rows = (4...10).map { "\($0),2,1000,1000" }
        let set = try DensityParameterSet.parse(
            csv: "resolution,N,density_tgt,density_max\n" + rows.joined(separator: "\n"),
            name: "loose",
            source: "l"
        )
        let c11 = try H3Cell(string: "8b2830828a8cfff")
        let pair = try H3.cellToChildren(c11, resolution: 12).prefix(2)
        #expect(
            HexDensity.compute(locations: Array(pair), parameters: .hip104).scale(at: pair.first!)?.description
                == "0.5000"
        )
        #expect(
            HexDensity.compute(locations: Array(pair), parameters: set).scale(at: pair.first!)?.description == "1.0000"
        )
    }
}
