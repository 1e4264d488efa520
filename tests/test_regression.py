import numpy as np
import pytest

from reproduction.experiments.regression import METHODS, Grids, Setting, kernel_ridge_cv, make_task, run_repetition, snr_db


def test_snr_db():
    y = np.array([1.0, -1.0, 2.0])
    assert snr_db(y, y + 0.1 * np.array([1, 1, 1])) == pytest.approx(10 * np.log10(6 / 0.03))


@pytest.mark.parametrize("series", ["sinusoid", "stock"])
def test_task_windows(series):
    s = Setting(series=series, t_fixed=5, t_var=7, n_train=30, n_test=20)
    (xt, yt), (xs, ys), (mean, std) = make_task(s, 3)
    assert len(xt) == 30 and len(xs) == 20 and len(yt) == 30
    assert all(5 <= len(w) <= 12 for w in xt + xs)
    (xt2, _), _, _ = make_task(s, 3)
    assert all(np.array_equal(a, b) for a, b in zip(xt, xt2))
    assert std > 0


def test_cross_validation_prefers_little_ridge_on_noiseless_linear_data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 3))
    y = X @ np.array([1.0, -2.0, 0.5])
    errors = kernel_ridge_cv(X @ X.T, y, 40, (1e-6, 1e-2, 10.0), 5, rng)
    assert np.argmin(errors) == 0 and errors[2] > 10 * errors[0]


def test_one_repetition_reports_every_method():
    grids = Grids(ridge=(1e-2, 1e-1), rntk=(dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.1),), ntk_depth=(1,),
                  rbf_gamma=(0.1,), poly_degree=(2,))
    out = run_repetition(Setting(t_fixed=4, t_var=4, n_train=30, n_test=20), 0, grids)
    assert set(out) == set(METHODS) and all(np.isfinite(v) for v in out.values())
    assert out["RNTK"] > out["PTS"] - 3  # a kernel fitted on a noisy sinusoid is no worse than PTS by much


def test_padding_changes_the_padded_kernels_only():
    from dataclasses import replace

    grids = Grids(ridge=(1e-2,), rntk=(dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.1),), ntk_depth=(1,),
                  rbf_gamma=(0.1,), poly_degree=(2,))
    setting = Setting(t_fixed=4, t_var=6, n_train=30, n_test=20)
    end = run_repetition(setting, 0, grids)
    front = run_repetition(replace(setting, padding="front"), 0, grids)
    assert end["RNTK"] == front["RNTK"] and end["PTS"] == front["PTS"]
    assert all(end[m] != front[m] for m in ("NTK", "RBF", "Polynomial"))


def test_choices_are_recorded_within_the_grids():
    from reproduction.experiments.regression import grid_axes

    grids = Grids(ridge=(1e-3, 1e-1), rntk=(dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.1),
                                          dict(sigma_w=1.4, sigma_u=1.0, sigma_b=0.1)), ntk_depth=(1, 2),
                  rbf_gamma=(0.1,), poly_degree=(2,))
    chosen = {}
    out = run_repetition(Setting(t_fixed=4, t_var=4, n_train=30, n_test=20), 0, grids, chosen)
    assert set(chosen) == set(METHODS) - {"PTS"} and out == run_repetition(
        Setting(t_fixed=4, t_var=4, n_train=30, n_test=20), 0, grids)
    for method, c in chosen.items():
        for name, values in grid_axes(method, grids).items():
            assert c[name] in values, (method, name)


def test_scores_and_choices_come_from_one_pass(tmp_path, monkeypatch):
    from dataclasses import replace as _replace

    from reproduction.experiments import regression as reg

    monkeypatch.setattr(reg, "RESULTS", tmp_path)
    monkeypatch.setattr(reg, "CHOICE_REPETITIONS", 2)
    setting = _replace(reg.FIGURES["a"][2][0], n_train=12, n_test=4)
    grids = reg.Grids(rntk=({"sigma_w": 1.0, "sigma_b": 0.0},), ntk_depth=(1,), rbf_gamma=(1.0,), poly_degree=(2,),
                      ridge=(1e-3, 1e-1), folds=2)
    calls = []
    real = reg.run_repetition
    monkeypatch.setattr(reg, "run_repetition", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    scores = reg.cached_setting(setting, 3, grids)
    assert calls == [0, 1, 2] and all(len(v) == 3 for v in scores.values())
    choices = reg.cached_choices(setting, 2, grids)  # from the cache the same pass wrote
    assert calls == [0, 1, 2]
    assert choices == reg.run_choices(setting, 2, grids)
