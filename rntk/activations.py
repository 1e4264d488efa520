"""Dual activations: the two-by-two Gaussian expectations of an activation.

For ``K = [[k11, k12], [k12, k22]]`` and ``(u, v) ~ N(0, K)``::

    V_phi[K]  = E[phi(u) phi(v)]        V_phi'[K] = E[phi'(u) phi'(v)]

(the book's mathematics chapter, "Dual activations"; first paper, Appendix B.5).
Every rule here maps covariances to covariances elementwise, so ``k11`` may be a
column ``(N, 1)``, ``k22`` a row ``(1, M)`` and ``k12`` an ``(N, M)`` block.
``same`` marks the pairs that are one sample with itself (``k11 = k12 = k22``):
their expectations are evaluated in closed form on the diagonal instead of
through a correlation that rounding pushes just below one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["Activation", "get_activation", "register_activation", "asin"]

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


# Correlations at or above 1 - _ULPS eps are one (:func:`_relu`): above what rounding leaves of the
# correlation of two equal sequences, and an error of at most sqrt(2 * _ULPS eps) / pi in V_phi'
# (1.3e-8 in float64) for two sequences that differ.
_ULPS = 4


def _relu(k11, k12, k22, same):
    """ReLU arc-cosine expectations (Cho & Saul 2009), with pi - arccos(c) = pi/2 + asin(c)."""
    s11, s22 = jnp.sqrt(k11), jnp.sqrt(k22)
    norm = s11 * s22
    # 1/sqrt per sequence, not per pair: the division then costs nothing in the pair loop.
    inv = (1.0 / jnp.where(s11 > 0, s11, 1.0)) * (1.0 / jnp.where(s22 > 0, s22, 1.0))
    c = jnp.clip(k12 * inv, -1.0, 1.0)
    # A correlation within rounding of one is one: there arccos has an infinite slope, which would
    # turn the last ulps of k12 into a 1e-8 error of V_phi' (and of the NTK of two equal sequences).
    c = jnp.where(same | (c >= 1.0 - _ULPS * float(jnp.finfo(c.dtype).eps)), 1.0, c)
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


_REACH = 9.0  # the Gaussian weight beyond |z| = 9 is below 1e-18


def _clustered_rule(order: int):
    """Gauss-Legendre nodes and weights on [0, 1] for the sinh-mapped segments of :func:`_quadrature`."""
    x, w = np.polynomial.legendre.leggauss(order)
    return (x + 1.0) / 2.0, w / 2.0


def _segment(start, end, scale, x, w):
    """Nodes and weights (times the Gaussian density) of one segment ``[start, end]``, clustered at
    ``start`` on the length ``scale``: z = start +- scale sinh(t), t uniform in [0, asinh(|end - start| / scale)]."""
    span = jnp.arcsinh(jnp.abs(end - start) / scale)
    t = span * x
    z = start + jnp.sign(end - start) * scale * jnp.sinh(t)
    return z, w * span * scale * jnp.cosh(t) * jnp.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)


def _quadrature(phi: Callable, order: int):
    """``E[phi(u) phi(v)]`` and ``E[phi'(u) phi'(v)]`` by nested one-dimensional rules.

    With the larger variance outside, ``u = s1 z1``, ``v = s2 (c z1 + r z2)``, ``r = sqrt(1 - c^2)``::

        V = int dz1 N(z1) f(s1 z1) int dz2 N(z2) g(s2 c z1 + s2 r z2)

    Each integral is cut where its activation's argument is 0 (where ReLU-like activations bend and
    saturating ones turn) and where the Gaussian weight peaks (z = 0), and on every segment the
    Gauss-Legendre nodes are clustered at the segment's start on the activation's own length,
    ``min(1, 1/s)``, by a sinh map: the poles of tanh or sigmoid, at distance ~1/s from the cut, then lie a fixed distance from
    the real axis in the mapped variable, so the error does not grow with the variance (tests: below
    1e-8 of sqrt(V[a,a] V[b,b]) up to variances of 1e3, |c| = 1 included). The arguments are put in a
    canonical order first, so V(a, c, b) = V(b, c, a) bit for bit. Cost: 2 ``order`` outer x 3
    ``order`` inner nodes, each with one evaluation of phi and phi' (at the default ``order`` = 48,
    13,824 nodes: 3.4 times the 64 x 64 tensor Gauss-Hermite rule it replaced)."""
    dphi = jnp.vectorize(jax.grad(phi))
    x, w = _clustered_rule(order)

    def expectations(k11, k12, k22, same):
        shape = jnp.broadcast_shapes(jnp.shape(k11), jnp.shape(k12), jnp.shape(k22), jnp.shape(same))
        k11, k12, k22 = (jnp.broadcast_to(jnp.asarray(k, dtype=jnp.float64), shape) for k in (k11, k12, k22))
        k12 = jnp.where(same, k11, k12)
        s1, s2 = jnp.sqrt(jnp.maximum(k11, k22)), jnp.sqrt(jnp.minimum(k11, k22))  # canonical order
        norm = s1 * s2
        c = jnp.where(same, 1.0, jnp.clip(k12 / jnp.where(norm > 0, norm, 1.0), -1.0, 1.0))
        sigma = s2 * jnp.sqrt(jnp.maximum(1.0 - c * c, 0.0))  # spread of the inner argument
        scale1 = 1.0 / jnp.maximum(s1, 1.0)
        scale2 = 1.0 / jnp.maximum(sigma, 1.0)
        zero = jnp.zeros(shape)

        def inner(z1):
            """E over z2 of phi and phi' at s2 c z1 + sigma z2: segments cut at the turn and at 0."""
            mean = s2 * c * z1
            turn = jnp.where(sigma > 0, jnp.clip(-mean / jnp.where(sigma > 0, sigma, 1.0), -_REACH, _REACH), 0.0)
            lo, hi = jnp.minimum(turn, 0.0), jnp.maximum(turn, 0.0)
            segments = ((lo, -_REACH), (turn, 0.0), (hi, _REACH))  # below both points, between, above

            def node(acc, xw):
                for start, end in segments:
                    z2, w2 = _segment(start, end, scale2, *xw)
                    arg = mean + sigma * z2
                    acc = (acc[0] + w2 * phi(arg), acc[1] + w2 * dphi(arg))
                return acc, None

            return jax.lax.scan(node, (zero, zero), (x, w))[0]

        def outer(acc, xw):
            for end in (-_REACH, _REACH):
                z1, w1 = _segment(zero, end, scale1, *xw)
                g, dg = inner(z1)
                u = s1 * z1
                acc = (acc[0] + w1 * phi(u) * g, acc[1] + w1 * dphi(u) * dg)
            return acc, None

        return jax.lax.scan(outer, (zero, zero), (x, w))[0]

    return expectations


