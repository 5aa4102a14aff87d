#!/usr/bin/env bash
# Compare two orbitnet binaries on one workload, in alternation (old, new,
# old, new, …): the development VM's speed drifts by tens of percent within
# minutes, so only runs taken side by side compare. Prints every run and the
# medians of wall and CPU time (user + sys), and checks that both binaries
# wrote byte-identical outputs.
# Usage: bench/compare.sh OLD NEW [WORKLOAD.yaml] [WORKERS] [ROUNDS]
#   defaults: bench/w1.yaml, 2 workers, 5 rounds. Needs GNU time.
set -euo pipefail
old=$1 new=$2
yaml=${3:-bench/w1.yaml} workers=${4:-2} rounds=${5:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  for b in old new; do
    bin=$old; [ "$b" = new ] && bin=$new
    rm -rf "$tmp/$b"
    /usr/bin/time -o "$tmp/t" -f "%e %U %S %M" "$bin" run "$yaml" -o "$tmp/$b" --workers "$workers" --quiet >/dev/null
    read -r wall user sys rss <"$tmp/t"
    cpu=$(echo "$user + $sys" | bc)
    echo "$b $wall $cpu $rss" >>"$tmp/runs"
    printf '%s round %d: wall %s s, CPU %s s, peak RSS %d MiB, load %s\n' "$b" "$r" "$wall" "$cpu" $((rss / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
  done
  diff -rq "$tmp/old" "$tmp/new" >/dev/null || { echo "outputs differ (round $r)"; exit 1; }
done
median() { sort -n | awk '{v[NR]=$1} END{if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
for b in old new; do
  w=$(awk -v b=$b '$1==b{print $2}' "$tmp/runs" | median)
  c=$(awk -v b=$b '$1==b{print $3}' "$tmp/runs" | median)
  echo "$b median: wall $w s, CPU $c s ($yaml, --workers $workers, $rounds runs)"
done
echo "outputs identical"
