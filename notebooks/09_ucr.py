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
# **Protocol** (`reproduction.experiments.ucr`). The 50 of the paper's 56 data sets that are available (see the
# Data chapter; the two sets the paper picked for its remark on series over 1000 steps, StarLightCurves
# and SemgHandSubjectCh2, are among the six missing), the archive's train/test split, every series scaled
# to unit norm. Kernel settings and $C$ chosen by stratified 10-fold cross-validation on the training
# split only, refitted on all of it and scored once on the test split.
#
# **Two grids.** The paper's appendix grid (`ucr_protocol.PAPER_GRID`), lost from the text we have and recovered
# from a summary of that appendix: $C \in \{0.01, 0.1, 1, 10, 100\}$; the RNTK with one layer,
# $\sigma_u = 1$, 15 values of $\sigma_w$ from 1.34 to 1.47 (one of them printed as "2" in the middle of
# the list, which we read as $\sqrt2 \approx 1.414$), 12 of $\sigma_b$ from 0 to 2 and 5 of $\sigma_h$
# from 0 to 1: 900 kernel settings, Grams not normalised, computed in one batched pass per $\sigma_w$
# (`RecurrentKernel.grid`). The paper's NTK, RBF and polynomial grids are still unknown: those use ours
# with the paper's $C$. Our own grid (`ucr_protocol.FULL_GRID`, printed below), built before the paper's was
# found, keeps $\sigma_w \le \sqrt2$ and searches $\sigma_u$, a shorter $\sigma_b$ range and $C$ up to
# 1000. The paper's grid is the protocol; ours is the alternative, shown beside it. One more difference
# from the paper's text, which uses one depth "for both the RNTKs and NTKs" (its value is lost): the
# RNTK has one layer, as the recovered grid says, while the NTK's depth is searched over 1 to 5.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from reproduction.data import UCR_AVAILABLE, published_ucr_accuracy, published_ucr_table1, ucr_summary
from reproduction.experiments import ucr, ucr_protocol, ucr_seeds, ucr_verdicts
from reproduction.experiments.runner import settings_table
from reproduction.experiments.svm import edge_counts
from reproduction.ledger import Ledger
from reproduction.metrics import critical_difference_diagram, summary_table, told_apart_text

pd.set_option("display.max_columns", None)
pd.set_option("display.width", 200)
quick = profile == "quick"
# quick: two small data sets computed here; full: the caches of `python -m reproduction.experiments.ucr ours|paper-grid`
grid, paper_grid, results, on_paper_grid = ucr.chapter_results(quick)
names = sorted({n for n, _ in results})
display(settings_table(grid, "our grid"))
ours = ucr.accuracy_table(results)
kernel_methods, networks = list(ucr_protocol.KERNEL_METHODS), list(ucr_protocol.NETWORK_METHODS)
complete = ours[kernel_methods].dropna()
trained = ours.reindex(columns=networks).dropna()
by_paper_grid = ucr.accuracy_table(on_paper_grid).dropna()
shared = by_paper_grid.index.intersection(complete.index)
display(ucr.coverage({
    "the 4 kernels, our grid": (complete, "python -m reproduction.experiments.ucr ours --methods RNTK NTK RBF Polynomial"),
    "the 4 kernels, the paper's grid": (by_paper_grid, "python -m reproduction.experiments.ucr paper-grid"),
    "the 3 trained networks": (trained, "python -m reproduction.experiments.ucr ours --methods GaussianRNN IdentityRNN GRU")},
    len(UCR_AVAILABLE)))
fits = [[r[k] for k in ("svm_fits", "svm_fits_capped", "svm_fits_failed")] for r in on_paper_grid.values()]
print("SVM fits on the paper's grid: {:,} in all, {} stopped by the iteration cap, {} failed".format(
    *np.sum(fits, axis=0)))

# %% [markdown]
# ## The four kernels: the paper, its grid, our grid
#
# The paper's Table 1 covers 56 data sets; its per-data-set appendix table lets us recompute its summary
# on exactly the data sets of ours, so that the rows are comparable. Summaries over the four kernels
# only (P90, P95, PMA and the rank depend on the pool of methods compared; the networks enter below).

# %% tags=["hide-input"]
paper_all = published_ucr_accuracy()
paper_kernels = paper_all.loc[shared, kernel_methods]
three = {"paper (same data sets)": summary_table(paper_kernels, ddof=1),  # the std over data sets as the paper's
         "the paper's grid": summary_table(by_paper_grid.loc[shared, kernel_methods], ddof=1),
         "our grid": summary_table(complete.loc[shared, kernel_methods], ddof=1)}
three["paper's grid - paper"] = three["the paper's grid"] - three["paper (same data sets)"]
three["our grid - paper"] = three["our grid"] - three["paper (same data sets)"]
print(f"{len(shared)} data sets")
pd.concat(three, axis=0).round(2)

