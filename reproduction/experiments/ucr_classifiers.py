"""What practitioners use on the UCR benchmark, beside the RNTK: aeon's MiniRocket and Rocket, and the
one-nearest-neighbour classifiers with the full-window DTW distance and the Euclidean distance.

Each classifier runs with aeon's defaults (and ``random_state`` fixed), on one core, on the archive's
training split as it is stored (the UCR series are already z-normalised), and is scored once on its test
split: these classifiers have no hyperparameter to choose. Wall-clock seconds of ``fit`` and ``predict``
are recorded apart. One cached unit per data set and classifier:
``results/ucr_classifiers/<dataset>/<classifier>.json``.
``python -m reproduction.experiments.ucr_classifiers run`` runs every available data set (resumable).
"""

from __future__ import annotations

import argparse
import functools
import time

import numpy as np

from reproduction.cache import RESULTS, cached_json, stored_json
from reproduction.data import UCR_AVAILABLE, load_ucr

__all__ = ["CLASSIFIERS", "CLASSIFIER_RESULTS", "make_classifier", "run_classifier", "cached_classifier",
           "stored_classifiers", "beside_rntk", "RNTK_LABEL", "standing", "by_regime", "practice_verdicts", "recommendation",
           "recommendation_markdown"]

RNTK_LABEL = "RNTK (paper grid, CV)"
CHOSEN_LABEL = "RNTK (architecture by CV)"  # the architecture cross-validation picks per data set

CLASSIFIERS = ("MiniRocket", "Rocket", "1NN-DTW", "1NN-ED")
CLASSIFIER_RESULTS = RESULTS / "ucr_classifiers"


def make_classifier(method: str, seed: int = 0):
    """An aeon classifier with its defaults (one core; ``seed`` where it draws at random)."""
    from aeon.classification.convolution_based import MiniRocketClassifier, RocketClassifier
    from aeon.classification.distance_based import KNeighborsTimeSeriesClassifier

    if method == "MiniRocket":
        return MiniRocketClassifier(random_state=seed)
    if method == "Rocket":
        return RocketClassifier(random_state=seed)
    if method == "1NN-DTW":
        return KNeighborsTimeSeriesClassifier(distance="dtw")  # window=None: the full window
    if method == "1NN-ED":
        return KNeighborsTimeSeriesClassifier(distance="euclidean")
    raise ValueError(f"unknown classifier {method!r}; expected one of {CLASSIFIERS}")


