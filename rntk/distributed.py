"""Grams and experiment units on a Dask cluster, and Grams larger than memory on disk.

:func:`gram` returns the Gram of ``(X, Z)`` as a :mod:`dask.array` whose blocks are tiles computed by
the same jitted kernel as :class:`~rntk.recurrent.RecurrentKernel` itself: in this process by default (Dask's
threaded scheduler, no cluster needed), or on an existing ``dask.distributed`` cluster with ``client=``.
A self-Gram computes the tiles on and above the diagonal only; the others are their transposes.
``store=`` writes the tiles to a zarr array on disk (each tile by the worker that computed it) and
returns the array read back by block, so a Gram larger than memory is computed and used tile by tile.
A stored Gram resumes: its tiles are written in ``<store>.partial/``, each recorded once written, and a
run stopped by a kill (or an error) leaves them there; the next call for the same Gram computes only the
others, then moves the array into place. Dask retries the tiles of a worker that dies: each tile is a
pure function of its two blocks.

:func:`run_units` maps an experiment's units (one data set, one method; keyword arguments) over the cluster's workers;
each unit writes its own cache file atomically, so the caches are the same as from a serial run.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

try:
    import dask
    import dask.array as da
except ImportError as error:  # an extra of rntk
    raise ImportError("rntk.distributed needs dask: pip install 'rntk[distributed]'") from error
import numpy as np

from rntk.recurrent import RecurrentKernel, one_kernel
from rntk.sequences import Sequences
from rntk.storage import atomic_write, open_lock

__all__ = ["gram", "run_units"]


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
    that receives the tiles (written in ``<store>.partial/`` and moved there when complete; a call after
    a stopped one reuses the tiles it finished); the array returned reads it by block. Inputs are
    checked here, before any work is sent.
    """
    if not isinstance(kernel, RecurrentKernel):
        raise TypeError(f"kernel must be a rntk.RecurrentKernel, got {type(kernel).__name__}")
    get = one_kernel(get)
    if block_size is not None and not (isinstance(block_size, (int, np.integer)) and block_size >= 1):
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    X, Z = kernel._validate(X, Z)  # the errors of kernel(X, Z), raised before the graph is built
    kernel._check_lengths(X, Z)
    symmetric = Z is None
    Z_ = X if symmetric else Z
    block = int(block_size or 1024)
    row_blocks = [np.arange(s, min(s + block, X.n)) for s in range(0, X.n, block)]
    col_blocks = row_blocks if symmetric else [np.arange(s, min(s + block, Z_.n)) for s in range(0, Z_.n, block)]
    if store is not None:
        return _stored(kernel, X, Z, get, block, row_blocks, col_blocks, Path(store), client)
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
    return client.persist(out) if client is not None else out


def _fingerprint(kernel: RecurrentKernel, X: Sequences, Z: Sequences | None, get: str, block: int) -> str:
    """What a partial store must match to be resumed: the kernel's settings (its activation by name and
    quadrature order), the inputs and the tiling."""
    if kernel.activation.made_from is None:
        raise ValueError("store= resumes a Gram from its tiles, so its activation must be known by name: register "
                         "the callable with rntk.activations.register_activation and pass its name")
    h = hashlib.sha256(repr((kernel.depth, kernel.activation.made_from, kernel.sigma_w, kernel.sigma_u, kernel.sigma_b,
                             kernel.sigma_h, kernel.sigma_v, kernel.architecture, kernel.reverse, kernel.dtype,
                             get, block)).encode())
    for S in (X,) if Z is None else (X, Z):
        h.update(np.ascontiguousarray(S.values).tobytes())
        h.update(np.ascontiguousarray(S.lengths).tobytes())
    return h.hexdigest()


