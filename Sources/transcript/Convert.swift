import ArgumentParser
import TranscriptKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert transcripts.",
        discussion: """
            One input (a file, or - for standard input) goes to -o OUT or standard output.
            Several inputs, a directory (walked recursively for *.json and *.jsonl, hidden files \
            skipped) or several formats (--to srt,vtt,json) make a batch: each output is written \
            beside its input with the new extension, or under --output-dir DIR mirroring the input's \
            path relative to the directory it was found in. Batches run in parallel (--jobs), never \
            overwrite an output without --force, resume with --skip-existing, split across machines \
            with --shard K/N and describe every input in --report FILE.
            Errors go to standard error as `INPUT: kind at byte N, path: reason`.
            Exit status: 0 when every input converted (or was skipped), 1 when some failed, 2 for a usage error.
            """
    )

    @Option(name: .long, help: "Source format: \(SourceFormat.allValueStrings.joined(separator: ", ")).")
    var from: SourceFormat = .auto

    @Option(name: .long, help: "Output format(s): srt, vtt, json, or several separated by commas (srt,vtt).")
    var to: OutputFormatList

    @Option(name: .shortAndLong, help: "Output file for one input (- for standard output), or an existing directory for several.")
    var output: String?

    @Option(name: .long, help: "The instant of t = 0: ISO-8601 (2026-05-13T14:29:41.785Z) or epoch milliseconds.")
    var origin: String?

    @Flag(name: .long, help: "Treat all inputs as pages of one transcript and write one output.")
    var merge = false

    @Option(name: .long, help: "Line endings of SRT/WebVTT output: lf or crlf.")
    var lineEnding: LineEnding = .lf

    @Flag(name: .long, help: "Start SRT/WebVTT output with a UTF-8 byte order mark.")
    var bom = false

    @Flag(name: .long, help: "SRT: do not prefix cues with the speaker's name.")
    var noSpeakerLabels = false

    @Option(name: .long, help: "Captioning style for SRT/WebVTT: netflix (default), bbc, shortform (1-3 words) or none (one cue per segment).")
    var preset: CaptionPreset = .netflix

    @Option(name: .long, help: "Most characters (display columns) per caption line; Chinese/Japanese keep 16/13 full-width.")
    var maxLineChars: Int?

    @Option(name: .long, help: "Most lines per cue.")
    var maxLines: Int?

    @Option(name: .long, help: "Most characters per second of reading speed.")
    var maxCps: Double?

    @Option(name: .long, help: "Shortest cue, ms.")
    var minDuration: Int64?

    @Option(name: .long, help: "Longest cue, ms.")
    var maxDuration: Int64?

    @Option(name: .long, help: "Least gap between cues, ms.")
    var minGap: Int64?

    @Option(name: .long, help: "Most words per cue (0: no limit).")
    var maxWords: Int?

    @Flag(name: .long, help: "WebVTT: word-level timestamps inside cues, where the source has word timing.")
    var karaoke = false

    @Flag(name: .long, help: "WebVTT: number the cues with identifiers.")
    var cueIds = false

    @Flag(name: .long, help: "WebVTT: start with a NOTE naming the source format and origin.")
    var note = false

    @OptionGroup(title: "Batch options")
    var batch: BatchOptions

    @Argument(help: "Input files or directories; - reads standard input.")
    var inputs: [String] = ["-"]

    func validate() throws {
        if let origin, OriginArgument.parse(origin) == nil {
            throw ValidationError("--origin must be ISO-8601 (e.g. 2026-05-13T14:29:41.785Z) or epoch milliseconds, not \(origin)")
        }
        if maxLineChars.map({ $0 < 1 }) == true || maxLines.map({ $0 < 1 }) == true || maxCps.map({ !($0 > 0) }) == true {
            throw ValidationError("--max-line-chars and --max-lines must be at least 1, --max-cps above 0")
        }
        if [minDuration, maxDuration, minGap].contains(where: { ($0 ?? 0) < 0 }) || (maxWords ?? 0) < 0 {
            throw ValidationError("--min-duration, --max-duration, --min-gap and --max-words must be 0 or more")
        }
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
        if merge {
            if to.formats.count > 1 { throw ValidationError("--merge writes one output: give one format to --to") }
            if let option = batch.batchOnlyOptionGiven {
                throw ValidationError("--merge writes one output; \(option) applies to batches")
            }
        }
    }

    /// How transcripts are decoded.
    var decodeOptions: DecodeOptions {
        DecodeOptions(format: from, origin: origin.flatMap(OriginArgument.parse))
    }

    /// How outputs are rendered; every output option ends up here.
    var outputSettings: OutputSettings {
        var captionOptions = CaptionOptions(preset: preset)
        if let maxLineChars { captionOptions.maxLineWidth = maxLineChars }
        if let maxLines { captionOptions.maxLines = maxLines }
        if let maxCps { captionOptions.maxCharactersPerSecond = maxCps }
        if let minDuration { captionOptions.minDuration = minDuration }
        if let maxDuration { captionOptions.maxDuration = maxDuration }
        if let minGap { captionOptions.minGap = minGap }
        if let maxWords { captionOptions.maxWords = maxWords }
        return OutputSettings(
            captioner: Captioner(options: captionOptions),
            writerOptions: CaptionWriterOptions(
                lineEnding: lineEnding, byteOrderMark: bom, speakerLabels: !noSpeakerLabels,
                karaoke: karaoke, cueIdentifiers: cueIds, note: note))
    }

    func run() throws {
        if merge {
            try runMerge()
            return
        }
        let plan = try BatchPlan.make(inputs: inputs, formats: to.formats, output: output, options: batch)
        let outcome = BatchRunner(plan: plan, decodeOptions: decodeOptions, settings: outputSettings).run()
        if let report = batch.report {
            do {
                try BatchReport.write(outcome, plan: plan, to: report)
            } catch {
                printError("\(report): \(error)\n")
                throw ExitCode(ExitStatus.someFailed)
            }
        }
        if outcome.failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }

    /// `--merge`: all inputs are pages of one transcript, written to -o or standard output.
    private func runMerge() throws {
        do {
            let transcript = try Transcript(mergingPagesAt: inputs, options: decodeOptions)
            try outputSettings.write(transcript, as: to.formats[0], to: output ?? "-")
        } catch {
            printError("\(inputs.joined(separator: ", ")): \(error)\n")
            throw ExitCode(ExitStatus.someFailed)
        }
    }
}

