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
# # UCR time-series classification (first paper, Table 1 and its appendix table)
#
# **Claim.** Under a C-SVM, the RNTK beats the fully connected NTK, RBF and polynomial kernels and trained
# RNNs (Gaussian-initialised, identity-initialised, GRU) on 56 UCR data sets, in mean accuracy, P90, P95,
# PMA and Friedman rank.
#
# **Protocol** (`rntk.experiments.ucr`). The 50 of the paper's 56 data sets that are available (see the
# Data chapter), the archive's train/test split, every series scaled to unit norm. Kernel settings and
# $C$ chosen by stratified 10-fold cross-validation on the training split only, refitted on all of it and
# scored once on the test split; grids in `rntk.experiments.ucr.UCRGrid` (printed below; the paper's
# grid is not in the text we have, and $\sigma_w$ stays at or below $\sqrt2$ because the ReLU kernel
# grows like $(\sigma_w^2/2)^T$ over the archive's lengths).
#
# Trained networks (`rntk.trained`, `rntk.experiments.ucr.run_network`): a ReLU RNN with Gaussian
# (NTK-scaled) weights, an identity-initialised ReLU RNN (IRNN) and a GRU, each read out from its last
# hidden state; RMSProp on the cross-entropy (gradients clipped to norm 1, mini-batches of 32, float32),
# at most 200 epochs, early stopping on validation accuracy with patience 5, as the paper. The learning
# rate is chosen by 5-fold cross-validation on the training split, then the network is refitted on 80 %
# of it (early-stopped on the other 20 %) and scored once on the test split. Two departures, stated
# here: **our network grid is smaller than the paper's** (one layer of 64 units and two learning
# rates, instead of a grid over layers, hidden units and learning rate: 150 cross-validated units are
# what a 2-core CPU affords in one session); and the unit-norm series are multiplied by $\sqrt T$, so
# that each step has unit mean square, the input scale the initialisations assume.

# %% tags=["parameters"]
profile = "full"

# %%
from dataclasses import asdict, replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk.cache import recompute
from rntk.data import UCR_AVAILABLE, published_ucr_accuracy, ucr_summary
from rntk.experiments import ucr
from rntk.metrics import summary_table

quick = profile == "quick"
if quick:
    names, grid = ["SmoothSubspace", "Coffee"], ucr.QUICK_GRID
    results = {(n, m): (ucr.run_kernel_method(n, m, grid) if m in ucr.KERNEL_METHODS else ucr.run_network(n, m, grid))
               for n in names for m in ucr.METHODS}
elif recompute():
    grid = ucr.FULL_GRID
    results = {(n, m): ucr.cached_method(n, m) for n in UCR_AVAILABLE for m in ucr.METHODS}
else:  # the cache of `python -m rntk.experiments.ucr`, which resumes where it stopped
    grid = ucr.FULL_GRID
    results = ucr.stored_results(UCR_AVAILABLE)
print("grid:", asdict(grid))
ours = pd.Series({k: r["accuracy"] for k, r in results.items()}, dtype=float).unstack()
ours = ours.reindex(columns=[m for m in ucr.METHODS if m in ours.columns])
complete = ours.dropna()
print(f"{len(complete)} of {len(UCR_AVAILABLE)} available data sets have results for {list(ours.columns)}"
      + ("" if quick or (len(complete) == len(UCR_AVAILABLE) and len(ours.columns) == len(ucr.METHODS)) else
         "; the tables below cover those only (python -m rntk.experiments.ucr computes the rest)"))

# %% [markdown]
# ## Table 1, beside the paper's on the same data sets
#
# The paper's Table 1 covers 56 data sets; its per-data-set appendix table lets us recompute its summary
# on exactly the data sets (and methods) of ours, so that the two rows are comparable.

# %%
paper_all = published_ucr_accuracy()
paper = paper_all.loc[complete.index, complete.columns]
table = pd.concat({"ours": summary_table(complete), "paper (same data sets)": summary_table(paper),
                   "ours - paper": summary_table(complete) - summary_table(paper)}, axis=0)
table.round(2)

# %% [markdown]
# The four kernel methods alone, on every data set that has their results (the RNTK's claim against the
# other kernels does not depend on the networks):

# %%
kernels = ours[[m for m in ucr.KERNEL_METHODS if m in ours.columns]].dropna()
paper_kernels = paper_all.loc[kernels.index, kernels.columns]
print(f"{len(kernels)} data sets")
pd.concat({"ours": summary_table(kernels), "paper (same data sets)": summary_table(paper_kernels),
           "ours - paper": summary_table(kernels) - summary_table(paper_kernels)}, axis=0).round(2)

# %% [markdown]
# ## Every data set: ours, the paper's, and the difference

