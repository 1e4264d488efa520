"""Numerical checks of the first paper's Theorems 1-3 with finite-width RNNs.

* :func:`empirical_vs_width` -- empirical NTK of a set of pairs at growing widths (Theorem 1, Fig. 2 left);
* :func:`convergence_errors` -- relative error of the empirical Gram against the analytic one,
  weight-tied or untied (Theorems 1 and 3, Fig. 2 right), and :func:`loglog_slope`;
* :func:`train_gd` and :func:`linearised_prediction` -- gradient-descent training under MSE and the
  prediction of the analytic RNTK's gradient flow (Theorem 2).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg

from reproduction.ledger import FAILS, HOLDS, NOT_REPRODUCED
from reproduction.verdicts import converges, loglog_slopes, resampled_means, stable, within_margin
from rntk.networks import RNN, empirical_kernels
from rntk.recurrent import RecurrentKernel

__all__ = ["PROFILES", "SETTINGS", "analytic_kernel", "empirical_vs_width", "convergence_errors", "loglog_slope", "train_gd",
           "linearised_prediction", "relu_with_second_papers_derivative", "algorithm2_as_printed", "slope_interval",
           "training_experiment", "rate_verdict", "similar_rates", "deeper_errors", "printed_formula_errors"]

#: The network and kernel settings of Fig. 2, which the paper's text lost (ours): ReLU, unit weight scales.
SETTINGS = dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0, sigma_v=1.0)
#: The theorems chapter's widths, seeds and sizes: Fig. 2 left (``left_``), Fig. 2 right (``right_``), Theorem 2
#: (``train_``), the deeper networks' table (``table_``) and the second paper's architectures (``variant_``).
PROFILES = {
    "quick": dict(left_widths=[16, 32, 64], left_seeds=[0, 1], alphas=9, right_widths=[16, 32, 64], right_seeds=[0, 1],
                  right_n=6, train_widths=[32, 64, 128], train_seeds=[0, 1], gd_steps=20, table_widths=[64, 256],
                  table_width=256, table_seeds=[0], variant_widths=[16, 32, 64], variant_seeds=[0, 1]),
    "full": dict(left_widths=[2 ** k for k in range(6, 14)], left_seeds=list(range(10)), alphas=41,
                 right_widths=[2 ** k for k in range(6, 13)], right_seeds=list(range(10)), right_n=50,
                 train_widths=[64, 128, 256, 512, 1024, 2048, 4096], train_seeds=list(range(10)), gd_steps=100,
                 table_widths=[1024, 4096], table_width=4096, table_seeds=[0, 1, 2],
                 variant_widths=[64, 256, 1024, 4096], variant_seeds=list(range(10))),
}


def analytic_kernel(net_settings: dict) -> RecurrentKernel:
    """The RecurrentKernel of a network described by RNN keyword arguments."""
    s = net_settings
    readout = s.get("readout", "last")
    architecture = {"last": "rnn", "avg": "avg", "avg-shared": "avg-shared"}[readout]
    if s.get("bidirectional"):
        architecture = {"rnn": "bi", "avg": "bi-avg"}[architecture]
    return RecurrentKernel(depth=s.get("depth", 1), activation=s.get("activation", "relu"),
                           sigma_w=s.get("sigma_w", 1.0), sigma_u=s.get("sigma_u", 1.0),
                           sigma_b=s.get("sigma_b", 0.0), sigma_h=s.get("sigma_h", 0.0),
                           sigma_v=s.get("sigma_v", 1.0), architecture=architecture)


def empirical_vs_width(x, Z, widths, seeds, settings: dict):
    """Empirical NTK between ``x`` and every sequence of ``Z``: ``{width: (seeds, len(Z))}``."""
    out = {}
    for width in widths:
        rows = []
        for seed in seeds:
            net = RNN(width=width, input_dim=np.asarray(x).reshape(len(x), -1).shape[1], **settings)
            params = net.init(jax.random.PRNGKey(seed))
            rows.append(empirical_kernels(net, params, [x], Z, key=jax.random.PRNGKey(10_000 + seed))[1][0])
        out[width] = np.array(rows)
    return out


def convergence_errors(X, widths, seeds, settings: dict, tied: bool = True):
    """Errors of the empirical NTK Gram of X against the analytic one, per width and seed:
    ``{width: {"pairwise": [...], "frobenius": [...]}}``; "pairwise" is the mean over pairs
    (diagonal included) of ``|empirical - analytic| / |analytic|``, "frobenius" the relative norm."""
    analytic = analytic_kernel(settings)(X)
    out = {}
    for width in widths:
        errors = {"pairwise": [], "frobenius": []}
        for seed in seeds:
            per_step = not tied or settings.get("readout") == "avg"  # weights or read-outs per step
            net = RNN(width=width, input_dim=np.asarray(X[0]).reshape(len(X[0]), -1).shape[1], tied=tied,
                      max_steps=max(len(x) for x in X) if per_step else None, **settings)
            params = net.init(jax.random.PRNGKey(seed))
            _, ntk = empirical_kernels(net, params, X, key=jax.random.PRNGKey(10_000 + seed))
            errors["pairwise"].append(float(np.mean(np.abs(ntk - analytic) / np.abs(analytic))))
            errors["frobenius"].append(float(np.linalg.norm(ntk - analytic) / np.linalg.norm(analytic)))
        out[width] = errors
    return out


def deeper_errors(X, widths, seeds, settings: dict) -> list:
    """:func:`convergence_errors` (mean over seeds) of ReLU and erf networks of one and two layers with a
    non-zero initial state and bias (sigma_h = 0.5, sigma_b = 0.2): one row per network and width."""
    rows = []
    for act in ("relu", "erf"):
        for depth in (1, 2):
            s = dict(settings, activation=act, depth=depth, sigma_h=0.5, sigma_b=0.2)
            for w, errors in convergence_errors(X, widths, seeds, s).items():
                rows.append(dict(activation=act, depth=depth, width=w, **{m: np.mean(e) for m, e in errors.items()}))
    return rows


def printed_formula_errors(X, width: int, settings=(("sigma_w", 1.2), ("sigma_u", 0.8), ("sigma_b", 0.3))) -> list:
    """Relative Frobenius error against one finite network's empirical NTK (``X``: equal-length sequences
    ``(N, T)``) of ``rntk``'s kernel and of the second paper's two printed formulas (its ReLU derivative
    expectation, its Algorithm 2 line 10), at one and two layers."""
    s = dict(settings)
    rows = []
    for depth in (1, 2):
        net = RNN(width=width, depth=depth, **s)
        _, emp = empirical_kernels(net, net.init(jax.random.PRNGKey(0)), list(X[:, :, None]), key=jax.random.PRNGKey(1))
        kernels = {"rntk": RecurrentKernel(depth=depth, **s)(X),
                   "V_phi' as printed": RecurrentKernel(depth=depth, activation=relu_with_second_papers_derivative(),
                                                        **s)(X),
                   "Algorithm 2 as printed": np.array([[algorithm2_as_printed(a, b, depth, **s) for b in X] for a in X])}
        rows += [dict(depth=depth, kernel=name, relative_error=float(np.linalg.norm(emp - K) / np.linalg.norm(K)))
                 for name, K in kernels.items()]
    return rows


def loglog_slope(widths, errors):
    """Least-squares slope of log(mean error) against log(width)."""
    return float(loglog_slopes(widths, np.asarray(errors, float))[0])


def _resampled_slopes(widths, per_seed, rng, resamples: int) -> np.ndarray:
    """:func:`loglog_slope` of ``resamples`` bootstrap resamples (over seeds, at each width) of the mean errors."""
    return loglog_slopes(widths, resampled_means(per_seed, resamples, rng))


def slope_interval(widths, per_seed, level: float = 0.95, resamples: int = 2000, seed: int = 0):
    """:func:`loglog_slope` of the mean over seeds, and its bootstrap interval over seeds:
    ``(slope, low, high)``; ``per_seed[i]`` holds the errors of every seed at ``widths[i]``."""
    per_seed = [np.asarray(e, dtype=np.float64) for e in per_seed]
    if len(per_seed) != len(widths) or len(widths) < 2:
        raise ValueError(f"need errors for each of at least 2 widths, got {len(per_seed)} for {len(widths)}")
    boot = _resampled_slopes(widths, per_seed, np.random.default_rng(seed), resamples)
    low, high = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return loglog_slope(widths, [e.mean() for e in per_seed]), float(low), float(high)


def rate_verdict(widths, per_seed, rate: float = -0.5, margin: float = 0.1, bound: bool = False,
                 level: float = 0.90, seed: int = 0) -> dict:
    """The theory's rate (this project's demand on a convergence), from the ``level`` bootstrap interval of
    :func:`slope_interval` (RNG ``seed``): an equivalence test, the interval within ``rate`` +- ``margin``:
    *holds*; wholly beyond it: *does not hold*; otherwise *not reproduced*. Where the theory gives ``rate`` as a
    bound (``bound``: at least that fast), a one-sided test: the interval's upper end (a one-sided bound at
    ``(1 + level) / 2``) below ``rate + margin``: *holds*; its lower end above: *does not hold*; otherwise *not
    reproduced*. Stable over 20 RNG seeds of the bootstrap (:func:`reproduction.verdicts.stable`). Returns the
    ledger's fields."""
    def run(s):
        slope, low, high = slope_interval(widths, per_seed, level=level, seed=s)
        if bound:
            verdict = HOLDS if high < rate + margin else FAILS if low > rate + margin else NOT_REPRODUCED
        else:
            verdict = within_margin(low - rate, high - rate, margin)
        return dict(slope=slope, low=low, high=high, verdict=verdict)

    found = stable(run)
    rule = f"holds if its upper end is below {rate + margin:g}" if bound else f"holds if within {rate:g} +- {margin:g}"
    return dict(ours=f"slope {found['slope']:.3f}", effect=f"{found['slope']:+.3f}",
                interval=f"{found['low']:+.3f} to {found['high']:+.3f} ({level:.0%}; {rule}); {found['stability']}",
                paper_effect=f"{rate:g}" + (" or steeper" if bound else ""), verdict=found["verdict"])


