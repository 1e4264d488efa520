"""The first paper's statements on Fig. 4, each a function of the per-repetition SNRs.

``found`` maps ``(panel, x)`` (panel "a" to "d" of :data:`reproduction.experiments.regression.FIGURES`, ``x`` the
varied value) to ``{method: [SNR of each repetition]}``; repetition ``r`` uses the same seeds at every
point and for every method, so methods are paired within a point and points are paired within a
repetition. Every function returns ``{"ours": text, "holds": bool}`` under the test and thresholds of its
entry in :mod:`reproduction.claims` (a lead is :func:`reproduction.verdicts.leads`; a trend is :func:`reproduction.verdicts.trend`).
"""

from __future__ import annotations

import itertools

import numpy as np

from reproduction.claims import REGISTRY
from reproduction.ledger import FAILS, HOLDS, INCONCLUSIVE, NOT_REPRODUCED
from reproduction.verdicts import alike, combined, decisive, difference, leads_each, no_worse_by, outcome, trend

__all__ = ["KERNELS", "OTHERS", "panel", "beats", "beats_margin", "gap_grows", "few_windows", "more_windows", "noise_costs_rntk",
           "noise_alike", "low_noise_level", "repetitions", "beat_pts", "pts_beats_padded", "stock_pts", "stock_closest"]

KERNELS = ("RNTK", "NTK", "RBF", "Polynomial")
OTHERS = KERNELS[1:]


def panel(found: dict, name: str, positive: bool = False) -> tuple[np.ndarray, dict]:
    """The points of one panel (``positive``: x > 0 only) and ``{method: (repetitions, points) array}``."""
    xs = sorted(x for (n, x) in found if n == name and (x > 0 or not positive))
    if not xs:
        raise ValueError(f"no point of panel {name!r} in the results")
    methods = found[(name, xs[0])]
    return np.array(xs, float), {m: np.array([found[(name, x)][m] for x in xs], float).T for m in methods}


def _t(claim_id: str) -> dict:
    return REGISTRY[claim_id].thresholds


def _lead(snr: dict) -> np.ndarray:
    """Each repetition's RNTK SNR minus the best other kernel's (by that repetition's SNR), at every point:
    ``(repetitions, points)``."""
    return snr["RNTK"] - np.max([snr[m] for m in OTHERS], axis=0)


def beats(found: dict, name: str) -> dict:
    """``regression.beats`` read as written ("substantial performance gains"): at every T_var > 0 the RNTK
    leads each other kernel (four outcomes on the paired difference, the paper stating a direction only),
    and at the largest T_var by more than the margin (the interval above it: holds; below it: does not
    hold)."""
    t = _t("regression.beats")
    xs, snr = panel(found, name, positive=True)
    per = {(m, x): difference(snr["RNTK"][:, i], snr[m][:, i]) for i, x in enumerate(xs) for m in OTHERS}
    last = {m: per[(m, xs[-1])] for m in OTHERS}
    substantial = [HOLDS if r["low"] > t["margin"] else FAILS if r["high"] < t["margin"] else NOT_REPRODUCED
                   for r in last.values()]
    verdict = combined([r["verdict"] for r in per.values()] + substantial)
    failing = [k for k, r in per.items() if r["verdict"] == FAILS]
    if failing:  # the comparison that decides: one on the other side of zero, else the 'substantial' one
        key = min(failing, key=lambda k: per[k]["high"])
    elif set(substantial) != {HOLDS}:
        key = min(((m, xs[-1]) for m in OTHERS), key=lambda k: per[k]["low"])
    else:
        key = min(per, key=lambda k: per[k]["low"])
    r = per[key]
    return dict(ours=f"smallest lead {min(v['effect'] for v in per.values()):.2f} dB; at T_var = {xs[-1]:g}: "
                     + ", ".join(f"over {m} {last[m]['effect']:.2f}" for m in OTHERS) + " dB",
                effect=f"{r['effect']:+.2f} dB (over {key[0]} at T_var = {key[1]:g})",
                paper_effect=f"ahead at every T_var; 'substantial', read as > {t['margin']:g} dB, at the largest",
                interval=f"{r['low']:+.2f} to {r['high']:+.2f} dB (95 %)", verdict=verdict)


