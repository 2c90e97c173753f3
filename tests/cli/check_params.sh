#!/usr/bin/env bash
# `orgforces params`: the registry as a table and as JSON.
. "$(dirname "$0")/lib/setup.sh"

table=$("$bin" params "$flagship")
for p in teams.frontier.shielding forces.quarterly-okrs.strength forces.engineering-culture.enabled \
         forces.engineering-culture.depth ventures.self-serve-insights.base_hazard organization.noise \
         forces.quarterly-okrs.reaches.frontier; do
  grep -q "^$p " <<<"$table" || fail "params table lacks $p"
done
json=$("$bin" params "$flagship" --json)
python3 - "$json" <<'PY' || fail "params --json is not the expected JSON"
import json, sys
ps = json.loads(sys.argv[1])
paths = {p["path"]: p for p in ps}
assert len(paths) == len(ps), "duplicate paths"
p = paths["teams.frontier.shielding"]
assert p["kind"] == "real" and p["min"] == 0 and p["max"] == 1 and abs(p["value"] - 0.3) < 1e-12, p
assert paths["forces.engineering-culture.enabled"]["kind"] == "toggle"
assert all(p["min"] <= p["value"] <= p["max"] for p in ps), "a current value outside its range"
PY
"$bin" params --help | grep -q -- "--json" || fail "params --help lacks --json"
echo "params: ok"
