// No imports on purpose: the hot path must not depend on Foundation.

/// Exact, allocation-free parsing and formatting of transcript time values.
///
/// The streaming JSON decoder calls these parsers from its callbacks, on raw bytes that stay
/// valid only for the duration of the callback, millions of times per second. So they read an
/// `UnsafeRawBufferPointer` (not NUL-terminated) directly, never create a `String`, never
/// allocate and never use floating point. Every result is an `Int64` count of milliseconds.
/// Arithmetic on quantities whose size the input controls is overflow-checked, and anything
/// malformed or out of range yields `nil`: no input can trap.
///
/// The parsers are `internal` and not `@inlinable`: their callers live in the same module,
/// where whole-module optimisation already inlines them where that pays off.
enum TimeParsing {

    // MARK: - ISO 8601

    /// Parses an ISO 8601 / RFC 3339 timestamp into milliseconds since 1970-01-01T00:00:00Z.
    ///
    /// Grammar (the whole buffer must match):
    ///
    ///     timestamp = year "-" MM "-" DD sep HH ":" MM ":" SS [ "." 1*9DIGIT ] [ offset ]
    ///     year      = 4DIGIT | ("+" | "-") 6*9DIGIT      ; expanded form, as formatISO8601 writes
    ///     sep       = "T" | "t" | " "
    ///     offset    = "Z" | "z" | ("+" | "-") HH [ [":"] MM ]
    ///
    /// - No offset means UTC. Offset hours are 00–23 and minutes 00–59.
    /// - The calendar is the proleptic Gregorian one; the day is checked against the month,
    ///   leap years included (year 0000 is a leap year).
    /// - The fraction is truncated to whole milliseconds. Because the fraction always counts
    ///   forward from the start of its second, this is floor semantics for every instant, before
    ///   1970 too: `1969-12-31T23:59:59.9995Z` is -1, not 0.
    /// - `24:00:00` (fraction absent or all zeros) is accepted as the midnight that ends the day,
    ///   i.e. 00:00:00 of the next day; any other hour-24 time is rejected.
    /// - Second `60` (a leap second, accepted at any minute because offsets move the UTC minute)
    ///   is clamped to the last millisecond of its minute, `59.999`, whatever its fraction: it
    ///   then sorts after `:59` and before the next minute, and never spills into it.
    /// - `nil` for anything else, including a `,` decimal separator, offsets like `+5`, missing
    ///   seconds, trailing bytes, and instants outside the `Int64` millisecond range.
    static func parseISO8601Milliseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        if count == 24, let instant = parseCommonUTC(bytes) { return instant }
        var index = 0

