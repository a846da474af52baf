// PROVISIONAL: replaced by the full time module.
enum TimeParsing {
    static func parseInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    static func parseDecimalMilliseconds(_ bytes: UnsafeRawBufferPointer, scale: Int64) -> Int64? {
        if let v = parseInteger(bytes) {
            let (r, o) = v.multipliedReportingOverflow(by: scale)
            return o ? nil : r
        }
        guard let s = String(bytes: bytes, encoding: .utf8) as String?, let d = Double(s) else { return nil }
        let v = (d * Double(scale)).rounded()
        guard abs(v) < 9e18 else { return nil }
        return Int64(v)
    }

    static func parseISO8601Milliseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        nil
    }

    static func parseClockMilliseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? { nil }

    static func formatISO8601(milliseconds: Int64, into buffer: inout [UInt8]) {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let msOfDay = milliseconds - days * 86_400_000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func put(_ v: Int64, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = v
            for k in stride(from: width - 1, through: 0, by: -1) { digits[k] = UInt8(48 + v % 10); v /= 10 }
            buffer.append(contentsOf: digits)
        }
        put(y, 4); buffer.append(45); put(m, 2); buffer.append(45); put(d, 2); buffer.append(84)
        put(msOfDay / 3_600_000, 2); buffer.append(58); put(msOfDay / 60000 % 60, 2); buffer.append(58)
        put(msOfDay / 1000 % 60, 2); buffer.append(46); put(msOfDay % 1000, 3); buffer.append(90)
    }

    static func formatISO8601(milliseconds: Int64) -> String {
        var b: [UInt8] = []
        formatISO8601(milliseconds: milliseconds, into: &b)
        return String(decoding: b, as: UTF8.self)
    }
}
import Foundation
