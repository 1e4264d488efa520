from dataclasses import replace

import numpy as np

from rntk.experiments import ucr_protocol, ucr_training


def test_learning_curves_record_every_epoch_and_the_gradients_through_time():
    grid = replace(ucr_protocol.QUICK_GRID, net_max_epochs=6, net_patience=2)
    r = ucr_training.learning_curves("SmoothSubspace", "GRU", grid, learning_rates=(1e-3, 1e-2), hidden=4)
    assert r["learning_rates"] == [1e-3, 1e-2] and len(r["history"]) == len(r["test_accuracy"]) == 2
    for h, epochs, best in zip(r["history"], r["epochs"], r["best_epoch"]):
        assert all(len(column) == epochs + 1 for column in h.values()) and 1 <= best <= epochs <= 6
        assert h["val_loss"][best] == min(h["val_loss"][1:])
    assert len(r["gradient_norms"]) == 15 and all(g >= 0 for g in r["gradient_norms"])  # SmoothSubspace: T = 15
    assert all(0 <= a <= 100 for a in r["test_accuracy"])


def test_the_two_rules_differ_only_in_the_training_choices():
    paper, ours = ucr_training.RULES["paper"], ucr_training.RULES["ours"]
    assert (paper.net_monitor, paper.net_patience, paper.net_gru_update_bias) == ("accuracy", 5, 0.0)
    assert (ours.net_monitor, ours.net_patience, ours.net_gru_update_bias) == ("loss", 20, -2.0)
    assert paper.net_max_epochs == ours.net_max_epochs == 200 and paper.net_folds == ours.net_folds == 5
    kernels = {k: v for k, v in vars(paper).items() if not k.startswith("net_")}
    assert kernels == {k: v for k, v in vars(ours).items() if not k.startswith("net_")}
    assert np.isclose(1 / (1 + np.exp(-ours.net_gru_update_bias)), 0.119, atol=1e-3)  # keeps ~88 % per step
