"""Trained finite recurrent classifiers: the first paper's RNN baselines for the UCR table.

Three models read a sequence ``(T, m)`` and classify it from the last hidden state:
``"gaussian"`` (a ReLU RNN with Gaussian weights in the NTK scaling), ``"identity"`` (the IRNN of
Le et al. 2015: ReLU, recurrent weights initialised to the identity, input weights small Gaussian)
and ``"gru"`` (a GRU, Cho et al. 2014, Glorot-uniform input and orthogonal recurrent weights, the
update gate's bias ``update_gate_bias``). Training: RMSProp (optax, gradients clipped to norm 1) on the
softmax cross-entropy, mini-batches, early stopping on the validation loss or accuracy with a patience,
the best validation epoch's parameters kept; every epoch's losses and accuracies are recorded.
Networks train in float32 by default (``dtype``; the kernels stay in float64), with full float32
matrix products on every device. :func:`fit_replicas` trains many copies at once (cross-validation
folds x learning rates) as one vmapped program, and can save its state to a checkpoint file from
which a later call resumes (training longer than a session).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

try:
    import optax
except ImportError as error:  # an extra of rntk
    raise ImportError("rntk.trained needs optax: pip install 'rntk[train]'") from error

from rntk.storage import atomic_write

__all__ = ["RecurrentClassifier", "Fit", "fit_replicas", "fit_classifier", "predict", "state_gradient_norms"]

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
    update_gate_bias: float = 0.0  # GRU only: the update gate's initial bias (negative: remember longer)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrent classifier {self.kind!r}; expected one of {KINDS}")
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be 'float32' or 'float64', not {self.dtype!r}")
        if self.update_gate_bias and self.kind != "gru":
            raise ValueError(f"update_gate_bias is a GRU setting; the {self.kind!r} network has no gates")

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
                b = jnp.zeros((3, n), dtype).at[0].set(self.update_gate_bias)
                params.append(dict(W=orthogonal, U=jax.random.uniform(k2, (3, n, fan_in), dtype, -limit, limit), b=b))
        head = jax.random.normal(keys[-1], (self.classes, self.hidden), dtype) / float(np.sqrt(self.hidden))
        return dict(layers=params, V=head, c=jnp.zeros(self.classes, dtype))

    def logits(self, params, x, delta=None):
        """Class scores of one sequence ``x`` of shape ``(T, m)``; ``delta`` ``(T, hidden)``, if given,
        is added to the top layer's state at every step (its gradient is the state's)."""
        with jax.default_matmul_precision("float32"):  # full float32 products on every device (a GPU would use TF32)
            h = [jnp.zeros(self.hidden, x.dtype) for _ in range(self.layers)]
            if delta is None:
                delta = jnp.zeros((x.shape[0], self.hidden), x.dtype)

            def step(h, inputs):
                x_t, d_t = inputs
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
                out[-1] = out[-1] + d_t
                return out, None

            h, _ = jax.lax.scan(step, h, (x, delta))
            return params["V"] @ h[-1] + params["c"]


@dataclass(frozen=True)
class Fit:
    """What :func:`fit_replicas` returns: per replica (leading axis ``R``), the parameters of its best
    validation epoch, that epoch, the epochs run, and the history of every epoch (row 0: before
    training) of ``train_loss``, ``val_loss`` (mean softmax cross-entropy), ``train_accuracy`` and
    ``val_accuracy`` (fractions), each ``(epochs + 1, R)``; a replica's rows after it stopped are NaN;
    ``seconds``: the training's wall time, summed over the calls that resumed it."""

    params: dict
    best_epoch: np.ndarray
    epochs: np.ndarray
    history: dict
    seconds: float = 0.0

    def at_best(self, name: str) -> np.ndarray:
        """One history column at each replica's best epoch, ``(R,)``."""
        return self.history[name][self.best_epoch, np.arange(len(self.best_epoch))]

    def replica(self, r: int) -> Fit:
        """Replica ``r`` alone: unstacked parameters, scalars, histories of shape ``(epochs + 1,)``."""
        rows = int(self.epochs[r]) + 1
        return Fit(jax.tree.map(lambda a: a[r], self.params), int(self.best_epoch[r]), int(self.epochs[r]),
                   {k: v[:rows, r] for k, v in self.history.items()}, self.seconds)


