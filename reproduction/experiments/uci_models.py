"""The UCI experiment's models one by one: two statements of the second paper that its C-SVM run with
tied-model voting (:mod:`reproduction.experiments.uci`) cannot test.

- **Each tied setting alone** (Section V): "the difference between the worst and best model can result in
  almost half a percent average accuracy across all data sets". Every setting tied for a method's best
  validation accuracy is scored alone on the four test folds; voting these same fits must give back the C-SVM
  run's cached accuracy (:func:`run_dataset` checks it, to within one prediction per fold: the Grams are
  recomputed, and a near-degenerate SVM may flip a prediction on their rounding).
- **Kernel ridge regression** (Section VI, [C4]): the CK's lead over the NTK under kernel ridge regression
  (Lee et al. 2020) "can be attributed to the algorithm for learning". The same kernel settings, the same
  split and the same selection rule as the C-SVM (ties vote), with the ridge in place of C: the prediction
  ``K(x, X) (K(X, X) + r mean(diag K) I)^-1 Y`` on one-hot targets centred on 0, argmax per row.

``python -m reproduction.experiments.uci_models`` runs every data set whose C-SVM run is cached (resumable,
one unit per data set under ``results/uci_models/``).
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import asdict

import numpy as np
import scipy.linalg

from reproduction.cache import RESULTS, cached_json, digest, stored_json
from reproduction.data import UCI_DATASETS, load_uci, uci_summary
from reproduction.experiments import uci
from reproduction.experiments.svm import SVMLog, svm_predict

__all__ = ["RIDGES", "RIDGE_METHODS", "ridge_predictions", "ridge_candidates", "tied_alone", "ridge_run",
           "run_dataset", "cached_run", "stored_results", "chapter_results", "spread_table", "ridge_table"]

RIDGES = tuple(10.0 ** k for k in range(-6, 2))  # relative to the training Gram's mean diagonal
RIDGE_METHODS = uci.RECURRENT + ("MLP-NTK",)  # the architectures of the second paper's Table II
DIRECTORY = RESULTS / "uci_models"


def ridge_predictions(G, y, train, test, ridges=RIDGES) -> list:
    """Kernel ridge regression's class predictions on ``test`` for each ridge ``r``:
    ``G[test, train] (G[train, train] + r mean(diag) I)^-1 Y``, with ``Y`` the one-hot training labels minus
    ``1 / classes``, then the largest output's class. One Cholesky factorisation per ridge (an
    eigendecomposition where rounding leaves the regularised Gram short of positive definite)."""
    labels = np.unique(y[train])
    targets = (y[train, None] == labels).astype(np.float64) - 1.0 / len(labels)
    K = G[np.ix_(train, train)]
    K = 0.5 * (K + K.T)
    scale, cross = np.mean(np.diag(K)), G[np.ix_(test, train)]
    out = []
    for r in ridges:
        regularised = K + r * scale * np.eye(len(K))
        try:
            weights = scipy.linalg.cho_solve(scipy.linalg.cho_factor(regularised), targets)
        except np.linalg.LinAlgError:
            lam, V = np.linalg.eigh(regularised)
            weights = V @ ((V.T @ targets) / np.maximum(lam, r * scale)[:, None])
        out.append(labels[np.argmax(cross @ weights, axis=1)])
    return out


def ridge_candidates(grid: uci.Grid):
    """``(group, params)`` of the C-SVM's kernel settings with a CK or an NTK (:func:`uci.candidates`)."""
    return [(g, p) for g, p in uci.candidates(grid) if "kind" in p]


def _fold_predictor(bank, X, y, grid, folds):
    """``predict(row, f)``: one setting's predictions on test fold ``f``, each computed once (a row with a
    ``ridge`` is kernel ridge regression, keyed by its ridge in the place of C)."""
    found = {}

    def predict(row, f):
        key = (uci._row_key(row), f)
        if key not in found:
            train, test = folds[f]
            if row["group"] == "RF":
                found[key] = uci._rf_predict(X, y, train, test, row["params"]["max_features"], grid.rf_trees)
            elif "ridge" in row:
                found[key] = ridge_predictions(bank.gram(row["group"], row["params"]), y, train, test,
                                               (row["ridge"],))[0]
            else:
                found[key] = svm_predict(bank.gram(row["group"], row["params"]), y, train, test, row["C"],
                                         grid.svm_max_iter, SVMLog())
        return found[key]

    return predict


