// libFuzzer entry point over the decoder and the writers, built by scripts/fuzz.sh together with
// TranscriptKit's sources (one module, so the harness may check internals too).
//
// For each input: decode it with every format (auto and each explicit one), whole and in
// chunks of a size derived from the input; the two must agree. A transcript must then write as
// SRT, WebVTT and JSON without error; every output must be valid UTF-8, captions must hold no
// control character but line breaks, and the JSON must read back to an equal transcript. Every
// error must be a one-line TranscriptError whose offset lies inside the input. Any violation
// traps, which libFuzzer records as a crash.

/// The checks, one input at a time.
enum FuzzHarness {
    /// Small limits, so the fuzzer reaches them; the default ones are covered by the tests.
    static let limits = DecodeLimits(maximumDepth: 48, maximumInputBytes: 1 << 20, maximumTokenBytes: 1 << 14, maximumItems: 20_000)

    static func run(_ input: UnsafeRawBufferPointer) {
        let hash = FNV1a.hash(input)
        let chunk = 1 + Int(hash % 61)
        let strict = hash & (1 << 8) != 0
        for format in [SourceFormat.auto] + SourceFormat.known {
            let options = DecodeOptions(format: format, limits: limits, rejectsInvalidUTF8: strict)
            let whole = decode(input, options: options, chunk: nil)
            let chunked = decode(input, options: options, chunk: chunk)
            switch (whole, chunked) {
            case (.success(let a), .success(let b)):
                require(a == b, "chunking changed the transcript (\(format), chunk \(chunk))")
                checkWriters(a, hash: hash)
            case (.failure(let a), .failure(let b)):
                checkError(a, inputCount: input.count)
                checkError(b, inputCount: input.count)
                // The token limit is counted per fed slice, so it may trip at another offset.
                if a.kind != .limitExceeded, b.kind != .limitExceeded {
                    require(sameError(a, b), "chunking changed the error (\(format), chunk \(chunk)): \(a) vs \(b)")
                }
            case (.success, .failure(let e)), (.failure(let e), .success):
                require(e.kind == .limitExceeded, "only the whole or the chunked decode failed (\(format), chunk \(chunk)): \(e)")
            }
        }
    }

    static func decode(_ input: UnsafeRawBufferPointer, options: DecodeOptions, chunk: Int?) -> Result<Transcript, TranscriptError> {
        Result { () throws(TranscriptError) in
            var decoder = try TranscriptDecoder(options: options)
            if let chunk {
                var offset = 0
                repeat {
                    let end = min(input.count, offset + chunk)
                    try decoder.decode(UnsafeRawBufferPointer(rebasing: input[offset ..< end]))
                    offset = end
                } while offset < input.count
            } else {
                try decoder.decode(input)
            }
            return try decoder.finish()
        }
    }

    /// Equal, but for the offset of a syntax error: yajl places it near the offending token,
    /// by up to the token's length differently when the token straddles two chunks.
    static func sameError(_ a: TranscriptError, _ b: TranscriptError) -> Bool {
        guard a.kind == .syntax, b.kind == .syntax else { return a == b }
        return a.message == b.message && a.path == b.path && (a.byteOffset == nil) == (b.byteOffset == nil)
    }

