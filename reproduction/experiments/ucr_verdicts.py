"""The first paper's statements on Table 1, each as ``(claim id, keyword arguments of Ledger.record)``.

Tables hold one row per data set and one column per method (accuracy, %). The tests and thresholds come
from :mod:`reproduction.claims`; the verdict functions from :mod:`reproduction.verdicts`.
"""

from __future__ import annotations

import pandas as pd

from reproduction.claims import REGISTRY, threshold
from reproduction.data import UCR_UNAVAILABLE, published_ucr_accuracy
from reproduction.ledger import FAILS, HOLDS, INCONCLUSIVE
from reproduction.metrics import data_sets_below, friedman_rank, summary_table
from reproduction.verdicts import (agrees, combined, lead_fields, lead_over_each, printed_agrees, rerun_interval,
                                   rerun_std_interval, stable, within_margin)

__all__ = ["best_kernel", "kernel_means", "all_metrics", "control_all_metrics", "consistency", "long_series",
           "table1_metrics", "table1_std", "long_series_numerics", "table1_records", "control_reading", "beats_networks",
           "network_means"]


def _leads(table, paper, metric: str) -> dict:
    """The RNTK's lead over each other column of ``table`` in ``metric`` (four outcomes against the
    paper's lead on the same data sets, ``paper``), stable over the bootstrap's RNG seeds."""
    return stable(lambda seed: lead_over_each(table, "RNTK", metric, paper, seed=seed))


def best_kernel(table, paper, label: str, control: bool = False, partial: bool = False, seven=None) -> list:
    """``ucr.best-mean`` and ``ucr.best-rank`` (their positive controls with ``control``: ``table`` is the
    paper's own numbers) on the kernels of ``table``: the RNTK's lead over each other kernel in mean accuracy,
    four outcomes against the paper's lead (``paper``: its numbers on the same data sets), and its Friedman
    rank (:func:`_rank_record`); our readings carry the tests' verdicts on the paper's numbers as their control.
    ``seven``: Table 1's seven methods on the data sets of ``table``, whose ranks the rank record shows beside
    the registry's pool of four kernels."""
    paper = paper.loc[table.index, table.columns]
    mean, rank = _leads(table, paper, "mean"), _leads(table, paper, "rank")
    theirs = {} if control else {m: _leads(paper, paper, m)["verdict"] for m in ("mean", "rank")}
    ranks, paper_rank = friedman_rank(table), friedman_rank(paper)
    others = [m for m in table.columns if m != "RNTK"]
    size = f"; {len(table)} data sets" if partial else ""
    return [("ucr.control-best-mean" if control else "ucr.best-mean", dict(
                scope=label, paper=f"RNTK {paper['RNTK'].mean():.2f}, best other {paper[others].mean().max():.2f}",
                ours=f"RNTK {table['RNTK'].mean():.2f}, best other {table[others].mean().max():.2f} "
                     f"({table[others].mean().idxmax()}){size}", partial=partial, **lead_fields(mean),
                control=f"the same test on the paper's numbers: {theirs['mean']}" if theirs else None)),
            *_rank_record(ranks, paper_rank, rank, theirs, label, partial, control,
                          None if seven is None else friedman_rank(seven.loc[table.index]))]


