import numpy as np
import pytest
from sklearn.linear_model import RidgeClassifier
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from rntk import RecurrentKernel
from rntk.approx import Nystroem
from rntk.estimators import SIGMA_W

from sequence_checks import NOT_FOR_SEQUENCES, check_features_per_step, columns_fixed, full_checks


@parametrize_with_checks([Nystroem(n_components=5, random_state=0)],
                         expected_failed_checks=lambda est: NOT_FOR_SEQUENCES)
def test_sklearn_transformer_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator, check", full_checks([Nystroem(n_components=5, random_state=0)]))
def test_sklearn_transformer_checks_in_full(estimator, check):
    """The expected failures above, in full except for their one statement on columns (sequence_checks)."""
    check(type(estimator).__name__, columns_fixed(estimator))


@pytest.mark.parametrize("estimator, method", [(Nystroem(n_components=5, random_state=0), "transform")])
def test_sklearn_transformer_features_per_step(estimator, method):
    check_features_per_step(estimator, method)


def ragged(rng, n, low=4, high=12):
    return [rng.standard_normal((t, 2)) for t in rng.integers(low, high, n)]


@pytest.mark.parametrize("get", ["ntk", "ck"])
def test_every_sequence_a_landmark_reproduces_the_kernel(get):
    rng = np.random.default_rng(0)
    X, Z = ragged(rng, 12), ragged(rng, 5)
    kernel = RecurrentKernel(sigma_w=1.2, sigma_b=0.3)
    features = Nystroem(kernel=kernel, get=get, n_components=12).fit(X)
    exact = kernel(Z, X, get=get)
    approx = features.transform(Z) @ features.transform(X).T
    np.testing.assert_allclose(approx, exact, rtol=0, atol=1e-9 * np.abs(exact).max())


def test_error_falls_with_more_landmarks_and_memory_is_n_by_m():
    rng = np.random.default_rng(1)  # smooth series: a kernel spectrum that decays, as on real data
    X = [np.sin(rng.uniform(0.5, 3) * np.linspace(0, 3, t) + rng.uniform(0, 6)) for t in rng.integers(10, 30, 120)]
    exact = RecurrentKernel(sigma_w=1.2)(X)
    errors = []
    for m in (5, 20, 80):
        phi = Nystroem(kernel=RecurrentKernel(sigma_w=1.2), n_components=m, random_state=0).fit_transform(X)
        assert phi.shape == (120, m)
        errors.append(np.linalg.norm(phi @ phi.T - exact) / np.linalg.norm(exact))
    assert errors[0] > errors[1] > errors[2] and errors[2] < 0.05


def test_repeated_landmarks_do_not_blow_up():
    x = np.sin(np.linspace(0, 3, 10))
    phi = Nystroem(n_components=4, random_state=0).fit_transform([x, x, x, x])
    assert np.all(np.isfinite(phi))
    np.testing.assert_allclose(phi @ phi.T, RecurrentKernel(sigma_w=SIGMA_W)([x] * 4, [x] * 4), rtol=1e-8)


def test_in_a_pipeline_with_a_linear_model():
    rng = np.random.default_rng(2)
    lengths = rng.integers(15, 30, 80)
    y = np.arange(80) % 2
    X = [np.sin((1 + 2 * c) * np.linspace(0, 3, t) + rng.uniform(0, 6)) for c, t in zip(y, lengths)]
    model = make_pipeline(Nystroem(n_components=30, random_state=0), RidgeClassifier(alpha=1e-3))
    model.fit(X[:60], y[:60])
    assert model.score(X[60:], y[60:]) >= 0.9


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="n_components"):
        Nystroem(n_components=0).fit(np.ones((3, 4)))
    fitted = Nystroem(n_components=2).fit(np.ones((3, 4, 2)))
    with pytest.raises(ValueError, match="features per step"):
        fitted.transform(np.ones((3, 4, 1)))


def test_nystroem_names_its_features():
    X = np.random.default_rng(0).standard_normal((8, 5))
    features = Nystroem(n_components=3, random_state=0).fit(X)
    assert list(features.get_feature_names_out()) == ["nystroem0", "nystroem1", "nystroem2"]


def test_more_components_than_samples_warns_as_scikit_learn_does():
    with pytest.warns(UserWarning, match=r"n_components \(50\) is more than the 20 training sequences"):
        features = Nystroem(n_components=50, random_state=0).fit(np.random.default_rng(0).standard_normal((20, 6)))
    assert features.components_.n == 20


def test_verbose_features_show_the_progress_of_their_grams(capsys):
    X = ragged(np.random.default_rng(9), 12)
    Nystroem(n_components=5, random_state=0, verbose=True).fit(X).transform(X[:3])
    err = capsys.readouterr().err
    assert "Gram 5x5" in err and "Gram 3x5" in err
