#!/usr/bin/env bash
# One JSON shape for a result: `run --json` (stored or not, and under --uncertain), `show --json`
# and `export --json` all satisfy the schema `orgforces schema --results` prints, and the same
# stored run prints the same document (but for how it ran) from all three.
# Needs python3-jsonschema (scripts/install-deps.sh installs it).
. "$(dirname "$0")/lib/setup.sh"
cd "$tmp"
"$bin" schema --results >schema.json
"$bin" run "$src/scenarios/hello-world.yaml" -n 8 -j 2 --db r.db --json >run.json 2>/dev/null
"$bin" run "$src/scenarios/hello-world.yaml" -n 8 -j 2 --no-db --json >nodb.json 2>/dev/null
"$bin" run "$src/scenarios/hello-world.yaml" -n 8 -j 2 --no-db --uncertain --json >uncertain.json 2>/dev/null
"$bin" run "$src/scenarios/innovation-in-a-keeping-org.yaml" -n 8 -j 2 --db r.db --json >ventures.json 2>/dev/null
"$bin" show 1 --db r.db --json >show.json
"$bin" export 1 --db r.db --json >export.json
"$bin" export 2 --db r.db --json >export2.json
python3 - <<'PY'
import json
import jsonschema
schema = json.load(open("schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
docs = {}
for name in ["run", "nodb", "uncertain", "ventures", "show", "export", "export2"]:
    doc = json.load(open(name + ".json"))
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, f"{name}.json: {errors[0].message} at {list(errors[0].path)}"
    docs[name] = doc
assert docs["nodb"]["run"]["id"] is None, "a run not stored has id null"
assert docs["run"]["run"]["id"] == 1
assert any(o for o in docs["export2"]["outcomes"]), "the flagship's export has venture outcomes"
# The same stored run, three ways: identical but for how it ran.
same = [{k: d[k] for k in d if k != "stats"} for d in (docs["run"], docs["show"], docs["export"])]
assert same[0] == same[1] == same[2], "run, show and export differ for the same run"
# The schema is strict: it refuses a document of another shape.
bad = dict(docs["show"]); bad["extra"] = 1
assert list(v.iter_errors(bad)), "the schema accepted an unknown key"
bad = dict(docs["show"]); bad["series"] = [{"entity": "x", "measure": "drift", "ticks": []}]
assert list(v.iter_errors(bad)), "the schema accepted the old per-tick series shape"
print(f"{len(docs)} documents satisfy the results schema")
PY
