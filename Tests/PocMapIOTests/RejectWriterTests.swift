import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Rejects file")
struct RejectWriterTests {
    @Test func linesAreValidJSONWithTheExactStrings() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rejects.ndjson").path
        let texts = [
            #"{"a":"quote \" and backslash \\"}"#, "tab\tnewline\ncarriage\rnul\u{0}bell\u{7}del\u{7F}",
            "unicode é € 😀 \u{2028}\u{2029} \u{FFFD}", "", String(repeating: "x", count: 200),
        ]
        let rejects = texts.enumerated().map { index, text in
            Reject(
                source: SourceLocation(file: "dir/w \"1\".ndjson", line: index + 1),
                error: "error \(index): \"\\\u{1}",
                text: text
            )
        }
        let writer = try RejectWriter(path: path)
        try writer.write(contentsOf: rejects)
        try writer.close()
        #expect(writer.count == texts.count)
        let content = try String(contentsOfFile: path, encoding: .utf8)
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == texts.count + 1 && lines.last == "")
        for (index, line) in lines.dropLast().enumerated() {
            #expect(!line.contains("\u{2028}") && !line.contains("\r") && !line.contains("\t"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(
                object == [
                    "source": rejects[index].source.description, "error": rejects[index].error,
                    "text": rejects[index].text,
                ]
            )
            #expect(String(line) == RejectWriter.jsonLine(for: rejects[index]))
        }
        #expect(lines[0].hasPrefix(#"{"source":"dir/w \"1\".ndjson:1","error":"error 0: \"\\\u0001","text":"#))
    }

    @Test func endToEndRejectsMatchTheCounters() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = [witnessLine(), "{oops", witnessLine(["frequency": "1"]), "", witnessLine(), "[]"].joined(
            separator: "\n"
        )
        let reader = try WitnessReader(bytes: Array(text.utf8), name: "w.ndjson")
        let path = directory.appendingPathComponent("rejects.ndjson").path
        let writer = try RejectWriter(path: path)
        var decoded = 0
        while let chunk = try reader.nextChunk() {
            decoded += chunk.records.count
            try writer.write(contentsOf: chunk.rejects)
        }
        try writer.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(reader.counters.recordsRead == decoded + lines.count)
        let sources = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])["source"]
        }
        #expect(sources == ["w.ndjson:2", "w.ndjson:3", "w.ndjson:6"])
    }

    @Test func displayTextIsCutAtACharacterBoundary() {
        let line = Array((String(repeating: "a", count: 199) + "é and more").utf8)
        let text = line.withUnsafeBufferPointer { Reject.displayText($0) }
        #expect(text == String(repeating: "a", count: 199))
        let emoji = Array((String(repeating: "a", count: 198) + "😀😀").utf8)
        #expect(emoji.withUnsafeBufferPointer { Reject.displayText($0) } == String(repeating: "a", count: 198))
        let invalid: [UInt8] = [0x41, 0xFF, 0x42]
        #expect(invalid.withUnsafeBufferPointer { Reject.displayText($0) } == "A\u{FFFD}B")
    }

    @Test func unwritablePathIsAnError() {
        let error = #expect(throws: InputError.self) { _ = try RejectWriter(path: "/nonexistent-dir/rejects.ndjson") }
        #expect(error?.code == .cannotOpen)
    }
}
