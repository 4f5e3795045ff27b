"""Writing files atomically: a temporary file beside the target, then an atomic rename.

An existing file is never left half-written: either the old content or the new. A target
the user cannot write (a read-only file, a folder without write permission, a full disk) is
a :class:`UsageError` (exit 2), and the temporary file is removed, whatever stopped the write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from policylint.errors import UsageError


def write_text(path: str | Path, text: str) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_file() and not os.access(target, os.W_OK):
        raise UsageError(f"cannot write {target}: the file is read-only")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:  # a full disk, or an interrupt: no temporary file stays
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
