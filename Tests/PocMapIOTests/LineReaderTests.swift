import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Line reader")
struct LineReaderTests {
    /// All events of a reader as (line number, kind, text).
    private func events(
        _ bytes: [UInt8],
        maxLine: Int = LineReader.defaultMaxLineBytes,
        readSize: Int = 1 << 20,
        sourceRead: Int = .max
    ) throws -> [(Int, String, String)] {
        let reader = LineReader(
            source: MemoryByteSource(bytes: bytes, maxReadSize: sourceRead),
            name: "t",
            maxLineBytes: maxLine,
            readSize: readSize
        )
        var result: [(Int, String, String)] = []
        while let line = try reader.next() {
            switch line {
            case .text(let text): result.append((reader.lineNumber, "text", String(decoding: text, as: UTF8.self)))
            case .tooLong(let prefix, let count):
                result.append((reader.lineNumber, "long:\(count)", String(decoding: prefix, as: UTF8.self)))
            case .cutOff(let text): result.append((reader.lineNumber, "cut", String(decoding: text, as: UTF8.self)))
            }
        }
        return result
    }

    @Test func crlfBomBlankLinesAndFinalLineWithoutNewline() throws {
        let input = Array("\u{FEFF}first\r\n\r\n   \n\tsecond\n\nthird".utf8)
        let lines = try events(input)
        #expect(lines.map(\.0) == [1, 4, 6])
        #expect(lines.map(\.2) == ["first", "\tsecond", "third"])
        let reader = LineReader(source: MemoryByteSource(bytes: input), name: "t")
        while try reader.next() != nil {}
        #expect(reader.blankLines == 3)
        #expect(reader.lineNumber == 6)
    }

    @Test func bomOnlyStrippedOnLineOne() throws {
        let lines = try events(Array("a\n\u{FEFF}b\n".utf8))
        #expect(lines.map(\.2) == ["a", "\u{FEFF}b"])
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func tinyReadsGiveTheSameLines(readSize: Int) throws {
        var text = ""
        for index in 0..<300 { text += String(repeating: "x", count: index % 37) + "\(index)\r\n" }
        let expected = try events(Array(text.utf8))
        let chopped = try events(Array(text.utf8), maxLine: 64, readSize: readSize, sourceRead: readSize)
        #expect(chopped.count == 300)
        #expect(chopped.map(\.0) == expected.map(\.0))
        #expect(chopped.map(\.2) == expected.map(\.2))
    }

    @Test func overlongLineIsReportedAndTheReaderResyncs() throws {
        let long = String(repeating: "é", count: 700_000)  // 1.4 MB of UTF-8, over 1 MiB
        let input = Array("ok1\n\(long)\r\nok2\n".utf8)
        let lines = try events(input)
        #expect(lines.count == 3)
        #expect(lines[0].0 == 1 && lines[0].2 == "ok1")
        #expect(lines[1].0 == 2 && lines[1].1 == "long:1400000")
        #expect(lines[1].2.utf8.count == 200)
        #expect(lines[2].0 == 3 && lines[2].2 == "ok2")
    }

    @Test func lineOfExactlyTheLimitIsAccepted() throws {
        let exact = String(repeating: "a", count: 100)
        let lines = try events(Array("\(exact)\r\n\(exact)b\n".utf8), maxLine: 100, readSize: 7, sourceRead: 7)
        #expect(lines.map(\.1) == ["text", "long:101"])
    }

    @Test func overlongLastLineWithoutNewline() throws {
        let lines = try events(
            Array(("a\n" + String(repeating: "z", count: 5000)).utf8),
            maxLine: 100,
            readSize: 64,
            sourceRead: 64
        )
        #expect(lines.map(\.1) == ["text", "long:5000"])
        #expect(lines[1].0 == 2)
    }

    @Test func emptyInputHasNoLines() throws {
        #expect(try events([]).isEmpty)
        #expect(try events(Array("\n\n\r\n".utf8)).isEmpty)
    }
}
