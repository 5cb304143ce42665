"""Benchmark popmix against two peer Poisson-NMF implementations.

Run from the repository root::

    python bench/bench.py --popmix .build/release/popmix [--quick] \
        [--out docs-table.md] [--json results.json] [--blas-threads N]

What it does:

1. Makes the workloads with ``popmix simulate`` into ``bench/data/`` (skipped
   when the counts file is already there): 180 × 2000 with 3 populations and,
   unless ``--quick``, 1000 × 20000 with 4. The bundled ``data/beetles`` table
   (120 × 300) is the third workload.
2. Times ``popmix scan`` on the beetles and ``popmix fit`` (one restart, each of
   ``--algorithm accelerated``, ``mu`` and ``newton``, with ``--trace``) on each simulated
   table, under ``/usr/bin/time -v`` for wall time and peak memory. Just
   before and just after each plain-MU fit, ``bench/peak.c`` measures the
   machine's peak rate of fused multiply-adds on as many threads.
3. Fits each simulated table with the peers in ``bench/peers.py`` (scikit-learn's
   KL NMF and the course notes' algorithm, "seeds"), each in its own process.
4. Compares: the time popmix takes to reach each peer's final log-likelihood
   (read off its trace) over the peer's whole fit time, the cost per iteration,
   accelerated against plain multiplicative updates, and the plain MU pass
   against the arithmetic limit at the peak measured beside it.

The results go to standard output as a plain table and, on request, to a
Markdown file (``--out``) and a JSON file (``--json``). A missing value (a
failed run, a target never reached) is shown as ``n/a``; nothing here raises
on one.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
PEERS_SCRIPT = BENCH_DIR / "peers.py"
DATA_DIR = Path("bench/data")                 # relative to the repository root
BEETLES = Path("data/beetles.counts.tsv")
TIME_COMMAND = "/usr/bin/time"
PEAK_SOURCE = BENCH_DIR / "peak.c"
PEAK_SECONDS = 0.5                             # per measurement, all threads at once

POPMIX_ALGORITHMS = ("accelerated", "mu", "newton")
PEERS = ("sklearn", "seeds")
PEER_SEED = 0
PEER_MAX_ITER = 20000
POPMIX_SEED = 1
POPMIX_THREADS = 2
SCAN_RANGE = "1-6"

NA = "n/a"


# --------------------------------------------------------------------------
# Workloads
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Workload:
    """A simulated count table to fit with a known number of populations."""

    name: str
    individuals: int
    loci: int
    populations: int
    hybrids: int
    quick: bool                                # part of a --quick run

    @property
    def prefix(self) -> Path:
        return DATA_DIR / self.name

    @property
    def table(self) -> Path:
        return DATA_DIR / f"{self.name}.counts.tsv"

    def simulate_arguments(self) -> list[str]:
        return ["simulate", "--individuals", str(self.individuals),
                "--loci", str(self.loci), "--populations", str(self.populations),
                "--hybrids", str(self.hybrids), "--seed", "1", "--out", str(self.prefix)]


WORKLOADS = (
    Workload("w180x2000", 180, 2000, 3, 18, quick=True),
    Workload("w1000x20000", 1000, 20000, 4, 100, quick=False),
)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------

@dataclass
class Row:
    """One run of one tool on one workload: a line of the results table."""

    workload: str
    tool: str
    algorithm: str
    iterations: int | None = None
    seconds: float | None = None               # fit time (scan: wall time)
    loglik: float | None = None
    peak_mib: float | None = None
    converged: bool | None = None
    wall_seconds: float | None = None          # whole process, loading included
    reach_seconds: dict[str, float | None] = field(default_factory=dict)
    reach_ratio: dict[str, float | None] = field(default_factory=dict)
    machine_gflops: list[float] = field(default_factory=list)  # peak measured before and after (mu)
    note: str = ""
    error: str | None = None


@dataclass
class Timed:
    """A finished process with its wall time and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    wall_seconds: float | None
    peak_kib: int | None

    @property
    def peak_mib(self) -> float | None:
        return None if self.peak_kib is None else self.peak_kib / 1024.0

    def failure(self, what: str) -> str | None:
        """None when the process succeeded, else a line with the tail of stderr."""
        if self.returncode == 0:
            return None
        tail = " | ".join(self.stderr.strip().splitlines()[-4:])
        return f"{what} exited with {self.returncode}: {tail or '(no message)'}"

    def check(self, what: str) -> None:
        """Raise RuntimeError with the tail of stderr when the process failed."""
        message = self.failure(what)
        if message is not None:
            raise RuntimeError(message)


