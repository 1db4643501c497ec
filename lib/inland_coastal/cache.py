"""One cache for the whole library, keyed on the content of the data files.

Every value the library keeps once made (the panel, the paper's tables, the groupings, the
tables computed from them, distances, areas, boundaries, map files...) is stored by a
function decorated with :func:`memoize` whose first argument is a *version*: either
:func:`data_version` (the content of every file under the data directory) or
:func:`file_version` of the one file it was read from. A changed file gives a new version,
so the next call computes afresh; nothing has to be told to forget. :func:`clear_caches`
empties every cache at once (``inland_coastal.clear_caches()``).

The functions that hand out cached values return copies, so a caller who edits a returned
DataFrame, Series, list or dict cannot change what the next caller gets.
"""
from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from pathlib import Path

from .paths import data_dir, data_path

#: a file whose modification or change time is this close to (or after) the moment its hash
#: was taken is "racy": it may have been written again within the same clock tick, so its
#: hash is taken again on every call until the window has passed (see :func:`file_version`)
RACY_NS = 2_000_000_000

_CACHES: list = []
_lock = threading.Lock()
# path -> (stat key, digest, when the digest was taken, ns since the epoch)
_hashes: dict[str, tuple[tuple, str, int]] = {}
# folder -> (stat key, when listed, files, sub-folders)
_listings: dict[str, tuple[tuple, int, list, list]] = {}
# data directory -> (tuple of (path, stat key), version, any file racy)
_versions: dict[str, tuple[tuple, str, bool]] = {}


