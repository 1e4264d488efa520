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
# **Protocol** (`reproduction.experiments.uci`, following the paper's text). Settings chosen on the train /
# validation halves of `conxuntos.dat`; test accuracy = mean over the four folds of
# `conxuntos_kfold.dat`, refitting on each fold's training part; settings tied for the best validation
# accuracy vote on the test fold. Recurrent kernels: $\sigma_w = \sqrt 2$, $\sigma_u \in \{0.25, 0.5\}$,
# $\sigma_b \in \{0.001, 0.1\}$, $L \in \{1, 2\}$, CK or NTK, $C \in \{0.01, 1, 100, 10^4, 10^6\}$,
# $\sigma_v$ = 1, $1/\sqrt2$, $1/(\sqrt2\,T)$ for RNN, BI, AVG. Average pooling is the paper's definition
# (an independent read-out per step, $\sum_t \Theta^{(t)}$), not the authors' code (which counts the last
# step twice). Baselines under the same protocol (grids in `reproduction.experiments.uci.Grid`): RBF,
# polynomial, the MLP NTK (depth 1–5, ReLU), H-γ-exp and a random forest (scikit-learn's; the paper's RF
# numbers come from Fernández-Delgado et al.'s R implementation). LIBSVM fits are capped at $10^6$
# iterations (a $C$ of $10^6$ on noisy data can otherwise run for hours); the number of capped fits is
# reported.
#
# **What the protocol leaks.** The settings are chosen on a validation half of which part also
# lies in the test folds (the share is measured below for every data set): test accuracy is not independent of
# the selection, as in Arora et al.'s and Fernández-Delgado et al.'s protocol, which the paper follows.
# It favours methods with many settings to choose from, which is every method here but the random forest.
#
# **The authors' code differs from the paper's text** (RNTK_UCI, read for this chapter): it scales each
# data set by its largest row norm, uses $\sigma_v = 1$ for every variant, divides the average-pooled
# kernel by $T$ (and counts the last step twice), and caps LIBSVM at 50,000 iterations. We follow the
# text. The summary statistics P95, PMA and the Friedman rank depend on the pool of methods, and every
# baseline here is recomputed, so those rows are comparable only where both pools agree closely.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from reproduction.claims import threshold
from reproduction.data import UCI_DATASETS, published_tables, uci_summary
from reproduction.experiments import uci, uci_models, uci_verdicts
from reproduction.verdicts import decisive
from reproduction.ledger import Ledger, paired_p_value
from reproduction.metrics import (critical_difference_diagram, friedman_rank, summary_table, told_apart_text,
                          win_tie_loss)

quick = profile == "quick"
# quick: the three smallest data sets computed here; full: the caches of `python -m reproduction.experiments.uci paper`
results = uci.chapter_results(quick)
names = list(results)
print(f"{len(results)} of {len(UCI_DATASETS)} data sets have results"
      + ("" if quick or len(results) == len(UCI_DATASETS) else
         "; the tables below cover those only (python -m reproduction.experiments.uci paper computes the rest)"))
fits = sum(r["svm_fits"] for r in results.values())
capped = sum(r["svm_fits_capped"] for r in results.values())
print(f"SVM fits: {fits}, stopped at the iteration cap: {capped} ({100 * capped / max(fits, 1):.2f} %)")
overlap = pd.Series({n: uci.validation_in_test(n) for n in results}) * 100
print(f"validation half that also lies in a test fold: {overlap.mean():.0f} % on average "
      f"({overlap.min():.0f}-{overlap.max():.0f} %)")

# %% [markdown]
# ## Table I: summary over data sets, beside the paper's

# %% tags=["hide-input"]
table = uci.accuracy_table(results)
ours = summary_table(table).drop(index="P90")
paper = published_tables()["scalable-rntk, Table I"].rename(columns={"MLP (NTK)": "MLP-NTK",
                                                                    "H-γ-exp": "H-gamma-exp"})[list(uci.METHODS)]
side = pd.concat({"ours": ours, "paper": paper, "ours - paper": ours - paper}, axis=0)
side.round(2)

# %% [markdown]
# The same comparison as a critical-difference diagram (`reproduction.metrics.critical_difference_diagram`,
# aeon's `plot_critical_difference`): mean rank over the data sets (1 = best) and bars joining the methods
# that one-sided Wilcoxon signed-rank tests, each at alpha / (k - 1) for k methods (aeon's
# `correction="holm"`), do not tell apart after a Friedman test at alpha = 0.05; the line under it names
# the pairs told apart. The paper publishes no per-data-set accuracies for Table I, so there is no
# diagram of its numbers.

