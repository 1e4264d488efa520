"""What the exact Gram costs beyond one call: time and peak memory against N, computed in this process
(``RecurrentKernel``), as a dask array (:func:`rntk.distributed.gram`) on the threaded scheduler, on a
local Dask cluster of two worker processes, and out of core (tiles written to a zarr array on disk).

Each measurement runs in a fresh Python process, so its peak resident memory (``ru_maxrss``) is its own;
the process's memory after imports is recorded beside it. Times include the compilation of the kernel
(once per process and tile shape). ``python -m reproduction.experiments.scaling`` computes every unit
(``results/scaling/<mode>-<N>.json``); the out-of-core unit at ``OUT_OF_CORE_N`` writes a Gram larger
than this machine's memory to a temporary directory and removes it after reading it back.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

from reproduction.cache import RESULTS, cached_json

__all__ = ["MODES", "SIZES", "STEPS", "BLOCK", "OUT_OF_CORE_N", "measure", "cached_measure"]

MODES = ("in-process", "dask threads", "local cluster", "out of core")
SIZES = (2000, 4000, 8000, 16000)
STEPS = 20
BLOCK = 2048
OUT_OF_CORE_N = 60_000  # a 28.8 GB Gram, more than this machine's 24 GB
KERNEL = dict(sigma_w=1.4, sigma_u=1.0, sigma_b=0.1)

_WORKER = """
import json, resource, sys, time, shutil
from pathlib import Path
import numpy as np
import dask.array as da
from rntk import RecurrentKernel
from rntk.distributed import gram

mode, n, steps, block, kernel, scratch = json.loads(sys.argv[1])
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9
X = np.random.default_rng(0).standard_normal((n, steps))
X /= np.linalg.norm(X, axis=1, keepdims=True)
k = RecurrentKernel(**kernel)
after_imports = rss()
workers = None
start = time.perf_counter()
if mode == "in-process":
    check = float(np.trace(k(X)))
elif mode == "dask threads":
    check = float(np.trace(gram(k, X, block_size=block).compute()))
elif mode == "local cluster":
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \\
            Client(cluster) as client:
        check = float(np.trace(gram(k, X, client=client, block_size=block).compute()))
        workers = sorted(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9).values())
else:
    store = Path(scratch) / "gram.zarr"
    g = gram(k, X, block_size=block, store=store)
    written = time.perf_counter() - start
    check = float(da.diagonal(g).sum().compute())  # read back block by block
    shutil.rmtree(store)
print(json.dumps(dict(seconds=time.perf_counter() - start, peak_gb=rss(), after_imports_gb=after_imports,
                      workers_peak_gb=workers, trace=check,
                      written_seconds=written if mode == "out of core" else None)))
"""


def measure(mode: str, n: int, steps: int = STEPS, block_size: int = BLOCK) -> dict:
    """One Gram of ``n`` random unit-norm sequences of ``steps`` steps, computed as ``mode`` in a fresh
    process: ``{mode, n, steps, block_size, gram_gb, seconds, peak_gb, after_imports_gb, workers_peak_gb,
    trace, written_seconds}`` (memory in GB of resident memory; ``workers_peak_gb`` for the cluster)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    with tempfile.TemporaryDirectory(dir=RESULTS.parent) as scratch:
        args = json.dumps([mode, n, steps, block_size, KERNEL, scratch])
        out = subprocess.run([sys.executable, "-c", _WORKER, args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"the {mode} Gram at N = {n} failed:\n{out.stderr[-2000:]}")
    return dict(mode=mode, n=n, steps=steps, block_size=block_size, gram_gb=n * n * 8 / 1e9,
                **json.loads(out.stdout.strip().splitlines()[-1]))


def cached_measure(mode: str, n: int, steps: int = STEPS, block_size: int = BLOCK, directory=RESULTS / "scaling"):
    """:func:`measure` through ``<directory>/<mode>-<n>.json``."""
    return cached_json(directory / f"{mode.replace(' ', '-')}-{n}.json", lambda: measure(mode, n, steps, block_size),
                       params=dict(mode=mode, n=n, steps=steps, block_size=block_size, kernel=KERNEL))


def main(argv=None):
    from reproduction.experiments.runner import check_writable, drive

    parser = argparse.ArgumentParser(description="Time and peak memory of exact Grams (resumable; cached per unit).")
    parser.add_argument("--out-of-core", action="store_true", help=f"also the {OUT_OF_CORE_N}-sequence Gram on disk")
    args = parser.parse_args(argv)
    check_writable(parser, RESULTS / "scaling")
    units = [dict(mode=mode, n=n) for n in SIZES for mode in MODES]
    if args.out_of_core:
        units.append(dict(mode="out of core", n=OUT_OF_CORE_N))
    drive(cached_measure, units, lambda u, r: f"{u['mode']:14s} N = {u['n']:6d}: {r['seconds']:8.1f} s, peak "
                                              f"{r['peak_gb']:6.2f} GB (Gram {r['gram_gb']:.2f} GB)")


if __name__ == "__main__":
    main()
