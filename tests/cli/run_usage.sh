#!/usr/bin/env bash
# `orgforces run` and `orgforces analyze`: readable output, usage errors and invalid input exit 2.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"

"$bin" run "$scenario" --replicates 8 --threads 2 --csv "$tmp/csv" > "$tmp/out.txt"
grep -q "drift at horizon" "$tmp/out.txt" || { echo "FAIL: no team table" >&2; cat "$tmp/out.txt" >&2; exit 1; }
grep -q "intent kept" "$tmp/out.txt" || { echo "FAIL: no intent column" >&2; exit 1; }
grep -q "^intent kept: how much of its intended difference" "$tmp/out.txt" || { echo "FAIL: intent kept not explained" >&2; exit 1; }
head -1 "$tmp/csv/series.csv" | grep -q "entity,measure,tick,mean" || { echo "FAIL: series.csv" >&2; exit 1; }
[ "$(wc -l < "$tmp/csv/series.csv")" -gt 10 ] || { echo "FAIL: series.csv is short" >&2; exit 1; }

# The flagship (team names of 20 characters, an analytic column, a long question) fits 100 columns.
"$bin" run "$flagship" --replicates 4 --threads 2 --no-db > "$tmp/flagship.txt" 2>/dev/null
[ "$(widest "$tmp/flagship.txt")" -le 100 ] || fail "run is $(widest "$tmp/flagship.txt") columns wide: $(cat "$tmp/flagship.txt")"
grep -q "^team .* kept" "$tmp/flagship.txt" || fail "no team table heading: $(cat "$tmp/flagship.txt")"

"$bin" analyze "$scenario" > "$tmp/analyze.txt"
grep -q "half-life" "$tmp/analyze.txt" || { echo "FAIL: analyze output" >&2; cat "$tmp/analyze.txt" >&2; exit 1; }
"$bin" analyze "$scenario" --json | jq -e '.teams | length > 0' > /dev/null

expect_exit() { exits "$1" "${*:2}" "${@:2}"; }
expect_exit 2 "$bin" run "$scenario" --replicates 0
expect_exit 2 "$bin" run "$tmp/missing.yaml"
expect_exit 2 "$bin" run "$scenario" --set no.such.parameter=1
printf 'name: broken\nhorizon: [1\n' > "$tmp/broken.yaml"
expect_exit 2 "$bin" run "$tmp/broken.yaml"
grep -q "broken.yaml:" "$tmp/err" || { echo "FAIL: no file:line in the error" >&2; cat "$tmp/err" >&2; exit 1; }
echo "ok"
