#!/bin/sh
# A bar plot the size of the 1000 Genomes panel: 2,504 individuals in 26
# groups, ten Q files (K = 2-11, random Dirichlet rows around a main
# component per group). Prints the SVG's size and the wall-clock seconds of
# popmix plot and of rsvg-convert rendering it (best of three each).
set -eu
POPMIX=${1:-.build/release/popmix}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import random, sys
work = sys.argv[1]
rng = random.Random(1)
n, groups = 2504, 26
label = [i * groups // n for i in range(n)]
with open(f"{work}/groups.txt", "w") as f:
    f.write("sample\tpop\n")
    for i in range(n):
        f.write(f"HG{i:05d}\tP{label[i]:02d}\n")
for k in range(2, 12):
    with open(f"{work}/bench.{k}.Q.tsv", "w") as f:
        f.write("id\t" + "\t".join(f"pop{j}" for j in range(k)) + "\n")
        for i in range(n):
            alpha = [0.3] * k
            alpha[label[i] % k] = 4.0
            g = [rng.gammavariate(a, 1) for a in alpha]
            s = sum(g)
            f.write(f"HG{i:05d}\t" + "\t".join(f"{x / s:.6f}" for x in g) + "\n")
PY
# Best of three runs: wall-clock seconds and CPU seconds (user + system) of
# the command; on a busy machine the CPU time is the steadier figure.
best() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
runs = []
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
print("wall %.2f s, CPU %.2f s" % (min(r[0] for r in runs), min(r[1] for r in runs)))
PY
}
plot=$(best "$POPMIX" plot "$WORK"/bench.*.Q.tsv --groups "$WORK/groups.txt" --out "$WORK/bench")
render=$(best rsvg-convert "$WORK/bench.bars.svg" -o "$WORK/bench.png")
echo "2,504 individuals x 10 panels (K = 2-11), 26 groups"
echo "SVG size:        $(wc -c < "$WORK/bench.bars.svg") bytes"
echo "popmix plot:     ${plot} (reading 10 Q files, aligning, drawing, writing)"
echo "rsvg-convert:    ${render} (SVG to PNG)"
echo "load average:    $(cut -d' ' -f1-3 /proc/loadavg)"
