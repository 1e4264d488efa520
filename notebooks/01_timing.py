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
# # Computation time (second paper, Fig. 2)
#
# **Claim.** The second paper computes the Gram matrix of the RNN kernels for all pairs at once, with
# O(N²) memory instead of O(T N²), and shows (its Fig. 2) that the time grows with the number of layers
# L, the length T and the number of sequences N, much more slowly on a GPU than on a CPU.
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
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
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
axes[1].legend(fontsize=8)
fig.tight_layout()

# %% tags=["nbval-ignore-output"]
print(f"{'sweep':<7} {'value':>6} {'rntk (s)':>10} {'NumPy (s)':>10} {'speed-up':>9}")
for name, rows in timings["sweeps"].items():
    for r in rows:
        b = r["numpy_s"]
        speedup = f"{b / r['rntk_s']:8.1f}x" if b else ""
        print(f"{name:<7} {r['value']:>6} {r['rntk_s']:10.4f} {b if b else float('nan'):10.4f} {speedup:>9}")

# %% [markdown]
# **What agrees.** As in the paper, time grows linearly in L and in T and quadratically in N (the number
# of pairs), and all sizes of the paper's figure fit in memory: the Gram is computed in tiles
# (`block_size`) with state O(L · block²), so N = 20,000 needs a few hundred MB, not O(T N²).
#
# **What differs.** The paper's CPU curve comes from a 10-core Intel i9 and its GPU curve from a GPU;
# ours is whatever ran this chapter (printed above), and the table gives rntk's speed-up over the NumPy
# all-pairs algorithm on that machine; `make bench` adds the floor of one `np.arccos` per pair and
# step. GPU curves are added when a run on a GPU machine is stored
# under `results/timing/gpu*.json` by `python -m rntk.timing` on a GPU machine (none is stored yet if
# the list above says "none").
