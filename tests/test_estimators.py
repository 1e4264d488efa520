import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from rntk import RecurrentKernel
from rntk.estimators import RNTKClassifier, RNTKKernel, RNTKRegressor

from sequence_checks import NOT_FOR_SEQUENCES, check_features_per_step, columns_fixed, full_checks


@parametrize_with_checks([RNTKClassifier(), RNTKRegressor()], expected_failed_checks=lambda est: NOT_FOR_SEQUENCES)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator, check", full_checks([RNTKClassifier(), RNTKRegressor()]))
def test_sklearn_estimator_checks_in_full(estimator, check):
    """The expected failures above, in full except for their one statement on columns (sequence_checks)."""
    check(type(estimator).__name__, columns_fixed(estimator))


@pytest.mark.parametrize("estimator, method", [(RNTKClassifier(), "decision_function"), (RNTKRegressor(), "predict")])
def test_sklearn_estimator_features_per_step(estimator, method):
    check_features_per_step(estimator, method)


def ragged_two_class(rng, n):
    """Class 0: slow sines, class 1: fast sines, lengths 10-30, random phase."""
    X, y = [], []
    for i in range(n):
        t = np.arange(rng.integers(10, 31))
        freq = 0.2 if i % 2 == 0 else 0.9
        X.append(np.sin(freq * t + rng.uniform(0, 6)) + 0.1 * rng.standard_normal(len(t)))
        y.append(i % 2)
    return X, np.array(y)


def test_classifier_on_sequences_of_different_lengths_with_grid_search():
    rng = np.random.default_rng(0)
    X, y = ragged_two_class(rng, 60)
    estimator = RNTKClassifier(kernel=RecurrentKernel(architecture="avg-shared"))
    search = GridSearchCV(estimator, {"C": [0.1, 10], "kernel__sigma_w": [1.0, 1.4]}, cv=3)
    search.fit(X, y)
    X_test, y_test = ragged_two_class(rng, 40)
    assert search.score(X_test, y_test) > 0.8
    assert search.best_estimator_.kernel.sigma_w == search.best_params_["kernel__sigma_w"]
    assert estimator.kernel.sigma_w == 1.0  # the search changed clones, not the estimator it was given


def test_classifier_equals_precomputed_svc():
    rng = np.random.default_rng(1)
    X, y = ragged_two_class(rng, 30)
    est = RNTKClassifier(kernel=RecurrentKernel(sigma_w=1.2), C=3.0).fit(X, y)
    k = RecurrentKernel(sigma_w=1.2)
    svc = SVC(kernel="precomputed", C=3.0).fit(k(X), y)
    np.testing.assert_array_equal(est.predict(X[:7]), svc.predict(k(X[:7], X)))


def test_regressor_and_callable_kernel():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 8))
    y = X[:, -1] + 0.5 * X[:, -2]
    reg = RNTKRegressor(alpha=1e-3).fit(X, y)
    assert reg.score(X, y) > 0.9
    svc = SVC(kernel=RNTKKernel(RecurrentKernel(sigma_w=1.0))).fit(X, (y > 0).astype(int))
    assert svc.score(X, (y > 0).astype(int)) > 0.8


