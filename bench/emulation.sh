#!/usr/bin/env bash
# The worked example of docs/emulation.md: ping from Kyiv to Frankfurt through
# orbitnet emulate, over lasers (hybrid routing) and bent-pipe, and a plot of
# the measured RTT against the engine's. Needs root and ping (iputils-ping).
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o /tmp/orbitnet-emu ./cmd/orbitnet
out=${1:-/tmp/orbitnet-emulation-example}
mkdir -p "$out"
for mode in hybrid bent-pipe; do
  cat > "$out/kyiv-$mode.yaml" <<YAML
name: kyiv-$mode
start: 2026-02-23T00:00:12Z
duration: 30s
step: 100ms
constellation: {preset: starlink-gen1/550}
ground:
  terminals: {cities: [Kyiv]}
  gateways: {preset: starlink-gateways, only: [Wola Krobowska, Kaunas, Muallim, "Frankfurt, DE", Aerzen]}
  pops: {preset: starlink-pops, only: [Warsaw, Frankfurt]}
links:
  gsl: {policy: slot}
routing: {mode: $mode}
pairs: [[Kyiv, Frankfurt]]
YAML
  /tmp/orbitnet-emu emulate "$out/kyiv-$mode.yaml" --pair Kyiv,Frankfurt --duration 25s --quiet \
    -o "$out/$mode" -- ping -c 40 -i 0.5 '$ORBITNET_PEER' | tee "$out/ping-$mode.txt" | tail -4
done
go run ./bench/emuplot "$out/emulation.png" \
  "lasers (hybrid)" "$out/ping-hybrid.txt" "$out/hybrid/rtt.csv" 0.5 \
  "bent-pipe" "$out/ping-bent-pipe.txt" "$out/bent-pipe/rtt.csv" 0.5
echo "plot: $out/emulation.png"
