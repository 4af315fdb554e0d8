import Glibc
import PocMapPipeline

/// The all-or-nothing output directory of `pocmap run`.
///
/// **Protocol.** Every stage writes into a hidden staging directory inside the output directory,
/// `OUT/.pocmap-run-PID.partial/` (same file system, so renames are atomic). When every stage has finished,
/// ``commit(files:summary:pause:)``:
/// 1. writes `summary.json` into the staging directory (and, when asked, flushes every staged file to disk);
/// 2. removes `OUT/summary.json`: from this instant the directory holds no complete set;
/// 3. removes outputs of an earlier run that the new set does not have (``knownOutputs``);
/// 4. renames every staged file into `OUT` (each `rename(2)` atomic: a final name holds either an old complete file
///    or a new complete file, never a partial one);
/// 5. renames `summary.json` into `OUT` **last**, and removes the staging directory.
///
/// So **`summary.json` marks a complete set**: when it is present, every file it lists under `files` is the
/// complete output of the same run (with the listed byte sizes). A run killed before step 2 (even by SIGKILL) leaves
/// the previous complete set untouched; killed between 2 and 5 it leaves no `summary.json`, and the files present
/// are each complete (old or new) but do not form a set. Leftover staging directories of dead processes are
/// removed by the next run (``removeStaleStaging()``); they are hidden and never hold a final name.
final class RunCommit {
    /// Every name a run may write into the output directory (summary.json last).
    static let knownOutputs = [
        "verdicts.ndjson", "rejects.ndjson", "hotspots.csv", "state.txt", "density.csv", "rewards.csv", "pools.csv",
        "calibration.csv", "coverage.tif", "coverage.tif.aux.xml", "coverage.qml", "coverage_class.tif",
        "coverage_class.tif.aux.xml",
        "coverage_class.qml", "coverage.png", "coverage.gpkg", "summary.json",
    ]
    static let stagingPrefix = ".pocmap-run-"
    static let stagingSuffix = ".partial"

    /// The output directory.
    let directory: String
    /// The staging directory inside it.
    let staging: String
    private var finished = false

    /// Creates the output directory (and parents) when missing, removes stale staging directories and creates this
    /// run's staging directory.
    init(directory: String) throws(RunFailure) {
        self.directory = directory
        staging = RunCommit.join(directory, "\(RunCommit.stagingPrefix)\(getpid())\(RunCommit.stagingSuffix)")
        do throws(OutputError) {
            try OutputCommit(directory: directory).abort()
        } catch {
            throw .failed("cannot create the output directory: \(error)")
        }
        removeStaleStaging()
        RunCommit.removeTree(staging)
        guard mkdir(staging, 0o755) == 0 else {
            throw .failed("\(staging): cannot create the staging directory: \(RunCommit.errnoText())")
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// The path of `name` in the staging directory.
    func stagedPath(_ name: String) -> String { RunCommit.join(staging, name) }

    /// Removes `.pocmap-run-PID.partial` directories of processes that no longer run (a killed run's leftovers).
    func removeStaleStaging() {
        for name in RunCommit.entries(of: directory)
        where name.hasPrefix(RunCommit.stagingPrefix) && name.hasSuffix(RunCommit.stagingSuffix) {
            let digits = name.dropFirst(RunCommit.stagingPrefix.count).dropLast(RunCommit.stagingSuffix.count)
            guard let pid = Int32(digits), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            RunCommit.removeTree(RunCommit.join(directory, name))
        }
    }

    /// Writes `summary` as summary.json and moves the staged `files` (summary.json excluded) into place by the
    /// protocol above. With `synchronize` every staged file and the directory are fsynced first (protection against
    /// power loss as well; a killed process needs no fsync). `pause` seconds are slept between renames (a test hook).
    func commit(files: [String], summary: String, synchronize: Bool, pause: Double) throws(RunFailure) {
        do throws(OutputError) {
            let sink = try ByteSink(path: stagedPath("summary.json"))
            try sink.write(summary)
            try sink.close()
        } catch {
            throw .failed("cannot write summary.json: \(error)")
        }
        for name in files + ["summary.json"] where synchronize {
            let path = stagedPath(name)
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .failed("\(path): cannot open: \(RunCommit.errnoText())") }
            let synced = fsync(descriptor) == 0
            close(descriptor)
            guard synced else { throw .failed("\(path): fsync failed: \(RunCommit.errnoText())") }
        }
        let marker = RunCommit.join(directory, "summary.json")
        if unlink(marker) != 0 && errno != ENOENT {
            throw .failed("\(marker): cannot remove the previous summary: \(RunCommit.errnoText())")
        }
        if synchronize { RunCommit.synchronizeDirectory(directory) }
        let newSet = Set(files)
        for name in RunCommit.knownOutputs where !newSet.contains(name) && name != "summary.json" {
            unlink(RunCommit.join(directory, name))
        }
        for name in files + ["summary.json"] {
            if pause > 0 { RunCommit.sleep(pause) }
            let target = RunCommit.join(directory, name)
            guard rename(stagedPath(name), target) == 0 else {
                throw .failed("\(target): cannot rename into place: \(RunCommit.errnoText())")
            }
        }
        if synchronize { RunCommit.synchronizeDirectory(directory) }
        finished = true
        RunCommit.removeTree(staging)
    }

    /// Removes the staging directory and everything in it; the output directory is left as it was.
    func discard() {
        finished = true
        RunCommit.removeTree(staging)
    }

    /// The size of a staged file in bytes.
    func stagedSize(_ name: String) -> Int64? {
        var info = stat()
        guard stat(stagedPath(name), &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// The plain files in the staging directory (hidden ones excluded), sorted by name.
    func stagedFiles() -> [String] {
        RunCommit.entries(of: staging).filter { name in
            var info = stat()
            return !name.hasPrefix(".") && stat(stagedPath(name), &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        }.sorted()
    }

    // MARK: - File system helpers

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func entries(of path: String) -> [String] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Deletes a file or a directory tree (no symlink is followed).
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in entries(of: path) { removeTree(join(path, name)) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    static func synchronizeDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func sleep(_ seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
