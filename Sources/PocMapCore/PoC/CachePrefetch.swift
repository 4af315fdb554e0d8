/// LLVM's prefetch intrinsic, reached through its symbol name: Swift has no prefetch of its own, and PocMapCore has
/// no C module to call `__builtin_prefetch` from. The arguments are the address, read (0) or write (1), temporal
/// locality 0…3 and the cache (1: data). LLVM lowers the call to one instruction (`prefetcht0` on x86-64, `prfm`
/// on arm64), in debug and release builds alike; it is only a hint and changes no result.
@_silgen_name("llvm.prefetch.p0")
private func _llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cache: Int32)

/// Software prefetches: start loading memory that will be read soon, without waiting for it.
///
/// The verifying thread reads a few records per witness report at random places in tables of hundreds of
/// thousands of hotspots; each read is a cache miss that the thread used to wait for (about half of
/// `PoCVerifier.verify`'s own time, measured with perf). Prefetched one PoC ahead, the misses overlap with the
/// current PoC's work instead.
public enum CachePrefetch {
    /// Prefetches the cache line holding `address` into every cache level.
    @inline(__always)
    public static func read(_ address: UnsafeRawPointer) {
        _llvmPrefetch(address, 0, 3, 1)
    }

    /// Prefetches every cache line of the element at `index` of `base` (an element may straddle two lines, or
    /// three when it is wider than one). `index` must be in bounds.
    @inline(__always)
    public static func element<T>(_ base: UnsafePointer<T>, _ index: Int) {
        bytes(UnsafeRawPointer(base + index), count: MemoryLayout<T>.size)
    }

    /// Prefetches the cache lines of `count` bytes from `start`, each once (too many prefetches in flight stall
    /// the thread like the misses they stand for).
    @inline(__always)
    public static func bytes(_ start: UnsafeRawPointer, count: Int) {
        let first = UInt(bitPattern: start) & ~63
        let last = (UInt(bitPattern: start) &+ UInt(count) &- 1) & ~63
        var line = first
        while line <= last {
            read(UnsafeRawPointer(bitPattern: line).unsafelyUnwrapped)
            line &+= 64
        }
    }
}
