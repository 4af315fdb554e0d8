/// An error reported by GDAL, OGR or PROJ, or by this wrapper when a C call fails without saying why.
///
/// GDAL keeps the last error of the calling thread (`CPLGetLastErrorNo`, `CPLGetLastErrorMsg`). Every wrapped call
/// resets that state first (`CPLErrorReset`) and runs under a quiet, thread-local error handler, so nothing is
/// printed on stderr and the error thrown belongs to the call that failed.
public struct GDALError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which library and numeric code an error came from.
    ///
    /// GDAL's `CPLE_*` numbers, OGR's `OGRERR_*` numbers and PROJ's `PROJ_ERR_*` numbers overlap, so a code carries
    /// its domain. The common GDAL codes have names (`.openFailed`, `.illegalArgument`, …).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The library whose numbering a ``GDALError/Code`` uses.
        public enum Domain: Hashable, Sendable {
            /// GDAL's common portability library: `CPLE_*` values from `cpl_error.h`.
            case gdal
            /// OGR's `OGRERR_*` return values from `ogr_core.h`.
            case ogr
            /// PROJ's `PROJ_ERR_*` values from `proj.h`.
            case proj
        }

        /// The library whose numbering ``rawValue`` uses.
        public let domain: Domain
        /// The numeric code as the library reports it.
        public let rawValue: Int32

        /// A code in the given domain.
        public init(domain: Domain, rawValue: Int32) {
            self.domain = domain
            self.rawValue = rawValue
        }

        /// GDAL reported a failure without an error number (`CPLE_None`); the message says what the wrapper saw.
        public static let none = Code(domain: .gdal, rawValue: 0)
        /// `CPLE_AppDefined`: the generic GDAL failure.
        public static let appDefined = Code(domain: .gdal, rawValue: 1)
        /// `CPLE_OutOfMemory`.
        public static let outOfMemory = Code(domain: .gdal, rawValue: 2)
        /// `CPLE_FileIO`: reading or writing a file failed.
        public static let fileIO = Code(domain: .gdal, rawValue: 3)
        /// `CPLE_OpenFailed`: a file or dataset could not be opened.
        public static let openFailed = Code(domain: .gdal, rawValue: 4)
        /// `CPLE_IllegalArg`: an argument was out of range or malformed.
        public static let illegalArgument = Code(domain: .gdal, rawValue: 5)
        /// `CPLE_NotSupported`: the driver or format cannot do this.
        public static let notSupported = Code(domain: .gdal, rawValue: 6)
        /// `CPLE_AssertionFailed`.
        public static let assertionFailed = Code(domain: .gdal, rawValue: 7)
        /// `CPLE_NoWriteAccess`: the dataset is read-only.
        public static let noWriteAccess = Code(domain: .gdal, rawValue: 8)
        /// `CPLE_UserInterrupt`.
        public static let userInterrupt = Code(domain: .gdal, rawValue: 9)
        /// `CPLE_ObjectNull`: a handle was missing (also used by the wrapper for a closed dataset).
        public static let objectNull = Code(domain: .gdal, rawValue: 10)

        /// `OGRERR_FAILURE`: the generic OGR failure.
        public static let ogrFailure = Code(domain: .ogr, rawValue: 6)
        /// `OGRERR_UNSUPPORTED_SRS`: a spatial reference could not be built (for example an unknown EPSG code).
        public static let ogrUnsupportedSRS = Code(domain: .ogr, rawValue: 7)
        /// `OGRERR_UNSUPPORTED_OPERATION`: the layer or geometry does not support the operation.
        public static let ogrUnsupportedOperation = Code(domain: .ogr, rawValue: 4)

        /// A readable form such as `CPLE_OpenFailed(4)` or `OGRERR(7)`.
        public var description: String {
            switch domain {
            case .gdal:
                let names = [
                    "CPLE_None", "CPLE_AppDefined", "CPLE_OutOfMemory", "CPLE_FileIO", "CPLE_OpenFailed",
                    "CPLE_IllegalArg", "CPLE_NotSupported", "CPLE_AssertionFailed", "CPLE_NoWriteAccess",
                    "CPLE_UserInterrupt", "CPLE_ObjectNull",
                ]
                let index = Int(rawValue)
                return index >= 0 && index < names.count ? "\(names[index])(\(rawValue))" : "CPLE(\(rawValue))"
            case .ogr: return "OGRERR(\(rawValue))"
            case .proj: return "PROJ_ERR(\(rawValue))"
            }
        }
    }

    /// The library's error number.
    public let code: Code
    /// The library's message (for GDAL, `CPLGetLastErrorMsg`), or the wrapper's own when the library gave none.
    public let message: String
    /// The C function that failed, for example `GDALOpenEx`.
    public let operation: String

    /// An error with the given parts.
    public init(code: Code, message: String, operation: String) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// `operation: message [code]`.
    public var description: String { "\(operation): \(message) [\(code)]" }
}
