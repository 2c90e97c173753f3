# Sourced first by the end-to-end tests (`. "$(dirname "$0")/lib/setup.sh"`): strict mode, the
# binary, the source tree and its bundled scenarios, a temporary folder removed on exit (writable
# again first, for tests that make parts of it read-only), and fail. It lives in a folder of its
# own because every tests/cli/*.sh is a test.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
src="$ORGFORCES_SRC"
hello="$src/scenarios/hello-world.yaml"
flagship="$src/scenarios/innovation-in-a-keeping-org.yaml"
tmp=$(mktemp -d)
failed=0
cli_cleanup() {
  local rc=$?
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
  [ "$rc" -ne 0 ] && exit "$rc"
  exit "$failed"
}
trap cli_cleanup EXIT
# Stops the test at the first failed check; with KEEP_GOING=1 it reports every one and the test
# still fails at its end.
fail() { echo "FAIL: $*" >&2; failed=1; [ -n "${KEEP_GOING:-}" ] || exit 1; }
# The widest line of a file, in characters (tables must fit 100 columns).
widest() { python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }
# Runs COMMAND, which must exit with WANT (else fails naming WHAT); its stdout is left in
# "$tmp/out" and its stderr in "$tmp/err".
exits() {   # exits WANT WHAT COMMAND...
  local want=$1 what=$2 rc
  shift 2
  set +e
  "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want: $(cat "$tmp/err")"
}
# Calibrates hello-world's explorers' leadership to two survey points of their drift (a small
# posterior, stored in database $1); the JSON summary is left in "$tmp/cal.json".
calibrate_hello() {   # calibrate_hello DB
  printf 'entity,measure,tick,value\nexplorers,drift,26,0.25\nexplorers,drift,52,0.35\n' >"$tmp/obs.csv"
  "$bin" calibrate "$hello" --observed "$tmp/obs.csv" --fit teams.explorers.leadership=0.01:0.1 --particles 30 \
    --generations 2 --predictive 16 -j 2 --db "$1" --json >"$tmp/cal.json" 2>"$tmp/err" ||
    fail "calibrate failed: $(cat "$tmp/err")"
}
# Sets `browser` to headless Chromium, or skips the test (exit 0 with a message) where it is missing.
need_chromium() {
  browser="$(command -v chromium || command -v chromium-browser || true)"
  [ -n "$browser" ] || { echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it)"; exit 0; }
}
