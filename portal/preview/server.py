"""The live preview's web server: which requests it answers, and with what.

It answers only requests addressed to itself: the `Host` header must be one of its own
addresses (127.0.0.1, localhost, [::1] or the `--host` given, with or without the port),
so that a web page the editor visits cannot read unpublished pages by pointing a name of
its own at this computer (DNS rebinding); the reload socket takes only the preview's own
pages; a malformed address (a NUL byte, a bad percent escape, one too long) is a 400.

Files are read once, from one open handle, and sent whole: a page replaced while it is
being sent goes out as it was or as it is, never cut. While the last edit is broken, the
pages carry a banner naming the problems (shown.py says when the last good site may be
shown at all, and what is answered instead)."""

from __future__ import annotations

import os
import re
import sys
from urllib.parse import unquote_to_bytes, urlsplit

from ..editor.backend import BODY_LIMIT
from .admin import admin_handlers
from .incremental import Preview
from .shown import error_page, is_page, not_found_page, with_banner

LONGEST = 2048
"""Characters an address may have (the longest of the site's is about 200)."""
WHOLE = 16 << 20
"""Files up to this size are read into memory and sent in one piece; larger ones (the
offline copy) are sent in pieces from one open handle."""
PIECE = 1 << 20
LOCAL = ("127.0.0.1", "localhost", "[::1]")

REFUSED_HOST = ("This preview answers only at its own address (http://{address}/): open it "
                "there. Another name for this computer is refused, so that other web pages "
                "cannot read the preview.\n")


def own_hosts(host: str, port: int) -> frozenset[str]:
    """Every `Host` header the preview answers: its own names, with and without the port."""
    names = {*LOCAL, _bracketed(host.lower())}
    return frozenset(names | {f"{name}:{port}" for name in names})


def own_origin(origin: str, host: str, port: int) -> bool:
    """Whether a request's `Origin` is one of the preview's own pages: one of its names
    at its own port (an origin without a port is at port 80, another server's)."""
    parts = urlsplit(origin)
    try:
        at = parts.port or 80
    except ValueError:  # not a number, or out of range
        return False
    names = {name.strip("[]") for name in (*LOCAL, host.lower())}
    return parts.scheme == "http" and at == port and parts.hostname in names


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def address_problem(path: str) -> str | None:
    """Why a request's path is not an address the preview can look up, or None."""
    if len(path) > LONGEST:
        return "the address is too long"
    if re.search(r"%(?![0-9A-Fa-f]{2})", path):
        return "the address has a bad percent escape"
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return "the address is not UTF-8"
    if any(ord(c) < 32 or c == "\x7f" for c in path + text):
        return "the address holds a control character"
    if any(len(part.encode()) > 255 for part in text.split("/")):
        return "a part of the address is too long"
    return None


