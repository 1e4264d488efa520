import json

import pytest

from rntk.cache import atomic_write, cached_json, key, reusable_json, stored_json


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
    from rntk.cache import atomic_write, recorded_seconds

    atomic_write(tmp_path / "a" / "x" / "1.json", json.dumps({"params": {}, "result": {"seconds": 2.5}}))
    atomic_write(tmp_path / "a" / "2.json", json.dumps({"params": {}, "result": {"seconds": 1.0}}))
    atomic_write(tmp_path / "b" / "3.json", json.dumps({"params": {}, "result": [1, 2]}))
    atomic_write(tmp_path / "a" / "x" / "GRU.partial" / "L1.json", json.dumps({"params": {}, "result": {"seconds": 9.0}}))
    assert recorded_seconds(tmp_path) == {"a": (2, 2, 3.5), "b": (1, 0, 0.0)}
