import json

import numpy as np
import pytest

from reproduction.experiments.precision import float32_summary, relative_error
from reproduction.timing import gpu_speedups, loglog_slope, memory_slope, stored_gpu_bench


def test_loglog_slope_of_a_power_law():
    x = np.array([10.0, 100.0, 1000.0])
    assert loglog_slope(x, 3e-4 * x ** 1.5) == pytest.approx(1.5)


def test_only_a_run_from_an_accelerator_counts(tmp_path):
    (tmp_path / "run.json").write_text(json.dumps({"backend": "cpu", "result": {}}))
    assert stored_gpu_bench(tmp_path) == {}
    (tmp_path / "memory.json").write_text(json.dumps({"backend": "gpu", "result": []}))
    assert set(stored_gpu_bench(tmp_path)) == {"run", "memory"}


def test_speedups_pair_the_same_points():
    row = lambda L, T, N, s: dict(depth=L, length=T, size=N, seconds=s)  # noqa: E731
    gpu = {"rows": {"size": [row(1, 10, 100, 0.1), row(1, 10, 1000, 0.5)]}}
    cpu = {"rows": {"size": [row(1, 10, 100, 1.0)]}}
    assert gpu_speedups(gpu, cpu) == [("size", 100, pytest.approx(10.0))]


def test_memory_slope_is_flat_for_memory_independent_of_t_and_needs_two_points():
    rows = [dict(length=t, device_peak_bytes=1e9 + 8 * t) for t in (10, 100, 1000)]
    assert abs(memory_slope(rows)) < 0.01
    assert memory_slope([dict(length=10, device_peak_bytes=None)]) is None


def test_relative_error_and_float32_summary():
    assert relative_error([1.1, 0.0], [1.0, 0.0]) == pytest.approx(0.1)
    rows = [dict(dataset="a", train_error=1e-6, test_error=2e-6, float32_accuracy=80.0, float64_accuracy=80.0,
                 float64_seconds=2.0, float32_seconds=1.0),
            dict(dataset="b", train_error=1e-2, test_error=1e-3, float32_accuracy=70.0, float64_accuracy=75.0,
                 float64_seconds=2.0, float32_seconds=1.0)]
    s = float32_summary(rows)
    assert (s["max_error_set"], s["min_change_set"], s["changed"], s["min_change"]) == ("b", "b", 1, -5.0)
    assert s["speedup"] == pytest.approx(2.0)


def test_growth_fits_tell_an_exponential_from_a_power_law():
    from reproduction.timing import growth_fits

    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    assert growth_fits(x, 2.0 ** x)["better"] == "exponential"
    power = growth_fits(x, 3.0 * x ** 1.5)
    assert power["better"] == "power" and power["power_slope"] == pytest.approx(1.5)
    with pytest.raises(ValueError, match="at least 3 points"):
        growth_fits(x[:2], x[:2])


def _sweep(values, exponent, key):
    return [dict({"depth": 1, "length": 10, "size": 100, key: v}, seconds=1e-3 * v ** exponent) for v in values]


def test_timing_verdicts_hold_and_fail_on_constructed_runs():
    from reproduction.timing import NO_RUN, timing_verdicts

    cpu = {name: [dict(value=v, rntk_s=1e-3 * v ** k, numpy_s=None) for v in (1, 2, 4, 8)]
           for name, k in (("depth", 1.0), ("length", 1.0), ("size", 2.0))}
    alone = timing_verdicts(cpu, {})  # linear and quadratic: power laws, no exponential
    assert alone["timing.cpu-growth"]["verdict"] == "inconclusive"  # the authors' implementation is not run here
    assert alone["timing.gpu-linear"] == dict(ours=NO_RUN, holds=None)
    assert "rntk size: power fits better (power slope 2.00)" in alone["timing.cpu-growth"]["ours"]
    exponential = dict(cpu, size=[dict(value=v, rntk_s=1e-3 * 3.0 ** v, numpy_s=2e-3 * 3.0 ** v) for v in (1, 2, 4, 8)])
    found = timing_verdicts(exponential, {})["timing.cpu-growth"]  # from exponential (N) to linear (L, T)
    assert found["verdict"] == "holds" and "NumPy all-pairs size: exponential fits better" in found["ours"]

    rows = {"depth": _sweep([1, 2, 4], 1.0, "depth"), "length": _sweep([10, 100], 0.3, "length"),
            "size": _sweep([100, 1000], 0.4, "size")}
    bench = {"sweeps-accelerator-float64": {"result": {"rows": rows}},
             "sweeps-cpu-float64": {"result": {"rows": {"depth": [dict(r, seconds=r["seconds"] * 5) for r in rows["depth"]]}}},
             "memory": {"result": {"float64": [dict(length=t, device_peak_bytes=1e9) for t in (10, 100, 1000)]}}}
    found = timing_verdicts(cpu, bench)
    assert all(found[c]["holds"] for c in ("timing.gpu-linear", "timing.gpu-10x-n", "timing.layers-bottleneck",
                                           "timing.gpu-faster", "timing.memory")), found
    rows["size"] = _sweep([100, 1000], 1.8, "size")  # 10x N costing 63x: neither linear nor 2.5x, N the bottleneck
    found = timing_verdicts(cpu, bench)
    assert not any(found[c]["holds"] for c in ("timing.gpu-linear", "timing.gpu-10x-n", "timing.layers-bottleneck"))


def test_the_memory_statement_is_tested_on_the_papers_algorithm_on_the_cpu():
    from reproduction.timing import algorithm_memory, loglog_slope, timing_verdicts

    measured = algorithm_memory(n=40, lengths=(5, 10, 20), sizes=(20, 40, 80), steps=5)
    assert loglog_slope(*zip(*[(r["value"], r["peak_bytes"]) for r in measured["length"]])) < 0.2
    assert 1.5 < loglog_slope(*zip(*[(r["value"], r["peak_bytes"]) for r in measured["size"]])) < 2.5
    cpu = {name: [dict(value=v, rntk_s=1e-3 * v, numpy_s=None) for v in (1, 2, 4)] for name in ("depth", "length", "size")}
    assert timing_verdicts(cpu, {}, measured)["timing.memory"]["holds"]
    growing = dict(measured, length=[dict(r, peak_bytes=1e3 * r["value"]) for r in measured["length"]])  # O(T N^2)
    found = timing_verdicts(cpu, {}, growing)["timing.memory"]
    assert not found["holds"] and "Algorithm 2 in NumPy on the CPU: slope 1.00 in T" in found["ours"]
    assert timing_verdicts(cpu, {})["timing.memory"]["holds"] is None