def convergence_verdict(widths, per_seed) -> dict:
    """"Converges" read as written: the error falls with the width, at the largest widths too
    (:func:`reproduction.verdicts.converges`), stable over 20 RNG seeds of the bootstrap. Returns the ledger's
    fields."""
    found = stable(lambda s: converges(widths, per_seed, seed=s))
    return dict(ours=found["ours"], verdict=found["verdict"], effect=f"slope {found['upper']:+.3f} over the larger widths",
                interval=f"{found['upper_low']:+.3f} to {found['upper_high']:+.3f} (95 %); " + found["stability"],
                paper_effect="a falling error (slope < 0)")


def similar_rates(widths, a, b, margin: float, resamples: int = 2000) -> dict:
    """Two convergence rates alike within ``margin``: the 90 % bootstrap interval (over seeds) of the
    difference of the log-log slopes of ``a`` and ``b`` (each ``per_seed`` as in :func:`slope_interval`)
    within +-``margin`` (an equivalence test at 5 %): *holds*; wholly beyond it: *does not hold*; otherwise
    *not reproduced*; stable over 20 RNG seeds. Returns the ledger's fields."""
    a, b = ([np.asarray(e, dtype=np.float64) for e in x] for x in (a, b))
    point = loglog_slope(widths, [e.mean() for e in a]) - loglog_slope(widths, [e.mean() for e in b])

    def run(seed):
        rng = np.random.default_rng(seed)
        difference = _resampled_slopes(widths, a, rng, resamples) - _resampled_slopes(widths, b, rng, resamples)
        low, high = np.quantile(difference, [0.05, 0.95])
        verdict = (HOLDS if -margin < low and high < margin else
                   FAILS if low > margin or high < -margin else NOT_REPRODUCED)
        return dict(low=float(low), high=float(high), verdict=verdict)

    found = stable(run)
    return dict(ours=f"{point:.3f}", effect=f"{point:+.3f}", paper_effect="similar (0)", verdict=found["verdict"],
                interval=f"{found['low']:+.3f} to {found['high']:+.3f} (90 %), margin +-{margin:g}; {found['stability']}")


