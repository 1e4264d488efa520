"""The second paper's experiment: 90 UCI data sets, recurrent kernels and baselines under a C-SVM.

Protocol (second paper, Section V, following Arora et al. 2020 and Fernandez-Delgado et al. 2014):
hyperparameters (kernel settings and C) are chosen by training on the ``train`` half of
``conxuntos.dat`` and scoring on its ``validation`` half; the test accuracy is the mean over
the four folds of ``conxuntos_kfold.dat`` of a model refitted on each fold's training part.
When several settings tie for the best validation accuracy, all of them vote on the test
fold (the paper's rule). Each data set's feature vector is read as a sequence of scalars.

``run_dataset`` evaluates one data set and caches the result as
``results/uci/<name>.json``; ``python -m reproduction.experiments.uci paper`` runs them all (resumable).
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, replace

import numpy as np
from sklearn.ensemble import RandomForestClassifier

from reproduction.cache import RESULTS, cached_json, stored_json
from reproduction.data import UCI_DATASETS, load_uci, uci_summary
from reproduction.experiments import tables
from reproduction.experiments.svm import SVMLog, svm_predict
from rntk.baselines import FullyConnectedKernel, HomogeneousGammaExponentialKernel, PolynomialKernel, RBFKernel
from rntk.recurrent import RecurrentKernel

__all__ = ["chapter_results", "Grid", "FULL_GRID", "QUICK_GRID", "RECURRENT", "METHODS", "KernelBank", "run_dataset", "cached_run",
           "stored_results", "by_unit", "accuracy_table", "validation_in_test", "grid_axes", "PROTOCOLS",
           "readout_scale"]

RECURRENT = ("RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG", "RNN-P")
BASELINES = ("MLP-NTK", "RBF", "Polynomial", "H-gamma-exp", "RF")
METHODS = RECURRENT + BASELINES


@dataclass(frozen=True)
class Grid:
    """Hyperparameter grids. Recurrent ones are the paper's; baselines' are stated in the chapter."""

    C: tuple = (0.01, 1.0, 100.0, 1e4, 1e6)
    sigma_u: tuple = (0.25, 0.5)
    sigma_b: tuple = (0.001, 0.1)
    depths: tuple = (1, 2)
    mlp_depths: tuple = (1, 2, 3, 4, 5)
    rbf_gamma: tuple = tuple(2.0 ** k for k in range(-10, 3, 2))
    poly_degree: tuple = (2, 3, 4)
    hexp_gamma: tuple = (0.5, 1.0, 1.5)
    hexp_c: tuple = (0.5, 1.0, 2.0, 4.0)
    rf_max_features: tuple = ("sqrt", 0.5, 1.0)
    rf_trees: int = 500
    svm_max_iter: int = 1_000_000  # LIBSVM iterations; C = 1e6 on noisy data may otherwise run for hours


FULL_GRID = Grid()
QUICK_GRID = Grid(C=(1.0, 100.0), sigma_u=(0.5,), sigma_b=(0.1,), depths=(1, 2), mlp_depths=(1, 2),
                  rbf_gamma=(2.0 ** -4, 1.0), poly_degree=(2,), hexp_gamma=(1.0,), hexp_c=(1.0,),
                  rf_max_features=("sqrt",), rf_trees=50)

SIGMA_W = np.sqrt(2.0)
PROTOCOLS = ("paper", "authors' code")
AUTHORS_CODE_MAX_ITER = 50_000  # the authors' LIBSVM iteration cap
AUTHORS_CODE_SAMPLE = 30  # data sets, the smallest first, run under the authors' code as well


def sigma_v(variant: str, steps: int) -> float:
    """The second paper's read-out scale per variant: 1, 1/sqrt(2), 1/(sqrt(2) T)."""
    if variant in ("RNN-AVG", "BI-RNN-AVG"):
        return 1.0 / (np.sqrt(2.0) * steps)
    return 1.0 / np.sqrt(2.0) if variant == "BI-RNN" else 1.0


def readout_scale(variant: str, steps: int, protocol: str = "paper") -> float:
    """The factor on a variant's Gram: sigma_v^2 as the paper prints it, or as the authors' code has it
    (sigma_v = 1 for every variant, the average-pooled Grams divided by T)."""
    if protocol == "paper":
        return sigma_v(variant, steps) ** 2
    return 1.0 / steps if variant.endswith("AVG") else 1.0


