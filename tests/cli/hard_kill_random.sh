#!/usr/bin/env bash
# SIGKILL at random moments of `run` and `sweep`: after each kill the database passes
# integrity_check, every earlier complete run reads back with the same figures, and the killed
# run is not complete. Prints how many kill points were survived. Set HARD_KILL_SEED to replay.
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"
q() { sqlite3 runs.db "$1"; }
RANDOM=${HARD_KILL_SEED:-$$}
echo "hard_kill_random: seed ${HARD_KILL_SEED:-$$}"

# Two finished runs whose figures must survive every later kill.
"$bin" run "$hello" -n 16 --seed 5 --db runs.db >/dev/null 2>&1 || fail "first run"
"$bin" run "$flagship" -n 8 --seed 6 --db runs.db >/dev/null 2>&1 || fail "second run"
for id in 1 2; do "$bin" show "$id" --db runs.db >"before-$id.txt" || fail "show $id"; done

survived=0
start=$SECONDS
for i in $(seq 1 12); do
  [ $((SECONDS - start)) -lt 25 ] || break
  before=$(q "SELECT coalesce(max(id), 0) FROM runs")
  # A delay from 0 to 0.6 s: before the database opens, during begin_run, while simulating,
  # or (for the short runs) during finish_run's transaction.
  delay=$(printf '0.%03d' $((RANDOM % 600)))
  if ((i % 3 == 0)); then
    "$bin" sweep "$hello" -n 400 --threads 1 --grid teams.explorers.shielding=0:1:4 --db runs.db >/dev/null 2>&1 &
  elif ((i % 3 == 1)); then
    "$bin" run "$flagship" -n $((20 + RANDOM % 200)) --threads 1 --db runs.db >/dev/null 2>&1 &
  else
    "$bin" run "$hello" -n $((200 + RANDOM % 2000)) --threads 2 --db runs.db >/dev/null 2>&1 &
  fi
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true

  [ "$(q "PRAGMA integrity_check")" = ok ] || fail "kill $i after ${delay}s: integrity_check"
  for id in 1 2; do
    "$bin" show "$id" --db runs.db >after.txt || fail "kill $i after ${delay}s: show $id"
    diff -q "before-$id.txt" after.txt >/dev/null || fail "kill $i after ${delay}s: run $id changed: $(diff "before-$id.txt" after.txt)"
  done
  # Every run this kill left behind is either complete (it finished in time) with results, or
  # not complete and without any results.
  for id in $(q "SELECT id FROM runs WHERE id > $before"); do
    status=$(q "SELECT status FROM runs WHERE id = $id")
    rows=$(q "SELECT count(*) FROM series WHERE run_id = $id")
    if [ "$status" = complete ]; then
      [ "$rows" -gt 0 ] || fail "kill $i: run $id complete without results"
      "$bin" show "$id" --db runs.db >/dev/null || fail "kill $i: show of finished run $id"
    else
      [ "$rows" = 0 ] || fail "kill $i: run $id is $status but has $rows series rows"
    fi
  done
  # Opening the database again reads the dead process's rows as incomplete.
  "$bin" runs --db runs.db >runs.txt || fail "kill $i: runs"
  ! grep -Eq "^ *[0-9]+ +running" runs.txt || fail "kill $i: a dead run still shows as running: $(cat runs.txt)"
  survived=$((survived + 1))
done
[ "$survived" -ge 5 ] || fail "only $survived kill points in the time budget"
echo "hard_kill_random: survived $survived kill points"