def beats_margin(found: dict, name: str) -> dict:
    """``regression.beats-margin`` (this project's demand): at every T_var > 0 the RNTK leads each other
    kernel by more than the margin (one-sided paired t-tests)."""
    xs, snr = panel(found, name, positive=True)
    per_point = [leads_each({m: snr[m][:, i] for m in KERNELS}, "RNTK", OTHERS, **_t("regression.beats-margin"))
                 for i in range(len(xs))]
    worst = min(range(len(xs)), key=lambda i: per_point[i]["difference"])
    return dict(ours=f"smallest lead {per_point[worst]['difference']:.2f} dB (over {per_point[worst]['closest']} "
                     f"at T_var = {xs[worst]:g}); largest p = {max(r['p'] for r in per_point):.3g}",
                holds=all(r["holds"] for r in per_point))


def gap_grows(found: dict, name: str) -> dict:
    """``regression.gap-grows``: the per-repetition lead's slope against T_var > 0 is positive."""
    xs, snr = panel(found, name, positive=True)
    found_trend = trend(xs, _lead(snr), _t("regression.gap-grows")["alpha"])
    return _trend_record(found_trend, "dB per step of T_var", +1)


def _trend_record(found_trend: dict, unit: str, direction: int) -> dict:
    """A trend's ledger fields, its verdict one of the four outcomes on the slope's interval (the paper
    states a direction only)."""
    return dict(ours=_slope_text(found_trend, unit), effect=f"{found_trend['slope']:+.3g} {unit}",
                interval=f"{found_trend['low']:+.3g} to {found_trend['high']:+.3g} (95 %)",
                paper_effect="a rise" if direction > 0 else "a fall",
                verdict=outcome(found_trend["low"], found_trend["high"], direction=direction))


def _slope_text(found_trend: dict, unit: str) -> str:
    return f"slope {found_trend['slope']:.3g} {unit} (95 % interval {found_trend['low']:.3g} to {found_trend['high']:.3g})"


def _change(snr: dict, method: str) -> np.ndarray:
    """Each repetition's SNR at the panel's last point minus its first."""
    return snr[method][:, -1] - snr[method][:, 0]


def few_windows(found: dict) -> dict:
    """``regression.few-windows`` (panel d), read one-sided: the RNTK at the fewest windows is no worse than
    at the most by more than the margin (non-inferiority), and each other kernel loses more than the RNTK
    from the most to the fewest windows (four outcomes, direction only)."""
    t = _t("regression.few-windows")
    xs, snr = panel(found, "d")
    keeps = no_worse_by(snr["RNTK"][:, 0], snr["RNTK"][:, -1], t["margin"])
    loss = {m: _change(snr, m) for m in KERNELS}  # SNR at the most minus at the fewest
    unlike = {m: difference(loss[m], loss["RNTK"]) for m in OTHERS}
    return dict(ours=f"N = {xs[0]:g} -> {xs[-1]:g}: " + ", ".join(f"{m} {loss[m].mean():+.2f}" for m in KERNELS)
                + " dB; others' loss minus the RNTK's: " + ", ".join(f"{m} {r['effect']:+.2f}" for m, r in unlike.items()),
                effect=f"RNTK {keeps['effect']:+.2f} dB (fewest minus most); " + "; ".join(
                    f"{m}'s loss minus the RNTK's {r['effect']:+.2f} dB" for m, r in unlike.items()),
                interval=f"RNTK {keeps['low']:+.2f} to {keeps['high']:+.2f} dB (90 %), margin -{t['margin']:g}: "
                         f"{keeps['verdict']}; " + "; ".join(f"{m} {r['low']:+.2f} to {r['high']:+.2f} dB (95 %): "
                                                             f"{r['verdict']}" for m, r in unlike.items()),
                paper_effect="no loss with few windows; the others lose", verdict=combined(
                    [keeps["verdict"]] + [r["verdict"] for r in unlike.values()]))


