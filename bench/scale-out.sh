#!/usr/bin/env bash
# Sharded runs on the local Slurm (.ci/slurm-setup.sh start): for each shard
# count, plan, submit the job array with every shard allowed to run at once,
# wait, merge, and check the merge against a single run. Prints and writes
# bench/results/scale-out-WORKLOAD.csv: shards, wall time from submission to
# merged outputs, speed-up over one shard, the slowest shard's wall time,
# peak RSS per shard (max over shards), the merge's wall time and peak RSS,
# the shards' storage (largest shard and all, MiB), the single run's wall
# time and peak RSS, and the load average before and after.
# Usage: bench/scale-out.sh [WORKLOAD [SHARD COUNTS...]]   (default: w2 1 2 4)
# WORKLOAD is bench/WORKLOAD.yaml (w1, w2, w1000), a scenario file's path
# (the results are named after the file) or an embedded scenario. A shorter
# 1,000-city run, for example:
#   sed 's/duration: 1h/duration: 5m/' bench/w1000.yaml > /tmp/w1000-5m.yaml
#   bench/scale-out.sh /tmp/w1000-5m.yaml 1 2 4
# Needs root (or a running Slurm) and GNU time. Note the machine's load: on
# a shared machine the figures measure the neighbours too.
set -euo pipefail
cd "$(dirname "$0")/.."
w=${1:-w2}
shift || true
counts=${*:-1 2 4}
scen=$w
if [ -f "bench/$w.yaml" ]; then
  scen="$PWD/bench/$w.yaml"
elif [ -f "$w" ]; then
  scen=$(realpath "$w")
  w=$(basename "$w" .yaml)
fi
command -v sbatch >/dev/null || { echo "scale-out: Slurm not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }
scontrol ping 2>/dev/null | grep -q 'is UP' || .ci/slurm-setup.sh start
[ -x /usr/bin/time ] || { echo "scale-out: needs GNU time (apt-get install time)" >&2; exit 1; }
bin=/tmp/orbitnet-scale-out/orbitnet
work=/tmp/orbitnet-scale-out/$w
rm -rf "$work" && mkdir -p "$work" bench/results
go build -o "$bin" ./cmd/orbitnet
# the array's tasks run the worker under GNU time, one line per shard
cat > "$work/timed-orbitnet" <<WRAP
#!/bin/sh
exec /usr/bin/time -a -o "$work/shards.\$SLURM_ARRAY_JOB_ID.txt" -f "%e %M" "$bin" "\$@"
WRAP
chmod +x "$work/timed-orbitnet"
echo "== $w on local Slurm, $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -o "$work/single.txt" -f "%e %M" "$bin" run "$scen" -o "$work/single" --quiet >/dev/null
read -r swall srss < "$work/single.txt"
echo "single run: wall ${swall} s, peak RSS $((srss / 1024)) MiB"
csv=bench/results/scale-out-$w.csv
echo "shards,wall_s,speedup,slowest_shard_s,peak_rss_per_shard_mib,merge_s,merge_rss_mib,shard_storage_mib,storage_mib,single_run_s,single_rss_mib,load_before,load_after" > "$csv"
base=""
for n in $counts; do
  plan=$work/plan-$n
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  "$bin" plan "$scen" --shards "$n" -o "$plan" --slurm >/dev/null
  jid=$(ORBITNET=$work/timed-orbitnet sbatch --parsable --wait "$plan/orbitnet.sbatch")
  /usr/bin/time -o "$work/merge-$n.txt" -f "%e %M" "$bin" merge "$plan" -o "$plan/out" --quiet >/dev/null
  t1=$(date +%s.%N)
  [ "$(ls "$work/single")" = "$(ls "$plan/out")" ] || { echo "scale-out: the merge wrote other files than the single run" >&2; exit 1; }
  for f in "$work"/single/*; do cmp -s "$f" "$plan/out/$(basename "$f")" || { echo "scale-out: $(basename "$f") differs from the single run" >&2; exit 1; }; done
  wall=$(echo "$t1 - $t0" | bc)
  [ -z "$base" ] && base=$wall
  read -r mwall mrss < "$work/merge-$n.txt"
  slow=$(awk '{ if ($1 > m) m = $1 } END { print m }' "$work/shards.$jid.txt")
  rss=$(awk '{ if ($2 > m) m = $2 } END { print int(m / 1024) }' "$work/shards.$jid.txt")
  sp=$(echo "scale=2; $base / $wall" | bc)
  # storage: the largest shard folder and all of them
  sbig=$(du -sm "$plan"/parts/shard=* | awk '{ if ($1 > m) m = $1 } END { print m }')
  sall=$(du -sm "$plan/parts" | cut -f1)
  after=$(cut -d' ' -f1 /proc/loadavg)
  printf '%d shards: wall %.1f s (speed-up %s), slowest shard %s s, peak RSS per shard %d MiB, merge %s s / %d MiB, storage %d MiB per shard (%d MiB in all); load %s → %s\n' \
    "$n" "$wall" "$sp" "$slow" "$rss" "$mwall" "$((mrss / 1024))" "$sbig" "$sall" "$load" "$after"
  echo "$n,$wall,$sp,$slow,$rss,$mwall,$((mrss / 1024)),$sbig,$sall,$swall,$((srss / 1024)),$load,$after" >> "$csv"
  rm -rf "$plan/parts"
done
echo "wrote $csv"