def _stat_key(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _racy(st: os.stat_result, taken_ns: int) -> bool:
    return max(st.st_mtime_ns, st.st_ctime_ns) >= taken_ns - RACY_NS


def _digest(path: str, st: os.stat_result) -> tuple[str, bool]:
    """The content hash of ``path`` (whose stat is ``st``) and whether it is racy."""
    key = _stat_key(st)
    with _lock:
        known = _hashes.get(path)
    if known is not None and known[0] == key and not _racy(st, known[2]):
        return known[1], False
    taken = time.time_ns()
    with open(path, "rb") as fh:
        digest = hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
    with _lock:
        _hashes[path] = (key, digest, taken)
    return digest, _racy(st, taken)


def file_version(path: str | Path) -> str:
    """The content hash of one file ('missing' if there is none, so that the reader that
    follows can say so in its own words).

    The file is read and hashed again when its stat (size, modification and change time,
    inode) differs from the one recorded with its hash. A stat can stay the same across an
    edit: a clock coarser than the filesystem's, ``cp -p`` or ``tar`` restoring a time, an
    edit within the same tick as the previous read. As Git does for "racily clean" index
    entries (Documentation/technical/racy-git.txt in Git's sources: an entry whose mtime is
    not older than the index file itself is re-checked by content), a file whose modification
    or change time lies within :data:`RACY_NS` (2 s) of the moment its hash was taken is
    hashed again on every call, until that window has passed.
    """
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError:
        return "missing"
    if not os.path.isfile(p):
        return "not-a-file"
    return _digest(os.path.abspath(p), st)[0]


def _listing(folder: str) -> tuple[list[str], list[str]]:
    """(files, sub-folders) directly in ``folder``, names starting with '.' left out (editors'
    swap files, the temporary files of atomic writes). A folder's listing is kept while the
    folder's own stat is unchanged and not racy (an entry added, removed or renamed changes
    its modification time)."""
    try:
        st = os.stat(folder)
    except OSError:
        return [], []
    key = _stat_key(st)
    with _lock:
        known = _listings.get(folder)
    if known is not None and known[0] == key and not _racy(st, known[1]):
        return known[2], known[3]
    taken = time.time_ns()
    files, folders = [], []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith("."):
                    continue
                if e.is_dir(follow_symlinks=True):
                    folders.append(e.path)
                elif e.is_file(follow_symlinks=True):
                    files.append(e.path)
    except OSError:
        return [], []
    files.sort()
    folders.sort()
    with _lock:
        _listings[folder] = (key, taken, files, folders)
    return files, folders


def _data_files(root: str) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every regular file under ``root``, in a fixed order."""
    out = []
    stack = [root]
    while stack:
        files, folders = _listing(stack.pop())
        for path in files:
            try:
                out.append((path, os.stat(path)))
            except OSError:  # deleted since the listing
                continue
        stack.extend(reversed(folders))
    return out


def data_version() -> str:
    """A version of the data: a hash of the data directory's path (``data/`` or
    ``$INLAND_COASTAL_DATA``) and of the content of every file under it.

    Every call takes the stat of each folder and file under the directory (a folder is
    listed again only when its own stat changes) and hashes a file again only when its stat
    has changed, or while it is racy (see :func:`file_version`). So an edit made in
    JupyterLab, a file copied over with ``cp -p``, a new or deleted file and a change of
    ``INLAND_COASTAL_DATA`` are all seen by the next call.

    Why check on every call, and not less often: executing each chapter's code in one
    process and counting, a chapter calls this from 21 (intro) to 1,836 (dilemmas) times,
    about 3,700 for the whole book, most of them chapter code asking for group labels and
    memberships inside loops. One check costs about 30 µs on this project's machine (two
    folders and ten files to stat), so about 0.1 s for the busiest chapter and 0.25 s for
    the book, against some 12 s of executing it. Hashing every file on every call instead
    would cost about 1 ms a call (``data/`` holds about 0.4 MB); checking on a timer would
    hand out stale values for a while after an edit. Within one call of a public function
    the version is usually taken once and passed down to the cached helpers.
    """
    root = os.path.abspath(data_dir())
    files = _data_files(root)
    key = tuple((path, _stat_key(st)) for path, st in files)
    with _lock:
        known = _versions.get(root)
    if known is not None and known[0] == key and not known[2]:
        # same stats and nothing was racy when the version was made; a file may have become
        # racy-free since, but it was hashed after its last change, so the version holds
        return known[1]
    h = hashlib.blake2b(root.encode(), digest_size=16)
    racy = False
    for path, st in files:
        digest, is_racy = _digest(path, st)
        racy = racy or is_racy
        h.update(b"\0" + os.path.relpath(path, root).encode() + b"\0" + digest.encode())
    version = h.hexdigest()
    with _lock:
        _versions[root] = (key, version, racy)
    return version


def versioned_path(path: str | Path | None, name: str) -> tuple[str, str]:
    """(path, version) of a data file, for a cache key: the file ``name`` of the data
    directory with :func:`data_version`, or the file at ``path`` with its own content hash
    and :func:`data_version` (what it is checked against, e.g. the provinces of
    ``regions.csv``, is data too)."""
    if path is None:
        return str(data_path(name)), data_version()
    return str(path), file_version(path) + ":" + data_version()


def memoize(maxsize: int | None = 128):
    """``functools.lru_cache`` that :func:`clear_caches` can empty. Among the decorated
    function's arguments must be the version its result depends on (:func:`data_version`,
    :func:`file_version` or :func:`versioned_path`), even where the function does not use it:
    it is what makes a changed file a new key."""
    def decorate(fn):
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached
    return decorate


def cache_info() -> dict[str, int]:
    """How many values each cache holds now: ``{'module.function': entries}``."""
    return {f"{c.__module__}.{c.__qualname__}": c.cache_info().currsize for c in _CACHES}


def clear_caches() -> None:
    """Forget every value the library keeps: the cached tables, groupings, distances, areas,
    boundaries and the recorded file hashes. Never needed for correctness (every cache is
    keyed on the data's content), but it frees the memory."""
    for cached in _CACHES:
        cached.cache_clear()
    with _lock:
        _hashes.clear()
        _listings.clear()
        _versions.clear()
