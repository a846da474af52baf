@testable import TranscriptKit
import Foundation
import Testing

// MARK: - Helpers

/// Runs `body` on the UTF-8 bytes of `text` in an exactly sized buffer, so any read past the
/// end trips the buffer's bounds check in debug builds.
fileprivate func withBytes<Result>(_ text: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    Array(text.utf8).withUnsafeBytes(body)
}

fileprivate func iso(_ text: String) -> Int64? {
    withBytes(text) { TimeParsing.parseISO8601Milliseconds($0) }
}

fileprivate func clock(_ text: String) -> Int64? {
    withBytes(text) { TimeParsing.parseClockMilliseconds($0) }
}

fileprivate func decimal(_ text: String, scale: Int64) -> Int64? {
    withBytes(text) { TimeParsing.parseDecimalMilliseconds($0, scale: scale) }
}

fileprivate func integer(_ text: String) -> Int64? {
    withBytes(text) { TimeParsing.parseInteger($0) }
}

// Random tests use SplitMix64 (ChunkingTests.swift): seeded, so every run repeats exactly.

fileprivate func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fileprivate func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

fileprivate func padded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
}

fileprivate func randomDigits<G: RandomNumberGenerator>(_ count: Int, using rng: inout G) -> String {
    String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
}

/// Slow but obviously exact reference for `parseDecimalMilliseconds`: multiplies the
/// significand's decimal digits by `scale` schoolbook-style, shifts by the exponent and rounds
/// half away from zero by looking at the first dropped digit. Expects a valid JSON number with
/// a small exponent.
fileprivate func referenceDecimal(_ text: String, scale: Int64) -> Int64? {
    var rest = Substring(text)
    let isNegative = rest.first == "-"
    if isNegative { rest = rest.dropFirst() }
    var exponent = 0
    if let marker = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(rest[rest.index(after: marker)...])!
        rest = rest[..<marker]
    }
    var digits: [Int] = []
    if let dot = rest.firstIndex(of: ".") {
        let fraction = rest[rest.index(after: dot)...]
        digits = (rest[..<dot] + fraction).map { $0.wholeNumberValue! }
        exponent -= fraction.count
    } else {
        digits = rest.map { $0.wholeNumberValue! }
    }
    // product = digits × scale, most significant digit first.
    let scaleDigits = String(scale).map { $0.wholeNumberValue! }
    var product = [Int](repeating: 0, count: digits.count + scaleDigits.count)
    for (i, a) in digits.reversed().enumerated() {
        for (j, b) in scaleDigits.reversed().enumerated() { product[i + j] += a * b }
    }
    var carry = 0
    for k in product.indices {
        let total = product[k] + carry
        product[k] = total % 10
        carry = total / 10
    }
    product.reverse()  // now most significant first
    var roundUp = false
    if exponent >= 0 {
        product += [Int](repeating: 0, count: exponent)
    } else {
        let dropped = -exponent
        if dropped <= product.count {
            roundUp = product[product.count - dropped] >= 5
            product.removeLast(dropped)
        } else {
            product = []
        }
    }
    while product.first == 0 { product.removeFirst() }
    guard product.count <= 20 else { return nil }
    var magnitude: UInt64 = 0
    for d in product {
        let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
        if o1 || o2 { return nil }
        magnitude = sum
    }
    if roundUp {
        let (sum, o) = magnitude.addingReportingOverflow(1)
        if o { return nil }
        magnitude = sum
    }
    if isNegative {
        if magnitude == Int64.min.magnitude { return Int64.min }
        return magnitude < Int64.min.magnitude ? -Int64(magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
}

/// A random valid JSON number, biased toward the awkward shapes: long digit runs, exact halves,
/// trailing zeros, exponents that move the point across every digit.
fileprivate func randomJSONNumber<G: RandomNumberGenerator>(using rng: inout G) -> String {
    var text = Bool.random(using: &rng) ? "-" : ""
    if Int.random(in: 0..<4, using: &rng) == 0 {
        text += "0"
    } else {
        text += String(Int.random(in: 1...9, using: &rng))
        text += randomDigits(Int.random(in: 0...21, using: &rng), using: &rng)
    }
    if Bool.random(using: &rng) {
        var fraction = randomDigits(Int.random(in: 0...24, using: &rng), using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: fraction += "5"  // an exact half at some scale
        case 1: fraction += "5" + String(repeating: "0", count: Int.random(in: 1...5, using: &rng))
        case 2: fraction += "4" + String(repeating: "9", count: Int.random(in: 1...12, using: &rng))
        default: fraction += String(Int.random(in: 0...9, using: &rng))
        }
        text += "." + fraction
    }
    if Int.random(in: 0..<3, using: &rng) == 0 {
        text += Bool.random(using: &rng) ? "e" : "E"
        text += ["", "+", "-"].randomElement(using: &rng)!
        let value = Int.random(in: 0...40, using: &rng)
        text += Bool.random(using: &rng) ? String(value) : padded(value, 3)
    }
    return text
}

// MARK: - ISO 8601

@Suite("TimeParsing: ISO 8601")
struct TimeParsingISO8601Tests {
    @Test("valid timestamps", arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1970-01-01T00:00:00", 0),
        ("1970-01-01t00:00:00z", 0),
        ("1970-01-01 00:00:00Z", 0),
        ("1970-01-01T00:00:00.001Z", 1),
        ("2024-02-29T12:34:56.789Z", 1_709_210_096_789),
        ("2024-02-29T12:34:56.789", 1_709_210_096_789),
        ("2024-01-01T00:00:00Z", 1_704_067_200_000),
        ("2000-02-29T00:00:00Z", 951_782_400_000),
        ("1900-03-01T00:00:00Z", -2_203_891_200_000),
        ("1969-07-20T20:17:40Z", -14_182_940_000),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        // Offsets in every accepted spelling.
        ("2024-06-15T08:00:00-08:00", 1_718_467_200_000),
        ("2024-06-15T08:00:00-0800", 1_718_467_200_000),
        ("2024-06-15T08:00:00-08", 1_718_467_200_000),
        ("2024-06-15T08:00:00+05:30", 1_718_418_600_000),
        ("2024-06-15T08:00:00+0530", 1_718_418_600_000),
        ("2024-06-15T08:00:00+05", 1_718_420_400_000),
        ("2024-06-15T08:00:00+23:59", 1_718_352_060_000),
        ("2024-06-15T08:00:00-00:00", 1_718_438_400_000),
        ("2024-06-15T08:00:00+00", 1_718_438_400_000),
        ("2024-06-15 08:00:00.5+05:30", 1_718_418_600_500),
        // Before 1970 the truncated fraction is still a floor.
        ("1969-12-31T23:59:59Z", -1_000),
        ("1969-12-31T23:59:59.001Z", -999),
        ("1969-12-31T23:59:59.999Z", -1),
        ("1969-12-31T23:59:59.9995Z", -1),
        ("1969-12-31T23:59:59.999999999Z", -1),
        // 24:00:00 ends the day; second 60 clamps to .999 of its minute.
        ("2023-12-31T24:00:00Z", 1_704_067_200_000),
        ("2023-12-31T24:00:00.000000Z", 1_704_067_200_000),
        ("2016-12-31T23:59:60Z", 1_483_228_799_999),
        ("2016-12-31T23:59:60.5Z", 1_483_228_799_999),
        ("2017-01-01T05:29:60+05:30", 1_483_228_799_999),
        // Expanded years, as the formatter writes them outside 0000–9999.
        ("+010000-01-01T00:00:00.000Z", 253_402_300_800_000),
        ("-000001-12-31T23:59:59.999Z", -62_167_219_200_001),
        ("+002024-01-01T00:00:00Z", 1_704_067_200_000),
        ("+292278994-08-17T07:12:55.807Z", Int64.max),
        ("-292275055-05-16T16:47:04.192Z", Int64.min),
    ])
    func valid(text: String, expected: Int64) {
        #expect(iso(text) == expected)
    }

    @Test("fraction widths are truncated to milliseconds", arguments: [
        ("", Int64(0)), (".7", 700), (".78", 780), (".789", 789), (".7891", 789),
        (".789123", 789), (".789999999", 789), (".000000001", 0), (".100000000", 100),
    ])
    func fractionWidths(fraction: String, milliseconds: Int64) {
        #expect(iso("2024-02-29T12:34:56\(fraction)Z") == 1_709_210_096_000 + milliseconds)
    }

    @Test("malformed or out-of-range timestamps are rejected", arguments: [
        "", "2024", "2024-01-01", "2024-01-01T", "2024-01-01T00:00", "2024-01-01T00:00Z",
        "20240101T000000Z", "2024/01/01T00:00:00Z", "2024-1-01T00:00:00Z", "2024-01-1T00:00:00Z",
        "24-01-01T00:00:00Z", "2024-01-01T0:00:00Z", "2024-01-01T00:0:00Z", "2024-01-01T00:00:0Z",
        "2024-01-01X00:00:00Z", "2024-01-01_00:00:00Z", "2024-01-01T00-00-00Z",
        // Fractions.
        "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.", "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01T00:00:00,5Z", "2024-01-01T00:00:00..5Z", "2024-01-01T00:00:00.5.5Z",
        // Offsets.
        "2024-01-01T00:00:00ZZ", "2024-01-01T00:00:00+", "2024-01-01T00:00:00-",
        "2024-01-01T00:00:00+5", "2024-01-01T00:00:00+05:", "2024-01-01T00:00:00+05:3",
        "2024-01-01T00:00:00+053", "2024-01-01T00:00:00+05300", "2024-01-01T00:00:00+05:30x",
        "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+05:60", "2024-01-01T00:00:00 Z",
        "2024-01-01T00:00:00UTC", "2024-01-01T00:00:00+05::30", "2024-01-01T00:00:00Z+01:00",
        // Field ranges.
        "2024-00-01T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-00T00:00:00Z",
        "2024-01-32T00:00:00Z", "2023-02-29T00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-04-31T00:00:00Z", "2024-06-31T00:00:00Z", "2024-09-31T00:00:00Z",
        "2024-11-31T00:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T24:00:01Z",
        "2024-01-01T24:01:00Z", "2024-01-01T24:00:00.001Z", "2024-01-01T24:00:60Z",
        "2024-01-01T23:60:00Z", "2024-01-01T23:59:61Z", "2024-01-01T99:99:99Z",
        // Surroundings and signs.
        " 2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z ", "2024-01-01T00:00:00Z\u{0}",
        "+2024-01-01T00:00:00Z", "-2024-01-01T00:00:00Z", "+12345-01-01T00:00:00Z",
        "+1234567890-01-01T00:00:00Z", "+-02024-01-01T00:00:00Z", "++002024-01-01T00:00:00Z",
        "+292278994-08-17T07:12:55.808Z", "-292275055-05-16T16:47:04.191Z",
        "+999999999-12-31T23:59:59.999Z", "２０２４-01-01T00:00:00Z",
    ])
    func malformed(text: String) {
        #expect(iso(text) == nil)
    }

    @Test("February 29 exists exactly in leap years", arguments: [
        (1600, true), (1700, false), (1800, false), (1900, false), (2000, true), (2023, false),
        (2024, true), (2100, false), (2400, true), (0, true), (4, true), (9996, true), (9999, false),
    ])
    func leapYears(year: Int, isLeapYear: Bool) throws {
        let prefix = padded(year, 4)
        let february29 = iso("\(prefix)-02-29T00:00:00Z")
        #expect((february29 != nil) == isLeapYear)
        let february28 = try #require(iso("\(prefix)-02-28T00:00:00Z"))
        let march1 = try #require(iso("\(prefix)-03-01T00:00:00Z"))
        #expect(march1 - february28 == (isLeapYear ? 2 : 1) * 86_400_000)
        if let february29 { #expect(february29 - february28 == 86_400_000) }
    }

    @Test("every day of every month of a 400-year cycle is one day after the previous")
    func consecutiveDays() throws {
        var previous = try #require(iso("1999-12-31T00:00:00Z"))
        for year in 2000..<2400 {
            for month in 1...12 {
                #expect(iso("\(year)-\(padded(month, 2))-\(padded(daysIn(month: month, year: year) + 1, 2))T00:00:00Z") == nil)
                for day in 1...daysIn(month: month, year: year) {
                    let current = try #require(iso("\(year)-\(padded(month, 2))-\(padded(day, 2))T00:00:00Z"))
                    #expect(current - previous == 86_400_000)
                    previous = current
                }
            }
        }
    }

    @Test("the fixed-offset fast path agrees with the general grammar on 20,000 timestamps, valid or not")
    func commonShapeMatchesGeneralGrammar() {
        // `…Z` takes the fast path; the same instant written `…+00:00` takes the general one.
        // Fields run past their ranges (month 00–19, day 00–39, hour 00–29, minute and second
        // 00–69), so rejections are compared too.
        var rng = SplitMix64(seed: 0xC0_3303)
        for _ in 0..<20_000 {
            var body = "\(padded(Int.random(in: 0...9_999, using: &rng), 4))-\(padded(Int.random(in: 0...19, using: &rng), 2))"
            body += "-\(padded(Int.random(in: 0...39, using: &rng), 2))T\(padded(Int.random(in: 0...29, using: &rng), 2))"
            body += ":\(padded(Int.random(in: 0...69, using: &rng), 2)):\(padded(Int.random(in: 0...69, using: &rng), 2))"
            body += ".\(randomDigits(3, using: &rng))"
            #expect(iso(body + "Z") == iso(body + "+00:00"), "\(body)")
        }
    }

    @Test("agrees with Foundation's ISO8601DateFormatter on 10,000 random timestamps")
    func matchesFoundation() throws {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(seed: 0x1509_8601)
        for _ in 0..<10_000 {
            let year = Int.random(in: 1900...2200, using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            let day = Int.random(in: 1...daysIn(month: month, year: year), using: &rng)
            var text = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T"
            text += "\(padded(Int.random(in: 0...23, using: &rng), 2)):"
            text += "\(padded(Int.random(in: 0...59, using: &rng), 2)):"
            text += padded(Int.random(in: 0...59, using: &rng), 2)
            let fractionWidth = Int.random(in: 0...9, using: &rng)
            if fractionWidth > 0 { text += "." + randomDigits(fractionWidth, using: &rng) }
            if Int.random(in: 0..<5, using: &rng) == 0 {
                text += "Z"
            } else {
                text += Bool.random(using: &rng) ? "+" : "-"
                text += "\(padded(Int.random(in: 0...23, using: &rng), 2)):\(padded(Int.random(in: 0...59, using: &rng), 2))"
            }
            let formatter = fractionWidth > 0 ? fractional : plain
            let date = try #require(formatter.date(from: text), "Foundation rejected \(text)")
            // Foundation also truncates to milliseconds; its Double just needs rounding back.
            let expected = Int64((date.timeIntervalSince1970 * 1_000).rounded())
            #expect(iso(text) == expected, "\(text)")
        }
    }
}

// MARK: - ISO 8601 formatting

@Suite("TimeParsing: ISO 8601 formatting")
struct TimeParsingFormatTests {
    @Test("known instants", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-1_000, "1969-12-31T23:59:59.000Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
        (1_709_210_096_789, "2024-02-29T12:34:56.789Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (-2_203_891_200_000, "1900-03-01T00:00:00.000Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
        (-62_167_219_200_001, "-000001-12-31T23:59:59.999Z"),
        (Int64.max, "+292278994-08-17T07:12:55.807Z"),
        (Int64.min, "-292275055-05-16T16:47:04.192Z"),
    ])
    func known(milliseconds: Int64, expected: String) {
        #expect(TimeParsing.formatISO8601(milliseconds: milliseconds) == expected)
        #expect(iso(expected) == milliseconds)
    }

    @Test("appends to the existing buffer contents")
    func appends() {
        var buffer = Array("start=".utf8)
        TimeParsing.formatISO8601(milliseconds: 0, into: &buffer)
        TimeParsing.formatISO8601(milliseconds: -1, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self)
            == "start=1970-01-01T00:00:00.000Z1969-12-31T23:59:59.999Z")
    }

    @Test("round trips 10,000 random instants in years 0000–9999 and 10,000 anywhere in Int64")
    func roundTrip() {
        var rng = SplitMix64(seed: 0xF0_4D_A7)
        for _ in 0..<10_000 {
            let milliseconds = Int64.random(in: -62_167_219_200_000...253_402_300_799_999, using: &rng)
            let text = TimeParsing.formatISO8601(milliseconds: milliseconds)
            #expect(text.utf8.count == 24, "\(text)")
            #expect(iso(text) == milliseconds, "\(milliseconds) → \(text)")
        }
        for _ in 0..<10_000 {
            let milliseconds = Int64(bitPattern: rng.next())
            let text = TimeParsing.formatISO8601(milliseconds: milliseconds)
            #expect(iso(text) == milliseconds, "\(milliseconds) → \(text)")
        }
    }

    @Test("agrees with Foundation's ISO8601DateFormatter on 10,000 random instants, 1900–2200")
    func matchesFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(seed: 0xF0_4D_A8)
        for _ in 0..<10_000 {
            // Whole seconds only: a Double can't hold every millisecond exactly, and how
            // Foundation rounds the leftover is not what is under test here.
            let seconds = Int64.random(in: -2_208_988_800...7_289_654_399, using: &rng)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(TimeParsing.formatISO8601(milliseconds: seconds * 1_000) == expected)
        }
    }
}