    static func checkError(_ error: TranscriptError, inputCount: Int) {
        require(!error.message.isEmpty, "an error without a message")
        let line = error.description
        require(!line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }), "an error description that is not one line: \(line)")
        if let offset = error.byteOffset {
            require(offset >= 0 && offset <= inputCount + 1, "error offset \(offset) outside the input of \(inputCount) bytes: \(line)")
        }
    }

    static func checkWriters(_ transcript: Transcript, hash: UInt64) {
        let options = CaptionWriterOptions(
            lineEnding: hash & (1 << 9) != 0 ? .crlf : .lf, byteOrderMark: hash & (1 << 10) != 0,
            speakerLabels: hash & (1 << 11) == 0)
        let captioner = Captioner(options: captionOptions(hash))
        checkCues(transcript, captioner: captioner, writerOptions: options)
        for format in OutputFormat.allCases {
            let bytes: [UInt8]
            do { bytes = try transcript.rendered(format, captioner: captioner, options: options) } catch {
                fatalError("writing \(format) failed: \(error)")
            }
            bytes.withUnsafeBytes { require(UTF8Repair.isValid($0), "\(format) output is not valid UTF-8") }
            switch format {
            case .srt, .vtt:
                let control = bytes.firstIndex { ($0 < 0x20 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
                require(control == nil, "\(format) output holds control byte \(control.map { bytes[$0] } ?? 0)")
            case .json:
                // The ISO-8601 origin reads back only once the time module parses it.
                if transcript.origin != nil, !parsesISO8601 { continue }
                let again = bytes.withUnsafeBytes { buffer in
                    Result { () throws(TranscriptError) in try Transcript(decoding: buffer, options: DecodeOptions(format: .json)) }
                }
                switch again {
                case .success(let read): require(read == transcript, "JSON output reads back to another transcript")
                case .failure(let error): fatalError("JSON output does not read back: \(error)")
                }
            }
        }
    }

    /// Caption options from the input's hash: one of the presets, and now and then an extreme
    /// value for a duration, a width or count, or the reading rate (the options are public and
    /// unchecked, so any value must caption).
    static func captionOptions(_ hash: UInt64) -> CaptionOptions {
        var o = CaptionOptions(preset: CaptionPreset.allCases[Int(hash >> 12 & 3)])
        let spans: [Int64] = [.min, -100_000, -1, 0, 1, 1 << 40, .max]
        let spanFields: [WritableKeyPath<CaptionOptions, Int64>] = [\.minDuration, \.maxDuration, \.minGap, \.chainGap, \.pauseThreshold]
        let spanField = Int(hash >> 14 & 7)
        if spanField < spanFields.count { o[keyPath: spanFields[spanField]] = spans[Int((hash >> 17) % UInt64(spans.count))] }
        let counts: [Int] = [.min, -1, 0, 1, 2, 1 << 40, .max]
        let countFields: [WritableKeyPath<CaptionOptions, Int>] = [
            \.maxLineWidth, \.maxLines, \.maxWords, \.chineseLineCharacters, \.japaneseLineCharacters,
        ]
        let countField = Int(hash >> 21 & 7)
        if countField < countFields.count { o[keyPath: countFields[countField]] = counts[Int((hash >> 24) % UInt64(counts.count))] }
        if hash >> 27 & 3 == 0 {
            let rates: [Double] = [0, .nan, 1e-14, .infinity]
            o.maxCharactersPerSecond = rates[Int(hash >> 29 & 3)]
        }
        return o
    }

    /// The cues keep their timing guarantees, and the streamed SRT equals writing the whole cue
    /// list (the captioner releases cues early when it can; that must change nothing).
    static func checkCues(_ transcript: Transcript, captioner: Captioner, writerOptions: CaptionWriterOptions) {
        let cues = captioner.cues(for: transcript)
        let minGap = captioner.options.usable.minGap
        for i in 0 ..< cues.count {
            require(cues.start[i] >= 0 && cues.end[i] > cues.start[i], "cue \(i) has no duration")
            if i > 0 { require(cues.start[i] >= cues.end[i - 1] + minGap, "cue \(i) overlaps the one before") }
        }
        do {
            var whole = MemorySink()
            try SRTWriter(options: writerOptions).write(cues, to: &whole)
            let streamed = try transcript.rendered(.srt, captioner: captioner, options: writerOptions)
            require(streamed == whole.bytes, "streamed SRT differs from writing the cue list")
        } catch {
            fatalError("writing SRT failed: \(error)")
        }
    }

    /// Whether `TimeParsing` reads ISO-8601 yet (it is provisional in early versions).
    static let parsesISO8601 = TimeText.parseISO8601("1970-01-01T00:00:01.000Z") == 1000

    @inline(__always)
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func transcriptFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size))
    return 0
}