class KernelBank:
    """The Grams of one data set, on demand; recurrent families (one pass: both directions'
    CK and NTK, every layer, last-step and per-step read-outs) are memoised, two at a time."""

    def __init__(self, X, grid: Grid, protocol: str = "paper"):
        self.X, self.grid, self.protocol = X, grid, protocol
        self._families = OrderedDict()

    def family(self, su, sb, reverse):
        key = (su, sb, reverse)
        if key not in self._families:
            k = RecurrentKernel(depth=max(self.grid.depths), sigma_w=SIGMA_W, sigma_u=su, sigma_b=sb,
                                sigma_v=1.0, reverse=reverse)
            self._families[key] = k.family(self.X)
            while len(self._families) > 2:
                self._families.popitem(last=False)
        return self._families[key]

    def gram(self, method: str, p: dict):
        if method in RECURRENT or method == "RNN-reverse":
            variant = "RNN" if method in ("RNN-P", "RNN-reverse") else method
            readout = "avg" if variant.endswith("AVG") else "last"
            reverse = p.get("direction") == "reverse"
            key = (p["depth"], readout, p["kind"])
            G = self.family(p["sigma_u"], p["sigma_b"], reverse)[key]
            if variant.startswith("BI"):
                G = G + self.family(p["sigma_u"], p["sigma_b"], not reverse)[key]
            return readout_scale(variant, self.X.shape[1], self.protocol) * G
        if method == "MLP-NTK":
            return FullyConnectedKernel(depth=p["depth"], sigma_w=SIGMA_W)(self.X, get=p["kind"])
        if method == "RBF":
            return RBFKernel(p["gamma"])(self.X)
        if method == "Polynomial":
            return PolynomialKernel(p["degree"], gamma=1.0 / self.X.shape[1], coef0=1.0)(self.X)
        if method == "H-gamma-exp":
            return HomogeneousGammaExponentialKernel(p["gamma"], p["c"])(self.X)
        raise ValueError(f"no Gram for method {method!r}")


def candidates(grid: Grid):
    """(group, params) of every kernel setting; C is searched separately. The group "RNN-reverse"
    holds the plain RNN on reversed inputs, which only RNN-P may choose."""
    for su, sb, depth, kind in itertools.product(grid.sigma_u, grid.sigma_b, grid.depths, ("ck", "ntk")):
        p = dict(sigma_u=su, sigma_b=sb, depth=depth, kind=kind)
        for group in ("RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG"):
            yield group, p
        yield "RNN-reverse", {**p, "direction": "reverse"}
    for depth, kind in itertools.product(grid.mlp_depths, ("ck", "ntk")):
        yield "MLP-NTK", dict(depth=depth, kind=kind)
    for gamma in grid.rbf_gamma:
        yield "RBF", dict(gamma=gamma)
    for degree in grid.poly_degree:
        yield "Polynomial", dict(degree=degree)
    for gamma, c in itertools.product(grid.hexp_gamma, grid.hexp_c):
        yield "H-gamma-exp", dict(gamma=gamma, c=c)


def grid_axes(method: str, grid: Grid = FULL_GRID) -> dict:
    """The values each numeric hyperparameter of a method is searched over, C included (the random
    forest's ``max_features`` is a choice of rules, not a range, and has no edges)."""
    recurrent = dict(C=grid.C, sigma_u=grid.sigma_u, sigma_b=grid.sigma_b, depth=grid.depths)
    axes = {**{m: recurrent for m in RECURRENT}, "MLP-NTK": dict(C=grid.C, depth=grid.mlp_depths),
            "RBF": dict(C=grid.C, gamma=grid.rbf_gamma), "Polynomial": dict(C=grid.C, degree=grid.poly_degree),
            "H-gamma-exp": dict(C=grid.C, gamma=grid.hexp_gamma, c=grid.hexp_c), "RF": {}}
    if method not in axes:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    return axes[method]


def validation_in_test(name: str) -> float:
    """The share of a data set's validation half (which chooses the settings) that lies in one of
    the test folds (which score them): the protocol's leak from selection into test."""
    d = load_uci(name)
    tested = np.unique(np.concatenate([test for _, test in d.folds]))
    return float(np.isin(d.validation, tested).mean())


def _rf_predict(X, y, train, test, max_features, trees, seed=0):
    model = RandomForestClassifier(n_estimators=trees, max_features=max_features, random_state=seed, n_jobs=1)
    return model.fit(X[train], y[train]).predict(X[test])