def train_gd(net: RNN, params, X, y, learning_rate: float, steps: int, key, record_every: int = 0):
    """Full-batch gradient descent on 1/2 sum (f(x_i) - y_i)^2 with a fixed step; returns the final
    parameters and the loss before every step. Sequences of one length; each keeps its initial
    state (drawn from ``key`` as :func:`rntk.networks.empirical_kernels` draws it) throughout.
    With ``record_every = k`` it also returns the empirical NTK of the training set every k steps
    and at the end: ``(params, losses, [(step, NTK), ...])``."""
    X = jnp.asarray(np.stack([np.asarray(x, dtype=np.float64).reshape(len(x), -1) for x in X]))
    states = jnp.stack([net.initial_state(k) for k in jax.random.split(key, len(X))])
    y = jnp.asarray(y, dtype=jnp.float64)
    outputs = jax.vmap(net.apply, in_axes=(None, 0, 0))

    def loss(p):
        return 0.5 * jnp.sum((outputs(p, X, states) - y) ** 2)

    @jax.jit
    def step(p):
        value, grad = jax.value_and_grad(loss)(p)
        return jax.tree_util.tree_map(lambda a, g: a - learning_rate * g, p, grad), value

    losses, recorded = [], []
    sequences = list(np.asarray(X))
    for t in range(steps + 1):
        if record_every and (t % record_every == 0 or t == steps):
            recorded.append((t, empirical_kernels(net, params, sequences, key=key)[1]))
        if t == steps:
            break
        params, value = step(params)
        losses.append(float(value))
    return (params, np.array(losses), recorded) if record_every else (params, np.array(losses))