def test_gram_is_reused_when_only_C_changes(monkeypatch):
    rng = np.random.default_rng(3)
    X, y = ragged_two_class(rng, 20)
    calls = []
    original = RecurrentKernel.__call__
    monkeypatch.setattr(RecurrentKernel, "__call__", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    for C in (0.1, 1.0, 10.0):
        RNTKClassifier(kernel=RecurrentKernel(sigma_b=0.123), C=C).fit(X, y)
    assert len(calls) == 1


def test_feature_dimension_mismatch_is_named():
    rng = np.random.default_rng(4)
    est = RNTKClassifier().fit(rng.standard_normal((6, 5, 2)), [0, 1] * 3)
    with pytest.raises(ValueError, match="features per step"):
        est.predict(rng.standard_normal((2, 5, 3)))


def test_aeon_classifier_on_unequal_length_multivariate_collections():
    from rntk.aeon_estimators import RNTKAeonClassifier

    rng = np.random.default_rng(5)
    X, y = ragged_two_class(rng, 40)
    cases = [np.stack([x, 0.5 * x]) for x in X]  # two channels, unequal lengths
    clf = RNTKAeonClassifier(kernel=RecurrentKernel(architecture="avg-shared"), C=10.0).fit(cases[:30], y[:30])
    assert clf.get_tag("capability:unequal_length") and clf.get_tag("capability:multivariate")
    assert np.mean(clf.predict(cases[30:]) == y[30:]) >= 0.8


def test_aeon_regressor_on_a_3d_collection():
    from rntk.aeon_estimators import RNTKAeonRegressor

    rng = np.random.default_rng(6)
    X = rng.standard_normal((30, 1, 6))
    y = X[:, 0, -1]
    reg = RNTKAeonRegressor(alpha=1e-3).fit(X, y)
    assert np.corrcoef(reg.predict(X), y)[0, 1] > 0.95


def test_fit_checks_y_before_any_gram_and_refuses_a_single_class(monkeypatch):
    from rntk import RecurrentKernel

    def refuse(*args, **kwargs):
        raise AssertionError("a Gram was computed before y was checked")

    monkeypatch.setattr(RecurrentKernel, "_kernels", refuse)
    X = np.random.default_rng(0).standard_normal((4, 6))
    with pytest.raises(ValueError, match="X holds 4 sequences but y has 3 targets"):
        RNTKClassifier().fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="only one class: 1"):
        RNTKClassifier().fit(X, [1, 1, 1, 1])
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        RNTKRegressor().fit(X, [0.0, np.nan, 1.0, 2.0])
    y = [0, 1, 0, 1]
    for wrong, match in ((dict(C=-1.0), "'C' parameter"), (dict(C=0.0), "'C' parameter"),
                         (dict(class_weight="bogus"), "'class_weight' parameter"),
                         (dict(probability="yes"), "'probability' parameter")):
        with pytest.raises(ValueError, match=match):
            RNTKClassifier(**wrong).fit(X, y)
    with pytest.raises(ValueError, match="'alpha' parameter"):
        RNTKRegressor(alpha=-1.0).fit(X, [0.0, 1.0, 2.0, 3.0])


def test_predict_proba_by_platt_scaling_when_asked():
    from rntk.aeon_estimators import RNTKAeonClassifier

    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(0, 1, (20, 8)), rng.normal(3, 1, (20, 8))])
    y = np.repeat(["a", "b"], 20)
    assert not hasattr(RNTKClassifier(), "predict_proba")  # as SVC(probability=False)
    model = RNTKClassifier(kernel=RecurrentKernel(sigma_w=1.4), probability=True).fit(X, y)
    p = model.predict_proba(X)
    assert p.shape == (40, 2) and np.allclose(p.sum(axis=1), 1) and list(model.classes_) == ["a", "b"]
    assert np.mean(model.classes_[p.argmax(axis=1)] == y) > 0.9
    aeon = RNTKAeonClassifier(kernel=RecurrentKernel(sigma_w=1.4), probability=True).fit(X[:, None, :], y)
    np.testing.assert_allclose(aeon.predict_proba(X[:, None, :]), p)
    hard = RNTKAeonClassifier(kernel=RecurrentKernel(sigma_w=1.4)).fit(X[:, None, :], y).predict_proba(X[:, None, :])
    assert set(np.unique(hard)) <= {0.0, 1.0}


def test_a_classifier_that_predicts_one_class_on_its_training_data_warns():
    """Classes told apart only by the first 10 of 150 steps: with sigma_w = 0.5 (and a bias) the kernel has
    forgotten them (the Gram is constant), and the fitted SVM predicts one class; at the default, sqrt(2), it
    does not."""
    import warnings

    y = np.repeat([0, 1], 10)
    X = np.zeros((20, 150))
    X[:, :10] = np.where(y[:, None] == 1, 1.0, -1.0)
    with pytest.warns(UserWarning, match=r"predicts one class, 1, for every training sequence; with ReLU and sigma_w = 0.5"):
        RNTKClassifier(kernel=RecurrentKernel(sigma_w=0.5, sigma_b=0.5)).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert RNTKClassifier(kernel=RecurrentKernel(sigma_w=np.sqrt(2), sigma_b=0.5)).fit(X, y).score(X, y) == 1.0


def test_the_default_sigma_w_is_the_one_cross_validation_chose_most_often_on_ucr():
    from collections import Counter

    from reproduction.data import UCR_AVAILABLE
    from reproduction.experiments import ucr
    from rntk.estimators import SIGMA_W

    chosen = Counter(r["chosen"]["sigma_w"] for r in ucr.stored_results(UCR_AVAILABLE, ["RNTK"]).values())
    assert sum(chosen.values()) == len(UCR_AVAILABLE) and chosen.most_common(1)[0][0] == pytest.approx(SIGMA_W)


