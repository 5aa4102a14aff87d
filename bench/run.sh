#!/usr/bin/env bash
# Performance workloads of the network engine (see README "Performance").
# Usage: bench/run.sh [w1|w2|all]   (default: w1)
# Prints wall time and peak RSS per workload; needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-w1}
go build -o /tmp/orbitnet-bench ./cmd/orbitnet
run() {
  local w=$1
  echo "== $w ($(nproc) cores)"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$w: wall %e s, peak RSS %M KiB" /tmp/orbitnet-bench run "bench/$w.yaml" -o "/tmp/orbitnet-bench-$w" --quiet | tail -3
  else
    local t0=$(date +%s.%N)
    /tmp/orbitnet-bench run "bench/$w.yaml" -o "/tmp/orbitnet-bench-$w" --quiet | tail -3
    echo "$w: wall $(echo "$(date +%s.%N) - $t0" | bc) s (install GNU time for peak RSS)"
  fi
}
case $which in
  all) run w1; run w2 ;;
  *) run "$which" ;;
esac
