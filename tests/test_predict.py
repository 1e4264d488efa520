import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from reproduction.experiments.dynamics import train_ensemble
from rntk import RecurrentKernel
from rntk.networks import RNN
from rntk.predict import (InfiniteRNNRegressor, gradient_descent_mse, gradient_descent_mse_ensemble, gradient_flow,
                          output_moments, transfer)

from sequence_checks import NOT_FOR_SEQUENCES, check_features_per_step, columns_fixed, full_checks

SETTINGS = dict(sigma_w=1.2, sigma_u=1.0, sigma_b=0.2, sigma_h=0.3)


def _data(seed=0):
    rng = np.random.default_rng(seed)
    X = [rng.standard_normal(t) for t in rng.integers(3, 9, 10)]
    Z = [rng.standard_normal(t) for t in rng.integers(3, 9, 4)]
    y = np.stack([np.sin([x.sum() for x in X]), np.cos([x.sum() for x in X])], 1)
    return X, Z, y


def test_time_zero_is_the_prior():
    X, Z, y = _data()
    k = RecurrentKernel(**SETTINGS)
    mean, cov = gradient_descent_mse_ensemble(k, X, y)(0.0, Z, compute_cov=True)
    assert mean.shape == (4, 2) and np.all(mean == 0)
    np.testing.assert_allclose(cov, k(Z, get="ck"), rtol=1e-12)


@pytest.mark.parametrize("diag_reg", [0.0, 1e-2])
def test_convergence_is_kernel_ridge_regression_with_the_ntk(diag_reg):
    X, Z, y = _data()
    k = RecurrentKernel(depth=2, **SETTINGS)
    ntk, ntk_cross = k(X), k(Z, X)
    ridge = ntk + diag_reg * np.mean(np.diag(ntk)) * np.eye(len(X))
    expected = ntk_cross @ np.linalg.solve(ridge, y)
    for t in (None, np.inf):
        mean = gradient_descent_mse_ensemble(k, X, y, diag_reg=diag_reg)(t, Z)
        np.testing.assert_allclose(mean, expected, rtol=1e-8, atol=1e-10)
    late = gradient_descent_mse_ensemble(k, X, y, diag_reg=diag_reg)(1e6, Z)
    np.testing.assert_allclose(late, expected, rtol=1e-6, atol=1e-8)