@dataclass(frozen=True, eq=False)
class Activation:
    """An activation, known by its dual: ``expectations(k11, k12, k22, same) -> (V_phi, V_phi')``.

    ``phi`` is the elementwise function itself (used by the finite-width networks).
    Instances compare by identity (they are static arguments of compiled code), and
    :func:`get_activation` returns one instance per name or callable. A named activation pickles
    as its name, so a worker process that receives a kernel reuses its own compiled code.
    """

    name: str
    phi: Callable
    expectations: Callable
    made_from: tuple | None = field(default=None, repr=False)  # (name, quadrature order) of a named one
    float32: bool = False  # a closed form that holds in float32 (quadrature rules run in float64)

    def __reduce_ex__(self, protocol):
        if self.made_from is not None:
            return get_activation, self.made_from
        return super().__reduce_ex__(protocol)


def _sin(k11, k12, k22, same):
    """sin: E[sin u sin v] = e^{-(k11+k22)/2} sinh k12, E[cos u cos v] = e^{-(k11+k22)/2} cosh k12."""
    k12 = jnp.where(same, k11, k12)
    half = 0.5 * (k11 + k22)  # >= |k12|: both exponents below are <= 0, nothing overflows
    up, down = 0.5 * jnp.exp(k12 - half), 0.5 * jnp.exp(-k12 - half)
    return up - down, up + down


def _identity(k11, k12, k22, same):
    """The identity: V_phi = k12, V_phi' = 1."""
    k12 = jnp.where(same, k11, k12)
    return k12, jnp.ones_like(k12)


# Every activation known by name: its elementwise function, its dual in closed form (None: by quadrature) and
# whether that closed form holds in float32. :func:`register_activation` adds to it.
_REGISTRY = {
    "relu": (jax.nn.relu, _relu, True),
    "erf": (jax.scipy.special.erf, _erf, True),
    "sin": (jnp.sin, _sin, True),
    "identity": (lambda x: x, _identity, True),
    "tanh": (jnp.tanh, None, False),
    "sigmoid": (jax.nn.sigmoid, None, False),
    "softplus": (jax.nn.softplus, None, False),
    "gelu": (jax.nn.gelu, None, False),
}


def register_activation(name: str, phi: Callable, expectations: Callable | None = None, float32: bool = False) -> None:
    """Make ``name`` an activation every kernel and network accepts: ``phi`` the elementwise JAX function,
    ``expectations(k11, k12, k22, same) -> (V_phi, V_phi')`` its dual in closed form (None: by quadrature,
    as for any callable), ``float32`` whether that closed form may run in float32. A process that receives a
    kernel by name (a Dask worker) must register it too."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"an activation's name must be a non-empty string, got {name!r}")
    if name in _REGISTRY:
        raise ValueError(f"activation {name!r} is already registered; choose another name")
    if not callable(phi) or (expectations is not None and not callable(expectations)):
        raise TypeError("phi and expectations must be callables")
    if float32 and expectations is None:
        raise ValueError("float32=True needs a closed-form expectations: quadrature rules run in float64")
    _REGISTRY[name] = (phi, expectations, bool(float32))


def get_activation(activation, quadrature_order: int = 48) -> Activation:
    """An activation by name (``"relu"``, ``"erf"``, ``"sin"`` and ``"identity"`` in closed form; ``"tanh"``,
    ``"sigmoid"``, ``"softplus"``, ``"gelu"`` by :func:`_quadrature` with ``quadrature_order`` Gauss-Legendre
    nodes a segment; any name given to :func:`register_activation`) or any JAX-traceable elementwise
    callable (by quadrature)."""
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
    if isinstance(activation, str):
        if activation not in _REGISTRY:
            raise ValueError(f"unknown activation {activation!r}; expected one of {list(_REGISTRY)} (or "
                             "register_activation) or a callable")
        phi, expectations, float32 = _REGISTRY[activation]
        expectations = expectations or _quadrature(phi, quadrature_order)
        return Activation(activation, phi, expectations, (activation, quadrature_order), float32)
    if callable(activation):
        name = getattr(activation, "__name__", repr(activation))
        return Activation(name, activation, _quadrature(activation, quadrature_order))
    raise ValueError(f"activation must be a name or a callable, got {activation!r}")
