"""The tests behind the verdicts, fixed here so that every chapter and the paper's own numbers (positive
controls) go through the same code.

A comparison has four outcomes (:func:`outcome`), decided by our interval and the paper's effect:
*holds* (our interval excludes no effect, on the paper's side), *does not hold* (it excludes the paper's
effect, or lies on the other side), *not reproduced* (it holds both no effect and the paper's effect: the
data cannot tell); *inconclusive* (partial data, a lost setup, a verdict that flips with the bootstrap's
RNG seed: :func:`stable`) and *not testable here* come from the chapters.

``table``: one row per data set, one column per method (accuracy in percent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from reproduction.ledger import FAILS, HOLDS, INCONCLUSIVE, NOT_REPRODUCED, summary_verdict
from reproduction.metrics import friedman_rank, nemenyi_critical_difference, settled

__all__ = ["outcome", "difference", "lead_over_each", "METRICS", "decisive", "lead_fields", "combined", "stable",
           "alike", "no_worse_by", "printed_agrees", "resampled_means", "loglog_slopes", "falling_slopes", "converges",
           "agrees", "best_by_critical_difference", "equivalent", "on_top", "leads", "leads_each", "trend",
           "no_worse_than", "seed_spread", "smaller_at_larger", "rerun_interval", "rerun_std_interval"]


def _paired(a, b) -> np.ndarray:
    """``a - b`` for two paired 1-D samples of at least 2 values each."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1 or len(a) < 2:
        raise ValueError(f"a and b must be paired 1-D samples of at least 2 values, got shapes {a.shape} and {b.shape}")
    return a - b


def outcome(low: float, high: float, paper_effect: float | None = None, direction: int = 1) -> str:
    """The verdict on a comparison from our interval ``(low, high)`` of the effect and the paper's effect
    (``direction``: +1 where the paper says the effect is positive, -1 negative; a stated ``paper_effect``
    gives it by its sign). *holds*: the interval lies on the paper's side of 0 (a smaller effect than the
    paper's still holds: the sentences state a direction); *does not hold*: it lies on the other side, or
    below the paper's stated effect while holding 0; *not reproduced*: it holds both 0 and the paper's
    effect (or 0, where the paper states no size)."""
    if paper_effect is not None:
        if paper_effect == 0:
            raise ValueError("the paper's effect is 0: no direction to test")
        direction = 1 if paper_effect > 0 else -1
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, got {direction!r}")
    if not low <= high:
        raise ValueError(f"need low <= high, got {low} and {high}")
    low, high = sorted((direction * low, direction * high))
    if low > 0:
        return HOLDS
    if high < 0 or (paper_effect is not None and high < direction * paper_effect):
        return FAILS
    return NOT_REPRODUCED