# --------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------

def log(message: str) -> None:
    """Progress goes to standard error, so standard output holds only the results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_elapsed(text: str) -> float | None:
    """Seconds from GNU time's "h:mm:ss" or "m:ss.ss" elapsed time."""
    try:
        seconds = 0.0
        for part in text.strip().split(":"):
            seconds = seconds * 60.0 + float(part)
        return seconds
    except ValueError:
        return None


def parse_time_report(report: str) -> tuple[float | None, int | None]:
    """Wall seconds and peak resident KiB from ``/usr/bin/time -v`` output."""
    wall = re.search(r"Elapsed \(wall clock\) time.*?:\s*(\S+)\s*$", report, re.MULTILINE)
    peak = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", report)
    return (parse_elapsed(wall.group(1)) if wall else None,
            int(peak.group(1)) if peak else None)


def run_timed(command: Sequence[str], env: dict[str, str] | None = None) -> Timed:
    """Run ``command`` under ``/usr/bin/time -v``; without it, time it here (no memory)."""
    if not Path(TIME_COMMAND).exists():
        start = time.perf_counter()
        done = subprocess.run(list(command), capture_output=True, text=True, env=env)
        return Timed(done.returncode, done.stdout, done.stderr,
                     time.perf_counter() - start, None)
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "time.txt"
        done = subprocess.run([TIME_COMMAND, "-v", "-o", str(report_path), *command],
                              capture_output=True, text=True, env=env)
        report = report_path.read_text() if report_path.exists() else ""
    wall, peak = parse_time_report(report)
    return Timed(done.returncode, done.stdout, done.stderr, wall, peak)


def command_output(command: Sequence[str]) -> str | None:
    """Standard output of a quick informational command, or None if it fails."""
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


# --------------------------------------------------------------------------
# Machine and versions
# --------------------------------------------------------------------------

def machine_info() -> dict[str, Any]:
    """CPU model and core counts from ``lscpu``, with the OS and Python versions."""
    fields: dict[str, str] = {}
    for line in (command_output(["lscpu"]) or "").splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    cores = None
    try:
        cores = int(fields["Core(s) per socket"]) * int(fields["Socket(s)"])
    except (KeyError, ValueError):
        pass
    return {
        "cpu_model": fields.get("Model name") or platform.processor() or None,
        "cpus": _int_or_none(fields.get("CPU(s)")) or os.cpu_count(),
        "cores": cores,
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": _package_version("numpy"),
        "scikit_learn": _package_version("scikit-learn"),
    }


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _package_version(name: str) -> str | None:
    from importlib import metadata
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages: other work on the machine skews timings."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def machine_summary(machine: dict[str, Any]) -> str:
    """One line: CPU model and cores."""
    return (f"{machine.get('cpu_model') or NA}, {_fmt(machine.get('cores'))} cores "
            f"({_fmt(machine.get('cpus'))} CPUs)")


# --------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------

def simulate(popmix: str, workload: Workload) -> None:
    """Write the workload's table with ``popmix simulate`` unless it exists."""
    if workload.table.exists():
        log(f"{workload.table} exists; not simulating")
        return
    log(f"simulating {workload.table}")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([popmix, *workload.simulate_arguments()],
                          capture_output=True, text=True)
    if done.returncode != 0 or not workload.table.exists():
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"popmix simulate failed ({done.returncode}): {tail}")


