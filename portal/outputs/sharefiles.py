"""Which share images a build writes and how: linked from the current site when their
words are unchanged, read from the cache when drawn before, else drawn (shareimage.py)
across worker processes, each written out as it comes."""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing as mp
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..store.cachefile import CacheFolder
from ..store.version import code_version, library_version
from ..store.write import Linked
from . import shareimage
from .sharewords import share_words


def _key(words: tuple[str, str, str]) -> str:
    return hashlib.sha256("\0".join((_drawn_by(), *words)).encode()).hexdigest()


@functools.cache
def _drawn_by() -> str:
    """What a card's bytes depend on besides its words: the drawing's VERSION, the
    generator's code, Pillow (which draws the text) and zlib (which deflates the rows),
    so that a card drawn by another of them is neither linked nor read from the cache."""
    return "\0".join((shareimage.VERSION, code_version().hex(), library_version("pillow"),
                      zlib.ZLIB_RUNTIME_VERSION))


def _draw(words: tuple[str, str, str]) -> bytes:
    return shareimage.draw(*words)


def share_images(wanted: list[tuple[str, tuple[str, str, str]]], cache: Path | None,
                 jobs: int = 1, progress=None, reuse=None
                 ) -> Iterator[tuple[str, bytes | Linked]]:
    """Each (path, (title, subtitle, site name)) as a PNG: linked from the current site when
    it holds the image drawn from the same words (`reuse`, build/reuse.py: not read, not
    written again), else from the cache when drawn before, else drawn, across `jobs`
    processes when there are many, and yielded as it is drawn. Images are never all held
    at once; one that went missing or was damaged in the cache since is drawn again.
    `progress` (build/progress.py) is told how many are drawn, one by one."""
    entries = CacheFolder(cache) if cache is not None else None
    keys = {words: _key(words) for _, words in wanted}
    rest = []
    for path, words in wanted:
        linked = reuse.page(path, keys[words]) if reuse is not None else None
        if linked is not None:
            yield path, linked
        else:
            rest.append((path, words))

    def cached(words: tuple[str, str, str]) -> Path:
        return cache / f"{keys[words]}.png"

    missing = list(dict.fromkeys(words for _, words in rest
                                 if entries is None or not cached(words).is_file()))
    if progress is not None and missing:
        progress.stage(f"drawing {len(missing):,} share images", len(missing))
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(missing) > 32 and "fork" in mp.get_all_start_methods():
        gc.freeze()  # the workers' collections leave the inherited objects unread (uncopied)
        try:
            with mp.get_context("fork").Pool(jobs) as pool:
                yield from _delivered(rest, missing, pool.imap(_draw, missing, chunksize=8),
                                      entries, cached, progress)
        finally:
            gc.unfreeze()
    else:
        yield from _delivered(rest, missing, map(_draw, missing), entries, cached, progress)


def _delivered(wanted, missing, images, entries, cached, progress
               ) -> Iterator[tuple[str, bytes]]:
    """Each wanted image in order: those `missing` from `images` (drawn in that order, the
    order they are first wanted), kept in the cache as they come; the others read from it."""
    fresh = zip(missing, images, strict=True)
    todo = set(missing)
    left = Counter(words for _, words in wanted)
    held: dict[tuple[str, str, str], bytes] = {}
    """Images drawn that a later path shows too (the same words twice)."""
    for path, words in wanted:
        left[words] -= 1
        data = held.get(words)
        if words in todo:
            todo.discard(words)
            _, data = next(fresh)
            if progress is not None:
                progress.advance()
            if entries is not None:
                entries.write(cached(words), data)
            if left[words]:
                held[words] = data
        elif data is None and entries is not None:
            data = entries.read(cached(words))
        if not left[words]:
            held.pop(words, None)
        yield path, data if data is not None else shareimage.draw(*words)


def share_files(site, plans, cache: Path | None, jobs: int = 1, check_words=None,
                progress=None, reuse=None) -> Iterator[tuple[str, bytes | Linked]]:
    """A share image beside every profile and statement page, in its language;
    `check_words(path, words)` sees the words of each before it is drawn; `reuse`: what
    the current site holds unchanged is linked (see share_images)."""
    return share_images(share_words(site, plans, check_words), cache, jobs, progress, reuse)