# %% tags=["hide-input"]
if len(table) >= 2:
    cd_uci, p_uci = critical_difference_diagram(table, "UCI Table I, ours")
    display(cd_uci)
    display(Markdown(told_apart_text(p_uci)))

# %% [markdown]
# ## Table II: CK against NTK under the same SVM
#
# The paper's caption says "a two-sided t-test", without saying whether the data sets are paired. Both
# are shown: the paired test (each data set's CK against its NTK) and the unpaired one (the two columns
# of 90 accuracies as independent samples).

# %% tags=["hide-input"]
rows, pairs = {}, {}
for m in ("MLP-NTK",) + uci.RECURRENT:
    ntk = pd.Series({n: r["methods"][f"{m}[ntk]"]["accuracy"] for n, r in results.items()})
    ck = pd.Series({n: r["methods"][f"{m}[ck]"]["accuracy"] for n, r in results.items()})
    pairs[m] = (ck, ntk)
    w = win_tie_loss(ntk, ck)
    rows[m] = {"NTK": w["wins"], "CK": w["losses"], "Tie": w["ties"], "p (paired)": w["p (paired)"],
               "p (unpaired)": w["p (unpaired)"]}
table2 = pd.DataFrame(rows)
paper2 = published_tables()["scalable-rntk, Table II"].rename(columns={"MLP": "MLP-NTK"})
paper2 = paper2.rename(index={"p-value": "p (two-sided, as printed)"})
table2_side = pd.concat({"ours": table2, "paper": paper2}, axis=0)
table2_side.apply(lambda row: row.map(lambda v: f"{v:.3f}" if row.name[1].startswith("p") else f"{v:.0f}"), axis=1)

# %% [markdown]
# ## The edges of the grids
#
# How often the selection chose the lowest or the highest value of each searched hyperparameter (every
# tied setting counts once, so "chosen" can exceed the number of data sets). The recurrent kernels' grid is
# the paper's; an edge chosen on most data sets says the best setting may lie beyond it. (An axis of two
# values has only edges: for those the table shows how the choices split.) No edge of an axis with three
# or more values holds most of the choices here, so no grid is widened.

# %% tags=["hide-input"]
from reproduction.experiments.svm import edge_counts

edges = {}
for m in uci.METHODS:
    axes = uci.grid_axes(m, uci.QUICK_GRID if quick else uci.FULL_GRID)
    chosen = [{k: c.get(k) for k in axes} for r in results.values() for c in r["methods"][m]["chosen"]]
    table_m = edge_counts(chosen, axes) if axes else None
    if table_m is not None and len(table_m):
        edges[m] = table_m.rename(columns={"searches": "chosen"})
edges = pd.concat(edges, names=["method", "hyperparameter"])
edges

# %% [markdown]
# ## Fig. 3: RNN-P against the four methods of the paper's figure
#
# The paper's caption names H-γ-exp, RNN-AVG, MLP and RNN and its text calls them "the top 4 classifiers
# in terms of the average test accuracy"; the four that its own Table I and our means put on top (RNN-P
# aside) are printed below (`uci.fig3-top-four` in the verdicts). We draw the caption's four.

# %% tags=["hide-input"]
paper_panels = list(uci_verdicts.FIG3_PANELS)
paper_top = list(paper.loc["Acc. mean"].drop("RNN-P").sort_values(ascending=False).index[:4])
our_top = list(ours.loc["Acc. mean"].drop("RNN-P").sort_values(ascending=False).index[:4])
print("the top four other than RNN-P by mean accuracy: the paper's Table I", paper_top, "; ours", our_top)
fig, axes = plt.subplots(2, 2, figsize=(9, 8.4))
for ax, other in zip(axes.ravel(), paper_panels):
    ax.scatter(table[other], table["RNN-P"], s=14)
    lo, hi = table[[other, "RNN-P"]].min().min(), 100
    ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
    better = int((table["RNN-P"] > table[other]).sum())
    worse = int((table["RNN-P"] < table[other]).sum())
    ax.set_title(f"RNN-P vs {other}: {better} above, {worse} below", fontsize=11)
    ax.set_xlabel(f"{other} accuracy (%)")
    ax.set_ylabel("RNN-P accuracy (%)")
