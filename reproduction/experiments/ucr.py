"""The first paper's classification experiment on the UCR archive (Table 1): its kernel methods.

Protocol (first paper, Appendix A.1; settings its text lost are ours, in
:class:`~reproduction.experiments.ucr_protocol.UCRGrid`): each sequence scaled to unit norm; a C-SVM on the
precomputed Gram; every kernel setting and C chosen by stratified 10-fold cross-validation on the
training split only (fewer folds where every class has fewer than 10 training series; ties: the first
setting in grid order); the chosen setting is refitted on the whole training split and scored once on
the test split. The trained RNN baselines are in :mod:`reproduction.experiments.ucr_networks`. One cached unit per
data set and method: ``results/ucr/<dataset>/<method>.json``, its finished parts (chunks of settings)
in ``<method>.partial/`` until then.
``python -m reproduction.experiments.ucr MODE`` runs every available data set and method of a mode (:data:`MODES`:
``ours``, ``paper-grid``, ``sigma-w``, ``ntk-c``; resumable).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from reproduction.cache import RESULTS, cached_json, shapes, stored_json
from reproduction.data import UCR_AVAILABLE, load_ucr
from reproduction.experiments import tables
from reproduction.experiments.svm import SVMLog, cross_validated_accuracy, svm_predict
from reproduction.experiments.ucr_networks import network_fold_parts, run_network
from reproduction.experiments.ucr_protocol import (EARLY_STOPPED_GRID, EARLY_STOPPED_RESULTS, FULL_GRID, KERNEL_METHODS,
                                           METHODS, NETWORK_METHODS, NTK_C_GRID, NTK_C_RESULTS, PAPER_GRID,
                                           PAPER_GRID_RESULTS, QUICK_GRID, SIGMA_W_GRID, SIGMA_W_RESULTS, UCRGrid,
                                           by_size, cache_params, epoch_work, parts_folder, stratified_folds,
                                           unit_norm)
from rntk.baselines import FullyConnectedKernel, PolynomialKernel, RBFKernel
from rntk.normalise import Normalised
from rntk.recurrent import RecurrentKernel

__all__ = ["Mode", "MODES", "kernel_parts", "chapter_results", "network_chapter_results", "accuracy_table", "coverage",
           "one_method", "sigma_w_side", "kernel_settings", "grid_axes", "gram_chunks", "run_kernel_method", "cached_method", "stored_results", "estimated_seconds"]


def kernel_settings(method: str, grid: UCRGrid, architecture: str = "rnn"):
    """Every setting of one kernel method, with the function that builds its Gram (``architecture``: the
    RNTK's, :data:`rntk.architectures.ARCHITECTURES`)."""
    if grid.normalise:
        yield from ((p, Normalised(kernel)) for p, kernel in kernel_settings(method, replace(grid, normalise=False),
                                                                             architecture))
    elif method == "RNTK":
        for sw, su, sb, sh in itertools.product(grid.sigma_w, grid.sigma_u, grid.sigma_b, grid.sigma_h):
            p = dict(sigma_w=sw, sigma_u=su, sigma_b=sb, sigma_h=sh)
            yield p, RecurrentKernel(**p, architecture=architecture)
    elif method == "NTK":
        for depth in grid.ntk_depth:
            yield dict(depth=depth), FullyConnectedKernel(depth=depth)
    elif method == "RBF":
        for gamma in grid.rbf_gamma:
            yield dict(gamma=gamma), RBFKernel(gamma)
    elif method == "Polynomial":
        for degree in grid.poly_degree:
            yield dict(degree=degree), PolynomialKernel(degree, gamma=1.0, coef0=1.0)
    else:
        raise ValueError(f"unknown kernel method {method!r}; expected one of {KERNEL_METHODS}")


def grid_axes(method: str, grid: UCRGrid) -> dict:
    """The values each hyperparameter of a kernel method is searched over, C included."""
    own = {"RNTK": dict(sigma_w=grid.sigma_w, sigma_u=grid.sigma_u, sigma_b=grid.sigma_b, sigma_h=grid.sigma_h),
           "NTK": dict(depth=grid.ntk_depth), "RBF": dict(gamma=grid.rbf_gamma),
           "Polynomial": dict(degree=grid.poly_degree)}
    if method not in own:
        raise ValueError(f"unknown kernel method {method!r}; expected one of {KERNEL_METHODS}")
    return dict(C=grid.C, **own[method])


def _setting_chunks(method: str, grid: UCRGrid, architecture: str = "rnn"):
    """``(settings, gram)`` in grid order, ``gram(X)`` the ``(S, N, N)`` Grams of those settings: the
    RNTK's settings of one (sigma_w, sigma_u, sigma_b) at a time from one batched pass over sigma_h
    (:meth:`RecurrentKernel.grid`), every other setting on its own."""
    settings = list(kernel_settings(method, grid, architecture))
    if method == "RNTK" and not grid.normalise:
        k, per = RecurrentKernel(architecture=architecture), len(grid.sigma_h)  # sigma_h innermost
        outer = itertools.product(grid.sigma_w, grid.sigma_u, grid.sigma_b)
        for i, (sw, su, sb) in enumerate(outer):
            chunk = settings[i * per:(i + 1) * per]
            axes = dict(sigma_w=[sw], sigma_u=[su], sigma_b=[sb], sigma_h=grid.sigma_h)
            assert [p for p, _ in chunk] == [{a: q[a] for a in p} for (p, _), q in zip(chunk, k.grid_settings(**axes))]
            yield chunk, functools.partial(k.grid, **axes)
    else:
        for p, kernel in settings:
            yield [(p, kernel)], lambda X, kernel=kernel: kernel(X)[None]


def gram_chunks(method: str, grid: UCRGrid, X, architecture: str = "rnn"):
    """``(settings, Grams)`` of :func:`_setting_chunks`, each chunk's Grams computed as it is reached."""
    for chunk, gram in _setting_chunks(method, grid, architecture):
        yield chunk, gram(X)


def _part(name: str, method: str, grid: UCRGrid, architecture: str, seed: int, chunk) -> tuple:
    """``(file name, cache parameters)`` of the part that keeps one chunk of :func:`_setting_chunks`."""
    settings = [p for p, _ in chunk]
    return ("-".join(f"{a}{v:g}" for a, v in settings[0].items()) + ".json",
            dict(dataset=name, method=method, architecture=architecture, seed=seed, C=grid.C, folds=grid.folds,
                 svm_max_iter=grid.svm_max_iter, normalise=grid.normalise, settings=settings))


def kernel_parts(name: str, method: str, grid: UCRGrid, architecture: str = "rnn", seed: int = 0) -> list:
    """``[(file name, cache parameters)]`` of a kernel unit's parts, one per chunk of :func:`_setting_chunks`
    (what :func:`run_kernel_method` keeps in its ``work`` folder)."""
    return [_part(name, method, grid, architecture, seed, chunk) for chunk, _ in _setting_chunks(method, grid, architecture)]


def _scored_chunk(gram, X, y, folds, grid: UCRGrid, n_jobs: int, part) -> dict:
    """One chunk's CV accuracy per setting and C (``cv``), its largest |Gram entry|, its SVM fit counts and
    seconds; through ``part`` (a path and its cache parameters: a part of a unit that a killed run resumes
    from) when it is given, computed otherwise."""
    def compute():
        start, log, grams = time.perf_counter(), SVMLog(), gram(X)
        cv = cross_validated_accuracy(grams, y, folds, grid.C, grid.svm_max_iter, log, n_jobs)
        return dict(cv=cv.tolist(), largest=float(np.abs(grams).max()), seconds=time.perf_counter() - start,
                    **asdict(log))

    if part is None:
        return compute()
    return cached_json(part[0], compute, params=part[1], check=shapes(cv=(len(part[1]["settings"]), len(grid.C))))


def run_kernel_method(name: str, method: str, grid: UCRGrid = FULL_GRID, seed: int = 0, n_jobs: int = -1,
                      progress: bool = False, architecture: str = "rnn", work=None) -> dict:
    """Cross-validated selection on the training split, one score on the test split.

    The fold x C x setting SVM fits run on ``n_jobs`` threads (same result for any ``n_jobs``).
    Besides the chosen setting, the result holds every setting's CV accuracy per C
    (``cv_grid``, settings in grid order) and the counts of capped and failed SVM fits. With ``work``
    (a folder), each chunk of settings is kept there as a part once scored, and a rerun resumes from them.
    ``seconds``: the chunks' Grams and fits (summed over the runs that scored them) and the refit."""
    from tqdm import tqdm

    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = unit_norm(X_train), unit_norm(X_test)
    folds = stratified_folds(grid.folds, y_train, seed)
    log, best, cv_grid, largest, scoring = SVMLog(), None, [], 0.0, 0.0
    chunks = list(_setting_chunks(method, grid, architecture))
    for chunk, gram in tqdm(chunks, desc=f"{name} {method}", disable=not progress, leave=False):
        kept = None
        if work is not None:
            file, params = _part(name, method, grid, architecture, seed, chunk)
            kept = (Path(work) / file, params)
        part = _scored_chunk(gram, X_train, y_train, folds, grid, n_jobs, kept)
        largest, scoring = max(largest, part["largest"]), scoring + part["seconds"]
        log.extend(SVMLog(**{f: part[f] for f in ("fits", "capped", "failed", "errors")}))
        for (p, kernel), row in zip(chunk, part["cv"]):
            cv_grid.append([round(a, 6) for a in row])
            i = int(np.argmax(row))
            if best is None or row[i] > best[0]:
                best = (float(row[i]), dict(p, C=grid.C[i]), kernel)
    refit = time.perf_counter()
    cv_accuracy, chosen, kernel = best
    n = len(X_train)
    G = np.zeros((n + len(X_test), n))
    G[:n] = kernel(X_train)
    G[n:] = kernel(X_test, X_train)
    y = np.concatenate([y_train, y_test])
    predicted = svm_predict(G, y, np.arange(n), np.arange(n, len(y)), chosen["C"], grid.svm_max_iter, log)
    seconds = scoring + time.perf_counter() - refit
    return dict(dataset=name, method=method, accuracy=float(np.mean(predicted == y_test) * 100),
                cv_accuracy=cv_accuracy * 100, chosen=chosen, seconds=seconds,
                svm_fits=log.fits, svm_fits_capped=log.capped, svm_fits_failed=log.failed, svm_errors=log.errors,
                largest_gram_entry=largest, cv_grid=cv_grid)


def cached_method(name: str, method: str, grid: UCRGrid = FULL_GRID, directory=RESULTS / "ucr",
                  n_jobs: int = -1, progress: bool = False, checkpoint_seconds: float = 300.0,
                  fold_parts: bool = False) -> dict:
    """One method on one data set through ``<directory>/<name>/<method>.json`` (keyed by its grid fields);
    a unit keeps its parts in ``<method>.partial/`` until it is cached (a kernel's chunks of settings,
    :func:`run_kernel_method`; a network's, :func:`run_network`, ``fold_parts`` included)."""
    work = parts_folder(directory, name, method)
    if method in KERNEL_METHODS:
        compute = lambda: run_kernel_method(name, method, grid, n_jobs=n_jobs, progress=progress,  # noqa: E731
                                            work=work)
    else:
        compute = lambda: run_network(name, method, grid, work=work, checkpoint_seconds=checkpoint_seconds,  # noqa: E731
                                      fold_parts=fold_parts)
    return cached_json(directory / name / f"{method}.json", compute, params=cache_params(method, grid), parts=work,
                       check=unit_shape(method, grid))


def unit_shape(method: str, grid: UCRGrid, architecture: str = "rnn"):
    """The check of a cached UCR unit (for :func:`reproduction.cache.stored_json`): an accuracy in [0, 100],
    a chosen setting and, where the unit records it (units stored before it did, do not), one row of
    ``cv_grid`` per setting of its grid (a kernel's, one CV accuracy per C)."""
    if method in KERNEL_METHODS:
        settings = sum(len(chunk) for chunk, _ in _setting_chunks(method, grid, architecture))
        rows = shapes(cv_grid=(settings, len(grid.C)))
    else:
        rows = shapes(cv_grid=(len(grid.networks.layers) * len(grid.networks.hidden) * len(grid.networks.learning_rate),))

    def check(result):
        if not isinstance(result, dict) or not isinstance(result.get("chosen"), dict):
            return "no chosen setting"
        if not isinstance(result.get("accuracy"), (int, float)) or not 0 <= result["accuracy"] <= 100:
            return f"accuracy {result.get('accuracy')!r} is not a percentage"
        return rows(result) if "cv_grid" in result else None

    return check


def stored_results(names, methods=METHODS, grid: UCRGrid = FULL_GRID, directory=RESULTS / "ucr"):
    """``{(dataset, method): result}`` of the cached units that exist for ``grid`` (nothing computed)."""
    checks = {m: unit_shape(m, grid) for m in methods}
    found = {(n, m): stored_json(directory / n / f"{m}.json", cache_params(m, grid), checks[m]) for n in names
             for m in methods}
    return {k: r for k, r in found.items() if r is not None}


def _found(names, methods, grid: UCRGrid, directory) -> dict:
    """``{(dataset, method): result}`` for the chapters: under ``make reproduce``
    (:func:`reproduction.cache.recompute`), every unit through its cache; otherwise the cached units only."""
    from reproduction.cache import recompute

    if recompute():
        return {(n, m): cached_method(n, m, grid, directory) for n in names for m in methods}
    return stored_results(names, methods, grid, directory)


def chapter_results(quick: bool, names=UCR_AVAILABLE, methods=METHODS) -> tuple:
    """The UCR chapter's results, ``(grid, paper_grid, results, on_paper_grid)`` (``results``: ``methods``
    on our grid; ``on_paper_grid``: the kernels on the paper's): with ``quick``, two small data sets on
    small grids, computed here; otherwise through :func:`_found` (the cached units)."""
    if quick:
        names, grid = ["SmoothSubspace", "Coffee"], QUICK_GRID
        paper_grid = replace(grid, C=(0.01, 1.0, 100.0), sigma_w=(1.34, float(np.sqrt(2.0))), sigma_b=(0.0, 0.5),
                             sigma_h=(0.0, 0.5))
        results = {(n, m): run_kernel_method(n, m, grid) if m in KERNEL_METHODS else run_network(n, m, grid)
                   for n in names for m in methods}
        return grid, paper_grid, results, {(n, m): run_kernel_method(n, m, paper_grid)
                                           for n in names for m in KERNEL_METHODS}
    return (FULL_GRID, PAPER_GRID, _found(names, methods, FULL_GRID, RESULTS / "ucr"),
            _found(names, KERNEL_METHODS, PAPER_GRID, PAPER_GRID_RESULTS))


def network_chapter_results(quick: bool, names=UCR_AVAILABLE) -> dict:
    """The networks' chapter's results: ``grid`` and ``early_grid`` (the re-run's and the first run's, under
    the paper's stopping rule), ``results`` and ``early_stopped`` of both runs ({(dataset, network): result})
    and ``rntk``, the RNTK on the paper's grid. With ``quick``, two small data sets on small grids, computed
    here; otherwise through :func:`_found` (the cached units)."""
    networks = list(NETWORK_METHODS)
    if quick:
        names, grid = ["SmoothSubspace", "Coffee"], QUICK_GRID
        paper_grid = replace(grid, C=(0.01, 1.0), sigma_w=(float(np.sqrt(2.0)),), sigma_b=(0.0,), sigma_h=(0.0,))
        early_grid = EARLY_STOPPED_GRID.with_networks(**{k: getattr(grid.networks, k) for k in (
            "hidden", "learning_rate", "folds", "max_epochs", "dtype")})
        return dict(grid=grid, early_grid=early_grid,
                    results={(n, m): run_network(n, m, grid) for n in names for m in networks},
                    rntk={(n, "RNTK"): run_kernel_method(n, "RNTK", paper_grid) for n in names},
                    early_stopped={(n, m): run_network(n, m, early_grid) for n in names for m in networks})
    return dict(grid=FULL_GRID, early_grid=EARLY_STOPPED_GRID,
                results=_found(names, networks, FULL_GRID, RESULTS / "ucr"),
                rntk=_found(names, ["RNTK"], PAPER_GRID, PAPER_GRID_RESULTS),
                early_stopped=_found(names, networks, EARLY_STOPPED_GRID, EARLY_STOPPED_RESULTS))


def coverage(tables: dict, total: int):
    """``{label: (table, command)}`` -> one row per label: how many of ``total`` data sets have a result in
    every column of ``table``, and ``command``, which computes the rest, where some are missing."""
    import pandas as pd

    done = {label: len(table.dropna()) for label, (table, _) in tables.items()}
    rows = {label: {"data sets": done[label], "of": total,
                    "to compute the rest": command if done[label] < total else ""}
            for label, (_, command) in tables.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def accuracy_table(found: dict, order=METHODS):
    """``{(dataset, method): result}`` -> test accuracies (%), one row per data set, one column per method
    found, in ``order`` (Table 1's by default); NaN where a unit is missing."""
    return tables.accuracy_table(found, order)


def one_method(names, method: str, grid: UCRGrid, directory=None) -> dict:
    """``{dataset: result}`` of ``method`` under ``grid`` on ``names``: computed here when ``directory`` is
    None (a quick profile), otherwise the cached units under ``directory`` that exist (nothing computed)."""
    if directory is None:
        return {n: run_kernel_method(n, method, grid) for n in names}
    return {n: r for (n, _), r in stored_results(names, [method], grid, directory).items()}


def sigma_w_side(found: dict, names):
    """Where the RNTK's chosen sigma_w lies against sqrt 2 (the ReLU kernel's edge of growth, sigma_w^2 / 2
    = 1) on each of ``names``: "below sqrt 2", "sqrt 2" or "above sqrt 2" (``found``: {(dataset, method):
    result})."""
    import pandas as pd

    chosen = pd.Series({n: found[(n, "RNTK")]["chosen"]["sigma_w"] for n in names})
    return np.sign(chosen.round(6) - round(float(np.sqrt(2.0)), 6)).map(
        {-1.0: "below sqrt 2", 0.0: "sqrt 2", 1.0: "above sqrt 2"})


def estimated_seconds(results: dict, names, methods) -> dict:
    """``{(dataset, method): seconds}``: what each unit costs, estimated from ``results`` (``stored_results``)
    as ``a * work ** b`` of its training series x steps (``work``, what an epoch costs), with ``a`` and ``b``
    fitted per method to its recorded units by least squares in logs. Larger sets stop after fewer epochs,
    so ``b`` is below 1; it is kept within [0, 1] (a cost that neither falls with the work nor grows faster
    than the epochs' cost), and is 1 for a method with one size recorded. NaN for a method with no unit."""
    timed = {k: r["seconds"] for k, r in results.items() if k[1] in methods and r.get("seconds") is not None}
    work = epoch_work()
    estimate = {}
    for m in methods:
        done = [n for n, method in timed if method == m]
        x, y = np.log(work[done].to_numpy()), np.log([timed[(n, m)] for n in done])
        b = float(np.clip(np.polyfit(x, y, 1)[0], 0.0, 1.0)) if len(set(x)) > 1 else 1.0
        a = np.exp(np.mean(y - b * x)) if done else np.nan
        estimate.update({(n, m): a * work[n] ** b for n in names})
    return estimate


def _cheapest_first(names, methods) -> list:
    """The units ``(dataset, method)``, cheapest first by :func:`estimated_seconds` from the cached units;
    a method with none comes after the others, its data sets by size."""
    cost = estimated_seconds(stored_results(UCR_AVAILABLE, methods), names, methods)
    rank = {n: i for i, n in enumerate(by_size(names))}
    return sorted(itertools.product(names, methods),
                  key=lambda u: (bool(np.isnan(cost[u])), np.nan_to_num(cost[u]), rank[u[0]]))


@dataclass(frozen=True)
class Mode:
    """A subcommand of the UCR runner: its grid, its results folder (a name under ``results/``), the methods it
    may run, whether it rewrites that folder's Markdown tables, and whether a kernel unit shows a progress bar
    over its settings (the paper's grid has 900)."""

    grid: UCRGrid
    folder: str
    methods: tuple
    help: str
    tables: bool = False
    progress: bool = False


#: The UCR runner's subcommands by name (``ours``, ``paper-grid``, ``sigma-w`` and ``ntk-c``).
#:
#: :meta hide-value:
MODES = {
    "ours": Mode(FULL_GRID, "ucr", METHODS, "our grid, the 4 kernels and the 3 trained networks (the UCR chapter)",
                 tables=True),
    "paper-grid": Mode(PAPER_GRID, PAPER_GRID_RESULTS.name, KERNEL_METHODS,
                       "the kernel methods on the first paper's grid, PAPER_GRID (900 RNTK settings)", tables=True,
                       progress=True),
    "sigma-w": Mode(SIGMA_W_GRID, SIGMA_W_RESULTS.name, ("RNTK",),
                    "the grids chapter's check: the RNTK on SIGMA_W_GRID, sigma_w up to 1.6, normalised Grams"),
    "ntk-c": Mode(NTK_C_GRID, NTK_C_RESULTS.name, ("NTK",), "the grids chapter's check: the NTK with C up to 1e6"),
}


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive, folds_in, jobs

    parser = argparse.ArgumentParser(description="Run the UCR experiment (resumable; cached per data set and method).")
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")
    for key, mode in MODES.items():
        sub = modes.add_parser(key, help=mode.help, description=mode.help)
        sub.add_argument("datasets", nargs="*",
                         help="names, run in this order (default: every available one, the cheapest units first)")
        sub.add_argument("--methods", nargs="+", default=list(mode.methods), choices=mode.methods)
        sub.add_argument("--jobs", type=jobs, default=-1, help="threads for the SVM fits (default: all cores)")
        sub.add_argument("--scheduler", help="address of a Dask scheduler whose workers run the units")
        if not set(mode.methods) & set(NETWORK_METHODS):
            continue
        sub.add_argument("--checkpoint-seconds", type=float, default=300.0,
                         help="how often a network in training saves its state, so a stopped unit resumes (default 300)")
        sub.add_argument("--fold-parts", action="store_true",
                         help="cache each fold of a network's cross-validation as a part of its own (on CPUs, where one "
                              "architecture can outlast a session; on a GPU, all folds in one program are faster)")
        sub.add_argument("--folds", nargs="+", type=folds_in(mode.grid.networks.folds), metavar="K",
                         help="with --fold-parts: train only these folds of each architecture of the networks' units "
                              "and stop before the refit, so that runners on several cores split one unit (say 0 1 2 "
                              "and 3 4); once every share is done, a run without --folds finishes the units")
    args = parser.parse_args(argv)
    mode = MODES[args.mode]
    names = check_datasets(parser, args.datasets, UCR_AVAILABLE) or by_size(UCR_AVAILABLE)
    folds = getattr(args, "folds", None)
    if folds is not None and len(set(folds)) < len(folds):
        parser.error(f"--folds {' '.join(map(str, folds))} names a fold twice")
    directory = RESULTS / mode.folder
    check_writable(parser, directory, *(directory / n for n in names))
    networks = dict(checkpoint_seconds=args.checkpoint_seconds) if hasattr(args, "checkpoint_seconds") else {}
    if folds is not None:
        if not (args.fold_parts and args.methods and not set(args.methods) & set(KERNEL_METHODS)):
            raise SystemExit("--folds splits the trained networks' units: it needs --fold-parts and --methods naming "
                             f"networks only ({', '.join(NETWORK_METHODS)})")
        shares = [dict(name=n, method=m, folds=folds, grid=mode.grid, directory=directory, **networks)
                  for n, m in itertools.product(names, args.methods)]
        drive(network_fold_parts, shares, scheduler=args.scheduler,
              line=lambda u, r: f"{u['name']:32s} {u['method']:11s} folds {r['folds']} of every architecture cached")
        return
    if networks:
        networks["fold_parts"] = args.fold_parts
    order = (_cheapest_first(names, args.methods) if args.mode == "ours" and not args.datasets  # costs known there
             else itertools.product(names, args.methods))
    units = [dict(name=n, method=m, grid=mode.grid, directory=directory, n_jobs=args.jobs, progress=mode.progress,
                  **networks)
             for n, m in order]
    drive(cached_method, units, scheduler=args.scheduler,
          line=lambda u, r: f"{u['name']:32s} {u['method']:11s} {r['accuracy']:6.2f}  chosen {r['chosen']}  "
                            f"({r['seconds']:6.1f} s)")
    if mode.tables:
        tables.write_tables(stored_results(UCR_AVAILABLE, mode.methods, mode.grid, directory), directory, mode.methods)


if __name__ == "__main__":
    main()
