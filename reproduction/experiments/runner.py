"""Checks every command-line runner makes before its first unit starts, so that no computed result is
lost to a failure that could have been seen at the start (an unknown name, a folder it cannot write)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["drive", "check_writable", "check_datasets", "jobs", "folds_in", "settings_table"]


def _with_unit(compute, unit: dict) -> tuple:
    return unit, compute(**unit)


def drive(compute, units, line, scheduler: str | None = None) -> list:
    """The one loop of every runner: ``compute(**unit)`` for each unit (a dict of keyword arguments; every
    ``compute`` caches its unit, so a stopped run resumes where it stopped), in this process or on the
    workers of a Dask scheduler (:func:`rntk.distributed.run_units`), one line ``line(unit, result)`` on
    stdout as each finishes. Returns the ``(unit, result)`` pairs in the order they finished."""
    from rntk.distributed import run_units

    units = list(units)
    wrong = [u for u in units if not isinstance(u, dict)]
    if wrong:
        raise TypeError(f"each unit is a dict of keyword arguments of {getattr(compute, '__name__', compute)}, "
                        f"got {wrong[0]!r}")
    done = []
    for unit, result in run_units(_with_unit, [dict(compute=compute, unit=u) for u in units], scheduler=scheduler):
        print(line(unit, result), flush=True)
        done.append((unit, result))
    return done


def jobs(value: str) -> int:
    """An argparse type for ``--jobs``: a positive number of threads, or -1 for every core."""
    import argparse

    n = int(value)
    if n != -1 and n < 1:
        raise argparse.ArgumentTypeError(f"{value} threads: give a positive number, or -1 for every core")
    return n


def folds_in(k: int):
    """An argparse type for fold indices of a ``k``-fold cross-validation: an integer in 0..k-1."""
    import argparse

    def fold(value: str) -> int:
        f = int(value)
        if not 0 <= f < k:
            raise argparse.ArgumentTypeError(f"fold {value} is not among the folds 0..{k - 1}")
        return f

    return fold


def check_writable(parser, *directories) -> None:
    """Exit through ``parser.error`` (one line, status 2) unless every directory can be created and
    written: a file is created there and removed again. Give every folder a run writes, each data set's
    included: a read-only one below a writable ``results/`` would otherwise fail at its first unit."""
    for directory in directories:
        directory = Path(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=directory, prefix=".writable.")
            os.close(fd)
            os.unlink(probe)
        except OSError as error:
            parser.error(f"results directory {directory} is not writable ({error.strerror or error}); "
                         "nothing was computed")


def check_datasets(parser, names, available) -> list:
    """The names, or ``parser.error`` naming those not in ``available``."""
    unknown = sorted(set(names) - set(available))
    if unknown:
        parser.error(f"unknown or unavailable data sets {unknown}; available: {', '.join(available)}")
    return list(names)


def settings_table(settings, name: str = "values"):
    """A grid or settings dataclass as a one-column table, one row per field (tuples joined by "; "; a nested
    dataclass's fields as ``field.subfield``)."""
    from dataclasses import asdict

    import pandas as pd

    def text(v):
        if isinstance(v, tuple):
            return "; ".join(text(x) for x in v)
        return f"{v:g}" if isinstance(v, float) else str(v)

    def rows(values: dict, prefix: str = ""):
        for k, v in values.items():
            yield from rows(v, f"{prefix}{k}.") if isinstance(v, dict) else [(prefix + k, text(v))]

    return pd.Series(dict(rows(asdict(settings))), name=name).to_frame()
