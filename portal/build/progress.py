"""What a long build shows while it works: the stage it is in and, while it makes the
pages and draws share images, how far it is.

Nothing at all while the build is younger than PORTAL_PROGRESS_AFTER seconds (AFTER by
default), so a quick build prints only its summary. After that: on a terminal, one line
redrawn in place ten times a second (the stage, a bar, percent, count and seconds), and
erased when the build ends, so that problems and the summary start on a clean line;
elsewhere (CI, a pipe, a log file), plain lines: one per stage, and within a stage one
per tenth done (at most one every SPACED seconds) or one every LOG_EVERY seconds when it
is slower than that. Everything goes to standard error; `--quiet` turns it off. The
stages are named by the build (builder.py, rendering.py, the share images, the live
preview's full build), which only moves the numbers: a thread of this module writes."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

AFTER = 2.0
"""Seconds of work before anything is shown (PORTAL_PROGRESS_AFTER overrides it)."""
REDRAW = 0.1
"""Seconds at least between two redraws of the line on a terminal."""
SPACED = 3.0
"""Seconds at least between two plain lines of one stage (a stage that ends sooner shows
its first line alone)."""
LOG_EVERY = 10.0
"""Seconds after which a plain line says how far a slow stage is (or that it is still at
work), short of its next tenth."""

T = TypeVar("T")


class Stages:
    """Where a build says what it is doing. This one tells no one: for `--quiet`, tests
    and every caller that does not ask (SILENT)."""

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *_) -> None:
        self.finish()

    def stage(self, name: str, total: int | None = None) -> None:
        """The build starts `name` (`total`: how many steps it counts, if known)."""

    def advance(self, count: int = 1) -> None:
        """`count` more steps of the current stage are done."""

    def track(self, items: Iterable[T], name: str, total: int | None = None) -> Iterator[T]:
        """Start the stage `name` and count one step for each item as it is taken. A
        generator given is closed when this one is (as `yield from` would: a pool of
        workers behind it stops at once when the build fails)."""
        self.stage(name, total)
        iterator = iter(items)
        try:
            for item in iterator:
                yield item
                self.advance()
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    def finish(self) -> None:
        """The build is over (done or failed): leave nothing half drawn."""


SILENT = Stages()


class Progress(Stages):
    """The stages shown on `stream` once `after` seconds have passed: redrawn in place
    (`live`, a terminal) or as plain lines. Used as a context manager, a thread of its own
    keeps the clock going through a long stage that counts nothing (checking the sources)
    and redraws the count of one that does; the build only moves the numbers."""

    def __init__(self, stream: TextIO, after: float = AFTER, live: bool = False):
        self.stream, self.after, self.live = stream, after, live
        self.bar = "█░" if "utf" in (getattr(stream, "encoding", "") or "").lower() else "#-"
        self.started = time.monotonic()
        self.name, self.total, self.done = "", None, 0
        self.fresh = False
        """Whether the current stage has not been shown yet."""
        self.drawn = 0
        """Columns of the line on the terminal now (0: none)."""
        self.last = 0.0
        """When the last plain line was written."""
        self.tenth = 0
        self.stopped = threading.Event()
        self.ticker: threading.Thread | None = None

    def __enter__(self) -> Progress:
        self.started = time.monotonic()
        self.stopped.clear()
        self.ticker = threading.Thread(target=self._tick, name="portal-progress", daemon=True)
        self.ticker.start()
        return self

    def _tick(self) -> None:
        while not self.stopped.wait(REDRAW):
            with _WRITING:
                if not self.stopped.is_set():
                    self._show(time.monotonic())

    def stage(self, name: str, total: int | None = None) -> None:
        with _WRITING:
            now = time.monotonic()
            if self.drawn and self.total is not None:
                self._show(now)  # the stage that ends, as it ends (at 100%)
            self.name, self.total, self.done, self.fresh, self.tenth = name, total, 0, True, 0
            self._show(now)

    def advance(self, count: int = 1) -> None:
        self.done += count  # shown by the ticker

    def finish(self) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join()
            self.ticker = None
        with _WRITING:
            if self.drawn:
                self._write("\r" + " " * self.drawn + "\r")
                self.drawn = 0

    def _show(self, now: float) -> None:
        seconds = now - self.started
        if seconds < self.after or not self.name:
            return
        if self.live:
            self._draw(self.line(seconds))
        else:
            self._log(now, seconds)

    def line(self, seconds: float, columns: int | None = None) -> str:
        """The line a terminal shows: stage, bar, percent, count, seconds (within the
        terminal's width)."""
        columns = columns or _columns(self.stream)
        clock = f"{seconds:.1f} s"
        if self.total is None:
            count = f": {self.done:,}" if self.done else "…"
            return f"{self.name}{count}  {clock}"[:columns - 1]
        tail = f"  {_percent(self.done, self.total):>3}%  {self.done:,}/{self.total:,}  {clock}"
        width = min(30, columns - 1 - len(self.name) - len(tail) - 2)
        if width < 5:
            return f"{self.name}{tail}"[:columns - 1]
        full = width * min(self.done, self.total) // self.total if self.total else width
        return f"{self.name}  {self.bar[0] * full}{self.bar[1] * (width - full)}{tail}"

    def _draw(self, text: str) -> None:
        self._write("\r" + text + " " * (self.drawn - len(text)))
        self.drawn = len(text)

    def _log(self, now: float, seconds: float) -> None:
        prefix = f"[build {seconds:.1f} s]"
        if self.fresh:
            self.fresh, self.last = False, now
            self._write(f"{prefix} {self.name}…\n")
            return
        tenth = min(self.done * 10 // self.total, 10) if self.total else 0
        if (tenth > self.tenth and now - self.last >= SPACED) or now - self.last >= LOG_EVERY:
            self.tenth, self.last = tenth, now
            if self.total:
                self._write(f"{prefix} {_percent(self.done, self.total)}% "
                            f"({self.done:,}/{self.total:,})\n")
            elif self.done:
                self._write(f"{prefix} {self.name}: {self.done:,} so far\n")
            else:
                self._write(f"{prefix} still {self.name}\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the build goes on
            self.live, self.after = False, float("inf")


_WRITING = threading.Lock()
"""Held while the progress is written, and around every fork of this process (rendering
workers): a child must not start with the stream locked by a thread it does not have."""
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(before=_WRITING.acquire, after_in_parent=_WRITING.release,
                        after_in_child=_WRITING.release)


def _percent(done: int, total: int) -> int:
    """Whole percent, rounded down: 100 only when all is done."""
    return min(done * 100 // total, 100) if total else 100


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def reporter(quiet: bool = False, stream: TextIO | None = None) -> Stages:
    """What this run shows while it builds: nothing with `quiet`; else, on standard
    error, a line redrawn in place on a terminal (not with TERM=dumb, nor under CI), plain
    lines anywhere else."""
    if quiet:
        return SILENT
    stream = stream or sys.stderr
    live = _isatty(stream) and os.environ.get("TERM") != "dumb" and \
        os.environ.get("CI", "").strip().lower() in ("", "0", "false")
    return Progress(stream, _after(stream), live)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _after(stream: TextIO) -> float:
    value = os.environ.get("PORTAL_PROGRESS_AFTER", "").strip()
    if not value:
        return AFTER
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        print(f"PORTAL_PROGRESS_AFTER={value!r} is not a number of seconds; showing "
              f"progress after {AFTER:g} s.", file=stream)
        return AFTER
    return seconds
