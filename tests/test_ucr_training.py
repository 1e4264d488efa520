from dataclasses import replace

import numpy as np
import pytest

from reproduction.experiments import ucr_protocol, ucr_training


def test_learning_curves_record_every_epoch_and_the_gradients_through_time():
    grid = ucr_protocol.QUICK_GRID.with_networks(max_epochs=6, patience=2)
    r = ucr_training.learning_curves("SmoothSubspace", "GRU", grid, learning_rates=(1e-3, 1e-2), hidden=4)
    assert r["learning_rates"] == [1e-3, 1e-2] and len(r["history"]) == len(r["test_accuracy"]) == 2
    for h, epochs, best in zip(r["history"], r["epochs"], r["best_epoch"]):
        assert all(len(column) == epochs + 1 for column in h.values()) and 1 <= best <= epochs <= 6
        assert h["val_loss"][best] == min(h["val_loss"][1:])
    assert len(r["gradient_norms"]) == 15 and all(g >= 0 for g in r["gradient_norms"])  # SmoothSubspace: T = 15
    assert r["test_accuracy"] == pytest.approx([100 / 3, 46.0])  # at a fixed seed: chance, then above it


def test_the_two_rules_differ_only_in_the_training_choices():
    paper, ours = ucr_training.RULES["paper"], ucr_training.RULES["ours"]
    assert (paper.networks.monitor, paper.networks.patience, paper.networks.gru_update_bias) == ("accuracy", 5, 0.0)
    assert (ours.networks.monitor, ours.networks.patience, ours.networks.gru_update_bias) == ("loss", 20, -2.0)
    assert paper.networks.max_epochs == ours.networks.max_epochs == 200 and paper.networks.folds == ours.networks.folds == 5
    assert replace(paper, networks=ours.networks) == ours  # the kernels' grid is the same
    assert np.isclose(1 / (1 + np.exp(-ours.networks.gru_update_bias)), 0.119, atol=1e-3)  # keeps ~88 % per step


def _run(val_losses, train_accuracy, epochs, best, test, gradients=(1.0, 0.5, 0.25, 0.1)):
    return dict(history=[dict(val_loss=v, train_accuracy=a) for v, a in zip(val_losses, train_accuracy)],
                best_epoch=best, epochs=epochs, test_accuracy=test, gradient_norms=list(gradients))


def test_diagnosis_helpers_read_the_kept_learning_rate():
    import pandas as pd

    from reproduction.experiments import ucr_training as ut

    stuck = _run([[0.7, 0.69], [0.7, 0.7]], [[0.5, 0.52], [0.5, 0.5]], [2, 2], [1, 0], [50.0, 48.0])
    learnt = _run([[0.7, 0.2], [0.7, 0.5]], [[0.5, 0.95], [0.5, 0.7]], [40, 30], [1, 1], [90.0, 70.0])
    assert ut.kept(stuck) == 0 and ut.kept(learnt) == 0
    curves = {("Coffee", "GRU", "paper"): stuck, ("Coffee", "GRU", "ours"): learnt}
    epochs, at_chance, runs = ut.rule_summary(curves, "paper", {"Coffee": 0.5})
    assert (epochs, at_chance, runs) == (2.0, 1, 1)
    assert ut.rule_summary(curves, "ours", {"Coffee": 0.5})[1] == 0
    table = ut.diagnosis_table(curves, pd.DataFrame({"GRU": [80.0]}, index=["Coffee"]))
    assert table.loc[("Coffee", "GRU"), ("ours", "epochs")] == 40
    assert table.loc[("Coffee", "GRU"), ("paper", "best training acc.")] == 52.0
    assert table.loc[("Coffee", "GRU"), ("Table 1", "paper's test acc.")] == 80.0
    reach = ut.gradient_reach(curves)
    assert set(reach) == {("GRU, gate bias 0", "Coffee"), ("GRU, gate bias -2", "Coffee")}
    assert reach[("GRU, gate bias 0", "Coffee")] == 0.25 / 0.1


def test_network_summary_counts_the_re_run_data_sets():
    import pandas as pd

    from reproduction.experiments.ucr_networks import network_summary

    unit = lambda acc, epochs, train, chance: dict(accuracy=acc, chosen=dict(epochs=epochs),  # noqa: E731
                                                   train_accuracy=train, chance=chance)
    results = {("Coffee", "GRU"): unit(90.0, 50, 99.0, 50.0), ("Beef", "GRU"): unit(60.0, 30, 22.0, 20.0)}
    early = {("Coffee", "GRU"): unit(50.0, 3, 55.0, 50.0), ("Beef", "GRU"): unit(20.0, 2, 20.0, 20.0),
             ("Adiac", "GRU"): unit(5.0, 2, 5.0, 5.0)}
    paper = pd.DataFrame({"GRU": [85.0, 70.0, 10.0]}, index=["Coffee", "Beef", "Adiac"])
    table = network_summary(results, early, paper, ["GRU"])["GRU"]
    assert table["data sets"] == 2 and table["mean acc., re-run"] == 75.0 and table["mean acc., first run"] == 35.0
    assert table["mean acc., paper"] == 77.5 and table["at chance on own training data"] == 1
    assert table["median epochs, re-run"] == 40.0


def test_the_coverage_note_states_what_is_left_while_data_sets_are_missing(tmp_path):
    import pandas as pd

    from reproduction.experiments.ucr_networks import coverage_note

    results = {("a", "GRU"): dict(seconds=3600.0), ("b", "GRU"): dict(seconds=1800.0)}
    cost = {(n, "GRU"): 7200.0 for n in "abc"}
    partial = " ".join(coverage_note(results, pd.DataFrame({"GRU": {"data sets": 2}}), cost, ["a", "b", "c"],
                                     ["GRU"], directory=tmp_path).split())
    assert "1.5 hours of training (GRU 1.5)" in partial and "about 2 more CPU hours (GRU 2)" in partial
    assert "re-run: GRU 2 of 3" in partial and "none now" in partial
    whole = coverage_note(results, pd.DataFrame({"GRU": {"data sets": 2}}), cost, ["a", "b"], ["GRU"],
                          directory=tmp_path)
    assert whole.startswith("Every network is re-run on all 2 data sets") and "more CPU hours" not in whole
