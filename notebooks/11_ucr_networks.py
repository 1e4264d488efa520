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
# # UCR: the trained recurrent networks (first paper, Table 1)
#
# **Claim.** On the UCR data sets of Table 1, the RNTK under a C-SVM beats trained RNNs: a ReLU RNN with
# Gaussian weights, an IRNN and a GRU ("In addition, RNTK also outperforms RNN and GRU").
#
# **Protocol** (`reproduction.experiments.ucr_networks`). The data sets, splits and scaling of the UCR chapter;
# the RNTK's accuracy is its result on the paper's 900-setting grid there. The networks are trained as the
# paper's appendix says where it says it, and as stated below where it does not; each network's layers,
# hidden units and learning rate are chosen by 5-fold cross-validation on the training split, and the
# chosen network is refitted on the training split and scored once on the test split.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from reproduction.data import UCR_AVAILABLE, published_ucr_accuracy, ucr_summary
from reproduction.experiments import ucr, ucr_networks, ucr_protocol, ucr_seeds, ucr_training, ucr_verdicts
from reproduction.ledger import Ledger
from reproduction.metrics import unattainable_entries

quick = profile == "quick"
networks = list(ucr_protocol.NETWORK_METHODS)
# quick: two small data sets computed here; full: the caches of `python -m reproduction.experiments.ucr ours`
found = ucr.network_chapter_results(quick)
grid, early_grid, results = found["grid"], found["early_grid"], found["results"]
on_paper_grid, early_stopped = found["rntk"], found["early_stopped"]
ours = ucr.accuracy_table(results).reindex(columns=networks)
rntk = ucr.accuracy_table(on_paper_grid)["RNTK"].dropna()
trained = ours.dropna()
paper_all = published_ucr_accuracy()
print(f"the trained networks: {len(trained)} of {len(UCR_AVAILABLE)} data sets have results for all 3")

# %% [markdown]
# ## The trained networks
#
# **The paper's protocol** (its appendix): a ReLU RNN with Gaussian weights in the NTK scheme, a ReLU RNN
# with identity recurrent weights (IRNN) and a GRU with uniform initialisation, each classifying from its
# last state; RMSProp for at most 200 epochs, stopped "when the validation set accuracy does not improve
# for 5 consecutive epochs"; 5-fold cross-validation over layers, hidden units and learning rate (the
# values are lost). Our first run (`ucr_protocol.EARLY_STOPPED_GRID`) kept that rule, with one architecture (64
# units), two learning rates and mini-batches of 32. Its refits stopped after a handful of epochs, and
# the means came out far below the paper's. Before comparing the RNTK with these networks, we checked
# whether they had learned anything.
#
# ### Why they stopped before they learned
#
# One network of 64 units for each data set and network, trained on the refit's 80 % of the training
# split and early-stopped on the other 20 %. Each network ran at each of our learning rates, once under the
# paper's rule and once under ours (`python -m reproduction.experiments.ucr_training`). Curves: training accuracy per
# epoch (a logarithmic axis, so that the paper's rule's short runs show), at the learning rate whose kept
# epoch has the lowest validation loss under each rule. The grey line is chance (the majority class's share).

# %% tags=["hide-input"]
rules = list(ucr_training.RULES)
if quick:
    diag_names = ["SmoothSubspace"]
    rule_grids = {"paper": early_grid, "ours": grid}
    curves = {(n, m, r): ucr_training.learning_curves(n, m, g, grid.networks.learning_rate, hidden=8)
              for n in diag_names for m in networks for r, g in rule_grids.items()}
else:
    diag_names = list(ucr_training.DIAGNOSIS_DATASETS)
    curves = {(n, m, r): ucr_training.cached_curves(n, m, r) for n in diag_names for m in networks for r in rules}
majority = {}
for n in diag_names:
    y = ucr.load_ucr(n)[1]
    majority[n] = np.unique(y, return_counts=True)[1].max() / len(y)


