#!/usr/bin/env python3
"""Coverage of popmix's bootstrap standard errors on genotypes with known Q.

Simulates PLINK sets where each individual's genotypes come from its
parents' populations, haplotype by haplotype: pure individuals (both
alleles from one population), F1 hybrids (one allele from each of two),
backcrosses (one from population a, the other from a or b with
probability 1/2 at each SNP: Q = 3/4 + 1/4) and admixed individuals (each
allele's population drawn from a Dirichlet(1, ..., 1) Q at each SNP).
Allele frequencies follow the Balding-Nichols model. SNPs are independent
(no LD), spread over chromosomes at a fixed spacing.

Fits each set with `popmix fit --bootstrap B` and counts, per kind of
individual, the share of the true proportions q_ik that lie within
q_hat_ik +- 1.96 SE_ik (the fit's columns matched to the truth's first).
Writes a markdown table (and JSON) with the share, the mean SE and the
RMSE of q_hat, so that one can see whether SE matches the real error.
With --fastmixture2, fastmixture2 --bootstrap runs on the same files with
the same number of replicates and popmix's block length in SNPs, and gets
the same columns.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
import time

import numpy as np


def simulate(rng, kinds, snps, K, fst, chromosomes, spacing):
    anc = rng.uniform(0.05, 0.95, size=snps)
    a = anc * (1 - fst) / fst
    b = (1 - anc) * (1 - fst) / fst
    P = np.stack([rng.beta(a, b) for _ in range(K)], axis=1)  # snps x K
    Q, labels, genotypes = [], [], []
    for kind, count in kinds.items():
        for i in range(count):
            if kind == "pure":
                k = i % K
                q = np.eye(K)[k]
                pops = np.full((snps, 2), k)
            elif kind in ("F1", "backcross"):
                x, y = rng.choice(K, size=2, replace=False)
                if kind == "F1":
                    q = 0.5 * (np.eye(K)[x] + np.eye(K)[y])
                    pops = np.stack([np.full(snps, x), np.full(snps, y)], axis=1)
                else:
                    q = 0.75 * np.eye(K)[x] + 0.25 * np.eye(K)[y]
                    second = np.where(rng.random(snps) < 0.5, x, y)
                    pops = np.stack([np.full(snps, x), second], axis=1)
            else:
                q = rng.dirichlet(np.ones(K))
                pops = np.stack([rng.choice(K, size=snps, p=q) for _ in range(2)], axis=1)
            freq = P[np.arange(snps)[:, None], pops]  # snps x 2
            genotypes.append((rng.random((snps, 2)) < freq).sum(axis=1))  # copies of A1
            Q.append(q)
            labels.append(kind)
    G = np.array(genotypes)
    # Monomorphic SNPs carry nothing (popmix drops them; fastmixture2 refuses them).
    total = G.sum(axis=0)
    G = G[:, (total > 0) & (total < 2 * G.shape[0])]
    return np.array(Q), labels, G  # n x K, n, n x snps


def write_plink(prefix, G, chromosomes, spacing):
    n, m = G.shape
    per = m // chromosomes
    with open(prefix + ".fam", "w") as f:
        for i in range(n):
            f.write(f"ind{i} ind{i} 0 0 0 -9\n")
    with open(prefix + ".bim", "w") as f:
        for j in range(m):
            c = min(j // per, chromosomes - 1)
            f.write(f"{c + 1}\tsnp{j}\t0\t{spacing * (j - c * per + 1)}\tA\tG\n")
    # PLINK codes: 00 two copies of A1, 10 heterozygous, 11 none.
    code = np.array([0b11, 0b10, 0b00], dtype=np.uint8)[G.T]  # m x n
    pad = (-n) % 4
    code = np.pad(code, ((0, 0), (0, pad)))
    code = code.reshape(m, -1, 4)
    packed = (code[:, :, 0] | code[:, :, 1] << 2 | code[:, :, 2] << 4 | code[:, :, 3] << 6).astype(np.uint8)
    with open(prefix + ".bed", "wb") as f:
        f.write(bytes([0x6C, 0x1B, 0x01]))
        f.write(packed.tobytes())


def best_order(est, truth):
    K = truth.shape[1]
    return min(itertools.permutations(range(K)), key=lambda p: ((est[:, list(p)] - truth) ** 2).sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--popmix", default=".build/release/popmix")
    ap.add_argument("--out", default="bench/bootstrap-results.md")
    ap.add_argument("--json", default="bench/bootstrap-results.json")
    ap.add_argument("--data", default="bench/data/bootstrap")
    ap.add_argument("--sets", type=int, default=4, help="simulated sets (seeds 1..N)")
    ap.add_argument("--replicates", type=int, default=100)
    ap.add_argument("--snps", type=int, default=10000)
    ap.add_argument("--chromosomes", type=int, default=10)
    ap.add_argument("--spacing", type=int, default=10000, help="base pairs between SNPs")
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--populations", type=int, default=3)
    ap.add_argument("--fst", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--fastmixture2", default=None, help="fastmixture2's command, to run beside popmix")
    args = ap.parse_args()
    os.makedirs(args.data, exist_ok=True)
    kinds = {k: args.per_kind for k in ("pure", "F1", "backcross", "admixed")}
    tools = ["popmix"] + (["fastmixture2"] if args.fastmixture2 else [])
    stats = {(t, k): {"inside": 0, "entries": 0, "se": [], "err": []} for t in tools for k in kinds}
    runs = []
    for seed in range(1, args.sets + 1):
        rng = np.random.default_rng(seed)
        Q, labels, G = simulate(rng, kinds, args.snps, args.populations, args.fst, args.chromosomes, args.spacing)
        prefix = os.path.join(args.data, f"cov{seed}")
        write_plink(prefix, G, args.chromosomes, args.spacing)
        out = prefix + ".fit"
        cmd = [args.popmix, "fit", "--bfile", prefix, "-p", str(args.populations), "--bootstrap", str(args.replicates),
               "--threads", str(args.threads), "--seed", str(seed), "--out", out]
        K = args.populations
        began = time.time()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        seconds = {"popmix": time.time() - began}
        summary = json.load(open(f"{out}.{K}.summary.json"))
        block = summary["bootstrap"]["block_length"]
        results = {"popmix": (f"{out}.{K}.Q", f"{out}.{K}.Q_se")}
        if args.fastmixture2:
            fm = prefix + ".fm2"
            began = time.time()
            subprocess.run([args.fastmixture2, "--bfile", prefix, "--K", str(K), "--bootstrap", str(args.replicates),
                            "--bootstrap-block", str(block), "--threads", str(args.threads), "--seed", str(seed),
                            "--out", fm], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seconds["fastmixture2"] = time.time() - began
            results["fastmixture2"] = (f"{fm}.K{K}.s{seed}.Q", f"{fm}.K{K}.s{seed}.Q_se")
        runs.append({"seed": seed, "block_length": block, "seconds": {t: round(v, 2) for t, v in seconds.items()}})
        for tool, (q_path, se_path) in results.items():
            qhat = np.loadtxt(q_path, ndmin=2)
            se = np.loadtxt(se_path, ndmin=2)
            order = list(best_order(qhat, Q))
            qhat, se = qhat[:, order], se[:, order]
            for i, kind in enumerate(labels):
                inside = np.abs(qhat[i] - Q[i]) <= 1.96 * se[i]
                s = stats[(tool, kind)]
                s["inside"] += int(inside.sum())
                s["entries"] += K
                s["se"].extend(se[i].tolist())
                s["err"].extend((qhat[i] - Q[i]).tolist())
    rows = []
    for (tool, kind), s in stats.items():
        err = np.array(s["err"])
        rows.append({"tool": tool, "kind": kind, "entries": s["entries"], "coverage": s["inside"] / s["entries"],
                     "mean_se": float(np.mean(s["se"])), "rmse": float(np.sqrt(np.mean(err ** 2)))})
    load = open("/proc/loadavg").read().split()[0]
    lines = [f"Bootstrap coverage: {args.sets} sets of {4 * args.per_kind} individuals x {args.snps:,} SNPs "
             f"({args.chromosomes} chromosomes, a SNP every {args.spacing:,} bp), K = {args.populations}, "
             f"F_ST {args.fst}, {args.replicates} replicates, popmix's default blocks "
             f"({runs[0]['block_length']} SNPs); load {load}.", "",
             "| tool | kind | q_ik | inside ±1.96 SE | mean SE | RMSE of q_hat |", "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['tool']} | {r['kind']} | {r['entries']} | {100 * r['coverage']:.1f}% | {r['mean_se']:.4f} | {r['rmse']:.4f} |")
    lines += ["", "Wall seconds (fit + bootstrap, --threads " + str(args.threads) + "): " + "; ".join(
        f"seed {r['seed']}: " + ", ".join(f"{t} {v}" for t, v in r["seconds"].items()) for r in runs)]
    text = "\n".join(lines) + "\n"
    open(args.out, "w").write(text)
    json.dump({"settings": vars(args), "rows": rows, "runs": runs}, open(args.json, "w"), indent=2)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
