#!/usr/bin/env bash
# The speed-up of --workers 2 (or N) over --workers 1 for one binary on one
# workload. The development VM's speed drifts by tens of percent within
# minutes, so the two worker counts run in alternation (1, N, 1, N, …) and
# each adjacent pair gives one ratio; prints every run, every pair's ratio,
# the median of the ratios and the ratio of the medians, and checks that
# both worker counts wrote byte-identical outputs.
# Usage: bench/speedup.sh [BINARY] [WORKLOAD.yaml] [WORKERS] [ROUNDS]
#   defaults: a fresh build, bench/w1.yaml, 2 workers, 7 rounds. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
yaml=${2:-bench/w1.yaml} workers=${3:-2} rounds=${4:-7}
if [ -z "$bin" ]; then
  bin=/tmp/orbitnet-speedup
  go build -o "$bin" ./cmd/orbitnet
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # workers → wall seconds; the output goes to $tmp/w$1
  rm -rf "$tmp/w$1"
  /usr/bin/time -o "$tmp/t" -f "%e %U %S" "$bin" run "$yaml" -o "$tmp/w$1" --workers "$1" --quiet >/dev/null
  read -r wall user sys <"$tmp/t"
  echo "$wall $(echo "$user + $sys" | bc)"
}
median() { sort -n | awk '{v[NR]=$1} END{if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }
for r in $(seq "$rounds"); do
  read -r w1 c1 < <(run 1)
  read -r wn cn < <(run "$workers")
  ratio=$(echo "scale=3; $w1 / $wn" | bc)
  printf 'round %d: 1 worker %s s (CPU %s s), %d workers %s s (CPU %s s): speed-up %s, load %s\n' \
    "$r" "$w1" "$c1" "$workers" "$wn" "$cn" "$ratio" "$(cut -d' ' -f1 /proc/loadavg)"
  echo "$w1 $wn $ratio" >>"$tmp/runs"
  diff -rq "$tmp/w1" "$tmp/w$workers" >/dev/null || { echo "outputs differ between 1 and $workers workers (round $r)"; exit 1; }
done
m1=$(cut -d' ' -f1 "$tmp/runs" | median)
mn=$(cut -d' ' -f2 "$tmp/runs" | median)
mr=$(cut -d' ' -f3 "$tmp/runs" | median)
echo "median: 1 worker $m1 s, $workers workers $mn s; ratio of medians $(echo "scale=3; $m1 / $mn" | bc), median of ratios $mr ($yaml, $rounds rounds)"
echo "outputs identical"
