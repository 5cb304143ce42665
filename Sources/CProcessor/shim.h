// What the build's target processor offers, as the C compiler sees it
// (`-Xcc -march=...`), and its spin-wait hint: Swift has neither.
#ifndef POPMIX_CPROCESSOR_SHIM_H
#define POPMIX_CPROCESSOR_SHIM_H

// 1 when the target has fused multiply-add instructions (x86-64 with FMA3,
// or arm64, where they are part of the base architecture), else 0. Without
// them a fused multiply-add is a library call, many times slower than a
// product and a sum.
#if defined(__FMA__) || defined(__aarch64__)
#define POPMIX_TARGET_HAS_FMA 1
#else
#define POPMIX_TARGET_HAS_FMA 0
#endif

// Tells the processor that the thread is spinning on a shared value, so it
// saves power and leaves a sibling hardware thread its share.
static inline void popmix_spin_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

// Four doubles as one vector (Swift sees SIMD4<Double>), and their
// arithmetic as single vector operations. Swift's own SIMD4 operators reach
// the optimiser lane by lane, and in the genotype passes' long loops it
// reassembled them into half-vectors and scalars.
typedef double popmix_double4 __attribute__((ext_vector_type(4)));

static inline popmix_double4 popmix_add4(popmix_double4 a, popmix_double4 b) { return a + b; }
static inline popmix_double4 popmix_sub4(popmix_double4 a, popmix_double4 b) { return a - b; }
static inline popmix_double4 popmix_mul4(popmix_double4 a, popmix_double4 b) { return a * b; }
static inline popmix_double4 popmix_div4(popmix_double4 a, popmix_double4 b) { return a / b; }

// c + a b: fused (one rounding) where the target has the instruction, as
// Swift's SIMD4 addingProduct is there; a product and a sum elsewhere.
static inline popmix_double4 popmix_muladd4(popmix_double4 a, popmix_double4 b, popmix_double4 c) {
#if POPMIX_TARGET_HAS_FMA
  return __builtin_elementwise_fma(a, b, c);
#else
  popmix_double4 product = a * b;
  return product + c;
#endif
}

#endif
