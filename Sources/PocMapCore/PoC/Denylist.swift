/// Helium's denylist as pocmap takes it: exact sets of denied hotspot keys and of denied **unordered** key pairs
/// (edges), plus the list's tag, which invalid verdicts carry as `denylist_tag` (POC-RULES §2, §3 steps 1–2).
///
/// Helium held the signed `helium/denylist` release in xor filters (a tiny false-positive rate); these sets are
/// exact.
public struct Denylist: Hashable, Sendable {
    /// An unordered pair of hotspot keys: `Edge("a", "b") == Edge("b", "a")`.
    public struct Edge: Hashable, Sendable {
        /// The smaller key in UTF-8 byte order.
        public let first: String
        /// The larger key in UTF-8 byte order.
        public let second: String

        /// The edge between two keys, in either order.
        public init(_ a: String, _ b: String) {
            if a.utf8.lexicographicallyPrecedes(b.utf8) {
                first = a
                second = b
            } else {
                first = b
                second = a
            }
        }
    }

    /// The list's tag (a release name such as `"2023-06-01"`), reported with every `denied`/`denied_edge` verdict.
    public var tag: String
    /// Denied hotspot keys.
    public var keys: Set<String>
    /// Denied beaconer–witness pairs.
    public var edges: Set<Edge>

    /// A denylist; the default is empty with tag `"0"` (the tag Helium reported before it had fetched a release).
    public init(tag: String = "0", keys: Set<String> = [], edges: Set<Edge> = []) {
        self.tag = tag
        self.keys = keys
        self.edges = edges
    }

    /// The empty denylist.
    public static let empty = Denylist()

    /// Whether `key` is denied.
    public func contains(key: String) -> Bool { keys.contains(key) }

    /// Whether the pair {a, b} is denied, in either order.
    public func containsEdge(_ a: String, _ b: String) -> Bool { edges.contains(Edge(a, b)) }
}