def _rank_record(ranks, paper_rank, rank: dict, theirs: dict, label: str, partial: bool, control: bool,
                 seven_ranks=None) -> list:
    """``ucr.best-rank`` (a point test on the ranks) and this project's ``ucr.rank-lead-beyond-chance`` (the
    bootstrap's ``rank``, a demand the sentence does not make) or, with ``control``, ``ucr.control-best-rank``
    (the bootstrap test on the paper's own numbers). Ranks among the four kernels, tied methods sharing their
    mean rank; ``seven_ranks``: the ranks among Table 1's seven methods, shown beside them (they do not decide)."""
    others = ranks.index.drop("RNTK")
    fields = lead_fields(rank)
    record = dict(scope=label, paper=f"RNTK {paper_rank['RNTK']:.2f}, best other {paper_rank[others].min():.2f}",
                  ours=f"RNTK {ranks['RNTK']:.2f}, best other {ranks[others].min():.2f} ({ranks[others].idxmin()})",
                  partial=partial, **fields)
    if control:
        return [("ucr.control-best-rank", record)]
    pool = "" if seven_ranks is None else (
        f"; among Table 1's seven methods instead (the pool of ucr.all-metrics), which does not decide: "
        f"{_first_text(seven_ranks, lower=True)}")
    return [("ucr.best-rank", dict(
                record, paper=record["paper"] + f" ({paper_rank[others].idxmin()}; the appendix on these data sets "
                                                "ranked among the four kernels: Table 1 prints ranks among seven methods)",
                ours=record["ours"] + pool, verdict=_first(ranks, lower=True),
                paper_effect=_point_gap(paper_rank, lower=True), effect=_point_gap(ranks, lower=True),
                interval="none: a point test (the bootstrap's is ucr.rank-lead-beyond-chance)",
                control=f"the point test on the paper's numbers: {_first_text(paper_rank, lower=True)}")),
            ("ucr.rank-lead-beyond-chance", dict(
                record, control=f"the same test on the paper's numbers: {theirs['rank']} (ucr.control-best-rank)"))]


def _first(values, lower: bool = False) -> str:
    """The point test of a sentence that describes a table: is the RNTK's value the best of ``values``?"""
    others = values.drop("RNTK")
    return HOLDS if (values["RNTK"] < others.min() if lower else values["RNTK"] > others.max()) else FAILS


def _first_text(values, lower: bool = False) -> str:
    """:func:`_first` in words: the RNTK's value against the best of the others'."""
    others = values.drop("RNTK")
    rival = others.idxmin() if lower else others.idxmax()
    place = ("RNTK first" if _first(values, lower) == HOLDS else
             f"RNTK tied with {rival}" if values["RNTK"] == others[rival] else f"{rival} first, not the RNTK")
    return f"{place} ({values['RNTK']:.2f} against {others[rival]:.2f})"


def kernel_means(paper, ours) -> list:
    """``ucr.kernel-means``: each kernel's mean accuracy in ``ours`` (the paper's grid) against ``paper`` on
    the same data sets. The RNTK's grid is the paper's; the other kernels' grids are not stated, so a gap
    beyond the tolerance there is *inconclusive* (a lost setup), not a failure."""
    tolerance = threshold("ucr.kernel-means", "tolerance")
    out = []
    for m in ours.columns:
        found = agrees(paper[[m]].mean().to_frame().T, ours[[m]].mean().to_frame().T, tolerance)
        lost = m != "RNTK" and not found["holds"]
        out.append(("ucr.kernel-means", dict(
            scope=f"{m}, the paper's grid" + ("" if m == "RNTK" else "; its own grid unknown"),
            paper=float(paper[m].mean()), ours=f"{ours[m].mean():.2f} (gap {ours[m].mean() - paper[m].mean():+.2f})",
            verdict=INCONCLUSIVE if lost else HOLDS if found["holds"] else FAILS)))
    return out


METRIC_NAMES = {"mean": "Acc. mean", "P90": "P90", "P95": "P95", "PMA": "PMA", "rank": "Friedman rank"}


def _point_gap(values, lower: bool) -> str:
    """The RNTK's lead over the best other method in ``values`` (positive: the RNTK ahead), and that method."""
    others = values.drop("RNTK")
    rival = others.idxmin() if lower else others.idxmax()
    return f"{(others[rival] - values['RNTK']) if lower else (values['RNTK'] - others[rival]):+.2f} over {rival}"


