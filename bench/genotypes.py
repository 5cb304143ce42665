#!/usr/bin/env python3
"""Benchmark popmix's genotype mode against fastmixture, fastmixture2 and ADAMIXTURE.

Run from the repository root, in the venv that `make bench-genotypes` builds::

    python bench/genotypes.py --popmix .build/release/popmix --threads 2 \
        [--sets sim600x10k,pm2000x100k,pm400x5k,scan600x10k] [--quick] \
        [--tools fastmixture,fastmixture2,adamixture,popmix] [--fm-seeds 1[,2]] \
        [--popmix-args "--algorithm em"] [--popmix-variant em="--algorithm em" ...] \
        [--out bench/genotypes-results.md] [--json bench/genotypes-results.json] \
        [--docs docs/benchmarks.md]
    python bench/genotypes.py --popmix .build/release/popmix --large [...]

Steps (progress and step timings go to standard error):

1. Data sets, made when the .bed or the truth is missing: sim600x10k
   (600 x 10,000, K = 4, seed 1) and sim800x20k (800 x 20,000, 1 % missing;
   only when named in --sets) with scripts/genotypes/simulate.py (msprime),
   checked with scripts/genotypes/check.py; pm2000x100k (`popmix simulate
   --genotypes --individuals 2000 --loci 100000 --populations 5 --hybrids 200
   --seed 7`, K = 5) and pm400x5k (400 x 5,000, 10 populations, seed 1, the
   default 12 hybrids; K = 10) with popmix itself, whose PREFIX.Q.tsv and
   PREFIX.K.P become PREFIX.truth.Q and .truth.P.
2. Fits, each under /usr/bin/time -v (whole-process wall time, peak resident
   memory), --threads each: fastmixture 1.3 (`--K K --threads T --seed S`),
   fastmixture2 2.0 (the same flags), ADAMIXTURE (`-k K --data_path
   PREFIX.bed --chrom_mode all -t T --seed S`), each at its defaults, for each
   seed of --fm-seeds (default 1); popmix `fit --bfile ... --populations K
   --threads T --seed 1 --out ... --quiet` plus --popmix-args, once per
   variant: "default" and each --popmix-variant NAME=FLAGS.
3. Evaluation with this script's own numpy code on the .bed genotypes g (copies
   of the .bim A1 allele): the binomial log-likelihood
   sum over observed genotypes of g log p + (2 - g) log(1 - p), p = Q P^T
   (without the log binomial coefficient), for each tool's P as its format
   documents it (all: P = frequency of A1) and for the flipped P (1 - P),
   to catch an orientation mistake; the tool's own reported log-likelihood is
   compared with ours. Q is compared with the truth after the best matching of
   columns (all K! permutations for K <= 8, else the Hungarian assignment on
   the same squared-error cost, which is exact for it): RMSE over the n x K
   entries and the mean absolute error. A "truth" row evaluates the true Q
   and P (for msprime sets, the sources' pool allele frequencies).
4. The scan row (scan600x10k): popmix `scan --bfile sim600x10k --populations
   1-6 --folds 5` (plus --scan-args; the range from --scan-populations)
   against fastmixture2 `--cv 5` run once per K of the range, whose wall
   times are summed; each side's chosen K (popmix's own rule; fastmixture2's
   lowest cross-validation error).
5. A Markdown table (stdout, --out) and every number as JSON (--json),
   together with the exact commands; with --docs, the summary table replaces
   the text between `<!-- bench-genotypes:begin -->` and `<!-- bench-genotypes:end -->`.

--large: makes a 2,500 x 500,000, K = 5 set with scripts/genotypes/write_large.py
(Balding-Nichols, numpy only) if absent and runs popmix on it (K = 5,
--restarts from --large-restarts, default 1) and, if in --tools, fastmixture2,
reporting wall time, peak memory, Q RMSE to the truth and (streamed) the
log-likelihood. Progress is printed every --heartbeat seconds.

A tool that is missing or fails is reported as a failed row with the reason;
the rest of the benchmark still runs.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

# A timed process and /usr/bin/time -v parsing, shared with the count-table
# benchmark beside this file.
from bench import Timed, parse_time_report  # noqa: E402

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
SCRIPTS = REPO_ROOT / "scripts" / "genotypes"
sys.dont_write_bytecode = True          # no __pycache__ beside the scripts
sys.path.insert(0, str(SCRIPTS))
import plinkio  # noqa: E402

TIME_COMMAND = "/usr/bin/time"
NA = "n/a"
POPMIX_SEED = 1
LOG_EPS = 1e-12                 # p is clipped to [eps, 1 - eps] before the logs


@dataclass(frozen=True)
class DataSet:
    name: str
    individuals: int
    snps: int
    populations: int
    seed: int
    missing: float
    quick: bool                 # part of a --quick run
    source: str = "msprime"     # or "popmix": `popmix simulate --genotypes`
    hybrids: int | None = None  # popmix simulate --hybrids (None: its default)


DATASETS = (
    DataSet("sim600x10k", 600, 10_000, 4, 1, 0.0, quick=True),
    DataSet("sim800x20k", 800, 20_000, 4, 2, 0.01, quick=False),
    DataSet("pm2000x100k", 2000, 100_000, 5, 7, 0.0, quick=False, source="popmix", hybrids=200),
    DataSet("pm400x5k", 400, 5_000, 10, 1, 0.0, quick=True, source="popmix"),
)
LARGE = DataSet("large2500x500k", 2500, 500_000, 5, 1, 0.0, quick=False)
SCAN_SET = "scan600x10k"                # the scan row, on sim600x10k
SCAN_DATA = "sim600x10k"
SCAN_FOLDS = 5
DEFAULT_SETS = "sim600x10k,pm2000x100k,pm400x5k,scan600x10k"
PEERS = ("fastmixture", "fastmixture2", "adamixture")
REFERENCE_TOOL = "fastmixture2"         # the "vs" column's reference


@dataclass
class Row:
    dataset: str
    tool: str
    setting: str
    wall_seconds: float | None = None
    peak_mib: float | None = None
    loglik: float | None = None               # ours, P as documented
    loglik_flipped: float | None = None       # ours, 1 - P
    tool_loglik: float | None = None          # the tool's own report
    rel_to_fastmixture: float | None = None   # (L - L_ref) / |L_ref|, ref = REFERENCE_TOOL
    wall_ratio: float | None = None           # wall / the reference's wall, same data set
    diff_to_reference: float | None = None    # L - L_ref in log-units
    q_rmse: float | None = None
    q_mae: float | None = None
    permutation: list[int] | None = None      # truth column matched to each fitted column
    iterations: int | None = None             # the kept fit's (popmix: best restart)
    iterations_total: int | None = None       # all restarts together (popmix)
    converged: bool | None = None
    chosen_k: int | None = None               # scan rows
    command: str | None = None
    q_path: str | None = None
    p_path: str | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None


# --------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[bench-genotypes] {message}", file=sys.stderr, flush=True)


def _tree_rss_kib(root: int) -> int:
    """Resident KiB of root's descendants (Linux /proc), for progress lines."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            pid = int(entry)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_timed(command: Sequence[str], timeout: float | None, heartbeat: float | None = None,
              label: str = "") -> Timed:
    """Run under /usr/bin/time -v (wall clock here if it is missing: no memory then)."""
    have_time = Path(TIME_COMMAND).exists()
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "time.txt"
        full = ([TIME_COMMAND, "-v", "-o", str(report_path), *command] if have_time
                else list(command))
        out_path, err_path = Path(scratch) / "out", Path(scratch) / "err"
        start = time.perf_counter()
        with open(out_path, "w") as out, open(err_path, "w") as err:
            try:
                process = subprocess.Popen(full, stdout=out, stderr=err)
            except OSError as error:
                return Timed(127, "", str(error), None, None)
            stop = threading.Event()

            def beat() -> None:
                while not stop.wait(heartbeat or 1e9):
                    log(f"{label} running: {time.perf_counter() - start:.0f} s, "
                        f"resident {_tree_rss_kib(process.pid) / 1024:.0f} MiB")

            if heartbeat:
                threading.Thread(target=beat, daemon=True).start()
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                code = -9
                err.write(f"\ntimed out after {timeout} s\n")
            stop.set()
        elapsed = time.perf_counter() - start
        report = report_path.read_text() if report_path.exists() else ""
        stdout, stderr = out_path.read_text(), err_path.read_text()
    wall, peak = parse_time_report(report)
    return Timed(code, stdout, stderr, wall if wall is not None else elapsed, peak)


