import Foundation
import _PocMapTestSupport

/// Runs the built `pocmap` executable the way a user would and captures what it prints.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `pocmap` binary next to the test bundle (SwiftPM puts both in the same products directory). It is the
    /// small front: it answers `query point|hex|hotspot` itself and runs `pocmap-full` beside it for the rest.
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("pocmap")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/pocmap")
    }()

    /// The complete command line `pocmap-full`, beside `pocmap`.
    static var fullExecutable: URL { executable.deletingLastPathComponent().appendingPathComponent("pocmap-full") }

    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        executable: URL = BinaryRunner.executable,
        environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        if let environment { process.environment = environment }
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}
