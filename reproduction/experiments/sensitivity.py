"""Sensitivity of the RNTK to the input at each time step (first paper, Eq. 22 and Fig. 3).

S_t(x, x') = || d Theta(x, x') / d x_t ||, normalised to sum to one over t, averaged over
random pairs; computed with ``jax.grad`` through the same recursion as RecurrentKernel.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from reproduction.ledger import FAILS, HOLDS, INCONCLUSIVE
from rntk.recurrent import RecurrentKernel
from rntk.recursion import _self_variances, last_step_plan, sweep

__all__ = ["pair_ntk", "sensitivity", "end_shares", "sensitivity_verdicts"]


def pair_ntk(x, z, kernel: RecurrentKernel):
    """Theta(x, z) of one pair of equal-length sequences ``(T, m)``, differentiable in x and z."""
    hyper, depth, act = kernel.hyper, kernel.depth, kernel.activation
    steps = x.shape[0]
    active = jnp.ones((steps, 1), dtype=bool)
    xs, zs = x[:, None, :], z[:, None, :]
    vx = _self_variances(xs, active, hyper, depth=depth, act=act)
    vz = _self_variances(zs, active, hyper, depth=depth, act=act)
    out = sweep(xs, zs, vx, vz, active, active, jnp.zeros((1, 1), dtype=bool), hyper,
                last_step_plan(steps), depth=depth, act=act)
    return out["last"][1][0, 0, 0]


def sensitivity(X, Z, kernel: RecurrentKernel, batch: int = 2000):
    """Mean over the pairs (X[i], Z[i]) of the normalised sensitivity S_t / sum_t S_t: ``(T,)``.

    ``X``, ``Z``: arrays ``(P, T)`` or ``(P, T, m)`` of equal-length sequences."""
    X, Z = (np.asarray(a, dtype=np.float64) for a in (X, Z))
    X, Z = (a[..., None] if a.ndim == 2 else a for a in (X, Z))
    grad = jax.jit(jax.vmap(jax.grad(lambda x, z: pair_ntk(x, z, kernel))))
    total = np.zeros(X.shape[1])
    for start in range(0, len(X), batch):
        g = np.asarray(grad(X[start:start + batch], Z[start:start + batch]))
        s = np.linalg.norm(g, axis=-1)
        total += np.sum(s / s.sum(axis=1, keepdims=True), axis=0)
    return total / len(X)


def end_shares(curve, fraction: float = 0.2) -> tuple[float, float]:
    """The shares of a normalised sensitivity curve held by its first and by its last ``fraction`` of
    steps (a flat curve gives ``fraction`` to each)."""
    curve = np.asarray(curve, dtype=np.float64)
    k = max(1, int(round(fraction * len(curve))))
    return float(curve[:k].sum()), float(curve[-k:].sum())


def distance_from_flat(curve) -> float:
    """How far a sensitivity curve is from constant through time: the total variation distance between it
    (normalised to sum 1) and the uniform curve, 0 for a flat curve and near 1 for one step holding all."""
    curve = np.asarray(curve, dtype=np.float64)
    curve = curve / curve.sum()
    return float(0.5 * np.abs(curve - 1.0 / len(curve)).sum())


def stability_verdict(curves: dict) -> dict:
    """``sensitivity.relu-stable`` (Fig. 3's caption: ReLU "a more stable kernel across time steps", erf "a
    more erratic behavior"): ReLU's mean :func:`distance_from_flat` over the figure's curves (``curves``:
    ``{"act/parameter/value": curve}``) is smaller than erf's (a descriptive test of a figure)."""
    by = {act: [distance_from_flat(c) for k, c in curves.items() if k.split("/")[0] == act] for act in ("relu", "erf")}
    mean = {act: float(np.mean(v)) for act, v in by.items()}
    return dict(ours=", ".join(f"{a} {m:.3f} (median {np.median(by[a]):.3f}, {len(by[a])} curves)" for a, m in mean.items()),
                holds=bool(mean["relu"] < mean["erf"]))


