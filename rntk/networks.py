"""Finite-width RNNs in the NTK parametrisation, and their empirical kernels.

The network of the book's mathematics chapter: all weights standard normal, the
scales outside::

    g^(1,t) = sw/sqrt(n) W^(1) h^(1,t-1) + su/sqrt(m) U^(1) x_t       + sb b^(1)
    g^(l,t) = sw/sqrt(n) W^(l) h^(l,t-1) + su/sqrt(n) U^(l) h^(l-1,t) + sb b^(l)
    h^(l,t) = phi(g^(l,t))

Read-outs: ``"last"`` f = sv/sqrt(n) V h^(L,T); ``"avg"`` f = sum_t sv/sqrt(n) V_t h^(L,t) with an
independent V_t per step (second paper); ``"avg-shared"`` f = sv/sqrt(n) V sum_t h^(L,t).
``bidirectional`` adds an independent RNN on the reversed sequence. The initial hidden state
h^(l,0) ~ N(0, sh^2) is not trained; it is drawn afresh for every input unless
``shared_initial_state``. ``tied=False`` draws fresh W, U, b at every step (Theorem 3).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from rntk.activations import get_activation

__all__ = ["RNN", "trace", "empirical_kernels"]

READOUTS = ("last", "avg", "avg-shared")


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
    readout: str = "last"
    bidirectional: bool = False
    tied: bool = True
    max_steps: int | None = None  # weights exist for this many steps when untied or "avg"

    def __post_init__(self):
        if self.readout not in READOUTS:
            raise ValueError(f"unknown readout {self.readout!r}; expected one of {READOUTS}")
        if (not self.tied or self.readout == "avg") and not self.max_steps:
            raise ValueError("an untied RNN or an independent read-out per step needs max_steps")

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    def init(self, key):
        """Standard normal W, U, b per layer (per step if untied) and read-out(s), per direction."""
        n, steps = self.width, (1 if self.tied else self.max_steps)
        out = []
        for direction_key in jax.random.split(key, self.directions):
            keys = jax.random.split(direction_key, 3 * self.depth + 1)
            params = {"W": [], "U": [], "b": []}
            for layer in range(self.depth):
                fan_in = self.input_dim if layer == 0 else n
                kw, ku, kb = keys[3 * layer: 3 * layer + 3]
                params["W"].append(jax.random.normal(kw, (steps, n, n)))
                params["U"].append(jax.random.normal(ku, (steps, n, fan_in)))
                params["b"].append(jax.random.normal(kb, (steps, n)))
            readouts = self.max_steps if self.readout == "avg" else 1
            params["V"] = jax.random.normal(keys[-1], (readouts, n))
            out.append(params)
        return out

    def initial_state(self, key):
        """h^(l,0) ~ N(0, sigma_h^2) for every direction and layer: ``(directions, L, n)``."""
        return self.sigma_h * jax.random.normal(key, (self.directions, self.depth, self.width))

    def forward(self, params, x, h0, eps=None):
        """One direction: f, and what its empirical kernels are made of (see :func:`trace`).
        ``eps[l][t]`` is added to g^(l,t), so that df/deps = df/dg."""
        phi = get_activation(self.activation).phi
        n, steps = self.width, x.shape[0]
        h = list(h0)
        previous = [[] for _ in range(self.depth)]
        below_all = [[] for _ in range(self.depth)]
        tops = []
        for t in range(steps):
            s = 0 if self.tied else t
            below, fan_in = x[t], self.input_dim
            for layer in range(self.depth):
                previous[layer].append(h[layer])
                below_all[layer].append(below)
                g = (self.sigma_w / np.sqrt(n) * params["W"][layer][s] @ h[layer]
                     + self.sigma_u / np.sqrt(fan_in) * params["U"][layer][s] @ below
                     + self.sigma_b * params["b"][layer][s])
                if eps is not None:
                    g = g + eps[layer][t]
                h[layer] = phi(g)
                below, fan_in = h[layer], n
            tops.append(h[-1])
        if self.readout == "last":
            readouts = h[-1][None]
        elif self.readout == "avg-shared":
            readouts = jnp.sum(jnp.stack(tops), axis=0)[None]
        else:
            readouts = jnp.stack(tops)
        f = self.sigma_v / np.sqrt(n) * jnp.sum(params["V"][: len(readouts)] * readouts)
        return f, ([jnp.stack(p) for p in previous], [jnp.stack(b) for b in below_all], readouts)

    def oriented(self, x):
        """The input each direction reads: x, and x reversed for the backward RNN."""
        return [x, x[::-1]][: self.directions]

    def apply(self, params, x, h0):
        """f(x) for one sequence ``x`` of shape ``(T, m)`` and initial state ``h0`` (directions, L, n)."""
        return sum(self.forward(p, xd, hd)[0] for p, xd, hd in zip(params, self.oriented(x), h0))


def trace(net: RNN, params, x, h0):
    """What the empirical kernels of one sequence are made of: one tuple per direction,
    ``(f, previous, below, delta, readouts)``, where for layer ``l`` and step ``t``
    ``previous[l][t]`` is h^(l,t-1), ``below[l][t]`` is x_t or h^(l-1,t), ``delta[l][t]`` is
    df/dg^(l,t), and ``readouts`` are the vectors that V multiplies."""
    out = []
    for p, xd, hd in zip(params, net.oriented(x), h0):
        zeros = [jnp.zeros((xd.shape[0], net.width)) for _ in range(net.depth)]
        (f, (previous, below, readouts)), delta = jax.value_and_grad(
            lambda eps: net.forward(p, xd, hd, eps), has_aux=True)(zeros)
        out.append((f, previous, below, delta, readouts))
    return out


def _tangent(net: RNN, a, b):
    """<grad f(x), grad f(x')> from two traces, without forming a gradient: the gradient of
    f for W^(l) is sw/sqrt(n) sum_t delta_t h_{t-1}^T, so inner products factor over steps.
    Untied weights and per-step read-outs pair step t with step t (equal lengths)."""
    n = net.width
    total = 0.0
    for (_, prev_a, below_a, delta_a, read_a), (_, prev_b, below_b, delta_b, read_b) in zip(a, b):
        v = read_a @ read_b.T
        total += net.sigma_v ** 2 / n * (np.trace(v) if net.readout == "avg" else np.sum(v))
        for layer in range(net.depth):
            fan_in = net.input_dim if layer == 0 else n
            weights = (net.sigma_w ** 2 / n * (prev_a[layer] @ prev_b[layer].T)
                       + net.sigma_u ** 2 / fan_in * (below_a[layer] @ below_b[layer].T) + net.sigma_b ** 2)
            product = (delta_a[layer] @ delta_b[layer].T) * weights  # (T_a, T_b)
            total += np.trace(product) if not net.tied else np.sum(product)
    return float(total)


def empirical_kernels(net: RNN, params, X, Z=None, key=None, shared_initial_state: bool = False):
    """Empirical (CK, NTK) of ``net`` at ``params`` between sequence lists X and Z.

    CK(x, x') = f(x) f(x') is a single draw; the NTK is <grad f(x), grad f(x')> over the
    trained parameters (W, U, b, V), contracted step by step (memory O(T n) per sequence,
    never a gradient of n^2 parameters). With ``Z=None`` each sequence keeps one initial
    state for both of its appearances (the papers' convention); otherwise every input
    draws its own, or all share one with ``shared_initial_state``.
    """
    key = jax.random.PRNGKey(0) if key is None else key

    def as_list(S):
        return [jnp.asarray(np.asarray(s, dtype=np.float64).reshape(len(s), -1)) for s in S]

    symmetric = Z is None
    X = as_list(X)
    Z = X if symmetric else as_list(Z)
    kx, kz = jax.random.split(key)
    if shared_initial_state:
        hx = hz = [net.initial_state(kx)] * max(len(X), len(Z))
    else:
        hx = [net.initial_state(k) for k in jax.random.split(kx, len(X))]
        hz = hx if symmetric else [net.initial_state(k) for k in jax.random.split(kz, len(Z))]
    traced = _compiled_trace(net)

    def traces(seqs, states):
        return [jax.tree_util.tree_map(np.asarray, traced(params, s, h)) for s, h in zip(seqs, states)]

    tx = traces(X, hx)
    tz = tx if symmetric else traces(Z, hz)
    f = lambda t: sum(d[0] for d in t)  # noqa: E731
    ck = np.array([[float(f(a) * f(b)) for b in tz] for a in tx])
    ntk = np.array([[_tangent(net, a, b) for b in tz] for a in tx])
    return ck, ntk


@functools.lru_cache(maxsize=16)
def _compiled_trace(net: RNN):
    return jax.jit(lambda p, x, h0: trace(net, p, x, h0))
