#!/usr/bin/env bash
# The results database from the command line: runs stored by whatif, listed, shown, exported,
# compared, deleted and collected; bad database files give clear errors.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"

# A baseline and a variant with more shielding, stored in ./orgforces.db by default.
"$bin" whatif "$scenario" --set teams.explorers.shielding=0.9 -n 16 --threads 2 >whatif.txt 2>whatif.err
[ -f orgforces.db ] || fail "no orgforces.db in the working directory"
[ "$(sqlite3 orgforces.db "SELECT count(*) FROM runs WHERE status = 'complete'")" = 2 ] || fail "expected 2 complete runs"
[ "$(sqlite3 orgforces.db "PRAGMA journal_mode")" = wal ] || fail "database not in WAL mode"
[ "$(sqlite3 orgforces.db "PRAGMA user_version")" = 3 ] || fail "schema version not 3"
hash=$(sha256sum "$scenario" | cut -d' ' -f1)
[ "$(sqlite3 orgforces.db "SELECT scenario_hash FROM runs WHERE id = 1")" = "$hash" ] || fail "scenario hash is not the file's SHA-256"

"$bin" runs >runs.txt
grep -q "Hello world" runs.txt || fail "runs does not list the scenario"
[ "$(grep -c complete runs.txt)" = 2 ] || fail "runs does not show 2 complete runs"
"$bin" runs --json >runs.json
grep -q '"label": "custom"' runs.json || fail "runs --json lacks the variant label"

"$bin" show 2 >show.txt
grep -q "teams.explorers.shielding=0.9" show.txt || fail "show lacks the override"
grep -q "drift" show.txt || fail "show lacks the drift at the horizon"
"$bin" show 1 --scenario >scenario.txt
cmp -s scenario.txt "$scenario" || fail "show --scenario is not the exact file"

"$bin" export 2 --csv out 2>/dev/null
for f in run series scalars outcomes survival replicate_values; do
  [ -s "out/$f.csv" ] || fail "export wrote no $f.csv"
done
cmp -s out/scenario.yaml "$scenario" || fail "exported scenario differs"
head -1 out/series.csv | grep -q '^entity,measure,tick,mean,ci_lo,ci_hi,q05,q25,q50,q75,q95$' || fail "series.csv header"
rows=$(($(wc -l <out/series.csv) - 1))
[ "$rows" = "$(sqlite3 orgforces.db "SELECT count(*) FROM series WHERE run_id = 2")" ] || fail "series.csv rows differ from the database"
"$bin" export 2 --json >export.json
grep -q '"scenario_text"' export.json || fail "export --json lacks the scenario text"
if "$bin" export 2 >/dev/null 2>&1; then fail "export without --csv/--json succeeded"; fi

# diff: the override, and drift of the shielded team went down.
"$bin" diff 1 2 >diff.txt
grep -q "teams.explorers.shielding" diff.txt || fail "diff lacks the override difference"
grep -q "scenario text: identical" diff.txt || fail "diff should find the same scenario text"
"$bin" diff 1 2 --json >diff.json
change=$(awk '$1 == "explorers" && $2 == "drift" {print $5}' diff.txt)
case "$change" in -*|−*) ;; *) fail "more shielding should lower the explorers' drift (change: '$change')" ;; esac
grep -q '"intervals_separate"' diff.json || fail "diff --json lacks the measures"
# A measure only one run has is shown and marked, not dropped: rename a team in a third run.
sed 's/explorers/pioneers/g' "$scenario" > renamed.yaml
"$bin" run renamed.yaml -n 4 --threads 2 >/dev/null 2>&1
"$bin" diff 1 3 >diff13.txt
grep -Eq '^explorers +drift .*only in run 1' diff13.txt || fail "diff drops a measure only run 1 has: $(grep explorers diff13.txt | head -2)"
grep -Eq '^pioneers +drift .*only in run 3' diff13.txt || fail "diff drops a measure only run 3 has"
"$bin" diff 1 3 --json >diff13.json
python3 -c "
import json, sys
m = [x for x in json.load(open('diff13.json'))['measures'] if x['entity'] == 'pioneers' and x['measure'] == 'drift']
sys.exit(0 if m and m[0]['a'] is None and m[0]['difference'] is None and m[0]['b'] is not None else 1)" \
    || fail "diff --json: a measure only run 3 has should have a = null"

# Errors: unknown run (usage, 2), missing and foreign databases (runtime, 1).
set +e
"$bin" show 99 2>err.txt; code=$?
set -e
[ "$code" = 2 ] || fail "show of a missing run exited $code"
grep -q "no run 99" err.txt || fail "no clear message for a missing run"
set +e
"$bin" runs --db missing.db 2>err.txt; code=$?
set -e
[ "$code" = 1 ] && grep -q "no results database" err.txt || fail "missing database: exit $code"
[ ! -e missing.db ] || fail "runs created a database"
head -c 8192 /dev/urandom >noise.db
set +e
"$bin" runs --db noise.db 2>err.txt; code=$?
set -e
[ "$code" = 1 ] && grep -q "not an orgforces database" err.txt || fail "random bytes: exit $code: $(cat err.txt)"
sqlite3 other.db "CREATE TABLE customers(id INTEGER PRIMARY KEY)"
set +e
"$bin" runs --db other.db 2>err.txt; code=$?
set -e
[ "$code" = 1 ] && grep -q "not an orgforces results database" err.txt || fail "foreign database: exit $code"

# A run left 'running' by a dead process is shown as incomplete and collected by gc.
sqlite3 orgforces.db "INSERT INTO runs(scenario_name, scenario_hash, seed, replicates, horizon, threads, engine_version, status, started_at, host, pid) SELECT scenario_name, scenario_hash, 1, 1, 1, 1, 'x', 'running', '2000-01-01T00:00:00Z', '$(hostname)', 2147483000 FROM runs WHERE id = 1"
"$bin" runs >runs2.txt
grep -q incomplete runs2.txt || fail "a dead running run is not shown as incomplete"
"$bin" gc --older-than 1d 2>gc.txt
grep -q "removed 1 " gc.txt || fail "gc did not remove the incomplete run: $(cat gc.txt)"

"$bin" delete 1 2>/dev/null
[ "$(sqlite3 orgforces.db "SELECT count(*) FROM runs WHERE id = 1")" = 0 ] || fail "delete left the run"
[ "$(sqlite3 orgforces.db "SELECT count(*) FROM series WHERE run_id = 1")" = 0 ] || fail "delete left results"
set +e
"$bin" delete 1 2>/dev/null; code=$?
set -e
[ "$code" = 2 ] || fail "deleting a missing run exited $code"
# A missing run id exits 2 in every command that takes one (docs/exit-codes.md).
for cmd in "show 99" "export 99 --json" "diff 1 99" "diff 99 1" "report --run 99" "delete 99"; do
    set +e
    "$bin" $cmd >/dev/null 2>&1; code=$?
    set -e
    [ "$code" = 2 ] || fail "\`$cmd\` with a missing run exited $code, not 2"
done

# --no-db stores nothing.
mkdir nodb && (cd nodb && "$bin" whatif "$scenario" --set teams.explorers.shielding=0.5 -n 8 --no-db >/dev/null 2>&1)
[ ! -e nodb/orgforces.db ] || fail "--no-db created a database"
echo "store_commands: ok"
