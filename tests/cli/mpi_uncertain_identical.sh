#!/usr/bin/env bash
# `mpirun -np 2 orgforces run --uncertain` and `whatif --uncertain`: parameters drawn per replicate
# from the seed alone give results bit-identical to one process.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi_uncertain_identical: SKIPPED: mpirun not found (install openmpi-bin to test MPI)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$bin" sweep --help >help.txt
if grep -q "this build has no MPI" help.txt; then
  echo "mpi_uncertain_identical: SKIPPED: orgforces was built without MPI"
  exit 0
fi
export ASAN_OPTIONS=detect_leaks=0 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fail() { echo "FAIL: $*" >&2; exit 1; }

# 44 replicates: 6 blocks, the last one partial.
"$bin" run "$scenario" --uncertain -n 44 --threads 1 --db one.db >one.txt 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" run "$scenario" --uncertain -n 44 --threads 1 --db two.db \
  >two.txt 2>two.err || fail "mpirun run --uncertain failed: $(tail -5 two.err)"
"$bin" export 1 --db one.db --csv one 2>/dev/null
"$bin" export 1 --db two.db --csv two 2>/dev/null
for f in series scalars; do
  cmp -s "one/$f.csv" "two/$f.csv" || fail "$f.csv differs between 1 and 2 processes under --uncertain"
done
"$bin" whatif "$scenario" --set teams.explorers.shielding=0.6 --uncertain -n 40 --threads 1 --no-db --json \
  >w1.json 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" whatif "$scenario" --set teams.explorers.shielding=0.6 \
  --uncertain -n 40 --threads 1 --no-db --json >w2.json 2>w2.err || fail "mpirun whatif --uncertain failed: $(tail -5 w2.err)"
grep -q '"robust"' w1.json || fail "no robust comparison"
cmp -s w1.json w2.json || fail "whatif --uncertain differs between 1 and 2 processes"
echo "mpi_uncertain_identical: ok"