def more_windows(found: dict) -> dict:
    """``regression.more-windows`` (panel d): the RNTK's SNR grows with log10 N."""
    xs, snr = panel(found, "d")
    found_trend = trend(np.log10(xs), snr["RNTK"], _t("regression.more-windows")["alpha"])
    return _trend_record(found_trend, "dB per decade of N", +1)


def noise_costs_rntk(found: dict) -> dict:
    """``regression.noise`` (panel b): the RNTK's lead over the best other kernel shrinks with log10 noise."""
    xs, snr = panel(found, "b")
    found_trend = trend(np.log10(xs), _lead(snr), _t("regression.noise")["alpha"])
    return _trend_record(found_trend, "dB per decade of noise", -1)


def noise_alike(found: dict) -> dict:
    """``regression.noise-alike`` (panel b), read with the sentence's own exception ("but becomes more
    important for RNTK with a large noise"): the SNR lost from the lowest noise to the middle one is alike
    within a relative margin (a share of the pair's mean loss) for every pair of methods, and from the
    lowest to the highest noise for every pair without the RNTK (:func:`reproduction.verdicts.alike`), the margin
    the larger of 1 dB and a share of the pair's mean loss."""
    t = _t("regression.noise-alike")
    xs, snr = panel(found, "b")
    middle = len(xs) // 2
    pairs = {}
    for upto, methods in ((middle, list(snr)), (len(xs) - 1, [m for m in snr if m != "RNTK"])):
        drop = {m: snr[m][:, 0] - snr[m][:, upto] for m in methods}
        for a, b in itertools.combinations(methods, 2):
            margin = max(t["margin"], t["share"] * abs(drop[a].mean() + drop[b].mean()) / 2)
            pairs[(a, b, xs[upto])] = dict(alike(drop[a], drop[b], margin), margin=margin)
    widest = max(pairs, key=lambda k: abs(pairs[k]["effect"]) / pairs[k]["margin"])
    w = pairs[widest]
    needed = max(max(abs(r["low"]), abs(r["high"])) / (r["margin"] / t["share"]) for r in pairs.values()
                 if r["margin"] > t["margin"]) if any(r["margin"] > t["margin"] for r in pairs.values()) else 0.0
    return dict(ours=f"noise {xs[0]:g} -> {xs[middle]:g} (every pair) and -> {xs[-1]:g} (pairs without the RNTK); "
                     f"widest pair {widest[0]} - {widest[1]} to {widest[2]:g}: {w['effect']:+.2f} dB; every pair would be "
                     f"alike at a margin of {100 * needed:.0f} % of its mean loss",
                effect=f"{w['effect']:+.2f} dB", interval=f"{w['low']:+.2f} to {w['high']:+.2f} dB (90 %), margin "
                f"+-{w['margin']:.2f} dB", paper_effect="alike", verdict=combined(r["verdict"] for r in pairs.values()))


def low_noise_level(found: dict) -> dict:
    """``regression.low-noise`` (Fig. 4's caption: the RNTK "performs better when input noise level is low"),
    read as a level: at the lowest noise of panel b the RNTK leads each other kernel (four outcomes on the
    paired difference, the caption stating a direction only)."""
    xs, snr = panel(found, "b")
    per = {m: difference(snr["RNTK"][:, 0], snr[m][:, 0]) for m in OTHERS}
    closest = decisive(per)
    r = per[closest]
    return dict(ours=f"at noise {xs[0]:g}: " + ", ".join(f"over {m} {v['effect']:+.2f} dB" for m, v in per.items()),
                effect=f"{r['effect']:+.2f} dB over {closest}", interval=f"{r['low']:+.2f} to {r['high']:+.2f} dB (95 %)",
                paper_effect="a lead (direction only)", verdict=combined(v["verdict"] for v in per.values()))


