"""The first paper's statements on Fig. 4, each a function of the per-repetition SNRs.

``found`` maps ``(panel, x)`` (panel "a" to "d" of :data:`rntk.experiments.regression.FIGURES`, ``x`` the
varied value) to ``{method: [SNR of each repetition]}``; repetition ``r`` uses the same seeds at every
point and for every method, so methods are paired within a point and points are paired within a
repetition. Every function returns ``{"ours": text, "holds": bool}`` under the test and thresholds of its
entry in :mod:`rntk.claims` (a lead is :func:`rntk.verdicts.leads`; a trend is :func:`rntk.verdicts.trend`).
"""

from __future__ import annotations

import itertools

import numpy as np

from rntk.claims import REGISTRY
from rntk.verdicts import equivalent, leads, leads_each, trend

__all__ = ["KERNELS", "OTHERS", "panel", "beats", "gap_grows", "few_windows", "more_windows", "noise_costs_rntk",
           "noise_alike", "beat_pts", "pts_beats_padded", "stock_pts", "stock_closest"]

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
    """``regression.beats``: at every x > 0 the RNTK leads each other kernel by more than the margin."""
    xs, snr = panel(found, name, positive=True)
    per_point = [leads_each({m: snr[m][:, i] for m in KERNELS}, "RNTK", OTHERS, **_t("regression.beats"))
                 for i in range(len(xs))]
    worst = min(range(len(xs)), key=lambda i: per_point[i]["difference"])
    return dict(ours=f"smallest lead {per_point[worst]['difference']:.2f} dB (over {per_point[worst]['closest']} "
                     f"at T_var = {xs[worst]:g}); largest p = {max(r['p'] for r in per_point):.3g}",
                holds=all(r["holds"] for r in per_point))


def gap_grows(found: dict, name: str) -> dict:
    """``regression.gap-grows``: the per-repetition lead's slope against T_var > 0 is positive."""
    xs, snr = panel(found, name, positive=True)
    found_trend = trend(xs, _lead(snr), _t("regression.gap-grows")["alpha"])
    return dict(ours=_slope_text(found_trend, "dB per step of T_var"), holds=found_trend["grows"])


def _slope_text(found_trend: dict, unit: str) -> str:
    return f"slope {found_trend['slope']:.3g} {unit} (95 % interval {found_trend['low']:.3g} to {found_trend['high']:.3g})"


def _change(snr: dict, method: str) -> np.ndarray:
    """Each repetition's SNR at the panel's last point minus its first."""
    return snr[method][:, -1] - snr[method][:, 0]


def few_windows(found: dict) -> dict:
    """``regression.few-windows`` (panel d): the RNTK's SNR at the most and the fewest windows is equivalent
    within the margin; every other kernel leads itself at the fewest windows by more than the margin."""
    t = _t("regression.few-windows")
    xs, snr = panel(found, "d")
    rntk = equivalent(snr["RNTK"][:, -1], snr["RNTK"][:, 0], **t)
    others = {m: leads(snr[m][:, -1], snr[m][:, 0], **t) for m in OTHERS}
    return dict(ours=f"N = {xs[0]:g} -> {xs[-1]:g}: " + ", ".join(
        f"{m} {_change(snr, m).mean():+.2f}" for m in KERNELS) + f" dB; RNTK TOST p = {rntk['p']:.3g}, others' "
        f"largest p = {max(r['p'] for r in others.values()):.3g}",
        holds=rntk["holds"] and all(r["holds"] for r in others.values()))


def more_windows(found: dict) -> dict:
    """``regression.more-windows`` (panel d): the RNTK's SNR grows with log10 N."""
    xs, snr = panel(found, "d")
    found_trend = trend(np.log10(xs), snr["RNTK"], _t("regression.more-windows")["alpha"])
    return dict(ours=_slope_text(found_trend, "dB per decade of N"), holds=found_trend["grows"])


