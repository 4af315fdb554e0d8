// PocMapIO: streaming readers for hotspot registries and beacon/witness logs (NDJSON, CSV, gzip),
// and the batch pipeline that feeds them to the core. No GDAL here.
