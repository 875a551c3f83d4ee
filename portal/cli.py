"""The command line: build, serve with live reload, check. Each command imports what it
uses only when it runs, so `--help` waits for no templates, checks or image code
(tests/test_startup.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .commands.changes import KINDS
from .limits import FIRST_YEAR
from .options import Options, environment_base_url

if TYPE_CHECKING:
    from .content.dates import PartialDate

PROJECT = Path(__file__).resolve().parent.parent


LAST_YEAR = 9000
"""Build dates run from limits.FIRST_YEAR to here (a year ahead must still be a date)."""


def _date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        from .content.dates import corrected

        meant = corrected(text)
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write "
                                         f"{meant or 'YYYY-MM-DD'}") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text!r}: the build date must be between "
                                         f"{FIRST_YEAR} and {LAST_YEAR}")
    return date


def _environment_date() -> dt.date | None:
    """The build date from $SOURCE_DATE_EPOCH (reproducible builds), if it is set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        date = dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        date = None
    if date is None or not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise SystemExit(f"Error: SOURCE_DATE_EPOCH={value!r} is not a time in seconds since "
                         f"1970 between {FIRST_YEAR} and {LAST_YEAR}; correct it or unset it.")
    return date


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=PROJECT,
                        help="project folder holding content/, data/ and templates/ "
                             "(default: the folder of build.py)")
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="the build date, for everything time-dependent (default: "
                             "$SOURCE_DATE_EPOCH, else today)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as errors (for CI)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every warning (default: the same warning on many files "
                             "once, with a count and the first few)")


def _build_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    parser.add_argument("--base-url", help="absolute URL the site is served at, for canonical "
                        "links and hreflang (default: $PORTAL_BASE_URL; on Netlify the "
                        "deploy's own URL; else base_url in data/site.yaml)")
    parser.add_argument("--portable", action="store_true",
                        help="link to index.html files so the site opens from a folder on disk")
    parser.add_argument("--no-cache", action="store_true",
                        help="make everything anew instead of reusing ROOT/.cache/")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="processes rendering pages (default: one per core); the output "
                             "is the same whatever N")
    parser.add_argument("--quiet", action="store_true",
                        help="show no progress while building (a build that takes more than "
                             "2 s shows its stages); problems and the summary still print")


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
                    "exit 1 when there is any error.")
    _common(check_parser)
    check_parser.add_argument("--format", choices=("text", "github"), default="text",
                              help="github: one workflow annotation per problem, shown on "
                                   "the changed line of a pull request")
    check_parser.add_argument("--translations", type=_gate, metavar="LANG:PERCENT,…",
                              help="fail when a language has less than that share of its "
                                   "translations current, e.g. be:100,ru:95 (default: "
                                   "checks.translations in data/site.yaml)")
    formatting = commands.add_parser(
        "format", help="rewrite files in the web editor's style",
        description="Rewrite YAML files and Markdown front matter exactly as the web editor "
                    "writes them, so that a save in the editor changes only what was edited "
                    "(all of data/ and content/ when no FILE is given). Comments are not "
                    "kept: the editor drops them too.")
    _common(formatting)
    formatting.add_argument("files", nargs="*", metavar="FILE", help="only these files")
    formatting.add_argument("--check", action="store_true",
                            help="list the files out of style and exit 1; write nothing")
    translations = commands.add_parser(
        "translations", help="report missing and stale translations; mark them current",
        description="Per language, list every text that is missing or stale (with what "
                    "changed in the source since it was translated), or mark a translated "
                    "file current after updating it.")
    _common(translations)
    translations.add_argument("--lang", help="only this language")
    translations.add_argument("--json", action="store_true", help="write the report as JSON")
    translations.add_argument("--mark-current", nargs="+", metavar="FILE",
                              help="record that the translations in FILE were made from the "
                                   "current source (all languages in a YAML file, or --lang). "
                                   "Shows what changed in the original of each stale one, and "
                                   "marks those not edited since only with --yes")
    translations.add_argument("--yes", action="store_true",
                              help="with --mark-current: mark the stale translations too whose "
                                   "text did not change since their original did (after "
                                   "reading what changed and finding them right)")
    translations.add_argument("--field", dest="fields", action="append", default=[],
                              metavar="FIELD",
                              help="with --mark-current on a YAML file: only this field "
                                   "(summary, biography, events[2].note; repeat for more)")
    translations.add_argument("--from", dest="source", metavar="LANG",
                              help="with --mark-current and --field: the texts of those fields "
                                   "in LANG are the originals (written first), the others "
                                   "translations of them")
    new = commands.add_parser(
        "new", help="create a new prisoner, statement or translation with every field stubbed",
        description="Create data/prisoners/<slug>.yaml, content/statements/<date>-<slug>."
                    "<lang>.md, or the --lang version of a statement or page. The slug is "
                    "the name romanised (Belarusian: the national system; Russian: the "
                    "passport system) and folded to ASCII. Fill in the required fields and "
                    "`check` passes: a translation records the source it is made from.")
    _common(new)
    new.add_argument("kind", choices=("prisoner", "statement", "translation"))
    new.add_argument("text", help="the person's name (any script), the statement's title, "
                                  "or the statement or page to translate "
                                  "(content/statements/<slug>.en.md)")
    new.add_argument("--slug", help="use this slug instead of the romanised one")
    new.add_argument("--lang", help="the statement's language (default: the title's script); "
                                    "for a translation, the language to translate into")
    _bulk_commands(commands)
    return parser