def _vote(predictions):
    """Majority vote per sample; ties go to the smallest label."""
    stacked = np.stack(predictions)
    labels = np.unique(stacked)
    counts = np.stack([(stacked == label).sum(axis=0) for label in labels])
    return labels[np.argmax(counts, axis=0)]


def _selections(rows):
    """Which validation rows each reported method chooses among: per method, and for the
    recurrent ones and the MLP also restricted to the CK or to the NTK (second paper, Table II)."""
    pools = {m: [r for r in rows if r["group"] == m] for m in METHODS if m != "RNN-P"}
    pools["RNN-P"] = [r for r in rows if r["group"] in ("RNN", "RNN-reverse")]
    for m in RECURRENT + ("MLP-NTK",):
        for kind in ("ck", "ntk"):
            pools[f"{m}[{kind}]"] = [r for r in pools[m] if r["params"]["kind"] == kind]
    return pools


def _tied_best(pool):
    """The rows of ``pool`` with its best validation accuracy."""
    best = max(r["validation"] for r in pool)
    return [r for r in pool if r["validation"] == best]


def _row_key(r):
    return r["group"], tuple(sorted(r["params"].items())), r["C"]


def _family_order(r):
    """Rows of one (sigma_u, sigma_b) together (their recurrent families), the other kernels after."""
    p = r["params"]
    return (0, p["sigma_u"], p["sigma_b"]) if "sigma_u" in p else (1, 0.0, 0.0)


