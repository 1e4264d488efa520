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
# Two runnable recipes: a scikit-learn grid search on sequences of different lengths, and the RNTK as an
# aeon classifier on UCR data beside two of aeon's own classifiers. Grams too large for one call (on
# several devices, on a Dask cluster, on disk) and the Nyström approximation are in the next chapter,
# "Scaling up"; the API reference is the last page of this book.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split

from rntk import RecurrentKernel
from rntk.estimators import RNTKClassifier

quick = profile == "quick"

# %% [markdown]
# ## 1. scikit-learn: a grid search on sequences of different lengths
#
# A list of 1-D (or `(T_i, m)`) arrays is valid input: no padding, no resampling. `RNTKClassifier` takes
# one kernel object, `kernel=RecurrentKernel(...)`, whose settings `GridSearchCV` reaches as
# `kernel__sigma_w`, beside the SVM's `C`; the training Gram is kept between fits that differ only in `C`.

# %%
rng = np.random.default_rng(0)
n = 60 if quick else 200


def series(label):
    """Two classes of noisy oscillations: random length (20-60 steps), random phase."""
    t = np.arange(rng.integers(20, 61))
    freq = 0.25 if label == 0 else 0.6
    phase = rng.uniform(0, 2 * np.pi)
    return np.sin(freq * t + phase) + 0.3 * rng.standard_normal(len(t))


y = rng.integers(0, 2, n)
X = [series(label) for label in y]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
grid = {"C": [0.1, 1.0, 10.0], "kernel__sigma_w": [1.0, np.sqrt(2)], "kernel__sigma_b": [0.0, 0.5]}
search = GridSearchCV(RNTKClassifier(kernel=RecurrentKernel(architecture="avg-shared")), grid, cv=3)
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
from reproduction.cache import RESULTS, cached_json
from reproduction.experiments.practice import RNTK_GRID, compare_on_ucr

if quick:
    small = {"C": [1.0, 10.0], "sigma_w": [1.0], "sigma_b": [0.0]}
    rows = compare_on_ucr(["SmoothSubspace"], rocket_kernels=500, grid=small)
else:
    names = ["SmoothSubspace", "SyntheticControl", "ECG200", "GunPoint", "Coffee"]
    params = dict(names=names, rocket_kernels=10_000, grid=RNTK_GRID)
    rows = cached_json(RESULTS / "practice" / "aeon_ucr.json",
                       lambda: compare_on_ucr(**params), params)
shown_grid = small if quick else RNTK_GRID
print("RNTK grid:", "; ".join(f"{k} {', '.join(f'{v:.4g}' for v in values)}"
                              for k, values in shown_grid.items()))
comparison = pd.DataFrame(rows)
comparison.pivot_table(index="dataset", columns="classifier",
                       values=["accuracy", "seconds"]).round(2)

# %% tags=["nbval-ignore-output"]
best = comparison.accuracy == comparison.groupby("dataset").accuracy.transform("max")
comparison.assign(best=best).groupby("classifier").agg(
    mean_accuracy=("accuracy", "mean"), total_seconds=("seconds", "sum"),
    best_or_tied=("best", "sum")).round(2)

# %% [markdown]
# The two tables above are the whole evidence of this small comparison (five small data sets); section 3
# places the RNTK on the first paper's whole benchmark.
#
# ### Sequences of different lengths, as aeon bundles them
#
# The UCR sets above have one length each. aeon ships data sets that do not: JapaneseVowels (several
# channels) and PickupGestureWiimoteZ (one channel), beside the equal-length, multichannel BasicMotions
# (`reproduction.experiments.practice.bundled_unit`, their own train and test splits; their channels,
# shortest and longest sequences and sizes are in the first table below). The RNTK reads each sequence as it is, every case scaled to unit norm, with the last-step
# read-out and with the shared average over steps (`avg-shared`), C and the kernel's settings chosen by
# 5-fold cross-validation on the training split (the grid above). MiniRocket needs one length: aeon's
# `Padder` pads every sequence with zeros at its end to the longest of both splits. The 1-NN DTW classifier
# takes unequal lengths as they are. Accuracy in percent on the test split, seconds of fit plus predict.