def all_metrics(table, label: str, paper, printed, partial: bool = False) -> tuple:
    """``ucr.all-metrics``: the RNTK's value the best of every method of ``table`` in mean accuracy, P90, P95,
    PMA and Friedman rank (a point test; its control on the paper's numbers ``paper``, the same data sets), and
    this project's ``ucr.metric-leads-beyond-chance``: the bootstrap leads (four outcomes each, against the
    paper's leads), which the sentence does not ask for, with the same on the paper's numbers beside them.
    ``printed``: Table 1. Returns the two records and the per-metric bootstrap results, ours and the paper's."""
    paper = paper.loc[table.index, table.columns]
    found = {m: _leads(table, paper, m) for m in METRIC_NAMES}
    control = {m: _leads(paper, paper, m) for m in METRIC_NAMES}
    fields = {m: lead_fields(r) for m, r in found.items()}
    ours = summary_table(table)
    theirs = summary_table(paper)
    names = METRIC_NAMES.values()
    lower = {n: n == "Friedman rank" for n in names}  # a rank is best when lowest
    point = ("ucr.all-metrics", dict(
        scope=f"{label}, {len(table)} data sets",
        paper=", ".join(f"{n} {printed.loc[n, 'RNTK']:.2f}" for n in names) + " (Table 1)",
        ours="; ".join(f"{n}: {_first_text(ours.loc[n], lower[n])}" for n in names),
        paper_effect="; ".join(f"{n} {_point_gap(theirs.loc[n], lower[n])}" for n in names)
        + " (the appendix on these data sets)",
        effect="; ".join(f"{n} {_point_gap(ours.loc[n], lower[n])}" for n in names),
        interval="none: a point test (the bootstrap's is ucr.metric-leads-beyond-chance)",
        control="the point test on the paper's numbers: " + "; ".join(
            f"{n} {_first_text(theirs.loc[n], lower[n])}" for n in names),
        verdict=combined(_first(ours.loc[n], lower[n]) for n in names), partial=partial))
    beyond = ("ucr.metric-leads-beyond-chance", dict(
        scope=f"{label}, {len(table)} data sets", paper=point[1]["paper"],
        ours="; ".join(f"{m} {f['verdict']}" for m, f in fields.items()),
        effect="; ".join(f"{m} {f['effect']}" for m, f in fields.items()),
        interval="; ".join(f"{m} {f['interval']}" for m, f in fields.items()),
        paper_effect="; ".join(f"{m} {f['paper_effect']}" for m, f in fields.items()),
        control="the same tests on the paper's numbers: " + "; ".join(f"{m} {r['verdict']}" for m, r in control.items()),
        verdict=combined(f["verdict"] for f in fields.values()), partial=partial))
    return [point, beyond], found, control


def control_all_metrics(paper) -> tuple:
    """``ucr.control-all-metrics``: the descriptive reading on the paper's own numbers (``paper``: its
    per-data-set table of Table 1's methods): the RNTK's value is the best of every method's in mean accuracy,
    P90, P95, PMA and Friedman rank. Returns the record and the per-metric leads over the runner-up."""
    values = summary_table(paper)
    lead = {n: float(values.loc[n, "RNTK"] - values.loc[n].drop("RNTK").max()) if n != "Friedman rank" else
            float(values.loc[n].drop("RNTK").min() - values.loc[n, "RNTK"]) for n in METRIC_NAMES.values()}
    return ("ucr.control-all-metrics", dict(
        scope=f"{len(paper)} data sets", paper="Table 1",
        ours="; ".join(f"{n} lead over the runner-up {v:+.2f}" for n, v in lead.items()),
        holds=all(v > 0 for v in lead.values()))), lead


def consistency(printed, recomputed, datasets: int, bounds=None) -> tuple:
    """``ucr.table1-consistent``: the printed Table 1 against the same summaries recomputed from the
    appendix table, cell by cell, within half the last printed digit (two decimals) of the recomputed value
    or of its range under the appendix's own rounding (``bounds``: ``(low, high)`` of
    :func:`reproduction.metrics.rounding_bounds`); a printed P90 or P95 that no count of ``datasets`` data sets
    gives is listed as a misprint."""
    off, misprints, rounding = [], [], []
    for row in printed.index:
        for col in printed.columns:
            p, q = float(printed.loc[row, col]), float(recomputed.loc[row, col])
            if printed_agrees(p, q, 2):
                continue
            if row in ("P90", "P95") and not any(printed_agrees(p, 100 * k / datasets, 2) for k in range(datasets + 1)):
                misprints.append(f"{col} {row}: printed {p:g}, no k/{datasets} (recomputed {q:.2f})")
            elif bounds is not None and bounds[0].loc[row, col] - 0.005 <= p <= bounds[1].loc[row, col] + 0.005:
                rounding.append(f"{col} {row}: printed {p:g}, recomputed {q:.3f}, {bounds[0].loc[row, col]:.3f} to "
                                f"{bounds[1].loc[row, col]:.3f} under the appendix's rounding")
            else:
                off.append(f"{col} {row}: printed {p:g}, recomputed {q:.3f}")
    largest = float((printed - recomputed.loc[printed.index, printed.columns]).abs().max().max())
    return ("ucr.table1-consistent", dict(
        paper="Table 1", ours=f"largest difference {largest:.3f}; within the appendix's rounding only: "
        + ("; ".join(rounding) or "none") + "; beyond it: " + ("; ".join(off) or "none") + "; misprints: "
        + ("; ".join(misprints) or "none"),
        holds=not off))


