"""Is the UCR verdict stable? The kernels' cross-validated selection repeated over seeds of the split.

For one data set and kernel method, every Gram of the grid is computed once and reused by every seed:
each seed draws its own stratified 10-fold split of the training set (:func:`reproduction.experiments.ucr_protocol.
stratified_folds`), and its selection is scored twice on the test split: the *first* setting in grid
order among those tied at the best CV accuracy (the protocol's point estimate; seed 0 is the UCR
chapter's single run), and the *tie-neutral* accuracy, the mean test accuracy over every (setting, C)
tied at the best CV accuracy. One cached unit per data set, method and seed:
``results/ucr_seeds/<dataset>/<method>-seed<k>.json``.
A trained network is re-run whole under another seed (its cross-validation split, the refit's split and
its initialisation; :func:`cached_network_seed`); its seed 0 is the UCR chapter's unit. The spread of
these re-runs sets the tolerance of a network's mean accuracy against the paper's
(:func:`reproduction.verdicts.rerun_tolerance`).
``python -m reproduction.experiments.ucr_seeds kernels`` runs every available data set (resumable, cheapest first).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from reproduction.cache import RESULTS, cached_json, reusable_json, store_json, stored_json
from reproduction.data import UCR_AVAILABLE, load_ucr
from reproduction.experiments.svm import SVMLog, cross_validated_accuracy, svm_predict
from reproduction.experiments.ucr import gram_chunks
from reproduction.experiments.ucr_networks import run_network
from reproduction.experiments.ucr_protocol import (FULL_GRID, KERNEL_METHODS, NETWORK_METHODS, UCRGrid, by_size, cache_params,
                                           stratified_folds, unit_norm)

__all__ = ["SEEDS", "NETWORK_SEEDS", "NETWORK_SEED_SETS", "SEED_RESULTS", "tied_best", "run_seeds", "cached_seeds",
           "stored_seeds", "seed_tables", "cached_network_seed", "stored_network_seeds"]

SEEDS = (0, 1, 2, 3, 4)
NETWORK_SEEDS = (1, 2)  # seed 0 is the UCR chapter's run
NETWORK_SEED_SETS = ("SmoothSubspace", "OliveOil", "ECG200", "GunPoint")  # the four cheapest for the three networks
SEED_RESULTS = RESULTS / "ucr_seeds"


def tied_best(cv, tol: float = 1e-12) -> list:
    """``[(setting, C index)]`` of every entry of ``cv`` (settings x C) within ``tol`` of its maximum, in
    grid order (settings first, then C): the first is the protocol's choice."""
    cv = np.asarray(cv, dtype=np.float64)
    return [tuple(int(i) for i in ix) for ix in np.argwhere(cv >= cv.max() - tol)]


def _path(directory, name: str, method: str, seed: int):
    return directory / name / f"{method}-seed{seed}.json"


def _params(method: str, grid: UCRGrid, seed: int) -> dict:
    return dict(cache_params(method, grid), seed=seed)


def run_seeds(name: str, method: str, grid: UCRGrid = FULL_GRID, seeds=SEEDS, n_jobs: int = 1) -> dict:
    """``{seed: result}``: each seed's selection (``cv_accuracy``, ``chosen``, ``tied`` count) and its
    test ``accuracy`` (first tied setting) and ``tie_neutral_accuracy`` (mean over the tied ones), in %."""
    if method not in KERNEL_METHODS:
        raise ValueError(f"unknown kernel method {method!r}; expected one of {KERNEL_METHODS}")
    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = unit_norm(X_train), unit_norm(X_test)
    folds = {s: stratified_folds(grid.folds, y_train, s) for s in seeds}
    start, log = time.perf_counter(), SVMLog()
    cv, settings = {s: [] for s in seeds}, []
    for chunk, grams in gram_chunks(method, grid, X_train):
        for s in seeds:
            cv[s].extend(cross_validated_accuracy(grams, y_train, folds[s], grid.C, grid.svm_max_iter, log, n_jobs))
        settings.extend(chunk)
    ties = {s: tied_best(cv[s]) for s in seeds}
    n, y = len(X_train), np.concatenate([y_train, y_test])
    test = {}
    for i in sorted({i for t in ties.values() for i, _ in t}):
        kernel = settings[i][1]
        G = np.concatenate([kernel(X_train), kernel(X_test, X_train)])
        for c in sorted({c for t in ties.values() for j, c in t if j == i}):
            predicted = svm_predict(G, y, np.arange(n), np.arange(n, len(y)), grid.C[c], grid.svm_max_iter, log)
            test[(i, c)] = float(np.mean(predicted == y_test) * 100)
    seconds = time.perf_counter() - start
    out = {}
    for s in seeds:
        (i, c), tied = ties[s][0], ties[s]
        out[s] = dict(dataset=name, method=method, seed=s, cv_accuracy=float(np.max(cv[s])) * 100,
                      chosen=dict(settings[i][0], C=grid.C[c]), tied=len(tied), accuracy=test[(i, c)],
                      tie_neutral_accuracy=float(np.mean([test[t] for t in tied])),
                      seconds=seconds / len(seeds), svm_fits_capped=log.capped, svm_fits_failed=log.failed)
    return out