def make_server(preview: Preview, host: str, port: int):
    """A livereload server for the preview's site that answers only its own addresses."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptInjector
    from tornado import web

    hosts = own_hosts(host, port)
    address = f"{_bracketed(host)}:{port}"

    class Refused(web.RequestHandler):
        """Any request to another name than the preview's own."""

        def prepare(self) -> None:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(REFUSED_HOST.format(address=address))

    class Malformed(web.RequestHandler):
        def initialize(self, reason: str) -> None:
            self.reason = reason

        def prepare(self) -> None:
            self.set_status(400)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"Bad request: {self.reason}.\n")

    class Reload(LiveReloadHandler):
        """livereload's socket, for the preview's own pages only."""

        def check_origin(self, origin: str) -> bool:
            return own_origin(origin, host, port)

    class Application(web.Application):
        def find_handler(self, request, **kwargs):
            if request.host.lower() not in hosts:
                return self.get_handler_delegate(request, Refused)
            reason = address_problem(request.path)
            if reason is not None:
                return self.get_handler_delegate(request, Malformed, {"reason": reason})
            return super().find_handler(request, **kwargs)

    class PreviewServer(Server):
        def application(self, port, host, liveport=None, debug=None, live_css=True):
            """As livereload's, but with the checks above and without its
            `/forcereload` (any page could call it; the preview reloads by itself)."""
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            script = (b'<script type="text/javascript">(function(){'
                      b'var s=document.createElement("script");'
                      b'var port=(window.location.port || 80);'
                      b's.src="//"+window.location.hostname+":"+port'
                      b'+ "/livereload.js?port=" + port;'
                      b'document.head.appendChild(s);})();</script>')

            class Transform(LiveScriptInjector):
                """Not into the web editor's page: a reload at each save would lose
                what the editor is doing."""

                def __init__(self, request) -> None:
                    super().__init__(request)
                    self.editor = request.path.startswith("/admin/")

                def transform_first_chunk(self, status_code, headers, chunk, finishing):
                    if self.editor:
                        return status_code, headers, chunk
                    return super().transform_first_chunk(status_code, headers, chunk,
                                                         finishing)

            Transform.script = script
            handlers = [(r"/livereload", Reload), (r"/livereload.js", LiveReloadJSHandler),
                        *admin_handlers(preview, lambda o: own_origin(o, host, port)),
                        (r"/(.*)", self.SFH, {"path": self.root, "default_filename":
                                              "index.html"})]
            Application(handlers=handlers, transforms=[Transform]).listen(
                port, address=host, max_body_size=2 * BODY_LIMIT)  # the back end's JSON

    server = PreviewServer(watcher=_NoWatcher())
    server.SFH = handler(preview)
    return server


def handler(preview: Preview):
    """The handler of the site's files (a class, as tornado wants it)."""
    from livereload.handlers import StaticFileHandler
    from tornado import web

    class PreviewHandler(StaticFileHandler):
        """The site's files, whole; while the last edit is broken, the pages with a banner
        naming the problems, or the error page in place of everything."""

        async def get(self, path: str, include_body: bool = True) -> None:
            problems, last_good = preview.shown
            if problems and not last_good:
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(error_page(problems))
                return
            self.path = self.parse_url_path(path)
            absolute = self.validate_absolute_path(
                self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:  # redirected to the folder's address with a slash
                return
            self.absolute_path = absolute
            self.set_header("Content-Type", self.get_content_type())
            self.set_header("Cache-Control", "no-store")
            try:
                handle = open(absolute, "rb")  # noqa: SIM115 - kept open while sending
            except OSError:  # gone since it was looked up: as if it had never been
                raise web.HTTPError(404) from None
            with handle:
                size = os.fstat(handle.fileno()).st_size
                if size <= WHOLE:
                    content = handle.read()
                    if problems and is_page(path) and b"<body" in content:
                        content = with_banner(content, problems)
                    self.set_header("Content-Length", len(content))
                    self.finish(content if include_body else None)
                    return
                self.set_header("Content-Length", size)
                if not include_body:
                    self.finish()
                    return
                left = size
                while left:
                    piece = handle.read(min(PIECE, left))
                    if not piece:  # cut short while sending (an append): end the reply
                        self.request.connection.close()
                        return
                    self.write(piece)
                    await self.flush()
                    left -= len(piece)
            self.finish()

        def write_error(self, status_code: int, **kwargs) -> None:
            page = not_found_page(preview.options.output, self.request.path) \
                if status_code == 404 else None
            if page is None:
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(f"{status_code}: {self._reason}\n")
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)

        def log_exception(self, typ, value, tb) -> None:
            """One line, never a traceback: the editor's terminal is for their edits."""
            if isinstance(value, web.HTTPError):
                return
            print(f"The preview could not answer {self.request.path[:200]!r}: "
                  f"{typ.__name__}: {value}", file=sys.stderr, flush=True)

    return PreviewHandler


class _NoWatcher:
    """Stands in for livereload's polling watcher: our own thread watches and rebuilds."""

    _tasks = {"portal": None}
    _changes: list = []
    filepath = None

    def start(self, callback) -> bool:
        return True  # no polling

    def examine(self) -> tuple[None, None]:
        return None, None
