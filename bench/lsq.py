"""Least-squares NMF: popmix's solvers against R's NMF package, scikit-learn
and RcppML, in one run (``make bench-lsq``).

Run from the repository root, in the bench venv (numpy, scikit-learn)::

    python bench/lsq.py --popmix .build/release/popmix --threads 2 \
        --out bench/lsq-results.md --json bench/lsq-results.json

Workloads (written to bench/data/lsq/, reused when present):

* ``clusters``: seed 000's data, 1,000 points in 500 dimensions drawn from 5
  clusters (each coordinate N(mu, mu) around its cluster's mean mu ~ U(0, 1),
  clipped at 0); fitted with r = 5, and each fit's hard assignment (the
  largest entry of its row-normalised W) scored against the clusters by the
  adjusted Rand index.
* ``w180x2000`` and ``w1000x20000``: ``popmix simulate`` tables (r = 3 and 4),
  the same as ``make bench`` fits.
* ``seed002``: the 5 x 6 matrix printed in seed 002, r = 5: popmix's ``mu``
  against NMF's "lee" (the seed's own check), and SGD with the seed's
  lambda = 0.01 against MU with the same penalty: both minimise
  S + lambda s (||W||^2 + ||H||^2), s the values' root mean square, and the
  summary's ``objective`` is compared.

Every fit's time is its fitting alone (each tool reports it: popmix's
summary ``seconds``, the others timed around the fit call), so reading the
table does not count; the relative error ||V - WH||_F / ||V||_F is computed
the same way for all. On w180x2000, NMF's "brunet" (Kullback-Leibler, the
Poisson model) is set beside popmix's count fit, by Poisson log-likelihood.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import NMF
from sklearn.metrics import adjusted_rand_score

BENCH = Path(__file__).resolve().parent
DATA = Path("bench/data/lsq")
PEERS_R = BENCH / "lsq_peers.R"
SEED = 1

# The 5 x 6 matrix of seed 002 (R's rmatrix(5, 6) as printed there).
SEED002 = np.array([
    [0.2572934, 0.7850774, 0.1964726, 0.89460898, 0.5124385, 0.6538741],
    [0.4548971, 0.7619701, 0.4504754, 0.04016496, 0.1973834, 0.9347442],
    [0.8251736, 0.3744436, 0.5294228, 0.79247087, 0.5080712, 0.3198328],
    [0.9600582, 0.5075759, 0.1684872, 0.95316732, 0.4352644, 0.5006196],
    [0.3160396, 0.5518905, 0.2720268, 0.01742472, 0.1015410, 0.3987225],
])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_table(path: Path, values: np.ndarray) -> None:
    """A popmix table: header, one row per individual with an id."""
    with open(path, "w") as f:
        f.write("id\t" + "\t".join(f"c{j}" for j in range(values.shape[1])) + "\n")
        for i, row in enumerate(values):
            f.write(f"i{i}\t" + "\t".join(repr(float(x)) for x in row) + "\n")


def read_table(path: Path) -> np.ndarray:
    with open(path) as f:
        f.readline()
        return np.array([[float(x) for x in line.split()[1:]] for line in f])


def gaussian_clusters(points: int, dimensions: int, clusters: int, seed: int):
    """Seed 000's draw: a cluster per point, N(mu, mu) per coordinate, clipped at 0."""
    rng = np.random.default_rng(seed)
    mu = rng.uniform(0, 1, (clusters, dimensions))
    truth = rng.integers(0, clusters, points)
    x = rng.normal(mu[truth], mu[truth])
    return np.maximum(x, 0), truth


def prepare(popmix: str) -> dict[str, dict]:
    """The workloads: their TSV (for popmix), binary copy (for R) and array."""
    DATA.mkdir(parents=True, exist_ok=True)
    workloads: dict[str, dict] = {}
    values, truth = gaussian_clusters(1000, 500, 5, SEED)
    specs = [("clusters", 5, values, truth), ("seed002", 5, SEED002, None)]
    for name, n, m, r, hybrids in (("w180x2000", 180, 2000, 3, 18), ("w1000x20000", 1000, 20000, 4, 100)):
        table = DATA.parent / f"{name}.counts.tsv"   # the same file make bench makes
        if not table.exists():
            subprocess.run([popmix, "simulate", "--individuals", str(n), "--loci", str(m), "--populations", str(r),
                            "--hybrids", str(hybrids), "--seed", "1", "--out", str(DATA.parent / name)],
                           check=True, stdout=subprocess.DEVNULL)
        specs.append((name, r, None, None))
    for name, r, values, truth in specs:
        tsv = DATA.parent / f"{name}.counts.tsv" if values is None else DATA / f"{name}.tsv"
        if values is not None and not tsv.exists():
            write_table(tsv, values)
        array = values if values is not None else read_table(tsv)
        binary = DATA / f"{name}.bin"
        if not binary.exists():
            array.astype("<f8").tofile(binary)
        workloads[name] = {"tsv": tsv, "bin": binary, "values": array, "rank": r, "truth": truth}
    return workloads


