import numpy as np
import pytest

from reproduction.cache import store_json
from reproduction.experiments import ucr, ucr_networks, ucr_protocol


def test_unit_norm():
    X = np.random.default_rng(0).standard_normal((5, 7))
    np.testing.assert_allclose(np.linalg.norm(ucr_protocol.unit_norm(X), axis=1), 1.0)


@pytest.mark.parametrize("method", ucr_protocol.KERNEL_METHODS)
def test_each_kernel_method_on_a_small_dataset(method):
    r = ucr.run_kernel_method("SmoothSubspace", method, ucr_protocol.QUICK_GRID)
    assert 50 <= r["accuracy"] <= 100 and r["chosen"]["C"] in ucr_protocol.QUICK_GRID.C
    assert r["svm_fits"] == len(ucr_protocol.QUICK_GRID.C) * ucr_protocol.QUICK_GRID.folds + 1


def test_the_grid_never_overflows_relu():
    """The grid's largest sigma_w keeps the RNTK finite on a series as long as the longest of the archive."""
    from rntk import RecurrentKernel
    from reproduction.data import UCR_AVAILABLE, ucr_summary

    size = ucr_summary().set_index("dataset").loc[list(UCR_AVAILABLE)]
    X = np.ones((2, int(size["length"].max())))
    G = RecurrentKernel(sigma_w=max(ucr_protocol.FULL_GRID.sigma_w), sigma_b=max(ucr_protocol.FULL_GRID.sigma_b))(X)
    assert np.all(np.isfinite(G)) and G.max() < 1e6


@pytest.mark.parametrize("method", list(ucr_protocol.NETWORK_METHODS))
def test_each_trained_network_on_a_small_dataset(method):
    r = ucr_networks.run_network("SmoothSubspace", method, ucr_protocol.QUICK_GRID)
    # SmoothSubspace's 150 test series at a fixed seed: the Gaussian RNN and the GRU well above chance (1/3),
    # the IRNN at chance with this little training
    test, train = {"GaussianRNN": (92, 70.83333333333334), "IdentityRNN": (50, 33.33333333333333),
                   "GRU": (91, 60.83333333333333)}[method]
    assert r["accuracy"] == pytest.approx(test / 150 * 100) and r["train_accuracy"] == pytest.approx(train)
    assert r["chosen"]["hidden"] == 16 and 1 <= r["chosen"]["best_epoch"] <= r["chosen"]["epochs"] <= 10
    assert len(r["history"]["val_loss"]) == r["chosen"]["epochs"] + 1 and len(r["cv_grid"]) == 2
    assert r["chance"] == pytest.approx(100 / 3, abs=1)  # SmoothSubspace: 3 balanced classes


def test_batches_give_small_training_sets_several_updates_an_epoch():
    ours, first = ucr_protocol.FULL_GRID.networks, ucr_protocol.EARLY_STOPPED_GRID.networks
    assert ucr_networks.batch_size(1000, ours) == 32 and ucr_networks.batch_size(22, ours) == 4
    assert ucr_networks.batch_size(3, ours) == 1 and ucr_networks.batch_size(22, first) == 32


def test_the_network_inputs_have_unit_mean_square_steps():
    X = np.random.default_rng(0).standard_normal((3, 50)) * 7
    Z = ucr_networks.network_inputs(X)
    assert Z.shape == (3, 50, 1)
    np.testing.assert_allclose((Z[..., 0] ** 2).mean(axis=1), 1.0)


def test_each_method_is_keyed_by_its_own_grid_fields():
    kernel, network = ucr_protocol.cache_params("RNTK", ucr_protocol.FULL_GRID), ucr_protocol.cache_params("GRU", ucr_protocol.FULL_GRID)
    assert "C" in kernel and "sigma_w" in kernel and not any(k.startswith("net_") for k in kernel)
    assert set(network) == {k for k in ucr_protocol.cache_params("GRU", ucr_protocol.QUICK_GRID)} and all(k.startswith("net_") for k in network)
    assert ucr_protocol.cache_params("NTK", ucr_protocol.FULL_GRID) == kernel
    # the networks' settings keep the keys their caches were written with
    assert network["net_patience"] == ucr_protocol.FULL_GRID.networks.patience == 20 and len(network) == 11
    changed = ucr_protocol.FULL_GRID.with_networks(patience=5)
    assert ucr_protocol.cache_params("RNTK", changed) == kernel and ucr_protocol.cache_params("GRU", changed) != network