fig, axes = plt.subplots(len(networks), len(diag_names), figsize=(2.3 * len(diag_names) + 1, 2.1 * len(networks)),
                         sharex=True, sharey=True, squeeze=False)
for j, n in enumerate(diag_names):
    for i, m in enumerate(networks):
        ax = axes[i, j]
        for r, style in zip(rules, ("--", "-")):
            run = curves[(n, m, r)]
            k = ucr_training.kept(run)
            accuracy = np.array(run["history"][k]["train_accuracy"], float)[1:] * 100
            ax.plot(np.arange(1, len(accuracy) + 1), accuracy, style, lw=1.6 if r == "paper" else 1.0,
                    label=f"{r} (lr {run['learning_rates'][k]:g})")
        ax.set_xscale("log")
        ax.axhline(majority[n] * 100, color="0.6", lw=0.8)
        ax.legend(fontsize=7, loc="lower right")
        if i == 0:
            ax.set_title(n, fontsize=10)
        if j == 0:
            ax.set_ylabel(f"{m}\ntraining acc. (%)", fontsize=9)
        if i == len(networks) - 1:
            ax.set_xlabel("epoch")
fig.tight_layout()

# %% [markdown]
# The same runs in numbers. Per data set and network: the epochs each rule ran (the most over the
# learning rates), the best training accuracy any learning rate reached, and the test accuracy of the kept
# network.

# %% tags=["hide-input"]
diagnosis = ucr_training.diagnosis_table(curves, paper_all).round(1).astype({(r, "epochs"): int for r in rules})
diagnosis.rename(columns={"paper": "paper's rule", "ours": "our rule"}, level=0)

# %% tags=["hide-input"]
(paper_epochs, paper_chance, runs), (our_epochs, our_chance, _) = (
    ucr_training.rule_summary(curves, r, majority) for r in ("paper", "ours"))
Markdown(f"""Under the paper's rule the runs end after a median of {paper_epochs:.0f} epochs (the longest of
each run's learning rates), and {paper_chance} of the {runs} kept networks are within 5 points of chance on their own
training data. Under ours the runs last a median of {our_epochs:.0f} epochs, and {our_chance} of {runs} kept
networks are within 5 points of chance. The curves show the reason: on a few dozen validation series, the
validation accuracy stays flat through the first epochs, while the loss is still falling. Training often
leaves its plateau only after tens of epochs.""")

# %% [markdown]
# **Gradients through time.** The curves stay on their plateau for tens of epochs. The gradients at
# initialisation show part of the reason. We measured the norm of the loss's gradient with respect to the
# top layer's state at step $t$, averaged over training series (`rntk.trained.state_gradient_norms`). It
# shows how far back in the sequence the first updates reach. A GRU whose update gate starts at zero bias
# keeps half its state per step, so the gradient shrinks by about half at every step back. Ours starts
# with the bias at -2, which keeps about 88 % of the state per step. The table below gives each network's
# gradient at the middle step divided by its gradient at the last. (The IRNN's gradient is exactly zero at
# the first steps of some series. A ReLU unit that is off at a step passes no gradient back through it.
# With identity recurrent weights and tiny input weights, the state starts near zero, so each unit is on
# or off by the sign of its own input. Once every unit has been off at some step, no gradient reaches the
# steps before it.)

# %% tags=["hide-input"]
fig, axes = plt.subplots(1, len(diag_names), figsize=(2.3 * len(diag_names) + 1, 3.4), sharey=True, squeeze=False)
for ax, n in zip(axes[0], diag_names):
    for m in networks:
        for r in (rules if m == "GRU" else ["ours"]):
            g = np.array(curves[(n, m, r)]["gradient_norms"])
            label = m if m != "GRU" else f"GRU, gate bias {ucr_training.RULES[r].networks.gru_update_bias:g}"
            ax.semilogy(np.arange(len(g))[::-1], np.maximum(g, 1e-30), label=label, ls="--" if r == "paper" else "-")
    ax.set_title(f"{n} (T = {len(g)})", fontsize=10)
    ax.set_xlabel("steps before the last")