def run_scan(popmix: str) -> Row:
    """Time ``popmix scan`` on the beetles and read the chosen r from its JSON."""
    row = Row(f"beetles {_shape(BEETLES)}", "popmix", f"scan r={SCAN_RANGE}")
    log(f"popmix scan {BEETLES}")
    try:
        timed = run_timed([popmix, "scan", str(BEETLES), "--populations", SCAN_RANGE,
                           "--json", "--threads", str(POPMIX_THREADS), "--quiet"])
        timed.check("popmix scan")
        row.seconds, row.wall_seconds, row.peak_mib = (
            timed.wall_seconds, timed.wall_seconds, timed.peak_mib)
        report = json.loads(timed.stdout)
        chosen = report.get("chosen")
        row.algorithm += f", chose {_fmt(chosen)}"
        row.note = f"chosen populations {chosen}; loglik is the chosen r's"
        for result in report.get("results", []):
            if result.get("populations") == chosen:
                row.loglik = result.get("loglik")
                row.converged = result.get("converged")
    except (RuntimeError, OSError, ValueError, AttributeError) as error:
        row.error = str(error)
    return row


def compile_c(source: Path, flags: Sequence[str], libraries: Sequence[str] = ()) -> str | None:
    """Compile one C file into a temporary folder; the binary's path, or None (logged)."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        log(f"no C compiler for {source.name}")
        return None
    binary = Path(tempfile.mkdtemp(prefix="popmix-bench-")) / source.stem
    done = subprocess.run([compiler, *flags, str(source), "-o", str(binary), *libraries],
                          capture_output=True, text=True)
    if done.returncode != 0:
        log(f"{source.name} did not compile: {done.stderr.strip()[-400:]}")
        return None
    return str(binary)


def build_peak() -> str | None:
    """``peak.c`` built; None (logged) leaves the arithmetic limit unmeasured."""
    return compile_c(PEAK_SOURCE, ["-O2", "-mavx2", "-mfma", "-pthread"])


def record_peak(row: Row, peak: str) -> None:
    """Append one measurement of the machine's peak GFlop/s (all of popmix's threads) to ``row``."""
    done = subprocess.run([peak, str(POPMIX_THREADS), str(PEAK_SECONDS)], capture_output=True, text=True)
    try:
        value = float(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        value = None
    if value is None:
        log(f"peak measurement failed (exit {done.returncode}): {done.stderr.strip()[-200:]}")
    else:
        row.machine_gflops.append(value)


def run_popmix_fit(popmix: str, workload: Workload, algorithm: str, peak: str | None
                   ) -> tuple[Row, list[tuple[float, float]]]:
    """Time one ``popmix fit``; return its row and its trace as (seconds, loglik) pairs.

    For plain MU, the machine's peak (``peak``, the built ``peak.c``) is
    measured just before and just after the fit, for the arithmetic limit.
    """
    row = Row(workload.name, "popmix", algorithm)
    trace: list[tuple[float, float]] = []
    prefix = DATA_DIR / f"{workload.name}.{algorithm}"
    trace_path = DATA_DIR / f"{workload.name}.{algorithm}.trace.tsv"
    summary_path = Path(f"{prefix}.summary.json")
    log(f"popmix fit {workload.table} --algorithm {algorithm}")
    measure = peak is not None and algorithm == "mu"
    if measure:
        record_peak(row, peak)
    try:
        for stale in (summary_path, trace_path):
            stale.unlink(missing_ok=True)
        timed = run_timed([popmix, "fit", str(workload.table),
                           "--populations", str(workload.populations),
                           "--restarts", "1", "--seed", str(POPMIX_SEED),
                           "--threads", str(POPMIX_THREADS), "--quiet",
                           "--algorithm", algorithm, "--trace", str(trace_path),
                           "--out", str(prefix)])
        timed.check("popmix fit")
        row.wall_seconds, row.peak_mib = timed.wall_seconds, timed.peak_mib
        summary = json.loads(summary_path.read_text())
        row.loglik = summary.get("loglik")
        row.iterations = summary.get("iterations")
        row.seconds = summary.get("seconds")
        row.converged = summary.get("converged")
        trace = read_trace(trace_path)
    except (RuntimeError, OSError, ValueError, AttributeError) as error:
        row.error = str(error)
    if measure:
        record_peak(row, peak)
    return row, trace


def run_peer(workload: Workload, method: str, env: dict[str, str] | None) -> Row:
    """Fit the workload with one peer in its own Python process."""
    row = Row(workload.name, method, _peer_algorithm(method))
    log(f"peer {method} on {workload.table}")
    try:
        timed = run_timed([sys.executable, str(PEERS_SCRIPT), str(workload.table),
                           "--populations", str(workload.populations),
                           "--method", method, "--seed", str(PEER_SEED),
                           "--max-iter", str(PEER_MAX_ITER)], env=env)
        timed.check(f"peers.py --method {method}")
        row.wall_seconds = timed.wall_seconds
        lines = timed.stdout.strip().splitlines()
        result = json.loads(lines[-1]) if lines else {}
        row.iterations = result.get("iterations")
        row.seconds = result.get("seconds")
        row.loglik = result.get("loglik")
        row.peak_mib = result.get("peak_mib")
        row.converged = result.get("converged")
    except (RuntimeError, OSError, ValueError, AttributeError) as error:
        row.error = str(error)
    return row


def _peer_algorithm(method: str) -> str:
    return {"sklearn": "KL mu, tol 1e-4", "seeds": "mu, tol 1e-8"}.get(method, method)


def _shape(table: Path) -> str:
    """"rows x columns" of a count table (header line and id column excluded)."""
    try:
        with table.open() as handle:
            columns = len(handle.readline().split()) - 1
            rows = sum(1 for line in handle if line.strip() and not line.startswith("#"))
        return f"{rows}x{columns}"
    except OSError:
        return NA


# --------------------------------------------------------------------------
# Traces and ratios
# --------------------------------------------------------------------------

def read_trace(path: Path, columns: tuple[str, str] = ("seconds", "loglik")) -> list[tuple[float, float]]:
    """Two columns (by default seconds and loglik) of every step in a popmix trace, in file order."""
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    at_first, at_second = (header.index(name) for name in columns)
    steps = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) == len(header):
            steps.append((float(cells[at_first]), float(cells[at_second])))
    return steps


def time_to_reach(trace: Iterable[tuple[float, float]], target: float | None) -> float | None:
    """Seconds of the first trace step whose loglik is at least ``target`` (None if never)."""
    if target is None:
        return None
    for seconds, loglik in trace:
        if loglik >= target:
            return seconds
    return None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def per_iteration(row: Row) -> float | None:
    return ratio(row.seconds, row.iterations)


def compare_with_peers(fits: dict[str, Row], traces: dict[str, list[tuple[float, float]]],
                       peers: dict[str, Row]) -> list[dict[str, Any]]:
    """Fill each popmix row's time-to-reach figures; return the per-algorithm ratios."""
    comparisons = []
    for algorithm, row in fits.items():
        entry: dict[str, Any] = {"workload": row.workload, "algorithm": algorithm}
        for method, peer in peers.items():
            reach = time_to_reach(traces.get(algorithm, []), peer.loglik)
            row.reach_seconds[method] = reach
            row.reach_ratio[method] = ratio(reach, peer.seconds)
            entry[f"reach_ratio_{method}"] = row.reach_ratio[method]
            entry[f"per_iteration_ratio_{method}"] = ratio(per_iteration(row), per_iteration(peer))
        comparisons.append(entry)
    return comparisons


