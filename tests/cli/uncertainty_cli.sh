#!/usr/bin/env bash
# Uncertainty from the command line: priors in `params` and the schema, `sensitivity` (JSON shape,
# stored run), `run --uncertain` (same bytes on 1 and 2 threads), `whatif --uncertain` (shares of
# worlds), `calibrate` (posterior JSON, bad observations exit 2 with file:line), `optimize` (one
# objective; two give a Pareto front, the same for 1 and 2 threads).
. "$(dirname "$0")/lib/setup.sh"

# Priors are listed by `params` and described by the schema.
"$bin" params "$hello" >"$tmp/params" || fail "params failed"
grep -q 'teams.explorers.leadership *~ uniform \[0.01, 0.1\]' "$tmp/params" || fail "no prior in params: $(tail -5 "$tmp/params")"
"$bin" schema >"$tmp/schema.json" || fail "schema failed"
grep -q '"uncertain"' "$tmp/schema.json" || fail "schema lacks uncertain"

# Sensitivity: Sobol JSON with S1/ST and intervals per parameter and measure, stored as a run.
"$bin" sensitivity "$hello" --measure drift:explorers --samples 16 --replicates 2 --bootstrap 20 -j 2 --json \
  --db "$tmp/db" >"$tmp/sens.json" 2>"$tmp/err" || fail "sensitivity failed: $(cat "$tmp/err")"
python3 - "$tmp/sens.json" <<'PY' || fail "sensitivity JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["method"] == "sobol", j
m = j["measures"][0]
assert m["measure"] == "drift:explorers"
paths = [p["path"] for p in m["parameters"]]
assert paths == ["forces.weekly-planning.strength", "teams.explorers.leadership", "teams.explorers.shielding"], paths
for p in m["parameters"]:
    assert len(p["S1_ci"]) == 2 and len(p["ST_ci"]) == 2 and p["ST"] >= 0, p
assert j["run_id"] >= 1
PY
"$bin" runs --db "$tmp/db" >"$tmp/runs.txt" || fail "runs failed"
grep -q sensitivity "$tmp/runs.txt" || fail "sensitivity run not listed"
"$bin" sensitivity "$hello" --method morris --samples 4 --replicates 2 -j 2 --no-db --json >"$tmp/morris.json" ||
  fail "morris failed"
grep -q '"mu_star"' "$tmp/morris.json" || fail "morris JSON lacks mu_star"

# run --uncertain: the same JSON for 1 and 2 threads (the wall time aside), and it says what the bands cover.
for j in 1 2; do
  "$bin" run "$hello" --uncertain -n 24 -j $j --no-db --json | grep -v '"wall_seconds"\|"threads"' >"$tmp/run$j.json" ||
    fail "run --uncertain -j $j failed"
done
cmp -s "$tmp/run1.json" "$tmp/run2.json" || fail "run --uncertain differs between 1 and 2 threads"
grep -q '"uncertainty"' "$tmp/run1.json" || fail "run --uncertain JSON does not say what the bands cover"
"$bin" run "$hello" --uncertain -n 16 -j 2 --no-db >"$tmp/run.txt" || fail "run --uncertain failed"
grep -q 'Bands cover chance and ignorance' "$tmp/run.txt" || fail "no text note"

# whatif --uncertain: shares of plausible worlds and expected regret per measure.
"$bin" whatif "$hello" --set teams.explorers.shielding=0.6 --uncertain -n 32 -j 2 --no-db --json >"$tmp/whatif.json" \
  2>/dev/null || fail "whatif --uncertain failed"
python3 - "$tmp/whatif.json" <<'PY' || fail "whatif JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
rows = [r for r in j["robust"] if r["entity"] == "explorers" and r["measure"] == "drift"]
assert rows and rows[0]["worlds"] == 4, rows
assert 0 <= rows[0]["share_better"] <= 1 and rows[0]["expected_regret"] >= 0, rows
PY

# calibrate: a posterior with 90% intervals inside the prior, stored with an id.
calibrate_hello "$tmp/db"
python3 - "$tmp/cal.json" <<'PY' || fail "calibrate JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
p = j["parameters"][0]
assert p["path"] == "teams.explorers.leadership"
assert 0.01 <= p["lo"] <= p["median"] <= p["hi"] <= 0.1, p
d = j["diagnostics"]
assert len(d["generations"]) >= 2 and d["generations"][0]["tolerance"] is None, d
assert j["calibration_id"] >= 1 and len(j["predictive_check"]["observations"]) == 2
PY

