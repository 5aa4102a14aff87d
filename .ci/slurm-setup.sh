#!/usr/bin/env bash
# Starts (or stops) a one-node Slurm cluster on localhost for the tests
# that submit orbitnet's job arrays (cli/slurm_test.go): munged,
# slurmctld and slurmd from Debian's slurm-wlm and munge packages, run as
# root, without cgroups (proctrack/linuxproc, task/none) so it also works
# in containers. Idempotent: "start" does nothing when the controller
# already answers. Usage: slurm-setup.sh start|stop
set -euo pipefail
cmd=${1:-start}
conf=/etc/slurm/slurm.conf
run=/run/orbitnet-slurm
if [ "$(id -u)" != 0 ]; then
  echo "slurm-setup: must run as root" >&2
  exit 1
fi
for b in munged slurmctld slurmd sbatch scontrol; do
  command -v "$b" >/dev/null || { echo "slurm-setup: $b not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

stop() {
  for d in slurmd slurmctld munged; do
    [ -f "$run/$d.pid" ] || continue
    pids=$(cat "$run/$d.pid")
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do # up to 10 s, then SIGKILL
      alive=""
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
      [ -z "$alive" ] && break
      sleep 0.2
    done
    for pid in $alive; do kill -9 "$pid" 2>/dev/null || true; done
    rm -f "$run/$d.pid"
  done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi
if [ "$cmd" != start ]; then
  echo "usage: slurm-setup.sh start|stop" >&2
  exit 2
fi
if [ -f "$conf" ] && timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; then
  exit 0
fi
if [ -f "$conf" ] && ! grep -q "written by orbitnet's .ci/slurm-setup.sh" "$conf"; then
  echo "slurm-setup: $conf exists and was not written by this script; leaving this machine's Slurm alone" >&2
  exit 1
fi
mkdir -p "$run" /var/spool/slurmd /var/spool/slurmctld /var/log/slurm /run/munge /var/lib/munge /var/log/munge
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2/1024*0.8)}' /proc/meminfo)
cat > "$conf" <<CONF
# written by orbitnet's .ci/slurm-setup.sh: a one-node cluster on localhost
ClusterName=orbitnet
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MaxArraySize=100001
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
# a socket left by a munged that was stopped does not answer: start afresh
if ! munge -n </dev/null >/dev/null 2>&1; then
  rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock /run/munge/munged.pid
  runuser -u munge -- munged
  # munged writes its own pid file once it has become a daemon
  for _ in $(seq 1 20); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  cp /run/munge/munged.pid "$run/munged.pid"
fi
fail() {
  echo "slurm-setup: $1 did not start; see /var/log/slurm/" >&2
  tail -n 5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
  exit 1
}
slurmctld -c || fail slurmctld
slurmd || fail slurmd
for _ in $(seq 1 60); do
  if scontrol ping 2>/dev/null | grep -q 'is UP' && sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
    exit 0
  fi
  sleep 0.5
done
fail "the one-node cluster"
