"""Warnings: allowed but worth a look; --strict makes them errors."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from portal.cli import main
from portal.options import build_date, environment_base_url
from portal.problems import ContentError, Problem, alike, github_annotation, print_problems
from tests.bench.generate import VERIFIED, generate

from conftest import TODAY, build, check


def warnings_of(root, **options) -> list[str]:
    return [str(p) for p in check(root, **options) if p.warning]


def test_stale_status_is_a_warning_that_depends_on_the_build_date(project):
    root = project("minimal")
    assert not any("verified" in w for w in warnings_of(root))
    later = warnings_of(root, today=dt.date(2027, 1, 1))
    assert ("data/prisoners/anna-test.yaml:8:1 verified: warning: the status was last verified "
            "476 days ago (2025-09-12); more than 365; confirm the status with a source, then "
            "update `verified` and `sources`") in later


def test_the_limit_comes_from_site_config(project):
    root = project("minimal")
    path = root / "data/site.yaml"
    path.write_text(path.read_text() + "checks:\n  verified_max_age_days: 30\n")
    assert any("99 days ago" in w for w in warnings_of(root))


def test_missing_translations_are_warnings(project):
    found = warnings_of(project("minimal"))
    assert ("data/prisoners/boris-test.yaml:15:1 summary: warning: not yet translated into be; "
            "add a line for each language; until then readers see the fallback text, with a "
            "notice") in found
    assert any(w.startswith("content/pages/about.en.md warning: this page is not yet "
                            "translated into be, ru") for w in found)


def test_an_untranslated_statement_is_named_by_its_source_file(project):
    """The warning is on the file translations are made from (not the first file of the
    statement in the alphabet, here the Belarusian one), and names the file to make."""
    root = project("minimal")
    found = [p for p in check(root) if p.warning and "this statement" in p.message
             and "2025-09-11-release" in p.file]
    assert [(p.file, p.message) for p in found] == [
        ("content/statements/2025-09-11-release.en.md",
         "this statement is not yet translated into ru")]
    assert found[0].fix.startswith("translate it into content/statements/2025-09-11-release.ru.md "
                                   "(`.venv/bin/python build.py new translation content/statements/"
                                   "2025-09-11-release.en.md --lang ru` makes the file)")
    be = root / "content/statements/2025-09-11-release.be.md"
    be.rename(root / "content/statements/2025-09-11-release.ru.md")
    found = [p for p in check(root) if p.warning and "this statement" in p.message
             and "2025-09-11-release" in p.file]
    assert [(p.file, p.message) for p in found] == [
        ("content/statements/2025-09-11-release.en.md",
         "this statement is not yet translated into be")]


def test_image_without_alt_text_is_a_warning(project):
    root = project("minimal")
    page = root / "content/pages/about.en.md"
    page.write_text(page.read_text() + "\n![](../photos/x.png)\n")
    assert any("about.en.md:7 body: warning: an image has no alt text" in w
               for w in warnings_of(root))


def test_warnings_do_not_stop_a_build_but_strict_does(project):
    root = project("minimal")
    assert build(root).warnings
    with pytest.raises(ContentError) as caught:
        build(root, strict=True)
    assert caught.value.problems and not any(p.warning for p in caught.value.problems)


def test_github_annotations_point_at_the_line():

    problem = Problem("data/x.yaml", 12, "events[2].date", '"2025-13-01" is not a date',
                      "write YYYY-MM-DD", 3)
    assert github_annotation(problem) == (
        '::error file=data/x.yaml,line=12,col=3::events[2].date: "2025-13-01" is not a date; '
        "write YYYY-MM-DD")


def test_build_date_comes_from_the_flag_then_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    assert build_date(TODAY) == TODAY
    assert build_date() == dt.date(2025, 10, 9)


def test_deploy_previews_use_their_own_address(monkeypatch):
    monkeypatch.delenv("PORTAL_BASE_URL", raising=False)
    monkeypatch.setenv("NETLIFY", "true")
    monkeypatch.setenv("URL", "https://portal.example")
    monkeypatch.setenv("CONTEXT", "deploy-preview")
    monkeypatch.setenv("DEPLOY_PRIME_URL", "https://deploy-preview-7--portal.outputs.netlify.app")
    assert environment_base_url() == "https://deploy-preview-7--portal.outputs.netlify.app"
    monkeypatch.setenv("CONTEXT", "production")
    assert environment_base_url() == "https://portal.example"


# How warnings are shown: errors first and every one, the same warning on many files once.

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """The benchmark's synthetic portal at a small size (50 people), generated once."""
    return generate(tmp_path_factory.mktemp("synthetic") / "project", 50, 3)


def test_the_benchmark_portal_has_no_warnings(synthetic, capsys):
    """Its `verified` dates are supported by its sources and its people can be written
    to, so the benchmark measures a clean build (and `check` says so without --today)."""
    assert not check(synthetic)
    assert main(["check", "--root", str(synthetic)]) == 0
    assert capsys.readouterr().out.strip() == "No problems found."


@pytest.fixture
def warned(synthetic, tmp_path):
    """The synthetic portal with two warnings on each of its 50 people: a status verified
    too long ago, and a `verified` date its sources do not support."""
    root = shutil.copytree(synthetic, tmp_path / "warned")
    site = root / "data/site.yaml"
    site.write_text(site.read_text().replace("verified_max_age_days: 36500",
                                             "verified_max_age_days: 1"))
    sources = root / "data/sources.yaml"
    sources.write_text(sources.read_text().replace(VERIFIED, "2025-11-30"))
    return root


