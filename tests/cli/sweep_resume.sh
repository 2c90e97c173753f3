#!/usr/bin/env bash
# Sweeps: a full-factorial grid stores every point; a sweep killed with SIGKILL resumes without
# redoing finished points, and its results equal those of an uninterrupted sweep.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
q() { sqlite3 "$1" "$2"; }

# 3 x 2 grid, summary on stdout and as CSV.
"$bin" sweep "$scenario" --grid teams.explorers.shielding=0:1:3 --grid teams.explorers.leadership=0.02:0.06:2 \
  -n 8 --threads 1 --db grid.db --csv grid.csv >grid.txt 2>grid.err
[ "$(q grid.db "SELECT count(*) FROM sweep_points WHERE sweep_id = 1")" = 6 ] || fail "grid has not 6 points"
[ "$(q grid.db "SELECT count(*) FROM runs WHERE status = 'complete' AND command = 'sweep'")" = 6 ] || fail "not 6 complete runs"
[ "$(($(wc -l <grid.csv) - 1))" = 6 ] || fail "summary CSV has not 6 rows"
head -1 grid.csv | grep -q "teams.explorers.shielding,teams.explorers.leadership" || fail "CSV header lacks the axes"
# Last axis varies fastest; both ends of an axis are exact.
[ "$(sed -n 2p grid.csv | cut -d, -f3,4)" = "0,0.02" ] || fail "first point: $(sed -n 2p grid.csv)"
[ "$(sed -n 3p grid.csv | cut -d, -f3,4)" = "0,0.06" ] || fail "second point: $(sed -n 3p grid.csv)"
[ "$(sed -n 7p grid.csv | cut -d, -f3,4)" = "1,0.06" ] || fail "last point: $(sed -n 7p grid.csv)"
grep -q "point 5 done (6/6)" grid.err || fail "no progress on stderr"
"$bin" runs --sweeps --db grid.db >sweeps.txt
grep -Eq "^ *1 .* 6 +6 " sweeps.txt || fail "runs --sweeps does not show 6/6 done"

# Latin hypercube over the registry range of one parameter: one point per stratum.
"$bin" sweep "$scenario" --sample latin 5 --vary teams.explorers.shielding -n 8 --threads 1 --db lhs.db --csv lhs.csv >/dev/null 2>&1
strata=$(tail -n +2 lhs.csv | cut -d, -f3 | awk '{print int($1 * 5)}' | sort -u | wc -l)
[ "$strata" = 5 ] || fail "Latin hypercube points do not fill 5 strata: $(cat lhs.csv)"

# An uninterrupted reference sweep, then the same sweep killed with SIGKILL midway.
grid=(--grid teams.explorers.shielding=0:1:8 -n 96 --threads 1)
"$bin" sweep "$scenario" "${grid[@]}" --db ref.db --csv ref.csv >/dev/null 2>&1
"$bin" sweep "$scenario" "${grid[@]}" --db killed.db >/dev/null 2>killed.err &
pid=$!
for _ in $(seq 1 600); do
  done_points=$(q killed.db "SELECT count(*) FROM runs WHERE status = 'complete'" 2>/dev/null || echo 0)
  [ "${done_points:-0}" -ge 2 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(q killed.db "SELECT count(*) FROM runs WHERE status = 'complete'")
[ "$before" -ge 2 ] || fail "the sweep did not finish 2 points before the kill"
if [ "$before" -ge 8 ]; then echo "sweep_resume: the sweep finished before the kill; resume check is vacuous" >&2; fi
done_ids=$(q killed.db "SELECT group_concat(p.run_id) FROM sweep_points p JOIN runs r ON r.id = p.run_id WHERE r.status = 'complete' ORDER BY p.point")

"$bin" sweep --resume 1 --db killed.db --csv resumed.csv >/dev/null 2>resume.err
grep -q "resuming, $((8 - before)) of 8 points left" resume.err || fail "resume did not skip the done points: $(head -1 resume.err)"
[ "$(q killed.db "SELECT count(*) FROM sweep_points p JOIN runs r ON r.id = p.run_id WHERE r.status = 'complete'")" = 8 ] ||
  fail "not every point is complete after the resume"
# Finished points kept their runs: nothing was redone.
[ "$(q killed.db "SELECT count(*) FROM runs WHERE status = 'complete'")" = 8 ] || fail "finished points were run again"
for id in ${done_ids//,/ }; do
  [ "$(q killed.db "SELECT count(*) FROM sweep_points WHERE run_id = $id")" = 1 ] || fail "run $id lost its point"
done
# The resumed sweep's figures equal the uninterrupted one's (run ids aside).
diff <(cut -d, -f1,3- ref.csv) <(cut -d, -f1,3- resumed.csv) || fail "resumed results differ from an uninterrupted sweep"

# Bad designs are usage errors before anything is stored.
set +e
"$bin" sweep "$scenario" --grid teams.explorers.shielding=0:1 --db bad.db 2>err.txt; code=$?
set -e
[ "$code" = 2 ] && grep -q "PATH=FROM:TO:STEPS" err.txt || fail "malformed axis: exit $code: $(cat err.txt)"
set +e
"$bin" sweep "$scenario" --grid teams.nobody.shielding=0:1:2 --db bad.db 2>err.txt; code=$?
set -e
[ "$code" = 2 ] || fail "unknown path exited $code"
set +e
"$bin" sweep --resume 42 --db killed.db 2>err.txt; code=$?
set -e
[ "$code" = 2 ] && grep -q "no sweep 42" err.txt || fail "unknown sweep: exit $code"
echo "sweep_resume: ok"
