#!/usr/bin/env bash
# A locked database never loses computed work: a writer waits (saying so) while another process
# holds the write lock; past the ceiling (ORGFORCES_DB_WAIT seconds) the results go to a side file
# that `orgforces import` stores later, identical to a run stored directly.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
tmp=$(mktemp -d)
holder=0
trap '[ "$holder" -gt 0 ] && kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; [ -n "${KEEP_GOING:-}" ] || exit 1; }

"$bin" run "$scenario" -n 8 --threads 1 --db a.db >/dev/null 2>&1
# Holds the write lock of a.db for $1 seconds; returns once the lock is taken.
hold_lock() {
  rm -f locked
  python3 - "$1" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect("a.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(float(sys.argv[1]))
c.execute("ROLLBACK")
PY
  holder=$!
  while [ ! -e locked ]; do sleep 0.05; done
}

# 1. The lock goes away while the writer waits: it says it is waiting, then stores the run.
hold_lock 3
ORGFORCES_DB_WAIT=120 "$bin" run "$scenario" -n 8 --threads 1 --seed 5 --db a.db >wait.out 2>wait.err \
  || fail "a writer gave up although the lock went away: $(cat wait.err)"
wait "$holder"; holder=0
grep -q "waiting" wait.err || fail "no visible message while waiting: $(cat wait.err)"
[ "$(sqlite3 a.db "SELECT status FROM runs WHERE seed = 5")" = complete ] || fail "the run that waited is not complete"

# 2. The lock outlasts the ceiling: the results go to a side file, and import stores them.
hold_lock 8
set +e
ORGFORCES_DB_WAIT=1 "$bin" run "$scenario" -n 8 --threads 1 --seed 7 --db a.db >side.out 2>side.err; rc=$?
set -e
wait "$holder"; holder=0
[ "$rc" -ne 0 ] || fail "exit 0 although the run was not stored"
grep -q "orgforces import" side.err || fail "the message does not say how to store the results: $(cat side.err)"
side=$(sed -n 's/.*orgforces import \([^ ]*\).*/\1/p' side.err | head -1)
side=${side%\`}
[ -s "$side" ] || fail "no side file '$side'"
[ "$(sqlite3 a.db "SELECT count(*) FROM runs WHERE seed = 7 AND status = 'complete'")" = 0 ] || fail "the run was stored after all"
"$bin" import "$side" --db a.db 2>import.err || fail "import failed: $(cat import.err)"
id=$(sqlite3 a.db "SELECT id FROM runs WHERE seed = 7 AND status = 'complete'")
[ -n "$id" ] || fail "import did not store a complete run"
"$bin" run "$scenario" -n 8 --threads 1 --seed 7 --db direct.db >/dev/null 2>&1
"$bin" export "$id" --json --db a.db | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps([d["series"], d["scalars"], d["outcomes"], d["survival"], d["horizon_values"]]))' >imported.json
"$bin" export 1 --json --db direct.db | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps([d["series"], d["scalars"], d["outcomes"], d["survival"], d["horizon_values"]]))' >direct.json
cmp -s imported.json direct.json || fail "the imported results differ from a direct run"
"$bin" import "$side" --db a.db 2>/dev/null && fail "the same side file was imported twice"
[ "$(sqlite3 a.db "SELECT count(*) FROM runs WHERE status = 'running'")" = 0 ] || fail "a run row was left running"
[ "$failed" = 0 ] || exit 1
echo "ok"
