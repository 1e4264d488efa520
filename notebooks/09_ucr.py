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
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from rntk.data import UCR_AVAILABLE, published_ucr_accuracy, published_ucr_table1, ucr_summary
from rntk.experiments import ucr, ucr_protocol, ucr_verdicts
from rntk.experiments.runner import settings_table
from rntk.experiments.svm import edge_counts
from rntk.ledger import Ledger, paired_p_value
from rntk.metrics import summary_table, unattainable_entries

pd.set_option("display.max_columns", None)
pd.set_option("display.width", 200)
quick = profile == "quick"
# quick: two small data sets computed here; full: the caches of `python -m rntk.experiments.ucr [--paper-grid]`
grid, paper_grid, results, on_paper_grid = ucr.chapter_results(quick)
names = sorted({n for n, _ in results})
display(settings_table(grid, "our grid"))
ours = ucr.accuracy_table(results)
kernel_methods, networks = list(ucr_protocol.KERNEL_METHODS), list(ucr_protocol.NETWORK_METHODS)
complete = ours[kernel_methods].dropna()
trained = ours.reindex(columns=networks).dropna()
by_paper_grid = ucr.accuracy_table(on_paper_grid).dropna()
shared = by_paper_grid.index.intersection(complete.index)
print(f"our grid: {len(complete)} of {len(UCR_AVAILABLE)} data sets have results for the 4 kernel methods")
print(f"the trained networks: {len(trained)} of {len(UCR_AVAILABLE)} data sets have results for all 3"
      + ("" if quick or len(trained) == len(UCR_AVAILABLE) else
         " (python -m rntk.experiments.ucr --methods GaussianRNN IdentityRNN GRU resumes the rest)"))
print(f"the paper's grid: {len(by_paper_grid)} of {len(UCR_AVAILABLE)} data sets have results for the 4 kernel methods"
      + ("" if quick or len(by_paper_grid) == len(UCR_AVAILABLE) else
         "; the tables below cover those only (python -m rntk.experiments.ucr --paper-grid computes the rest)"))
fits = pd.Series({k: (r["svm_fits"], r["svm_fits_capped"], r["svm_fits_failed"]) for k, r in on_paper_grid.items()})
print("SVM fits on the paper's grid: {:,} in all, {} stopped by the iteration cap, {} failed".format(
    *np.sum(fits.tolist(), axis=0)))

# %% [markdown]
# ## The four kernels: the paper, its grid, our grid
#
# The paper's Table 1 covers 56 data sets; its per-data-set appendix table lets us recompute its summary
# on exactly the data sets of ours, so that the rows are comparable. Summaries over the four kernels
# only (P90, P95, PMA and the rank depend on the pool of methods compared; the networks enter below).

# %% tags=["hide-input"]
paper_all = published_ucr_accuracy()
paper_kernels = paper_all.loc[shared, kernel_methods]
three = {"paper (same data sets)": summary_table(paper_kernels),
         "the paper's grid": summary_table(by_paper_grid.loc[shared, kernel_methods]),
         "our grid": summary_table(complete.loc[shared, kernel_methods])}
three["paper's grid - paper"] = three["the paper's grid"] - three["paper (same data sets)"]
three["our grid - paper"] = three["our grid"] - three["paper (same data sets)"]
print(f"{len(shared)} data sets")
pd.concat(three, axis=0).round(2)

# %% [markdown]
# ## Table 1, beside the paper's on the same data sets
#
# The kernels on the paper's grid and the trained networks (their own grid and training: the next chapter), with the
# paper's row for the same data sets and the gap, on the data sets where all seven methods have results.

# %% tags=["hide-input"]
in_table1 = shared.intersection(trained.index)
table1 = pd.concat([by_paper_grid.loc[in_table1, kernel_methods], trained.loc[in_table1, networks]], axis=1)
paper = paper_all.loc[in_table1, table1.columns]
print(f"{len(in_table1)} data sets")
pd.concat({"ours": summary_table(table1), "paper (same data sets)": summary_table(paper),
           "ours - paper": summary_table(table1) - summary_table(paper)}, axis=0).round(2)