        // Year. Plain arithmetic from here to the final scaling is safe: every field has a
        // fixed maximum width, so every intermediate value is bounded far below Int64.max.
        let year: Int64
        if count > 0, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            let isNegative = bytes[0] == UInt8(ascii: "-")
            index = 1
            var magnitude: Int64 = 0
            while index < count, let value = digit(bytes[index]) {
                // Ten digits can't be a year within Int64 milliseconds (±292,278,994 at most).
                guard index <= 9 else { return nil }
                magnitude = magnitude * 10 + Int64(value)
                index += 1
            }
            guard index >= 7 else { return nil }
            year = isNegative ? -magnitude : magnitude
        } else {
            guard let high = twoDigits(bytes, at: 0), let low = twoDigits(bytes, at: 2) else {
                return nil
            }
            year = high * 100 + low
            index = 4
        }

        // "-MM-DD"
        guard byte(bytes, at: index) == UInt8(ascii: "-"),
              let month = twoDigits(bytes, at: index + 1),
              byte(bytes, at: index + 3) == UInt8(ascii: "-"),
              let day = twoDigits(bytes, at: index + 4)
        else { return nil }
        index += 6
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(month, year: year) else {
            return nil
        }

        // sep "HH:MM:SS"
        switch byte(bytes, at: index) {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "): break
        default: return nil
        }
        guard let hour = twoDigits(bytes, at: index + 1),
              byte(bytes, at: index + 3) == UInt8(ascii: ":"),
              let minute = twoDigits(bytes, at: index + 4),
              byte(bytes, at: index + 6) == UInt8(ascii: ":"),
              let second = twoDigits(bytes, at: index + 7)
        else { return nil }
        index += 9

        // [ "." 1*9DIGIT ]
        var fractionMilliseconds: Int64 = 0
        var fractionIsZero = true
        if byte(bytes, at: index) == UInt8(ascii: ".") {
            index += 1
            guard let fraction = parseFraction(bytes, at: &index) else { return nil }
            fractionMilliseconds = fraction.milliseconds
            fractionIsZero = fraction.isZero
        }

        // [ offset ] — kept as seconds east of UTC.
        var offsetSeconds: Int64 = 0
        switch byte(bytes, at: index) {
        case nil:
            break
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case let sign? where sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"):
            guard let offsetHour = twoDigits(bytes, at: index + 1), offsetHour <= 23 else {
                return nil
            }
            index += 3
            var offsetMinute: Int64 = 0
            if index < count {
                if bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard let value = twoDigits(bytes, at: index), value <= 59 else { return nil }
                offsetMinute = value
                index += 2
            }
            offsetSeconds = offsetHour * 3_600 + offsetMinute * 60
            if sign == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
        default:
            return nil
        }
        guard index == count else { return nil }

        // Range checks, with the two documented special cases.
        guard minute <= 59, second <= 60 else { return nil }
        if hour == 24 {
            guard minute == 0, second == 0, fractionIsZero else { return nil }
        } else {
            guard hour <= 23 else { return nil }
        }
        if second == 60 { fractionMilliseconds = 999 }
        let wholeSecond = min(second, 59)

        let days = daysFromCivil(year: year, month: month, day: day)
        // |days| < 3.7e11 for a nine-digit year, so this sum stays below 3.2e16.
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + wholeSecond - offsetSeconds
        // Only the step to milliseconds can leave the Int64 range (expanded years). Below zero,
        // borrow a second for the fraction: Int64.min is -9223372036854775.808 s, whose whole
        // seconds alone would overflow.
        let (wholeSeconds, fraction) = seconds < 0
            ? (seconds + 1, fractionMilliseconds - 1_000)
            : (seconds, fractionMilliseconds)
        let (scaled, scaleOverflow) = wholeSeconds.multipliedReportingOverflow(by: 1_000)
        guard !scaleOverflow else { return nil }
        let (milliseconds, addOverflow) = scaled.addingReportingOverflow(fraction)
        return addOverflow ? nil : milliseconds
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the shape nearly every timestamp has (Symbl writes two per
    /// word), read as three 8-byte words: every separator and digit is checked, and the digits
    /// combined into two-digit fields, a word at a time. The grammar above costs ~320
    /// instructions a timestamp under callgrind (9 % of a Symbl decode); byte-by-byte fixed
    /// offsets still cost ~220. `nil` hands anything else — lower-case `t`/`z`, an offset,
    /// hour 24, second 60, a date that does not exist — to the general parser, which decides;
    /// for what this accepts, both agree (a property test checks it).
    @inline(__always)
    private static func parseCommonUTC(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        assert(bytes.count == 24)
        // Byte k of a word is character k of its 8 (little-endian load).
        let w0 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))   // YYYY-MM-
        let w1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))   // DDTHH:MM
        let w2 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))  // :SS.mmmZ
        // Per word: which bytes are digits, and what the others must be.
        let digits0: UInt64 = 0x00FF_FF00_FFFF_FFFF, separators0: UInt64 = 0x2D00_002D_0000_0000
        let digits1: UInt64 = 0xFFFF_00FF_FF00_FFFF, separators1: UInt64 = 0x0000_3A00_0054_0000
        let digits2: UInt64 = 0x00FF_FFFF_00FF_FF00, separators2: UInt64 = 0x5A00_0000_2E00_003A
        @inline(__always) func fields(_ word: UInt64, _ digits: UInt64, _ separators: UInt64) -> UInt64? {
            let zeros = 0x3030_3030_3030_3030 & digits
            // A digit byte is 0x3_ with a low nibble of at most 9 (adding 6 must not reach 0x40).
            guard word & ~digits == separators,
                  word & digits & 0xF0F0_F0F0_F0F0_F0F0 == zeros,
                  ((word & digits) &+ (0x0606_0606_0606_0606 & digits)) & 0xF0F0_F0F0_F0F0_F0F0 == zeros
            else { return nil }
            let values = (word & digits) &- zeros
            // Byte k becomes 10 × digit k + digit k+1: a two-digit field where one starts.
            return values &* 10 &+ (values >> 8)
        }
        guard let f0 = fields(w0, digits0, separators0),
              let f1 = fields(w1, digits1, separators1),
              let f2 = fields(w2, digits2, separators2)
        else { return nil }
        @inline(__always) func byte(_ word: UInt64, _ k: UInt64) -> Int64 { Int64(truncatingIfNeeded: word >> (8 * k) & 0xFF) }
        let year = byte(f0, 0) * 100 + byte(f0, 2), month = byte(f0, 5)
        let day = byte(f1, 0), hour = byte(f1, 3), minute = byte(f1, 6)
        let second = byte(f2, 1)
        let milliseconds = byte(f2, 4) * 10 + byte(w2, 6) - 0x30
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(month, year: year),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        // Years 0000–9999: every value here is far inside Int64.
        let days = daysFromCivil(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000 + milliseconds
    }

    /// Appends `milliseconds` (since 1970-01-01T00:00:00Z) as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    ///
    /// Always UTC with exactly three fraction digits; negative epochs are floored, so -1 is
    /// `1969-12-31T23:59:59.999Z`. Years 0000–9999 use four digits. Other years use the ISO 8601
    /// expanded form (as JavaScript's `toISOString` does): a sign and at least six digits, e.g.
    /// `+010000-01-01T00:00:00.000Z` or `-000001-12-31T23:59:59.999Z`; nine digits at most, since
    /// `Int64` milliseconds span ±292 million years. ``parseISO8601Milliseconds(_:)`` reads every
    /// output back to the same value. Writes at most 30 bytes; allocates only if `buffer` grows.
    static func formatISO8601(milliseconds: Int64, into buffer: inout [UInt8]) {
        // Floor division by the day without ever overflowing (Int64.min included).
        var days = milliseconds / 86_400_000
        var millisecondOfDay = milliseconds % 86_400_000
        if millisecondOfDay < 0 {
            millisecondOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civilFromDays(days)

        if year >= 0, year <= 9_999 {
            appendDigits(year, width: 4, to: &buffer)
        } else {
            buffer.append(year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = year.magnitude  // below 3e8, so the width loop can't overflow
            var width = 6
            var limit: UInt64 = 1_000_000
            while magnitude >= limit {
                width += 1
                limit *= 10
            }
            appendDigits(Int64(magnitude), width: width, to: &buffer)
        }
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendDigits(millisecondOfDay / 3_600_000, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(millisecondOfDay / 60_000 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(millisecondOfDay / 1_000 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDigits(millisecondOfDay % 1_000, width: 3, to: &buffer)
        buffer.append(UInt8(ascii: "Z"))
    }

    /// `formatISO8601(milliseconds:into:)` as a `String`; for callers off the hot path.
    static func formatISO8601(milliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30)
        formatISO8601(milliseconds: milliseconds, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Clock times

    /// Parses a clock duration such as `01:02:03.456`, `123:04:05,5` or `04:05` into milliseconds.
    ///
    /// Grammar (the whole buffer must match):
    ///
    ///     clock    = 1*DIGIT ":" MM ":" SS [ fraction ]    ; hours, any number of digits
    ///              | MM ":" SS [ fraction ]                 ; minutes, exactly two digits
    ///     fraction = ("." | ",") 1*9DIGIT                   ; "," as in SRT
    ///
    /// Minutes and seconds are 00–59. The fraction is truncated to whole milliseconds; a
    /// separator without digits, a tenth fraction digit, a sign, whitespace or an hour count
    /// overflowing `Int64` milliseconds gives `nil`.
    static func parseClockMilliseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        var index = 0

        // Leading field: hours (any width) or minutes (two digits), decided by what follows.
        var leading: Int64 = 0
        while index < count, let value = digit(bytes[index]) {
            let (times10, overflow1) = leading.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(value))
            guard !overflow1, !overflow2 else { return nil }
            leading = sum
            index += 1
        }
        let leadingWidth = index
        guard leadingWidth > 0,
              byte(bytes, at: index) == UInt8(ascii: ":"),
              let middle = twoDigits(bytes, at: index + 1)
        else { return nil }
        index += 3

        let hours: Int64
        let minutes: Int64
        let seconds: Int64
        if byte(bytes, at: index) == UInt8(ascii: ":") {
            guard let last = twoDigits(bytes, at: index + 1) else { return nil }
            index += 3
            (hours, minutes, seconds) = (leading, middle, last)
        } else {
            guard leadingWidth == 2 else { return nil }
            (hours, minutes, seconds) = (0, leading, middle)
        }
        guard minutes <= 59, seconds <= 59 else { return nil }

        var fractionMilliseconds: Int64 = 0
        if let separator = byte(bytes, at: index),
           separator == UInt8(ascii: ".") || separator == UInt8(ascii: ",") {
            index += 1
            guard let fraction = parseFraction(bytes, at: &index) else { return nil }
            fractionMilliseconds = fraction.milliseconds
        }
        guard index == count else { return nil }

        let (hourMilliseconds, overflow1) = hours.multipliedReportingOverflow(by: 3_600_000)
        // The remainder is below one hour, so a single checked addition suffices.
        let rest = minutes * 60_000 + seconds * 1_000 + fractionMilliseconds
        let (total, overflow2) = hourMilliseconds.addingReportingOverflow(rest)
        return overflow1 || overflow2 ? nil : total
    }

    // MARK: - JSON numbers

    /// Converts the raw text of a JSON number, times `scale`, to exact integer milliseconds.
    ///
    /// Grammar (RFC 8259; the whole buffer must match):
    ///
    ///     number = [ "-" ] ( "0" | %x31-39 *DIGIT ) [ "." 1*DIGIT ] [ ("e" | "E") [ "+" | "-" ] 1*DIGIT ]
    ///
    /// so `+1`, `.5`, `1.`, `01`, `-0x1`, `1e`, `NaN` and surrounding whitespace are `nil`.
    /// `scale` is how many milliseconds one unit of the number is worth: 1 for milliseconds,
    /// 1000 for seconds; it must be positive, otherwise the result is `nil`.
    ///
    /// The result is exactly `number × scale` rounded to an integer, halves away from zero
    /// (`0.0005` seconds is 1 ms, `-0.0005` is -1 ms), for any number of digits and any
    /// exponent: `1e-400` is 0, `0e999999999` is 0, `123456789012345678901234e-21` seconds is
    /// 123457 ms. `nil` if that integer doesn't fit in `Int64` (`Int64.min` does fit).
    static func parseDecimalMilliseconds(_ bytes: UnsafeRawBufferPointer, scale: Int64) -> Int64? {
        guard scale > 0 else { return nil }
        let count = bytes.count
        var index = 0

        let isNegative = byte(bytes, at: 0) == UInt8(ascii: "-")
        if isNegative { index = 1 }

        // Integer digits: "0" or a non-zero digit followed by digits. `significand` collects all
        // significand digits for the fast path below; it wraps beyond 19 digits, but is then unused.
        let integerStart = index
        guard let first = byte(bytes, at: index), let firstValue = digit(first) else { return nil }
        var significand = UInt64(firstValue)
        index += 1
        if firstValue != 0 {
            while index < count, let value = digit(bytes[index]) {
                significand = significand &* 10 &+ UInt64(value)
                index += 1
            }
        }
        let integerEnd = index

        // Fraction digits.
        var fractionStart = index
        var fractionEnd = index
        if byte(bytes, at: index) == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < count, let value = digit(bytes[index]) {
                significand = significand &* 10 &+ UInt64(value)
                index += 1
            }
            fractionEnd = index
            guard fractionEnd > fractionStart else { return nil }
        }

        // Fast path for the usual shape, `12.345`: no exponent and at most 19 digits, so the
        // significand is exact and round(significand × scale / 10^k) takes one wide multiply and
        // one division. Larger products and all exponents take the general path below.
        let fractionCount = fractionEnd - fractionStart
        if index == count, integerEnd - integerStart + fractionCount <= 19 {
            let (high, low) = significand.multipliedFullWidth(by: UInt64(scale))
            if high == 0 {
                // Integers (most times) need no rounding and no division, which costs ~40 cycles.
                if fractionCount == 0 { return signed(magnitude: low, isNegative: isNegative) }
                let divisor = powerOfTen(fractionCount)  // fractionCount ≤ 18 here
                let (quotient, remainder) = low.quotientAndRemainder(dividingBy: divisor)
                // Half up on the magnitude: remainder / divisor ≥ 1/2, written without overflow.
                let magnitude = remainder >= divisor - remainder ? quotient + 1 : quotient
                return signed(magnitude: magnitude, isNegative: isNegative)
            }
        }

        // Exponent, saturated: once it exceeds the digit count by ~20 every larger value has the
        // same effect (the number overflows or rounds to zero), so it stops growing at `count + 21`
        // and never overflows. (A buffer can't come near Int64.max bytes.)
        var exponent: Int64 = 0
        if let marker = byte(bytes, at: index), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            index += 1
            var exponentIsNegative = false
            if let sign = byte(bytes, at: index), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponentIsNegative = sign == UInt8(ascii: "-")
                index += 1
            }
            let saturation = Int64(count) + 21
            let exponentStart = index
            while index < count, let value = digit(bytes[index]) {
                if exponent <= saturation { exponent = exponent * 10 + Int64(value) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            if exponentIsNegative { exponent = -exponent }
        }
        guard index == count else { return nil }

        // The significand's digits form one sequence: integer digits, then fraction digits.
        // `point` is where the decimal point falls in that sequence once the exponent is applied;
        // positions beyond either end are implicit zeros.
        let integerCount = integerEnd - integerStart
        let digitCount = Int64(integerCount + (fractionEnd - fractionStart))
        let point = Int64(integerCount) + exponent
        func digitValue(at position: Int64) -> UInt64 {
            let position = Int(position)
            let address = position < integerCount
                ? integerStart + position
                : fractionStart + (position - integerCount)
            return UInt64(bytes[address] &- UInt8(ascii: "0"))
        }

        // Whole part: the digits before `point`, then any implicit zeros up to it.
        var whole: UInt64 = 0
        if point > 0 {
            var position: Int64 = 0
            let end = min(point, digitCount)
            while position < end {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(digitValue(at: position))
                guard !overflow1, !overflow2 else { return nil }
                whole = sum
                position += 1
            }
            if whole != 0 {
                // Overflows within 20 steps, so this loop is short whatever the exponent.
                var zeros = point - digitCount
                while zeros > 0 {
                    let (times10, overflow) = whole.multipliedReportingOverflow(by: 10)
                    guard !overflow else { return nil }
                    whole = times10
                    zeros -= 1
                }
            }
        }

        // Fractional part F = 0.f1 f2 … fk (digits from `point` on). scale × F is rounded exactly,
        // without big integers, by Horner's rule from the last digit: with T(i) = scale × 0.fi…fk,
        // T(i) = (scale × fi + T(i+1)) / 10, and for integer n, floor((n + x) / 10) equals
        // floor((n + floor(x)) / 10). So `tail` = floor(T(i+1)) carries all that matters, and
        // rounding half up is floor((scale × f1 + 5 + tail) / 10). With scale = 10a + b,
        // scale × f + tail = 10af + (bf + tail), which keeps every term below 2^64 (tail < scale).
        let unsignedScale = UInt64(scale)
        let scaleTens = unsignedScale / 10
        let scaleUnits = unsignedScale % 10
        var tail: UInt64 = 0
        var position = digitCount - 1
        let lowestExplicit = max(point + 1, 0)
        while position >= lowestExplicit {
            let value = digitValue(at: position)
            tail = scaleTens * value + (scaleUnits * value + tail) / 10
            position -= 1
        }
        if point < -1 {
            // Implicit zeros between the decimal point and the first digit just divide by 10;
            // tail < 2^63 is zero after 19 of them.
            var zeros = min(-1 - point, 20)
            while zeros > 0 {
                tail /= 10
                zeros -= 1
            }
        }
        let leadingFraction = point >= 0 && point < digitCount ? digitValue(at: point) : 0
        let roundedFraction = scaleTens * leadingFraction + (scaleUnits * leadingFraction + 5 + tail) / 10

        let (scaledWhole, overflow1) = whole.multipliedReportingOverflow(by: unsignedScale)
        let (magnitude, overflow2) = scaledWhole.addingReportingOverflow(roundedFraction)
        guard !overflow1, !overflow2 else { return nil }
        return signed(magnitude: magnitude, isNegative: isNegative)
    }

    /// Parses a decimal integer, `-?[0-9]+`, exactly; `Int64.min` included.
    ///
    /// Leading zeros are accepted (`007` is 7, `-0` is 0); a `+` sign, whitespace, an empty
    /// buffer, a lone `-` or any other byte gives `nil`, as does a value outside `Int64`.
    static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        let isNegative = byte(bytes, at: 0) == UInt8(ascii: "-")
        var index = isNegative ? 1 : 0
        guard index < count else { return nil }
        var magnitude: UInt64 = 0
        while index < count {
            guard let value = digit(bytes[index]) else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(value))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        return signed(magnitude: magnitude, isNegative: isNegative)
    }

    // MARK: - Helpers

    /// The byte at `index`, or `nil` past the end; keeps every read in bounds.
    @inline(__always)
    private static func byte(_ bytes: UnsafeRawBufferPointer, at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// The value of an ASCII decimal digit, or `nil`.
    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt8? {
        let value = byte &- UInt8(ascii: "0")  // bytes below "0" wrap to 208 and up
        return value < 10 ? value : nil
    }

    /// Exactly two ASCII digits at `index` as 0–99, or `nil`.
    @inline(__always)
    private static func twoDigits(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int64? {
        guard index + 1 < bytes.count,
              let tens = digit(bytes[index]),
              let units = digit(bytes[index + 1])
        else { return nil }
        return Int64(tens) * 10 + Int64(units)
    }

    /// Reads the 1–9 fraction digits starting at `index` (just past the separator), advancing
    /// `index`. Returns the whole milliseconds they denote, truncated, and whether all are zero;
    /// `nil` for no digit or a tenth digit.
    @inline(__always)
    private static func parseFraction(
        _ bytes: UnsafeRawBufferPointer, at index: inout Int
    ) -> (milliseconds: Int64, isZero: Bool)? {
        let start = index
        var milliseconds: Int64 = 0
        var isZero = true
        while index < bytes.count, let value = digit(bytes[index]) {
            let position = index - start
            guard position < 9 else { return nil }
            if position < 3 { milliseconds = milliseconds * 10 + Int64(value) }
            if value != 0 { isZero = false }
            index += 1
        }
        let width = index - start
        guard width > 0 else { return nil }
        // Pad ".5" and ".25" to milliseconds.
        if width == 1 { milliseconds *= 100 } else if width == 2 { milliseconds *= 10 }
        return (milliseconds, isZero)
    }

    /// 10^exponent for exponent 0–19 (10^19 is the largest power of ten in a `UInt64`).
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }

    /// Applies a sign to a magnitude, or `nil` if the result isn't an `Int64`.
    @inline(__always)
    private static func signed(magnitude: UInt64, isNegative: Bool) -> Int64? {
        if isNegative {
            // 2^63 is Int64.min, whose magnitude has no positive Int64.
            guard magnitude <= Int64.min.magnitude else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Whether `year` is a leap year in the proleptic Gregorian calendar.
    @inline(__always)
    private static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` (1–12) of `year`.
    @inline(__always)
    private static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`: shifts the year to start in March so the leap day comes last, then
    /// counts whole 400-year eras, which are 146,097 days each).
    @inline(__always)
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400                                         // [0, 399]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`, the
    /// inverse of ``daysFromCivil(year:month:day:)``). Safe for every day an `Int64` of
    /// milliseconds can reach (|days| < 1.1e11).
    @inline(__always)
    private static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                                      // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)         // [0, 365]
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                           // [0, 11], March = 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Appends the non-negative `value` as exactly `width` decimal digits, zero-padded.
    @inline(__always)
    private static func appendDigits(_ value: Int64, width: Int, to buffer: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining / divisor))
            remaining %= divisor
            divisor /= 10
        }
    }
}
