"""A snapshot of the bundled network in the user's cache folder, so a one-shot command skips the build.

Reading and checking the bundled tables and geometries takes about 40-50 ms, a tenth of a
``corridor route`` call; loading the built :class:`~corridor.network.model.Network` back from a
pickle takes about 7 ms. The snapshot is named by a key over the stat (name, size, modification
time) of every file of the installed ``corridor`` package, its data included, and the Python
version: any change to the code or the data, an upgrade or an edit in a development checkout,
gives a new key, so a stale snapshot is never read. The :data:`KEEP` newest snapshots are kept
(several installations, a checkout and a virtual environment, share the folder), no more.

The folder is ``CORRIDOR_CACHE_DIR`` if set, else the platform's user cache folder
(``~/.cache/corridor`` on Linux). ``CORRIDOR_CACHE_DIR=off`` turns snapshots off. A snapshot that
cannot be read is rebuilt; one that cannot be written (a read-only home) is skipped silently:
the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from corridor.network.model import Network

#: The environment variable naming the cache folder, or ``off``.
CACHE_ENV = "CORRIDOR_CACHE_DIR"
_PREFIX = "bundled-network-"
#: Snapshots kept in the folder (newest first): one per installation that uses it, up to this many.
KEEP = 4


def cache_folder() -> Path | None:
    """Where snapshots live, or None when ``CORRIDOR_CACHE_DIR=off``."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return None if named.strip().lower() == "off" else Path(named)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("corridor", appauthor=False))


def package_key(root: Path | None = None) -> str:
    """A digest of every file under ``root`` (name, size, mtime) and the Python version.

    ``root`` is the installed ``corridor`` package unless given (tests key a copy of it).
    """
    root = root or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".nbi", ".nbc")):
                continue
            path = os.path.join(folder, name)
            stat = os.stat(path)
            digest.update(f"{os.path.relpath(path, root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def cached_network(build: Callable[[], Network]) -> Network:
    """The bundled network from its snapshot, else ``build()`` (then saved as the snapshot)."""
    folder = cache_folder()
    if folder is None:
        return build()
    path = folder / f"{_PREFIX}{package_key()}.pickle"
    try:
        with path.open("rb") as file:
            network = pickle.load(file)
        if isinstance(network, Network):
            return network
    except Exception:  # missing, cut short or written by other code (any unpickling error): rebuild
        pass
    network = build()
    _save(folder, path, network)
    return network


def _save(folder: Path, path: Path, network: Network) -> None:
    """Write the snapshot atomically and drop all but the :data:`KEEP` newest; never fail the caller."""
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as file:
            temporary = file.name
            pickle.dump(network, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        others = sorted(
            (p for p in folder.glob(f"{_PREFIX}*.pickle") if p != path),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        for old in others[KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
