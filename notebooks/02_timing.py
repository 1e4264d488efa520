# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Computation time on a CPU (second paper, Fig. 2)
#
# **Claim** (the second paper's Section VI). Its implementation keeps $O(N^2)$ memory instead of
# $O(T N^2)$; on a GPU the time grows linearly or sub-linearly in the number of layers $L$, the length $T$
# and the number of sequences $N$ (about 2.5 times slower for 10 times more sequences), with $L$ the
# bottleneck, while on its CPU it grows "from exponential to linear".
#
# **Here.** `rntk` computes the same Gram (and, unlike the papers' code, for sequences of different
# lengths too) in JAX: the recursion over time is one `lax.scan`, every pair of a tile is updated at
# once, and the arccos of the ReLU rule is a polynomial that fuses with the rest of the step. We time
# it while varying L, T and N as in the paper's figure, on the CPU of the machine that ran this
# chapter, against a plain NumPy implementation of the papers' all-pairs algorithm
# (`rntk.timing.numpy_all_pairs_ntk`, one layer only). `benchmarks/kernel_speed.py` prints the same
# comparison from the command line, with the arccos floor.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import json

import matplotlib.pyplot as plt
import numpy as np

from rntk.cache import RESULTS, cached_json
from rntk.timing import FIG2_GRID, device_label, timing_sweeps

quick = profile == "quick"
if quick:
    grid = dict(depths=[1, 2], lengths=[5, 10], sizes=[50, 100], base=(1, 10, 100), repeat=1)
else:
    grid = FIG2_GRID

# %% [markdown]
# The full profile reads the timings stored under `results/timing/` (they take a few minutes to measure
# and vary from machine to machine); `make reproduce` measures them again. The quick profile measures a
# small grid on the spot.

# %% tags=["nbval-ignore-output"]
if quick:
    timings = {"device": device_label(), "sweeps": timing_sweeps(**grid)}
else:
    timings = cached_json(RESULTS / "timing" / "cpu.json",
                          lambda: {"device": device_label(), "sweeps": timing_sweeps(**grid)}, params=grid)
print("measured on", timings["device"])
gpu_files = sorted((RESULTS / "timing").glob("gpu*.json"))
gpu = [json.loads(f.read_text())["result"] for f in gpu_files]
print("stored GPU runs:", [g["device"] for g in gpu] or "none")

# %% tags=["nbval-ignore-output"]
labels = {"depth": "number of layers L", "length": "length T", "size": "number of sequences N"}
fixed = {"depth": "T={1}, N={2}", "length": "L={0}, N={2}", "size": "L={0}, T={1}"}
fig, grid_axes = plt.subplots(2, 2, figsize=(11, 8))
axes = grid_axes.ravel()
axes[3].set_visible(False)
for ax, (name, rows) in zip(axes, timings["sweeps"].items()):
    x = [r["value"] for r in rows]
    ax.plot(x, [r["rntk_s"] for r in rows], "o-", color="tab:red", label="rntk, CPU")
    base = [(r["value"], r["numpy_s"]) for r in rows if r["numpy_s"] is not None]
    if len(base) > 1:
        ax.plot(*zip(*base), "s--", color="tab:gray", label="NumPy all-pairs, CPU")
    for g in gpu:
        gr = g["sweeps"][name]
        ax.plot([r["value"] for r in gr], [r["rntk_s"] for r in gr], "o-", color="tab:blue",
                label=f"rntk, {g['device']}")
    ax.set_xlabel(labels[name])
    ax.set_ylabel("seconds per Gram (NTK)")
    ax.set_yscale("log")
    ax.set_title(fixed[name].format(*grid["base"]))
axes[1].legend(fontsize=9)
fig.tight_layout()

# %% tags=["nbval-ignore-output"]
print(f"{'sweep':<7} {'value':>6} {'rntk (s)':>10} {'NumPy (s)':>10} {'speed-up':>9}")
for name, rows in timings["sweeps"].items():
    for r in rows:
        b = r["numpy_s"]
        speedup = f"{b / r['rntk_s']:8.1f}x" if b else ""
        print(f"{name:<7} {r['value']:>6} {r['rntk_s']:10.4f} {b if b else float('nan'):10.4f} {speedup:>9}")

# %% [markdown]
# ## Verdicts
#
# The growth of the time with each parameter, as the least-squares slope of log time against log
# parameter (1: linear, 2: quadratic). The paper's GPU statements need a GPU run, stored under
# `results/timing/gpu*.json`; without one they are not testable here.

# %% tags=["nbval-ignore-output"]
from rntk.ledger import Ledger

ledger = Ledger("02_timing")
slopes = {name: float(np.polyfit(np.log([r["value"] for r in rows]), np.log([r["rntk_s"] for r in rows]), 1)[0])
          for name, rows in timings["sweeps"].items()}
print("log-log slopes on this CPU:", {k: round(v, 2) for k, v in slopes.items()})
gpu_slopes = [{name: float(np.polyfit(np.log([r["value"] for r in rows]), np.log([r["rntk_s"] for r in rows]), 1)[0])
               for name, rows in g["sweeps"].items()} for g in gpu]
ledger.record("GPU time grows at most linearly in L, T and N", paper="Fig. 2, 'linear or sub-linear'",
              measure="log-log slope of GPU time per parameter", test="every slope <= 1.1",
              ours=("; ".join(", ".join(f"{k} {v:.2f}" for k, v in s.items()) for s in gpu_slopes)
                    or "no GPU run stored"),
              holds=bool(all(v <= 1.1 for s in gpu_slopes for v in s.values())) if gpu_slopes else None)
ledger.record("GPU: 10 times more sequences cost about 2.5 times the time", paper="about 2.5x",
              measure="time ratio for 10x N on a GPU", test="between 1.5x and 4x",
              ours="no GPU run stored" if not gpu else ", ".join(
                  f"{10 ** s['size']:.1f}x" for s in gpu_slopes),
              holds=bool(all(1.5 <= 10 ** s["size"] <= 4 for s in gpu_slopes)) if gpu_slopes else None)
if not quick:
    ledger.save()
ledger

# %% [markdown]
# **Reading.** On a CPU, `rntk`'s time grows about linearly in $L$ and $T$ and quadratically in $N$ (the
# slopes above): every pair of sequences costs the same work, so there is nothing sub-quadratic to gain
# once the processor is busy. The paper's GPU curves grow more slowly because its GPU is far from busy at
# those sizes; whether `rntk` does the same on a GPU is not tested here until a GPU run is stored (the
# list at the top says "none"). All sizes of the paper's figure fit in memory: the Gram is computed in
# tiles (`block_size`) with state O(L · block²), so N = 20,000 needs a few hundred MB, not O(T N²). The
# paper's CPU curve comes from its own code on a 10-core Intel i9; ours is whatever ran this chapter
# (printed above), and the table gives `rntk`'s speed-up over the NumPy all-pairs algorithm on that
# machine; `make bench` adds the floor of one `np.arccos` per pair and step.