def run_into_row(row: Any, command: Sequence[str], timeout: float | None, what: str,
                 heartbeat: float | None = None, label: str | None = None) -> Timed | None:
    """Runs ``command`` timed, records its wall time and peak memory in ``row``;
    on failure records the error and returns None."""
    timed = run_timed(command, timeout, heartbeat, label=label or "")
    row.wall_seconds, row.peak_mib = timed.wall_seconds, timed.peak_mib
    failure = timed.failure(what)
    if failure:
        row.error = failure
        log(f"  FAILED: {failure}")
        return None
    log(f"  {timed.wall_seconds:.1f} s, peak {timed.peak_mib or 0:.0f} MiB")
    return timed


def quiet_output(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout + done.stderr).strip() if done.returncode == 0 else None


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------

class Genotypes:
    """The .bed in memory (m x n uint8), or streamed for the large set."""

    def __init__(self, prefix: Path, in_memory: bool = True):
        self.prefix = prefix
        self.n, self.m = plinkio.bed_shape(prefix)
        self.g = plinkio.read_bed(prefix) if in_memory else None
        self._hets: int | None = None

    def blocks(self, size: int = 8192):
        if self.g is not None:
            for start in range(0, self.m, size):
                yield start, self.g[start:start + size]
        else:
            yield from plinkio.iter_bed_blocks(self.prefix, size)

    def heterozygotes(self) -> int:
        if self._hets is None:
            self._hets = int(sum(int((g == 1).sum()) for _, g in self.blocks()))
        return self._hets


def binomial_loglik(data: Genotypes, q: np.ndarray, p: np.ndarray) -> tuple[float, float, int]:
    """(L with P, L with 1 - P, entries clipped) over observed genotypes."""
    total, flipped, clipped = 0.0, 0.0, 0
    for start, g in data.blocks():
        pb = p[start:start + g.shape[0]]
        h = pb @ q.T                                   # b x n, frequency of A1
        obs = g != plinkio.MISSING
        gf = np.where(obs, g, 0).astype(np.float64)
        rest = np.where(obs, 2.0 - gf, 0.0)
        clipped += int(((h < LOG_EPS) | (h > 1 - LOG_EPS)).sum())
        h = np.clip(h, LOG_EPS, 1 - LOG_EPS)
        lh, l1h = np.log(h), np.log1p(-h)
        total += float((gf * lh + rest * l1h).sum())
        flipped += float((gf * l1h + rest * lh).sum())
    return total, flipped, clipped


def match_columns(q: np.ndarray, truth: np.ndarray) -> tuple[float, float, list[int]]:
    """Q RMSE and MAE to the truth under the best column permutation: exhaustive
    for K <= 8, else the Hungarian assignment (exact too: the squared error is a
    sum over matched column pairs)."""
    k = truth.shape[1]
    if q.shape != truth.shape:
        raise ValueError(f"Q is {q.shape}, truth {truth.shape}")
    if k > 8:
        from scipy.optimize import linear_sum_assignment
        cost = ((q[:, :, None] - truth[:, None, :]) ** 2).sum(axis=0)   # fitted x truth
        _, cols = linear_sum_assignment(cost)
        best_perm = tuple(int(c) for c in cols)
        best = float(((q - truth[:, best_perm]) ** 2).mean())
    else:
        best, best_perm = math.inf, None
        for perm in itertools.permutations(range(k)):
            mse = float(((q - truth[:, perm]) ** 2).mean())
            if mse < best:
                best, best_perm = mse, perm
    mae = float(np.abs(q - truth[:, best_perm]).mean())
    return math.sqrt(best), mae, list(best_perm)


def evaluate(row: Row, data: Genotypes, truth_q: np.ndarray, q_path: Path, p_path: Path,
             tool_loglik: float | None, p_is_a2: bool = False) -> None:
    """Scores the fit in q_path/p_path into ``row``; ``p_is_a2``: the file holds
    the A2 frequency (1 - P is used)."""
    try:
        q = np.loadtxt(q_path, ndmin=2)
        p = np.loadtxt(p_path, ndmin=2)
        if p_is_a2:
            p = 1.0 - p
    except (OSError, ValueError) as error:
        row.error = f"could not read {q_path.name}/{p_path.name}: {error}"
        return
    if q.shape != (data.n, truth_q.shape[1]) or p.shape != (data.m, truth_q.shape[1]):
        row.error = (f"Q is {q.shape} and P {p.shape}; expected ({data.n}, K) and "
                     f"({data.m}, K) with K = {truth_q.shape[1]}")
        return
    row.q_rmse, row.q_mae, row.permutation = match_columns(q, truth_q)
    row.loglik, row.loglik_flipped, clipped = binomial_loglik(data, q, p)
    row.tool_loglik = tool_loglik
    if clipped:
        row.notes.append(f"{clipped} individual frequencies clipped to [{LOG_EPS}, 1 - {LOG_EPS}]")
    if row.loglik_flipped > row.loglik:
        row.notes.append("ORIENTATION: 1 - P fits better than P; the file's P is not the "
                         f"A1 frequency (flipped L = {row.loglik_flipped:.1f})")
    if tool_loglik is not None:
        diff = tool_loglik - row.loglik
        if abs(diff) > 1e-5 * abs(row.loglik) + 1.0:
            het_constant = data.heterozygotes() * math.log(2.0)
            if abs(diff - het_constant) < 1e-5 * abs(row.loglik) + 1.0:
                row.notes.append(f"own log-likelihood {tool_loglik:.1f} includes the log "
                                 f"binomial coefficient (hets x ln 2 = {het_constant:.1f})")
            else:
                row.notes.append(f"own log-likelihood {tool_loglik:.1f} differs from ours by "
                                 f"{diff:+.1f} ({diff / abs(row.loglik):+.2e} relative)")


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def have_data(prefix: Path) -> bool:
    return all(Path(f"{prefix}{ext}").exists()
               for ext in (".bed", ".bim", ".fam", ".truth.Q"))


