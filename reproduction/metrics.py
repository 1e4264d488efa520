"""Summaries of accuracies over many data sets (Fernandez-Delgado et al. 2014; Arora et al. 2020).

``table`` is a DataFrame with one row per data set and one column per method
(accuracy in percent).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["settled", "percent_of_maximum", "fraction_above", "friedman_rank", "summary_table", "win_tie_loss",
           "data_sets_below", "rounding_bounds", "nemenyi_critical_difference", "attainable", "unattainable_entries", "read_as_fractions", "critical_difference_diagram"]


def settled(table):
    """Accuracies rounded to 1e-9 points, so that equal accuracies reached along different float paths (a
    mean of fold accuracies summed in another order) compare equal; real differences are far larger."""
    return table.round(9)


def percent_of_maximum(table: pd.DataFrame) -> pd.Series:
    """PMA: the mean over data sets of a method's accuracy as a percentage of the best method's."""
    return (table.div(table.max(axis=1), axis=0) * 100).mean()


def fraction_above(table: pd.DataFrame, level: float) -> pd.Series:
    """P90 / P95: the percentage of data sets where a method reaches ``level`` of the best accuracy."""
    table = settled(table)
    return (table.ge(level * table.max(axis=1), axis=0)).mean() * 100


def friedman_rank(table: pd.DataFrame, ties: str = "average") -> pd.Series:
    """Mean rank over data sets (1 = most accurate; ``ties="average"``: tied methods share the mean of their
    ranks, ``"min"``: each takes the best of them)."""
    return settled(table).rank(axis=1, ascending=False, method=ties).mean()


def summary_table(table: pd.DataFrame, ddof: int = 0, ties: str = "average") -> pd.DataFrame:
    """The papers' summary: mean and std accuracy (``ddof``), P90, P95, PMA, Friedman rank (``ties``, see
    :func:`friedman_rank`) (rows) per method."""
    return pd.DataFrame({
        "Acc. mean": table.mean(),
        "Acc. std": table.std(ddof=ddof),
        "P90": fraction_above(table, 0.90),
        "P95": fraction_above(table, 0.95),
        "PMA": percent_of_maximum(table),
        "Friedman rank": friedman_rank(table, ties),
    }).T


def data_sets_below(share, datasets: int):
    """Per method, the data sets where it falls below a level of the best accuracy, from its P90 or P95
    (``share``, % of ``datasets``: :func:`fraction_above`, or a paper's printed row)."""
    return ((100 - share) * datasets / 100).round().astype(int)


def rounding_bounds(table: pd.DataFrame, half: float = 0.005) -> tuple:
    """The range of :func:`summary_table` (``ddof=1``, ties taking the best rank) over every table whose
    accuracies lie within ``half`` of ``table``'s (a table printed to two decimals): ``(low, high)``, one
    DataFrame each. Data sets are independent, so each summary's per-data-set bounds add up: P90, P95 and
    the ranks count what certainly and what possibly holds, PMA takes the ratios at the ends of their
    ranges, and the mean and the standard deviation move by at most ``half`` (``half sqrt(n / (n - 1))``)."""
    a = table.to_numpy(dtype=np.float64)
    n, k = a.shape
    rest = np.stack([np.delete(a, m, axis=1).max(axis=1) for m in range(k)], axis=1)  # the best other method
    rows_low, rows_high = {}, {}
    rows_low["Acc. mean"], rows_high["Acc. mean"] = a.mean(axis=0) - half, a.mean(axis=0) + half
    spread = half * np.sqrt(n / (n - 1))
    rows_low["Acc. std"], rows_high["Acc. std"] = a.std(axis=0, ddof=1) - spread, a.std(axis=0, ddof=1) + spread
    for name, level in (("P90", 0.90), ("P95", 0.95)):
        rows_low[name] = 100 * (a - half >= level * (rest + half)).mean(axis=0)
        rows_high[name] = 100 * (a + half >= level * (rest - half)).mean(axis=0)
    rows_low["PMA"] = 100 * ((a - half) / np.maximum(a - half, rest + half)).mean(axis=0)
    rows_high["PMA"] = 100 * ((a + half) / np.maximum(a + half, rest - half)).mean(axis=0)
    gap = a[:, None, :] - a[:, :, None]  # [data set, method, other]: how far the other prints above; 1e-9: float noise
    above_surely = (gap > 2 * half + 1e-9).sum(axis=2)
    above_maybe = (gap > -2 * half - 1e-9).sum(axis=2) - 1  # less the method itself
    rows_low["Friedman rank"], rows_high["Friedman rank"] = 1 + above_surely.mean(axis=0), 1 + above_maybe.mean(axis=0)
    frame = lambda rows: pd.DataFrame(rows, index=table.columns).T  # noqa: E731
    return frame(rows_low), frame(rows_high)


def win_tie_loss(a: pd.Series, b: pd.Series) -> dict:
    """Data sets where ``a`` beats, ties and loses to ``b``, and two-sided t-test p-values: paired
    (the data sets matched) and unpaired (the two columns as independent samples)."""
    a, b = (settled(s) for s in a.align(b, join="inner"))
    same = np.allclose(a, b)
    with warnings.catch_warnings():
        # scipy warns of precision loss when a column is constant (one method scores the same on every
        # data set); its variance is then exactly 0, which the pooled test handles without loss.
        warnings.filterwarnings("ignore", "Precision loss occurred", RuntimeWarning)
        paired = 1.0 if same else float(stats.ttest_rel(a, b).pvalue)
        unpaired = 1.0 if same else float(stats.ttest_ind(a, b).pvalue)
    return {"wins": int((a > b).sum()), "ties": int((a == b).sum()), "losses": int((a < b).sum()),
            "p (paired)": paired, "p (unpaired)": unpaired}


def nemenyi_critical_difference(methods: int, datasets: int, alpha: float = 0.05) -> float:
    """The smallest difference of Friedman ranks that the Nemenyi test calls significant (Demsar 2006):
    q_alpha sqrt(k (k + 1) / (6 N)), q_alpha the studentised range quantile over sqrt 2."""
    if methods < 2 or datasets < 1:
        raise ValueError(f"need at least 2 methods and 1 data set, got {methods} and {datasets}")
    q = stats.studentized_range.ppf(1 - alpha, methods, np.inf) / np.sqrt(2)
    return float(q * np.sqrt(methods * (methods + 1) / (6 * datasets)))


def attainable(accuracy, n: int, decimals: int = 2):
    """Whether a printed accuracy (%) can be ``100 k / n`` for some ``k`` of ``n`` test series, rounded or
    truncated to ``decimals`` places (either convention: published tables use both)."""
    if n < 1:
        raise ValueError(f"a test set needs at least 1 series, got n = {n}")
    accuracy = np.asarray(accuracy, dtype=float)
    step, eps = 10.0 ** -decimals, 1e-9
    # the smallest k whose accuracy is not below the printed value minus half a step (rounding)
    k = np.ceil((accuracy - step / 2 - eps) * n / 100)
    return (k >= 0) & (k <= n) & (100 * k / n < accuracy + step + eps)


def unattainable_entries(table: pd.DataFrame, test_sizes: pd.Series, decimals: int = 2) -> pd.DataFrame:
    """The entries of a published accuracy table (data sets x methods, %) that no count of correct test
    series gives (:func:`attainable`): one row each, with the nearest attainable accuracy and whether the
    entry times 100 is attainable (an accuracy printed as a fraction)."""
    rows = []
    for name, row in table.iterrows():
        n = int(test_sizes[name])
        grid = 100 * np.arange(n + 1) / n
        for method, value in row.dropna().items():
            if not attainable(value, n, decimals):
                rows.append({"dataset": name, "method": method, "printed": value, "test series": n,
                             "nearest attainable": grid[np.abs(grid - value).argmin()],
                             "printed x 100 attainable": bool(attainable(100 * value, n, decimals))})
    columns = ["dataset", "method", "printed", "test series", "nearest attainable", "printed x 100 attainable"]
    return pd.DataFrame(rows, columns=columns)


def read_as_fractions(table: pd.DataFrame, unattainable: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every entry of ``unattainable`` (:func:`unattainable_entries`) that is an attainable
    accuracy once multiplied by 100 (a fraction printed where a percentage belongs) read as that percentage."""
    read = table.copy()
    for entry in unattainable[unattainable["printed x 100 attainable"]].itertuples():
        read.loc[entry.dataset, entry.method] = 100 * entry.printed
    return read


def critical_difference_diagram(table: pd.DataFrame, title: str, alpha: float = 0.05):
    """aeon's critical-difference diagram of ``table`` (the field's convention for many methods on many
    data sets: mean ranks; when a Friedman test rejects at ``alpha``, one-sided Wilcoxon signed-rank tests
    between every pair, each at ``alpha / (k - 1)`` for k methods (aeon's ``correction="holm"``); bars
    joining the methods not significantly different), on the data sets every method has.
    Returns ``(figure, p-values as a methods x methods DataFrame)``."""
    import matplotlib.pyplot as plt
    from aeon.visualisation import plot_critical_difference

    complete = table.dropna()
    if len(complete) < 2 or complete.shape[1] < 2:
        raise ValueError(f"a critical-difference diagram needs at least 2 data sets and 2 methods, got {complete.shape}")
    fig, _, p = plot_critical_difference(complete.to_numpy(), list(complete.columns), test="wilcoxon",
                                         correction="holm", alpha=alpha, return_p_values=True)
    fig.suptitle(f"{title}: {len(complete)} data sets, alpha = {alpha}", fontsize=9, y=1.02)
    plt.close(fig)
    order = friedman_rank(complete).sort_values(kind="stable").index  # aeon's order: best mean rank first
    p = np.triu(p) + np.triu(p, 1).T
    return fig, pd.DataFrame(p, index=order, columns=order)


def told_apart(p_values: pd.DataFrame, alpha: float = 0.05) -> list:
    """The pairs a critical-difference diagram tells apart (:func:`critical_difference_diagram`'s
    p-values, best mean rank first): ``[(better, worse, p)]`` with p below ``alpha / (k - 1)``, as aeon
    draws them (all p-values are 1 when the Friedman test does not reject)."""
    order, k = list(p_values.index), len(p_values)
    return [(a, b, float(p_values.loc[a, b])) for i, a in enumerate(order) for b in order[i + 1:]
            if p_values.loc[a, b] < alpha / (k - 1)]


def told_apart_text(p_values: pd.DataFrame, alpha: float = 0.05) -> str:
    """:func:`told_apart` in words, for the line under a diagram: the pairs told apart, or, where those
    are most of the pairs, the pairs that are not."""
    pairs, k = told_apart(p_values, alpha), len(p_values)
    test = f"one-sided Wilcoxon p < {alpha}/{k - 1}"
    if len(pairs) <= k * (k - 1) // 4:
        return f"Told apart ({test}): " + ("; ".join(f"{a} over {b} (p = {q:.2g})" for a, b, q in pairs) or "no pair") + "."
    apart = {(a, b) for a, b, _ in pairs}
    order = list(p_values.index)
    rest = [(a, b) for i, a in enumerate(order) for b in order[i + 1:] if (a, b) not in apart]
    return (f"Told apart ({test}): {len(pairs)} of {k * (k - 1) // 2} pairs, all but "
            + "; ".join(f"{a} and {b} (p = {float(p_values.loc[a, b]):.2g})" for a, b in rest) + ".")
