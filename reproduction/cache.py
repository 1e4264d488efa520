"""Where the reproduction keeps things, and the cache of finished experiment units under ``results/``.

``RESULTS`` is the repository's ``results/`` unless ``RNTK_RESULTS`` names another folder (set it before
the reproduction is imported: a runner's ``--results`` does).

Every experiment unit (one dataset, one kernel configuration, one timing grid) is
written atomically as one JSON file, so an interrupted run resumes where it
stopped. ``RNTK_RECOMPUTE=1`` (``make reproduce``) ignores the cached files and
recomputes (and rewrites) them.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from rntk.storage import LOCKS, atomic_write, open_lock

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("RNTK_RESULTS") or ROOT / "results")
DATA = ROOT / "data"
# Bumped when the kernel or a protocol changes what a unit would hold: units stored under another version
# are computed again, never mixed with new ones (a unit stored before versions were recorded is version 1).
VERSION = 1

__all__ = ["ROOT", "RESULTS", "DATA", "VERSION", "recompute", "key", "digest", "atomic_write", "stored_json", "shapes",
           "reusable_json", "store_json", "cached_json", "recorded_seconds"]


def recompute() -> bool:
    """True when caches must be ignored (``RNTK_RECOMPUTE=1``)."""
    return os.environ.get("RNTK_RECOMPUTE", "") == "1"


def key(params: dict) -> str:
    """A short, stable name for a parameter set."""
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _canonical(params):
    return json.loads(json.dumps(params, default=str))  # as it reads back (tuples become lists)


def digest(result: Any) -> str:
    """The checksum a cached unit keeps of its result (sha256 of its canonical JSON)."""
    return hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()


def _reject(path: Path, problem: str) -> None:
    """Move a cached file that cannot be trusted aside (``<name>.rejected``), with a warning naming it."""
    aside = path.with_name(path.name + ".rejected")
    try:
        os.replace(path, aside)
        where = f"moved to {aside.name}"
    except OSError as error:
        where = f"left in place ({error.strerror or error})"
    warnings.warn(f"cached unit {path} is not used: {problem}; {where}, and it will be recomputed", stacklevel=3)


def stored_json(path: Path, params: dict | None = None, check: Callable[[Any], str | None] | None = None) -> Any:
    """The result stored at ``path`` for ``params``, or None: no file, other parameters, or another
    :data:`VERSION` of the code. A file that is not a readable cached unit, whose result does not match its
    checksum, or whose result ``check`` rejects (it returns what is wrong, or None) is moved aside with a
    warning (:func:`_reject`) and None is returned, so that the unit is computed again."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        stored = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        _reject(path, f"not readable JSON ({error})")
        return None
    if not isinstance(stored, dict) or not {"params", "result", "sha256"} <= stored.keys():
        _reject(path, "not a cached unit (params, result and sha256 expected)")
        return None
    if stored.get("version", 1) != VERSION or stored["params"] != _canonical(params):
        return None
    if stored["sha256"] != digest(stored["result"]):
        _reject(path, "its result does not match its checksum")
        return None
    problem = check(stored["result"]) if check is not None else None
    if problem:
        _reject(path, problem)
        return None
    return stored["result"]


def shapes(**expected: tuple) -> Callable[[Any], str | None]:
    """A ``check`` for :func:`stored_json`: each named field of the result is a nested list of the
    ``expected`` shape (``cv=(3, 5)``: 3 rows of 5; ``(24,)``: 24 entries of any kind). It returns what is
    wrong, or None."""
    def problem(value, shape, field):
        if not shape:
            return None
        if not isinstance(value, list) or len(value) != shape[0]:
            found = len(value) if isinstance(value, list) else type(value).__name__
            return f"{field!r} should have {shape[0]} entries, found {found}"
        return next((p for v in value if (p := problem(v, shape[1:], field + "[...]"))), None)

    def check(result):
        if not isinstance(result, dict):
            return f"the result is a {type(result).__name__}, not a mapping"
        return next((p for field, shape in expected.items() if (p := problem(result.get(field), shape, field))), None)

    return check


def reusable_json(path: Path, params: dict | None = None, check: Callable[[Any], str | None] | None = None) -> Any:
    """The result stored at ``path`` for ``params`` that a run may reuse (:func:`stored_json`): None where
    there is none, or where caches are ignored (``RNTK_RECOMPUTE=1``)."""
    return None if recompute() else stored_json(path, params, check)


def store_json(path: Path, result: Any, params: dict | None = None) -> None:
    """Write ``result`` for ``params`` to ``path`` (atomically), with the code's :data:`VERSION` and the
    result's checksum, as :func:`stored_json` reads it back."""
    unit = {"params": _canonical(params), "result": json.loads(json.dumps(result)), "version": VERSION}
    unit["sha256"] = digest(unit["result"])
    atomic_write(path, json.dumps(unit, indent=1, sort_keys=True) + "\n")


@contextmanager
def _locked(path: Path):
    """An advisory lock on the unit at ``path`` (:func:`rntk.storage.open_lock`): a second runner on the same
    machine waits for the first, and says so. A folder that cannot be written fails here, before the unit is computed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as error:
        raise OSError(error.errno, f"cannot write the unit {path} ({error.strerror or error}); nothing was computed") from error
    try:
        f = open_lock(path)
    except OSError as error:
        raise OSError(error.errno, f"cannot lock the unit {path} in {LOCKS} ({error.strerror or error}); "
                      "nothing was computed") from error
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{path}: another runner is computing this unit; waiting for it", file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def cached_json(path: Path, compute: Callable[[], Any], params: dict | None = None, parts: Path | None = None,
                check: Callable[[Any], str | None] | None = None) -> Any:
    """Load ``path`` if it holds a result for ``params`` (that ``check`` accepts, :func:`stored_json`);
    otherwise compute, store, return it, holding the unit's lock meanwhile (a second runner waits, then
    reads the first's result). ``parts``: the folder where the computation keeps its finished parts,
    removed once the result is stored."""
    path = Path(path)
    result = reusable_json(path, params, check)
    if result is None:
        with _locked(path):
            result = reusable_json(path, params, check)  # another runner may have stored it meanwhile
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
