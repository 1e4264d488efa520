"""The tests behind the verdicts on many methods over many data sets, fixed here so that every chapter
and the paper's own numbers (positive controls) go through the same code.

``table``: one row per data set, one column per method (accuracy in percent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from rntk.ledger import paired_p_value
from rntk.metrics import fraction_above, friedman_rank, nemenyi_critical_difference

__all__ = ["agrees", "best_by_critical_difference", "best_in_mean", "best_in_rank", "best_in_metrics", "equivalent",
           "holm", "on_top", "some_beats_each", "leads", "leads_each", "trend", "near_flat", "no_worse_than",
           "seed_spread", "smaller_at_larger"]


def _paired(a, b) -> np.ndarray:
    """``a - b`` for two paired 1-D samples of at least 2 values each."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1 or len(a) < 2:
        raise ValueError(f"a and b must be paired 1-D samples of at least 2 values, got shapes {a.shape} and {b.shape}")
    return a - b


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


def best_by_critical_difference(table: pd.DataFrame, method: str, alpha: float = 0.05) -> dict:
    """Has ``method`` the lowest Friedman rank by more than the Nemenyi critical difference (Demsar 2006) for
    this many methods and data sets? Returns ``{rank, place, best_other, best_other_rank, cd, holds}``."""
    rank = friedman_rank(table)
    others = rank.drop(method)
    cd = nemenyi_critical_difference(len(rank), len(table), alpha)
    return dict(rank=float(rank[method]), place=int((rank < rank[method]).sum()) + 1, best_other=others.idxmin(),
                best_other_rank=float(others.min()), cd=cd, holds=bool(others.min() - rank[method] > cd))


def best_in_metrics(table: pd.DataFrame, method: str, alpha: float = 0.05) -> dict:
    """Does ``method`` lead every other column in the papers' summary metrics (:mod:`rntk.metrics`)?
    Per metric ``{value, best_other, best_other_value, p, holds}``, where ``holds`` needs the best value
    and one-sided paired tests against each other column at p < ``alpha`` (``p``: the largest):
    P90 and P95 an exact sign test on the data sets where exactly one of the two reaches the level (the
    data sets where both or neither do say nothing), PMA a paired t-test on the per-data-set percentages of
    the best accuracy, the Friedman rank :func:`best_in_rank`."""
    others = [m for m in table.columns if m != method]
    best = table.max(axis=1)
    found = {}
    for name, level in (("P90", 0.90), ("P95", 0.95)):
        reaches = table.ge(level * best, axis=0)
        p = max(_sign_p(int((reaches[method] & ~reaches[m]).sum()), int((reaches[m] & ~reaches[method]).sum()))
                for m in others)
        found[name] = _metric(fraction_above(table, level), method, others, p, alpha, higher=True)
    pma = table.div(best, axis=0) * 100
    found["PMA"] = _metric(pma.mean(), method, others,
                           max(paired_p_value(pma[method], pma[m]) for m in others), alpha, higher=True)
    rank = best_in_rank(table, method, alpha)
    found["Friedman rank"] = _metric(friedman_rank(table), method, others, rank["p"], alpha, higher=False)
    return found


def _sign_p(wins: int, losses: int) -> float:
    """One-sided exact sign test p that wins outnumber losses (1.0 with neither)."""
    return float(stats.binomtest(wins, wins + losses, 0.5, alternative="greater").pvalue) if wins + losses else 1.0


def _metric(values: pd.Series, method: str, others, p: float, alpha: float, higher: bool) -> dict:
    best = values[others].idxmax() if higher else values[others].idxmin()
    ahead = values[method] > values[best] if higher else values[method] < values[best]
    return dict(value=float(values[method]), best_other=best, best_other_value=float(values[best]), p=p,
                holds=bool(ahead and p < alpha))


def agrees(printed: pd.DataFrame, recomputed: pd.DataFrame, tolerance: float) -> dict:
    """Does a printed table agree with the same summaries recomputed, cell by cell, within ``tolerance``
    (cells printed in both)? Returns ``{largest, off, holds}``, ``off`` listing ``(row, column, printed,
    recomputed)`` for every cell further apart."""
    printed, recomputed = printed.align(recomputed, join="inner")
    gap = (printed - recomputed).abs().stack()
    off = [(r, c, float(printed.loc[r, c]), float(recomputed.loc[r, c])) for (r, c), g in gap.items() if g > tolerance]
    return dict(largest=float(gap.max()), off=off, holds=not off)


def some_beats_each(table: pd.DataFrame, family, group, alpha: float = 0.05) -> dict:
    """Does some member of ``family`` beat every column of ``group`` (one-sided paired t-tests over data
    sets)? Each member's p is its largest against the group; the p-values are Holm-adjusted over the family
    (:func:`holm`), so picking the member with the best mean costs what it should. Returns
    ``{best, p, adjusted, holds}`` for the member with the smallest adjusted p."""
    p = {f: max(paired_p_value(table[f], table[g]) for g in group) for f in family}
    adjusted = holm(p)
    best = min(adjusted, key=adjusted.get)
    return dict(best=best, p=p[best], adjusted=adjusted[best], holds=bool(adjusted[best] < alpha))


def on_top(values: pd.Series, named, higher: bool = True) -> bool:
    """Are the ``named`` entries of ``values`` each at least as good as every other entry (a point statement
    about a table; ``higher=False`` where lower is better)?"""
    rest = values.drop(list(named))
    return bool(all(values[m] >= rest.max() if higher else values[m] <= rest.min() for m in named))