def cached_seeds(name: str, method: str, grid: UCRGrid = FULL_GRID, seeds=SEEDS, directory=SEED_RESULTS,
                 n_jobs: int = 1) -> dict:
    """:func:`run_seeds` for the seeds not cached yet (their Grams computed once), each seed written to
    its own file; ``{seed: result}`` of all ``seeds``."""
    found = {s: reusable_json(_path(directory, name, method, s), _params(method, grid, s)) for s in seeds}
    missing = [s for s in seeds if found[s] is None]
    if missing:
        for s, result in run_seeds(name, method, grid, missing, n_jobs).items():
            store_json(_path(directory, name, method, s), result, _params(method, grid, s))
            found[s] = result
    return found


def stored_seeds(names=UCR_AVAILABLE, methods=KERNEL_METHODS, grid: UCRGrid = FULL_GRID, seeds=SEEDS,
                 directory=SEED_RESULTS) -> dict:
    """``{(dataset, method): {seed: result}}`` for the units with every seed cached (nothing computed)."""
    out = {}
    for n in names:
        for m in methods:
            found = {s: stored_json(_path(directory, n, m, s), _params(m, grid, s)) for s in seeds}
            if all(r is not None for r in found.values()):
                out[(n, m)] = found
    return out


def cached_network_seed(name: str, method: str, seed: int, grid: UCRGrid = FULL_GRID, directory=SEED_RESULTS,
                        checkpoint_seconds: float = 300.0) -> dict:
    """A trained network (:func:`reproduction.experiments.ucr_networks.run_network`) re-run whole under ``seed``,
    through ``<directory>/<name>/<method>-seed<k>.json``; its parts wait in ``<method>-seed<k>.partial/``."""
    if method not in NETWORK_METHODS:
        raise ValueError(f"unknown network {method!r}; expected one of {tuple(NETWORK_METHODS)}")
    if seed == 0:
        raise ValueError("a network's seed 0 is the UCR chapter's unit (results/ucr); re-run seeds 1 and above")
    path = _path(directory, name, method, seed)
    work = path.with_name(path.stem + ".partial")
    compute = lambda: run_network(name, method, grid, seed=seed, work=work,  # noqa: E731
                                  checkpoint_seconds=checkpoint_seconds)
    return cached_json(path, compute, params=_params(method, grid, seed), parts=work)


def stored_network_seeds(first: dict, names=NETWORK_SEED_SETS, methods=tuple(NETWORK_METHODS), seeds=NETWORK_SEEDS,
                         grid: UCRGrid = FULL_GRID, directory=SEED_RESULTS) -> dict:
    """``{(dataset, network): {seed: accuracy}}`` for the units with at least one re-run cached, seed 0 taken
    from ``first`` (the UCR chapter's ``{(dataset, method): result}``); nothing computed."""
    out = {}
    for n in names:
        for m in methods:
            found = {s: stored_json(_path(directory, n, m, s), _params(m, grid, s)) for s in seeds}
            found = {s: r["accuracy"] for s, r in found.items() if r is not None}
            if (n, m) in first and found:
                out[(n, m)] = {0: first[(n, m)]["accuracy"], **found}
    return out


