"""A release updates everything that said "held": the person's page no longer names a
facility as where they are held, the facility's page no longer lists them, no page offers
an address to write to them, and the command names the texts an editor must read again."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, build, make_project, parse

WAVE = "2025-09-11"
"""The minimal fixture's wave (dated 2025-09-11, to Lithuania)."""
HELD = "boris-test"
"""Held at sizo-test in the minimal fixture, with an English and a Russian summary."""


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The minimal fixture with Boris released by the command, then built."""
    root = make_project(tmp_path_factory.mktemp("release") / "project", "minimal")
    profile = root / "data/prisoners/boris-test.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "biography:\n  en: >\n"
                       "    Still imprisoned as of September 2025.\n", encoding="utf-8")
    before = build(root)
    assert before.pages
    held = parse(root / "site/en/prisoners/boris-test/index.html")
    assert held.find(id="facility-heading") is not None  # the fixture is what it claims
    result = cli(root, "release", WAVE, HELD, "--write")
    assert result.returncode == 0, result.stderr + result.stdout
    build(root)
    return root, result


def test_the_profile_no_longer_says_where_held(released):
    root, _ = released
    page = parse(root / "site/en/prisoners/boris-test/index.html")
    assert page.find(id="facility-heading") is None
    former = page.find(id="former-facility-heading")
    assert former is not None and former.get_text() == "Last known place of detention"
    section = former.find_parent("section")
    assert "No longer held there as of September 11, 2025." in section.get_text(" ")
    assert section.find("a") is None  # no way from here to the facility's address
    assert page.find("a", href=re.compile(r"/facilities/sizo-test/")) is None


def test_the_profile_in_each_language_says_so(released):
    root, _ = released
    for lang, heading in (("be", "Апошняе вядомае месца ўтрымання"),
                          ("ru", "Последнее известное место содержания")):
        page = parse(root / f"site/{lang}/prisoners/boris-test/index.html")
        assert page.find(id="facility-heading") is None
        assert page.find(id="former-facility-heading").get_text() == heading


def test_the_facility_page_no_longer_lists_them(released):
    root, _ = released
    page = parse(root / "site/en/facilities/sizo-test/index.html")
    people = page.find(id="people-heading").find_parent("section")
    assert not people.find_all("a", href=re.compile(r"/prisoners/boris-test/"))
    assert "We profile nobody held here at present." in people.get_text()


def test_no_page_offers_an_address_for_them(released):
    root, _ = released
    assert not (root / "site/en/prisoners/boris-test/letter").exists()
    for page in ("en/write", "en/birthdays", "en"):
        soup = parse(root / f"site/{page}/index.html")
        letters = soup.find_all("a", href=re.compile(r"/prisoners/boris-test/letter/"))
        assert not letters, page
    listing = parse(root / "site/en/prisoners/index.html")
    option = listing.find("option", value="sizo-test")
    assert option is None  # the place-of-detention filter lists where people are held now


def test_the_command_names_the_texts_to_read_again(released):
    root, result = released
    lines = (root / "data/prisoners/boris-test.yaml").read_text(encoding="utf-8").splitlines()
    expected = [f"data/prisoners/boris-test.yaml:{lines.index(key) + 1} {field} ({lang})"
                for key, field, lang in (("  en: A politician held in pre-trial detention.",
                                          "summary", "en"),
                                         ("  ru: Политик в следственном изоляторе.",
                                          "summary", "ru"),
                                         ("  en: |", "biography", "en"))]
    listed = [line.strip() for line in result.stdout.splitlines()
              if line.startswith("  data/prisoners/")]
    assert listed == expected
    assert "Read these texts again" in result.stdout
    assert "data/releases.yaml:" not in "\n".join(listed)


def test_a_re_arrest_without_a_facility_drops_the_one_from_before(tmp_path):
    """Released, then detained again with no facility known: the facility the profile
    kept (where the person was held before) is removed, so no page offers its address as
    where to write to them now."""
    root = make_project(tmp_path / "project", "minimal")
    assert cli(root, "release", WAVE, HELD, "--write").returncode == 0
    result = cli(root, "status", "re-arrested", HELD, "--date", "2025-12", "--source",
                 "report-b", "--write")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "facility sizo-test removed" in result.stdout
    text = (root / "data/prisoners/boris-test.yaml").read_text(encoding="utf-8")
    assert "facility:" not in text
    assert "status: re-arrested" in text
    build(root)
    page = parse(root / "site/en/prisoners/boris-test/index.html")
    assert page.find(id="facility-heading") is None
    assert page.find(id="former-facility-heading") is None
    letter = parse(root / "site/en/prisoners/boris-test/letter/index.html")
    assert not letter.find_all("a", href=re.compile(r"/facilities/sizo-test/"))
    assert "Test pre-trial centre" not in letter.get_text()
