"""Grams and experiment units on a Dask cluster, and Grams larger than memory on disk.

:func:`gram` returns the Gram of ``(X, Z)`` as a :mod:`dask.array` whose blocks are tiles computed by
the same jitted kernel as :class:`~rntk.recurrent.RecurrentKernel` itself: in this process by default (Dask's
threaded scheduler, no cluster needed), or on an existing ``dask.distributed`` cluster with ``client=``.
A self-Gram computes the tiles on and above the diagonal only; the others are their transposes.
``store=`` writes the tiles to a zarr array on disk (each tile by the worker that computed it) and
returns the array read back by block, so a Gram larger than memory is computed and used tile by tile.
Dask retries the tiles of a worker that dies: each tile is a pure function of its two blocks.

:func:`run_units` maps an experiment's units (one data set, one method) over the cluster's workers;
each unit writes its own cache file atomically, so the caches are the same as from a serial run.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import dask
import dask.array as da
import numpy as np

from rntk.recurrent import RecurrentKernel
from rntk.sequences import Sequences

__all__ = ["gram", "run_units"]

GETS = ("ntk", "ck")


def _tile(kernel: RecurrentKernel, rows: Sequences, cols: Sequences | None, get: str) -> np.ndarray:
    """One tile of the Gram: the kernel between two blocks (``cols=None``: a diagonal tile). The blocks
    keep the padding of the whole collection, so every tile has the same number of steps."""
    return kernel(rows, cols, get=get)


def _block(S: Sequences, idx: np.ndarray) -> Sequences:
    return Sequences(S.values[idx], S.lengths[idx])


def gram(kernel: RecurrentKernel, X, Z=None, get: str = "ntk", client=None, block_size: int | None = None,
         store: str | Path | None = None) -> da.Array:
    """The Gram ``(len(X), len(Z))`` of ``kernel`` as a dask array of ``block_size`` tiles (1024 by default;
    ``Z=None``: ``X`` with itself, ``sigma_h`` on the diagonal as in ``kernel(X)``).

    ``client``: a ``dask.distributed.Client``; the tiles are computed on its workers and kept there
    (the array returned is persisted; ``.compute()`` gathers it). ``store``: a path for a zarr array
    that receives the tiles (written to a temporary name and renamed when complete); the array
    returned reads it by block. Inputs are checked here, before any work is sent.
    """
    if not isinstance(kernel, RecurrentKernel):
        raise TypeError(f"kernel must be a rntk.RecurrentKernel, got {type(kernel).__name__}")
    if get not in GETS:
        raise ValueError(f"get must be one of {GETS}, got {get!r}")
    if block_size is not None and not (isinstance(block_size, (int, np.integer)) and block_size >= 1):
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    X, Z = kernel._validate(X, Z)  # the errors of kernel(X, Z), raised before the graph is built
    kernel._check_lengths(X, Z)
    if store is not None:
        _claim(Path(store))
    symmetric = Z is None
    Z_ = X if symmetric else Z
    block = int(block_size or 1024)
    row_blocks = [np.arange(s, min(s + block, X.n)) for s in range(0, X.n, block)]
    col_blocks = row_blocks if symmetric else [np.arange(s, min(s + block, Z_.n)) for s in range(0, Z_.n, block)]
    rows = [dask.delayed(_block(X, r), pure=True) for r in row_blocks]
    cols = rows if symmetric else [dask.delayed(_block(Z_, c), pure=True) for c in col_blocks]
    tile = dask.delayed(_tile, pure=True)
    grid = [[None] * len(col_blocks) for _ in row_blocks]
    for i, r in enumerate(row_blocks):
        for j, c in enumerate(col_blocks):
            if symmetric and j < i:
                grid[i][j] = grid[j][i].T
                continue
            t = tile(kernel, rows[i], None if symmetric and i == j else cols[j], get)
            grid[i][j] = da.from_delayed(t, shape=(len(r), len(c)), dtype=np.float64)
    out = da.block(grid)
    if store is not None:
        return _stored(out, Path(store), client)
    return client.persist(out) if client is not None else out


def _claim(store: Path) -> None:
    """Claim ``store`` for this run by creating it, empty, in one atomic step: a second run that names
    the same path (at the same time or later) fails here, before it computes anything."""
    try:
        store.mkdir()
    except FileExistsError:
        raise FileExistsError(f"store {str(store)!r} exists (or another run is writing it); remove it or "
                              "name another") from None


def _stored(out: da.Array, store: Path, client) -> da.Array:
    """``out`` written to a zarr array at ``store`` (claimed by :func:`_claim`: complete or not at all),
    read back by block. The tiles go to a temporary folder that replaces the empty claimed one."""
    partial = store.with_name(f".{store.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        written = da.to_zarr(out, str(partial), compute=False)
        (client.compute(written).result() if client is not None else written.compute())
        partial.replace(store)  # an empty folder is replaced atomically
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        store.rmdir()
        raise
    return da.from_zarr(str(store))


def run_units(function: Callable[..., Any], units: Iterable[tuple], scheduler: str | None = None) -> Iterator[Any]:
    """``function(*unit)`` for every unit (a tuple of arguments), yielded as each finishes: in this
    process one after another (``scheduler=None``), or on the workers of the Dask scheduler at
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), which must see the repository's
    ``results/`` at the same path."""
    units = list(units)
    if scheduler is None:
        for unit in units:
            yield function(*unit)
        return
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = [client.submit(function, *unit, pure=False) for unit in units]
        for future in as_completed(futures):
            yield future.result()
