"""Dual activations: the two-by-two Gaussian expectations of an activation.

For ``K = [[k11, k12], [k12, k22]]`` and ``(u, v) ~ N(0, K)``::

    V_phi[K]  = E[phi(u) phi(v)]        V_phi'[K] = E[phi'(u) phi'(v)]

(rntk-math.md, "The two-by-two expectations"; first paper, Appendix B.5).
Every rule here maps covariances to covariances elementwise, so ``k11`` may be a
column ``(N, 1)``, ``k22`` a row ``(1, M)`` and ``k12`` an ``(N, M)`` block.
``same`` marks the pairs that are one sample with itself (``k11 = k12 = k22``):
their expectations are evaluated in closed form on the diagonal instead of
through a correlation that rounding pushes just below one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["Activation", "get_activation", "asin"]

_TWO_PI = 2.0 * np.pi

# asin(t) = t + t z P(z), z = t^2, for 0 <= t <= 1/2: P is the degree-12 Chebyshev
# interpolant (on z in [0, 1/4]) of the Maclaurin series of (asin(sqrt z) - sqrt z) / z^(3/2),
# fitted in extended precision; maximum error 0.6 ulp (tests/test_activations.py).
_ASIN_POLY = (0.16666666666666666, 0.07499999999997907, 0.04464285714727319, 0.030381944072679325,
              0.022372175342122, 0.017352341865498933, 0.013971890221564072, 0.011473267998752009,
              0.010357129189574215, 0.005326059354579516, 0.01771995672126557, -0.01529653382949796,
              0.029028720708576924)


def asin(x):
    """arcsin to about 1 ulp from one sqrt and a polynomial (no division, no branch).

    For ``|x| > 1/2`` it uses ``asin|x| = pi/2 - 2 asin(sqrt((1 - |x|)/2))``, whose argument is
    again at most 1/2, so one polynomial serves both branches. XLA's CPU
    ``arcsin``/``arccos`` are about 4x slower than this, and this form fuses with the
    surrounding recursion on every backend.
    """
    a = jnp.abs(x)
    small = a <= 0.5
    t = jnp.where(small, a, jnp.sqrt(0.5 - 0.5 * a))
    z = t * t
    poly = _ASIN_POLY[-1]
    for coefficient in _ASIN_POLY[-2::-1]:
        poly = poly * z + coefficient
    r = t + t * z * poly
    return jnp.copysign(jnp.where(small, r, 0.5 * np.pi - 2.0 * r), x)


def _relu(k11, k12, k22, same):
    """ReLU arc-cosine expectations (Cho & Saul 2009), with pi - arccos(c) = pi/2 + asin(c)."""
    s11, s22 = jnp.sqrt(k11), jnp.sqrt(k22)
    norm = s11 * s22
    # 1/sqrt per sequence, not per pair: the division then costs nothing in the pair loop.
    inv = (1.0 / jnp.where(s11 > 0, s11, 1.0)) * (1.0 / jnp.where(s22 > 0, s22, 1.0))
    c = jnp.where(same, 1.0, jnp.clip(k12 * inv, -1.0, 1.0))
    # At |c| = 1 asin and sqrt(1 - c^2) have infinite slopes; evaluate them inside the interval
    # only, so that jax.grad sees the closed form's finite derivative (through the norm).
    interior, c_in = _interior(c)
    angle = jnp.where(interior, 0.5 * np.pi + asin(c_in), jnp.where(c > 0, np.pi, 0.0))
    vphi = norm / _TWO_PI * (jnp.where(interior, jnp.sqrt(1.0 - c_in * c_in), 0.0) + angle * c)
    vdot = angle / _TWO_PI
    return vphi, vdot


def _interior(c):
    """(|c| < 1, c where |c| < 1 else 0): the double-where guard for derivatives at |c| = 1."""
    interior = jnp.abs(c) < 1.0
    return interior, jnp.where(interior, c, 0.0)


def _erf(k11, k12, k22, same):
    """erf expectations (Williams 1997)."""
    a = 1.0 + 2.0 * k11
    b = 1.0 + 2.0 * k22
    k12 = jnp.where(same, k11, k12)
    # (1 + 2k)^2 - 4k^2 = 1 + 4k on the diagonal, written without the cancellation.
    det = jnp.where(same, a + b - 1.0, a * b - 4.0 * k12 * k12)
    vphi = (2.0 / np.pi) * asin(jnp.clip(2.0 * k12 / jnp.sqrt(a * b), -1.0, 1.0))
    vdot = (4.0 / np.pi) / jnp.sqrt(det)
    return vphi, vdot


def _gauss_hermite(phi: Callable, order: int):
    """Tensor-product Gauss-Hermite rule for any elementwise activation."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(order)
    weights = weights / np.sqrt(2.0 * np.pi)
    dphi = jnp.vectorize(jax.grad(phi))
    za, zb = (a.ravel() for a in np.meshgrid(nodes, nodes, indexing="ij"))
    wab = np.outer(weights, weights).ravel()

    def expectations(k11, k12, k22, same):
        s1 = jnp.sqrt(k11)
        s2 = jnp.sqrt(k22)
        norm = s1 * s2
        c = jnp.clip(k12 / jnp.where(norm > 0, norm, 1.0), -1.0, 1.0)
        c = jnp.where(same, 1.0, c)
        interior, c_in = _interior(c)
        r = jnp.where(interior, jnp.sqrt(1.0 - c_in * c_in), 0.0)
        shape = jnp.broadcast_shapes(jnp.shape(k11), jnp.shape(k12), jnp.shape(k22))

        def node(acc, zw):
            a, b, w = zw
            u = s1 * a
            v = s2 * (c * a + r * b)
            return (acc[0] + w * phi(u) * phi(v), acc[1] + w * dphi(u) * dphi(v)), None

        zero = jnp.zeros(shape, dtype=jnp.result_type(k12, float))
        (vphi, vdot), _ = jax.lax.scan(node, (zero, zero), (za, zb, wab))
        return vphi, vdot

    return expectations