def holm(p_values: dict) -> dict:
    """Holm's step-down adjustment of a family of p-values (``{name: p}`` -> ``{name: adjusted p}``): the
    i-th smallest is multiplied by (k - i + 1), made monotone, and capped at 1. A claim that *some* member
    of the family wins (a method picked by its own test mean) holds where the smallest adjusted p < alpha."""
    order = sorted(p_values, key=p_values.get)
    adjusted, running = {}, 0.0
    for i, name in enumerate(order):
        running = max(running, min(1.0, (len(order) - i) * p_values[name]))
        adjusted[name] = running
    return {name: adjusted[name] for name in p_values}


def equivalent(a, b, margin: float, alpha: float = 0.05) -> dict:
    """Do ``a`` and ``b`` (paired accuracies over data sets) perform alike, within ``margin`` points? Two
    one-sided paired t-tests (TOST): the mean difference ``a - b`` is above ``-margin`` and below
    ``+margin``; ``p`` is the larger of their p-values, and the claim holds where ``p < alpha`` (an absence
    of a significant difference is not enough). Returns ``{difference, low, high, p, holds}`` with the
    ``1 - 2 alpha`` confidence interval ``(low, high)`` of the mean difference."""
    d = _paired(a, b)
    if np.all(d == d[0]):  # no spread: the difference is known exactly
        p = 0.0 if abs(d[0]) < margin else 1.0
        low = high = float(d[0])
    else:
        p = max(float(stats.ttest_1samp(d, -margin, alternative="greater").pvalue),
                float(stats.ttest_1samp(d, margin, alternative="less").pvalue))
        half = stats.t.ppf(1 - alpha, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
        low, high = float(d.mean() - half), float(d.mean() + half)
    return dict(difference=float(d.mean()), low=low, high=high, p=p, holds=bool(p < alpha))


def leads(a, b, margin: float = 0.0, alpha: float = 0.05) -> dict:
    """Does ``a`` lead ``b`` (paired samples: repetitions, data sets) by more than ``margin``? The book's one
    definition of a lead: the mean paired difference ``a - b`` exceeds ``margin`` with a one-sided paired
    t-test at ``alpha`` (H0: mean difference <= margin). Returns ``{difference, low, p, holds}``, ``low``
    being the one-sided ``1 - alpha`` lower confidence bound of the mean difference."""
    d = _paired(a, b)
    if np.all(d == d[0]):  # no spread: the difference is known exactly
        p, low = (0.0 if d[0] > margin else 1.0), float(d[0])
    else:
        p = float(stats.ttest_1samp(d, margin, alternative="greater").pvalue)
        low = float(d.mean() - stats.t.ppf(1 - alpha, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d)))
    return dict(difference=float(d.mean()), low=low, p=p, holds=bool(p < alpha))


def leads_each(scores: dict, method: str, others, margin: float = 0.0, alpha: float = 0.05) -> dict:
    """Does ``scores[method]`` lead (:func:`leads`) every ``scores[m]``, ``m`` in ``others``? Returns the
    smallest mean difference, the runner-up it belongs to, the largest p and ``holds``."""
    found = {m: leads(scores[method], scores[m], margin, alpha) for m in others}
    closest = min(found, key=lambda m: found[m]["difference"])
    return dict(difference=found[closest]["difference"], closest=closest,
                p=max(r["p"] for r in found.values()), holds=all(r["holds"] for r in found.values()))


def trend(x, values, alpha: float = 0.05) -> dict:
    """How a quantity moves along ``x``: ``values`` holds one row per repetition and one column per point
    of ``x``; each repetition's least-squares slope against ``x`` is taken, and their mean with its
    two-sided ``1 - alpha`` t-interval over repetitions is returned as ``{slope, low, high}``, with
    ``grows`` (the interval lies above 0) and ``shrinks`` (below 0)."""
    x = np.asarray(x, float)
    values = np.atleast_2d(np.asarray(values, float))
    if x.ndim != 1 or len(x) < 2 or values.shape[1] != len(x) or len(values) < 2:
        raise ValueError(f"need at least 2 points and 2 repetitions, one column per point; got x of shape "
                         f"{x.shape} and values of shape {values.shape}")
    centred = x - x.mean()
    slopes = (values - values.mean(axis=1, keepdims=True)) @ centred / (centred @ centred)
    half = stats.t.ppf(1 - alpha / 2, len(slopes) - 1) * slopes.std(ddof=1) / np.sqrt(len(slopes))
    low, high = float(slopes.mean() - half), float(slopes.mean() + half)
    return dict(slope=float(slopes.mean()), low=low, high=high, grows=low > 0, shrinks=high < 0)


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


def smaller_at_larger(table: pd.DataFrame, factor: float = 1.0) -> dict:
    """Is a quantity below ``factor`` times its first column's value (the smallest width) at the last column
    (the largest), on every row (every recorded time)? Returns ``{"ours": text, "holds": bool}``."""
    first, last = table.iloc[:, 0], table.iloc[:, -1]
    return dict(ours="; ".join(f"{i}: {a:.3f} -> {b:.3f}" for i, a, b in zip(table.index, first, last)),
                holds=bool((last < factor * first).all()))


def no_worse_than(error: float, reference: float, factor: float) -> dict:
    """Is ``error`` at most ``factor`` times ``reference`` (a formula against finite networks, beside the
    package's own error on the same networks)? Returns ``{"ours": text, "holds": bool}``."""
    return dict(ours=f"{error:.3f} (rntk {reference:.3f})", holds=bool(error <= factor * reference))