axes[0, 0].set_ylabel("|dL/dh_t| at initialisation")
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="upper center", ncol=4, fontsize=8, frameon=False)
fig.tight_layout(rect=(0, 0, 1, 0.9))

# %% tags=["hide-input"]
reach = ucr_training.gradient_reach(curves)
print("|dL/dh_t| at the middle step t = T/2, divided by its value at the last step:")
pd.Series(reach).unstack().map(lambda v: f"{v:.1e}")

# %% [markdown]
# **What we changed, and why.** Each change departs from the paper's text, and each answers something the
# diagnosis showed:
#
# * **Stopping signal.** We stop on the validation loss with a patience of 20 epochs, not on the validation
#   accuracy with a patience of 5. On a few dozen validation series the accuracy stays flat through the
#   first epochs, so the paper's rule ends most runs within a few epochs (the table above). The loss keeps
#   falling through those epochs, and training leaves its plateau after tens of epochs (the curves above).
# * **Mini-batch size.** Batches are at most 32 series, and smaller on small training sets, so that every
#   epoch has at least 5 updates (`ucr_networks.batch_size`). With batches of 32, Coffee's 22 training series give
#   one update per epoch.
# * **GRU update gate.** Its bias starts at -2 (the gradients above).
# * **Grid.** 2 layers × 2 hidden sizes {32, 128} × 3 learning rates {1e-4, 1e-3, 1e-2}, cross-validated
#   over 5 folds (the paper's values are lost). The middle size, 64, and a wider learning-rate range are
#   left out: each would add a third or more to a grid that already needs far more than two CPU cores
#   (see the coverage note below).
#
# Kept as the paper states: RMSProp, at most 200 epochs, early stopping on a validation split, 5-fold
# cross-validation. Kept from the first run: inputs at unit norm times $\sqrt T$ (every step has unit mean
# square), classification from the last state, and float32. Every cache holds the refit's learning curves,
# its epochs and its accuracy on its own training data.
#
# ### The networks, re-run
#
# Each network beside its first run (the paper's stopping rule) and the paper, on the data sets it has
# been re-run on. "At chance" counts refits whose accuracy on their own training data is within 5 points of
# the majority class's share: such a network was not trained. In the table per data set, a dash marks a
# set the network has not been re-run on yet.

# %% tags=["hide-input"]
early = ucr.accuracy_table(early_stopped).reindex(columns=networks)
network_summary = ucr_networks.network_summary(results, early_stopped, paper_all, networks)
shown = network_summary.round(2).astype(object)
for row in ("data sets", "at chance on own training data"):
    shown.loc[row] = network_summary.loc[row].astype(int)
shown

# %% tags=["nbval-ignore-output", "hide-input"]
cost = ucr.estimated_seconds(results, UCR_AVAILABLE, networks)
every_set = all(network_summary.loc["data sets", m] == len(UCR_AVAILABLE) for m in networks)
Markdown("**Coverage.** " + ucr_networks.coverage_note(results, network_summary, cost, UCR_AVAILABLE, networks))

# %% tags=["hide-input"]
per_network = pd.concat({m: pd.DataFrame({"paper": paper_all.loc[early.index, m], "first run": early[m],
                                          "re-run": ours.reindex(early.index)[m],
                                          "training acc.": pd.Series({n: results[(n, m)]["train_accuracy"]
                                                                      for n in ours[m].dropna().index}, dtype=float)})
                         for m in networks}, axis=1)
per_network = per_network.loc[ours[networks].dropna(how="all").index].round(1)
per_network.astype(object).where(per_network.notna(), "–")  # a dash: not re-run yet