BULK = ("release", "status")
"""The commands whose people (SLUG …) may come before, between or after the options."""


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line, read by argparse; for `release` and `status`, with the slugs
    anywhere among the options (`release WAVE --write a b` as `release WAVE a b --write`),
    as argparse alone reads only those before the first option."""
    parser = make_parser()
    if argv[0] not in BULK:
        return parser.parse_args(argv)
    command = next(action for action in parser._actions  # noqa: SLF001 - argparse's own
                   if isinstance(action, argparse._SubParsersAction)).choices[argv[0]]
    return command.parse_intermixed_args(argv[1:], argparse.Namespace(command=argv[0]))


def _bulk_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("slugs", nargs="*", metavar="SLUG",
                        help="the people, by file name (ihar-losik or "
                             "data/prisoners/ihar-losik.yaml)")
    parser.add_argument("--from", dest="from_file", metavar="FILE",
                        help="read more slugs from FILE, an ordinary text file of at most "
                             "1 MB (one or more a line, # comments; - for standard input); "
                             "one that lists no one is an error")
    parser.add_argument("--destination", type=_country, metavar="CC",
                        help="the country the people were taken to (ISO code, e.g. LT)")
    parser.add_argument("--write", action="store_true",
                        help="write the files (default: show what would change, write "
                             "nothing)")


def _bulk_commands(commands) -> None:
    release = commands.add_parser(
        "release", help="record a release wave in many profiles at once",
        description="Write into each person's profile, in place (comments kept): the "
                    "status, a `released` event linked to the wave with its date, "
                    "destination and sources, `verified` and the sources; add them to the "
                    "wave's `people:`. Checks the result as `check` does and writes nothing "
                    "unless everything passes; without --write, only shows the changes.")
    release.add_argument("wave", metavar="WAVE", help="the wave's id in data/releases.yaml")
    _bulk_options(release)
    release.add_argument("--listed", action="store_true",
                         help="release the people the wave already lists in its `people:` "
                              "(needed when no SLUG or --from is given: an empty list is "
                              "never taken as everyone)")
    release.add_argument("--status", choices=("released", "exiled"),
                         help="the status for everyone listed (default: exiled when the "
                              "wave took people abroad, released otherwise; a foreign "
                              "national is released)")
    status = commands.add_parser(
        "status", help="record the same change of status in many profiles at once",
        description="Add the event of a change (re-arrested, transferred to a facility, "
                    "released, exiled, died) with its date and sources to each person's "
                    "profile, in place, and set the status, facility, `verified` and "
                    "sources. Checked and written as `release` is.")
    status.add_argument("change", choices=tuple(KINDS), metavar="CHANGE",
                        help=f"one of: {', '.join(KINDS)}")
    _bulk_options(status)
    status.add_argument("--date", type=_partial_date, required=True, metavar="DATE",
                        help="when it happened, as precise as the source: YYYY-MM-DD, "
                             "YYYY-MM or YYYY")
    status.add_argument("--source", action="append", required=True, metavar="ID",
                        help="a source in data/sources.yaml that reports it (repeat for "
                             "more)")
    status.add_argument("--facility", metavar="ID",
                        help="the facility in data/facilities.yaml (transferred: required; "
                             "re-arrested: where held, if known)")


def _partial_date(text: str) -> PartialDate:
    from .content.dates import corrected, parse_date

    try:
        return parse_date(text)
    except ValueError:
        meant = corrected(text)
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write "
                                         f"{meant or 'YYYY-MM-DD, YYYY-MM or YYYY'}") from None


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise argparse.ArgumentTypeError(f"{text!r} is not a country code; write the "
                                         "two-letter ISO code, e.g. LT")
    return text.upper()


def _gate(text: str) -> dict[str, float]:
    from .languages.report import parse_gate

    try:
        return parse_gate(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write languages and percentages, e.g. be:100,ru:95") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = parse(argv)
    if not args.root.is_dir():
        print(f"Error: {args.root} is not a folder; give the project folder with --root.",
              file=sys.stderr)
        return 2
    options = Options(
        root=args.root.resolve(), today=args.today or _environment_date(), strict=args.strict,
        out=getattr(args, "out", None), portable=getattr(args, "portable", False),
        jobs=getattr(args, "jobs", 0), cache=not getattr(args, "no_cache", False),
        base_url=getattr(args, "base_url", None) or environment_base_url(),
        verbose=args.verbose,
    )
    from .commands.runners import run_build, run_bulk, run_check, run_new, run_translations

    if args.command == "check":
        return run_check(options, args.format, args.translations)
    if args.command == "format":
        from .commands.formatting import run_format
        return run_format(options.root, args.files, args.check)
    if args.command == "translations":
        return run_translations(options, args.lang, args.json, args.mark_current, args.source,
                                tuple(args.fields), args.yes)
    if args.command == "new":
        return run_new(options, args.kind, args.text, args.slug, args.lang)
    if args.command in ("release", "status"):
        return run_bulk(options, args)
    if args.command == "serve":
        from .preview.serve import serve
        return serve(options, args.host, args.port, args.quiet)
    return run_build(options, args.quiet)