# %% [markdown]
# The same seven methods as critical-difference diagrams, the field's convention for many methods on many
# data sets (`rntk.metrics.critical_difference_diagram`, aeon's `plot_critical_difference`): mean rank
# over the data sets (1 = best), and a bar joining the methods that Wilcoxon signed-rank tests with
# Holm's correction do not tell apart at alpha = 0.05. Ours first, then the paper's own appendix numbers
# on the same data sets.

# %% tags=["hide-input"]
from rntk.metrics import critical_difference_diagram

if len(in_table1) >= 2:
    cd_ours, _ = critical_difference_diagram(table1, "UCR Table 1, ours")
    cd_paper, _ = critical_difference_diagram(paper, "UCR Table 1, the paper's appendix numbers")
    display(cd_ours, cd_paper)

# %% [markdown]
# ## Every data set
#
# The kernels on the paper's grid beside the paper's numbers, and the RNTK on our grid. The networks'
# accuracies are in the next chapter.

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
# ## How much the grid matters to the RNTK
#
# The RNTK on the paper's grid against ours, data set by data set, and the $\sigma_w$ that
# cross-validation chose on each grid, against the series length ($\sigma_w^2/2 > 1$ makes the ReLU
# kernel grow like $(\sigma_w^2/2)^T$, so the choice above $\sqrt2$ is most consequential on long series).

# %% tags=["hide-input"]
rntk_change = (by_paper_grid.loc[shared, "RNTK"] - complete.loc[shared, "RNTK"]).rename("paper's grid - our grid")
print(f"the paper's grid against ours: RNTK better on {int((rntk_change > 0).sum())}, equal on "
      f"{int((rntk_change == 0).sum())}, worse on {int((rntk_change < 0).sum())} data sets; mean change "
      f"{rntk_change.mean():+.2f} points (one-sided paired t-test p = "
      f"{paired_p_value(by_paper_grid.loc[shared, 'RNTK'], complete.loc[shared, 'RNTK']):.3g})")
size = ucr_summary().set_index("dataset").loc[list(UCR_AVAILABLE)]
lengths = size["length"].astype(int)
sqrt2 = float(np.sqrt(2.0))
chosen_w = pd.DataFrame({"paper's grid": {n: on_paper_grid[(n, "RNTK")]["chosen"]["sigma_w"] for n in shared},
                         "our grid": {n: results[(n, "RNTK")]["chosen"]["sigma_w"] for n in shared}})
side = np.sign(chosen_w.round(6) - round(sqrt2, 6)).replace({-1.0: "below sqrt 2", 0.0: "sqrt 2", 1.0: "above sqrt 2"})
band = pd.cut(lengths.loc[shared], [0, 150, 300, 1000], labels=["T <= 150", "150 < T <= 300", "T > 300"])
pd.crosstab([band.rename("length")], side["paper's grid"].rename("sigma_w chosen on the paper's grid"),
            margins=True, margins_name="all")

# %% tags=["hide-input"]
def against_length(ax, values, level, label, **line):
    """One value per data set against its series length, with a reference level."""
    ax.scatter(lengths.loc[shared], values, s=16)
    ax.axhline(level, color="k", lw=0.8, **line)
    ax.set_xscale("log")
    ax.set_xlabel("series length T")
    ax.set_ylabel(label)


fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
against_length(axes[0], chosen_w["paper's grid"], sqrt2, "sigma_w chosen on the paper's grid", ls="--")
against_length(axes[1], rntk_change, 0, "RNTK: paper's grid - our grid (points)")
fig.tight_layout()

# %% [markdown]
# ## The edges of both grids
#
# How often cross-validation chose the lowest or the highest value of each searched hyperparameter. An
# edge chosen on most data sets says the best setting may lie beyond the grid.

# %% tags=["hide-input"]
edges = {}
for label, found, g in (("the paper's grid", on_paper_grid, paper_grid), ("our grid", results, grid)):
    for m in kernel_methods:
        edges[(label, m)] = edge_counts([found[(n, m)]["chosen"] for n in shared], ucr.grid_axes(m, g))
