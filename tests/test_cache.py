import json
import os
import stat
import subprocess
import sys
import time

import pytest

from reproduction.cache import atomic_write, cached_json, key, reusable_json, shapes, store_json, stored_json


def test_cached_json_computes_once_and_keys_on_params(tmp_path, monkeypatch):
    monkeypatch.delenv("RNTK_RECOMPUTE", raising=False)
    calls = []
    path = tmp_path / "unit.json"

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert cached_json(path, compute, {"a": 1}) == {"value": 1}
    assert cached_json(path, compute, {"a": 1}) == {"value": 1}
    assert cached_json(path, compute, {"a": 2}) == {"value": 2}
    monkeypatch.setenv("RNTK_RECOMPUTE", "1")
    assert cached_json(path, compute, {"a": 2}) == {"value": 3}
    assert json.loads(path.read_text())["params"] == {"a": 2}


def test_a_stored_result_is_reusable_only_for_its_params_and_while_caches_are_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("RNTK_RECOMPUTE", raising=False)
    path = tmp_path / "unit.json"
    assert reusable_json(path, {"a": (1, 2)}) is None  # nothing stored
    cached_json(path, lambda: {"value": 1}, {"a": (1, 2)})
    assert reusable_json(path, {"a": (1, 2)}) == {"value": 1}  # tuples read back as lists
    assert reusable_json(path, {"a": (1, 3)}) is None
    monkeypatch.setenv("RNTK_RECOMPUTE", "1")
    assert reusable_json(path, {"a": (1, 2)}) is None
    assert stored_json(path, {"a": (1, 2)}) == {"value": 1}


def test_atomic_write_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "x.json"
    atomic_write(path, "old")
    with pytest.raises(TypeError):
        atomic_write(path, 123)  # neither text nor bytes: the write fails
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
    atomic_write(path, b"\x00\xff")
    assert path.read_bytes() == b"\x00\xff"


def test_key_is_stable_and_order_free():
    assert key({"a": 1, "b": 2}) == key({"b": 2, "a": 1})
    assert key({"a": 1}) != key({"a": 2})


def test_recorded_seconds_sums_the_units_that_time_themselves(tmp_path):
    """Per experiment: units, units timed, seconds; the parts of a unit in progress are left out."""
    from reproduction.cache import atomic_write, recorded_seconds

    atomic_write(tmp_path / "a" / "x" / "1.json", json.dumps({"params": {}, "result": {"seconds": 2.5}}))
    atomic_write(tmp_path / "a" / "2.json", json.dumps({"params": {}, "result": {"seconds": 1.0}}))
    atomic_write(tmp_path / "b" / "3.json", json.dumps({"params": {}, "result": [1, 2]}))
    atomic_write(tmp_path / "a" / "x" / "GRU.partial" / "L1.json", json.dumps({"params": {}, "result": {"seconds": 9.0}}))
    assert recorded_seconds(tmp_path) == {"a": (2, 2, 3.5), "b": (1, 0, 0.0)}