MONITORS = ("loss", "accuracy")


def fit_replicas(model: RecurrentClassifier, X, y, train_masks, val_masks, learning_rates, max_epochs: int = 200,
                 patience: int = 5, batch_size: int = 32, seed: int = 0, monitor: str = "loss",
                 checkpoint: str | Path | None = None, checkpoint_seconds: float = 300.0) -> Fit:
    """Train ``R`` copies of ``model`` at once (one vmapped program), each with RMSProp and early
    stopping on its own validation split.

    ``X``: ``(N, T, m)``; ``y``: labels 0..C-1; ``train_masks``, ``val_masks``: ``(R, N)`` booleans
    (replica ``r`` learns from the samples of ``train_masks[r]``, as loss weights of the shared
    mini-batches, and is scored on those of ``val_masks[r]``); ``learning_rates``: ``(R,)``. Every
    replica starts from the same initialisation (``seed``); once half of the replicas computed have
    stopped, the others go on in a smaller program. ``monitor``: the early-stopping signal,
    the validation ``"loss"`` (lowest is best) or ``"accuracy"`` (highest; ties keep the earlier
    epoch). A replica stops after ``patience`` epochs without improvement and keeps its best epoch's
    parameters. ``checkpoint``: a file to which the whole training state is written (atomically) at
    the end of an epoch once ``checkpoint_seconds`` have passed since the last write; a later call
    with the same arguments resumes from it and ends as an uninterrupted call would. It is deleted
    when training ends; a checkpoint written for other arguments is ignored (and replaced).
    """
    train_masks, val_masks = np.atleast_2d(train_masks).astype(bool), np.atleast_2d(val_masks).astype(bool)
    replicas, n = train_masks.shape
    if val_masks.shape != (replicas, n) or len(X) != n or len(y) != n or np.shape(learning_rates) != (replicas,):
        raise ValueError(f"fit_replicas: X {np.shape(X)}, y {np.shape(y)}, masks {train_masks.shape} and "
                         f"{val_masks.shape}, learning rates {np.shape(learning_rates)} do not agree")
    if not val_masks.any(axis=1).all():
        raise ValueError("fit_replicas: every replica needs at least one validation sample")
    if monitor not in MONITORS:
        raise ValueError(f"fit_replicas: monitor must be one of {MONITORS}, not {monitor!r}")
    started = time.perf_counter()
    fingerprint = None if checkpoint is None else _fingerprint(model, X, y, train_masks, val_masks, learning_rates,
                                                               max_epochs, patience, batch_size, seed, monitor)
    update, evaluate = _programs(model)
    X, y = jnp.asarray(X, model.dtype), jnp.asarray(y)
    rates = np.asarray(learning_rates, model.dtype)
    loop = _load_checkpoint(checkpoint, fingerprint)
    if loop is None:
        params = jax.tree.map(lambda a: jnp.broadcast_to(a, (replicas, *a.shape)), model.init(jax.random.PRNGKey(seed)))
        loop = dict(epoch=0, seconds=0.0, params=params, state=jax.vmap(_OPTIMISER.init)(params), best_params=params,
                    live=np.arange(replicas),  # the replicas still computed: once half have stopped, the rest are compacted
                    rng=np.random.default_rng(seed).bit_generator.state,
                    history={k: [] for k in ("train_loss", "val_loss", "train_accuracy", "val_accuracy")},
                    best=np.full(replicas, np.inf), best_epoch=np.zeros(replicas, int), waited=np.zeros(replicas, int),
                    epochs=np.zeros(replicas, int), active=np.ones(replicas, bool))
    params, state, best_params, live, history = (loop[k] for k in ("params", "state", "best_params", "live", "history"))
    best, best_epoch, waited, epochs, active = (loop[k] for k in ("best", "best_epoch", "waited", "epochs", "active"))
    rng = np.random.default_rng()
    rng.bit_generator.state = loop["rng"]
    saved, earlier = time.perf_counter(), loop["seconds"]
    batches = -(-n // batch_size)
    for epoch in range(loop["epoch"], max_epochs + 1):
        if epoch:
            order = np.concatenate([rng.permutation(n), np.zeros(batches * batch_size - n, int)])
            real = np.arange(batches * batch_size) < n  # the last batch is padded with weight-0 samples
            lr = jnp.asarray(rates[live])
            for idx, keep in zip(order.reshape(batches, batch_size), real.reshape(batches, batch_size)):
                weights = jnp.asarray(train_masks[live][:, idx] & keep & active[live, None], model.dtype)
                params, state = update(params, state, lr, X[idx], y[idx], weights)
        loss, correct = (np.asarray(a, float) for a in evaluate(params, X, y))
        row = {k: np.full(replicas, np.nan) for k in history}
        for k, values, masks in (("train_loss", loss, train_masks), ("val_loss", loss, val_masks),
                                 ("train_accuracy", correct, train_masks), ("val_accuracy", correct, val_masks)):
            row[k][live] = _masked_mean(values, masks[live])
        for k, v in row.items():
            history[k].append(np.where(active, v, np.nan))
        if not epoch:
            continue
        signal = row["val_loss"] if monitor == "loss" else -row["val_accuracy"]
        improved = active & (signal < best)  # NaN (a diverged or stopped replica) never improves
        if improved.any():
            at = np.flatnonzero(improved[live])
            best_params = jax.tree.map(lambda b, p: b.at[live[at]].set(p[at]), best_params, params)
        best[improved], best_epoch[improved], waited[improved] = signal[improved], epoch, 0
        waited[active & ~improved] += 1
        epochs[active] = epoch
        active &= waited < patience
        if not active.any():
            break
        if 2 * active[live].sum() <= len(live):
            keep = np.flatnonzero(active[live])
            params, state = (jax.tree.map(lambda a: a[keep], tree) for tree in (params, state))
            live = live[keep]
        if checkpoint is not None and time.perf_counter() - saved >= checkpoint_seconds:
            atomic_write(checkpoint, pickle.dumps(dict(
                fingerprint=fingerprint, epoch=epoch + 1, seconds=earlier + time.perf_counter() - started,
                rng=rng.bit_generator.state, **jax.device_get(dict(params=params, state=state, best_params=best_params)),
                live=live, history=history, best=best, best_epoch=best_epoch, waited=waited, epochs=epochs,
                active=active)))
            saved = time.perf_counter()
    if checkpoint is not None:
        Path(checkpoint).unlink(missing_ok=True)
    return Fit(best_params, best_epoch, epochs, {k: np.stack(v) for k, v in history.items()},
               earlier + time.perf_counter() - started)


def _fingerprint(model, X, y, *arguments) -> str:
    """What a checkpoint must match to be resumed: the model, the data and every training argument."""
    digest = hashlib.sha256(repr(model).encode())
    for a in (X, y):
        a = np.ascontiguousarray(a)
        digest.update(f"{a.dtype}{a.shape}".encode() + a.tobytes())
    digest.update(json.dumps([np.asarray(a).tolist() for a in arguments]).encode())
    return digest.hexdigest()


def _load_checkpoint(path, fingerprint: str) -> dict | None:
    """The training state saved at ``path`` for ``fingerprint`` (arrays back on the device), or None. A
    checkpoint that cannot be read (cut short, or not one) is set aside (``<name>.rejected``) with a warning
    naming it, and training starts afresh."""
    if path is None or not Path(path).exists():
        return None
    try:
        loop = pickle.loads(Path(path).read_bytes())
        if not isinstance(loop, dict) or not {"params", "state", "best_params"} <= loop.keys():
            raise ValueError("not a training checkpoint")
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as error:
        aside = Path(path).with_name(Path(path).name + ".rejected")
        os.replace(path, aside)
        warnings.warn(f"checkpoint {path} cannot be read ({type(error).__name__}: {error}); moved to {aside.name}, "
                      "training starts afresh", stacklevel=3)
        return None
    if loop.get("fingerprint") != fingerprint:
        return None
    for k in ("params", "state", "best_params"):
        loop[k] = jax.tree.map(jnp.asarray, loop[k])
    return loop


def _masked_mean(values, masks):
    """Per replica, the mean of ``values`` ``(R, N)`` over the samples of ``masks`` ``(R, N)``."""
    return (values * masks).sum(axis=1) / np.maximum(masks.sum(axis=1), 1)


def fit_classifier(model: RecurrentClassifier, X_train, y_train, X_val, y_val, learning_rate: float,
                   max_epochs: int = 200, patience: int = 5, batch_size: int = 32, seed: int = 0,
                   monitor: str = "loss", checkpoint: str | Path | None = None, checkpoint_seconds: float = 300.0) -> Fit:
    """One network trained on ``(X_train, y_train)``, early-stopped on ``(X_val, y_val)``:
    :func:`fit_replicas` with one replica, returned as :meth:`Fit.replica`."""
    X = np.concatenate([X_train, X_val])
    is_train = np.arange(len(X)) < len(X_train)
    return fit_replicas(model, X, np.concatenate([y_train, y_val]), is_train[None], ~is_train[None], [learning_rate],
                        max_epochs, patience, batch_size, seed, monitor, checkpoint, checkpoint_seconds).replica(0)


def state_gradient_norms(model: RecurrentClassifier, params, X, y) -> np.ndarray:
    """How the loss's gradient reaches back through time: the mean over sequences of
    ``||dL/dh_t||`` for the top layer's state at every step ``t``, ``(T,)`` (``L``: one sequence's
    cross-entropy). Vanishing or exploding recurrent gradients show as a slope on a log scale."""
    X, y = jnp.asarray(X, model.dtype), jnp.asarray(y)

    def loss(delta, x, label):
        return optax.softmax_cross_entropy_with_integer_labels(model.logits(params, x, delta), label)

    zero = jnp.zeros((X.shape[1], model.hidden), model.dtype)
    grads = jax.jit(jax.vmap(jax.grad(loss), in_axes=(None, 0, 0)))(zero, X, y)
    return np.asarray(jnp.linalg.norm(grads, axis=2).mean(axis=0), float)


# RMSProp (optax.rmsprop's defaults: decay 0.9, eps 1e-8) after clipping to global norm 1; the
# learning rate is applied per replica, so replicas with different rates share one program.
_OPTIMISER = optax.chain(optax.clip_by_global_norm(1.0), optax.scale_by_rms())


@functools.lru_cache(maxsize=None)
def _programs(model: RecurrentClassifier):
    """The compiled replica update and per-replica evaluation (per-sample loss and correctness) of one architecture."""
    scores = jax.vmap(model.logits, in_axes=(None, 0))

    def loss(p, xb, yb, wb):
        ce = optax.softmax_cross_entropy_with_integer_labels(scores(p, xb), yb)
        return jnp.sum(ce * wb) / jnp.maximum(jnp.sum(wb), 1.0)

    def step(p, state, lr, xb, yb, wb):
        updates, state = _OPTIMISER.update(jax.grad(loss)(p, xb, yb, wb), state, p)
        return jax.tree.map(lambda a, u: a - lr * u, p, updates), state

    def evaluate(p, X, y):
        s = scores(p, X)
        return optax.softmax_cross_entropy_with_integer_labels(s, y), jnp.argmax(s, axis=1) == y

    return (jax.jit(jax.vmap(step, in_axes=(0, 0, 0, None, None, 0))),
            jax.jit(jax.vmap(evaluate, in_axes=(0, None, None))))


def predict(model: RecurrentClassifier, params, X):
    """Predicted class indices of the sequences ``X`` ``(N, T, m)``."""
    return np.asarray(_classify(model)(params, jnp.asarray(X, model.dtype)))


@functools.lru_cache(maxsize=None)
def _classify(model: RecurrentClassifier):
    return jax.jit(lambda p, X: jnp.argmax(jax.vmap(model.logits, in_axes=(None, 0))(p, X), axis=1))
