#!/usr/bin/env bash
# `orgforces report --pdf` prints the flagship's report (every what-if variant) on A4 and Letter
# through headless Chromium; pdftotext must find every column of the what-if tables in the PDF's
# text, and no word may lie outside the paper. Without a browser, --pdf must fail with a clear
# message and exit 1. Skips the printing where Chromium or pdftotext is not installed.
set -euo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
flagship="$src/scenarios/innovation-in-a-keeping-org.yaml"
fail=0

# No browser: a clear message naming what to install, exit 1, and the HTML still written.
set +e
ORGFORCES_CHROMIUM= PATH=/nonexistent "$bin/orgforces" report "$src/scenarios/hello-world.yaml" --replicates 2 \
    --pdf -o "$tmp/nobrowser.html" > /dev/null 2> "$tmp/nobrowser.err"
code=$?
set -e
[[ $code -eq 1 ]] || { echo "FAIL: --pdf without a browser exits $code, not 1"; fail=1; }
grep -q "Chromium" "$tmp/nobrowser.err" || { echo "FAIL: no clear message without a browser:"; cat "$tmp/nobrowser.err"; fail=1; }
[[ -s "$tmp/nobrowser.html" ]] || { echo "FAIL: the HTML was not written when printing failed"; fail=1; }

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
    echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it)"
    exit $fail
fi
if ! command -v pdftotext >/dev/null; then
    echo "SKIP: pdftotext is not installed (poppler-utils; scripts/install-deps.sh installs it)"
    exit $fail
fi

for paper in a4 letter; do
    out="$tmp/$paper.html"
    "$bin/orgforces" report "$flagship" --variants all --uncertain --replicates 8 -j 2 --format html --pdf --paper "$paper" \
        -o "$out" > "$tmp/written" 2> "$tmp/report.log" || { cat "$tmp/report.log"; exit 1; }
    grep -qx "$tmp/$paper.pdf" "$tmp/written" || { echo "FAIL: the PDF path is not printed"; fail=1; }
    pdftotext -layout "$tmp/$paper.pdf" "$tmp/$paper.txt"
    pdftotext -bbox "$tmp/$paper.pdf" "$tmp/$paper.bbox.html"
    python3 - "$out" "$tmp/$paper.txt" "$tmp/$paper.bbox.html" "$paper" <<'PY' || fail=1
import html, re, sys
page, text, bbox, paper = sys.argv[1:]
doc = open(page, encoding="utf-8").read()
headers = set()
for sec in re.finditer(r'<section id="(?:whatif|decision)">.*?</section>', doc, re.S):
    headers |= {html.unescape(h) for h in re.findall(r'<th(?: [^>]*)?>(.*?)</th>', sec.group(0))}
headers.discard("")
squash = lambda s: re.sub(r"\s+", "", s)
printed = squash(open(text, encoding="utf-8").read())
bad = 0
if not headers:
    print(f"FAIL ({paper}): the report has no what-if table"); bad = 1
for h in sorted(headers):
    if squash(h) not in printed:
        print(f"FAIL ({paper}): what-if column {h!r} is not in the PDF's text"); bad = 1
box = open(bbox, encoding="utf-8").read()
pages = 0
for p in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', box, re.S):
    pages += 1
    width = float(p.group(1))
    for w in re.finditer(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)" yMax="[-\d.]+">(.*?)</word>', p.group(3)):
        if float(w.group(1)) < -0.5 or float(w.group(2)) > width + 0.5:
            print(f"FAIL ({paper}): page {pages}: {html.unescape(w.group(3))!r} lies outside the paper"); bad = 1
expect = {"a4": 595, "letter": 612}[paper]
first = re.search(r'<page width="([\d.]+)"', box)
if not first or abs(float(first.group(1)) - expect) > 2:
    print(f"FAIL ({paper}): the PDF is not {paper} paper"); bad = 1
print(f"{paper}: {len(headers)} what-if columns, {pages} pages checked")
sys.exit(bad)
PY
done
exit $fail
