"""Bad input is refused before any work, with an error that names it; no run loses a computed result
to a failure that could have been seen at its start."""

import threading

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from rntk import RecurrentKernel
from rntk.approx import Nystroem
from rntk.predict import InfiniteRNNRegressor, gradient_descent_mse, transfer
from rntk.sequences import Sequences

NOT_FOR_SEQUENCES = {
    "check_n_features_in": "sequences of any length are valid input: no fixed number of columns",
    "check_n_features_in_after_fitting": "sequences of any length are valid input: no fixed number of columns",
    "check_dtype_object": "object arrays are refused with a TypeError naming the dtype, never cast (a design choice)",
}


@parametrize_with_checks([InfiniteRNNRegressor(diag_reg=1e-6)], expected_failed_checks=lambda est: NOT_FOR_SEQUENCES)
def test_infinite_regressor_passes_sklearn_checks(estimator, check):
    check(estimator)


def _no_gram(monkeypatch):
    """Make every Gram computation fail the test: the refusal must come first."""
    def refuse(*args, **kwargs):
        raise AssertionError("a Gram was computed before the input was checked")
    monkeypatch.setattr(RecurrentKernel, "_kernels", refuse)


def test_dask_gram_refuses_ragged_input_for_per_step_readouts_before_building_the_graph():
    from rntk.distributed import gram

    with pytest.raises(ValueError, match="needs sequences of one length"):
        gram(RecurrentKernel(architecture="avg"), [np.ones(3), np.ones(5)])


