#!/usr/bin/env python3
"""Check a simulated genotype set: the .bed, the .bim/.fam, the VCF and the truth agree.

    python scripts/genotypes/check.py PREFIX [PREFIX ...]

For each PREFIX: the .bed has the SNP-major magic and the size n x m implies;
the .vcf.gz has the .fam's samples in order and the .bim's sites (CHROM, POS,
ID, REF = A2, ALT = A1) in order; every genotype of the .bed (copies of A1)
equals the VCF's ALT count, missing included; every SNP is polymorphic among
the observed genotypes; PREFIX.truth.Q has n rows of K proportions summing to
1, equal to the S* columns of PREFIX.truth.tsv, whose ids follow the .fam.
Exits non-zero, naming the first disagreement, if anything fails.
Needs numpy only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
import plinkio  # noqa: E402


def check(prefix: str) -> list[str]:
    problems: list[str] = []
    with open(f"{prefix}.bed", "rb") as handle:
        if handle.read(3) != plinkio.MAGIC:
            return [f"{prefix}.bed: bad magic"]
    ids = plinkio.read_fam_ids(prefix)
    bim = plinkio.read_bim(prefix)
    n, m = plinkio.bed_shape(prefix)
    if n != len(ids) or m != len(bim):
        problems.append(f".bed holds {m} SNPs x {n}, .bim/.fam say {len(bim)} x {len(ids)}")
        return problems
    g = plinkio.read_bed(prefix)

    samples, sites, v = plinkio.read_vcf_genotypes(f"{prefix}.vcf.gz")
    if samples != ids:
        problems.append("VCF samples differ from the .fam")
    if len(sites) != m:
        problems.append(f"VCF has {len(sites)} records, .bim {m}")
    else:
        for j, ((chrom, pos, ref, alt), b) in enumerate(zip(sites, bim)):
            if (chrom, pos, ref, alt) != (b[0], b[2], b[4], b[3]):
                problems.append(f"site {j}: VCF {chrom}:{pos} {ref}>{alt} vs .bim {b}")
                break
        if v.shape == g.shape:
            diff = np.argwhere(v != g)
            if len(diff):
                j, i = diff[0]
                problems.append(f"{len(diff)} genotypes differ, first SNP {j} individual {i}: "
                                f"VCF {v[j, i]} .bed {g[j, i]}")
        else:
            problems.append(f"VCF matrix {v.shape} vs .bed {g.shape}")

    observed = g != plinkio.MISSING
    alt = np.where(observed, g, 0).sum(axis=1, dtype=np.int64)
    mono = int(((alt == 0) | (alt == 2 * observed.sum(axis=1))).sum())
    if mono:
        problems.append(f"{mono} SNPs monomorphic among observed genotypes")
    if not observed.any(axis=0).all():
        problems.append("an individual has no observed genotype")

    q = np.loadtxt(f"{prefix}.truth.Q", ndmin=2)
    if q.shape[0] != n:
        problems.append(f"truth.Q has {q.shape[0]} rows, .fam {n}")
    if not np.allclose(q.sum(axis=1), 1.0, atol=1e-5):
        problems.append("truth.Q rows do not sum to 1")
    with open(f"{prefix}.truth.tsv") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    cols = [c for c in header if c.startswith("S")]
    if [r[0] for r in rows] != ids:
        problems.append("truth.tsv ids differ from the .fam")
    tsv_q = np.array([[float(r[header.index(c)]) for c in cols] for r in rows])
    if tsv_q.shape != q.shape or not np.allclose(tsv_q, q, atol=1e-6):
        problems.append("truth.tsv Q columns differ from truth.Q")
    missing = int((~observed).sum())
    print(f"{prefix}: {n} individuals x {m} SNPs, K = {q.shape[1]}, {missing} missing "
          f"({missing / (n * m):.4%}); .bed = VCF genotype by genotype: "
          f"{'yes' if not problems else 'NO'}")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for prefix in argv:
        for problem in check(prefix):
            failed = True
            print(f"  FAIL {prefix}: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
