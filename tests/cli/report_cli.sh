#!/usr/bin/env bash
# `orgforces report`: files written, twins, formats, exit codes and escaping, end to end.
set -uo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check DESCRIPTION EXPECTED_CODE COMMAND...
    local what="$1" want="$2"
    shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"
    local got=$?
    if [[ $got -ne $want ]]; then
        echo "FAIL: $what: exit $got, expected $want"
        cat "$tmp/err"
        fail=1
    fi
}
hello="$src/scenarios/hello-world.yaml"

# Both twins by default; the paths are printed on stdout.
check "default twins" 0 "$bin/orgforces" report "$hello" --replicates 8 -o "$tmp/a/review.html"
[[ -s "$tmp/a/review.html" && -s "$tmp/a/review.md" ]] || { echo "FAIL: twins not written"; fail=1; }
grep -qx "$tmp/a/review.html" "$tmp/out" || { echo "FAIL: html path not printed"; fail=1; }
grep -qx "$tmp/a/review.md" "$tmp/out" || { echo "FAIL: md path not printed"; fail=1; }
grep -q '<section id="appendix">' "$tmp/a/review.html" || { echo "FAIL: html lacks the appendix"; fail=1; }
grep -q '^## Appendix' "$tmp/a/review.md" || { echo "FAIL: md lacks the appendix"; fail=1; }
# The Markdown twin carries its figures: every image it links is an SVG file beside it, and there
# are as many as the HTML has charts.
links=$(grep -o '](review-figures/[^)]*\.svg)' "$tmp/a/review.md" | sed 's/^](//; s/)$//' || true)
[[ -n "$links" ]] || { echo "FAIL: the md twin links no figures"; fail=1; }
for l in $links; do
    grep -q '^<svg xmlns=' "$tmp/a/$l" 2>/dev/null || { echo "FAIL: md figure $l is not an SVG file"; fail=1; }
done
[[ $(wc -w <<< "$links") -eq $(grep -o '<svg ' "$tmp/a/review.html" | wc -l) ]] || { echo "FAIL: md has $(wc -w <<< "$links") figures, html $(grep -o '<svg ' "$tmp/a/review.html" | wc -l)"; fail=1; }
# The question from the scenario is at the top of both.
grep -q 'How fast does a planning process pull' "$tmp/a/review.html" || { echo "FAIL: question missing"; fail=1; }

# Same seed, same report (no clock or host in it).
check "second run" 0 "$bin/orgforces" report "$hello" --replicates 8 -j 1 -o "$tmp/b/review.html"
cmp -s <(grep -v 'threads\|wall time' "$tmp/a/review.html") <(grep -v 'threads\|wall time' "$tmp/b/review.html") \
    || { echo "FAIL: the report depends on more than the seed"; fail=1; }

# One format only.
check "md only" 0 "$bin/orgforces" report "$hello" --replicates 8 --format md -o "$tmp/c/only.md"
[[ -s "$tmp/c/only.md" && ! -e "$tmp/c/only.html" ]] || { echo "FAIL: --format md wrote the wrong files"; fail=1; }
check "html only" 0 "$bin/orgforces" report "$hello" --replicates 8 --format html -o "$tmp/d/only.html"
[[ -s "$tmp/d/only.html" && ! -e "$tmp/d/only.md" ]] || { echo "FAIL: --format html wrote the wrong files"; fail=1; }

# Usage errors exit 2.
check "no input" 2 "$bin/orgforces" report -o "$tmp/x.html"
check "file and run" 2 "$bin/orgforces" report "$hello" --run 1 -o "$tmp/x.html"
check "bad format" 2 "$bin/orgforces" report "$hello" --format pdf -o "$tmp/x.pdf"
check "unknown variant" 2 "$bin/orgforces" report "$hello" --variants nope -o "$tmp/x.html"
grep -q 'no what_if variant `nope`' "$tmp/err" || { echo "FAIL: unknown variant not named"; fail=1; }
check "missing database" 1 "$bin/orgforces" report --run 999 --db "$tmp/empty.db" -o "$tmp/x.html"
[[ ! -e "$tmp/x.html" ]] || { echo "FAIL: a failed report left a file"; fail=1; }

# A stored run's report says how to reproduce it, and that command gives the stored numbers.
db="$tmp/s p/runs.db"   # a space, so the command must quote the path
mkdir -p "$tmp/s p" "$tmp/e"
check "store a run" 0 "$bin/orgforces" run "$hello" --replicates 8 --seed 5 --set teams.explorers.shielding=0.5 --db "$db"
check "report a stored run" 0 "$bin/orgforces" report --run 1 --db "$db" --format md -o "$tmp/e/stored.md"
repro=$(grep -o 'Reproduce the numbers with `[^`]*`' "$tmp/e/stored.md" | sed 's/^Reproduce the numbers with ` *//; s/ *`$//')
[[ "$repro" == "orgforces show 1 --db '$db' --scenario > run-1.yaml && orgforces run run-1.yaml --seed 5 --replicates 8 --set teams.explorers.shielding=0.5"* ]] \
    || { echo "FAIL: reproduce line of a stored run: $repro"; fail=1; }
(cd "$tmp/e" && PATH="$bin:$PATH" && eval "$repro --no-db") > "$tmp/e/again.txt" 2>&1 || { echo "FAIL: the reproduce command failed"; cat "$tmp/e/again.txt"; fail=1; }
"$bin/orgforces" run "$hello" --replicates 8 --seed 5 --set teams.explorers.shielding=0.5 --no-db > "$tmp/e/direct.txt" 2>&1
diff <(grep -v 'replicates in' "$tmp/e/direct.txt") <(grep -v 'replicates in' "$tmp/e/again.txt") > /dev/null \
    || { echo "FAIL: the reproduce command gave other numbers"; diff "$tmp/e/direct.txt" "$tmp/e/again.txt"; fail=1; }

# An invalid scenario: exit 2 with file:line:col.
printf 'name: broken\nhorizon: [\n' > "$tmp/broken.yaml"
check "invalid scenario" 2 "$bin/orgforces" report "$tmp/broken.yaml" -o "$tmp/x.html"
grep -q 'broken.yaml:[0-9]*:[0-9]*' "$tmp/err" || { echo "FAIL: no file:line:col for a broken scenario"; fail=1; }

# A hostile name is shown as text in both twins.
sed 's/^question: /question: <script>alert(1)<\/script> /' "$hello" > "$tmp/hostile.yaml"
check "hostile" 0 "$bin/orgforces" report "$tmp/hostile.yaml" --replicates 8 -o "$tmp/h/r.html"
if grep -qi '<script' "$tmp/h/r.html"; then echo "FAIL: raw <script> in the HTML report"; fail=1; fi
# In the Markdown twin raw text may appear only inside the fenced scenario text (shown as code).
if awk '/^```/{f=!f; next} !f' "$tmp/h/r.md" | grep -qi '<script'; then echo "FAIL: raw <script> outside code in the Markdown"; fail=1; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/h/r.html" || { echo "FAIL: hostile name not escaped"; fail=1; }
exit $fail