def flops_per_pass(workload: Workload) -> int:
    """A plain pass's arithmetic: (6 r + 1) flops per entry (λ, V/λ, both ratio sums)."""
    return (6 * workload.populations + 1) * workload.individuals * workload.loci


def arithmetic_limits(rows: list[Row]) -> list[dict[str, Any]]:
    """Each plain-MU fit's seconds per pass against flops per pass at the peak measured beside it."""
    by_name = {w.name: w for w in WORKLOADS}
    limits = []
    for row in rows:
        workload = by_name.get(row.workload)
        if row.tool != "popmix" or row.algorithm != "mu" or workload is None:
            continue
        flops = flops_per_pass(workload)
        peak = sum(row.machine_gflops) / len(row.machine_gflops) if row.machine_gflops else None
        limit_ms = ratio(flops / 1e6, peak)             # flops / (GFlop/s) in ms
        pass_ms = ratio(row.seconds * 1000 if row.seconds is not None else None, row.iterations)
        limits.append({"workload": row.workload, "flops_per_pass": flops,
                       "peak_gflops": row.machine_gflops, "limit_ms": limit_ms,
                       "pass_ms": pass_ms, "ratio": ratio(pass_ms, limit_ms)})
    return limits


def compare_algorithms(fits: dict[str, Row]) -> dict[str, Any]:
    """Accelerated against mu on one workload: iteration ratio and loglik difference."""
    fast, plain = fits.get("accelerated"), fits.get("mu")
    workload = (fast or plain).workload if (fast or plain) else NA
    iterations = ratio(fast.iterations if fast else None, plain.iterations if plain else None)
    difference = None
    if fast and plain and fast.loglik is not None and plain.loglik is not None:
        difference = fast.loglik - plain.loglik
    return {"workload": workload, "iterations_ratio": iterations,
            "loglik_difference": difference,
            "seconds_ratio": ratio(fast.seconds if fast else None,
                                   plain.seconds if plain else None)}


