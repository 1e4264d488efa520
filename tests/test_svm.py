import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import SVC

from reproduction.experiments.svm import SVMLog, cross_validated_accuracy, svm_predict


def _problem(n=60, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 5))
    y = np.array(["a", "b", "c"][:classes])[np.argmax(X[:, :classes] + 0.5 * rng.standard_normal((n, classes)), 1)]
    return X @ X.T + 0.1, y


@pytest.mark.parametrize("classes", [2, 3])
@pytest.mark.parametrize("C", [0.01, 1.0, 100.0])
def test_direct_libsvm_predicts_as_svc(classes, C):
    G, y = _problem(classes=classes)
    train, test = np.arange(40), np.arange(40, 60)
    expected = SVC(kernel="precomputed", C=C).fit(G[np.ix_(train, train)], y[train]).predict(G[np.ix_(test, train)])
    np.testing.assert_array_equal(svm_predict(G, y, train, test, C), expected)


def test_iteration_cap_is_recorded_as_svc_warns():
    G, y = _problem(n=80, seed=1)
    train, test = np.arange(60), np.arange(60, 80)
    log = SVMLog()
    svm_predict(G, y, train, test, 1000.0, max_iter=3, log=log)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        SVC(kernel="precomputed", C=1000.0, max_iter=3).fit(G[np.ix_(train, train)], y[train])
    assert log.fits == 1 and log.capped == 1 == len([w for w in caught if w.category is ConvergenceWarning])


def test_parallel_cross_validation_equals_serial_and_counts_failures():
    G, y = _problem()
    grams = np.stack([G, G * 2.0, np.eye(60)])
    folds = [(np.arange(60)[np.arange(60) % 3 != f], np.arange(60)[np.arange(60) % 3 == f]) for f in range(3)]
    folds.append((np.flatnonzero(y == "a"), np.flatnonzero(y != "a")))  # one class in training: fails
    serial, parallel = SVMLog(), SVMLog()
    a = cross_validated_accuracy(grams, y, folds, [0.1, 10.0], log=serial, n_jobs=1)
    b = cross_validated_accuracy(grams, y, folds, [0.1, 10.0], log=parallel, n_jobs=2)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (3, 2) and serial.fits == parallel.fits == 3 * 2 * 4
    assert serial.failed == parallel.failed == 3 * 2 and "one class" in serial.errors[0]
    assert np.all(a <= 0.75 + 1e-12)  # the failed fold scores 0


def test_bad_grams_are_refused():
    G, y = _problem()
    with pytest.raises(ValueError, match="matrix"):
        svm_predict(G[0], y, np.arange(5), np.arange(5, 10), 1.0)
    G[3, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cross_validated_accuracy(G[None], y, [(np.arange(30), np.arange(30, 60))], [1.0])
    with pytest.raises(ValueError, match="one class"):
        svm_predict(np.eye(4), np.array([0, 0, 1, 1]), np.arange(2), np.arange(2, 4), 1.0)


def test_edge_counts_counts_each_end_of_each_axis():
    from reproduction.experiments.svm import edge_counts

    chosen = [dict(C=0.01, sigma_w=1.0, depth=3), dict(C=100.0, sigma_w=2 ** 0.5, depth=3),
              dict(C=0.01, sigma_w=1.2, depth=3)]
    table = edge_counts(chosen, dict(C=(100.0, 0.01, 1.0), sigma_w=(1.0, 1.2, 2 ** 0.5), depth=(3,)))
    assert list(table.index) == ["C", "sigma_w"]  # a one-value axis has no edge
    assert table.loc["C", ["lowest", "highest", "searches"]].tolist() == [2, 1, 3]
    assert table.loc["sigma_w", ["lowest", "highest"]].tolist() == [1, 1]


def test_binding_edges_are_edges_chosen_on_most_searches_of_grids_of_three_or_more():
    from reproduction.experiments.svm import binding_edges, edge_counts

    chosen = [dict(C=0.01, depth=1, gamma=1.0)] * 3 + [dict(C=1.0, depth=2, gamma=1.0)]
    table = edge_counts(chosen, dict(C=(0.01, 1.0, 100.0), depth=(1, 2), gamma=(0.1, 1.0, 10.0)))
    assert binding_edges(table, dict(C=3, depth=2, gamma=3)) == [("C", "lowest")]  # depth: two values only
    assert binding_edges(table, dict(C=3, depth=2, gamma=3), share=0.8) == []
