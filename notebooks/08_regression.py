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
# **Protocol here** (`reproduction.experiments.regression`). Windows of uniformly random length in
# $[T_{fixed}, T_{fixed} + T_{var}]$; the target is the next value. Kernel ridge regression for every
# kernel; each kernel's hyperparameters and the ridge (relative to the mean of the Gram's diagonal) are
# chosen by 5-fold cross-validation on the training windows only. The RNTK reads each window as it is
# (aligned at its end); the NTK (fully connected, ReLU), RBF and polynomial kernels read it zero-padded
# to $T_{fixed} + T_{var}$. **Where the padding goes is our choice** (the paper says only "zero
# padding"): the figure pads at the end, so the first steps line up; the same figure with front padding,
# which lines up the last steps as the RNTK does, is shown after it (100 repetitions per point, the first
# 100 windows of the main run), with every verdict under both. Metric: the SNR of the test predictions in dB, mean over
# repetitions with a band of ± one standard deviation. The sinusoid is one period sampled at 1000
# points plus new white noise in every repetition; the stock series is the GOOG close over the first 975
# trading days of 2014 (`reproduction.data.load_stock`), standardised with days 1–700, training windows from
# days 1–700 and test windows from days 701–975.
#
# **Settings the paper's text lost, chosen here:** $T_{fixed} = 10$, noise std 0.1 (sinusoid), 100
# training and 100 test windows, $T_{var} = 40$ where it is not varied; the grids are those of
# `reproduction.experiments.regression.Grids` (printed below).

# %% tags=["parameters", "remove-cell"]
profile = "full"
repetitions = 1000

# %% tags=["hide-input"]
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from IPython.display import Markdown

from reproduction.experiments.regression import (FIGURES, FRONT_PADDING_REPETITIONS, METHODS, Grids, cached_setting,
                                         run_setting)
from reproduction.experiments.regression_verdicts import OTHERS
from reproduction.experiments.runner import settings_table
from reproduction.ledger import Ledger