def run_dataset(name: str, grid: Grid = FULL_GRID, progress=None, protocol: str = "paper") -> dict:
    """Validation search, tied-model voting on the four test folds; every reported method.

    ``protocol="authors' code"`` makes the choices of the authors' published code where it differs from
    the paper's text: every data set divided by its largest row norm, sigma_v = 1 for every variant with
    the average-pooled Grams divided by T (:func:`readout_scale`), and LIBSVM capped at 50,000 iterations."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {PROTOCOLS}, got {protocol!r}")
    d = load_uci(name)
    X, y = d.X, d.y
    if protocol != "paper":
        X = X / np.linalg.norm(X, axis=1).max()
        grid = replace(grid, svm_max_iter=AUTHORS_CODE_MAX_ITER)
    bank = KernelBank(X, grid, protocol)
    start = time.perf_counter()
    rows, log = [], SVMLog()
    for group, p in candidates(grid):
        G = bank.gram(group, p)
        for C in grid.C:
            predicted = svm_predict(G, y, d.train, d.validation, C, grid.svm_max_iter, log)
            accuracy = np.mean(predicted == y[d.validation])
            rows.append(dict(group=group, params=p, C=C, validation=float(accuracy)))
    for mf in grid.rf_max_features:
        accuracy = np.mean(_rf_predict(X, y, d.train, d.validation, mf, grid.rf_trees) == y[d.validation])
        rows.append(dict(group="RF", params=dict(max_features=mf), C=None, validation=float(accuracy)))

    pools = {m: _tied_best(pool) for m, pool in _selections(rows).items()}
    # every tied row's test-fold predictions, computed once (rows are shared between pools) and in
    # the order of the recurrent families they need, so the bank never computes a family twice
    needed = {_row_key(r): r for tied in pools.values() for r in tied}
    fold_predictions = {}
    for k, r in sorted(needed.items(), key=lambda item: _family_order(item[1])):
        for f, (train, test) in enumerate(d.folds):
            one = SVMLog()
            if r["group"] == "RF":
                predicted = _rf_predict(X, y, train, test, r["params"]["max_features"], grid.rf_trees)
            else:
                predicted = svm_predict(bank.gram(r["group"], r["params"]), y, train, test, r["C"],
                                        grid.svm_max_iter, one)
            fold_predictions[k, f] = predicted, one

    results = {}
    for method, tied in pools.items():
        fold_accuracy = []
        for f, (_, test) in enumerate(d.folds):
            votes = []
            for r in tied:
                predicted, one = fold_predictions[_row_key(r), f]
                votes.append(predicted)
                log.fits, log.capped = log.fits + one.fits, log.capped + one.capped  # per use, as each vote requests the fit
            fold_accuracy.append(float(np.mean(_vote(votes) == y[test]) * 100))
        results[method] = dict(accuracy=float(np.mean(fold_accuracy)), fold_accuracies=fold_accuracy,
                               validation=tied[0]["validation"] * 100,
                               chosen=[dict(group=r["group"], C=r["C"], **r["params"]) for r in tied])
        if progress:
            progress(f"{name}: {method} {results[method]['accuracy']:.2f}")
    return dict(dataset=name, samples=len(y), features=X.shape[1], classes=d.n_classes,
                seconds=time.perf_counter() - start, svm_fits=log.fits, svm_fits_capped=log.capped,
                methods=results)


def _cache_params(grid: Grid, protocol: str) -> dict:
    return asdict(grid) if protocol == "paper" else dict(asdict(grid), protocol=protocol)


def _directory(protocol: str):
    return RESULTS / ("uci" if protocol == "paper" else "uci_authors_code")


def cached_run(name: str, grid: Grid = FULL_GRID, protocol: str = "paper") -> dict:
    """``run_dataset`` through the cache ``results/uci/<name>.json`` (``results/uci_authors_code/`` for
    the authors' code), keyed by the grid and protocol."""
    return cached_json(_directory(protocol) / f"{name}.json", lambda: run_dataset(name, grid, protocol=protocol),
                       params=_cache_params(grid, protocol))


def stored_results(names, grid: Grid = FULL_GRID, protocol: str = "paper") -> dict:
    """The cached results of ``names`` that exist for ``grid`` and ``protocol`` (nothing is computed)."""
    found = {name: stored_json(_directory(protocol) / f"{name}.json", _cache_params(grid, protocol)) for name in names}
    return {name: r for name, r in found.items() if r is not None}


def chapter_results(quick: bool) -> dict:
    """The UCI chapter's results, ``{dataset: result}``: with ``quick``, the three smallest data sets on
    :data:`QUICK_GRID`, computed here; under ``make reproduce`` (:func:`reproduction.cache.recompute`), every data set
    through its cache; otherwise the cached data sets only (nothing computed)."""
    from reproduction.cache import recompute

    if quick:
        return {n: run_dataset(n, QUICK_GRID) for n in uci_summary().sort_values("samples").dataset[:3]}
    return {n: cached_run(n) for n in UCI_DATASETS} if recompute() else stored_results(UCI_DATASETS)


def by_unit(results: dict, methods=METHODS) -> dict:
    """``{dataset: result}`` -> ``{(dataset, method): that method's result}``, the shape of
    :mod:`reproduction.experiments.tables`."""
    return {(d, m): r["methods"][m] for d, r in results.items() for m in methods}


def accuracy_table(results: dict, methods=METHODS):
    """One row per data set, one column per method (accuracy in percent)."""
    return tables.accuracy_table(by_unit(results, methods), methods)


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive

    parser = argparse.ArgumentParser(description="Run the UCI experiment (resumable; cached per data set).")
    modes = parser.add_subparsers(dest="protocol", required=True, metavar="MODE")
    helps = {"paper": "the paper's text's protocol, all 90 data sets (results/uci/)",
             "authors-code": f"the authors' code's protocol, the {AUTHORS_CODE_SAMPLE} smallest data sets "
                             "(results/uci_authors_code/)"}
    for mode, text in helps.items():
        sub = modes.add_parser(mode, help=text, description=text)
        sub.add_argument("datasets", nargs="*", help="names (default: the mode's, smallest first)")
        sub.add_argument("--scheduler", help="address of a Dask scheduler whose workers run the data sets")
    args = parser.parse_args(argv)
    protocol = {"paper": "paper", "authors-code": "authors' code"}[args.protocol]
    names = check_datasets(parser, args.datasets, UCI_DATASETS) or list(uci_summary().sort_values("samples").dataset)
    if protocol != "paper":
        names = args.datasets or names[:AUTHORS_CODE_SAMPLE]
    check_writable(parser, _directory(protocol))
    drive(cached_run, [dict(name=name, grid=FULL_GRID, protocol=protocol) for name in names],
          lambda u, r: f"{u['name']:32s} RNN-P {r['methods']['RNN-P']['accuracy']:6.2f}  ({r['seconds']:7.1f} s)",
          scheduler=args.scheduler)
    if protocol == "paper":
        tables.write_tables(by_unit(stored_results(UCI_DATASETS)), RESULTS / "uci", METHODS)


if __name__ == "__main__":
    main()