def table1_records(kernel_tables: dict, seven, paper_seven, paper_kernels, paper_grid, printed, total: int,
                   seed_runs: dict) -> tuple:
    """Every Table 1 record of the UCR chapter: :func:`best_kernel` on each of ``kernel_tables`` ({label:
    data sets x the four kernels}; the one that is ``paper_kernels``, the paper's appendix numbers, is the
    positive control; the one that is ``paper_grid`` also shows the ranks among the seven methods),
    :func:`kernel_means` of ``paper_grid`` against ``paper_kernels``, :func:`all_metrics` on ``seven``
    (``(label, data sets x Table 1's seven methods)``; ``paper_seven``: the paper's numbers of the same;
    ``printed``: Table 1) and its control :func:`control_all_metrics`, :func:`table1_metrics`,
    :func:`table1_std` (``seed_runs``: the networks' re-runs, ``{(dataset, network): {seed: accuracy}}``) and
    the long-series remark. A table on fewer than ``total`` data sets gives *inconclusive*. Returns the
    records and all_metrics' per-metric results, ours and the paper's."""
    label, table = seven
    records = []
    for name, kernels in kernel_tables.items():
        records += best_kernel(kernels, paper_kernels, name, control=kernels is paper_kernels,
                               partial=len(kernels) < total,
                               seven=table if kernels is paper_grid and kernels.index.isin(table.index).all() else None)
    records += kernel_means(paper_kernels, paper_grid)
    found = control = None
    if len(table) >= 2:
        metric_records, found, control = all_metrics(table, label, paper_seven, printed, partial=len(table) < total)
        records += metric_records
    records.append(control_all_metrics(paper_seven)[0])
    records += table1_metrics(table, paper_seven, printed, partial=len(table) < total)
    records.append(table1_std(table, paper_seven, seed_runs))
    records.append(long_series(published_ucr_accuracy()))
    return records, found, control


LONG_SERIES = ("SemgHandSubjectCh2", "StarLightCurves")


def long_series(appendix) -> tuple:
    """``ucr.long-series``: the two data sets of over 1,000 steps the paper remarks on lack their files in the
    archive we have (partial data: *inconclusive*); the control column reads the paper's own appendix numbers
    on them: the RNTK's place among Table 1's seven methods."""
    places = []
    for name in LONG_SERIES:
        row = appendix.loc[name].dropna()
        place = int((row > row["RNTK"]).sum()) + 1
        places.append(f"{name}: RNTK {row['RNTK']:.2f}, place {place} of {len(row)} (best {row.idxmax()} {row.max():.2f})")
    return ("ucr.long-series", dict(paper="in its appendix table",
                                    ours="; ".join(f"{n}: {UCR_UNAVAILABLE[n]}" for n in LONG_SERIES),
                                    control="the paper's appendix: " + "; ".join(places), verdict=INCONCLUSIVE))