def relative_error(v: np.ndarray, w: np.ndarray, h: np.ndarray) -> float:
    return float(np.linalg.norm(v - w @ h) / np.linalg.norm(v))


def ari(truth, w: np.ndarray) -> float | None:
    return None if truth is None else float(adjusted_rand_score(truth, np.argmax(w, axis=1)))


def read_popmix_matrix(path: Path) -> np.ndarray:
    with open(path) as f:
        f.readline()
        return np.array([[float(x) for x in line.split("\t")[1:]] for line in f])


def run_popmix(popmix: str, work: dict, solver: str, threads: int, extra: list[str]) -> dict:
    out = DATA / f"fit-{work['name']}-{solver}{'-l2' if '--l2' in extra else ''}"
    command = [popmix, "fit", str(work["tsv"]), "--loss", "squared", "--solver", solver, "-p", str(work["rank"]),
               "--threads", str(threads), "--out", str(out), "--quiet"] + extra
    # SGD's trace would sum the whole error after every epoch, as costly as the epoch itself.
    traced = solver != "sgd"
    if traced:
        command += ["--trace", f"{out}.trace.tsv"]
    wall = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - wall
    # popmix names its files PREFIX.K.*, K the number of components.
    stem = f"{out}.{work['rank']}"
    summary = json.loads(Path(f"{stem}.summary.json").read_text())
    w = read_popmix_matrix(Path(f"{stem}.W.tsv"))
    h = read_popmix_matrix(Path(f"{stem}.H.tsv")).T
    trace = []
    if traced:
        with open(f"{out}.trace.tsv") as f:
            f.readline()
            trace = [(int(a), float(s), float(e)) for a, _, s, e in (line.split("\t") for line in f)]
    return {"tool": f"popmix {solver}" + (" " + " ".join(extra) if extra else ""), "seconds": summary["seconds"],
            "wall": wall, "relative_error": relative_error(work["values"], w, h), "objective": summary["objective"],
            "iterations": summary["iterations"], "ari": ari(work["truth"], w), "wh": w @ h, "trace": trace}


def time_to_reach(trace: list[tuple[int, float, float]], target: float) -> float | None:
    """Seconds into restart 0 at which the traced relative error first reached `target`."""
    return next((s for restart, s, e in trace if restart == 0 and e <= target), None)


