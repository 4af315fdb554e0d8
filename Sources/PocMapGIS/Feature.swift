internal import CGDAL

/// The type of an attribute field (OGR's `OGRFieldType`; the deprecated wide-string types read as strings).
public enum FieldType: Hashable, Sendable, CaseIterable {
    /// `OFTInteger`: 32-bit integer.
    case integer
    /// `OFTInteger64`: 64-bit integer (use it for H3 indexes as integers).
    case integer64
    /// `OFTReal`: double.
    case real
    /// `OFTString`: text.
    case string
    /// `OFTDate`.
    case date
    /// `OFTTime`.
    case time
    /// `OFTDateTime`.
    case dateTime
    /// `OFTBinary`: a blob.
    case binary
    /// `OFTIntegerList`.
    case integerList
    /// `OFTInteger64List`.
    case integer64List
    /// `OFTRealList`.
    case realList
    /// `OFTStringList`.
    case stringList

    var ogrValue: OGRFieldType {
        switch self {
        case .integer: OFTInteger
        case .integer64: OFTInteger64
        case .real: OFTReal
        case .string: OFTString
        case .date: OFTDate
        case .time: OFTTime
        case .dateTime: OFTDateTime
        case .binary: OFTBinary
        case .integerList: OFTIntegerList
        case .integer64List: OFTInteger64List
        case .realList: OFTRealList
        case .stringList: OFTStringList
        }
    }

    init(ogrValue: OGRFieldType) {
        if ogrValue == OFTWideString {
            self = .string
        } else if ogrValue == OFTWideStringList {
            self = .stringList
        } else {
            self = Self.allCases.first { $0.ogrValue == ogrValue } ?? .string
        }
    }
}

/// A refinement of a field type (OGR's `OGRFieldSubType`).
public enum FieldSubtype: Hashable, Sendable, CaseIterable {
    /// `OFSTNone`.
    case none
    /// `OFSTBoolean`: an integer holding 0 or 1 (GeoPackage `BOOLEAN`).
    case boolean
    /// `OFSTInt16`.
    case int16
    /// `OFSTFloat32`.
    case float32
    /// `OFSTJSON`: a string holding JSON.
    case json
    /// `OFSTUUID`: a string holding a UUID.
    case uuid

    var ogrValue: OGRFieldSubType {
        switch self {
        case .none: OFSTNone
        case .boolean: OFSTBoolean
        case .int16: OFSTInt16
        case .float32: OFSTFloat32
        case .json: OFSTJSON
        case .uuid: OFSTUUID
        }
    }

    init(ogrValue: OGRFieldSubType) {
        self = Self.allCases.first { $0.ogrValue == ogrValue } ?? .none
    }
}

/// The definition of one attribute field of a layer.
public struct FieldDefinition: Hashable, Sendable {
    /// Column name, for example `rssi_dbm`.
    public var name: String
    /// Value type.
    public var type: FieldType
    /// Subtype hint.
    public var subtype: FieldSubtype
    /// Maximum width (characters for strings), 0 for unlimited.
    public var width: Int
    /// Decimal places for reals, 0 when unspecified.
    public var precision: Int
    /// Whether the column accepts NULL.
    public var isNullable: Bool

    /// A field definition; only name and type are required.
    public init(
        name: String,
        type: FieldType,
        subtype: FieldSubtype = .none,
        width: Int = 0,
        precision: Int = 0,
        isNullable: Bool = true
    ) {
        self.name = name
        self.type = type
        self.subtype = subtype
        self.width = width
        self.precision = precision
        self.isNullable = isNullable
    }

    /// Reads a borrowed `OGRFieldDefnH`.
    init(ogr handle: UnsafeMutableRawPointer) {
        self.init(
            name: gdalString(OGR_Fld_GetNameRef(handle)) ?? "",
            type: FieldType(ogrValue: OGR_Fld_GetType(handle)),
            subtype: FieldSubtype(ogrValue: OGR_Fld_GetSubType(handle)),
            width: Int(OGR_Fld_GetWidth(handle)),
            precision: Int(OGR_Fld_GetPrecision(handle)),
            isNullable: OGR_Fld_IsNullable(handle) != 0
        )
    }
}

