"""Peer implementations of Poisson NMF, for benchmarking popmix against.

Two peers fit the same model as popmix, V_iμ ~ Poisson(λ_iμ), to a count table
V (individuals × loci):

``sklearn``
    scikit-learn's ``NMF`` with the Kullback-Leibler loss and multiplicative
    updates (``solver="mu"``), random init, sklearn's default tolerance (1e-4,
    checked every ten iterations). Its W and H are in count units, so the fitted
    mean is λ = W H.

``seeds``
    A numpy port of the course notes' algorithm: λ = C (W H) with C_μ the locus
    totals, W's columns summing to one over individuals and H's columns summing
    to one over populations, both updated simultaneously from the same old W, H
    by Lee and Seung's multiplicative rule, until the log-likelihood's relative
    gain per iteration is at most 1e-8.

Both report the same full Poisson log-likelihood of their final fit,
l = Σ V log λ − λ − log Γ(V + 1), with 0 log 0 = 0, so the numbers are directly
comparable with popmix's ``loglik``.

As a command line tool it prints one JSON object::

    python peers.py TABLE --populations R --method sklearn|seeds --seed S --max-iter N

with keys method, populations, seconds (fit time only, table loading
excluded), iterations, loglik, peak_mib (peak resident memory of this process)
and converged.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

try:  # scipy comes with scikit-learn, but the seeds peer does not need it.
    from scipy.special import gammaln as _scipy_gammaln
except ImportError:  # pragma: no cover - exercised only without scipy
    _scipy_gammaln = None

METHODS = ("sklearn", "seeds")
SEEDS_TOLERANCE = 1e-8
DEFAULT_MAX_ITER = 20000


@dataclass
class PeerResult:
    """The outcome of one peer fit, as printed by the command line tool."""

    method: str
    populations: int
    seconds: float
    iterations: int
    loglik: float | None
    peak_mib: float
    converged: bool

    def to_json(self) -> str:
        """One-line JSON; a non-finite log-likelihood becomes null."""
        return json.dumps(asdict(self))


# --------------------------------------------------------------------------
# Reading and scoring
# --------------------------------------------------------------------------

def load_counts(path: str | Path) -> np.ndarray:
    """Read a popmix ``.counts.tsv`` table as a float64 individuals × loci array.

    The first line is a header (``id L001 L002 …``) and the first column holds
    the individuals' ids; both are skipped. Missing (NA) entries are not
    supported by the peers.
    """
    path = Path(path)
    with path.open() as handle:
        header = handle.readline().split()
    n_columns = len(header)
    counts = np.loadtxt(path, skiprows=1, usecols=range(1, n_columns),
                        dtype=np.float64, ndmin=2)
    return counts


def log_factorial_sum(counts: np.ndarray) -> float:
    """Σ log Γ(V + 1) over all entries: the constant term of the likelihood."""
    if _scipy_gammaln is not None:
        return float(_scipy_gammaln(counts + 1.0).sum())
    if np.all(counts == np.round(counts)):
        # Whole counts: look each value up in a table of log k!.
        values = counts.astype(np.int64)
        table = np.array([math.lgamma(k + 1.0) for k in range(int(values.max()) + 1)])
        return float(table[values].sum())
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    return float(lgamma(counts + 1.0).astype(np.float64).sum())


def poisson_loglik(counts: np.ndarray, lam: np.ndarray, log_factorials: float,
                   work: np.ndarray | None = None) -> float:
    """Full Poisson log-likelihood Σ V log λ − λ − log Γ(V + 1), with 0 log 0 = 0.

    ``log_factorials`` is ``log_factorial_sum(counts)``; ``work`` is an optional
    scratch array shaped like ``counts`` (it is overwritten).
    """
    if work is None:
        work = np.empty_like(lam)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log(lam, out=work)
        cross = float(np.dot(counts.ravel(), work.ravel()))
        if math.isnan(cross):
            # Some λ = 0 where V = 0 gave 0 × (−inf); those entries contribute 0.
            positive = counts > 0
            cross = float(np.sum(counts[positive] * work[positive]))
    return cross - float(lam.sum()) - log_factorials


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------
# Peer (a): scikit-learn
# --------------------------------------------------------------------------

def fit_sklearn(counts: np.ndarray, populations: int, seed: int,
                max_iter: int = DEFAULT_MAX_ITER) -> PeerResult:
    """Fit with scikit-learn's KL multiplicative-update NMF; time ``fit_transform`` only."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    model = NMF(n_components=populations, beta_loss="kullback-leibler", solver="mu",
                init="random", random_state=seed, max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        start = time.perf_counter()
        w = model.fit_transform(counts)
        seconds = time.perf_counter() - start
    lam = w @ model.components_
    loglik = poisson_loglik(counts, lam, log_factorial_sum(counts))
    iterations = int(model.n_iter_)
    return PeerResult("sklearn", populations, seconds, iterations, _finite(loglik),
                      peak_mib(), iterations < max_iter)