def seed_tables(found: dict, methods) -> dict:
    """The seeds' results (:func:`stored_seeds`) summarised: ``spread`` and ``first``
    (:func:`reproduction.verdicts.seed_spread` of the tie-neutral and of the first-tie accuracy), ``every`` (the data
    sets with every method on every seed), ``seed_means`` (data sets x methods, tie-neutral, on ``every``;
    None with fewer than 2) and ``stability`` (per method: seed 0's first-tie mean, the seed means, the mean
    std and the largest range over seeds, on ``every``)."""
    import pandas as pd

    from reproduction.verdicts import seed_spread

    spread = seed_spread({k: {s: r["tie_neutral_accuracy"] for s, r in v.items()} for k, v in found.items()})
    first = seed_spread({k: {s: r["accuracy"] for s, r in v.items()} for k, v in found.items()})
    counts = spread[spread.seeds == len(SEEDS)].groupby("dataset").method.count()
    every = list(counts[counts == len(methods)].index)
    out = dict(spread=spread, first=first, every=every, seed_means=None, stability=None)
    if len(every) >= 2:
        on = lambda t: t[t.dataset.isin(every)].groupby("method")  # noqa: E731
        out["seed_means"] = spread.pivot(index="dataset", columns="method", values="mean").loc[every, list(methods)]
        out["stability"] = pd.DataFrame({
            "seed 0, first tie (the protocol)": pd.Series({m: np.mean([found[(d, m)][0]["accuracy"] for d in every])
                                                          for m in methods}),
            "seed mean, first tie": on(first)["mean"].mean(),
            "seed mean, tie-neutral": on(spread)["mean"].mean(),
            "mean spread over seeds (std)": on(spread)["std"].mean(),
            "largest range over seeds": on(first.assign(range=first.high - first.low))["range"].max(),
        }).T[list(methods)]
    return out


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive, jobs

    parser = argparse.ArgumentParser(description="UCR runs repeated over seeds (resumable; cached per unit).")
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")
    kernels = modes.add_parser("kernels", help="every kernel's CV selection over seeds of the split (the grids chapter)")
    kernels.add_argument("datasets", nargs="*", help="names (default: every available one, smallest first)")
    kernels.add_argument("--methods", nargs="+", default=list(KERNEL_METHODS), choices=KERNEL_METHODS)
    kernels.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    kernels.add_argument("--jobs", type=jobs, default=1, help="threads for the SVM fits")
    networks = modes.add_parser("networks", help=f"each trained network re-run whole under seeds {NETWORK_SEEDS} (the "
                                                 "networks' chapter)")
    networks.add_argument("datasets", nargs="*", help=f"names (default: {', '.join(NETWORK_SEED_SETS)})")
    networks.add_argument("--methods", nargs="+", default=list(NETWORK_METHODS), choices=tuple(NETWORK_METHODS))
    args = parser.parse_args(argv)
    default = list(NETWORK_SEED_SETS) if args.mode == "networks" else by_size(UCR_AVAILABLE)
    names = check_datasets(parser, args.datasets, UCR_AVAILABLE) or default
    check_writable(parser, SEED_RESULTS, *(SEED_RESULTS / n for n in names))
    if args.mode == "networks":
        units = [dict(name=n, method=m, seed=s) for m in args.methods for n in names for s in NETWORK_SEEDS]
        drive(cached_network_seed, units,
              lambda u, r: f"{u['name']:32s} {u['method']:12s} seed {u['seed']} accuracy {r['accuracy']:6.2f}")
        return

    def line(unit, result):
        accuracy = [result[s]["tie_neutral_accuracy"] for s in args.seeds]
        return f"{unit['name']:32s} {unit['method']:10s} tie-neutral {np.mean(accuracy):6.2f} +- {np.std(accuracy):5.2f}"

    # the cheap kernels first: every data set of one method, then the next
    drive(cached_seeds, [dict(name=n, method=m, seeds=args.seeds, n_jobs=args.jobs) for m in args.methods for n in names],
          line)


if __name__ == "__main__":
    main()
