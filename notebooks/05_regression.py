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
# # Regression on sequences of different lengths (first paper, Fig. 4)
#
# **Claim.** The RNTK compares sequences of different lengths natively, whereas other kernels must
# zero-pad them; so for predicting the next value of a window of random length it beats the NTK, RBF
# and polynomial kernels, by more as the spread of lengths $T_{var}$ grows (Fig. 4a). On the Google stock
# series the data-independent "previous time step" predictor (PTS) wins, with the RNTK the closest
# kernel (Fig. 4c), improving with more training windows (Fig. 4d); the RNTK's advantage is largest at low
# noise (Fig. 4b).
#
# **Protocol here** (`rntk.experiments.regression`). Windows of uniformly random length in
# $[T_{fixed}, T_{fixed} + T_{var}]$; the target is the next value. Kernel ridge regression for every
# kernel; each kernel's hyperparameters and the ridge (relative to the mean of the Gram's diagonal) are
# chosen by 5-fold cross-validation on the training windows only. The RNTK reads each window as it is
# (aligned at its end); the NTK (fully connected, ReLU), RBF and polynomial kernels read it zero-padded
# at the end to $T_{fixed} + T_{var}$. Metric: the SNR of the test predictions in dB, mean over
# repetitions with a band of ± one standard deviation. The sinusoid is one period sampled at 1000
# points plus new white noise in every repetition; the stock series is the GOOG close over the first 975
# trading days of 2014 (`rntk.data.load_stock`), standardised with days 1–700, training windows from
# days 1–700 and test windows from days 701–975.
#
# **Settings the paper's text lost, chosen here:** $T_{fixed} = 10$, noise std 0.1 (sinusoid), 100
# training and 100 test windows, $T_{var} = 40$ where it is not varied; the grids are those of
# `rntk.experiments.regression.Grids` (printed below).

# %% tags=["parameters"]
profile = "full"
repetitions = 1000

# %%
from dataclasses import asdict, replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk.experiments.regression import FIGURES, METHODS, Grids, cached_setting, run_setting

quick = profile == "quick"
if quick:
    repetitions = 2
    figures = {k: (title, axis, [replace(s, n_test=20, n_train=s.n_train if axis == "n_train" else 30)
                                 for s in settings[:: len(settings) - 1]])
               for k, (title, axis, settings) in FIGURES.items()}
else:
    figures = FIGURES
print(f"{repetitions} repetitions per point; grids: {asdict(Grids())}")

# %% [markdown]
# The full profile reads `results/regression/` (filled by `python -m rntk.experiments.regression`, which
# shows its progress and resumes where it stopped); the quick profile computes two points per figure.

# %%
run = run_setting if quick else cached_setting
results = {(name, getattr(s, axis)): run(s, repetitions)
           for name, (title, axis, settings) in figures.items() for s in settings}

# %%
style = {"RNTK": ("tab:red", "o"), "NTK": ("tab:blue", "s"), "RBF": ("tab:green", "^"),
         "Polynomial": ("tab:purple", "v"), "PTS": ("black", "x")}
labels = {"t_var": r"$T_{var}$", "noise": "noise std", "n_train": "training windows N"}
fig, axes = plt.subplots(1, 4, figsize=(16, 3.8))
rows = []
for ax, (name, (title, axis, settings)) in zip(axes, figures.items()):
    xs = [getattr(s, axis) for s in settings]
    for method in METHODS:
        snr = np.array([results[(name, x)][method] for x in xs])
        mean, std = snr.mean(axis=1), snr.std(axis=1)
        color, marker = style[method]
        ax.plot(xs, mean, marker=marker, color=color, label=method, lw=1.2)
        ax.fill_between(xs, mean - std, mean + std, color=color, alpha=0.12)
        rows += [dict(figure=name, x=x, method=method, snr=m, std=s) for x, m, s in zip(xs, mean, std)]
    ax.set_title(f"({name}) {title}", fontsize=10)
    ax.set_xlabel(labels[axis])
    ax.set_ylabel("SNR (dB)")
    if axis == "noise":
        ax.set_xscale("log")
