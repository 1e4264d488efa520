"""The kernel on an accelerator against the same machine's CPU cores, in one run (second paper, Fig. 2).

    PYTHONPATH=. python benchmarks/gpu_bench.py [--profile full|quick] [--out results/timing/gpu] [--budget 400]

Needs only JAX (the device's own build), NumPy and the package's own modules (no pip install on the
device: the UCR training set it times is read from data/ and the paper's grid from results/). Phases, in
priority order; each writes ``<out>/<phase>.json`` atomically as soon as it ends, so a run cut off by its
budget (``--budget`` seconds of wall time, checked before each timed point) keeps the phases before:

1. ``sweeps-<backend>-<dtype>``: Gram time against L (1..5), T (10..1000) and N (250 to the largest the
   budget per point allows), after compilation, on the accelerator in float64 and float32, then on the CPU
   cores in float64 (the CPU-versus-GPU claim);
2. ``memory``: peak memory of one Gram against T at fixed N, each in a fresh process (device peak
   bytes where the backend reports them, and the process's peak resident memory);
3. ``ucr-grid``: the first paper's 900-setting RNTK grid (``RecurrentKernel.grid``) on the largest UCR
   training split, accelerator against CPU.

``--profile quick`` runs the same code on tiny sizes in seconds (CI runs it with JAX_PLATFORMS=cpu).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import jax
import numpy as np

from reproduction.cache import RESULTS, atomic_write
from reproduction.timing import best_time, random_sequences
from rntk import RecurrentKernel

PROFILES = {
    "full": dict(depths=[1, 2, 3, 4, 5], lengths=[10, 30, 100, 300, 1000],
                 sizes=[250, 500, 1000, 2000, 4000, 8000, 16000, 32000], base=(1, 100, 1000), repeat=3,
                 point_limit=20.0, memory_n=4000, memory_lengths=[10, 100, 300, 1000, 3000],
                 ucr="TwoPatterns", ucr_settings=900),
    "quick": dict(depths=[1, 2], lengths=[5, 10], sizes=[20, 40], base=(1, 5, 20), repeat=1,
                  point_limit=5.0, memory_n=20, memory_lengths=[5, 10], ucr="Coffee", ucr_settings=12),
}

_MEMORY_WORKER = """
import json, resource, sys, numpy as np, jax
from rntk import RecurrentKernel
from reproduction.timing import best_time, random_sequences
n, steps, dtype = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
RecurrentKernel(sigma_w=np.sqrt(2.0), dtype=dtype)(random_sequences(n, steps)).sum()
stats = jax.devices()[0].memory_stats() or {}
print(json.dumps({"device_peak_bytes": stats.get("peak_bytes_in_use"),
                  "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


class Budget:
    """Wall-clock seconds left to the run; a phase asks before each timed point."""

    def __init__(self, seconds: float):
        self.end = time.perf_counter() + seconds

    def left(self) -> float:
        return self.end - time.perf_counter()


def timed(fn, repeat: int) -> dict:
    """Compile (first call), then the median of ``repeat`` calls: ``{compile_s, seconds}``."""
    start = time.perf_counter()
    jax.block_until_ready(fn())
    first = time.perf_counter() - start
    return dict(compile_s=first, seconds=best_time(fn, repeat=repeat, warmup=0))


def gram_point(L: int, T: int, N: int, dtype: str, devices, repeat: int) -> dict:
    """One timed Gram of N random sequences of T steps, L layers, ReLU NTK at sigma_w = sqrt(2)."""
    X = random_sequences(N, T)
    kernel = RecurrentKernel(depth=L, sigma_w=np.sqrt(2.0), dtype=dtype, devices=devices)
    with jax.default_device(devices[0]):
        return dict(depth=L, length=T, size=N, **timed(lambda: kernel(X), repeat))


def sweeps(p: dict, dtype: str, devices, budget: Budget) -> dict:
    """Fig. 2: L, then T, then N around ``base``; along an axis, points stop once one call takes more
    than ``point_limit`` seconds (the next, larger one would take longer) or the budget is spent."""
    L0, T0, N0 = p["base"]
    axes = {"depth": [(L, T0, N0) for L in p["depths"]], "length": [(L0, T, N0) for T in p["lengths"]],
            "size": [(L0, T0, N) for N in p["sizes"]]}
    out, stopped = {}, {}
    for axis, points in axes.items():
        rows = []
        for L, T, N in points:
            if budget.left() <= 0:
                stopped[axis] = "budget"
                break
            try:
                rows.append(gram_point(L, T, N, dtype, devices, p["repeat"]))
            except Exception as error:  # out of memory: the largest that fits is the row before
                stopped[axis] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
                break
            if rows[-1]["seconds"] > p["point_limit"]:
                stopped[axis] = f"a call took more than {p['point_limit']} s"
                break
        out[axis] = rows
    return dict(rows=out, stopped=stopped)


def memory(p: dict, dtype: str, budget: Budget) -> list:
    """Peak memory of one Gram of ``memory_n`` sequences against T, each in a fresh process."""
    rows = []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                       os.environ.get("PYTHONPATH", "")]))
    for T in p["memory_lengths"]:
        if budget.left() <= 0:
            break
        out = subprocess.run([sys.executable, "-c", _MEMORY_WORKER, str(p["memory_n"]), str(T), dtype],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            rows.append(dict(length=T, size=p["memory_n"], error=out.stderr.strip().splitlines()[-1][:200]))
            break
        rows.append(dict(length=T, size=p["memory_n"], **json.loads(out.stdout.strip().splitlines()[-1])))
    return rows


def paper_grid_axes(dataset: str) -> dict:
    """The RNTK axes of the first paper's grid, as its cached UCR run records them."""
    params = json.loads((RESULTS / "ucr_paper_grid" / dataset / "RNTK.json").read_text())["params"]
    return {a: params[a] for a in ("sigma_w", "sigma_u", "sigma_b", "sigma_h")}


def ucr_grid(p: dict, devices_by_backend: dict, budget: Budget) -> dict:
    """The paper's RNTK grid (first ``ucr_settings`` settings) on a UCR training split, per backend: one
    batched pass per sigma_w (as the UCR runner computes it), compiled on the first, timed one by one until
    the budget is spent; ``seconds_per_setting`` compares backends that timed different numbers."""
    from reproduction.data import load_ucr

    X = load_ucr(p["ucr"])[0]
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    axes = paper_grid_axes(p["ucr"])
    per = len(axes["sigma_b"]) * len(axes["sigma_h"]) * len(axes["sigma_u"])
    chunks = [dict(axes, sigma_w=[w]) for w in axes["sigma_w"]][: max(1, -(-p["ucr_settings"] // per))]
    out = dict(dataset=p["ucr"], size=int(X.shape[0]), length=int(X.shape[1]), settings=len(chunks) * per)
    for backend, devices in devices_by_backend.items():
        if budget.left() <= 0:
            out[backend] = "budget spent"
            continue
        kernel = RecurrentKernel(devices=devices)
        with jax.default_device(devices[0]):
            start = time.perf_counter()
            jax.block_until_ready(kernel.grid(X, **chunks[0]))
            compile_s, seconds, done = time.perf_counter() - start, 0.0, 0
            for chunk in chunks:
                if budget.left() <= 0:
                    break
                start = time.perf_counter()
                jax.block_until_ready(kernel.grid(X, **chunk))
                seconds += time.perf_counter() - start
                done += per
        out[backend] = dict(compile_s=compile_s, seconds=seconds, settings_timed=done,
                            seconds_per_setting=seconds / done if done else None)
    return out


def environment() -> dict:
    device = jax.devices()[0]
    return dict(backend=jax.default_backend(), device=getattr(device, "device_kind", str(device)),
                devices=len(jax.devices()), cpu_cores=os.cpu_count(), machine=platform.machine(),
                jax=jax.__version__, python=platform.python_version())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=list(PROFILES), default="full")
    parser.add_argument("--out", type=Path, default=RESULTS / "timing" / "gpu")
    parser.add_argument("--budget", type=float, default=400.0, help="seconds of wall time for every phase together")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)  # fails at once where the folder cannot be made
    p, budget, start = PROFILES[args.profile], Budget(args.budget), time.perf_counter()
    env = dict(environment(), profile=args.profile)
    accelerator = [d for d in jax.devices() if d.platform != "cpu"]
    cpu = jax.devices("cpu")
    backends = {"accelerator": accelerator, "cpu": cpu} if accelerator else {"cpu": cpu}

    def write(name: str, result) -> None:
        atomic_write(args.out / f"{name}.json", json.dumps(dict(env, result=result), indent=1) + "\n")
        print(f"{name}: written ({time.perf_counter() - start:.0f} s)", flush=True)

    runs = [("accelerator", "float64"), ("accelerator", "float32"), ("cpu", "float64")] if accelerator else \
        [("cpu", "float64"), ("cpu", "float32")]
    for backend, dtype in runs:
        write(f"sweeps-{backend}-{dtype}", sweeps(p, dtype, backends[backend], budget))
    write("memory", {dtype: memory(p, dtype, budget) for dtype in ("float64", "float32")})
    write("ucr-grid", ucr_grid(p, backends, budget))
    write("run", dict(seconds=time.perf_counter() - start, budget=args.budget,
                      peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))


if __name__ == "__main__":
    main()
