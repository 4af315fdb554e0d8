#ifndef POCMAP_CSQLITE_SHIM_H
#define POCMAP_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