# %% [markdown]
# ## Table 1, beside the paper's on the same data sets
#
# The kernels on the paper's grid and the trained networks (their own grid and training: the networks' chapter), with the
# paper's row for the same data sets and the gap, on the data sets where all seven methods have results.

# %% tags=["hide-input"]
in_table1 = shared.intersection(trained.index)
table1 = pd.concat([by_paper_grid.loc[in_table1, kernel_methods], trained.loc[in_table1, networks]], axis=1)
paper = paper_all.loc[in_table1, table1.columns]
print(f"{len(in_table1)} data sets")
pd.concat({"ours": summary_table(table1, ddof=1), "paper (same data sets)": summary_table(paper, ddof=1),
           "ours - paper": summary_table(table1, ddof=1) - summary_table(paper, ddof=1)}, axis=0).round(2)

# %% [markdown]
# The same seven methods as critical-difference diagrams, the field's convention for many methods on many
# data sets (`reproduction.metrics.critical_difference_diagram`, aeon's `plot_critical_difference`): mean rank
# over the data sets (1 = best), and a bar joining the methods that one-sided Wilcoxon signed-rank
# tests, each at alpha / (k - 1) for k methods (aeon's `correction="holm"`), do not tell apart after a
# Friedman test at alpha = 0.05. Ours first, then the paper's own appendix numbers
# on the same data sets.

# %% tags=["hide-input"]
if len(in_table1) >= 2:
    cd_ours, p_ours = critical_difference_diagram(table1, "UCR Table 1, ours")
    cd_paper, p_paper = critical_difference_diagram(paper, "UCR Table 1, the paper's appendix numbers")
    display(cd_ours, Markdown("Ours. " + told_apart_text(p_ours)))
    display(cd_paper, Markdown("The paper's. " + told_apart_text(p_paper)))

# %% [markdown]
# ## Every data set
#
# The kernels on the paper's grid beside the paper's numbers, and the RNTK on our grid. The networks'
# accuracies are in their own chapter.

# %% tags=["hide-input"]
per_dataset = pd.concat({m: pd.DataFrame({"paper": paper_all.loc[shared, m], "ours": by_paper_grid.loc[shared, m]})
                         for m in kernel_methods}, axis=1)
per_dataset[("RNTK", "our grid")] = complete.loc[shared, "RNTK"]
per_dataset = per_dataset[[(m, c) for m in kernel_methods for c in ("paper", "ours", "our grid")
                           if (m, c) in per_dataset.columns]]
per_dataset.round(2)

# %% tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
ax = axes[0]
for method in kernel_methods:
    ax.scatter(paper_all.loc[shared, method], by_paper_grid.loc[shared, method], s=14, label=method)
ax.plot([0, 100], [0, 100], "k--", lw=0.8)
ax.set_xlabel("paper's accuracy (%)")
ax.set_ylabel("our accuracy, the paper's grid (%)")
ax.legend(fontsize=9)
ax = axes[1]
others = [m for m in kernel_methods if m != "RNTK"]
ax.boxplot([by_paper_grid.loc[shared, "RNTK"] - by_paper_grid.loc[shared, m] for m in others], tick_labels=others)
ax.axhline(0, color="k", lw=0.8)
ax.set_ylabel("RNTK minus kernel (accuracy points)")
fig.tight_layout()

# %% [markdown]
# ## Where the RNTK wins and where it loses
#
# The RNTK's accuracy minus the best of the other three kernels (all on the paper's grid), against the
# series length.

# %% tags=["hide-input"]
lengths = ucr_summary().set_index("dataset").loc[shared, "length"].astype(int)
lead = (by_paper_grid.loc[shared, "RNTK"] - by_paper_grid.loc[shared, others].max(axis=1)).rename("lead")
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.scatter(lengths, lead, s=16)
ax.axhline(0, color="k", lw=0.8)
ax.set(xscale="log", xlabel="series length T", ylabel="RNTK - best other kernel (points)")
fig.tight_layout()
print(f"ahead of the best other kernel on {(lead > 0).sum()} data sets, level on {(lead == 0).sum()}, "
      f"behind on {(lead < 0).sum()}\nlargest leads: {lead.nlargest(3).round(2).to_dict()}\n"
      f"largest deficits: {lead.nsmallest(3).round(2).to_dict()}")