# %%
per_dataset = pd.concat({"ours": complete, "paper": paper, "difference": complete - paper}, axis=1)
per_dataset.round(2)

# %%
fig, axes = plt.subplots(1, 1 + (len(complete.columns) > 1), figsize=(11, 4.2), squeeze=False)
ax = axes[0, 0]
for method in complete.columns:
    ax.scatter(paper[method], complete[method], s=12, label=method)
ax.plot([0, 100], [0, 100], "k--", lw=0.8)
ax.set_xlabel("paper's accuracy (%)")
ax.set_ylabel("our accuracy (%)")
ax.legend(fontsize=7)
if complete.shape[1] > 1:
    ax = axes[0, 1]
    others = [m for m in complete.columns if m != "RNTK"]
    ax.boxplot([complete["RNTK"] - complete[m] for m in others], tick_labels=others)
    ax.axhline(0, color="k", lw=0.8)
    ax.set_ylabel("RNTK minus method (accuracy points)")
    ax.tick_params(axis="x", labelrotation=30)
fig.tight_layout()

# %% [markdown]
# ## What reproduced

# %%
s = summary_table(complete)
checks = []
if "RNTK" in s.columns and s.shape[1] > 1:
    for metric, best in (("Acc. mean", "max"), ("P90", "max"), ("P95", "max"), ("PMA", "max"), ("Friedman rank", "min")):
        row = s.loc[metric]
        winner = row.idxmax() if best == "max" else row.idxmin()
        checks.append((f"RNTK is best in {metric}", winner == "RNTK", row.round(2).to_dict()))
for claim, holds, numbers in checks:
    print(f"[{'holds' if holds else 'DOES NOT HOLD'}] {claim}: {numbers}")

# %% [markdown]
# ## The trained networks
#
# How long the refitted networks trained before early stopping ended them, and their accuracy beside the
# paper's for each network.

# %%
networks = [m for m in ucr.NETWORK_METHODS if m in complete.columns]
epochs = pd.DataFrame({m: {n: results[(n, m)]["chosen"]["epochs"] for n in complete.index} for m in networks})
pd.DataFrame({
    "median epochs": epochs.median(),
    "stopped within 10 epochs (%)": (epochs <= 10).mean() * 100,
    "mean accuracy, ours": complete[networks].mean(),
    "mean accuracy, paper": paper[networks].mean(),
    "data sets below the paper": (complete[networks] < paper[networks]).sum(),
}).T.round(2)

# %% [markdown]
# ### Does the early-stopping rule hold the networks back?
#
# A check on five small data sets (`python -m rntk.experiments.ucr --patience-check`): the same networks,
# grid and protocol with a patience of 25 epochs instead of 5, beside the patience-5 runs above and the
# paper.

# %%
if quick:
    patience_names, patience_grid = ["SmoothSubspace"], replace(grid, net_patience=10)
    longer = {(n, m): ucr.run_network(n, m, patience_grid) for n in patience_names for m in ucr.NETWORK_METHODS}
else:
    patience_names = [n for n in ucr.PATIENCE_DATASETS if n in complete.index]
    longer = ucr.stored_results(patience_names, list(ucr.NETWORK_METHODS), ucr.PATIENCE_GRID, ucr.PATIENCE_RESULTS)
rows = {}
for (n, m), r in sorted(longer.items()):
    short = results[(n, m)]
    rows[(n, m)] = {"patience 5": short["accuracy"], "epochs (5)": short["chosen"]["epochs"],
                    "longer patience": r["accuracy"], "epochs (longer)": r["chosen"]["epochs"],
                    "paper": paper_all.loc[n, m]}
patience_table = pd.DataFrame(rows).T
patience_table.loc[("mean", ""), :] = patience_table.mean()
patience_table.round(2)

# %% [markdown]
# ### Where the RNTK wins and where it loses
#
# The RNTK's accuracy minus the best of the other three kernels, against the series length, and the
# $\sigma_w$ that cross-validation chose for it.

# %%
kernel_names = [m for m in ("NTK", "RBF", "Polynomial") if m in complete.columns]
lead = (complete["RNTK"] - complete[kernel_names].max(axis=1)).rename("RNTK - best other kernel")
lengths = ucr_summary().set_index("dataset").loc[complete.index, "length"].astype(int)
fig, ax = plt.subplots(figsize=(5.5, 3.4))
ax.scatter(lengths, lead, s=14)
ax.axhline(0, color="k", lw=0.8)
ax.set_xscale("log")
ax.set_xlabel("series length T")
ax.set_ylabel("RNTK - best other kernel (points)")
fig.tight_layout()
chosen_sigma_w = pd.Series({n: results[(n, "RNTK")]["chosen"]["sigma_w"] for n in complete.index})
print("RNTK ahead on", int((lead > 0).sum()), "data sets, level on", int((lead == 0).sum()),
      ", behind on", int((lead < 0).sum()))
