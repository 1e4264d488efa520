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
# # 90 UCI data sets with every recurrent kernel (second paper, Tables I and II, Fig. 3)
#
# **Claim.** Read as sequences of scalars, small non-time-series data sets are classified better by
# recurrent kernels under a C-SVM than by random forests, RBF and polynomial kernels, the MLP NTK and the
# H-γ-exp kernel; RNN-P (the RNN kernel with the input order or its reverse chosen by validation) is best
# overall (Table I); the CK and the NTK perform alike (Table II).
#
# **Protocol** (`rntk.experiments.uci`, following the paper's text). Settings chosen on the train /
# validation halves of `conxuntos.dat`; test accuracy = mean over the four folds of
# `conxuntos_kfold.dat`, refitting on each fold's training part; settings tied for the best validation
# accuracy vote on the test fold. Recurrent kernels: $\sigma_w = \sqrt 2$, $\sigma_u \in \{0.25, 0.5\}$,
# $\sigma_b \in \{0.001, 0.1\}$, $L \in \{1, 2\}$, CK or NTK, $C \in \{0.01, 1, 100, 10^4, 10^6\}$,
# $\sigma_v$ = 1, $1/\sqrt2$, $1/(\sqrt2\,T)$ for RNN, BI, AVG. Average pooling is the paper's definition
# (an independent read-out per step, $\sum_t \Theta^{(t)}$), not the authors' code (which counts the last
# step twice). Baselines under the same protocol (grids in `rntk.experiments.uci.Grid`): RBF,
# polynomial, the MLP NTK (depth 1–5, ReLU), H-γ-exp and a random forest (scikit-learn's; the paper's RF
# numbers come from Fernández-Delgado et al.'s R implementation). LIBSVM fits are capped at $10^6$
# iterations (a $C$ of $10^6$ on noisy data can otherwise run for hours); the number of capped fits is
# reported.

# %% tags=["parameters"]
profile = "full"

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk.cache import recompute
from rntk.data import UCI_DATASETS, published_tables, uci_summary
from rntk.experiments import uci
from rntk.metrics import summary_table, win_tie_loss

quick = profile == "quick"
if quick:
    names = list(uci_summary().sort_values("samples").dataset[:3])
    results = {n: uci.run_dataset(n, uci.QUICK_GRID) for n in names}
elif recompute():
    results = {n: uci.cached_run(n) for n in UCI_DATASETS}
else:  # the cache of `python -m rntk.experiments.uci`, which resumes where it stopped
    results = uci.stored_results(UCI_DATASETS)
print(f"{len(results)} of {len(UCI_DATASETS)} data sets have results"
      + ("" if quick or len(results) == len(UCI_DATASETS) else
         "; the tables below cover those only (python -m rntk.experiments.uci computes the rest)"))
fits = sum(r["svm_fits"] for r in results.values())
capped = sum(r["svm_fits_capped"] for r in results.values())
print(f"SVM fits: {fits}, stopped at the iteration cap: {capped} ({100 * capped / max(fits, 1):.2f} %)")

# %% [markdown]
# ## Table I: summary over data sets, beside the paper's

# %%
table = uci.accuracy_table(results)
ours = summary_table(table).drop(index="P90")
paper = published_tables()["scalable-rntk, Table I"].rename(columns={"MLP (NTK)": "MLP-NTK",
                                                                    "H-γ-exp": "H-gamma-exp"})[list(uci.METHODS)]
side = pd.concat({"ours": ours, "paper": paper, "ours - paper": ours - paper}, axis=0)
side.round(2)

# %% [markdown]
# ## Table II: CK against NTK under the same SVM

# %%
rows = {}
for m in ("MLP-NTK",) + uci.RECURRENT:
    ntk = pd.Series({n: r["methods"][f"{m}[ntk]"]["accuracy"] for n, r in results.items()})
    ck = pd.Series({n: r["methods"][f"{m}[ck]"]["accuracy"] for n, r in results.items()})
    w = win_tie_loss(ntk, ck)
    rows[m] = {"NTK": w["wins"], "CK": w["losses"], "Tie": w["ties"], "p-value": w["p-value"]}
