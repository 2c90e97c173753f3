#!/usr/bin/env bash
# `orgforces check`: exit codes, stdout/stderr split and diagnostics format.
. "$(dirname "$0")/lib/setup.sh"

# Every bundled scenario is valid: exit 0, one OK line per file on stdout, nothing on stderr.
"$bin" check "$src"/scenarios/*.yaml >"$tmp/out" 2>"$tmp/err" || fail "bundled scenarios rejected: $(cat "$tmp/err")"
[ "$(grep -c ': OK' "$tmp/out")" -eq "$(ls "$src"/scenarios/*.yaml | wc -l)" ] || fail "expected one OK line per file"
[ ! -s "$tmp/err" ] || fail "stderr not empty for valid files"

# An invalid file: exit 2, file:line:col diagnostics on stderr, nothing on stdout.
bad="$src/tests/invalid/unknown-key-strength.yaml"
exits 2 "invalid file" "$bin" check "$bad"
[ ! -s "$tmp/out" ] || fail "stdout not empty for an invalid file"
grep -Eq "^$bad:[0-9]+:[0-9]+: error: .*unknown key 'strenght'.*did you mean 'strength'" "$tmp/err" ||
  fail "diagnostic not in file:line:col form: $(cat "$tmp/err")"

# A mix of valid and invalid files: exit 2, the valid one still reported OK.
exits 2 "mixed files" "$bin" check "$src/scenarios/hello-world.yaml" "$bad"
grep -q "hello-world.yaml: OK" "$tmp/out" || fail "valid file of a mixed run not reported"

# --set: a valid override passes, an invalid value or path fails with exit 2.
"$bin" check "$src/scenarios/hello-world.yaml" --set teams.explorers.shielding=0.5 >/dev/null ||
  fail "valid --set rejected"
exits 2 "out-of-range --set" "$bin" check "$src/scenarios/hello-world.yaml" --set teams.explorers.shielding=1.5
grep -q "out of range" "$tmp/err" || fail "out-of-range --set: $(cat "$tmp/err")"
exits 2 "unknown --set path" "$bin" check "$src/scenarios/hello-world.yaml" --set teams.explorer.shielding=0.5
grep -q "did you mean 'teams.explorers.shielding'" "$tmp/err" || fail "no did-you-mean for --set: $(cat "$tmp/err")"

# Usage errors: missing file argument and a file that does not exist.
exits 2 "no file" "$bin" check
exits 2 "missing file" "$bin" check "$tmp/does-not-exist.yaml"

# --help explains the exit status.
"$bin" check --help | grep -q "Exit status" || fail "check --help does not explain exit codes"
echo "check exit codes: ok"
