"""The accuracy tables of the classification experiments (UCR and UCI), in one shape: results keyed by
``(dataset, method)``, each with its test ``accuracy`` (%) and the setting(s) it ``chosen``."""

from __future__ import annotations

from reproduction.cache import atomic_write

__all__ = ["accuracy_table", "write_tables"]


def accuracy_table(found: dict, order):
    """``{(dataset, method): result}`` -> test accuracies (%), one row per data set, one column per method
    found, in ``order``; NaN where a unit is missing."""
    import pandas as pd

    table = pd.Series({k: r["accuracy"] for k, r in found.items()}, dtype=float).unstack()
    return table.reindex(columns=[m for m in order if m in table.columns])


def write_tables(found: dict, directory, order) -> None:
    """``accuracy.csv`` (dataset, method, accuracy in %) and ``hyperparameters.csv`` (the settings chosen per
    data set and method: one row each, or several where tied settings voted) in ``directory``; data sets in
    name order, methods in ``order``."""
    import pandas as pd

    rank = {m: i for i, m in enumerate(order)}
    units = sorted(found.items(), key=lambda item: (item[0][0], rank[item[0][1]]))
    rows = [dict(dataset=d, method=m, accuracy=r["accuracy"]) for (d, m), r in units]
    atomic_write(directory / "accuracy.csv", pd.DataFrame(rows, columns=["dataset", "method", "accuracy"]).to_csv(index=False))
    chosen = [dict(dataset=d, method=m, **c) for (d, m), r in units
              for c in (r["chosen"] if isinstance(r["chosen"], list) else [r["chosen"]])]
    atomic_write(directory / "hyperparameters.csv", pd.DataFrame(chosen).to_csv(index=False))