# %% [markdown]
# ## Verdicts
#
# Fixed before the re-run's results were looked at, except where said. *Beats the trained networks*: the RNTK's lead in mean
# accuracy over each network, with a bootstrap interval over data sets (95 % for the comparisons together),
# against the paper's lead on the same data sets: *holds* above zero, *does not hold* where it excludes the
# paper's lead, *not reproduced* where it holds both; on the data sets where all three have been re-run, and
# for each network on every data set it has been re-run on. *A network reproduces the paper's number*:
# its mean accuracy alike the paper's appendix on the same data sets, within 5.0 points (the margin fixed
# before the networks' results were looked at). Each network is one training run from one initialisation
# and one split, in the paper as here, so two runs' means over $n$ data sets differ by the seed alone with
# standard deviation $\sqrt{2}\,s/\sqrt{n}$, where $s$ is the spread of one data set's accuracy over seeds.
# $s$ is measured by re-running each network whole (its cross-validation split, its refit's split and its
# initialisation) under seeds 1 and 2 on the four data sets where the three networks train fastest
# (`python -m reproduction.experiments.ucr_seeds networks`), beside the chapter's run, seed 0 (table below);
# the gap's 90 % interval, $\pm t\,\sqrt{2}\,s/\sqrt{n}$ (`reproduction.verdicts.rerun_interval`), inside the
# margin, *holds*; wholly beyond it, *does not hold*; across its edge, *not reproduced*. This interval was
# added after the gaps were known; it can only make a verdict less certain than the margin alone. Where an entry of the
# paper's appendix table is a fraction printed as a percentage (the UCR chapter checks every entry), the
# verdict is given again with it read as a percentage.

# %% tags=["hide-input"]
# the re-runs under other seeds are of the full grid, in both profiles: the quick profile reads their caches
seed_runs = ucr_seeds.stored_network_seeds(ucr.stored_results(ucr_seeds.NETWORK_SEED_SETS, networks))
seed_table = pd.DataFrame({(m, f"seed {k}"): {d: a[k] for (d, n), a in seed_runs.items() if n == m and k in a}
                           for m in networks for k in (0, *ucr_seeds.NETWORK_SEEDS)}).round(1)
seed_table.astype(object).where(seed_table.notna(), "–")  # a dash: that re-run is not cached

# %% tags=["hide-input"]
ledger = Ledger("11_ucr_networks")
size = ucr_summary().set_index("dataset").loc[list(UCR_AVAILABLE)]
unattainable = unattainable_entries(paper_all.loc[list(UCR_AVAILABLE)], size["archive_test"].astype(int))
for claim_id, record in (ucr_verdicts.beats_networks(rntk, ours, paper_all, len(UCR_AVAILABLE))
                         + ucr_verdicts.network_means(ours, paper_all, unattainable, len(UCR_AVAILABLE), seed_runs)):
    ledger.record(claim_id, **record)
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
Markdown(f"""**Reading.** Under the paper's stopping rule, {paper_chance} of the {runs} diagnosis runs kept a network within 5 points of
chance on its own training data ({our_chance} under ours). Re-run with the changes above (on
{', '.join(f"{int(network_summary.loc['data sets', m])} data sets for {m}" for m in networks)}{"" if every_set else " so far"}), they train
for a median of {', '.join(f"{network_summary.loc['median epochs, re-run', m]:.0f}" for m in networks)} epochs and
reach a median training accuracy of {', '.join(f"{network_summary.loc['median training acc., re-run', m]:.1f} %"
                                        for m in networks)} (Gaussian RNN, IRNN, GRU). Their mean accuracies move
from {', '.join(f"{network_summary.loc['mean acc., first run', m]:.1f}" for m in networks)} to
{', '.join(f"{network_summary.loc['mean acc., re-run', m]:.1f}" for m in networks)}, against the paper's
{', '.join(f"{network_summary.loc['mean acc., paper', m]:.1f}" for m in networks)} on the same data sets.""")
