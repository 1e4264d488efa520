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
# # The Recurrent Neural Tangent Kernel, reproduced
#
# This book reproduces two papers and turns their kernels into a tool:
#
# - S. Alemohammad, Z. Wang, R. Balestriero, R. Baraniuk, *The Recurrent Neural Tangent Kernel*, ICLR 2021
#   (the **first paper**): the infinite-width limit of an RNN at initialisation and during training is a
#   kernel, the RNTK, which compares sequences of **different lengths** natively.
# - S. Alemohammad, R. Balestriero, Z. Wang, R. Baraniuk, *Scalable Neural Tangent Kernel of Recurrent
#   Architectures* (the **second paper**): bidirectional and average-pooled variants, a fast
#   implementation, and 90 UCI data sets.
#
# ## What the RNTK is
#
# An RNN with hidden width $n$ computes $g^{(\ell,t)} = \frac{\sigma_w}{\sqrt n} W^{(\ell)} h^{(\ell,t-1)} +
# \frac{\sigma_u}{\sqrt m} U^{(\ell)} x_t + \sigma_b b^{(\ell)}$, $h^{(\ell,t)} = \phi(g^{(\ell,t)})$, and reads
# out $f(x) = \frac{\sigma_v}{\sqrt n} V h^{(L,T)}$. As $n \to \infty$ with Gaussian weights, $f$ becomes a
# Gaussian process with covariance $\mathcal K$ (the conjugate kernel) and gradient descent on $f$ becomes
# kernel regression with the neural tangent kernel $\Theta$. Both are computed by a recursion over time
# steps and layers of two-by-two covariance matrices; `rntk` implements that recursion exactly, in float64,
# vectorised over every pair of sequences with JAX.
#
# ## The chapters
#
# | chapter | paper | what it shows |
# | --- | --- | --- |
# | [The mathematics, in one notation](mathematics.md) | both | every recursion of both papers in one notation, each linked to the function that computes it; the printed formulas that disagree with finite networks |
# | [A tour of the recurrent kernels](01_kernel_tour.ipynb) | both | the API, two sequences of different lengths, a Gram matrix, the architectures |
# | [Computation time on a CPU](02_timing.ipynb) | second, Fig. 2 | Gram time against L, T and N, against a NumPy implementation of the papers' algorithm |
# | [The theorems, checked with finite networks](03_theorems.ipynb) | first, Theorems 1 and 3, Fig. 2 | empirical NTKs of finite RNNs converge to the analytic kernel, tied and untied, and for the second paper's architectures; where two printed formulas disagree with finite networks |
# | [Training dynamics](04_training_dynamics.ipynb) | first, Theorem 2 | finite networks' kernels stay put in training; what an infinitely wide RNN predicts after training time t, with its spread over initialisations, beside trained finite ensembles |
# | [Sensitivity](05_sensitivity.ipynb) | first, Eq. 22, Fig. 3 | which time steps the kernel attends to, per activation and weight scale |
# | [Data](06_data.ipynb) | both | every data set, its size and provenance, and which are missing; the paper's UCR tables checked |
# | [90 UCI data sets](07_uci.ipynb) | second, Tables I–II, Fig. 3 | recurrent kernels against RF, RBF, polynomial, MLP NTK, H-γ-exp under one C-SVM protocol |
# | [Regression](08_regression.ipynb) | first, Fig. 4 | next-value prediction from windows of random length: RNTK against zero-padded kernels |
# | [UCR classification](09_ucr.ipynb) | first, Table 1 and appendix | the RNTK against the NTK, RBF and polynomial kernels on 50 UCR data sets, on the paper's grid, with the verdicts also on our grid and over seeds of the split |
# | [UCR: the grid and the split](10_ucr_grids_splits.ipynb) | first, Table 1 | how much the grid, its edges and the 10-fold split move each kernel's accuracy |
# | [UCR: the trained networks](11_ucr_networks.ipynb) | first, Table 1 | RNN, IRNN and GRU classifiers: why the paper's stopping rule leaves them untrained, and a re-run |
# | [Using rntk on your own data](12_using_rntk.ipynb) | — | scikit-learn and aeon estimators; the RNTK beside MiniRocket, Rocket and 1-NN DTW on 50 UCR data sets |
# | [Scaling up](13_scaling.ipynb) | — | Grams on a Dask cluster and on disk, several devices, Nyström features: time and peak memory against N |
#
# ## How each chapter is built
#
# Every chapter is a notebook in `notebooks/` (jupytext percent format) executed by papermill. Long
# computations are cached under `results/` so the book rebuilds in minutes:
#
# ```bash
# make book    # creates .venv, executes every notebook, builds this book
# make test    # unit tests, nbval on the executed notebooks, and a check of the built book
# ```
#
# Each chapter states the paper's claim, shows the evidence recomputed here, and says where the two agree
# and where they do not. Numbers beside the papers' are always ours recomputed next to theirs, never
# copied into our columns.
#
# ## Every claim, and every verdict
#
# Every statement of the two papers that this book tests, and this project's own checks, is registered in
# one place before any verdict is computed (`reproduction.claims`): where it stands, the paper's sentence, what is
# measured, the test and its thresholds, and the chapter that evaluates it. A chapter can record a verdict
# on a registered claim only (`reproduction.ledger.Ledger.record` takes its id). A paper's verdict tests what its
# sentence says and nothing more: "converges" is a falling error with no floor, a sentence that describes a
# table is tested on the table's values, a one-sided sentence gets a one-sided test. What this project asks
# beyond the sentence (the central-limit rate, a 1 dB lead at every point, a rank lead beyond the Nemenyi
# critical difference) is a claim of its own, beside the paper's, and does not decide it.
#
# A comparison has four outcomes, decided by our interval and the paper's effect (`reproduction.verdicts.outcome`):
# *holds* where our interval excludes no effect, on the paper's side; *does not hold* where it excludes the
# paper's effect or lies on the other side; *not reproduced* where it holds both no effect and the paper's
# effect, so the data cannot tell. *Inconclusive* is for partial data, a setting the paper does not state,
# and a bootstrap verdict that flips with the bootstrap's RNG seed (each is run under 20); *not testable
# here* is for missing hardware. An absence of a significant difference never makes a claim hold. Where the
# paper publishes the numbers a claim rests on, the same test runs on them and its result stands beside ours.
#
# The tables count *claims*, not readings: a claim read several ways (two paddings, three grids, six
# architectures) is one row, and its verdict follows the rule fixed in its registry entry
# (`reproduction.ledger.summary_verdict`): every reading must hold; or the first reading (the paper's setting)
# decides; or, where the paper does not fix a setup (where the baselines were padded), readings under
# setups that disagree make it *inconclusive*. The papers' claims and the project's own checks (positive
# controls, stricter demands, checks of printed formulas, claims of other papers, the practice chapter's
# comparisons) are counted apart; the verdicts come from the chapters' last full runs (`results/ledger/`).

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import pandas as pd

