#!/usr/bin/env python3
"""Analytic vs simulated drift and half-life per team (docs/validation.md#agreement).

Usage: scripts/agreement.py ORGFORCES [--before OLD_ORGFORCES] [--horizon 780] [--replicates 40]
                            [--seed 1] SCENARIO...

For each scenario, runs `orgforces analyze --json` and `orgforces run --json` with the scenario's
horizon replaced (every stochastic mechanism as the file sets it) and prints a Markdown table:
the analytic steady drift against the simulated ensemble mean drift at the horizon, and the
analytic half-life against the simulated one (the first tick at which the mean drift has covered
half of its way from tick 0 to its value at the horizon). A team agrees when the two drifts are
within 10% of the simulated one or 0.01 absolute. With --before, the analytic figures of another
build are shown beside (the simulation is the same when the engine's results did not change).
Exit code 1 when some team disagrees.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile


def with_horizon(path, horizon):
    text = open(path, encoding="utf-8").read()
    text, n = re.subn(r"^horizon:\s*\d+", f"horizon: {horizon}", text, count=1, flags=re.M)
    if n != 1:
        sys.exit(f"{path}: no top-level `horizon:` line")
    fd, out = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return out


def simulated_half_life(series):
    start, end = series[0], series[-1]
    if abs(start - end) < 1e-12:
        return 0.0
    for t, v in enumerate(series):
        if abs(v - end) <= 0.5 * abs(start - end):
            return float(t)
    return math.inf


def fmt(x, digits=3):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("orgforces")
    ap.add_argument("scenarios", nargs="+")
    ap.add_argument("--horizon", type=int, default=780)
    ap.add_argument("--replicates", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--before", help="an older orgforces whose analytic figures are shown beside")
    a = ap.parse_args()
    failures = total = failures_before = 0
    for path in a.scenarios:
        tmp = with_horizon(path, a.horizon)
        analyze = lambda exe: json.loads(subprocess.run([exe, "analyze", tmp, "--json"], check=True,
                                                        capture_output=True, text=True).stdout)
        try:
            analytic = analyze(a.orgforces)
            before = {t["team"]: t for t in analyze(a.before)["teams"]} if a.before else None
            run = json.loads(subprocess.run([a.orgforces, "run", tmp, "--json", "--no-db", "-n", str(a.replicates),
                                             "--seed", str(a.seed)], check=True, capture_output=True,
                                            text=True).stdout)
        finally:
            os.unlink(tmp)
        drift = {s["entity"]: s["mean"] for s in run["series"] if s["measure"] == "drift"}
        print(f"\n### {os.path.basename(path)} (horizon {a.horizon}, {a.replicates} replicates, seed {a.seed})\n")
        if before:
            print("| team | analytic drift before | analytic drift | simulated drift | difference before | difference "
                  "| agrees | analytic half-life before | analytic half-life | simulated half-life |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |")
        else:
            print("| team | analytic drift | simulated drift | difference | agrees | analytic half-life | simulated half-life |")
            print("| --- | ---: | ---: | ---: | :---: | ---: | ---: |")
        for team in analytic["teams"]:
            name = team["team"]
            series = drift[name]
            sim, ana = series[-1], team["steady_drift"]
            ok = abs(ana - sim) <= max(0.1 * abs(sim), 0.01)
            total += 1
            failures += not ok
            rel = lambda x: f"{100 * (x - sim) / sim:+.0f}%" if abs(sim) > 1e-12 else "–"
            if before:
                old = before[name]
                old_ok = abs(old["steady_drift"] - sim) <= max(0.1 * abs(sim), 0.01)
                failures_before += not old_ok
                print(f"| {name} | {fmt(old['steady_drift'])} | {fmt(ana)} | {fmt(sim)} | {rel(old['steady_drift'])} "
                      f"| {rel(ana)} | {'yes' if old_ok else '**no**'} → {'yes' if ok else '**no**'} | "
                      f"{fmt(old['half_life'], 1)} | {fmt(team['half_life'], 1)} | {fmt(simulated_half_life(series), 1)} |")
            else:
                print(f"| {name} | {fmt(ana)} | {fmt(sim)} | {rel(ana)} | {'yes' if ok else '**no**'} | "
                      f"{fmt(team['half_life'], 1)} | {fmt(simulated_half_life(series), 1)} |")
    if a.before:
        print(f"\nBefore: {total - failures_before} of {total} teams agree.")
    print(f"\n{total - failures} of {total} teams agree.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
