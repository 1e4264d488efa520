"""The trained recurrent baselines of the first paper's UCR experiment (Gaussian RNN, IRNN, GRU; Table 1).

Layers, hidden units and learning rate by stratified k-fold cross-validation on the training split
(:func:`network_cv`), the chosen setting refitted and scored once on the test split (:func:`run_network`).
A unit longer than a session keeps its parts in ``<dataset>/<method>.partial/`` and resumes from them;
:func:`network_fold_parts` lets runners on several cores share one unit's folds.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from reproduction.cache import RESULTS, cached_json, reusable_json, shapes, stored_json
from reproduction.data import load_ucr
from reproduction.experiments.ucr_protocol import (FULL_GRID, NETWORK_METHODS, NetworkGrid, UCRGrid, cache_params,
                                                   parts_folder, stratified_folds, unit_norm)

__all__ = ["network_inputs", "batch_size", "network_split", "network_model", "run_network", "network_cv",
           "network_fold_parts", "unit_progress", "network_summary", "coverage_note"]


def network_inputs(X):
    """A network's input: each series at unit norm (as for the kernels) times sqrt(T), so that every
    step has unit mean square, the scale the initialisations assume; ``(N, T, 1)``."""
    return np.sqrt(X.shape[1]) * unit_norm(X)[:, :, None]


def batch_size(n: int, networks: NetworkGrid) -> int:
    """Mini-batches of ``networks.batch_size``, smaller on small training sets so that an epoch of ``n``
    series has at least ``networks.min_updates`` updates (0: always ``networks.batch_size``)."""
    if not networks.min_updates:
        return networks.batch_size
    return max(1, min(networks.batch_size, n // networks.min_updates))


def network_split(name: str):
    """A data set as the networks read it: training and test inputs (:func:`network_inputs`), training
    labels as 0..C-1, test labels as stored, and the ``classes`` (label ``i`` is ``classes[i]``)."""
    X_train, y_train, X_test, y_test = load_ucr(name)
    classes, y_train = np.unique(y_train, return_inverse=True)
    return network_inputs(X_train), y_train, network_inputs(X_test), y_test, classes


def network_model(method: str, layers: int, hidden: int, classes: int, networks: NetworkGrid):
    """The recurrent classifier of a network method on univariate series."""
    from rntk.trained import RecurrentClassifier

    kind = NETWORK_METHODS[method]
    return RecurrentClassifier(kind, 1, hidden, layers, classes, networks.dtype,
                               update_gate_bias=networks.gru_update_bias if kind == "gru" else 0.0)


def run_network(name: str, method: str, grid: UCRGrid = FULL_GRID, seed: int = 0, work: Path | None = None,
                checkpoint_seconds: float = 300.0, fold_parts: bool = False) -> dict:
    """A trained recurrent classifier: layers, hidden units and learning rate by stratified k-fold
    cross-validation on the training split (:func:`network_cv`; the setting with the best mean
    held-out accuracy at the stopping epoch, ties to the lower held-out loss); the chosen setting is
    refitted on 80 % of the training split, early-stopped on the other 20 %, and scored once on the
    test split. Evidence of training: the refit's epochs, best epoch, accuracy on its own 80 %
    (``train_accuracy``, %) and its learning curves (``history``). ``work``: a folder that keeps the
    unit's parts while it runs, so that a unit longer than a session resumes where it stopped: each
    architecture's cross-validation (``L<layers>-H<hidden>.json``) and the checkpoint of the fit in
    progress (``*.pkl``, rewritten every ``checkpoint_seconds``); with ``fold_parts``, each fold of an
    architecture's cross-validation is a part of its own (:func:`network_cv`)."""
    from rntk.trained import fit_classifier, predict

    X_train, y_train, X_test, y_test, classes = network_split(name)
    best, cv_grid, seconds = None, [], 0.0
    for layers, hidden in itertools.product(grid.networks.layers, grid.networks.hidden):
        cv = network_cv(X_train, y_train, method, layers, hidden, grid, seed, work, checkpoint_seconds, fold_parts)
        seconds += cv["seconds"]
        for lr, a, l, e in zip(cv["learning_rate"], cv["accuracy"], cv["loss"], cv["mean_epochs"]):
            setting = dict(layers=layers, hidden=hidden, learning_rate=lr)
            cv_grid.append(dict(setting, cv_accuracy=round(a * 100, 4), cv_loss=round(l, 6), mean_epochs=e))
            if best is None or (a, -l) > (best[0], -best[1]):  # NaN (diverged) loses every comparison
                best = (a, l, setting)
    cv_accuracy, _, chosen = best
    model = network_model(method, chosen["layers"], chosen["hidden"], len(classes), grid.networks)
    fit_idx, stop = next(StratifiedKFold(5, shuffle=True, random_state=seed + 1).split(X_train, y_train))
    refit = fit_classifier(model, X_train[fit_idx], y_train[fit_idx], X_train[stop], y_train[stop],
                           chosen["learning_rate"], grid.networks.max_epochs, grid.networks.patience,
                           batch_size(len(fit_idx), grid.networks), seed, grid.networks.monitor,
                           checkpoint=None if work is None else Path(work) / "refit.pkl",
                           checkpoint_seconds=checkpoint_seconds)
    predicted = classes[predict(model, refit.params, X_test)]
    history = {k: [None if np.isnan(v) else round(float(v), 6) for v in column] for k, column in refit.history.items()}
    return dict(dataset=name, method=method, accuracy=float(np.mean(predicted == y_test) * 100),
                cv_accuracy=cv_accuracy * 100, chosen=dict(chosen, epochs=refit.epochs, best_epoch=refit.best_epoch),
                train_accuracy=float(refit.history["train_accuracy"][refit.best_epoch] * 100),
                chance=float(np.bincount(y_train).max() / len(y_train) * 100),
                cv_grid=cv_grid, history=history, seconds=seconds + refit.seconds)


