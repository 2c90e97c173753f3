#!/usr/bin/env bash
# `orgforces schema` is a JSON Schema that accepts every bundled scenario and rejects broken ones.
# Needs python3-yaml and python3-jsonschema (scripts/install-deps.sh installs them).
. "$(dirname "$0")/lib/setup.sh"
"$bin" schema >"$tmp/schema.json"
"$bin" schema --help | grep -q "yaml-language-server" || { echo "FAIL: schema --help" >&2; exit 1; }
python3 - "$tmp/schema.json" "$src" <<'PY'
import glob, json, sys
import jsonschema, yaml
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
files = sorted(glob.glob(sys.argv[2] + "/scenarios/*.yaml"))
assert len(files) >= 6, files
for f in files:
    errors = list(validator.iter_errors(yaml.safe_load(open(f))))
    assert not errors, f"{f}: {errors[0].message} at {list(errors[0].path)}"
# The schema must also catch what it can: unknown keys, wrong types, ranges.
for name in ["unknown-key-strength", "wrong-type-size", "shielding-out-of-range", "unknown-key-top"]:
    doc = yaml.safe_load(open(f"{sys.argv[2]}/tests/invalid/{name}.yaml"))
    assert list(validator.iter_errors(doc)), f"schema accepted tests/invalid/{name}.yaml"
print(f"schema accepts {len(files)} bundled scenarios and rejects the broken ones")
PY