def _predict_all(predict, rows, folds) -> None:
    """Every row's predictions on every fold, in the order of the recurrent families (the bank keeps two at a
    time, so each family is computed once)."""
    for row in sorted({uci._row_key(r): r for r in rows}.values(), key=uci._family_order):
        for f in range(len(folds)):
            predict(row, f)


def _as_row(chosen: dict) -> dict:
    """A C-SVM result's ``chosen`` entry as a validation row (:func:`uci.run_dataset`)."""
    params = {k: v for k, v in chosen.items() if k not in ("group", "C")}
    return dict(group=chosen["group"], params=params, C=chosen["C"])


def tied_alone(svm_run: dict, bank, d, grid) -> dict:
    """Per reported method: the test accuracy (mean over folds, %) of each setting tied on validation,
    alone, and of their vote (the C-SVM run's accuracy, recomputed)."""
    y, folds = d.y, d.folds
    rows = {m: [_as_row(c) for c in svm_run["methods"][m]["chosen"]] for m in uci.METHODS}
    predict = _fold_predictor(bank, d.X, y, grid, folds)
    _predict_all(predict, itertools.chain(*rows.values()), folds)
    out = {}
    for method, tied in rows.items():
        alone = [float(np.mean([np.mean(predict(r, f) == y[test]) * 100 for f, (_, test) in enumerate(folds)]))
                 for r in tied]
        voted = float(np.mean([np.mean(uci._vote([predict(r, f) for r in tied]) == y[test]) * 100
                               for f, (_, test) in enumerate(folds)]))
        out[method] = dict(alone=alone, voted=voted)
    return out


def ridge_run(bank, d, grid, ridges=RIDGES) -> dict:
    """Kernel ridge regression with the CK or the NTK alone, per architecture (``"RNN[ck]"``, ...):
    settings and ridge chosen on the validation half (ties vote), test accuracy over the four folds."""
    y, rows = d.y, []
    for group, p in ridge_candidates(grid):
        for r, predicted in zip(ridges, ridge_predictions(bank.gram(group, p), y, d.train, d.validation, ridges)):
            rows.append(dict(group=group, params=p, C=r, ridge=r, validation=float(np.mean(predicted == y[d.validation]))))
    pools = {m: uci._tied_best(pool) for m, pool in uci._selections(rows).items() if "[" in m}
    predict = _fold_predictor(bank, d.X, y, grid, d.folds)
    _predict_all(predict, itertools.chain(*pools.values()), d.folds)
    out = {}
    for method, tied in pools.items():
        accuracy = [float(np.mean(uci._vote([predict(r, f) for r in tied]) == y[test]) * 100)
                    for f, (_, test) in enumerate(d.folds)]
        out[method] = dict(accuracy=float(np.mean(accuracy)), fold_accuracies=accuracy,
                           validation=tied[0]["validation"] * 100,
                           chosen=[dict(group=r["group"], ridge=r["ridge"], **r["params"]) for r in tied])
    return out


def run_dataset(name: str, svm_run: dict, grid: uci.Grid = uci.FULL_GRID, ridges=RIDGES) -> dict:
    """Both follow-ups on one data set, given its C-SVM run on ``grid`` (:func:`uci.run_dataset`). Refuses
    a C-SVM run whose vote the tied settings alone do not give back (another grid, another code)."""
    d = load_uci(name)
    bank = uci.KernelBank(d.X, grid)
    start = time.perf_counter()
    tied = tied_alone(svm_run, bank, d, grid)
    one_sample = 100.0 / min(len(test) for _, test in d.folds)  # a prediction per fold flipped by rounding
    for method, t in tied.items():
        cached = svm_run["methods"][method]["accuracy"]
        if abs(t["voted"] - cached) > one_sample + 1e-9:
            raise ValueError(f"{name}: {method}'s tied settings vote {t['voted']:.4f} % on the test folds, "
                             f"the C-SVM run stored {cached:.4f} %; its run is not this grid's or this code's")
    ridge = ridge_run(bank, d, grid, ridges)
    return dict(dataset=name, seconds=time.perf_counter() - start, tied=tied, ridge=ridge)


