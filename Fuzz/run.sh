#!/usr/bin/env bash
# Runs each fuzz target (built by `make fuzz`) for FUZZ_SECONDS from a copy
# of its committed seed corpus, then prints per target the inputs executed,
# their rate and the crashes found. Exits 1 when any target found one.
#
#   FUZZ_SECONDS   seconds per target (60)
#   FUZZ_TARGETS   which targets, by corpus name (all five)
#   FUZZ_BIN       where the built targets are (.build/release)
#   FUZZ_WORK      the scratch folder, ignored by git (.work)
#
# The committed corpus is never written to: runs grow a copy of it in
# FUZZ_WORK/TARGET/corpus, and findings go to FUZZ_WORK/TARGET/findings.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-count-table plink vcf vcf-gzip vcf-gzipped}
bin=${FUZZ_BIN:-.build/release}
work=${FUZZ_WORK:-.work}

# The executable and the dictionary of each corpus.
binary() {
  case $1 in
    count-table) echo FuzzCountTable ;;
    plink) echo FuzzPLINK ;;
    vcf) echo FuzzVCF ;;
    vcf-gzip) echo FuzzVCFGzip ;;
    vcf-gzipped) echo FuzzVCFGzipped ;;
    *) echo "run.sh: unknown target '$1'" >&2; exit 2 ;;
  esac
}
dictionary() {
  case $1 in
    count-table) echo Dictionaries/count-table.dict ;;
    plink) echo Dictionaries/plink.dict ;;
    *) echo Dictionaries/vcf.dict ;;
  esac
}

# Swift's own backtracer, on by default, is slow on a crash and trips
# AddressSanitizer ("unknown-crash") while it walks the stack; libFuzzer's
# report names the Swift runtime failure and its file:line as well.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

summary=()
failed=0
for target in $targets; do
  executable=$bin/$(binary "$target")
  [ -x "$executable" ] || { echo "run.sh: $executable is not built (run 'make fuzz')" >&2; exit 2; }
  dir=$work/$target
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/findings"
  cp Corpus/"$target"/* "$dir/corpus/"
  echo "== $target: $(basename "$executable") for ${seconds}s (log: Fuzz/$dir/log)"
  # Fork mode, one job at a time: a crash, hang (-timeout) or memory blow-up
  # (-rss_limit_mb) is saved and counted, and fuzzing goes on.
  status=0
  "$executable" "$dir/corpus" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -dict="$(dictionary "$target")" -artifact_prefix="$dir/findings/" \
    >"$dir/log" 2>&1 || status=$?
  # The last progress line: "#RUNS: cov: C ft: F corp: N exec/s: E oom/timeout/crash: O/T/C time: Ss ...".
  last=$(grep -E '^#[0-9]+: cov:' "$dir/log" | tail -n 1 || true)
  runs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$last")
  triple=$(sed -nE 's#.*oom/timeout/crash: ([0-9]+/[0-9]+/[0-9]+).*#\1#p' <<<"$last")
  elapsed=$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")
  cover=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
  runs=${runs:-0}; triple=${triple:-?/?/?}; elapsed=${elapsed:-0}; cover=${cover:-?}
  rate=$(( elapsed > 0 ? runs / elapsed : 0 ))
  saved=$(find "$dir/findings" -type f | wc -l)
  IFS=/ read -r ooms timeouts crashes <<<"$triple"
  if [ "$status" -ne 0 ] || [ "$saved" -gt 0 ] || [ "$triple" != "0/0/0" ]; then failed=1; fi
  # No coverage means a build without -sanitize=fuzzer's instrumentation:
  # the fuzzer would only have mutated blindly.
  if [ "$cover" = "?" ] || [ "$cover" -eq 0 ]; then
    echo "run.sh: $target reports no coverage: is $executable instrumented? (see FUZZ_SANITIZERS in the Makefile)" >&2
    failed=1
  fi
  line=$(printf '%-12s %10s inputs %6s/s  coverage %5s  crashes %s  timeouts %s  ooms %s  saved %s' \
    "$target" "$runs" "$rate" "$cover" "$crashes" "$timeouts" "$ooms" "$saved")
  echo "$line"
  summary+=("$line")
done

echo
echo "== fuzz summary (${seconds}s per target; findings under Fuzz/$work/TARGET/findings)"
printf '%s\n' "${summary[@]}"
exit $failed
