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
# # Using rntk on your own data
#
# Three runnable recipes: a scikit-learn grid search on sequences of different lengths; the RNTK as an
# aeon classifier on UCR data, beside two of aeon's own classifiers; and a large Gram matrix computed in
# tiles spread over several devices. The API reference is the last page of this book.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import time

import jax
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split

from rntk import RecurrentKernel
from rntk.cache import RESULTS, cached_json
from rntk.estimators import RNTKClassifier
from rntk.experiments.practice import RNTK_GRID, compare_on_ucr

quick = profile == "quick"

# %% [markdown]
# ## 1. scikit-learn: a grid search on sequences of different lengths
#
# A list of 1-D (or `(T_i, m)`) arrays is valid input: no padding, no resampling. `RNTKClassifier`
# exposes the kernel's scales and the SVM's `C` as parameters, so `GridSearchCV` tunes them directly;
# the training Gram is kept between fits that differ only in `C`.

# %%
rng = np.random.default_rng(0)
n = 60 if quick else 200


def series(label):
    """Two classes of noisy oscillations of random length (20-60 steps) and random phase."""
    t = np.arange(rng.integers(20, 61))
    freq = 0.25 if label == 0 else 0.6
    return np.sin(freq * t + rng.uniform(0, 2 * np.pi)) + 0.3 * rng.standard_normal(len(t))


y = rng.integers(0, 2, n)
X = [series(label) for label in y]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
search = GridSearchCV(RNTKClassifier(architecture="avg-shared"),
                      {"C": [0.1, 1.0, 10.0], "sigma_w": [1.0, np.sqrt(2)], "sigma_b": [0.0, 0.5]}, cv=3)
search.fit(X_train, y_train)
print("chosen:", {k: round(float(v), 4) for k, v in search.best_params_.items()})
print(f"test accuracy: {search.score(X_test, y_test):.3f} on {len(X_test)} sequences "
      f"of lengths {min(map(len, X_test))}-{max(map(len, X_test))}")

# %% [markdown]
# ## 2. aeon: the RNTK beside ROCKET and 1-NN DTW on UCR data sets
#
# `rntk.aeon_estimators.RNTKAeonClassifier` is an aeon `BaseClassifier` (unequal lengths and several
# channels supported), so it runs in aeon's pipelines and benchmarks. Below, on a few small UCR data sets
# (archive splits), the RNTK with its settings chosen by 5-fold cross-validation on the training set
# (grid printed), ROCKET and the 1-nearest-neighbour DTW classifier. Accuracy in percent on the test
# set, and the wall time of fit plus predict on the machine that ran this chapter.

# %% tags=["nbval-ignore-output"]
if quick:
    rows = compare_on_ucr(["SmoothSubspace"], rocket_kernels=500,
                          grid={"C": [1.0, 10.0], "sigma_w": [1.0], "sigma_b": [0.0]})
else:
    names = ["SmoothSubspace", "SyntheticControl", "ECG200", "GunPoint", "Coffee"]
    params = dict(names=names, rocket_kernels=10_000, grid=RNTK_GRID)
    rows = cached_json(RESULTS / "practice" / "aeon_ucr.json", lambda: compare_on_ucr(**params), params)
print("RNTK grid:", RNTK_GRID if not quick else "small")
comparison = pd.DataFrame(rows)
comparison.pivot_table(index="dataset", columns="classifier", values=["accuracy", "seconds"]).round(2)

# %% tags=["nbval-ignore-output"]
best = comparison.accuracy == comparison.groupby("dataset").accuracy.transform("max")
comparison.assign(best=best).groupby("classifier").agg(
    mean_accuracy=("accuracy", "mean"), total_seconds=("seconds", "sum"), best_or_tied=("best", "sum")).round(2)

