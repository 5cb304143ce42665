#!/usr/bin/env python3
"""popmix pca against plink1.9 --pca, on the same PLINK sets in one run.

Run from the repository root (numpy needed; `make bench-pca` does it)::

    python3 bench/pca.py --popmix .build/release/popmix --plink plink1.9 \
        --threads 2 [--components 5] [--data-dir bench/data/pca] \
        [--coalescent-python .venv-genotypes/bin/python] [--quick] \
        [--out bench/pca-results.md] [--json bench/pca-results.json]

Data sets (made when missing, reused otherwise):

* popmix `simulate --genotypes` (Balding-Nichols, F_ST 0.1): 500 x 10,000
  (K = 3, seed 3) and 1,000 x 20,000 (K = 4, seed 4);
* the coalescent set of bench/genotypes.py, made by scripts/genotypes/simulate.py
  with msprime: 800 x 20,000, K = 4, seed 2, 1 % missing calls (only when
  --coalescent-python names a Python with msprime);
* unless --quick, popmix `simulate --genotypes` 2,000 x 100,000 (K = 3, seed 5),
  the timing set.

For each set both tools find the top --components components with
--threads threads, each under /usr/bin/time (wall and user seconds, peak
memory). Their .eigenvec columns are compared by |Pearson correlation|
(signs are arbitrary) and their .eigenval by relative difference. plink1.9
writes 6 significant digits, so eigenvalues agree to about 1e-6 at best.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys

import numpy as np

SETS = [
    # name, individuals, SNPs, K, seed, maker
    ("sim500x10k", 500, 10_000, 3, 3, "popmix"),
    ("sim1000x20k", 1000, 20_000, 4, 4, "popmix"),
    ("coal800x20k-miss1", 800, 20_000, 4, 2, "msprime"),
    ("sim2000x100k", 2000, 100_000, 3, 5, "popmix"),
]


def run_timed(command: list[str], log: str) -> dict:
    """Runs command under /usr/bin/time -v; wall and user seconds, peak KB."""
    timed = ["/usr/bin/time", "-f", "%e %U %M"] + command
    with open(log, "w") as out:
        done = subprocess.run(timed, stdout=out, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    wall, user, peak = done.stderr.strip().splitlines()[-1].split()
    return {"command": " ".join(command), "wall": float(wall), "user": float(user), "peak_kb": int(peak)}


def eigenvectors(path: str) -> np.ndarray:
    """The PC columns of a .eigenvec (PLINK 2 with a '#' header, or plink1.9 without)."""
    rows = [line.split() for line in open(path) if line.strip() and not line.startswith("#")]
    return np.array([[float(x) for x in row[2:]] for row in rows])


def make(name, n, m, k, seed, maker, args) -> str | None:
    prefix = os.path.join(args.data_dir, name)
    if os.path.exists(prefix + ".bed"):
        return prefix
    print(f"making {name}", file=sys.stderr)
    if maker == "popmix":
        subprocess.run([args.popmix, "simulate", "--genotypes", "--individuals", str(n), "--loci", str(m),
                        "--populations", str(k), "--hybrids", "0", "--seed", str(seed), "--out", prefix],
                       check=True, stdout=subprocess.DEVNULL)
    else:
        if not args.coalescent_python:
            return None
        subprocess.run([args.coalescent_python, "scripts/genotypes/simulate.py", "--individuals", str(n),
                        "--snps", str(m), "--populations", str(k), "--seed", str(seed), "--missing", "0.01",
                        "--out", prefix], check=True, stdout=subprocess.DEVNULL)
    return prefix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--popmix", required=True)
    parser.add_argument("--plink", default="plink1.9")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--components", type=int, default=5)
    parser.add_argument("--data-dir", default="bench/data/pca")
    parser.add_argument("--coalescent-python")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out")
    parser.add_argument("--json")
    args = parser.parse_args()
    os.makedirs(args.data_dir, exist_ok=True)
    k, results = args.components, []
    for name, n, m, K, seed, maker in SETS:
        if args.quick and n * m > 50_000_000:
            continue
        prefix = make(name, n, m, K, seed, maker, args)
        if prefix is None:
            print(f"skipping {name}: no --coalescent-python", file=sys.stderr)
            continue
        ours, theirs = prefix + ".popmix", prefix + ".plink"
        print(f"{name}: popmix pca", file=sys.stderr)
        popmix = run_timed([args.popmix, "pca", "--bfile", prefix, "--components", str(k), "--threads",
                            str(args.threads), "--quiet", "--out", ours], ours + ".log")
        print(f"{name}: {args.plink} --pca", file=sys.stderr)
        plink = run_timed([args.plink, "--bfile", prefix, "--pca", str(k), "--threads", str(args.threads),
                           "--out", theirs], theirs + ".stdout")
        a, b = eigenvectors(ours + ".eigenvec"), eigenvectors(theirs + ".eigenvec")
        correlations = [abs(float(np.corrcoef(a[:, c], b[:, c])[0, 1])) for c in range(k)]
        ea, eb = np.loadtxt(ours + ".eigenval"), np.loadtxt(theirs + ".eigenval")
        relative = [abs(float(ea[c] / eb[c] - 1)) for c in range(k)]
        blocks = next(line.split()[-1] for line in open(ours + ".log") if "Krylov blocks" in line)
        results.append({"set": name, "individuals": n, "snps": m, "popmix": popmix, "plink": plink,
                        "correlations": correlations, "eigenvalue_relative_errors": relative,
                        "popmix_eigenvalues": ea.tolist(), "plink_eigenvalues": eb.tolist(),
                        "krylov_blocks": int(blocks)})
    lines = [f"popmix pca vs {args.plink} --pca {k}, --threads {args.threads}, {platform.node()} "
             f"({os.cpu_count()} cores)", "",
             "| set | n x m | popmix wall (user) s | plink1.9 wall (user) s | plink / popmix wall | "
             "min abs corr PC1-5 | max eigenvalue rel. diff | Krylov blocks |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['set']} | {r['individuals']:,} x {r['snps']:,} | {r['popmix']['wall']:.2f} "
                     f"({r['popmix']['user']:.2f}) | {r['plink']['wall']:.2f} ({r['plink']['user']:.2f}) | "
                     f"{r['plink']['wall'] / r['popmix']['wall']:.1f} | {min(r['correlations']):.7f} | "
                     f"{max(r['eigenvalue_relative_errors']):.1e} | {r['krylov_blocks']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        open(args.out, "w").write(text)
    if args.json:
        json.dump(results, open(args.json, "w"), indent=2)


if __name__ == "__main__":
    main()
