import Foundation
import Testing
@testable import TranscriptKit

/// `AtomicFileSink`: an output appears whole or not at all, and never leaves temporary files.
@Suite("Robustness: atomic outputs")
struct RobustnessAtomicSinkTests {
    /// A fresh directory, removed after `body`.
    func inTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }

    func contents(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func committedOutputReplacesTheOldOneWhole() throws {
        try inTemporaryDirectory { dir in
            let target = dir.appendingPathComponent("out.srt")
            try Data("old".utf8).write(to: target)
            var sink = try AtomicFileSink(path: target.path)
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            try big.withUnsafeBytes { try sink.write($0) }
            // Until the commit, the old file is untouched and the new bytes sit in a temporary file.
            #expect(try Data(contentsOf: target) == Data("old".utf8))
            #expect(try contents(dir).count == 2)
            try sink.commit()
            #expect(try Data(contentsOf: target).count == big.count)
            #expect(try contents(dir) == ["out.srt"])
        }
    }

    @Test func discardedOutputLeavesNothing() throws {
        try inTemporaryDirectory { dir in
            let target = dir.appendingPathComponent("out.vtt")
            var sink = try AtomicFileSink(path: target.path)
            try Array("WEBVTT\n".utf8).withUnsafeBytes { try sink.write($0) }
            sink.discard()
            #expect(try contents(dir).isEmpty)
            // Discarding twice, or committing after discarding, does nothing.
            sink.discard()
            try sink.commit()
            #expect(try contents(dir).isEmpty)
        }
    }

    /// A conversion that fails half-way (here: the decoder, on a truncated input) never
    /// touches the existing output, as the CLI writes it.
    @Test func failedConversionKeepsTheOldOutput() throws {
        try inTemporaryDirectory { dir in
            let target = dir.appendingPathComponent("call.json")
            try Data("previous".utf8).write(to: target)
            let input = Array(Robustness.yeastar(Robustness.record()).utf8.dropLast(3))
            var sink = try AtomicFileSink(path: target.path)
            do {
                let t = try Robustness.decode(input).get()
                try t.write(.json, to: &sink)
                try sink.commit()
                Issue.record("a truncated input decoded")
            } catch {
                sink.discard()
            }
            #expect(try String(contentsOf: target, encoding: .utf8) == "previous")
            #expect(try contents(dir) == ["call.json"])
        }
    }

    /// A writer failing mid-stream (a sink that refuses bytes after a while) leaves no output.
    @Test func writerFailureMidStream() throws {
        try inTemporaryDirectory { dir in
            let target = dir.appendingPathComponent("out.json")
            let records = (0 ..< 3000).map { Robustness.record(id: "a:\($0)", content: "line \($0)", timestamp: "\(1000 + $0 * 10)") }
            let t = try Robustness.decode(Robustness.yeastar(records.joined(separator: ","))).get()
            var sink = FailingAfter(inner: try AtomicFileSink(path: target.path), budget: 50_000)
            #expect(throws: TranscriptError.self) { try t.write(.json, to: &sink) }
            sink.inner.discard()
            #expect(try contents(dir).isEmpty)
        }
    }

    @Test func unwritableTargetIsAnIOError() throws {
        let error = #expect(throws: TranscriptError.self) {
            _ = try AtomicFileSink(path: "/nonexistent-dir-\(UUID().uuidString)/out.srt")
        }
        #expect(error?.kind == .io)
    }

    @Test func renameFailureIsAnIOErrorAndCleansUp() throws {
        try inTemporaryDirectory { dir in
            // The target is a non-empty directory: rename(2) cannot replace it.
            let target = dir.appendingPathComponent("taken")
            try FileManager.default.createDirectory(at: target.appendingPathComponent("inner"), withIntermediateDirectories: true)
            var sink = try AtomicFileSink(path: target.path)
            try Array("x".utf8).withUnsafeBytes { try sink.write($0) }
            let error = #expect(throws: TranscriptError.self) { try sink.commit() }
            #expect(error?.kind == .io)
            #expect(try contents(dir) == ["taken"])
        }
    }

    struct FailingAfter: ByteSink {
        var inner: AtomicFileSink
        var budget: Int
        mutating func write(_ bytes: UnsafeRawBufferPointer) throws(TranscriptError) {
            budget -= bytes.count
            if budget < 0 { throw TranscriptError(.io, "disk full (simulated)") }
            try inner.write(bytes)
        }
    }
}
