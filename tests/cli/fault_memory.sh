#!/usr/bin/env bash
# Bounded memory: a run whose summaries cannot fit (20 one-person teams over 100,000 ticks need
# gigabytes) is refused before it starts, naming the estimate, the limit and how to change it;
# nothing is stored. A run that fits under the same limit goes ahead.
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"
# KEEP_GOING=1 reports every failed check instead of stopping at the first.

wide() {   # $1: horizon
  printf 'name: wide\nhorizon: %s\nseed: 1\nreplicates: 8\norganization:\n  units:\n    - name: eng\nteams:\n' "$1"
  for i in $(seq 20); do printf '  - name: t%s\n    unit: eng\n    size: 1\n' "$i"; done
}
wide 100000 >long.yaml
wide 50 >short.yaml
"$bin" check long.yaml >/dev/null || fail "the long scenario is not valid"
for cmd in "run long.yaml" "whatif long.yaml --set teams.t1.shielding=0.5" "report long.yaml -o r.html"; do
  set +e; ORGFORCES_MEMORY_LIMIT=1024 $bin $cmd --threads 1 --db m.db >out 2>err; rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "'$cmd' over the memory limit: exit $rc ($(head -c 300 err))"
  grep -q "MiB" err && grep -q "ORGFORCES_MEMORY_LIMIT" err || fail "'$cmd': the message names no size or limit: $(cat err)"
done
[ ! -e m.db ] || fail "a refused run created or wrote the database"
ORGFORCES_MEMORY_LIMIT=1024 "$bin" run short.yaml --threads 1 -n 4 --db m.db >/dev/null 2>err || fail "a small run was refused: $(cat err)"
[ "$failed" = 0 ] || exit 1
echo "ok"
