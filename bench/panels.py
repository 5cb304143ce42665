#!/usr/bin/env python3
"""Supervised mode and projection: popmix against fastmixture2 (issue 20's proof).

Usage (from the repository root, in the genotype venv)::

    python bench/panels.py --popmix .build/release/popmix [--fastmixture2 PATH] \
        [--threads 1] [--data-dir bench/data/panels] [--out bench/panels-results.md]

Data: msprime simulations by scripts/genotypes/simulate.py (800 and 2,000
individuals x 10,000 SNPs by default, K = 4 sources, 60 % pure, 10 % F1, 10 % backcross, 20 % admixed;
made once, reused). Truth: each individual's realised share of each source
(PREFIX.truth.Q, columns S1..S4).

Supervised: half of the individuals (drawn with a fixed seed from the pure
ones, 60 % of all) are labelled with their source; Q RMSE is measured on the
other half (every admixed individual and the other pure ones), popmix's
columns by their names, fastmixture2's by its label numbers. Unsupervised
fits of everyone are the yardstick (their columns matched to the truth's by the best permutation).

Projection: the individuals are split into two random halves A and B; each tool
fits A unsupervised and projects B onto A's P; B's Q RMSE is compared with B's
rows of the unsupervised fit of everyone (same tool).

Times are user CPU seconds of the child process (and wall seconds), the tools
run back to back in the same run with the same --threads.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "genotypes"))
import plinkio  # noqa: E402

K, SEED = 4, 1


def run(command: list[str]) -> tuple[float, float]:
    """Runs `command` (which must succeed); returns (user CPU s, wall s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout[-3000:]}")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before, wall


def rmse_matched(q: np.ndarray, truth: np.ndarray) -> float:
    """Q RMSE under the best column permutation (K = 4: all 24 tried)."""
    return min(math.sqrt(float(((q[:, list(p)] - truth) ** 2).mean()))
               for p in itertools.permutations(range(truth.shape[1])))


def rmse(q: np.ndarray, truth: np.ndarray) -> float:
    return math.sqrt(float(((q - truth) ** 2).mean()))


def subset(prefix: Path, rows: np.ndarray, out: Path, genotypes: np.ndarray, ids: list[str]) -> None:
    """Writes the individuals `rows` of the PLINK set as `out`."""
    writer = plinkio.BedWriter(out, len(rows))
    bim = [line.split() for line in Path(f"{prefix}.bim").read_text().splitlines() if line.strip()]
    writer.write(genotypes[:, rows], [tuple(f) for f in bim])
    writer.close()
    plinkio.write_fam(out, [ids[i] for i in rows])