def long_term_verdict(shares: dict, flat: float = 0.2) -> dict:
    """``sensitivity.long-term`` (Q1: the RNTK "can detect long-term dependencies with proper initialization"):
    some setting of Fig. 3 (``shares``: ``{(activation, parameter, value): (first, last)}``) gives the first
    fifth of the steps at least its flat share ``flat``: the earliest inputs count as much as an average step."""
    best = max(shares, key=lambda k: shares[k][0])
    return dict(ours=f"largest first-fifth share {shares[best][0]:.3f} ({best[0]}, {best[1]} = {best[2]:.3g}); "
                     f"{sum(v[0] >= flat for v in shares.values())} of {len(shares)} settings at {flat:g} or more",
                holds=bool(shares[best][0] >= flat))


def sigma_v_scales(X, settings=({"activation": "relu", "sigma_w": 1.3}, {"activation": "erf", "sigma_w": 1.0}),
                   sigma_v: float = 2.0) -> dict:
    """``sensitivity.sigma-v-scales`` (Section 3.4, footnote: sigma_v "merely scales the RNTK"): the CK and
    the NTK at ``sigma_v`` against ``sigma_v**2`` times those at 1, on sequences ``X`` of different lengths;
    the largest relative difference over both kernels and ``settings``."""
    worst = 0.0
    for s in settings:
        one, scaled = (RecurrentKernel(sigma_v=v, sigma_b=0.1, **s)(X, get=("ck", "ntk")) for v in (1.0, sigma_v))
        for a, b in zip(one, scaled):
            worst = max(worst, float(np.max(np.abs(b - sigma_v ** 2 * a)) / np.max(np.abs(sigma_v ** 2 * a))))
    return dict(ours=f"largest relative difference {worst:.1e} (CK and NTK, ReLU and erf, sigma_v = {sigma_v:g} "
                     f"against {sigma_v ** 2:g} times sigma_v = 1)", holds=worst < 1e-12)


def _at(shares: dict, *key) -> tuple[float, float]:
    """The shares stored under the key whose numbers match ``key`` (floats compared with a tolerance)."""
    for k, v in shares.items():
        if all(a == b if isinstance(a, str) else np.isclose(a, b) for a, b in zip(k, key)):
            return v
    raise KeyError(f"no sensitivity curve at {key}")


