"""Every RNTK architecture on the first paper's UCR benchmark, under one grid fixed in advance.

The second paper's bidirectional and pooled kernels (``bi``, ``avg``, ``bi-avg``) and the shared
average-pooled read-out (``avg-shared``) beside the first paper's ``rnn``, each under the UCR chapter's
protocol (:func:`reproduction.experiments.ucr.run_kernel_method`: unit-norm series, every setting and C chosen by
stratified 10-fold cross-validation on the training split, ties to the first in grid order, one score on
the test split). The grid (:data:`ARCHITECTURE_GRID`, 60 settings x 6 C) was fixed before any of these
runs, around the region the paper's 900-setting grid chose most often on these data sets (sigma_w 1.34 to
1.44, sigma_h 0), and reaching past the two edges it chose most (sigma_b = 2 and C = 0.01).
One cached unit per data set and architecture: ``results/ucr_architectures/<dataset>/<architecture>.json``;
while it runs, its chunks of settings are kept as parts in ``<architecture>.partial/`` (the longest
``avg-shared`` units take hours), so a killed run loses at most the chunk it was scoring.
``python -m reproduction.experiments.ucr_architectures`` runs them (resumable, cheapest first, ``avg-shared``
last: its Gram costs T times the others').
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from reproduction.cache import RESULTS, cached_json, stored_json
from reproduction.data import UCR_AVAILABLE
from reproduction.experiments.ucr import accuracy_table, kernel_parts, run_kernel_method
from reproduction.experiments.ucr_protocol import PAPER_GRID, cache_params, parts_folder
from rntk.architectures import ARCHITECTURES as _RULES

__all__ = ["ARCHITECTURE_GRID", "ARCHITECTURE_RESULTS", "cached_architecture", "stored_architectures",
           "architecture_table", "cv_chosen", "remaining_hours", "parts_done", "CHUNKS"]

ARCHITECTURE_GRID = replace(PAPER_GRID, C=(0.001, 0.01, 0.1, 1.0, 10.0, 100.0), sigma_w=(1.34, 1.38, 1.40, 1.42, 1.44),
                            sigma_u=(1.0,), sigma_b=(0.0, 0.5, 2.0, 4.0), sigma_h=(0.0, 0.1, 0.5))
ARCHITECTURE_RESULTS = RESULTS / "ucr_architectures"
# The chunks of settings a unit is scored (and kept) in: one per (sigma_w, sigma_u, sigma_b).
CHUNKS = len(ARCHITECTURE_GRID.sigma_w) * len(ARCHITECTURE_GRID.sigma_u) * len(ARCHITECTURE_GRID.sigma_b)

ARCHITECTURES = tuple(_RULES)  # the papers' five (rntk.architectures.ARCHITECTURES, before any registered)


def _params(architecture: str) -> dict:
    return dict(cache_params("RNTK", ARCHITECTURE_GRID), architecture=architecture)


def cached_architecture(name: str, architecture: str, directory=ARCHITECTURE_RESULTS, n_jobs: int = 1) -> dict:
    """One architecture on one data set under :data:`ARCHITECTURE_GRID`, through its cache file (its parts
    in ``<architecture>.partial/`` until then: a killed run resumes from them)."""
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {architecture!r}; expected one of {ARCHITECTURES}")
    work = parts_folder(directory, name, architecture)
    return cached_json(directory / name / f"{architecture}.json",
                       lambda: dict(run_kernel_method(name, "RNTK", ARCHITECTURE_GRID, n_jobs=n_jobs,
                                                      architecture=architecture, work=work),
                                    architecture=architecture),
                       params=_params(architecture), parts=work)


def stored_architectures(names=UCR_AVAILABLE, architectures=ARCHITECTURES, directory=ARCHITECTURE_RESULTS) -> dict:
    """``{(dataset, architecture): result}`` of the cached units (nothing computed)."""
    found = {(n, a): stored_json(directory / n / f"{a}.json", _params(a)) for n in names for a in architectures}
    return {k: r for k, r in found.items() if r is not None}


def architecture_table(found: dict):
    """``{(dataset, architecture): result}`` (:func:`stored_architectures`) -> test accuracies (%), one row
    per data set, one column per architecture (NaN where a unit is not cached)."""
    return accuracy_table(found, ARCHITECTURES)


def cv_chosen(found: dict, names=UCR_AVAILABLE) -> dict:
    """Per data set, the architecture cross-validation chooses on the training data: the highest
    ``cv_accuracy`` among the architectures cached on every one of ``names`` (ties: the first in
    :data:`rntk.architectures.ARCHITECTURES`, the simplest). ``{dataset: {architecture, accuracy, cv_accuracy,
    seconds, candidates}}``, ``seconds`` the whole selection's (every candidate's units); empty where no
    architecture is complete."""
    candidates = [a for a in ARCHITECTURES if all((n, a) in found for n in names)]
    out = {}
    for n in names if candidates else []:
        best = max(candidates, key=lambda a: (found[(n, a)]["cv_accuracy"], -candidates.index(a)))
        out[n] = dict(architecture=best, accuracy=found[(n, best)]["accuracy"],
                      cv_accuracy=found[(n, best)]["cv_accuracy"],
                      seconds=sum(found[(n, a)]["seconds"] for a in candidates), candidates=candidates)
    return out


def remaining_hours(found: dict, architecture: str, names=UCR_AVAILABLE, directory=ARCHITECTURE_RESULTS) -> float:
    """The hours the uncached units of ``architecture`` would take on the machine that cached the others:
    each unit's :func:`_cost` times the median recorded seconds per unit of cost, less the share of its
    chunks already kept as parts (:func:`parts_done`)."""
    import numpy as np

    done = {n: r["seconds"] for (n, a), r in found.items() if a == architecture}
    if not done:
        raise ValueError(f"no cached unit of {architecture!r} to estimate from")
    rate = float(np.median([s / _cost(n, architecture) for n, s in done.items()]))
    return sum(_cost(n, architecture) * rate * (1 - parts_done(n, architecture, directory) / CHUNKS)
               for n in names if n not in done) / 3600


def parts_done(name: str, architecture: str, directory=ARCHITECTURE_RESULTS) -> int:
    """How many of a unit's :data:`CHUNKS` chunks of settings are kept as parts for this grid (0 once it is
    cached: its folder of parts is removed then)."""
    folder = parts_folder(directory, name, architecture)
    return sum(stored_json(folder / f, params) is not None
               for f, params in kernel_parts(name, "RNTK", ARCHITECTURE_GRID, architecture))


def _cost(name: str, architecture: str) -> float:
    """Pairs x steps of a unit's Grams (x T for the diagonal sweep of ``avg-shared``): its order of cost."""
    from reproduction.data import ucr_summary

    row = ucr_summary([name]).iloc[0]
    pairs = row["train"] * (row["train"] + row["test"])
    return pairs * row["length"] * (row["length"] if architecture == "avg-shared" else 1) * (
        2 if architecture.startswith("bi") else 1)


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive, jobs

    parser = argparse.ArgumentParser(description="Every RNTK architecture on UCR (resumable; cached per unit).")
    parser.add_argument("datasets", nargs="*", help="names (default: every available one)")
    parser.add_argument("--architectures", nargs="+", default=list(ARCHITECTURES), choices=ARCHITECTURES)
    parser.add_argument("--jobs", type=jobs, default=1, help="threads for the SVM fits")
    args = parser.parse_args(argv)
    names = check_datasets(parser, args.datasets, UCR_AVAILABLE) or list(UCR_AVAILABLE)
    check_writable(parser, ARCHITECTURE_RESULTS, *(ARCHITECTURE_RESULTS / n for n in names))
    order = sorted(((n, a) for n in names for a in args.architectures), key=lambda u: (u[1] == "avg-shared", _cost(*u)))
    drive(cached_architecture, [dict(name=n, architecture=a, n_jobs=args.jobs) for n, a in order],
          lambda u, r: f"{u['name']:32s} {u['architecture']:10s} {r['accuracy']:6.2f}  ({r['seconds']:7.1f} s)")


if __name__ == "__main__":
    main()