def noise_costs_rntk(found: dict) -> dict:
    """``regression.noise`` (panel b): the RNTK's lead over the best other kernel shrinks with log10 noise."""
    xs, snr = panel(found, "b")
    found_trend = trend(np.log10(xs), _lead(snr), _t("regression.noise")["alpha"])
    return dict(ours=_slope_text(found_trend, "dB per decade of noise"), holds=found_trend["shrinks"])


def noise_alike(found: dict) -> dict:
    """``regression.noise-alike`` (panel b): the SNR lost from the lowest to the highest noise is equivalent
    within the margin for every pair of methods."""
    xs, snr = panel(found, "b")
    drop = {m: -_change(snr, m) for m in snr}
    pairs = {(a, b): equivalent(drop[a], drop[b], **_t("regression.noise-alike"))
             for a, b in itertools.combinations(drop, 2)}
    widest = max(pairs, key=lambda k: abs(pairs[k]["difference"]))
    return dict(ours=f"noise {xs[0]:g} -> {xs[-1]:g}: drops " + ", ".join(f"{m} {d.mean():.2f}" for m, d in drop.items())
                + f" dB; widest pair {widest[0]} - {widest[1]} {pairs[widest]['difference']:+.2f} dB; largest TOST p = "
                f"{max(r['p'] for r in pairs.values()):.3g}", holds=all(r["holds"] for r in pairs.values()))


def _leads_at_every_point(snr: dict, xs, winners, losers, t: dict) -> dict:
    found = {(w, l, x): leads(snr[w][:, i], snr[l][:, i], **t) for w in winners for l in losers
             for i, x in enumerate(xs)}
    worst = min(found, key=lambda k: found[k]["difference"])
    return dict(ours=f"smallest lead {found[worst]['difference']:.2f} dB ({worst[0]} over {worst[1]} at {worst[2]:g}); "
                     f"largest p = {max(r['p'] for r in found.values()):.3g}",
                holds=all(r["holds"] for r in found.values()))


def beat_pts(found: dict) -> dict:
    """``regression.beat-pts`` (panel a): the RNTK and the polynomial kernel lead PTS at every T_var."""
    xs, snr = panel(found, "a")
    return _leads_at_every_point(snr, xs, ("RNTK", "Polynomial"), ("PTS",), _t("regression.beat-pts"))


def pts_beats_padded(found: dict) -> dict:
    """``regression.pts-beats-padded`` (panel a): at the largest T_var, PTS leads the NTK and RBF."""
    xs, snr = panel(found, "a")
    last = {m: a[:, -1:] for m, a in snr.items()}
    return _leads_at_every_point(last, xs[-1:], ("PTS",), ("NTK", "RBF"), _t("regression.pts-beats-padded"))


def stock_pts(found: dict) -> dict:
    """``regression.stock-pts`` (panels c and d): PTS leads every kernel at every point."""
    parts = [_leads_at_every_point(snr, xs, ("PTS",), KERNELS, _t("regression.stock-pts"))
             for xs, snr in (panel(found, "c"), panel(found, "d"))]
    return dict(ours="; ".join(f"Fig. 4{n}: {r['ours']}" for n, r in zip("cd", parts)),
                holds=all(r["holds"] for r in parts))


def stock_closest(found: dict) -> dict:
    """``regression.stock-closest`` (panels c and d): the RNTK's mean SNR is the highest of the kernels at
    every point."""
    misses = []
    for name in "cd":
        xs, snr = panel(found, name)
        means = {m: snr[m].mean(axis=0) for m in KERNELS}
        misses += [f"{name}, {x:g}: {max(OTHERS, key=lambda m: means[m][i])}" for i, x in enumerate(xs)
                   if max(means[m][i] for m in OTHERS) >= means["RNTK"][i]]
    return dict(ours="the RNTK is the closest at every point" if not misses else
                f"another kernel is closer at {len(misses)} points ({'; '.join(misses)})", holds=not misses)