# %% [markdown]
# ## Verdicts
#
# Fixed before the paper's-grid run was looked at, and reading each sentence as it is written; where a test
# changed after its result had been shown, its text says so. A comparison has four outcomes
# (`reproduction.verdicts.outcome`): *holds* where our interval of the RNTK's lead lies above zero, *does not
# hold* where it excludes the paper's lead (computed from its appendix table on the same data sets) or lies
# below zero, *not reproduced* where it holds both no lead and the paper's.
#
# - *Best kernel in mean accuracy*: the RNTK's lead over each other kernel, with a percentile bootstrap
#   interval over data sets, 95 % for the comparisons together (Bonferroni); a verdict that flips under any
#   of 20 RNG seeds of the bootstrap is *inconclusive*.
# - *Best Friedman rank of the kernels* and *leads in all metrics*: the sentence describes the paper's
#   table, so these are point tests: the RNTK's value the best of the four kernels (rank), or of Table 1's
#   seven methods (mean accuracy, P90, P95, PMA, rank). The paper's own numbers pass them (the controls);
#   they do not pass bootstrap tests of the same leads, which are therefore this project's own questions,
#   recorded beside (*beyond chance*). The rank's pool of four kernels was fixed before the ranks were
#   computed; the ranks among the seven are shown beside it, since the order of the RNTK and RBF turns on
#   the pool.
# - *Table 1's numbers*: each mean accuracy within 1.0 point of the paper's on the same data sets, each
#   standard deviation likewise (a trained network's within its margin, allowing for what re-running it
#   moves), and P90, P95, PMA and the ranks within the tolerances of the second paper's Table I. A method
#   whose settings the paper does not state (the other kernels' grids, the networks') is *inconclusive*
#   beyond its tolerance; for the standard deviations and the other metrics this rule was added after the
#   gaps had been shown.
#
# The networks' own verdicts are in their chapter. The kernel comparisons run on four tables: the paper's
# grid, our grid, the seed means on our grid (the next chapter; *inconclusive* while some data sets lack
# seeds), and, as a positive control, the paper's own appendix numbers on the same data sets.

# %% tags=["hide-input"]
from reproduction.experiments.ucr_seeds import SEEDS, seed_tables, stored_seeds

found = stored_seeds(["Coffee", "SmoothSubspace"] if quick else UCR_AVAILABLE, kernel_methods)
seed_means = seed_tables(found, kernel_methods)["seed_means"]
tables = {"the paper's grid": by_paper_grid.loc[shared, kernel_methods],
          "our grid": complete.loc[shared, kernel_methods],
          "the paper's appendix numbers, same data sets": paper_kernels}
if seed_means is not None:
    tables[f"our grid, tie-neutral mean over {len(SEEDS)} seeds of the split"] = seed_means
# the networks' re-runs under other seeds (their chapter): what re-running moves a network's std of accuracy
seed_runs = ucr_seeds.stored_network_seeds(ucr.stored_results(ucr_seeds.NETWORK_SEED_SETS, networks))
records, all_metrics, control_metrics = ucr_verdicts.table1_records(
    tables, ("the paper's grid and the re-run networks", table1), paper, paper_kernels, tables["the paper's grid"],
    published_ucr_table1(), len(UCR_AVAILABLE), seed_runs)
records.append(ucr_verdicts.long_series_numerics(steps=150 if quick else 1500))
ledger = Ledger("09_ucr")
for claim_id, record in records:
    ledger.record(claim_id, **record)
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
t = three["the paper's grid"]
control_reading = ucr_verdicts.control_reading(control_metrics)
grid_change = (by_paper_grid.loc[shared, kernel_methods] - complete.loc[shared, kernel_methods]).mean()
ntk_c_top = edge_counts([results[(n, "NTK")]["chosen"] for n in shared], ucr.grid_axes("NTK", grid)).loc["C", "highest"]
if not quick:  # the reading below: the NTK loses most to the paper's C grid, whose top our grid's choices pass
    assert grid_change.idxmin() == "NTK" and ntk_c_top > len(shared) / 2, (grid_change, ntk_c_top)
Markdown(f"""**Reading.** {control_reading}
On the paper's own grid ({len(shared)} data sets{"" if len(shared) == len(UCR_AVAILABLE) else " so far"}), the
RNTK's mean accuracy is {t.loc['Acc. mean', 'RNTK']:.2f} against the paper's {paper_kernels['RNTK'].mean():.2f}
on the same data sets, and {three['our grid'].loc['Acc. mean', 'RNTK']:.2f} on our grid (the next chapter
compares the grids). The best other kernel in mean accuracy is {t.loc['Acc. mean', others].idxmax()}
({t.loc['Acc. mean', others].max():.2f}); the verdicts above say whether the RNTK's lead, if any, is larger
than the spread over data sets. The NTK loses most from the paper's grid ({grid_change['NTK']:+.2f} points on
average): its $C$ stops at 100, and our grid chose $C = 1000$ for it on {ntk_c_top} of {len(shared)} data
sets, so its row on the paper's grid is a lower bound; its own grid in the paper is unknown.""")
