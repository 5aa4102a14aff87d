#!/usr/bin/env bash
# Load test of `orbitnet serve` on the loopback interface (docs/api.md, "Load
# limits"): RSS and latency percentiles of /api/route at 256 and 1,024
# concurrent clients, 2,000 concurrent /api/stream clients, and the cost per
# point of /api/rtt, against a real `orbitnet serve starlink-gen1` on
# 127.0.0.1. Bounded: a few requests per client, each at most 60 s, streams
# read for 10 s. Linux only (RSS from /proc).
# Usage: bench/serverload.sh [ORBITNET_BINARY] [serverload flags...]
#   default binary: built from this tree; e.g. bench/serverload.sh /work/baseline/orbitnet
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
[ $# -gt 0 ] && shift
if [ -z "$bin" ]; then
  go build -o /tmp/orbitnet-serverload-bin ./cmd/orbitnet
  bin=/tmp/orbitnet-serverload-bin
fi
go build -o /tmp/orbitnet-serverload ./bench/serverload
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec /tmp/orbitnet-serverload -bin "$bin" -scenario starlink-gen1 -clients 256,1024 -requests 2 \
  -timeout 60s -streams 2000 -stream-for 10s -rtt-points 500,2000 "$@"
