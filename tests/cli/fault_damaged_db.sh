#!/usr/bin/env bash
# A damaged results database: a value changed behind SQLite's back is caught by the run's checksum;
# a file SQLite's quick_check rejects is refused for writing and left byte for byte unchanged;
# `db check` names the damage and `db recover OUT` copies the intact runs to a new file.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.

"$bin" run "$scenario" -n 8 --threads 1 --db a.db >/dev/null 2>&1
"$bin" run "$scenario" -n 8 --threads 1 --seed 2 --db a.db >/dev/null 2>&1
sqlite3 a.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
"$bin" db check --db a.db >check.out 2>&1 || fail "db check fails on a sound database: $(cat check.out)"

# 1. Bit rot SQLite cannot see: a drift quantile of run 1 becomes -4736 (drift lies in [0, 1]).
cp a.db rot.db
sqlite3 rot.db "UPDATE series SET q95 = -4736 WHERE run_id = 1 AND tick = (SELECT max(tick) FROM series WHERE run_id = 1)"
set +e
"$bin" show 1 --db rot.db >show.out 2>show.err; rc=$?
set -e
[ "$rc" -ne 0 ] || fail "show prints a damaged run and exits 0: $(grep -m1 -- -4736 show.out)"
grep -q "4736" show.out && fail "show printed the damaged value"
grep -qi "damaged\|checksum" show.err || fail "show does not say the run is damaged: $(cat show.err)"
"$bin" show 2 --db rot.db >/dev/null || fail "the intact run 2 can no longer be shown"
set +e; "$bin" db check --db rot.db >check.out 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "db check exits $rc on a damaged run"
grep -q "run 1" check.out || fail "db check does not name run 1: $(cat check.out)"

# 2. Damage SQLite sees: 200 bytes overwritten at the start of the runs table's root page.
cp a.db bad.db
rm -f bad.db-wal bad.db-shm
offset=$(sqlite3 bad.db "SELECT (rootpage - 1) * (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'series'")
printf '%*s' 200 '' | tr ' ' '\377' | dd of=bad.db bs=1 seek="$offset" conv=notrunc status=none
[ "$(sqlite3 bad.db 'PRAGMA quick_check' 2>&1 | head -1)" != ok ] || fail "the test damage did not damage the file"
before=$(sha256sum bad.db | cut -d' ' -f1)
set +e
"$bin" run "$scenario" -n 4 --threads 1 --db bad.db >run.out 2>run.err; rc=$?
set -e
[ "$rc" -ne 0 ] || fail "run stored a new run into a damaged database"
grep -qi "damaged" run.err || fail "run does not say the database is damaged: $(cat run.err)"
grep -q "db recover" run.err || fail "the message does not point to db recover: $(cat run.err)"
[ "$(sha256sum bad.db | cut -d' ' -f1)" = "$before" ] || fail "the damaged database was modified"
set +e; "$bin" db check --db bad.db >check.out 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "db check exits $rc on a damaged file"

# 3. Recovery copies every intact run to a new, sound database.
"$bin" db recover good.db --db rot.db >recover.out 2>&1 || fail "db recover failed: $(cat recover.out)"
[ "$(sqlite3 good.db "SELECT count(*) FROM runs WHERE status = 'complete'")" = 1 ] || fail "recover did not copy exactly the intact run"
"$bin" db check --db good.db >/dev/null 2>&1 || fail "the recovered database does not pass db check"
"$bin" show 2 --db good.db >good.txt || fail "the recovered run 2 cannot be shown"
grep -q "seed  *2" good.txt || fail "the recovered run is not run 2 (seed 2) under its id"
[ -e good.db ] && "$bin" db recover good.db --db rot.db >/dev/null 2>&1 && fail "recover overwrote an existing file"
[ "$failed" = 0 ] || exit 1
echo "ok"
