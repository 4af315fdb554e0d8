import ArgumentParser
import PocMapCore
import PocMapQueryCLI
import PocMapVerifyCLI

#if canImport(Glibc)
    import Glibc
#endif

/// The `pocmap` executable users run.
///
/// `pocmap query point|hex|hotspot …` is answered here, reading the GeoPackage with SQLite, and so is
/// `pocmap verify …`: this binary links neither GDAL nor PROJ, so these commands start in a few milliseconds
/// instead of the ~45 ms it takes the dynamic loader to map libgdal and its ~120 libraries (a query is answered in
/// milliseconds; a verify run is measured in reports per second). Every other command line (`run`, `h3`, `--help`,
/// `query --help`, `query make-sample-store`, …) is handed unchanged to `pocmap-full`, the complete command line
/// installed next to this binary, by `execv`: same process id, same stdin/stdout/stderr, same exit status.
@main
enum Front {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count >= 3, arguments[1] == "query", QueryHelp.answeredSubcommands.contains(arguments[2]) {
            FrontCommand.answer(Array(arguments.dropFirst()))
        }
        if arguments.count >= 2, arguments[1] == "verify" {
            FrontCommand.answer(Array(arguments.dropFirst()))
        }
        FullCommandLine.exec()
    }
}

/// The part of the command tree the front answers: `pocmap query point|hex|hotspot` and `pocmap verify`, with the
/// same names, help, messages and exit statuses as in `pocmap-full`.
struct FrontCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pocmap",
        version: PocMapVersion.string,  // as in pocmap-full, so subcommand help lists --version the same way
        subcommands: [FrontQuery.self, VerifyCommand.self]
    )

    struct FrontQuery: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: QueryHelp.abstract,
            discussion: QueryHelp.discussion,
            subcommands: [PointQuery.self, HexQuery.self, HotspotQuery.self]
        )
    }

    /// Parses and runs a query, then exits with the statuses of `CLI.md` (usage errors 2, not ArgumentParser's 64).
    static func answer(_ arguments: [String]) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Glibc.exit(0)
        } catch let failure as CommandFailure {
            FullCommandLine.report("pocmap: \(failure.message)")
            Glibc.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FullCommandLine.report(message) }
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// `pocmap-full`, the complete command line, next to this binary.
enum FullCommandLine {
    /// The file name of the complete command line.
    static let name = "pocmap-full"

    /// Replaces this process with `pocmap-full`, passing the arguments unchanged; exits 1 with a reason when it
    /// cannot be started.
    static func exec() -> Never {
        guard let directory = ownDirectory() else {
            report("pocmap: cannot find its own executable (/proc/self/exe) to start \(name)")
            exit(1)
        }
        let path = directory + "/" + name
        execv(path, CommandLine.unsafeArgv)
        let reason = String(cString: strerror(errno))
        report(
            "pocmap: cannot start the full command line \(path): \(reason). It is built with pocmap: "
                + "run `swift build` (or `swift build -c release`), which builds every product, "
                + "not only `--product pocmap`."
        )
        exit(1)
    }

    /// The directory holding this executable, from `/proc/self/exe` (symlinks to `pocmap` work too).
    static func ownDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes one line to stderr.
    static func report(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
