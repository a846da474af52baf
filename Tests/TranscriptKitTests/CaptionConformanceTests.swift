import Foundation
import Testing
@testable import TranscriptKit

/// Every corpus file that decodes × every preset, written as SRT and WebVTT and
///  1. checked by ``StrictCaptionChecker`` (the W3C WebVTT authoring rules, and SRT's shape), and
///  2. read back by two independent real parsers — ffmpeg (Debian) and python `srt` / `webvtt-py`
///     (PyPI), through `scripts/validate-captions.py` — which must see the same cues with the
///     same text.
///
/// `scripts/install-test-deps.sh` installs the parsers. A missing parser fails the test unless
/// `TRANSCRIPTKIT_SKIP_EXTERNAL_VALIDATORS=1`. The corpus is `Corpus/` at the repository root
/// (or `TRANSCRIPTKIT_CORPUS`); the synthetic hard cases of ``WriterCaptionTests`` always join it.
@Suite struct CaptionConformanceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Corpus files that decode today (other vendors' decoders land later; their files join then).
    static func corpusTranscripts() -> [(name: String, transcript: Transcript)] {
        let environment = ProcessInfo.processInfo.environment
        let root = environment["TRANSCRIPTKIT_CORPUS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent("Corpus")
        var found: [(String, Transcript)] = []
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var paths: [String] = []
        for case let url as URL in walker where ["json", "jsonl"].contains(url.pathExtension) {
            // Not Corpus/generated/: benchmark pages of hundreds of MB may be there.
            if url.path.dropFirst(root.path.count + 1).hasPrefix("generated/") { continue }
            paths.append(url.path)
        }
        for path in paths.sorted() {
            if let transcript = try? Transcript(contentsOf: path) {
                found.append((String(path.dropFirst(root.path.count + 1)), transcript))
            }
        }
        return found
    }

    struct Rendered {
        var path: String
        var format: OutputFormat
        var expected: [String]
        var voices: [String?]
    }

    @Test func everyCorpusFileAndPresetIsReadBackTheSame() throws {
        var inputs = Self.corpusTranscripts()
        inputs.append(("synthetic/tricky", WriterCaptionTests.tricky))
        #expect(inputs.count > 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transcriptkit-conformance-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var rendered: [Rendered] = []
        var totalCues = 0
        for (n, input) in inputs.enumerated() {
            for preset in CaptionPreset.allCases {
                let cues = Captioner(preset: preset).cues(for: input.transcript)
                totalCues += cues.count
                // Exercise the writer options too: karaoke, identifiers and a NOTE on every other file.
                let options = CaptionWriterOptions(lineEnding: n % 3 == 1 ? .crlf : .lf, byteOrderMark: n % 4 == 2,
                                                   karaoke: n % 2 == 0, cueIdentifiers: n % 2 == 0, note: n % 2 == 1)
                for format in [OutputFormat.srt, .vtt] {
                    var sink = MemorySink()
                    if format == .srt { try SRTWriter(options: options).write(cues, to: &sink) } else { try WebVTTWriter(options: options).write(cues, to: &sink) }
                    let label = "\(input.name) \(preset) \(format)"
                    let problems = format == .srt ? StrictCaptionChecker.checkSRT(sink.bytes) : StrictCaptionChecker.checkWebVTT(sink.bytes)
                    #expect(problems.isEmpty, "\(label): \(problems.prefix(5))")
                    let file = directory.appendingPathComponent("\(n)-\(preset).\(format.fileExtension)")
                    try Data(sink.bytes).write(to: file)
                    var expected: [String] = []
                    var voices: [String?] = []
                    var previousSpeaker: Int32 = -1
                    for i in 0 ..< cues.count {
                        let speaker = cues.speaker[i]
                        let name = speaker >= 0 ? cues.speakers[Int(speaker)] : ""
                        if format == .srt {
                            let label = speaker >= 0 && speaker != previousSpeaker && !name.isEmpty
                                ? String(decoding: SRTWriter.label(name), as: UTF8.self) + ": " : ""
                            expected.append(label + SRTWriter.displayText(cues.text(i)))
                        } else {
                            expected.append(cues.text(i))
                            // What a reader decodes: the folded name with references resolved.
                            let voice = String(decoding: WebVTTWriter.voiceName(name), as: UTF8.self)
                                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                                .replacingOccurrences(of: "&amp;", with: "&")
                            voices.append(voice.isEmpty ? nil : voice)
                        }
                        previousSpeaker = speaker
                    }
                    rendered.append(Rendered(path: file.path, format: format, expected: expected, voices: voices))
                }
            }
        }
        print("caption conformance: \(inputs.count) transcripts × \(CaptionPreset.allCases.count) presets, \(totalCues) cues, \(rendered.count) files")

        guard ProcessInfo.processInfo.environment["TRANSCRIPTKIT_SKIP_EXTERNAL_VALIDATORS"] != "1" else { return }
        let report = try ExternalValidator.run(rendered.map(\.path))
        #expect(report.count == rendered.count)
        for (file, seen) in zip(rendered, report) {
            let label = "\(file.path) (\(file.format))"
            #expect(seen.errors.isEmpty, "\(label): \(seen.errors)")
            #expect(seen.python == file.expected, "\(label): python parser read different cues")
            // ffmpeg's WebVTT decoder goes through ASS (see asASSWouldShow): a known ffmpeg rendering
            // of literal backslashes and braces (the SRT writer neutralises them; WebVTT keeps text as is).
            let ffmpegExpected = file.format == .vtt ? file.expected.map(Self.asASSWouldShow) : file.expected
            if file.format == .vtt, let seenByFFmpeg = seen.ffmpeg, seenByFFmpeg.count == ffmpegExpected.count {
                // ffmpeg does not decode references inside a voice annotation and spills such a name into
                // the text (an ffmpeg bug): compare only cues whose voice has no `&<>`.
                for (k, voice) in file.voices.enumerated() where !(voice ?? "").contains(where: { "&<>".contains($0) }) {
                    #expect(seenByFFmpeg[k] == ffmpegExpected[k], "\(label): ffmpeg read cue \(k) differently")
                }
            } else {
                #expect(seen.ffmpeg == ffmpegExpected, "\(label): ffmpeg read different cues")
            }
            if file.format == .vtt { #expect(seen.voices == file.voices, "\(label): voices differ") }
        }
    }

    /// ffmpeg turns the ASS escapes `\n` `\N` `\h` in WebVTT text into a line break and a space,
    /// and writes a literal `{` as `\{` in its SRT rendition.
    static func asASSWouldShow(_ text: String) -> String {
        text.replacingOccurrences(of: "{", with: "\\{")
            .replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\N", with: "\n")
            .replacingOccurrences(of: "\\h", with: "\u{A0}")
    }
}

/// Runs `scripts/validate-captions.py`.
enum ExternalValidator {
    struct FileReport: Decodable {
        var path: String
        var python: [String]?
        var ffmpeg: [String]?
        var voices: [String?]?
        var errors: [String]
    }

    static func run(_ paths: [String]) throws -> [FileReport] {
        let script = CaptionConformanceTests.repositoryRoot.appendingPathComponent("scripts/validate-captions.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + paths
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("""
                the real-parser validators are missing or failed (exit \(process.terminationStatus)): \(message)
                Run scripts/install-test-deps.sh, or set TRANSCRIPTKIT_SKIP_EXTERNAL_VALIDATORS=1 to skip them.
                """)
            return []
        }
        return try JSONDecoder().decode([FileReport].self, from: data)
    }
}

/// A strict checker of the W3C WebVTT authoring rules (https://www.w3.org/TR/webvtt1/, "WebVTT
/// file" syntax, not the lenient parser), plus the same shape rules for SRT, plus TranscriptKit's
/// own timing promises (no overlap, end after start). Returns the problems found.
enum StrictCaptionChecker {
    static func lines(_ bytes: [UInt8]) -> (lines: [String], problems: [String]) {
        var problems: [String] = []
        guard let text = String(validating: bytes, as: UTF8.self) else { return ([], ["not valid UTF-8"]) }
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let crlf = body.contains("\r\n")
        if crlf {
            if body.replacingOccurrences(of: "\r\n", with: "").contains(where: { $0 == "\r" || $0 == "\n" }) {
                problems.append("mixed line endings")
            }
        } else if body.contains("\r") {
            problems.append("bare CR")
        }
        let normalised = crlf ? body.replacingOccurrences(of: "\r\n", with: "\n") : String(body)
        return (normalised.components(separatedBy: "\n"), problems)
    }

    /// `[hh:]mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SRT) → ms.
    static func timestamp(_ s: Substring, srt: Bool) -> Int64? {
        let separator: Character = srt ? "," : "."
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == (srt ? 3 : parts.count), parts.count == 2 || parts.count == 3 else { return nil }
        let last = parts.last!.split(separator: separator, omittingEmptySubsequences: false)
        guard last.count == 2, last[0].count == 2, last[1].count == 3 else { return nil }
        let digits = parts.dropLast().map(String.init) + [String(last[0]), String(last[1])]
        guard digits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        var hours: Int64 = 0
        var minutes: Int64
        if parts.count == 3 {
            guard parts[0].count >= 2, parts[1].count == 2 else { return nil }
            hours = Int64(parts[0])!
            minutes = Int64(parts[1])!
        } else {
            guard parts[0].count == 2 else { return nil }
            minutes = Int64(parts[0])!
        }
        let seconds = Int64(last[0])!, millis = Int64(last[1])!
        guard minutes < 60, seconds < 60 else { return nil }
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
    }

    static func timing(_ line: String, srt: Bool) -> (Int64, Int64)? {
        let parts = line.components(separatedBy: " --> ")
        guard parts.count == 2, let a = timestamp(Substring(parts[0]), srt: srt) else { return nil }
        // WebVTT allows cue settings after the end time; we write none.
        guard let b = timestamp(Substring(parts[1]), srt: srt) else { return nil }
        return (a, b)
    }

    static func checkTimes(_ times: [(Int64, Int64)], into problems: inout [String]) {
        for (i, (start, end)) in times.enumerated() {
            if end <= start { problems.append("cue \(i + 1): end \(end) not after start \(start)") }
            if i > 0 {
                if start < times[i - 1].0 { problems.append("cue \(i + 1) starts before the previous cue") }
                if start < times[i - 1].1 { problems.append("cue \(i + 1) overlaps the previous cue") }
            }
        }
    }

    static func checkWebVTT(_ bytes: [UInt8]) -> [String] {
        var (lines, problems) = lines(bytes)
        guard let first = lines.first, first == "WEBVTT" || first.hasPrefix("WEBVTT ") || first.hasPrefix("WEBVTT\t") else {
            return problems + ["no WEBVTT header"]
        }
        guard lines.count >= 2, lines[1].isEmpty else { return problems + ["header not followed by a blank line"] }
        // Blocks: runs of non-empty lines.
        var blocks: [[String]] = []
        var current: [String] = []
        for line in lines.dropFirst(2) {
            if line.isEmpty {
                if !current.isEmpty { blocks.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        if lines.last != "" { problems.append("file does not end with a line terminator") }
        var times: [(Int64, Int64)] = []
        var sawCue = false
        for block in blocks {
            if block[0] == "NOTE" || block[0].hasPrefix("NOTE ") || block[0].hasPrefix("NOTE\t") {
                if sawCue { problems.append("NOTE after the first cue is allowed, but we promise it only in the header") }
                if block.contains(where: { $0.contains("-->") }) { problems.append("--> inside a NOTE") }
                continue
            }
            sawCue = true
            var index = 0
            if !block[0].contains("-->") {
                // A cue identifier: any text without "-->" and without line breaks.
                index = 1
            }
            guard index < block.count, let (start, end) = timing(block[index], srt: false) else {
                problems.append("bad cue timing line: \(block.prefix(2))")
                continue
            }
            times.append((start, end))
            let payload = Array(block[(index + 1)...])
            if payload.isEmpty { problems.append("empty cue at \(block[index])") }
            for line in payload where line.contains("-->") { problems.append("--> in a payload: \(line)") }
            problems += checkCueText(payload.joined(separator: "\n"), start: start, end: end)
        }
        checkTimes(times, into: &problems)
        return problems
    }

    /// WebVTT cue text: tags from the allowed set, balanced; `&` only as a character reference;
    /// timestamp tags strictly increasing, after the start and before the end.
    static func checkCueText(_ text: String, start: Int64, end: Int64) -> [String] {
        var problems: [String] = []
        var open: [String] = []
        var lastTime = start
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "&" {
                var j = i + 1
                while j < scalars.count, j - i < 12, scalars[j] != ";" { j += 1 }
                let name = String(String.UnicodeScalarView(scalars[(i + 1) ..< min(j, scalars.count)]))
                let known = ["amp", "lt", "gt", "lrm", "rlm", "nbsp"].contains(name) || name.hasPrefix("#")
                if j >= scalars.count || scalars[j] != ";" || !known { problems.append("bare & in cue text: \(text)") }
                i = j + 1
                continue
            }
            if c == ">" { problems.append("bare > in cue text: \(text)") }
            if c == "<" {
                guard let close = scalars[i...].firstIndex(of: ">") else { problems.append("unclosed tag"); break }
                let tag = String(String.UnicodeScalarView(scalars[(i + 1) ..< close]))
                if tag.contains("<") || tag.contains("\n") { problems.append("malformed tag <\(tag)>") }
                if tag.hasPrefix("/") {
                    let name = String(tag.dropFirst())
                    if open.last == name { open.removeLast() } else { problems.append("unbalanced </\(name)>") }
                } else if let first = tag.first, first.isNumber {
                    if let time = timestamp(Substring(tag), srt: false) {
                        if !(time > lastTime && time < end) { problems.append("timestamp <\(tag)> not strictly inside the cue and increasing") }
                        lastTime = time
                    } else {
                        problems.append("bad timestamp tag <\(tag)>")
                    }
                } else {
                    let name = String(tag.prefix { $0 != " " && $0 != "\t" && $0 != "." })
                    guard ["c", "i", "b", "u", "v", "lang", "ruby", "rt"].contains(name) else {
                        problems.append("unknown tag <\(tag)>"); i = close + 1; continue
                    }
                    if name == "v" || name == "lang" {
                        let annotation = tag.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
                        if annotation.isEmpty { problems.append("<\(name)> without annotation") }
                        // An annotation's `&` must begin a character reference (W3C: "cue span start tag").
                        let bareAmpersand = annotation.split(separator: "&", omittingEmptySubsequences: false).dropFirst()
                            .contains { !($0.hasPrefix("amp;") || $0.hasPrefix("lt;") || $0.hasPrefix("gt;")) }
                        if bareAmpersand || annotation.contains(">") { problems.append("unescaped annotation <\(tag)>") }
                    }
                    open.append(name)
                }
                i = close + 1
                continue
            }
            i += 1
        }
        // Only a voice span may be left open at the end of a cue.
        if open.contains(where: { $0 != "v" }) { problems.append("unclosed tags \(open)") }
        return problems
    }

    static func checkSRT(_ bytes: [UInt8]) -> [String] {
        var (lines, problems) = lines(bytes)
        if bytes.isEmpty { return [] }
        var blocks: [[String]] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { blocks.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current); problems.append("file does not end with a blank line") }
        var times: [(Int64, Int64)] = []
        for (n, block) in blocks.enumerated() {
            guard block.count >= 3 else { problems.append("cue \(n + 1) has no text: \(block)"); continue }
            if block[0] != String(n + 1) { problems.append("cue \(n + 1) numbered \(block[0])") }
            guard let (start, end) = timing(block[1], srt: true) else { problems.append("bad SRT timing: \(block[1])"); continue }
            times.append((start, end))
            for line in block.dropFirst(2) {
                if line.contains("-->") { problems.append("--> in SRT text: \(line)") }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("blank text line") }
            }
        }
        checkTimes(times, into: &problems)
        return problems
    }
}
