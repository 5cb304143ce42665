/*
 * The machine's peak arithmetic rate, measured: every thread runs ten
 * independent chains of 256-bit fused multiply-adds (enough to cover the
 * instruction's latency on both of a core's multiply-add pipes), all
 * threads at once, and the total is printed in GFlop/s (one fused
 * multiply-add of four doubles = 8 flops).
 *
 * bench.py runs it next to each plain-MU fit, so that the arithmetic limit
 * a fit is compared with is the one the processors allowed at that time:
 * their clock moves with the load of the host (3.05 GHz and 2.8 GHz were
 * both seen on one day).
 *
 *   cc -O2 -mavx2 -mfma -pthread bench/peak.c -o peak && ./peak THREADS SECONDS
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef struct {
  double duration;  /* seconds to run */
  double flops;     /* done */
  double elapsed;   /* seconds taken */
  double sink;      /* keeps the chains' results alive */
} Work;

static void *run(void *argument) {
  Work *work = argument;
  const __m256d x = _mm256_set1_pd(0.999999), y = _mm256_set1_pd(1e-9);
  __m256d a0 = _mm256_set1_pd(1), a1 = _mm256_set1_pd(2), a2 = _mm256_set1_pd(3),
          a3 = _mm256_set1_pd(4), a4 = _mm256_set1_pd(5), a5 = _mm256_set1_pd(6),
          a6 = _mm256_set1_pd(7), a7 = _mm256_set1_pd(8), a8 = _mm256_set1_pd(9),
          a9 = _mm256_set1_pd(10);
  const long batch = 1000000;
  long batches = 0;
  double start = seconds_now(), now = start;
  while (now - start < work->duration) {
    for (long i = 0; i < batch; i++) {
#define STEP(a) a = _mm256_fmadd_pd(a, x, y);
      STEP(a0) STEP(a1) STEP(a2) STEP(a3) STEP(a4) STEP(a5) STEP(a6) STEP(a7) STEP(a8) STEP(a9)
      /* An empty statement the compiler must assume reads and writes the
         chains: it may neither fold nor reorder them away. */
      __asm__ volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4),
                       "+x"(a5), "+x"(a6), "+x"(a7), "+x"(a8), "+x"(a9));
    }
    batches++;
    now = seconds_now();
  }
  __m256d total = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
  work->sink = total[0];
  work->flops = 80.0 * batch * batches;
  work->elapsed = now - start;
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  double duration = argc > 2 ? atof(argv[2]) : 0.5;
  if (threads < 1 || threads > 256 || !(duration > 0)) {
    fprintf(stderr, "usage: peak THREADS SECONDS (1-256 threads, seconds > 0)\n");
    return 2;
  }
  pthread_t ids[256];
  Work work[256];
  for (int t = 0; t < threads; t++) {
    work[t] = (Work){.duration = duration};
    if (pthread_create(&ids[t], NULL, run, &work[t]) != 0) {
      fprintf(stderr, "peak: could not start thread %d\n", t);
      return 1;
    }
  }
  double rate = 0, sink = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    rate += work[t].flops / work[t].elapsed;
    sink += work[t].sink;
  }
  printf("%.3f\n", rate / 1e9);
  return sink == 42.0 ? 3 : 0;  /* never 42: only keeps the sums */
}
