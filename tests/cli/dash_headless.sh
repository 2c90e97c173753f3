#!/usr/bin/env bash
# The dashboard without a person: a scripted what-if under Xvfb must render a non-blank PNG, move
# the focal team's drift, and store the variant; without a display it must say so and exit 1.
set -euo pipefail
dash="$ORGFORCES_BIN/orgforces-dash"
scenario="$ORGFORCES_SRC/scenarios/innovation-in-a-keeping-org.yaml"
if [ ! -x "$dash" ]; then
  echo "dash_headless: $dash not built (configure with -DORGFORCES_DASHBOARD=ON)" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "dash_headless: xvfb-run missing (scripts/install-deps.sh)" >&2; exit 1; }
export ASAN_OPTIONS=detect_leaks=0   # Mesa leaks a little at exit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. No display: a clear message and exit code 1.
set +e
env -u DISPLAY -u WAYLAND_DISPLAY "$dash" "$scenario" --headless --frames 2 >"$tmp/nodisplay.out" 2>"$tmp/nodisplay.err"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "no display: expected exit 1, got $rc" >&2; cat "$tmp/nodisplay.err" >&2; exit 1; }
grep -q "needs a display" "$tmp/nodisplay.err" || { echo "no display: unclear message" >&2; cat "$tmp/nodisplay.err" >&2; exit 1; }

# 2. A bad script is rejected before any window opens, pointing at its line.
printf 'at 0 wait-for-result\nat 1 frobnicate\n' >"$tmp/bad.txt"
set +e
"$dash" "$scenario" --headless --frames 1 --script "$tmp/bad.txt" 2>"$tmp/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "bad script: expected exit 2, got $rc" >&2; exit 1; }
grep -q "bad.txt:2:.*unknown action 'frobnicate'" "$tmp/bad.err" || { cat "$tmp/bad.err" >&2; exit 1; }

# 2b. Uncertain runs: a scenario without priors, or both sources at once, are refused before any window.
set +e
"$dash" "$ORGFORCES_SRC/scenarios/gifts-of-failure.yaml" --uncertain --headless --frames 1 2>"$tmp/unc.err"; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "--uncertain without priors: expected exit 2, got $rc" >&2; exit 1; }
grep -q "no \`uncertain:\` block" "$tmp/unc.err" || { cat "$tmp/unc.err" >&2; exit 1; }
set +e
"$dash" "$scenario" --uncertain --posterior 1 --headless --frames 1 2>"$tmp/unc.err"; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "--uncertain --posterior: expected exit 2, got $rc" >&2; exit 1; }

# 3. A scripted what-if: more shielding for the focal team must lower its median drift; every
# panel with something to draw after a what-if (the causal layout, placed labels, paired changes,
# the sweeps list) is drawn once on the way.
cat >"$tmp/whatif.txt" <<'SCRIPT'
at 0 wait-for-result
at 1 print drift frontier
at 1 print analytic frontier
at 2 drag teams.frontier.shielding 0.6
at 3 print analytic frontier
at 3 drag teams.frontier.shielding 0.95
at 4 release
at 5 wait-for-result
at 6 print drift frontier
at 7 save-variant shielded
at 8 open causal
at 9 open map
at 10 open ventures
at 11 open worlds
at 12 open runs
at 13 open drift
at 14 scrub 104
SCRIPT
xvfb-run -a -s "-screen 0 1280x800x24" "$dash" "$scenario" --headless --frames 17 --size 1280x800 \
  --replicates 24 --drag-replicates 8 --db "$tmp/dash.db" --script "$tmp/whatif.txt" \
  --screenshot "$tmp/shot.png" >"$tmp/out.txt" 2>"$tmp/err.txt" || {
  echo "scripted run failed" >&2; cat "$tmp/err.txt" >&2; exit 1; }

python3 - "$tmp/out.txt" "$tmp/shot.png" "$tmp/dash.db" <<'PY'
import sqlite3, struct, sys, zlib

out, png, db = sys.argv[1:4]
lines = [l.split() for l in open(out) if l.startswith("drift ")]
assert len(lines) == 2, f"expected two drift lines, got {lines}"
before, after = float(lines[0][3]), float(lines[1][3])
print(f"median drift of frontier at the horizon: {before:.4f} -> {after:.4f}")
assert after < before - 0.01, "more shielding should lower the focal team's drift"
# The analytic preview moves in the frame after a drag, before any simulated result.
analytic = [float(l[2]) for l in (l.split() for l in open(out)) if l and l[0] == "analytic"]
assert len(analytic) == 2, f"expected two analytic lines, got {analytic}"
print(f"analytic steady drift of frontier: {analytic[0]:.4f} -> {analytic[1]:.4f} one frame after the drag")
assert analytic[1] < analytic[0] - 1e-3, "the analytic preview did not follow the drag at once"

# Decode the PNG (8-bit RGB, as the dashboard writes it) and count distinct colours.
data = open(png, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype == 2, "expected 8-bit RGB"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert (width, height) == (1280, 800), f"unexpected size {width}x{height}"
raw = zlib.decompress(idat)
stride = width * 3
prev = bytearray(stride)
colours = set()
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b = prev[i]
        c = prev[i - 3] if i >= 3 else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, 3 * 4))
    prev = line
print(f"screenshot: {width}x{height}, {len(colours)} distinct colours (sampled)")
assert len(colours) >= 200, "the screenshot looks blank"

con = sqlite3.connect(db)
rows = con.execute("select label, status, replicates from runs").fetchall()
assert ("shielded", "complete", 24) in rows, f"saved variant missing: {rows}"
PY
