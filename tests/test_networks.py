import jax
import jax.numpy as jnp
import numpy as np
import pytest

from reproduction.experiments.theorems import analytic_kernel
from rntk.networks import RNN, empirical_kernels

SETTINGS = dict(sigma_w=1.2, sigma_u=1.0, sigma_b=0.3, sigma_h=0.5, sigma_v=1.0)


def ntk_error(width, X, seeds, **kw):
    """Mean relative Frobenius error between the empirical and the analytic NTK Gram."""
    settings = {**SETTINGS, **kw}
    analytic = analytic_kernel(settings)(X)
    errors = []
    for seed in seeds:
        net = RNN(width=width, input_dim=X[0].shape[1], **settings)
        params = net.init(jax.random.PRNGKey(seed))
        _, ntk = empirical_kernels(net, params, X, key=jax.random.PRNGKey(100 + seed))
        errors.append(np.linalg.norm(ntk - analytic) / np.linalg.norm(analytic))
    return np.mean(errors)


@pytest.mark.parametrize("case", [
    dict(depth=1, activation="relu"),
    dict(depth=2, activation="erf"),
    dict(depth=1, activation="relu", readout="avg-shared"),
])
def test_empirical_ntk_converges_to_the_analytic_kernel(case):
    rng = np.random.default_rng(0)
    X = [rng.standard_normal((t, 2)) for t in (2, 3, 4)]  # different lengths
    small, large = ntk_error(64, X, range(4), **case), ntk_error(2048, X, range(4), **case)
    assert large < small / 2.5  # ~1/sqrt(width): a factor 5.7 expected (measured 4-5)
    assert large < 0.1  # measured 0.04-0.055


@pytest.mark.parametrize("case", [dict(readout="avg", max_steps=3), dict(bidirectional=True),
                                  dict(bidirectional=True, readout="avg", max_steps=3)])
def test_pooled_and_bidirectional_networks_converge(case):
    X = list(np.random.default_rng(3).standard_normal((3, 3, 1)))  # equal lengths (per-step read-outs)
    small, large = ntk_error(64, X, range(4), **case), ntk_error(2048, X, range(4), **case)
    assert large < small / 2.5 and large < 0.1


def test_untied_weights_converge_to_the_same_kernel():
    rng = np.random.default_rng(1)
    X = [rng.standard_normal((3, 1)) for _ in range(3)]  # equal lengths (Theorem 3)
    small = ntk_error(64, X, range(4), tied=False, max_steps=3)
    large = ntk_error(2048, X, range(4), tied=False, max_steps=3)
    assert large < small / 2.5
    assert large < 0.1


@pytest.mark.parametrize("kw", [dict(depth=2, activation="erf", sigma_h=0.4), dict(readout="avg-shared"),
                                dict(tied=False, max_steps=4), dict(readout="avg", max_steps=4, bidirectional=True)])
def test_step_contraction_equals_the_dense_gradient_inner_product(kw):
    rng = np.random.default_rng(2)
    equal = not kw.get("tied", True) or kw.get("readout") == "avg"
    X = [rng.standard_normal((4 if equal else t, 2)) for t in (2, 3, 4)]
    net = RNN(width=16, input_dim=2, **{**SETTINGS, **kw})
    params = net.init(jax.random.PRNGKey(0))
    key = jax.random.PRNGKey(1)
    _, ntk = empirical_kernels(net, params, X, key=key)
    states = [net.initial_state(k) for k in jax.random.split(jax.random.split(key)[0], len(X))]
    grads = [jax.tree_util.tree_leaves(jax.grad(net.apply)(params, jnp.asarray(x), h)) for x, h in zip(X, states)]
    flat = np.stack([np.concatenate([np.ravel(g) for g in gs]) for gs in grads])
    np.testing.assert_allclose(ntk, flat @ flat.T, rtol=1e-10)
