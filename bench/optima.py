#!/usr/bin/env python3
"""How often one popmix run finds the best optimum on genotype sets with competing optima.

Run from the repository root, in the venv that `make bench-optima` builds::

    python bench/optima.py --popmix .build/release/popmix [--threads 1] [--seeds 20] \
        [--policy NAME=FLAGS ...] [--seed-args "--algorithm em"] [--tolerance 0.1] \
        [--sets 1-10] [--tools popmix,fastmixture2] \
        [--out bench/optima-results.md] [--json bench/optima-results.json]

1. Ten data sets built to have several optima (scripts/genotypes/write_large.py
   --sizes, Balding-Nichols, numpy only): K from 5 to 10 populations of
   geometrically falling sizes (the smallest a few individuals), low F_ST
   (0.015-0.03), 250 individuals and 2,000 SNPs, a fifth of the individuals
   admixed with a second population. Written to --data-dir, reused when there.
2. The reference: popmix `fit --restarts 1 --candidate-starts 1 --seed s` for
   s = 1..--seeds (plus --seed-args), each a single start run to its own
   optimum; the best of them is the set's best optimum. Kept in --data-dir and
   reused by later runs with the same command (so policies can be compared
   one run at a time against one reference).
3. Each policy under test (--policy NAME=FLAGS, repeatable; default: popmix's
   defaults): popmix `fit --seed 1 FLAGS`, once per set; and fastmixture2 at
   its defaults (seed 1, also reused when there).
4. Every fit is scored by the same numpy binomial log-likelihood as
   bench/genotypes.py (its code). A run "reaches" the best optimum when its
   log-likelihood is at least the best minus --tolerance (default 0.1
   log-units). To show the tolerance separates optima from convergence noise,
   the seeds are grouped: "same optimum" = Q within 0.01 RMSE of the best
   seed's Q after matching columns; the table gives the spread of l within
   that group and the gap to the best seed outside it.
5. Cost: each policy's CPU time (user + system of the whole process) over the
   CPU time of the single-start fit from the same seed (reference seed 1),
   per set and summed over the sets; CPU time rather than wall time because
   the machine is shared (use --threads 1 to compare policies).

Markdown (stdout, --out) and JSON (--json) with every seed's numbers.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import datetime
import json
import shlex
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ beside the scripts
import genotypes as gb  # noqa: E402  (bench/genotypes.py: timing, reading, scoring)

NA = gb.NA
SAME_Q_RMSE = 0.01      # two fits share an optimum when their Qs are this close
SEED_FLAGS = ["--restarts", "1", "--candidate-starts", "1"]


@dataclass(frozen=True)
class OptimaSet:
    name: str
    individuals: int
    snps: int
    populations: int
    fst: float
    ratio: float        # population k has ratio^k times the first one's members
    seed: int

    def sizes(self) -> list[float]:
        return [self.ratio ** k for k in range(self.populations)]


# K from 5 to 10, two F_ST levels, two size profiles: small, hard sets on
# which random starts end at different optima.
SETS = tuple(
    OptimaSet(f"opt{i + 1:02d}", 250, 2000, k, fst, ratio, seed=100 + i)
    for i, (k, fst, ratio) in enumerate([
        (5, 0.015, 0.5), (5, 0.02, 0.6), (6, 0.015, 0.6), (6, 0.02, 0.7), (7, 0.02, 0.6),
        (7, 0.025, 0.7), (8, 0.02, 0.7), (8, 0.025, 0.75), (9, 0.025, 0.75), (10, 0.03, 0.8)]))
ADMIXED = 0.2


@dataclass
class Fit:
    tool: str
    setting: str
    seed: int
    wall_seconds: float | None = None
    cpu_seconds: float | None = None    # user + system of the whole process
    loglik: float | None = None         # ours
    tool_loglik: float | None = None    # the tool's own report
    q_rmse_to_best: float | None = None
    q_rmse_to_truth: float | None = None
    error: str | None = None
    command: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class SetResult:
    name: str
    spec: dict[str, Any]
    seeds: list[Fit] = field(default_factory=list)
    policies: dict[str, Fit] = field(default_factory=dict)
    fastmixture2: Fit | None = None
    best: float | None = None
    best_seed: int | None = None
    seeds_reaching: int | None = None
    distinct_optima: int | None = None      # seed l values more than the tolerance apart
    same_optimum_spread: float | None = None
    gap_to_other_optimum: float | None = None


def log(message: str) -> None:
    print(f"[bench-optima] {message}", file=sys.stderr, flush=True)


def make_set(spec: OptimaSet, data_dir: Path) -> Path:
    prefix = data_dir / spec.name
    if gb.have_data(prefix):
        return prefix
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(gb.SCRIPTS / "write_large.py"),
               "--individuals", str(spec.individuals), "--snps", str(spec.snps),
               "--populations", str(spec.populations), "--fst", str(spec.fst),
               "--sizes", ",".join(f"{w:.6g}" for w in spec.sizes()),
               "--admixed", str(ADMIXED), "--seed", str(spec.seed), "--out", str(prefix),
               "--quiet"]
    gb.run_timed(command, timeout=600).check(f"write_large.py for {spec.name}")
    return prefix


def score(fit: Fit, data: gb.Genotypes, q_path: Path, p_path: Path, truth_q: np.ndarray) -> None:
    """bench/genotypes.py's evaluation: our log-likelihood, Q RMSE to the truth, and
    notes when the file's P looks flipped or the tool's own l disagrees with ours."""
    row = gb.Row("", fit.tool, fit.setting)
    gb.evaluate(row, data, truth_q, q_path, p_path, fit.tool_loglik)
    fit.loglik, fit.q_rmse_to_truth, fit.error = row.loglik, row.q_rmse, row.error
    fit.notes = row.notes


def run_fit(tool: str, setting: str, seed: int, command: list[str], timeout: float,
            reuse: bool) -> Fit:
    """Runs ``command``, timing its wall clock and its CPU (the children's rusage);
    with ``reuse``, a finished run of the same command (OUT.run.json) is taken instead."""
    fit = Fit(tool, setting, seed, command=shlex.join(command))
    out = Path(command[command.index("--out") + 1])
    record = out.with_name(out.name + ".run.json")
    if reuse and record.exists():
        try:
            kept = json.loads(record.read_text())
            if kept.get("command") == fit.command:
                fit.wall_seconds, fit.cpu_seconds = kept["wall_seconds"], kept["cpu_seconds"]
                return fit
        except (OSError, ValueError, KeyError):
            pass
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        code, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        code, stderr = -9, f"timed out after {timeout} s"
    fit.wall_seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    fit.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code != 0:
        tail = " | ".join(stderr.strip().splitlines()[-4:])
        fit.error = f"{tool} exited with {code}: {tail or '(no message)'}"
    else:
        record.write_text(json.dumps({"command": fit.command, "wall_seconds": fit.wall_seconds,
                                      "cpu_seconds": fit.cpu_seconds}) + "\n")
    return fit


def popmix_fit(popmix: str, spec: OptimaSet, prefix: Path, out: Path, seed: int, threads: int,
               flags: list[str], setting: str, data: gb.Genotypes, truth_q: np.ndarray,
               timeout: float, reuse: bool = False) -> Fit:
    command = [popmix, "fit", "--bfile", str(prefix), "--populations", str(spec.populations),
               "--threads", str(threads), "--seed", str(seed), "--out", str(out), "--quiet",
               *flags]
    fit = run_fit("popmix", setting, seed, command, timeout, reuse)
    if fit.error is None:
        summary = gb.read_summary(Path(f"{out}.{spec.populations}.summary.json"))
        own = gb.find_key(summary, ("loglik",)) if summary else None
        fit.tool_loglik = float(own) if isinstance(own, (int, float)) else None
        k = spec.populations
        score(fit, data, Path(f"{out}.{k}.Q"), Path(f"{out}.{k}.P"), truth_q)
    return fit


def fastmixture2_fit(command_path: str, spec: OptimaSet, prefix: Path, out: Path, threads: int,
                     data: gb.Genotypes, truth_q: np.ndarray, timeout: float,
                     reuse: bool = False) -> Fit:
    command = gb.fastmixture2_command(command_path, prefix, spec.populations, threads, 1, out)
    base = f"{out}.K{spec.populations}.s1"
    fit = run_fit("fastmixture2", "defaults", 1, command, timeout, reuse)
    if fit.error is None:
        scratch = gb.Row(spec.name, "fastmixture2", "")
        fit.tool_loglik, _ = gb.read_fastmixture2_log(scratch, Path(f"{base}.log"))
        score(fit, data, Path(f"{base}.Q"), Path(f"{base}.P"), truth_q)
    return fit


def q_of(fit: Fit, out_dir: Path, k: int) -> np.ndarray | None:
    path = (out_dir / f"seed{fit.seed}.{k}.Q")
    try:
        return np.loadtxt(path, ndmin=2)
    except (OSError, ValueError):
        return None


def summarise(result: SetResult, out_dir: Path, k: int, tolerance: float) -> None:
    """The best seed, how many seeds reach it, and how optima separate."""
    good = [f for f in result.seeds if f.loglik is not None]
    if not good:
        return
    best = max(good, key=lambda f: f.loglik)
    result.best, result.best_seed = best.loglik, best.seed
    result.seeds_reaching = sum(f.loglik >= best.loglik - tolerance for f in good)
    levels = sorted((f.loglik for f in good), reverse=True)
    result.distinct_optima = 1 + sum(a - b > tolerance for a, b in zip(levels, levels[1:]))
    best_q = q_of(best, out_dir, k)
    if best_q is None:
        return
    same, other = [], []
    for f in good:
        q = q_of(f, out_dir, k)
        if q is None:
            continue
        f.q_rmse_to_best = gb.match_columns(q, best_q)[0]
        (same if f.q_rmse_to_best < SAME_Q_RMSE else other).append(f.loglik)
    result.same_optimum_spread = best.loglik - min(same)
    result.gap_to_other_optimum = best.loglik - max(other) if other else None


def compare_q(fit: Fit | None, q_path: Path, best_q: np.ndarray | None) -> None:
    if fit is None or fit.error or best_q is None:
        return
    try:
        fit.q_rmse_to_best = gb.match_columns(np.loadtxt(q_path, ndmin=2), best_q)[0]
    except (OSError, ValueError):
        pass


def reached(fit: Fit | None, result: SetResult, tolerance: float) -> bool | None:
    if fit is None or fit.loglik is None or result.best is None:
        return None
    return fit.loglik >= result.best - tolerance


def single_start_cpu(result: SetResult) -> float | None:
    """The CPU time of the single-start fit from seed 1: the unit of cost."""
    first = next((f for f in result.seeds if f.seed == 1), None)
    return first.cpu_seconds if first else None


def _f(value: Any, fmt: str) -> str:
    return NA if value is None else format(value, fmt)


def render(meta: dict[str, Any], results: list[SetResult], tolerance: float) -> str:
    def verdict(fit: Fit | None, r: SetResult) -> str:
        if fit is None:
            return NA
        if fit.loglik is None:
            return "failed"
        yes = reached(fit, r, tolerance)
        return f"{fit.loglik - r.best:+.2f} ({'yes' if yes else 'no'})"

    def cost(fit: Fit | None, r: SetResult) -> float | None:
        unit = single_start_cpu(r)
        if fit is None or fit.cpu_seconds is None or not unit:
            return None
        return fit.cpu_seconds / unit

    names = list(meta["policies"])
    head = ("| set | n × m, K, F_ST, size ratio | best of seeds | seeds at best | optima "
            "(l levels) | same-optimum spread | gap to next optimum | single start CPU s | "
            + "".join(f"{n}: l − best (reached) | {n}: Q RMSE to best | {n}: CPU × single |"
                      for n in names)
            + " fastmixture2 l − best (reached) | fastmixture2 CPU × single |")
    policy_flags = "; ".join(f"`{n}` = `fit --seed 1 {' '.join(f) or '(defaults)'}`"
                             for n, f in meta["policies"].items())
    lines = [
        "# Competing optima: one popmix run against the best of its seeds",
        "",
        f"- date: {meta['date']}; machine: {meta['machine']}; load average at start "
        f"{meta['load_start']}, at end {meta['load_end']}",
        f"- popmix {meta['popmix_version'] or NA} ({meta['popmix']}); fastmixture2 "
        f"{meta['fastmixture2_version'] or NA}; threads {meta['threads']}",
        f"- seeds: `fit {' '.join(SEED_FLAGS + meta['seed_args'])} --seed s`, s = 1..{meta['seeds']}; "
        f"policies: {policy_flags}; tolerance {tolerance} log-units",
        "",
        head,
        "|" + "|".join(["---"] * 2 + ["---:"] * (8 + 3 * len(names))) + "|",
    ]
    for r in results:
        s = r.spec
        cells = "".join(f" {verdict(r.policies.get(n), r)} | "
                        f"{_f(r.policies[n].q_rmse_to_best if n in r.policies else None, '.4f')} | "
                        f"{_f(cost(r.policies.get(n), r), '.2f')} |" for n in names)
        lines.append(
            f"| {r.name} | {s['individuals']} × {s['snps']:,}, {s['populations']}, {s['fst']}, "
            f"{s['ratio']} | {_f(r.best, '.2f')} | {_f(r.seeds_reaching, 'd')}/{len(r.seeds)} | "
            f"{_f(r.distinct_optima, 'd')} | {_f(r.same_optimum_spread, '.3f')} | "
            f"{_f(r.gap_to_other_optimum, '.2f')} | {_f(single_start_cpu(r), '.2f')} |{cells}"
            f" {verdict(r.fastmixture2, r)} | {_f(cost(r.fastmixture2, r), '.2f')} |")
    count = lambda pick: sum(bool(reached(pick(r), r, tolerance)) for r in results)
    same_q = lambda pick: sum(bool(reached(pick(r), r, tolerance)) or
                              (pick(r) is not None and pick(r).q_rmse_to_best is not None
                               and pick(r).q_rmse_to_best < SAME_Q_RMSE) for r in results)

    def total_cost(pick: Any) -> str:
        fits = [(pick(r), single_start_cpu(r)) for r in results]
        if any(f is None or f.cpu_seconds is None or not u for f, u in fits):
            return NA
        return f"{sum(f.cpu_seconds for f, _ in fits) / sum(u for _, u in fits):.2f}"

    lines += [""]
    lines += [f"- **{n}: reached the best-of-seeds optimum on {count(lambda r: r.policies.get(n))} "
              f"of {len(results)} sets ({same_q(lambda r: r.policies.get(n))} counting a Q within "
              f"{SAME_Q_RMSE} RMSE of the best seed's), CPU {total_cost(lambda r: r.policies.get(n))} "
              f"× the single start's (summed over the sets)**" for n in names]
    if any(r.fastmixture2 for r in results):
        lines += [f"- **fastmixture2: {count(lambda r: r.fastmixture2)} of {len(results)} "
                  f"({same_q(lambda r: r.fastmixture2)} by Q), CPU "
                  f"{total_cost(lambda r: r.fastmixture2)} × popmix's single start**"]
    lines += [""]
    lines += [
        "- l: this script's binomial log-likelihood (bench/genotypes.py's code) from each "
        "tool's .Q and .P; reached = l >= best of seeds − tolerance. A run can exceed the "
        "best of seeds (positive l − best).",
        f"- optima (l levels): the seeds' log-likelihoods cut where neighbours differ by more "
        f"than the tolerance. Same-optimum spread: best − lowest l among seeds whose Q is "
        f"within {SAME_Q_RMSE} RMSE of the best seed's (columns matched): convergence noise. "
        "Gap to next optimum: best − highest l among the other seeds. A tolerance between "
        "the two tells optima apart.",
        f"- Q RMSE to best: the run's Q against the best seed's, columns matched; under "
        f"{SAME_Q_RMSE} = the same optimum whatever the l.",
        "- CPU × single: the whole process's user + system CPU time over that of the "
        "single-start fit from seed 1 on the same set (process start and reading included).",
    ]
    failures = [(r.name, f) for r in results
                for f in [*r.seeds, *r.policies.values(), r.fastmixture2]
                if f is not None and f.error]
    if failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {name} {f.tool} {f.setting} seed {f.seed}: {f.error}" for name, f in failures]
    return "\n".join(lines) + "\n"


def parse_sets(text: str) -> list[OptimaSet]:
    low, _, high = text.partition("-")
    first, last = int(low), int(high or low)
    if not 1 <= first <= last <= len(SETS):
        raise argparse.ArgumentTypeError(f"sets are 1 to {len(SETS)}")
    return list(SETS[first - 1:last])


def parse_policy(text: str) -> tuple[str, list[str]]:
    name, equals, flags = text.partition("=")
    if not equals or not name.strip() or not name.replace("-", "").replace("_", "").isalnum():
        raise argparse.ArgumentTypeError("a policy is NAME=FLAGS, NAME letters, digits, - or _")
    return name.strip(), shlex.split(flags)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popmix", required=True)
    parser.add_argument("--seed-popmix", help="the popmix binary of the reference seeds "
                                              "(default: --popmix), e.g. a fixed build while "
                                              "policies are tried on others")
    parser.add_argument("--fastmixture2", help="the fastmixture2 command (default: beside this "
                                               "Python, else on PATH)")
    parser.add_argument("--data-dir", type=Path, default=Path("bench/data/optima"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=20, help="reference seeds per set")
    parser.add_argument("--sets", type=parse_sets, default=list(SETS),
                        help=f"a range of the {len(SETS)} sets, like 1-3 (default all)")
    parser.add_argument("--policy", type=parse_policy, action="append", default=[],
                        metavar="NAME=FLAGS",
                        help="a policy under test: its name and popmix fit flags, one "
                             "shell-quoted string (repeatable; default: default=, popmix's "
                             "defaults)")
    parser.add_argument("--popmix-args", default=None,
                        help="the flags of a single policy named 'policy' (older spelling)")
    parser.add_argument("--seed-args", default="",
                        help=f"extra flags for the reference seeds (after {' '.join(SEED_FLAGS)})")
    parser.add_argument("--tolerance", type=float, default=0.1,
                        help="log-units below the best that still count as reaching it")
    parser.add_argument("--tools", default="popmix,fastmixture2")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per fit")
    parser.add_argument("--rerun-seeds", action="store_true",
                        help="run the reference seeds and fastmixture2 again even when a "
                             "finished run of the same command is in --data-dir")
    parser.add_argument("--reuse", action="store_true",
                        help="also reuse the policies' finished runs (after a stopped run)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--json", type=Path)
    a = parser.parse_args(argv)
    policies = dict(a.policy)
    if a.popmix_args is not None:
        policies["policy"] = shlex.split(a.popmix_args)
    if not policies:
        policies["default"] = []
    popmix = gb.resolve(a.popmix, "popmix")
    status = gb.popmix_status(popmix)
    if status:
        log(f"{status}: stopping")
        return 1
    seed_popmix = gb.resolve(a.seed_popmix, "popmix") if a.seed_popmix else popmix
    fastmixture2 = gb.resolve(a.fastmixture2, "fastmixture2")
    tools = {t.strip() for t in a.tools.split(",")}
    seed_args = shlex.split(a.seed_args)
    meta: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": gb.machine(), "load_start": gb.load(), "threads": a.threads,
        "popmix": a.popmix, "seed_popmix": a.seed_popmix or a.popmix, "popmix_version": gb.quiet_output([popmix, "--version"]),
        "fastmixture2_version": gb.version_of("fastmixture2"), "seeds": a.seeds,
        "policies": policies, "seed_args": seed_args, "tolerance": a.tolerance,
    }
    results: list[SetResult] = []
    report = ""
    t0 = time.perf_counter()
    for spec in a.sets:
        prefix = make_set(spec, a.data_dir)
        data = gb.Genotypes(prefix)
        truth_q = np.loadtxt(f"{prefix}.truth.Q", ndmin=2)
        out_dir = a.data_dir / "runs" / spec.name
        out_dir.mkdir(parents=True, exist_ok=True)
        result = SetResult(spec.name, asdict(spec))
        log(f"{spec.name}: K = {spec.populations}, {a.seeds} seeds ...")
        k = spec.populations
        if "popmix" in tools:
            for seed in range(1, a.seeds + 1):
                result.seeds.append(popmix_fit(
                    seed_popmix, spec, prefix, out_dir / f"seed{seed}", seed, a.threads,
                    [*SEED_FLAGS, *seed_args], "seed", data, truth_q, a.timeout,
                    not a.rerun_seeds))
            summarise(result, out_dir, k, a.tolerance)
            for name, flags in policies.items():
                result.policies[name] = popmix_fit(popmix, spec, prefix, out_dir / f"policy-{name}",
                                                   1, a.threads, flags, name, data, truth_q,
                                                   a.timeout, a.reuse)
        if "fastmixture2" in tools and fastmixture2:
            result.fastmixture2 = fastmixture2_fit(fastmixture2, spec, prefix,
                                                   out_dir / "fastmixture2", a.threads, data,
                                                   truth_q, a.timeout, not a.rerun_seeds)
        best_q = (q_of(next(f for f in result.seeds if f.seed == result.best_seed), out_dir, k)
                  if result.best_seed is not None else None)
        for name, fit in result.policies.items():
            compare_q(fit, out_dir / f"policy-{name}.{k}.Q", best_q)
        compare_q(result.fastmixture2, Path(f"{out_dir / 'fastmixture2'}.K{k}.s1.Q"), best_q)
        policy_text = ", ".join(f"{n} {_f(f.loglik, '.2f')}" for n, f in result.policies.items())
        log(f"  best {_f(result.best, '.2f')}, {result.seeds_reaching} seeds at it; "
            f"{policy_text}; fastmixture2 "
            f"{_f(result.fastmixture2.loglik if result.fastmixture2 else None, '.2f')}")
        results.append(result)
        # Written after every set, so that a long run stopped early keeps what it did.
        report = write_reports(a, meta, results, t0)
    print(report)
    return 0


def write_reports(a: argparse.Namespace, meta: dict[str, Any], results: list[SetResult],
                  t0: float) -> str:
    meta["load_end"] = gb.load()
    meta["total_seconds"] = round(time.perf_counter() - t0, 1)
    report = render(meta, results, a.tolerance)
    if a.out:
        a.out.write_text(report)
    if a.json:
        a.json.write_text(json.dumps({"meta": meta, "sets": [asdict(r) for r in results]},
                                     indent=1) + "\n")
    return report


if __name__ == "__main__":
    sys.exit(main())