def run_popmix_counts(popmix: str, work: dict, threads: int) -> dict:
    out = DATA / f"fit-{work['name']}-poisson"
    subprocess.run([popmix, "fit", str(work["tsv"]), "-p", str(work["rank"]), "--threads", str(threads),
                    "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    summary = json.loads(Path(f"{out}.{work['rank']}.summary.json").read_text())
    return {"tool": "popmix fit (Poisson, default)", "seconds": summary["seconds"], "loglik": summary["loglik"],
            "iterations": summary["iterations"]}


def run_r(method: str, work: dict, threads: int) -> dict:
    out, wout = DATA / f"r-{work['name']}-{method}.json", DATA / f"r-{work['name']}-{method}.W.tsv"
    n, m = work["values"].shape
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    subprocess.run(["Rscript", str(PEERS_R), method, str(work["bin"]), str(n), str(m), str(work["rank"]),
                    str(SEED), str(threads), str(out), str(wout)], check=True, env=env)
    result = json.loads(out.read_text())
    w = np.loadtxt(wout, ndmin=2)
    wh_path = Path(str(wout).replace("W.tsv", "WH.tsv"))
    wh = np.loadtxt(wh_path, ndmin=2) if wh_path.exists() else None
    name = {"lee": 'R NMF "lee"', "brunet": 'R NMF "brunet" (KL)', "rcppml": "RcppML"}[method]
    return {"tool": name, "seconds": result["seconds"], "relative_error": result["relative_error"],
            "iterations": result["iterations"], "loglik": result["loglik"], "ari": ari(work["truth"], w), "wh": wh}


def run_sklearn(work: dict) -> dict:
    model = NMF(n_components=work["rank"], solver="cd", init="random", random_state=SEED, max_iter=1000)
    start = time.perf_counter()
    w = model.fit_transform(work["values"])
    seconds = time.perf_counter() - start
    return {"tool": "scikit-learn cd", "seconds": seconds, "relative_error": relative_error(work["values"], w, model.components_),
            "iterations": model.n_iter_, "ari": ari(work["truth"], w)}


def fmt(value, digits=5) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--popmix", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip-large", action="store_true", help="leave out w1000x20000")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
    workloads = prepare(args.popmix)
    rows: list[dict] = []
    for name in ("clusters", "w180x2000", "w1000x20000", "seed002"):
        if name == "w1000x20000" and args.skip_large:
            continue
        work = workloads[name]
        work["name"] = name
        log(f"== {name}")
        fits = []
        solvers = [("hals", []), ("mu", [])]
        if name in ("clusters", "w180x2000"):
            solvers.append(("sgd", []))
        if name == "seed002":
            exact = ["--tolerance", "0", "--max-iterations", "100000"]
            solvers = [("mu", exact), ("mu", exact + ["--l2", "0.01"]), ("sgd", ["--l2", "0.01", "--epochs", "20000"])]
        for solver, extra in solvers:
            log(f"   popmix {solver} {' '.join(extra)}")
            fits.append(run_popmix(args.popmix, work, solver, args.threads, extra))
        peers = ["rcppml", "lee"] if name != "w1000x20000" else ["rcppml"]
        if name == "seed002":
            peers = ["lee"]
        for method in peers:
            log(f"   R {method}")
            fits.append(run_r(method, work, args.threads))
        if name != "seed002":
            log("   scikit-learn cd")
            fits.append(run_sklearn(work))
        if name == "w180x2000":
            log("   R brunet, popmix Poisson fit")
            fits.append(run_r("brunet", work, args.threads))
            fits.append(run_popmix_counts(args.popmix, work, args.threads))
        rcppml = next((f for f in fits if f["tool"] == "RcppML"), None)
        for fit in fits:
            if rcppml and "trace" in fit:
                fit["seconds_to_rcppml_error"] = time_to_reach(fit["trace"], rcppml["relative_error"])
            fit.pop("trace", None)
        if name == "seed002":
            mu_l2 = next(f for f in fits if f["tool"].startswith("popmix mu") and "--l2" in f["tool"])
            sgd = next(f for f in fits if f["tool"].startswith("popmix sgd"))
            sgd["objective_over_mu"] = sgd["objective"] / mu_l2["objective"]
            # The seed's check: the two products entry by entry.
            lee = next(f for f in fits if "lee" in f["tool"])
            for fit in fits:
                if fit.get("wh") is not None and fit is not lee:
                    fit["max_difference_from_lee"] = float(np.abs(fit["wh"] - lee["wh"]).max())
        for fit in fits:
            fit.pop("wh", None)
            fit["workload"] = name
            rows.append(fit)
    header = ["workload", "tool", "fit seconds", "relative error", "iterations", "s to RcppML's error", "ARI",
              "Poisson loglik"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join([row["workload"], row["tool"], fmt(row.get("seconds"), 3),
                                          fmt(row.get("relative_error"), 6), fmt(row.get("iterations")),
                                          fmt(row.get("seconds_to_rcppml_error"), 3) if row["tool"].startswith("popmix") else "",
                                          fmt(row.get("ari"), 4),
                                          fmt(row.get("loglik"), 1) if "brunet" in row["tool"] or "Poisson" in row["tool"] else ""]) + " |")
    machine = f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at the end; --threads {args.threads}, OMP/OpenBLAS threads {args.threads}"
    notes = [f"{r['workload']}: {r['tool']} W H differs from R NMF \"lee\"'s by at most {r['max_difference_from_lee']:.2e} per entry"
             for r in rows if "max_difference_from_lee" in r and "--l2" not in r["tool"]]
    notes += [f"{r['workload']}: {r['tool']} objective {r['objective']:.6f}, {100 * (r['objective_over_mu'] - 1):+.2f} % against popmix mu --l2 0.01"
              for r in rows if "objective_over_mu" in r]
    text = "\n".join(lines) + "\n\n" + "\n".join(notes) + ("\n\n" if notes else "") + machine + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