# %% tags=["nbval-ignore-output"]
from IPython.display import Markdown, display

from reproduction.experiments.practice import BUNDLED, bundled_classifiers, bundled_unit, cached_bundled, standing

labels = list(bundled_classifiers())
if quick:  # the first 40 cases of each split of one data set, on the small grid
    bundled = pd.DataFrame([bundled_unit("JapaneseVowels", label, small, cases=40) for label in labels])
else:
    bundled = pd.DataFrame([cached_bundled(name, label) for name in BUNDLED for label in labels])
shapes = bundled.groupby("dataset")[["channels", "min_length", "max_length", "train", "test"]].first()
display(shapes)
bundled.pivot_table(index="dataset", columns="classifier", values=["accuracy", "seconds"]).round(2)

# %% tags=["nbval-ignore-output"]
accuracy = bundled.pivot_table(index="dataset", columns="classifier", values="accuracy")
others = [c for c in labels if not c.startswith("RNTK")]
unequal = shapes.index[shapes.min_length < shapes.max_length]
Markdown(f"""{standing(accuracy, "RNTK (avg-shared, CV)", others)}; {standing(accuracy, "RNTK (rnn, CV)", others)}. Data set by data set:
{"; ".join(f"{d}: " + ", ".join(f"{c} {accuracy.loc[d, c]:.1f}" for c in accuracy.columns) for d in accuracy.index)}.
On the data sets of unequal lengths ({", ".join(unequal)}) the shared average over steps
{"beats" if (accuracy.loc[unequal, "RNTK (avg-shared, CV)"] > accuracy.loc[unequal, "RNTK (rnn, CV)"]).all() else "does not always beat"}
the last-step read-out ({", ".join(f"{accuracy.loc[d, 'RNTK (avg-shared, CV)']:.1f} against {accuracy.loc[d, 'RNTK (rnn, CV)']:.1f}" for d in unequal)}).""")

# %% [markdown]
# ## 3. The RNTK beside what practitioners use, on the first paper's UCR benchmark
#
# The UCR chapter's RNTK (the first paper's 900-setting grid, every setting and C chosen by 10-fold
# cross-validation on the training split) beside aeon's MiniRocket and Rocket and the one-nearest-neighbour
# classifiers with the full-window DTW distance and the Euclidean distance, with aeon's defaults and a fixed
# `random_state`, on the archive's splits (`python -m reproduction.experiments.ucr_classifiers run`, one cached unit
# per data set and classifier under `results/ucr_classifiers/`). Times are wall-clock seconds of fit plus
# predict on one core; the RNTK's include its whole cross-validated selection (900 Grams, 45,000 SVM fits)
# on the two cores of the machine that cached it. Only the data sets where every method is cached enter
# the comparison; the line under the table says how many of the 50 that is.

# %% tags=["hide-input", "nbval-ignore-output"]
import matplotlib.pyplot as plt
from IPython.display import Markdown

from reproduction.data import UCR_AVAILABLE, ucr_summary
from reproduction.experiments.ucr_architectures import (CHUNKS, architecture_table, parts_done, remaining_hours,
                                                stored_architectures)
from reproduction.experiments.ucr_classifiers import (beside_rntk, by_regime, practice_verdicts, recommendation,
                                              standing)
from reproduction.ledger import Ledger
from reproduction.metrics import critical_difference_diagram, told_apart_text

on = dict(names=["Coffee", "SmoothSubspace"]) if quick else {}
everything, complete = beside_rntk(**on)
variants, _ = beside_rntk(**on, architectures=True)
shown = variants[variants.dataset.isin(complete)]
counts = shown.groupby("method").dataset.nunique()
whole = counts[counts == len(complete)].index  # the methods on every complete data set
print("RNTK architectures on part of those data sets only (not in the diagram below): "
      + (", ".join(f"{m} ({counts[m]})" for m in counts.index.difference(whole)) or "none"))