axes[0].legend(fontsize=8)
fig.tight_layout()
table = pd.DataFrame(rows)

# %% [markdown]
# The mean SNR (dB) of every method at every point, and the RNTK's lead over the best other kernel and
# over PTS (positive: the RNTK is better).

# %%
wide = table.pivot_table(index=["figure", "x"], columns="method", values="snr")[list(METHODS)]
wide["RNTK - best other kernel"] = wide["RNTK"] - wide[["NTK", "RBF", "Polynomial"]].max(axis=1)
wide["RNTK - PTS"] = wide["RNTK"] - wide["PTS"]
wide.round(2)

# %% [markdown]
# ## Figure by figure, against the paper
#
# The statements below are checked by the code in the next cell, which prints each with the numbers
# behind it and whether it holds in our runs.

# %%
def lead(fig, x):
    return wide.loc[(fig, x), "RNTK - best other kernel"]


checks = []
a = wide.loc["a"]
checks.append(("(a) RNTK is the best kernel at every T_var on the sinusoid",
               bool((a["RNTK - best other kernel"] > 0).all()), a["RNTK - best other kernel"].round(2).tolist()))
checks.append(("(a) its lead over the other kernels grows with T_var (largest T_var vs smallest)",
               bool(a["RNTK - best other kernel"].iloc[-1] > a["RNTK - best other kernel"].iloc[0]),
               [float(round(a["RNTK - best other kernel"].iloc[i], 2)) for i in (0, -1)]))
checks.append(("(a) RNTK beats PTS at every T_var", bool((a["RNTK - PTS"] > 0).all()), a["RNTK - PTS"].round(2).tolist()))
b = wide.loc["b"]
checks.append(("(b) RNTK's lead over the other kernels is largest at the lowest noise and shrinks as it grows",
               bool(b["RNTK - best other kernel"].is_monotonic_decreasing),
               b["RNTK - best other kernel"].round(2).tolist()))
c = wide.loc["c"]
checks.append(("(c) PTS is best on the stock series at every T_var",
               bool((c["PTS"] >= c[["RNTK", "NTK", "RBF", "Polynomial"]].max(axis=1)).all()),
               (c["PTS"] - c[["RNTK", "NTK", "RBF", "Polynomial"]].max(axis=1)).round(2).tolist()))
checks.append(("(c) RNTK is the closest kernel to PTS at every T_var",
               bool((c["RNTK - best other kernel"] > 0).all()), c["RNTK - best other kernel"].round(2).tolist()))
d = wide.loc["d"]
checks.append(("(d) RNTK improves with more training windows (largest N vs smallest)",
               bool(d["RNTK"].iloc[-1] > d["RNTK"].iloc[0]), [float(round(d["RNTK"].iloc[i], 2)) for i in (0, -1)]))
for claim, holds, numbers in checks:
    print(f"[{'holds' if holds else 'DOES NOT HOLD'}] {claim}: {numbers}")

# %% [markdown]
# **Reading.** Where a statement holds, the reproduction agrees with the paper's qualitative finding;
# where it does not, the printed numbers say by how much. The first point of (a) and (c), $T_{var} = 0$,
# is the one setting without padding (every window has the same length): there the kernels are close and
# the RNTK is not ahead, which is what one expects if its advantage is the alignment of windows of
# different lengths. The zero-padded kernels degrade as $T_{var}$ grows because a window's last, most
# informative values land at a different position for every length; the RNTK aligns every window at its
# end. On the stock series (d), more training windows do not help the RNTK in our runs, unlike the
# paper's, while the NTK improves; we have not established why. A plausible cause: the windows come from
# a trending price, standardised on days 1–700, and the test days lie above the training range (see the
# Data chapter), so the task is extrapolation, which more training windows from the lower range need not
# improve. Absolute SNR values
# are not comparable with the paper's figure: its noise level, $T_{fixed}$, window counts and the exact
# stock window are not in the text we have, and ours are listed at the top of the chapter.
