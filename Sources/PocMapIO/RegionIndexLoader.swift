public import PocMapCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads Helium's LoRaWAN region index: a directory of `REGION.res7.h3idx` files (helium/lorawan-h3
/// `serialized/`), each a flat array of little-endian `uint64` H3 cells, the compacted set of the region plan
/// named by the file (`US915.res7.h3idx` → `US915`).
///
/// ```swift
/// let index = try RegionIndexLoader.load(directory: "lorawan-h3/serialized")
/// index.regionName(of: hotspotCell)   // "EU868", or nil
/// ```
///
/// Every file whose name ends in `.h3idx` is read; the region name is the part before the first `.`. Regions are
/// given to ``RegionIndex`` in byte-wise order of their names, so where two files list the same cell the first
/// keeps it (`US915` before `Unknown`, `AS923-1` before `AU915-SB1`) and the overlap is reported in
/// ``RegionIndex/overlaps``.
public enum RegionIndexLoader {
    /// The file-name ending of an index file.
    public static let fileSuffix = ".h3idx"

    /// Reads every `*.h3idx` file of `directory` into one index.
    ///
    /// - Throws: ``RegionIndexLoadError`` naming the directory or file, and for a bad cell its entry number and
    ///   byte offset.
    public static func load(directory: String) throws(RegionIndexLoadError) -> RegionIndex {
        let names = try indexFileNames(in: directory)
        var regions: [(name: String, cells: [H3Cell])] = []
        var paths: [String: String] = [:]
        for fileName in names {
            let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
            let region = regionName(ofFile: fileName)
            if let earlier = paths[region] { throw RegionIndexLoadError.duplicateRegion(region, earlier, path) }
            paths[region] = path
            regions.append((name: region, cells: try readCells(path: path)))
        }
        do {
            return try RegionIndex(regions: regions)
        } catch {
            switch error {
            case .invalidCell(let region, let position, let rawValue):
                throw RegionIndexLoadError.invalidCell(
                    path: paths[region] ?? region,
                    entry: position,
                    rawValue: rawValue
                )
            case .duplicateName(let name):
                throw RegionIndexLoadError.unusableName(name)
            case .emptyName:
                throw RegionIndexLoadError.unusableName("")
            case .tooManyRegions(let count):
                throw RegionIndexLoadError.tooManyFiles(directory, count)
            }
        }
    }

    /// The region an index file describes: its name up to the first `.` (`AS923-1C.res7.h3idx` → `AS923-1C`).
    public static func regionName(ofFile fileName: String) -> String {
        String(fileName.prefix { $0 != "." })
    }

    /// Reads one `.h3idx` file: its size must be a multiple of 8 bytes; each 8 bytes are a little-endian cell.
    /// Cells are not validated here (``RegionIndex`` does that).
    public static func readCells(path: String) throws(RegionIndexLoadError) -> [H3Cell] {
        let bytes = try readFile(path)
        guard bytes.count % 8 == 0 else { throw RegionIndexLoadError.truncated(path: path, size: bytes.count) }
        return bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { index in
                H3Cell(rawValue: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
            }
        }
    }

    /// The `*.h3idx` names in `directory`, sorted byte-wise by region name (then by file name).
    private static func indexFileNames(in directory: String) throws(RegionIndexLoadError) -> [String] {
        guard let handle = opendir(directory) else {
            throw RegionIndexLoadError.unreadableDirectory(directory, String(cString: strerror(errno)))
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(fileSuffix) && !name.hasPrefix(".") { names.append(name) }
        }
        guard !names.isEmpty else { throw RegionIndexLoadError.noIndexFiles(directory) }
        return names.sorted { a, b in
            let (nameA, nameB) = (regionName(ofFile: a), regionName(ofFile: b))
            return nameA == nameB
                ? a.utf8.lexicographicallyPrecedes(b.utf8) : nameA.utf8.lexicographicallyPrecedes(nameB.utf8)
        }
    }

    /// The whole file as bytes, read with stdio (no Foundation in this path, for speed and fewer copies).
    private static func readFile(_ path: String) throws(RegionIndexLoadError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw RegionIndexLoadError.unreadableFile(path, String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw RegionIndexLoadError.unreadableFile(path, "read error") }
                break
            }
        }
        return bytes
    }
}

/// Why a region index directory could not be loaded. Every message names the directory or file.
public enum RegionIndexLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The directory could not be opened (missing, not a directory, no permission).
    case unreadableDirectory(String, String)
    /// The directory has no `*.h3idx` file.
    case noIndexFiles(String)
    /// A file could not be read.
    case unreadableFile(String, String)
    /// A file's size is not a multiple of 8 bytes.
    case truncated(path: String, size: Int)
    /// Entry `entry` (0-based) of the file is not a valid H3 cell.
    case invalidCell(path: String, entry: Int, rawValue: UInt64)
    /// Two files describe the same region (`US915.res7.h3idx` and `US915.h3idx`).
    case duplicateRegion(String, String, String)
    /// A file name gives no usable region name (`.h3idx` alone).
    case unusableName(String)
    /// More files than an index can hold.
    case tooManyFiles(String, Int)

    /// A one-line message for a person.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "\(path): cannot read the region index directory: \(reason)"
        case .noIndexFiles(let path):
            return "\(path): no *.h3idx region files here (expected Helium's lorawan-h3 serialized/ directory)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .truncated(let path, let size):
            return
                "\(path): \(size) bytes is not a whole number of 8-byte cells (the file is truncated or not an index)"
        case .invalidCell(let path, let entry, let rawValue):
            return "\(path): entry \(entry) (byte offset \(entry * 8)) is not a valid H3 cell "
                + "(0x\(String(rawValue, radix: 16)))"
        case .duplicateRegion(let region, let first, let second):
            return "\(second): region \(region) is already given by \(first)"
        case .unusableName(let name):
            return "region file name '\(name)' gives no region name"
        case .tooManyFiles(let path, let count):
            return "\(path): \(count) region files are more than an index can hold"
        }
    }
}
