// PocMapMaps: coverage products. H3 cells are burned into Cloud Optimized GeoTIFF bands, written as the styled
// `coverage.gpkg` store, and read back by `pocmap query`. GDAL stays behind PocMapGIS; the geometry is PocMapCore's.
//
// The store's read side (`CoverageStore`, `StoreError`, `StoreSchema`, answers) lives in PocMapStore, which needs no
// GDAL; it is re-exported so that `import PocMapMaps` keeps giving the whole store API.

@_exported public import PocMapStore