# --------------------------------------------------------------------------
# Peer (b): the course notes' algorithm
# --------------------------------------------------------------------------

def dirichlet_start(rng: np.random.Generator, individuals: int, loci: int,
                    populations: int) -> tuple[np.ndarray, np.ndarray]:
    """Random W (columns Dirichlet(1) over individuals) and H (columns Dirichlet(1) over populations)."""
    w = rng.dirichlet(np.ones(individuals), size=populations).T
    h = rng.dirichlet(np.ones(populations), size=loci).T
    return np.ascontiguousarray(w), np.ascontiguousarray(h)


def fit_seeds(counts: np.ndarray, populations: int, seed: int,
              max_iter: int = DEFAULT_MAX_ITER,
              tolerance: float = SEEDS_TOLERANCE) -> PeerResult:
    """Fit by the course notes' simultaneous multiplicative updates.

    Loci whose counts are all zero (C_μ = 0) are dropped first, as popmix does:
    they contribute nothing to the likelihood and would make R = V / λ undefined.
    """
    counts = counts[:, counts.sum(axis=0) > 0]
    individuals, loci = counts.shape
    rng = np.random.default_rng(seed)
    w, h = dirichlet_start(rng, individuals, loci, populations)
    totals = counts.sum(axis=0)                      # C_μ
    log_factorials = log_factorial_sum(counts)
    lam = np.empty_like(counts)
    ratio = np.empty_like(counts)

    start = time.perf_counter()
    _expected_counts(w, h, totals, out=lam)
    loglik = poisson_loglik(counts, lam, log_factorials, work=ratio)
    iterations, converged = 0, False
    while iterations < max_iter:
        np.divide(counts, lam, out=ratio)             # R = V / λ
        # (R * C) @ H.T computed as R @ (H * C).T: the same sum, with C folded into
        # the small r × m matrix rather than the n × m one.
        new_w = w * (ratio @ (h * totals).T)
        new_w /= new_w.sum(axis=0)
        new_h = h * (w.T @ ratio)                     # from the same old W
        w, h = new_w, new_h
        _expected_counts(w, h, totals, out=lam)
        previous, loglik = loglik, poisson_loglik(counts, lam, log_factorials, work=ratio)
        iterations += 1
        if loglik - previous <= tolerance * abs(loglik):
            converged = True
            break
    seconds = time.perf_counter() - start
    return PeerResult("seeds", populations, seconds, iterations, _finite(loglik),
                      peak_mib(), converged)


def _expected_counts(w: np.ndarray, h: np.ndarray, totals: np.ndarray,
                     out: np.ndarray) -> np.ndarray:
    """λ = C (W H), C broadcast over each locus's column, written into ``out``."""
    np.matmul(w, h, out=out)
    out *= totals
    return out


def _finite(value: float) -> float | None:
    """The value, or None when it is infinite or NaN (JSON has no such numbers)."""
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def fit(table: str | Path, populations: int, method: str, seed: int = 0,
        max_iter: int = DEFAULT_MAX_ITER) -> PeerResult:
    """Load ``table`` and fit it with the named peer."""
    counts = load_counts(table)
    if method == "sklearn":
        return fit_sklearn(counts, populations, seed, max_iter)
    if method == "seeds":
        return fit_seeds(counts, populations, seed, max_iter)
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line: TABLE --populations R --method M --seed S --max-iter N."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", help="popmix .counts.tsv table (header line, id column)")
    parser.add_argument("--populations", "-p", type=int, required=True)
    parser.add_argument("--method", choices=METHODS, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-iter", type=int, default=DEFAULT_MAX_ITER)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and print the result as one JSON object."""
    args = parse_arguments(argv)
    result = fit(args.table, args.populations, args.method, args.seed, args.max_iter)
    print(result.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