summary = shown[shown.method.isin(whole)].groupby("method").agg(
    mean_accuracy=("accuracy", "mean"), median_seconds=("seconds", "median"),
    total_seconds=("seconds", "sum"))
display(summary.sort_values("mean_accuracy", ascending=False).style.format("{:.2f}"))
print(f"{len(complete)} of 50 data sets have every method cached"
      + ("" if len(complete) == 50 else "; the comparison is partial until all 50 are"))

# %% tags=["hide-input", "nbval-ignore-output"]
fig, ax = plt.subplots(figsize=(8, 5))
for method, rows in shown.groupby("method"):
    ax.scatter(rows.seconds, rows.accuracy, label=method, s=18, alpha=0.8)
ax.set_xscale("log")
ax.set_xlabel("fit + predict, seconds (log scale)")
ax.set_ylabel("test accuracy (%)")
ax.set_title(f"UCR: accuracy against time, {len(complete)} data sets")
ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# Every RNTK architecture on the 60-setting grid of `reproduction.experiments.ucr_architectures` (the same
# cross-validation on the training split), on the data sets where it is cached: the number of data sets,
# and each architecture's mean accuracy on the data sets that every architecture has. The shared
# average-pooled read-out (`avg-shared`) compares every step of one sequence with every step of the other,
# so its Gram costs about T times the others'; the runner takes its cheapest data sets first, and keeps
# each finished chunk of 3 settings of a unit in progress, so that a unit longer than a session resumes.

# %% tags=["hide-input", "nbval-ignore-output"]
stored = stored_architectures(["Coffee", "SmoothSubspace"] if quick else UCR_AVAILABLE)
by_architecture = architecture_table(stored)
in_all = by_architecture.dropna()
display(pd.DataFrame({"data sets cached": by_architecture.notna().sum(),
                      f"mean accuracy, the {len(in_all)} data sets all have": in_all.mean()}).round(2))
missing = [a for a in by_architecture if by_architecture[a].notna().sum() < len(UCR_AVAILABLE)]
if missing and not quick:
    left = {a: [n for n in UCR_AVAILABLE if (n, a) not in stored] for a in missing}
    display(Markdown(
        "The rest would take about "
        + ", ".join(f"{a} {remaining_hours(stored, a):,.0f}" for a in missing)
        + " CPU hours on the machine that cached the others ("
        + ", ".join(f"{a}: {sum(parts_done(n, a) for n in left[a])} of the {CHUNKS * len(left[a])} "
                    "chunks left are done, and counted" for a in missing)
        + "; `python -m reproduction.experiments.ucr_architectures` resumes)."))

# %% [markdown]
# Are those differences more than noise? The five architectures as a critical-difference diagram on the
# data sets every one of them has (the same tests as below; with fewer than 50 data sets, a partial view).

# %% tags=["hide-input", "nbval-ignore-output"]
if len(in_all) >= 10:
    cd_architectures, p_architectures = critical_difference_diagram(
        in_all, "UCR, the RNTK's architectures (60 settings)")
    display(cd_architectures)
    display(Markdown(told_apart_text(p_architectures)))
else:
    print(f"only {len(in_all)} data sets have every architecture: no critical-difference diagram yet")

# %% [markdown]
# Every RNTK variant beside these classifiers as a critical-difference diagram
# (`reproduction.metrics.critical_difference_diagram`, aeon's `plot_critical_difference`: mean ranks, one-sided
# Wilcoxon signed-rank tests each at alpha / (k - 1) for k methods after a Friedman test at alpha = 0.05,
# bars joining the methods not significantly different): the RNTK on the first paper's grid, each architecture on the 60-setting grid of
# `reproduction.experiments.ucr_architectures` that covers every complete data set, and aeon's four classifiers.
# It needs enough data sets for the tests to have any power, and is drawn once at least 10 are complete.

