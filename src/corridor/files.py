"""Writing result files: whole or not at all, with the permissions a plain ``open`` would give."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from corridor.errors import OutputFileError


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read by setting it, and put it back at once
    os.umask(mask)
    return mask


def _target_mode(target: Path, *, secret: bool) -> int:
    if secret:
        return 0o600
    try:
        return stat.S_IMODE(target.stat().st_mode)  # replacing a file keeps its permissions
    except FileNotFoundError:
        return 0o666 & ~_umask()


def write_text_atomic(
    path: str | Path, text: str, *, secret: bool = False, newline: str | None = None
) -> Path:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half of it.

    The text goes to a temporary file in the same folder, which then replaces
    the target. A new file gets the permissions ``open`` would give it (``0666``
    less the umask, e.g. ``0644``); a replaced file keeps its own; ``secret``
    files get ``0600``. A symbolic link is followed and its target replaced.

    Parameters
    ----------
    path
        The file to write. Its folder must exist.
    text
        Its content, written as UTF-8.
    secret
        Readable and writable by the owner only (keys, tokens).
    newline
        As :func:`open`'s ``newline``; ``""`` writes line endings unchanged (CSV).

    Returns
    -------
    Path
        The file written: ``path``, or the target of the link ``path`` is.

    Raises
    ------
    OutputFileError
        ``path`` is not a regular file (a folder, a device such as ``/dev/full``)
        or cannot be written; the message names ``path``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_text_atomic(Path(folder) / "out.txt", "hello").read_text()
    'hello'

    """
    return _write_atomic(Path(path), text, secret=secret, newline=newline)


def write_bytes_atomic(path: str | Path, data: bytes, *, secret: bool = False) -> Path:
    """:func:`write_text_atomic` for binary content (a workbook, a PDF).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_bytes_atomic(Path(folder) / "out.bin", b"PK").read_bytes()
    b'PK'

    """
    return _write_atomic(Path(path), data, secret=secret)


def _write_atomic(path: Path, content: str | bytes, *, secret: bool, newline: str | None = None) -> Path:
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        raise OutputFileError(f"cannot write {path}: not a regular file, so it cannot be replaced")
    mode = _target_mode(target, secret=secret)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise _error(path, err) from err
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as binary:
                os.fchmod(binary.fileno(), mode)
                binary.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(content)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise _error(path, err) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _error(path: Path, err: OSError) -> OutputFileError:
    error = OutputFileError(f"cannot write {path}: {err.strerror or err}")
    error.errno, error.filename = err.errno, str(path)
    return error
