import Foundation
import PocMapCore
import PocMapMaps
import Testing

/// Headless QGIS (GIS.md §5, method A) on the raster products: the styles written next to the rasters must load in
/// QGIS 3.22 and render. Skips with a message when PyQGIS is not installed.
@Suite("Coverage rasters in QGIS")
struct CoverageQGISTests {
    static let script = """
        import sys
        from qgis.core import (QgsApplication, QgsRasterLayer, QgsMapSettings, QgsMapRendererParallelJob,
                               QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject)
        from qgis.PyQt.QtCore import QSize
        from qgis.PyQt.QtGui import QColor
        app = QgsApplication([], False)
        app.setPrefixPath("/usr", True)
        app.initQgis()
        directory, png = sys.argv[1], sys.argv[2]
        coverage = QgsRasterLayer(directory + "/coverage.tif", "coverage")
        classes = QgsRasterLayer(directory + "/coverage_class.tif", "classes")
        r = coverage.renderer()
        print("coverage", coverage.isValid(), coverage.crs().authid(), coverage.bandCount(), r.type(), r.band())
        print("names", "|".join(coverage.bandName(i) for i in range(1, coverage.bandCount() + 1)))
        print("nodata", coverage.dataProvider().sourceNoDataValue(3))
        p = classes.renderer()
        print("classes", classes.isValid(), p.type(), ",".join(str(int(c.value)) for c in p.classes()))
        settings = QgsMapSettings()
        settings.setLayers([coverage])
        settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
        transform = QgsCoordinateTransform(coverage.crs(), settings.destinationCrs(), QgsProject.instance())
        settings.setExtent(transform.transformBoundingBox(coverage.extent()))
        settings.setOutputSize(QSize(400, 400))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        errors = len(job.errors())
        image.save(png)
        coloured = sum(1 for x in range(0, 400, 4) for y in range(0, 400, 4) if image.pixel(x, y) != 0xffffffff)
        print("render", errors, coloured)
        del job, image, settings, r, p, coverage, classes
        app.exitQgis()
        """

    @Test("QGIS loads coverage.tif with its .qml (band 3 pseudocolour), the class raster paletted, and renders")
    func qgisLoadsAndRenders() throws {
        guard (try? runProgram("/usr/bin/python3", ["-c", "import qgis.core"]))?.status == 0 else {
            print("skipped: PyQGIS (python3-qgis) is not installed")
            return
        }
        var cells = CoverageCells(resolution: 8)
        for (index, cell) in try diskCells(latitude: 37.77, longitude: -122.42, resolution: 8, k: 15).enumerated() {
            cells.append(
                CoverageCellValues(
                    cell: cell,
                    observedRSSIDBm: Float(-120 + index % 30),
                    predictedRSSIDBm: Float(-131 + (index * 7) % 40)
                )
            )
        }
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(
                cells,
                options: CoverageRasterOptions(sensitivityDBm: -130),
                to: directory
            )
            let present = (1...4).filter { report.classPixelCounts[$0] > 0 }.map(String.init).joined(separator: ",")
            try Self.script.write(toFile: directory + "/check_raster.py", atomically: true, encoding: .utf8)
            let runtime = directory + "/xdg"
            try FileManager.default.createDirectory(
                atPath: runtime,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [directory + "/check_raster.py", directory, directory + "/render.png"]
            var environment = ProcessInfo.processInfo.environment
            environment["QT_QPA_PLATFORM"] = "offscreen"
            environment["XDG_RUNTIME_DIR"] = runtime
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.contains("coverage True EPSG:4326 5 singlebandpseudocolor 3"), "\(output)")
            #expect(
                lines.contains(
                    "names Band 1: observed_rssi_dbm|Band 2: observed_witnesses|Band 3: predicted_rssi_dbm|"
                        + "Band 4: serving_hotspots|Band 5: density_scale"
                ),
                "\(output)"
            )
            #expect(lines.contains("nodata -9999.0"), "\(output)")
            #expect(lines.contains("classes True paletted \(present)"), "\(output)")
            let render = lines.first { $0.hasPrefix("render ") }?.split(separator: " ").compactMap { Int($0) } ?? []
            #expect(render.count == 2 && render[0] == 0 && render[1] >= 100, "\(output)")
            #expect(process.terminationStatus == 0)
        }
    }
}
