import jax
import jax.numpy as jnp
import numpy as np
import pytest
from sklearn.metrics.pairwise import polynomial_kernel, rbf_kernel

from rntk.baselines import (FullyConnectedKernel, HomogeneousGammaExponentialKernel, LaplaceKernel,
                            PolynomialKernel, RBFKernel, flatten_padded)


def test_one_hidden_layer_relu_ntk_closed_form():
    """Arora et al. (2019): sw^2 = 2, sb = 0, one hidden layer."""
    rng = np.random.default_rng(0)
    X, Z = rng.standard_normal((5, 7)), rng.standard_normal((4, 7))
    d = 7
    nx, nz = np.linalg.norm(X, axis=1), np.linalg.norm(Z, axis=1)
    c = np.clip(X @ Z.T / np.outer(nx, nz), -1, 1)
    theta = np.arccos(c)
    expected = np.outer(nx, nz) / d * ((np.sin(theta) + (np.pi - theta) * c) / np.pi + c * (np.pi - theta) / np.pi)
    np.testing.assert_allclose(FullyConnectedKernel(depth=1)(X, Z), expected, rtol=1e-12)


def empirical_mlp_ntk(X, width, depth, sw, sb, sv, seed):
    key = jax.random.PRNGKey(seed)
    dims = [X.shape[1]] + [width] * depth
    params = []
    for a, b in zip(dims[:-1], dims[1:]):
        key, k1, k2 = jax.random.split(key, 3)
        params.append((jax.random.normal(k1, (b, a)), jax.random.normal(k2, (b,))))
    key, kv = jax.random.split(key)
    params.append(jax.random.normal(kv, (width,)))

    def f(p, x):
        h = x
        for W, b in p[:-1]:
            h = jax.nn.relu(sw / np.sqrt(len(h)) * W @ h + sb * b)
        return sv / np.sqrt(width) * p[-1] @ h

    grads = [jnp.concatenate([g.ravel() for g in jax.tree_util.tree_leaves(jax.grad(f)(params, x))]) for x in X]
    G = jnp.stack(grads)
    return np.asarray(G @ G.T)


def test_two_layer_ntk_matches_a_wide_network():
    X = np.random.default_rng(1).standard_normal((4, 6))
    analytic = FullyConnectedKernel(depth=2, sigma_w=1.3, sigma_b=0.4, sigma_v=0.9)(X)
    empirical = np.mean([empirical_mlp_ntk(X, 2048, 2, 1.3, 0.4, 0.9, s) for s in range(3)], axis=0)
    assert np.linalg.norm(empirical - analytic) / np.linalg.norm(analytic) < 0.05


def test_sklearn_kernels_on_padded_vectors():
    rng = np.random.default_rng(2)
    X = [rng.standard_normal(t) for t in (3, 5, 4)]
    flat, _ = flatten_padded(X)
    assert flat.shape == (3, 5) and flat[0, 3:].tolist() == [0.0, 0.0]
    np.testing.assert_allclose(RBFKernel(0.3)(X), rbf_kernel(flat, gamma=0.3))
    np.testing.assert_allclose(PolynomialKernel(2, 0.5, 1.0)(X), polynomial_kernel(flat, degree=2, gamma=0.5, coef0=1))
    expected = np.exp(-0.7 * np.abs(flat[:, None] - flat[None]).sum(-1))
    np.testing.assert_allclose(LaplaceKernel(0.7)(X), expected)


def test_homogeneous_gamma_exponential_per_pair():
    rng = np.random.default_rng(3)
    X, Z = rng.standard_normal((4, 5)), rng.standard_normal((3, 5))
    K = HomogeneousGammaExponentialKernel(gamma=1.5, c=0.8)(X, Z)
    for i, x in enumerate(X):
        for j, z in enumerate(Z):
            u, v = x / np.linalg.norm(x), z / np.linalg.norm(z)
            expected = np.linalg.norm(x) * np.linalg.norm(z) * np.exp(-0.8 * np.linalg.norm(u - v) ** 1.5)
            assert K[i, j] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="gamma"):
        HomogeneousGammaExponentialKernel(gamma=3)


def test_front_padding_aligns_the_last_steps():
    X = [np.array([[1.0], [5.0]]), np.array([[3.0], [4.0], [5.0]])]
    end, _ = flatten_padded(X)
    front, _ = flatten_padded(X, padding="front")
    np.testing.assert_array_equal(end, [[1, 5, 0], [3, 4, 5]])
    np.testing.assert_array_equal(front, [[0, 1, 5], [3, 4, 5]])
    with pytest.raises(ValueError, match="padding must be one of"):
        RBFKernel(padding="middle")(X)
    equal = [np.ones((3, 1)), np.arange(3.0)[:, None]]
    for kernel in (RBFKernel, FullyConnectedKernel, PolynomialKernel, LaplaceKernel, HomogeneousGammaExponentialKernel):
        small = [0.1 * x for x in X]
        assert not np.allclose(kernel(padding="front")(small), kernel(padding="end")(small)), kernel
        np.testing.assert_array_equal(kernel(padding="front")(equal), kernel(padding="end")(equal))