edges = pd.concat(edges, names=["grid", "method", "hyperparameter"])
edges

# %% [markdown]
# ### Past the NTK's edge of $C$
#
# Our grid's largest $C$ binds for the NTK on most data sets (above). The check
# (`python -m rntk.experiments.ucr --ntk-c-check`): the NTK with $C$ up to $10^6$, all else as in our grid,
# cross-validated on the training split as always.

# %% tags=["hide-input"]
if quick:
    ntk_c_grid = replace(grid, C=grid.C + (1e4, 1e6))
    ntk_c = {n: ucr.run_kernel_method(n, "NTK", ntk_c_grid) for n in names}
else:
    ntk_c_grid = ucr_protocol.NTK_C_GRID
    ntk_c = {n: r for (n, _), r in ucr.stored_results(complete.index, ["NTK"], ntk_c_grid, ucr_protocol.NTK_C_RESULTS).items()}
ntk_c_accuracy = pd.Series({n: r["accuracy"] for n, r in ntk_c.items()})
on = ntk_c_accuracy.index
print(f"{len(on)} data sets; C chosen:", pd.Series({n: r["chosen"]["C"] for n, r in ntk_c.items()}).value_counts()
      .sort_index().to_dict())
print(edge_counts([r["chosen"] for r in ntk_c.values()], ucr.grid_axes("NTK", ntk_c_grid)).to_string())
pd.DataFrame({"NTK, our grid": complete.loc[on, "NTK"].mean(), "NTK, C up to 1e6": ntk_c_accuracy.mean(),
              "RNTK, our grid": complete.loc[on, "RNTK"].mean(), "paper's NTK": paper_all.loc[on, "NTK"].mean()},
             index=["mean accuracy"]).round(2)

# %% [markdown]
# ## Where the RNTK wins and where it loses
#
# The RNTK's accuracy minus the best of the other three kernels (all on the paper's grid), against the
# series length.

# %% tags=["hide-input"]
lead = (by_paper_grid.loc[shared, "RNTK"] - by_paper_grid.loc[shared, others].max(axis=1)).rename("lead")
fig, ax = plt.subplots(figsize=(6.5, 3.8))
against_length(ax, lead, 0, "RNTK - best other kernel (points)")
fig.tight_layout()
print(f"RNTK ahead of the best other kernel on {int((lead > 0).sum())} data sets, level on {int((lead == 0).sum())}, "
      f"behind on {int((lead < 0).sum())}")
print("largest leads:", lead.nlargest(3).round(2).to_dict())
print("largest deficits:", lead.nsmallest(3).round(2).to_dict())

# %% [markdown]
# ### Beyond $\sigma_w = \sqrt2$ with normalised Grams
#
# A check made before the paper's grid was recovered (`python -m rntk.experiments.ucr --sigma-w-check`):
# the RNTK on our grid with $\sigma_w$ up to 1.6 and every Gram cosine-normalised,
# $K(x,z)/\sqrt{K(x,x)K(z,z)}$ (`rntk.normalise.Normalised`), so that the growth like
# $(\sigma_w^2/2)^T$ does not change what $C$ means; $\sigma_h = 0$, the same cross-validation on the
# training split.

# %% tags=["hide-input"]
if quick:
    wide_grid = replace(grid, sigma_w=(1.0, 1.6), normalise=True)
    wide = {n: ucr.run_kernel_method(n, "RNTK", wide_grid) for n in names}
else:
    wide = {n: r for (n, _), r in ucr.stored_results(complete.index, ["RNTK"], ucr_protocol.SIGMA_W_GRID,
                                                       ucr_protocol.SIGMA_W_RESULTS).items()}
