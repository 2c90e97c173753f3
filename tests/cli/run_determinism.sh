#!/usr/bin/env bash
# `orgforces run`: the same seed gives identical JSON for different --threads (apart from the
# `stats` object, which reports how it ran: threads, wall time), and a different seed does not. Not
# stored (--no-db), so no run id tells them apart either.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"

"$bin" run "$scenario" --replicates 20 --seed 5 --threads 1 --no-db --json > "$tmp/one.json"
"$bin" run "$scenario" --replicates 20 --seed 5 --threads 2 --no-db --json > "$tmp/two.json"
"$bin" run "$scenario" --replicates 20 --seed 6 --threads 2 --no-db --json > "$tmp/other.json"

jq -e '.stats.threads == 1 and .stats.person_ticks > 0 and (.stats.wall_seconds | type) == "number"' "$tmp/one.json" > /dev/null
jq -e '.stats.threads == 2' "$tmp/two.json" > /dev/null
jq -e '(.series | length) > 0 and .run.replicates == 20' "$tmp/one.json" > /dev/null

jq -S 'del(.stats)' "$tmp/one.json" > "$tmp/one.cmp"
jq -S 'del(.stats)' "$tmp/two.json" > "$tmp/two.cmp"
jq -S 'del(.stats)' "$tmp/other.json" > "$tmp/other.cmp"
if ! cmp -s "$tmp/one.cmp" "$tmp/two.cmp"; then
    echo "FAIL: same seed, different --threads gave different results" >&2
    diff "$tmp/one.cmp" "$tmp/two.cmp" | head -20 >&2
    exit 1
fi
if cmp -s "$tmp/one.cmp" "$tmp/other.cmp"; then
    echo "FAIL: a different seed gave identical results" >&2
    exit 1
fi
echo "ok"