def popmix_simulate_command(popmix: str, ds: DataSet, prefix: Path) -> list[str]:
    command = [popmix, "simulate", "--genotypes", "--individuals", str(ds.individuals),
               "--loci", str(ds.snps), "--populations", str(ds.populations),
               "--seed", str(ds.seed), "--out", str(prefix)]
    if ds.hybrids is not None:
        command[7:7] = ["--hybrids", str(ds.hybrids)]
    return command


def make_popmix_dataset(ds: DataSet, prefix: Path, popmix: str, commands: list[str]
                        ) -> dict[str, Any]:
    """`popmix simulate --genotypes`; its PREFIX.Q.tsv (header, ids) and
    PREFIX.K.P become the plain PREFIX.truth.Q and .truth.P the evaluation reads."""
    info: dict[str, Any] = {**asdict(ds), "prefix": str(prefix)}
    command = popmix_simulate_command(popmix, ds, prefix)
    commands.append(shlex.join(command))
    if have_data(prefix):
        log(f"{prefix} exists; not simulating")
        info["generated"] = False
        return info
    log(f"simulating {prefix} with popmix ({ds.individuals} x {ds.snps}, K = {ds.populations})")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    timed = run_timed(command, timeout=3600)
    failure = timed.failure("popmix simulate")
    if failure:
        raise RuntimeError(failure)
    rows = [line.split("\t")[1:] for line in Path(f"{prefix}.Q.tsv").read_text().splitlines()[1:]
            if line.strip()]
    q = np.array(rows, dtype=float)
    np.savetxt(f"{prefix}.truth.Q", q, fmt="%.6f", delimiter=" ")
    shutil.copyfile(f"{prefix}.{ds.populations}.P", f"{prefix}.truth.P")
    info.update(generated=True, generation_wall_seconds=timed.wall_seconds,
                generation_peak_mib=timed.peak_mib)
    log(f"  simulated in {timed.wall_seconds:.1f} s")
    return info


def make_dataset(ds: DataSet, data_dir: Path, python: str, commands: list[str],
                 popmix: str | None = None) -> dict[str, Any]:
    prefix = data_dir / ds.name
    if ds.source == "popmix":
        if popmix is None:
            raise RuntimeError(f"{ds.name} is simulated by popmix, which was not found")
        return make_popmix_dataset(ds, prefix, popmix, commands)
    info: dict[str, Any] = {**asdict(ds), "prefix": str(prefix)}
    command = [python, str(SCRIPTS / "simulate.py"), "--individuals", str(ds.individuals),
               "--snps", str(ds.snps), "--populations", str(ds.populations),
               "--seed", str(ds.seed), "--missing", str(ds.missing), "--out", str(prefix)]
    commands.append(shlex.join(command))
    if have_data(prefix) and Path(f"{prefix}.sim.json").exists():
        log(f"{prefix} exists; not simulating")
        info["generated"] = False
    else:
        log(f"simulating {prefix} ({ds.individuals} x {ds.snps}, K = {ds.populations})")
        data_dir.mkdir(parents=True, exist_ok=True)
        timed = run_timed(command, timeout=3600)
        failure = timed.failure("simulate.py")
        if failure:
            raise RuntimeError(failure)
        info["generated"] = True
        info["generation_wall_seconds"] = timed.wall_seconds
        info["generation_peak_mib"] = timed.peak_mib
        log(f"  simulated in {timed.wall_seconds:.1f} s, peak {timed.peak_mib or 0:.0f} MiB")
        start = time.perf_counter()
        check = subprocess.run([python, str(SCRIPTS / "check.py"), str(prefix)],
                               capture_output=True, text=True)
        info["check"] = (check.stdout + check.stderr).strip()
        info["check_ok"] = check.returncode == 0
        info["check_seconds"] = round(time.perf_counter() - start, 2)
        log(f"  check ({info['check_seconds']} s): {info['check']}")
        if check.returncode != 0:
            raise RuntimeError(f"check.py failed on {prefix}: {info['check']}")
    try:
        meta = json.loads(Path(f"{prefix}.sim.json").read_text())
        info["simulator_seconds"] = meta.get("seconds")
        info["empirical_fst"] = meta.get("empirical_hudson_fst_pairwise")
        info["demography"] = meta.get("demography")
        info["kinds"] = meta.get("kinds")
        info["missing_genotypes"] = meta.get("missing_genotypes")
    except (OSError, ValueError):
        pass
    return info


# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------

