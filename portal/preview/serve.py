"""The live preview: serve site/, rebuild what a change affects, show broken edits.

A thread watches content/, data/ and templates/; a burst of saves is taken as one change
once the files have been quiet for a moment. Each change is rebuilt incrementally (see
incremental.py), and open browsers reload. While the last edit is broken, every page is
answered with an error page naming file, line and message; the files in site/ stay as the
last good build left them, and the next good save brings the pages back."""

from __future__ import annotations

import errno
import html
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..build.builder import output_problem
from ..content.snapshot import SOURCES, Snapshot, rescan, scan
from ..faults import describe as describe_fault
from ..options import Options
from ..pages.render import template_problem
from ..problems import ContentError, Problem, print_problems
from ..store.lock import output_lock
from .incremental import Preview, Update

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


def serve(options: Options, host: str, port: int) -> int:
    """Build, then serve with livereload until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    options = replace(options, out=options.output.resolve(),
                      base_url=options.base_url or f"http://{host}:{port}/")
    problem = output_problem(options) or port_problem(host, port)
    if problem is not None:
        print(f"Cannot start: {problem}", file=sys.stderr)  # one line
        return 1
    preview = Preview(options)
    rebuild(preview, full=True)
    loop = IOLoop.current()
    stop = threading.Event()
    reload = lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*")  # noqa: E731
    watcher = threading.Thread(target=watch, args=(preview, reload, stop), daemon=True,
                               name="portal-watch")
    watcher.start()
    server = Server(watcher=_NoWatcher())
    server.SFH = _handler(preview)
    print(f"Serving {options.out} at http://{host}:{port}/ — press Ctrl+C to stop.")
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
    Warnings are printed when they differ from the last ones printed."""
    try:
        with output_lock(preview.options.output):
            update = preview.build() if full else preview.update(snapshot)
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
            print_problems(update.warnings)
        preview.reported = update.warnings
        print(describe(update), flush=True)
    return update


def _broken(preview: Preview, problems: tuple[Problem, ...]) -> None:
    preview.problems = problems
    print_problems(problems)
    print("The last good pages stay in site/; the browser shows these problems until the "
          "next good save.", file=sys.stderr, flush=True)


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


def error_page(problems: tuple[Problem, ...]) -> str:
    """What the browser shows while the last edit is broken."""
    items = "\n".join(
        f"<li><code>{html.escape(p.location())}</code>"
        f"{' <b>' + html.escape(p.field) + '</b>' if p.field else ''} "
        f"{html.escape(p.message)}{'<br><i>' + html.escape(p.fix) + '</i>' if p.fix else ''}"
        "</li>" for p in problems if not p.warning)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error — live preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 50rem;
       padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a4161a; font-size: 1.5rem; }}
li {{ margin: 0 0 1rem; }}
code {{ background: #f3f3f3; padding: 0 .25rem; }}
</style>
</head>
<body>
<main>
<h1 id="build-error">The last change could not be built</h1>
<p>Fix these, save, and this page reloads by itself. The published files in
<code>site/</code> are still the last good build.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def is_page(path: str) -> bool:
    """Whether a request is for a page (not a stylesheet, image or file)."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def _handler(preview: Preview):
    from livereload.handlers import StaticFileHandler

    class PreviewHandler(StaticFileHandler):
        """The site's files, or the error page while the last edit is broken."""

        async def get(self, path: str, include_body: bool = True) -> None:
            problems = preview.problems
            if problems and is_page(path):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(error_page(problems))
                return
            await super().get(path, include_body)

        def write_error(self, status_code: int, **kwargs) -> None:
            page = not_found_page(preview.options.output, self.request.path) \
                if status_code == 404 else None
            if page is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)

    return PreviewHandler


def not_found_page(site: Path, address: str) -> bytes | None:
    """The site's own "not found" page for an address, as Netlify serves it: the one in
    the address's language folder, else the site-wide one."""
    first = address.lstrip("/").split("/", 1)[0]
    for candidate in ((first, "404.html"), ("404.html",)) if first else (("404.html",),):
        path = site.joinpath(*candidate)
        if ".." not in candidate and path.is_file():
            return path.read_bytes()
    return None


class _NoWatcher:
    """Stands in for livereload's polling watcher: our own thread watches and rebuilds."""

    _tasks = {"portal": None}
    _changes: list = []
    filepath = None

    def start(self, callback) -> bool:
        return True  # no polling

    def examine(self) -> tuple[None, None]:
        return None, None
