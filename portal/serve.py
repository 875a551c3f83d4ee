"""The live preview: serve site/, rebuild on change, survive broken edits."""

from __future__ import annotations

from dataclasses import replace

from .cli import run_build
from .options import Options

WATCHED = ("content", "data", "templates")


def serve(options: Options, host: str, port: int) -> int:
    """Build, then serve with livereload until interrupted."""
    from livereload import Server

    options = replace(options, out=options.output.resolve(),
                      base_url=options.base_url or f"http://{host}:{port}/")
    root, out = options.root, options.out
    run_build(options)  # a broken first build is reported; fix and save to retry

    def rebuild() -> None:
        run_build(options)

    server = Server()
    for folder in WATCHED:
        server.watch(str(root / folder), rebuild, delay=0.3)
    print(f"Serving {out} at http://{host}:{port}/ — press Ctrl+C to stop.")
    server.serve(root=str(out), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
