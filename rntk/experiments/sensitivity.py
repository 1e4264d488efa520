"""Sensitivity of the RNTK to the input at each time step (first paper, Eq. 22 and Fig. 3).

S_t(x, x') = || d Theta(x, x') / d x_t ||, normalised to sum to one over t, averaged over
random pairs; computed with ``jax.grad`` through the same recursion as RecurrentKernel.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from rntk.recursion import _self_variances, last_step_plan, sweep
from rntk.recurrent import RecurrentKernel

__all__ = ["pair_ntk", "sensitivity", "end_shares"]


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
