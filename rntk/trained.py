"""Trained finite recurrent classifiers: the first paper's RNN baselines for the UCR table.

Three models read a sequence ``(T, m)`` and classify it from the last hidden state:
``"gaussian"`` (a ReLU RNN with Gaussian weights in the NTK scaling), ``"identity"`` (the IRNN of
Le et al. 2015: ReLU, recurrent weights initialised to the identity, input weights small Gaussian)
and ``"gru"`` (a GRU, Cho et al. 2014, Glorot-uniform input and orthogonal recurrent weights).
Training: RMSProp (optax, gradients clipped to norm 1) on the softmax cross-entropy, mini-batches,
early stopping on the validation accuracy with a patience, the best validation epoch's parameters kept.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
import optax

__all__ = ["RecurrentClassifier", "fit_classifier", "predict"]

KINDS = ("gaussian", "identity", "gru")


@dataclass(frozen=True)
class RecurrentClassifier:
    """A stack of ``layers`` recurrent layers of ``hidden`` units and a linear read-out."""

    kind: str
    input_dim: int
    hidden: int
    layers: int
    classes: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrent classifier {self.kind!r}; expected one of {KINDS}")

    def init(self, key):
        params = []
        keys = jax.random.split(key, self.layers + 1)
        for layer in range(self.layers):
            fan_in = self.input_dim if layer == 0 else self.hidden
            k1, k2, k3 = jax.random.split(keys[layer], 3)
            n = self.hidden
            if self.kind == "gaussian":
                params.append(dict(W=jax.random.normal(k1, (n, n)) * np.sqrt(2.0 / n),
                                   U=jax.random.normal(k2, (n, fan_in)) / np.sqrt(fan_in), b=jnp.zeros(n)))
            elif self.kind == "identity":
                params.append(dict(W=jnp.eye(n), U=jax.random.normal(k2, (n, fan_in)) * 0.001, b=jnp.zeros(n)))
            else:
                limit = np.sqrt(6.0 / (fan_in + n))
                orthogonal = jax.vmap(lambda k: jnp.linalg.qr(jax.random.normal(k, (n, n)))[0])(jax.random.split(k1, 3))
                params.append(dict(W=orthogonal, U=jax.random.uniform(k2, (3, n, fan_in), minval=-limit, maxval=limit),
                                   b=jnp.zeros((3, n))))
        head = jax.random.normal(keys[-1], (self.classes, self.hidden)) / np.sqrt(self.hidden)
        return dict(layers=params, V=head, c=jnp.zeros(self.classes))

    def logits(self, params, x):
        """Class scores of one sequence ``x`` of shape ``(T, m)``."""
        h = [jnp.zeros(self.hidden) for _ in range(self.layers)]

        def step(h, x_t):
            below, out = x_t, []
            for p, h_l in zip(params["layers"], h):
                if self.kind == "gru":
                    z = jax.nn.sigmoid(p["U"][0] @ below + p["W"][0] @ h_l + p["b"][0])
                    r = jax.nn.sigmoid(p["U"][1] @ below + p["W"][1] @ h_l + p["b"][1])
                    candidate = jnp.tanh(p["U"][2] @ below + p["W"][2] @ (r * h_l) + p["b"][2])
                    new = (1 - z) * h_l + z * candidate
                else:
                    new = jax.nn.relu(p["W"] @ h_l + p["U"] @ below + p["b"])
                out.append(new)
                below = new
            return out, None

        h, _ = jax.lax.scan(step, h, x)
        return params["V"] @ h[-1] + params["c"]


def fit_classifier(model: RecurrentClassifier, X_train, y_train, X_val, y_val, learning_rate: float,
                   max_epochs: int = 200, patience: int = 5, batch_size: int = 32, seed: int = 0):
    """Train with RMSProp and early stopping on validation accuracy.

    ``X``: arrays ``(N, T, m)``; ``y``: integer labels 0..C-1. Returns ``(params, best validation
    accuracy, epochs run)``, the parameters being those of the best validation epoch.
    """
    X_train, X_val = jnp.asarray(X_train), jnp.asarray(X_val)
    y_train, y_val = jnp.asarray(y_train), jnp.asarray(y_val)
    optimiser = optax.chain(optax.clip_by_global_norm(1.0), optax.rmsprop(learning_rate))
    key = jax.random.PRNGKey(seed)
    params = model.init(key)
    state = optimiser.init(params)
    batched = jax.vmap(model.logits, in_axes=(None, 0))

    @jax.jit
    def update(params, state, xb, yb):
        def loss(p):
            return optax.softmax_cross_entropy_with_integer_labels(batched(p, xb), yb).mean()

        grads = jax.grad(loss)(params)
        updates, state = optimiser.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    @jax.jit
    def accuracy(params, X, y):
        return jnp.mean(jnp.argmax(batched(params, X), axis=1) == y)

    rng = np.random.default_rng(seed)
    best, best_params, waited, epoch = -1.0, params, 0, 0
    for epoch in range(1, max_epochs + 1):
        order = rng.permutation(len(X_train))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            params, state = update(params, state, X_train[idx], y_train[idx])
        score = float(accuracy(params, X_val, y_val))
        if score > best:
            best, best_params, waited = score, params, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best, epoch


@functools.lru_cache(maxsize=None)
def _predictor(model: RecurrentClassifier):
    return jax.jit(lambda p, X: jnp.argmax(jax.vmap(model.logits, in_axes=(None, 0))(p, X), axis=1))


def predict(model: RecurrentClassifier, params, X):
    """Predicted class indices of the sequences ``X`` ``(N, T, m)``."""
    return np.asarray(_predictor(model)(params, jnp.asarray(X)))
