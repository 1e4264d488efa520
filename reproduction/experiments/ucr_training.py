"""Why the UCR networks first stopped before they learned, and what changed that: learning curves and
gradients through time on a few data sets.

For each data set and network: one architecture (one layer of :data:`HIDDEN` units) trained on the
refit's 80 % of the training split and early-stopped on the other 20 %, at each learning rate of
our grid, under two rules (:data:`RULES`): the paper's stated rule as first run here
(``ucr.EARLY_STOPPED_GRID``: validation accuracy, patience 5, mini-batches of 32, GRU update gate
unbiased) and ours (``ucr.FULL_GRID``). Each run records every epoch's losses and accuracies, the test
accuracy of each learning rate, and, at initialisation, the norm of the loss gradient with respect to
the top layer's state at every step. One cached unit per data set, network and rule:
``results/ucr_training/<dataset>/<method>-<rule>.json``. ``python -m reproduction.experiments.ucr_training``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.model_selection import StratifiedKFold

from reproduction.cache import RESULTS, cached_json
from reproduction.data import UCR_AVAILABLE
from reproduction.experiments.ucr_networks import batch_size, network_model, network_split
from reproduction.experiments.ucr_protocol import EARLY_STOPPED_GRID, FULL_GRID, NETWORK_METHODS, UCRGrid, cache_params

__all__ = ["DIAGNOSIS_DATASETS", "RULES", "HIDDEN", "DIAGNOSIS_RESULTS", "learning_curves", "cached_curves", "kept",
           "diagnosis_table", "rule_summary", "gradient_reach"]

DIAGNOSIS_DATASETS = ("Coffee", "GunPoint", "ECG200", "Adiac", "CricketX")
RULES = {"paper": EARLY_STOPPED_GRID, "ours": FULL_GRID}
HIDDEN = 64
DIAGNOSIS_RESULTS = RESULTS / "ucr_training"


def learning_curves(name: str, method: str, grid: UCRGrid, learning_rates=FULL_GRID.networks.learning_rate,
                    hidden: int = HIDDEN, seed: int = 0) -> dict:
    """One network of ``hidden`` units under ``grid``'s training rule at each of ``learning_rates``
    (replicas of one program): per-epoch histories, epochs run, best epoch, test accuracy (%), and
    the state-gradient norms through time at initialisation (:func:`rntk.trained.state_gradient_norms`)."""
    import jax

    from rntk.trained import fit_replicas, predict, state_gradient_norms

    X_train, y_train, X_test, y_test, classes = network_split(name)
    start = time.perf_counter()
    fit_idx, _ = next(StratifiedKFold(5, shuffle=True, random_state=seed + 1).split(X_train, y_train))
    is_fit = np.zeros((len(learning_rates), len(y_train)), bool)
    is_fit[:, fit_idx] = True
    model = network_model(method, 1, hidden, len(classes), grid.networks)
    fit = fit_replicas(model, X_train, y_train, is_fit, ~is_fit, list(learning_rates), grid.networks.max_epochs,
                       grid.networks.patience, batch_size(len(fit_idx), grid.networks), seed, grid.networks.monitor)
    test = [float(np.mean(classes[predict(model, jax.tree.map(lambda a: a[r], fit.params), X_test)] == y_test) * 100)
            for r in range(len(learning_rates))]
    sample = fit_idx[:128]
    gradients = state_gradient_norms(model, model.init(jax.random.PRNGKey(seed)), X_train[sample], y_train[sample])
    runs = [fit.replica(r) for r in range(len(learning_rates))]
    return dict(dataset=name, method=method, learning_rates=list(learning_rates), test_accuracy=test,
                epochs=[r.epochs for r in runs], best_epoch=[r.best_epoch for r in runs],
                history=[{k: [None if np.isnan(v) else round(float(v), 6) for v in c] for k, c in r.history.items()}
                         for r in runs],
                gradient_norms=[float(g) for g in gradients], seconds=time.perf_counter() - start)


def cached_curves(name: str, method: str, rule: str) -> dict:
    """:func:`learning_curves` of one of :data:`RULES` through its cache."""
    grid = RULES[rule]
    params = dict(cache_params(method, grid), hidden=HIDDEN, learning_rates=list(FULL_GRID.networks.learning_rate))
    return cached_json(DIAGNOSIS_RESULTS / name / f"{method}-{rule}.json",
                       lambda: learning_curves(name, method, grid), params=params)


def kept(run: dict) -> int:
    """The learning rate (index) of a :func:`learning_curves` run whose kept epoch has the lowest validation loss."""
    losses = [h["val_loss"][b] for h, b in zip(run["history"], run["best_epoch"])]
    return int(np.nanargmin(np.array(losses, float)))


def diagnosis_table(curves: dict, paper=None):
    """Per (data set, network): under each rule, the epochs run (the most over the learning rates), the best
    training accuracy any learning rate reached (%) and the kept network's test accuracy; with ``paper`` (the
    appendix table), the paper's test accuracy. ``curves``: ``{(dataset, network, rule): run}``."""
    import pandas as pd

    rows = {}
    for (n, m, r), run in curves.items():
        row = rows.setdefault((n, m), {})
        row[(r, "epochs")] = int(max(run["epochs"]))
        row[(r, "best training acc.")] = 100 * max(np.nanmax(np.array(h["train_accuracy"], float))
                                                   for h in run["history"])
        row[(r, "test acc.")] = run["test_accuracy"][kept(run)]
        if paper is not None:
            row[("Table 1", "paper's test acc.")] = paper.loc[n, m] if n in paper.index else np.nan
    table = pd.DataFrame(rows).T
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table


def rule_summary(curves: dict, rule: str, majority: dict) -> tuple:
    """``(median epochs run, kept networks within 5 points of chance on their own training data, runs)`` under
    ``rule``; ``majority``: each data set's majority-class share."""
    runs = [(run, n) for (n, _, r), run in curves.items() if r == rule]
    epochs = float(np.median([max(run["epochs"]) for run, _ in runs]))
    at_chance = sum(run["history"][kept(run)]["train_accuracy"][run["best_epoch"][kept(run)]] <= majority[n] + 0.05
                    for run, n in runs)
    return epochs, int(at_chance), len(runs)


def gradient_reach(curves: dict) -> dict:
    """``{(network label, dataset): |dL/dh_t| at t = T/2 / at the last step}`` at initialisation; the GRU once
    per rule (its update gate's initial bias differs), the others once."""
    reach = {}
    for (n, m, r), run in curves.items():
        if m != "GRU" and r != "ours":
            continue
        label = m if m != "GRU" else f"GRU, gate bias {RULES[r].networks.gru_update_bias:g}"
        g = run["gradient_norms"]
        reach[(label, n)] = g[len(g) // 2] / g[-1]
    return reach


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive

    parser = argparse.ArgumentParser(description="Learning curves of the UCR networks under both rules (cached).")
    parser.add_argument("datasets", nargs="*", help=f"names (default: {' '.join(DIAGNOSIS_DATASETS)})")
    args = parser.parse_args(argv)
    args.datasets = check_datasets(parser, args.datasets, UCR_AVAILABLE) or list(DIAGNOSIS_DATASETS)
    check_writable(parser, DIAGNOSIS_RESULTS, *(DIAGNOSIS_RESULTS / n for n in args.datasets))
    drive(cached_curves, [dict(name=n, method=m, rule=r) for n in args.datasets for m in NETWORK_METHODS for r in RULES],
          lambda u, r: f"{u['name']:10s} {u['method']:11s} {u['rule']:6s} epochs {r['epochs']} test "
                       f"{np.round(r['test_accuracy'], 1)} ({r['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