quick = profile == "quick"
if quick:
    repetitions = 2
    figures = {k: (title, axis, [replace(s, n_test=20, n_train=s.n_train if axis == "n_train" else 30)
                                 for s in (settings[0], settings[len(settings) // 2], settings[-1])])
               for k, (title, axis, settings) in FIGURES.items()}
else:
    figures = FIGURES
print(f"{repetitions} repetitions per point; the grids searched by cross-validation:")
settings_table(Grids(), "values")

# %% [markdown]
# The full profile reads `results/regression/` (filled by `python -m reproduction.experiments.regression scores`, which
# shows its progress and resumes where it stopped); the quick profile computes two points per figure.

# %%
run = run_setting if quick else cached_setting
results = {(name, getattr(s, axis)): run(s, repetitions)
           for name, (title, axis, settings) in figures.items() for s in settings}
front_repetitions = repetitions if quick else FRONT_PADDING_REPETITIONS
front = {(name, getattr(s, axis)): run(replace(s, padding="front"), front_repetitions)
         for name, (title, axis, settings) in figures.items() for s in settings}

# %% tags=["hide-input"]
style = {"RNTK": ("tab:red", "o"), "NTK": ("tab:blue", "s"), "RBF": ("tab:green", "^"),
         "Polynomial": ("tab:purple", "v"), "PTS": ("black", "x")}
labels = {"t_var": r"$T_{var}$", "noise": "noise std", "n_train": "training windows N"}


def figure4(found, heading):
    """Fig. 4's four panels, two per row; returns the mean and std SNR of every point."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    rows = []
    for ax, (name, (title, axis, settings)) in zip(axes.ravel(), figures.items()):
        xs = [getattr(s, axis) for s in settings]
        for method in METHODS:
            snr = np.array([found[(name, x)][method] for x in xs])
            mean, std = snr.mean(axis=1), snr.std(axis=1)
            color, marker = style[method]
            ax.plot(xs, mean, marker=marker, color=color, label=method, lw=1.2)
            ax.fill_between(xs, mean - std, mean + std, color=color, alpha=0.12)
            rows += [dict(figure=name, x=x, method=method, snr=m, std=s) for x, m, s in zip(xs, mean, std)]
        ax.set_title(f"({name}) {title}", fontsize=11)
        ax.set_xlabel(labels[axis])
        ax.set_ylabel("SNR (dB)")
        if axis == "noise":
            ax.set_xscale("log")
    axes[0, 0].legend(fontsize=9)
    fig.suptitle(heading)
    fig.tight_layout()
    wide = pd.DataFrame(rows).pivot_table(index=["figure", "x"], columns="method", values="snr")[list(METHODS)]
    wide["RNTK - best other kernel"] = wide["RNTK"] - wide[list(OTHERS)].max(axis=1)
    wide["RNTK - PTS"] = wide["RNTK"] - wide["PTS"]
    return wide


wide = figure4(results, f"Baselines zero-padded at the end ({repetitions} repetitions per point)")

# %% [markdown]
# The mean SNR (dB) of every method at every point, and the RNTK's lead over the best other kernel and
# over PTS (positive: the RNTK is better).

# %%
wide.round(2)

# %% [markdown]
# ## The same figure with front padding
#
# The RNTK and PTS do not pad; their curves are those of the same first windows as above.

# %% tags=["hide-input"]
wide_front = figure4(front, f"Baselines zero-padded at the front ({front_repetitions} repetitions per point)")
leads = pd.DataFrame({"lead, end padding": wide["RNTK - best other kernel"],
                      "lead, front padding": wide_front["RNTK - best other kernel"],
                      "best other kernel, end": wide[list(OTHERS)].idxmax(axis=1),
                      "best other kernel, front": wide_front[list(OTHERS)].idxmax(axis=1)})
leads.round(2)

# %% [markdown]
# ## The edges of the grids
#
# How often cross-validation chose the lowest or the highest value of each searched hyperparameter, over
# every setting of the four panels (end padding; the first 100 repetitions of each, recorded by
# `python -m reproduction.experiments.regression choices`).

# %% tags=["hide-input"]
from reproduction.experiments.regression import CHOICE_REPETITIONS, WIDE_GRIDS, cached_choices, grid_axes, run_choices
from reproduction.experiments.svm import binding_edges, edge_counts

choose = run_choices if quick else cached_choices
picks = {m: [] for m in ("RNTK", *OTHERS)}
for name, (title, axis, settings) in figures.items():
    for s in settings:
        for m, chosen in choose(s, repetitions if quick else CHOICE_REPETITIONS).items():
            picks[m] += chosen
edges = pd.concat({m: edge_counts(c, grid_axes(m)) for m, c in picks.items()}, names=["kernel", "hyperparameter"])
edges

# %% tags=["hide-input"]
binding = binding_edges(edges, {(m, h): len(v) for m in picks for h, v in grid_axes(m).items()})
Markdown("Edges of grids of three or more values that bind on most searches: " + (", ".join(
    f"the {m}'s {'smallest' if side == 'lowest' else 'largest'} {h}" for (m, h), side in binding) or "none") + f""".
The check (`python -m reproduction.experiments.regression wide-grids a c`): panels (a) and (c) again with the NTK's
depth up to {max(WIDE_GRIDS.ntk_depth)} and RBF's $\\gamma$ down to {min(WIDE_GRIDS.rbf_gamma):g} (`WIDE_GRIDS`),
{CHOICE_REPETITIONS} repetitions per point, end padding, cross-validation on the training windows as always. The RNTK's lead over the best other kernel, on the same
first 100 windows:""")

# %% tags=["hide-input"]
wide_runs = {(name, getattr(s, axis)): (run_setting(s, repetitions, WIDE_GRIDS) if quick else
                                        cached_setting(s, CHOICE_REPETITIONS, WIDE_GRIDS))
             for name, (title, axis, settings) in figures.items() if name in ("a", "c") for s in settings}
first = repetitions if quick else CHOICE_REPETITIONS


widened = pd.DataFrame({"lead, our grids": {k: wide.loc[k, "RNTK - best other kernel"] for k in wide_runs},
                        "lead, our grids (first repetitions)": {
                            k: float(np.mean(results[k]["RNTK"][:first])
                                     - max(np.mean(results[k][m][:first]) for m in OTHERS)) for k in wide_runs},
                        "lead, widened grids": {k: float(np.mean(r["RNTK"]) - max(np.mean(r[m]) for m in OTHERS))
                                                for k, r in wide_runs.items()},
                        "best other kernel, widened": {k: max(OTHERS, key=lambda m: np.mean(r[m]))
                                                       for k, r in wide_runs.items()}})
widened.index.names = ["figure", "x"]
widened.round(2)

# %% [markdown]
# ## Verdicts
#
# The paper's statements on Fig. 4, each tested under both paddings, with the tests and thresholds of the
# claims registry (`reproduction.claims`; the verdict functions are `reproduction.experiments.regression_verdicts`). Every
# test is paired over repetitions, which share their windows across methods and points. *Beats* reads
# the sentence: the RNTK's paired lead has its 95 % interval above zero at every $T_{var} > 0$ and above
# 1 dB ("substantial") at the largest; a lead of 1 dB at every point is this project's own, stricter
# question, asked beside it. Where the paper's other statements say *outperforms* or *superior*, a *lead*
# is a mean paired SNR difference above 1 dB, the smallest difference this book calls one, with a one-sided
# t-test at p < 0.05. *Grows* and *shrinks* are the interval of each repetition's slope over every point
# of the panel. *Maintains its performance* is one-sided: the RNTK at the fewest windows no more than
# 1 dB below itself at the most (and each other kernel losing more). *Roughly the same* is an equivalence
# within a quarter of the pair's mean loss (or 1 dB, where a quarter is less), with the sentence's own exception:
# the RNTK at large noise. *Performs better when the noise is low* (the caption of Fig. 4): at the lowest
# noise the RNTK leads each other kernel. The caption's 1,000 repetitions per point is a protocol entry: the
# front-padded run has fewer, which leaves that setup *inconclusive*. A comparison has four outcomes:
# *not reproduced* where our interval holds both no effect and the paper's.

# %% tags=["hide-input"]
from reproduction import claims
from reproduction.experiments import regression_verdicts as fig4

ledger = Ledger("08_regression")
for padding, found in (("end", results), ("front", front)):
    for series, name in (("sinusoid", "a"), ("stock", "c")):
        scope = f"Fig. 4{name}, {series}, {padding} padding"
        ledger.record("regression.beats", scope=scope, paper="'substantial performance gains'", **fig4.beats(found, name))
        ledger.record("regression.beats-margin", scope=scope, **fig4.beats_margin(found, name))
        ledger.record("regression.gap-grows", scope=scope, **fig4.gap_grows(found, name))
    scope = f"{padding} padding"
    for claim_id, verdict in (("regression.few-windows", fig4.few_windows), ("regression.more-windows", fig4.more_windows),
                              ("regression.noise", fig4.noise_costs_rntk), ("regression.noise-alike", fig4.noise_alike),
                              ("regression.low-noise", fig4.low_noise_level),
                              ("regression.beat-pts", fig4.beat_pts), ("regression.pts-beats-padded", fig4.pts_beats_padded),
                              ("regression.stock-pts", fig4.stock_pts), ("regression.stock-closest", fig4.stock_closest)):
        ledger.record(claim_id, scope=scope, **verdict(found))
    ledger.record("regression.repetitions", scope=scope,
                  **fig4.repetitions(found, claims.threshold("regression.repetitions", "repetitions")))
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
a, c, d = wide.loc["a"], wide.loc["c"], wide.loc["d"]
lead = "RNTK - best other kernel"
spread0 = {n: float(np.ptp(wide.loc[(n, 0), list(fig4.KERNELS)])) for n in "ac"}
removed = {n: 1 - wide_front.loc[(n, wide.loc[n].index[-1]), lead] / wide.loc[(n, wide.loc[n].index[-1]), lead]
           for n in "ac"}
moved = (widened["lead, widened grids"] - widened["lead, our grids (first repetitions)"]).abs().max()
smallest_lead = widened["lead, our grids (first repetitions)"][widened.index.get_level_values("x") > 0].min()
below = a.index[a["Polynomial"] < a["PTS"]]
pts_wins = bool((d["PTS"] > d[list(fig4.KERNELS)].max(axis=1)).all())
Markdown(f"""**Reading.** With the baselines padded at the end, as in our main figure, the RNTK leads the best
other kernel on the sinusoid by {a.loc[a.index > 0, lead].min():.2f} to {a[lead].max():.2f} dB over
$T_{{var}} > 0$, and on the stock series by {c.loc[c.index > 0, lead].min():.2f} to {c[lead].max():.2f} dB. Padding
at the front, which lines up the last values of every window as the RNTK does, removes {removed['a']:.0%} (sinusoid)
and {removed['c']:.0%} (stock) of that lead at the largest $T_{{var}}$: it falls to
{wide_front.loc[('a', a.index[-1]), lead]:.2f} dB and {wide_front.loc[('c', c.index[-1]), lead]:.2f} dB.
{"So most of the RNTK's advantage in Fig. 4 comes from where the other kernels' zeros go, not from the recurrence "
 "itself" if min(removed.values()) > 0.5 else "Where the zeros go does not explain most of the RNTK's advantage"};
the paper does not say where it padded, and its statements hold or fail with that choice (see the verdicts).
Widening the baselines' grids past the edges that bind (the NTK's depth, RBF's $\\gamma$) moves the RNTK's lead
by at most {moved:.2f} dB on the same windows, against a smallest lead of {smallest_lead:.2f} dB there{
", so the edges do not explain it" if moved < smallest_lead / 2 else ""}. At $T_{{var}} = 0$ (no padding) the
four kernels' mean SNRs lie within {spread0['a']:.2f} dB of each other on the sinusoid and within
{spread0['c']:.2f} dB on the stock series. On the sinusoid the polynomial kernel falls below the data-independent
PTS predictor {'at T_var = ' + ', '.join(f'{x:g}' for x in below) if len(below) else 'nowhere'} with end padding.
On the stock series the RNTK's SNR {'falls' if d['RNTK'].iloc[-1] < d['RNTK'].iloc[0] else 'rises'} as training
windows are added (from {d['RNTK'].iloc[0]:.2f} dB at N = {d.index[0]:g} to {d['RNTK'].iloc[-1]:.2f} dB at
N = {d.index[-1]:g}), and PTS {'beats every kernel at every N' if pts_wins else 'does not beat every kernel'}; the
test days lie above the training range (see the Data chapter), so the task is extrapolation, which more windows
from the lower range need not improve. Absolute SNR values are not comparable with the paper's figure: its noise
level, $T_{{fixed}}$, window counts and the exact stock window are not in the text we have; ours are listed at
the top of the chapter.""")