/// Parses `--origin`.
enum OriginArgument {
    static func parse(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        return TimeText.parseISO8601(text)
    }
}

/// `--to srt,vtt,json`: one or more output formats, in the order given, without repeats.
struct OutputFormatList: ExpressibleByArgument, Sendable {
    var formats: [OutputFormat]

    init?(argument: String) {
        var formats: [OutputFormat] = []
        for name in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let format = OutputFormat(rawValue: String(name).trimmingSpaces().lowercased()) else { return nil }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { return nil }
        self.formats = formats
    }

    static var allValueStrings: [String] { OutputFormat.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// What is needed to render a transcript: the captioner and the writers' options.
struct OutputSettings: Sendable {
    var captioner: Captioner
    var writerOptions: CaptionWriterOptions

    /// Writes `transcript` to `path` (atomically), or to standard output for `-`.
    func write(_ transcript: Transcript, as format: OutputFormat, to path: String) throws(TranscriptError) {
        if path == "-" {
            var sink = FileDescriptorSink(descriptor: 1)
            try transcript.write(format, to: &sink, captioner: captioner, options: writerOptions)
        } else {
            try transcript.write(format, toFile: path, captioner: captioner, options: writerOptions)
        }
    }
}

extension CaptionPreset: ExpressibleByArgument {}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view.removeFirst() }
        while view.last == " " { view.removeLast() }
        return String(view)
    }
}
