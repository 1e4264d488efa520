"""The tests behind the verdicts on many methods over many data sets, fixed here so that every chapter
and the paper's own numbers (positive controls) go through the same code.

``table``: one row per data set, one column per method (accuracy in percent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from rntk.ledger import paired_p_value
from rntk.metrics import friedman_rank

__all__ = ["best_in_mean", "best_in_rank", "equivalent", "beats_each", "grows", "near_flat", "seed_spread"]


def best_in_mean(table: pd.DataFrame, method: str, alpha: float = 0.05) -> dict:
    """Is ``method`` the best in mean accuracy by more than the spread over data sets? Its mean exceeds
    every other column's, and a one-sided paired t-test against each other column gives p < ``alpha``
    (``p``: the largest of those). Returns ``{mean, best_other, best_other_mean, p, holds}``."""
    others = [m for m in table.columns if m != method]
    mean = table.mean()
    p = max(paired_p_value(table[method], table[m]) for m in others)
    best = mean[others].idxmax()
    return dict(mean=float(mean[method]), best_other=best, best_other_mean=float(mean[best]), p=p,
                holds=bool(mean[method] > mean[best] and p < alpha))


def best_in_rank(table: pd.DataFrame, method: str, alpha: float = 0.05) -> dict:
    """Has ``method`` the best (lowest) Friedman rank, and does a one-sided Wilcoxon signed-rank test
    against each other column give p < ``alpha``? Returns ``{rank, best_other, best_other_rank, p, holds}``."""
    others = [m for m in table.columns if m != method]
    rank = friedman_rank(table)
    p = max(float(stats.wilcoxon(table[method], table[m], alternative="greater").pvalue)
            if (table[method] != table[m]).any() else 1.0 for m in others)
    best = rank[others].idxmin()
    return dict(rank=float(rank[method]), best_other=best, best_other_rank=float(rank[best]), p=p,
                holds=bool(rank[method] < rank[best] and p < alpha))


def equivalent(a, b, margin: float, alpha: float = 0.05) -> dict:
    """Do ``a`` and ``b`` (paired accuracies over data sets) perform alike, within ``margin`` points? Two
    one-sided paired t-tests (TOST): the mean difference ``a - b`` is above ``-margin`` and below
    ``+margin``; ``p`` is the larger of their p-values, and the claim holds where ``p < alpha`` (an absence
    of a significant difference is not enough). Returns ``{difference, low, high, p, holds}`` with the
    ``1 - 2 alpha`` confidence interval ``(low, high)`` of the mean difference."""
    d = np.asarray(a, float) - np.asarray(b, float)
    if d.ndim != 1 or len(d) < 2:
        raise ValueError(f"a and b must be paired 1-D samples of at least 2 values, got {len(d)}")
    if np.all(d == d[0]):  # no spread: the difference is known exactly
        p = 0.0 if abs(d[0]) < margin else 1.0
        low = high = float(d[0])
    else:
        p = max(float(stats.ttest_1samp(d, -margin, alternative="greater").pvalue),
                float(stats.ttest_1samp(d, margin, alternative="less").pvalue))
        half = stats.t.ppf(1 - alpha, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
        low, high = float(d.mean() - half), float(d.mean() + half)
    return dict(difference=float(d.mean()), low=low, high=high, p=p, holds=bool(p < alpha))


def beats_each(scores: dict, method: str, others) -> float:
    """The largest p of one-sided paired t-tests that ``scores[method]`` exceeds each ``scores[m]`` for m in
    ``others`` (paired over repetitions; 1.0 against a method with identical scores)."""
    a = np.asarray(scores[method], float)
    return max(1.0 if np.allclose(a, scores[m]) else
               float(stats.ttest_rel(a, np.asarray(scores[m], float), alternative="greater").pvalue) for m in others)


def grows(low, high) -> float:
    """One-sided Welch t-test p that the mean of ``high`` exceeds the mean of ``low`` (independent samples)."""
    return float(stats.ttest_ind(np.asarray(high, float), np.asarray(low, float), equal_var=False,
                                 alternative="greater").pvalue)


def near_flat(shares, flat: float = 0.2, tolerance: float = 0.05) -> bool:
    """Every share (of a sensitivity curve's first and last fifth) within ``tolerance`` of ``flat``."""
    return all(abs(v - flat) < tolerance for v in shares)


def seed_spread(per_seed: dict) -> pd.DataFrame:
    """``{(dataset, method): {seed: accuracy}}`` -> one row per (dataset, method): ``mean``, ``std``
    (population), ``low`` and ``high`` over the seeds, and ``seeds``."""
    rows = [dict(dataset=d, method=m, mean=float(np.mean(list(a.values()))), std=float(np.std(list(a.values()))),
                 low=float(min(a.values())), high=float(max(a.values())), seeds=len(a))
            for (d, m), a in per_seed.items()]
    return pd.DataFrame(rows, columns=["dataset", "method", "mean", "std", "low", "high", "seeds"])