fig.tight_layout()

# %% [markdown]
# ## The authors' code, on the smallest data sets
#
# Our runs follow the paper's text. The authors' published code differs in four choices (listed at the
# top): each data set divided by its largest row norm, $\sigma_v = 1$ for every variant, the average-pooled
# Grams divided by $T$, and LIBSVM stopped at 50,000 iterations. `run_dataset(..., protocol="authors' code")`
# makes those four choices (`python -m reproduction.experiments.uci authors-code`, `results/uci_authors_code/`);
# it ran on the 30 data sets with the fewest samples (a sample chosen by cost, not at random), and the
# table sets each method's mean over them beside the same data sets under the text's choices. The
# baselines change only through the row-norm scaling and the iteration cap.

# %% tags=["hide-input"]
sample = names if quick else list(uci_summary().sort_values("samples").dataset[:uci.AUTHORS_CODE_SAMPLE])
if quick:
    code_results = {n: uci.run_dataset(n, uci.QUICK_GRID, protocol="authors' code") for n in sample}
else:
    code_results = uci.stored_results(sample, protocol="authors' code")
both = [n for n in sample if n in code_results and n in results]
as_text = uci.accuracy_table({n: results[n] for n in both})
as_code = uci.accuracy_table({n: code_results[n] for n in both})
protocols = pd.DataFrame({"the text: mean": as_text.mean(), "the authors' code: mean": as_code.mean(),
                          "the text: rank": friedman_rank(as_text), "the authors' code: rank": friedman_rank(as_code)})
protocols["code - text"] = protocols["the authors' code: mean"] - protocols["the text: mean"]
protocols["p (paired, two-sided)"] = [paired_p_value(as_code[m], as_text[m], alternative="two-sided")
                                      for m in protocols.index]
print(f"{len(both)} data sets under both protocols")
protocols.round(3)

# %% [markdown]
# ## Each tied setting alone, and kernel ridge regression
#
# Two of the paper's sentences need models the tables above do not score. Section V: where several
# settings tie for the best validation accuracy, all of them vote, because "the difference between the worst
# and best model can result in almost half a percent average accuracy across all data sets". Each tied
# setting is scored alone here on the four test folds (`reproduction.experiments.uci_models`; their vote gives back
# every accuracy above, which the runner checks, to within one prediction per fold: the Grams are recomputed, and
# an SVM near degeneracy may flip a prediction on their rounding). Section VI: the CK's lead over the NTK that Lee et al. (2020)
# found under kernel ridge regression "can be attributed to the algorithm for learning". Here the same kernel
# settings, split and tie vote are used with kernel ridge regression (one-hot targets centred on 0, the ridge
# chosen on validation from 10⁻⁶ to 10 times the mean diagonal) in the place of the C-SVM
# (`python -m reproduction.experiments.uci_models`, `results/uci_models/`).

# %% tags=["hide-input"]
models = uci_models.chapter_results({n: results[n] for n in names}, quick)
revote = max((abs(m["tied"][k]["voted"] - results[n]["methods"][k]["accuracy"]) for n, m in models.items()
              for k in m["tied"]), default=0.0)
print(f"{len(models)} of {len(names)} data sets scored one model at a time;\n"
      f"the tied settings' votes give back the C-SVM accuracies above to within {revote:.3f} points")
spreads = uci_models.spread_table(models)
spread_summary = spreads.groupby("method", sort=False).agg(
    best=("best", "mean"), worst=("worst", "mean"), tied=("tied", "mean"),
    spread_on=("best", lambda b: int((b > spreads.loc[b.index, "worst"]).sum())))
spread_summary = spread_summary.rename(columns={"tied": "tied settings (mean)", "spread_on": "data sets with a spread"})
spread_summary.insert(2, "best - worst", spread_summary.best - spread_summary.worst)
spread_summary.round(2)

# %% tags=["hide-input"]
ridge = uci_models.ridge_table(models, results)
by_learner = ridge.groupby("method", sort=False)[["ck_krr", "ntk_krr", "ck_svm", "ntk_svm"]].mean()
by_learner["CK - NTK (ridge)"] = by_learner.ck_krr - by_learner.ntk_krr
by_learner["CK - NTK (C-SVM)"] = by_learner.ck_svm - by_learner.ntk_svm
by_learner.columns = [c.replace("_krr", " (ridge)").replace("_svm", " (C-SVM)").replace("ck", "CK").replace("ntk", "NTK")
                      for c in by_learner.columns]
