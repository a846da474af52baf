import ArgumentParser
import TranscriptKit

@main
struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Convert speech vendors' transcript JSON to SRT, WebVTT or canonical JSON.",
        subcommands: [Convert.self],
        defaultSubcommand: Convert.self
    )
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
