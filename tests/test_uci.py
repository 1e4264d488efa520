import json

import numpy as np
import pytest

from reproduction.experiments import uci
from rntk import RecurrentKernel


def test_vote_takes_the_majority_and_breaks_ties_to_the_smallest_label():
    votes = [np.array([1, 2, 0]), np.array([1, 0, 2]), np.array([2, 0, 1])]
    np.testing.assert_array_equal(uci._vote(votes), [1, 0, 0])


def test_read_out_scales_per_variant():
    assert uci.sigma_v("RNN", 10) == 1.0
    assert uci.sigma_v("BI-RNN", 10) == pytest.approx(1 / np.sqrt(2))
    assert uci.sigma_v("BI-RNN-AVG", 10) == pytest.approx(1 / (np.sqrt(2) * 10))


def test_authors_code_scales_read_outs_as_its_code_does():
    assert uci.readout_scale("BI-RNN", 10, "authors' code") == 1.0
    assert uci.readout_scale("RNN-AVG", 10, "authors' code") == pytest.approx(0.1)
    assert uci.readout_scale("BI-RNN-AVG", 10) == pytest.approx(uci.sigma_v("BI-RNN-AVG", 10) ** 2)
    X = np.random.default_rng(0).standard_normal((7, 5))
    p = dict(sigma_u=0.5, sigma_b=0.1, depth=1, kind="ntk")
    paper, code = uci.KernelBank(X, uci.QUICK_GRID), uci.KernelBank(X, uci.QUICK_GRID, "authors' code")
    np.testing.assert_allclose(code.gram("BI-RNN", p), 2 * paper.gram("BI-RNN", p), rtol=1e-12)
    np.testing.assert_allclose(code.gram("RNN-AVG", p), 2 * 5 * paper.gram("RNN-AVG", p), rtol=1e-12)
    with pytest.raises(ValueError, match="protocol must be"):
        uci.run_dataset("balloons", uci.QUICK_GRID, protocol="ours")


def test_kernel_bank_builds_each_variant_from_one_family():
    X = np.random.default_rng(0).standard_normal((7, 5))
    bank = uci.KernelBank(X, uci.QUICK_GRID)
    p = dict(sigma_u=0.5, sigma_b=0.1, depth=2, kind="ck")
    settings = dict(depth=2, sigma_w=np.sqrt(2), sigma_u=0.5, sigma_b=0.1)
    bi = RecurrentKernel(architecture="bi", sigma_v=1 / np.sqrt(2), **settings)(X, get="ck")
    np.testing.assert_allclose(bank.gram("BI-RNN", p), bi, rtol=1e-12)
    avg = RecurrentKernel(architecture="avg", sigma_v=1 / (np.sqrt(2) * 5), **settings)(X, get="ck")
    np.testing.assert_allclose(bank.gram("RNN-AVG", p), avg, rtol=1e-12)
    rev = RecurrentKernel(reverse=True, **settings)(X, get="ck")
    np.testing.assert_allclose(bank.gram("RNN-reverse", {**p, "direction": "reverse"}), rev, rtol=1e-12)


def test_one_small_dataset_end_to_end():
    result = uci.run_dataset("balloons", uci.QUICK_GRID)
    methods = result["methods"]
    assert set(uci.METHODS) <= set(methods)
    assert {f"{m}[{k}]" for m in uci.RECURRENT + ("MLP-NTK",) for k in ("ck", "ntk")} <= set(methods)
    for m in methods.values():
        assert 0 <= m["accuracy"] <= 100 and len(m["fold_accuracies"]) == 4 and m["chosen"]


def test_full_grid_reproduces_the_cached_result_and_computes_each_family_twice(monkeypatch):
    """The committed cache of a small data set is what the runner computes now (seconds aside), and
    each recurrent family (2 sigma_u x 2 sigma_b x 2 directions) is computed once for the validation
    search and once for the test folds, never more (the bank holds two at a time)."""
    calls = []
    family = RecurrentKernel.family
    monkeypatch.setattr(RecurrentKernel, "family", lambda self, X: calls.append(1) or family(self, X))
    result = json.loads(json.dumps(uci.run_dataset("trains")))
    cached = uci.stored_results(["trains"])["trains"]
    result.pop("seconds"), cached.pop("seconds")
    assert result == cached
    assert len(calls) == 2 * 8


def test_validation_in_test_measures_the_overlap():
    from reproduction.data import load_uci

    name = "iris"
    d = load_uci(name)
    share = uci.validation_in_test(name)
    tested = set(np.concatenate([t for _, t in d.folds]).tolist())
    assert share == pytest.approx(sum(v in tested for v in d.validation.tolist()) / len(d.validation))
    assert 0 < share < 1


def test_grid_axes_cover_every_searched_numeric_setting():
    from reproduction.experiments.svm import edge_counts

    for method in uci.METHODS:
        axes = uci.grid_axes(method)
        searched = {k for group, p in uci.candidates(uci.FULL_GRID) if group.startswith(method.split("-P")[0])
                    for k, v in p.items() if not isinstance(v, str)}
        if method not in ("RNN-P", "RF"):
            assert searched | {"C"} == set(axes), method
    chosen = [dict(C=0.01, sigma_u=0.5, sigma_b=0.1, depth=2)]
    assert edge_counts(chosen, uci.grid_axes("RNN")).loc["C", "lowest"] == 1
    with pytest.raises(ValueError, match="unknown method"):
        uci.grid_axes("SVM")


def test_the_ucr_and_uci_tables_have_one_shape(tmp_path):
    """One writer for both experiments: rows by data set, methods in the given order; tied settings one row each."""
    from reproduction.experiments import tables, uci

    results = {"b": {"methods": {"RNN": dict(accuracy=50.0, chosen=[dict(C=1.0), dict(C=10.0)]),
                                 "RF": dict(accuracy=70.0, chosen=[dict(max_features=2)])}},
               "a": {"methods": {"RNN": dict(accuracy=60.0, chosen=[dict(C=1.0)]),
                                 "RF": dict(accuracy=65.0, chosen=[dict(max_features=1)])}}}
    found = uci.by_unit(results, ["RNN", "RF"])
    tables.write_tables(found, tmp_path, ["RNN", "RF"])
    assert (tmp_path / "accuracy.csv").read_text().splitlines() == [
        "dataset,method,accuracy", "a,RNN,60.0", "a,RF,65.0", "b,RNN,50.0", "b,RF,70.0"]
    assert len((tmp_path / "hyperparameters.csv").read_text().splitlines()) == 1 + 5
    table = uci.accuracy_table(results, ["RF", "RNN"])
    assert list(table.columns) == ["RF", "RNN"] and table.loc["b", "RF"] == 70.0
    ucr_shaped = tables.accuracy_table({("a", "RBF"): dict(accuracy=1.0), ("b", "RNTK"): dict(accuracy=2.0)},
                                       ["RNTK", "NTK", "RBF"])
    assert list(ucr_shaped.columns) == ["RNTK", "RBF"] and ucr_shaped.isna().sum().sum() == 2
