"""Baseline kernels for fixed-size inputs, with the calling convention of RecurrentKernel.

``k(X, Z=None)`` returns the Gram matrix as a NumPy float64 array. Sequences of
different lengths are zero-padded to the longest length and flattened to vectors of
T_max * m; ``padding="end"`` (default) pads after each sequence, ``"front"`` before it,
so that the last steps line up. The first paper says only "zero padding".
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from sklearn.metrics.pairwise import laplacian_kernel, polynomial_kernel, rbf_kernel

from rntk.activations import get_activation
from rntk.sequences import as_sequences

__all__ = ["PADDINGS", "flatten_padded", "FullyConnectedKernel", "RBFKernel", "PolynomialKernel", "LaplaceKernel",
           "HomogeneousGammaExponentialKernel"]


PADDINGS = ("end", "front")


def flatten_padded(X, Z=None, padding: str = "end"):
    """Both collections as ``(N, T_max * m)`` vectors, each sequence zero-padded at its ``padding``
    ("end": first steps aligned; "front": last steps aligned)."""
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
    X = as_sequences(X, "X")
    Z = None if Z is None else as_sequences(Z, "Z")
    if Z is not None and Z.dim != X.dim:
        raise ValueError(f"X has {X.dim} features per step but Z has {Z.dim}")
    steps = X.max_length if Z is None else max(X.max_length, Z.max_length)

    def vectors(S):
        out = np.zeros((S.n, steps, S.dim))
        for i, s in enumerate(S.items()):
            if padding == "end":
                out[i, : len(s)] = s
            else:
                out[i, steps - len(s):] = s
        return out.reshape(S.n, -1)

    return vectors(X), None if Z is None else vectors(Z)


class FullyConnectedKernel:
    """CK and NTK of an infinitely wide fully connected network with ``depth`` hidden layers
    (Jacot et al. 2018; Arora et al. 2019), in the NTK parametrisation::

        Sigma^(1) = sw^2/d <x, x'> + sb^2,   Theta^(1) = Sigma^(1)
        Sigma^(h+1) = sw^2 V_phi[K^(h)] + sb^2,
        Theta^(h+1) = Sigma^(h+1) + sw^2 V_phi'[K^(h)] Theta^(h)
        CK = sv^2 V_phi[K^(L)],  NTK = CK + sv^2 V_phi'[K^(L)] Theta^(L)
    """

    def __init__(self, depth: int = 1, activation="relu", sigma_w: float = np.sqrt(2), sigma_b: float = 0.0,
                 sigma_v: float = 1.0, padding: str = "end"):
        if not (isinstance(depth, (int, np.integer)) and depth >= 1):
            raise ValueError(f"depth must be a positive integer, got {depth!r}")
        for name, value in dict(sigma_w=sigma_w, sigma_b=sigma_b, sigma_v=sigma_v).items():
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
        self.depth, self.activation = int(depth), get_activation(activation)
        self.sigma_w, self.sigma_b, self.sigma_v = float(sigma_w), float(sigma_b), float(sigma_v)
        self.padding = padding

    def __call__(self, X, Z=None, get="ntk"):
        x, z = flatten_padded(X, Z, self.padding)
        symmetric = z is None
        z = x if symmetric else z
        same = np.eye(len(x), dtype=bool) if symmetric else np.zeros((len(x), len(z)), dtype=bool)
        scales = jnp.asarray([self.sigma_w ** 2, self.sigma_b ** 2, self.sigma_v ** 2])
        ck, ntk = (np.asarray(a) for a in _fully_connected(x, z, same, scales, self.depth, self.activation))
        out = {"ck": ck, "ntk": ntk}
        return out[get] if isinstance(get, str) else tuple(out[g] for g in get)


@functools.partial(jax.jit, static_argnums=(4, 5))
def _fully_connected(x, z, same, scales, depth, act):
    """The recursion of FullyConnectedKernel, compiled once per shape, depth and activation."""
    sw2, sb2, sv2 = scales
    d = x.shape[1]
    sigma = sw2 / d * x @ z.T + sb2
    var_x = sw2 / d * jnp.sum(x * x, axis=1) + sb2
    var_z = sw2 / d * jnp.sum(z * z, axis=1) + sb2
    theta = sigma
    for _ in range(depth - 1):
        vphi, vdot = act.expectations(var_x[:, None], sigma, var_z[None, :], same)
        sigma = sw2 * vphi + sb2
        theta = sigma + sw2 * vdot * theta
        var_x = sw2 * act.expectations(var_x, var_x, var_x, True)[0] + sb2
        var_z = sw2 * act.expectations(var_z, var_z, var_z, True)[0] + sb2
    vphi, vdot = act.expectations(var_x[:, None], sigma, var_z[None, :], same)
    return sv2 * vphi, sv2 * (vphi + vdot * theta)


class RBFKernel:
    """exp(-gamma ||x - x'||^2) on zero-padded, flattened sequences (scikit-learn)."""

    def __init__(self, gamma: float = 1.0, padding: str = "end"):
        self.gamma, self.padding = gamma, padding

    def __call__(self, X, Z=None):
        x, z = flatten_padded(X, Z, self.padding)
        return rbf_kernel(x, z, gamma=self.gamma)


class PolynomialKernel:
    """(gamma <x, x'> + coef0)^degree on zero-padded, flattened sequences (scikit-learn)."""

    def __init__(self, degree: int = 3, gamma: float | None = None, coef0: float = 1.0, padding: str = "end"):
        self.degree, self.gamma, self.coef0, self.padding = degree, gamma, coef0, padding

    def __call__(self, X, Z=None):
        x, z = flatten_padded(X, Z, self.padding)
        return polynomial_kernel(x, z, degree=self.degree, gamma=self.gamma, coef0=self.coef0)


class LaplaceKernel:
    """exp(-gamma ||x - x'||_1) on zero-padded, flattened sequences (scikit-learn)."""

    def __init__(self, gamma: float = 1.0, padding: str = "end"):
        self.gamma, self.padding = gamma, padding

    def __call__(self, X, Z=None):
        x, z = flatten_padded(X, Z, self.padding)
        return laplacian_kernel(x, z, gamma=self.gamma)


class HomogeneousGammaExponentialKernel:
    """H-gamma-exp (Geifman et al. 2020): ||x|| ||x'|| exp(-c ||x/||x|| - x'/||x'||||^gamma), 0 < gamma <= 2.

    The homogeneous gamma-exponential kernel that the second paper compares against
    (gamma = 1 is the homogeneous Laplace kernel, which Geifman et al. relate to the NTK).
    """

    def __init__(self, gamma: float = 1.0, c: float = 1.0, padding: str = "end"):
        if not 0 < gamma <= 2:
            raise ValueError(f"gamma must be in (0, 2], got {gamma!r}")
        self.gamma, self.c, self.padding = gamma, c, padding

    def __call__(self, X, Z=None):
        x, z = flatten_padded(X, Z, self.padding)
        z = x if z is None else z
        nx, nz = np.linalg.norm(x, axis=1), np.linalg.norm(z, axis=1)
        ux = x / np.where(nx > 0, nx, 1.0)[:, None]
        uz = z / np.where(nz > 0, nz, 1.0)[:, None]
        distance = np.sqrt(np.maximum(2.0 - 2.0 * ux @ uz.T, 0.0))
        return np.outer(nx, nz) * np.exp(-self.c * distance ** self.gamma)
