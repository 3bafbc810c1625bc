#!/usr/bin/env bash
# `make cluster-test`: a real SLURM run of a sharded dnp sweep, compared bit for bit with the unsharded run.
#
# Starts a private single-node cluster in a temporary folder (munged, slurmctld, slurmd on free ports, their
# own sockets, state and logs), submits docs/slurm/submit.sh's 3-task array plus its merge job, waits, and
# compares the merged run with the same sweep run directly: sweep.csv byte for byte, result.json apart from
# the wall time and date. Every daemon it started is stopped by its pid on exit, whatever happens.
# Needs root (slurmd); installs slurm-wlm and munge when missing. Takes about half a minute after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "$(id -u)" != 0 ]; then
  echo "cluster-test: slurmd must run as root; run: sudo make cluster-test" >&2
  exit 1
fi
missing=""
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "cluster-test: installing$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

swift build --product dnp >/dev/null
export DNP="$(swift build --show-bin-path)/dnp"

tmp=$(mktemp -d /tmp/dnp-cluster-test.XXXXXX)
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    echo "cluster-test FAILED; daemon and job logs:" >&2
    for f in "$tmp"/*.log "$tmp"/run/*.log; do [ -f "$f" ] && { echo "== $f" >&2; tail -n 20 "$f" >&2; }; done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two free TCP ports for slurmctld and slurmd.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "cluster-test: no free port" >&2
  return 1
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
host=$(hostname -s)

mkdir -p "$tmp/state" "$tmp/spool" "$tmp/run"
head -c 1024 /dev/urandom >"$tmp/munge.key"
chmod 400 "$tmp/munge.key"
munged --foreground --force --key-file="$tmp/munge.key" --socket="$tmp/munge.socket" \
  --pid-file="$tmp/munged.pid" --seed-file="$tmp/munged.seed" --log-file="$tmp/munged.log" \
  </dev/null >>"$tmp/munged.log" 2>&1 &
pids+=($!)

cat >"$tmp/slurm.conf" <<CONF
ClusterName=dnptest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SchedulerType=sched/builtin
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

for _ in $(seq 1 50); do [ -S "$tmp/munge.socket" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" </dev/null >>"$tmp/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" </dev/null >>"$tmp/slurmd.log" 2>&1 &
pids+=($!)

started=$(date +%s)
until sinfo -h -o '%T' 2>/dev/null | grep -q -E '^idle'; do
  if [ $(($(date +%s) - started)) -gt 30 ]; then echo "cluster-test: the node did not come up" >&2; exit 1; fi
  sleep 0.5
done

# A small sweep: 3 values × 3 realizations = 9 items over 3 shards.
sweep=(thermal-mixing sweep --set electrons=4 --set realizations=3 --set sweep_parameter=dipolar_strength
  --set 'sweep_values=["2 MHz", "8 MHz", "15 MHz"]')
cd "$tmp/run"
read -r array merge < <("$repo/docs/slurm/submit.sh" 3 "$tmp/run" "${sweep[@]}")
echo "cluster-test: array job $array, merge job $merge"
"$DNP" "${sweep[@]}" --quiet --output "$tmp/unsharded"

state=""
until [ "$state" = COMPLETED ]; do
  state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
  case "$state" in
  FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | "")
    echo "cluster-test: merge job $merge ended as '${state:-unknown}'" >&2
    exit 1
    ;;
  esac
  if [ $(($(date +%s) - started)) -gt 90 ]; then echo "cluster-test: timed out (merge job $state)" >&2; exit 1; fi
  sleep 0.5
done

for k in 0 1 2; do
  if [ "$(cat "$tmp/run/shard-$k/checkpoints/shard.txt" 2>/dev/null)" != "$k/3" ]; then
    echo "cluster-test: array task $k did not write shard $k/3" >&2
    exit 1
  fi
done
cmp "$tmp/unsharded/sweep.csv" "$tmp/run/merged/sweep.csv"
strip() { grep -v -E '"(wall_time_s|finished)" :' "$1"; }
diff <(strip "$tmp/unsharded/result.json") <(strip "$tmp/run/merged/result.json")
echo "cluster-test: passed in $(($(date +%s) - started)) s (3 shards on SLURM, merged run equals the unsharded run bit for bit)"
