"""The live preview: serve site/, rebuild what a change affects, show broken edits.

A thread watches content/, data/ and templates/; a burst of saves is taken as one change
once the files have been quiet for a moment. Each change is rebuilt incrementally (see
incremental.py), and open browsers reload. While the last edit is broken, the files in
site/ stay as the last good build left them and are served with a banner naming file,
line and message, or (when the edit may withhold a name they show: shown.py) every address
is answered with an error page instead; the next good save brings the pages back. What
the server answers: server.py."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from ..build.builder import output_problem
from ..build.progress import reporter
from ..content.snapshot import SOURCES, Snapshot, rescan, scan
from ..editor.shell import absence, absent_line
from ..faults import describe as describe_fault
from ..options import Options
from ..pages.render import template_problem
from ..problems import ContentError, Problem, print_problems
from ..store.lock import output_lock
from .incremental import Preview, Update
from .server import make_server
from .shown import error_page, is_page, last_good_safe

__all__ = ["error_page", "is_page", "serve", "template_problem", "watch"]

POLL = 0.1
"""Seconds between looks at the source folders, where the system cannot tell us."""
QUIET = 0.02
"""A change counts once the files have stayed the same this long (editors save in bursts:
a temporary file, a rename, a change of permissions)."""
SAVED = 0.002
"""The wait instead, when the last event of every file named was its closing after a
write, a rename into place or a deletion: the save is over (half of the 40 ms a save took
to be noticed at 5,000 people went in waiting)."""
DONE = ("closed", "moved", "deleted")


def serve(options: Options, host: str, port: int, quiet: bool = False) -> int:
    """Build, then serve with livereload until interrupted (`quiet`: a long build shows
    no progress)."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    options = replace(options, out=options.output.resolve(),
                      base_url=options.base_url or f"http://{host}:{port}/")
    problem = output_problem(options) or port_problem(host, port)
    if problem is not None:
        print(f"Cannot start: {problem}", file=sys.stderr)  # one line
        return 1
    preview = Preview(options, show_progress=not quiet)
    rebuild(preview, full=True)
    loop = IOLoop.current()
    stop = threading.Event()
    reload = lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*")  # noqa: E731
    watcher = threading.Thread(target=watch, args=(preview, reload, stop), daemon=True,
                               name="portal-watch")
    watcher.start()
    server = make_server(preview, host, port)
    print(f"Serving {options.out} at http://{host}:{port}/ — press Ctrl+C to stop.")
    absent = absence(options.root)
    print(absent_line(absent) if absent else
          f"The web editor, with the project's own files: http://{host}:{port}/admin/")
    try:
        server.serve(root=str(options.out), host=host, port=port, open_url_delay=None,
                     restart_delay=0)
    finally:
        stop.set()
    return 0