@functools.lru_cache(maxsize=None)
def _compiled(method: str) -> None:
    """Fit and predict once on a small random set, so that numba's compilation (once per process) is
    not counted in the first data set's time."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((12, 1, 24)), np.repeat([0, 1], 6)
    make_classifier(method).fit(X, y).predict(X)


def run_classifier(name: str, method: str, seed: int = 0) -> dict:
    """One classifier on one data set: test ``accuracy`` (%), ``fit_seconds``, ``predict_seconds`` and
    their sum ``seconds`` (wall clock, one core, compilation excluded)."""
    clf = make_classifier(method, seed)
    _compiled(method)
    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = X_train[:, None, :], X_test[:, None, :]  # aeon: (cases, channels, time)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    fitted = time.perf_counter()
    predicted = clf.predict(X_test)
    done = time.perf_counter()
    return dict(dataset=name, method=method, accuracy=float(np.mean(predicted == y_test) * 100),
                fit_seconds=fitted - start, predict_seconds=done - fitted, seconds=done - start)


def _params(method: str, seed: int) -> dict:
    import aeon

    return dict(method=method, seed=seed, aeon=aeon.__version__)


def cached_classifier(name: str, method: str, seed: int = 0, directory=CLASSIFIER_RESULTS) -> dict:
    """:func:`run_classifier` through ``<directory>/<name>/<method>.json`` (keyed by the seed and aeon's version)."""
    return cached_json(directory / name / f"{method}.json", lambda: run_classifier(name, method, seed),
                       params=_params(method, seed))


def stored_classifiers(names=UCR_AVAILABLE, methods=CLASSIFIERS, seed: int = 0, directory=CLASSIFIER_RESULTS) -> dict:
    """``{(dataset, method): result}`` of the cached units (nothing computed)."""
    found = {(n, m): stored_json(directory / n / f"{m}.json", _params(m, seed)) for n in names for m in methods}
    return {k: r for k, r in found.items() if r is not None}


def beside_rntk(names=UCR_AVAILABLE, directory=CLASSIFIER_RESULTS, architectures: bool = False):
    """``(rows, complete)``: rows ``{dataset, method, accuracy, seconds}`` of the RNTK on the first paper's
    grid (its seconds: the whole cross-validated selection, Grams and refit, on every core) and of each
    classifier here, and the data sets where every one of them is cached (nothing computed). With
    ``architectures``, also the rows of every RNTK architecture on its 60-setting grid that is cached
    (:mod:`reproduction.experiments.ucr_architectures`; they do not enter ``complete``) and of the architecture chosen
    by cross-validation among those complete on every data set (:data:`CHOSEN_LABEL`)."""
    import pandas as pd

    from reproduction.experiments.ucr import stored_results
    from reproduction.experiments.ucr_architectures import cv_chosen, stored_architectures
    from reproduction.experiments.ucr_protocol import PAPER_GRID, PAPER_GRID_RESULTS

    rntk = stored_results(names, ("RNTK",), PAPER_GRID, PAPER_GRID_RESULTS)
    others = stored_classifiers(names, directory=directory)
    rows = [dict(dataset=n, method=RNTK_LABEL, accuracy=r["accuracy"], seconds=r["seconds"])
            for (n, _), r in rntk.items()]
    if architectures:
        rows += [dict(dataset=n, method=f"RNTK {a} (60 settings, CV)", accuracy=r["accuracy"], seconds=r["seconds"])
                 for (n, a), r in stored_architectures(names).items()]
        chosen = cv_chosen(stored_architectures(names), names)
        rows += [dict(dataset=n, method=CHOSEN_LABEL, accuracy=r["accuracy"], seconds=r["seconds"])
                 for n, r in chosen.items()]
    rows += [dict(dataset=n, method=m, accuracy=r["accuracy"], seconds=r["seconds"]) for (n, m), r in others.items()]
    complete = [n for n in names if (n, "RNTK") in rntk and all((n, m) in others for m in CLASSIFIERS)]
    return pd.DataFrame(rows, columns=["dataset", "method", "accuracy", "seconds"]), complete


def standing(rows, complete, summary, reference: str = "MiniRocket", rntk: str = None):
    """One row per data set of ``complete``: its training size ``train``, ``length`` and ``classes`` (from
    ``summary``, :func:`reproduction.data.ucr_summary`), the RNTK's accuracy, the best other classifier and its
    accuracy, ``gap`` (RNTK minus that best, points), ``vs_reference`` (RNTK minus ``reference``) and
    ``time_ratio`` (RNTK seconds / ``reference`` seconds); ``rntk``: the row of ``rows`` that is the RNTK
    (default: the first paper's grid, :data:`RNTK_LABEL`), the other RNTK rows left out."""
    import pandas as pd

    rntk = rntk or RNTK_LABEL
    rows = rows[(rows.method == rntk) | ~rows.method.str.startswith("RNTK")].replace({"method": {rntk: RNTK_LABEL}})

    acc = rows.pivot_table(index="dataset", columns="method", values="accuracy").loc[complete]
    sec = rows.pivot_table(index="dataset", columns="method", values="seconds").loc[complete]
    others = [m for m in acc.columns if m != RNTK_LABEL]
    features = summary.set_index("dataset").loc[complete, ["train", "length", "classes"]]
    return pd.DataFrame({**{k: features[k] for k in features}, "rntk": acc[RNTK_LABEL],
                         "best_other": acc[others].idxmax(axis=1), "best_other_accuracy": acc[others].max(axis=1),
                         "gap": acc[RNTK_LABEL] - acc[others].max(axis=1),
                         "vs_reference": acc[RNTK_LABEL] - acc[reference],
                         "time_ratio": sec[RNTK_LABEL] / sec[reference]})


def by_regime(table, tie: float = 0.5):
    """The standing (:func:`standing`) by regime: training sets up to / above the median size, series up
    to / above the median length, two classes / more. Per regime: data sets, the RNTK's mean gap to the
    best other classifier, its wins / ties / losses against the reference (a tie: within ``tie`` points),
    the two-sided sign-test p of wins against losses, and the median time ratio."""
    import pandas as pd
    from scipy import stats

    n, t = table["train"].median(), table["length"].median()
    regimes = {f"training set <= {n:g} series": table["train"] <= n, f"training set > {n:g} series": table["train"] > n,
               f"length <= {t:g} steps": table["length"] <= t, f"length > {t:g} steps": table["length"] > t,
               "two classes": table["classes"] == 2, "more than two classes": table["classes"] > 2,
               "every data set": pd.Series(True, index=table.index)}
    out = []
    for name, mask in regimes.items():
        part = table[mask]
        wins, losses = int((part.vs_reference > tie).sum()), int((part.vs_reference < -tie).sum())
        out.append(dict(regime=name, sets=len(part), mean_gap_to_best=float(part.gap.mean()),
                        mean_vs_reference=float(part.vs_reference.mean()), wins=wins, ties=len(part) - wins - losses,
                        losses=losses, sign_p=float(stats.binomtest(wins, wins + losses).pvalue) if wins + losses else 1.0,
                        median_time_ratio=float(part.time_ratio.median())))
    return pd.DataFrame(out).set_index("regime")


def practice_verdicts(regimes) -> dict:
    """The practice chapter's two checks (:mod:`reproduction.claims`) from :func:`by_regime`'s row over every data
    set: ``{claim id: {"ours": text, "holds": bool}}``."""
    from reproduction.claims import threshold

    every = regimes.loc["every data set"]
    return {"practice.minirocket-more-accurate": dict(
                ours=f"{int(every.wins)} / {int(every.ties)} / {int(every.losses)}, p = {every.sign_p:.2g}, mean "
                     f"{every.mean_vs_reference:+.2f} points, {int(every.sets)} data sets",
                holds=bool(every.losses > every.wins
                           and every.sign_p < threshold("practice.minirocket-more-accurate", "alpha"))),
            "practice.minirocket-faster": dict(
                ours=f"median {every.median_time_ratio:.3g}",
                holds=bool(every.median_time_ratio > threshold("practice.minirocket-faster", "ratio")))}


def recommendation(regimes, reference: str = "MiniRocket", margin: float = 1.0, alpha: float = 0.05) -> list:
    """One sentence per regime (:func:`by_regime`), decided by rules fixed here: the RNTK is *worth
    considering* where it beats ``reference`` more often than it loses, by a sign test at ``alpha``, and by
    at least ``margin`` points on average; ``reference`` is the *better choice* where it wins more often
    by the same test; otherwise the data do not separate them (and ``reference`` costs less time)."""
    out = []
    for name, r in regimes.iterrows():
        counts = ", ".join(f"{int(n)} {word if int(n) == 1 else plural}" for n, word, plural in
                           ((r.wins, "win", "wins"), (r.ties, "tie", "ties"), (r.losses, "loss", "losses")))
        record = f"{counts} against {reference}, sign test p = {r.sign_p:.2g}"
        if r.sign_p < alpha and r.wins > r.losses and r.mean_vs_reference >= margin:
            verdict = f"the RNTK is worth considering ({record}; mean {r.mean_vs_reference:+.2f} points)"
        elif r.sign_p < alpha and r.losses > r.wins:
            verdict = f"{reference} is the better choice ({record}; mean {r.mean_vs_reference:+.2f} points)"
        else:
            verdict = (f"the data do not separate them ({record}), and {reference} takes "
                       f"{1 / r.median_time_ratio:.2g} of the RNTK's time (median)")
        out.append(f"{name} ({int(r.sets)} data sets): {verdict}")
    return out


def recommendation_markdown(names=UCR_AVAILABLE, directory=CLASSIFIER_RESULTS) -> str:
    """The recommendation of :func:`recommendation` over the cached units as a Markdown list, with the
    coverage it rests on (the README carries this text; a test checks that it is the caches' own). The RNTK
    is the architecture cross-validation chooses on each data set's training data, where every candidate
    is cached on every data set, and the first paper's grid otherwise."""
    from reproduction.data import ucr_summary

    rows, complete = beside_rntk(names, directory, architectures=True)
    if len(complete) < 2:
        return f"Not yet: {len(complete)} of {len(names)} UCR data sets have every method cached."
    chosen = set(rows[rows.method == CHOSEN_LABEL].dataset) >= set(complete)
    lines = recommendation(by_regime(standing(rows, complete, ucr_summary(complete),
                                              rntk=CHOSEN_LABEL if chosen else RNTK_LABEL)))
    which = ("the RNTK's architecture chosen by cross-validation on each training set" if chosen else
             "the RNTK on the first paper's grid")
    head = (f"On the {len(complete)} UCR data sets (of {len(names)}) where {which} and aeon's MiniRocket, Rocket, "
            "1-NN DTW and 1-NN Euclidean are all cached"
            + (" (partial: the rest are still running)" if len(complete) < len(names) else "") + ":")
    return "\n".join([head, ""] + [f"- {line}" for line in lines])


def write_readme_recommendation(readme=None) -> None:
    """Replace the text between README.md's recommendation markers by :func:`recommendation_markdown`."""
    import re

    from reproduction.cache import ROOT, atomic_write

    path = readme or ROOT / "README.md"
    text = path.read_text()
    pattern = r"(<!-- recommendation:start -->\n).*?(<!-- recommendation:end -->)"
    if not re.search(pattern, text, flags=re.S):
        raise ValueError(f"{path} has no recommendation markers")
    atomic_write(path, re.sub(pattern, lambda m: m.group(1) + recommendation_markdown() + "\n" + m.group(2), text,
                              flags=re.S))


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive

    parser = argparse.ArgumentParser(description="aeon's classifiers on the UCR data sets (resumable; cached per unit).")
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")
    run = modes.add_parser("run", help="run the classifiers (cached per data set and classifier)")
    run.add_argument("datasets", nargs="*", help="names (default: every available one)")
    run.add_argument("--methods", nargs="+", default=list(CLASSIFIERS), choices=CLASSIFIERS)
    modes.add_parser("recommendation", help="print the recommendation from the cached units (the README's text)")
    modes.add_parser("write-readme", help="write that recommendation into README.md between its markers")
    args = parser.parse_args(argv)
    if args.mode == "recommendation":
        print(recommendation_markdown())
        return
    if args.mode == "write-readme":
        write_readme_recommendation()
        return
    names = check_datasets(parser, args.datasets or list(UCR_AVAILABLE), UCR_AVAILABLE)
    check_writable(parser, CLASSIFIER_RESULTS, *(CLASSIFIER_RESULTS / n for n in names))
    drive(cached_classifier, [dict(name=n, method=m) for n in names for m in args.methods],
          lambda u, r: f"{u['name']:32s} {u['method']:11s} {r['accuracy']:6.2f}  ({r['seconds']:8.1f} s)")


if __name__ == "__main__":
    main()
