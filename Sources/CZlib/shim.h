#ifndef POCMAP_CZLIB_SHIM_H
#define POCMAP_CZLIB_SHIM_H
#include <zlib.h>
#endif
