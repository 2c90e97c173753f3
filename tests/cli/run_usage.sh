#!/usr/bin/env bash
# `orgforces run` and `orgforces analyze`: readable output, usage errors and invalid input exit 2.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" run "$scenario" --replicates 8 --threads 2 --csv "$tmp/csv" > "$tmp/out.txt"
grep -q "drift at horizon" "$tmp/out.txt" || { echo "FAIL: no team table" >&2; cat "$tmp/out.txt" >&2; exit 1; }
grep -q "intent kept" "$tmp/out.txt" || { echo "FAIL: no intent column" >&2; exit 1; }
grep -q "^intent kept: how much of its intended difference" "$tmp/out.txt" || { echo "FAIL: intent kept not explained" >&2; exit 1; }
head -1 "$tmp/csv/series.csv" | grep -q "entity,measure,tick,mean" || { echo "FAIL: series.csv" >&2; exit 1; }
[ "$(wc -l < "$tmp/csv/series.csv")" -gt 10 ] || { echo "FAIL: series.csv is short" >&2; exit 1; }

"$bin" analyze "$scenario" > "$tmp/analyze.txt"
grep -q "half-life" "$tmp/analyze.txt" || { echo "FAIL: analyze output" >&2; cat "$tmp/analyze.txt" >&2; exit 1; }
"$bin" analyze "$scenario" --json | jq -e '.teams | length > 0' > /dev/null

expect_exit() {
    local want=$1; shift
    set +e
    "$@" > /dev/null 2> "$tmp/err.txt"
    local got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: '$*' exited $got, expected $want" >&2
        cat "$tmp/err.txt" >&2
        exit 1
    fi
}
expect_exit 2 "$bin" run "$scenario" --replicates 0
expect_exit 2 "$bin" run "$tmp/missing.yaml"
expect_exit 2 "$bin" run "$scenario" --set no.such.parameter=1
printf 'name: broken\nhorizon: [1\n' > "$tmp/broken.yaml"
expect_exit 2 "$bin" run "$tmp/broken.yaml"
grep -q "broken.yaml:" "$tmp/err.txt" || { echo "FAIL: no file:line in the error" >&2; cat "$tmp/err.txt" >&2; exit 1; }
echo "ok"