def _work_folder(store: Path, fingerprint: str, shape: tuple, block: int):
    """The folder ``<store>.partial/`` of a stored Gram in progress, locked for this run (the store's lock,
    :func:`rntk.storage.open_lock`, which the system releases when a run dies): created,
    or taken over from a run that stopped. Returns the folder and its open lock file. A complete store, a
    live run on it, or a partial store of another Gram is refused before anything is computed."""
    import zarr

    lock = open_lock(store)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FileExistsError(f"store {str(store)!r}: another run is writing it") from None
        if store.exists():  # checked under the lock: a run that finished meanwhile has moved it there
            raise FileExistsError(f"store {str(store)!r} exists; remove it or name another")
        work = store.with_name(store.name + ".partial")
        work.mkdir(parents=True, exist_ok=True)
        meta = work / "gram.json"
        if meta.exists():
            if json.loads(meta.read_text()).get("fingerprint") != fingerprint:
                raise FileExistsError(f"{work} holds the tiles of another Gram (other kernel settings, inputs or "
                                      "block size); remove it, or name another store")
        else:
            zarr.open_array(str(work / "gram.zarr"), mode="w", shape=shape, chunks=(block, block), dtype="float64")
            (work / "done").mkdir(exist_ok=True)
            atomic_write(meta, json.dumps(dict(fingerprint=fingerprint, shape=list(shape), block=block)))
    except BaseException:
        lock.close()
        raise
    return work, lock


def _write_tile(kernel: RecurrentKernel, rows: Sequences, cols: Sequences | None, get: str, work: Path,
                at: tuple, mirror: bool) -> None:
    """Compute one tile, write it (and its transpose, ``mirror``) into the partial store, then record it
    as done: a tile without its record is computed again."""
    import zarr

    t = kernel(rows, cols, get=get)
    (i, j), (r, c) = at, t.shape
    array = zarr.open_array(str(work / "gram.zarr"), mode="r+")
    array[i:i + r, j:j + c] = t
    if mirror:
        array[j:j + c, i:i + r] = t.T
    atomic_write(work / "done" / f"{i}-{j}", "")


def _stored(kernel, X, Z, get, block, row_blocks, col_blocks, store: Path, client) -> da.Array:
    """The Gram written to a zarr array at ``store`` through ``<store>.partial/`` (:func:`_work_folder`),
    the tiles recorded there skipped; read back by block once every tile is in."""
    symmetric = Z is None
    Z_ = X if symmetric else Z
    work, lock = _work_folder(store, _fingerprint(kernel, X, Z, get, block), (X.n, Z_.n), block)
    with lock:
        done = {p.name for p in (work / "done").iterdir()}
        write = dask.delayed(_write_tile, pure=False)
        tasks = [write(kernel, _block(X, r), None if symmetric and i == j else _block(Z_, c), get, work,
                       (int(r[0]), int(c[0])), symmetric and i != j)
                 for i, r in enumerate(row_blocks) for j, c in enumerate(col_blocks)
                 if not (symmetric and j < i) and f"{int(r[0])}-{int(c[0])}" not in done]
        if client is not None:
            client.gather(client.compute(tasks))
        else:
            dask.compute(*tasks)
        os.replace(work / "gram.zarr", store)
        shutil.rmtree(work)
    return da.from_zarr(str(store))


def run_units(function: Callable[..., Any], units: Iterable[dict], scheduler: str | None = None) -> Iterator[Any]:
    """``function(**unit)`` for every unit (a dict of keyword arguments), yielded as each finishes: in this
    process one after another (``scheduler=None``), or on the workers of the Dask scheduler at
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), which must see the folders the units
    write at the same path."""
    units = list(units)
    wrong = [u for u in units if not isinstance(u, dict)]
    if wrong:
        raise TypeError(f"each unit is a dict of keyword arguments of {function.__name__}, got {wrong[0]!r}")
    if scheduler is None:
        for unit in units:
            yield function(**unit)
        return
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = [client.submit(function, **unit, pure=False) for unit in units]
        for future in as_completed(futures):
            yield future.result()
