#!/usr/bin/env bash
# Ctrl-C (SIGINT) and SIGTERM stop `run`, `whatif` and `sweep` cleanly: exit 130 (143 for
# SIGTERM), a message naming the run marked incomplete, an intact database, no half-written results.
. "$(dirname "$0")/lib/setup.sh"
# Job control: background commands of a script otherwise start with SIGINT ignored, and
# orgforces (rightly) keeps a signal ignored at startup ignored.
set -m
cd "$tmp"
q() { sqlite3 runs.db "$1"; }

# Waits until `count` runs are 'running' (their rows are committed), then a little longer.
wait_running() {
  local want=$1
  for _ in $(seq 1 400); do
    [ "$(q "SELECT count(*) FROM runs WHERE status = 'running'" 2>/dev/null || echo 0)" -ge "$want" ] && { sleep 0.3; return 0; }
    sleep 0.05
  done
  fail "no run started"
}

# interrupt SIGNAL EXPECTED_CODE COMMAND...: starts the command, signals it once a run is running.
interrupt() {
  local sig=$1 want=$2
  shift 2
  "$bin" "$@" --db runs.db >out.txt 2>err.txt &
  local pid=$! code=0
  wait_running 1
  kill "-$sig" "$pid"
  # A command that ignores the signal would run for minutes: give it 20 s, then fail.
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fail "$1 did not stop within 20 s of SIG$sig"; fi
  wait "$pid" || code=$?
  [ "$code" = "$want" ] || fail "$1 after SIG$sig: exit $code, want $want; stderr: $(cat err.txt)"
  local id
  id=$(q "SELECT max(id) FROM runs")
  grep -Eq "orgforces: interrupted; runs? ([0-9]+, )*$id marked incomplete" err.txt ||
    fail "$1: no interruption message naming run $id: $(cat err.txt)"
  [ "$(q "PRAGMA integrity_check")" = ok ] || fail "$1: integrity_check after SIG$sig"
  [ "$(q "SELECT count(*) FROM runs WHERE status = 'running'")" = 0 ] || fail "$1: a run is still 'running'"
  [ "$(q "SELECT status FROM runs WHERE id = $id")" = incomplete ] || fail "$1: run $id not incomplete"
  [ "$(q "SELECT count(*) FROM series WHERE run_id = $id")" = 0 ] || fail "$1: interrupted run $id has results"
  "$bin" runs --db runs.db >runs.txt
  grep -Eq "^ *$id +incomplete" runs.txt || fail "$1: run $id not listed as incomplete: $(cat runs.txt)"
  echo "$1 SIG$sig -> exit $code, run $id incomplete"
}

interrupt INT 130 run "$flagship" -n 200000 --threads 2
interrupt TERM 143 run "$flagship" -n 200000 --threads 1
interrupt INT 130 whatif "$flagship" -n 200000 --threads 2
interrupt INT 130 sweep "$flagship" -n 200000 --threads 2 --grid teams.frontier.shielding=0.2:0.8:3
grep -q -- "--resume" err.txt || fail "an interrupted sweep does not say how to resume: $(cat err.txt)"

# A run that finishes is not affected by the handler.
"$bin" run "$ORGFORCES_SRC/scenarios/hello-world.yaml" -n 8 --db runs.db >/dev/null 2>&1 || fail "a normal run failed"
[ "$(q "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = complete ] || fail "normal run not complete"
echo "hard_sigint: ok"