def network_cv(X, y, method: str, layers: int, hidden: int, grid: UCRGrid = FULL_GRID, seed: int = 0,
               work: Path | None = None, checkpoint_seconds: float = 300.0, fold_parts: bool = False,
               folds: list[int] | None = None) -> dict | None:
    """One architecture's stratified k-fold cross-validation on ``(X, y)`` (labels 0..C-1): the folds'
    learning rates train together as replicas of one program (RMSProp, early stopping on each fold's
    held-out part). Per learning rate: the mean held-out ``accuracy`` (a fraction) and ``loss`` at each
    fold's best epoch, and the ``mean_epochs`` run; ``seconds`` of training. With ``work``, cached there
    (``L<layers>-H<hidden>.json``) and checkpointed while it trains. ``fold_parts``: each fold is a program
    of its own, cached as a part (``L<layers>-H<hidden>-F<fold>.json``), so that on a CPU an architecture
    longer than a session still finishes over several (it needs ``work``); every replica trains as it would
    among all folds (same initialisation and mini-batch order; the same numbers up to float rounding), in a
    smaller program. ``folds`` (with ``fold_parts``): train only these folds' parts, unless the architecture
    is cached, and return None; the run that finds every part cached completes the architecture, so that
    runners on several cores can each take some of its folds."""
    from rntk.trained import fit_replicas

    if fold_parts and work is None:
        raise ValueError("fold_parts=True needs work: the folder where each fold's part is cached")
    if folds is not None and not fold_parts:
        raise ValueError("folds needs fold_parts=True: only folds cached as parts of their own can be split")
    part, params = _architecture_part(method, layers, hidden, grid, seed)
    splits = stratified_folds(grid.networks.folds, y, seed)
    unknown = sorted(set(folds or ()) - set(range(len(splits))))
    if unknown:
        raise ValueError(f"folds {unknown} are not among this cross-validation's folds 0..{len(splits) - 1}")
    rates = grid.networks.learning_rate

    def train(which, name):
        """The folds ``which``: per fold and learning rate, held-out accuracy and loss at the best epoch, epochs."""
        validation = np.zeros((len(which) * len(rates), len(y)), bool)  # replicas: fold-major, learning rate minor
        for i, f in enumerate(which):
            validation[i * len(rates):(i + 1) * len(rates), splits[f][1]] = True
        model = network_model(method, layers, hidden, int(np.max(y)) + 1, grid.networks)
        fit = fit_replicas(model, X, y, ~validation, validation, np.tile(rates, len(which)), grid.networks.max_epochs,
                           grid.networks.patience, batch_size(len(y), grid.networks), seed, grid.networks.monitor,
                           checkpoint=None if work is None else Path(work) / f"{name}.pkl",
                           checkpoint_seconds=checkpoint_seconds)
        shape = (len(which), len(rates))
        return dict(accuracy=fit.at_best("val_accuracy").reshape(shape).tolist(),
                    loss=fit.at_best("val_loss").reshape(shape).tolist(),
                    epochs=fit.epochs.reshape(shape).astype(float).tolist(), seconds=fit.seconds)

    def fold(f):
        name, fold_params = _fold_part(part, params, f)
        return cached_json(Path(work) / f"{name}.json", lambda: train([f], name), params=fold_params,
                           check=shapes(accuracy=(1, len(rates)), loss=(1, len(rates)), epochs=(1, len(rates))))

    def compute():
        if fold_parts:
            each = [fold(f) for f in range(len(splits))]
            per_fold = {k: sum((r[k] for r in each), []) for k in ("accuracy", "loss", "epochs")}
            seconds = sum(r["seconds"] for r in each)
        else:
            per_fold = train(range(len(splits)), part)
            seconds = per_fold["seconds"]
        mean = {k: np.mean(per_fold[k], axis=0).tolist() for k in ("accuracy", "loss", "epochs")}
        return dict(learning_rate=list(rates), accuracy=mean["accuracy"], loss=mean["loss"],
                    mean_epochs=mean["epochs"], seconds=seconds)

    if work is None:
        return compute()
    if folds is not None:
        if reusable_json(Path(work) / f"{part}.json", params) is None:
            for f in folds:
                fold(f)
        return None
    return cached_json(Path(work) / f"{part}.json", compute, params=params,
                       check=shapes(accuracy=(len(rates),), loss=(len(rates),), mean_epochs=(len(rates),)))