by_learner.round(2)

# %% [markdown]
# ## Verdicts
#
# Fixed before looking, and reading each sentence as it is written. A comparison has four outcomes
# (`reproduction.verdicts.outcome`): *holds* where our interval of the effect lies on the paper's side of zero,
# *does not hold* where it excludes the paper's effect (or lies on the other side), *not reproduced* where
# it holds both no effect and the paper's effect — the data cannot tell. The paper's effect is its printed
# Table I (it publishes no per-data-set accuracies). *RNN-P is the best* (mean, rank): RNN-P's lead over
# each other method, with a bootstrap interval over data sets, 95 % for the nine comparisons together
# (Bonferroni); the verdict must not flip under 20 RNG seeds of the bootstrap. Whether RNN-P's rank lead
# exceeds the Nemenyi critical difference is this project's own question, asked beside it (and of the
# paper's printed ranks, as its control). *The recurrent kernels beat*: the paper's best recurrent kernel
# (RNN-P, named by its Table I, so no choice is made on our numbers) against the classical kernels (RBF,
# polynomial, H-γ-exp) and against the NTK (the MLP's). *H-γ-exp the best of the earlier methods* is read the
# same way. Section V's "enough for RNN-P kernels to reach and surpass other methods" makes the comparisons of
# *RNN-P is the best* and is counted with it, as one claim; whether the flip helps the RNN it extends (RNN-P
# against the RNN) is this project's narrower question, beside it. *Fig. 3's top four*: the four methods with
# the highest mean other than RNN-P's against the figure's four, a point test, with Table I's printed means as its
# control (where they name other four, the test cannot decide). *Higher
# P95*: a point statement about the table, tested as one, and on the paper's printed P95 as the control.
# *Significant gains in every other metric*: RNN-P's lead in mean, PMA and rank, each as above. *CK and
# NTK alike*: for each architecture, the 90 % interval of the mean CK-minus-NTK difference (the two
# one-sided tests' interval) within one point; wholly beyond it, *does not hold*. *Table I reproduced*:
# every method's mean accuracy within 1.0 point of the paper's; its P95 within 5 data sets, its PMA within the
# PMA of one point of accuracy on every data set, its Friedman rank within 0.5, with ties taking the best rank
# as the paper's do (these tolerances were set with this chapter's table already on show). *RNN-P's lower P95
# comes from a few data sets*: RNN-P falls below 95 % of the best on more data sets than the fewer of H-γ-exp
# and BI-RNN-AVG, by at most five (the paper's P95 give one); where ours does not, but lies within the five
# data sets of the P95 tolerance of the paper's, *not reproduced*. *Table II's counts*: each count within
# five data sets of the paper's (a tie: accuracies equal to 1e-9); the paper's counts must add up to
# the 90 data sets, or that architecture's reading cannot decide. *Worst and best tied model*: a description of
# the paper's own runs, tested on point values: the largest of the ten methods' mean spreads within a quarter
# point of half a point. *Ridge regression against the C-SVM*: per architecture, the CK's lead over the NTK
# under ridge regression (the premise) and how much of it the C-SVM removes (the hypothesis), each a paired
# 95 % t-interval over data sets; both above 0, *holds*; the C-SVM widening the lead, *does not hold*; no lead
# to explain or a drop that holds 0, *not reproduced*.

# %% tags=["hide-input"]
ledger = Ledger("07_uci")
mean, rank = ours.loc["Acc. mean"], ours.loc["Friedman rank"]
records, best, ranked, cd_result = uci_verdicts.rnnp_best(table, paper)
records += [uci_verdicts.recurrent_beat(table, paper, group)
            for group in (("RBF", "Polynomial", "H-gamma-exp"), ("MLP-NTK",))]
record_metrics, other_metrics = uci_verdicts.rnnp_other_metrics(table, paper)
records += [uci_verdicts.hgamma_best_previous(table, paper), uci_verdicts.flip_helps(table, paper),
            uci_verdicts.fig3_top_four(table, paper),
            uci_verdicts.p95_higher(ours, paper), uci_verdicts.p95_few_datasets(table, paper, len(UCI_DATASETS)),
            record_metrics]
