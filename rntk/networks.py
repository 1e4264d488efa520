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

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from rntk.activations import get_activation

__all__ = ["RNN", "empirical_kernels"]


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


def empirical_kernels(net: RNN, params, X, Z=None, key=None):
    """Empirical (CK, NTK) of ``net`` at ``params`` between sequence lists X and Z.

    CK(x, x') = f(x) f(x') is a single draw; the NTK is <grad f(x), grad f(x')> over the
    trained parameters (W, U, b, V). With ``Z=None`` each sequence keeps one initial
    state for both of its appearances (the papers' convention); otherwise every
    input draws its own.
    """
    key = jax.random.PRNGKey(0) if key is None else key
    X = [jnp.asarray(np.asarray(x, dtype=np.float64).reshape(len(x), -1)) for x in X]
    symmetric = Z is None
    Z = X if symmetric else [jnp.asarray(np.asarray(z, dtype=np.float64).reshape(len(z), -1)) for z in Z]
    kx, kz = jax.random.split(key)
    hx = [net.initial_state(k) for k in jax.random.split(kx, len(X))]
    hz = hx if symmetric else [net.initial_state(k) for k in jax.random.split(kz, len(Z))]
    value_and_grad = jax.jit(jax.value_and_grad(net.apply))

    def features(seqs, states):
        outs, grads = [], []
        for x, h0 in zip(seqs, states):
            f, g = value_and_grad(params, x, h0)
            outs.append(f)
            grads.append(jnp.concatenate([jnp.ravel(leaf) for leaf in jax.tree_util.tree_leaves(g)]))
        return jnp.stack(outs), jnp.stack(grads)

    fx, gx = features(X, hx)
    fz, gz = (fx, gx) if symmetric else features(Z, hz)
    return np.asarray(jnp.outer(fx, fz)), np.asarray(gx @ gz.T)