// MARK: - Clock times

@Suite("TimeParsing: clock times")
struct TimeParsingClockTests {
    @Test("valid clock times", arguments: [
        ("00:00", Int64(0)),
        ("01:02", 62_000),
        ("59:59.999", 3_599_999),
        ("59:59,999", 3_599_999),
        ("0:00:00", 0),
        ("1:02:03", 3_723_000),
        ("01:02:03", 3_723_000),
        ("01:02:03.4", 3_723_400),
        ("01:02:03.45", 3_723_450),
        ("01:02:03.456", 3_723_456),
        ("01:02:03,456", 3_723_456),
        ("01:02:03.456789", 3_723_456),
        ("01:02:03.456789999", 3_723_456),
        ("01:02:03.000000001", 3_723_000),
        ("00:00:00.05", 50),
        ("99:59:59.999", 359_999_999),
        ("100:00:00", 360_000_000),
        ("123:04:05", 443_045_000),
        ("123:04:05,678", 443_045_678),
        ("0000000000000000000000001:00:00", 3_600_000),
        ("2562047788015:12:55.807", Int64.max),
    ])
    func valid(text: String, expected: Int64) {
        #expect(clock(text) == expected)
    }

    @Test("malformed or overflowing clock times are rejected", arguments: [
        "", ":", "::", "1", "12", "1:2", "1:02", "001:02", "01:2", "01:", ":01", "01:02:",
        "01:02:3", "01:2:03", "01::02", ":01:02", "01:02:03:04", "00:60", "00:00:60",
        "00:60:00", "01:02:03.", "01:02:03,", "01:02:03.1234567890", "01:02:03..4",
        "01:02:03.,4", "01:02:03.4a", "01:02:03.4.5", "01:02.5:03", "01:02:03 ", " 01:02:03",
        "-01:02:03", "+01:02:03", "a1:02:03", "01:02:03Z", "1e2:00:00", "01:02:03.-4",
        "2562047788015:12:55.808", "2562047788016:00:00", "99999999999999999999:00:00",
    ])
    func malformed(text: String) {
        #expect(clock(text) == nil)
    }

