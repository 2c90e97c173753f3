#!/usr/bin/env bash
# `show`, `diff` and `whatif` for large organizations: tables fit 100 columns, lead with the scenario's
# `focus:`, and take --team/--measure filters (an unknown name exits 2 listing the valid ones).
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"
long=explorers-with-a-long-name-that-pushes-every-table-past-its-edge
# hello-world with a long team name and a focus on the second team.
sed -e "s/explorers/$long/g" -e 's/^question:/focus: [operators]\nquestion:/' \
  "$ORGFORCES_SRC/scenarios/hello-world.yaml" >s.yaml
"$bin" whatif s.yaml --set "teams.$long.shielding=0.9" -n 8 --threads 2 >/dev/null 2>whatif.err ||
  fail "whatif failed: $(cat whatif.err)"

"$bin" show 1 >show.txt
sed -n '/^at the horizon/,$p' show.txt >results.txt
[ "$(widest results.txt)" -le 100 ] || fail "show's results are $(widest results.txt) columns wide: $(cat results.txt)"
# The focus leads: the first data row of each table is the operators'.
first=$(sed -n '/^ENTITY/{n;p;q}' results.txt)
case "$first" in operators*) ;; *) fail "the focus does not lead: $first" ;; esac

"$bin" show 1 --team operators --measure drift >one.txt
rows=$(sed -n '/^at the horizon/,/^$/p' one.txt | grep -c '^operators ' || true)
[ "$rows" = 1 ] || fail "--team operators --measure drift kept $rows drift rows: $(cat one.txt)"
grep -q "^explorers-with" one.txt && fail "--team kept another team's rows"
grep -Eq '^operators +friction' one.txt && fail "--measure kept another measure"
# A kind matches its detailed measures: ideas_dismissed:design and the others.
"$bin" show 1 --measure ideas_dismissed >kinds.txt
grep -q 'ideas_dismissed:' kinds.txt || fail "--measure ideas_dismissed kept no ideas_dismissed:KIND row"

"$bin" diff 1 2 >diff.txt
sed -n '/^at the horizon/,$p' diff.txt >moves.txt
[ "$(widest moves.txt)" -le 100 ] || fail "diff's measures are $(widest moves.txt) columns wide: $(cat moves.txt)"
"$bin" diff 1 2 --measure drift >d.txt
[ "$(sed -n '/^ENTITY/,$p' d.txt | tail -n +2 | grep -cv ' drift ')" = 0 ] || fail "diff --measure drift kept others: $(cat d.txt)"
first=$(sed -n '/^ENTITY/{n;p;q}' d.txt)
case "$first" in operators*) ;; *) fail "diff: the focus does not lead: $first" ;; esac

# whatif: two variants side by side would pass 100 columns with this name; it fits, the focus
# leads, and the filters keep only the rows asked for.
"$bin" whatif s.yaml --set "teams.$long.shielding=0.9" -n 8 --threads 2 --no-db >w.txt
[ "$(widest w.txt)" -le 100 ] || fail "whatif is $(widest w.txt) columns wide: $(cat w.txt)"
first=$(sed -n '/^ENTITY/{n;p;q}' w.txt)
case "$first" in operators*) ;; *) fail "whatif: the focus does not lead: $first" ;; esac
"$bin" whatif s.yaml --set "teams.$long.shielding=0.9" -n 8 --threads 2 --no-db --team operators --measure drift >w1.txt
[ "$(sed -n '/^ENTITY/,/^$/p' w1.txt | tail -n +2 | grep -c .)" = 1 ] || fail "whatif --team operators --measure drift: $(cat w1.txt)"
grep -Eq '^operators +drift' w1.txt || fail "whatif --team operators --measure drift lacks the row: $(cat w1.txt)"
set +e
"$bin" whatif s.yaml --set "teams.$long.shielding=0.9" -n 8 --no-db --team nobody >out 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "whatif unknown team: exit $rc, expected 2"
grep -q "teams: $long, operators" err || fail "whatif: no list of teams: $(cat err)"

set +e
"$bin" show 1 --team nobody >out 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown team: exit $rc, expected 2"
grep -q "teams: $long, operators" err || fail "no list of teams: $(cat err)"
set +e
"$bin" diff 1 2 --measure driftt >out 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown measure: exit $rc, expected 2"
grep -q "did you mean 'drift'" err || fail "no suggestion: $(cat err)"
echo OK
