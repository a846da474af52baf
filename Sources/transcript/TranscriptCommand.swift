import ArgumentParser
import TranscriptKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Convert speech vendors' transcript JSON to SRT, WebVTT or canonical JSON.",
        discussion: "Exit status: 0 when every input converted, 1 when some failed, 2 for a usage error.",
        subcommands: [Convert.self, Inspect.self],
        defaultSubcommand: Convert.self
    )

    /// As ArgumentParser's, except that usage errors exit with 2 (its default is 64).
    static func main() {
        do {
            var command = try parseCommand(Array(CommandLine.arguments.dropFirst()))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error) + "\n"
                var sink = FileDescriptorSink(descriptor: 2)
                var text = message
                text.withUTF8 { try? sink.write(UnsafeRawBufferPointer($0)) }
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

extension TranscriptCommand {
    /// The command `arguments` ask for.
    ///
    /// A plain conversion (`transcript [convert] OPTIONS INPUTS`, the call a batch job makes once
    /// per file) is parsed by ``Convert`` alone. The whole tree's parse builds the commands'
    /// argument sets several times over by reflection: callgrind counted 21 M instructions of
    /// ArgumentParser in 29 M for converting an empty page, 12 M this way. Anything else (another
    /// subcommand, help, completion scripts, `--`, any error) goes through the whole tree, so
    /// usage, help and error messages stay exactly ArgumentParser's.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        if let convertArguments = plainConversionArguments(arguments),
           let command = try? Convert.parse(convertArguments) {
            return command
        }
        return try parseAsRoot(arguments)
    }

    /// The arguments for ``Convert`` when `arguments` are a plain conversion, else nil.
    static func plainConversionArguments(_ arguments: [String]) -> [String]? {
        var convertArguments = arguments[...]
        if convertArguments.first == "convert" { convertArguments = convertArguments.dropFirst() }
        guard !convertArguments.isEmpty else { return nil }
        for argument in convertArguments {
            if argument == "help" || argument == "convert" || argument == "inspect" || argument == "--" { return nil }
            if argument.hasPrefix("--") {
                // `---completion` is how completion scripts call back in.
                if argument == "--help" || argument == "--version" || argument.hasPrefix("--generate-completion-script")
                    || argument.hasPrefix("--experimental") || argument.hasPrefix("---") { return nil }
            } else if argument.hasPrefix("-"), argument.contains("h") {
                // -h, -help, or -h among grouped short flags (and, to be safe, any short option
                // with an `h` in a value joined to it, such as -ohome: the whole tree parses those).
                return nil
            }
        }
        return Array(convertArguments)
    }
}

/// The exit statuses the commands use.
enum ExitStatus {
    static let success: Int32 = 0
    static let someFailed: Int32 = 1
    static let usage: Int32 = 2
}

/// Writes `text` to standard error, ignoring failures (there is nowhere left to report them).
func printError(_ text: String) {
    var sink = FileDescriptorSink(descriptor: 2)
    var text = text
    text.withUTF8 { try? sink.write(UnsafeRawBufferPointer($0)) }
}

/// Writes `text` to standard output.
func printOutput(_ text: String) throws(TranscriptError) {
    var sink = FileDescriptorSink(descriptor: 1)
    var text = text
    let result: Result<Void, TranscriptError> = text.withUTF8 { buffer in
        Result { () throws(TranscriptError) in try sink.write(UnsafeRawBufferPointer(buffer)) }
    }
    try result.get()
}

extension SourceFormat: ExpressibleByArgument {
    public init?(argument: String) {
        let format = SourceFormat(argument)
        guard format == .auto || SourceFormat.known.contains(format) else { return nil }
        self = format
    }

    public static var allValueStrings: [String] { ["auto"] + SourceFormat.known.map(\.rawValue) }
}

extension OutputFormat: ExpressibleByArgument {}
extension LineEnding: ExpressibleByArgument {}