/// A date and time as OGR stores it, with its time-zone flag.
public struct FieldDateTime: Hashable, Sendable {
    /// Year, for example 2024.
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Seconds with fraction, 0 ≤ s < 61.
    public var second: Float
    /// OGR's time-zone flag: 0 unknown, 1 local time, 100 UTC, 100 ± n for an offset of n × 15 minutes.
    public var timeZoneFlag: Int

    /// The time-zone flag for UTC.
    public static let utc = 100

    /// A date and time; UTC by default.
    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int = 0,
        minute: Int = 0,
        second: Float = 0,
        timeZoneFlag: Int = FieldDateTime.utc
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.timeZoneFlag = timeZoneFlag
    }
}

/// One attribute value.
public enum FieldValue: Hashable, Sendable {
    /// NULL (or unset).
    case null
    /// A 32-bit integer.
    case integer(Int32)
    /// A 64-bit integer.
    case integer64(Int64)
    /// A double.
    case real(Double)
    /// Text.
    case string(String)
    /// A date, time or date-time.
    case dateTime(FieldDateTime)
    /// A blob.
    case binary([UInt8])
    /// A list of 32-bit integers.
    case integerList([Int32])
    /// A list of 64-bit integers.
    case integer64List([Int64])
    /// A list of doubles.
    case realList([Double])
    /// A list of strings.
    case stringList([String])

    /// The value as a `Double` for numeric cases, else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .integer64(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    /// The value as an `Int64` for integer cases, else `nil`.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): Int64(value)
        case .integer64(let value): value
        default: nil
        }
    }

    /// The text of a string value, else `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// A feature read from a layer: its id, geometry and attribute values in field order.
public struct Feature: Hashable, Sendable {
    /// The feature id, `nil` when the driver has none.
    public var fid: Int64?
    /// The geometry, `nil` when empty or absent.
    public var geometry: Geometry?
    /// Field names in layer order (shared between the features of one read).
    public var fieldNames: [String]
    /// Values in layer field order.
    public var values: [FieldValue]

    /// A feature from its parts; `fieldNames` and `values` must have the same length.
    public init(fid: Int64?, geometry: Geometry?, fieldNames: [String], values: [FieldValue]) {
        precondition(fieldNames.count == values.count, "one value per field")
        self.fid = fid
        self.geometry = geometry
        self.fieldNames = fieldNames
        self.values = values
    }

    /// The value of the field with this name (exact match), or `nil` when there is no such field.
    public subscript(name: String) -> FieldValue? {
        guard let index = fieldNames.firstIndex(of: name) else { return nil }
        return values[index]
    }
}

// MARK: - Reading and writing OGR features (internal)

/// Reads a borrowed `OGRFeatureH` into a value. The corresponding GDAL functions are `OGR_F_GetFID`,
/// `OGR_F_IsFieldSetAndNotNull`, `OGR_F_GetFieldAs…` and `OGR_F_GetGeometryRef`.
func readOGRFeature(_ feature: UnsafeMutableRawPointer, fieldNames: [String], fieldTypes: [FieldType]) -> Feature {
    var values: [FieldValue] = []
    values.reserveCapacity(fieldTypes.count)
    for (offset, type) in fieldTypes.enumerated() {
        let index = Int32(offset)
        guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else {
            values.append(.null)
            continue
        }
        values.append(readField(feature, index, type))
    }
    let fid = OGR_F_GetFID(feature)  // -1 is OGRNullFID, a macro Swift does not import as Int64
    let geometry = OGR_F_GetGeometryRef(feature).flatMap(readOGRGeometry)
    return Feature(fid: fid == -1 ? nil : fid, geometry: geometry, fieldNames: fieldNames, values: values)
}

