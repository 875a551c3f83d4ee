"""The web editor in the live preview: its page and Decap's scripts (served from
node_modules, whatever data/site.yaml says of the published site's editor),
`/admin/config.yml` made for each request, with the local back end at the preview's own
address (so the editor opens on the sample with no account), and that back end at
`POST /admin/api/v1` (the protocol is editor/backend.py).

The back end writes the project's files, so it takes a request only from the preview's own
pages on this computer: besides the `Host` check every request passes (server.py), a
request must come from a loopback address (whatever `--host` says), with
the `Origin` of the preview's own address and a JSON body within the size limit. A write
changes a file under data/ or content/ as a hand edit does, and the watcher rebuilds."""

from __future__ import annotations

import ipaddress
import json
import sys
from collections.abc import Callable

from ..editor import backend, config, order, widget
from ..editor.shell import COPIED, absence, cms_folder, page


def loopback(address: str | None) -> bool:
    """Whether a request comes from this computer. With `--host 0.0.0.0` (to look at the
    preview from a phone) the pages are seen from other machines, but the files are
    written only from this one: any program on the network can send an `Origin`."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def admin_handlers(preview, own_origin: Callable[[str], bool]) -> list[tuple]:
    """The tornado routes of the editor (before the route of the site's files);
    `own_origin` tells whether an `Origin` header is the preview's own."""
    from tornado import web

    root = preview.options.root

    class Quiet(web.RequestHandler):
        def log_exception(self, typ, value, tb) -> None:
            """One line, never a traceback (as for the site's files)."""
            if not isinstance(value, web.HTTPError):
                print(f"The web editor could not answer {self.request.path[:200]!r}: "
                      f"{typ.__name__}: {value}", file=sys.stderr, flush=True)

    class Json(Quiet):
        def reply(self, status: int, value) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps(value, ensure_ascii=False))

        def write_error(self, status_code: int, **kwargs) -> None:
            self.reply(status_code, {"error": self._reason})

    class Api(Json):
        """Decap's proxy protocol, for the preview's own pages only."""

        def post(self) -> None:
            reason = absence(root)
            if reason is not None:
                self.reply(404, {"error": f"the web editor is absent: {reason}"})
                return
            if not loopback(self.request.remote_ip):
                self.reply(403, {"error": "the web editor's back end answers only this "
                                          "computer (open the editor at http://127.0.0.1)"})
                return
            if not own_origin(self.request.headers.get("Origin", "")):
                self.reply(403, {"error": "the request does not come from the preview's "
                                          "own page"})
                return
            kind = self.request.headers.get("Content-Type", "").split(";")[0].strip()
            if kind != "application/json":
                self.reply(415, {"error": "the request must be JSON (application/json)"})
                return
            self.reply(*backend.answer(root, self.request.body))

    class Config(Quiet):
        """The configuration with the local back end at the address the page was opened
        at (one of the preview's own: the Host check passed)."""

        def get(self) -> None:
            if absence(root) is not None:
                raise web.HTTPError(404)
            url = f"http://{self.request.host}/admin/api/v1"
            self.set_header("Content-Type", "text/yaml; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(config.config_text(root, local_url=url))

    class Order(Quiet):
        """The order our script saves in (editor/order.py), made for each request."""

        def get(self) -> None:
            if absence(root) is not None:
                raise web.HTTPError(404)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(order.table_text(root))

    class Page(Quiet):
        """The editor's page, our scripts (that record translations, that save in the
        canonical order), and Decap's own files beside it."""

        def get(self, name: str = "") -> None:
            if absence(root) is not None:
                raise web.HTTPError(404)
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Robots-Tag", "noindex")
            if name == "":
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page(root))
                return
            if name == widget.SCRIPT:
                self.set_header("Content-Type", "text/javascript; charset=utf-8")
                self.finish(widget.script())
                return
            if name == order.SCRIPT:
                self.set_header("Content-Type", "text/javascript; charset=utf-8")
                self.finish(order.script())
                return
            dist = cms_folder(root)
            if dist is None or not COPIED.fullmatch(name):
                raise web.HTTPError(404)
            kind = "application/wasm" if name.endswith(".wasm") else \
                "text/plain; charset=utf-8" if name.endswith(".txt") else \
                "text/javascript; charset=utf-8"
            self.set_header("Content-Type", kind)
            self.finish((dist / name).read_bytes())

    return [(r"/admin/api/v1", Api), (r"/admin/config\.yml", Config),
            (r"/admin/order\.json", Order),
            (r"/admin", web.RedirectHandler, {"url": "/admin/"}),
            (r"/admin/", Page), (r"/admin/([^/]+)", Page)]
