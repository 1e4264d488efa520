"""The recursions of the infinite-width recurrent kernels: one function per rule.

Notation and equations: the book's mathematics chapter (the first paper's Theorem 1 and
Appendix B.3; the second paper's Algorithms 1 and 2 and Eqs. 10-13):

* :func:`self_variances` -- Sigma^(l,t)(x, x) of every sequence, layer and step;
* :func:`pair_step` -- one step of the joint recursion for a block of pairs: the
  covariances Sigma^(l,t)(x, x'), the tangent terms Psi^(l,t)(x, x'), all layers;
* :func:`sweep` -- that step run along a plan of steps (the last step, every step,
  or every diagonal of the step grid: :func:`last_step_plan`, :func:`diagonal_plan`), with the read-outs.

Hyperparameters are traced values (:class:`Hyper`), so changing them never recompiles.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from rntk.activations import Activation

__all__ = ["Hyper", "self_variances", "pair_step", "Plan", "last_step_plan", "diagonal_plan", "sweep",
           "sweep_settings"]


class Hyper(NamedTuple):
    """Squared weight scales, traced through the compiled recursions."""

    sw2: jax.Array
    su2: jax.Array
    sb2: jax.Array
    sh2: jax.Array
    sv2: jax.Array


def _input_gram(x_t, z_t):
    """<x_t, z_t> for a block of pairs; broadcast products fuse better than a matmul when m is small."""
    if x_t.shape[-1] <= 4:
        return jnp.sum(x_t[:, None, :] * z_t[None, :, :], axis=-1)
    return x_t @ z_t.T


def self_variances(x, active, hyper: Hyper, depth: int, act: Activation):
    """Sigma^(l,t)(x, x) for every step t and layer l of every sequence: ``(T, L, N)``.

    ``x``: ``(T, N, m)`` time-major, front-padded; ``active``: ``(T, N)``, False on padding.
    Before a sequence starts its state stays at the initial hidden variance sigma_h^2.
    """
    m = x.shape[-1]

    def step(c_prev, inputs):
        x_t, a_t = inputs
        below = hyper.su2 / m * jnp.sum(x_t * x_t, axis=-1)
        c_new, sigmas = [], []
        for layer in range(depth):
            sigma = below + hyper.sb2 + hyper.sw2 * c_prev[layer]
            vphi, _ = act.expectations(sigma, sigma, sigma, True)
            sigmas.append(sigma)
            c_new.append(jnp.where(a_t, vphi, hyper.sh2))
            below = hyper.su2 * vphi
        return tuple(c_new), jnp.stack(sigmas)

    c0 = tuple(jnp.full(x.shape[1], hyper.sh2) for _ in range(depth))
    _, sigmas = jax.lax.scan(step, c0, (x, active))
    return sigmas


def pair_step(c_prev, p_prev, x_t, z_t, var_x, var_z, same, hyper: Hyper, act: Activation):
    """One time step of the joint recursion, all layers, for a block of pairs.

    ``c_prev[l] = V_phi[K^(l,t-1)]`` and ``p_prev[l] = V_phi'[K^(l,t-1)] Psi^(l,t-1)``
    (zero at the first step); ``var_x``: ``(L, N)``, ``var_z``: ``(L, M)`` the
    self-variances at this step. Returns the new ``(c, p)``::

        Sigma^(1,t) = su^2/m <x_t, x'_t> + sb^2 + sw^2 C^(1,t-1)
        Sigma^(l,t) = su^2 V_phi[K^(l-1,t)] + sb^2 + sw^2 C^(l,t-1)
        Psi^(l,t)   = Sigma^(l,t) + sw^2 V_phi'[K^(l,t-1)] Psi^(l,t-1)
                                  + su^2 V_phi'[K^(l-1,t)] Psi^(l-1,t)
    """
    below = hyper.su2 / x_t.shape[-1] * _input_gram(x_t, z_t)
    tangent_below = None
    c_new, p_new = [], []
    for layer in range(len(c_prev)):
        sigma = below + hyper.sb2 + hyper.sw2 * c_prev[layer]
        psi = sigma + hyper.sw2 * p_prev[layer]
        if tangent_below is not None:
            psi = psi + hyper.su2 * tangent_below
        vphi, vdot = act.expectations(var_x[layer][:, None], sigma, var_z[layer][None, :], same)
        c_new.append(vphi)
        p_new.append(vdot * psi)
        below = hyper.su2 * vphi
        tangent_below = vdot * psi
    return tuple(c_new), tuple(p_new)


class Plan(NamedTuple):
    """The steps of a sweep: the x step and z step met at each one, whether the
    recursion restarts there, and whether it lies on the main diagonal (t' = t)."""

    ix: np.ndarray
    iz: np.ndarray
    restart: np.ndarray
    main: np.ndarray


def last_step_plan(steps: int) -> Plan:
    """Steps 1..T of both sequences, aligned at their ends (read-out at T, or at every t)."""
    t = np.arange(steps)
    return Plan(t, t, t == 0, np.ones(steps, bool))


def diagonal_plan(steps: int) -> Plan:
    """Every diagonal t' - t = d of the T x T step grid, each swept from its start.

    Diagonal d > 0 (length T - d) is followed by diagonal d - T (length d), so the
    plan is T sweeps of T steps: the T^2 prefix pairs, each visited once.
    """
    ix, iz, restart = [np.arange(steps)], [np.arange(steps)], [np.arange(steps) == 0]
    for k in range(1, steps):
        r_up = np.arange(steps - k)  # x at r meets z at r + k
        r_down = np.arange(steps - k, steps)  # x at r meets z at r + k - T
        ix += [r_up, r_down]
        iz += [r_up + k, r_down + k - steps]
        restart += [r_up == 0, r_down == steps - k]
    ix, iz, restart = (np.concatenate(a) for a in (ix, iz, restart))
    return Plan(ix, iz, restart, ix == iz)


@functools.partial(jax.jit, static_argnames=("depth", "act", "readouts", "all_layers", "ragged", "restarts"))
def sweep(x, z, var_x, var_z, active_x, active_z, same, hyper: Hyper, plan: Plan, *, depth: int,
          act: Activation, readouts: tuple = ("last",), all_layers: bool = False, ragged: bool = False,
          restarts: bool = False):
    """Run :func:`pair_step` along ``plan`` for a block of pairs and read the kernels out.

    ``x``: ``(T, N, m)``, ``var_x``: ``(T, L, N)``, ``active_x``: ``(T, N)`` (and the same for z);
    ``same``: ``(N, M)``, True where the pair is one sample of a Gram with itself
    (its initial state is sigma_h^2 and its correlation is exactly one).
    Read-out of layer l at step t: CK = sv^2 V_phi[K^(l,t)], NTK = CK + sv^2 V_phi'[K^(l,t)] Psi^(l,t).
    Returns ``{readout: (CK, NTK)}`` for ``readouts`` among ``"last"`` (the plan's last step) and
    ``"sum"`` (summed over every step of the plan); each array is ``(layers, N, M)`` with every
    layer when ``all_layers``, else the top one only.
    """
    shape = (x.shape[1], z.shape[1])
    zero = jnp.zeros(shape, x.dtype)
    out_layers = depth if all_layers else 1

    def initial(main):
        c0 = jnp.where(same & main, hyper.sh2, 0.0)
        return (c0,) * depth, (zero,) * depth

    def readout(c, p):
        ck = hyper.sv2 * jnp.stack(c[depth - out_layers:])
        return ck, ck + hyper.sv2 * jnp.stack(p[depth - out_layers:])

    def step(carry, s):
        c, p, total = carry
        i, j, restart, main = s
        if restarts:
            c0, p0 = initial(main)
            c = tuple(jnp.where(restart, a, b) for a, b in zip(c0, c))
            p = tuple(jnp.where(restart, a, b) for a, b in zip(p0, p))
        c, p = pair_step(c, p, x[i], z[j], var_x[i], var_z[j], same & main, hyper, act)
        if ragged:
            both = active_x[i][:, None] & active_z[j][None, :]
            c0, p0 = initial(main)
            c = tuple(jnp.where(both, a, b) for a, b in zip(c, c0))
            p = tuple(jnp.where(both, a, b) for a, b in zip(p, p0))
        if "sum" in readouts:
            ck, ntk = readout(c, p)
            if ragged:
                ck, ntk = jnp.where(both, ck, 0.0), jnp.where(both, ntk, 0.0)
            total = (total[0] + ck, total[1] + ntk)
        return (c, p, total), None

    c0, p0 = initial(True)
    total0 = (jnp.zeros((out_layers, *shape), x.dtype),) * 2 if "sum" in readouts else ()
    (c, p, total), _ = jax.lax.scan(step, (c0, p0, total0), plan)
    return {"last": readout(c, p), "sum": total}


_self_variances = jax.jit(self_variances, static_argnames=("depth", "act"))


@functools.partial(jax.jit, static_argnames=("depth", "act", "readouts", "all_layers", "ragged", "restarts"))
def sweep_settings(x, z, var_x, var_z, active_x, active_z, same, hyper: Hyper, plan: Plan, **static):
    """:func:`sweep` for S settings at once: ``hyper`` fields and ``var_x``/``var_z`` carry a leading
    settings axis; the inputs, their products and the compiled program are shared. Read-outs
    ``(S, layers, N, M)``."""
    one = functools.partial(sweep, **static)
    return jax.vmap(one, in_axes=(None, None, 0, 0, None, None, None, 0, None))(
        x, z, var_x, var_z, active_x, active_z, same, hyper, plan)


@functools.partial(jax.jit, static_argnames=("depth", "act"))
def _self_variances_settings(x, active, hyper: Hyper, depth: int, act: Activation):
    """:func:`self_variances` for S settings: ``(S, T, L, N)``."""
    one = functools.partial(self_variances, depth=depth, act=act)
    return jax.vmap(one, in_axes=(None, None, 0))(x, active, hyper)