def _stderr(capsys, *argv) -> list[str]:
    main(list(argv))
    return capsys.readouterr().err.splitlines()


def test_the_same_warning_on_many_files_is_shown_once_with_three_of_them(warned, capsys):
    lines = _stderr(capsys, "check", "--root", str(warned), "--today", "2025-12-20")
    assert lines[0] == "Found 100 warning(s):"
    headers = [line for line in lines if line[:1].isdigit()]
    assert headers == ["1. The same warning 50 times, in 50 files:",
                       "2. The same warning 50 times, in 50 files:"]
    stale = [line for line in lines if "last verified 19 days ago" in line]
    unsupported = [line for line in lines if "is not supported by a date" in line]
    assert len(stale) == len(unsupported) == 3
    assert stale[0].strip().startswith("data/prisoners/synthetic-person-00001.yaml:")
    assert lines.count("   … and 47 more (--verbose lists every one)") == 2


def test_verbose_lists_every_warning(warned, capsys):
    lines = _stderr(capsys, "check", "--root", str(warned), "--today", "2025-12-20",
                    "--verbose")
    assert len([line for line in lines if "last verified 19 days ago" in line]) == 50
    assert len([line for line in lines if "is not supported by a date" in line]) == 50
    assert not any("more (--verbose" in line for line in lines)
    assert lines[1].startswith("1. data/prisoners/synthetic-person-00001.yaml:")


def test_strict_lists_every_warning_as_an_error(warned, capsys):
    lines = _stderr(capsys, "check", "--root", str(warned), "--today", "2025-12-20",
                    "--strict")
    assert lines[0] == "Found 100 error(s):"
    assert len([line for line in lines if "last verified 19 days ago" in line]) == 50
    assert lines[-1] == "100 error(s)."


def test_github_annotations_stay_one_per_warning(warned, capsys):
    """A pull request's annotation belongs on its own line, so none is grouped."""
    main(["check", "--root", str(warned), "--today", "2025-12-20", "--format", "github"])
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::warning file=data/prisoners/")]
    assert len(annotations) == 100
    assert sum("verified: the status was last verified 19 days ago" in line
               for line in annotations) == 50


def test_a_build_groups_its_warnings_too(warned, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", "--root", str(warned), "--today", "2025-12-20", "--out", str(out),
                 "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "1. The same warning 50 times, in 50 files:" in err
    assert err.count("… and 47 more (--verbose lists every one)") == 2


def _stale(number: int) -> Problem:
    return Problem(f"data/prisoners/p{number:03d}.yaml", 8, "verified",
                   f"the status was last verified {400 + number} days ago (2024-01-0"
                   f"{number % 9 + 1}); more than 365", "confirm the status", warning=True)


def test_errors_come_first_and_every_one_of_them(capsys):
    errors = [Problem(f"data/prisoners/p{n:03d}.yaml", 3, "gender", f"“x{n}” is not a "
                      "gender", "write male or female") for n in range(300)]
    mixed = [p for n, error in enumerate(errors) for p in (_stale(n), error)]
    print_problems(mixed)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Found 300 error(s), 300 warning(s):"
    assert lines[1:301] == [f"{n + 1}. {error}" for n, error in enumerate(errors)]
    assert lines[301:] == ["301. The same warning 300 times, in 300 files:",
                           *(f"   {_stale(n)}" for n in range(3)),
                           "   … and 297 more (--verbose lists every one)"]


def test_different_warnings_are_different_groups_and_a_few_stay_as_they_are(capsys):
    alt = [Problem(f"content/pages/p{n}.en.md", 7, "body", "an image has no alt text",
                   "describe the image", warning=True) for n in range(5)]
    single = Problem("data/site.yaml", 2, "", "one of a kind", warning=True)
    few = [_stale(n) for n in range(4)]  # a group of four: listed, as a group saves one line
    print_problems([*alt, single, *few])
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["Found 10 warning(s):", "1. The same warning 5 times, in 5 files:",
                     *(f"   {p}" for p in alt[:3]),
                     "   … and 2 more (--verbose lists every one)",
                     f"2. {single}", *(f"{n}. {p}" for n, p in enumerate(few, 3))]


def test_warnings_are_alike_by_their_check_not_their_particulars():
    untranslated = [Problem("data/a.yaml", 1, "summary", "not yet translated into be",
                            warning=True, kind="untranslated"),
                    Problem("data/b.yaml", 1, "summary", "not yet translated into be, ru",
                            warning=True, kind="untranslated")]
    assert alike(untranslated[0]) == alike(untranslated[1])
    health = [Problem("a", 1, "summary.be", f"speaks of the person's health ({words})",
                      warning=True) for words in ("“рака”", "“рака”, “рака”")]
    assert alike(health[0]) == alike(health[1]) != alike(_stale(1))
    assert alike(_stale(1)) == alike(_stale(2))


@pytest.mark.parametrize("command", ["build", "serve", "check", "release", "status"])
def test_every_command_that_prints_problems_takes_verbose(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--verbose" in capsys.readouterr().out