    @Test("hours of any width that fits", arguments: 1...13)
    func hourWidths(width: Int) {
        let digits = String(repeating: "1", count: width)
        #expect(clock("\(digits):00:01.5") == Int64(digits)! * 3_600_000 + 1_500)
    }
}

// MARK: - JSON numbers

@Suite("TimeParsing: JSON numbers")
struct TimeParsingDecimalTests {
    @Test("valid numbers", arguments: [
        ("12", Int64(1), Int64(12)),
        ("-3", 1, -3),
        ("0", 1_000, 0),
        ("-0", 1_000, 0),
        ("-0.0", 1_000, 0),
        ("12.345", 1_000, 12_345),
        ("12.3456", 1_000, 12_346),
        ("12.3454", 1_000, 12_345),
        ("1.5e3", 1, 1_500),
        ("1E-2", 1_000, 10),
        ("1e+2", 1, 100),
        ("1E+0", 1, 1),
        ("0e1", 1, 0),
        ("0e+1", 1, 0),
        ("0.1e1", 1, 1),
        ("100e-2", 1, 1),
        ("1.2345e2", 1_000, 123_450),
        ("1e-3", 1_000, 1),
        ("1e-4", 1_000, 0),
        ("5e-4", 1_000, 1),
        ("-5e-4", 1_000, -1),
        // Halves round away from zero, anything less doesn't.
        ("0.5", 1, 1),
        ("-0.5", 1, -1),
        ("1.5", 1, 2),
        ("2.5", 1, 3),
        ("-2.5", 1, -3),
        ("0.4999", 1, 0),
        ("2.4999999999999999999999999", 1, 2),
        ("0.0005", 1_000, 1),
        ("-0.0005", 1_000, -1),
        ("0.0015", 1_000, 2),
        ("0.00049999999999999999999", 1_000, 0),
        ("0.000500000000000000000001", 1_000, 1),
        ("1.0000000000000000000000000001", 1, 1),
        // Exponents far beyond the digits.
        ("1e-400", 1_000, 0),
        ("-1e-400", 1_000, 0),
        ("0e999999999", 1_000, 0),
        ("0.0e99999999999999999999999999", 1, 0),
        ("0.000e-99999999999999999999999999", 1, 0),
        ("123456789012345678901234e-21", 1_000, 123_457),
        ("10000000000000000000e-1", 1, 1_000_000_000_000_000_000),
        ("1e18", 1, 1_000_000_000_000_000_000),
        ("0.000000000000000000001e39", 1, 1_000_000_000_000_000_000),
        // The Int64 edges.
        ("9223372036854775807", 1, Int64.max),
        ("-9223372036854775808", 1, Int64.min),
        ("9223372036854775807.4", 1, Int64.max),
        ("-9223372036854775808.4", 1, Int64.min),
        ("9223372036854775.807", 1_000, Int64.max),
        ("9223372036854775.8074999", 1_000, Int64.max),
        ("-9223372036854775.8075", 1_000, Int64.min),
        ("922337203685477580.7e1", 1, Int64.max),
        // Scales other than 1 and 1000, up to Int64.max.
        ("1.5", 60_000, 90_000),
        ("0.25", 3_600_000, 900_000),
        ("1", Int64.max, Int64.max),
        ("-1", Int64.max, -Int64.max),
        ("0.5", Int64.max, 4_611_686_018_427_387_904),
        ("0.99999999999999999999", Int64.max, Int64.max),
        ("1e-19", Int64.max, 1),
        ("1e-20", Int64.max, 0),
    ])
    func valid(text: String, scale: Int64, expected: Int64) {
        #expect(decimal(text, scale: scale) == expected)
    }