wide_accuracy = pd.Series({n: r["accuracy"] for n, r in wide.items()})
on = wide_accuracy.index
wide_sigma_w = pd.Series({n: r["chosen"]["sigma_w"] for n, r in wide.items()})
print(f"{len(on)} data sets; chosen sigma_w:", wide_sigma_w.round(3).value_counts().sort_index().to_dict())
change = wide_accuracy - complete.loc[on, "RNTK"]
print(f"normalised, sigma_w <= 1.6 against our grid: better on {int((change > 0).sum())}, "
      f"equal on {int((change == 0).sum())}, worse on {int((change < 0).sum())}")
pd.DataFrame({"RNTK, our grid": complete.loc[on, "RNTK"].mean(),
              "RNTK, normalised, sigma_w <= 1.6": wide_accuracy.mean(),
              "paper's RNTK": paper_all.loc[on, "RNTK"].mean()}, index=["mean accuracy"]).round(2)

# %% [markdown]
# ## The appendix table, checked
#
# An accuracy on $n$ test series is a multiple of $100/n$ %. We checked every entry of the paper's appendix
# table on our 50 data sets against its test set's size (the archive's: TwoPatterns has 4,000 test series,
# one more than our copy), allowing rounding or truncation to the two printed decimals
# (`rntk.metrics.attainable`; the table has both). The entries that no count of correct test series gives:

# %% tags=["hide-input"]
unattainable = unattainable_entries(paper_all.loc[list(UCR_AVAILABLE)], size["archive_test"].astype(int))
as_fraction = unattainable[unattainable["printed x 100 attainable"]]
unattainable.set_index(["dataset", "method"]).round(2)

# %% tags=["hide-input"]
others_off = unattainable.drop(as_fraction.index)
off = (others_off["printed"] - others_off["nearest attainable"]).abs()
Markdown(f"""{len(unattainable)} of {paper_all.loc[list(UCR_AVAILABLE)].notna().sum().sum()} entries cannot be
accuracies on their test sets. {len(others_off)} of them lie within {off.max():.2f} points of an attainable accuracy:
misprints, or a different split, that move a mean over {len(UCR_AVAILABLE)} data sets by at most
{off.max() / len(UCR_AVAILABLE):.3f} points, far inside the tolerances of the verdicts below, so they are used as
printed. {"; ".join(f"{e.dataset}'s {e.method}, printed {e.printed:g}, is {abs(e.printed - e.nearest_attainable):.2f} points from the nearest accuracy on {e.test_series} series, but read as a fraction it is {100 * e.printed:.2f} % ({round(e.printed * e.test_series)} of {e.test_series})"
             for e in as_fraction.rename(columns=lambda c: c.replace(" ", "_")).itertuples())}. The verdicts use
the table as printed and, where such an entry is among the data sets compared (the networks' chapter), give the
verdict again with it read as a fraction.""")

# %% [markdown]
# The paper's Table 1 recomputed from its own appendix table (all 56 data sets), with the conventions that
# reproduce its numbers: the sample standard deviation, and tied methods each taking the best of their
# ranks (with tied methods sharing the mean rank, as in our tables, every rank is higher). Cells further
# apart than the printed precision are the ledger's entry on the table's consistency.

# %% tags=["hide-input"]
printed_table1 = published_ucr_table1()
recomputed_table1 = summary_table(paper_all[printed_table1.columns], ddof=1, ties="min")
pd.concat({"printed": printed_table1, "recomputed": recomputed_table1.loc[printed_table1.index],
           "printed - recomputed": (printed_table1 - recomputed_table1).loc[printed_table1.index]}).round(2) + 0.0

# %% [markdown]
# ## Is the verdict stable over splits of the training set?
#
# Every accuracy above comes from one stratified 10-fold split of the training set (seed 0) and the first
# of the settings tied at the best cross-validated accuracy. On small training sets the CV surface is
# flat and the split decides which setting wins. Here the whole selection on our grid is repeated over
# several seeds of the split (`python -m rntk.experiments.ucr_seeds`: every Gram computed once and reused
# by every seed; one cached unit per data set, kernel and seed), and each seed is scored tie-neutrally: the
# mean test accuracy over every (setting, C) tied at the best CV accuracy. The figure shows each kernel's
# range over the seeds on every data set; the verdicts below are also computed on the seed means.

