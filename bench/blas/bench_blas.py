"""The plain MU pass as dense BLAS products against popmix's count kernel.

Issue 3 asks to call BLAS (GSL's CBLAS interface, linked against OpenBLAS)
where a dense product is the better tool, and to measure before keeping it.
This builds ``blas_pass.c`` (the pass as three ``dgemm`` and an element-wise
V / Λ), times it on the bench's two shapes with one and two threads, times
popmix's plain MU pass on the same tables in the same run (``--trace``, the
passes after the first evaluation), and prints the ratios as Markdown.

    python3 bench/blas/bench_blas.py --popmix .build/release/popmix

Standard library only; the tables are the bench's (``bench/data``), made
with ``popmix simulate`` when missing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench  # noqa: E402  (the bench's workloads, simulation and trace reader)

SOURCE = Path(__file__).resolve().parent / "blas_pass.c"
# Passes timed: the fastest is kept (BLAS) or the mean after the first
# evaluation is taken (popmix, whose trace has one row per ten passes).
BLAS_PASSES = {"w180x2000": 200, "w1000x20000": 15}
POPMIX_PASSES = {"w180x2000": 2000, "w1000x20000": 150}


def build() -> str:
    """blas_pass.c built against OpenBLAS; the binary's path."""
    binary = bench.compile_c(SOURCE, ["-O2", "-march=native", "-fopenmp"], ["-lopenblas"])
    if binary is None:
        raise SystemExit("bench_blas: blas_pass.c did not build (see above)")
    return binary


def blas_pass_ms(binary: str, workload: bench.Workload, threads: int) -> float:
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run([binary, str(workload.individuals), str(workload.loci), str(workload.populations),
                           str(BLAS_PASSES[workload.name])], capture_output=True, text=True, env=environment,
                          check=True)
    return float(done.stdout.strip())


def popmix_pass_ms(popmix: str, workload: bench.Workload, threads: int) -> float:
    with tempfile.TemporaryDirectory(prefix="popmix-blas-") as folder:
        trace = Path(folder) / "trace.tsv"
        subprocess.run([popmix, "fit", str(workload.table), "--populations", str(workload.populations),
                        "--algorithm", "mu", "--restarts", "1", "--seed", "1", "--threads", str(threads),
                        "--quiet", "--tolerance", "0", "--max-iterations", str(POPMIX_PASSES[workload.name]),
                        "--trace", str(trace), "--out", str(Path(folder) / "fit")],
                       check=True, capture_output=True)
        steps = bench.read_trace(trace, ("pass", "seconds"))
        (p0, t0), (p1, t1) = steps[0], steps[-1]
        return (t1 - t0) / (p1 - p0) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popmix", required=True, help="path to the popmix binary")
    args = parser.parse_args()
    popmix = str(Path(args.popmix).resolve())
    os.chdir(bench.REPO_ROOT)
    binary = build()
    machine = bench.machine_summary(bench.machine_info())
    print(f"Measured {datetime.datetime.now().astimezone().isoformat(timespec='seconds')} on {machine}. "
          "BLAS: the fastest of its passes, which compute no log-likelihood; popmix: plain MU, the mean "
          "pass after its first evaluation, one pass in ten computing the log-likelihood.\n")
    print("| workload | threads | BLAS pass ms | popmix MU pass ms | BLAS ÷ popmix |")
    print("|---|---:|---:|---:|---:|")
    for workload in bench.WORKLOADS:
        bench.simulate(popmix, workload)
        for threads in (1, 2):
            slow = blas_pass_ms(binary, workload, threads)
            fast = popmix_pass_ms(popmix, workload, threads)
            print(f"| {workload.name} | {threads} | {slow:.3f} | {fast:.3f} | {slow / fast:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
