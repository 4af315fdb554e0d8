// The `pocmap` front: queries answered without GDAL, every other command line handed to `pocmap-full` unchanged
// (arguments, stdin, stdout, stderr and exit status), and a clear error when `pocmap-full` is missing.

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap front and pocmap-full")
struct FrontCommandTests {
    /// Runs the same arguments through the front and directly through `pocmap-full`.
    static func both(_ arguments: [String], stdin: String? = nil) throws -> (
        front: BinaryRunner.Result, full: BinaryRunner.Result
    ) {
        (
            try BinaryRunner.run(arguments, stdin: stdin),
            try BinaryRunner.run(arguments, stdin: stdin, executable: BinaryRunner.fullExecutable)
        )
    }

    static func expectSame(_ pair: (front: BinaryRunner.Result, full: BinaryRunner.Result), _ label: String) {
        #expect(pair.front.status == pair.full.status, "\(label): status")
        #expect(pair.front.stdout == pair.full.stdout, "\(label): stdout")
        #expect(pair.front.stderr == pair.full.stderr, "\(label): stderr")
    }

    @Test("--version, --help and h3 commands pass through with the same output and exit status")
    func passThrough() throws {
        let version = try Self.both(["--version"])
        #expect(version.front.status == 0 && !version.front.stdout.isEmpty)
        Self.expectSame(version, "--version")

        let help = try Self.both(["--help"])
        #expect(help.front.status == 0 && help.front.stdout.contains("USAGE: pocmap"))
        Self.expectSame(help, "--help")

        // San Francisco at resolution 8 (H3 4.5.0: h3.latlng_to_cell(37.7749, -122.4194, 8)).
        let cell = try Self.both(["h3", "cell", "--res", "8", "37.7749", "-122.4194"])
        #expect(cell.front.status == 0)
        #expect(cell.front.stdout == "8828308281fffff\n")
        Self.expectSame(cell, "h3 cell")

        // Failures keep their status: bad usage is 2 through the front as well.
        let badResolution = try Self.both(["h3", "cell", "--res", "99", "0", "0"])
        #expect(badResolution.front.status == 2)
        Self.expectSame(badResolution, "h3 cell --res 99")
        let unknown = try Self.both(["no-such-command"])
        #expect(unknown.front.status == 2)
        Self.expectSame(unknown, "unknown command")
    }

    @Test("stdin reaches pocmap-full (h3 batch mode)")
    func stdinPassThrough() throws {
        let input = "37.7749,-122.4194\n-33.8688,151.2093\n51.5074,-0.1278\n"
        let run = try BinaryRunner.run(["h3", "cell", "--res", "8"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "8828308281fffff")
        // The same cells one by one.
        for (index, line) in input.split(separator: "\n").enumerated() where index < lines.count {
            let parts = line.split(separator: ",").map(String.init)
            let single = try BinaryRunner.run(["h3", "cell", "--res", "8", parts[0], parts[1]])
            #expect(single.stdout == lines[index] + "\n")
        }
    }

    @Test("query help and the hidden generator go to pocmap-full; query answers and errors match it")
    func queries() throws {
        let groupHelp = try Self.both(["query", "--help"])
        #expect(groupHelp.front.status == 0 && groupHelp.front.stdout.contains("EXAMPLES"))
        Self.expectSame(groupHelp, "query --help")
        for command in ["point", "hex", "hotspot"] {
            let help = try Self.both(["query", command, "--help"])
            #expect(help.front.status == 0 && help.front.stdout.contains("USAGE: pocmap query \(command)"))
            Self.expectSame(help, "query \(command) --help")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-front-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("coverage.gpkg").path
        // Written through the front, which hands the GDAL-based generator to pocmap-full.
        let made = try BinaryRunner.run(["query", "make-sample-store", "--out", store, "--hexes", "200"])
        #expect(made.status == 0, "\(made.stderr)")
        for arguments in [
            ["query", "hex", "8828308281fffff", "--store", store, "--json"],
            ["query", "hex", "8828308281fffff", "--store", directory.path],
            ["query", "point", "37.78", "-122.41", "--store", store],
            ["query", "hotspot", "synthetic-000001", "--store", store, "--json"],
            ["query", "hotspot", "synthetic-00001", "--store", store],
            ["query", "point", "30", "-40", "--store", store],
            ["query", "hex", "nonsense", "--store", store],
            ["query", "hex", "--store", store],
            ["query", "point", "37.78", "-122.41", "--bogus", "--store", store],
        ] {
            Self.expectSame(try Self.both(arguments), arguments.joined(separator: " "))
        }
    }

    @Test("the front links neither GDAL nor PROJ; pocmap-full does")
    func frontLinksNoGDAL() throws {
        // LD_TRACE_LOADED_OBJECTS makes the dynamic loader list the libraries instead of running the program.
        let trace = ["LD_TRACE_LOADED_OBJECTS": "1"]
        let front = try BinaryRunner.run([], environment: trace)
        #expect(front.stdout.contains("libsqlite3"), "\(front.stdout)")
        #expect(!front.stdout.contains("libgdal") && !front.stdout.contains("libproj"), "\(front.stdout)")
        let full = try BinaryRunner.run([], executable: BinaryRunner.fullExecutable, environment: trace)
        #expect(full.stdout.contains("libgdal"), "\(full.stdout)")
    }

    @Test("a front without pocmap-full beside it says how to build it; a symlink to the front still finds it")
    func missingFull() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-alone-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let alone = directory.appendingPathComponent("pocmap")
        try FileManager.default.copyItem(at: BinaryRunner.executable, to: alone)
        let run = try BinaryRunner.run(["--version"], executable: alone)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("pocmap-full") && run.stderr.contains("swift build"), "\(run.stderr)")

        let link = directory.appendingPathComponent("linked-pocmap")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: BinaryRunner.executable)
        let linked = try BinaryRunner.run(["--version"], executable: link)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout == (try BinaryRunner.run(["--version"])).stdout)
    }
}
