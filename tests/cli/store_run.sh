#!/usr/bin/env bash
# `orgforces run` stores every run (--db, --no-db), and a run killed midway stays visibly
# incomplete with no results.
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"
q() { sqlite3 runs.db "$1"; }

"$bin" run "$hello" -n 16 --seed 7 --set teams.explorers.shielding=0.4 --db runs.db >out.txt 2>err.txt
grep -q "stored as run 1 in runs.db" err.txt || fail "run did not say where it stored: $(cat err.txt)"
[ "$(q "SELECT status || ' ' || seed || ' ' || replicates || ' ' || command FROM runs WHERE id = 1")" = "complete 7 16 run" ] ||
  fail "stored run row: $(q "SELECT * FROM runs")"
q "SELECT overrides FROM runs WHERE id = 1" | grep -q '"teams.explorers.shielding"' || fail "overrides not stored"
[ "$(q "SELECT count(*) FROM series WHERE run_id = 1")" -gt 0 ] || fail "no series stored"
mean=$(q "SELECT mean FROM series WHERE run_id = 1 AND entity = 'explorers' AND measure = 'drift' AND tick = 52")
[ -n "$mean" ] || fail "no drift at the horizon stored"

mkdir nodb && (cd nodb && "$bin" run "$hello" -n 8 --no-db >/dev/null 2>&1)
[ ! -e nodb/orgforces.db ] || fail "--no-db created a database"
mkdir default && (cd default && "$bin" run "$hello" -n 8 >/dev/null 2>&1)
[ -f default/orgforces.db ] || fail "no orgforces.db in the working directory by default"

# Kill a long run after its row is committed: it must stay without results and read as incomplete.
"$bin" run "$flagship" -n 100000 --threads 1 --db runs.db >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  [ "$(q "SELECT count(*) FROM runs WHERE status = 'running'" 2>/dev/null || echo 0)" = 1 ] && break
  sleep 0.05
done
sleep 0.3
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
id=$(q "SELECT max(id) FROM runs")
[ "$(q "SELECT count(*) FROM series WHERE run_id = $id")" = 0 ] || fail "a killed run has results"
"$bin" runs --db runs.db >runs.txt
grep -Eq "^ *$id +incomplete" runs.txt || fail "the killed run is not shown as incomplete: $(cat runs.txt)"
set +e
"$bin" show "$id" --db runs.db >show.txt; code=$?
set -e
[ "$code" = 0 ] && grep -q "no results" show.txt || fail "show of an incomplete run: exit $code"
echo "store_run: ok"