# %% tags=["hide-input"]
from rntk.experiments.ucr_seeds import SEEDS, seed_tables, stored_seeds

found = stored_seeds(["Coffee", "SmoothSubspace"] if quick else UCR_AVAILABLE, kernel_methods)
seeds = seed_tables(found, kernel_methods)
spread, first, every, seed_means = seeds["spread"], seeds["first"], seeds["every"], seeds["seed_means"]
print(f"{len(every)} of {len(UCR_AVAILABLE)} data sets have every kernel on all {len(SEEDS)} seeds"
      + ("" if len(every) == len(UCR_AVAILABLE) else
         "; verdicts on the seed means are inconclusive until all are (python -m rntk.experiments.ucr_seeds)"))
if seed_means is not None:
    display(seeds["stability"].round(2))

# %% tags=["hide-input"]
if seed_means is not None:
    order = seed_means["RNTK"].sort_values().index
    fig, axes = plt.subplots(len(kernel_methods), 1, figsize=(11, 9), sharex=True, sharey=True)
    for ax, m in zip(axes, kernel_methods):
        rows = first[first.method == m].set_index("dataset").loc[order]
        x = np.arange(len(order))
        ax.vlines(x, rows["low"], rows["high"], color="tab:gray", label="range of the first-tie accuracy over seeds")
        ax.plot(x, spread[spread.method == m].set_index("dataset").loc[order, "mean"], "o", ms=3,
                color="tab:red", label="tie-neutral mean over seeds")
        ax.set_ylabel(f"{m}\naccuracy (%)")
    axes[-1].set_xticks(x, order, rotation=90, fontsize=7)
    axes[0].legend(fontsize=8, loc="lower right")
    fig.suptitle("Test accuracy over seeds of the 10-fold split, our grid (data sets by the RNTK's seed mean)")
    fig.tight_layout()

# %% [markdown]
# ## Verdicts
#
# Fixed before the paper's-grid run was looked at. *Best kernel in mean accuracy*: the RNTK's mean
# accuracy exceeds each other kernel's with a one-sided paired t-test over data sets at p < 0.05 (a lead
# within that noise is not a win). *Best in Friedman rank*: the RNTK has the lowest rank among the four
# kernels and a one-sided Wilcoxon signed-rank test against each other kernel gives p < 0.05. *Leads in
# all metrics*: among the seven methods of Table 1, the RNTK's P90, P95 and PMA are the highest and its
# rank the lowest, each with one-sided paired tests against every other method (sign tests on the data
# sets where one of the two reaches the level, for P90 and P95; a t-test on each data set's percentage
# of the best accuracy, for PMA; Wilcoxon, for the rank).
# *Reproduces the paper's number*: our mean accuracy within 1.0 point of the paper's on the same data
# sets. The networks' own verdicts are in the next chapter. The kernel comparisons run on four tables: the paper's grid, our
# grid, the seed means on our grid (the section above; *inconclusive* while some data sets lack seeds), and,
# as a positive control, the paper's own appendix numbers on the same data sets: a test those numbers fail
# is one the paper's data do not support.

# %% tags=["hide-input"]
ledger = Ledger("09_ucr")
tables = {"the paper's grid": by_paper_grid.loc[shared, kernel_methods], "our grid": complete.loc[shared, kernel_methods],
          "the paper's appendix numbers, same data sets": paper_kernels}
if seed_means is not None:
    tables[f"our grid, tie-neutral mean over {len(SEEDS)} seeds of the split"] = seed_means
records = []
for label, table in tables.items():
    records += ucr_verdicts.best_kernel(table, paper_kernels, label, control=table is paper_kernels,
                                        partial=table is seed_means and len(seed_means) < len(UCR_AVAILABLE))
