#!/usr/bin/env bash
# A database in a read-only file and directory: every read command works (runs, show, export,
# diff, db check); a command that writes says the file is read-only.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.

"$bin" run "$scenario" -n 4 --threads 1 --db a.db >/dev/null 2>&1
"$bin" run "$scenario" -n 4 --threads 1 --seed 2 --db a.db >/dev/null 2>&1
mkdir ro && mv a.db* ro/ && cp "$scenario" s.yaml
chmod 444 ro/*; chmod 555 ro; chmod 755 "$tmp"; chmod 644 s.yaml
# root ignores file modes: run the commands as an unprivileged user then.
as_user=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || { echo "skipped: setpriv missing"; exit 0; }
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as_user[@]}" touch ro/probe 2>/dev/null && fail "the test directory is writable"
for cmd in "runs" "runs --json" "runs --sweeps" "show 1" "show 2 --json" "show 1 --scenario" "export 1 --json" "diff 1 2" "db check"; do
  "${as_user[@]}" "$bin" $cmd --db ro/a.db >out 2>err || fail "'$cmd' fails on a read-only database: $(cat err)"
done
"${as_user[@]}" "$bin" export 1 --csv /tmp/ro-export-$$ --db ro/a.db 2>err || fail "export --csv fails: $(cat err)"
rm -rf /tmp/ro-export-$$
# The run's results go to a side file in the temporary directory (here one of the test's own).
mkdir side && chmod 777 side
set +e; TMPDIR="$tmp/side" "${as_user[@]}" "$bin" run s.yaml -n 2 --threads 1 --db ro/a.db >out 2>err; rc=$?; set -e
[ "$rc" -ne 0 ] || fail "run claims to have stored into a read-only database"
grep -qi "read-only\|readonly" err || fail "run does not say the database is read-only: $(cat err)"
grep -q "orgforces import $tmp/side/" err || fail "run does not name its side file: $(cat err)"
[ -n "$(ls side/*.json 2>/dev/null)" ] || fail "no side file in the temporary directory"
[ "$failed" = 0 ] || exit 1
echo "ok"
