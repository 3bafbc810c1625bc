#!/usr/bin/env bash
# Submits a dnp run as N array tasks plus a merge job that starts when every task has succeeded.
#
#   docs/slurm/submit.sh N RUN_DIR <dnp task and its options>
#   e.g. docs/slurm/submit.sh 20 fig3 reproduce thermal-mixing-fig3-coupling --scale paper
#
# Prints the two job ids; the result is RUN_DIR/merged (result.json, CSV tables, plots). If a task fails,
# the merge job is cancelled: rerun that shard with `dnp <same task and options> --shard K/N --resume
# --output RUN_DIR/shard-K` (its finished items are kept), then `dnp merge RUN_DIR/shard-* --output
# RUN_DIR/merged`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1
run=$2
shift 2
mkdir -p "$run"
array=$(sbatch --parsable --array=0-$((n - 1)) "$here/dnp-array.sbatch" "$run" "$@")
merge=$(sbatch --parsable --dependency=afterok:"${array%%;*}" --kill-on-invalid-dep=yes \
  "$here/dnp-merge.sbatch" "$run")
echo "$array $merge"
