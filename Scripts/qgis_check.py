#!/usr/bin/python3
"""Headless QGIS acceptance check for pocmap's coverage.tif and coverage.gpkg (GIS.md §5, method A).

Run with Debian's interpreter (/usr/bin/python3: only it has the qgis bindings). It loads the raster and the
GeoPackage layers with PyQGIS, checks validity, CRS, band names, nodata, feature counts and the stored default
styles, renders all layers into an 800x800 PNG in EPSG:3857, and fails when a check fails, the render reports an
error, or the image has (almost) no non-background pixels. Exit status 0 only when every check passed.

Example:
  QT_QPA_PLATFORM=offscreen /usr/bin/python3 Scripts/qgis_check.py \
      --raster out/coverage.tif \
      --bands observed_rssi_dbm,observed_witnesses,predicted_rssi_dbm,serving_hotspots,density_scale \
      --gpkg out/coverage.gpkg --count hexes=1234 --count hotspots=20 --count links=40 \
      --renderer hexes=graduatedSymbol --renderer links=categorizedSymbol --png out/qgis-check.png
"""
import argparse
import gc
import math
import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    runtime = tempfile.mkdtemp(prefix="pocmap-qgis-")
    os.chmod(runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = runtime

BACKGROUND = (255, 255, 255)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raster", help="coverage.tif to load")
    parser.add_argument("--bands", default="", help="comma-separated band descriptions expected in order")
    parser.add_argument("--nodata", type=float, default=-9999.0, help="expected raster nodata value")
    parser.add_argument("--raster-renderer", help="expected raster renderer type (e.g. singlebandpseudocolor)")
    parser.add_argument("--gpkg", help="coverage.gpkg to load")
    parser.add_argument("--count", action="append", default=[], metavar="LAYER=N",
                        help="expected feature count of a GeoPackage layer (repeatable); only these layers load")
    parser.add_argument("--renderer", action="append", default=[], metavar="LAYER=TYPE",
                        help="expected renderer type from the stored default style (repeatable)")
    parser.add_argument("--crs", default="EPSG:4326", help="expected CRS of every layer")
    parser.add_argument("--png", required=True, help="where to write the 800x800 render")
    parser.add_argument("--size", type=int, default=800, help="image width and height in pixels")
    parser.add_argument("--extent", metavar="W,S,E,N",
                        help="render only this lon/lat box (degrees) instead of all layers' extent")
    parser.add_argument("--min-samples", type=int, default=100,
                        help="non-background samples (of a 200x200 grid) required")
    return parser.parse_args()


def main():
    args = parse_arguments()
    if not args.raster and not args.gpkg:
        print("give --raster and/or --gpkg", file=sys.stderr)
        return 2
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    try:
        try:
            failures = run_checks(args)
        except Exception as error:  # noqa: BLE001 - any PyQGIS exception is a failed check
            failures = [f"exception: {error!r}"]
            print(f"FAIL  {failures[0]}")
    finally:
        # Every layer, job and image must be gone before exitQgis(), otherwise PyQGIS crashes on exit.
        gc.collect()
        app.exitQgis()
    if failures:
        print(f"qgis_check: {len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("qgis_check: all checks passed")
    return 0


def run_checks(args):
    """Loads, checks and renders; returns the failed checks. All QGIS objects are local and die on return."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsMapSettings,
                           QgsMapRendererParallelJob, QgsProject, QgsRasterLayer, QgsRectangle, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
    failures = []

    def check(condition, message):
        print(("ok    " if condition else "FAIL  ") + message)
        if not condition:
            failures.append(message)

    layers = []  # top first, for rendering
    raster = None
    counts = {}
    for item in args.count:
        name, _, value = item.partition("=")
        counts[name] = int(value)
    renderers = dict(item.split("=", 1) for item in args.renderer)

    if args.gpkg:
        order = ["links", "hotspots", "hexes"]
        # Without --count the three layers of coverage.gpkg are loaded and rendered, their counts unchecked.
        names = sorted(counts or order, key=lambda n: order.index(n) if n in order else len(order))
        for name in names:
            layer = QgsVectorLayer(f"{args.gpkg}|layername={name}", name, "ogr")
            check(layer.isValid(), f"vector layer {name} is valid")
            if not layer.isValid():
                continue
            check(layer.crs().authid() == args.crs, f"{name} CRS {layer.crs().authid()} == {args.crs}")
            if name in counts:
                check(layer.featureCount() == counts[name],
                      f"{name} feature count {layer.featureCount()} == {counts[name]}")
            renderer_type = layer.renderer().type() if layer.renderer() else None
            if name in renderers:
                check(renderer_type == renderers[name],
                      f"{name} default style renderer {renderer_type} == {renderers[name]}")
            print(f"      {name}: fields {', '.join(f.name() for f in layer.fields())}")
            layers.append(layer)

    if args.raster:
        raster = QgsRasterLayer(args.raster, "coverage")
        check(raster.isValid(), f"raster {args.raster} is valid")
        if raster.isValid():
            check(raster.crs().authid() == args.crs, f"raster CRS {raster.crs().authid()} == {args.crs}")
            expected = [b for b in args.bands.split(",") if b]
            check(raster.bandCount() == (len(expected) or raster.bandCount()),
                  f"raster band count {raster.bandCount()} == {len(expected) or raster.bandCount()}")
            provider = raster.dataProvider()
            for number, name in enumerate(expected, start=1):
                if number <= raster.bandCount():
                    shown = raster.bandName(number)
                    check(name in shown, f"band {number} name '{shown}' contains '{name}'")
                    has_nodata = provider.sourceHasNoDataValue(number)
                    nodata = provider.sourceNoDataValue(number) if has_nodata else None
                    check(has_nodata and nodata == args.nodata, f"band {number} nodata {nodata} == {args.nodata}")
            print(f"      raster: {raster.width()}x{raster.height()}, renderer {raster.renderer().type()}")
            if args.raster_renderer:
                check(raster.renderer().type() == args.raster_renderer,
                      f"raster renderer {raster.renderer().type()} == {args.raster_renderer}")
            layers.append(raster)

    check(bool(layers), "at least one layer to render (give --raster and/or --gpkg)")
    if layers:
        target = QgsCoordinateReferenceSystem("EPSG:3857")
        extent = QgsRectangle()
        extent.setMinimal()
        for layer in layers:
            box = layer.extent()
            # An empty layer (no features) has a null or infinite extent: it adds nothing.
            if box.isNull() or not all(math.isfinite(v) for v in (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())):
                continue
            transform = QgsCoordinateTransform(layer.crs(), target, QgsProject.instance())
            extent.combineExtentWith(transform.transformBoundingBox(box))
        extent.scale(1.05)
        if args.extent:
            west, south, east, north = (float(v) for v in args.extent.split(","))
            to_target = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), target, QgsProject.instance())
            extent = to_target.transformBoundingBox(QgsRectangle(west, south, east, north))
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(target)
        settings.setExtent(extent)
        settings.setOutputSize(QSize(args.size, args.size))
        settings.setBackgroundColor(QColor(*BACKGROUND))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        errors = [f"{e.layerID}: {e.message}" for e in job.errors()]
        check(not errors, "render without errors" + (": " + "; ".join(errors) if errors else ""))
        image = job.renderedImage()
        check(image.save(args.png, "PNG"), f"PNG written to {args.png}")
        step_x = max(image.width() // 200, 1)
        step_y = max(image.height() // 200, 1)
        differing = 0
        total = 0
        for y in range(0, image.height(), step_y):
            for x in range(0, image.width(), step_x):
                color = QColor(image.pixel(x, y))
                total += 1
                if (color.red(), color.green(), color.blue()) != BACKGROUND:
                    differing += 1
        check(image.width() == args.size and image.height() == args.size,
              f"image size {image.width()}x{image.height()}")
        check(differing >= args.min_samples,
              f"{differing} of {total} samples differ from the background (need {args.min_samples})")
        del image
        del job
    layers.clear()
    raster = None
    return failures


if __name__ == "__main__":
    sys.exit(main())
