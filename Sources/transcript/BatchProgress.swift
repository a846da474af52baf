import TranscriptKit
#if canImport(Glibc)
import Glibc
#endif

/// Progress on standard error: a redrawn bar on a terminal (files done/total, MB/s, ETA,
/// failures so far), a plain line every few seconds otherwise, nothing with `--quiet`.
/// Failures are always reported, one line each: `INPUT: kind at byte N, path: reason`.
final class BatchProgress: Sendable {
    enum Style: Sendable { case bar, lines, silent }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    private struct State {
        var done = 0
        var failed = 0
        var bytes = 0
        var lastDraw: ContinuousClock.Instant
        var barShown = false
    }

    private let style: Style
    private let total: Int
    private let started: ContinuousClock.Instant
    private let state: Locked<State>

    init(style: Style, total: Int) {
        self.style = style
        self.total = total
        started = .now
        state = Locked(State(lastDraw: started))
    }

    var elapsedSeconds: Double { (ContinuousClock.now - started).seconds }

    /// Called by a worker when an input is done.
    func record(input: String, result: BatchResult) {
        state.withLock { state in
            state.done += 1
            state.bytes += result.bytes
            var text = ""
            if let error = result.error {
                state.failed += 1
                if state.barShown { text += "\r\u{1B}[K" }
                text += "\(input): \(error)\n"
            }
            let now = ContinuousClock.now
            switch style {
            case .bar:
                if !text.isEmpty || now - state.lastDraw >= .milliseconds(100) || state.done == total {
                    text += "\r" + Self.bar(state, total: total, seconds: (now - started).seconds) + "\u{1B}[K"
                    state.lastDraw = now
                    state.barShown = true
                }
            case .lines:
                if now - state.lastDraw >= .seconds(2) {
                    text += "transcript: " + Self.status(state, total: total, seconds: (now - started).seconds) + "\n"
                    state.lastDraw = now
                }
            case .silent:
                break
            }
            if !text.isEmpty { printError(text) }
        }
    }

    /// Clears the bar and prints the summary.
    func finish(_ outcome: BatchOutcome, plan: BatchPlan) {
        state.withLock { state in
            var text = state.barShown ? "\r\u{1B}[K" : ""
            if style != .silent {
                text += "transcript: \(outcome.results.count) input\(outcome.results.count == 1 ? "" : "s")"
                if let shard = plan.shard { text += " (shard \(shard) of \(plan.inputsFound))" }
                text += ": \(outcome.converted) converted, \(outcome.skipped) skipped, \(outcome.failed) failed; "
                text += Self.megabytes(outcome.bytes) + " MB in " + Self.decimal(outcome.seconds, 2) + " s ("
                text += Self.megabytes(Int(Double(outcome.bytes) / max(outcome.seconds, 1e-6))) + " MB/s)\n"
            }
            if !text.isEmpty { printError(text) }
        }
    }

    private static func bar(_ state: State, total: Int, seconds: Double) -> String {
        let width = 24
        let filled = total == 0 ? width : state.done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + status(state, total: total, seconds: seconds)
    }

    private static func status(_ state: State, total: Int, seconds: Double) -> String {
        var text = "\(state.done)/\(total) files, "
        text += megabytes(Int(Double(state.bytes) / max(seconds, 1e-6))) + " MB/s"
        if state.done > 0, state.done < total {
            text += ", ETA " + clock(seconds / Double(state.done) * Double(total - state.done))
        }
        if state.failed > 0 { text += ", \(state.failed) failed" }
        return text
    }

    static func megabytes(_ bytes: Int) -> String { decimal(Double(bytes) / 1_000_000, 1) }

    /// `value` with `places` decimals (no Foundation formatter needed for this).
    static func decimal(_ value: Double, _ places: Int) -> String {
        var scale = 1
        for _ in 0 ..< places { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        let whole = scaled / scale
        guard places > 0 else { return "\(whole)" }
        let fraction = String(scaled % scale)
        return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }
}
