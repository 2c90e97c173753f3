#!/usr/bin/env bash
# `mpirun -np 2 orgforces run` splits the replicate blocks over 2 ranks and stores results
# bit-identical to one process, also when parameters are drawn per replicate (--uncertain).
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi_run_identical: SKIPPED: mpirun not found (install openmpi-bin to test MPI)"
  exit 0
fi
cd "$tmp"
"$bin" sweep --help >help.txt
if grep -q "this build has no MPI" help.txt; then
  echo "mpi_run_identical: SKIPPED: orgforces was built without MPI"
  exit 0
fi
export ASAN_OPTIONS=detect_leaks=0 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# 44 replicates: 6 blocks, the last one partial.
"$bin" run "$scenario" -n 44 --threads 1 --db one.db >one.txt 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" run "$scenario" -n 44 --threads 1 --db two.db >two.txt 2>two.err ||
  fail "mpirun run failed: $(tail -5 two.err)"
[ "$(sqlite3 two.db "SELECT count(*) || ' ' || max(ranks) FROM runs")" = "1 2" ] || fail "expected one run over 2 ranks"
[ "$(grep -c "replicates in" two.txt)" = 1 ] || fail "more than one rank printed the summary"
"$bin" export 1 --db one.db --csv one 2>/dev/null
"$bin" export 1 --db two.db --csv two 2>/dev/null
for f in series scalars outcomes survival; do
  cmp -s "one/$f.csv" "two/$f.csv" || fail "$f.csv differs between 1 and 2 processes"
done
# Parameters drawn per replicate (--uncertain) from the seed alone: the same bits too.
"$bin" run "$scenario" --uncertain -n 44 --threads 1 --db u1.db >u1.txt 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" run "$scenario" --uncertain -n 44 --threads 1 --db u2.db \
  >u2.txt 2>u2.err || fail "mpirun run --uncertain failed: $(tail -5 u2.err)"
"$bin" export 1 --db u1.db --csv u1 2>/dev/null
"$bin" export 1 --db u2.db --csv u2 2>/dev/null
for f in series scalars; do
  cmp -s "u1/$f.csv" "u2/$f.csv" || fail "$f.csv differs between 1 and 2 processes under --uncertain"
done
"$bin" whatif "$scenario" --set teams.explorers.shielding=0.6 --uncertain -n 40 --threads 1 --no-db --json \
  >w1.json 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" whatif "$scenario" --set teams.explorers.shielding=0.6 \
  --uncertain -n 40 --threads 1 --no-db --json >w2.json 2>w2.err || fail "mpirun whatif --uncertain failed: $(tail -5 w2.err)"
grep -q '"robust"' w1.json || fail "no robust comparison"
cmp -s w1.json w2.json || fail "whatif --uncertain differs between 1 and 2 processes"
echo "mpi_run_identical: ok"
