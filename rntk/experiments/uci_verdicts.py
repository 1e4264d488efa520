"""The second paper's statements on Tables I and II, each as ``(claim id, keyword arguments of Ledger.record)``.

``table``: one row per UCI data set, one column per method (accuracy, %); ``summary`` and ``paper``: the
Table I summaries (:func:`rntk.metrics.summary_table`), ours and the paper's. The tests and thresholds
come from :mod:`rntk.claims`; the verdict functions from :mod:`rntk.verdicts`.
"""

from __future__ import annotations

from rntk.claims import REGISTRY, threshold
from rntk.ledger import paired_p_value
from rntk.verdicts import (agrees, best_by_critical_difference, best_in_mean, best_in_metrics, equivalent, on_top,
                           some_beats_each)

__all__ = ["rnnp_best", "recurrent_beat", "p95_higher", "rnnp_other_metrics", "ck_ntk_alike", "authors_code",
           "table1_agrees"]


def rnnp_best(table, paper) -> tuple:
    """``uci.rnnp-best-mean`` and ``uci.rnnp-best-rank`` (the Nemenyi distance); returns the two records
    and the two results (:func:`rntk.verdicts.best_in_mean`, :func:`rntk.verdicts.best_by_critical_difference`)."""
    best = best_in_mean(table, "RNN-P", threshold("uci.rnnp-best-mean", "alpha"))
    ranked = best_by_critical_difference(table, "RNN-P")
    records = [("uci.rnnp-best-mean", dict(
                   paper=f"RNN-P {paper.loc['Acc. mean', 'RNN-P']:.2f}, next {paper.loc['Acc. mean'].drop('RNN-P').max():.2f}",
                   ours=f"RNN-P {best['mean']:.2f}, best other {best['best_other']} {best['best_other_mean']:.2f}; "
                        f"largest p = {best['p']:.3g}", holds=best["holds"])),
               ("uci.rnnp-best-rank", dict(
                   paper=f"RNN-P {paper.loc['Friedman rank', 'RNN-P']:.2f}, "
                         f"next {paper.loc['Friedman rank'].drop('RNN-P').min():.2f}",
                   ours=f"RNN-P {ranked['rank']:.2f} (place {ranked['place']}), best other {ranked['best_other']} "
                        f"{ranked['best_other_rank']:.2f}; Nemenyi critical difference {ranked['cd']:.2f}",
                   holds=ranked["holds"]))]
    return records, best, ranked


def recurrent_beat(table, paper, recurrent, group) -> tuple:
    """``uci.recurrent-beat`` against ``group``: some recurrent kernel leads each of it, Holm-adjusted over
    ``recurrent`` (:func:`rntk.verdicts.some_beats_each`)."""
    beat = some_beats_each(table, recurrent, group, threshold("uci.recurrent-beat", "alpha"))
    mean = table.mean()
    return ("uci.recurrent-beat", dict(
        scope=f"against {', '.join(group)}",
        paper=", ".join(f"{b} {paper.loc['Acc. mean', b]:.2f}" for b in group)
        + f"; best recurrent {paper.loc['Acc. mean', list(recurrent)].max():.2f}",
        ours=f"{beat['best']} {mean[beat['best']]:.2f}; " + ", ".join(f"{b} {mean[b]:.2f}" for b in group)
        + f"; p = {beat['p']:.3g}, Holm-adjusted over the {len(recurrent)} recurrent kernels {beat['adjusted']:.3g}",
        holds=beat["holds"]))


def p95_higher(summary, paper, named=("H-gamma-exp", "BI-RNN-AVG")) -> tuple:
    """``uci.p95-higher``: the ``named`` methods' P95 at least every other method's (a point statement)."""
    named = list(named)
    rest = summary.loc["P95"].drop(named)
    return ("uci.p95-higher", dict(
        paper=", ".join(f"{m} {paper.loc['P95', m]:.2f}" for m in named) + f"; next {paper.loc['P95'].drop(named).max():.2f}",
        ours=", ".join(f"{m} {summary.loc['P95', m]:.2f}" for m in named) + f"; best other {rest.idxmax()} {rest.max():.2f}",
        holds=on_top(summary.loc["P95"], named)))


