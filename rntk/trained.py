"""Trained finite recurrent classifiers: the first paper's RNN baselines for the UCR table.

Three models read a sequence ``(T, m)`` and classify it from the last hidden state:
``"gaussian"`` (a ReLU RNN with Gaussian weights in the NTK scaling), ``"identity"`` (the IRNN of
Le et al. 2015: ReLU, recurrent weights initialised to the identity, input weights small Gaussian)
and ``"gru"`` (a GRU, Cho et al. 2014, Glorot-uniform input and orthogonal recurrent weights).
Training: RMSProp (optax, gradients clipped to norm 1) on the softmax cross-entropy, mini-batches,
early stopping on the validation accuracy with a patience, the best validation epoch's parameters kept.
Networks train in float32 by default (``dtype``; the kernels stay in float64). :func:`fit_replicas`
trains many copies at once (cross-validation folds x learning rates) as one vmapped program, which
on a CPU costs little more than one copy: the recurrent steps are short and their overhead is paid once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
import optax

__all__ = ["RecurrentClassifier", "fit_replicas", "fit_classifier", "predict"]

KINDS = ("gaussian", "identity", "gru")


@dataclass(frozen=True)
class RecurrentClassifier:
    """A stack of ``layers`` recurrent layers of ``hidden`` units and a linear read-out, with
    parameters and arithmetic in ``dtype``."""

    kind: str
    input_dim: int
    hidden: int
    layers: int
    classes: int
    dtype: str = "float32"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrent classifier {self.kind!r}; expected one of {KINDS}")
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be 'float32' or 'float64', not {self.dtype!r}")

    def init(self, key):
        dtype = jnp.dtype(self.dtype)
        params = []
        keys = jax.random.split(key, self.layers + 1)
        for layer in range(self.layers):
            fan_in = self.input_dim if layer == 0 else self.hidden
            k1, k2, _ = jax.random.split(keys[layer], 3)
            n = self.hidden
            if self.kind == "gaussian":
                params.append(dict(W=jax.random.normal(k1, (n, n), dtype) * float(np.sqrt(2.0 / n)),
                                   U=jax.random.normal(k2, (n, fan_in), dtype) / float(np.sqrt(fan_in)), b=jnp.zeros(n, dtype)))
            elif self.kind == "identity":
                params.append(dict(W=jnp.eye(n, dtype=dtype), U=jax.random.normal(k2, (n, fan_in), dtype) * 0.001,
                                   b=jnp.zeros(n, dtype)))
            else:
                limit = float(np.sqrt(6.0 / (fan_in + n)))
                orthogonal = jax.vmap(lambda k: jnp.linalg.qr(jax.random.normal(k, (n, n), dtype))[0])(jax.random.split(k1, 3))
                params.append(dict(W=orthogonal, U=jax.random.uniform(k2, (3, n, fan_in), dtype, -limit, limit),
                                   b=jnp.zeros((3, n), dtype)))
        head = jax.random.normal(keys[-1], (self.classes, self.hidden), dtype) / float(np.sqrt(self.hidden))
        return dict(layers=params, V=head, c=jnp.zeros(self.classes, dtype))

    def logits(self, params, x):
        """Class scores of one sequence ``x`` of shape ``(T, m)``."""
        h = [jnp.zeros(self.hidden, x.dtype) for _ in range(self.layers)]

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


def fit_replicas(model: RecurrentClassifier, X, y, train_masks, val_masks, learning_rates, max_epochs: int = 200,
                 patience: int = 5, batch_size: int = 32, seed: int = 0):
    """Train ``R`` copies of ``model`` at once (one vmapped program), each with RMSProp and early
    stopping on its own validation accuracy.

    ``X``: ``(N, T, m)``; ``y``: labels 0..C-1; ``train_masks``, ``val_masks``: ``(R, N)`` booleans
    (replica ``r`` learns from the samples of ``train_masks[r]``, as loss weights of the shared
    mini-batches, and is scored on those of ``val_masks[r]``); ``learning_rates``: ``(R,)``. Every
    replica starts from the same initialisation (``seed``). A replica stops after ``patience``
    epochs without improvement. Returns ``(params, best validation accuracies (R,), epochs run (R,))``,
    the parameters (stacked over replicas) being those of each replica's best validation epoch.
    """
    train_masks, val_masks = np.atleast_2d(train_masks).astype(bool), np.atleast_2d(val_masks).astype(bool)
    replicas, n = train_masks.shape
    if val_masks.shape != (replicas, n) or len(X) != n or len(y) != n or np.shape(learning_rates) != (replicas,):
        raise ValueError(f"fit_replicas: X {np.shape(X)}, y {np.shape(y)}, masks {train_masks.shape} and "
                         f"{val_masks.shape}, learning rates {np.shape(learning_rates)} do not agree")
    if not val_masks.any(axis=1).all():
        raise ValueError("fit_replicas: every replica needs at least one validation sample")
    update, classify = _programs(model)
    y_host = np.asarray(y)
    X, y = jnp.asarray(X, model.dtype), jnp.asarray(y)
    lr = jnp.asarray(learning_rates, model.dtype)
    params = jax.tree.map(lambda a: jnp.broadcast_to(a, (replicas, *a.shape)), model.init(jax.random.PRNGKey(seed)))
    state = jax.vmap(_OPTIMISER.init)(params)
    best_params = params
    rng = np.random.default_rng(seed)
    best, waited = np.full(replicas, -1.0), np.zeros(replicas, int)
    epochs, active = np.zeros(replicas, int), np.ones(replicas, bool)
    batches = -(-n // batch_size)
    for epoch in range(1, max_epochs + 1):
        order = np.concatenate([rng.permutation(n), np.zeros(batches * batch_size - n, int)])
        real = np.arange(batches * batch_size) < n  # the last batch is padded with weight-0 samples
        for idx, keep in zip(order.reshape(batches, batch_size), real.reshape(batches, batch_size)):
            weights = jnp.asarray(train_masks[:, idx] & keep, model.dtype)
            params, state = update(params, state, lr, X[idx], y[idx], weights)
        correct = np.asarray(classify(params, X)) == y_host
        score = (correct * val_masks).sum(axis=1) / val_masks.sum(axis=1)
        improved = active & (score > best)
        keep_new = jnp.asarray(improved)
        best_params = jax.tree.map(lambda b, p: jnp.where(keep_new.reshape(-1, *[1] * (p.ndim - 1)), p, b),
                                   best_params, params)
        best[improved], waited[improved] = score[improved], 0
        waited[active & ~improved] += 1
        epochs[active] = epoch
        active &= waited < patience
        if not active.any():
            break
    return best_params, best, epochs


def fit_classifier(model: RecurrentClassifier, X_train, y_train, X_val, y_val, learning_rate: float,
                   max_epochs: int = 200, patience: int = 5, batch_size: int = 32, seed: int = 0):
    """One network trained on ``(X_train, y_train)``, early-stopped on ``(X_val, y_val)``
    (:func:`fit_replicas` with one replica). Returns ``(params, best validation accuracy, epochs run)``."""
    X = np.concatenate([X_train, X_val])
    is_train = np.arange(len(X)) < len(X_train)
    params, best, epochs = fit_replicas(model, X, np.concatenate([y_train, y_val]), is_train[None], ~is_train[None],
                                        [learning_rate], max_epochs, patience, batch_size, seed)
    return jax.tree.map(lambda a: a[0], params), float(best[0]), int(epochs[0])


# RMSProp (optax.rmsprop's defaults: decay 0.9, eps 1e-8) after clipping to global norm 1; the
# learning rate is applied per replica, so replicas with different rates share one program.
_OPTIMISER = optax.chain(optax.clip_by_global_norm(1.0), optax.scale_by_rms())


@functools.lru_cache(maxsize=None)
def _programs(model: RecurrentClassifier):
    """The compiled replica update and per-replica classifier (predicted class indices) of one architecture."""
    scores = jax.vmap(model.logits, in_axes=(None, 0))

    def loss(p, xb, yb, wb):
        ce = optax.softmax_cross_entropy_with_integer_labels(scores(p, xb), yb)
        return jnp.sum(ce * wb) / jnp.maximum(jnp.sum(wb), 1.0)

    def step(p, state, lr, xb, yb, wb):
        updates, state = _OPTIMISER.update(jax.grad(loss)(p, xb, yb, wb), state, p)
        return jax.tree.map(lambda a, u: a - lr * u, p, updates), state

    def classify(p, X):
        return jnp.argmax(scores(p, X), axis=1)

    return (jax.jit(jax.vmap(step, in_axes=(0, 0, 0, None, None, 0))),
            jax.jit(jax.vmap(classify, in_axes=(0, None))))


def predict(model: RecurrentClassifier, params, X):
    """Predicted class indices of the sequences ``X`` ``(N, T, m)``."""
    replica = jax.tree.map(lambda a: a[None], params)
    return np.asarray(_programs(model)[1](replica, jnp.asarray(X, model.dtype))[0])
