"""The Gram of a recurrent kernel, tile by tile, and where the tiles are computed.

:func:`tiled_grams` cuts a Gram into tiles of at most ``block_size`` rows and columns (the memory bound:
one tile's state arrays, whatever N), computes each tile with :func:`rntk.recursion.sweep` (or
:func:`~rntk.recursion.sweep_settings` for many settings at once, chunked so that memory stays that of one
tile), spreads the rows of every tile over the devices, and, for a Gram of a collection with itself,
computes the tiles on and above the diagonal only and mirrors them.
"""

from __future__ import annotations

import functools
import math

import jax
import numpy as np
from tqdm import tqdm

from rntk.activations import Activation
from rntk.recursion import (Hyper, _self_variances, _self_variances_settings, diagonal_plan, last_step_plan, sweep,
                            sweep_settings)
from rntk.sequences import Sequences

__all__ = ["tiled_grams"]

# A self-Gram is cut into at least this many row blocks of at least this many rows when the user
# sets no block_size (with n blocks only n(n+1)/2 of the n^2 tiles are computed): (8, 256) for one
# setting, (16, 32) for a grid, whose settings axis keeps small tiles' vectors long.
_SYMMETRIC_BLOCKS = {False: (8, 256), True: (16, 32)}


def _default_block_size() -> int:
    """Tile side: 2048 pairs a side on CPU (~32 MB a state array), 8192 on accelerators."""
    return 2048 if jax.default_backend() == "cpu" else 8192


def _blocks(n: int, block_size: int, multiple: int = 1):
    """Equal blocks (the last one padded) so every tile has one compiled shape; the padded block
    size is a multiple of ``multiple`` (the number of devices its rows are spread over)."""
    count = max(1, math.ceil(n / block_size))
    size = multiple * math.ceil(math.ceil(n / count) / multiple)
    return [np.arange(b * size, min((b + 1) * size, n)) for b in range(count)], size




def _row_sharding(devices):
    """``spread(ndim, axis)``: a sharding that splits ``axis`` (the rows of a tile) over ``devices``
    and replicates the rest; XLA then partitions the whole sweep by rows (one device: no-op)."""
    mesh = jax.sharding.Mesh(devices, ("rows",))

    def spread(ndim, axis):
        spec = [None] * ndim
        spec[axis] = "rows"
        return jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec(*spec))

    return spread


def tiled_grams(X: Sequences, Z: Sequences | None, hyper: Hyper, *, depth: int, act: Activation, readouts,
                restarts: bool = False, all_layers: bool = False, batched: bool = False, block_size: int | None = None,
                devices=None, dtype: str = "float64", progress: bool = False) -> dict:
    """``{readout: (CK, NTK)}`` Grams of one direction, each ``(layers, N, M)``, tile by tile
    (``(S, layers, N, M)`` when ``hyper`` holds S settings and ``batched``). ``restarts``: the shared
    pooled read-out, swept along every diagonal of the step grid; ``devices``: where the rows of each
    tile go (default: every local JAX device); ``progress``: a progress bar over the tiles (tqdm, on stderr).

    A self-Gram (``Z=None``) computes the tiles on and above the diagonal only and mirrors
    them, the diagonal tiles included, so it is symmetric by construction."""
    symmetric = Z is None
    Z_ = X if symmetric else Z
    steps = X.max_length
    ragged = not (X.equal_lengths and Z_.equal_lengths)
    plan = diagonal_plan(steps) if restarts else last_step_plan(steps)
    block = block_size or _default_block_size()
    budget = block * block  # elements of one state array of one tile: the memory bound
    devices = np.array(devices if devices is not None else jax.local_devices())
    if symmetric and block_size is None:  # more, smaller tiles: the mirrored half is then nearly half
        blocks, least = _SYMMETRIC_BLOCKS[batched]
        block = min(block, max(least, math.ceil(X.n / blocks)))
    rows, size_r = _blocks(X.n, block, multiple=len(devices))
    cols, size_c = (rows, size_r) if symmetric else _blocks(Z_.n, block)
    spread = _row_sharding(devices)
    layers = depth if all_layers else 1
    settings = len(hyper.sw2) if batched else 1
    chunk = max(1, budget // (size_r * size_c))  # settings per pass: one tile's memory
    lead = (settings,) if batched else ()
    out = {r: tuple(np.empty((*lead, layers, X.n, Z_.n), dtype=dtype) for _ in range(2)) for r in readouts}
    variances = _self_variances_settings if batched else _self_variances

    def prepare(S: Sequences, h: Hyper):
        x = np.ascontiguousarray(np.swapaxes(S.values, 0, 1), dtype=dtype)
        active = np.arange(steps)[:, None] >= (steps - S.lengths)[None, :]
        return x, np.asarray(variances(x, active, h, depth, act)), active

    def take(arrays, idx, size):
        """The block's sequences (inputs, self-variances, activity), padded to the block size."""
        padded = np.concatenate([idx, np.full(size - len(idx), idx[-1])])
        x_, v_, a_ = arrays
        return (x_[:, padded], v_[..., padded], a_[:, padded]), padded

    passes = math.ceil(settings / chunk)
    tiles_per_pass = len(rows) * (len(rows) + 1) // 2 if symmetric else len(rows) * len(cols)
    bar = tqdm(total=passes * tiles_per_pass, desc=f"Gram {X.n}x{Z_.n}, {steps} steps", unit="tile",
               disable=not progress)
    for first in range(0, settings, chunk):
        part = slice(first, first + chunk) if batched else slice(None)
        h = Hyper(*(a[part] for a in hyper)) if batched else hyper
        x, vx, ax = prepare(X, h)
        z, vz, az = (x, vx, ax) if symmetric else prepare(Z_, h)
        run = functools.partial(sweep_settings if batched else sweep, depth=depth, act=act, readouts=readouts,
                                all_layers=all_layers, ragged=ragged, restarts=restarts)
        for bi, r in enumerate(rows):
            (xr, vr, ar), ir = take((x, vx, ax), r, size_r)
            xr, vr, ar = (jax.device_put(a, spread(a.ndim, axis))
                          for a, axis in ((xr, 1), (vr, vr.ndim - 1), (ar, 1)))
            for bj, c in enumerate(cols):
                if symmetric and bj < bi:
                    continue
                (zc, vc, ac), ic = take((z, vz, az), c, size_c)
                same = jax.device_put((ir[:, None] == ic[None, :]) & symmetric, spread(2, 0))
                tiles = run(xr, zc, vr, vc, ar, ac, same, h, plan)
                rs, cs = slice(r[0], r[-1] + 1), slice(c[0], c[-1] + 1)
                for readout in readouts:
                    for gram, tile in zip(out[readout], tiles[readout]):
                        tile = np.asarray(tile)[..., : len(r), : len(c)]
                        if symmetric and bj == bi:  # the upper triangle, mirrored
                            tile = np.triu(tile) + np.swapaxes(np.triu(tile, 1), -1, -2)
                        gram[part][..., rs, cs] = tile
                        if symmetric and bj > bi:
                            gram[part][..., cs, rs] = np.swapaxes(tile, -1, -2)
                bar.update()
    bar.close()
    return out
