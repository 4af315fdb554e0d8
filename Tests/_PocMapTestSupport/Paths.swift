public import Foundation

/// Locations the tests read from: the repository itself, its committed fixtures, and the
/// `shared/` directory that lies beside the project root (real public data, never copied in).
public enum TestPaths {
    /// The repository root, found from this file's own path.
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath)  // Tests/_PocMapTestSupport/Paths.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `Tests/Fixtures/`, where committed test vectors and golden files live.
    public static let fixtures: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures", isDirectory: true)

    /// `../shared` beside the project root, or `$POCMAP_SHARED` when set.
    public static let shared: URL = {
        if let override = ProcessInfo.processInfo.environment["POCMAP_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }()

    /// `shared/realdata/<relative>`.
    public static func realData(_ relative: String) -> URL {
        shared.appendingPathComponent("realdata").appendingPathComponent(relative)
    }

    /// `Samples/<relative>` in the repository.
    public static func samples(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Samples").appendingPathComponent(relative)
    }
}
