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
# Every data set of the two papers that could be obtained, loaded with `rntk.data` from the repository's
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

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk import data

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
