"""A runner killed in the middle of a unit leaves no cache file behind (at most its finished parts), and
the rerun gives the result of an uninterrupted run."""

import json
import os
import signal
import subprocess
import sys
import time

SCRIPT = """
import json, sys
from pathlib import Path
from reproduction.experiments import ucr, ucr_protocol

compute = ucr.run_kernel_method

def announced(*args, **kwargs):
    print("computing", flush=True)
    return compute(*args, **kwargs)

ucr.run_kernel_method = announced
r = ucr.cached_method("SmoothSubspace", "RNTK", ucr_protocol.QUICK_GRID, directory=Path(sys.argv[1]), n_jobs=1)
print(json.dumps({k: v for k, v in r.items() if k != "seconds"}, sort_keys=True), flush=True)
"""


def _start(directory):
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(directory)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, RNTK_RECOMPUTE=""))


def _finish(directory):
    out = _start(directory).communicate(timeout=300)[0].splitlines()
    return out[-1]


def test_sigkill_leaves_no_partial_cache_and_the_rerun_completes(tmp_path):
    killed = tmp_path / "killed"
    process = _start(killed)
    assert process.stdout.readline().strip() == "computing"
    time.sleep(0.5)  # inside the unit: compiling the kernel, fitting SVMs
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    units = [p for p in killed.rglob("*.json") if not p.parent.name.endswith(".partial")]
    assert not units, "a killed unit must leave no cache file (only finished parts, which a rerun resumes from)"

    rerun = _finish(killed)
    stored = json.loads((killed / "SmoothSubspace" / "RNTK.json").read_text())["result"]
    assert json.loads(rerun)["accuracy"] == stored["accuracy"]
    assert rerun == _finish(tmp_path / "uninterrupted")


def test_a_part_cut_short_or_altered_is_set_aside_and_recomputed(tmp_path):
    """A kernel unit's part whose rows were cut (its checksum made to match) or whose values were altered is
    not merged: it is moved aside with a warning naming it, and the unit's result is the uninterrupted one."""
    import warnings
    from dataclasses import replace

    import pytest

    from reproduction.cache import digest
    from reproduction.experiments import ucr, ucr_protocol

    grid = replace(ucr_protocol.QUICK_GRID, sigma_h=(0.0, 0.5, 1.0))  # one chunk of three settings
    whole = ucr.run_kernel_method("SmoothSubspace", "RNTK", grid, n_jobs=1, work=tmp_path)
    file, _ = ucr.kernel_parts("SmoothSubspace", "RNTK", grid)[0]
    part = tmp_path / file
    stored = json.loads(part.read_text())
    rows = len(stored["result"]["cv"])
    assert rows == 3
    stored["result"]["cv"] = stored["result"]["cv"][:1]
    stored["sha256"] = digest(stored["result"])  # a consistent file of the wrong shape
    part.write_text(json.dumps(stored))
    with pytest.warns(UserWarning, match=rf"{file} is not used: 'cv' should have 3 entries, found 1"):
        again = ucr.run_kernel_method("SmoothSubspace", "RNTK", grid, n_jobs=1, work=tmp_path)
    same = lambda r: {k: v for k, v in r.items() if k != "seconds"}  # noqa: E731
    assert same(again) == same(whole) and len(again["cv_grid"]) == 3
    stored = json.loads(part.read_text())
    stored["result"]["cv"][0][0] = 1.0  # altered, checksum left as it was
    part.write_text(json.dumps(stored))
    with pytest.warns(UserWarning, match="does not match its checksum"):
        again = ucr.run_kernel_method("SmoothSubspace", "RNTK", grid, n_jobs=1, work=tmp_path)
    assert same(again) == same(whole)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the recomputed part is trusted again
        assert same(ucr.run_kernel_method("SmoothSubspace", "RNTK", grid, n_jobs=1, work=tmp_path)) == same(whole)


GRAM_SCRIPT = """
import sys
import numpy as np
import dask
from rntk import RecurrentKernel
from rntk.distributed import gram

X = np.random.default_rng(2).standard_normal((80, 60))
with dask.config.set(scheduler="synchronous"):  # one tile at a time, so that a kill finds some done
    gram(RecurrentKernel(), X, block_size=10, store=sys.argv[1])
"""


def test_a_killed_stored_gram_resumes_from_its_finished_tiles(tmp_path, monkeypatch):
    """SIGKILL in the middle of a stored Gram: the finished tiles stay in <store>.partial/ (the dead run's
    lock goes with it), and the next call computes only the others."""
    import dask
    import numpy as np

    from rntk import RecurrentKernel, distributed

    store = tmp_path / "g.zarr"
    done = tmp_path / "g.zarr.partial" / "done"
    process = subprocess.Popen([sys.executable, "-c", GRAM_SCRIPT, str(store)])
    while process.poll() is None and (not done.exists() or len(list(done.iterdir())) < 3):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = len(list(done.iterdir()))
    assert 3 <= kept < 36 and not store.exists()  # 36 tiles on and above the diagonal of 8 x 8
    computed = []
    real = distributed._write_tile
    monkeypatch.setattr(distributed, "_write_tile", lambda *args: computed.append(args[5]) or real(*args))
    X = np.random.default_rng(2).standard_normal((80, 60))
    with dask.config.set(scheduler="threads"):  # in this process, where the count is kept
        G = distributed.gram(RecurrentKernel(), X, block_size=10, store=store)
    assert len(computed) == 36 - kept
    np.testing.assert_allclose(np.asarray(G), RecurrentKernel()(X), rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.zarr"]