    @Test("overflow is nil", arguments: [
        ("9223372036854775808", Int64(1)),
        ("-9223372036854775809", 1),
        ("9223372036854775807.5", 1),
        ("-9223372036854775808.5", 1),
        ("9223372036854775.8075", 1_000),
        ("9223372036854776", 1_000),
        ("1e19", 1),
        ("1e20", 1),
        ("1e400", 1_000),
        ("-1e400", 1_000),
        ("18446744073709551616", 1),
        ("184467440737095516160000000000000", 1),
        ("2", Int64.max),
        ("1.0000000000000000001", Int64.max),
    ])
    func overflow(text: String, scale: Int64) {
        #expect(decimal(text, scale: scale) == nil)
    }

    @Test("invalid JSON numbers are rejected", arguments: [
        "", "-", "+", "+1", "++1", "--1", "- 1", ".5", "-.5", ".2e-3", "1.", "-1.", "2.e3",
        "0.e1", "01", "-01", "00", "0x1", "-0x1", "0x10", "1e", "1E", "1e+", "1E-", "1.0e",
        "1.0e+", "0.3e", "0.3e+", "1eE2", "1e1e1", "1e1.5", "1_000", "1,5", "1.5.2", "0.1.2",
        "NaN", "-NaN", "Infinity", "-Infinity", "Inf", "+Inf", " 1", "1 ", "1\n", "1a", "a1",
        "1.2a", "0..1", "1e+-2", "1e-+2", "\u{FF11}", "١", "1\u{0}",
    ])
    func invalid(text: String) {
        #expect(decimal(text, scale: 1) == nil)
        #expect(decimal(text, scale: 1_000) == nil)
    }

