"""The command line: build, serve with live reload, check."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .builder import build, check
from .problems import ContentError, format_problems

PROJECT = Path(__file__).resolve().parent.parent


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=PROJECT,
                        help="project folder holding content/, data/ and templates/ "
                             "(default: the folder of build.py)")


def _build_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    parser.add_argument("--base-url", help="absolute URL the site is served at, for canonical "
                        "links and hreflang (default: $URL on Netlify, else data/site.yaml)")
    parser.add_argument("--portable", action="store_true",
                        help="link to index.html files so the site opens from a folder on disk")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the political prisoners portal into site/.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _build_options(commands.add_parser(
        "build", help="build the site into site/ (the default)",
        description="Build every page in every language into site/. On any content problem "
                    "nothing is written and the previous site/ stays as it was."))
    serve = commands.add_parser(
        "serve", help="build, serve on 127.0.0.1:8000 and rebuild on every change",
        description="Build, serve site/ at http://127.0.0.1:8000/ with live reload, and "
                    "rebuild when anything under content/, data/ or templates/ changes. A broken "
                    "edit is reported here and the last good site stays.")
    _build_options(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    check_parser = commands.add_parser(
        "check", help="validate the content without writing anything",
        description="Validate every file; print each problem with file, line, field and fix; "
                    "exit 1 when there is any.")
    _common(check_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    if args.command == "check":
        return run_check(args.root)
    if args.command == "serve":
        from .serve import serve
        return serve(args.root, args.out, args.host, args.port, args.base_url)
    return run_build(args.root, args.out, args.base_url, args.portable)


def environment_base_url() -> str | None:
    """The URL the site is deployed at: $PORTAL_BASE_URL, or Netlify's $URL."""
    if os.environ.get("PORTAL_BASE_URL"):
        return os.environ["PORTAL_BASE_URL"]
    if os.environ.get("NETLIFY") == "true" and os.environ.get("URL"):
        return os.environ["URL"]
    return None


def run_build(root: Path, out: Path | None, base_url: str | None, portable: bool = False) -> int:
    """Build once, report problems; return the exit code."""
    started = time.perf_counter()
    try:
        result = build(root.resolve(), out, base_url or environment_base_url(), portable)
    except ContentError as error:
        report(error.problems)
        print("Nothing was written; the previous site/ is unchanged.", file=sys.stderr)
        return 1
    if result.warnings:
        print(format_problems(result.warnings), file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"Built {result.pages} pages ({result.files} files) in {seconds:.2f} s.")
    return 0


def run_check(root: Path) -> int:
    problems = check(root.resolve())
    errors = [p for p in problems if not p.warning]
    if problems:
        print(format_problems(problems), file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s).", file=sys.stderr)
        return 1
    print("No problems found.")
    return 0


def report(problems) -> None:
    """Print problems numbered, for an editor."""
    print(f"Found {len(problems)} problem(s):", file=sys.stderr)
    print(format_problems(problems), file=sys.stderr)
