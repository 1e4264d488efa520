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
# # Scaling up: a Dask cluster, Grams on disk, several devices, Nyström features
#
# The exact Gram of $N$ sequences of $T$ steps costs $O(N^2 T)$ time and $O(N^2)$ memory: 20 GB in float64
# at $N = 50{,}000$, and a grid search multiplies the time. This chapter measures, on this book's 2-core
# CPU machine, what `rntk` offers past one call: the Gram as a Dask array of tiles computed by the
# workers of a cluster (`rntk.distributed.gram`), the same tiles written to disk when the Gram does not
# fit in memory, the rows of each tile spread over several devices, and a low-rank approximation whose
# memory is linear in $N$. Neither paper makes a claim here; the figures are costs, measured.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import os
import time

import jax
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

from rntk import RecurrentKernel
from rntk.distributed import gram
from reproduction.experiments import scaling

quick = profile == "quick"
pd.set_option("display.max_columns", None)

# %% [markdown]
# ## A Gram on a cluster
#
# `gram(kernel, X, Z=None, client=None, block_size=None, store=None)` builds a Dask array whose blocks
# are tiles, each the same jitted kernel between two blocks of sequences (the blocks keep the padding of
# the whole collection, so every tile has one shape and compiles once per worker). A self-Gram computes
# the tiles on and above the diagonal and takes the others as their transposes. With `client=` the tiles
# are computed by the cluster's workers and stay there until gathered; without it, Dask's threads in this
# process compute them. Here a local cluster of two worker processes, on sequences of different lengths:

# %%
rng = np.random.default_rng(0)
lengths = rng.integers(20, 61, 300 if quick else 1000)
X = [rng.standard_normal((int(t), 1)) for t in lengths]
kernel = RecurrentKernel(sigma_w=1.4, sigma_b=0.1)
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=":0")
with cluster, Client(cluster) as client:
    G = gram(kernel, X, client=client, block_size=128 if quick else 256)
    rows, cols = G.numblocks
    print(f"{rows * cols} tiles of up to {G.chunksize[0]} x {G.chunksize[1]} "
          f"({rows * (rows + 1) // 2} computed, the rest transposed)")
    on_cluster = G.compute()
print("largest relative difference from kernel(X) in this process:",
      f"{np.abs(on_cluster - kernel(X)).max() / np.abs(on_cluster).max():.1e}")

# %% [markdown]
# The tests (`tests/test_distributed.py`) run the same on a two-process `LocalCluster` and kill one
# worker in the middle of a Gram: Dask recomputes the dead worker's tiles (each is a pure function of
# its two blocks) and the Gram is complete and equal to the in-process one to $10^{-12}$. The experiment
# runners send their units (one data set and method) to a cluster with
# `python -m reproduction.experiments.ucr ours --scheduler tcp://HOST:8786` (likewise `uci paper`); each unit writes its
# cache file atomically, as in a serial run, so the workers must see the repository's `results/`.
#
# ## Time and peak memory against N
#
# Random unit-norm sequences of 20 steps, one layer, ReLU; each Gram computed in a fresh process
# (`reproduction.experiments.scaling`), four ways: one call of `RecurrentKernel` in the process; `gram` on Dask's
# threads; `gram` on a local cluster of two worker processes, gathered into the client; and `gram` with
# `store=`, which writes each tile to a zarr array on disk and returns the array read back by block (here
# its diagonal is summed, reading every diagonal tile). Peak memory is the process's peak resident
# memory (for the cluster, the client's; the workers' follow in the table). Times include compilation.

# %% tags=["nbval-ignore-output"]
if quick:
    costs = pd.DataFrame([scaling.measure(mode, n, steps=10, block_size=128)
                          for n in (200, 400) for mode in scaling.MODES])
else:
    units = [(mode, n) for n in scaling.SIZES for mode in scaling.MODES]
    units.append(("out of core", scaling.OUT_OF_CORE_N))
    costs = pd.DataFrame([scaling.cached_measure(mode, n) for mode, n in units])
same = costs.groupby("n")["trace"].agg(lambda t: np.ptp(t) / np.abs(t).max())
print("largest relative spread of the Gram's trace across the four ways, per N:",
      f"{same.max():.1e}")