    @Test("a non-positive scale is nil", arguments: [Int64(0), -1, -1_000, Int64.min])
    func nonPositiveScale(scale: Int64) {
        #expect(decimal("1", scale: scale) == nil)
        #expect(decimal("0", scale: scale) == nil)
    }

    @Test("very long digit runs stay exact")
    func longRuns() {
        let zeros = String(repeating: "0", count: 5_000)
        #expect(decimal("0.\(zeros)5", scale: 1_000) == 0)
        #expect(decimal("0.\(zeros)5e5001", scale: 1) == 5)
        #expect(decimal("0.\(zeros)5e5000", scale: 1) == 1)  // 0.5 rounds up
        #expect(decimal("0.\(zeros)5e4999", scale: 1) == 0)  // 0.05 doesn't
        #expect(decimal("1\(zeros)e-5000", scale: 1_000) == 1_000)
        #expect(decimal("1\(zeros)", scale: 1) == nil)
        #expect(decimal("1.\(zeros)1", scale: 1_000) == 1_000)
        #expect(decimal("0.4\(String(repeating: "9", count: 5_000))", scale: 1) == 0)
        #expect(decimal("0.4\(String(repeating: "9", count: 5_000))1e1", scale: 1) == 5)
    }

    @Test("matches an exact big-number reference on 20,000 random numbers")
    func matchesReference() {
        var rng = SplitMix64(seed: 0xDEC1_3A1)
        let scales: [Int64] = [1, 1_000, 60_000, 3_600_000, 7, 1_000_000_007, Int64.max]
        for _ in 0..<20_000 {
            let text = randomJSONNumber(using: &rng)
            let scale = Bool.random(using: &rng)
                ? scales.randomElement(using: &rng)!
                : Int64.random(in: 1...Int64.max >> Int.random(in: 0...62, using: &rng), using: &rng)
            #expect(decimal(text, scale: scale) == referenceDecimal(text, scale: scale), "\(text) × \(scale)")
        }
    }

