"""The live preview: serve site/, rebuild on change, survive broken edits."""

from __future__ import annotations

from pathlib import Path

from .cli import run_build

WATCHED = ("content", "data", "templates")


def serve(root: Path, out: Path | None, host: str, port: int, base_url: str | None) -> int:
    """Build, then serve with livereload until interrupted."""
    from livereload import Server

    root = root.resolve()
    out = (out or root / "site").resolve()
    url = base_url or f"http://{host}:{port}/"
    run_build(root, out, url)  # a broken first build is reported; fix and save to retry

    def rebuild() -> None:
        run_build(root, out, url)

    server = Server()
    for folder in WATCHED:
        server.watch(str(root / folder), rebuild, delay=0.3)
    print(f"Serving {out} at http://{host}:{port}/ — press Ctrl+C to stop.")
    server.serve(root=str(out), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
