#!/usr/bin/env bash
# Run ids are never reused after a delete, and a run still running cannot be deleted.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.

for seed in 1 2 3; do "$bin" run "$scenario" -n 4 --threads 1 --seed $seed --db a.db >/dev/null 2>&1; done
"$bin" delete 3 --db a.db 2>/dev/null
"$bin" run "$scenario" -n 4 --threads 1 --seed 9 --db a.db >/dev/null 2>run.err
grep -q "stored as run 4" run.err || fail "the id of a deleted run was reused: $(cat run.err)"
"$bin" show 3 --db a.db >/dev/null 2>&1 && fail "show 3 shows a run after run 3 was deleted"

# A run being written by a live process (this shell) on this host.
sqlite3 a.db "INSERT INTO runs(scenario_name, scenario_hash, seed, replicates, horizon, threads, engine_version, status, started_at, host, pid)
  SELECT scenario_name, scenario_hash, 1, 4, 52, 1, 'x', 'running', '2026-01-01T00:00:00Z', '$(hostname)', $$ FROM runs WHERE id = 1"
live=$(sqlite3 a.db "SELECT max(id) FROM runs")
set +e; "$bin" delete "$live" --db a.db >del.out 2>&1; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "delete removed a running run"
grep -q "running" del.out || fail "delete does not say the run is running: $(cat del.out)"
[ "$(sqlite3 a.db "SELECT status FROM runs WHERE id = $live")" = running ] || fail "the running run is gone"
[ "$failed" = 0 ] || exit 1
echo "ok"
