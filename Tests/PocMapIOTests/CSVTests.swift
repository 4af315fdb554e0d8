import PocMapCore
import Testing

@testable import PocMapIO

@Suite("CSV input")
struct CSVTests {
    private let header = "pub_key,received_timestamp,data,signal,snr,frequency,datarate"

    private func read(_ text: String, name: String = "w.csv", options: ReaderOptions = ReaderOptions()) throws
        -> [ReadResult<WitnessReport>]
    {
        try readWitnesses(text, name: name, options: options)
    }

    @Test func typedCellsQuotingAndCRLF() throws {
        let text =
            "\u{FEFF}" + header + "\r\n"
            + "k1,1675572018067,AAECAwQFBgcICQ==,-1060,55,904500000,SF9BW125\r\n"
            + "\r\n"
            + #""k,2", "2023-02-05T04:40:18.067Z" ,"0x00ff",-1200,,904500000,"# + "\r\n"
            + #""say ""hi""",  1675572018067 ,AA,+5, -3.0 ,904500000,sf12bw125"# + "\n"
        let items = try read(text)
        #expect(items.count == 3)
        let first = try #require(items[0].record)
        #expect(
            first.pubKey == "k1" && first.signalDeciDBm == -1060 && first.snrDeciDB == 55 && first.dataRate == .sf9bw125
        )
        #expect(first.source?.description == "w.csv:2")
        let second = try #require(items[1].record)
        #expect(second.pubKey == "k,2")
        #expect(second.receivedTimestampMs == 1_675_572_018_067)
        #expect(Array(second.data) == [0x00, 0xFF])
        #expect(second.snrDeciDB == nil && second.dataRate == nil)
        #expect(second.source?.line == 4)
        let third = try #require(items[2].record)
        #expect(third.pubKey == #"say "hi""#)
        #expect(third.signalDeciDBm == 5 && third.snrDeciDB == -3 && third.dataRate == .sf12bw125)
    }

    @Test func headerIsCaseInsensitiveAndColumnsMayComeInAnyOrder() throws {
        let text =
            "FREQUENCY,Data,RSSI,Received_Timestamp,Pub_Key,extra\n904500000,AAEC,-106.3,1675572018067,k,whatever\n"
        let witness = try #require(try read(text).first?.record)
        #expect(witness.signalDeciDBm == -1063 && witness.pubKey == "k" && witness.frequencyHz == 904_500_000)
    }

    @Test(arguments: [
        ("k,1,AA,-1060,1,904500000", "bad CSV: the row has 6 fields, the header has 7"),
        ("k,1,AA,-1060,1,904500000,SF9BW125,extra", "bad CSV: the row has 8 fields, the header has 7"),
        (#"k,1,AA,-10"60,1,904500000,"#, "bad CSV at column 11: a quote inside an unquoted field"),
        (#""k"x,1,AA,-1060,1,904500000,"#, "bad CSV at column 4: unexpected text after a closing quote"),
        (
            #""k,1,AA,-1060,1,904500000,"#,
            "bad CSV at column 1: quoted field not terminated (fields spanning lines are not supported)"
        ),
        ("k,1,AA,loud,1,904500000,", "field 'signal': expected an integer, got 'loud'"),
        ("k,1,AA,-1060,nan,904500000,", "field 'snr': non-finite number 'nan'"),
        ("k,1,AA,-1060,1,-inf,", "field 'frequency': non-finite number '-inf'"),
        ("k,1,AA,-1060,1,904.5e6x,", "field 'frequency': expected an integer, got '904.5e6x'"),
        (
            "k,1,AA,-1060,1,904500000,SF99",
            "field 'datarate': unknown data rate 'SF99' (expected a Helium name such as SF9BW125)"
        ),
        (",1,AA,-1060,1,904500000,", "missing required field 'pub_key'"),
        ("k,,AA,-1060,1,904500000,", "missing required field 'received_timestamp'"),
        ("k,1,AA,,1,904500000,", "missing required field 'signal' (tenths of dBm) or 'rssi' (dBm)"),
    ])
    func badRows(row: String, reason: String) throws {
        let items = try read(header + "\n" + row + "\n")
        #expect(items.count == 1)
        #expect(items[0].reject?.error == reason)
        #expect(items[0].reject?.source.description == "w.csv:2")
    }

    @Test func lenientNumbersInCells() throws {
        let text = "key,lat,lng,gain_dbi,full\nh1,+37.7749,-122.4194,.5,TRUE\nh2,37.7749,-122.4194,2.,0\n"
        let items = try readHotspots(text, name: "h.csv")
        #expect(items[0].record?.gainTenthsDBi == 5 && items[0].record?.isFullHotspot == true)
        #expect(items[1].record?.gainTenthsDBi == 20 && items[1].record?.isFullHotspot == false)
        #expect(items[0].record?.location == H3Cell(rawValue: 0x8c28_3082_800b_3ff))
    }

    @Test func invalidUTF8InACell() throws {
        let bytes = Array((header + "\n").utf8) + Array("k".utf8) + [0xE9] + Array(",1,AA,-1060,1,904500000,\n".utf8)
        let items = try WitnessReader(bytes: bytes, name: "w.csv").readAll()
        #expect(items[0].reject?.error == "invalid UTF-8 at column 2")
    }

    @Test func headerProblemsAreFileErrors() throws {
        let missing = #expect(throws: InputError.self) {
            _ = try read("pub_key,data,signal,frequency\nk,AA,-1,904500000\n")
        }
        #expect(missing?.code == .missingColumn)
        #expect(
            missing?.message == "line 1: the CSV header has no column 'received_timestamp', which every record needs"
        )
        let noSignal = #expect(throws: InputError.self) { _ = try read("pub_key,received_timestamp,data,frequency\n") }
        #expect(noSignal?.message.contains("no column 'signal' or 'rssi'") == true)
        let badQuote = #expect(throws: InputError.self) { _ = try read("\"pub_key,data\n") }
        #expect(badQuote?.code == .badHeader)
        // An empty file (or only blank lines) is no error: zero records.
        let reader = try WitnessReader(bytes: Array("\n\n".utf8), name: "w.csv")
        #expect(try reader.readAll().isEmpty)
        #expect(reader.counters.recordsRead == 0 && reader.counters.blankLines == 2)
    }

    @Test func quotedHeaderNamesAndAliases() throws {
        let text = "\"name\",\"lat\",\"lng\",\"h3 \"\"cell\"\"\"" + "\nx,37.7749,-122.4194,8c1f9ed9240cdff\n"
        let options = ReaderOptions(fieldAliases: ["name": "key", #"h3 "cell""#: "location"])
        let hotspot = try #require(try readHotspots(text, name: "h.csv", options: options).first?.record)
        #expect(hotspot.key == "x")
        #expect(hotspot.location == H3Cell(rawValue: 0x8c1f_9ed9_240c_dff))
    }

    @Test func formatComesFromTheNameOrTheOption() throws {
        #expect(InputFormat.inferred(fromFileName: "a.CSV.gz") == .csv)
        #expect(InputFormat.inferred(fromFileName: "dir.csv/a.jsonl") == .ndjson)
        #expect(InputFormat.inferred(fromFileName: "a.ndjson") == .ndjson)
        #expect(InputFormat.inferred(fromFileName: "a.json") == nil)
        #expect(InputFormat.inferred(fromFileName: "a.gz") == nil)
        let unknown = #expect(throws: InputError.self) { _ = try read("x", name: "data.txt") }
        #expect(unknown?.code == .unknownFormat)
        let explicit = try read(
            header + "\nk,1,AA,-1,1,904500000,\n",
            name: "data.txt",
            options: ReaderOptions(format: .csv)
        )
        #expect(explicit.first?.record != nil)
    }
}
