import Foundation

/// What a user would write instead of TranscriptKit, in Swift: Foundation's `JSONDecoder` into
/// `Codable` models, a sort, and a simple SRT writer. Written the way a competent user would
/// (no deliberate slowness), to be measured against the library in the same run.
public enum FoundationBaseline {
    struct Response: Decodable {
        var errcode: Int
        var errmsg: String?
        var offset: Int?
        var data: [String: Leg]?
    }

    struct Leg: Decodable {
        var context: [Record]
    }

    struct Record: Decodable {
        var id: String
        var content: String
        var timestamp: Int64
        var duration: Double?
        var source_number: String?
        var name: String?
    }

    struct Cue {
        var start: Int64
        var end: Int64
        var leg: Int
        var sequence: Int
        var speaker: String
        var text: String
    }

    /// Yeastar JSON → SRT bytes.
    public static func yeastarToSRT(_ data: Data) throws -> Data {
        let response = try JSONDecoder().decode(Response.self, from: data)
        guard response.errcode == 0 else { throw BenchError("Yeastar error \(response.errcode)") }
        var cues: [Cue] = []
        var seen = Set<String>()
        for (legName, leg) in response.data ?? [:] {
            let legNumber = Int(legName.dropFirst(4)) ?? Int.max
            for record in leg.context where seen.insert(record.id).inserted {
                let sequence = Int(record.id.split(separator: ":").last ?? "") ?? 0
                let claimed = record.timestamp + Int64((record.duration ?? 0) * 1000)
                cues.append(Cue(start: record.timestamp, end: claimed, leg: legNumber, sequence: sequence,
                                speaker: record.name ?? record.source_number ?? "", text: record.content))
            }
        }
        cues.sort { ($0.start, $0.leg, $0.sequence) < ($1.start, $1.leg, $1.sequence) }
        let origin = cues.first?.start ?? 0
        var out = ""
        var previousSpeaker = ""
        for (index, cue) in cues.enumerated() {
            let text = cue.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if text.isEmpty { continue }
            let start = cue.start - origin
            var end = cue.end - origin
            if end <= start { end = start + min(max(Int64(text.count) * 65, 800), 10_000) }
            out += "\(index + 1)\n\(timestamp(start)) --> \(timestamp(end))\n"
            if cue.speaker != previousSpeaker, !cue.speaker.isEmpty { out += "\(cue.speaker): " }
            previousSpeaker = cue.speaker
            out += text + "\n\n"
        }
        return Data(out.utf8)
    }

    static func timestamp(_ ms: Int64) -> String {
        String(format: "%02lld:%02lld:%02lld,%03lld", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }

    /// File to file, as a user's command-line tool would.
    public static func convertFile(_ input: String, _ output: String) throws {
        let srt = try yeastarToSRT(Data(contentsOf: URL(fileURLWithPath: input)))
        try srt.write(to: URL(fileURLWithPath: output))
    }
}
