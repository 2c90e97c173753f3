#!/usr/bin/env python3
"""The engine's core dynamics written the way a competent data scientist would in NumPy, as a peer
for the engine benchmark (docs/performance.md, "Against NumPy").

One tick, vectorized over all people (arrays D x N and K x N, a team index per person):
forces folded into per-team coefficients (gravity after shielding and schedule, leadership, peers,
links), friction per team, ideas (Poisson, thinned by water), the practice update with the water
leans and Gaussian noise, clipped to [0, 1], water socialization and the code's learning, intent
erosion, turnover with replacement hires, and new team means.

It reads the sizes and rates of a scenario file (teams, units, intents, links, forces, water) but is
not the engine: it skips events, ventures, growth and the summaries. It measures work, not results.

    python3 bench/peers/numpy_core.py [scenarios/bench/large-org.yaml] [--replicates R] [--repeats N]
        [--core C] [--engine build/bin/bench_engine]

With --engine it also runs the engine's 1-thread tick loop on the same core, and prints both rates in
person-ticks per CPU-second and their ratio. Requires NumPy and PyYAML (Debian python3-numpy,
python3-yaml).
"""
import argparse
import os
import re
import subprocess
import sys
import time

# One core, one thread: BLAS must not spread the small matrix products over other cores.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import yaml  # noqa: E402


def schedule_factor(sched, tick):
    if not sched:
        return 1.0
    every = sched.get("every", 0)
    if not every:
        return 1.0
    offset, duration = sched.get("offset", 0), sched.get("duration", 1)
    if tick < offset:
        return sched.get("between", 1.0)
    return sched.get("multiplier", 1.0) if (tick - offset) % every < duration else sched.get("between", 1.0)


class Model:
    """A scenario compiled to arrays once (what the engine's World does)."""

    def __init__(self, s):
        dims = [d["name"] for d in s["dimensions"]]
        D = len(dims)
        org = s["organization"]
        teams = s["teams"]
        T = len(teams)
        names = {t["name"]: i for i, t in enumerate(teams)}
        self.D, self.T, self.horizon = D, T, int(s.get("horizon", 52))
        size = np.array([t.get("size", 1) for t in teams])
        self.size = size
        self.N = int(size.sum())
        self.starts = np.concatenate(([0], np.cumsum(size)[:-1]))
        self.team_of = np.repeat(np.arange(T), size)
        self.intent0 = np.array([[t["intent"].get(d, org["baseline"][d]) for d in dims] for t in teams])
        self.lam = np.array([t.get("leadership", 0.05) for t in teams])
        self.keep = 1.0 - np.array([t.get("shielding", 0.0) for t in teams])
        self.mu = float(org.get("peer_conformity", 0.0))
        self.sigma = float(org.get("noise", 0.0))
        self.phi, self.floor = float(org.get("friction_capacity_cost", 0.0)), float(org.get("capacity_floor", 0.0))
        self.eta, self.eps = float(org.get("friction_attrition", 0.0)), float(org.get("intent_erosion", 0.0))
        self.h0 = np.array([t.get("attrition", 0.003) for t in teams])
        self.ext_frac = float((s.get("hiring") or {}).get("external_fraction", 0.2))
        self.spread = float(org.get("hire_spread", 0.05))
        # Gravity: G x D targets and masks, T x G reach.
        grav = s.get("gravity", [])
        G = len(grav)
        self.G = G
        self.target = np.zeros((G, D))
        self.mask = np.zeros((G, D))
        self.strength = np.array([g.get("strength", 0.0) for g in grav])
        self.schedules = [g.get("schedule") for g in grav]
        self.reach = np.ones((T, G))
        for g, f in enumerate(grav):
            for d, v in f["target"].items():
                self.target[g, dims.index(d)] = v
                self.mask[g, dims.index(d)] = 1.0
            units = (f.get("reach") or {}).get("units")
            if units:
                self.reach[:, g] = [1.0 if t.get("unit") in units else 0.0 for t in teams]
        self.mask_target = self.mask * self.target
        self.mask_count = self.mask.sum(1)
        # Environment default: strength-weighted targets where named, else the baseline.
        mean_sched = np.array([1.0 if not sc or not sc.get("every") else
                               np.mean([schedule_factor(sc, k) for k in range(sc["every"])]) for sc in self.schedules])
        w = self.reach * (self.strength * mean_sched)
        num, den = w @ self.mask_target, w @ self.mask
        base = np.array([org["baseline"][d] for d in dims])
        self.defaults = np.where(den > 0, num / np.where(den > 0, den, 1.0), base)
        # Water: K x D leans, per-force rates, K x C filters.
        water = s.get("water", [])
        K = len(water)
        self.K = K
        kinds = list(org.get("idea_mix", {}).keys())
        self.mix = np.array([org["idea_mix"][c] for c in kinds])
        self.mix = self.mix / self.mix.sum()
        self.idea_rate = float(org.get("idea_rate", 0.0))
        self.explore = dims.index("exploration") if "exploration" in dims else -1
        self.lean_w = np.zeros((K, D))
        self.lean_v = np.zeros((K, D))
        self.filter = np.zeros((K, len(kinds)))
        self.depth = np.array([wf.get("depth", 0.0) for wf in water])
        self.code_learning = np.array([wf.get("code_learning", 0.0) for wf in water])
        self.prevalence = np.array([wf.get("prevalence", 0.5) for wf in water])
        for k, wf in enumerate(water):
            for d, v in (wf.get("leans") or {}).items():
                self.lean_w[k, dims.index(d)] = wf.get("lean_weight", 0.0)
                self.lean_v[k, dims.index(d)] = wf.get("lean_weight", 0.0) * v
            for c, v in (wf.get("filters") or {}).items():
                self.filter[k, kinds.index(c)] = v
        # Links: every (team, linked team, rate) as flat arrays.
        src, dst, rate = [], [], []
        net = float(org.get("network_influence", 0.0))
        for i, t in enumerate(teams):
            for u, r in (t.get("links") or {}).items():
                src.append(i)
                dst.append(names[u])
                rate.append(net * r)
        self.link_src, self.link_dst, self.link_rate = np.array(src, int), np.array(dst, int), np.array(rate)


