#!/usr/bin/env bash
# Performance workloads of the network engine (see README "Performance" and
# docs/performance.md).
# Usage: bench/run.sh [w1|w2|w3|w4|all] [WORKERS]   (default: w1, all cores)
#   w1  Starlink 72×22, top-100 cities, all 4,950 pairs, 200 s at 100 ms
#   w2  Starlink Gen1, top-1000 cities as stations, 4,950 pairs, 1 h at 1 s
#   w3  Gen2 Configuration 1 (29,988 satellites), top-100 cities, 1 h at 1 s
#   w4  Starlink Gen1, top-1000 cities, all 499,500 pairs, 1 h at 1 s
# Prints wall time, CPU time (user + sys), peak RSS and the machine's load
# average (other work on the host inflates both times); needs GNU time
# (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-w1}
workers=${2:-$(nproc)}
go build -o /tmp/orbitnet-bench ./cmd/orbitnet
run() {
  local w=$1
  # W4's exact RTT lists grow to some 2.7 GB live over the hour; a soft
  # memory limit keeps the collector's headroom from doubling that (the
  # lists hold no pointers, so collecting often is cheap). Over the full
  # hour: 3.13 GB peak RSS, 492 s on 2 idle cores (docs/performance.md).
  if [ "$w" = w4 ]; then export GOMEMLIMIT=${GOMEMLIMIT:-3GiB}; fi
  echo "== $w ($(nproc) cores, --workers $workers, load average: $(cut -d' ' -f1-3 /proc/loadavg)${GOMEMLIMIT:+, GOMEMLIMIT=$GOMEMLIMIT})"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$w: wall %e s, CPU %U s user + %S s sys, peak RSS %M KiB" \
      /tmp/orbitnet-bench run "bench/$w.yaml" -o "/tmp/orbitnet-bench-$w" --workers "$workers" --quiet | tail -3
  else
    local t0=$(date +%s.%N)
    /tmp/orbitnet-bench run "bench/$w.yaml" -o "/tmp/orbitnet-bench-$w" --workers "$workers" --quiet | tail -3
    echo "$w: wall $(echo "$(date +%s.%N) - $t0" | bc) s (install GNU time for CPU time and peak RSS)"
  fi
}
case $which in
  all) run w1; run w2; run w3; run w4 ;;
  *) run "$which" ;;
esac