def linearised_prediction(theta_train, theta_test_train, f0_train, f0_test, y, learning_rate, steps):
    """Prediction of gradient descent on the kernel's linear model after ``steps`` steps
    (discrete time): f_t = f_0 + Theta_*X Theta^-1 (I - (I - lr Theta)^t) (y - f_0(X))."""
    n = len(y)
    decay = np.linalg.matrix_power(np.eye(n) - learning_rate * theta_train, steps)
    weights = scipy.linalg.solve(theta_train, (np.eye(n) - decay) @ (np.asarray(y) - f0_train), assume_a="sym")
    return f0_test + theta_test_train @ weights


def relu_with_second_papers_derivative():
    """ReLU whose V_phi' is the second paper's printed (pi - arccos c) / pi, twice the true value."""
    from rntk.activations import Activation, get_activation

    relu = get_activation("relu")

    def expectations(k11, k12, k22, same):
        vphi, vdot = relu.expectations(k11, k12, k22, same)
        return vphi, 2.0 * vdot

    return Activation("relu (V' as printed in the second paper)", relu.phi, expectations)


def algorithm2_as_printed(x, z, depth, sigma_w, sigma_u, sigma_b, sigma_v=1.0):
    """NTK of one pair of equal-length sequences by the second paper's Algorithm 2 as printed
    (ReLU, sigma_h = 0). At t = 1 (lines 2-4) it agrees with the recursion of
    :func:`rntk.recursion.pair_step`; for t >= 2 and
    l >= 2, line 10 prints the layer-below term as sw^2 Psi^(l,t-1) V_phi'[K^(l-1,t)], where
    the network gives su^2 Psi^(l-1,t) V_phi'[K^(l-1,t)]."""
    from rntk.activations import get_activation

    relu = get_activation("relu").expectations
    x, z = (np.asarray(a, dtype=np.float64).reshape(len(a), -1) for a in (x, z))
    m = x.shape[1]
    sw2, su2, sb2 = sigma_w ** 2, sigma_u ** 2, sigma_b ** 2
    cov = {k: [0.0] * depth for k in ("xz", "xx", "zz")}
    vdot_prev, psi = [0.0] * depth, [0.0] * depth
    for t in range(len(x)):
        below = {"xz": su2 / m * x[t] @ z[t], "xx": su2 / m * x[t] @ x[t], "zz": su2 / m * z[t] @ z[t]}
        tangent_below = 0.0
        for layer in range(depth):
            sigma = {k: below[k] + sb2 + sw2 * cov[k][layer] for k in below}
            if t == 0:
                psi[layer] = sigma["xz"] + su2 * tangent_below
            else:
                below_term = sw2 * vdot_prev[layer - 1] * psi[layer] if layer > 0 else 0.0  # line 10, as printed
                psi[layer] = sigma["xz"] + sw2 * vdot_prev[layer] * psi[layer] + below_term
            vphi, vdot = (float(v) for v in relu(sigma["xx"], sigma["xz"], sigma["zz"], False))
            diag = {k: float(relu(sigma[k], sigma[k], sigma[k], True)[0]) for k in ("xx", "zz")}
            cov["xz"][layer], cov["xx"][layer], cov["zz"][layer] = vphi, diag["xx"], diag["zz"]
            vdot_prev[layer] = vdot
            tangent_below = vdot * psi[layer]
            below = {"xz": su2 * vphi, "xx": su2 * diag["xx"], "zz": su2 * diag["zz"]}
    return sigma_v ** 2 * (cov["xz"][-1] + vdot_prev[-1] * psi[-1])


