#!/usr/bin/env bash
# Hostile text (quotes, a newline, Unicode, HTML, SQL, commas) in a scenario: identifier fields
# (team, force, venture, stone names) are refused with a located error; free-text fields (scenario
# name, question, descriptions, dimension labels) survive the store, CSV, JSON, HTML and Markdown.
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"

# The hostile text, as a YAML double-quoted scalar (\n and \" are YAML escapes) and as python sees it.
yaml_hostile='Ünïcödé 組織 \"quoted\" '"'"'single'"'"', comma\nline2 <script>alert(1)</script> '"'"'; DROP TABLE runs; -- & *x* |pipe| ```fence'
write_scenario() {   # $1: text for free-text fields, $2: a team name, $3: a force name, $4: venture, $5: stone
  cat >s.yaml <<YAML
name: "N $1"
question: "Q $1"
horizon: 12
seed: 3
replicates: 8
dimensions:
  - {name: horizon, low: "L $1", high: "H $1"}
  - {name: exploration, low: keep, high: explore}
organization:
  name: "O $1"
  units:
    - name: engineering
  baseline: {horizon: 0.3, exploration: 0.3}
gravity:
  - name: "$3"
    description: "D $1"
    target: {horizon: 0.1, exploration: 0.2}
    strength: 0.02
teams:
  - name: "$2"
    unit: engineering
    size: 8
    intent: {horizon: 0.8, exploration: 0.8}
    leadership: 0.04
    shielding: 0.2
ventures:
  - name: "$4"
    team: "$2"
    description: "V $1"
    needs: {horizon: 0.6, exploration: 0.6}
    value: 10
    planned_ticks: 10
    base_hazard: 0.01
    stones:
      - {name: "$5", kind: engineering, effort: 20, value: 2, legibility: 0.5}
YAML
}

# 1. Hostile identifiers are refused: exit 2, file:line:col, no crash, nothing stored.
for field in team force venture stone; do
  t=explorers f=planning v=bet st=first
  case $field in
    team) t="$yaml_hostile" ;; force) f="$yaml_hostile" ;; venture) v="$yaml_hostile" ;; stone) st="$yaml_hostile" ;;
  esac
  write_scenario "plain" "$t" "$f" "$v" "$st"
  set +e
  "$bin" run s.yaml --db bad.db >out.txt 2>err.txt; code=$?
  set -e
  [ "$code" = 2 ] || fail "hostile $field name: exit $code (want 2): $(cat err.txt)"
  grep -Eq '^s\.yaml:[0-9]+:[0-9]+: ' err.txt || fail "hostile $field name: no file:line:col: $(cat err.txt)"
  grep -q "not valid" err.txt || fail "hostile $field name: unclear error: $(cat err.txt)"
done
[ ! -e bad.db ] || [ "$(sqlite3 bad.db 'SELECT count(*) FROM runs')" = 0 ] || fail "a refused scenario was stored"

# 2. Hostile free text goes everywhere.
write_scenario "$yaml_hostile" explorers planning bet first
"$bin" check s.yaml >/dev/null 2>err.txt || fail "the hostile free-text scenario is refused: $(cat err.txt)"
"$bin" run s.yaml --db runs.db --csv runcsv >run.txt 2>err.txt || fail "run: $(cat err.txt)"
[ "$(sqlite3 runs.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ "$(sqlite3 runs.db "SELECT count(*) FROM runs WHERE status = 'complete'")" = 1 ] || fail "the runs table was damaged"
"$bin" show 1 --db runs.db >show.txt || fail "show"
"$bin" show 1 --json --db runs.db >show.json || fail "show --json"
"$bin" export 1 --json --db runs.db >export.json || fail "export --json"
"$bin" export 1 --csv exportcsv --db runs.db >/dev/null 2>&1 || fail "export --csv"
"$bin" report --run 1 --db runs.db -o report.html >/dev/null 2>err.txt || fail "report: $(cat err.txt)"
[ -f report.md ] || fail "no Markdown twin of the report: $(ls)"

python3 - <<'PY' || fail "python checks"
import csv, glob, html, json, re, sys
hostile = 'Ünïcödé 組織 "quoted" \'single\', comma\nline2 <script>alert(1)</script> \'; DROP TABLE runs; -- & *x* |pipe| ```fence'
errors = []
def walk(v, out):
    if isinstance(v, dict):
        for k, x in v.items(): walk(k, out); walk(x, out)
    elif isinstance(v, list):
        for x in v: walk(x, out)
    elif isinstance(v, str): out.append(v)
# JSON: loads, and the scenario name comes back byte for byte.
for name in ("show.json", "export.json"):
    doc = json.load(open(name, encoding="utf-8"))
    strings = []
    walk(doc, strings)
    if "N " + hostile not in strings:
        errors.append(f"{name}: the scenario name is not identical: {[s for s in strings if 'DROP' in s][:2]!r}")
# CSV: every file parses with a constant column count; hostile fields come back whole.
found = set()
for name in sorted(glob.glob("exportcsv/*.csv") + glob.glob("runcsv/*.csv")):
    rows = list(csv.reader(open(name, newline="", encoding="utf-8")))
    if not rows: continue
    width = len(rows[0])
    bad = [i for i, r in enumerate(rows) if len(r) != width]
    if bad: errors.append(f"{name}: rows {bad[:3]} have a different column count than the header")
    for r in rows:
        for cell in r:
            if hostile in cell: found.add(name)
if not any("run.csv" in f for f in found):
    errors.append(f"exportcsv/run.csv: the scenario name does not come back whole (found in {sorted(found)})")
# HTML: no live <script>, and the hostile text shows escaped.
page = open("report.html", encoding="utf-8").read()
scripts = re.findall(r"<script[^>]*>", page, re.I)
if any("alert" in page[page.lower().find(s.lower()):][:200] for s in scripts):
    errors.append("report.html contains an unescaped <script>alert")
if "<script>alert(1)</script>" in page:
    errors.append("report.html contains the raw <script>alert(1)</script>")
if "&lt;script&gt;alert(1)&lt;/script&gt;" not in page:
    errors.append("report.html does not show the escaped script text")
if "DROP TABLE runs" not in html.unescape(page):
    errors.append("report.html lost the SQL text")
# Markdown: no raw HTML outside code (fenced blocks and code spans show text literally; the
# hostile text's ``` must not close its fence early), no line break inside the title, pipes
# escaped in tables.
md = open("report.md", encoding="utf-8").read()
prose, fence = [], None
for line in md.splitlines():
    if fence is None:
        m = re.match(r"^(`{3,})\s*\w*\s*$", line)
        if m: fence = m.group(1); continue
        prose.append(line)
    elif line.strip() == fence:
        fence = None
if fence is not None:
    errors.append("report.md: a fenced block never closes")
outside = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", "\n".join(prose))
if "<script" in outside.lower():
    errors.append("report.md contains a raw <script> outside code: " + outside[outside.lower().find("<script") - 80:][:160])
title = md.split("\n", 1)[0]
if not title.startswith("# ") or "DROP TABLE" not in title:
    errors.append(f"report.md: the hostile title is split over lines: {title!r}")
for line in md.splitlines():
    if line.startswith("|") and "pipe" in line and re.search(r"(?<!\\)\|pipe(?<!\\)\|", line):
        errors.append(f"report.md: unescaped pipes in a table row: {line[:120]!r}")
# Text output keeps the text (it is for a terminal, not markup).
if "DROP TABLE runs" not in open("show.txt", encoding="utf-8").read():
    errors.append("show lost the scenario name")
for e in errors: print("  " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
echo "hard_hostile_strings: ok"
