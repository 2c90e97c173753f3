#!/usr/bin/env bash
# The report in a real browser: headless Chromium renders it to a PNG and dumps its DOM; the DOM
# must hold every section and the escaped hostile name, and the PNG must not be blank.
# Skips (exit 0 with a message) where Chromium is not installed.
. "$(dirname "$0")/lib/setup.sh"
need_chromium
if ! command -v python3 >/dev/null; then
    echo "SKIP: python3 is not installed"
    exit 0
fi

# A scenario with a hostile question (names are restricted by the loader), derived from the bundled hello-world.
sed 's/^question: /question: <script>alert(1)<\/script> /' "$src/scenarios/hello-world.yaml" > "$tmp/hostile.yaml"
"$bin" report "$tmp/hostile.yaml" --replicates 8 -o "$tmp/report.html" > /dev/null

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --log-level=3
       --disable-background-networking --disable-component-update --disable-sync --no-first-run
       --user-data-dir="$tmp/profile")
timeout 90 "$browser" "${flags[@]}" --window-size=900,1800 --screenshot="$tmp/shot.png" \
    "file://$tmp/report.html" > "$tmp/chromium.log" 2>&1 || { cat "$tmp/chromium.log"; exit 1; }
timeout 90 "$browser" "${flags[@]}" --dump-dom "file://$tmp/report.html" > "$tmp/dom.html" 2> "$tmp/dump.log" \
    || { cat "$tmp/dump.log"; exit 1; }

fail=0
for id in question forces drift practice friction ventures gifts attribution levers explored whatif appendix; do
    if ! grep -q "<section id=\"$id\">" "$tmp/dom.html"; then
        echo "FAIL: section $id missing from the rendered DOM"
        fail=1
    fi
done
# The browser saw the name as text: escaped in the DOM, and no script element was created.
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/dom.html" || { echo "FAIL: hostile name not shown as text"; fail=1; }
if grep -qi '<script' "$tmp/dom.html"; then echo "FAIL: a script element reached the DOM"; fail=1; fi
grep -q '<svg' "$tmp/dom.html" || { echo "FAIL: no inline SVG in the DOM"; fail=1; }
[[ -s "$tmp/shot.png" ]] || { echo "FAIL: no screenshot written"; exit 1; }
python3 "$src/tests/cli/report_png_check.py" "$tmp/shot.png" 64 0.02 || fail=1
exit $fail