table2 = pd.DataFrame(rows)
paper2 = published_tables()["scalable-rntk, Table II"].rename(columns={"MLP": "MLP-NTK"})
pd.concat({"ours": table2, "paper": paper2}, axis=0).round(3)

# %% [markdown]
# ## Fig. 3: RNN-P against the four strongest other methods (by our Friedman rank)

# %%
ranks = ours.loc["Friedman rank"].drop("RNN-P").sort_values()
others = list(ranks.index[:4])
fig, axes = plt.subplots(1, 4, figsize=(14, 3.6))
for ax, other in zip(axes, others):
    ax.scatter(table[other], table["RNN-P"], s=12)
    lo, hi = table[[other, "RNN-P"]].min().min(), 100
    ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
    better = int((table["RNN-P"] > table[other]).sum())
    worse = int((table["RNN-P"] < table[other]).sum())
    ax.set_title(f"RNN-P vs {other}: {better} above, {worse} below", fontsize=9)
    ax.set_xlabel(f"{other} accuracy (%)")
    ax.set_ylabel("RNN-P accuracy (%)")
fig.tight_layout()

# %% [markdown]
# ## What reproduced
#
# The checks below compare the paper's claims with the tables above (on the data sets that have
# results).

# %%
mean = ours.loc["Acc. mean"]
rank = ours.loc["Friedman rank"]
recurrent_best = max(uci.RECURRENT, key=lambda m: mean[m])
checks = [
    ("RNN-P has the best Friedman rank", rank.idxmin() == "RNN-P", rank.round(2).to_dict()),
    ("RNN-P has the best mean accuracy", mean.idxmax() == "RNN-P", mean.round(2).to_dict()),
    ("the best recurrent kernel beats RF, RBF and polynomial in mean accuracy",
     all(mean[recurrent_best] > mean[b] for b in ("RF", "RBF", "Polynomial")), recurrent_best),
    ("the best recurrent kernel beats the MLP NTK and H-gamma-exp in mean accuracy",
     all(mean[recurrent_best] > mean[b] for b in ("MLP-NTK", "H-gamma-exp")), recurrent_best),
    ("CK and NTK alike: no paired t-test p-value below 0.05", bool((table2.loc["p-value"] >= 0.05).all()),
     table2.loc["p-value"].round(3).to_dict()),
]
for claim, holds, numbers in checks:
    print(f"[{'holds' if holds else 'DOES NOT HOLD'}] {claim}: {numbers}")

# %% [markdown]
# **Reading.** All 90 data sets, under the protocol stated above; the paper's numbers come from the same
# 90 data sets and the authors' implementation (SymJAX), so the two summaries are directly comparable.
#
# *What agrees.* Every method's mean accuracy is within one point of the paper's (the largest gap is
# RBF's, +0.76), and so are the standard deviations and the PMA; the spread of the Friedman ranks is the
# paper's (about 4.9 to 6.3 here, 4.2 to 6.3 there). The best recurrent kernel (BI-RNN) beats the random
# forest, RBF and polynomial kernels in mean accuracy, though by a tenth of a point over RBF. For the
# recurrent kernels, the CK and the NTK are statistically alike under the SVM (paired t-test p-values
# 0.34 to 0.85), as in the paper's Table II.
#
# *What does not.* RNN-P is not the best method here: its Friedman rank (5.48) is fifth, behind BI-RNN
# (4.94), the MLP NTK (4.99), RBF (5.06) and BI-RNN-AVG (5.14), where the paper has RNN-P first (4.22);
# in mean accuracy the MLP NTK and BI-RNN lead (81.95, 81.90) and RNN-P (81.70) sits among the rest. The
# mean accuracies of all ten methods lie within one point of each other on both sides, so the ranking
# is fragile: a fraction of a point on a few data sets reorders it, and small protocol differences (the
# authors' code is known to differ from the text; ties broken by voting; LIBSVM's iteration cap, hit by
# 0.2 % of the fits) are enough to move it. In Table II the CK wins more data sets than the NTK for every
# recurrent variant (the paper's counts are even), and for the MLP the NTK is better than the CK
# (p = 0.027) where the paper found them alike (p = 0.998).
