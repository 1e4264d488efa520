"""float32 against float64 RNTK Grams on the UCR data sets, at the setting the first paper's grid chose.

For each data set: the RNTK of the setting and C chosen by cross-validation on the paper's grid
(``results/ucr_paper_grid/<dataset>/RNTK.json``), its training and test Grams in both precisions,
the largest relative error of the float32 entries, and the test accuracy of the C-SVM on each.
One cached unit per data set: ``results/float32/<dataset>.json``.
``python -m reproduction.experiments.precision`` runs every available data set (resumable).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from reproduction.cache import RESULTS, cached_json
from reproduction.data import UCR_AVAILABLE, load_ucr
from reproduction.experiments.svm import svm_predict
from reproduction.experiments.ucr import stored_results
from reproduction.experiments.ucr_protocol import PAPER_GRID, PAPER_GRID_RESULTS, unit_norm
from rntk.recurrent import RecurrentKernel

__all__ = ["FLOAT32_RESULTS", "relative_error", "float32_against_float64", "cached_float32", "stored_float32",
           "float32_summary"]

FLOAT32_RESULTS = RESULTS / "float32"
_SETTING = ("sigma_w", "sigma_u", "sigma_b", "sigma_h")


def relative_error(approx, exact) -> float:
    """The largest ``|approx - exact| / |exact|`` over the entries (entries that are exactly 0 compare
    absolutely)."""
    approx, exact = np.asarray(approx, np.float64), np.asarray(exact, np.float64)
    scale = np.where(exact != 0, np.abs(exact), 1.0)
    return float(np.max(np.abs(approx - exact) / scale))


def float32_against_float64(name: str, chosen: dict) -> dict:
    """Both precisions of the RNTK at ``chosen`` (sigmas and C) on one UCR data set: the largest relative
    error of the float32 training and test Grams, their largest entry, and both SVMs' test accuracy (%)."""
    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = unit_norm(X_train), unit_norm(X_test)
    y = np.concatenate([y_train, y_test])
    n = len(X_train)
    train, test = np.arange(n), np.arange(n, len(y))
    out = dict(dataset=name, chosen=chosen)
    grams = {}
    for dtype in ("float64", "float32"):
        kernel = RecurrentKernel(**{k: chosen[k] for k in _SETTING}, dtype=dtype)
        start = time.perf_counter()
        G = np.concatenate([kernel(X_train), kernel(X_test, X_train)])
        out[f"{dtype}_seconds"] = time.perf_counter() - start
        predicted = svm_predict(G.astype(np.float64), y, train, test, chosen["C"])
        out[f"{dtype}_accuracy"] = float(np.mean(predicted == y_test) * 100)
        grams[dtype] = G
    out["train_error"] = relative_error(grams["float32"][:n], grams["float64"][:n])
    out["test_error"] = relative_error(grams["float32"][n:], grams["float64"][n:])
    out["largest_entry"] = float(np.abs(grams["float64"]).max())
    return out


def cached_float32(name: str) -> dict:
    """:func:`float32_against_float64` at the paper grid's chosen setting, through ``results/float32/<name>.json``."""
    chosen = stored_results([name], ("RNTK",), PAPER_GRID, PAPER_GRID_RESULTS)[(name, "RNTK")]["chosen"]
    return cached_json(FLOAT32_RESULTS / f"{name}.json", lambda: float32_against_float64(name, chosen),
                       params=dict(chosen=chosen))


def stored_float32(names=UCR_AVAILABLE) -> list:
    """The cached units (nothing computed), in the order of ``names``."""
    from reproduction.cache import stored_json

    out = []
    for name in names:
        found = stored_results([name], ("RNTK",), PAPER_GRID, PAPER_GRID_RESULTS).get((name, "RNTK"))
        r = found and stored_json(FLOAT32_RESULTS / f"{name}.json", dict(chosen=found["chosen"]))
        if r:
            out.append(r)
    return out


def float32_summary(rows) -> dict:
    """Over data sets: the median and largest Gram error (the larger of training and test), the mean,
    smallest and largest change of test accuracy (float32 minus float64, points), the sets whose
    accuracy changed, and the time ratio float64 / float32."""
    error = np.array([max(r["train_error"], r["test_error"]) for r in rows])
    change = np.array([r["float32_accuracy"] - r["float64_accuracy"] for r in rows])
    worst = int(np.argmin(change))
    return dict(sets=len(rows), median_error=float(np.median(error)), max_error=float(error.max()),
                max_error_set=rows[int(np.argmax(error))]["dataset"], mean_change=float(change.mean()),
                min_change=float(change.min()), min_change_set=rows[worst]["dataset"],
                max_change=float(change.max()), changed=int(np.sum(change != 0)),
                speedup=float(sum(r["float64_seconds"] for r in rows) / sum(r["float32_seconds"] for r in rows)))


def main(argv=None):
    from reproduction.experiments.runner import check_datasets, check_writable, drive

    parser = argparse.ArgumentParser(description="float32 against float64 RNTK Grams on UCR (resumable).")
    parser.add_argument("datasets", nargs="*", help="names (default: every available one)")
    args = parser.parse_args(argv)
    names = check_datasets(parser, args.datasets, UCR_AVAILABLE) or list(UCR_AVAILABLE)
    check_writable(parser, FLOAT32_RESULTS)
    drive(cached_float32, [dict(name=n) for n in names],
          lambda u, r: f"{u['name']:32s} error {max(r['train_error'], r['test_error']):.2e}  accuracy "
                       f"{r['float64_accuracy']:6.2f} -> {r['float32_accuracy']:6.2f}")


if __name__ == "__main__":
    main()
