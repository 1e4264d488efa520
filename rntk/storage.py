"""Files written whole: a checkpoint or a result is never left half-written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "LOCKS", "open_lock"]

LOCKS = Path(tempfile.gettempdir()) / f"rntk-locks-{os.getuid()}"  # one lock file per locked path and user


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import: setting it while other threads create files would race


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text or bytes) to ``path`` through a temporary file and a rename: never half a file.
    The file gets the permissions of any new file (``0o666`` less the umask), not the temporary's ``0o600``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
            os.fchmod(f.fileno(), 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def open_lock(path: Path):
    """The open lock file of ``path`` (for ``fcntl.flock``): in :data:`LOCKS`, named by a hash of the absolute
    path, so that nothing is left beside what it locks and the system releases it when a process dies."""
    LOCKS.mkdir(mode=0o700, parents=True, exist_ok=True)
    return open(LOCKS / f"{hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:32]}.lock", "a")