def test_normalised_grid_wraps_every_kernel_and_keys_the_cache():
    from dataclasses import replace

    grid = replace(ucr_protocol.QUICK_GRID, normalise=True)
    settings = list(ucr.kernel_settings("RNTK", grid))
    assert len(settings) == 1 and repr(settings[0][1]).startswith("Normalised(")
    X = np.random.default_rng(0).standard_normal((4, 9))
    np.testing.assert_allclose(np.diag(settings[0][1](X)), 1.0, rtol=1e-12)
    assert ucr_protocol.cache_params("RNTK", grid) != ucr_protocol.cache_params("RNTK", ucr_protocol.QUICK_GRID)
    assert max(ucr_protocol.SIGMA_W_GRID.sigma_w) ** 2 / 2 < 1.3  # (sigma_w^2/2)^900 stays far below overflow


def test_grid_axes_name_every_searched_setting():
    for method in ucr_protocol.KERNEL_METHODS:
        axes = ucr.grid_axes(method, ucr_protocol.PAPER_GRID)
        assert axes["C"] == ucr_protocol.PAPER_GRID.C
        names = {k for p, _ in ucr.kernel_settings(method, ucr_protocol.PAPER_GRID) for k in p}
        assert names == set(axes) - {"C"}
    with pytest.raises(ValueError, match="unknown kernel method"):
        ucr.grid_axes("SVM", ucr_protocol.PAPER_GRID)


def test_a_network_unit_resumes_from_its_parts_and_removes_them(tmp_path, monkeypatch):
    """Stopped after its cross-validation, a unit resumes from the cached architectures (only the refit
    trains again), ends with the result of an uninterrupted run, and leaves only its cache file."""
    from dataclasses import replace

    import rntk.trained as trained

    grid = ucr_protocol.QUICK_GRID.with_networks(hidden=(4, 8))
    whole = ucr_networks.run_network("SmoothSubspace", "GRU", grid)
    fit_classifier, fit_replicas = trained.fit_classifier, trained.fit_replicas

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(trained, "fit_classifier", stopped)
    with pytest.raises(KeyboardInterrupt):
        ucr.cached_method("SmoothSubspace", "GRU", grid, directory=tmp_path)
    parts = tmp_path / "SmoothSubspace" / "GRU.partial"
    assert sorted(p.name for p in parts.iterdir()) == ["L1-H4.json", "L1-H8.json"]

    replicas = []

    def counted(model, X, y, train_masks, *args, **kwargs):
        replicas.append(len(np.atleast_2d(train_masks)))
        return fit_replicas(model, X, y, train_masks, *args, **kwargs)

    monkeypatch.setattr(trained, "fit_classifier", fit_classifier)
    monkeypatch.setattr(trained, "fit_replicas", counted)
    resumed = ucr.cached_method("SmoothSubspace", "GRU", grid, directory=tmp_path)
    assert replicas == [1]  # the refit alone
    assert {k: v for k, v in resumed.items() if k != "seconds"} == {k: v for k, v in whole.items() if k != "seconds"}
    assert sorted(p.name for p in (tmp_path / "SmoothSubspace").iterdir()) == ["GRU.json"]


