#!/usr/bin/env bash
# Under MPI, a sweep and a what-if over 2 ranks give bit-identical results to one process.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi_sweep_identical: SKIPPED: mpirun not found (install openmpi-bin to test MPI)"
  exit 0
fi
"$bin" sweep --help >"${TMPDIR:-/tmp}/orgforces-sweep-help.$$"
if grep -q "this build has no MPI" "${TMPDIR:-/tmp}/orgforces-sweep-help.$$"; then
  rm -f "${TMPDIR:-/tmp}/orgforces-sweep-help.$$"
  echo "mpi_sweep_identical: SKIPPED: orgforces was built without MPI"
  exit 0
fi
rm -f "${TMPDIR:-/tmp}/orgforces-sweep-help.$$"
export ASAN_OPTIONS=detect_leaks=0 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi=(mpirun --allow-run-as-root --oversubscribe -np 2)
cd "$tmp"

# Sweep: 3 points of 40 replicates (5 blocks each), split over the ranks.
args=(sweep "$scenario" --grid teams.explorers.shielding=0:0.8:3 -n 40 --threads 1)
"$bin" "${args[@]}" --db one.db --csv one.csv >/dev/null 2>one.err
"${mpi[@]}" "$bin" "${args[@]}" --db two.db --csv two.csv >two.out 2>two.err || fail "mpirun sweep failed: $(tail -5 two.err)"
[ "$(sqlite3 two.db "SELECT DISTINCT ranks FROM runs")" = 2 ] || fail "runs do not record 2 ranks"
[ "$(grep -c '^POINT' two.out)" = 1 ] || fail "more than one rank printed the summary"
diff <(cut -d, -f1,3- one.csv) <(cut -d, -f1,3- two.csv) || fail "summaries differ between 1 and 2 processes"
for point in 0 1 2; do
  a=$(sqlite3 one.db "SELECT run_id FROM sweep_points WHERE point = $point")
  b=$(sqlite3 two.db "SELECT run_id FROM sweep_points WHERE point = $point")
  "$bin" export "$a" --db one.db --csv "one-$point" 2>/dev/null
  "$bin" export "$b" --db two.db --csv "two-$point" 2>/dev/null
  for f in series scalars outcomes survival; do
    cmp -s "one-$point/$f.csv" "two-$point/$f.csv" || fail "point $point: $f.csv differs between 1 and 2 processes"
  done
done

# What-if: same comparison from 2 processes.
w=(whatif "$scenario" --set teams.explorers.shielding=0.9 -n 24 --threads 1 --no-db --json)
"$bin" "${w[@]}" >one.json 2>/dev/null
"${mpi[@]}" "$bin" "${w[@]}" >two.json 2>/dev/null || fail "mpirun whatif failed"
cmp -s one.json two.json || fail "whatif differs between 1 and 2 processes"
echo "mpi_sweep_identical: ok"
