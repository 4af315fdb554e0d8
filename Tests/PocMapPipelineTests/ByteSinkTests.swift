import Foundation
import Testing

@testable import PocMapPipeline

/// The output sink's direct (`O_DIRECT`) block writes: whatever the pieces, flushes and appends, the file holds
/// exactly the bytes written, in order.
@Suite("output: byte sink")
struct ByteSinkTests {
    /// Deterministic bytes: a counter through a multiplicative hash, so that a misplaced block shows.
    static func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// Writes `data` to `sink` in pieces of the sizes in `pieces` (cycled).
    static func write(_ data: [UInt8], to sink: ByteSink, pieces: [Int]) throws {
        var start = 0
        var turn = 0
        while start < data.count {
            let end = min(data.count, start + pieces[turn % pieces.count])
            try data[start..<end].withUnsafeBufferPointer { try sink.write($0) }
            start = end
            turn += 1
        }
    }

    @Test(
        "direct writes keep every byte in order: odd pieces, whole blocks, a flush mid-way, an append",
        arguments: ["temporary directory", "/dev/shm"]
    )
    func directWritesKeepBytes(place: String) throws {
        let directory: String
        if place == "/dev/shm" {
            guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
            directory = "/dev/shm"
        } else {
            directory = FileManager.default.temporaryDirectory.path
        }
        let base = directory + "/pocmap-bytesink-\(UUID().uuidString)"
        defer {
            unlink(base + ".direct")
            unlink(base + ".other")
        }
        let block = DirectBlocks.blockBytes
        let first = ByteSinkTests.pattern(3 * block + 12_345, seed: 1)
        let second = ByteSinkTests.pattern(block + 7, seed: 2)
        let appended = ByteSinkTests.pattern(100_003, seed: 3)

        let other = try ByteSink(path: base + ".other")
        try other.write(appended)
        try other.close()

        let sink = try ByteSink(path: base + ".direct", directWrites: true)
        // 131,072-byte pieces as the verdict formatter writes them, then odd ones across the block boundaries.
        try ByteSinkTests.write(first, to: sink, pieces: [131_072, 131_072, 1, 99_999, 4096, 500_000])
        #expect(sink.byteCount == first.count)
        // Where the file system takes O_DIRECT, the three whole blocks went out directly.
        let probe = open(base + ".other", O_WRONLY)
        let directPossible = DirectBlocks(path: base + ".other", ordinaryDescriptor: probe) != nil
        close(probe)
        #expect(sink.writesDirectly == directPossible)
        try sink.flush()
        #expect(!sink.writesDirectly)
        #expect(sink.blocksWrittenDirectly == (directPossible ? 3 : 0))
        try ByteSinkTests.write(second, to: sink, pieces: [65_536, 3])
        try sink.append(contentsOf: other)
        try sink.write([10])
        try sink.close()

        let expected = first + second + appended + [10]
        #expect(sink.byteCount == expected.count)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + ".direct")))
        #expect(written.count == expected.count)
        #expect(written == expected)
    }

    @Test("a direct sink smaller than one block is written at close; empty stays empty")
    func smallDirectSink() throws {
        let base = FileManager.default.temporaryDirectory.path + "/pocmap-bytesink-\(UUID().uuidString)"
        defer {
            unlink(base + ".small")
            unlink(base + ".empty")
        }
        let data = ByteSinkTests.pattern(5000, seed: 4)
        let small = try ByteSink(path: base + ".small", directWrites: true)
        try small.write(data)
        try small.close()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + ".small"))) == data)

        let empty = try ByteSink(path: base + ".empty", directWrites: true)
        try empty.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: base + ".empty")).isEmpty)
    }

    @Test("exactly whole blocks: nothing is pending at close and nothing is written twice")
    func wholeBlocks() throws {
        let path = FileManager.default.temporaryDirectory.path + "/pocmap-bytesink-\(UUID().uuidString)"
        defer { unlink(path) }
        let data = ByteSinkTests.pattern(2 * DirectBlocks.blockBytes, seed: 5)
        let sink = try ByteSink(path: path, directWrites: true)
        try ByteSinkTests.write(data, to: sink, pieces: [DirectBlocks.blockBytes])
        try sink.close()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == data)
    }

    /// Appends `bytes` to a line buffer in pieces of at most 100,000 bytes (as lines come, never past capacity
    /// without a reserve).
    static func put(_ bytes: ArraySlice<UInt8>, into buffer: inout LineBuffer) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(bytes.endIndex, start + 100_000)
            buffer.reserve(end - start)
            bytes[start..<end].withUnsafeBufferPointer { buffer.put($0) }
            start = end
        }
    }

    @Test("line buffers handed over whole: every byte in order, adopted blocks and ordinary writes mixed")
    func adoptedBlocksKeepBytes() throws {
        let path = FileManager.default.temporaryDirectory.path + "/pocmap-bytesink-\(UUID().uuidString)"
        defer { unlink(path) }
        let block = DirectBlocks.blockBytes
        let data = ByteSinkTests.pattern(5 * block + 777, seed: 9)
        let sink = try ByteSink(path: path, directWrites: true)
        var buffer = sink.directBuffer(orCapacity: 1 << 16)
        var adopted = 0
        var start = 0
        // Pieces of 0.3-1.3 MiB, handed over whenever the buffer holds a block.
        for (index, piece) in [block + 5, 300_000, 900_000, 1_300_000, 2, block - 7].enumerated() {
            let end = min(data.count, start + piece)
            ByteSinkTests.put(data[start..<end], into: &buffer)
            start = end
            while buffer.count >= block, sink.adoptBlock(from: &buffer) { adopted += 1 }
            if index == 3 {
                // An ordinary write in the middle: later blocks cannot be adopted past its pending bytes.
                try buffer.withBytes { (bytes) throws(OutputError) in try sink.write(bytes) }
                buffer.removeAll()
            }
        }
        ByteSinkTests.put(data[start...], into: &buffer)
        try buffer.withBytes { (bytes) throws(OutputError) in try sink.write(bytes) }
        try sink.close()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == data)
        #expect(sink.byteCount == data.count)
        if sink.blocksWrittenDirectly > 0 { #expect(adopted >= 2) }
    }

    @Test("exchanging a line buffer's storage keeps the bytes after the cut and hands back the old storage")
    func exchangeStorage() {
        var buffer = LineBuffer(capacity: 8192, alignment: 4096)
        let data = ByteSinkTests.pattern(6000, seed: 10)
        data.withUnsafeBufferPointer { buffer.put($0) }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: 8192, alignment: 4096)
        let old = buffer.exchangeStorage(with: fresh, keepingFrom: 5000)
        #expect(Int(bitPattern: old) % 4096 == 0)
        #expect(Array(UnsafeRawBufferPointer(start: old, count: 5000)) == Array(data[0..<5000]))
        old.deallocate()
        #expect(buffer.count == 1000)
        let kept = (try? buffer.withBytes { (bytes) throws(OutputError) in Array(bytes) }) ?? []
        #expect(kept == Array(data[5000...]))
        // An ordinary sink takes no blocks.
        let path = FileManager.default.temporaryDirectory.path + "/pocmap-bytesink-\(UUID().uuidString)"
        defer { unlink(path) }
        if let plain = try? ByteSink(path: path) {
            var other = plain.directBuffer(orCapacity: 4096)
            #expect(!plain.writesDirectly && !plain.adoptBlock(from: &other))
        }
    }
}