alike_records, alike = uci_verdicts.ck_ntk_alike(pairs, paper2.iloc[-1])
record_code, code_runner_up, code_p = uci_verdicts.authors_code(as_code, as_text, paper, len(UCI_DATASETS))
records += (alike_records + uci_verdicts.table2_counts(table2, paper2, len(UCI_DATASETS)) + [record_code]
            + uci_verdicts.table1_agrees(ours, paper) + uci_verdicts.table1_metrics(table, ours, paper, len(UCI_DATASETS)))
record_spread, spread_by_method = uci_verdicts.tie_spread(spreads, len(UCI_DATASETS))
records_krr, krr = uci_verdicts.krr_vs_svm(ridge, len(UCI_DATASETS))
records += [record_spread] + records_krr
for claim_id, record in records:
    ledger.record(claim_id, **record)
cd, code_mean, gaps = cd_result["cd"], as_code.mean(), ours.loc["Acc. mean"] - paper.loc["Acc. mean"]
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
assert cd_result["place"] > 1 and best["verdict"] != "holds", "the reading below says RNN-P is not the best method here"
p95 = ours.loc["P95"] - paper.loc["P95"]
ties = table2.loc["Tie"]
order = rank.sort_values()
paper_ranks = paper.loc["Friedman rank"].sort_values()
pma = ours.loc["PMA"] - paper.loc["PMA"]
metric_rows = {kw["scope"]: kw for claim_id, kw in records if claim_id == "uci.table1-metrics"}
rival = decisive(best["by_method"])
closest = best["by_method"][rival]
reading_best = {"not reproduced": "an interval that holds both no lead and the paper's lead",
                "does not hold": "an interval that excludes the paper's lead", "holds": "an interval above zero",
                "inconclusive": "a verdict that flips with the bootstrap's RNG seed"}[best["verdict"]]
Markdown(f"""**Reading.** {len(table)} data sets, under the protocol stated above; the paper's numbers come from
the same data sets and the authors' code, which differs from the text in the ways listed at the top.

*What agrees.* Every method's mean accuracy is within {gaps.abs().max():.2f} points of the paper's
(largest: {gaps.abs().idxmax()}, {gaps[gaps.abs().idxmax()]:+.2f}). Of Table I's other rows,
{" and ".join(m for m, r in metric_rows.items() if r["holds"]) or "none"} {"agrees" if sum(r["holds"] for r in metric_rows.values()) == 1 else "agree"} within {"its tolerance" if sum(r["holds"] for r in metric_rows.values()) == 1 else "their tolerances"}{"; " + " and ".join(m for m, r in metric_rows.items() if not r["holds"]) + " do not" if not all(r["holds"] for r in metric_rows.values()) else ""}:
the PMA moves by up to {pma.abs().max():.2f}, P95 by {p95.min():+.2f} to {p95.max():+.2f} points (one data set is
{100 / len(table):.2f} points, and P95 depends on the pool of methods). Our unpaired two-sided p-values for CK against NTK
({', '.join(f'{v:.2f}' for v in table2.loc['p (unpaired)'])}) are {"close to" if np.abs(table2.loc['p (unpaired)'].to_numpy() - paper2.iloc[-1].to_numpy()).max() < 0.1 else "unlike"} the paper's
({', '.join(f'{v:.2f}' for v in paper2.iloc[-1])}; largest difference {np.abs(table2.loc['p (unpaired)'].to_numpy() - paper2.iloc[-1].to_numpy()).max():.2f}).
The equivalence test says the CK and the NTK are {"alike within one point on every architecture" if all(a["verdict"] == "holds" for a in alike.values()) else f"alike within one point on {sum(a['verdict'] == 'holds' for a in alike.values())} of {len(alike)} architectures; the others: " + ", ".join(f"{m} ({a['effect']:+.2f}, 90 % interval {a['low']:+.2f} to {a['high']:+.2f}), *{a['verdict']}*" for m, a in alike.items() if a["verdict"] != "holds")}.{" *Not reproduced*: the interval reaches past the one-point margin without lying beyond it." if any(a["verdict"] == "not reproduced" for a in alike.values()) else ""}

*RNN-P first?* RNN-P's lead in mean accuracy over {rival}, the comparison that decides the verdict, is
{closest['effect']:+.2f} points (interval {closest['low']:+.2f} to {closest['high']:+.2f}, the paper's lead {closest['paper_effect'] or 0:+.2f}):
{reading_best}, so the verdict is *{best['verdict']}*. Its Friedman rank ({rank['RNN-P']:.2f}) is place
{int((rank < rank['RNN-P']).sum()) + 1} of 10, behind {', '.join(f'{m} ({v:.2f})' for m, v in order[order < rank['RNN-P']].items())},
where the paper has it first ({paper.loc['Friedman rank', 'RNN-P']:.2f}). Our ranks spread from {rank.min():.2f} to
{rank.max():.2f}, the paper's from {paper.loc['Friedman rank'].min():.2f} to {paper.loc['Friedman rank'].max():.2f};
the Nemenyi critical difference for ten methods on {len(table)} data sets is {cd:.2f}, larger than the
gap between the paper's first and fifth methods ({paper_ranks.iloc[4] - paper_ranks.iloc[0]:.2f}) and ours
({order.iloc[4] - order.iloc[0]:.2f}), so neither ranking separates the leading methods. The mean
accuracies of all ten lie within {mean.max() - mean.min():.2f} points of each other here and
{paper.loc['Acc. mean'].max() - paper.loc['Acc. mean'].min():.2f} in the paper. Under the paired test the MLP's CK
and NTK differ (p = {table2.loc['p (paired)', 'MLP-NTK']:.3f}), and the ties of Table II are fewer than the paper's
({', '.join(f'{m} {int(t)}' for m, t in ties.items())} here; the MLP has {int(paper2.loc['Tie', 'MLP-NTK'])} there):
we have no explanation for the paper's {int(paper2.loc['Tie', 'MLP-NTK'])} MLP ties.

*The authors' code.* On the {len(both)} smallest data sets, the code's four choices make RNN-P the method with
the highest mean ({code_mean['RNN-P']:.2f}; paired p = {code_p:.3f} against {code_runner_up}); the text's choices
on the same data sets give RNN-P the highest mean too ({as_text.mean()['RNN-P']:.2f}) but not a significant lead.
No method's mean moves by more than {protocols['code - text'].abs().max():.2f} points between the two. The sample is
the cheapest third of the data sets, so this does not say what the code's choices do on all 90.""")

