import numpy as np
import pytest

from reproduction.experiments import ucr_seeds
from reproduction.experiments.ucr import run_kernel_method
from reproduction.experiments.ucr_protocol import QUICK_GRID


def test_tied_best_lists_every_maximum_in_grid_order():
    cv = np.array([[0.5, 0.9], [0.9, 0.7], [0.1, 0.9]])
    assert ucr_seeds.tied_best(cv) == [(0, 1), (1, 0), (2, 1)]
    assert ucr_seeds.tied_best([[0.2, 0.3]]) == [(0, 1)]


@pytest.mark.parametrize("method", ["RBF", "RNTK"])
def test_the_first_tie_of_each_seed_is_the_single_run_protocol(method):
    seeds = ucr_seeds.run_seeds("Coffee", method, QUICK_GRID, seeds=(0, 3))
    for s in (0, 3):
        single = run_kernel_method("Coffee", method, QUICK_GRID, seed=s)
        assert seeds[s]["chosen"] == single["chosen"] and seeds[s]["accuracy"] == single["accuracy"]
        assert seeds[s]["tied"] >= 1 and 0 <= seeds[s]["tie_neutral_accuracy"] <= 100


def test_each_seed_is_cached_and_only_missing_seeds_are_computed(tmp_path, monkeypatch):
    first = ucr_seeds.cached_seeds("Coffee", "RBF", QUICK_GRID, seeds=(0, 1), directory=tmp_path)
    assert sorted(p.name for p in (tmp_path / "Coffee").iterdir()) == ["RBF-seed0.json", "RBF-seed1.json"]
    asked = []
    real = ucr_seeds.run_seeds
    monkeypatch.setattr(ucr_seeds, "run_seeds", lambda *a, **k: asked.append(a[3]) or real(*a, **k))
    both = ucr_seeds.cached_seeds("Coffee", "RBF", QUICK_GRID, seeds=(0, 1, 2), directory=tmp_path)
    assert asked == [[2]] and both[0] == first[0] and both[1] == first[1]
    stored = ucr_seeds.stored_seeds(["Coffee"], ["RBF"], QUICK_GRID, seeds=(0, 1, 2), directory=tmp_path)
    assert list(stored) == [("Coffee", "RBF")]
    assert ucr_seeds.stored_seeds(["Coffee"], ["RBF"], QUICK_GRID, seeds=(0, 5), directory=tmp_path) == {}


def test_seed_tables_summarise_only_data_sets_with_every_method_on_every_seed():
    from reproduction.experiments.ucr_seeds import SEEDS, seed_tables

    unit = lambda first, neutral: dict(accuracy=first, tie_neutral_accuracy=neutral)  # noqa: E731
    found = {(d, m): {s: unit(70.0 + s + (m == "RNTK"), 71.0 + (m == "RNTK")) for s in SEEDS}
             for d in ("Coffee", "Beef") for m in ("RNTK", "RBF")}
    found[("Adiac", "RNTK")] = {0: unit(50.0, 50.0)}  # one seed of one method: left out
    out = seed_tables(found, ["RNTK", "RBF"])
    assert out["every"] == ["Beef", "Coffee"] and list(out["seed_means"].columns) == ["RNTK", "RBF"]
    table = out["stability"]
    assert table.loc["seed 0, first tie (the protocol)", "RNTK"] == 71.0
    assert table.loc["seed mean, tie-neutral", "RBF"] == 71.0
    assert table.loc["largest range over seeds", "RBF"] == max(SEEDS) - min(SEEDS)
    assert seed_tables({k: v for k, v in found.items() if k[0] == "Coffee"}, ["RNTK", "RBF"])["stability"] is None


def test_a_network_re_run_under_another_seed_is_cached_and_read_with_the_chapter_run(tmp_path):
    from reproduction.experiments.ucr_networks import run_network

    with pytest.raises(ValueError, match="seed 0 is the UCR chapter's unit"):
        ucr_seeds.cached_network_seed("SmoothSubspace", "IdentityRNN", 0, QUICK_GRID, directory=tmp_path)
    with pytest.raises(ValueError, match="unknown network 'RBF'"):
        ucr_seeds.cached_network_seed("SmoothSubspace", "RBF", 1, QUICK_GRID, directory=tmp_path)
    re_run = ucr_seeds.cached_network_seed("SmoothSubspace", "IdentityRNN", 1, QUICK_GRID, directory=tmp_path)
    again = run_network("SmoothSubspace", "IdentityRNN", QUICK_GRID, seed=1)  # the same seed, the same run
    assert {k: v for k, v in re_run.items() if k != "seconds"} == {k: v for k, v in again.items() if k != "seconds"}
    assert not (tmp_path / "SmoothSubspace" / "IdentityRNN-seed1.partial").exists()
    first = {("SmoothSubspace", "IdentityRNN"): dict(accuracy=12.5)}
    found = ucr_seeds.stored_network_seeds(first, ["SmoothSubspace"], ["IdentityRNN", "GRU"], seeds=(1, 2),
                                           grid=QUICK_GRID, directory=tmp_path)
    assert found == {("SmoothSubspace", "IdentityRNN"): {0: 12.5, 1: re_run["accuracy"]}}
