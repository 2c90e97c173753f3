#!/usr/bin/env bash
# The report fits its page: headless Chromium lays the flagship's complete report (what-ifs,
# attribution, levers, plausible worlds) out at 700 px and 1,400 px, and a probe fails the test when any element sticks out of
# the page's column, the page scrolls sideways, or a chart label leaves its chart.
# Skips (exit 0 with a message) where Chromium is not installed.
. "$(dirname "$0")/lib/setup.sh"
need_chromium

report="${ORGFORCES_FITS_REPORT:-}"   # an already written report (to check one by hand)
if [[ -z "$report" ]]; then
    report="$tmp/report.html"
    "$bin" report "$src/scenarios/innovation-in-a-keeping-org.yaml" --variants all --attribution --levers --uncertain \
        --replicates 8 --lever-samples 8 --lever-replicates 2 \
        -j 2 --format html -o "$report" > /dev/null 2> "$tmp/report.log" || { cat "$tmp/report.log"; exit 1; }
fi

# The report forbids scripts; the probe is added to a copy without that policy. It runs after
# layout and writes what sticks out into the DOM, which Chromium dumps.
probe='<script>
(function () {
  var bad = [];
  var main = document.querySelector("main"), col = main.getBoundingClientRect();
  var name = function (el) {
    var s = el.tagName.toLowerCase(), sec = el.closest("section");
    return (sec ? sec.id + " " : "") + s + (el.className && el.className.baseVal === undefined ? "." + el.className : "");
  };
  var all = main.querySelectorAll("*");
  for (var i = 0; i < all.length; ++i) {
    var el = all[i];
    var svg = el.closest("svg");
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (svg && el !== svg) {
      if (el.tagName.toLowerCase() !== "text") continue;
      var s = svg.getBoundingClientRect();
      if (r.left < s.left - 1 || r.right > s.right + 1)
        bad.push(name(el) + " \"" + el.textContent + "\" leaves its chart by " +
                 Math.round(Math.max(s.left - r.left, r.right - s.right)) + " px");
      continue;
    }
    if (r.left < col.left - 1 || r.right > col.right + 1)
      bad.push(name(el) + " \"" + (el.textContent || "").slice(0, 40) + "\" sticks out by " +
               Math.round(Math.max(col.left - r.left, r.right - col.right)) + " px");
  }
  var doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) bad.push("the page scrolls sideways (" + doc.scrollWidth + " > " + doc.clientWidth + ")");
  var out = document.createElement("pre");
  out.id = "fits-probe";
  out.textContent = "PROBE " + bad.length + " width " + window.innerWidth + "\n" + bad.slice(0, 40).join("\n");
  document.body.appendChild(out);
})();
</script>'
grep -v 'http-equiv="Content-Security-Policy"' "$report" > "$tmp/probe.html"
python3 - "$tmp/probe.html" "$probe" <<'EOF'
import sys
path, probe = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("</body>", probe + "\n</body>"))
EOF

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --log-level=3
       --disable-background-networking --disable-component-update --disable-sync --no-first-run
       --user-data-dir="$tmp/profile")
fail=0
for width in 700 1400; do
    timeout 120 "$browser" "${flags[@]}" --window-size="$width,1200" --dump-dom "file://$tmp/probe.html" \
        > "$tmp/dom-$width.html" 2> "$tmp/dump.log" || { cat "$tmp/dump.log"; exit 1; }
    result="$(python3 - "$tmp/dom-$width.html" <<'EOF'
import html, re, sys
m = re.search(r'<pre id="fits-probe">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
print(html.unescape(m.group(1)) if m else "PROBE did-not-run")
EOF
)"
    head="$(head -n1 <<< "$result")"
    if [[ "$head" != "PROBE 0 width $width" ]]; then
        echo "FAIL at $width px: ${head#PROBE } element(s) overflow"
        tail -n +2 <<< "$result" | sed 's/^/  /'
        fail=1
    else
        echo "ok: nothing overflows at $width px"
    fi
done
exit $fail