def network_fold_parts(name: str, method: str, folds: list[int], grid: UCRGrid = FULL_GRID,
                       directory=RESULTS / "ucr", checkpoint_seconds: float = 300.0, seed: int = 0) -> dict:
    """One runner's share of a network's unit split between runners: the parts ``folds`` of every
    architecture's cross-validation (:func:`network_cv`), in the unit's folder of parts, unless the unit is
    cached. :func:`cached_method` with ``fold_parts`` then trains what is left and refits."""
    if reusable_json(directory / name / f"{method}.json", cache_params(method, grid)) is None:
        X, y, _, _, _ = network_split(name)
        for layers, hidden in itertools.product(grid.networks.layers, grid.networks.hidden):
            network_cv(X, y, method, layers, hidden, grid, seed, parts_folder(directory, name, method),
                       checkpoint_seconds, fold_parts=True, folds=folds)
    return dict(dataset=name, method=method, folds=list(folds))


def _architecture_part(method: str, layers: int, hidden: int, grid: UCRGrid, seed: int):
    """The name and cache parameters of one architecture's cross-validation, a part of a network's unit
    (:func:`network_cv`; its folds' parts add ``fold``)."""
    return f"L{layers}-H{hidden}", dict(cache_params(method, grid), layers=layers, hidden=hidden, seed=seed)


def _fold_part(part: str, params: dict, fold: int):
    """The name and cache parameters of one fold of an architecture's part (:func:`_architecture_part`)."""
    return f"{part}-F{fold}", dict(params, fold=fold)


def unit_progress(grid: UCRGrid = FULL_GRID, directory=RESULTS / "ucr", seed: int = 0) -> dict:
    """The network units stopped part-way, from the parts kept in ``<dataset>/<method>.partial/`` for
    ``grid`` and ``seed`` (:func:`network_cv`): ``{(dataset, method): dict(architectures=[cross-validated
    ones], folds={architecture: folds cross-validated, for one not finished}, seconds=training they
    recorded)}``. A folder with no part for ``grid`` is left out."""
    progress = {}
    for folder in sorted(Path(directory).glob("*/*.partial")):
        method = folder.name.removesuffix(".partial")
        if method not in NETWORK_METHODS:
            continue
        architectures, folds, seconds = [], {}, 0.0
        for layers, hidden in itertools.product(grid.networks.layers, grid.networks.hidden):
            part, params = _architecture_part(method, layers, hidden, grid, seed)
            done = stored_json(folder / f"{part}.json", params)
            if done is not None:
                architectures.append(part)
                seconds += done["seconds"]
                continue
            parts = [_fold_part(part, params, f) for f in range(grid.networks.folds)]
            found = [stored_json(folder / f"{name}.json", fold_params) for name, fold_params in parts]
            found = [r for r in found if r is not None]
            if found:
                folds[part] = len(found)
                seconds += sum(r["seconds"] for r in found)
        if architectures or folds:
            progress[(folder.parent.name, method)] = dict(architectures=architectures, folds=folds, seconds=seconds)
    return progress