print("chosen sigma_w:", chosen_sigma_w.round(3).value_counts().sort_index().to_dict())

# %% [markdown]
# ### Beyond $\sigma_w = \sqrt2$
#
# A check of that edge (`python -m rntk.experiments.ucr --sigma-w-check`): the RNTK with $\sigma_w$ up to
# 1.6 and every Gram cosine-normalised, $K(x,z)/\sqrt{K(x,x)K(z,z)}$ (`rntk.normalise.Normalised`), so
# that the growth like $(\sigma_w^2/2)^T$ does not change what $C$ means; $\sigma_h = 0$, the rest of the
# grid as above, the same cross-validation on the training split.

# %%
if quick:
    wide_grid = replace(grid, sigma_w=(1.0, 1.6), normalise=True)
    wide = {n: ucr.run_kernel_method(n, "RNTK", wide_grid) for n in names}
else:
    wide = {n: r for (n, _), r in ucr.stored_results(complete.index, ["RNTK"], ucr.SIGMA_W_GRID,
                                                       ucr.SIGMA_W_RESULTS).items()}
wide_accuracy = pd.Series({n: r["accuracy"] for n, r in wide.items()})
on = wide_accuracy.index
wide_sigma_w = pd.Series({n: r["chosen"]["sigma_w"] for n, r in wide.items()})
print(f"{len(on)} data sets; chosen sigma_w:", wide_sigma_w.round(3).value_counts().sort_index().to_dict())
change = wide_accuracy - complete.loc[on, "RNTK"]
print(f"normalised and wider grid vs the RNTK above: better on {int((change > 0).sum())}, "
      f"equal on {int((change == 0).sum())}, worse on {int((change < 0).sum())}")
pd.DataFrame({"RNTK, grid above": complete.loc[on, "RNTK"].mean(),
              "RNTK, normalised, sigma_w <= 1.6": wide_accuracy.mean(),
              "best other kernel (per data set)": complete.loc[on, kernel_names].max(axis=1).mean(),
              "RBF": complete.loc[on, "RBF"].mean(),
              "paper's RNTK": paper_all.loc[on, "RNTK"].mean()}, index=["mean accuracy"]).round(2)

# %% [markdown]
# **Reading.** The four kernels land close to the paper's numbers on the same 50 data sets: the fully
# connected NTK, RBF and polynomial kernels within about one point of the paper's mean accuracy, the
# RNTK 2.5 points below its published mean. The paper's central claim, that the RNTK is the best of the
# kernels in mean accuracy, P90, P95, PMA and Friedman rank, **does not reproduce** with our grid: RBF and
# the polynomial kernel lead every summary row, and the RNTK is behind the best other kernel on more
# data sets than it is ahead. Where it wins, it wins by a wide margin, on the longest series
# (`SmallKitchenAppliances` by 22 points, `RefrigerationDevices` by 15, `Computers` by 8, all 720 steps
# long), plausibly because a recurrence that weighs the last steps most ignores where in the day an
# event happened, which a point-by-point comparison of 720 values does not; where it loses most, the
# series are short to medium and the classes differ in shape across the whole series
# (`ChlorineConcentration`, `Lightning7`, `FaceAll`, the `Cricket` sets). Cross-validation picked
# $\sigma_w = \sqrt2$, the top of our grid, on most data sets (printed above), which suggested that the
# RNTK's best settings lie beyond it. The check above says they do not: with cosine-normalised Grams and
# $\sigma_w$ up to 1.6, cross-validation picks a $\sigma_w$ above $\sqrt2$ on only a few data sets and the
# mean accuracy does not move (the two runs agree on most data sets). Larger $\sigma_w$ shifts the
# kernel's attention to the first steps (see the sensitivity chapter), which these data sets do not
# reward. So the gap to the paper's RNTK is not a matter of the $\sigma_w$ range; the paper's grid over
# the other settings (depth, $\sigma_u$, $\sigma_b$, $\sigma_h$, $C$) and its cross-validation details,
# which the text we have does not give, remain the open differences.
#
# The trained networks are far below the paper's (their mean accuracy 9 to 19 points lower), while the
# paper's ordering, every kernel above every trained network on average, holds. Early stopping with
# patience 5 ends most refits within ten epochs, often before the network has left chance level on
# these small training sets; the patience check shows that a longer patience recovers part of the gap
# (about seven points on average on the five data sets) but not all of it. The rest plausibly comes from
# our smaller network grid (one layer of 64 units) and from training details the paper does not give
# (batch size, input scaling, the validation split used for early stopping).
