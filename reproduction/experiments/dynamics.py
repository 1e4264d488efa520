"""Training dynamics of wide RNNs: ensembles of finite networks trained by gradient descent, beside
the closed-form prediction of the infinitely wide network (:mod:`rntk.predict`)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from rntk.networks import RNN

__all__ = ["train_ensemble", "window_task", "ensembles_against_prediction", "loss_curves"]


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


def window_task(series: str = "sinusoid", steps: int = 8, train: int = 16, points: int = 120, noise: float = 0.1,
                seed: int = 0):
    """Next-value prediction from windows of ``steps`` values, trained on the first part of a series
    and tested everywhere on it.

    ``"sinusoid"``: one noisy period of ``points`` samples (:func:`reproduction.data.make_sinusoid`), every
    window a test input, ``train`` of those ending in the first half for training. ``"stock"``: the
    Google price of the regression chapter (:func:`reproduction.data.load_stock`, standardised on days 1-700),
    ``points`` test windows spread over its 975 days, ``train`` of those ending before day 700 for
    training. Returns ``(X_train, y_train, X_test, y_test, end, chosen)``: ``end`` is the position of
    every test window's target, ``chosen`` the test rows used for training."""
    from reproduction.data import load_stock, make_sinusoid

    if series == "sinusoid":
        values = make_sinusoid(points, noise, seed)
        end, split = np.arange(steps, points), points // 2
    elif series == "stock":
        _, price = load_stock()
        values = (price - price[:700].mean()) / price[:700].std()
        end, split = np.unique(np.linspace(steps, len(values) - 1, points).astype(int)), 700
    else:
        raise ValueError(f"unknown series {series!r}; expected 'sinusoid' or 'stock'")
    X_all, y_all = np.stack([values[e - steps:e] for e in end]), values[end]
    chosen = np.sort(np.random.default_rng(seed).choice(np.flatnonzero(end < split), train, replace=False))
    return X_all[chosen], y_all[chosen], X_all, y_all, end, chosen


def ensembles_against_prediction(settings: dict, widths, members: int, gd_steps: int, recorded, step_scale: float = 0.1,
                                 task: dict | None = None, seed: int = 0) -> dict:
    """Trained finite RNNs (full-batch gradient descent, step ``step_scale / lambda_max`` of the NTK)
    beside the closed-form prediction (:mod:`rntk.predict`) at the steps ``recorded``,
    on :func:`window_task` (``task``: its arguments). Per width: the ensemble's mean and standard deviation at every test input,
    and the mean distance of each network to its own linearised prediction f0 + A(t) (y - f0(X))."""
    from rntk.predict import output_moments, transfer
    from rntk.recurrent import RecurrentKernel

    X, y, Z, y_test, end, chosen = window_task(**(task or {}))
    k = RecurrentKernel(**settings)
    ck, ntk = k(X, get=("ck", "ntk"))
    ck_cross, ntk_cross = k(Z, X, get=("ck", "ntk"))
    lr = step_scale / np.linalg.eigvalsh(ntk).max()
    times = np.asarray(recorded) * lr
    A = transfer(ntk, ntk_cross, t=times)
    mean, var = output_moments(A, ck, ck_cross, np.diagonal(k(Z, get="ck")), y)
    out = dict(end=end.tolist(), y_test=y_test.tolist(), train_end=end[chosen].tolist(),
               times=times.tolist(), predicted_mean=mean.tolist(),
               predicted_std=np.sqrt(np.maximum(var, 0)).tolist(), widths={})
    for width in widths:
        path, f0 = train_ensemble(RNN(width=width, **settings), X, y, Z, lr, gd_steps, members, seed)
        linearised = path[0][None] + np.einsum("tmn,en->tem", A, y[None] - f0)
        out["widths"][str(width)] = dict(
            mean=path[recorded].mean(axis=1).tolist(), std=path[recorded].std(axis=1).tolist(),
            linearisation_error=np.abs(path[recorded] - linearised).mean(axis=(1, 2)).tolist())
    return out


def loss_curves(settings: dict, lengths, sigma_ws, times, task_seed: int = 0) -> dict:
    """Training loss 1/2 |f_t(X) - y|^2 of the infinitely wide RNN's mean prediction against time,
    from the NTK's spectrum: 1/2 sum_i exp(-2 lambda_i t) (v_i . y)^2, for windows of each length and
    each sigma_w. ``{(T, sigma_w): [loss at each time]}`` as a list of rows."""
    from rntk.recurrent import RecurrentKernel

    rows = []
    for steps in lengths:
        X, y, *_ = window_task(steps=steps, seed=task_seed)  # sinusoid windows of each length
        for sigma_w in sigma_ws:
            lam, V = np.linalg.eigh(RecurrentKernel(**dict(settings, sigma_w=sigma_w))(X))
            weights = (V.T @ y) ** 2
            losses = [float(0.5 * np.sum(np.exp(-2 * np.maximum(lam, 0) * t) * weights)) for t in times]
            rows.append(dict(steps=steps, sigma_w=sigma_w, lambda_max=float(lam.max()), lambda_min=float(lam.min()),
                             losses=losses))
    return dict(times=list(times), rows=rows)
