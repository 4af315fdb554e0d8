internal import CGDAL

/// Ordered `KEY=VALUE` options for GDAL: creation options, open options, layer options, metadata.
///
/// Write them as a dictionary literal, which keeps the written order:
/// `["COMPRESS": "DEFLATE", "PREDICTOR": "3", "TILED": "YES"]`. Setting an existing key replaces its value in place.
public struct GDALOptions: ExpressibleByDictionaryLiteral, Sendable, Hashable, CustomStringConvertible {
    /// The options in order.
    public private(set) var pairs: [(key: String, value: String)]

    /// No options.
    public init() { pairs = [] }

    /// Options from `(key, value)` pairs; a later duplicate key replaces the earlier value.
    public init(_ pairs: some Sequence<(String, String)>) {
        self.pairs = []
        for (key, value) in pairs { self[key] = value }
    }

    /// Options from a dictionary literal, in the order written.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The value for `key` (compared case-insensitively, as GDAL does), or `nil`; assigning `nil` removes it.
    public subscript(key: String) -> String? {
        get { pairs.first { $0.key.uppercased() == key.uppercased() }?.value }
        set {
            let index = pairs.firstIndex { $0.key.uppercased() == key.uppercased() }
            switch (index, newValue) {
            case let (index?, value?): pairs[index] = (key, value)
            case let (index?, nil): pairs.remove(at: index)
            case let (nil, value?): pairs.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Whether there are no options.
    public var isEmpty: Bool { pairs.isEmpty }

    /// `KEY=VALUE` strings, in order.
    public var description: String { pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

    /// Options are equal when they hold the same pairs in the same order.
    public static func == (lhs: GDALOptions, rhs: GDALOptions) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes the pairs in order.
    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }
}

/// An owned, `NULL`-terminated C string list (`char**`), released with `CSLDestroy` (GIS.md pitfall 4).
///
/// `CSLSetNameValue` and `CSLAddString` may reallocate, so every result is assigned back. Use the pointer only
/// inside ``withPointer(_:)``, which keeps the list alive for the duration of the C call.
final class CStringList {
    private var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    /// An empty list (a `NULL` pointer, which GDAL accepts as "no options").
    init() { list = nil }

    /// `KEY=VALUE` entries built with `CSLSetNameValue`.
    convenience init(_ options: GDALOptions) {
        self.init()
        for pair in options.pairs { setNameValue(pair.key, pair.value) }
    }

    /// Plain entries (an argv list) built with `CSLAddString`.
    convenience init(strings: [String]) {
        self.init()
        for string in strings { add(string) }
    }

    /// A copy of a list GDAL owns (not freed by this call); `NULL` gives an empty list.
    ///
    /// The corresponding GDAL function is `CSLDuplicate`.
    convenience init(copying borrowed: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        self.init()
        list = CSLDuplicate(borrowed)
    }

    /// Takes ownership of a list GDAL allocated for the caller.
    convenience init(taking owned: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        self.init()
        list = owned
    }

    deinit { CSLDestroy(list) }

    /// Sets `key=value`, replacing an existing entry. The corresponding GDAL function is `CSLSetNameValue`.
    func setNameValue(_ key: String, _ value: String) {
        list = CSLSetNameValue(list, key, value)
    }

    /// Appends a string. The corresponding GDAL function is `CSLAddString`.
    func add(_ string: String) {
        list = CSLAddString(list, string)
    }

    /// Number of entries. The corresponding GDAL function is `CSLCount`.
    var count: Int { Int(CSLCount(list)) }

    /// The entries as Swift strings.
    var strings: [String] {
        guard let list else { return [] }
        var result: [String] = []
        var index = 0
        while let entry = list[index] {
            result.append(String(cString: entry))
            index += 1
        }
        return result
    }

    /// Calls `body` with the raw list, keeping the list alive until `body` returns.
    func withPointer<R, E: Error>(
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws(E) -> R
    ) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        return try body(list)
    }

    /// Calls `body` with the list as `CSLConstList` (`const char* const*`), keeping the list alive until `body`
    /// returns.
    func withConstPointer<R, E: Error>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws(E) -> R
    ) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        let constList = UnsafeRawPointer(list).map { $0.assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
        return try body(constList)
    }
}

/// `KEY=VALUE` entries of a `char**` list GDAL owns, split with `CPLParseNameValue`; entries without a separator
/// are skipped.
func parseNameValueList(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String: String] {
    guard let list else { return [:] }
    var result: [String: String] = [:]
    var index = 0
    while let entry = list[index] {
        index += 1
        var key: UnsafeMutablePointer<CChar>? = nil
        let value = CPLParseNameValue(entry, &key)
        if let name = takeGDALString(key), let value {
            result[name] = String(cString: value)
        }
    }
    return result
}