_NAMED_ELEMENTWISE = {
    "tanh": jnp.tanh,
    "sigmoid": jax.nn.sigmoid,
    "softplus": jax.nn.softplus,
    "gelu": jax.nn.gelu,
    "sin": jnp.sin,
    "identity": lambda x: x,
}


@dataclass(frozen=True, eq=False)
class Activation:
    """An activation, known by its dual: ``expectations(k11, k12, k22, same) -> (V_phi, V_phi')``.

    ``phi`` is the elementwise function itself (used by the finite-width networks).
    Instances compare by identity (they are static arguments of compiled code), and
    :func:`get_activation` returns one instance per name or callable.
    """

    name: str
    phi: Callable
    expectations: Callable


def get_activation(activation, quadrature_order: int = 64) -> Activation:
    """``"relu"`` and ``"erf"`` in closed form; a name in ``{tanh, sigmoid, softplus, gelu, sin,
    identity}`` or any JAX-traceable elementwise callable through Gauss-Hermite quadrature."""
    if isinstance(activation, Activation):
        return activation
    try:
        return _cached_activation(activation, quadrature_order)
    except TypeError:  # an unhashable callable
        return _make_activation(activation, quadrature_order)


@functools.lru_cache(maxsize=None)
def _cached_activation(activation, quadrature_order):
    return _make_activation(activation, quadrature_order)


def _make_activation(activation, quadrature_order):
    if activation == "relu":
        return Activation("relu", jax.nn.relu, _relu)
    if activation == "erf":
        return Activation("erf", jax.scipy.special.erf, _erf)
    if isinstance(activation, str):
        if activation not in _NAMED_ELEMENTWISE:
            known = ["relu", "erf", *_NAMED_ELEMENTWISE]
            raise ValueError(f"unknown activation {activation!r}; expected one of {known} or a callable")
        phi = _NAMED_ELEMENTWISE[activation]
        return Activation(activation, phi, _gauss_hermite(phi, quadrature_order))
    if callable(activation):
        name = getattr(activation, "__name__", repr(activation))
        return Activation(name, activation, _gauss_hermite(activation, quadrature_order))
    raise ValueError(f"activation must be a name or a callable, got {activation!r}")
