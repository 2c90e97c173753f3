#!/usr/bin/env bash
# docs/getting-started.md quotes only the program's own outputs: every ```console block of the
# guide is run, and every output line it quotes must appear in what its command printed.
#
# How a block is read (the guide says so in a comment at its top):
#   - a line beginning with "$ " is a command, run by bash in one scratch folder for the whole
#     guide (so a later command sees an earlier command's files), with `orgforces` on PATH and
#     `scenarios/` linked to the source tree's;
#   - the lines after it, up to the next command or the block's end, are what it prints (stdout
#     and stderr together, any exit status);
#   - a quoted line must equal a line of that output, except that a line ending in " ..." need
#     only begin the line, and a line that is only "..." stands for lines left out;
#   - ```text blocks and indented blocks are never run.
set -euo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$src/scenarios" "$tmp/scenarios"
python3 - "$src/docs/getting-started.md" "$tmp" "$bin" <<'PY'
import os, re, subprocess, sys
guide, work, bindir = sys.argv[1:]
text = open(guide, encoding="utf-8").read()
blocks = re.findall(r"^```console\n(.*?)^```", text, re.S | re.M)
assert blocks, "the guide has no console block"
steps = []   # (command, [quoted lines])
for block in blocks:
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line.rstrip())
        elif line.strip():
            sys.exit(f"a console block starts with output, not a command: {line!r}")
env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], NO_COLOR="1")
failures, quoted = [], 0
for command, lines in steps:
    p = subprocess.run(["bash", "-c", command], cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    out = [l.rstrip() for l in p.stdout.decode("utf-8", "replace").splitlines()]
    for want in lines:
        if not want or want == "...":
            continue
        quoted += 1
        if want.endswith(" ..."):
            ok = any(o.startswith(want[:-4]) for o in out)
        else:
            ok = want in out
        if not ok:
            failures.append(f"$ {command}\n  quoted:  {want}\n  printed: " + "\n           ".join(out[:12]))
if failures:
    sys.exit("the guide quotes output its commands do not print:\n" + "\n".join(failures))
print(f"{len(steps)} commands of the guide run; {quoted} quoted lines found in their output")
PY
