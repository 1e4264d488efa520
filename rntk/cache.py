"""Where the project keeps things, and the cache of finished experiment units under ``results/``.

Every experiment unit (one dataset, one kernel configuration, one timing grid) is
written atomically as one JSON file, so an interrupted run resumes where it
stopped. ``RNTK_RECOMPUTE=1`` (``make reproduce``) ignores the cached files and
recomputes (and rewrites) them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results"
DATA = ROOT / "data"

__all__ = ["ROOT", "RESULTS", "DATA", "recompute", "key", "atomic_write", "stored_json", "reusable_json", "store_json", "cached_json", "recorded_seconds"]


def recompute() -> bool:
    """True when caches must be ignored (``RNTK_RECOMPUTE=1``)."""
    return os.environ.get("RNTK_RECOMPUTE", "") == "1"


def key(params: dict) -> str:
    """A short, stable name for a parameter set."""
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text or bytes) to ``path`` through a temporary file and a rename: never half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def stored_json(path: Path, params: dict | None = None) -> Any:
    """The result stored at ``path`` for ``params``, or None (no file, or other parameters)."""
    path = Path(path)
    if not path.exists():
        return None
    stored = json.loads(path.read_text())
    return stored["result"] if stored.get("params") == json.loads(json.dumps(params, default=str)) else None


def reusable_json(path: Path, params: dict | None = None) -> Any:
    """The result stored at ``path`` for ``params`` that a run may reuse: None where there is none, or
    where caches are ignored (``RNTK_RECOMPUTE=1``)."""
    return None if recompute() else stored_json(path, params)


def store_json(path: Path, result: Any, params: dict | None = None) -> None:
    """Write ``result`` for ``params`` to ``path`` (atomically), as :func:`stored_json` reads it back."""
    params = json.loads(json.dumps(params, default=str))  # as it reads back (tuples become lists)
    atomic_write(path, json.dumps({"params": params, "result": result}, indent=1, sort_keys=True) + "\n")


def cached_json(path: Path, compute: Callable[[], Any], params: dict | None = None, parts: Path | None = None) -> Any:
    """Load ``path`` if it holds a result for ``params``; otherwise compute, store, return it. ``parts``: the
    folder where the computation keeps its finished parts, removed once the result is stored."""
    result = reusable_json(path, params)
    if result is None:
        result = compute()
        store_json(path, result, params)
    if parts is not None:
        shutil.rmtree(parts, ignore_errors=True)
    return result


def recorded_seconds(directory: Path = RESULTS) -> dict:
    """``{experiment: (units, units that record their time, seconds recorded)}`` over the cached units
    under ``directory`` (one experiment a folder): what recomputing the caches cost where it was measured.
    The parts of a unit still in progress (folders named ``*.partial``) are not units and are left out."""
    found = {}
    for path in sorted(Path(directory).glob("*/**/*.json")):
        if any(part.endswith(".partial") for part in path.parts):
            continue
        experiment = path.relative_to(directory).parts[0]
        result = json.loads(path.read_text()).get("result")
        seconds = result.get("seconds") if isinstance(result, dict) else None
        units, timed, total = found.get(experiment, (0, 0, 0.0))
        found[experiment] = (units + 1, timed + (seconds is not None), total + (seconds or 0.0))
    return found