# --------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------

MAIN_COLUMNS = ("workload", "tool", "algorithm", "iterations", "seconds", "loglik",
                "peak MiB", "time to reach sklearn's l", "ratio vs sklearn",
                "time to reach seeds' l", "ratio vs seeds")
RATIO_COLUMNS = ("workload", "popmix algorithm",
                 "reach sklearn's l ÷ sklearn time", "reach seeds' l ÷ seeds time",
                 "s/iter ÷ sklearn s/iter", "s/iter ÷ seeds s/iter")
ALGORITHM_COLUMNS = ("workload", "accelerated ÷ mu iterations",
                     "accelerated ÷ mu seconds", "accelerated − mu loglik")
LIMIT_COLUMNS = ("workload", "flops per pass", "peak GFlop/s (before, after)", "limit ms",
                 "mu pass ms", "pass ÷ limit")


def _fmt(value: Any, digits: int = 3) -> str:
    """A cell: "n/a" for None, fixed decimals for floats, str otherwise."""
    if value is None:
        return NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def main_cells(row: Row) -> list[str]:
    algorithm = row.algorithm
    if row.converged is False:
        algorithm += " (not converged)"
    if row.error:
        algorithm += " (failed)"
    return [row.workload, row.tool, algorithm, _fmt(row.iterations), _fmt(row.seconds),
            _fmt(row.loglik, 2), _fmt(row.peak_mib, 1),
            _fmt(row.reach_seconds.get("sklearn")), _fmt(row.reach_ratio.get("sklearn")),
            _fmt(row.reach_seconds.get("seeds")), _fmt(row.reach_ratio.get("seeds"))]


def ratio_cells(entry: dict[str, Any]) -> list[str]:
    return [entry["workload"], entry["algorithm"],
            _fmt(entry.get("reach_ratio_sklearn")), _fmt(entry.get("reach_ratio_seeds")),
            _fmt(entry.get("per_iteration_ratio_sklearn")),
            _fmt(entry.get("per_iteration_ratio_seeds"))]


def algorithm_cells(entry: dict[str, Any]) -> list[str]:
    return [entry["workload"], _fmt(entry.get("iterations_ratio")),
            _fmt(entry.get("seconds_ratio")), _fmt(entry.get("loglik_difference"), 4)]