def team_means(m, X):
    """Per-team means of the rows of X (rows x N) -> (T x rows)."""
    return (np.add.reduceat(X, m.starts, axis=1) / m.size).T


def run_replicate(m, seed):
    rng = np.random.default_rng(seed)
    D, K, T, N = m.D, m.K, m.T, m.N
    P = np.clip(m.intent0[m.team_of].T + 0.05 * rng.standard_normal((D, N)), 0.0, 1.0)
    A = np.repeat(m.prevalence[:, None], N, axis=1)
    code = m.prevalence.copy()
    intent = m.intent0.copy()
    mean, amean = team_means(m, P), team_means(m, A)
    Z = np.empty((D, N))
    CA = np.empty((D, N))
    CB = np.empty((D, N))
    for tick in range(1, m.horizon + 1):
        # Forces folded into per-team coefficients.
        factors = m.strength * np.array([schedule_factor(sc, tick) for sc in m.schedules])
        gk = m.keep[:, None] * m.reach * factors          # T x G
        alpha = (m.lam + m.mu)[:, None] + gk @ m.mask      # T x D
        beta = m.lam[:, None] * intent + m.mu * mean + gk @ m.mask_target
        gap2 = (((mean[:, None, :] - m.target[None]) ** 2) * m.mask[None]).sum(-1)   # T x G
        den = gk @ m.mask_count
        fric = np.where(den > 0, (gk * gap2).sum(1) / np.where(den > 0, den, 1.0), 0.0)
        np.add.at(beta, m.link_src, m.link_rate[:, None] * (mean[m.link_dst] - mean[m.link_src]))
        # Ideas: Poisson per team and kind, dismissed by the water's filters.
        explore = mean[:, m.explore] if m.explore >= 0 else 1.0
        keep = np.prod(1.0 - amean[:, :, None] * m.filter[None], axis=1)            # T x C
        made = rng.poisson((m.idea_rate * m.size * explore)[:, None] * m.mix)
        rng.binomial(made, 1.0 - keep)
        # Practice: per-person coefficients gathered from the team, plus the leans.
        np.take(alpha.T, m.team_of, axis=1, out=CA)
        np.take(beta.T, m.team_of, axis=1, out=CB)
        CA += m.lean_w.T @ A
        CB += m.lean_v.T @ A
        rng.standard_normal(out=Z)
        CA *= P
        CB -= CA
        Z *= m.sigma
        CB += Z
        P += CB
        np.clip(P, 0.0, 1.0, out=P)
        # Water: socialization toward the code; the code learns from the better-performing teams.
        A += m.depth[:, None] * (code[:, None] - A)
        fbar = (m.size * fric).sum() / m.size.sum()
        top = fric <= fbar + 1e-12
        if top.any():
            w = m.size * top
            code += m.code_learning * ((w @ amean) / w.sum() - code)
        # Intent erosion.
        intent += m.eps * (mean - intent)
        # Turnover: leavers replaced by outside or inside hires.
        h = np.clip(m.h0 + m.eta * fric, 0.0, 1.0)
        leaving = np.flatnonzero(rng.random(N) < h[m.team_of])
        if leaving.size:
            lt = m.team_of[leaving]
            P[:, leaving] = np.clip(m.defaults[lt].T + m.spread * rng.standard_normal((D, leaving.size)), 0.0, 1.0)
            outside = rng.random(leaving.size) < m.ext_frac
            A[:, leaving] = np.where(outside, 0.0, m.prevalence[:, None])
        # New team means.
        mean, amean = team_means(m, P), team_means(m, A)
    return m.horizon * N


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", nargs="?", default="scenarios/bench/large-org.yaml")
    ap.add_argument("--replicates", type=int, default=2, help="replicates per repeat (default 2)")
    ap.add_argument("--repeats", type=int, default=5, help="repeats; medians are printed (default 5)")
    ap.add_argument("--core", type=int, default=0, help="the core to pin to (default 0)")
    ap.add_argument("--engine", help="bench_engine binary: also measure the engine's 1-thread tick loop")
    ap.add_argument("--engine-replicates", type=int, default=16,
                    help="bench_engine --replicates (it steps a eighth of them per repeat; default 16)")
    a = ap.parse_args()
    os.sched_setaffinity(0, {a.core})  # children (the engine) inherit it
    with open(a.scenario) as f:
        m = Model(yaml.safe_load(f))
    load = os.getloadavg()
    print(f"pinned to core {a.core}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"scenario {a.scenario}: {m.N} people, {m.T} teams, {m.D} dimensions, {m.K} water, {m.G} gravity, "
          f"{m.horizon} ticks; NumPy {np.__version__}")
    rates = []
    for r in range(a.repeats):
        c0 = time.process_time()
        work = sum(run_replicate(m, 1000 * r + i) for i in range(a.replicates))
        rates.append(work / (time.process_time() - c0))
    numpy_rate = median(rates)
    print(f"numpy: median {numpy_rate:.3g} person-ticks per CPU-second (of {a.repeats} repeats, "
          f"{a.replicates} replicates each)")
    if a.engine:
        out = subprocess.run([a.engine, a.scenario, "--replicates", str(a.engine_replicates), "--repeats",
                              str(a.repeats), "--threads", "1", "--no-ensemble"],
                             check=True, capture_output=True, text=True).stdout
        sys.stdout.write(out)
        hit = re.search(r"tick loop, 1 thread: .*?, ([0-9.e+]+) per CPU-second", out)
        if not hit:
            sys.exit("no tick-loop rate in the engine's output")
        engine_rate = float(hit.group(1))
        print(f"engine: {engine_rate:.3g} person-ticks per CPU-second; engine / numpy = {engine_rate / numpy_rate:.1f}")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