    @Test("the short-number fast path agrees with the general path on 20,000 random numbers")
    func fastPathMatchesGeneralPath() {
        // Any exponent, even "e0", sends a number down the general path.
        var rng = SplitMix64(seed: 0xFA57)
        for _ in 0..<20_000 {
            var text = Bool.random(using: &rng) ? "-" : ""
            text += String(Int.random(in: 0...9_999_999_999, using: &rng))
            if Bool.random(using: &rng) { text += "." + randomDigits(Int.random(in: 1...9, using: &rng), using: &rng) }
            let scale = [1, 1_000, 60_000, Int64.random(in: 1...Int64.max, using: &rng)].randomElement(using: &rng)!
            #expect(decimal(text, scale: scale) == decimal(text + "e0", scale: scale), "\(text) × \(scale)")
        }
    }

    @Test("agrees with Int64 arithmetic on 10,000 random integers and milliseconds")
    func matchesIntegerArithmetic() {
        var rng = SplitMix64(seed: 0x1D_EC)
        for _ in 0..<10_000 {
            let value = Int64.random(in: -9_223_372_036_854_775...9_223_372_036_854_775, using: &rng)
            #expect(decimal(String(value), scale: 1_000) == value * 1_000)
            let milliseconds = Int64.random(in: 0...999, using: &rng)
            let magnitude = "\(value.magnitude).\(padded(Int(milliseconds), 3))"
            let expected = value < 0 ? value * 1_000 - milliseconds : value * 1_000 + milliseconds
            #expect(decimal(value < 0 ? "-" + magnitude : magnitude, scale: 1_000) == expected)
        }
    }
}

