#!/usr/bin/env python3
"""Benchmark popmix's genotype mode against fastmixture on simulated PLINK data.

Run from the repository root, in the venv that `make bench-genotypes` builds::

    python bench/genotypes.py --popmix .build/release/popmix --threads 2 \
        [--data-dir bench/data/genotypes] [--quick] [--fm-seeds 1[,2]] \
        [--out bench/genotypes-results.md] [--json bench/genotypes-results.json]
    python bench/genotypes.py --popmix .build/release/popmix --large [...]

Steps (progress and step timings go to standard error):

1. Data sets, made with scripts/genotypes/simulate.py (msprime) when the
   .bed or the truth is missing, then checked with scripts/genotypes/check.py
   (.bed = VCF genotype by genotype): sim600x10k (600 individuals x 10,000
   SNPs, K = 4, seed 1, no missing genotype) and, unless --quick,
   sim800x20k (800 x 20,000, K = 4, seed 2, 1 % missing genotypes).
2. Fits, each under /usr/bin/time -v (wall time, peak resident memory):
   fastmixture with its defaults (`--K 4 --threads T --seed S`) for each seed
   of --fm-seeds (default 1), popmix `fit --bfile ... --populations 4
   --threads T --seed 1 --out ... --quiet` with --restarts 1 and with its
   default restarts (the row names the count popmix reports using).
3. Evaluation with this script's own numpy code on the .bed genotypes g (copies
   of the .bim A1 allele): the binomial log-likelihood
   sum over observed genotypes of g log p + (2 - g) log(1 - p), p = Q P^T
   (without the log binomial coefficient), for each tool's P as its format
   documents it (both: P = frequency of A1) and for the flipped P (1 - P),
   to catch an orientation mistake; the tool's own reported log-likelihood is
   compared with ours. Q is compared with the truth after the best matching of
   columns (all K! permutations, K <= 8): RMSE over the n x K entries and the
   mean absolute error. A "truth" row evaluates the simulation's true Q and
   the sources' pool allele frequencies.
4. A Markdown table (stdout, --out) and every number as JSON (--json),
   together with the exact commands.

--large: makes a 2,500 x 500,000, K = 5 set with scripts/genotypes/write_large.py
(Balding-Nichols, numpy only) if absent and runs only popmix on it (K = 5,
--restarts from --large-restarts, default 1), reporting wall time, peak
memory, Q RMSE to the truth and (streamed) the log-likelihood. Progress is
printed every --heartbeat seconds while popmix runs.

A popmix that is missing, lacks `fit --bfile`, or fails is reported as a
failed row with the reason; the rest of the benchmark still runs.
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


DATASETS = (
    DataSet("sim600x10k", 600, 10_000, 4, 1, 0.0, quick=True),
    DataSet("sim800x20k", 800, 20_000, 4, 2, 0.01, quick=False),
)
LARGE = DataSet("large2500x500k", 2500, 500_000, 5, 1, 0.0, quick=False)


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
    rel_to_fastmixture: float | None = None   # (L - L_fm) / |L_fm|
    q_rmse: float | None = None
    q_mae: float | None = None
    permutation: list[int] | None = None      # truth column matched to each fitted column
    iterations: int | None = None             # the kept fit's (popmix: best restart)
    iterations_total: int | None = None       # all restarts together (popmix)
    converged: bool | None = None
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
                 heartbeat: float | None = None, label: str | None = None) -> bool:
    """Runs ``command`` timed, records its wall time and peak memory in ``row``;
    on failure records the error and returns False."""
    timed = run_timed(command, timeout, heartbeat, label=label or "")
    row.wall_seconds, row.peak_mib = timed.wall_seconds, timed.peak_mib
    failure = timed.failure(what)
    if failure:
        row.error = failure
        log(f"  FAILED: {failure}")
        return False
    log(f"  {timed.wall_seconds:.1f} s, peak {timed.peak_mib or 0:.0f} MiB")
    return True


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
    """Q RMSE and MAE to the truth under the best column permutation (exhaustive)."""
    k = truth.shape[1]
    if q.shape != truth.shape:
        raise ValueError(f"Q is {q.shape}, truth {truth.shape}")
    if k > 8:
        raise ValueError("exhaustive matching is for K <= 8")
    best, best_perm = math.inf, None
    for perm in itertools.permutations(range(k)):
        mse = float(((q - truth[:, perm]) ** 2).mean())
        if mse < best:
            best, best_perm = mse, perm
    mae = float(np.abs(q - truth[:, best_perm]).mean())
    return math.sqrt(best), mae, list(best_perm)


def evaluate(row: Row, data: Genotypes, truth_q: np.ndarray, q_path: Path, p_path: Path,
             tool_loglik: float | None) -> None:
    try:
        q = np.loadtxt(q_path, ndmin=2)
        p = np.loadtxt(p_path, ndmin=2)
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


def make_dataset(ds: DataSet, data_dir: Path, python: str, commands: list[str]
                 ) -> dict[str, Any]:
    prefix = data_dir / ds.name
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
               commands: list[str], extra: Sequence[str] = ()) -> Row:
    setting = f"--restarts {restarts}" if restarts else "default restarts"
    tag = f"popmix.r{restarts}" if restarts else "popmix.default"
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
    summary = read_summary(Path(f"{out}.summary.json"))
    own = None
    if summary is None:
        row.notes.append(f"no readable {out}.summary.json")
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
        if restarts is None and isinstance(used, int):
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
    command = [fastmixture or "fastmixture", "--bfile", str(prefix), "--K", str(ds.populations),
               "--threads", str(threads), "--seed", str(seed), "--out", str(out)]
    row = Row(ds.name, "fastmixture", f"seed {seed}", command=shlex.join(command))
    commands.append(row.command)
    if fastmixture is None:
        row.error = "fastmixture not found (pip install fastmixture)"
        return row
    log(f"fastmixture seed {seed} on {ds.name} ...")
    if not run_into_row(row, command, timeout, "fastmixture"):
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


def truth_row(ds: DataSet, prefix: Path, data: Genotypes, truth_q: np.ndarray) -> Row:
    row = Row(ds.name, "truth", "true Q, pool P")
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

COLUMNS = ("data set", "tool", "setting", "wall s", "peak MiB", "binomial loglik",
           "rel. to fastmixture", "Q RMSE", "Q MAE", "iterations")


def _f(value: Any, fmt: str) -> str:
    return NA if value is None else format(value, fmt)


def cells(row: Row) -> list[str]:
    if row.error and row.loglik is None:
        return [row.dataset, row.tool, row.setting, _f(row.wall_seconds, ".1f"),
                _f(row.peak_mib, ".0f"), "failed", NA, NA, NA, NA]
    iters = NA if row.iterations is None else (
        f"{row.iterations}"
        + (f" (all restarts {row.iterations_total})"
           if row.iterations_total not in (None, row.iterations) else "")
        + ("" if row.converged in (None, True) else " (not converged)"))
    return [row.dataset, row.tool, row.setting, _f(row.wall_seconds, ".1f"),
            _f(row.peak_mib, ".0f"), _f(row.loglik, ".1f"),
            _f(row.rel_to_fastmixture, "+.2e"), _f(row.q_rmse, ".4f"), _f(row.q_mae, ".4f"),
            iters]


def markdown_table(rows: list[Row]) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    align = "|" + "|".join(["---"] * 3 + ["---:"] * (len(COLUMNS) - 3)) + "|"
    return "\n".join([head, align, *("| " + " | ".join(cells(r)) + " |" for r in rows)])


NOTES = [
    "wall s, peak MiB: /usr/bin/time -v of the whole command (loading the .bed included).",
    "binomial loglik: this script's numpy, over observed genotypes, sum of g log p + (2 - g) "
    "log(1 - p) with p = Q P^T from the tool's output files (6 decimals), g = copies of the "
    ".bim A1 allele, P read as the A1 frequency (both tools document that); no binomial "
    "coefficient. The flipped P (1 - P) is evaluated too and flagged if it fits better.",
    "rel. to fastmixture: (L - L_fastmixture) / |L_fastmixture| on the same data set, "
    "fastmixture's first seed; positive = higher likelihood than fastmixture.",
    "Q RMSE / MAE: against the simulation's realised ancestry proportions, after the best "
    "of the K! column permutations.",
    "iterations: fastmixture's EM iterations from its log (mini-batch epochs count as one); "
    "popmix's from its summary.json: the best restart's, with all restarts' sum in "
    "brackets. Not comparable between tools (different passes).",
    "truth row: the true Q with each source's allele frequency in the simulated pool; a fit "
    "can exceed it (it fits the sample, the truth does not).",
]


def render(meta: dict[str, Any], rows: list[Row], datasets: list[dict[str, Any]],
           commands: list[str]) -> str:
    lines = [f"# popmix genotype mode against fastmixture ({'large' if meta['large'] else 'simulated'})",
             "",
             f"- date: {meta['date']}; machine: {meta['machine']}",
             f"- load average (1/5/15 min) at start {meta['load_start']}, at end {meta['load_end']}",
             f"- popmix: {meta['popmix']} ({meta['popmix_version'] or NA}); "
             f"fastmixture {meta['fastmixture_version'] or NA}; msprime "
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
        lines.append(f"- {d['name']}: {d['individuals']} individuals x {d['snps']:,} SNPs, "
                     f"K = {d['populations']}, seed {d['seed']}, missing {d['missing']:.0%}"
                     f"{kinds_text}{fst_text}; {gen}.")
    lines += ["", markdown_table(rows), ""]
    lines += [f"- {n}" for n in NOTES]
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
    parser.add_argument("--fastmixture", help="the fastmixture command (default: beside this "
                                              "Python, else on PATH)")
    parser.add_argument("--data-dir", type=Path, default=Path("bench/data/genotypes"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fm-seeds", default="1", help="fastmixture seeds, comma-separated")
    parser.add_argument("--quick", action="store_true", help="only the 600 x 10,000 set")
    parser.add_argument("--large", action="store_true",
                        help="only the 2,500 x 500,000 K = 5 memory test, popmix alone")
    parser.add_argument("--large-restarts", type=int, default=1,
                        help="popmix --restarts in --large mode (0: popmix's default)")
    parser.add_argument("--tools", default="fastmixture,popmix",
                        help="which tools to run (comma-separated; default both)")
    parser.add_argument("--large-max-iterations", type=int,
                        help="pass --max-iterations N to popmix in --large mode (a shorter "
                             "memory test; the row then shows the cap)")
    parser.add_argument("--no-popmix-default", action="store_true",
                        help="skip popmix with its default restarts")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per fit")
    parser.add_argument("--heartbeat", type=float, default=60.0,
                        help="seconds between progress lines in --large mode")
    parser.add_argument("--out", type=Path, help="Markdown report")
    parser.add_argument("--json", type=Path, help="JSON results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    a = parse_arguments(argv)
    t_start = time.perf_counter()
    popmix = resolve(a.popmix, "popmix")
    status = popmix_status(popmix)
    if status:
        log(f"WARNING: {status} ({a.popmix}); popmix rows will be marked failed")
    fastmixture = resolve(a.fastmixture, "fastmixture")
    commands: list[str] = []
    rows: list[Row] = []
    datasets: list[dict[str, Any]] = []
    steps: dict[str, float] = {}
    python = sys.executable
    tools = {t.strip() for t in a.tools.split(",") if t.strip()}
    meta: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(), "load_start": load(), "threads": a.threads,
        "popmix": a.popmix, "large": a.large,
        "popmix_version": (quiet_output([popmix, "--version"]) if popmix else None),
        "fastmixture_version": version_of("fastmixture"),
        "msprime_version": version_of("msprime"),
    }

    if a.large:
        ds = LARGE
        prefix = a.data_dir / ds.name
        command = [python, str(SCRIPTS / "write_large.py"), "--individuals", str(ds.individuals),
                   "--snps", str(ds.snps), "--populations", str(ds.populations),
                   "--seed", str(ds.seed), "--out", str(prefix)]
        commands.append(shlex.join(command))
        info: dict[str, Any] = {**asdict(ds), "name": ds.name, "prefix": str(prefix)}
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
        restarts = a.large_restarts or None
        t = time.perf_counter()
        row = run_popmix(popmix or a.popmix, status, ds, prefix, out_dir, a.threads, restarts, None, truth_q,
                         a.timeout * 4, a.heartbeat, commands,
                         extra=(["--max-iterations", str(a.large_max_iterations)]
                                if a.large_max_iterations else []))
        steps["large popmix"] = round(time.perf_counter() - t, 1)
        if row.error is None:
            log("streaming the log-likelihood over the .bed ...")
            t = time.perf_counter()
            data = Genotypes(prefix, in_memory=False)
            evaluate(row, data, truth_q, Path(row.q_path), Path(row.p_path), row.tool_loglik)
            steps["large loglik evaluation"] = round(time.perf_counter() - t, 1)
        rows.append(row)
    else:
        for ds in DATASETS:
            if a.quick and not ds.quick:
                continue
            t = time.perf_counter()
            try:
                info = make_dataset(ds, a.data_dir, python, commands)
            except RuntimeError as error:
                log(str(error))
                rows.append(Row(ds.name, "simulate.py", "", error=str(error)))
                continue
            datasets.append(info)
            steps[f"{ds.name}: data"] = round(time.perf_counter() - t, 1)
            prefix = a.data_dir / ds.name
            out_dir = a.data_dir / "runs" / ds.name
            out_dir.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            data = Genotypes(prefix)
            truth_q = np.loadtxt(f"{prefix}.truth.Q", ndmin=2)
            these = [truth_row(ds, prefix, data, truth_q)]
            steps[f"{ds.name}: load + truth row"] = round(time.perf_counter() - t, 1)
            fm_seeds = [int(s) for s in a.fm_seeds.split(",") if s.strip()]
            for seed in (fm_seeds if "fastmixture" in tools else []):
                t = time.perf_counter()
                these.append(run_fastmixture(fastmixture, ds, prefix, out_dir, a.threads, seed,
                                             data, truth_q, a.timeout, commands))
                steps[f"{ds.name}: fastmixture seed {seed}"] = round(time.perf_counter() - t, 1)
            for restarts in ([] if "popmix" not in tools else
                             [1] if a.no_popmix_default else [1, None]):
                t = time.perf_counter()
                these.append(run_popmix(popmix or a.popmix, status, ds, prefix, out_dir, a.threads, restarts,
                                        data, truth_q, a.timeout, None, commands))
                steps[f"{ds.name}: popmix {'r1' if restarts else 'default'}"] = \
                    round(time.perf_counter() - t, 1)
            reference = next((r for r in these if r.tool == "fastmixture" and r.loglik is not None),
                             None)
            for r in these:
                if reference is not None and r.loglik is not None:
                    r.rel_to_fastmixture = (r.loglik - reference.loglik) / abs(reference.loglik)
            rows.extend(these)

    meta["load_end"] = load()
    meta["total_seconds"] = round(time.perf_counter() - t_start, 1)
    meta["step_seconds"] = steps
    report = render(meta, rows, datasets, commands)
    report += ("\nStep times (s, evaluation included): "
               + ", ".join(f"{k} {v}" for k, v in steps.items())
               + f"; total {meta['total_seconds']} s.\n")
    print(report)
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