def test_ck_at_convergence_is_the_nngp_posterior():
    X, Z, y = _data(1)
    k = RecurrentKernel(**SETTINGS)
    K, Kc, Kz = k(X, get="ck"), k(Z, X, get="ck"), k(Z, get="ck")
    mean, cov = gradient_descent_mse_ensemble(k, X, y)(None, Z, get="nngp", compute_cov=True)
    np.testing.assert_allclose(mean, Kc @ np.linalg.solve(K, y), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(cov, Kz - Kc @ np.linalg.solve(K, Kc.T), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("get", ["ntk", "ck"])
def test_covariances_are_symmetric_psd_and_variances_agree(get):
    X, Z, y = _data(2)
    k = RecurrentKernel(**SETTINGS)
    times = [0.0, 0.1, 1.0, 10.0, np.inf]
    predict_fn = gradient_descent_mse_ensemble(k, X, y[:, 0])
    means, covs = predict_fn(times, Z, get=get, compute_cov=True)
    assert means.shape == (5, 4) and covs.shape == (5, 4, 4)
    _, variances = predict_fn(times, Z, get=get, compute_cov=True, diagonal=True)
    for cov, var in zip(covs, variances):
        assert np.array_equal(cov, cov.T)
        assert np.linalg.eigvalsh(cov).min() > -1e-10 * np.abs(cov).max()
        np.testing.assert_allclose(np.diag(cov), var, rtol=1e-9, atol=1e-12)


def test_transfer_is_the_closed_form_on_a_well_conditioned_gram():
    """A(t) = Theta(x, X) Theta^-1 (I - exp(-Theta t)) with an explicit inverse and matrix exponential,
    which are safe here (condition number below 100)."""
    from scipy.linalg import expm

    rng = np.random.default_rng(4)
    B = rng.standard_normal((5, 5))
    theta = B @ B.T + 2 * np.eye(5)
    cross = rng.standard_normal((3, 5))
    assert np.linalg.cond(theta) < 100
    times = [0.0, 0.3, 2.0]
    maps = transfer(theta, cross, t=times)
    assert maps.shape == (3, 3, 5)
    for t, A in zip(times, maps):
        np.testing.assert_allclose(A, cross @ np.linalg.solve(theta, np.eye(5) - expm(-theta * t)), atol=1e-12)
    np.testing.assert_allclose(transfer(theta, cross), cross @ np.linalg.inv(theta), rtol=1e-10)
    with pytest.raises(ValueError, match="4 targets for 5"):
        output_moments(maps, theta, cross, np.ones(3), np.ones(4))


def test_regressor_predicts_mean_and_std():
    X, Z, y = _data(3)
    model = InfiniteRNNRegressor(kernel=RecurrentKernel(**SETTINGS), t=5.0, diag_reg=1e-3).fit(X, y[:, 0])
    mean, std = model.predict(Z, return_std=True)
    m, var = gradient_descent_mse_ensemble(RecurrentKernel(**SETTINGS), X, y[:, 0], diag_reg=1e-3)(5.0, Z, compute_cov=True)
    np.testing.assert_allclose(mean, m, rtol=1e-12)
    np.testing.assert_allclose(std, np.sqrt(np.diag(var)), rtol=1e-9)
    assert np.array_equal(model.predict(Z), mean)


def test_bad_input_is_named():
    K = np.eye(3)
    with pytest.raises(ValueError, match="2 targets for 3"):
        gradient_flow(K, K, K, K, K, np.ones(2))
    with pytest.raises(ValueError, match="non-negative"):
        gradient_flow(K, K, K, K, K, np.ones(3), t=-1.0)
    with pytest.raises(ValueError, match="not positive semidefinite"):
        gradient_flow(-K, K, K, K, K, np.ones(3))
    with pytest.raises(ValueError, match="get must be 'ntk', 'ck' or 'nngp'"):
        gradient_descent_mse_ensemble(RecurrentKernel(), [np.ones(2)], [1.0])(1.0, [np.ones(2)], get="cntk")


def test_trained_finite_networks_approach_the_prediction_as_width_grows():
    """Each trained network against its own linearised prediction f0(x) + A(t) (y - f0(X)) with the
    analytic kernels (the closed form's mean and covariance are this affine map of the Gaussian f0):
    full-batch gradient descent, step 0.1 / lambda_max, 200 steps. Tolerance fixed before the run:
    the mean error at least halves from width 32 to 512 and ends below 0.1."""
    rng = np.random.default_rng(0)
    X, Z = rng.standard_normal((6, 4)), rng.standard_normal((3, 4))
    y = np.sin(X.sum(1))
    k = RecurrentKernel(**SETTINGS)
    ck, ntk = k(X, get=("ck", "ntk"))
    ck_cross, ntk_cross = k(Z, X, get=("ck", "ntk"))
    lr, steps, recorded = 0.1 / np.linalg.eigvalsh(ntk).max(), 200, [20, 60, 200]
    A = transfer(ntk, ntk_cross, t=np.array(recorded) * lr)
    errors = []
    for width in (32, 512):
        out, f0 = train_ensemble(RNN(width=width, **SETTINGS), X, y, Z, lr, steps, members=8)
        predicted = out[0][None] + np.einsum("tmn,en->tem", A, y[None] - f0)
        errors.append(np.abs(out[recorded] - predicted).mean())
    assert errors[1] < errors[0] / 2 and errors[1] < 0.1, errors



@parametrize_with_checks([InfiniteRNNRegressor(diag_reg=1e-6)], expected_failed_checks=lambda est: NOT_FOR_SEQUENCES)
def test_infinite_regressor_passes_sklearn_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator, check", full_checks([InfiniteRNNRegressor(diag_reg=1e-6)]))
def test_infinite_regressor_passes_sklearn_checks_in_full(estimator, check):
    """The expected failures above, in full except for their one statement on columns (sequence_checks)."""
    check(type(estimator).__name__, columns_fixed(estimator))


@pytest.mark.parametrize("estimator, method", [(InfiniteRNNRegressor(diag_reg=1e-6), "predict")])
def test_infinite_regressor_passes_sklearn_features_per_step(estimator, method):
    check_features_per_step(estimator, method)


def _no_gram(monkeypatch):
    """Make every Gram computation fail the test: the refusal must come first."""
    def refuse(*args, **kwargs):
        raise AssertionError("a Gram was computed before the input was checked")
    monkeypatch.setattr(RecurrentKernel, "_kernels", refuse)


@pytest.mark.parametrize("kwargs, message", [
    (dict(t=[]), "non-empty list of times"),
    (dict(t=["soon"]), "t must hold numbers"),
    (dict(y=2.0), r"y must be \(N,\) or \(N, outputs\)"),
    (dict(y=[1.0, 2.0]), "2 targets for 3 training sequences"),
    (dict(y=[np.nan, 1.0, 2.0]), "y contains NaN or inf"),
    (dict(y=[np.inf, 1.0, 2.0]), "y contains NaN or inf"),
    (dict(diag_reg=np.inf), "diag_reg must be a finite non-negative number"),
    (dict(diag_reg=-1.0), "diag_reg must be a finite non-negative number"),
])
def test_gradient_descent_mse_refuses_bad_arguments_before_any_gram(monkeypatch, kwargs, message):
    """y and diag_reg before the training Grams; t (given to predict_fn) before any test Gram."""
    args = dict(y=[1.0, 2.0, 3.0], t=1.0, diag_reg=0.0) | kwargs
    X = [np.ones(4), np.ones(3), np.ones(5)]
    if "t" in kwargs:
        predict_fn = gradient_descent_mse_ensemble(RecurrentKernel(), X, args["y"])
        _no_gram(monkeypatch)
        with pytest.raises(ValueError, match=message):
            predict_fn(args["t"], X[:2])
        return
    _no_gram(monkeypatch)
    with pytest.raises(ValueError, match=message):
        gradient_descent_mse_ensemble(RecurrentKernel(), X, args["y"], diag_reg=args["diag_reg"])


@pytest.mark.parametrize("y", [[np.nan, 1.0, 2.0, 3.0], [np.inf, 1.0, 2.0, 3.0], [-np.inf, 1.0, 2.0, 3.0]])
def test_infinite_regressor_refuses_non_finite_targets(y):
    X = np.random.default_rng(0).standard_normal((4, 5))
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        InfiniteRNNRegressor().fit(X, y)


def test_infinite_regressor_predict_before_fit_is_not_fitted():
    with pytest.raises(NotFittedError):
        InfiniteRNNRegressor().predict(np.ones((2, 3)))


def test_transfer_at_a_large_time_tends_to_its_limit_with_a_mode_below_the_cutoff():
    # A Gram with a null direction up to rounding (eigenvalue 1e-16 of the largest): the mode is below
    # the cutoff; a large finite t must give the t = inf map, not one that grows without bound.
    rng = np.random.default_rng(0)
    V, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    lam = np.array([1e-16, 0.5, 1.0, 2.0])
    theta = (V * lam) @ V.T
    cross = rng.standard_normal((3, 4)) @ theta  # test rows in the span of the training features
    at_inf = transfer(theta, cross, t=np.inf)
    for t in (1e3, 1e20, 1e300):
        A = transfer(theta, cross, t=t)
        assert np.all(np.isfinite(A))
        np.testing.assert_allclose(A, at_inf, rtol=1e-9, atol=1e-12)
    assert np.abs(at_inf).max() < 1e3
    # Above the cutoff the closed form is kept: for the mode of eigenvalue 0.5, A = (1 - exp(-t/2)) / 0.5.
    np.testing.assert_allclose(transfer(np.diag([0.5, 1.0]), np.eye(2), t=2.0)[0, 0], -np.expm1(-1.0) / 0.5)


def test_gradient_descent_mse_has_neural_tangents_shape_and_closed_form():
    """predict_fn(t, fx_train_0, fx_test_0, k_test_train): the training outputs decay to y as exp(-lr Theta t)
    from fx_train_0, the test outputs move by Theta(x, X) Theta^-1 (I - exp(-lr Theta t)) (y - fx_train_0);
    the Gram is factored once, and the function pickles."""
    import pickle

    from scipy.linalg import expm

    rng = np.random.default_rng(6)
    B = rng.standard_normal((5, 5))
    theta = B @ B.T + np.eye(5)
    cross = rng.standard_normal((3, 5))
    y = rng.standard_normal((5, 2))
    fx0, fz0 = rng.standard_normal((5, 2)), rng.standard_normal((3, 2))
    predict_fn = pickle.loads(pickle.dumps(gradient_descent_mse(theta, y, learning_rate=0.5)))
    for t in (0.0, 7.0, 30.0):
        decay = expm(-0.5 * theta * t / y.size)  # the loss is 1/2 mean |f - y|^2, as neural-tangents'
        train, test = predict_fn(t, fx0, fz0, cross)
        np.testing.assert_allclose(train, y + decay @ (fx0 - y), atol=1e-12)
        np.testing.assert_allclose(test, fz0 + cross @ np.linalg.solve(theta, np.eye(5) - decay) @ (y - fx0), atol=1e-12)
        # fx_train_0=None: no training outputs, and the test outputs move as from fx_train_0 = 0 (neural-tangents')
        np.testing.assert_allclose(predict_fn(t, None, fz0, cross), predict_fn(t, 0.0, fz0, cross)[1], atol=1e-12)
    np.testing.assert_allclose(predict_fn(None), y, atol=1e-12)  # converged, from 0
    assert predict_fn([0.0, 1.0], fx0).shape == (2, 5, 2)
    assert predict_fn(1.0, fx0, k_test_train=cross).shape == (5, 2)  # no fx_test_0: the training outputs only
    with pytest.raises(ValueError, match="fx_test_0 needs k_test_train"):
        predict_fn(1.0, fx0, fz0)
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        gradient_descent_mse(theta, y, learning_rate=0.0)


def test_the_ensemble_is_the_kernel_flow_of_its_grams():
    X, Z, y = _data(4)
    k = RecurrentKernel(**SETTINGS)
    ensemble = gradient_descent_mse_ensemble(k, X, y, learning_rate=2.0, diag_reg=1e-3)
    _, expected = gradient_descent_mse(k(X), y, learning_rate=2.0, diag_reg=1e-3)(1.5, 0.0, 0.0, k(Z, X))
    np.testing.assert_allclose(ensemble(1.5, Z), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gradient_descent_mse_ensemble(k, X, y)(None), gradient_descent_mse(k(X), y)(None),
                               rtol=1e-8, atol=1e-10)  # converged on the training set: the targets


def test_float32_grams_are_factored_within_their_own_rounding():
    X, Z, y = _data(5)
    single = RecurrentKernel(sigma_w=1.4, dtype="float32")
    model = InfiniteRNNRegressor(kernel=single, diag_reg=1e-3).fit(X, y[:, 0])  # no "not positive semidefinite"
    exact = InfiniteRNNRegressor(kernel=RecurrentKernel(sigma_w=1.4), diag_reg=1e-3).fit(X, y[:, 0])
    np.testing.assert_allclose(model.predict(Z), exact.predict(Z), rtol=1e-3, atol=1e-4)


def test_a_fitted_regressor_keeps_the_settings_it_was_fitted_with():
    X, Z, y = _data(6)
    model = InfiniteRNNRegressor(kernel=RecurrentKernel(sigma_w=1.2), t=5.0).fit(X, y[:, 0])
    before = model.predict(Z)
    model.set_params(kernel__sigma_w=0.5, get="ck", t=1.0)
    np.testing.assert_array_equal(model.predict(Z), before)


def test_the_test_variances_compile_one_shape_whatever_the_lengths():
    """return_std's diagonal: Grams of a few sequences at a time, all padded alike (a new mix of lengths
    compiles nothing), equal to the full Gram's diagonal."""
    import logging

    import jax

    from rntk.predict import _self_diagonal
    from rntk.sequences import as_sequences

    rng = np.random.default_rng(5)
    kernel = RecurrentKernel(**SETTINGS)

    def sample(lengths):
        return as_sequences([rng.standard_normal((t, 2)) for t in lengths], "X")

    first = sample([3, 4, 5, 6, 7, 8, 9, 12, 12, 4])
    np.testing.assert_allclose(_self_diagonal(kernel, first, chunk=4), np.diag(kernel(first, get="ck")), rtol=1e-12)
    compiled = []

    class Count(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("Compiling"):
                compiled.append(record.getMessage())

    handler = Count()
    logging.getLogger("jax").addHandler(handler)
    try:
        with jax.log_compiles(True):
            _self_diagonal(kernel, sample([12, 11, 10, 2, 2, 3, 5, 8, 9, 6]), chunk=4)  # eight new lengths
    finally:
        logging.getLogger("jax").removeHandler(handler)
    assert compiled == []


def test_the_regressor_factorises_once_in_fit_and_predict_computes_only_the_test_gram(monkeypatch):
    rng = np.random.default_rng(6)
    X = [rng.standard_normal((t, 1)) for t in rng.integers(4, 9, 12)]
    model = InfiniteRNNRegressor(kernel=RecurrentKernel(**SETTINGS), diag_reg=1e-6).fit(X, rng.standard_normal(12))
    grams, factorisations = [], []
    kernels, eigh = RecurrentKernel._kernels, np.linalg.eigh
    monkeypatch.setattr(RecurrentKernel, "_kernels", lambda self, *a, **k: grams.append(1) or kernels(self, *a, **k))
    monkeypatch.setattr(np.linalg, "eigh", lambda *a, **k: factorisations.append(1) or eigh(*a, **k))
    for _ in range(3):
        model.predict([rng.standard_normal((t, 1)) for t in (3, 7, 5)])
    assert len(grams) == 3 and factorisations == []  # one test-by-training Gram a call, no new factorisation