def table1_metrics(table, paper, printed, partial: bool = False, stated=("RNTK",)) -> list:
    """``ucr.table1-metrics``, one reading per metric: every method's P90 and P95 (as data sets below 90 and 95 %
    of the best), PMA and Friedman rank (ties taking the best rank, as Table 1's) on the data sets of ``table``
    against the same summaries of the paper's appendix numbers ``paper`` on those data sets, within the
    registry's tolerances: all within, *holds*; a ``stated`` method (its setting the paper's) beyond, *does not
    hold*; only others beyond (a kernel on a grid the paper does not state, a network that moves with its seed),
    *inconclusive*. ``printed``: Table 1 (its own data sets), shown beside them."""
    t = REGISTRY["ucr.table1-metrics"].thresholds
    n = len(table)
    ours, theirs = (summary_table(x, ties="min") for x in (table, paper.loc[table.index, table.columns]))
    below = {row: (data_sets_below(ours.loc[row], n), data_sets_below(theirs.loc[row], n)) for row in ("P90", "P95")}
    readings = {  # metric: (ours, the paper's, tolerance, unit, digits)
        "P90": (*below["P90"], t["count"], "data sets below 90 % of the best", 0),
        "P95": (*below["P95"], t["count"], "data sets below 95 % of the best", 0),
        "PMA": (ours.loc["PMA"], theirs.loc["PMA"], t["PMA"] * float((100 / table.max(axis=1)).mean()), "PMA (%)", 2),
        "Friedman rank": (ours.loc["Friedman rank"], theirs.loc["Friedman rank"], t["rank"], "Friedman rank", 2),
    }
    out = []
    for row, (mine, paper_values, tolerance, unit, digits) in readings.items():
        gap = (mine - paper_values).astype(float)
        beyond = gap[gap.abs() > tolerance + 1e-9]
        verdict = HOLDS if beyond.empty else FAILS if beyond.index.isin(stated).any() else INCONCLUSIVE
        out.append(("ucr.table1-metrics", dict(
            scope=f"{row}, {n} data sets", partial=partial, verdict=verdict,
            paper=f"{unit}: " + ", ".join(f"{m} {v:.{digits}f}" for m, v in paper_values.items())
            + f" (the appendix on these data sets; Table 1 prints {row} "
            + ", ".join(f"{m} {printed.loc[row, m]:g}" for m in printed.columns) + " on its 56)",
            ours=", ".join(f"{m} {v:.{digits}f}" for m, v in mine.items())
            + f"; largest gap {gap.abs().max():.{digits}f} ({gap.abs().idxmax()}), tolerance {tolerance:.{digits}f}; "
            "beyond it: " + (", ".join(f"{m} {g:+.{digits}f}" for m, g in beyond.items()) or "none")
            + ("; only methods whose setting the paper does not state, or that move with their seed, are beyond it"
               if verdict == INCONCLUSIVE else ""))))
    return out


def table1_std(table, paper, seed_runs: dict, kernels=("RNTK", "NTK", "RBF", "Polynomial")) -> tuple:
    """``ucr.table1-std``: each method's standard deviation of accuracy over the data sets of ``table`` against
    the paper's on the same data sets (``paper``: its appendix numbers). A kernel within the kernels'
    tolerance holds; beyond it, the RNTK (on the paper's grid) does not hold and another kernel (its grid
    unknown) is *inconclusive*. A trained network: the interval of the gap that re-running it allows
    (:func:`reproduction.verdicts.rerun_std_interval`, the std over seeds pooled from ``seed_runs``,
    ``{(dataset, network): {seed: accuracy}}``) against the networks' margin (:func:`within_margin`)."""
    t = REGISTRY["ucr.table1-std"].thresholds
    ours, theirs = table.std(ddof=1), paper.loc[table.index, table.columns].std(ddof=1)
    readings, verdicts = [], []
    for m in table.columns:
        gap = float(ours[m] - theirs[m])
        text = f"{m} {ours[m]:.2f} against {theirs[m]:.2f} ({gap:+.2f})"
        if m in kernels:
            verdict = HOLDS if abs(gap) <= t["tolerance"] else FAILS if m == "RNTK" else INCONCLUSIVE
            text += "" if verdict == HOLDS else f", beyond {t['tolerance']:g}" + (
                "" if verdict == FAILS else ", its grid unknown: inconclusive")
        else:
            spread = rerun_interval({d: a for (d, n), a in seed_runs.items() if n == m}, len(table), gap, t["level"])
            if spread["std"] is None:
                verdict, text = INCONCLUSIVE, text + ", no re-run under another seed cached"
            else:
                found = rerun_std_interval(table[m].to_numpy(), spread["std"], gap, t["level"], df=spread["df"])
                verdict = within_margin(found["low"], found["high"], t["network_margin"])
                text += (f", {t['level'] * 100:.0f} % interval {found['low']:+.2f} to {found['high']:+.2f} (std over seeds "
                         f"{spread['std']:.2f}, {spread['df']} df), margin +-{t['network_margin']:g}: {verdict}")
        readings.append(text)
        verdicts.append(verdict)
    return ("ucr.table1-std", dict(scope=f"{len(table)} data sets", paper=f"{theirs.min():.2f} to {theirs.max():.2f}",
                                   ours="; ".join(readings), verdict=combined(verdicts)))