private func readField(_ feature: UnsafeMutableRawPointer, _ index: Int32, _ type: FieldType) -> FieldValue {
    switch type {
    case .integer:
        return .integer(OGR_F_GetFieldAsInteger(feature, index))
    case .integer64:
        return .integer64(OGR_F_GetFieldAsInteger64(feature, index))
    case .real:
        return .real(OGR_F_GetFieldAsDouble(feature, index))
    case .string:
        return .string(gdalString(OGR_F_GetFieldAsString(feature, index)) ?? "")
    case .date, .time, .dateTime:
        var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0, hour: Int32 = 0, minute: Int32 = 0, zone: Int32 = 0
        var second: Float = 0
        guard OGR_F_GetFieldAsDateTimeEx(feature, index, &year, &month, &day, &hour, &minute, &second, &zone) != 0
        else { return .null }
        return .dateTime(
            FieldDateTime(
                year: Int(year),
                month: Int(month),
                day: Int(day),
                hour: Int(hour),
                minute: Int(minute),
                second: second,
                timeZoneFlag: Int(zone)
            )
        )
    case .binary:
        var count: Int32 = 0
        guard let bytes = OGR_F_GetFieldAsBinary(feature, index, &count) else { return .binary([]) }
        return .binary(Array(UnsafeBufferPointer(start: bytes, count: Int(max(count, 0)))))
    case .integerList:
        var count: Int32 = 0
        let list = OGR_F_GetFieldAsIntegerList(feature, index, &count)
        return .integerList(list.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(count, 0)))) } ?? [])
    case .integer64List:
        var count: Int32 = 0
        let list = OGR_F_GetFieldAsInteger64List(feature, index, &count)
        return .integer64List(list.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(count, 0)))) } ?? [])
    case .realList:
        var count: Int32 = 0
        let list = OGR_F_GetFieldAsDoubleList(feature, index, &count)
        return .realList(list.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(count, 0)))) } ?? [])
    case .stringList:
        return .stringList(CStringList(copying: OGR_F_GetFieldAsStringList(feature, index)).strings)
    }
}

/// Sets one field of an owned `OGRFeatureH`; OGR converts between numeric types and strings as needed.
/// The corresponding GDAL functions are `OGR_F_SetField…` and `OGR_F_SetFieldNull`.
func writeField(_ feature: UnsafeMutableRawPointer, _ index: Int32, _ value: FieldValue) throws(GDALError) {
    let operation = "OGR_F_SetField"
    switch value {
    case .null:
        OGR_F_SetFieldNull(feature, index)
    case .integer(let value):
        OGR_F_SetFieldInteger(feature, index, value)
    case .integer64(let value):
        OGR_F_SetFieldInteger64(feature, index, value)
    case .real(let value):
        OGR_F_SetFieldDouble(feature, index, value)
    case .string(let value):
        OGR_F_SetFieldString(feature, index, value)
    case .dateTime(let value):
        OGR_F_SetFieldDateTimeEx(
            feature,
            index,
            try cInt(value.year, "year", operation: operation),
            try cInt(value.month, "month", operation: operation),
            try cInt(value.day, "day", operation: operation),
            try cInt(value.hour, "hour", operation: operation),
            try cInt(value.minute, "minute", operation: operation),
            value.second,
            try cInt(value.timeZoneFlag, "time zone flag", operation: operation)
        )
    case .binary(let bytes):
        let count = try cInt(bytes.count, "blob size", operation: operation)
        bytes.withUnsafeBytes { OGR_F_SetFieldBinary(feature, index, count, $0.baseAddress) }
    case .integerList(let list):
        let count = try cInt(list.count, "list size", operation: operation)
        list.withUnsafeBufferPointer { OGR_F_SetFieldIntegerList(feature, index, count, $0.baseAddress) }
    case .integer64List(let list):
        let count = try cInt(list.count, "list size", operation: operation)
        list.withUnsafeBufferPointer { OGR_F_SetFieldInteger64List(feature, index, count, $0.baseAddress) }
    case .realList(let list):
        let count = try cInt(list.count, "list size", operation: operation)
        list.withUnsafeBufferPointer { OGR_F_SetFieldDoubleList(feature, index, count, $0.baseAddress) }
    case .stringList(let list):
        CStringList(strings: list).withPointer { OGR_F_SetFieldStringList(feature, index, $0) }
    }
}