def popmix_status(popmix: str | None) -> str | None:
    """None when popmix can fit a .bed; otherwise why not."""
    if popmix is None:
        return "popmix binary not found"
    try:
        done = subprocess.run([popmix, "fit", "--help"], capture_output=True, text=True,
                              timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return f"popmix fit --help failed: {error}"
    if "--bfile" not in done.stdout + done.stderr:
        return "this popmix has no genotype mode yet (`popmix fit --help` lists no --bfile)"
    return None


def read_summary(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def find_key(obj: Any, names: tuple[str, ...]) -> Any:
    """First value under any of names, searching nested dicts (and lists) breadth first."""
    queue = [obj]
    while queue:
        current = queue.pop(0)
        if isinstance(current, dict):
            for name in names:
                if name in current and not isinstance(current[name], (dict, list)):
                    return current[name]
            queue.extend(current.values())
        elif isinstance(current, list):
            queue.extend(current)
    return None


def run_popmix(popmix: str, status: str | None, ds: DataSet, prefix: Path, out_dir: Path,
               threads: int, restarts: int | None, data: Genotypes | None,
               truth_q: np.ndarray | None, timeout: float, heartbeat: float | None,
               commands: list[str], extra: Sequence[str] = (), variant: str | None = None) -> Row:
    """One popmix fit; ``variant`` names the row and its output prefix (else the restarts do)."""
    setting = f"--restarts {restarts}" if restarts else "default restarts"
    tag = f"popmix.r{restarts}" if restarts else "popmix.default"
    if variant is not None:
        setting, tag = variant, f"popmix.{variant}"
    out = out_dir / tag
    command = [popmix, "fit", "--bfile", str(prefix), "--populations", str(ds.populations),
               "--threads", str(threads), "--seed", str(POPMIX_SEED), "--out", str(out), "--quiet"]
    if restarts:
        command += ["--restarts", str(restarts)]
    command += list(extra)
    if extra:
        setting += " " + " ".join(extra)
    row = Row(ds.name, "popmix", setting, command=shlex.join(command))
    commands.append(row.command)
    if status:
        row.error = status
        log(f"popmix {setting} on {ds.name}: skipped ({status})")
        return row
    log(f"popmix {setting} on {ds.name} ...")
    if not run_into_row(row, command, timeout, "popmix fit", heartbeat, label=f"popmix {setting}"):
        return row
    k = ds.populations
    q_path, p_path = Path(f"{out}.{k}.Q"), Path(f"{out}.{k}.P")
    row.q_path, row.p_path = str(q_path), str(p_path)
    summary = read_summary(Path(f"{out}.{k}.summary.json"))
    own = None
    if summary is None:
        row.notes.append(f"no readable {out}.{k}.summary.json")
    else:
        value = find_key(summary, ("loglik",))
        own = float(value) if isinstance(value, (int, float)) else None
        iters = find_key(summary, ("iterations", "totalIterations", "total_iterations"))
        row.iterations = int(iters) if isinstance(iters, (int, float)) else None
        restarts_list = summary.get("restart_results") if isinstance(summary, dict) else None
        if isinstance(restarts_list, list) and restarts_list:
            counts = [r.get("iterations") for r in restarts_list if isinstance(r, dict)]
            if all(isinstance(c, (int, float)) for c in counts):
                row.iterations_total = int(sum(counts))
        used = summary.get("restarts") if isinstance(summary, dict) else None
        if restarts is None and variant is None and isinstance(used, int):
            row.setting = f"default restarts ({used})"
        conv = find_key(summary, ("converged",))
        row.converged = conv if isinstance(conv, bool) else None
    if data is not None and truth_q is not None:
        evaluate(row, data, truth_q, q_path, p_path, own)
    elif truth_q is not None:
        try:
            q = np.loadtxt(q_path, ndmin=2)
            row.q_rmse, row.q_mae, row.permutation = match_columns(q, truth_q)
        except (OSError, ValueError) as error:
            row.error = f"could not read {q_path}: {error}"
        row.tool_loglik = own
    return row


def run_fastmixture(fastmixture: str | None, ds: DataSet, prefix: Path, out_dir: Path,
                    threads: int, seed: int, data: Genotypes, truth_q: np.ndarray,
                    timeout: float, commands: list[str]) -> Row:
    out = out_dir / "fastmixture"
    command = fastmixture2_command(fastmixture or "fastmixture", prefix, ds.populations,
                                   threads, seed, out)
    row = peer_row("fastmixture", fastmixture, ds, seed, command, commands)
    if row.error or not run_into_row(row, command, timeout, "fastmixture"):
        return row
    # fastmixture writes OUT.K{K}.s{seed}.Q, .P (A1 frequency: its reader maps
    # .bed code 00 to 2) and .log ("Final log-likelihood: X", "Converged in N
    # iterations." or "EM algorithm did not converge in N iterations!").
    base = f"{out}.K{ds.populations}.s{seed}"
    own = None
    try:
        text = Path(f"{base}.log").read_text()
        found = re.search(r"Final log-likelihood:\s*(\S+)", text)
        own = float(found.group(1)) if found else None
        found = re.search(r"Converged in (\d+) iterations", text)
        if found:
            row.iterations, row.converged = int(found.group(1)), True
        elif "did not converge" in text:
            row.converged = False
            found = re.search(r"did not converge in (\d+)", text)
            row.iterations = int(found.group(1)) if found else None
    except OSError:
        row.notes.append(f"no {base}.log")
    row.q_path, row.p_path = f"{base}.Q", f"{base}.P"
    evaluate(row, data, truth_q, Path(row.q_path), Path(row.p_path), own)
    return row


def fastmixture2_command(fastmixture2: str | None, prefix: Path, k: int, threads: int,
                         seed: int, out: Path, extra: Sequence[str] = ()) -> list[str]:
    """fastmixture2's command line (fastmixture 1.3 takes the same flags)."""
    return [fastmixture2 or "fastmixture2", "--bfile", str(prefix), "--K", str(k),
            "--threads", str(threads), "--seed", str(seed), "--out", str(out), *extra]


def peer_row(tool: str, executable: str | None, ds: DataSet, seed: int, command: list[str],
             commands: list[str]) -> Row:
    """A peer's row with its command recorded; an error in it when the peer is missing."""
    row = Row(ds.name, tool, f"seed {seed}", command=shlex.join(command))
    commands.append(row.command)
    if executable is None:
        row.error = f"{tool} not found (pip install {tool})"
    else:
        log(f"{tool} seed {seed} on {ds.name} ...")
    return row


def read_fastmixture2_log(row: Row, path: Path) -> tuple[float | None, str]:
    """Own log-likelihood, iterations and status from fastmixture2's OUT.K{K}.s{S}.log
    ("Final log-likelihood: X", "Status: converged", "Iterations: N")."""
    try:
        text = path.read_text()
    except OSError:
        row.notes.append(f"no {path.name}")
        return None, ""
    found = re.search(r"Final log-likelihood:\s*(\S+)", text)
    own = float(found.group(1)) if found else None
    found = re.search(r"^\s*Iterations:\s*(\d+)", text, re.MULTILINE)
    row.iterations = int(found.group(1)) if found else None
    found = re.search(r"^\s*Status:\s*(.+?)\s*$", text, re.MULTILINE)
    if found:
        row.converged = found.group(1).lower() == "converged"
        if not row.converged:
            row.notes.append(f"status: {found.group(1)}")
    return own, text


def run_fastmixture2(fastmixture2: str | None, ds: DataSet, prefix: Path, out_dir: Path,
                     threads: int, seed: int, data: Genotypes | None, truth_q: np.ndarray,
                     timeout: float, commands: list[str], heartbeat: float | None = None) -> Row:
    out = out_dir / "fastmixture2"
    command = fastmixture2_command(fastmixture2, prefix, ds.populations, threads, seed, out)
    row = peer_row("fastmixture2", fastmixture2, ds, seed, command, commands)
    if row.error or not run_into_row(row, command, timeout, "fastmixture2", heartbeat,
                                     label="fastmixture2"):
        return row
    # Its reader counts A1 copies (.bed 00 = 2), and P is written as that
    # frequency; the flipped-P evaluation checks it.
    base = f"{out}.K{ds.populations}.s{seed}"
    own, _ = read_fastmixture2_log(row, Path(f"{base}.log"))
    row.q_path, row.p_path = f"{base}.Q", f"{base}.P"
    evaluate_or_stream(row, data, prefix, truth_q, own)
    return row


def run_adamixture(adamixture: str | None, ds: DataSet, prefix: Path, out_dir: Path,
                   threads: int, seed: int, data: Genotypes, truth_q: np.ndarray,
                   timeout: float, commands: list[str]) -> Row:
    # --chrom_mode all: its default keeps chromosomes 1-22 only.
    command = [adamixture or "adamixture", "-k", str(ds.populations), "--data_path",
               f"{prefix}.bed", "--save_dir", str(out_dir), "--name", "adamixture",
               "--chrom_mode", "all", "-t", str(threads), "--seed", str(seed)]
    row = peer_row("adamixture", adamixture, ds, seed, command, commands)
    timed = None if row.error else run_into_row(row, command, timeout, "adamixture")
    if timed is None:
        return row
    # It logs to the terminal only: "Iteration N, Log-likelihood: X, ...",
    # "Converged at iteration N." and "Final log-likelihood: X" (one decimal).
    text = timed.stdout + timed.stderr
    (out_dir / "adamixture.log").write_text(text)
    finals = re.findall(r"Final log-likelihood:\s*(\S+)", text)
    own = float(finals[-1]) if finals else None
    steps = re.findall(r"Iteration (\d+), Log-likelihood", text)
    row.iterations = int(steps[-1]) if steps else None
    row.converged = "Converged at iteration" in text
    # When the mean genotype is 1 or more it counts the other allele throughout
    # ("Flipping genotype encoding"), and its P is then the A2 frequency.
    flipped = "Flipping genotype encoding" in text
    if flipped:
        row.notes.append("its log says it flipped the genotype encoding: its P is the A2 "
                         "frequency, scored as 1 - P")
    k = ds.populations
    row.q_path, row.p_path = str(out_dir / f"adamixture.{k}.Q"), str(out_dir / f"adamixture.{k}.P")
    evaluate(row, data, truth_q, Path(row.q_path), Path(row.p_path), own, p_is_a2=flipped)
    return row


def evaluate_or_stream(row: Row, data: Genotypes | None, prefix: Path, truth_q: np.ndarray,
                       own: float | None) -> None:
    """evaluate() on the data in memory, or streaming the .bed when there is none."""
    evaluate(row, data if data is not None else Genotypes(prefix, in_memory=False), truth_q,
             Path(row.q_path), Path(row.p_path), own)


def run_popmix_scan(popmix: str, status: str | None, prefix: Path, populations: range,
                    threads: int, timeout: float, commands: list[str],
                    extra: Sequence[str] = ()) -> Row:
    """`popmix scan` over ``populations`` with SCAN_FOLDS folds; its chosen K from --json."""
    ks = f"{populations[0]}-{populations[-1]}"
    command = [popmix, "scan", "--bfile", str(prefix), "--populations", ks,
               "--folds", str(SCAN_FOLDS), "--threads", str(threads), "--seed", str(POPMIX_SEED),
               "--json", "--quiet", *extra]
    row = Row(SCAN_SET, "popmix", f"scan K = {ks}, {SCAN_FOLDS} folds" +
              (" " + " ".join(extra) if extra else ""), command=shlex.join(command))
    commands.append(row.command)
    if status:
        row.error = status
        return row
    log(f"popmix scan K = {ks} on {prefix.name} ...")
    timed = run_into_row(row, command, timeout, "popmix scan")
    if timed is None:
        return row
    try:
        result = json.loads(timed.stdout)
        row.chosen_k = int(result["chosen"])
        row.notes.append("held-out score by K: " + ", ".join(
            f"{r['populations']}: {r['heldout']:.5f}" for r in result["results"]))
    except (ValueError, KeyError, TypeError) as error:
        row.error = f"could not read popmix scan's JSON: {error}"
    return row


def run_fastmixture2_cv(fastmixture2: str | None, prefix: Path, out_dir: Path,
                        populations: range, threads: int, seed: int, timeout: float,
                        commands: list[str]) -> Row:
    """fastmixture2 --cv SCAN_FOLDS once per K; wall times summed, peak memory the largest,
    the chosen K the one with the lowest cross-validation error."""
    ks = f"{populations[0]}-{populations[-1]}"
    row = Row(SCAN_SET, "fastmixture2", f"--cv {SCAN_FOLDS}, K = {ks} (one run per K)")
    if fastmixture2 is None:
        row.error = "fastmixture2 not found (pip install fastmixture2)"
        return row
    errors: dict[int, float] = {}
    walls: list[float] = []
    peaks: list[float] = []
    for k in populations:
        out = out_dir / "fastmixture2.cv"
        command = fastmixture2_command(fastmixture2, prefix, k, threads, seed, out,
                                       ["--cv", str(SCAN_FOLDS)])
        commands.append(shlex.join(command))
        log(f"fastmixture2 --cv {SCAN_FOLDS} K = {k} on {prefix.name} ...")
        timed = run_timed(command, timeout)
        failure = timed.failure(f"fastmixture2 --cv K = {k}")
        if failure:
            row.error = failure
            log(f"  FAILED: {failure}")
            return row
        walls.append(timed.wall_seconds or 0.0)
        peaks.append(timed.peak_mib or 0.0)
        log(f"  {timed.wall_seconds:.1f} s")
        text = Path(f"{out}.K{k}.s{seed}.log").read_text()
        found = re.search(r"Cross-validation (?:error|negative log-likelihood):\s*(\S+)", text)
        if not found:
            row.error = f"no cross-validation result in {out}.K{k}.s{seed}.log"
            return row
        errors[k] = float(found.group(1))
    row.wall_seconds, row.peak_mib = sum(walls), max(peaks)
    row.chosen_k = min(errors, key=errors.get)
    row.notes.append("wall s by K: " + ", ".join(f"{k}: {w:.1f}" for k, w in
                                                 zip(populations, walls)))
    row.notes.append("cross-validation error by K: " + ", ".join(
        f"{k}: {e:.5f}" for k, e in errors.items()))
    return row


def compare_to_reference(rows: list[Row]) -> None:
    """Each row's wall time and log-likelihood against REFERENCE_TOOL's first row."""
    reference = next((r for r in rows if r.tool == REFERENCE_TOOL and r.error is None), None)
    if reference is None:
        return
    for r in rows:
        if reference.wall_seconds and r.wall_seconds is not None:
            r.wall_ratio = r.wall_seconds / reference.wall_seconds
        if reference.loglik is not None and r.loglik is not None:
            r.diff_to_reference = r.loglik - reference.loglik
            r.rel_to_fastmixture = r.diff_to_reference / abs(reference.loglik)


def truth_row(ds: DataSet, prefix: Path, data: Genotypes, truth_q: np.ndarray) -> Row:
    row = Row(ds.name, "truth", "true Q, pool P" if ds.source == "msprime" else "true Q, P")
    p_path = Path(f"{prefix}.truth.P")
    if not p_path.exists():
        row.error = "no truth.P"
        return row
    p = np.clip(np.loadtxt(p_path, ndmin=2), 1e-5, 1 - 1e-5)
    row.loglik, row.loglik_flipped, _ = binomial_loglik(data, truth_q, p)
    row.q_rmse, row.q_mae, row.permutation = 0.0, 0.0, list(range(truth_q.shape[1]))
    row.notes.append("reference: the true Q with each source's pool A1 frequency "
                     "(clipped to [1e-5, 1 - 1e-5])")
    return row


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

COLUMNS = ("data set", "tool", "setting", "wall s", f"wall ÷ {REFERENCE_TOOL}", "peak MiB",
           "binomial loglik", f"l − {REFERENCE_TOOL}'s", "Q RMSE", "Q MAE", "iterations")
SCAN_COLUMNS = ("data set", "tool", "setting", "wall s", f"wall ÷ {REFERENCE_TOOL}", "peak MiB",
                "chosen K", "true K")


def _f(value: Any, fmt: str) -> str:
    return NA if value is None else format(value, fmt)


def cells(row: Row) -> list[str]:
    ratio = _f(row.wall_ratio, ".2f")
    if row.error and row.loglik is None:
        return [row.dataset, row.tool, row.setting, _f(row.wall_seconds, ".1f"), ratio,
                _f(row.peak_mib, ".0f"), "failed", NA, NA, NA, NA]
    iters = NA if row.iterations is None else (
        f"{row.iterations}"
        + (f" (all restarts {row.iterations_total})"
           if row.iterations_total not in (None, row.iterations) else "")
        + ("" if row.converged in (None, True) else " (not converged)"))
    return [row.dataset, row.tool, row.setting, _f(row.wall_seconds, ".1f"), ratio,
            _f(row.peak_mib, ".0f"), _f(row.loglik, ".2f"),
            _f(row.diff_to_reference, "+.2f"), _f(row.q_rmse, ".4f"), _f(row.q_mae, ".4f"),
            iters]


def scan_cells(row: Row, true_k: int) -> list[str]:
    return [row.dataset, row.tool, row.setting, _f(row.wall_seconds, ".1f"),
            _f(row.wall_ratio, ".2f"), _f(row.peak_mib, ".0f"),
            "failed" if row.error else _f(row.chosen_k, "d"), str(true_k)]


def markdown_table(rows: list[Row], columns: Sequence[str] = COLUMNS, cell=cells) -> str:
    head = "| " + " | ".join(columns) + " |"
    align = "|" + "|".join(["---"] * 3 + ["---:"] * (len(columns) - 3)) + "|"
    return "\n".join([head, align, *("| " + " | ".join(cell(r)) + " |" for r in rows)])


def tables(rows: list[Row]) -> str:
    """The fits' table, then the scans' when there are scan rows."""
    fits = [r for r in rows if r.dataset != SCAN_SET]
    scans = [r for r in rows if r.dataset == SCAN_SET]
    text = markdown_table(fits) if fits else ""
    if scans:
        true_k = next(d.populations for d in DATASETS if d.name == SCAN_DATA)
        text += ("\n\n" if text else "") + markdown_table(
            scans, SCAN_COLUMNS, lambda r: scan_cells(r, true_k))
    return text


NOTES = [
    "wall s, peak MiB: /usr/bin/time -v of the whole command (loading the .bed included); "
    f"wall ÷ {REFERENCE_TOOL}: against its first seed's on the same data set, same run.",
    "binomial loglik: this script's numpy, over observed genotypes, sum of g log p + (2 - g) "
    "log(1 - p) with p = Q P^T from the tool's output files (popmix and fastmixture 6 "
    "decimals, fastmixture2 10, ADAMIXTURE 18), g = copies of the .bim A1 allele, P read as "
    "the A1 frequency (each tool's P is, but ADAMIXTURE's when its log says it flipped the "
    "encoding: then 1 - P); the flipped P is evaluated too and flagged if it fits better; "
    "no binomial coefficient.",
    f"l − {REFERENCE_TOOL}'s: in log-units, against its first seed on the same data set; "
    "positive = higher likelihood.",
    "Q RMSE / MAE: against the simulation's ancestry proportions, after the best matching of "
    "columns (exhaustive for K <= 8, Hungarian assignment above).",
    "iterations: each tool's own count, not comparable between tools: fastmixture's EM "
    "iterations (mini-batch epochs count as one) and fastmixture2's SQP/QN iterations from "
    "their logs, ADAMIXTURE's BR-QN iterations from its terminal log, popmix's from its "
    "summary.json (the best restart's, all restarts' sum in brackets).",
    "truth row: the true Q with the true P (msprime sets: each source's allele frequency in "
    "the simulated pool, clipped to [1e-5, 1 - 1e-5]); a fit can exceed it (it fits the "
    "sample, the truth does not).",
    f"scan rows: popmix's `scan` (its own K rule) against fastmixture2 `--cv {SCAN_FOLDS}` "
    f"run once per K of the same range (wall times summed, its lowest cross-validation error chosen), on "
    f"{SCAN_DATA}. fastmixture2's folds start from its full-data fit (its log: \"Full-data "
    "P/Q warm start (approximate)\"; `--exact-cv` would start each fold afresh).",
]


def render(meta: dict[str, Any], rows: list[Row], datasets: list[dict[str, Any]],
           commands: list[str]) -> str:
    lines = [f"# popmix genotype mode against its peers ({'large' if meta['large'] else 'simulated'})",
             "",
             f"- date: {meta['date']}; machine: {meta['machine']}",
             f"- load average (1/5/15 min) at start {meta['load_start']}, at end {meta['load_end']}",
             f"- popmix: {meta['popmix']} ({meta['popmix_version'] or NA}); "
             f"fastmixture {meta['fastmixture_version'] or NA}; fastmixture2 "
             f"{meta['fastmixture2_version'] or NA}; adamixture {meta['adamixture_version'] or NA}; "
             f"msprime "
             f"{meta['msprime_version'] or NA}; numpy {np.__version__}; threads {meta['threads']}",
             ""]
    lines.append("Data sets:")
    lines.append("")
    for d in datasets:
        gen = (f"simulated here in {d['generation_wall_seconds']:.1f} s wall "
               f"(peak {d.get('generation_peak_mib') or 0:.0f} MiB)" if d.get("generated")
               else "reused from an earlier run" + (
                   f" (the simulator took {d['simulator_seconds']} s)" if d.get("simulator_seconds")
                   else ""))
        fst = d.get("empirical_fst")
        fst_text = ""
        if fst:
            k = len(fst)
            vals = [fst[i][j] for i in range(k) for j in range(i + 1, k)]
            fst_text = f"; empirical pairwise Hudson Fst {min(vals):.3f}-{max(vals):.3f}"
        kinds = d.get("kinds")
        kinds_text = ("; " + ", ".join(f"{v} {k}" for k, v in kinds.items())) if kinds else ""
        source = ("`popmix simulate --genotypes`" + (f", {d['hybrids']} hybrids"
                  if d.get("hybrids") is not None else "") if d.get("source") == "popmix"
                  else "msprime" if d.get("source") == "msprime" else "write_large.py")
        lines.append(f"- {d['name']}: {d['individuals']} individuals x {d['snps']:,} SNPs, "
                     f"K = {d['populations']}, seed {d['seed']}, missing {d['missing']:.0%}, "
                     f"{source}{kinds_text}{fst_text}; {gen}.")
    lines += ["", tables(rows), ""]
    has_scan = any(r.dataset == SCAN_SET for r in rows)
    lines += [f"- {n}" for n in NOTES if has_scan or not n.startswith("scan rows")]
    flagged = [(r, n) for r in rows for n in r.notes if not n.startswith("reference")]
    if flagged:
        lines += ["", "Notes on rows:", ""]
        lines += [f"- {r.dataset} {r.tool} {r.setting}: {n}" for r, n in flagged]
    errors = [r for r in rows if r.error]
    if errors:
        lines += ["", "Failures:", ""]
        lines += [f"- {r.dataset} {r.tool} {r.setting}: {r.error}" for r in errors]
    lines += ["", "Commands:", "", "```"]
    lines += commands
    lines += ["```", ""]
    return "\n".join(lines)


DOCS_BEGIN = "<!-- bench-genotypes:begin -->"
DOCS_END = "<!-- bench-genotypes:end -->"


def docs_summary(meta: dict[str, Any], rows: list[Row], report: Path | None) -> str:
    """The tables with a line on when, where and how they were measured."""
    source = f" (notes, commands: `{report}`)" if report else ""
    return "\n".join([
        f"`make bench-genotypes`, run of {meta['date']}, {meta['threads']} threads each, load "
        f"average {meta['load_start']} at the start{source}; popmix {meta['popmix_version'] or NA}, "
        f"fastmixture {meta['fastmixture_version'] or NA}, fastmixture2 "
        f"{meta['fastmixture2_version'] or NA}, ADAMIXTURE {meta['adamixture_version'] or NA}. "
        "Log-likelihoods and Q RMSE computed by the script from each tool's `.Q` and `.P`.",
        "", tables(rows)])


def update_docs(path: Path, summary: str) -> None:
    """Replaces what lies between DOCS_BEGIN and DOCS_END in ``path``."""
    text = path.read_text()
    start, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if start < 0 or end < start:
        raise RuntimeError(f"{path} lacks the markers {DOCS_BEGIN} ... {DOCS_END}")
    new = text[:start + len(DOCS_BEGIN)] + "\n" + summary + "\n" + text[end:]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new)
    tmp.replace(path)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def version_of(package: str) -> str | None:
    from importlib import metadata
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> str:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.processor() or NA}, {os.cpu_count()} CPUs, {platform.system()}"


