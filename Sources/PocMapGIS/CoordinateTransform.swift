internal import CPROJ

/// Which way a ``CoordinateTransform`` runs.
public enum TransformDirection: Hashable, Sendable {
    /// Source CRS to target CRS (`PJ_FWD`).
    case forward
    /// Target CRS back to source CRS (`PJ_INV`).
    case inverse

    var projValue: PJ_DIRECTION { self == .forward ? PJ_FWD : PJ_INV }
}

/// A PROJ transformation between two coordinate reference systems, with coordinates always in the traditional
/// GIS order: longitude/easting first (GIS.md pitfall 9).
///
/// Each instance owns its own `PJ_CONTEXT`, so separate instances may run in separate tasks; one instance is not
/// thread-safe and therefore not `Sendable`. PROJ's log output is captured per context instead of being printed.
///
/// ```swift
/// let toMercator = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
/// let p = try toMercator.transform(Point2D(x: -122.4194, y: 37.7749))  // x ≈ -13627665.27, y ≈ 4547675.35
/// ```
public final class CoordinateTransform {
    private let context: OpaquePointer
    private let pj: OpaquePointer
    private let log: ProjLog
    /// The source CRS definition as given.
    public let source: String
    /// The target CRS definition as given.
    public let target: String

    /// A transformation between two CRS definitions PROJ understands (`EPSG:4326`, WKT, PROJJSON, …).
    ///
    /// The corresponding PROJ functions are `proj_context_create`, `proj_create_crs_to_crs` and
    /// `proj_normalize_for_visualization`.
    public init(from source: String, to target: String) throws(GDALError) {
        guard let context = proj_context_create() else {
            throw GDALError(
                code: .outOfMemory,
                message: "cannot create a PROJ context",
                operation: "proj_context_create"
            )
        }
        let log = ProjLog()
        proj_log_func(context, Unmanaged.passUnretained(log).toOpaque()) { appData, level, message in
            guard let appData, let message, level <= Int32(PJ_LOG_ERROR.rawValue) else { return }
            Unmanaged<ProjLog>.fromOpaque(appData).takeUnretainedValue().lastMessage = String(cString: message)
        }
        guard let created = proj_create_crs_to_crs(context, source, target, nil) else {
            let error = Self.error(context: context, log: log, operation: "proj_create_crs_to_crs")
            proj_context_destroy(context)
            throw GDALError(
                code: error.code,
                message: "\(source) → \(target): \(error.message)",
                operation: error.operation
            )
        }
        let normalized = proj_normalize_for_visualization(context, created)
        proj_destroy(created)
        guard let normalized else {
            let error = Self.error(context: context, log: log, operation: "proj_normalize_for_visualization")
            proj_context_destroy(context)
            throw error
        }
        self.context = context
        self.pj = normalized
        self.log = log
        self.source = source
        self.target = target
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    /// Transforms one point; throws when PROJ cannot (for example a latitude beyond ±90°).
    ///
    /// The corresponding PROJ function is `proj_trans`.
    public func transform(_ point: Point2D, direction: TransformDirection = .forward) throws(GDALError) -> Point2D {
        proj_errno_reset(pj)
        log.lastMessage = nil
        let result = proj_trans(pj, direction.projValue, proj_coord(point.x, point.y, 0, 0))
        let x = result.xy.x
        let y = result.xy.y
        guard x.isFinite, y.isFinite, proj_errno(pj) == 0 else {
            let error = Self.error(context: context, log: log, operation: "proj_trans", errno: proj_errno(pj))
            throw GDALError(
                code: error.code,
                message: "(\(point.x), \(point.y)): \(error.message)",
                operation: error.operation
            )
        }
        return Point2D(x: x, y: y)
    }

    /// Transforms coordinates in place, struct-of-arrays style. Points PROJ cannot transform become
    /// `(.infinity, .infinity)`; the return value counts them (bad points are values, not throws).
    ///
    /// `xs` and `ys` must have the same length. The corresponding PROJ function is `proj_trans_generic`.
    @discardableResult
    public func transform(
        xs: inout [Double],
        ys: inout [Double],
        direction: TransformDirection = .forward
    ) -> Int {
        precondition(xs.count == ys.count, "xs and ys must have the same length")
        let count = xs.count
        guard count > 0 else { return 0 }
        proj_errno_reset(pj)
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                let stride = MemoryLayout<Double>.stride
                _ = proj_trans_generic(
                    pj,
                    direction.projValue,
                    x.baseAddress,
                    stride,
                    count,
                    y.baseAddress,
                    stride,
                    count,
                    nil,
                    0,
                    0,
                    nil,
                    0,
                    0
                )
            }
        }
        return countFailures(xs: xs, ys: ys)
    }

    /// Transforms points in place. Points PROJ cannot transform become `(.infinity, .infinity)`; the return
    /// value counts them.
    ///
    /// The corresponding PROJ function is `proj_trans_generic` (with the two fields of ``Point2D`` as strides).
    @discardableResult
    public func transform(_ points: inout [Point2D], direction: TransformDirection = .forward) -> Int {
        let count = points.count
        guard count > 0 else { return 0 }
        proj_errno_reset(pj)
        // Point2D is two stored Doubles, x then y; PROJ walks both fields with the struct's stride.
        let stride = MemoryLayout<Point2D>.stride
        let xOffset = MemoryLayout<Point2D>.offset(of: \Point2D.x) ?? 0
        let yOffset = MemoryLayout<Point2D>.offset(of: \Point2D.y) ?? MemoryLayout<Double>.stride
        points.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let xs = (base + xOffset).assumingMemoryBound(to: Double.self)
            let ys = (base + yOffset).assumingMemoryBound(to: Double.self)
            _ = proj_trans_generic(pj, direction.projValue, xs, stride, count, ys, stride, count, nil, 0, 0, nil, 0, 0)
        }
        var failures = 0
        for index in points.indices where !points[index].x.isFinite || !points[index].y.isFinite {
            points[index] = Point2D(x: .infinity, y: .infinity)
            failures += 1
        }
        return failures
    }

    private func countFailures(xs: [Double], ys: [Double]) -> Int {
        var failures = 0
        for index in xs.indices where !xs[index].isFinite || !ys[index].isFinite {
            failures += 1
        }
        return failures
    }

    /// The PROJ error of a context (its errno and the last logged message) as a `GDALError`.
    private static func error(
        context: OpaquePointer,
        log: ProjLog,
        operation: String,
        errno: Int32? = nil
    ) -> GDALError {
        let number = errno ?? proj_context_errno(context)
        let text = number != 0 ? gdalString(proj_context_errno_string(context, number)) : nil
        let message = [log.lastMessage, text].compactMap { $0 }.joined(separator: "; ")
        return GDALError(
            code: GDALError.Code(domain: .proj, rawValue: number),
            message: message.isEmpty ? "\(operation) failed" : message,
            operation: operation
        )
    }
}

/// Collects the last error PROJ logged on one context. Owned by its `CoordinateTransform`, which outlives the
/// context's use of the pointer.
private final class ProjLog {
    var lastMessage: String? = nil
}
