// PocMapMaps: coverage products. H3 cells are burned into Cloud Optimized GeoTIFF bands, written as the styled
// `coverage.gpkg` store, and read back by `pocmap query`. GDAL stays behind PocMapGIS; the geometry is PocMapCore's.
