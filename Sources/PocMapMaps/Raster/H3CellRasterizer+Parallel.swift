import Foundation
public import PocMapCore

extension H3CellRasterizer {
    /// Collects the pixel runs of `cells` on all processors: the cells are cut into contiguous chunks (a few per
    /// processor), each chunk's runs are collected by one worker (``spans(of:positions:)``: `cellToBoundary` and scan
    /// conversion, the expensive part), and the chunks come back in cell order, ready for
    /// ``cellIndexRaster(spans:)`` or ``burn(spans:values:into:)``, which keep "the later cell wins".
    ///
    /// Throws the first invalid cell's error.
    public func spansInParallel(of cells: [H3Cell]) throws(H3Error) -> [RasterSpans] {
        let processors = ProcessInfo.processInfo.activeProcessorCount
        let chunkCount = max(1, min(processors * 4, cells.count / 2048))
        let chunkSize = (cells.count + chunkCount - 1) / max(chunkCount, 1)
        var chunks = [RasterSpans](repeating: RasterSpans(), count: chunkCount)
        var errors = [H3Error?](repeating: nil, count: chunkCount)
        chunks.withUnsafeMutableBufferPointer { chunkBuffer in
            errors.withUnsafeMutableBufferPointer { errorBuffer in
                let slots = ChunkSlots(chunks: chunkBuffer, errors: errorBuffer)
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    let lower = min(cells.count, chunk * chunkSize)
                    let upper = min(cells.count, lower + chunkSize)
                    do throws(H3Error) {
                        slots.chunks[chunk] = try spans(of: cells, positions: lower..<upper)
                    } catch {
                        slots.errors[chunk] = error
                    }
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
        return chunks
    }
}

/// Per-chunk result slots. Invariant: worker `i` writes only slot `i`, and the buffers outlive
/// `concurrentPerform`, so the unsynchronised writes never overlap.
private struct ChunkSlots: @unchecked Sendable {
    let chunks: UnsafeMutableBufferPointer<RasterSpans>
    let errors: UnsafeMutableBufferPointer<H3Error?>
}
