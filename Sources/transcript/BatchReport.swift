import TranscriptKit

/// `--report FILE`: the run as JSON, one entry per input in the plan's order.
///
/// ```json
/// {"schema":"transcript-batch-report/1","shard":"0/4","inputsFound":1003,"jobs":2,"seconds":2.41,
///  "totals":{"inputs":251,"converted":249,"skipped":0,"failed":2,"bytes":3100000},
///  "inputs":[
///  {"input":"calls/a.json","status":"converted","format":"yeastar","segments":12,"words":0,
///   "bytes":4312,"ms":0.41,"outputs":["out/a.srt"]},
///  {"input":"calls/b.json","status":"failed","format":null,"segments":0,"words":0,"bytes":17,"ms":0.05,
///   "outputs":[],"error":{"kind":"syntax","byteOffset":17,"path":"","message":"premature EOF"}}
///  ]}
/// ```
enum BatchReport {
    static func write(_ outcome: BatchOutcome, plan: BatchPlan, to path: String) throws(TranscriptError) {
        var out = "{\"schema\":\"transcript-batch-report/1\",\"shard\":"
        out += plan.shard.map { quoted($0.description) } ?? "null"
        out += ",\"inputsFound\":\(plan.inputsFound),\"jobs\":\(plan.workers),\"seconds\":\(BatchProgress.decimal(outcome.seconds, 3))"
        out += ",\n\"totals\":{\"inputs\":\(outcome.results.count),\"converted\":\(outcome.converted)"
        out += ",\"skipped\":\(outcome.skipped),\"failed\":\(outcome.failed),\"bytes\":\(outcome.bytes)},\n\"inputs\":["
        for (index, (job, result)) in zip(plan.jobs, outcome.results).enumerated() {
            out += index == 0 ? "\n{" : ",\n{"
            out += "\"input\":" + quoted(job.input)
            out += ",\"status\":" + quoted(result.status.rawValue)
            out += ",\"format\":" + (result.format.map(quoted) ?? "null")
            out += ",\"segments\":\(result.segments),\"words\":\(result.words),\"bytes\":\(result.bytes)"
            out += ",\"ms\":" + BatchProgress.decimal(result.milliseconds, 3)
            out += ",\"outputs\":[" + result.outputs.map(quoted).joined(separator: ",") + "]"
            if let error = result.error {
                out += ",\"error\":{\"kind\":" + quoted(error.kind.rawValue)
                out += ",\"byteOffset\":" + (error.byteOffset.map { "\($0)" } ?? "null")
                out += ",\"path\":" + quoted(error.path) + ",\"message\":" + quoted(error.message) + "}"
            }
            out += "}"
        }
        out += "\n]}\n"

        var sink = try AtomicFileSink(path: path)
        do {
            let result: Result<Void, TranscriptError> = out.withUTF8 { buffer in
                Result { () throws(TranscriptError) in try sink.write(UnsafeRawBufferPointer(buffer)) }
            }
            try result.get()
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