def test_fold_parts_cross_validate_as_all_folds_together_and_resume_fold_by_fold(tmp_path, monkeypatch):
    """With ``fold_parts``, each fold trains as a program of its own and is cached as a part: stopped after
    one fold, the cross-validation resumes with the others only, and ends with the result of all folds
    trained together in one program."""
    from dataclasses import replace

    import rntk.trained as trained
    from reproduction.data import load_ucr

    grid = ucr_protocol.QUICK_GRID.with_networks(folds=3, hidden=(4,))
    X, y, _, _ = load_ucr("SmoothSubspace")
    X, y = ucr_networks.network_inputs(X), np.unique(y, return_inverse=True)[1]
    together = ucr_networks.network_cv(X, y, "GRU", 1, 4, grid)
    fit_replicas, replicas = trained.fit_replicas, []

    def stopped_after_one(model, X, y, train_masks, *args, **kwargs):
        if replicas:
            raise KeyboardInterrupt
        replicas.append(len(train_masks))
        return fit_replicas(model, X, y, train_masks, *args, **kwargs)

    monkeypatch.setattr(trained, "fit_replicas", stopped_after_one)
    with pytest.raises(KeyboardInterrupt):
        ucr_networks.network_cv(X, y, "GRU", 1, 4, grid, work=tmp_path, fold_parts=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["L1-H4-F0.json"]

    def counted(model, X, y, train_masks, *args, **kwargs):
        replicas.append(len(train_masks))
        return fit_replicas(model, X, y, train_masks, *args, **kwargs)

    monkeypatch.setattr(trained, "fit_replicas", counted)
    parted = ucr_networks.network_cv(X, y, "GRU", 1, 4, grid, work=tmp_path, fold_parts=True)
    rates = len(grid.networks.learning_rate)
    assert replicas == [rates] * 3  # one fold's learning rates per program; fold 0 was not trained again
    assert (tmp_path / "L1-H4.json").exists()
    assert parted["learning_rate"] == together["learning_rate"] and parted["mean_epochs"] == together["mean_epochs"]
    np.testing.assert_allclose(parted["accuracy"], together["accuracy"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(parted["loss"], together["loss"], rtol=1e-9)


def test_fold_parts_without_a_folder_to_keep_them_is_refused():
    X, y = np.zeros((6, 3, 1)), np.array([0, 1] * 3)
    with pytest.raises(ValueError, match="fold_parts=True needs work"):
        ucr_networks.network_cv(X, y, "GRU", 1, 4, ucr_protocol.QUICK_GRID, fold_parts=True)


def test_runners_split_a_unit_by_folds_and_the_last_run_only_refits(tmp_path, monkeypatch):
    """Two runners each train some folds of every architecture (``network_fold_parts``); neither caches the
    unit. A run without ``folds`` then finds every part cached, trains only the refit, and ends with the
    result of one runner training every part in turn."""
    from dataclasses import replace

    import rntk.trained as trained

    grid = ucr_protocol.QUICK_GRID.with_networks(folds=3, hidden=(4, 8))
    whole = ucr.cached_method("SmoothSubspace", "GRU", grid, directory=tmp_path / "one", fold_parts=True)
    fit_replicas, replicas = trained.fit_replicas, []

    def counted(model, X, y, train_masks, *args, **kwargs):
        replicas.append(len(np.atleast_2d(train_masks)))
        return fit_replicas(model, X, y, train_masks, *args, **kwargs)

    monkeypatch.setattr(trained, "fit_replicas", counted)
    parts = tmp_path / "SmoothSubspace" / "GRU.partial"
    assert ucr_networks.network_fold_parts("SmoothSubspace", "GRU", [2], grid, directory=tmp_path)["folds"] == [2]
    assert sorted(p.name for p in parts.glob("*.json")) == ["L1-H4-F2.json", "L1-H8-F2.json"]
    ucr_networks.network_fold_parts("SmoothSubspace", "GRU", [0, 1, 2], grid, directory=tmp_path)
    rates = len(grid.networks.learning_rate)
    assert replicas == [rates] * 6  # folds 0 and 1 of both architectures; fold 2 was not trained again
    assert not (tmp_path / "SmoothSubspace" / "GRU.json").exists()
    replicas.clear()
    split = ucr.cached_method("SmoothSubspace", "GRU", grid, directory=tmp_path, fold_parts=True)
    assert replicas == [1]  # the refit alone
    assert {k: v for k, v in split.items() if k != "seconds"} == {k: v for k, v in whole.items() if k != "seconds"}
    replicas.clear()
    ucr_networks.network_fold_parts("SmoothSubspace", "GRU", [0], grid, directory=tmp_path)  # the unit is cached
    assert replicas == [] and not parts.exists()


def test_folds_must_be_parts_and_among_the_folds(tmp_path):
    X, y = np.zeros((6, 3, 1)), np.array([0, 1] * 3)
    grid = ucr_protocol.QUICK_GRID
    with pytest.raises(ValueError, match="folds needs fold_parts=True"):
        ucr_networks.network_cv(X, y, "GRU", 1, 4, grid, work=tmp_path, folds=[0])
    with pytest.raises(ValueError, match=r"folds \[2, 5\] are not among this cross-validation's folds 0..1"):
        ucr_networks.network_cv(X, y, "GRU", 1, 4, grid, work=tmp_path, fold_parts=True, folds=[0, 2, 5])
    assert list(tmp_path.iterdir()) == []


def test_the_runner_splits_units_by_folds_only_for_networks_kept_as_fold_parts(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(ucr, "network_fold_parts", lambda **unit: calls.append(unit) or
                        dict(dataset=unit["name"], method=unit["method"], folds=unit["folds"]))
    for argv in (["Coffee", "--methods", "GRU", "--folds", "0"],
                 ["Coffee", "--methods", "GRU", "RNTK", "--fold-parts", "--folds", "0"]):
        monkeypatch.setattr("sys.argv", ["ucr", "ours", *argv])
        with pytest.raises(SystemExit, match="--folds splits the trained networks' units: it needs --fold-parts"):
            ucr.main()
    monkeypatch.setattr("sys.argv", ["ucr", "ours", "Coffee", "GunPoint", "--methods", "GRU", "--fold-parts", "--folds", "3", "4"])
    ucr.main()
    assert [(u["name"], u["method"], u["folds"]) for u in calls] == [("Coffee", "GRU", [3, 4]), ("GunPoint", "GRU", [3, 4])]
    assert "folds [3, 4] of every architecture cached" in capsys.readouterr().out


def test_unit_costs_follow_a_power_of_training_series_times_steps_and_order_the_runner(monkeypatch):
    # Coffee: 28 training series of 286 steps; GunPoint: 50 of 150; ECG200: 100 of 96.
    results = {("Coffee", "GRU"): {"seconds": 3 * (28 * 286) ** 0.6}, ("GunPoint", "GRU"): {"seconds": 3 * 7500 ** 0.6},
               ("GunPoint", "IdentityRNN"): {"seconds": 50 * 150 * 2.1}, ("Coffee", "RNTK"): {"seconds": None}}
    cost = ucr.estimated_seconds(results, ["ECG200", "GunPoint"], ["GRU", "IdentityRNN", "GaussianRNN"])
    assert cost[("ECG200", "GRU")] == pytest.approx(3 * (100 * 96) ** 0.6)  # the fitted power
    assert cost[("GunPoint", "GRU")] == pytest.approx(results[("GunPoint", "GRU")]["seconds"])
    assert cost[("ECG200", "IdentityRNN")] == pytest.approx(100 * 96 * 2.1)  # one size recorded: proportional
    assert np.isnan(cost[("GunPoint", "GaussianRNN")]) and len(cost) == 6
    falling = {("Coffee", "GRU"): {"seconds": 100.0}, ("GunPoint", "GRU"): {"seconds": 400.0}}  # the smaller set cost more
    assert ucr.estimated_seconds(falling, ["ECG200"], ["GRU"])[("ECG200", "GRU")] == pytest.approx(200.0)  # b = 0
    monkeypatch.setattr(ucr, "stored_results", lambda names, methods: results)
    order = ucr._cheapest_first(["ECG200", "Coffee", "GunPoint"], ["GaussianRNN", "IdentityRNN", "GRU"])
    assert order == [("GunPoint", "GRU"), ("Coffee", "GRU"), ("ECG200", "GRU"), ("GunPoint", "IdentityRNN"),
                     ("Coffee", "IdentityRNN"), ("ECG200", "IdentityRNN"),  # then the method with no cached unit, by size
                     ("GunPoint", "GaussianRNN"), ("Coffee", "GaussianRNN"), ("ECG200", "GaussianRNN")]


def test_unit_progress_counts_the_parts_of_units_stopped_part_way(tmp_path):
    grid = ucr_protocol.FULL_GRID

    def part(dataset, name, seconds, **changed):
        layers, hidden = (int(s[1:]) for s in name.split("-")[:2])
        params = dict(ucr_protocol.cache_params("GRU", grid), layers=layers, hidden=hidden, seed=0, **changed)
        store_json(tmp_path / dataset / "GRU.partial" / f"{name}.json", {"seconds": seconds}, params)

    for f in range(5):  # a cross-validated architecture keeps its fold parts; its time counts once
        part("Coffee", f"L1-H32-F{f}", 10.0, fold=f)
    part("Coffee", "L1-H32", 50.0)
    part("Coffee", "L1-H128-F0", 7.0, fold=0)
    part("Coffee", "L1-H128-F3", 8.0, fold=3)
    part("Coffee", "L2-H32-F0", 1000.0, fold=0, net_patience=5)  # another grid's part: not this one's progress
    part("Beef", "L2-H32-F1", 3.0, net_max_epochs=10, fold=1)  # only another grid's parts: left out
    (tmp_path / "Car" / "GRU.partial").mkdir(parents=True)  # nothing finished yet: left out
    assert ucr_networks.unit_progress(grid, tmp_path) == {
        ("Coffee", "GRU"): dict(architectures=["L1-H32"], folds={"L1-H128": 2}, seconds=65.0)}


def test_chapter_results_read_the_caches_and_the_grid_shows_as_a_table():
    from reproduction.experiments import ucr
    from reproduction.experiments.runner import settings_table
    from reproduction.experiments.ucr_protocol import FULL_GRID, KERNEL_METHODS, METHODS, PAPER_GRID

    grid, paper_grid, results, on_paper_grid = ucr.chapter_results(False, names=["Coffee"])
    assert (grid, paper_grid) == (FULL_GRID, PAPER_GRID)
    assert set(results) == {("Coffee", m) for m in METHODS}
    assert set(on_paper_grid) == {("Coffee", m) for m in KERNEL_METHODS}
    table = settings_table(grid, "our grid")
    assert table.loc["C", "our grid"] == "0.01; 0.1; 1; 10; 100; 1000" and table.loc["folds", "our grid"] == "10"
    assert table.loc["networks.folds", "our grid"] == "5"  # the networks' grid, a type of its own, beside it


def test_a_kernel_unit_resumes_from_its_parts_and_gives_the_uninterrupted_result(tmp_path, monkeypatch):
    from dataclasses import replace

    from rntk.recurrent import RecurrentKernel

    grid = replace(ucr_protocol.QUICK_GRID, sigma_b=(0.0, 0.5), sigma_h=(0.0, 0.5))
    whole = ucr.run_kernel_method("Coffee", "RNTK", grid, n_jobs=1)
    first = ucr.run_kernel_method("Coffee", "RNTK", grid, n_jobs=1, work=tmp_path)
    parts = sorted(p.name for p in tmp_path.glob("*.json"))
    assert parts == ["sigma_w1-sigma_u1-sigma_b0-sigma_h0.json", "sigma_w1-sigma_u1-sigma_b0.5-sigma_h0.json"]
    (tmp_path / parts[1]).unlink()  # as if killed while scoring the second chunk
    batched = RecurrentKernel.grid
    calls = []
    monkeypatch.setattr(RecurrentKernel, "grid", lambda self, X, **axes: calls.append(axes) or batched(self, X, **axes))
    resumed = ucr.run_kernel_method("Coffee", "RNTK", grid, n_jobs=1, work=tmp_path)
    assert [a["sigma_b"] for a in calls] == [[0.5]]  # only the missing chunk is computed again
    for r in (first, resumed):
        assert {k: v for k, v in r.items() if k != "seconds"} == {k: v for k, v in whole.items() if k != "seconds"}


def test_a_part_of_another_grid_is_not_reused(tmp_path):
    from dataclasses import replace

    ucr.run_kernel_method("Coffee", "RNTK", ucr_protocol.QUICK_GRID, n_jobs=1, work=tmp_path)
    other = replace(ucr_protocol.QUICK_GRID, C=(0.5,))
    r = ucr.run_kernel_method("Coffee", "RNTK", other, n_jobs=1, work=tmp_path)
    assert r["chosen"]["C"] == 0.5 and len(r["cv_grid"][0]) == 1


def test_a_cached_kernel_unit_leaves_no_parts_behind(tmp_path):
    ucr.cached_method("Coffee", "RBF", ucr_protocol.QUICK_GRID, directory=tmp_path, n_jobs=1)
    assert sorted(p.name for p in (tmp_path / "Coffee").iterdir()) == ["RBF.json"]
