import ArgumentParser
import TranscriptKit
#if canImport(Glibc)
import Glibc
#endif

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert transcripts.",
        discussion: """
            Reads each INPUT (a file, or - for standard input) and writes it as --to.
            With one input (or --merge), the output goes to -o OUT or standard output;
            with several, each output is written beside its input with the new extension,
            or into -o DIR when it is a directory.
            Errors go to standard error as `INPUT: kind at byte N, path: reason`.
            The exit status is 0 only when every input converted.
            """
    )

    @Option(name: .long, help: "Source format: \(SourceFormat.allValueStrings.joined(separator: ", ")).")
    var from: SourceFormat = .auto

    @Option(name: .long, help: "Output format: srt, vtt or json.")
    var to: OutputFormat

    @Option(name: .shortAndLong, help: "Output file (or directory for several inputs); - for standard output.")
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

    @Argument(help: "Input files; - reads standard input.")
    var inputs: [String] = ["-"]

    func validate() throws {
        if let origin, OriginArgument.parse(origin) == nil {
            throw ValidationError("--origin must be ISO-8601 (e.g. 2026-05-13T14:29:41.785Z) or epoch milliseconds, not \(origin)")
        }
        if maxLineChars.map({ $0 < 1 }) == true || maxLines.map({ $0 < 1 }) == true || maxCps.map({ !($0 > 0) }) == true {
            throw ValidationError("--max-line-chars and --max-lines must be at least 1, --max-cps above 0")
        }
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
    }

    func run() throws {
        let options = DecodeOptions(format: from, origin: origin.flatMap(OriginArgument.parse))
        let writerOptions = CaptionWriterOptions(lineEnding: lineEnding, byteOrderMark: bom, speakerLabels: !noSpeakerLabels,
                                                 karaoke: karaoke, cueIdentifiers: cueIds, note: note)
        var captionOptions = CaptionOptions(preset: preset)
        if let maxLineChars { captionOptions.maxLineWidth = maxLineChars }
        if let maxLines { captionOptions.maxLines = maxLines }
        if let maxCps { captionOptions.maxCharactersPerSecond = maxCps }
        if let minDuration { captionOptions.minDuration = minDuration }
        if let maxDuration { captionOptions.maxDuration = maxDuration }
        if let minGap { captionOptions.minGap = minGap }
        if let maxWords { captionOptions.maxWords = maxWords }
        let captioner = Captioner(options: captionOptions)
        var failures = 0

        if merge || inputs.count == 1 {
            let name = merge ? inputs.joined(separator: ", ") : inputs[0]
            do {
                let transcript = merge
                    ? try Transcript(mergingPagesAt: inputs, options: options)
                    : try Transcript(contentsOf: inputs[0], options: options)
                try OutputTarget.write(transcript, as: to, to: output ?? "-", options: writerOptions, captioner: captioner)
            } catch {
                report(name, error)
                failures += 1
            }
        } else {
            let directory = output.flatMap { OutputTarget.isDirectory($0) ? $0 : nil }
            if let output, directory == nil {
                report(output, TranscriptError(.usage, "with several inputs, -o must name an existing directory"))
                throw ExitCode(2)
            }
            for input in inputs {
                do {
                    let transcript = try Transcript(contentsOf: input, options: options)
                    let target = input == "-" ? "-" : OutputTarget.path(for: input, format: to, directory: directory)
                    try OutputTarget.write(transcript, as: to, to: target, options: writerOptions, captioner: captioner)
                } catch {
                    report(input, error)
                    failures += 1
                }
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func report(_ input: String, _ error: any Error) {
        let line = "\(input): \(error)\n"
        var sink = FileDescriptorSink(descriptor: 2)
        var text = line
        text.withUTF8 { try? sink.write(UnsafeRawBufferPointer($0)) }
    }
}

/// Parses `--origin`.
enum OriginArgument {
    static func parse(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        return TimeText.parseISO8601(text)
    }
}

/// Output paths and writing.
enum OutputTarget {
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `dir/name.json` → `dir/name.srt` (or into `directory`).
    static func path(for input: String, format: OutputFormat, directory: String?) -> String {
        var name = input
        if let slash = name.lastIndex(of: "/"), directory != nil { name = String(name[name.index(after: slash)...]) }
        if let dot = name.lastIndex(of: "."), !name[dot...].contains("/") { name = String(name[..<dot]) }
        name += "." + format.fileExtension
        if let directory { return directory.hasSuffix("/") ? directory + name : directory + "/" + name }
        return name
    }

    static func write(_ transcript: Transcript, as format: OutputFormat, to path: String, options: CaptionWriterOptions,
                      captioner: Captioner) throws {
        if path == "-" {
            var sink = FileDescriptorSink(descriptor: 1)
            try transcript.write(format, to: &sink, captioner: captioner, options: options)
            return
        }
        var sink = try AtomicFileSink(path: path)
        do {
            try transcript.write(format, to: &sink, captioner: captioner, options: options)
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
    }
}

extension CaptionPreset: ExpressibleByArgument {}