def long_series_numerics(n: int = 12, steps: int = 1500, seed: int = 0) -> tuple:
    """``ucr.long-numerics``: the RNTK on ``n`` synthetic series of ``steps`` steps (ReLU at its critical
    sigma_w = sqrt 2) against the papers' all-pairs recursion run in extended precision
    (:func:`reproduction.timing.numpy_all_pairs_ntk` with ``np.longdouble``): every entry finite, the Gram
    symmetric and positive semi-definite, and the relative difference within the registry's tolerance; the
    same recursion in float64 is reported beside it."""
    import numpy as np

    from rntk import RecurrentKernel
    from reproduction.timing import numpy_all_pairs_ntk

    X = np.random.default_rng(seed).standard_normal((n, steps))
    settings = dict(sigma_w=float(np.sqrt(2.0)), sigma_u=1.0, sigma_b=0.1)
    ours = RecurrentKernel(**settings)(X)
    reference = numpy_all_pairs_ntk(X, dtype=np.longdouble, **settings).astype(np.float64)
    plain = numpy_all_pairs_ntk(X, **settings)
    scale = np.abs(reference).max()
    difference = float(np.abs(ours - reference).max() / scale)
    asymmetry = float(np.abs(ours - ours.T).max() / scale)
    eigen = np.linalg.eigvalsh((ours + ours.T) / 2)
    t = REGISTRY["ucr.long-numerics"].thresholds
    return ("ucr.long-numerics", dict(
        scope=f"{n} series of {steps} steps", paper="SemgHandSubjectCh2 (1,500 steps), StarLightCurves (1,024)",
        ours=f"finite: {bool(np.isfinite(ours).all())}; largest relative difference to extended precision "
             f"{difference:.1e} (the same recursion in float64: {np.abs(plain - reference).max() / scale:.1e}); "
             f"asymmetry {asymmetry:.1e}; smallest eigenvalue / largest {eigen.min() / eigen.max():.1e}",
        holds=bool(np.isfinite(ours).all() and difference <= t["tolerance"] and asymmetry <= t["symmetry"]
                   and eigen.min() >= -t["symmetry"] * eigen.max())))


def control_reading(control: dict) -> str:
    """The same test on the paper's own numbers in words (``control``: :func:`all_metrics`' per-metric
    results on them): where the paper's numbers put the RNTK first, and where the interval of its lead holds
    zero on its own data."""
    if not control:
        return ""
    first = [METRIC_NAMES[m] for m, r in control.items() if all(v["effect"] > 0 for v in r["by_method"].values())]
    weak = [METRIC_NAMES[m] for m, r in control.items() if r["verdict"] != HOLDS]
    ranked = ("the RNTK is first in every metric" if len(first) == len(control) else
              f"the RNTK is first in {' and '.join(first) or 'no metric'} only")
    if not weak:
        return f"On the paper's own numbers {ranked}, and its lead in each lies beyond chance."
    return (f"On the paper's own numbers {ranked}, but in {' and '.join(weak)} the interval of its lead over the "
            "runner-up holds zero: the paper's data support its 'in all metrics' as a statement about its printed "
            "values, not as a lead that another draw of data sets would keep.")


