public import PocMapCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the HIP-17 parameter set named by a `--density` argument: a built-in set (`hip104`, `hip17-2020`) or
/// the path of a parameter file in the CSV format of ``PocMapCore/DensityParameterSet/parse(csv:name:source:)``
/// (`resolution,N,density_tgt,density_max`, one row per resolution 4 … 10).
public enum DensityParametersFile {
    /// The built-in set called `argument`, else the file at that path.
    ///
    /// - Throws: ``PocMapCore/DensityParameterError``: `unknownSet` when `argument` is neither a built-in name
    ///   nor an existing file; otherwise the file's problem with its `FILE:LINE`.
    public static func resolve(_ argument: String) throws(DensityParameterError) -> DensityParameterSet {
        if let builtIn = DensityParameterSet.builtIn(named: argument) { return builtIn }
        var status = stat()
        guard stat(argument, &status) == 0 else {
            // Something that looks like a path gets the operating system's reason; a bare word is an unknown name.
            if argument.contains("/") || argument.lowercased().hasSuffix(".csv") {
                throw DensityParameterError(.unreadable(String(cString: strerror(errno))), source: argument)
            }
            throw DensityParameterError(.unknownSet(argument))
        }
        return try load(path: argument)
    }

    /// Reads and parses a parameter file; the set is named after the file (its last path component).
    public static func load(path: String) throws(DensityParameterError) -> DensityParameterSet {
        guard let file = fopen(path, "rb") else {
            throw DensityParameterError(.unreadable(String(cString: strerror(errno))), source: path)
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<count])
            // A parameter file has a dozen lines; refuse anything large rather than read a wrong file whole.
            if bytes.count > 1 << 20 {
                throw DensityParameterError(.unreadable("larger than 1 MiB; is this a parameter file?"), source: path)
            }
            if count < chunk.count {
                if ferror(file) != 0 { throw DensityParameterError(.unreadable("read error"), source: path) }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DensityParameterError(.unreadable("not UTF-8 text"), source: path)
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try DensityParameterSet.parse(csv: text, name: name, source: path)
    }
}
