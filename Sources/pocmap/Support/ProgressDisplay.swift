import Glibc
import PocMapPipeline
import PocMapRun
import PocMapVerifyCLI
import Synchronization

/// Shows the progress of `pocmap run` on standard error (presentation only).
///
/// - On a terminal: one line redrawn in place (stage, records, records/s, ETA when the input size is known), and a
///   permanent line per finished stage.
/// - Otherwise (a log file, CI): plain lines, one per finished stage and map step, and a count at most every
///   10 seconds while verifying.
/// - Silent with `--quiet`.
final class ProgressDisplay: Sendable {
    enum Mode {
        case terminal
        case log
        case silent
    }

    let mode: Mode
    private let state = Mutex(State())

    private struct State {
        var lineShown = false
        var lastLogSeconds = -1.0
    }

    /// A display for standard error: terminal mode when it is a terminal, silent when `quiet`.
    init(quiet: Bool) {
        mode = quiet ? .silent : (isatty(STDERR_FILENO) == 1 ? .terminal : .log)
    }

    /// Shows one progress event.
    func show(_ progress: RunProgress) {
        guard mode != .silent else { return }
        state.withLock { state in
            switch mode {
            case .silent: return
            case .terminal:
                if progress.finished {
                    ProgressDisplay.write("\r\u{1B}[K" + ProgressDisplay.finishedLine(progress) + "\n")
                    state.lineShown = false
                } else {
                    ProgressDisplay.write("\r\u{1B}[K" + ProgressDisplay.liveLine(progress))
                    state.lineShown = true
                }
            case .log:
                if progress.finished || progress.message != nil {
                    ProgressDisplay.write(
                        progress.finished
                            ? ProgressDisplay.finishedLine(progress) + "\n"
                            : "pocmap run: \(progress.stage.rawValue): \(progress.message ?? "")\n"
                    )
                } else if progress.records != nil && progress.stageSeconds - state.lastLogSeconds >= 10 {
                    state.lastLogSeconds = progress.stageSeconds
                    if progress.stageSeconds >= 1 { ProgressDisplay.write(ProgressDisplay.liveLine(progress) + "\n") }
                }
            }
        }
    }

    /// Clears a live line left on the terminal (before an error message or the final line).
    func clear() {
        state.withLock { state in
            if state.lineShown { ProgressDisplay.write("\r\u{1B}[K") }
            state.lineShown = false
        }
    }

    /// Prints a final line unless silent.
    func note(_ text: String) {
        guard mode != .silent else { return }
        clear()
        ProgressDisplay.write(text + "\n")
    }

    // MARK: - Formatting

    static func liveLine(_ progress: RunProgress) -> String {
        var line = "pocmap run: \(progress.stage.rawValue)"
        if let records = progress.records {
            line += "  \(count(records)) records"
            if progress.stageSeconds > 0.5 {
                let rate = Double(records) / progress.stageSeconds
                line += "  \(count(Int(rate)))/s"
                if let total = progress.estimatedRecords, total > records, rate > 0 {
                    let percent = min(99, records * 100 / max(total, 1))
                    line += "  \(percent)%  ETA \(duration(Double(total - records) / rate))"
                }
            }
        } else if let message = progress.message {
            line += ": \(message)"
        }
        line += "  [\(duration(progress.stageSeconds))]"
        return line
    }

    static func finishedLine(_ progress: RunProgress) -> String {
        let stage = progress.stage.rawValue.padding(to: 8)
        return "pocmap run: \(stage) done in \(duration(progress.stageSeconds)): \(progress.message ?? "")"
    }

    /// 1234567 as "1.23 M", 12345 as "12.3 k".
    static func count(_ value: Int) -> String {
        switch value {
        case ..<10_000: return String(value)
        case ..<1_000_000: return decimal(Double(value) / 1000, 1) + " k"
        default: return decimal(Double(value) / 1_000_000, 2) + " M"
        }
    }

    /// Seconds as "4.2 s", "1:05", "1:02:03".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return decimal(seconds, 1) + " s" }
        let total = Int(seconds.rounded())
        let two = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        if total < 3600 { return "\(total / 60):\(two(total % 60))" }
        return "\(total / 3600):\(two(total / 60 % 60)):\(two(total % 60))"
    }

    static func decimal(_ value: Double, _ places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let units = Int((value * Double(scale)).rounded())
        let fraction = String(units % scale)
        return "\(units / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    static func write(_ text: String) {
        writeStandardError(text)
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
