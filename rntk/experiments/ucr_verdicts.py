"""The first paper's statements on Table 1, each as ``(claim id, keyword arguments of Ledger.record)``.

Tables hold one row per data set and one column per method (accuracy, %). The tests and thresholds come
from :mod:`rntk.claims`; the verdict functions from :mod:`rntk.verdicts`.
"""

from __future__ import annotations

from rntk.claims import threshold
from rntk.verdicts import agrees, best_in_mean, best_in_metrics, best_in_rank

__all__ = ["best_kernel", "kernel_means", "all_metrics", "consistency"]


def best_kernel(table, paper, label: str, control: bool = False, partial: bool = False) -> list:
    """``ucr.best-mean`` and ``ucr.best-rank`` (their positive controls with ``control``: ``table`` is the
    paper's own numbers) on the kernels of ``table``; ``paper``: the paper's numbers on the same data sets."""
    alpha = threshold("ucr.best-mean", "alpha")
    mean, rank = best_in_mean(table, "RNTK", alpha), best_in_rank(table, "RNTK", alpha)
    others = [m for m in paper.columns if m != "RNTK"]
    paper_rank = best_in_rank(paper, "RNTK", alpha)["rank"]
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
