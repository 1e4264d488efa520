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
# # Data
#
# Every data set of the two papers that could be obtained, loaded with `reproduction.data` from the repository's
# `data/` folder (xz-compressed, sha256-checked; provenance and licences in `data/README.md`).
#
# - **UCR** (first paper, Table 1): 56 univariate time-series classification problems with the archive's
#   own train/test split. **Six are missing here** — Yoga and UWaveGestureLibraryX/Y/Z (no TEST file),
#   StarLightCurves and SemgHandSubjectCh2 (no file at all) — because no complete copy could be obtained
#   offline; TwoPatterns' TEST set lacks its first series (`test` counts the series we have, `archive_test`
#   the archive's, which the paper's accuracies were measured on). Tables compare with the paper on the 50 others.
# - **UCI** (second paper, Table I): 90 non-time-series classification problems preprocessed by
#   Fernández-Delgado et al.; each feature vector is read as a sequence of scalars.
# - **Google stock** and a **noisy sinusoid** (first paper, Fig. 4): the regression series.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from IPython.display import Markdown

from reproduction import data
from reproduction.experiments import ucr_verdicts
from reproduction.ledger import Ledger
from reproduction.metrics import rounding_bounds, summary_table, unattainable_entries

quick = profile == "quick"
pd.set_option("display.max_rows", 200)
ucr_names = ["Coffee", "Yoga", "SmoothSubspace"] if quick else data.UCR_DATASETS
uci_names = ["iris", "zoo"] if quick else None

# %% [markdown]
# ## UCR: the first paper's 56 data sets, in its table's order

# %% tags=["hide-input"]
ucr = data.ucr_summary(ucr_names)
print(f"{(ucr.status != 'complete').sum()} of {len(ucr)} listed are missing or incomplete; "
      f"{ucr.status.str.startswith('missing').sum()} cannot be used")
ucr.set_index("dataset").astype(object).fillna("no file")

# %% [markdown]
# ## The paper's UCR numbers, checked
#
# The UCR chapters compare with the first paper's per-data-set appendix table and its Table 1
# (`reproduction.data.published_ucr_accuracy`, `published_ucr_table1`). Both are checked here, before any of
# our numbers. An accuracy on $n$ test series is a multiple of $100/n$ %: every entry of the appendix
# table on our 50 data sets is checked against its test set's size (the archive's: TwoPatterns has
# 4,000 test series, one more than our copy), allowing rounding or truncation to the two printed
# decimals (`reproduction.metrics.attainable`; the table has both). The entries that no count of correct test
# series gives:

# %% tags=["hide-input"]
paper_all = data.published_ucr_accuracy().loc[list(data.UCR_AVAILABLE)]
test_sizes = data.ucr_summary().set_index("dataset").loc[list(data.UCR_AVAILABLE), "archive_test"]
unattainable = unattainable_entries(paper_all, test_sizes.astype(int))
unattainable.set_index(["dataset", "method"]).round(2)

# %% tags=["hide-input"]
as_fraction = unattainable[unattainable["printed x 100 attainable"]]
others_off = unattainable.drop(as_fraction.index)
off = (others_off["printed"] - others_off["nearest attainable"]).abs()
fractions = "; ".join(
    f"{e.dataset}'s {e.method}, printed {e.printed:g}, is {abs(e.printed - e.nearest_attainable):.2f} "
    f"points from the nearest accuracy on {e.test_series} series, but read as a fraction it is "
    f"{100 * e.printed:.2f} % ({round(e.printed * e.test_series)} of {e.test_series})"
    for e in as_fraction.rename(columns=lambda c: c.replace(" ", "_")).itertuples())
Markdown(f"""{len(unattainable)} of {paper_all.notna().sum().sum()} entries cannot be accuracies on
their test sets. {len(others_off)} of them lie within {off.max():.2f} points of an attainable accuracy:
misprints, or a different split, that move a mean over {len(paper_all)} data sets by at most
{off.max() / len(paper_all):.3f} points, far inside the tolerances of the verdicts, so they are used
as printed. {fractions}. The verdicts use the table as printed and, where such an entry is among the
data sets compared (the networks' chapter), give the verdict again with it read as a fraction.""")

# %% [markdown]
# The paper's Table 1 recomputed from its own appendix table (all 56 data sets), with the conventions
# that reproduce its numbers: the sample standard deviation, and tied methods each taking the best of
# their ranks (with tied methods sharing the mean rank, as in our tables, every rank is higher). Cells
# further apart than half the last printed digit are the ledger's entry on the table's consistency, unless
# the appendix's own rounding explains them: its accuracies are printed to two decimals, so each summary has
# a range over the accuracies they could have been (`reproduction.metrics.rounding_bounds`; a rank moves most,
# where two methods print within 0.01 of each other). A printed P90 or P95 that no count of the 56 data sets
# gives is listed as a misprint.

# %% tags=["hide-input"]
printed = data.published_ucr_table1()
recomputed = summary_table(data.published_ucr_accuracy()[printed.columns], ddof=1, ties="min")
recomputed = recomputed.loc[printed.index]
pd.concat({"printed": printed, "recomputed": recomputed,
           "printed - recomputed": printed - recomputed}).round(2) + 0.0

# %% [markdown]
# ### Verdict

# %% tags=["hide-input"]
ledger = Ledger("06_data")
appendix = data.published_ucr_accuracy()[printed.columns]
claim_id, record = ucr_verdicts.consistency(printed, recomputed, len(appendix), rounding_bounds(appendix))
ledger.record(claim_id, **record)
if not quick:
    ledger.save()
ledger

# %% [markdown]
# ## UCI: the second paper's 90 data sets

# %%
uci = data.uci_summary(uci_names)
print(f"{len(uci)} data sets; samples {uci.samples.min()}-{uci.samples.max()}, "
      f"features (sequence length) {uci.features.min()}-{uci.features.max()}, "
      f"classes {uci.classes.min()}-{uci.classes.max()}")
uci.set_index("dataset")

# %% [markdown]
# ## A few series
#
# One series per class of three UCR data sets, the Google closing price with the paper's train/test split
# (days 1–700 / 701–975; which 975 days of 2014–2018 the paper used is not stated: we take the first 975
# trading days from 2014-01-02), and the synthetic sinusoid.

# %% tags=["hide-input"]
shown = [n for n in ["Coffee", "SmoothSubspace", "Trace"] if n in data.UCR_AVAILABLE and (not quick or n in ucr_names)]
fig, grid = plt.subplots((len(shown) + 3) // 2, 2, figsize=(11, 3.4 * ((len(shown) + 3) // 2)))
axes = grid.ravel()
for ax in axes[len(shown) + 2:]:
    ax.set_visible(False)
for ax, name in zip(axes, shown):
    X, y, _, _ = data.load_ucr(name)
    for label in np.unique(y):
        ax.plot(X[np.flatnonzero(y == label)[0]], lw=1, label=f"class {label}")
    ax.set_title(f"UCR {name}")
    ax.legend(fontsize=9)
dates, price = data.load_stock()
ax = axes[len(shown)]
ax.plot(dates[:700], price[:700], lw=1, label="train (days 1-700)")
ax.plot(dates[700:], price[700:], lw=1, label="test (701-975)")
ax.set_title("GOOG close")
ax.legend(fontsize=9)
ax.tick_params(axis="x", labelrotation=45)
ax = axes[len(shown) + 1]
ax.plot(data.make_sinusoid(1000, noise=0.1, seed=0), lw=0.8)
ax.set_title("sinusoid, noise std 0.1")
fig.tight_layout()