def sensitivity_verdicts(shares: dict, erf_shares: dict) -> dict:
    """The first paper's statements on Fig. 3, each ``{claim id: {"ours": text, "holds": bool}}`` (or a
    ``verdict``: where a test fails only at a base setting the paper does not state, *inconclusive*) under the
    tests and thresholds of :mod:`reproduction.claims`. ``shares``: ``{(activation, parameter, value): (first
    fifth, last fifth)}`` for Fig. 3's curves (one parameter varied from its activation's base);
    ``erf_shares``: ``{(sigma_u, sigma_w): (first, last)}`` for erf with sigma_b = sigma_h = 0."""
    from reproduction.claims import REGISTRY

    t = {c: REGISTRY[c].thresholds for c in REGISTRY if c.startswith("sensitivity.")}
    values = lambda act, name: sorted(v for a, n, v in shares if (a, n) == (act, name))  # noqa: E731
    flat = t["sensitivity.base-flat"]
    relu, erf = _at(shares, "relu", "sigma_w", np.sqrt(2)), _at(erf_shares, flat["erf_sigma_u"], flat["erf_sigma_w"])
    near = lambda pair: all(abs(v - flat["flat"]) < flat["tolerance"] for v in pair)  # noqa: E731
    flattest = min(erf_shares, key=lambda k: max(abs(v - flat["flat"]) for v in erf_shares[k]))
    found = {"sensitivity.base-flat": dict(
        ours=f"ReLU {relu[0]:.3f}, {relu[1]:.3f}; erf {erf[0]:.3f}, {erf[1]:.3f}; erf's flattest setting of the grid "
             f"sigma_u = {flattest[0]:g}, sigma_w = {flattest[1]:.3g}: {erf_shares[flattest][0]:.3f}, "
             f"{erf_shares[flattest][1]:.3f}",
        verdict=FAILS if not near(relu) else HOLDS if near(erf) else INCONCLUSIVE)}
    found["sensitivity.erf-guessed-base"] = dict(ours=f"erf {erf[0]:.3f}, {erf[1]:.3f}", holds=near(erf))
    ws = values("relu", "sigma_w")
    low, high = _at(shares, "relu", "sigma_w", ws[0]), _at(shares, "relu", "sigma_w", ws[-1])
    found["sensitivity.relu-small-w"] = dict(ours=f"{low[1]:.3f} at sigma_w = {ws[0]:g}",
                                             holds=low[1] > t["sensitivity.relu-small-w"]["share"])
    found["sensitivity.relu-large-w"] = dict(ours=f"{high[0]:.3f} at sigma_w = {ws[-1]:g}",
                                             holds=high[0] > t["sensitivity.relu-large-w"]["share"])
    e = t["sensitivity.erf-any-w"]
    others = {sw: s for (su, sw), s in erf_shares.items()
              if np.isclose(su, e["erf_sigma_u"]) and not np.isclose(sw, e["erf_sigma_w"])}
    rises = {sw: s[1] - erf[1] for sw, s in sorted(others.items())}
    by_u = {}
    for su in sorted({su for su, _ in erf_shares}):
        base = _at(erf_shares, su, e["erf_sigma_w"])[1]
        rest = [s[1] - base for (u, sw), s in erf_shares.items() if np.isclose(u, su) and not np.isclose(sw, e["erf_sigma_w"])]
        by_u[su] = sum(r > e["rise"] for r in rest), len(rest)
    found["sensitivity.erf-any-w"] = dict(
        ours=f"base last fifth {erf[1]:.3f}; change at sigma_w " + ", ".join(f"{sw:.3g}: {r:+.3f}" for sw, r in rises.items())
        + "; rises at, per sigma_u: " + ", ".join(f"{su:g}: {k} of {n}" for su, (k, n) in by_u.items()),
        verdict=HOLDS if rises and all(r > e["rise"] for r in rises.values()) else INCONCLUSIVE)
    falls = {}
    for name in ("sigma_h", "sigma_b"):
        vs = values("relu", name)
        first = _at(shares, "relu", name, vs[0])[0], _at(shares, "relu", name, vs[-1])[0]
        falls[name] = first[0] - first[1]
    found["sensitivity.first-steps"] = dict(
        ours="; ".join(f"{n} fall {f:.3f}" for n, f in falls.items()),
        verdict=HOLDS if all(f > t["sensitivity.first-steps"]["fall"] for f in falls.values()) else INCONCLUSIVE)
    found["sensitivity.b-like-h"] = dict(ours=f"sigma_b {falls['sigma_b']:.3f}, sigma_h {falls['sigma_h']:.3f}",
                                         holds=falls["sigma_b"] > t["sensitivity.b-like-h"]["fall"]
                                         and falls["sigma_b"] > falls["sigma_h"])
    spread = {}
    for act, name in sorted({(a, n) for a, n, _ in shares}):
        pairs = np.array([_at(shares, act, name, v) for v in values(act, name)])
        spread[(act, name)] = float(np.ptp(pairs, axis=0).max())
    narrow = [k for k, v in spread.items() if v <= t["sensitivity.wide-range"]["spread"]]
    found["sensitivity.wide-range"] = dict(
        ours="; ".join(f"{a} {n} {v:.3f}" for (a, n), v in spread.items())
        + (f"; narrow: {', '.join(f'{a} {n}' for a, n in narrow)}, at base settings the paper does not state" if narrow else ""),
        verdict=INCONCLUSIVE if narrow else HOLDS)
    return {k: dict(v, holds=bool(v["holds"])) if "holds" in v else v for k, v in found.items()}
