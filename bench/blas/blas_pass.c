/*
 * One plain multiplicative-update pass of Poisson NMF written as dense
 * matrix products, through GSL's CBLAS interface linked against OpenBLAS,
 * to measure whether BLAS would beat popmix's fused count kernel (issue 3:
 * "measure before keeping it").
 *
 * A pass, with G = C ∘ H (r × m) and V the counts (n × m):
 *   Λ = W G             (dgemm, n × m)
 *   R = V / Λ           (element by element, OpenMP threads)
 *   S_W = R Gᵀ          (dgemm, n × r)
 *   S_G = Wᵀ R          (dgemm, r × m)
 * which is the arithmetic of popmix's pass (6 r + 1 flops per entry) with
 * Λ and R materialised as n × m doubles between the products.
 *
 *   blas_pass N M R PASSES  ->  prints the fastest pass in milliseconds
 * Threads: OPENBLAS_NUM_THREADS and OMP_NUM_THREADS.
 */
#include <gsl/gsl_cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* A reproducible uniform draw in (0, 1) (xorshift), for W, G and V. */
static unsigned long long state = 88172645463325252ULL;
static double uniform(void) {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  return ((state >> 11) + 0.5) / 9007199254740992.0;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: blas_pass N M R PASSES\n");
    return 2;
  }
  long n = atol(argv[1]), m = atol(argv[2]), r = atol(argv[3]), passes = atol(argv[4]);
  if (n < 1 || m < 1 || r < 1 || passes < 1) {
    fprintf(stderr, "blas_pass: N, M, R and PASSES must be positive\n");
    return 2;
  }
  double *w = malloc(sizeof(double) * n * r), *g = malloc(sizeof(double) * r * m);
  double *v = malloc(sizeof(double) * n * m), *lambda = malloc(sizeof(double) * n * m);
  double *sw = malloc(sizeof(double) * n * r), *sg = malloc(sizeof(double) * r * m);
  if (!w || !g || !v || !lambda || !sw || !sg) {
    fprintf(stderr, "blas_pass: out of memory\n");
    return 1;
  }
  for (long k = 0; k < n * r; k++) w[k] = uniform();
  for (long k = 0; k < r * m; k++) g[k] = 10 * uniform();
  /* Counts of the bench's size (0 to about 60); their values do not change
     the cost of dense products. */
  for (long k = 0; k < n * m; k++) v[k] = (double)(long)(60 * uniform());
  double best = 1e300;
  for (long p = 0; p < passes; p++) {
    double start = now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, m, r, 1.0, w, r, g, m, 0.0, lambda, m);
    #pragma omp parallel for schedule(static)
    for (long k = 0; k < n * m; k++) lambda[k] = v[k] / lambda[k];   /* R, in Λ's place */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, r, m, 1.0, lambda, m, g, m, 0.0, sw, r);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, m, n, 1.0, w, r, lambda, m, 0.0, sg, m);
    double elapsed = now() - start;
    if (elapsed < best) best = elapsed;
  }
  double check = 0;
  for (long k = 0; k < n * r; k++) check += sw[k];
  printf("%.4f\n", best * 1000);
  return check == -1 ? 3 : 0;  /* never -1: keeps the sums */
}