workers = costs.workers_peak_gb.map(
    lambda w: "" if not isinstance(w, list) else " / ".join(f"{v:.2f}" for v in w))
columns = {"gram_gb": "Gram (GB)", "seconds": "seconds", "peak_gb": "peak memory (GB)",
           "after_imports_gb": "after imports (GB)",
           "workers_peak_gb": "workers' peak (GB)"}
table = costs.assign(workers_peak_gb=workers).set_index(["n", "mode"])[list(columns)]
table.round(2).rename(columns=columns)

# %% tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for mode, rows in costs.groupby("mode", sort=False):
    axes[0].loglog(rows.n, rows.seconds, "o-", label=mode)
    axes[1].loglog(rows.n, rows.peak_gb, "o-", label=mode)
sizes = np.array(sorted(costs.n.unique()))
axes[1].loglog(sizes, sizes**2 * 8 / 1e9, "k--", label="the Gram itself")
axes[0].loglog(sizes, costs.seconds.min() * (sizes / sizes[0]) ** 2, "k:", label="N^2")
axes[0].set_ylabel("seconds")
axes[1].set_ylabel("peak resident memory (GB)")
for ax in axes:
    ax.set_xticks(sizes, [f"{n:,}" for n in sizes], minor=False)
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    ax.set_xlabel("N (sequences)")
    ax.legend(fontsize=9)
fig.tight_layout()

# %% tags=["nbval-ignore-output", "hide-input"]
from IPython.display import Markdown

by = costs.set_index(["mode", "n"])
largest = costs.n[costs["mode"] != "out of core"].max()
memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
big = costs[costs["mode"] == "out of core"].sort_values("n").iloc[-1]
text = [
    f"At N = {largest:,} the Gram takes {by.loc[('in-process', largest), 'gram_gb']:.2f} GB; one call in the "
    f"process took {by.loc[('in-process', largest), 'seconds']:.1f} s, Dask's threads "
    f"{by.loc[('dask threads', largest), 'seconds']:.1f} s and the local cluster "
    f"{by.loc[('local cluster', largest), 'seconds']:.1f} s (two workers on the same two cores: the cluster adds "
    "transfers and a second compilation, not cores; on a real cluster each worker brings its own)."
]
text.append(
    f"The largest Gram here: N = {big.n:,}, {big.gram_gb:.1f} GB, on a machine with {memory_gb:.1f} GB of memory, "
    f"written to disk tile by tile in {big.written_seconds:.0f} s and read back in "
    f"{big.seconds - big.written_seconds:.0f} s; the process's peak resident memory was {big.peak_gb:.2f} GB, "
    f"{big.peak_gb / big.gram_gb:.1%} of the Gram."
)
Markdown(" ".join(text))

# %% [markdown]
# ## Several devices
#
# `RecurrentKernel` computes a Gram tile by tile (`block_size` bounds the memory: the state is
# O(L · block²)), and spreads the rows of each tile over `devices` (default: all local JAX devices, e.g.
# every GPU of the machine) with `jax.sharding`; the result is the same as on one device. On a CPU, JAX
# shows one device unless `XLA_FLAGS=--xla_force_host_platform_device_count=N` is set before JAX is
# imported (the tests use 4). Under `jax.distributed.initialize()` on several hosts, give each process
# the rows it owns and its `jax.local_devices()`; the tiles need no communication.

# %% tags=["nbval-ignore-output"]
big = np.random.default_rng(0).standard_normal((400 if quick else 4000, 50))
kernel = RecurrentKernel(depth=1, sigma_w=np.sqrt(2), sigma_b=0.1, block_size=1024)
start = time.perf_counter()
K = kernel(big)
seconds = time.perf_counter() - start
print(f"Gram {K.shape} of sequences of length 50 in {seconds:.2f} s on "
      f"{len(jax.local_devices())} {jax.default_backend()} device(s), tiles of 1024")

# %% [markdown]
# The same code path on several devices, forced on this CPU in a fresh process: the rows of every tile
# are spread over four CPU devices that share the machine's cores (so this shows that the result is the
# same, not a speed-up).

# %%
from reproduction.experiments.practice import on_forced_cpu_devices

