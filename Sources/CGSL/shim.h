#ifndef POPMIX_CGSL_SHIM_H
#define POPMIX_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_eigen.h>

// Swift 6 will not import GSL's generator-type globals (they are mutable
// C globals), so each one popmix uses is reached through an accessor.

/// The Mersenne Twister MT19937 generator type.
static inline const gsl_rng_type *popmix_gsl_rng_mt19937(void) {
  return gsl_rng_mt19937;
}

/// Turns GSL's default abort-on-error handler off, so that errors come back
/// as return codes that the caller checks.
static inline void popmix_gsl_disable_abort(void) {
  gsl_set_error_handler_off();
}

#endif