def load() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return NA


def resolve(path: str | None, fallback: str) -> str | None:
    if path:
        p = Path(path)
        if p.exists():
            return str(p.absolute())
        found = shutil.which(path)
        return str(Path(found).absolute()) if found else None
    beside = Path(sys.executable).parent / fallback
    if beside.exists():
        return str(beside)
    return shutil.which(fallback)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popmix", required=True, help="the popmix binary")
    for tool in PEERS:
        parser.add_argument(f"--{tool}", help=f"the {tool} command (default: beside this "
                                              "Python, else on PATH)")
    parser.add_argument("--data-dir", type=Path, default=Path("bench/data/genotypes"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fm-seeds", default="1",
                        help="seeds of the peers (fastmixture, fastmixture2, ADAMIXTURE), "
                             "comma-separated")
    parser.add_argument("--sets", default=DEFAULT_SETS,
                        help="data sets, comma-separated, of "
                             + ", ".join([d.name for d in DATASETS] + [SCAN_SET])
                             + f" (default {DEFAULT_SETS})")
    parser.add_argument("--quick", action="store_true",
                        help="only the quick sets of --sets (sim600x10k, pm400x5k)")
    parser.add_argument("--large", action="store_true",
                        help="only the 2,500 x 500,000 K = 5 memory test: popmix and, if in "
                             "--tools, fastmixture2")
    parser.add_argument("--popmix-args", default="",
                        help="extra flags for every popmix fit, one shell-quoted string "
                             "(e.g. \"--algorithm em\")")
    parser.add_argument("--popmix-variant", action="append", default=[], metavar="NAME=FLAGS",
                        help="one more popmix row per data set, fitted with FLAGS (after "
                             "--popmix-args); repeatable. The \"default\" row runs unless "
                             "--no-popmix-default")
    parser.add_argument("--scan-populations", default="1-6",
                        help="the scan row's K range, LOW-HIGH (default 1-6, issue 18's)")
    parser.add_argument("--scan-args", default="",
                        help="extra flags for popmix scan, one shell-quoted string")
    parser.add_argument("--large-restarts", type=int, default=1,
                        help="popmix --restarts in --large mode (0: popmix's default)")
    parser.add_argument("--tools", default="fastmixture,fastmixture2,adamixture,popmix",
                        help="which tools to run (comma-separated; default all four)")
    parser.add_argument("--large-max-iterations", type=int,
                        help="pass --max-iterations N to popmix in --large mode (a shorter "
                             "memory test; the row then shows the cap)")
    parser.add_argument("--no-popmix-default", action="store_true",
                        help="skip the popmix row with no flags but --popmix-args")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per fit")
    parser.add_argument("--heartbeat", type=float, default=60.0,
                        help="seconds between progress lines in --large mode")
    parser.add_argument("--out", type=Path, help="Markdown report")
    parser.add_argument("--json", type=Path, help="JSON results")
    parser.add_argument("--docs", type=Path,
                        help=f"a Markdown file whose text between {DOCS_BEGIN} and {DOCS_END} "
                             "is replaced by the tables (docs/benchmarks.md)")
    a = parser.parse_args(argv)
    a.variants = [] if a.no_popmix_default else [("default", [])]
    for spec in a.popmix_variant:
        name, sep, flags = spec.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_.+-]+", name):
            parser.error(f"--popmix-variant {spec!r}: expected NAME=FLAGS, NAME of letters, "
                         "digits and _.+-")
        a.variants.append((name, shlex.split(flags)))
    low, _, high = a.scan_populations.partition("-")
    try:
        a.scan_populations = range(int(low), int(high or low) + 1)
    except ValueError:
        parser.error(f"--scan-populations {a.scan_populations!r}: expected LOW-HIGH")
    if not a.scan_populations:
        parser.error("--scan-populations: LOW must not exceed HIGH")
    known = {d.name for d in DATASETS} | {SCAN_SET}
    a.set_names = [x.strip() for x in a.sets.split(",") if x.strip()]
    unknown = [x for x in a.set_names if x not in known]
    if unknown:
        parser.error(f"--sets: unknown {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return a


def main(argv: Sequence[str] | None = None) -> int:
    a = parse_arguments(argv)
    t_start = time.perf_counter()
    popmix = resolve(a.popmix, "popmix")
    status = popmix_status(popmix)
    if status:
        log(f"WARNING: {status} ({a.popmix}); popmix rows will be marked failed")
    peers = {tool: resolve(getattr(a, tool), tool) for tool in PEERS}
    commands: list[str] = []
    rows: list[Row] = []
    datasets: list[dict[str, Any]] = []
    steps: dict[str, float] = {}
    python = sys.executable
    tools = {t.strip() for t in a.tools.split(",") if t.strip()}
    popmix_args = shlex.split(a.popmix_args)
    meta: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(), "load_start": load(), "threads": a.threads,
        "popmix": a.popmix, "large": a.large, "popmix_args": popmix_args,
        "popmix_variants": a.variants,
        "popmix_version": (quiet_output([popmix, "--version"]) if popmix else None),
        "fastmixture_version": version_of("fastmixture"),
        "fastmixture2_version": version_of("fastmixture2"),
        "adamixture_version": version_of("adamixture"),
        "msprime_version": version_of("msprime"),
    }
    seeds = [int(x) for x in a.fm_seeds.split(",") if x.strip()]

    def timed_step(name: str, action):
        t = time.perf_counter()
        result = action()
        steps[name] = round(time.perf_counter() - t, 1)
        return result

    if a.large:
        ds = LARGE
        prefix = a.data_dir / ds.name
        command = [python, str(SCRIPTS / "write_large.py"), "--individuals", str(ds.individuals),
                   "--snps", str(ds.snps), "--populations", str(ds.populations),
                   "--seed", str(ds.seed), "--out", str(prefix)]
        commands.append(shlex.join(command))
        info: dict[str, Any] = {**asdict(ds), "name": ds.name, "prefix": str(prefix),
                                "source": "write_large"}
        if have_data(prefix):
            log(f"{prefix} exists; not generating")
            info["generated"] = False
        else:
            a.data_dir.mkdir(parents=True, exist_ok=True)
            log(f"generating {prefix} (2,500 x 500,000; about 2 minutes)")
            timed = run_timed(command, timeout=7200, heartbeat=a.heartbeat, label="write_large")
            failure = timed.failure("write_large.py")
            if failure:
                log(failure)
                return 1
            info["generated"] = True
            info["generation_wall_seconds"] = timed.wall_seconds
            info["generation_peak_mib"] = timed.peak_mib
            log(f"  written in {timed.wall_seconds:.1f} s, peak {timed.peak_mib or 0:.0f} MiB")
        datasets.append(info)
        truth_q = np.loadtxt(f"{prefix}.truth.Q", ndmin=2)
        out_dir = a.data_dir / "runs" / ds.name
        out_dir.mkdir(parents=True, exist_ok=True)
        these: list[Row] = []
        if "fastmixture2" in tools:
            for seed in seeds:
                these.append(timed_step(f"large fastmixture2 seed {seed}", lambda: run_fastmixture2(
                    peers["fastmixture2"], ds, prefix, out_dir, a.threads, seed, None, truth_q,
                    a.timeout * 4, commands, a.heartbeat)))
        restarts = a.large_restarts or None
        row = timed_step("large popmix", lambda: run_popmix(
            popmix or a.popmix, status, ds, prefix, out_dir, a.threads, restarts, None, truth_q,
            a.timeout * 4, a.heartbeat, commands,
            extra=popmix_args + (["--max-iterations", str(a.large_max_iterations)]
                                 if a.large_max_iterations else [])))
        if row.error is None:
            log("streaming the log-likelihood over the .bed ...")
            timed_step("large popmix loglik evaluation", lambda: evaluate_or_stream(
                row, None, prefix, truth_q, row.tool_loglik))
        these.append(row)
        compare_to_reference(these)
        rows.extend(these)
    else:
        for ds in DATASETS:
            if ds.name not in a.set_names or (a.quick and not ds.quick):
                continue
            try:
                info = timed_step(f"{ds.name}: data", lambda: make_dataset(
                    ds, a.data_dir, python, commands, popmix))
            except (RuntimeError, OSError, ValueError) as error:
                log(str(error))
                rows.append(Row(ds.name, "simulate", "", error=str(error)))
                continue
            datasets.append(info)
            prefix = a.data_dir / ds.name
            out_dir = a.data_dir / "runs" / ds.name
            out_dir.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            data = Genotypes(prefix)
            truth_q = np.loadtxt(f"{prefix}.truth.Q", ndmin=2)
            these = [truth_row(ds, prefix, data, truth_q)]
            steps[f"{ds.name}: load + truth row"] = round(time.perf_counter() - t, 1)
            runners = {"fastmixture": run_fastmixture, "fastmixture2": run_fastmixture2,
                       "adamixture": run_adamixture}
            for tool in PEERS:
                for seed in (seeds if tool in tools else []):
                    these.append(timed_step(f"{ds.name}: {tool} seed {seed}", lambda: runners[tool](
                        peers[tool], ds, prefix, out_dir, a.threads, seed, data, truth_q,
                        a.timeout, commands)))
            for name, flags in (a.variants if "popmix" in tools else []):
                these.append(timed_step(f"{ds.name}: popmix {name}", lambda: run_popmix(
                    popmix or a.popmix, status, ds, prefix, out_dir, a.threads, None, data,
                    truth_q, a.timeout, None, commands, extra=popmix_args + flags,
                    variant=name)))
            compare_to_reference(these)
            rows.extend(these)
        if SCAN_SET in a.set_names and not a.quick:
            ds = next(d for d in DATASETS if d.name == SCAN_DATA)
            try:
                info = make_dataset(ds, a.data_dir, python, commands, popmix)
                if not any(d["name"] == ds.name for d in datasets):
                    datasets.append(info)
            except (RuntimeError, OSError, ValueError) as error:
                rows.append(Row(SCAN_SET, "simulate", "", error=str(error)))
            else:
                prefix = a.data_dir / ds.name
                out_dir = a.data_dir / "runs" / SCAN_SET
                out_dir.mkdir(parents=True, exist_ok=True)
                these = []
                if "fastmixture2" in tools:
                    these.append(timed_step("scan: fastmixture2 --cv", lambda: run_fastmixture2_cv(
                        peers["fastmixture2"], prefix, out_dir, a.scan_populations,
                        a.threads, seeds[0], a.timeout, commands)))
                if "popmix" in tools:
                    these.append(timed_step("scan: popmix", lambda: run_popmix_scan(
                        popmix or a.popmix, status, prefix, a.scan_populations, a.threads,
                        a.timeout * 4, commands, shlex.split(a.scan_args))))
                compare_to_reference(these)
                rows.extend(these)

    meta["load_end"] = load()
    meta["total_seconds"] = round(time.perf_counter() - t_start, 1)
    meta["step_seconds"] = steps
    report = render(meta, rows, datasets, commands)
    report += ("\nStep times (s, evaluation included): "
               + ", ".join(f"{k} {v}" for k, v in steps.items())
               + f"; total {meta['total_seconds']} s.\n")
    print(report)
    if a.docs:
        update_docs(a.docs, docs_summary(meta, rows, a.out))
        log(f"updated {a.docs}")
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(report)
        log(f"wrote {a.out}")
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps({"meta": meta, "datasets": datasets,
                                      "rows": [asdict(r) for r in rows],
                                      "commands": commands}, indent=1) + "\n")
        log(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
