#!/usr/bin/env python3
"""How far single-precision practice state would drift from double precision (docs/performance.md,
"Engine speed"): the engine's practice update p <- clip(p + (beta - alpha p) + sigma z) for 10,000
people in teams of 25 over 260 ticks, with large-org's rates (alpha 0.10-0.15, sigma 0.01) and the
same noise, once in float64 and once in float32. Prints the largest difference of a person and of a
team mean against the noise's own scale. A model of the update, not the engine.

    python3 bench/peers/float_error.py
"""
import numpy as np
rng = np.random.default_rng(1)
N, ticks, sigma = 10000, 260, 0.01
team = np.repeat(np.arange(400), 25)
alpha = (0.10 + 0.05 * rng.random(400))[team]      # leadership + peers + gravity (+ leans)
beta = alpha * (0.2 + 0.6 * rng.random(400))[team]  # alpha x target
p64 = np.clip(0.3 + 0.05 * rng.standard_normal(N), 0, 1)
p32 = p64.astype(np.float32)
a32, b32, s32 = alpha.astype(np.float32), beta.astype(np.float32), np.float32(sigma)
worst = 0.0
for t in range(ticks):
    z = rng.standard_normal(N).astype(np.float32)
    p64 = np.clip(p64 + (beta - alpha * p64) + sigma * z.astype(np.float64), 0, 1)
    p32 = np.clip(p32 + (b32 - a32 * p32) + s32 * z, np.float32(0), np.float32(1))
    worst = max(worst, np.abs(p32 - p64).max())
m64 = p64.reshape(400, 25).mean(1); m32 = p32.astype(np.float64).reshape(400, 25).mean(1)
print(f"max |p32-p64| over 260 ticks: {worst:.2e}; team means at 260: max diff {np.abs(m32-m64).max():.2e}")
print(f"noise per tick sigma = {sigma}; stationary person SD ~ {p64.reshape(400,25).std(1).mean():.2e}; "
      f"Monte Carlo SE of a team mean ~ {p64.reshape(400,25).std(1).mean()/5:.2e}")
