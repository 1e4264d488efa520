"""The first paper's statements on Table 1, each as ``(claim id, keyword arguments of Ledger.record)``.

Tables hold one row per data set and one column per method (accuracy, %). The tests and thresholds come
from :mod:`rntk.claims`; the verdict functions from :mod:`rntk.verdicts`.
"""

from __future__ import annotations

from rntk.claims import threshold
from rntk.metrics import friedman_rank
from rntk.verdicts import agrees, best_in_mean, best_in_metrics, best_in_rank

__all__ = ["best_kernel", "kernel_means", "all_metrics", "consistency", "table1_records", "control_reading", "beats_networks",
           "network_means"]


def best_kernel(table, paper, label: str, control: bool = False, partial: bool = False) -> list:
    """``ucr.best-mean`` and ``ucr.best-rank`` (their positive controls with ``control``: ``table`` is the
    paper's own numbers) on the kernels of ``table``; ``paper``: the paper's numbers on the same data sets."""
    alpha = threshold("ucr.best-mean", "alpha")
    mean, rank = best_in_mean(table, "RNTK", alpha), best_in_rank(table, "RNTK", alpha)
    others = [m for m in paper.columns if m != "RNTK"]
    paper_rank = friedman_rank(paper)["RNTK"]
    size = f"; {len(table)} data sets" if partial else ""
    return [("ucr.control-best-mean" if control else "ucr.best-mean", dict(
                scope=label, paper=f"RNTK {paper['RNTK'].mean():.2f}, best other {paper[others].mean().max():.2f}",
                ours=f"RNTK {mean['mean']:.2f}, best other {mean['best_other_mean']:.2f} ({mean['best_other']}); "
                     f"largest p = {mean['p']:.3g}{size}", holds=mean["holds"], partial=partial)),
            ("ucr.control-best-rank" if control else "ucr.best-rank", dict(
                scope=label, paper=f"RNTK {paper_rank:.2f}",
                ours=f"RNTK {rank['rank']:.2f}, best other {rank['best_other_rank']:.2f}; largest p = {rank['p']:.3g}",
                holds=rank["holds"], partial=partial))]


def kernel_means(paper, ours) -> list:
    """``ucr.kernel-means``: each kernel's mean accuracy in ``ours`` (the paper's grid) against ``paper`` on
    the same data sets; the RNTK's grid is the paper's, the other kernels' grids are ours."""
    tolerance = threshold("ucr.kernel-means", "tolerance")
    out = []
    for m in ours.columns:
        found = agrees(paper[[m]].mean().to_frame().T, ours[[m]].mean().to_frame().T, tolerance)
        out.append(("ucr.kernel-means", dict(
            scope=f"{m}, the paper's grid" + ("" if m == "RNTK" else "; its own grid unknown"),
            paper=float(paper[m].mean()),
            ours=f"{ours[m].mean():.2f} (gap {ours[m].mean() - paper[m].mean():+.2f})", holds=found["holds"])))
    return out


def all_metrics(table, label: str, printed, claim_id: str = "ucr.all-metrics", partial: bool = False) -> tuple:
    """``ucr.all-metrics`` (or its control on the paper's numbers): the RNTK leads P90, P95, PMA and the
    Friedman rank of ``table`` (:func:`rntk.verdicts.best_in_metrics`); ``printed``: the paper's Table 1.
    Returns the record and the per-metric results."""
    metrics = best_in_metrics(table, "RNTK", threshold(claim_id, "alpha"))
    record = (claim_id, dict(
        scope=f"{label}, {len(table)} data sets",
        paper=", ".join(f"{k} {printed.loc[k, 'RNTK']:.2f}" for k in metrics),
        ours="; ".join(f"{k} {r['value']:.2f} (best other {r['best_other']} {r['best_other_value']:.2f}, "
                       f"p = {r['p']:.3g})" for k, r in metrics.items()),
        holds=all(r["holds"] for r in metrics.values()), partial=partial))
    return record, metrics


def consistency(printed, recomputed) -> tuple:
    """``ucr.table1-consistent``: the printed Table 1 against the same summaries recomputed from the appendix
    table, cell by cell (:func:`rntk.verdicts.agrees`)."""
    found = agrees(printed, recomputed, threshold("ucr.table1-consistent", "tolerance"))
    off = "; ".join(f"{c} {r}: printed {p:g}, recomputed {q:.2f}" for r, c, p, q in found["off"]) or "none off"
    return ("ucr.table1-consistent", dict(paper="Table 1", ours=f"largest difference {found['largest']:.2f}; {off}",
                                          holds=found["holds"]))


