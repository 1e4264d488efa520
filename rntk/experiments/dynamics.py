"""Training dynamics of wide RNNs: ensembles of finite networks trained by gradient descent, beside
the closed-form prediction of the infinitely wide network (:mod:`rntk.predict`)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from rntk.networks import RNN

__all__ = ["train_ensemble"]


def _stack(X):
    return jnp.asarray(np.stack([np.asarray(x, dtype=np.float64).reshape(len(x), -1) for x in X]))


def train_ensemble(net: RNN, X_train, y_train, X_test, learning_rate: float, steps: int, members: int,
                   seed: int = 0):
    """``members`` independently initialised networks trained together by full-batch gradient descent
    on ``1/2 sum (f(x_i) - y_i)^2`` with step ``learning_rate``: their outputs at ``X_test`` after every
    step, ``(steps + 1, members, len(X_test))`` (row k: after k steps, training time k * learning_rate),
    and their initial outputs at ``X_train``, ``(members, len(X_train))``. Sequences of one length;
    every sequence, training or test, draws its own initial state per member."""
    X, Z = _stack(X_train), _stack(X_test)
    y = jnp.asarray(y_train, dtype=jnp.float64)
    keys = jax.random.split(jax.random.PRNGKey(seed), members)
    outputs = jax.vmap(net.apply, in_axes=(None, 0, 0))

    def member(key):
        k_params, k_train, k_test = jax.random.split(key, 3)
        params = net.init(k_params)
        h_train = jnp.stack([net.initial_state(k) for k in jax.random.split(k_train, len(X))])
        h_test = jnp.stack([net.initial_state(k) for k in jax.random.split(k_test, len(Z))])

        def loss(p):
            return 0.5 * jnp.sum((outputs(p, X, h_train) - y) ** 2)

        def step(p, _):
            grad = jax.grad(loss)(p)
            p = jax.tree_util.tree_map(lambda a, g: a - learning_rate * g, p, grad)
            return p, outputs(p, Z, h_test)

        _, path = jax.lax.scan(step, params, None, length=steps)
        return jnp.concatenate([outputs(params, Z, h_test)[None], path]), outputs(params, X, h_train)

    test, initial = jax.jit(jax.vmap(member))(keys)
    return np.asarray(test).transpose(1, 0, 2), np.asarray(initial)
