#!/usr/bin/env bash
# Strict options and values: bad seeds, replicate counts beyond the one cap, absurd thread
# counts, quoted numbers, unknown tags, an unterminated quote, alias and nesting limits that no
# quoting trick bypasses: each refused (exit 2) with a located or named message.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.
expect2() {   # $1: what; the rest: the command
  local what=$1; shift
  set +e; "$@" >out 2>err; local rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "$what: exit $rc, expected 2 ($(head -c 300 err))"
}

for seed in -1 18446744073709551616 99999999999999999999 1.5 0x10 12abc ""; do
  expect2 "--seed '$seed'" "$bin" run "$scenario" --seed "$seed" --no-db -n 2
done
"$bin" run "$scenario" --seed 18446744073709551615 --no-db -n 2 --threads 1 >/dev/null || fail "the largest seed is refused"
for cmd in whatif sweep; do
  expect2 "$cmd -n 10000000" "$bin" $cmd "$scenario" -n 10000000 --no-db --set teams.explorers.shielding=0.5
  expect2 "$cmd --seed -1" "$bin" $cmd "$scenario" --seed -1 --no-db --set teams.explorers.shielding=0.5
done
expect2 "report -n 10000000" "$bin" report "$scenario" -n 10000000 -o r.html
"$bin" run "$scenario" -n 2 -j 100000 --no-db >/dev/null 2>threads.err || fail "-j 100000 failed instead of being capped"
grep -q "threads" threads.err || fail "no warning for -j 100000: $(cat threads.err)"

check_refused() {   # $1: file, $2: expected "file:line:col" (or "file:" when it has none), $3: a word of the message
  expect2 "$1" "$bin" check "$1"
  grep -q "$2" err || fail "$1: not located at $2: $(cat err)"
  grep -qi "$3" err || fail "$1: the message does not mention '$3': $(cat err)"
}
sed 's/^horizon: 52 .*/horizon: "52"/' "$scenario" >quoted.yaml
check_refused quoted.yaml "quoted.yaml:14:10" "number"
sed 's/^horizon: 52 .*/horizon: !custom 52/' "$scenario" >tag.yaml
check_refused tag.yaml "tag.yaml:14:10" "tag"
{ printf 'name: "nasty\n'; grep -v '^name:' "$scenario"; } >unterminated.yaml
check_refused unterminated.yaml "unterminated.yaml:1:7" "quote"
# 200 aliases hidden from a raw-text scan inside a flow list after `x-'`.
{ cat "$scenario"; printf 'x: &a 1\n'; printf 'y: [x-'"'"', '; for i in $(seq 200); do printf '*a, '; done; printf '*a]\n'; } >aliases.yaml
check_refused aliases.yaml "aliases.yaml:$(($(wc -l <"$scenario") + 2)):" "alias"
# A billion laughs.
{ printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  prev=a; for l in b c d e f g h i; do printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l $prev $prev $prev $prev $prev $prev $prev $prev $prev; prev=$l; done; } >laughs.yaml
check_refused laughs.yaml "laughs.yaml:[0-9]*:[0-9]*:" "alias"
# 400 levels of nesting written as quoted keys, which a raw-text scan of indentation misses.
{ cat "$scenario"; python3 -c 'print("x: [x-'"'"', " + "[" * 400 + "]" * 401)'; } >deep.yaml
check_refused deep.yaml "deep.yaml:$(($(wc -l <"$scenario") + 1)):[0-9]*:" "nesting"
# The smallest double is finite: accepted as a number (the scenario is then valid).
sed 's/^    strength: 0.02 .*/    strength: 4.9e-324/' "$scenario" >denormal.yaml
if ! "$bin" check denormal.yaml >/dev/null 2>err; then
  if grep -q "not a finite" err; then fail "4.9e-324 called not finite: $(cat err)"; fi
fi
[ "$failed" = 0 ] || exit 1
echo "ok"