def test_one_kernel_object_is_a_parameter_like_scikit_learns():
    """RecurrentKernel has get_params / set_params, clones and compares equal by its settings; an estimator
    without one uses RecurrentKernel(sigma_w=sqrt(2)); get="nngp" is the CK; a wrong kernel is named."""
    from sklearn.base import clone

    from rntk.estimators import SIGMA_W

    k = RecurrentKernel(sigma_w=1.2, architecture="bi")
    assert clone(k) == k and clone(k) is not k and k != RecurrentKernel(sigma_w=1.3, architecture="bi")
    assert k.get_params()["sigma_w"] == 1.2 and k.set_params(sigma_b=0.2).sigma_b == 0.2
    with pytest.raises(ValueError, match="unknown setting 'sigma_x' of RecurrentKernel"):
        k.set_params(sigma_x=1.0)
    est = RNTKClassifier(kernel=RecurrentKernel())
    assert "kernel__sigma_w" in est.get_params(deep=True)
    est.set_params(kernel__sigma_w=1.3, C=2.0)
    assert est.kernel.sigma_w == 1.3 and est.C == 2.0
    X, y = ragged_two_class(np.random.default_rng(5), 20)
    assert RNTKClassifier().fit(X, y).kernel_ == RecurrentKernel(sigma_w=SIGMA_W)
    ck = RNTKClassifier(get="ck").fit(X, y).decision_function(X)
    np.testing.assert_array_equal(RNTKClassifier(get="nngp").fit(X, y).decision_function(X), ck)
    with pytest.raises(TypeError, match="kernel must be a rntk.RecurrentKernel"):
        RNTKClassifier(kernel="rbf").fit(X, y)
    with pytest.raises(ValueError, match="get must be 'ntk', 'ck' or 'nngp'"):
        RNTKRegressor(get="cntk").fit(X, y.astype(float))


def test_the_gram_cache_is_bounded_by_bytes():
    from rntk.estimators import _GramCache
    from rntk.sequences import as_sequences

    cache = _GramCache(max_bytes=2 * 8 * 4)  # two 2 x 2 float64 Grams
    for i in range(4):
        cache.get(as_sequences([np.ones(3) * i, np.ones(4)]), RecurrentKernel(), "ntk")
    assert len(cache.items) == 2
    big = _GramCache(max_bytes=1)
    big.get(as_sequences([np.ones(3), np.ones(4)]), RecurrentKernel(), "ntk")
    assert len(big.items) == 1  # the newest Gram is kept even above the bound


def test_kernel_settings_reach_a_default_kernel_and_a_fit_keeps_its_own():
    """kernel__sigma_w on an estimator left at kernel=None gives it the default kernel first; changing the
    kernel or get after fit changes nothing until the next fit; a refused set_params changes nothing."""
    import jax
    from sklearn.base import clone

    X, y = ragged_two_class(np.random.default_rng(7), 24)
    search = GridSearchCV(RNTKClassifier(), {"kernel__sigma_w": [1.2, 1.4], "C": [1.0, 10.0]}, cv=3).fit(X, y)
    assert search.best_estimator_.kernel.sigma_w in (1.2, 1.4)
    model = RNTKClassifier(kernel=RecurrentKernel(sigma_w=1.2)).fit(X, y)
    before = model.decision_function(X)
    model.set_params(kernel__sigma_w=0.3, get="ck")
    np.testing.assert_array_equal(model.decision_function(X), before)
    k = RecurrentKernel()
    with pytest.raises(ValueError, match="closed-form dual"):
        k.set_params(activation="tanh", dtype="float32")
    assert k.activation.name == "relu" and k.get_params()["activation"] == "relu"
    assert RecurrentKernel(sigma_w=1) == RecurrentKernel(sigma_w=1.0)
    with pytest.raises(TypeError, match="unhashable"):
        hash(k)
    placed = RNTKClassifier(kernel=RecurrentKernel(devices=jax.devices()))
    assert clone(placed).kernel.devices == jax.devices()  # devices do not deep-copy: the clone shares them


def test_predict_proba_follows_the_last_fit():
    from sklearn.exceptions import NotFittedError

    X, y = ragged_two_class(np.random.default_rng(8), 30)
    model = RNTKClassifier(probability=True).fit(X, y)
    model.set_params(probability=False).fit(X[:20], y[:20])
    model.set_params(probability=True)
    with pytest.raises(NotFittedError, match="fitted without it"):
        model.predict_proba(X)


def test_verbose_estimators_show_the_progress_of_their_grams(capsys):
    rng = np.random.default_rng(13)
    X, y = ragged_two_class(rng, 12)
    RNTKClassifier(kernel=RecurrentKernel(sigma_b=0.321), verbose=True).fit(X, y).predict(X[:3])
    err = capsys.readouterr().err
    assert "Gram 12x12" in err and "Gram 3x12" in err
    RNTKRegressor(kernel=RecurrentKernel(sigma_b=0.321)).fit(X, y).predict(X[:3])
    assert capsys.readouterr().err == ""
