import jax.numpy as jnp
import numpy as np
import pytest
from scipy.special import erf

from rntk.activations import asin, get_activation

K_CASES = [(1.0, 0.3, 2.0), (0.5, -0.35, 0.4), (2.0, 1.9, 2.1), (1.5, -1.4, 1.4)]


def monte_carlo(phi, dphi, k11, k12, k22, n=2_000_000, seed=0):
    """E[phi(u) phi(v)], E[phi'(u) phi'(v)] and their standard errors."""
    rng = np.random.default_rng(seed)
    u, v = rng.multivariate_normal([0, 0], [[k11, k12], [k12, k22]], size=n).T
    a, b = phi(u) * phi(v), dphi(u) * dphi(v)
    return (a.mean(), a.std() / np.sqrt(n)), (b.mean(), b.std() / np.sqrt(n))


FUNCTIONS = {
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
    "erf": (erf, lambda x: 2 / np.sqrt(np.pi) * np.exp(-x * x)),
}


@pytest.mark.parametrize("name", ["relu", "erf", "tanh"])
@pytest.mark.parametrize("k", K_CASES)
def test_expectations_match_monte_carlo(name, k):
    phi, dphi = FUNCTIONS.get(name, (np.tanh, lambda x: 1 - np.tanh(x) ** 2))
    (m_phi, se_phi), (m_dot, se_dot) = monte_carlo(phi, dphi, *k)
    vphi, vdot = get_activation(name).expectations(*map(jnp.asarray, k), False)
    assert abs(float(vphi) - m_phi) < 5 * se_phi
    assert abs(float(vdot) - m_dot) < 5 * se_dot


@pytest.mark.parametrize("name", ["relu", "erf", "tanh"])
def test_same_sample_uses_the_diagonal_closed_form(name):
    act = get_activation(name)
    k = jnp.asarray(1.7)
    exact = act.expectations(k, k, k, True)
    near = act.expectations(k, k * (1 - 1e-12), k, False)
    np.testing.assert_allclose(exact, near, rtol=1e-5)
    if name == "relu":
        assert float(exact[0]) == 1.7 / 2 and float(exact[1]) == 0.5


def test_asin_is_accurate_to_an_ulp_or_two():
    x = np.concatenate([np.linspace(-1, 1, 200_001), np.random.default_rng(0).uniform(-1, 1, 100_000),
                        [0.5, -0.5, np.nextafter(0.5, 1), 1e-300, 0.0, 1.0, -1.0]])
    ours = np.asarray(asin(jnp.asarray(x)))
    ulps = np.abs(ours - np.arcsin(x)) / np.spacing(np.maximum(np.abs(np.arcsin(x)), 1e-300))
    assert ulps.max() <= 2
    assert ours[-2] == np.pi / 2 and ours[-1] == -np.pi / 2


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match="unknown activation 'swish2'"):
        get_activation("swish2")


@pytest.mark.parametrize("name", ["relu", "erf", "tanh"])
def test_named_activation_unpickles_as_the_same_instance(name):
    """A worker that receives a kernel must find its compiled code again: the activation is a static argument."""
    import pickle

    a = get_activation(name)
    assert pickle.loads(pickle.dumps(a)) is a


def test_a_registered_activation_is_accepted_by_name_everywhere():
    """Activations are data: a name with its function and, optionally, its closed-form dual (and whether it
    holds in float32); the kernel, float32 and the finite networks take the name."""
    import jax

    from rntk import RecurrentKernel
    from rntk.activations import _REGISTRY, _relu, register_activation

    try:
        register_activation("my_relu", jax.nn.relu, _relu, float32=True)
        register_activation("my_softsign", jax.nn.soft_sign)  # by quadrature
        X = np.random.default_rng(0).standard_normal((3, 6))
        np.testing.assert_array_equal(RecurrentKernel(activation="my_relu")(X), RecurrentKernel()(X))
        assert RecurrentKernel(activation="my_relu", dtype="float32")(X).dtype == np.float32
        quad = RecurrentKernel(activation="my_softsign")(X)
        np.testing.assert_allclose(quad, RecurrentKernel(activation=jax.nn.soft_sign)(X), rtol=1e-12)
        with pytest.raises(ValueError, match="closed-form dual that holds in float32"):
            RecurrentKernel(activation="my_softsign", dtype="float32")
        with pytest.raises(ValueError, match="'my_relu' is already registered"):
            register_activation("my_relu", jax.nn.relu)
        with pytest.raises(ValueError, match="float32=True needs a closed-form expectations"):
            register_activation("other", jax.nn.relu, float32=True)
    finally:
        _REGISTRY.pop("my_relu", None), _REGISTRY.pop("my_softsign", None)