from reproduction.ledger import VERDICTS, collected, registry_table, totals

pd.set_option("display.max_colwidth", None)
pd.set_option("display.max_rows", None)  # every verdict, never an elided row
verdicts = collected()
totals(verdicts)

# %% [markdown]
# The registry, claim by claim: its readings' verdicts as the chapters recorded them, and the claim's verdict
# by its rule (empty, with the reason, where no chapter has evaluated it yet).

# %% tags=["hide-input"]
registry_table(verdicts)[["source", "where", "claim", "readings", "verdict"]]  # the id names the chapter's topic

# %% [markdown]
# Every reading, chapter by chapter.

# %%
counts = (verdicts.groupby(level="chapter")["verdict"].value_counts()
          .unstack(fill_value=0))
counts = counts.reindex(columns=list(VERDICTS), fill_value=0)
counts.loc["all chapters"] = counts.sum()
counts

# %%
verdicts[["id", "claim", "paper_effect", "effect", "interval", "control", "verdict"]]

# %% [markdown]
# ## What `make reproduce` costs
#
# `make reproduce` ignores every cache and recomputes it. The cached units of the long experiments record
# the wall time they took when they were computed, on this book's machine (2 CPU cores, x86_64, no GPU);
# the table sums them per experiment (`reproduction.cache.recorded_seconds`). Units that do not record their time
# are counted as such: their cost is not known from the caches.

# %% tags=["nbval-ignore-output", "hide-input"]
from reproduction.cache import recorded_seconds

cost = pd.DataFrame(recorded_seconds(), index=["units", "units timed", "seconds"]).T.drop(index="ledger")
cost["hours"] = cost.pop("seconds") / 3600
cost.loc["all"] = cost.sum()
cost[["units", "units timed"]] = cost[["units", "units timed"]].astype(int)
print(f"recorded: {cost.loc['all', 'hours']:.1f} hours over {cost.loc['all', 'units timed']} of "
      f"{cost.loc['all', 'units']} units")
cost["hours"] = [f"{h:.2f}" if timed else "not recorded" for h, timed in zip(cost.hours, cost["units timed"])]
cost
