import numpy as np
import pytest

from rntk import RecurrentKernel
from reproduction.experiments.dynamics import train_ensemble
from rntk.networks import RNN
from rntk.predict import InfiniteRNNRegressor, gradient_descent_mse, gradient_flow, output_moments, transfer

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
    mean, cov = gradient_descent_mse(k, X, y, Z, t=0.0)
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
        mean, _ = gradient_descent_mse(k, X, y, Z, t=t, diag_reg=diag_reg)
        np.testing.assert_allclose(mean, expected, rtol=1e-8, atol=1e-10)
    late, _ = gradient_descent_mse(k, X, y, Z, t=1e6, diag_reg=diag_reg)
    np.testing.assert_allclose(late, expected, rtol=1e-6, atol=1e-8)


def test_ck_at_convergence_is_the_nngp_posterior():
    X, Z, y = _data(1)
    k = RecurrentKernel(**SETTINGS)
    K, Kc, Kz = k(X, get="ck"), k(Z, X, get="ck"), k(Z, get="ck")
    mean, cov = gradient_descent_mse(k, X, y, Z, get="ck")
    np.testing.assert_allclose(mean, Kc @ np.linalg.solve(K, y), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(cov, Kz - Kc @ np.linalg.solve(K, Kc.T), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("get", ["ntk", "ck"])
def test_covariances_are_symmetric_psd_and_variances_agree(get):
    X, Z, y = _data(2)
    k = RecurrentKernel(**SETTINGS)
    times = [0.0, 0.1, 1.0, 10.0, np.inf]
    means, covs = gradient_descent_mse(k, X, y[:, 0], Z, t=times, get=get)
    assert means.shape == (5, 4) and covs.shape == (5, 4, 4)
    _, variances = gradient_descent_mse(k, X, y[:, 0], Z, t=times, get=get, full_covariance=False)
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
    model = InfiniteRNNRegressor(t=5.0, diag_reg=1e-3, **SETTINGS).fit(X, y[:, 0])
    mean, std = model.predict(Z, return_std=True)
    m, var = gradient_descent_mse(RecurrentKernel(**SETTINGS), X, y[:, 0], Z, t=5.0, diag_reg=1e-3)
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
    with pytest.raises(ValueError, match="get must be"):
        gradient_descent_mse(RecurrentKernel(), [np.ones(2)], [1.0], [np.ones(2)], get="nngp")


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
