import numpy as np
import pytest

from reproduction.experiments.sensitivity import pair_ntk, sensitivity
from rntk import RecurrentKernel


def test_pair_ntk_matches_the_gram_and_finite_differences():
    rng = np.random.default_rng(0)
    x, z = rng.standard_normal((2, 6, 1))
    k = RecurrentKernel(depth=2, sigma_w=1.3, sigma_u=0.9, sigma_b=0.2)
    assert np.isclose(float(pair_ntk(x, z, k)), k(x[None], z[None])[0, 0], rtol=1e-12)
    import jax

    g = np.asarray(jax.grad(lambda a: pair_ntk(a, z, k))(x))
    h = 1e-6
    for t in (0, 3, 5):
        e = np.zeros_like(x)
        e[t, 0] = h
        fd = (k((x + e)[None], z[None])[0, 0] - k((x - e)[None], z[None])[0, 0]) / (2 * h)
        assert np.isclose(g[t, 0], fd, rtol=1e-6)


def test_sensitivity_is_normalised_and_tracks_sigma_w():
    rng = np.random.default_rng(1)
    X, Z = rng.standard_normal((2, 200, 20))
    s = sensitivity(X, Z, RecurrentKernel(activation="erf", sigma_w=0.5))
    assert s.shape == (20,) and np.isclose(s.sum(), 1.0)
    assert s[-1] > 5 * s[0]  # a small recurrent weight forgets the first steps


def test_gradient_is_finite_where_the_correlation_is_one():
    """With m = 1 and sigma_b = sigma_h = 0 the first step's correlation is exactly +-1."""
    rng = np.random.default_rng(2)
    X, Z = rng.standard_normal((2, 50, 8))
    s = sensitivity(X, Z, RecurrentKernel(sigma_w=np.sqrt(2), sigma_b=0.0))
    assert np.all(np.isfinite(s)) and np.isclose(s.sum(), 1.0)


def test_end_shares():
    from reproduction.experiments.sensitivity import end_shares

    assert end_shares(np.full(50, 0.02)) == pytest.approx((0.2, 0.2))
    first, last = end_shares(np.r_[np.ones(5), np.zeros(20)] / 5)
    assert (first, last) == (1.0, 0.0)


def _shares(tilt_u=0.0):
    """Constructed Fig. 3 shares as the paper describes them (ReLU's sigma_u moving them by ``tilt_u``)."""
    from math import pi, sqrt

    shares = {}
    for act in ("relu", "erf"):
        for name, vals in (("sigma_w", (1.2, sqrt(2), 1.6)), ("sigma_u", (0.5, 1.0, 2.0)),
                           ("sigma_b", (0.0, 1.0, 2.0)), ("sigma_h", (0.0, 1.0, 2.0))):
            for i, v in enumerate(vals):
                first = {"sigma_w": (0.05, 0.2, 0.6)[i], "sigma_b": (0.2, 0.1, 0.02)[i],
                         "sigma_h": (0.2, 0.15, 0.08)[i], "sigma_u": (0.2, 0.2 + tilt_u, 0.2 + 2 * tilt_u)[i]}[name]
                last = {"sigma_w": (0.6, 0.2, 0.05)[i]}.get(name, 0.2)
                shares[(act, name, v)] = (first, last)
    erf = {(0.01, w): (0.2, 0.2 if abs(w - sqrt(pi) / 2) < 1e-9 else 0.6) for w in (0.5, sqrt(pi) / 2, 2.0)}
    return shares, erf


def _holds(found: dict) -> bool:
    return found["verdict"] == "holds" if "verdict" in found else found["holds"]


def test_sensitivity_verdicts_follow_the_shares():
    from reproduction.experiments.sensitivity import sensitivity_verdicts

    shares, erf = _shares(tilt_u=0.1)
    found = sensitivity_verdicts(shares, erf)
    assert all(_holds(v) for v in found.values()), found
    still_u, _ = _shares(tilt_u=0.0)  # ReLU's sigma_u changes nothing: not a wide range for every parameter
    assert sensitivity_verdicts(still_u, erf)["sensitivity.wide-range"]["verdict"] == "inconclusive"  # base lost
    # erf tilting to the first steps at the registry's base: the paper's base is lost, so inconclusive
    erf_first = {k: (0.6, 0.1) if v[1] > 0.2 else v for k, v in erf.items()}
    found = sensitivity_verdicts(shares, erf_first)["sensitivity.erf-any-w"]
    assert found["verdict"] == "inconclusive" and "per sigma_u: 0.01: 0 of 2" in found["ours"]
    flat_b = {**shares, **{("relu", "sigma_b", v): (0.2, 0.2) for v in (0.0, 1.0, 2.0)}}
    found = sensitivity_verdicts(flat_b, erf)
    assert found["sensitivity.first-steps"]["verdict"] == "inconclusive" and not found["sensitivity.b-like-h"]["holds"]
    erf_tilted = {k: (0.4, 0.05) for k in erf}  # ReLU flat at its base, erf not at the registry's guess of its base
    tilted = sensitivity_verdicts(shares, erf_tilted)
    assert tilted["sensitivity.base-flat"]["verdict"] == "inconclusive"
    assert not tilted["sensitivity.erf-guessed-base"]["holds"]  # the guess itself is this project's claim, and fails
    relu_tilted = {**shares, ("relu", "sigma_w", 2 ** 0.5): (0.5, 0.05)}  # ReLU's own base is known: it fails
    assert sensitivity_verdicts(relu_tilted, erf)["sensitivity.base-flat"]["verdict"] == "does not hold"
