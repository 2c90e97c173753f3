#!/usr/bin/env python3
"""The Harrison and Carroll (1991) table of docs/validation.md: simulated mean assumption level
against the mean-field recurrence, for the bundled scenario and its what-ifs.

    scripts/harrison_carroll_table.py [--bin build/bin/orgforces] [-n 1000]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import yaml

SCENARIO = os.path.join(os.path.dirname(__file__), "..", "scenarios", "classics", "harrison-carroll-1991.yaml")
TICKS = (13, 52, 104, 260)


def culture(doc, sets):
    team, water = doc["teams"][0], doc["water"][0]
    c = {
        "d": water["depth"], "c": water["initial_code"], "h": team["attrition"],
        "g": team["hiring"]["growth"], "a0": team["hiring"]["external_assumptions"][water["name"]],
        "m0": team["initial_assumptions"][water["name"]], "n0": team["size"],
    }
    keys = {"teams.members.size": "n0", "teams.members.attrition": "h", "teams.members.hiring.growth": "g"}
    for path, value in sets.items():
        c[keys[path]] = value
    return c


def mean_field(c, horizon):
    m, n, out = c["m0"], c["n0"], [c["m0"]]
    for _ in range(horizon):
        socialized = m + c["d"] * (c["c"] - m)
        stayers = n * (1 - c["h"])
        n = stayers + c["g"]
        m = (stayers * socialized + c["g"] * c["a0"]) / n
        out.append(m)
    return out


def simulate(binary, sets, replicates, db):
    cmd = [binary, "run", SCENARIO, "-n", str(replicates), "--json", "--db", db]
    for path, value in sets.items():
        cmd += ["--set", f"{path}={value}"]
    result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    series = next(s for s in result["series"] if s["measure"].startswith("assumption:"))
    return series["mean"], series["ci_lo"], series["ci_hi"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin/orgforces")
    ap.add_argument("-n", "--replicates", type=int, default=1000)
    args = ap.parse_args()
    with open(SCENARIO) as f:
        doc = yaml.safe_load(f)
    cases = [("stable (80 people)", {})] + [(v["name"], v["set"]) for v in doc["what_if"]]
    print(f"| case | tick | simulated (95% CI) | mean field |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "runs.db")
        summary = []
        for name, sets in cases:
            c = culture(doc, sets)
            mf = mean_field(c, doc["horizon"])
            mean, lo, hi = simulate(args.bin, sets, args.replicates, db)
            for t in TICKS:
                print(f"| {name} | {t} | {mean[t]:.4f} ({lo[t]:.4f} to {hi[t]:.4f}) | {mf[t]:.4f} |")
            alpha = (1 - c["h"]) * (1 - c["d"])
            m_star = ((1 - c["h"]) * c["d"] * c["c"] + c["h"] * c["a0"]) / (1 - alpha)
            summary.append((name, m_star, math.log(0.5) / math.log(alpha)))
    print()
    print("| case | equilibrium m* | half-life at equilibrium size (ticks) |")
    print("| --- | ---: | ---: |")
    for name, m_star, t_half in summary:
        print(f"| {name} | {m_star:.4f} | {t_half:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
