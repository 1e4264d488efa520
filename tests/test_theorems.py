import jax
import numpy as np
import pytest

from reproduction.experiments.theorems import (algorithm2_as_printed, convergence_errors, linearised_prediction,
                                       loglog_slope, relu_with_second_papers_derivative, train_gd)
from rntk import RecurrentKernel
from rntk.networks import RNN, empirical_kernels


def test_algorithm2_as_printed_agrees_for_one_layer_and_not_for_two():
    rng = np.random.default_rng(0)
    x, z = rng.standard_normal((2, 5))
    settings = dict(sigma_w=1.2, sigma_u=0.8, sigma_b=0.3)
    for depth, agrees in ((1, True), (2, False)):
        ours = RecurrentKernel(depth=depth, **settings)(x[None], z[None])[0, 0]
        printed = algorithm2_as_printed(x, z, depth, **settings)
        assert (abs(printed - ours) < 1e-10 * abs(ours)) == agrees


def test_printed_derivative_doubles_the_tangent_part():
    X = np.random.default_rng(1).standard_normal((3, 4))
    ck, ntk = RecurrentKernel()(X, get=("ck", "ntk"))
    printed = RecurrentKernel(activation=relu_with_second_papers_derivative())(X)
    assert np.all(printed - ck > 1.5 * (ntk - ck))


def test_loglog_slope():
    widths = np.array([64, 256, 1024])
    assert loglog_slope(widths, 3.0 / np.sqrt(widths)) == pytest.approx(-0.5)


def test_convergence_errors_shrink():
    X = list(np.random.default_rng(2).standard_normal((4, 3, 1)))
    errors = convergence_errors(X, [32, 1024], range(3), dict(sigma_w=1.0, sigma_b=0.2))
    for metric in ("pairwise", "frobenius"):
        assert np.mean(errors[1024][metric]) < np.mean(errors[32][metric]) / 2


def test_wide_network_training_follows_the_linearised_kernel_prediction():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 3, 1))
    y = np.sin(X.sum(axis=(1, 2)))
    settings = dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.1)
    theta = RecurrentKernel(**settings)(X)
    lr, steps = 0.5 / np.linalg.eigvalsh(theta)[-1], 60
    net = RNN(width=2048, **settings)
    params = net.init(jax.random.PRNGKey(0))
    key = jax.random.PRNGKey(1)
    trained, losses = train_gd(net, params, X, y, lr, steps, key)
    assert losses[-1] < 0.5 * losses[0]
    states = [net.initial_state(k) for k in jax.random.split(key, len(X))]
    f0 = np.array([float(net.apply(params, x, h)) for x, h in zip(X, states)])
    ft = np.array([float(net.apply(trained, x, h)) for x, h in zip(X, states)])
    predicted = linearised_prediction(theta, theta, f0, f0, y, lr, steps)
    assert np.linalg.norm(ft - predicted) < 0.15 * np.linalg.norm(ft - f0)


def test_training_records_the_empirical_ntk_along_the_way():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((4, 3, 1))
    net = RNN(width=64, sigma_b=0.1)
    key = jax.random.PRNGKey(1)
    params = net.init(jax.random.PRNGKey(0))
    _, losses, recorded = train_gd(net, params, X, np.ones(4), 0.05, 10, key, record_every=4)
    assert [t for t, _ in recorded] == [0, 4, 8, 10] and len(losses) == 10
    np.testing.assert_allclose(recorded[0][1], empirical_kernels(net, params, list(X), key=key)[1])
    assert not np.allclose(recorded[-1][1], recorded[0][1])


def test_training_moves_the_kernel_less_and_follows_kernel_descent_closer_as_width_grows():
    from reproduction.experiments.theorems import training_experiment

    out = training_experiment([32, 512], seeds=[0, 1, 2], n_train=8, n_test=4, steps=3, gd_steps=30)
    change, gap = (np.mean(out[k], axis=1) for k in ("ntk_change", "prediction_gap"))
    assert np.shape(out["prediction_gap"]) == (2, 3)
    assert change[1] < 0.5 * change[0] and gap[1] < gap[0]


def test_slope_interval_covers_the_rate_of_noisy_errors():
    from reproduction.experiments.theorems import slope_interval

    rng = np.random.default_rng(0)
    widths = np.array([64, 256, 1024, 4096])
    per_seed = [3.0 / np.sqrt(w) * (1 + 0.1 * rng.standard_normal(6)) for w in widths]
    slope, low, high = slope_interval(widths, per_seed)
    assert low < -0.5 < high and low <= slope <= high and high - low < 0.2
    with pytest.raises(ValueError, match="2 widths"):
        slope_interval(widths[:1], per_seed[:1])


def test_rate_verdict_needs_the_central_limit_rate_and_similar_rates_an_equivalence():
    from reproduction.experiments.theorems import convergence_verdict, rate_verdict, similar_rates

    rng = np.random.default_rng(4)
    widths = np.array([64, 128, 256, 512, 1024])
    noisy = lambda rate, spread=0.02: [w ** rate * (1 + spread * rng.standard_normal(10)) for w in widths]  # noqa: E731
    assert rate_verdict(widths, noisy(-0.5, 0.05))["verdict"] == "holds"
    slow = noisy(-0.25)
    assert rate_verdict(widths, slow)["verdict"] == "does not hold"  # slower than the central limit ...
    assert convergence_verdict(widths, slow)["verdict"] == "holds"  # ... but it converges: the paper's claim
    assert rate_verdict(widths, noisy(0.0))["verdict"] == "does not hold"
    assert convergence_verdict(widths, noisy(0.0))["verdict"] != "holds"
    assert similar_rates(widths, noisy(-0.5), noisy(-0.5), margin=0.1)["verdict"] == "holds"
    assert similar_rates(widths, noisy(-0.5), noisy(-0.3), margin=0.1)["verdict"] == "does not hold"
    wide = lambda: [w ** -0.5 * (1 + 0.5 * rng.standard_normal(2)) for w in widths]  # noqa: E731
    assert similar_rates(widths, wide(), wide(), margin=0.1)["verdict"] != "holds"  # two noisy seeds cannot show it
    assert rate_verdict(widths, noisy(-0.9), bound=True)["verdict"] == "holds"  # faster than a bound: within it
    assert rate_verdict(widths, noisy(-0.9))["verdict"] == "does not hold"  # but not the central-limit rate
    assert rate_verdict(widths, noisy(-0.25), bound=True)["verdict"] == "does not hold"
    assert "20 bootstrap seeds" in rate_verdict(widths, noisy(-0.5, 0.05))["interval"]
    assert rate_verdict(widths, wide())["verdict"] != "holds"  # an interval that merely holds -1/2 shows nothing
    assert rate_verdict(widths, wide(), bound=True)["verdict"] != "holds"


def test_the_deeper_table_and_the_printed_formulas_against_a_finite_network():
    from reproduction.experiments.theorems import deeper_errors, printed_formula_errors

    rng = np.random.default_rng(0)
    X = [rng.standard_normal((t, 2)) for t in (2, 3, 4)]
    rows = deeper_errors(X, [16], [0], dict(sigma_w=1.0, sigma_u=1.0, sigma_v=1.0))
    assert [(r["activation"], r["depth"]) for r in rows] == [("relu", 1), ("relu", 2), ("erf", 1), ("erf", 2)]
    errors = {(r["depth"], r["kernel"]): r["relative_error"] for r in printed_formula_errors(rng.standard_normal((4, 3)), 512)}
    assert len(errors) == 6
    assert errors[(1, "rntk")] < errors[(1, "V_phi' as printed")]  # the printed derivative is off by a factor 2