def rnnp_other_metrics(table, paper) -> tuple:
    """``uci.rnnp-other-metrics``: RNN-P the best in mean accuracy, PMA and Friedman rank, each with paired
    tests against every other method."""
    alpha = threshold("uci.rnnp-other-metrics", "alpha")
    mean = best_in_mean(table, "RNN-P", alpha)
    gains = {"Acc. mean": dict(value=mean["mean"], best_other=mean["best_other"],
                               best_other_value=mean["best_other_mean"], p=mean["p"], holds=mean["holds"])}
    metrics = best_in_metrics(table, "RNN-P", alpha)
    gains.update({k: metrics[k] for k in ("PMA", "Friedman rank")})
    return ("uci.rnnp-other-metrics", dict(
        paper=", ".join(f"{k} {paper.loc[k, 'RNN-P']:.2f}" for k in gains),
        ours="; ".join(f"{k} {r['value']:.2f} (best other {r['best_other']} {r['best_other_value']:.2f}, p = {r['p']:.3g})"
                       for k, r in gains.items()), holds=all(r["holds"] for r in gains.values())))


def ck_ntk_alike(pairs: dict, paper_p) -> tuple:
    """``uci.ck-ntk-alike``: ``pairs`` maps each architecture to its (CK, NTK) accuracies over data sets;
    every pair equivalent within the registry's margin (:func:`rntk.verdicts.equivalent`). Returns the
    record and the per-architecture results."""
    alike = {m: equivalent(ck, ntk, **REGISTRY["uci.ck-ntk-alike"].thresholds) for m, (ck, ntk) in pairs.items()}
    return ("uci.ck-ntk-alike", dict(
        paper="p = " + ", ".join(f"{v:.3f}" for v in paper_p)
        + " (two-sided t-tests: no significant difference, which alone does not show alikeness)",
        ours="; ".join(f"{m} {a['difference']:+.2f} ({a['low']:+.2f} to {a['high']:+.2f}), p = {a['p']:.2g}"
                       for m, a in alike.items()),
        holds=all(a["holds"] for a in alike.values()))), alike


def authors_code(as_code, as_text, paper, total: int) -> tuple:
    """``uci.rnnp-best-authors-code``: under the authors' code's choices (``as_code``; ``as_text``: the same
    data sets under the text's), RNN-P has the highest mean and a paired lead over the runner-up; a sample
    of the ``total`` data sets is *inconclusive*. Returns the record, the runner-up and its p."""
    mean = as_code.mean()
    runner_up = mean.drop("RNN-P").idxmax()
    p = paired_p_value(as_code["RNN-P"], as_code[runner_up])
    text_p = paired_p_value(as_text["RNN-P"], as_text[as_text.mean().drop("RNN-P").idxmax()])
    return ("uci.rnnp-best-authors-code", dict(
        scope=f"{len(as_code)} smallest data sets", paper=f"RNN-P {paper.loc['Acc. mean', 'RNN-P']:.2f} (all {total} data sets)",
        ours=f"RNN-P {mean['RNN-P']:.2f}, best {mean.idxmax()} {mean.max():.2f}; p against {runner_up} = {p:.3g} "
             f"(the text's choices on the same data sets: RNN-P {as_text.mean()['RNN-P']:.2f}, best "
             f"{as_text.mean().idxmax()}; p against the runner-up = {text_p:.3g})",
        holds=bool(mean.idxmax() == "RNN-P" and p < threshold("uci.rnnp-best-authors-code", "alpha")),
        partial=len(as_code) < total)), runner_up, p


def table1_agrees(summary, paper) -> list:
    """``uci.table1-std`` and ``uci.table1-means``: every method's std and mean accuracy within the registry's
    tolerance of the paper's."""
    out = []
    for claim_id, row in (("uci.table1-std", "Acc. std"), ("uci.table1-means", "Acc. mean")):
        found = agrees(paper.loc[[row]], summary.loc[[row]], threshold(claim_id, "tolerance"))
        off = (summary.loc[row] - paper.loc[row]).abs()
        out.append((claim_id, dict(paper=f"{paper.loc[row].min():.2f} to {paper.loc[row].max():.2f}",
                                   ours=f"largest gap {found['largest']:.2f} ({off.idxmax()})", holds=found["holds"])))
    return out
