"""Timing of Gram computations: the project's kernel, a NumPy baseline, and the arccos floor.

Used by ``benchmarks/kernel_speed.py`` and the timing chapter (second paper, Fig. 2).
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import jax
import numpy as np

from reproduction.cache import RESULTS
from rntk.recurrent import RecurrentKernel

__all__ = ["growth_fits", "algorithm_memory", "numpy_all_pairs_ntk", "arccos_floor", "best_time", "gram_time", "random_sequences", "loglog_slope",
           "GPU_RESULTS", "stored_gpu_bench", "gpu_speedups", "memory_slope", "NO_RUN",
           "timing_verdicts"]


def numpy_all_pairs_ntk(X, sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_v=1.0, dtype=np.float64):
    """The papers' all-pairs algorithm in plain NumPy: NTK of a one-layer ReLU RNN, equal
    lengths, sigma_h = 0; a loop over time with N x N arrays (second paper, Algorithms 1-2). ``dtype``:
    ``np.longdouble`` runs it in extended precision (a reference for float64 on long series)."""
    X = np.asarray(X, dtype=dtype)
    X = X[:, :, None] if X.ndim == 2 else X
    n, steps, m = X.shape
    sw2, su2, sb2, sv2 = (dtype(v) ** 2 for v in (sigma_w, sigma_u, sigma_b, sigma_v))
    pi = np.arccos(dtype(-1))
    vphi = vdot = psi = np.zeros((n, n), dtype=dtype)
    for t in range(steps):
        sigma = su2 / m * (X[:, t] @ X[:, t].T) + sb2 + sw2 * vphi
        psi = sigma + sw2 * vdot * psi
        d = np.sqrt(np.diag(sigma))
        norm = np.outer(d, d)
        c = np.clip(sigma / norm, -1.0, 1.0)
        theta = np.arccos(c)
        vphi = norm / (2 * pi) * (np.sin(theta) + (pi - theta) * c)
        vdot = (pi - theta) / (2 * pi)
    return sv2 * (vphi + vdot * psi)


def algorithm_memory(n: int = 200, lengths=(10, 20, 50, 100, 200), sizes=(50, 100, 200, 400), steps: int = 20) -> dict:
    """Peak memory (bytes, ``tracemalloc``) of :func:`numpy_all_pairs_ntk`, the papers' Algorithm 2 in NumPy,
    against T at ``n`` sequences and against N at ``steps`` steps: ``{"length": [...], "size": [...]}``, rows
    ``{value, peak_bytes}``."""
    import tracemalloc

    def peak(X):
        tracemalloc.start()
        numpy_all_pairs_ntk(X, sigma_w=np.sqrt(2.0))
        out = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return out

    return {"length": [dict(value=t, peak_bytes=peak(random_sequences(n, t))) for t in lengths],
            "size": [dict(value=k, peak_bytes=peak(random_sequences(k, steps))) for k in sizes]}


def best_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds, after ``warmup`` calls (compilation)."""
    for _ in range(warmup):
        jax.block_until_ready(fn())
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        jax.block_until_ready(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def arccos_floor(n: int, steps: int, repeat: int = 5) -> float:
    """Time of one ``np.arccos`` over n * n * steps values: one transcendental per pair and step."""
    values = np.random.default_rng(0).uniform(-1.0, 1.0, n * n * steps)
    out = np.empty_like(values)
    return best_time(lambda: np.arccos(values, out=out), repeat=repeat, warmup=1)


def random_sequences(n: int, lengths, seed: int = 0, dim: int = 1):
    """Gaussian sequences: equal lengths for an int, otherwise one length per sequence drawn from
    the inclusive range ``(low, high)``."""
    rng = np.random.default_rng(seed)
    if isinstance(lengths, (int, np.integer)):
        return rng.standard_normal((n, int(lengths), dim))
    low, high = lengths
    return [rng.standard_normal((t, dim)) for t in rng.integers(low, high + 1, n)]


def gram_time(n: int, lengths, depth: int = 1, repeat: int = 5, get: str = "ntk", **kernel_args) -> float:
    """Median time of one Gram of ``n`` random sequences with :class:`RecurrentKernel`."""
    X = random_sequences(n, lengths)
    k = RecurrentKernel(depth=depth, sigma_w=np.sqrt(2.0), **kernel_args)
    return best_time(lambda: k(X, get=get), repeat=repeat)


def device_label() -> str:
    """The JAX backend and device this process computes on, with the CPU count."""
    import os
    import platform

    device = jax.devices()[0]
    kind = getattr(device, "device_kind", str(device))
    return f"{jax.default_backend()}: {kind} ({platform.machine()}, {os.cpu_count()} CPU cores)"


def timing_sweeps(depths, lengths, sizes, base=(1, 20, 1000), repeat=3, numpy_baseline=True):
    """The second paper's Fig. 2: Gram time while varying L, then T, then N around ``base = (L, T, N)``.

    Returns ``{"depth": [...], "length": [...], "size": [...]}``, each a list of rows
    ``{"value", "rntk_s", "numpy_s"}`` (NumPy baseline only for L = 1, else None).
    """
    L0, T0, N0 = base
    sweeps = {"depth": [(L, T0, N0) for L in depths], "length": [(L0, T, N0) for T in lengths],
              "size": [(L0, T0, N) for N in sizes]}
    out = {}
    for name, points in sweeps.items():
        rows = []
        for L, T, N in points:
            ours = gram_time(N, T, depth=L, repeat=repeat)
            base_s = None
            if numpy_baseline and L == 1:
                X = random_sequences(N, T)
                base_s = best_time(lambda: numpy_all_pairs_ntk(X, sigma_w=np.sqrt(2.0)), repeat=1, warmup=0)
            rows.append({"value": {"depth": L, "length": T, "size": N}[name], "rntk_s": ours, "numpy_s": base_s})
        out[name] = rows
    return out


def loglog_slope(values, seconds) -> float:
    """Least-squares slope of log time against log parameter (1: linear, 2: quadratic)."""
    return float(np.polyfit(np.log(values), np.log(seconds), 1)[0])


def growth_fits(values, seconds) -> dict:
    """Which law fits the growth of time better, a power law (log t linear in log x) or an exponential (log t
    linear in x)? Least squares on log time; returns ``{power_slope, power_sse, exponential_sse, better}``."""
    x, y = np.asarray(values, float), np.log(np.asarray(seconds, float))
    if len(x) < 3:
        raise ValueError(f"need at least 3 points to tell two laws apart, got {len(x)}")
    sse = {}
    for name, z in (("power", np.log(x)), ("exponential", x)):
        coef = np.polyfit(z, y, 1)
        sse[name] = float(np.sum((np.polyval(coef, z) - y) ** 2))
    return dict(power_slope=loglog_slope(x, seconds), power_sse=sse["power"], exponential_sse=sse["exponential"],
                better=min(sse, key=sse.get))


GPU_RESULTS = RESULTS / "timing" / "gpu"


def stored_gpu_bench(directory=GPU_RESULTS) -> dict:
    """The phases of a stored ``benchmarks/gpu_bench.py`` run from a real accelerator: ``{phase: file
    contents}``; empty when there is none (a CPU-only run of the benchmark does not count)."""
    import json
    from pathlib import Path

    found = {p.stem: json.loads(p.read_text()) for p in sorted(Path(directory).glob("*.json"))}
    return found if any(v.get("backend") not in (None, "cpu") for v in found.values()) else {}


def gpu_speedups(accelerator: dict, cpu: dict) -> list:
    """``[(axis, value, cpu seconds / accelerator seconds)]`` at every point both sweeps timed."""
    out = []
    for axis, rows in accelerator["rows"].items():
        on_cpu = {tuple(r[k] for k in ("depth", "length", "size")): r["seconds"] for r in cpu["rows"].get(axis, [])}
        for r in rows:
            point = (r["depth"], r["length"], r["size"])
            if point in on_cpu:
                out.append((axis, r[axis], on_cpu[point] / r["seconds"]))
    return out


def memory_slope(rows, key="device_peak_bytes") -> float | None:
    """Log-log slope of peak memory against T (0: memory independent of T, 1: O(T N^2)); None without
    two measured points."""
    points = [(r["length"], r[key]) for r in rows if r.get(key)]
    return loglog_slope(*zip(*points)) if len(points) > 1 else None


NO_RUN = "no accelerator run stored (make gpu-bench)"


def timing_verdicts(cpu_sweeps: dict, bench: dict, algorithm: dict | None = None) -> dict:
    """The second paper's timing statements, each ``{claim id: {"ours": text, "holds": bool or None}}``
    under the tests and thresholds of :mod:`reproduction.claims`: ``cpu_sweeps`` the chapter's CPU sweeps
    (:func:`timing_sweeps`), ``bench`` a stored accelerator run (:func:`stored_gpu_bench`; ``holds`` is None
    for the GPU statements without one), ``algorithm`` the peak memory of the papers' algorithm on the CPU
    (:func:`algorithm_memory`; the memory statement is about the algorithm, so it is tested there too)."""
    from reproduction.claims import REGISTRY

    t = {c: REGISTRY[c].thresholds for c in REGISTRY if c.startswith("timing.")}
    c = t["timing.cpu-growth"]
    fits = {}
    for name, rows in cpu_sweeps.items():
        for implementation, key in (("rntk", "rntk_s"), ("NumPy all-pairs", "numpy_s")):
            points = [(r["value"], r[key]) for r in rows if r[key]]
            if len(points) >= 3:
                fits[(implementation, name)] = growth_fits(*zip(*points))
    exponential = [k for k, f in fits.items() if f["better"] == "exponential"]
    linear = [k for k, f in fits.items() if f["better"] == "power" and f["power_slope"] <= c["linear"]]
    found = {"timing.cpu-growth": dict(
        ours="; ".join(f"{i} {n}: {f['better']} fits better (power slope {f['power_slope']:.2f})"
                       for (i, n), f in fits.items()),
        # the statement is about the authors' CPU implementation, which is not run here: where the algorithm
        # shows no exponential growth, the setup that might is missing
        verdict="holds" if exponential and linear else "inconclusive")}
    gpu = bench.get("sweeps-accelerator-float64")
    slopes = {axis: loglog_slope([r[axis] for r in rows], [r["seconds"] for r in rows])
              for axis, rows in gpu["result"]["rows"].items() if len(rows) > 1} if gpu else {}
    text = ", ".join(f"{k} {v:.2f}" for k, v in slopes.items()) or NO_RUN
    found["timing.gpu-linear"] = dict(ours=text, holds=bool(max(slopes.values()) <= t["timing.gpu-linear"]["slope"])
                                      if slopes else None)
    ratio = 10 ** slopes["size"] if "size" in slopes else None
    found["timing.gpu-10x-n"] = dict(ours=f"{ratio:.1f}x" if ratio else NO_RUN, holds=bool(
        t["timing.gpu-10x-n"]["low"] <= ratio <= t["timing.gpu-10x-n"]["high"]) if ratio else None)
    found["timing.layers-bottleneck"] = dict(ours=text, holds=bool(max(slopes, key=slopes.get) == "depth")
                                             if len(slopes) == 3 else None)
    speedups = gpu_speedups(gpu["result"], bench["sweeps-cpu-float64"]["result"]) \
        if gpu and "sweeps-cpu-float64" in bench else []
    median = float(np.median([r for *_, r in speedups])) if speedups else None
    found["timing.gpu-faster"] = dict(ours=f"median {median:.1f}x over {len(speedups)} points" if speedups else NO_RUN,
                                      holds=bool(median >= t["timing.gpu-faster"]["speedup"]) if speedups else None)
    memory = memory_slope(bench["memory"]["result"]["float64"]) if "memory" in bench else None
    on_cpu = ({axis: loglog_slope([r["value"] for r in rows], [r["peak_bytes"] for r in rows])
               for axis, rows in algorithm.items()} if algorithm else {})
    readings = ([f"Algorithm 2 in NumPy on the CPU: slope {on_cpu['length']:.2f} in T, {on_cpu['size']:.2f} in N"]
                if on_cpu else []) + ([f"rntk on the accelerator: slope {memory:.2f} in T"] if memory is not None else [])
    slopes = ([on_cpu["length"]] if on_cpu else []) + ([memory] if memory is not None else [])
    found["timing.memory"] = dict(ours="; ".join(readings) or NO_RUN,
                                  holds=bool(max(slopes) <= t["timing.memory"]["slope"]) if slopes else None)
    return found


# The grid of the timing chapter (second paper, Fig. 2).
FIG2_GRID = dict(depths=[1, 2, 3, 4, 5], lengths=[10, 20, 50, 100, 200], sizes=[250, 500, 1000, 2000, 4000],
                 base=(1, 20, 1000), repeat=3)


def main():
    """Store a timing run for the chapter: ``python -m reproduction.timing [name]`` writes
    results/timing/<name>.json (default: "gpu-<device kind>" on an accelerator, "cpu" otherwise)."""
    import re
    import sys

    from reproduction.cache import cached_json

    kind = jax.devices()[0].device_kind
    default = "cpu" if jax.default_backend() == "cpu" else "gpu-" + re.sub(r"[^A-Za-z0-9]+", "-", kind).strip("-")
    name = sys.argv[1] if len(sys.argv) > 1 else default
    grid = FIG2_GRID if jax.default_backend() == "cpu" else dict(FIG2_GRID, numpy_baseline=False)
    result = cached_json(RESULTS / "timing" / f"{name}.json",
                         lambda: {"device": device_label(), "sweeps": timing_sweeps(**grid)}, params=grid)
    print(f"stored results/timing/{name}.json ({result['device']})")


if __name__ == "__main__":
    main()
