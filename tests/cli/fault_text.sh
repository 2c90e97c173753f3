#!/usr/bin/env bash
# Text in, text out: invalid UTF-8 and control characters (raw or written as YAML escapes) are
# refused at load with file:line:col; stored text with control characters or invalid UTF-8 (from
# an older database) is printed neutralized on the terminal and never breaks JSON output.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.

# $1: the YAML text of the name line; expects exit 2 and "s.yaml:LINE:COL" with $2 = LINE:COL.
refused() {
  { printf '%s\n' "$1"; grep -v '^name:' "$scenario"; } >s.yaml
  set +e; "$bin" check s.yaml >out 2>err; rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "accepted $3 (exit $rc)"
  grep -q "s.yaml:$2" err || fail "$3: not located at $2: $(cat err)"
}
refused "$(printf 'name: ab\377cd')" 1:9 "invalid UTF-8"
refused "$(printf 'name: \"ok\300\257\"')" 1:10 "an overlong UTF-8 encoding"
refused 'name: "x\e]0;owned\ay"' 1:7 "an ESC written as a YAML escape"
refused 'name: "a\x1b[2Jb"' 1:7 "\\x1b as a YAML escape"
refused 'name: "cut\x00here"' 1:7 "a NUL as a YAML escape"
refused 'name: "c1\u009bcontrol"' 1:7 "a C1 control as a YAML escape"
{ printf 'name: "fine"\n'; grep -v '^name:' "$scenario"; } >ok.yaml
"$bin" check ok.yaml >/dev/null || fail "a plain name is refused"

# Text already stored by an older orgforces: ESC sequences and invalid UTF-8 in a name and label.
"$bin" run "$scenario" -n 4 --threads 1 --db a.db >/dev/null 2>&1
sqlite3 a.db "UPDATE runs SET scenario_name = 'evil' || char(27) || ']0;title' || char(7) || char(27) || '[2J', label = CAST(x'ff41fe' AS TEXT)"
for cmd in "runs" "show 1"; do
  $bin $cmd --db a.db >out.txt 2>&1 || fail "$cmd failed on stored control characters"
  if LC_ALL=C grep -q "$(printf '\033')" out.txt; then fail "$cmd printed a raw ESC"; fi
  if LC_ALL=C grep -q "$(printf '\007')" out.txt; then fail "$cmd printed a raw BEL"; fi
done
for cmd in "runs --json" "show 1 --json" "export 1 --json"; do
  $bin $cmd --db a.db >out.json 2>err || fail "$cmd fails on invalid UTF-8 in the database: $(cat err)"
  python3 -c 'import json,sys; json.load(open("out.json"))' || fail "$cmd wrote invalid JSON"
done
[ "$failed" = 0 ] || exit 1
echo "ok"