# %% tags=["hide-input", "nbval-ignore-output"]
if len(complete) >= 10:
    scores = shown[shown.method.isin(whole)].pivot_table(index="dataset", columns="method",
                                                         values="accuracy")
    cd_practice, p_practice = critical_difference_diagram(
        scores, "UCR, every RNTK variant and aeon's classifiers")
    display(cd_practice)
    display(Markdown(told_apart_text(p_practice)))
else:
    print(f"only {len(complete)} data sets complete: no critical-difference diagram yet")

# %% [markdown]
# ## 4. When is the RNTK the right choice?
#
# The same comparison by regime: training sets up to and above the median size, series up to and above
# the median length, two classes or more. The RNTK here is the one a practitioner would use: on each data
# set, the architecture that cross-validation on the training data chooses among those cached on every
# data set (named under the tables), each on the 60-setting grid (`reproduction.experiments.
# ucr_architectures.cv_chosen`; its time is the whole selection, every candidate's); the RNTK on the first
# paper's grid follows as a second table. Per regime, the RNTK's mean gap to the best other classifier on
# each data set, its wins, ties (within half a point) and losses against MiniRocket with a two-sided sign
# test, and the median ratio of the RNTK's time to MiniRocket's. The sentences under the first table are
# generated from it by rules fixed in `reproduction.experiments.ucr_classifiers.recommendation` before these
# results were looked at: the RNTK is *worth considering* where it beats MiniRocket more often (sign test
# p < 0.05) and by at least one point on average; MiniRocket is *the better choice* where it wins more
# often by the same test; otherwise the data do not separate them.

# %% tags=["hide-input", "nbval-ignore-output"]
from reproduction.experiments.ucr_architectures import cv_chosen
from reproduction.experiments.ucr_classifiers import CHOSEN_LABEL, RNTK_LABEL

formats = {"gap to best": "{:+.2f}", "vs MiniRocket": "{:+.2f}", "sign p": "{:.2g}", "time ratio": "{:.3g}"}
chosen_sets = set(variants[variants.method == CHOSEN_LABEL].dataset)
readings = {label: by_regime(standing(variants, complete, ucr_summary(complete), rntk=label))
            for label in (CHOSEN_LABEL, RNTK_LABEL) if len(complete) >= 2
            and (label == RNTK_LABEL or chosen_sets >= set(complete))}
for label, regimes in readings.items():
    display(Markdown(f"**{label}**"))
    display(regimes.rename(columns={"mean_gap_to_best": "gap to best", "mean_vs_reference": "vs MiniRocket",
                                    "sign_p": "sign p", "median_time_ratio": "time ratio"}).style.format(formats))
if readings:
    first = next(iter(readings))
    display(Markdown((f"**Partial** ({len(complete)} of 50 data sets): " if len(complete) < 50 else "")
                     + f"With the {first}:\n" + "\n".join(f"- {line}" for line in recommendation(readings[first]))))
    candidates = next(iter(cv_chosen(stored, complete).values()), {}).get("candidates", [])
    display(Markdown("Cross-validation chose among " + (", ".join(f"`{a}`" for a in candidates) or "no architecture")
                     + f", the architectures cached on all {len(complete)} data sets."))

# %% [markdown]
# These are this project's own checks, not claims of the papers, for both RNTKs; their verdicts are
# *inconclusive* while some of the 50 data sets are missing.

# %% tags=["hide-input", "nbval-ignore-output"]
ledger = Ledger("12_using_rntk")
for label, regimes in readings.items():
    for claim_id, verdict in practice_verdicts(regimes).items():
        ledger.record(claim_id, scope=label.removeprefix("RNTK (").removesuffix(")"), partial=len(complete) < 50,
                      **verdict)
if readings and not quick:
    ledger.save()
ledger