def training_experiment(widths, seeds, n_train=16, n_test=8, steps=5, gd_steps=100, settings=None, seed=0):
    """Theorem 2: train RNNs of growing width by gradient descent and compare with the analytic RNTK.

    Per width, one value per seed of: the relative change of the empirical NTK (training Gram)
    from initialisation to the end of training, the relative distance between the trained
    network's test predictions and the analytic kernel's linearised prediction (same f_0),
    ||f_net - f_lin|| / ||f_lin - f_0||, and the final training loss. Targets: y = sin(sum_t x_t)
    on Gaussian sequences.
    """
    settings = dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.1) if settings is None else settings
    rng = np.random.default_rng(seed)
    X, X_test = rng.standard_normal((n_train, steps, 1)), rng.standard_normal((n_test, steps, 1))
    y = np.sin(X.sum(axis=(1, 2)))
    kernel = analytic_kernel(settings)
    theta, theta_test = kernel(X), kernel(X_test, X)
    lr = 1.0 / np.linalg.eigvalsh(theta)[-1]
    out = {"learning_rate": float(lr), "widths": list(widths), "ntk_change": [], "prediction_gap": [],
           "final_loss": []}
    for width in widths:
        change, gap, loss = [], [], []
        for s in seeds:
            net = RNN(width=width, **settings)
            params = net.init(jax.random.PRNGKey(s))
            key = jax.random.PRNGKey(1000 + s)
            trained, losses, [(_, before), (_, after)] = train_gd(net, params, X, y, lr, gd_steps, key,
                                                                   record_every=gd_steps)
            change.append(np.linalg.norm(after - before) / np.linalg.norm(before))
            states = [net.initial_state(k) for k in jax.random.split(key, len(X))]
            test_states = [net.initial_state(k) for k in jax.random.split(jax.random.PRNGKey(2000 + s), n_test)]
            f0 = np.array([float(net.apply(params, x, h)) for x, h in zip(X, states)])
            f0_test = np.array([float(net.apply(params, x, h)) for x, h in zip(X_test, test_states)])
            ft_test = np.array([float(net.apply(trained, x, h)) for x, h in zip(X_test, test_states)])
            predicted = linearised_prediction(theta, theta_test, f0, f0_test, y, lr, gd_steps)
            gap.append(np.linalg.norm(ft_test - predicted) / np.linalg.norm(predicted - f0_test))
            loss.append(losses[-1])
        out["ntk_change"].append([float(v) for v in change])
        out["prediction_gap"].append([float(v) for v in gap])
        out["final_loss"].append([float(v) for v in loss])
    return out
