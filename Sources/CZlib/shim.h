// zlib (zlib1g-dev), for reading gzip-compressed VCF files.
#ifndef POPMIX_CZLIB_SHIM_H
#define POPMIX_CZLIB_SHIM_H
#include <zlib.h>
#endif