def beats_networks(rntk, networks, paper, total: int) -> list:
    """``ucr.beats-networks``: the RNTK (``rntk``: a Series over data sets) leads each trained network
    (``networks``: data sets x networks, NaN where a network is not re-run) in mean accuracy, four outcomes
    against the paper's leads on the same data sets (``paper``: the appendix table), on the data sets where
    all are re-run, and again for each network on every data set it has, where that is more; ``total``: the
    data sets the claim is about (fewer: *inconclusive*)."""
    both = networks.dropna().index.intersection(rntk.index)
    groups = [(f"{len(both)} of {total} data sets re-run", both, list(networks))] if len(both) > 1 else []
    for m in networks:
        each = networks[m].dropna().index.intersection(rntk.index)
        if len(each) > max(len(both), 1):
            groups.append((f"{m} only, {len(each)} of {total} data sets re-run", each, [m]))
    out = []
    for scope, sets, methods in groups:
        ours = pd.concat([rntk.loc[sets].rename("RNTK"), networks.loc[sets, methods]], axis=1)
        theirs = paper.loc[sets, ["RNTK", *methods]]
        found, control = _leads(ours, theirs, "mean"), _leads(theirs, theirs, "mean")["verdict"]
        out.append(("ucr.beats-networks", dict(
            scope=scope, paper=", ".join(f"{m} {paper.loc[sets, m].mean():.2f}" for m in ["RNTK", *methods]),
            ours=", ".join(f"{m} {ours[m].mean():.2f}" for m in ours), partial=len(sets) < total,
            control=f"the same test on the paper's numbers: {control}", **lead_fields(found))))
    return out


def network_means(networks, paper, unattainable, total: int, seed_runs: dict) -> list:
    """``ucr.network-means``: each network's mean accuracy on the data sets it is re-run on against the
    paper's appendix on the same data sets, alike within the registry's margin: the interval of the gap that
    re-running the network under other seeds gives (:func:`reproduction.verdicts.rerun_interval` of
    ``seed_runs``, ``{(dataset, network): {seed: accuracy}}``) inside the margin, *holds*; wholly beyond it,
    *does not hold*; across its edge, *not reproduced*; without re-runs, *inconclusive*. Again with the
    paper's fractions read as percentages (``unattainable``: :func:`reproduction.metrics.unattainable_entries`)
    where such an entry is among them."""
    from reproduction.metrics import read_as_fractions

    margin, level = threshold("ucr.network-means", "margin"), threshold("ucr.network-means", "level")
    as_fraction = unattainable[unattainable["printed x 100 attainable"]]
    out = []
    for m in networks:
        done = networks[m].dropna().index
        if not len(done):
            continue
        read = as_fraction[(as_fraction["method"] == m) & as_fraction["dataset"].isin(done)]
        readings = {"": paper}
        if len(read):
            readings["; " + ", ".join(f"{e.dataset}'s {e.printed:g} read as {100 * e.printed:.2f}"
                                      for e in read.itertuples())] = read_as_fractions(paper, unattainable)
        for reading, table in readings.items():
            ours, theirs = networks.loc[done, m].mean(), table.loc[done, m].mean()
            gap = ours - theirs
            found = rerun_interval({d: a for (d, n), a in seed_runs.items() if n == m}, len(done), gap, level)
            if found["low"] is None:
                verdict, interval = INCONCLUSIVE, "no re-run under another seed cached"
            else:
                verdict = within_margin(found["low"], found["high"], margin)
                interval = (f"{found['low']:+.2f} to {found['high']:+.2f} ({level:.0%}; std over seeds {found['std']:.2f}, "
                            f"{found['runs']} runs on {found['datasets']} data sets, {found['df']} df), margin +-{margin:g}")
            out.append(("ucr.network-means", dict(
                scope=f"{m}, {len(done)} of {total} data sets re-run{reading}",
                paper=f"{theirs:.2f} (the appendix on these data sets)", ours=f"{ours:.2f} (gap {gap:+.2f})",
                paper_effect="0 (alike)", effect=f"{gap:+.2f}", interval=interval, verdict=verdict)))
    return out
