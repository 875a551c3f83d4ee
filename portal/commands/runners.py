"""What each command of build.py does once its arguments are read (cli.py reads them):
build, check, translations, new, release and status, each printing what an editor needs
and returning the exit code. Each imports the stages it uses when it runs, so that a
command loads only its own code (tests/test_startup.py)."""

from __future__ import annotations

import argparse
import gc
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..faults import describe
from ..options import Options, build_date
from ..problems import ContentError, github_annotation, print_problems

if TYPE_CHECKING:
    from ..build.manifest import BuildResult
    from ..build.noop import Prior
    from ..build.progress import Stages
    from . import bulkrecords


def run_build(options: Options, quiet: bool = False) -> int:
    """Build once, report problems; return the exit code. A build that takes long shows
    what it is doing meanwhile, unless `quiet` (build/progress.py)."""
    started = time.perf_counter()
    output = _shown(options)
    fewer_collections()
    try:
        from ..build.noop import build_unless_unchanged
        from ..build.progress import reporter

        with reporter(quiet) as progress:
            result = build_unless_unchanged(
                options, lambda options, prior: _build_anew(options, prior, progress))
    except ContentError as error:
        print_problems(error.problems, options.verbose)
        kept = f"; the previous {output} is unchanged" if options.output.is_dir() and \
            not any(p.file == str(options.output) for p in error.problems) else ""
        print(f"Nothing was written{kept}.", file=sys.stderr)
        return 1
    except OSError as error:
        print(describe(error, output), file=sys.stderr)
        return 1
    except MemoryError:
        print(f"Error: out of memory; nothing was published: {output} is as it was.",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Interrupted; nothing was published: {output} is as it was.", file=sys.stderr)
        return 130
    if result.warnings:
        print_problems(result.warnings, options.verbose)
    seconds = time.perf_counter() - started
    if result.unchanged:
        print(f"Nothing changed since the last build: {output} is as it was "
              f"({result.pages} pages, {result.files} files; checked in {seconds:.2f} s).")
    else:
        print(f"Built {result.pages} pages ({result.files} files) in {seconds:.2f} s.")
    if result.editor_absent:
        from ..editor.shell import absent_line

        print(absent_line(result.editor_absent))
    return 0


COLLECT_AFTER = (50_000, 20, 20)
"""When the cycle collector looks (objects made, then young collections, per older one):
a build holds millions of objects that live until it ends, and with Python's default
(700 objects) the collector went through all of them seven times in an edit build at 1,200
people (1 s of its 7 s of CPU); it still runs, far less often."""


def fewer_collections() -> None:
    """Let the cycle collector run less often in a command that builds (a process that
    ends when the build does)."""
    gc.set_threshold(*COLLECT_AFTER)


def _build_anew(options: Options, prior: Prior, progress: Stages) -> BuildResult:
    """The whole build, imported only when there is something to do (noop.py)."""
    from ..build.builder import build_anew

    return build_anew(options, prior, progress)


def _shown(options: Options) -> str:
    """The output folder as an editor knows it: `site/`, or the path given with --out."""
    try:
        return options.output.relative_to(options.root).as_posix() + "/"
    except ValueError:
        return str(options.output) + "/"


def run_check(options: Options, output: str = "text",
              gate: dict[str, float] | None = None) -> int:
    """Validate without writing; return 1 when there is any error."""
    from ..build.checking import check

    try:
        problems = check(options, gate)
    except OSError as error:
        print(describe(error, "nothing"), file=sys.stderr)
        return 1
    errors = [p for p in problems if not p.warning]
    if output == "github":
        for problem in problems:
            print(github_annotation(problem))
    elif problems:
        print_problems(problems, options.verbose)
    if errors:
        print(f"{len(errors):,} error(s).", file=sys.stderr)
        return 1
    print("No errors found." if problems else "No problems found.")
    return 0


def run_translations(options: Options, lang: str | None, as_json: bool,
                     mark: list[str] | None, source: str | None = None,
                     fields: tuple[str, ...] = (), yes: bool = False) -> int:
    """The translators' report, or mark files current."""
    from ..build.builder import translation_items
    from ..languages.report import report_json, report_text

    try:
        tree, items, config = translation_items(options)
        languages = tuple(x for x in config.codes if lang in (None, x))
        if lang and not languages:
            print(f"{lang!r} is not a configured language; use one of: "
                  f"{', '.join(config.codes)}", file=sys.stderr)
            return 2
        if source is not None and source not in config.codes:
            print(f"--from {source!r} is not a configured language; use one of: "
                  f"{', '.join(config.codes)}", file=sys.stderr)
            return 2
        for given, option in ((fields, "--field"), (yes, "--yes"), (source, "--from")):
            if given and not mark:
                print(f"{option} is for --mark-current FILE: name the file too",
                      file=sys.stderr)
                return 2
        if mark:
            return _mark(options, tree, items, mark, lang, source, fields, yes)
    except ContentError as error:
        print_problems(error.problems, options.verbose)
        return 1
    if as_json:
        sys.stdout.write(report_json(tree, items, languages))
    else:
        sys.stdout.write(report_text(tree, items, languages))
    return 0


def _mark(options: Options, tree, items, mark: list[str], lang: str | None,
          source: str | None, fields: tuple[str, ...], yes: bool) -> int:
    """Mark each file current: first show what changed in the original of each stale
    translation, and mark none of them unless each was edited since or `yes` is given."""
    from ..build.builder import translation_items
    from ..languages.checked import changes_shown, refusals, unchecked
    from ..languages.mark import mark_current, to_mark

    files = [_relative(options.root, file) for file in mark]
    chosen = [i for file in files for i in to_mark(items, file, lang, source, fields)]
    found = [] if source is not None else unchecked(tree, chosen)
    if found:
        sys.stdout.write(changes_shown(tree, found))
    problems = [] if yes else refusals(tree, found)
    if problems:
        print_problems(problems, options.verbose)
        print("Nothing was marked.", file=sys.stderr)
        return 1
    for relative in dict.fromkeys(files):
        count = mark_current(tree, items, relative, lang, source, fields)
        print(f"{relative}: marked {count} translation(s) current.")
        tree, items, _ = translation_items(options)
    return 0


def run_new(options: Options, kind: str, text: str, slug: str | None,
            lang: str | None) -> int:
    """Create a stub file and say where it is."""
    return guarded(lambda: _run_new(options, kind, text, slug, lang), "new",
                   "nothing was created", options.verbose)


def _run_new(options: Options, kind: str, text: str, slug: str | None,
             lang: str | None) -> int:
    from ..build.builder import load_config
    from .editing import refuse_special_files
    from .scaffold import new_prisoner, new_statement, new_translation

    refuse_special_files(options.root)
    config = load_config(options.root)
    if kind == "prisoner":
        path = new_prisoner(options.root, config, text, slug)
    elif kind == "statement":
        path = new_statement(options.root, config, text, build_date(options.today), lang,
                             slug)
    else:
        text = _relative(options.root, text)
        path = new_translation(options.root, config, text, lang)
    created = path.relative_to(options.root).as_posix()
    if kind == "translation":
        print(f"Created {created}, recorded as translated from {text} as it is now: write "
              "the title, the summary and the text in it, then run "
              "`.venv/bin/python build.py check`.")
    else:
        print(f"Created {created}. Fill in the fields left empty (`null`; what each holds: "
              "docs/editors-guide.md), then run `.venv/bin/python build.py check`.")
    return 0


def run_bulk(options: Options, args: argparse.Namespace) -> int:
    """`release` and `status`: plan, show, check, and with --write write; exit 2 on an
    unknown id, 1 when the result would not pass the check."""
    return guarded(lambda: _run_bulk(options, args), args.command,
                   "nothing was written" if args.write else "nothing would be written",
                   options.verbose)


def _run_bulk(options: Options, args: argparse.Namespace) -> int:
    from . import bulk, bulkrecords
    from .editing import refuse_special_files

    try:
        refuse_special_files(options.root)
        exiled = "exiled" in (getattr(args, "change", None), getattr(args, "status", None))
        if exiled and args.destination == bulkrecords.BELARUS:
            raise bulkrecords.BulkError("exiled with --destination BY: exile is to another "
                                        "country; give that country, or record `released`")
        slugs = bulkrecords.slugs_from(args.slugs, bulkrecords.read_slug_file(args.from_file),
                                       args.from_file)
        project = bulkrecords.read_project(options.root)
        if args.command == "release":
            plan = bulk.plan_release(project, args.wave, slugs, args.status,
                                     args.destination, listed=args.listed)
        else:
            if args.change == "transferred" and not args.facility:
                raise bulkrecords.BulkError("transferred: give the facility with --facility ID")
            if args.facility and args.change not in ("transferred", "re-arrested"):
                raise bulkrecords.BulkError(f"{args.change}: --facility is for transferred "
                                            "and re-arrested only")
            if args.destination and args.change not in ("released", "exiled"):
                raise bulkrecords.BulkError(f"{args.change}: --destination is for released "
                                            "and exiled only")
            plan = bulk.plan_status(project, args.change, slugs, args.date, args.source,
                                    args.facility, args.destination)
    except bulkrecords.BulkError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    return _finish_bulk(options, plan, args.write)


def guarded(command: Callable[[], int], name: str, unchanged: str,
            verbose: bool = False) -> int:
    """Run a command that changes content, turning Ctrl+C and any failure into one line
    (never a traceback, whose lines could show a withheld person's text)."""
    try:
        return command()
    except KeyboardInterrupt:
        print(f"Interrupted: {unchanged}; every file is as it was.", file=sys.stderr)
        return 130
    except ContentError as error:
        print_problems(error.problems, verbose)
        print(f"{unchanged[0].upper()}{unchanged[1:]}.", file=sys.stderr)
        return 1
    except OSError as error:
        reason = error.strerror or type(error).__name__
        where = f" ({error.filename})" if error.filename else ""
        print(f"Error: {reason}{where}; {unchanged}.", file=sys.stderr)
        return 1
    except Exception as error:  # a mistake in the generator: where, never the text
        frame = traceback.extract_tb(error.__traceback__)[-1]
        print(f"Error: {name} failed ({type(error).__name__} at "
              f"{Path(frame.filename).name}:{frame.lineno}); {unchanged}. This is a mistake "
              "in the generator: please report it with the command you ran.",
              file=sys.stderr)
        return 1


def _finish_bulk(options: Options, plan: bulkrecords.Plan, write: bool) -> int:
    """Show the plan, check it, and write it when asked and it passes."""
    from . import bulk
    from .review import review_note

    if plan.files and not write:
        for file in plan.files:
            sys.stdout.write(bulk.diff(file))
    if plan.files or plan.unchanged:
        print(bulk.summary(plan))
    if plan.problems:
        print_problems(plan.problems, options.verbose)
        print("Nothing was written." if write else "Nothing would be written.",
              file=sys.stderr)
        return 1
    if not plan.files:
        print("Nothing to change.")
        return 0
    errors, warnings, elsewhere = bulk.check_plan(options, plan)
    if errors or warnings:
        print_problems(errors + warnings, options.verbose)
    if elsewhere:
        print(f"({elsewhere} error(s) the project already had in other files, not caused by "
              "this change: `.venv/bin/python build.py check` lists them.)", file=sys.stderr)
    if errors:
        print("The result would not pass the check (lines as in the files as they would "
              "be): nothing " + ("was written." if write else "would be written."),
              file=sys.stderr)
        return 1
    if not write:
        print(f"Checked: the result passes. Dry run: nothing written; add --write to "
              f"write {len(plan.files)} file(s).")
    else:
        bulk.write_plan(options.root, plan)
        print(f"Checked and wrote {len(plan.files)} file(s).")
    note = review_note(plan.files, write)
    if note:
        print(note)
    return 0


def _relative(root: Path, file: str) -> str:
    path = Path(file)
    if path.is_absolute() or (Path.cwd() / path).exists():
        path = (Path.cwd() / path).resolve()
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return file
    return path.as_posix()