def test_a_cached_unit_is_checked_before_it_is_trusted(tmp_path, monkeypatch):
    """Cut short, altered, of another shape or of another code version: moved aside with a warning naming
    the file (or, for another version, left alone) and computed again."""
    monkeypatch.delenv("RNTK_RECOMPUTE", raising=False)
    path = tmp_path / "unit.json"
    cached_json(path, lambda: {"cv": [[0.5, 0.6]] * 3}, {"a": 1})
    whole = path.read_text()

    path.write_text(whole[: len(whole) // 2])  # cut short
    with pytest.warns(UserWarning, match=r"unit\.json is not used: not readable JSON.*moved to unit\.json\.rejected"):
        assert stored_json(path, {"a": 1}) is None
    assert not path.exists() and (tmp_path / "unit.json.rejected").exists()

    altered = json.loads(whole)
    altered["result"]["cv"][0][0] = 0.9  # valid JSON, the same parameters, another value
    path.write_text(json.dumps(altered))
    with pytest.warns(UserWarning, match="does not match its checksum"):
        assert cached_json(path, lambda: {"cv": [[0.1, 0.2]] * 3}, {"a": 1}) == {"cv": [[0.1, 0.2]] * 3}

    check = shapes(cv=(3, 2))
    assert stored_json(path, {"a": 1}, check) == {"cv": [[0.1, 0.2]] * 3}
    store_json(path, {"cv": [[0.1, 0.2]]}, {"a": 1})  # one row of three
    with pytest.warns(UserWarning, match=r"'cv' should have 3 entries, found 1"):
        assert stored_json(path, {"a": 1}, check) is None

    store_json(path, {"cv": [[0.1, 0.2]] * 3}, {"a": 1})
    monkeypatch.setattr("reproduction.cache.VERSION", 2)  # the code changed what a unit holds
    assert stored_json(path, {"a": 1}) is None and path.exists()  # not rejected: another version's unit
    assert cached_json(path, lambda: {"cv": []}, {"a": 1}) == {"cv": []}
    assert json.loads(path.read_text())["version"] == 2

    path.write_text(json.dumps({"params": {"a": 1}, "result": 1}))  # no checksum: not a unit of this cache
    with pytest.warns(UserWarning, match="not a cached unit"):
        assert stored_json(path, {"a": 1}) is None


def test_shapes_names_what_is_wrong():
    check = shapes(cv=(2, 3), accuracy=(2,))
    assert check({"cv": [[1, 2, 3], [4, 5, 6]], "accuracy": [1, 2]}) is None
    assert check({"cv": [[1, 2, 3], [4, 5]], "accuracy": [1, 2]}) == "'cv[...]' should have 3 entries, found 2"
    assert check({"cv": [[1, 2, 3], [4, 5, 6]]}) == "'accuracy' should have 2 entries, found NoneType"
    assert check([1, 2]) == "the result is a list, not a mapping"


def test_cache_files_get_the_usual_permissions(tmp_path):
    store_json(tmp_path / "unit.json", {"x": 1}, {})
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "unit.json").stat().st_mode) == 0o666 & ~mask


def test_a_second_runner_waits_for_the_unit_being_computed_and_reads_its_result(tmp_path):
    """Two processes on one unit: one computes it, the other says it waits, then reads the stored result."""
    script = (
        "import sys, time\n"
        "from reproduction.cache import cached_json\n"
        "def compute():\n"
        "    print('computing', flush=True)\n"
        "    time.sleep(2)\n"
        "    return sys.argv[2]\n"
        "print(cached_json(sys.argv[1], compute, {'a': 1}), flush=True)\n")
    path = tmp_path / "unit.json"
    env = dict(os.environ, RNTK_RECOMPUTE="")
    first = subprocess.Popen([sys.executable, "-c", script, str(path), "first"], stdout=subprocess.PIPE, text=True,
                             env=env)
    assert first.stdout.readline().strip() == "computing"  # it holds the lock
    second = subprocess.run([sys.executable, "-c", script, str(path), "second"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert first.communicate(timeout=60)[0].strip() == "first"
    assert second.stdout.strip() == "first"  # it computed nothing
    assert "another runner is computing this unit; waiting for it" in second.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.json"]  # no lock file beside the unit


def test_a_full_disk_leaves_no_temporary_file_and_the_old_unit_whole(tmp_path, monkeypatch):
    import errno

    path = tmp_path / "unit.json"
    store_json(path, {"x": 1}, {})
    real = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def fileno(self):
            return self.f.fileno()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        store_json(path, {"x": 2}, {})
    monkeypatch.setattr(os, "fdopen", real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.json"] and stored_json(path, {}) == {"x": 1}


# The kernel's values on a fixed input (10 significant digits) under each VERSION of the cache: when the kernel
# changes, this test fails until VERSION is bumped and the new digest recorded, so that no unit computed by
# the old kernel is mixed with new ones.
KERNEL_DIGESTS = {1: "eb1496a0c4a242113086fc3122251a57782df7eea54957ba1e08e7d13c959c6b"}


def test_the_cache_version_follows_the_kernel():
    import hashlib

    import numpy as np

    from reproduction.cache import VERSION
    from rntk import RecurrentKernel

    rng = np.random.default_rng(0)
    X = [rng.standard_normal((t, 2)) for t in (5, 9, 7)]
    grams = [np.stack(RecurrentKernel(depth=2, activation=act, sigma_w=1.3, sigma_b=0.2, sigma_h=0.1,
                                      architecture=arch)(X, get=("ck", "ntk")))
             for arch in ("rnn", "bi", "avg-shared") for act in ("relu", "erf")]
    text = " ".join(f"{v:.9e}" for v in np.concatenate([g.ravel() for g in grams]))
    assert hashlib.sha256(text.encode()).hexdigest() == KERNEL_DIGESTS.get(VERSION), (
        "the kernel's values changed: bump reproduction.cache.VERSION and record the new digest here")
