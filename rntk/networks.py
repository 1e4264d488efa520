"""Finite-width RNNs in the NTK parametrisation, and their empirical kernels.

The network of rntk-math.md ("The network"): all weights standard normal, the
scales outside::

    g^(1,t) = sw/sqrt(n) W^(1) h^(1,t-1) + su/sqrt(m) U^(1) x_t       + sb b^(1)
    g^(l,t) = sw/sqrt(n) W^(l) h^(l,t-1) + su/sqrt(n) U^(l) h^(l-1,t) + sb b^(l)
    h^(l,t) = phi(g^(l,t)),   f(x) = sv/sqrt(n) V h^(L,T)

The initial hidden state h^(l,0) ~ N(0, sh^2) is drawn afresh for every input and
is not trained. ``tied=False`` draws fresh W, U, b at every step (Theorem 3).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from rntk.activations import get_activation

__all__ = ["RNN", "trace", "empirical_kernels"]


@dataclass(frozen=True)
class RNN:
    """Architecture of a finite RNN; ``init`` draws parameters, ``apply`` runs one sequence."""

    width: int
    input_dim: int = 1
    depth: int = 1
    activation: object = "relu"
    sigma_w: float = 1.0
    sigma_u: float = 1.0
    sigma_b: float = 0.0
    sigma_h: float = 0.0
    sigma_v: float = 1.0
    readout: str = "last"  # "last" or "avg-shared" (one read-out of the summed hidden states)
    tied: bool = True
    max_steps: int | None = None  # needed when tied=False: weights exist for this many steps

    def __post_init__(self):
        if self.readout not in ("last", "avg-shared"):
            raise ValueError(f"unknown readout {self.readout!r}; expected 'last' or 'avg-shared'")
        if not self.tied and not self.max_steps:
            raise ValueError("an untied RNN needs max_steps (weights are drawn per step)")

    def init(self, key):
        """Standard normal W, U, b per layer (per step if untied) and read-out V."""
        n, steps = self.width, (1 if self.tied else self.max_steps)
        params = {"W": [], "U": [], "b": []}
        keys = jax.random.split(key, 3 * self.depth + 1)
        for layer in range(self.depth):
            fan_in = self.input_dim if layer == 0 else n
            kw, ku, kb = keys[3 * layer: 3 * layer + 3]
            params["W"].append(jax.random.normal(kw, (steps, n, n)))
            params["U"].append(jax.random.normal(ku, (steps, n, fan_in)))
            params["b"].append(jax.random.normal(kb, (steps, n)))
        params["V"] = jax.random.normal(keys[-1], (n,))
        return params

    def initial_state(self, key):
        """h^(l,0) ~ N(0, sigma_h^2) for every layer: ``(L, n)``."""
        return self.sigma_h * jax.random.normal(key, (self.depth, self.width))

    def apply(self, params, x, h0):
        """f(x) for one sequence ``x`` of shape ``(T, m)`` and initial state ``h0`` ``(L, n)``."""
        phi = get_activation(self.activation).phi
        n = self.width
        h = list(h0)
        pooled = jnp.zeros(n)
        for t in range(x.shape[0]):
            s = 0 if self.tied else t
            below, fan_in = x[t], self.input_dim
            for layer in range(self.depth):
                g = (self.sigma_w / np.sqrt(n) * params["W"][layer][s] @ h[layer]
                     + self.sigma_u / np.sqrt(fan_in) * params["U"][layer][s] @ below
                     + self.sigma_b * params["b"][layer][s])
                h[layer] = phi(g)
                below, fan_in = h[layer], n
            pooled = pooled + h[-1]
        out = h[-1] if self.readout == "last" else pooled
        return self.sigma_v / np.sqrt(n) * params["V"] @ out


def trace(net: RNN, params, x, h0):
    """What the empirical kernels of one sequence are made of, per layer l and step t:
    ``previous[l][t] = h^(l,t-1)``, ``below[l][t]`` (x_t or h^(l-1,t)), ``delta[l][t] = df/dg^(l,t)``,
    and ``readout``, the vector V multiplies (h^(L,T), or the sum over t for "avg-shared")."""
    phi = get_activation(net.activation).phi
    n, steps = net.width, x.shape[0]

    def forward(eps):
        h = list(h0)
        previous = [[] for _ in range(net.depth)]
        below_all = [[] for _ in range(net.depth)]
        pooled = jnp.zeros(n)
        for t in range(steps):
            s = 0 if net.tied else t
            below, fan_in = x[t], net.input_dim
            for layer in range(net.depth):
                previous[layer].append(h[layer])
                below_all[layer].append(below)
                g = (net.sigma_w / np.sqrt(n) * params["W"][layer][s] @ h[layer]
                     + net.sigma_u / np.sqrt(fan_in) * params["U"][layer][s] @ below
                     + net.sigma_b * params["b"][layer][s] + eps[layer][t])
                h[layer] = phi(g)
                below, fan_in = h[layer], n
            pooled = pooled + h[-1]
        readout = h[-1] if net.readout == "last" else pooled
        f = net.sigma_v / np.sqrt(n) * params["V"] @ readout
        return f, ([jnp.stack(p) for p in previous], [jnp.stack(b) for b in below_all], readout)

    zeros = [jnp.zeros((steps, n)) for _ in range(net.depth)]
    (f, (previous, below, readout)), delta = jax.value_and_grad(forward, has_aux=True)(zeros)
    return f, previous, below, delta, readout


def _tangent(net: RNN, a, b):
    """<grad f(x), grad f(x')> from two traces, without forming a gradient: the gradient of
    f for W^(l) is sw/sqrt(n) sum_t delta_t h_{t-1}^T, so inner products factor over steps."""
    n = net.width
    _, prev_a, below_a, delta_a, read_a = a
    _, prev_b, below_b, delta_b, read_b = b
    total = net.sigma_v ** 2 / n * (read_a @ read_b)
    for layer in range(net.depth):
        fan_in = net.input_dim if layer == 0 else n
        dd = delta_a[layer] @ delta_b[layer].T  # (T_a, T_b)
        weights = (net.sigma_w ** 2 / n * (prev_a[layer] @ prev_b[layer].T)
                   + net.sigma_u ** 2 / fan_in * (below_a[layer] @ below_b[layer].T) + net.sigma_b ** 2)
        product = dd * weights
        total = total + (np.trace(product) if not net.tied else np.sum(product))
    return float(total)


def empirical_kernels(net: RNN, params, X, Z=None, key=None):
    """Empirical (CK, NTK) of ``net`` at ``params`` between sequence lists X and Z.

    CK(x, x') = f(x) f(x') is a single draw; the NTK is <grad f(x), grad f(x')> over the
    trained parameters (W, U, b, V), contracted step by step (memory O(T n) per sequence,
    never a gradient of n^2 parameters). With ``Z=None`` each sequence keeps one initial
    state for both of its appearances (the papers' convention); otherwise every input
    draws its own. Untied networks pair step t with step t (equal lengths).
    """
    key = jax.random.PRNGKey(0) if key is None else key

    def as_list(S):
        return [jnp.asarray(np.asarray(s, dtype=np.float64).reshape(len(s), -1)) for s in S]

    symmetric = Z is None
    X = as_list(X)
    Z = X if symmetric else as_list(Z)
    kx, kz = jax.random.split(key)
    hx = [net.initial_state(k) for k in jax.random.split(kx, len(X))]
    hz = hx if symmetric else [net.initial_state(k) for k in jax.random.split(kz, len(Z))]
    traced = _compiled_trace(net)

    def traces(seqs, states):
        return [jax.tree_util.tree_map(np.asarray, traced(params, s, h)) for s, h in zip(seqs, states)]

    tx = traces(X, hx)
    tz = tx if symmetric else traces(Z, hz)
    ck = np.array([[float(a[0] * b[0]) for b in tz] for a in tx])
    ntk = np.array([[_tangent(net, a, b) for b in tz] for a in tx])
    return ck, ntk


@functools.lru_cache(maxsize=16)
def _compiled_trace(net: RNN):
    return jax.jit(lambda p, x, h0: trace(net, p, x, h0))