# The stored posterior feeds run and whatif; a run that is not a calibration is refused.
cal=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["calibration_id"])' "$tmp/cal.json")
"$bin" run "$hello" --posterior "$cal" -n 16 -j 2 --db "$tmp/db" --json >"$tmp/post.json" 2>"$tmp/err" ||
  fail "run --posterior failed: $(cat "$tmp/err")"
grep -q "\"calibration_id\": $cal" "$tmp/post.json" || fail "run --posterior does not name the calibration"
"$bin" whatif "$hello" --set teams.explorers.shielding=0.6 --posterior "$cal" -n 16 -j 2 --db "$tmp/db" --json \
  >"$tmp/wpost.json" 2>"$tmp/err" || fail "whatif --posterior failed: $(cat "$tmp/err")"
grep -q '"share_better"' "$tmp/wpost.json" || fail "whatif --posterior lacks shares of worlds"
set +e
"$bin" run "$hello" --posterior 1 -n 8 --db "$tmp/db" >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--posterior of a sensitivity run: exit $rc, want 2"
grep -q "not a calibration" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"

# Bad observations: exit 2 with file:line.
printf 'entity,measure,tick,value\nexplorers,drift,99,0.3\n' >"$tmp/bad.csv"
set +e
"$bin" calibrate "$hello" --observed "$tmp/bad.csv" --no-db >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad observations: exit $rc, want 2"
grep -q "bad.csv:2:.*outside the horizon" "$tmp/err" || fail "no file:line error: $(cat "$tmp/err")"
: >"$tmp/empty.csv"
set +e
"$bin" calibrate "$hello" --observed "$tmp/empty.csv" --no-db >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "empty observations: exit $rc, want 2"

# optimize: more shielding lowers drift, so the unconstrained best is the top of the range.
"$bin" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers -n 16 -j 2 --json \
  >"$tmp/opt.json" 2>/dev/null || fail "optimize failed"
python3 - "$tmp/opt.json" <<'PY' || fail "optimize JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
d = j["decisions"][0]
assert d["path"] == "teams.explorers.shielding" and d["best"] > 0.75, d
assert j["objective"]["goal"] == "min" and j["objective"]["best"] < j["objective"]["start"], j["objective"]
PY
set +e
"$bin" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers --constraint 'friction<0.3' \
  >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad constraint: exit $rc, want 2"

# A bad prior in a scenario: exit 2 with line:col.
{ cat "$hello"; printf '  teams.operators.shielding: {dist: uniform, lo: 0.5, hi: 1.5}\n'; } >"$tmp/bad.yaml"
set +e
"$bin" check "$tmp/bad.yaml" >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad prior: exit $rc, want 2"
grep -q "bad.yaml:[0-9]*:[0-9]*: error: .*range" "$tmp/err" || fail "no line:col for a bad prior: $(cat "$tmp/err")"

# optimize with two objectives: the Pareto front by NSGA-II, the same for 1 and 2 threads, a chart.
for j in 1 2; do
  "$bin" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers \
    --objective leader_load:explorers --uncertain -n 16 --population 8 --generations 2 -j $j --json \
    >"$tmp/front$j.json" 2>/dev/null || fail "optimize with two objectives failed (-j $j)"
done
cmp -s "$tmp/front1.json" "$tmp/front2.json" || fail "the Pareto front differs between 1 and 2 threads"
python3 - "$tmp/front1.json" <<'PY' || fail "Pareto JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["method"] == "NSGA-II" and [o["goal"] for o in j["objectives"]] == ["min", "min"], j["objectives"]
pts = [(p["objectives"]["drift:explorers"], p["objectives"]["leader_load:explorers"]) for p in j["front"]]
assert len(pts) >= 2, pts
for a in pts:
    for b in pts:
        assert not (b[0] <= a[0] and b[1] <= a[1] and b != a), (a, b)   # nobody on the front dominates another
assert all(0 <= p["decision"]["teams.explorers.shielding"] <= 0.8 for p in j["front"])
PY
"$bin" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers \
  --objective friction:explorers -n 8 --population 8 --generations 1 -j 2 --report "$tmp/front.html" >/dev/null 2>&1 ||
  fail "optimize --report failed"
grep -q "<svg" "$tmp/front.html" || fail "no Pareto chart in the page"
set +e
"$bin" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers \
  --objective friction:explorers --constraint 'friction:explorers<=0.3' >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "a constraint with two objectives: exit $rc, want 2"
echo ok
