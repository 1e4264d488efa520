"""The quadrature dual of any activation: exact to 1e-8 and symmetric by construction."""

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.scipy.special import erf

from quadrature_reference import FUNCTIONS, expectation
from rntk import RecurrentKernel
from rntk.activations import get_activation

TOLERANCE = 1e-8  # of sqrt(V[a, a] V[b, b]), the scale Cauchy-Schwarz gives every value
VARIANCES = (1e-3, 0.1, 1.0, 10.0, 100.0, 1000.0)
CORRELATIONS = (-1.0, -0.9999, -0.5, 0.0, 0.3, 0.9, 0.99999, 1.0)
EXTREMES = [(1000.0, 1000.0, 1.0), (1000.0, 1000.0, -1.0), (1000.0, 1e-3, 0.5), (1000.0, 1000.0, 0.99999),
            (1000.0, 100.0, -0.9999), (1e-3, 1e-3, 0.0)]


def _points(seed, count=30):
    grid = [(a, b, c) for a in VARIANCES for b in VARIANCES for c in CORRELATIONS]
    chosen = np.random.default_rng(seed).choice(len(grid), count - len(EXTREMES), replace=False)
    return EXTREMES + [grid[i] for i in chosen]


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_matches_adaptive_reference(name):
    f, df = FUNCTIONS[name]
    points = _points(seed=len(name))
    a, b, c = (np.array(column, dtype=float) for column in zip(*points))
    ours = jax.jit(get_activation(name).expectations)(a, c * np.sqrt(a * b), b, np.zeros(len(a), bool))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # QUADPACK's roundoff notes at 1e-15 requested accuracy
        for i, (ai, bi, ci) in enumerate(points):
            for g, value in zip((f, df), ours):
                ref = expectation(g, g, ai, bi, ci)
                scale = np.sqrt(expectation(g, g, ai, ai, 1.0) * expectation(g, g, bi, bi, 1.0))
                assert abs(float(value[i]) - ref) <= TOLERANCE * scale, (name, ai, bi, ci, float(value[i]), ref)


@pytest.mark.parametrize("name", ["tanh", "gelu", lambda u: jnp.tanh(u) + 0.1 * u])
def test_symmetric_bit_for_bit(name):
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0.01, 50.0, (2, 40))
    k = rng.uniform(-1, 1, 40) * np.sqrt(a * b)
    act = jax.jit(get_activation(name).expectations)
    same = np.zeros(40, bool)
    for x, y in zip(act(a, k, b, same), act(b, k, a, same)):
        assert np.array_equal(np.asarray(x), np.asarray(y))


def test_erf_by_quadrature_equals_its_closed_form_at_large_variances():
    a = np.array([0.01, 1.0, 30.0, 300.0, 1000.0, 1000.0, 1000.0, 500.0])
    b = np.array([0.02, 3.0, 10.0, 1000.0, 1000.0, 1000.0, 0.5, 800.0])
    c = np.array([0.1, -0.7, 0.95, 0.5, 1.0, -1.0, 0.0, 0.99999])
    k = c * np.sqrt(a * b)
    same = np.zeros(len(a), bool)
    quadrature = get_activation(lambda u: erf(u)).expectations(a, k, b, same)
    closed = get_activation("erf").expectations(a, k, b, same)
    for q, e in zip(quadrature, closed):
        np.testing.assert_allclose(np.asarray(q), np.asarray(e), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "erf"])
def test_grams_are_symmetric_and_positive_semidefinite(activation):
    rng = np.random.default_rng(1)
    X = [rng.standard_normal(t) for t in rng.integers(2, 9, 16)]
    G = RecurrentKernel(depth=2, activation=activation, sigma_w=1.2, sigma_b=0.1, sigma_h=0.3)(X)
    assert np.array_equal(G, G.T)
    assert np.linalg.eigvalsh(G).min() > -1e-12 * np.abs(G).max()
