internal import CGDAL

/// The pixel type of a raster band (GDAL's `GDALDataType`, without the complex types).
public enum RasterDataType: Hashable, Sendable, CaseIterable {
    /// `GDT_Byte`: 8-bit unsigned integer.
    case byte
    /// `GDT_UInt16`.
    case uint16
    /// `GDT_Int16`.
    case int16
    /// `GDT_UInt32`.
    case uint32
    /// `GDT_Int32`.
    case int32
    /// `GDT_UInt64` (GDAL 3.5 and later).
    case uint64
    /// `GDT_Int64` (GDAL 3.5 and later).
    case int64
    /// `GDT_Float32`: the type of pocmap's coverage bands.
    case float32
    /// `GDT_Float64`.
    case float64

    /// The type's GDAL name, for example `Float32`. The corresponding GDAL function is `GDALGetDataTypeName`.
    public var name: String { gdalString(GDALGetDataTypeName(gdalType)) ?? "Unknown" }

    /// The size of one value in bytes.
    public var byteCount: Int { Int(GDALGetDataTypeSizeBytes(gdalType)) }

    var gdalType: GDALDataType {
        switch self {
        case .byte: GDT_Byte
        case .uint16: GDT_UInt16
        case .int16: GDT_Int16
        case .uint32: GDT_UInt32
        case .int32: GDT_Int32
        case .uint64: GDT_UInt64
        case .int64: GDT_Int64
        case .float32: GDT_Float32
        case .float64: GDT_Float64
        }
    }

    /// The Swift case for a GDAL type, or `nil` for complex and unknown types.
    init?(gdalType: GDALDataType) {
        guard let match = Self.allCases.first(where: { $0.gdalType == gdalType }) else { return nil }
        self = match
    }
}

/// A Swift scalar type that can be read from and written to a raster band directly.
///
/// `Float` and `UInt8` are the ones pocmap uses; GDAL converts between the buffer type and the band type.
public protocol RasterScalar: BitwiseCopyable, Sendable {
    /// The GDAL pixel type with the same memory layout as this Swift type.
    static var rasterDataType: RasterDataType { get }
}

extension UInt8: RasterScalar {
    /// `GDT_Byte`.
    public static var rasterDataType: RasterDataType { .byte }
}

extension UInt16: RasterScalar {
    /// `GDT_UInt16`.
    public static var rasterDataType: RasterDataType { .uint16 }
}

extension Int16: RasterScalar {
    /// `GDT_Int16`.
    public static var rasterDataType: RasterDataType { .int16 }
}

extension UInt32: RasterScalar {
    /// `GDT_UInt32`.
    public static var rasterDataType: RasterDataType { .uint32 }
}

extension Int32: RasterScalar {
    /// `GDT_Int32`.
    public static var rasterDataType: RasterDataType { .int32 }
}

extension UInt64: RasterScalar {
    /// `GDT_UInt64`.
    public static var rasterDataType: RasterDataType { .uint64 }
}

extension Int64: RasterScalar {
    /// `GDT_Int64`.
    public static var rasterDataType: RasterDataType { .int64 }
}

extension Float: RasterScalar {
    /// `GDT_Float32`.
    public static var rasterDataType: RasterDataType { .float32 }
}

extension Double: RasterScalar {
    /// `GDT_Float64`.
    public static var rasterDataType: RasterDataType { .float64 }
}
