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
# data directory -> (tuple of (relative path, stat key), version, any file racy)
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


def _data_files(root: str) -> list[tuple[str, os.stat_result]]:
    """(relative path, stat) of every regular file under ``root`` (names starting with '.'
    left out: editors' swap files and the temporary files of atomic writes)."""
    out = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=True):
                stack.append(e.path)
            elif e.is_file(follow_symlinks=True):
                out.append((os.path.relpath(e.path, root), e.stat(follow_symlinks=True)))
    out.sort(key=lambda t: t[0])
    return out


def data_version() -> str:
    """A version of the data: a hash of the data directory's path (``data/`` or
    ``$INLAND_COASTAL_DATA``) and of the content of every file under it.

    Every call lists the directory and takes each file's stat; a file is hashed again only
    when its stat has changed, or while it is racy (see :func:`file_version`). So an edit
    made in JupyterLab, a file copied over with ``cp -p``, a new or deleted file and a change
    of ``INLAND_COASTAL_DATA`` are all seen by the next call.

    Why check on every call rather than less often: a chapter calls the library's cached
    functions a few thousand times (measured while building the book: about 2,000-5,000 calls
    of this function per chapter, most from chart builders asking for group labels and
    colours), and the check costs about 25 µs with the project's dozen data files (a
    directory listing and one stat per file), so 0.05-0.15 s per chapter. Hashing everything
    on every call would cost about 1 ms (``data/`` is about 1 MB), a few seconds per chapter;
    checking less often (on a timer, say) would hand out stale values. Within one call of a
    public function the version is taken once and passed down, so nested look-ups do not
    check again.
    """
    root = os.path.abspath(data_dir())
    files = _data_files(root)
    key = tuple((rel, _stat_key(st)) for rel, st in files)
    with _lock:
        known = _versions.get(root)
    if known is not None and known[0] == key and not known[2]:
        # same stats and nothing was racy when the version was made; a file may have become
        # racy-free since, but it was hashed after its last change, so the version holds
        return known[1]
    h = hashlib.blake2b(root.encode(), digest_size=16)
    racy = False
    for rel, st in files:
        digest, is_racy = _digest(os.path.join(root, rel), st)
        racy = racy or is_racy
        h.update(b"\0" + rel.encode() + b"\0" + digest.encode())
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


def clear_caches() -> None:
    """Forget every value the library keeps: the cached tables, groupings, distances, areas,
    boundaries and the recorded file hashes. Never needed for correctness (every cache is
    keyed on the data's content), but it frees the memory."""
    for cached in _CACHES:
        cached.cache_clear()
    with _lock:
        _hashes.clear()
        _versions.clear()
