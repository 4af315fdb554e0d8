#ifndef POCMAP_CPROJ_SHIM_H
#define POCMAP_CPROJ_SHIM_H
#include <proj.h>
#endif