def limit_cells(entry: dict[str, Any]) -> list[str]:
    peaks = entry.get("peak_gflops") or []
    return [entry["workload"], str(entry["flops_per_pass"]),
            ", ".join(f"{g:.1f}" for g in peaks) or NA, _fmt(entry.get("limit_ms"), 4),
            _fmt(entry.get("pass_ms"), 4), _fmt(entry.get("ratio"), 2)]


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Aligned plain-text table: text columns left, numeric-looking ones right."""
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            numeric = re.fullmatch(r"-?[\d.]+|n/a", cell) is not None
            out.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(columns), rule, *(line(r) for r in rows)])


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """GitHub-flavoured Markdown table; numeric columns right-aligned."""
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    numeric = [all(re.fullmatch(r"-?[\d.]+|n/a", r[i]) for r in rows) and bool(rows)
               for i in range(len(columns))]
    head = "| " + " | ".join(escape(c) for c in columns) + " |"
    align = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(escape(c) for c in r) + " |" for r in rows]
    return "\n".join([head, align, *body])


def preamble(meta: dict[str, Any]) -> list[str]:
    """Machine, date, versions and settings, one fact per line."""
    settings = meta["settings"]
    return [
        f"machine: {machine_summary(meta['machine'])}",
        f"date: {meta['date']}",
        f"load average (1/5/15 min) at start {_fmt_load(meta.get('load_average_start'))}, "
        f"at end {_fmt_load(meta.get('load_average_end'))}",
        f"popmix: {meta['popmix_version'] or NA} ({meta['popmix']})",
        f"python {meta['machine'].get('python') or NA}, numpy {meta['machine'].get('numpy') or NA}, "
        f"scikit-learn {meta['machine'].get('scikit_learn') or NA}",
        f"popmix fit: --restarts 1 --seed {POPMIX_SEED} --threads {POPMIX_THREADS} "
        f"(default tolerance); peers: seed {PEER_SEED}, max-iter {PEER_MAX_ITER}, "
        f"BLAS threads {settings['blas_threads'] or 'library default'}",
    ]


def _fmt_load(load: list[float] | None) -> str:
    return NA if not load else "/".join(f"{value:.2f}" for value in load)


NOTES = [
    "seconds: fit time, table loading excluded (popmix summary `seconds`, peers' own timer); "
    "for the scan, wall time of the whole command.",
    "time to reach X's l: seconds into popmix's fit (from --trace) at which its log-likelihood "
    "first reached X's final one; ratio = that time ÷ X's fit seconds (below 1: popmix gets "
    "there sooner).",
    "peak MiB: maximum resident set size of the whole process (/usr/bin/time -v for popmix, "
    "getrusage for the peers, Python and its libraries included).",
    "arithmetic limit: (6 r + 1) flops per entry and pass at the machine's peak, measured by "
    "bench/peak.c (256-bit fused multiply-adds on every one of popmix's threads at once) just "
    "before and just after the plain-MU fit; the limit takes their mean.",
]


def render(meta: dict[str, Any], rows: list[Row], comparisons: list[dict[str, Any]],
           algorithms: list[dict[str, Any]], markdown: bool) -> str:
    """The whole report, as plain text or Markdown."""
    table = markdown_table if markdown else text_table
    main = table(MAIN_COLUMNS, [main_cells(r) for r in rows])
    ratios = table(RATIO_COLUMNS, [ratio_cells(e) for e in comparisons])
    accel = table(ALGORITHM_COLUMNS, [algorithm_cells(e) for e in algorithms])
    limits = table(LIMIT_COLUMNS, [limit_cells(e) for e in arithmetic_limits(rows)])
    errors = [f"{r.workload} {r.tool} {r.algorithm}: {r.error}" for r in rows if r.error]
    if markdown:
        parts = ["\n".join(f"- {fact}" for fact in preamble(meta)), main,
                 "Ratios (lower is better):", ratios, "Accelerated against plain "
                 "multiplicative updates:", accel, "Plain MU pass against the arithmetic limit:",
                 limits, "\n".join(f"- {n}" for n in NOTES)]
        if errors:
            parts.append("Failures:\n\n" + "\n".join(f"- {e}" for e in errors))
    else:
        parts = ["\n".join(preamble(meta)), main, "ratios (lower is better)", ratios,
                 "accelerated against mu", accel, "plain MU pass against the arithmetic limit",
                 limits, "\n".join(f"* {n}" for n in NOTES)]
        if errors:
            parts.append("failures\n" + "\n".join(errors))
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popmix", required=True, help="path to the popmix binary")
    parser.add_argument("--quick", action="store_true",
                        help="skip the 1000 x 20000 workload")
    parser.add_argument("--out", type=Path, help="write the tables as Markdown here")
    parser.add_argument("--json", type=Path, help="write every result as JSON here")
    parser.add_argument("--blas-threads", type=int,
                        help="threads for the peers' BLAS (OPENBLAS/OMP/MKL_NUM_THREADS); "
                             "default: the libraries' own default")
    return parser.parse_args(argv)


def resolve_popmix(path: str) -> str | None:
    """Absolute path of the popmix binary (a bare name is looked up on PATH)."""
    candidate = Path(path)
    if candidate.exists():
        return str(candidate.absolute())
    found = shutil.which(path)
    return str(Path(found).absolute()) if found else None


def peer_environment(threads: int | None) -> dict[str, str] | None:
    if threads is None:
        return None
    value = str(threads)
    return {**os.environ, "OPENBLAS_NUM_THREADS": value, "OMP_NUM_THREADS": value,
            "MKL_NUM_THREADS": value}


def benchmark_workload(popmix: str, workload: Workload, env: dict[str, str] | None, peak: str | None
                       ) -> tuple[list[Row], list[dict[str, Any]], dict[str, Any]]:
    """Simulate (if needed), fit with popmix and the peers, and compare."""
    try:
        simulate(popmix, workload)
    except (RuntimeError, OSError) as error:
        failed = Row(workload.name, "popmix", "simulate", error=str(error))
        return [failed], [], compare_algorithms({})
    fits: dict[str, Row] = {}
    traces: dict[str, list[tuple[float, float]]] = {}
    for algorithm in POPMIX_ALGORITHMS:
        fits[algorithm], traces[algorithm] = run_popmix_fit(popmix, workload, algorithm, peak)
    peers = {method: run_peer(workload, method, env) for method in PEERS}
    comparisons = compare_with_peers(fits, traces, peers)
    return [*fits.values(), *peers.values()], comparisons, compare_algorithms(fits)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    popmix = resolve_popmix(args.popmix)
    if popmix is None:
        print(f"bench: popmix binary not found: {args.popmix}", file=sys.stderr)
        return 2
    out = args.out.resolve() if args.out else None
    json_out = args.json.resolve() if args.json else None
    os.chdir(REPO_ROOT)                        # every path below is relative to the root

    meta = {
        "popmix": popmix,
        "popmix_version": command_output([popmix, "--version"]),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average_start": _load_average(),
        "settings": {"quick": args.quick, "blas_threads": args.blas_threads,
                     "popmix_seed": POPMIX_SEED, "popmix_threads": POPMIX_THREADS,
                     "peer_seed": PEER_SEED, "peer_max_iter": PEER_MAX_ITER},
    }
    env = peer_environment(args.blas_threads)
    peak = build_peak()
    rows = [run_scan(popmix)]
    comparisons: list[dict[str, Any]] = []
    algorithms: list[dict[str, Any]] = []
    for workload in WORKLOADS:
        if args.quick and not workload.quick:
            continue
        more_rows, more_comparisons, algorithm_entry = benchmark_workload(popmix, workload, env, peak)
        rows += more_rows
        comparisons += more_comparisons
        algorithms.append(algorithm_entry)

    meta["load_average_end"] = _load_average()
    print(render(meta, rows, comparisons, algorithms, markdown=False), end="")
    if out:
        out.write_text(render(meta, rows, comparisons, algorithms, markdown=True))
        log(f"wrote {out}")
    if json_out:
        document = {**meta, "rows": [asdict(r) for r in rows],
                    "ratios": comparisons, "accelerated_vs_mu": algorithms,
                    "arithmetic_limit": arithmetic_limits(rows)}
        json_out.write_text(json.dumps(document, indent=2) + "\n")
        log(f"wrote {json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
