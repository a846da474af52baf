import ArgumentParser
import TranscriptKit

/// `transcript inspect INPUT`: what a file is and what is in it — the first command to run on
/// an unknown file.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the detected format and a summary of transcripts.",
        discussion: """
            Prints, for each INPUT, the format detected (or given with --from), its size and a \
            short summary: origin, time span, segments, words, channels and speakers. A file \
            that does not decode shows the error (and the format, when it was recognised). \
            Exit status: 0 when every input decoded, 1 otherwise.
            """
    )

    @Option(name: .long, help: "Source format: \(SourceFormat.allValueStrings.joined(separator: ", ")).")
    var from: SourceFormat = .auto

    @Argument(help: "Input files; - reads standard input.")
    var inputs: [String] = ["-"]

    func validate() throws {
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
    }

    func run() throws {
        var failures = 0
        for (index, input) in inputs.enumerated() {
            let text = (index > 0 ? "\n" : "") + describe(input, failures: &failures)
            do {
                try printOutput(text)
            } catch {
                printError("transcript: \(error)\n")
                throw ExitCode(ExitStatus.someFailed)
            }
        }
        if failures > 0 { throw ExitCode(ExitStatus.someFailed) }
    }

    private func describe(_ input: String, failures: inout Int) -> String {
        var lines = [input]
        func field(_ name: String, _ value: String) {
            lines.append("  " + name + ":" + String(repeating: " ", count: max(1, 11 - name.count)) + value)
        }
        let how = from == .auto ? "detected" : "given with --from"
        var decoder: TranscriptDecoder
        do {
            decoder = try TranscriptDecoder(options: DecodeOptions(format: from))
        } catch {
            field("error", error.description)
            failures += 1
            return lines.joined(separator: "\n") + "\n"
        }
        var bytes = 0
        do {
            bytes = try decoder.decode(contentsOf: input)
        } catch {
            field("format", decoder.format.map { "\($0) (\(how))" } ?? "not recognised")
            field("error", error.description)
            failures += 1
            return lines.joined(separator: "\n") + "\n"
        }
        let format = decoder.format
        let transcript: Transcript
        do {
            transcript = try decoder.finish()
        } catch {
            field("format", format.map { "\($0) (\(how))" } ?? "not recognised")
            field("bytes", "\(bytes)")
            field("error", error.description)
            failures += 1
            return lines.joined(separator: "\n") + "\n"
        }

        field("format", format.map { "\($0) (\(how))" } ?? "none (empty input)")
        if format == .json, transcript.source != SourceFormat.json.rawValue {
            field("source", transcript.source + " (converted earlier)")
        }
        field("bytes", "\(bytes)")
        let segments = transcript.segments
        if let origin = transcript.origin {
            field("origin", TimeText.formatISO8601(origin))
        } else {
            field("origin", "unknown (times are relative)")
        }
        if segments.count > 0 {
            let first = segments.start.min() ?? 0
            let last = segments.end.max() ?? 0
            var span = Self.time(first) + " – " + Self.time(last) + " (" + Self.time(last - first) + ")"
            if let origin = transcript.origin {
                span += ", " + TimeText.formatISO8601(origin + first) + " – " + TimeText.formatISO8601(origin + last)
            }
            field("time span", span)
        }
        var segmentLine = "\(segments.count)"
        let partial = segments.flags.filter { $0.contains(.partial) }.count
        let inferred = segments.flags.filter { $0.contains(.inferredEnd) }.count
        if partial > 0 { segmentLine += ", \(partial) partial" }
        if inferred > 0 { segmentLine += ", \(inferred) with inferred ends" }
        field("segments", segmentLine)
        field("words", "\(transcript.words.count)")
        if transcript.channels.count > 0 {
            field("channels", "\(transcript.channels.count): " + transcript.channels.names.joined(separator: ", "))
        }
        field("speakers", "\(transcript.speakers.count)")
        var perSpeaker = [Int](repeating: 0, count: transcript.speakers.count)
        var spoken = [Int64](repeating: 0, count: transcript.speakers.count)
        var unattributed = 0
        for i in 0 ..< segments.count {
            let s = Int(segments.speaker[i])
            if s >= 0, s < perSpeaker.count {
                perSpeaker[s] += 1
                spoken[s] += segments.end[i] - segments.start[i]
            } else {
                unattributed += 1
            }
        }
        for s in 0 ..< transcript.speakers.count {
            let id = transcript.speakers.ids[s], name = transcript.speakers.names[s]
            let label = name.isEmpty || name == id ? id : "\(name) (\(id))"
            lines.append("    \(label): \(perSpeaker[s]) segment\(perSpeaker[s] == 1 ? "" : "s"), \(Self.time(spoken[s])) spoken")
        }
        if unattributed > 0 { lines.append("    (no speaker): \(unattributed) segment\(unattributed == 1 ? "" : "s")") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `h:mm:ss.mmm`.
    static func time(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let v = ms.magnitude
        func two(_ n: UInt64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = v % 1000
        let milliText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return sign + "\(v / 3_600_000):" + two(v / 60_000 % 60) + ":" + two(v / 1000 % 60) + "." + milliText
    }
}
