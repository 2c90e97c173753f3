#!/usr/bin/env bash
# `orgforces levers`: simulated effects with intervals beside the oracle, the oracle alone, errors.
. "$(dirname "$0")/lib/setup.sh"

# The oracle alone is instant and ranks the default levers for drift.
"$bin" levers "$hello" --oracle-only >"$tmp/out" 2>"$tmp/err" || fail "--oracle-only failed: $(cat "$tmp/err")"
grep -q 'teams.explorers.shielding' "$tmp/out" || fail "shielding not among the levers: $(cat "$tmp/out")"
grep -q 'forces.weekly-planning.strength' "$tmp/out" || fail "strength not among the levers"

# Simulated: more shielding keeps the explorers closer to their intent (drift falls), as the oracle says.
"$bin" levers "$hello" --measure drift:explorers --param teams.explorers.shielding \
  --param forces.weekly-planning.strength --replicates 64 -j 2 --json >"$tmp/json" 2>"$tmp/err" ||
  fail "levers --json failed: $(cat "$tmp/err")"
if command -v python3 >/dev/null; then
  python3 - "$tmp/json" <<'PY' || fail "JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
lv = {l["path"]: l for l in j["levers"]}
sh = lv["teams.explorers.shielding"]
st = lv["forces.weekly-planning.strength"]
e = sh["effects"]["drift:explorers"]
assert e["effect"] < 0 and e["ci"][1] < 0, e            # shielding lowers drift, clearly
assert sh["oracle_drift"] < 0, sh
assert st["effects"]["drift:explorers"]["effect"] > 0, st  # a stronger pull raises it
assert st["oracle_drift"] > 0, st
PY
else
  grep -q '"oracle_drift"' "$tmp/json" || fail "no oracle figures in JSON"
fi

# Errors: an unknown parameter or measure is a usage error (exit 2).
set +e
"$bin" levers "$hello" --param teams.explorers.sheilding >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown parameter: exit $rc, expected 2"
set +e
"$bin" levers "$hello" --measure p_success:nothing >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown venture: exit $rc, expected 2"
echo OK