def run_set(args: argparse.Namespace, n: int, m: int) -> list[str]:
    """Runs every task on the n x m set; returns its section of the results."""
    global N, M
    N, M = n, m
    data = args.data_dir
    data.mkdir(parents=True, exist_ok=True)
    prefix = data / f"sim{N}x{M // 1000}k"
    if not Path(f"{prefix}.bed").exists():
        run([sys.executable, "scripts/genotypes/simulate.py", "--individuals", str(N), "--snps", str(M),
             "-K", str(K), "--composition", "0.6,0.1,0.1,0.2", "--seed", str(SEED), "--quiet", "--out", str(prefix)])
    ids = plinkio.read_fam_ids(prefix)
    truth = np.loadtxt(f"{prefix}.truth.Q")
    rng = np.random.default_rng(SEED)
    pure = np.flatnonzero(truth.max(axis=1) == 1.0)
    labelled = np.zeros(N, dtype=bool)
    labelled[rng.choice(pure, N // 2, replace=False)] = True
    others = np.flatnonzero(~labelled)
    source = truth.argmax(axis=1)
    Path(f"{prefix}.pop").write_text("".join(f"S{source[i] + 1}\n" if labelled[i] else "-\n" for i in range(N)))
    Path(f"{prefix}.fm2.sup").write_text("".join(f"{source[i] + 1}\n" if labelled[i] else "0\n" for i in range(N)))
    order = np.array(rng.permutation(N))
    half_a, half_b = np.sort(order[: N // 2]), np.sort(order[N // 2:])
    genotypes = plinkio.read_bed(prefix)
    halves = data / f"{prefix.name}-half"
    subset(prefix, half_a, Path(f"{halves}A"), genotypes, ids)
    subset(prefix, half_b, Path(f"{halves}B"), genotypes, ids)

    t = str(args.threads)
    runs = data / f"runs-{prefix.name}"
    runs.mkdir(exist_ok=True)
    pm, fm = args.popmix, args.fastmixture2
    rows: list[tuple[str, str, float, float, float]] = []   # task, tool, RMSE, user s, wall s
    times: dict[str, tuple[float, float]] = {}

    # Unsupervised, everyone: the yardstick for both tasks.
    times["pm all"] = run([pm, "fit", "--bfile", str(prefix), "-p", str(K), "--threads", t, "--out", str(runs / "pm-all")])
    times["fm all"] = run([fm, "--bfile", str(prefix), "--K", str(K), "--threads", t, "--seed", "1",
                           "--out", str(runs / "fm-all")])
    pm_all = np.loadtxt(runs / f"pm-all.{K}.Q")
    fm_all = np.loadtxt(runs / f"fm-all.K{K}.s1.Q")

    # Supervised.
    times["pm sup"] = run([pm, "fit", "--bfile", str(prefix), "--supervised", f"{prefix}.pop", "--threads", t,
                           "--out", str(runs / "pm-sup")])
    times["fm sup"] = run([fm, "--bfile", str(prefix), "--K", str(K), "--threads", t, "--seed", "1",
                           "--supervised", f"{prefix}.fm2.sup", "--out", str(runs / "fm-sup")])
    header = (runs / f"pm-sup.{K}.Q.tsv").read_text().split("\n", 1)[0].split("\t")[1:]
    columns = [int(name[1:]) - 1 for name in header]          # S3 -> truth column 2
    pm_sup = np.loadtxt(runs / f"pm-sup.{K}.Q")
    fm_sup = np.loadtxt(runs / f"fm-sup.K{K}.s1.Q")
    t_o = truth[others]
    rows += [("supervised", "popmix", rmse(pm_sup[others], t_o[:, columns]), *times["pm sup"]),
             ("supervised", "fastmixture2", rmse(fm_sup[others], t_o), *times["fm sup"]),
             ("unsupervised (yardstick)", "popmix", rmse_matched(pm_all[others], t_o), *times["pm all"]),
             ("unsupervised (yardstick)", "fastmixture2", rmse_matched(fm_all[others], t_o), *times["fm all"])]

    # Projection: fit half A, project half B onto its P. Half the simulated
    # SNPs' allele pairs are A/T or C/G (msprime draws the bases at random);
    # both halves come from one file, so their strands agree and
    # --keep-ambiguous is the right call here (the default row shows the cost
    # of leaving them out).
    times["pm A"] = run([pm, "fit", "--bfile", str(Path(f"{halves}A")), "-p", str(K), "--threads", t,
                         "--out", str(Path(f"{halves}A"))])
    times["pm B"] = run([pm, "fit", "--bfile", str(Path(f"{halves}B")), "--projection", str(f"{halves}A.{K}.P"),
                         "--keep-ambiguous", "--threads", t, "--out", str(runs / "pm-projB")])
    times["pm B default"] = run([pm, "fit", "--bfile", str(Path(f"{halves}B")), "--projection",
                                 str(f"{halves}A.{K}.P"), "--threads", t, "--out", str(runs / "pm-projB-default")])
    times["fm A"] = run([fm, "--bfile", str(Path(f"{halves}A")), "--K", str(K), "--threads", t, "--seed", "1",
                         "--out", str(runs / "fm-A")])
    times["fm B"] = run([fm, "--bfile", str(Path(f"{halves}B")), "--K", str(K), "--threads", t, "--seed", "1",
                         "--projection", str(runs / f"fm-A.K{K}.s1.P"), "--out", str(runs / "fm-projB")])
    t_b = truth[half_b]
    summary = json.loads((runs / f"pm-projB-default.{K}.summary.json").read_text())["reference"]
    ambiguous = summary["snps_ambiguous_dropped"]
    pm_b, fm_b = np.loadtxt(runs / f"pm-projB.{K}.Q"), np.loadtxt(runs / f"fm-projB.K{K}.s1.Q")
    pm_b_default = np.loadtxt(runs / f"pm-projB-default.{K}.Q")
    rows += [("projection of B onto A's P, --keep-ambiguous", "popmix", rmse_matched(pm_b, t_b), *times["pm B"]),
             (f"projection of B onto A's P, {ambiguous:,} A/T, C/G SNPs left out", "popmix",
              rmse_matched(pm_b_default, t_b), *times["pm B default"]),
             ("projection of B onto A's P", "fastmixture2", rmse_matched(fm_b, t_b), *times["fm B"]),
             ("B's rows of the fit of all", "popmix", rmse_matched(pm_all[half_b], t_b), *times["pm all"]),
             ("B's rows of the fit of all", "fastmixture2", rmse_matched(fm_all[half_b], t_b), *times["fm all"]),
             ("fit of A (for its P)", "popmix", rmse_matched(np.loadtxt(f"{halves}A.{K}.Q"), truth[half_a]),
              *times["pm A"]),
             ("fit of A (for its P)", "fastmixture2", rmse_matched(np.loadtxt(runs / f"fm-A.K{K}.s1.Q"), truth[half_a]),
              *times["fm A"])]
    # How far the projection lands from B's rows of the fit of all (columns matched).
    distance = {"popmix": rmse_matched(pm_b, pm_all[half_b]), "fastmixture2": rmse_matched(fm_b, fm_all[half_b]),
                "popmix and fastmixture2 projections": rmse_matched(pm_b, fm_b)}

    load = os.getloadavg()
    lines = [f"## {N} x {M:,}", "",
             f"msprime {N} x {M:,} SNPs, K = {K} (60 % pure, 10 % F1, 10 % backcross, 20 % admixed); "
             f"{N // 2} of the {len(pure)} pure individuals labelled; --threads {t}; load average {load[0]:.2f} at the end.", "",
             "| task | tool | Q RMSE | user CPU s | wall s |", "|---|---|---|---|---|"]
    lines += [f"| {task} | {tool} | {e:.4f} | {u:.2f} | {w:.2f} |" for task, tool, e, u, w in rows]
    lines += ["", f"Supervised and unsupervised RMSE: on the {N - N // 2} unlabelled individuals. Projection: on half B "
              f"({N - N // 2} individuals); the fit-of-A row is on half A.", "",
              "Q RMSE between B's projected rows and its rows of the fit of all: "
              + "; ".join(f"{tool} {d:.4f}" for tool, d in distance.items()) + ".", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popmix", required=True)
    parser.add_argument("--fastmixture2", default=shutil.which("fastmixture2")
                        or str(Path(sys.executable).parent / "fastmixture2"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--individuals", default="800,2000", help="set sizes, comma-separated")
    parser.add_argument("--snps", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, default=Path("bench/data/panels"))
    parser.add_argument("--out", type=Path, default=Path("bench/panels-results.md"))
    args = parser.parse_args()
    sections = ["# Supervised mode and projection: popmix and fastmixture2 (bench/panels.py)", ""]
    for n in (int(x) for x in args.individuals.split(",")):
        sections += run_set(args, n, args.snps)
        print("\n".join(sections), flush=True)
    args.out.write_text("\n".join(sections))


if __name__ == "__main__":
    main()
