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

#endif
