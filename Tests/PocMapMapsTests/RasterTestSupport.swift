import Foundation
import PocMapCore
import PocMapGIS

/// A private directory on disk for one test, removed afterwards.
func withRasterScratch<R>(_ body: (String) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("pocmap-raster-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory.path)
}

/// Runs a program and returns its exit status and combined output.
func runProgram(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The cells of a disk around a point.
func diskCells(latitude: Double, longitude: Double, resolution: Int, k: Int) throws -> [H3Cell] {
    let origin = try H3.latLngToCell(
        LatLng(latitudeDegrees: latitude, longitudeDegrees: longitude),
        resolution: resolution
    )
    return try H3.gridDisk(origin, k: k)
}

/// A cell's boundary as a closed lon/lat ring in degrees (the polygon gdal_rasterize sees).
func ring(_ cell: H3Cell) throws -> [Point2D] {
    let boundary = try H3.cellToBoundary(cell)
    var points = boundary.map { Point2D(x: $0.longitudeDegrees, y: $0.latitudeDegrees) }
    points.append(points[0])
    return points
}

/// The grid covering cells' bounds, `width × height`.
func gridAround(_ cells: [H3Cell], width: Int, height: Int) throws -> RasterGrid {
    var box = (west: 180.0, south: 90.0, east: -180.0, north: -90.0)
    for cell in cells {
        let bounds = H3CellRasterizer.bounds(of: try H3.cellToBoundary(cell))
        box = (
            min(box.west, bounds.west), min(box.south, bounds.south), max(box.east, bounds.east),
            max(box.north, bounds.north)
        )
    }
    return try RasterGrid(
        west: box.west,
        south: box.south,
        east: box.east,
        north: box.north,
        width: width,
        height: height
    )
}

/// The oracle: for every pixel centre of a 4326 grid, the position of the H3 cell containing it (true H3
/// membership), or −1.
func latLngToCellOracle(_ cells: [H3Cell], grid: RasterGrid, resolution: Int) throws -> [Int32] {
    var positions: [H3Cell: Int32] = [:]
    for (index, cell) in cells.enumerated() { positions[cell] = Int32(index) }
    var result = [Int32](repeating: -1, count: grid.pixelCount)
    for row in 0..<grid.height {
        for column in 0..<grid.width {
            let centre = grid.pixelCenter(column: column, row: row)
            let cell = try H3.latLngToCell(
                LatLng(latitudeDegrees: centre.y, longitudeDegrees: centre.x),
                resolution: resolution
            )
            result[row * grid.width + column] = positions[cell] ?? -1
        }
    }
    return result
}
