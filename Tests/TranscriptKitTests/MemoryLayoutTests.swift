import Foundation
import Testing
@testable import TranscriptKit

/// The peak-memory work (sparse columns, the source-id index, sizing columns from the input's
/// size) must not change a single result: each is checked against the plain way.
@Suite("Memory layout")
struct MemoryLayoutTests {
    /// A sparse column reads like the array it replaces, whatever mix of appends, writes,
    /// truncations and reorderings it goes through — before and after it materialises.
    @Test(arguments: 0 ..< 40)
    func sparseColumnBehavesLikeAnArray(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        var column = SparseColumn<Int32>(defaultValue: -1)
        var model: [Int32] = []
        // Mostly defaults, so that many runs stay unmaterialised for a while.
        var everStoredOther = false
        func value() -> Int32 {
            let v: Int32 = Int.random(in: 0 ..< 10, using: &random) < 8 ? -1 : Int32.random(in: 0 ..< 5, using: &random)
            if v != -1 { everStoredOther = true }
            return v
        }
        for _ in 0 ..< 200 {
            switch Int.random(in: 0 ..< 10, using: &random) {
            case 0 ..< 6:
                let v = value()
                column.append(v); model.append(v)
            case 6 where !model.isEmpty:
                let i = Int.random(in: 0 ..< model.count, using: &random)
                let v = value()
                column[i] = v; model[i] = v
            case 7 where !model.isEmpty:
                let keep = Int.random(in: 0 ... model.count, using: &random)
                column.truncate(to: keep); model.removeSubrange(keep...)
            case 8 where !model.isEmpty:
                let order = (0 ..< Int32(model.count)).shuffled(using: &random)
                column.permute(by: order); model = order.map { model[Int($0)] }
            default:
                break
            }
            #expect(Array(column) == model)
            #expect(column.count == model.count)
        }
        // Materialised exactly when some value other than the default was ever stored.
        #expect(column.isMaterialized == everStoredOther)
    }

    /// A source without word timing stores nothing in the word, group and translation columns.
    @Test func yeastarLeavesUnusedColumnsEmpty() throws {
        let bytes = try TestSupport.bytes(TestSupport.corpus("yeastar/seed-two-legs.json"))
        let t = try Transcript(decoding: bytes)
        #expect(t.segments.count > 0)
        #expect(!t.segments.words.isMaterialized)
        #expect(!t.segments.group.isMaterialized)
        #expect(!t.segments.translation.isMaterialized)
        #expect(t.segments.words.allSatisfy { $0 == .empty })
    }

    /// Records repeated within and across pages appear once, the first copy kept — as a set of
    /// ids would decide — across the index's growth (thousands of ids, many duplicates).
    @Test(arguments: [1, 2, 3])
    func repeatedIDsAreDroppedLikeASetWould(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        var decoder = try TranscriptDecoder(options: DecodeOptions(format: .yeastar))
        var seen = Set<String>()
        var expected: [String] = []
        for page in 0 ..< 4 {
            var records: [String] = []
            for k in 0 ..< 900 {
                // ids from a pool of 2 000: about a third of them repeat.
                let id = "7000:\(Int.random(in: 0 ..< 2000, using: &random))"
                let content = "page \(page) record \(k)"
                records.append(#"{"id":"\#(id)","content":"\#(content)","timestamp":\#(1_000_000 + page * 10_000 + k),"duration":1}"#)
                if seen.insert(id).inserted { expected.append(content) }
            }
            let json = #"{"errcode":0,"data":{"leg_1":{"context":[\#(records.joined(separator: ","))]}}}"#
            try decoder.decode(Array(json.utf8))
            try decoder.endPage()
        }
        let t = try decoder.finish()
        #expect(t.segments.count == expected.count)
        #expect(Set((0 ..< t.segments.count).map { t.string(t.segments.text[$0]) }) == Set(expected))
    }

    /// The size hint only sizes the columns: any hint — right, too small, far too large —
    /// gives the transcript decoding without one gives.
    @Test func sizeHintNeverChangesTheResult() throws {
        var records: [String] = []
        for k in 0 ..< 8000 {
            records.append(#"{"id":"1:2:\#(k)","content":"record \#(k) 说话","timestamp":\#(1_000_000 + k * 700),"source_number":"\#(k % 3)","name":"n\#(k % 3)"}"#)
        }
        let bytes = Array(#"{"errcode":0,"data":{"leg_1":{"context":[\#(records.joined(separator: ","))]}}}"#.utf8)
        let plain = try Transcript(decoding: bytes)
        for hint in [bytes.count, bytes.count / 10, bytes.count * 50, 1] {
            var decoder = try TranscriptDecoder()
            decoder.expectPageBytes(hint)
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + 4096, bytes.count)
                try decoder.decode(Array(bytes[offset ..< end]))
                offset = end
            }
            #expect(try decoder.finish() == plain, "hint \(hint)")
        }
    }
}
