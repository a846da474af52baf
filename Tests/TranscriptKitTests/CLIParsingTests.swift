import ArgumentParser
import Testing
@testable import transcript

/// The CLI parses a plain conversion with `Convert` alone (the whole tree's parse costs ~2× the
/// instructions of converting a small page); these check that the shortcut changes nothing.
@Suite("CLI argument parsing")
struct CLIParsingTests {
    static let plainConversions: [[String]] = [
        ["--to", "srt", "a.json"],
        ["convert", "--to", "srt", "a.json"],
        ["convert", "--to", "srt,vtt,json", "--preset", "bbc", "-o", "out", "a.json", "b.jsonl"],
        ["--to", "vtt", "--karaoke", "--cue-ids", "--note", "--max-words", "4", "--line-ending", "crlf", "--bom", "x.json"],
        ["--from", "tencent", "--origin", "2026-05-13T14:29:41.785Z", "--to", "srt", "--no-speaker-labels",
         "--max-line-chars", "20", "--max-lines", "3", "--max-cps", "5.5", "--min-duration", "2000",
         "--max-duration", "3000", "--min-gap", "200", "x.json"],
        ["--to", "json", "-j", "3", "--output-dir", "d", "--force", "--skip-existing", "--shard", "2/4",
         "--report", "r.json", "-q", "in", "more"],
        ["-o", "-", "--to", "srt", "-"],
        ["--merge", "--to", "srt", "p1.json", "p2.json"],
        ["--to=srt", "--preset=none", "x.json"],
    ]

    @Test("a plain conversion parses to the same command either way", arguments: plainConversions)
    func sameCommand(arguments: [String]) throws {
        let shortcut = try #require(TranscriptCommand.plainConversionArguments(arguments))
        let fast = try Convert.parse(shortcut)
        let full = try #require(try TranscriptCommand.parseAsRoot(arguments) as? Convert)
        #expect(Self.describe(fast) == Self.describe(full))
        let chosen = try #require(try TranscriptCommand.parseCommand(arguments) as? Convert)
        #expect(Self.describe(chosen) == Self.describe(full))
    }

    @Test("help, other subcommands, completion scripts and -- go through the whole tree", arguments: [
        [], ["--help"], ["-h"], ["-qh"], ["help"], ["help", "convert"], ["convert", "--help"], ["inspect", "x.json"],
        ["--to", "srt", "--", "-file"], ["--generate-completion-script", "bash"], ["--version"],
        ["--to", "srt", "inspect"], ["convert"], ["---completion", "convert", "--", "--to"], ["---completion", "--to"],
    ])
    func wholeTree(arguments: [String]) {
        #expect(TranscriptCommand.plainConversionArguments(arguments) == nil)
    }

    @Test("a usage error reads the same as the whole tree's", arguments: [
        ["--to", "xyz", "a.json"], ["a.json"], ["--to", "srt", "--max-lines", "0", "a.json"],
        ["--to", "srt", "--origin", "yesterday", "a.json"], ["--to", "srt", "--bogus", "a.json"],
        ["convert", "--to", "srt", "-", "-"], ["--merge", "--to", "srt,vtt", "a.json"],
    ])
    func sameError(arguments: [String]) {
        var viaShortcut = ""
        var viaTree = ""
        do { _ = try TranscriptCommand.parseCommand(arguments) } catch { viaShortcut = TranscriptCommand.fullMessage(for: error) }
        do { _ = try TranscriptCommand.parseAsRoot(arguments) } catch { viaTree = TranscriptCommand.fullMessage(for: error) }
        #expect(!viaTree.isEmpty)
        #expect(viaShortcut == viaTree)
    }

    /// Arguments the filter lets through but `Convert` alone cannot parse fall back to the whole
    /// tree: the outcome (the command's type, or the message thrown) is the whole tree's.
    @Test("what the shortcut cannot parse ends as the whole tree's parse does", arguments: [
        ["--to", "srt", "--help-hidden", "a.json"], ["--to", "srt", "--help=x", "a.json"],
        ["--to", "srt", "--experimental-x", "a.json"], ["--output=--help", "--to", "srt", "a.json"],
        ["--to", "srt", "--version-x", "a.json"],
    ])
    func sameOutcome(arguments: [String]) {
        #expect(Self.outcome { try TranscriptCommand.parseCommand(arguments) }
                == Self.outcome { try TranscriptCommand.parseAsRoot(arguments) })
    }

    static func outcome(_ parse: () throws -> any ParsableCommand) -> String {
        do {
            let command = try parse()
            guard let convert = command as? Convert else { return "\(type(of: command))" }
            return describe(convert)
        } catch {
            return "error: " + TranscriptCommand.fullMessage(for: error)
        }
    }

    static func describe(_ command: Convert) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }
}