records += ucr_verdicts.kernel_means(paper_kernels, by_paper_grid.loc[shared, kernel_methods])
all_metrics = {}
for label, table, claim_id in (("the paper's grid and the re-run networks", table1, "ucr.all-metrics"),
                               ("the paper's appendix numbers, same data sets", paper, "ucr.control-all-metrics")):
    if len(table) >= 2:
        record, all_metrics[claim_id] = ucr_verdicts.all_metrics(table, label, published_ucr_table1(), claim_id,
                                                                 partial=len(table) < len(UCR_AVAILABLE))
        records.append(record)
records.append(ucr_verdicts.consistency(printed_table1, recomputed_table1))
records.append(("ucr.long-series", dict(paper="in its appendix table", ours="both data sets unavailable here",
                                        holds=None)))
for claim_id, record in records:
    ledger.record(claim_id, **record)
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
t = three["the paper's grid"]
control = all_metrics.get("ucr.control-all-metrics", {})
unsupported = [k for k, r in control.items() if not r["holds"]]
best_anyway = [k for k in unsupported if (control[k]["value"] < control[k]["best_other_value"]) == (k == "Friedman rank")]
control_reading = ("On the paper's own numbers, the RNTK leads in every metric of Table 1 by more than chance. "
                   if control and not unsupported else "")
if best_anyway:
    control_reading = (f"On the paper's own numbers the RNTK has the best {' and '.join(best_anyway)}, but a paired test "
                       "cannot tell that lead from chance (p = " + ", ".join(f"{control[k]['p']:.2f}" for k in best_anyway)
                       + "): the paper's data support its 'in all metrics' as a statement about its printed values, not "
                       "as a lead that another draw of data sets would keep. ")
grid_change = (by_paper_grid.loc[shared, kernel_methods] - complete.loc[shared, kernel_methods]).mean()
ntk_c_top = edges.loc[("our grid", "NTK", "C"), "highest"]
if not quick:  # the reading below: the NTK loses most to the paper's C grid, whose top our grid's choices pass
    assert grid_change.idxmin() == "NTK" and ntk_c_top > len(shared) / 2, (grid_change, ntk_c_top)
Markdown(f"""**Reading.** {control_reading}
On the paper's own grid ({len(shared)} data sets{"" if len(shared) == len(UCR_AVAILABLE) else " so far"}), the RNTK's mean accuracy is
{t.loc['Acc. mean', 'RNTK']:.2f} against the paper's {paper_kernels['RNTK'].mean():.2f} on the same data sets, and
{three['our grid'].loc['Acc. mean', 'RNTK']:.2f} on our grid: the grid moved it by {rntk_change.mean():+.2f} points
on average (better on {int((rntk_change > 0).sum())} data sets, worse on {int((rntk_change < 0).sum())}).
Cross-validation chose a $\\sigma_w$ below $\\sqrt2$ on {int((side["paper's grid"] == "below sqrt 2").sum())} of
{len(shared)} data sets, $\\sqrt2$ on {int((side["paper's grid"] == "sqrt 2").sum())} and above it on
{int((side["paper's grid"] == "above sqrt 2").sum())}. The best other kernel in mean accuracy is
{t.loc['Acc. mean', others].idxmax()} ({t.loc['Acc. mean', others].max():.2f}); the verdicts above say whether the
RNTK's lead, if any, is larger than the spread over data sets. The NTK loses most from the paper's
$C$ grid ({grid_change['NTK']:+.2f} points on average; no $C = 1000$, which our grid chose for it on {ntk_c_top} of
{len(shared)} data sets: see the edge counts), so its row
on the paper's grid is a lower bound; its own grid in the paper is unknown. Past our grid's edge ($C$ up
to $10^6$) the NTK's mean accuracy on {len(ntk_c_accuracy)} data sets {"rises" if ntk_c_accuracy.mean() >
complete.loc[ntk_c_accuracy.index, 'NTK'].mean() else "does not rise"}: from
{complete.loc[ntk_c_accuracy.index, 'NTK'].mean():.2f} to {ntk_c_accuracy.mean():.2f}, against
{complete.loc[ntk_c_accuracy.index, 'RNTK'].mean():.2f} for the RNTK on our grid: the baseline gains most where its
grid edge binds.""")