def difference(a, b, paper_effect: float | None = None, level: float = 0.95, direction: int = 1) -> dict:
    """The mean paired difference ``a - b`` (repetitions, data sets), its two-sided t-interval at ``level``
    and the :func:`outcome` against ``paper_effect``: ``{effect, low, high, verdict}``."""
    d = _paired(a, b)
    half = 0.0 if np.all(d == d[0]) else stats.t.ppf((1 + level) / 2, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    low, high = float(d.mean() - half), float(d.mean() + half)
    return dict(effect=float(d.mean()), low=low, high=high, verdict=outcome(low, high, paper_effect, direction))


def _ranks(table: pd.DataFrame) -> np.ndarray:
    return -settled(table).rank(axis=1, ascending=False, method="average").to_numpy()  # higher is better


#: Each summary metric of the papers as a mean over data sets of a per-data-set score (higher is better;
#: the Friedman rank enters negated), so that a bootstrap over data sets resamples rows.
METRICS = {
    "mean": lambda t: t.to_numpy(float),
    "P90": lambda t: 100.0 * settled(t).ge(0.90 * t.max(axis=1).round(9), axis=0).to_numpy(float),
    "P95": lambda t: 100.0 * settled(t).ge(0.95 * t.max(axis=1).round(9), axis=0).to_numpy(float),
    "PMA": lambda t: 100.0 * t.div(t.max(axis=1), axis=0).to_numpy(float),
    "rank": _ranks,
}


def lead_over_each(table: pd.DataFrame, method: str, metric: str = "mean", paper=None,
                   level: float = 0.95, resamples: int = 2000, seed: int = 0) -> dict:
    """Does ``method`` lead every other column of ``table`` in ``metric`` (:data:`METRICS`)? For each other
    method, our lead (in the metric's units; for the rank, the other's rank minus ours), its percentile
    bootstrap interval over data sets at ``level`` Bonferroni-adjusted over the others (so that the whole
    family has coverage ``level``), and the :func:`outcome` against the paper's lead in ``paper`` (its
    per-data-set table on the same methods, or a Series of its printed values of the metric, the Friedman
    rank as printed; None, or a lead of 0 or less there: the direction only). The claim's verdict is
    :func:`combined` over the others. Returns ``{verdict, closest, by_method: {m: {effect, low, high,
    paper_effect, verdict}}}``, ``closest`` the method with the smallest lead."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {list(METRICS)}, got {metric!r}")
    others = [m for m in table.columns if m != method]
    scores = METRICS[metric](table)
    column = {m: i for i, m in enumerate(table.columns)}
    leads = scores[:, [column[method]]] - scores[:, [column[m] for m in others]]  # (datasets, others)
    rows = np.random.default_rng(seed).integers(0, len(table), (resamples, len(table)))
    boot = leads[rows].mean(axis=1)  # (resamples, others)
    tail = (1 - level) / len(others) / 2
    lows, highs = np.quantile(boot, [tail, 1 - tail], axis=0)
    if isinstance(paper, pd.Series):
        sign = -1.0 if metric == "rank" else 1.0
        paper_leads = np.array([sign * (paper[method] - paper[m]) for m in others], float)
    elif paper is not None:
        theirs = METRICS[metric](paper[table.columns])
        paper_leads = (theirs[:, [column[method]]] - theirs[:, [column[m] for m in others]]).mean(axis=0)
    by_method = {}
    for i, m in enumerate(others):
        effect = None if paper is None else float(paper_leads[i])
        by_method[m] = dict(effect=float(leads[:, i].mean()), low=float(lows[i]), high=float(highs[i]),
                            paper_effect=effect,
                            verdict=outcome(lows[i], highs[i], effect if effect and effect > 0 else None))
    closest = min(by_method, key=lambda m: by_method[m]["effect"])
    return dict(verdict=combined(r["verdict"] for r in by_method.values()), closest=closest, by_method=by_method)


def decisive(comparisons: dict):
    """The key of the comparison that decides a verdict made of several (``comparisons``: ``{key: {effect,
    low, high, verdict[, paper_effect]}}``, e.g. :func:`lead_over_each`'s ``by_method``): one that does not
    hold (the one whose interval lies furthest below the paper's effect), else the smallest effect."""
    failing = [k for k, r in comparisons.items() if r["verdict"] == FAILS]
    if failing:
        return min(failing, key=lambda k: comparisons[k]["high"] - (comparisons[k].get("paper_effect") or 0))
    return min(comparisons, key=lambda k: comparisons[k]["effect"])


def lead_fields(result: dict, digits: int = 2) -> dict:
    """The ledger's fields of a :func:`lead_over_each` result (optionally :func:`stable`): the
    :func:`decisive` comparison's effect, interval and the paper's effect."""
    by = result["by_method"]
    m = decisive(by)
    r = by[m]
    fmt = f"+.{digits}f"
    seeds = f"; {result['stability']}" if "stability" in result else ""
    return dict(verdict=result["verdict"], effect=f"{r['effect']:{fmt}} over {m}",
                interval=f"{r['low']:{fmt}} to {r['high']:{fmt}} (95 % over {len(by)} comparisons{seeds})",
                paper_effect="direction only" if r["paper_effect"] is None else f"{r['paper_effect']:{fmt}} over {m}")


def alike(a, b, margin: float, alpha: float = 0.05) -> dict:
    """Do ``a`` and ``b`` (paired) perform alike within ``margin``? The ``1 - 2 alpha`` t-interval of the
    mean of ``a - b`` (TOST's): within +-``margin``, *holds*; wholly beyond it, *does not hold*; otherwise
    *not reproduced*. Returns ``{effect, low, high, verdict}``."""
    found = equivalent(a, b, margin, alpha)
    low, high = found["low"], found["high"]
    return dict(effect=found["difference"], low=low, high=high, verdict=within_margin(low, high, margin))


def within_margin(low: float, high: float, margin: float) -> str:
    """An equivalence verdict from an interval of a difference: inside +-``margin``, *holds*; wholly beyond
    it, *does not hold*; across its edge, *not reproduced*."""
    if not low <= high:
        raise ValueError(f"need low <= high, got {low} and {high}")
    return HOLDS if -margin < low and high < margin else FAILS if low > margin or high < -margin else NOT_REPRODUCED


def combined(verdicts) -> str:
    """One verdict on a statement made of several comparisons that must all hold (``summary_verdict``'s
    rule "all")."""
    return summary_verdict(list(verdicts), "all")


def stable(run, seeds: int = 20) -> dict:
    """A bootstrap verdict under ``seeds`` RNG seeds: ``run(seed)`` returns a dict with a ``verdict``; the
    result is the one of seed 0 with ``share`` (the fraction of seeds that give its verdict) and, where the
    verdict flips with the seed, the verdict *inconclusive*."""
    found = [run(seed) for seed in range(seeds)]
    first = dict(found[0])
    share = sum(f["verdict"] == first["verdict"] for f in found) / seeds
    first.update(share=share, seeds=seeds, verdict=first["verdict"] if share == 1 else INCONCLUSIVE,
                 stability=f"{round(share * seeds)} of {seeds} bootstrap seeds give {first['verdict']}")
    return first


def printed_agrees(printed, value, decimals: int) -> bool:
    """Does a number printed to ``decimals`` decimals agree with ``value`` within half its last printed digit
    (with a hair of slack for floating point)?"""
    return bool(abs(float(printed) - float(value)) <= 0.5 * 10.0 ** -decimals + 1e-9)


def resampled_means(per_seed, resamples: int, rng) -> np.ndarray:
    """Bootstrap over seeds at each point: ``(resamples, points)`` means of ``per_seed[i]`` resampled with
    replacement (``rng``: a numpy Generator)."""
    return np.column_stack([e[rng.integers(0, len(e), (resamples, len(e)))].mean(axis=1) for e in per_seed])


def loglog_slopes(x, values) -> np.ndarray:
    """Least-squares slopes of log(values) against log(x), one per row of ``values``."""
    lx = np.log(np.asarray(x, float))
    lx = lx - lx.mean()
    ly = np.log(np.atleast_2d(values))
    return (ly - ly.mean(axis=1, keepdims=True)) @ lx / (lx @ lx)


def falling_slopes(widths, per_seed, seed: int = 0, resamples: int = 2000, level: float = 0.95) -> dict:
    """The log-log slope of the mean error against the width over all ``widths`` and over their larger half
    (where a floor would flatten it), each with its percentile bootstrap interval over seeds (resampled at
    each width, the same resamples for both). Returns ``{slope, slope_low, slope_high, upper, upper_low,
    upper_high, upper_widths}``."""
    widths = np.asarray(widths, float)
    per_seed = [np.asarray(e, float) for e in per_seed]
    if len(per_seed) != len(widths) or len(widths) < 3:
        raise ValueError(f"need errors for each of at least 3 widths, got {len(per_seed)} for {len(widths)}")
    half = len(widths) // 2
    boot = resampled_means(per_seed, resamples, np.random.default_rng(seed))
    means = np.array([e.mean() for e in per_seed])
    q = [(1 - level) / 2, (1 + level) / 2]
    found = dict(upper_widths=widths[half:].tolist())
    for name, cols in (("slope", slice(None)), ("upper", slice(half, None))):
        low, high = np.quantile(loglog_slopes(widths[cols], boot[:, cols]), q)
        found.update({name: float(loglog_slopes(widths[cols], means[cols])[0]), f"{name}_low": float(low),
                      f"{name}_high": float(high)})
    return found


def converges(widths, per_seed, seed: int = 0) -> dict:
    """"Converges" read literally: the error falls as the width grows, with no floor within the widths
    measured (:func:`falling_slopes`). *holds*: the intervals of the slope over all widths and over their
    larger half both lie below 0; *does not hold*: either lies at or above 0 (the error does not fall, or
    has stopped falling); otherwise *not reproduced*. Returns the slopes with ``verdict`` and ``ours``."""
    fit = falling_slopes(widths, per_seed, seed)
    if fit["slope_high"] < 0 and fit["upper_high"] < 0:
        verdict = HOLDS
    elif fit["slope_low"] >= 0 or fit["upper_low"] >= 0:
        verdict = FAILS
    else:
        verdict = NOT_REPRODUCED
    return dict(fit, verdict=verdict,
                ours=f"slope {fit['slope']:.3f} ({fit['slope_low']:.3f} to {fit['slope_high']:.3f}); over widths "
                     f"{fit['upper_widths'][0]:g}-{fit['upper_widths'][-1]:g} {fit['upper']:.3f} "
                     f"({fit['upper_low']:.3f} to {fit['upper_high']:.3f})")


def no_worse_by(a, b, margin: float, level: float = 0.95) -> dict:
    """One-sided non-inferiority: is ``a`` (paired with ``b``) at most ``margin`` below it? The one-sided
    lower bound of the mean of ``a - b`` at ``level`` above ``-margin``: *holds*; the upper bound below
    ``-margin``: *does not hold*; otherwise *not reproduced*. Returns ``{effect, low, high, verdict}``
    (``(low, high)`` the two-sided interval at ``2 level - 1``)."""
    d = _paired(a, b)
    half = 0.0 if np.all(d == d[0]) else stats.t.ppf(level, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    low, high = float(d.mean() - half), float(d.mean() + half)
    verdict = HOLDS if low > -margin else FAILS if high < -margin else NOT_REPRODUCED
    return dict(effect=float(d.mean()), low=low, high=high, verdict=verdict)


def best_by_critical_difference(table: pd.DataFrame, method: str, alpha: float = 0.05) -> dict:
    """Has ``method`` the lowest Friedman rank by more than the Nemenyi critical difference (Demsar 2006) for
    this many methods and data sets? Returns ``{rank, place, best_other, best_other_rank, cd, holds}``."""
    rank = friedman_rank(table)
    others = rank.drop(method)
    cd = nemenyi_critical_difference(len(rank), len(table), alpha)
    return dict(rank=float(rank[method]), place=int((rank < rank[method]).sum()) + 1, best_other=others.idxmin(),
                best_other_rank=float(others.min()), cd=cd, holds=bool(others.min() - rank[method] > cd))


def agrees(printed: pd.DataFrame, recomputed: pd.DataFrame, tolerance: float) -> dict:
    """Does a printed table agree with the same summaries recomputed, cell by cell, within ``tolerance``
    (cells printed in both)? Returns ``{largest, off, holds}``, ``off`` listing ``(row, column, printed,
    recomputed)`` for every cell further apart."""
    printed, recomputed = printed.align(recomputed, join="inner")
    gap = (printed - recomputed).abs().stack()
    off = [(r, c, float(printed.loc[r, c]), float(recomputed.loc[r, c])) for (r, c), g in gap.items() if g > tolerance]
    return dict(largest=float(gap.max()), off=off, holds=not off)


def on_top(values: pd.Series, named, higher: bool = True) -> bool:
    """Are the ``named`` entries of ``values`` each at least as good as every other entry (a point statement
    about a table; ``higher=False`` where lower is better)?"""
    rest = values.drop(list(named))
    return bool(all(values[m] >= rest.max() if higher else values[m] <= rest.min() for m in named))


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


def seed_spread(per_seed: dict) -> pd.DataFrame:
    """``{(dataset, method): {seed: accuracy}}`` -> one row per (dataset, method): ``mean``, ``std``
    (population), ``low`` and ``high`` over the seeds, and ``seeds``."""
    rows = [dict(dataset=d, method=m, mean=float(np.mean(list(a.values()))), std=float(np.std(list(a.values()))),
                 low=float(min(a.values())), high=float(max(a.values())), seeds=len(a))
            for (d, m), a in per_seed.items()]
    return pd.DataFrame(rows, columns=["dataset", "method", "mean", "std", "low", "high", "seeds"])


def rerun_interval(per_seed: dict, datasets: int, gap: float, level: float = 0.90) -> dict:
    """The ``level`` interval of the gap between two single runs' mean accuracies over ``datasets`` data sets
    where the seed alone moves each run: ``gap +- t * sqrt(2) * s / sqrt(datasets)``, ``s`` the within-data-set
    std over seeds pooled over the data sets of ``per_seed`` (``{dataset: {seed: accuracy}}``, ddof 1) and
    ``t`` the quantile at ``(1 + level) / 2`` of Student's t with the pooled degrees of freedom. Returns
    ``dict(low, high, std, df, datasets, runs)``; ``low``/``high`` are None without a data set of two seeds."""
    spread = [np.asarray(list(a.values()), dtype=np.float64) for a in per_seed.values() if len(a) >= 2]
    if not spread:
        return dict(low=None, high=None, std=None, df=0, datasets=0, runs=0)
    df = sum(len(a) - 1 for a in spread)
    pooled = float(np.sqrt(sum(((a - a.mean()) ** 2).sum() for a in spread) / df))
    half = float(stats.t.ppf((1 + level) / 2, df) * np.sqrt(2.0) * pooled / np.sqrt(datasets))
    return dict(low=gap - half, high=gap + half, std=pooled, df=df, datasets=len(spread),
                runs=sum(len(a) for a in spread))


def rerun_std_interval(values, std: float, gap: float, level: float = 0.90, df: int | None = None, draws: int = 4000,
                       seed: int = 0) -> dict:
    """The ``level`` interval of the gap between two single runs' standard deviations of accuracy over data sets
    (ddof 1) where the seed alone moves each data set's accuracy by ``std`` (normal): ``gap +- h``, ``h`` the
    ``level`` quantile of ``|std(values + e1) - std(values + e2)|`` over ``draws`` simulated pairs of re-runs
    of ``values`` (one run's accuracies). ``df``: the degrees of freedom ``std`` was pooled with; each draw then
    takes its own seed std, ``std * sqrt(df / chi2(df))``, so that an std known from few re-runs widens the
    interval (None: ``std`` taken as known). Returns ``dict(low, high, half)``."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) < 2 or not np.isfinite(values).all():
        raise ValueError(f"need two or more finite accuracies, got {values!r}")
    if not std >= 0:
        raise ValueError(f"std must be >= 0, got {std!r}")
    rng = np.random.default_rng(seed)
    spread = np.full(draws, float(std)) if df is None else std * np.sqrt(df / rng.chisquare(df, draws))
    noise = rng.normal(0.0, 1.0, size=(2, draws, len(values))) * spread[:, None]
    moved = (values + noise).std(axis=-1, ddof=1)
    half = float(np.quantile(np.abs(moved[0] - moved[1]), level))
    return dict(low=gap - half, high=gap + half, half=half)


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
