// Shared helpers for the H3 4.5 oracle and property tests (Tests/Fixtures/h3, Scripts/h3vectors).

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

/// Runs a typed-throwing H3 call and captures its outcome.
func attempt<T>(_ body: () throws(H3Error) -> T) -> Result<T, H3Error> {
    do throws(H3Error) {
        return .success(try body())
    } catch {
        return .failure(error)
    }
}

extension H3Error {
    /// The h3-py exception class name for this error (the names written in the fixtures), following the
    /// one-to-one mapping of H3-API.md. `invalidString` has no C code; the C library reports such text as
    /// E_FAILED, which the string tests map explicitly.
    var oracleName: String {
        switch self {
        case .failed: "H3FailedError"
        case .domain: "H3DomainError"
        case .latLngDomain: "H3LatLngDomainError"
        case .invalidResolution: "H3ResDomainError"
        case .invalidCell: "H3CellInvalidError"
        case .pentagon: "H3PentagonError"
        case .notNeighbors: "H3NotNeighborsError"
        case .resolutionMismatch: "H3ResMismatchError"
        case .invalidString: "invalidString"
        }
    }
}

/// The fixture's text for an outcome: a cell in lowercase hex (built from the raw value, independent of
/// the engine's own `description`), or the oracle's exception class name.
func oracleText(_ result: Result<H3Cell, H3Error>) -> String {
    switch result {
    case .success(let cell): String(cell.rawValue, radix: 16)
    case .failure(let error): error.oracleName
    }
}

/// Same, for an integer result.
func oracleText(_ result: Result<Int, H3Error>) -> String {
    switch result {
    case .success(let value): String(value)
    case .failure(let error): error.oracleName
    }
}

enum OracleEnvironment {
    /// The machine class the oracle was generated on (x86-64 Linux, glibc libm): here centres, vertices,
    /// areas and distances must be bitwise equal (H3.md section 2, rule 15). Elsewhere only the tolerance
    /// gate applies.
    static var isReferencePlatform: Bool {
        #if os(Linux) && arch(x86_64)
            return true
        #else
            return false
        #endif
    }

    /// Degrees per radian as the C library's M_180_PI (for tolerance messages only).
    static let degreesPerRadian = 180.0 / Double.pi
}

/// Collects rows that disagree with the oracle for one function, prints a summary line and the first few
/// offending rows, records a test issue when any differ, and, when the environment variable
/// `POCMAP_H3_MISMATCH_DIR` names a directory, writes all of them to `<dir>/<function>.txt` for the
/// engine author.
struct MismatchLog {
    let function: String
    private(set) var total = 0
    private(set) var lines: [String] = []

    init(_ function: String) {
        self.function = function
    }

    mutating func check(_ ok: Bool, _ message: @autoclosure () -> String) {
        total += 1
        if !ok { lines.append(message()) }
    }

    mutating func add(_ message: String) {
        lines.append(message)
    }

    func finish(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        print("[h3-oracle] \(function): \(lines.count) of \(total) rows differ")
        guard !lines.isEmpty else { return }
        let shown = lines.prefix(8).joined(separator: "\n")
        Issue.record(
            Comment(rawValue: "\(function): \(lines.count) of \(total) rows differ from H3 4.5.0. First:\n\(shown)"),
            sourceLocation: sourceLocation)
        if let dir = ProcessInfo.processInfo.environment["POCMAP_H3_MISMATCH_DIR"], !dir.isEmpty {
            let url = URL(fileURLWithPath: dir).appendingPathComponent("\(function).txt")
            let text = "# \(function): \(lines.count) of \(total) rows differ\n" + lines.joined(separator: "\n") + "\n"
            try? text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}

/// Bitwise equality of doubles (distinguishes -0.0 from +0.0; any NaN equals any NaN).
func bitwiseEqual(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// Relative closeness: |a - b| <= tolerance * max(|a|, |b|); NaN matches only NaN.
func relativelyClose(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= tolerance * max(abs(a), abs(b))
}

/// Whether two points (radians) are within `degrees` in latitude and in longitude (longitudes compared
/// modulo 2π, so -π and π match).
func withinDegrees(_ a: LatLng, _ b: LatLng, _ degrees: Double = 1e-9) -> Bool {
    let limit = degrees / OracleEnvironment.degreesPerRadian
    let dLat = abs(a.lat - b.lat)
    var dLng = abs(a.lng - b.lng)
    if dLng > Double.pi { dLng = 2 * Double.pi - dLng }
    return dLat <= limit && dLng <= limit
}

func hexText(_ point: LatLng) -> String {
    "(\(HexFloat.format(point.lat)), \(HexFloat.format(point.lng)))"
}
