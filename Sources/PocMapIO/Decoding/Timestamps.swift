/// Parsing of RFC 3339 date-times into milliseconds since the Unix epoch, and calendar dates of day numbers.
package enum RFC3339 {
    /// The latest instant accepted anywhere: 9999-12-31T23:59:59.999Z.
    static let maxMilliseconds = 253_402_300_799_999

    /// Parses `YYYY-MM-DD(T|t| )hh:mm:ss[.fraction](Z|z|±hh:mm|±hhmm)` into milliseconds since the epoch.
    /// Fractions are truncated to whole milliseconds; a leap second `:60` counts as the next second (as POSIX
    /// time does). Returns a reason on failure.
    static func milliseconds(_ text: UnsafeBufferPointer<UInt8>) -> Result<Int, RecordError> {
        var index = 0
        let count = text.count
        func number(_ digits: Int) -> Int? {
            guard count - index >= digits else { return nil }
            var value = 0
            for offset in 0..<digits {
                let digit = text[index + offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            index += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < count, text[index] == byte else { return false }
            index += 1
            return true
        }
        let shape = RecordError("expected an RFC 3339 date-time like 2023-02-05T04:40:18.067Z")
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2)
        else { return .failure(shape) }
        guard index < count, text[index] == UInt8(ascii: "T") || text[index] == UInt8(ascii: "t") || text[index] == 0x20
        else {
            return .failure(shape)
        }
        index += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
            let second = number(2)
        else { return .failure(shape) }
        var millis = 0
        if index < count && (text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",")) {
            index += 1
            var digits = 0
            while index < count, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
                if digits < 3 { millis = millis * 10 + Int(digit) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return .failure(RecordError("a date-time's fraction of a second has no digits")) }
            while digits < 3 {
                millis *= 10
                digits += 1
            }
        }
        var offsetMinutes = 0
        guard index < count else {
            return .failure(RecordError("a date-time needs a time zone offset ('Z' or ±hh:mm)"))
        }
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHour = number(2) else { return .failure(shape) }
            _ = expect(UInt8(ascii: ":"))
            guard let offsetMinute = number(2) else { return .failure(shape) }
            guard offsetHour <= 23 && offsetMinute <= 59 else {
                return .failure(RecordError("time zone offset out of range"))
            }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        default:
            return .failure(RecordError("a date-time needs a time zone offset ('Z' or ±hh:mm)"))
        }
        guard index == count else { return .failure(RecordError("unexpected text after the date-time")) }
        guard month >= 1 && month <= 12 else { return .failure(RecordError("month \(month) out of range")) }
        guard day >= 1 && day <= daysInMonth(year: year, month: month) else {
            return .failure(RecordError("day \(day) out of range for \(year)-\(month < 10 ? "0" : "")\(month)"))
        }
        guard hour <= 23 && minute <= 59 && second <= 60 else {
            return .failure(RecordError("time of day out of range"))
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis
        return .success(total)
    }

    package static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms").
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01): the inverse of ``daysFromCivil``
    /// (H. Hinnant, "chrono-compatible low-level date algorithms", civil_from_days).
    package static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The RFC 3339 UTC date-time with milliseconds of a time in ms since the epoch, for example
    /// `2023-06-01T00:01:37.856Z` (proleptic Gregorian calendar; the inverse of this type's parser).
    package static func string(milliseconds: Int64) -> String {
        let dayLength: Int64 = 86_400_000
        var days = milliseconds / dayLength
        if milliseconds % dayLength < 0 { days -= 1 }
        let inDay = milliseconds - days * dayLength
        let (year, month, day) = civilFromDays(Int(days))
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(Int64(year), 4))-\(padded(Int64(month), 2))-\(padded(Int64(day), 2))T"
            + "\(padded(inDay / 3_600_000, 2)):\(padded(inDay / 60_000 % 60, 2)):\(padded(inDay / 1000 % 60, 2))."
            + "\(padded(inDay % 1000, 3))Z"
    }

    /// `YYYY-MM-DD` of a day number (days since 1970-01-01), for example `2023-02-05` for 19393.
    package static func isoDate(daysSinceEpoch days: Int) -> String {
        let (year, month, day) = civilFromDays(days)
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }
}