def table1_records(kernel_tables: dict, seven: dict, paper_kernels, paper_grid, printed, total: int) -> tuple:
    """Every Table 1 record of the UCR chapter: :func:`best_kernel` on each of ``kernel_tables`` ({label:
    data sets x the four kernels}; the one that is ``paper_kernels``, the paper's appendix numbers, is the
    positive control), :func:`kernel_means` of ``paper_grid`` against ``paper_kernels``, :func:`all_metrics`
    on each of ``seven`` ({claim id: (label, data sets x Table 1's seven methods)}; ``printed``: Table 1),
    and the long-series remark, untestable here. A table on fewer than ``total`` data sets gives
    *inconclusive*. Returns the records and all_metrics' per-metric results by claim id."""
    records = []
    for label, table in kernel_tables.items():
        records += best_kernel(table, paper_kernels, label, control=table is paper_kernels,
                               partial=len(table) < total)
    records += kernel_means(paper_kernels, paper_grid)
    metrics = {}
    for claim_id, (label, table) in seven.items():
        if len(table) >= 2:
            record, metrics[claim_id] = all_metrics(table, label, printed, claim_id, partial=len(table) < total)
            records.append(record)
    records.append(("ucr.long-series", dict(paper="in its appendix table", ours="both data sets unavailable here",
                                            holds=None)))
    return records, metrics


def control_reading(control: dict) -> str:
    """The positive control in words (``control``: :func:`all_metrics`' per-metric results on the paper's
    own numbers): where the RNTK leads by more than chance, where it is best by a margin that a paired test
    cannot tell from chance, and where it is not the best."""
    if not control:
        return ""
    unsupported = [k for k, r in control.items() if not r["holds"]]
    if not unsupported:
        return "On the paper's own numbers, the RNTK leads in every metric of Table 1 by more than chance."
    lower_is_better = {k: k == "Friedman rank" for k in unsupported}
    best = [k for k in unsupported
            if (control[k]["value"] < control[k]["best_other_value"]) == lower_is_better[k]]
    not_best = [k for k in unsupported if k not in best]
    words = []
    if best:
        words.append(f"On the paper's own numbers the RNTK has the best {' and '.join(best)}, but a paired test "
                     "cannot tell that lead from chance (p = " + ", ".join(f"{control[k]['p']:.2f}" for k in best)
                     + "): the paper's data support its 'in all metrics' as a statement about its printed values, "
                     "not as a lead that another draw of data sets would keep.")
    if not_best:
        words.append(f"On the paper's own numbers the RNTK is not the best in {' and '.join(not_best)}.")
    return " ".join(words)


def beats_networks(rntk, networks, paper, total: int) -> list:
    """``ucr.beats-networks``: the RNTK (``rntk``: a Series over data sets) against the trained networks
    (``networks``: data sets x networks, NaN where a network is not re-run), on the data sets where all are
    re-run, and again for each network on every data set it has, where that is more; ``paper``: the appendix
    table; ``total``: the data sets the claim is about (fewer: *inconclusive*)."""
    import pandas as pd

    alpha = threshold("ucr.beats-networks", "alpha")
    both = networks.dropna().index.intersection(rntk.index)
    out = []
    if len(both) > 1:
        beat = best_in_mean(pd.concat([rntk.loc[both].rename("RNTK"), networks.loc[both]], axis=1), "RNTK", alpha)
        out.append(("ucr.beats-networks", dict(
            scope=f"{len(both)} of {total} data sets re-run",
            paper=", ".join(f"{m} {paper.loc[both, m].mean():.2f}" for m in networks),
            ours=", ".join(f"{m} {networks.loc[both, m].mean():.2f}" for m in networks)
            + f"; RNTK {beat['mean']:.2f}; largest p = {beat['p']:.3g}", holds=beat["holds"], partial=len(both) < total)))
    for m in networks:
        each = networks[m].dropna().index.intersection(rntk.index)
        if len(each) > max(len(both), 1):
            beat = best_in_mean(pd.concat([rntk.loc[each].rename("RNTK"), networks.loc[each, [m]]], axis=1), "RNTK",
                                alpha)
            out.append(("ucr.beats-networks", dict(
                scope=f"{m} only, {len(each)} of {total} data sets re-run",
                paper=f"{m} {paper.loc[each, m].mean():.2f}, RNTK {paper.loc[each, 'RNTK'].mean():.2f}",
                ours=f"{m} {networks.loc[each, m].mean():.2f}, RNTK {beat['mean']:.2f}; p = {beat['p']:.3g}",
                holds=beat["holds"], partial=len(each) < total)))
    return out


def network_means(networks, paper, unattainable, total: int) -> list:
    """``ucr.network-means``: each network's mean accuracy on the data sets it is re-run on against the
    paper's; again with the paper's fractions read as percentages (``unattainable``:
    :func:`rntk.metrics.unattainable_entries`) where such an entry is among them."""
    from rntk.metrics import read_as_fractions

    tolerance = threshold("ucr.network-means", "tolerance")
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
            found = agrees(table.loc[done, [m]].mean().to_frame().T, networks.loc[done, [m]].mean().to_frame().T,
                           tolerance)
            out.append(("ucr.network-means", dict(scope=f"{m}, {len(done)} of {total} data sets re-run{reading}",
                                                  paper=f"{theirs:.2f}", ours=f"{ours:.2f} (gap {ours - theirs:+.2f})",
                                                  holds=found["holds"])))
    return out