def _params(svm_run: dict, grid: uci.Grid, ridges) -> dict:
    return dict(grid=asdict(grid), ridges=list(ridges), svm_run=digest(svm_run))


def cached_run(name: str) -> dict:
    """:func:`run_dataset` on the full grid through ``results/uci_models/<name>.json``, keyed by the grid,
    the ridges and the C-SVM run's checksum (a changed C-SVM run is followed again)."""
    svm_run = uci.stored_results([name])[name]
    return cached_json(DIRECTORY / f"{name}.json", lambda: run_dataset(name, svm_run),
                       params=_params(svm_run, uci.FULL_GRID, RIDGES))


def stored_results(svm_runs: dict) -> dict:
    """The cached follow-ups of the C-SVM runs ``{dataset: run}`` (nothing is computed)."""
    found = {n: stored_json(DIRECTORY / f"{n}.json", _params(r, uci.FULL_GRID, RIDGES)) for n, r in svm_runs.items()}
    return {n: r for n, r in found.items() if r is not None}


def chapter_results(svm_runs: dict, quick: bool) -> dict:
    """The UCI chapter's follow-ups of its C-SVM runs ``{dataset: run}``: with ``quick``, computed here on
    :data:`uci.QUICK_GRID`; under ``make reproduce`` through the caches; otherwise the cached ones only."""
    from reproduction.cache import recompute

    if quick:
        return {n: run_dataset(n, r, uci.QUICK_GRID) for n, r in svm_runs.items()}
    return {n: cached_run(n) for n in svm_runs} if recompute() else stored_results(svm_runs)


def spread_table(results: dict):
    """Per data set and method: the best and the worst tied setting's accuracy alone (%) and their count."""
    import pandas as pd

    rows = [dict(dataset=d, method=m, best=max(t["alone"]), worst=min(t["alone"]), tied=len(t["alone"]))
            for d, r in results.items() for m, t in r["tied"].items()]
    return pd.DataFrame(rows)


def ridge_table(results: dict, svm_runs: dict):
    """Per data set and architecture: the CK's and the NTK's accuracy (%) under kernel ridge regression and
    under the C-SVM (the C-SVM run's CK-only and NTK-only selections)."""
    import pandas as pd

    rows = [dict(dataset=d, method=m, **{f"{kind}_{algo}": run[f"{m}[{kind}]"]["accuracy"]
                                         for kind in ("ck", "ntk")
                                         for algo, run in (("krr", r["ridge"]), ("svm", svm_runs[d]["methods"]))})
            for d, r in results.items() for m in RIDGE_METHODS]
    return pd.DataFrame(rows)


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive

    parser = argparse.ArgumentParser(description="Score the UCI experiment's models one by one: each tied setting "
                                                 "alone, and kernel ridge regression with the CK or the NTK "
                                                 "(resumable; one unit per data set).")
    parser.add_argument("datasets", nargs="*", help="names (default: every data set whose C-SVM run is cached, "
                                                    "smallest first)")
    parser.add_argument("--scheduler", help="address of a Dask scheduler whose workers run the data sets")
    args = parser.parse_args(argv)
    names = check_datasets(parser, args.datasets, UCI_DATASETS) or list(uci_summary().sort_values("samples").dataset)
    missing = sorted(set(names) - set(uci.stored_results(names)))
    if missing and args.datasets:
        parser.error(f"no cached C-SVM run for {missing}; run python -m reproduction.experiments.uci paper first")
    check_writable(parser, DIRECTORY)
    drive(cached_run, [dict(name=n) for n in names if n not in missing],
          lambda u, r: f"{u['name']:32s} ({r['seconds']:7.1f} s)", scheduler=args.scheduler)


if __name__ == "__main__":
    main()
