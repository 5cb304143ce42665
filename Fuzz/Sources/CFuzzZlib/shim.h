// zlib (zlib1g-dev), for compressing fuzz inputs into gzip members.
#ifndef POPMIX_CFUZZZLIB_SHIM_H
#define POPMIX_CFUZZZLIB_SHIM_H
#include <zlib.h>
#endif