# %% [markdown]
# Read honestly (full profile, the cached run above): ROCKET is a strong and fast baseline. The RNTK
# with a shared read-out of every step (`avg-shared`) reaches ROCKET's accuracy on most of these data
# sets, at a much larger cost: its Gram is quadratic in the length and the grid search fits 16 settings
# on 5 folds; the last-step RNTK is as fast as ROCKET here and a little less accurate; 1-NN DTW trails
# on most. The classification chapters compare kernels under the papers' protocols.
#
# ## 3. A large Gram, in tiles, on every device
#
# `RecurrentKernel` computes a Gram tile by tile (`block_size` bounds the memory: the state is
# O(L · block²)), and spreads the rows of each tile over `devices` (default: all local JAX devices, e.g.
# every GPU of the machine) with `jax.sharding`; the result is the same as on one device. On a CPU, JAX
# shows one device unless `XLA_FLAGS=--xla_force_host_platform_device_count=N` is set before JAX is
# imported (the tests use 4). Under `jax.distributed.initialize()` on several hosts, give each process
# the rows it owns and its `jax.local_devices()`; the tiles need no communication.

# %% tags=["nbval-ignore-output"]
big = rng.standard_normal((400 if quick else 4000, 50))
kernel = RecurrentKernel(depth=1, sigma_w=np.sqrt(2), sigma_b=0.1, block_size=1024)
start = time.perf_counter()
K = kernel(big)
print(f"Gram {K.shape} of sequences of length 50 in {time.perf_counter() - start:.2f} s "
      f"on {len(jax.local_devices())} {jax.default_backend()} device(s), tiles of 1024")

# %% [markdown]
# The same code path on several devices, forced on this CPU in a fresh process: the rows of every tile
# are spread over four CPU devices that share the machine's cores (so this shows that the result is the
# same, not a speed-up).

# %%
from rntk.experiments.practice import on_forced_cpu_devices

forced = on_forced_cpu_devices(4, n=200 if quick else 1000)
print(f"{forced['devices']} {forced['platform']} devices; largest difference from one device: "
      f"{forced['max_difference']:.1e}")

# %% tags=["nbval-ignore-output"]
print(f"seconds on {forced['devices']} forced devices: {forced['seconds']:.2f}")

# %% [markdown]
# ## 4. Large N: Nyström features
#
# The exact Gram costs $O(N^2 T)$ time and $O(N^2)$ memory. `rntk.approx.Nystroem` draws $m$ landmark
# sequences from the training data and maps every sequence, of any length, to $m$ features whose inner
# products approximate the kernel, $\phi(x) = K(x, L)\,K(L, L)^{-1/2}$: time $O(N m T)$, memory $O(N m)$,
# and any linear model on top. On ECG5000 (500 training and 4,500 test series of 140 steps), a C-SVM on the
# exact Gram against a linear C-SVM on the features, which solves the same problem with the Gram
# replaced by its approximation. The kernel settings and $C$ are those cross-validation chose for the
# RNTK on this data set's training split in the UCR chapter (the paper's grid).

# %%
from rntk.experiments.practice import nystroem_against_exact
from rntk.experiments.ucr import PAPER_GRID, PAPER_GRID_RESULTS, cache_params
from rntk.cache import stored_json

chosen = stored_json(PAPER_GRID_RESULTS / "ECG5000" / "RNTK.json", cache_params("RNTK", PAPER_GRID))["chosen"]
settings = {k: v for k, v in chosen.items() if k != "C"}
print("settings:", chosen)
ranks = [10, 50] if quick else [5, 10, 20, 50, 100, 200, 500]
nystroem = pd.DataFrame(nystroem_against_exact("ECG5000", ranks, settings, chosen["C"],
                                               test_size=300 if quick else None))
nystroem.drop(columns="seconds").round({"gram_error": 4, "accuracy": 2})

# %% tags=["nbval-ignore-output"]
print("seconds (kernel, features and SVM, fit and predict): "
      + ", ".join(f"{r.method} {r.rank}: {r.seconds:.1f}" for r in nystroem.itertuples()))

# %% [markdown]
# On this data set a hundred landmarks reach the exact kernel's test accuracy within a tenth of a point,
# and five already come within two points. At $m = N$ the Gram error does not vanish: this setting has
# $\sigma_h > 0$, which adds to the kernel of a series with itself only, a term that features shared
# between distinct series cannot carry. At $N = 50{,}000$ the exact training Gram alone takes 20 GB in
# float64; the features of $m = 500$ landmarks take 200 MB.