# %% tags=["hide-input"]
largest = spread_by_method.idxmax()
own = spreads[spreads.method == largest].set_index("dataset").eval("best - worst")
band = threshold("uci.tie-spread", "value") + threshold("uci.tie-spread", "tolerance")  # the band's upper edge
above_band = spread_by_method[spread_by_method > band]
without_widest = spreads.assign(spread=spreads.best - spreads.worst).groupby("method").spread.apply(
    lambda g: g.drop(g.idxmax()).mean())
krr_verdicts = {kw["scope"]: kw["verdict"] for claim_id, kw in records if claim_id == "uci.krr-vs-svm"}
lead_sign = {m: "ahead of" if lead["low"] > 0 else "behind" if lead["high"] < 0 else "not told apart from"
             for m, (lead, drop) in krr.items()}
Markdown(f"""*Tied settings and ridge regression.* Scored alone, the settings tied for a method's best validation
accuracy spread most for {largest}: its best tied setting averages {spread_summary.loc[largest, 'best']:.2f} %
over {len(models)} data sets, its worst {spread_summary.loc[largest, 'worst']:.2f} %, a spread of
{spread_by_method[largest]:.2f} points against the paper's "almost half a percent" (the other methods:
{spread_by_method.drop(largest).min():.2f} to {spread_by_method.drop(largest).max():.2f}): {"inside" if record_spread[1]["holds"] else "outside"}
the quarter-point tolerance{", but on part of the data sets only (*inconclusive*)" if record_spread[1]["partial"] else ""}. One data set
carries much of {largest}'s: without {own.idxmax()} ({own.max():.1f} points) its spread is {own.drop(own.idxmax()).mean():.2f}; but with
each method's widest data set left out, the largest spread is still {without_widest.idxmax()}'s {without_widest.max():.2f}, {"beyond" if without_widest.max() > band else "inside"} the band.
{len(above_band)} of {len(spread_by_method)} methods spread more than the band's upper edge ({band:g} points). Under kernel ridge regression the CK is
{"; ".join(f"{lead_sign[m]} the NTK for {m} ({lead['effect']:+.2f}, {lead['low']:+.2f} to {lead['high']:+.2f})" for m, (lead, drop) in krr.items())};
the C-SVM changes that lead by {", ".join(f"{-drop['effect']:+.2f}" for lead, drop in krr.values())} points in the same order.
Verdicts per architecture: {", ".join(f"{m} *{v}*" for m, v in krr_verdicts.items())}.""")