def port_problem(host: str, port: int) -> Problem | None:
    """Why the preview cannot listen at host:port (another `serve` there, most often),
    found before anything is built."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        return Problem("--host", None, "", f'"{host}" is not an address this computer has '
                       f"({error})", "leave --host out (127.0.0.1), or give an address "
                       "of this computer")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            taken = error.errno in (errno.EADDRINUSE, errno.EACCES)
            return Problem("--port", None, "", f"cannot listen at {host}:{port} ("
                           f"{'the port is in use' if taken else error.strerror or error})",
                           f"stop the other program there (another `serve`?), or choose "
                           f"another port: --port {port + 1 if port < 65535 else 8001}")
    return None


def watch(preview: Preview, done: Callable[[], None], stop: threading.Event,
          poll: float = POLL, quiet: float = QUIET) -> None:
    """Until `stop` is set: wait for a change to settle, rebuild, call `done`.

    The system tells us of changes as they happen (through watchdog); a look at every file
    each second catches anything it missed, and is all there is where it is missing."""
    root = preview.options.root
    woke = threading.Event()
    reported: set[str | None] = set()
    latest: dict[str | None, str] = {}
    observer = _observe(root, woke, reported, latest)
    interval = RESCAN if observer is not None else poll
    last = preview.state.snapshot if preview.state else scan(root)
    try:
        while not stop.is_set():
            woke.wait(interval)
            while woke.is_set() and not stop.is_set():  # a burst of saves: wait it out
                woke.clear()
                time.sleep(min(quiet, SAVED) if _saved(latest) else quiet)
            if stop.is_set():
                break
            paths, woken = _take(reported, latest), observer is not None
            # the files the system named, else (the once-a-second look, a folder) all
            now = rescan(root, last, paths) if woken and paths and None not in paths \
                else scan(root, last)
            if now == last:
                continue
            if observer is None:  # only polling: wait until the files stay the same
                while not stop.wait(quiet) and (again := scan(root, now)) != now:
                    now = again
            last = now
            rebuild(preview, snapshot=now)
            done()
    finally:
        if observer is not None:
            observer.stop()


RESCAN = 1.0
"""Seconds between full looks when the system reports changes itself."""


_REPORTED = threading.Lock()


def _take(reported: set, latest: dict | None = None) -> set:
    with _REPORTED:
        paths = set(reported)
        reported.clear()
        if latest is not None:
            latest.clear()
    return paths


def _saved(latest: dict) -> bool:
    """Whether the last event of each path named since the last look ended a save."""
    with _REPORTED:
        return bool(latest) and all(kind in DONE for kind in latest.values())


def _observe(root, woke: threading.Event, reported: set, latest: dict | None = None):
    """Start watchdog on the source folders, setting `woke` on any event and noting in
    `reported` the paths it names (None for a folder: look at everything) and in `latest`
    each one's last kind of event; None without watchdog."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Wake(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            with _REPORTED:
                if event.is_directory:  # a file in it changing says so on its own
                    if event.event_type != "modified":
                        reported.add(None)
                        if latest is not None:
                            latest[None] = event.event_type
                else:
                    for path in (event.src_path, getattr(event, "dest_path", "")):
                        if path:
                            reported.add(os.fsdecode(path))
                            if latest is not None:
                                latest[os.fsdecode(path)] = event.event_type
            woke.set()

    observer = Observer()
    for folder in SOURCES:
        if (root / folder).is_dir():
            observer.schedule(Wake(), str(root / folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def rebuild(preview: Preview, full: bool = False,
            snapshot: Snapshot | None = None) -> Update | None:
    """One rebuild, reported in the terminal; a broken edit is reported, never raised.
    Warnings are printed when they differ from the last ones printed. A full build that
    takes long shows its stages meanwhile (build/progress.py)."""
    preview.shown = (preview.shown[0], False)  # until this attempt is known good, or safe
    try:
        with reporter(not preview.show_progress) as progress, \
                output_lock(preview.options.output):
            update = preview.build(progress) if full else preview.update(snapshot, progress)
    except ContentError as error:
        _broken(preview, error.problems)
        return None
    except OSError as error:
        _broken(preview, (Problem(preview.options.output.name, None, "", describe_fault(error)),))
        return None
    except Exception as error:  # noqa: BLE001 - a template bug must not stop the preview
        _broken(preview, (template_problem(error),))
        return None
    if update is not None:
        if update.warnings and update.warnings != preview.reported:
            print_problems(update.warnings, preview.options.verbose)
        preview.reported = update.warnings
        print(describe(update), flush=True)
    preview.shown = ((), True)
    return update


def _broken(preview: Preview, problems: tuple[Problem, ...]) -> None:
    preview.problems = problems
    safe = last_good_safe(preview)
    preview.shown = (problems, safe)
    print_problems(problems, preview.options.verbose)
    print("The last good pages stay in site/; the browser shows " + (
        "them with these problems above" if safe else
        "these problems in their place") + " until the next good save.",
        file=sys.stderr, flush=True)


def describe(update: Update) -> str:
    """One line for the terminal about a rebuild."""
    when = time.strftime("%H:%M:%S")
    if not update.full and not update.changed:
        return f"[{when}] The files are as in the last good build again: its pages are back."
    if update.full:
        what = f"Built all {update.rendered} pages"
    else:
        what = f"Rendered {update.rendered} page(s) for {', '.join(update.changed)}"
    own = f"; its own pages in {update.own_seconds * 1000:.0f} ms" \
        if update.own_seconds is not None else ""
    return (f"[{when}] {what}, wrote {len(update.written)} file(s), removed "
            f"{len(update.removed)} in {update.seconds:.2f} s{own}.")