def test_a_store_is_claimed_before_any_tile_so_a_second_run_fails_at_once(tmp_path):
    from rntk.distributed import gram

    X = np.random.default_rng(0).standard_normal((60, 40))
    store = tmp_path / "gram.zarr"
    first = {}
    thread = threading.Thread(target=lambda: first.setdefault("G", gram(RecurrentKernel(), X, block_size=10,
                                                                         store=store)))
    thread.start()
    while not (tmp_path / "gram.zarr.partial" / "gram.json").exists() and thread.is_alive():
        pass
    with pytest.raises(FileExistsError, match="another run is writing it"):
        gram(RecurrentKernel(), X, block_size=10, store=store)
    thread.join()
    np.testing.assert_allclose(np.asarray(first["G"]), RecurrentKernel()(X), rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gram.zarr"]  # nothing half-written beside it


def test_a_failed_store_keeps_its_finished_tiles_and_the_next_call_computes_only_the_others(tmp_path, monkeypatch):
    import dask

    from rntk import distributed

    X = np.random.default_rng(1).standard_normal((40, 12))
    store, written = tmp_path / "g.zarr", []
    real = distributed._write_tile

    def failing(*args):
        if len(written) == 4:
            raise RuntimeError("worker lost")
        written.append(args[5])
        real(*args)

    monkeypatch.setattr(distributed, "_write_tile", failing)
    with pytest.raises(RuntimeError, match="worker lost"), dask.config.set(scheduler="synchronous"):
        distributed.gram(RecurrentKernel(), X, block_size=10, store=store)  # one tile at a time: four written
    kept = {p.name for p in (tmp_path / "g.zarr.partial" / "done").iterdir()}
    assert len(kept) == 4 and not store.exists()
    with pytest.raises(FileExistsError, match="holds the tiles of another Gram"):
        distributed.gram(RecurrentKernel(sigma_w=1.2), X, block_size=10, store=store)
    resumed = []
    monkeypatch.setattr(distributed, "_write_tile", lambda *args: resumed.append(args[5]) or real(*args))
    G = distributed.gram(RecurrentKernel(), X, block_size=10, store=store)
    assert len(resumed) == 10 - 4 and not {f"{i}-{j}" for i, j in resumed} & kept  # 10 tiles on and above the diagonal
    np.testing.assert_allclose(np.asarray(G), RecurrentKernel()(X), rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.zarr"]


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
    _no_gram(monkeypatch)
    args = dict(y=[1.0, 2.0, 3.0], t=1.0, diag_reg=0.0) | kwargs
    X = [np.ones(4), np.ones(3), np.ones(5)]
    with pytest.raises(ValueError, match=message):
        gradient_descent_mse(RecurrentKernel(), X, args["y"], X[:2], t=args["t"], diag_reg=args["diag_reg"])


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


@pytest.mark.parametrize("activation", ["relu", "erf", "sin", "identity", "tanh"])
@pytest.mark.parametrize("architecture", ["rnn", "bi", "avg", "bi-avg", "avg-shared"])
def test_self_gram_diagonal_agrees_with_the_pairwise_path(activation, architecture):
    # With sigma_h = 0, k(X)[i, i] (closed form at correlation one) and k(X, X)[i, i] (the pairwise
    # formula) are the same number; ReLU's arccos had turned rounding into a 1e-8 error.
    steps = 6 if activation == "tanh" else 40
    X = np.random.default_rng(1).standard_normal((4, steps, 2))
    for sigma_w in (1.0, np.sqrt(2.0), 1.5):
        k = RecurrentKernel(activation=activation, architecture=architecture, sigma_w=sigma_w, sigma_b=0.3)
        for own, cross in zip(k(X, get=("ck", "ntk")), k(X, X, get=("ck", "ntk"))):
            np.testing.assert_allclose(np.diag(cross), np.diag(own), rtol=1e-12, atol=0)


def test_sequences_built_by_hand_are_validated():
    values = np.full((2, 3, 1), np.nan)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN or inf"):
        RecurrentKernel()(Sequences(values, np.array([3, 3])))
    with pytest.raises(ValueError, match="lengths must lie in 1..3"):
        RecurrentKernel()(Sequences(np.ones((2, 3, 1)), np.array([3, 4])))
    with pytest.raises(ValueError, match=r"values must be \(N, T, m\)"):
        RecurrentKernel()(Sequences(np.ones((2, 3)), np.array([3, 3])))


def test_nystroem_names_its_features():
    X = np.random.default_rng(0).standard_normal((8, 5))
    features = Nystroem(n_components=3, random_state=0).fit(X)
    assert list(features.get_feature_names_out()) == ["nystroem0", "nystroem1", "nystroem2"]


def _not_a_folder(tmp_path):
    """A path under a file: no directory can be made there (also as root)."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    return blocker / "results"


def _no_units(monkeypatch, module, *names):
    for name in names:
        monkeypatch.setattr(module, name, lambda *a, **k: pytest.fail("a unit started before the check"))


def _refused(capsys, main, argv) -> str:
    """What ``main(argv)`` printed to stderr, once it has exited with argparse's status 2."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_ucr_runner_checks_its_arguments_and_results_folder_first(tmp_path, monkeypatch, capsys):
    from reproduction.experiments import ucr

    _no_units(monkeypatch, ucr, "run_units", "load_ucr")
    assert "invalid choice: 'Foo'" in _refused(capsys, ucr.main, ["Coffee", "--methods", "Foo"])
    assert "NoSuchSet" in _refused(capsys, ucr.main, ["NoSuchSet", "--methods", "RBF"])
    monkeypatch.setattr(ucr, "RESULTS", _not_a_folder(tmp_path))
    err = _refused(capsys, ucr.main, ["Coffee", "--methods", "RBF"])
    assert "is not writable" in err and "Traceback" not in err


def test_uci_and_regression_runners_check_their_results_folder_first(tmp_path, monkeypatch, capsys):
    from reproduction.experiments import regression, uci

    _no_units(monkeypatch, uci, "run_units", "cached_run")
    _no_units(monkeypatch, regression, "cached_setting", "cached_choices")
    for module in (uci, regression):
        monkeypatch.setattr(module, "RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, uci.main, ["abalone"])
    assert "is not writable" in _refused(capsys, regression.main, ["a"])
    assert "unknown panel 'z'; Fig. 4's panels are a, b, c, d" in _refused(capsys, regression.main, ["z"])
    assert "no-such-set" in _refused(capsys, uci.main, ["no-such-set"])


def test_the_regression_runner_starts_as_the_readme_shows_it(tmp_path, monkeypatch):
    """With no arguments it runs every panel (argparse once refused its own default list)."""
    from reproduction.experiments import regression

    ran = []
    monkeypatch.setattr(regression, "RESULTS", tmp_path)
    monkeypatch.setattr(regression, "cached_setting", lambda setting, repetitions, *a, **k: ran.append(setting))
    regression.main([])
    assert ran == [s for name in regression.FIGURES for s in regression.FIGURES[name][2]]
    ran.clear()
    regression.main(["b", "--repetitions", "3"])
    assert ran == list(regression.FIGURES["b"][2])


def test_runners_check_every_folder_they_write_and_their_numbers_first(tmp_path, monkeypatch, capsys):
    """A read-only data-set folder below a writable results folder, --jobs 0 and folds out of range or
    named twice are refused before the first unit; so are the scaling and training runners' folders."""
    from reproduction.experiments import scaling, ucr, ucr_seeds, ucr_training

    _no_units(monkeypatch, ucr, "run_units", "load_ucr")
    monkeypatch.setattr(ucr, "RESULTS", tmp_path)
    (tmp_path / "ucr").mkdir()
    (tmp_path / "ucr" / "Coffee").write_text("")  # Coffee's folder cannot be made: a file has its name
    err = _refused(capsys, ucr.main, ["Coffee", "--methods", "RBF"])
    assert "ucr/Coffee is not writable" in err
    assert "0 threads: give a positive number, or -1" in _refused(capsys, ucr.main, ["Beef", "--jobs", "0"])
    folds = ["Beef", "--methods", "GRU", "--fold-parts", "--folds"]
    assert "fold 99 is not among the folds 0..4" in _refused(capsys, ucr.main, folds + ["99"])
    assert "fold -7 is not among the folds 0..4" in _refused(capsys, ucr.main, folds + ["1", "-7"])
    assert "names a fold twice" in _refused(capsys, ucr.main, folds + ["1", "1"])
    assert "0 threads" in _refused(capsys, ucr_seeds.main, ["Beef", "--jobs", "0"])
    _no_units(monkeypatch, scaling, "cached_measure")
    monkeypatch.setattr(scaling, "RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, scaling.main, [])
    _no_units(monkeypatch, ucr_training, "cached_curves")
    monkeypatch.setattr(ucr_training, "DIAGNOSIS_RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, ucr_training.main, ["Coffee"])
    assert "NoSuchSet" in _refused(capsys, ucr_training.main, ["NoSuchSet"])


def test_a_unit_whose_folder_cannot_be_written_fails_before_it_is_computed(tmp_path):
    from reproduction.cache import cached_json

    with pytest.raises(OSError, match=r"cannot write the unit .*unit\.json .*nothing was computed"):
        cached_json(_not_a_folder(tmp_path) / "unit.json", lambda: pytest.fail("computed before the check"), {})
