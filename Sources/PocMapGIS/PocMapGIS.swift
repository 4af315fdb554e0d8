// PocMapGIS: the thin Swift wrapper over GDAL and PROJ. No C type leaves this module.
