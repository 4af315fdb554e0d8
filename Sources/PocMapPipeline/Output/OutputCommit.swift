import Glibc

/// Why writing a job's output failed.
public struct OutputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or directory concerned.
    public var path: String
    /// What went wrong, with the operating system's reason.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: message`.
    public var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ action: String) -> OutputError {
        OutputError(path: path, message: "\(action): \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Writes a set of output files so that a run that is killed or fails never leaves a half-written file under a
/// final name: every file is written to a hidden temporary file in the output directory
/// (`.NAME.pocmap-tmp-PID`), and ``commit()`` renames them into place at the end, in the order they were
/// created, with `summary.json`-like files that should appear last created last. ``abort()`` (also run when the
/// value is dropped without a commit) deletes the temporaries and leaves any older files of the same names
/// untouched.
///
/// `rename(2)` within one directory is atomic, so each final name holds either the old complete file or the new
/// complete file. With `synchronize` the files and the directory are `fsync`ed before and after the renames,
/// which also protects against power loss (at a cost in time for large outputs).
///
/// ```swift
/// let commit = try OutputCommit(directory: "out")
/// let verdicts = try commit.create("verdicts.ndjson")
/// try verdicts.write(bytes)
/// try commit.commit()   // closes every sink and renames
/// ```
public final class OutputCommit {
    /// The output directory.
    public let directory: String
    /// Whether files and directory are fsynced at commit.
    public let synchronize: Bool
    private var sinks: [(name: String, sink: ByteSink)] = []
    private var scratch: [ByteSink] = []
    private var finished = false
    private var serial = 0

    /// Prepares to write into `directory`, creating it (and missing parents) when needed.
    public init(directory: String, synchronize: Bool = false) throws(OutputError) {
        self.directory = directory
        self.synchronize = synchronize
        try OutputCommit.makeDirectory(directory)
    }

    deinit {
        if !finished { abort() }
    }

    /// The final path of an output name.
    public func finalPath(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Creates the temporary file of output `name` (a plain file name) and returns its sink. Outputs are renamed
    /// in creation order. `directWrites` is for very large outputs (see ``ByteSink``).
    public func create(_ name: String, directWrites: Bool = false) throws(OutputError) -> ByteSink {
        precondition(!finished, "OutputCommit is already finished")
        precondition(!name.contains("/"), "output names are plain file names")
        let path = finalPath(".\(name).pocmap-tmp-\(getpid())")
        let sink = try ByteSink(path: path, directWrites: directWrites)
        sinks.append((name, sink))
        return sink
    }

    /// Creates a scratch file (deleted at commit or abort, never renamed), for parts written out of order and
    /// appended to an output later with ``ByteSink/append(contentsOf:)``.
    public func createScratch(_ label: String) throws(OutputError) -> ByteSink {
        precondition(!finished, "OutputCommit is already finished")
        serial += 1
        let sink = try ByteSink(path: finalPath(".\(label).pocmap-scratch-\(getpid())-\(serial)"))
        scratch.append(sink)
        return sink
    }

    /// Closes every sink, optionally fsyncs, and renames each temporary file to its final name in creation order.
    /// On failure the temporaries are deleted (files already renamed stay) and the error is thrown.
    public func commit() throws(OutputError) {
        precondition(!finished, "OutputCommit is already finished")
        do throws(OutputError) {
            for (_, sink) in sinks {
                try sink.close()
                if synchronize { try sink.synchronizeFile() }
            }
            for (name, sink) in sinks {
                let target = finalPath(name)
                if rename(sink.path, target) != 0 { throw OutputError.errno(target, "cannot rename into place") }
                sink.renamed = true
            }
            if synchronize { try OutputCommit.synchronizeDirectory(directory) }
        } catch {
            abort()
            throw error
        }
        removeScratch()
        finished = true
    }

    /// Deletes every temporary and scratch file not yet renamed; final files are left as they were.
    public func abort() {
        for (_, sink) in sinks where !sink.renamed {
            sink.discard()
        }
        removeScratch()
        finished = true
    }

    private func removeScratch() {
        for sink in scratch { sink.discard() }
        scratch.removeAll()
    }

    private static func makeDirectory(_ path: String) throws(OutputError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw OutputError(path: path, message: "exists and is not a directory")
            }
            return
        }
        var partial = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            partial += component
            if stat(partial, &status) != 0 && mkdir(partial, 0o755) != 0 && Glibc.errno != EEXIST {
                throw OutputError.errno(partial, "cannot create directory")
            }
            partial += "/"
        }
    }

    private static func synchronizeDirectory(_ path: String) throws(OutputError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError.errno(path, "cannot open directory") }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 { throw OutputError.errno(path, "fsync failed") }
    }
}
