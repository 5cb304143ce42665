#!/usr/bin/env python3
"""Simulate genotypes of admixed individuals with known ancestry, with msprime.

Usage (from the repository root, in a venv with scripts/genotypes/requirements.txt)::

    python scripts/genotypes/simulate.py --individuals 600 --snps 10000 \
        --populations 4 --seed 1 [--missing 0.0] --out bench/data/genotypes/sim

Writes PREFIX.bed/.bim/.fam (PLINK 1 binary, SNP-major), PREFIX.vcf.gz (VCFv4.2,
BGZF, GT only), PREFIX.truth.Q, PREFIX.truth.tsv, PREFIX.truth.P and
PREFIX.sim.json (parameters, demography, empirical Fst, timings). The same
arguments give byte-identical files (all but the timing in PREFIX.sim.json).

Demography (msprime, coalescent; all population sizes Ne = 10,000 diploids;
mutation rate 1.25e-8 and recombination rate 1e-8 per bp per generation;
25 years per generation for the dates below):

* K source populations S1..SK descend from one ancestral population by a
  ladder of K - 1 splits: at t_1 the ancestor splits into S1 and A1, at t_2
  A1 splits into S2 and A2, ..., at t_{K-1} A_{K-2} splits into S_{K-1} and
  S_K. Sources i < j therefore separated at t_i.
* With equal sizes N, Hudson's Fst between two populations separated t
  generations ago is t / (t + 2N). The split times are chosen so that these
  expected Fst run evenly from 0.20 (oldest split) to 0.05 (youngest):
  t = 2N F / (1 - F). For K = 4: F = 0.200, 0.125, 0.050, i.e. t = 5,000,
  2,857 and 1,053 generations (125, 71 and 26 thousand years). For K = 2 the
  single split has F = 0.10 (t = 2,222). The empirical Fst of the simulated
  source samples at the chosen SNPs is written to PREFIX.sim.json (it is a
  little higher than expected because of the MAF filter).
* The genome is --chromosomes independent segments (default 22), each
  simulated separately; their length is chosen for enough candidate SNPs.

SNPs: sites with exactly one mutation (Jukes-Cantor, discrete genome), so
every kept SNP is biallelic; REF = ancestral allele, ALT = derived allele.
After building the individuals (below), a site is a candidate when its ALT
frequency among the n individuals is in [--min-maf, 1 - --min-maf] (default
0.01; 0 keeps every polymorphic site). Exactly --snps candidates are kept,
evenly spaced along the concatenated genome (thinning). .bim A1 = ALT and
A2 = REF, so the .bed genotype (copies of A1) equals the VCF's ALT count.

Individuals (constructed, then shuffled into a random .fam order):

* Each source population is sampled as haploid genomes (msprime samples
  diploids; we use their haplotypes as a pool). Every haplotype of the pool
  is used by at most one output haplotype, so no two output individuals share
  a genome segment by construction.
* The genome is cut into --blocks-per-chromosome equal physical blocks per
  chromosome (default 5, 110 blocks in all). Every output haplotype has a
  source label per block; the alleles of a block are copied from one pool
  haplotype of that source, the same pool haplotype for every block of that
  source on this output haplotype (so an admixed haplotype is a mosaic of up
  to K real source haplotypes, cut at block boundaries).
* pure (default 40 %, spread evenly over the sources): both haplotypes from
  the one source.
* F1 (15 %): a random pair of sources a != b; one haplotype entirely from a,
  the other entirely from b.
* backcross (15 %): an ordered random pair a != b; one haplotype entirely
  from a, the other half from a and half from b (a random half of the blocks
  each) - expected Q 3/4 a, 1/4 b.
* admixed (30 %, the rest): expected proportions q ~ Dirichlet(--alpha = 1,
  ..., 1) over all K sources; each block of each of the two haplotypes draws
  its source independently from q.

The true Q (PREFIX.truth.Q, .truth.tsv) is the REALISED proportion: the
fraction of the individual's 2 x --snps allele copies, at the kept SNPs, that
were copied from each source (missing genotypes included). For pure and F1
individuals it equals the expected proportion exactly; for backcrosses and
admixed individuals it differs from the expected one by the block sampling
(the expected proportions are in .truth.tsv's expected_* columns).
PREFIX.truth.P holds, per SNP (.bim order) and source, the A1 frequency in the
whole simulated haplotype pool of that source.

--missing RATE sets exactly round(RATE x n x m) genotypes, chosen uniformly,
missing (in both the .bed and the VCF); a SNP left with one observed allele
only, or an individual with no observed genotype, gets its cells back.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
import plinkio  # noqa: E402

NE = 10_000
MUTATION_RATE = 1.25e-8
RECOMBINATION_RATE = 1e-8
GENERATION_YEARS = 25
FST_OLDEST, FST_YOUNGEST, FST_K2 = 0.20, 0.05, 0.10
KINDS = ("pure", "F1", "backcross", "admixed")


def split_fst(k: int) -> list[float]:
    if k == 2:
        return [FST_K2]
    return [float(x) for x in np.linspace(FST_OLDEST, FST_YOUNGEST, k - 1)]


def split_times(k: int) -> list[float]:
    return [2 * NE * f / (1 - f) for f in split_fst(k)]


def build_demography(k: int):
    import msprime
    demography = msprime.Demography()
    for i in range(k):
        demography.add_population(name=f"S{i + 1}", initial_size=NE)
    demography.add_population(name="ANC", initial_size=NE)
    for j in range(1, k - 1):
        demography.add_population(name=f"A{j}", initial_size=NE)
    times = split_times(k)
    for j, t in enumerate(times, start=1):           # j-th split, oldest first
        ancestral = "ANC" if j == 1 else f"A{j - 1}"
        if j == k - 1:
            derived = [f"S{k - 1}", f"S{k}"]
        else:
            derived = [f"S{j}", f"A{j}"]
        demography.add_population_split(time=t, derived=derived, ancestral=ancestral)
    demography.sort_events()
    return demography


@dataclass
class Plan:
    """The individuals to build: kinds, expected Q, haplotype ancestry and donors."""

    kinds: list[str]
    expected: np.ndarray            # n x K
    ancestry: np.ndarray            # 2n x blocks, source index per block
    donor_rank: np.ndarray          # 2n x K: rank of the pool haplotype used, -1 unused
    pool_sizes: list[int]           # haplotypes needed per source
    ids: list[str] = field(default_factory=list)


def composition(n: int, fractions: list[float]) -> list[int]:
    counts = [int(round(f * n)) for f in fractions[:3]]
    counts.append(n - sum(counts))
    if counts[3] < 0:
        raise SystemExit("--composition: fractions exceed 1")
    return counts


def make_plan(n: int, k: int, blocks: int, fractions: list[float], alpha: float,
              rng: np.random.Generator) -> Plan:
    n_pure, n_f1, n_back, n_adm = composition(n, fractions)
    kinds: list[str] = []
    expected = np.zeros((n, k))
    ancestry = np.zeros((2 * n, blocks), dtype=np.int16)
    i = 0
    for j in range(n_pure):
        s = j % k
        kinds.append("pure")
        expected[i, s] = 1.0
        ancestry[2 * i:2 * i + 2] = s
        i += 1
    for _ in range(n_f1):
        a, b = rng.choice(k, size=2, replace=False)
        kinds.append("F1")
        expected[i, a] = expected[i, b] = 0.5
        ancestry[2 * i] = a
        ancestry[2 * i + 1] = b
        i += 1
    for _ in range(n_back):
        a, b = rng.choice(k, size=2, replace=False)
        kinds.append("backcross")
        expected[i, a], expected[i, b] = 0.75, 0.25
        ancestry[2 * i] = a
        half = np.full(blocks, a, dtype=np.int16)
        half[rng.permutation(blocks)[: blocks // 2]] = b
        ancestry[2 * i + 1] = half
        i += 1
    for _ in range(n_adm):
        q = rng.dirichlet(np.full(k, alpha))
        kinds.append("admixed")
        expected[i] = q
        for h in (2 * i, 2 * i + 1):
            ancestry[h] = rng.choice(k, size=blocks, p=q)
        i += 1
    # Shuffle individuals into a random order.
    order = rng.permutation(n)
    kinds = [kinds[o] for o in order]
    expected = expected[order]
    hap_order = np.stack([2 * order, 2 * order + 1], axis=1).reshape(-1)
    ancestry = ancestry[hap_order]
    # Donors: pool haplotypes are handed out in output-haplotype order.
    donor_rank = np.full((2 * n, k), -1, dtype=np.int64)
    used = [0] * k
    for h in range(2 * n):
        for s in np.unique(ancestry[h]):
            donor_rank[h, s] = used[s]
            used[s] += 1
    width = len(str(n))
    ids = [f"{kind}_{i + 1:0{width}d}" for i, kind in enumerate(kinds)]
    return Plan(kinds, expected, ancestry, donor_rank, used, ids)


@dataclass
class Chunk:
    """Candidate SNPs of one chromosome."""

    chrom: int
    positions: np.ndarray           # 1-based
    ref: list[str]
    alt: list[str]
    genotypes: np.ndarray           # sites x n, ALT counts
    block: np.ndarray               # global block index per site
    pool_freq: np.ndarray           # sites x K, ALT frequency in each source pool


def simulate_chromosome(c: int, length: int, plan: Plan, k: int, blocks_per_chrom: int,
                        seed: int, min_maf: float) -> Chunk:
    import msprime
    demography = build_demography(k)
    diploids = [max(1, math.ceil(size / 2)) for size in plan.pool_sizes]
    samples = [msprime.SampleSet(d, population=f"S{s + 1}", ploidy=2)
               for s, d in enumerate(diploids)]
    seeds = np.random.SeedSequence([seed, c]).generate_state(2)
    ts = msprime.sim_ancestry(samples=samples, demography=demography,
                              sequence_length=length, recombination_rate=RECOMBINATION_RATE,
                              random_seed=int(seeds[0]) + 1)
    ts = msprime.sim_mutations(ts, rate=MUTATION_RATE, random_seed=int(seeds[1]) + 1,
                               discrete_genome=True)
    sample_nodes = ts.samples()
    column_of_node = {int(u): j for j, u in enumerate(sample_nodes)}
    pools = []
    for s in range(k):
        pid = demography[f"S{s + 1}"].id
        pools.append(np.array([column_of_node[int(u)] for u in ts.samples(population=pid)]))

    muts_per_site = np.bincount(ts.tables.mutations.site, minlength=ts.num_sites)
    single = np.flatnonzero(muts_per_site == 1)
    n_hap = plan.ancestry.shape[0]
    if len(single) == 0:
        return Chunk(c, np.zeros(0, np.int64), [], [], np.zeros((0, n_hap // 2), np.uint8),
                     np.zeros(0, np.int64), np.zeros((0, k)))
    gm = ts.genotype_matrix()[single].astype(np.uint8)        # sites x samples, 0/1
    positions = ts.tables.sites.position[single].astype(np.int64)
    local_block = np.minimum((positions * blocks_per_chrom) // length, blocks_per_chrom - 1)
    block = (c - 1) * blocks_per_chrom + local_block

    # Column of the pool haplotype that output haplotype h uses in each block.
    donor_col = np.full(plan.donor_rank.shape, -1, dtype=np.int64)
    for s in range(k):
        mask = plan.donor_rank[:, s] >= 0
        donor_col[mask, s] = pools[s][plan.donor_rank[mask, s]]
    chrom_blocks = plan.ancestry[:, (c - 1) * blocks_per_chrom: c * blocks_per_chrom]
    col_of_block = np.take_along_axis(donor_col, chrom_blocks.astype(np.int64), axis=1)
    cols = col_of_block[:, local_block].T                       # sites x 2n
    haps = np.take_along_axis(gm, cols, axis=1)
    genotypes = haps[:, 0::2] + haps[:, 1::2]

    n = genotypes.shape[1]
    ac = genotypes.sum(axis=1, dtype=np.int64)
    maf = np.minimum(ac, 2 * n - ac) / (2 * n)
    keep = (ac > 0) & (ac < 2 * n) & (maf >= min_maf)
    pool_freq = np.stack([gm[:, pools[s]].mean(axis=1) for s in range(k)], axis=1)

    ref, alt = [], []
    kept_sites = single[keep]
    for site_id in kept_sites:
        site = ts.site(int(site_id))
        ref.append(site.ancestral_state)
        alt.append(site.mutations[0].derived_state)
    return Chunk(c, positions[keep] + 1, ref, alt, genotypes[keep].astype(np.uint8),
                 block[keep], pool_freq[keep])


def hudson_fst(p1: np.ndarray, p2: np.ndarray, n1: int, n2: int) -> float:
    num = (p1 - p2) ** 2 - p1 * (1 - p1) / (n1 - 1) - p2 * (1 - p2) / (n2 - 1)
    den = p1 * (1 - p2) + p2 * (1 - p1)
    return float(num.sum() / den.sum())


def apply_missing(g: np.ndarray, rate: float, rng: np.random.Generator) -> int:
    """Set round(rate * cells) genotypes missing in place; returns how many stay missing."""
    m, n = g.shape
    count = int(round(rate * m * n))
    if count <= 0:
        return 0
    cells = rng.choice(m * n, size=count, replace=False)
    original = g.copy()
    flat = g.reshape(-1)
    flat[cells] = plinkio.MISSING
    observed = g != plinkio.MISSING
    alt = np.where(observed, g, 0).sum(axis=1, dtype=np.int64)
    nobs = 2 * observed.sum(axis=1)
    bad_snp = (alt == 0) | (alt == nobs)
    g[bad_snp] = original[bad_snp]
    bad_ind = ~(g != plinkio.MISSING).any(axis=0)
    g[:, bad_ind] = original[:, bad_ind]
    return int((g == plinkio.MISSING).sum())


def write_outputs(prefix: Path, plan: Plan, k: int, chunks: list[Chunk], idx: np.ndarray,
                  genotypes: np.ndarray, realised: np.ndarray, pool_freq: np.ndarray,
                  lengths: dict[int, int]) -> None:
    chrom = np.concatenate([np.full(len(ch.positions), ch.chrom) for ch in chunks])[idx]
    pos = np.concatenate([ch.positions for ch in chunks])[idx]
    ref = [x for ch in chunks for x in ch.ref]
    alt = [x for ch in chunks for x in ch.alt]
    ref = [ref[i] for i in idx]
    alt = [alt[i] for i in idx]
    ids = plan.ids
    n = len(ids)

    plinkio.write_fam(prefix, ids)
    writer = plinkio.BedWriter(prefix, n)
    rows = [(int(chrom[s]), f"snp{int(chrom[s])}_{int(pos[s])}",
             f"{pos[s] * RECOMBINATION_RATE * 100:.6f}", int(pos[s]), alt[s], ref[s])
            for s in range(len(idx))]
    step = 4096
    for start in range(0, len(idx), step):
        writer.write(genotypes[start:start + step], rows[start:start + step])
    writer.close()

    vcf = plinkio.BgzfWriter(f"{prefix}.vcf.gz")
    vcf.write("##fileformat=VCFv4.2\n")
    vcf.write("##source=popmix scripts/genotypes/simulate.py (msprime)\n")
    for c in sorted(lengths):
        vcf.write(f"##contig=<ID={c},length={lengths[c]}>\n")
    vcf.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    vcf.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(ids) + "\n")
    for s, r in enumerate(rows):
        vcf.write(f"{r[0]}\t{r[3]}\t{r[1]}\t{r[5]}\t{r[4]}\t.\tPASS\t.\tGT\t"
                  + plinkio.vcf_genotype_text(genotypes[s]) + "\n")
    vcf.close()

    np.savetxt(f"{prefix}.truth.Q", realised, fmt="%.6f", delimiter=" ")
    np.savetxt(f"{prefix}.truth.P", pool_freq, fmt="%.6f", delimiter=" ")
    with open(f"{prefix}.truth.tsv", "w") as handle:
        cols = [f"S{s + 1}" for s in range(k)]
        handle.write("\t".join(["id", "kind", *cols, *[f"expected_{c}" for c in cols]]) + "\n")
        for i in range(n):
            handle.write("\t".join([ids[i], plan.kinds[i],
                                    *[f"{x:.6f}" for x in realised[i]],
                                    *[f"{x:.6f}" for x in plan.expected[i]]]) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--individuals", type=int, required=True)
    parser.add_argument("--snps", type=int, required=True)
    parser.add_argument("--populations", "-K", type=int, required=True, help="K sources (>= 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--missing", type=float, default=0.0, help="fraction of genotypes set missing")
    parser.add_argument("--out", required=True, help="output prefix")
    parser.add_argument("--chromosomes", type=int, default=22)
    parser.add_argument("--blocks-per-chromosome", type=int, default=5)
    parser.add_argument("--composition", default="0.4,0.15,0.15,0.3",
                        help="fractions pure,F1,backcross,admixed (the last takes the rest)")
    parser.add_argument("--alpha", type=float, default=1.0, help="Dirichlet parameter of admixed individuals")
    parser.add_argument("--min-maf", type=float, default=0.01)
    parser.add_argument("--thin", type=float, default=4.0,
                        help="aim for this many candidate SNPs per kept SNP (less LD between kept SNPs)")
    parser.add_argument("--quiet", action="store_true")
    a = parser.parse_args(argv)
    if a.populations < 2:
        parser.error("--populations must be at least 2")
    if a.individuals < 2 or a.snps < 1:
        parser.error("need at least 2 individuals and 1 SNP")
    if not 0 <= a.missing < 1:
        parser.error("--missing must be in [0, 1)")
    fractions = [float(x) for x in a.composition.split(",")]
    if len(fractions) != 4:
        parser.error("--composition needs 4 fractions")

    def say(msg: str) -> None:
        if not a.quiet:
            print(f"[simulate] {msg}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    import msprime  # noqa: F401  (fail early without it)
    k, n, m = a.populations, a.individuals, a.snps
    prefix = Path(a.out)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    root = np.random.SeedSequence(a.seed)
    plan_seq, sim_seq, miss_seq = root.spawn(3)
    blocks = a.chromosomes * a.blocks_per_chromosome
    plan = make_plan(n, k, blocks, fractions, a.alpha, np.random.default_rng(plan_seq))
    sim_seed = int(sim_seq.generate_state(1)[0])

    # Expected segregating sites per bp for the whole pool, and the share that
    # passes the MAF filter, are rough; the loop below enlarges the genome
    # until there are enough candidates.
    per_bp_guess = 0.003
    length = int(math.ceil(a.thin * m / (a.chromosomes * per_bp_guess) / 1000.0) * 1000)
    attempt = 0
    while True:
        attempt += 1
        t_sim = time.perf_counter()
        chunks = []
        for c in range(1, a.chromosomes + 1):
            chunks.append(simulate_chromosome(c, length, plan, k, a.blocks_per_chromosome,
                                              sim_seed, a.min_maf))
        total = sum(len(ch.positions) for ch in chunks)
        say(f"{a.chromosomes} chromosomes x {length:,} bp: {total:,} candidate SNPs "
            f"({time.perf_counter() - t_sim:.1f} s)")
        if total >= m:
            break
        if attempt >= 6:
            raise SystemExit(f"only {total} candidate SNPs; try more --chromosomes")
        length = int(math.ceil(length * 1.25 * m / max(total, 1) / 1000.0) * 1000)

    idx = (np.arange(m, dtype=np.int64) * total) // m
    genotypes = np.concatenate([ch.genotypes for ch in chunks])[idx]
    block = np.concatenate([ch.block for ch in chunks])[idx]
    pool_freq = np.concatenate([ch.pool_freq for ch in chunks])[idx]

    per_block = np.bincount(block, minlength=blocks).astype(float)
    realised = np.zeros((n, k))
    for s in range(k):
        copies = ((plan.ancestry == s) * per_block[None, :]).sum(axis=1)   # per haplotype
        realised[:, s] = (copies[0::2] + copies[1::2]) / (2 * m)

    missing = apply_missing(genotypes, a.missing, np.random.default_rng(miss_seq))
    lengths = {c: length for c in range(1, a.chromosomes + 1)}
    t_write = time.perf_counter()
    write_outputs(prefix, plan, k, chunks, idx, genotypes, realised, pool_freq, lengths)
    say(f"wrote {prefix}.* ({time.perf_counter() - t_write:.1f} s)")

    pool_haps = [int(2 * max(1, math.ceil(s / 2))) for s in plan.pool_sizes]
    fst = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1, k):
            fst[i][j] = fst[j][i] = round(hudson_fst(pool_freq[:, i], pool_freq[:, j],
                                                     pool_haps[i], pool_haps[j]), 4)
    expected_fst = [[0.0] * k for _ in range(k)]
    fsts = split_fst(k)
    for i in range(k):
        for j in range(i + 1, k):
            expected_fst[i][j] = expected_fst[j][i] = round(fsts[min(i, k - 2)], 4)
    meta = {
        "generator": "scripts/genotypes/simulate.py",
        "arguments": vars(a),
        "individuals": n, "snps": m, "populations": k,
        "kinds": {kind: plan.kinds.count(kind) for kind in KINDS},
        "missing_genotypes": missing,
        "demography": {
            "Ne": NE, "mutation_rate": MUTATION_RATE, "recombination_rate": RECOMBINATION_RATE,
            "generation_years": GENERATION_YEARS,
            "topology": "ladder: split j (oldest first) separates S_j from the rest",
            "split_times_generations": [round(t, 1) for t in split_times(k)],
            "split_times_years": [round(t * GENERATION_YEARS) for t in split_times(k)],
            "expected_fst_pairwise": expected_fst,
        },
        "empirical_hudson_fst_pairwise": fst,
        "chromosomes": a.chromosomes, "chromosome_length_bp": length,
        "blocks_per_chromosome": a.blocks_per_chromosome,
        "candidate_snps": total,
        "pool_haplotypes_per_source": pool_haps,
        "truth_Q": "realised proportions of allele copies at the kept SNPs",
        "a1": "ALT (derived) allele; .bed genotype = ALT count",
        "msprime_version": msprime.__version__,
        "numpy_version": np.__version__,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    Path(f"{prefix}.sim.json").write_text(json.dumps(meta, indent=1) + "\n")
    say(f"done in {meta['seconds']} s; empirical Fst {fst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