forced = on_forced_cpu_devices(4, n=200 if quick else 1000)
print(f"{forced['devices']} {forced['platform']} devices; "
      f"largest difference from one device: {forced['max_difference']:.1e}")

# %% tags=["nbval-ignore-output"]
print(f"seconds on {forced['devices']} forced devices: {forced['seconds']:.2f}")

# %% [markdown]
# ## Large N: Nyström features
#
# The exact Gram costs $O(N^2 T)$ time and $O(N^2)$ memory. `rntk.approx.Nystroem` draws $m$ landmark
# sequences from the training data and maps every sequence, of any length, to $m$ features whose inner
# products approximate the kernel, $\phi(x) = K(x, L)\,K(L, L)^{-1/2}$: time $O(N m T)$, memory $O(N m)$,
# and any linear model on top. On ECG5000 (500 training and 4,500 test series of 140 steps), a C-SVM on the
# exact Gram against a linear C-SVM on the features, which solves the same problem with the Gram
# replaced by its approximation. The kernel settings and $C$ are those cross-validation chose for the
# RNTK on this data set's training split in the UCR chapter (the paper's grid).

# %%
from reproduction.experiments.practice import nystroem_against_exact
from reproduction.experiments.ucr import PAPER_GRID, PAPER_GRID_RESULTS, cache_params
from reproduction.cache import stored_json

chosen = stored_json(PAPER_GRID_RESULTS / "ECG5000" / "RNTK.json",
                     cache_params("RNTK", PAPER_GRID))["chosen"]
settings = {k: v for k, v in chosen.items() if k != "C"}
print("settings:", chosen)
ranks = [10, 50] if quick else [5, 10, 20, 50, 100, 200, 500]
nystroem = pd.DataFrame(nystroem_against_exact("ECG5000", ranks, settings, chosen["C"],
                                               test_size=300 if quick else None))
nystroem.drop(columns="seconds").round({"gram_error": 4, "accuracy": 2})

# %% tags=["nbval-ignore-output"]
print("seconds (kernel, features and SVM, fit and predict): " + ", ".join(
    f"{r.method} {r.rank}: {r.seconds:.1f}" for r in nystroem.itertuples()))

# %% tags=["hide-input"]
exact = nystroem.loc[nystroem.method == "exact", "accuracy"].iloc[0]
features = nystroem[nystroem.method != "exact"].sort_values("rank")
within = {gap: features.loc[(exact - features.accuracy) <= gap, "rank"].min() for gap in (0.1, 2.0)}
reach = "; ".join(
    (f"{int(m)} landmarks come within" if m == m else "no rank of the grid comes within")
    + f" {gap:g} point{'s' if gap > 1 else ''} of it" for gap, m in within.items())
big, m_big = 50_000, max(ranks)
m_last = int(features["rank"].iloc[-1])
n_train = int(nystroem.loc[nystroem.method == "exact", "rank"].iloc[0])
why = (", not zero: this setting has $\\sigma_h > 0$, which adds to the kernel of a series with itself "
       "only, a term that features shared between distinct series cannot carry"
       if settings.get("sigma_h", 0) > 0 and m_last == n_train else "")
Markdown(
    f"""On this data set the exact kernel's test accuracy is {exact:.2f} %; {reach}. At
$m = {m_last}${" = N" if m_last == n_train else f" (N = {n_train})"} the Gram error is {features['gram_error'].iloc[-1]:.2g}{why}. At
$N = {big:,}$ the exact training Gram alone takes {big ** 2 * 8 / 1e9:.0f} GB in float64; the features of
$m = {m_big}$ landmarks take {big * m_big * 8 / 1e6:.0f} MB."""
)

# %% [markdown]
# ## Reading
#
# On one machine the cluster is a way to share work, not to gain speed: its workers compete for the same
# cores. What it changes is where the limits lie. Tiles make the exact Gram's memory a choice
# (`block_size`), on disk the Gram's size is bounded by the disk rather than by memory, and on a cluster
# its time is divided among the workers' cores; the cost stays $O(N^2 T)$. Past that, Nyström features
# trade a small, measured loss of accuracy for time and memory linear in $N$.