// MARK: - Integers

@Suite("TimeParsing: integers")
struct TimeParsingIntegerTests {
    @Test("valid integers", arguments: [
        ("0", Int64(0)), ("-0", 0), ("7", 7), ("007", 7), ("-007", -7), ("1234567890", 1_234_567_890),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
        ("-9223372036854775807", -Int64.max), ("00000000000000000000000000000001", 1),
        ("-00000000000000000000009223372036854775808", Int64.min),
    ])
    func valid(text: String, expected: Int64) {
        #expect(integer(text) == expected)
    }

    @Test("malformed or overflowing integers are rejected", arguments: [
        "", "-", "+", "+1", "--1", " 1", "1 ", "1.0", "1e3", "0x10", "1-", "½", "١",
        "9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "18446744073709551616", "-18446744073709551616", "99999999999999999999999",
    ])
    func malformed(text: String) {
        #expect(integer(text) == nil)
    }

    @Test("round trips 10,000 random Int64 values")
    func roundTrip() {
        var rng = SplitMix64(seed: 0x1117)
        for _ in 0..<10_000 {
            // Spread over all magnitudes, not just the huge ones a uniform draw favours.
            let value = Int64(bitPattern: rng.next()) >> Int.random(in: 0...63, using: &rng)
            #expect(integer(String(value)) == value)
        }
    }
}

