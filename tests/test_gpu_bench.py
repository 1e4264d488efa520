"""The prepared accelerator benchmark, run on the CPU in its quick profile: the device call is then the
only step CI cannot run."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_profile_writes_every_phase(tmp_path):
    env = dict(os.environ, JAX_PLATFORMS="cpu", PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_bench.py"), "--profile", "quick", "--out",
                    str(tmp_path)], env=env, check=True, capture_output=True, text=True, timeout=600)
    found = {p.stem: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    assert set(found) == {"sweeps-cpu-float64", "sweeps-cpu-float32", "memory", "ucr-grid", "run"}
    assert all(r["jax"] and r["backend"] == "cpu" for r in found.values())
    for name in ("sweeps-cpu-float64", "sweeps-cpu-float32"):
        rows = found[name]["result"]["rows"]
        assert [len(rows[a]) for a in ("depth", "length", "size")] == [2, 2, 2]
        assert all(r["seconds"] > 0 for axis in rows.values() for r in axis)
    for dtype in ("float64", "float32"):
        assert [r["length"] for r in found["memory"]["result"][dtype]] == [5, 10]
        assert all(r["max_rss_bytes"] > 0 for r in found["memory"]["result"][dtype])
    grid = found["ucr-grid"]["result"]
    assert grid["settings"] == 60 and grid["cpu"]["settings_timed"] == 60 and grid["cpu"]["seconds_per_setting"] > 0


def test_a_spent_budget_still_writes_every_file_without_timing(tmp_path):
    env = dict(os.environ, JAX_PLATFORMS="cpu", PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_bench.py"), "--profile", "quick", "--out",
                    str(tmp_path), "--budget", "0"], env=env, check=True, capture_output=True, text=True, timeout=600)
    sweep = json.loads((tmp_path / "sweeps-cpu-float64.json").read_text())["result"]
    assert sweep["stopped"] == {"depth": "budget", "length": "budget", "size": "budget"}
    assert json.loads((tmp_path / "ucr-grid.json").read_text())["result"]["cpu"] == "budget spent"
