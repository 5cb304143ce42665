#!/usr/bin/env python3
"""Write a large PLINK 1 binary genotype set fast, with bounded memory (numpy only).

    python scripts/genotypes/write_large.py --individuals 2500 --snps 500000 \
        --populations 5 --seed 1 --out bench/data/genotypes/large

Model (no coalescent; for memory and speed tests, not for realism):

* ancestral allele frequency p ~ Uniform(0.05, 0.95) per SNP;
* source frequency P[j, k] ~ Beta(p (1 - F) / F, (1 - p)(1 - F) / F) with
  F = --fst (0.1): the Balding-Nichols model;
* each individual's Q row ~ Dirichlet(--alpha = 0.5, ..., 0.5); or, with
  --sizes w1,...,wK, individuals belong to population k in proportion to w_k
  (unequal populations), all pure except a fraction --admixed that take a
  uniform share of one other population;
* genotype g ~ Binomial(2, sum_k Q[i, k] P[j, k]), g = copies of A1.

The SNPs are drawn and written block by block (--block SNPs at a time), so
memory stays at a few times n x block bytes whatever --snps is. A SNP that
comes out monomorphic is drawn again. A1/A2 are random distinct bases.

Writes PREFIX.bed/.bim/.fam, PREFIX.truth.Q (n x K, 6 decimals, .fam order)
and PREFIX.truth.P (m x K, A1 frequencies). Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
import plinkio  # noqa: E402

BASES = np.array(list("ACGT"))


def draw_block(rng: np.random.Generator, q: np.ndarray, b: int, fst: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """b SNPs: (b x K) source frequencies and (b x n) genotypes, all polymorphic."""
    n, k = q.shape
    p_anc = rng.uniform(0.05, 0.95, size=b)
    scale = (1 - fst) / fst
    freqs = rng.beta((p_anc * scale)[:, None].repeat(k, 1), ((1 - p_anc) * scale)[:, None].repeat(k, 1))
    ind = (freqs @ q.T).astype(np.float32)                       # b x n
    # One uniform per genotype: P(g = 2) = p^2, P(g >= 1) = 1 - (1 - p)^2.
    u = rng.random((b, n), dtype=np.float32)
    g = (u < 1 - (1 - ind) ** 2).astype(np.uint8)
    g += u < ind * ind
    ac = g.sum(axis=1, dtype=np.int64)
    bad = np.flatnonzero((ac == 0) | (ac == 2 * n))
    if len(bad):
        f2, g2 = draw_block(rng, q, len(bad), fst)
        freqs[bad], g[bad] = f2, g2
    return freqs, g


def home_rows(rng: np.random.Generator, n: int, sizes: list[float], admixed: float
              ) -> np.ndarray:
    """n x K Q rows: pure members of populations sized by ``sizes``, a fraction
    ``admixed`` of them mixed with one other population."""
    k = len(sizes)
    weights = np.asarray(sizes, dtype=float) / sum(sizes)
    counts = np.floor(weights * n).astype(int)
    counts[: n - counts.sum()] += 1                  # the remainder to the first ones
    home = np.repeat(np.arange(k), counts)
    q = np.zeros((n, k))
    q[np.arange(n), home] = 1.0
    mixed = np.flatnonzero(rng.random(n) < admixed)
    other = (home[mixed] + rng.integers(1, k, size=len(mixed))) % k
    share = rng.uniform(0.0, 1.0, size=len(mixed))
    q[mixed, home[mixed]] = 1.0 - share
    q[mixed, other] = share
    return q


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--individuals", type=int, default=2500)
    parser.add_argument("--snps", type=int, default=500_000)
    parser.add_argument("--populations", "-K", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fst", type=float, default=0.1)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--sizes", help="relative population sizes w1,...,wK (replaces the "
                                        "Dirichlet Q: pure members, see --admixed)")
    parser.add_argument("--admixed", type=float, default=0.1,
                        help="with --sizes: fraction of individuals mixed with a second population")
    parser.add_argument("--block", type=int, default=4096, help="SNPs per written block")
    parser.add_argument("--chromosomes", type=int, default=22)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quiet", action="store_true")
    a = parser.parse_args(argv)
    n, m, k = a.individuals, a.snps, a.populations
    prefix = Path(a.out)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rng = np.random.default_rng(a.seed)
    if a.sizes:
        sizes = [float(x) for x in a.sizes.split(",")]
        if len(sizes) != k or min(sizes) <= 0:
            parser.error(f"--sizes needs {k} positive numbers")
        q = home_rows(rng, n, sizes, a.admixed)
    else:
        q = rng.dirichlet(np.full(k, a.alpha), size=n)
    width = len(str(n))
    plinkio.write_fam(prefix, [f"ind_{i + 1:0{width}d}" for i in range(n)])
    np.savetxt(f"{prefix}.truth.Q", q, fmt="%.6f", delimiter=" ")
    writer = plinkio.BedWriter(prefix, n)
    per_chrom = -(-m // a.chromosomes)
    last = t0
    with open(f"{prefix}.truth.P", "w") as ptruth:
        for start in range(0, m, a.block):
            b = min(a.block, m - start)
            freqs, g = draw_block(rng, q, b, a.fst)
            a1 = rng.integers(4, size=b)
            a2 = (a1 + rng.integers(1, 4, size=b)) % 4
            rows = []
            for j in range(b):
                s = start + j
                chrom = s // per_chrom + 1
                pos = (s % per_chrom) * 1000 + 1
                rows.append((chrom, f"snp{chrom}_{pos}", 0, pos,
                             BASES[a1[j]], BASES[a2[j]]))
            writer.write(g, rows)
            np.savetxt(ptruth, freqs, fmt="%.6f", delimiter=" ")
            now = time.perf_counter()
            if not a.quiet and (now - last > 10 or start + b == m):
                last = now
                print(f"[write_large] {start + b:,}/{m:,} SNPs ({now - t0:.0f} s)",
                      file=sys.stderr, flush=True)
    writer.close()
    if not a.quiet:
        print(f"[write_large] wrote {prefix}.bed/.bim/.fam in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