def repetitions(found: dict, stated: int) -> dict:
    """``regression.repetitions`` (a protocol entry: Fig. 4's caption averages ``stated`` repetitions per
    point): the fewest repetitions of any point here; fewer than stated leaves the setup *inconclusive*."""
    fewest = min(len(v) for point in found.values() for v in point.values())
    return dict(ours=f"{fewest} repetitions per point (the caption: {stated})", paper=stated,
                verdict=HOLDS if fewest >= stated else INCONCLUSIVE)


def _ahead_at_every_point(snr: dict, xs, winners, losers) -> dict:
    """Each of ``winners`` ahead of each of ``losers`` at every point (four outcomes on each paired
    difference, the paper stating a direction only; all must hold): the ledger's fields, the decisive
    comparison (one that does not hold, else the smallest lead) shown."""
    found = {(w, l, x): difference(snr[w][:, i], snr[l][:, i]) for w in winners for l in losers
             for i, x in enumerate(xs)}
    worst = decisive(found)
    r = found[worst]
    return dict(ours=f"smallest lead {min(v['effect'] for v in found.values()):.2f} dB; {len(found)} comparisons",
                effect=f"{r['effect']:+.2f} dB ({worst[0]} over {worst[1]} at {worst[2]:g})",
                interval=f"{r['low']:+.2f} to {r['high']:+.2f} dB (95 %)", paper_effect="ahead (direction only)",
                verdict=combined(v["verdict"] for v in found.values()))


def beat_pts(found: dict) -> dict:
    """``regression.beat-pts`` (panel a): the RNTK and the polynomial kernel lead PTS at every T_var."""
    xs, snr = panel(found, "a")
    return _ahead_at_every_point(snr, xs, ("RNTK", "Polynomial"), ("PTS",))


def pts_beats_padded(found: dict) -> dict:
    """``regression.pts-beats-padded`` (panel a): at the largest T_var, PTS leads the NTK and RBF."""
    xs, snr = panel(found, "a")
    last = {m: a[:, -1:] for m, a in snr.items()}
    return _ahead_at_every_point(last, xs[-1:], ("PTS",), ("NTK", "RBF"))


def stock_pts(found: dict) -> dict:
    """``regression.stock-pts`` (panels c and d): PTS ahead of every kernel at every point."""
    parts = [_ahead_at_every_point(snr, xs, ("PTS",), KERNELS) for xs, snr in (panel(found, "c"), panel(found, "d"))]
    decisive = next((r for r in parts if r["verdict"] != HOLDS), parts[0])
    return dict(ours="; ".join(f"Fig. 4{n}: {r['ours']}" for n, r in zip("cd", parts)),
                **{k: decisive[k] for k in ("effect", "interval", "paper_effect")},
                verdict=combined(r["verdict"] for r in parts))


def stock_closest(found: dict) -> dict:
    """``regression.stock-closest`` (panels c at T_var > 0, as :func:`beats`, and d): at every point the RNTK
    ahead of the kernel closest to it (four outcomes on the paired difference; all must hold)."""
    per = {}
    for name, positive in (("c", True), ("d", False)):
        xs, snr = panel(found, name, positive=positive)
        for i, x in enumerate(xs):
            rival = max(OTHERS, key=lambda m: snr[m][:, i].mean())
            per[(name, x, rival)] = difference(snr["RNTK"][:, i], snr[rival][:, i])
    worst = decisive(per)
    r = per[worst]
    return dict(ours=f"the RNTK ahead of the closest other kernel at {sum(v['effect'] > 0 for v in per.values())} of "
                     f"{len(per)} points", effect=f"{r['effect']:+.2f} dB (over {worst[2]}, Fig. 4{worst[0]} at {worst[1]:g})",
                interval=f"{r['low']:+.2f} to {r['high']:+.2f} dB (95 %)", paper_effect="the closest (direction only)",
                verdict=combined(v["verdict"] for v in per.values()))