// MARK: - Robustness

@Suite("TimeParsing: fuzzing")
struct TimeParsingFuzzTests {
    /// Bytes that matter to the grammars appear more often than the rest.
    static let interestingBytes = Array("0123456789-+:.,eEtTzZ ".utf8) + [0, 0x7F, 0x80, 0xFF]

    /// Calls every parser; whatever the input, none may trap, and what parses must be consistent.
    static func exercise(_ bytes: [UInt8], scale: Int64) {
        bytes.withUnsafeBytes { buffer in
            if let milliseconds = TimeParsing.parseISO8601Milliseconds(buffer) {
                let canonical = TimeParsing.formatISO8601(milliseconds: milliseconds)
                #expect(iso(canonical) == milliseconds)
            }
            if let milliseconds = TimeParsing.parseClockMilliseconds(buffer) {
                #expect(milliseconds >= 0)
            }
            _ = TimeParsing.parseDecimalMilliseconds(buffer, scale: scale)
            // Every JSON integer is also a valid parseInteger input, with the same value.
            if let value = TimeParsing.parseDecimalMilliseconds(buffer, scale: 1),
               bytes.allSatisfy({ $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                #expect(TimeParsing.parseInteger(buffer) == value)
            }
        }
    }

    @Test("100,000 random short byte strings never crash a parser")
    func randomBytes() {
        var rng = SplitMix64(seed: 0xF022)
        for _ in 0..<100_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &rng)
                    ? Self.interestingBytes.randomElement(using: &rng)!
                    : UInt8.random(in: 0...255, using: &rng)
            }
            Self.exercise(bytes, scale: Int64.random(in: 1...Int64.max, using: &rng))
        }
    }

    @Test("100,000 mutations of valid inputs never crash a parser")
    func mutations() {
        let seeds = [
            "2024-02-29T12:34:56.789+05:30", "1969-12-31 23:59:59.9995z", "+292278994-08-17T07:12:55.807Z",
            "2023-12-31T24:00:00Z", "2016-12-31T23:59:60-0800", "123:04:05,678", "59:59.999",
            "-12.345e-2", "9223372036854775807", "-9223372036854775808", "0.0005", "1E+400",
        ].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 0x3E7A)
        for _ in 0..<100_000 {
            var bytes = seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: 0...bytes.count, using: &rng)
                let byte = Self.interestingBytes.randomElement(using: &rng)!
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where position < bytes.count: bytes[position] = byte
                case 1 where position < bytes.count: bytes.remove(at: position)
                default: bytes.insert(byte, at: position)
                }
            }
            Self.exercise(bytes, scale: [1, 1_000, Int64.max].randomElement(using: &rng)!)
        }
    }
}
