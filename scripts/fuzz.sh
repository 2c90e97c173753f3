#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 30; CI uses 30, a long run: 3600)
#   FUZZ_SEED=N (default 1) fixes libFuzzer's mutations, so CI explores the same inputs each time;
#   FUZZ_SEED=0 draws a new seed (libFuzzer prints it), which a long run should do.
# Fails on any crash, hang (10 s per input), leak, out-of-memory or sanitizer report; the
# input that caused it is left in build-fuzz/findings/ to become a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
seed=${FUZZ_SEED:-1}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_scenario fuzz_override fuzz_store

work=build-fuzz/corpus
findings=build-fuzz/findings
mkdir -p "$work/scenario" "$work/override" "$work/store" "$findings"
# Seed corpora: every bundled and every invalid scenario; overrides from the registry's paths.
find scenarios tests/invalid -name '*.yaml' -exec cp {} "$work/scenario/" \;
i=0
for o in "teams.explorers.shielding=0.5" "forces.weekly-planning.enabled=false" "organization.noise=1e309" \
         "teams.explorers.size=-3" "=" "a.b.c=" "teams..x=1" "horizon=nan"; do
  printf '%s' "$o" >"$work/override/seed$i"; i=$((i + 1))
done
# Damage to the database: no patch, a cut, and single bytes in the header, the schema and a run.
printf '\0\0' >"$work/store/intact"
printf '\x10\x00' >"$work/store/cut"
printf '\0\0\0\0\x12\xff' >"$work/store/header"
printf '\0\0\0\x10\x00\x00' >"$work/store/page2"
printf '\0\0\0\x30\x40\x07' >"$work/store/page4"

status=0
for target in fuzz_scenario fuzz_override fuzz_store; do
  corpus="$work/${target#fuzz_}"
  echo "fuzz: $target for ${seconds}s on $(ls "$corpus" | wc -l) seed inputs"
  if ! ASAN_OPTIONS=detect_leaks=1 build-fuzz/bin/$target "$corpus" -max_total_time="$seconds" \
        -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$findings/" \
        -print_final_stats=1 2>"build-fuzz/$target.log"; then
    echo "fuzz: $target FAILED; see build-fuzz/$target.log and $findings/" >&2
    tail -40 "build-fuzz/$target.log" >&2
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$target.log" | sed "s/^/fuzz: $target /"
done
exit $status
