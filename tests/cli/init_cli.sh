#!/usr/bin/env bash
# `orgforces init`: the starting scenario and an imported org chart check and run; bad CSV is
# refused with file:line:col and exit 2; an existing file is not overwritten without --force.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$bin" init -o starter.yaml 2>/dev/null || fail "init without a chart failed"
"$bin" check -q starter.yaml || fail "the starter scenario does not pass check"
"$bin" run starter.yaml -n 4 --db runs.db >/dev/null || fail "the starter scenario does not run"

cat > org.csv <<'CSV'
team,unit,size,parent_unit,leadership,shielding,intent.horizon,intent.exploration
Ledger Platform,Core Banking,12,Technology,0.05,0.2,0.8,0.7
Payments,Core Banking,20,Technology,,,0.3,0.2
"Web, Mobile",Digital Channels,15,Technology,0.04,0,0.5,0.5
CSV
"$bin" init --from-csv org.csv -o bank.yaml 2>/dev/null || fail "init --from-csv failed"
"$bin" check -q bank.yaml || fail "the imported scenario does not pass check"
out=$("$bin" run bank.yaml -n 4 --db runs.db) || fail "the imported scenario does not run"
grep -q "ledger-platform" <<<"$out" || fail "run output does not name the imported team"
grep -q 'EXAMPLE' bank.yaml || fail "the scaffold does not mark its examples"

# An existing file is kept unless --force.
before=$(cksum < bank.yaml)
set +e
"$bin" init -o bank.yaml 2>err.txt; code=$?
set -e
[ "$code" = 2 ] || fail "overwriting without --force exited $code, expected 2"
[ "$(cksum < bank.yaml)" = "$before" ] || fail "the existing file was changed"
"$bin" init -o bank.yaml --force 2>/dev/null || fail "--force did not replace the file"

# Bad CSV: file:line:col, exit 2, nothing written.
printf 'team,unit,size\nledger,core,12\nLedger,core,x\n' > bad.csv
set +e
"$bin" init --from-csv bad.csv -o bad.yaml 2>err.txt; code=$?
set -e
[ "$code" = 2 ] || fail "bad CSV exited $code, expected 2"
grep -q "^bad.csv:3:1: error: duplicate team 'ledger' (first at line 2)" err.txt || fail "no position for the duplicate: $(cat err.txt)"
grep -q "^bad.csv:3:13: error: size 'x' is not a whole number" err.txt || fail "no position for the size: $(cat err.txt)"
[ ! -e bad.yaml ] || fail "a scenario was written from a bad chart"
"$bin" init --help | grep -q -- "--from-csv" || fail "init --help lacks --from-csv"
echo "init: ok"
