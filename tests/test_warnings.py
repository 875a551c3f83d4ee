"""Warnings: allowed but worth a look; --strict makes them errors."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.options import build_date, environment_base_url
from portal.problems import ContentError, github_annotation

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
    from portal.problems import Problem

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