def network_summary(results: dict, early_stopped: dict, paper, networks=NETWORK_METHODS):
    """Per network, on the data sets it has been re-run on (``results``: ``{(dataset, network): result}``;
    ``early_stopped``: the first run, under the paper's stopping rule; ``paper``: the appendix table): data
    sets, mean accuracy re-run, first run and in the paper, the gap, median epochs of both runs, median
    accuracy on the network's own training data, and the re-run networks within 5 points of chance there."""
    import pandas as pd

    summary = {}
    for m in networks:
        done = [n for (n, k) in results if k == m]
        rs = [results[(n, m)] for n in done]
        rerun = np.mean([r["accuracy"] for r in rs]) if rs else np.nan
        summary[m] = {
            "data sets": len(done), "mean acc., re-run": rerun,
            "mean acc., first run": np.mean([early_stopped[(n, m)]["accuracy"] for n in done]) if rs else np.nan,
            "mean acc., paper": paper.loc[done, m].mean(), "re-run - paper": rerun - paper.loc[done, m].mean(),
            "median epochs, re-run": np.median([r["chosen"]["epochs"] for r in rs]) if rs else np.nan,
            "median epochs, first run": np.median([early_stopped[(n, m)]["chosen"]["epochs"] for n in done])
            if rs else np.nan,
            "median training acc., re-run": np.median([r["train_accuracy"] for r in rs]) if rs else np.nan,
            "at chance on own training data": sum(r["train_accuracy"] <= r["chance"] + 5 for r in rs)}
    return pd.DataFrame(summary)


_RESUME = """The runner works unchanged on a GPU and resumes from the cached units. A unit stopped part-way
resumes from its cross-validated architectures, which are committed (on CPUs also from each cross-validated fold:
`--fold-parts`; with `--folds`, runners on several cores share a unit's folds), and from the checkpoint of the
training in progress where that is still on the machine that wrote it (a checkpoint holds every replica's
parameters, best parameters and optimiser state, binary and rewritten every few minutes, so it is not committed)"""


def coverage_note(results: dict, summary, cost: dict, names, networks=NETWORK_METHODS, grid: UCRGrid = FULL_GRID,
                  directory=RESULTS / "ucr") -> str:
    """The re-run's coverage in words: the training time the units recorded and, while some data sets are
    left, what the rest would cost (``cost``: ``{(dataset, network): seconds}`` estimated for every unit, as
    :func:`reproduction.experiments.ucr.estimated_seconds` gives it, less what the units stopped part-way under
    ``directory`` have recorded, :func:`unit_progress`). ``summary``: :func:`network_summary`."""
    done = {m: [n for (n, k) in results if k == m] for m in networks}
    seconds = {m: sum(results[(n, m)]["seconds"] for n in done[m]) for m in networks}
    recorded = (f"{sum(seconds.values()) / 3600:.1f} hours of training "
                f"({', '.join(f'{m} {seconds[m] / 3600:.1f}' for m in networks)})")
    if all(summary.loc["data sets", m] == len(names) for m in networks):
        return f"""Every network is re-run on all {len(names)} data sets. The runner took the cheapest
units first (`ucr.estimated_seconds`: a power of a unit's training series × steps, fitted to its network's recorded
units; larger sets stop after fewer epochs). The units recorded {recorded}, all on CPU cores except the end of
the last unit: a lent GPU trained GRU's last architecture on RefrigerationDevices (its five folds and three learning
rates as one program) and the refit, in minutes. {_RESUME}."""
    progress = unit_progress(grid, directory)
    left = {m: sum(max(cost[(n, m)] - progress.get((n, m), {}).get("seconds", 0.0), 0.0)
                   for n in names if n not in done[m]) for m in networks}
    architectures = len(grid.networks.layers) * len(grid.networks.hidden)
    parts = [f"{m} on {n}: {len(p['architectures'])} of {architectures} architectures" + "".join(
        f", {k} of {grid.networks.folds} folds of {a}" for a, k in p["folds"].items()) for (n, m), p in progress.items()]
    return f"""The runner takes the cheapest units first (`ucr.estimated_seconds`: a power of a unit's
training series × steps, fitted to its network's recorded units; larger sets stop after fewer epochs), so the
data sets still to re-run are the largest ones (re-run: {', '.join(f"{m} {len(done[m])}" for m in networks)} of
{len(names)}); the comparisons use only the re-run sets. Their units recorded {recorded}. By that fit, less the
{sum(p["seconds"] for p in progress.values()) / 3600:.1f} hours the parts of units stopped part-way have recorded
(`ucr_networks.unit_progress`), the other units would need about {sum(left.values()) / 3600:.0f} more CPU hours
({', '.join(f"{m} {left[m] / 3600:.0f}" for m in networks)}), most of it in the longest and largest sets.
{_RESUME} ({"; ".join(parts) if parts else "none now"})."""
