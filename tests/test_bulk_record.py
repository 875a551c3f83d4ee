"""`release` and `status` refuse a change that contradicts the record (a re-arrest of
someone held, a transfer to where the person is, a release of someone free, a named person
in a wave whose names are withheld), one line each, and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal import cli

from conftest import TODAY, check, errors, replace_in, snapshot

WAVE = "2025-09-11"


def main(root: Path, *args: str) -> int:
    return cli.main([*args, "--root", str(root), "--today", TODAY.isoformat()])


@pytest.fixture
def site(project) -> Path:
    return project("minimal")


@pytest.mark.parametrize(("args", "says"), [
    (("status", "re-arrested", "boris-test", "--date", "2025-12", "--source", "report-a"),
     'data/prisoners/boris-test.yaml:7:1 status: "imprisoned": the person is held; a '
     "re-arrest follows a release; record the release first, or leave this person out"),
    (("status", "transferred", "boris-test", "--date", "2025-12", "--source", "report-a",
      "--facility", "sizo-test"),
     'data/prisoners/boris-test.yaml:10:1 facility: "sizo-test": the person is held there '
     "already; a transfer is to another facility; give the facility they were moved to, or "
     "leave this person out"),
    (("status", "released", "anna-test", "--date", "2025-12", "--source", "report-a"),
     'data/prisoners/anna-test.yaml:7:1 status: "released": the person is not held; a '
     "release applies to a person held"),
    (("release", "2024-summer", "anna-test"),
     'data/prisoners/anna-test.yaml:7:1 status: "released": the person is not held'),
])
def test_a_change_that_contradicts_the_record_is_refused(site, capsys, args, says):
    before = snapshot(site)
    assert main(site, *args, "--write") == 1
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert err.count("\n1. ") == 1 and "\n2. " not in err
    assert snapshot(site) == before


@pytest.mark.parametrize("args", [
    ("status", "exiled", "boris-test", "--date", "2025-12", "--source", "report-a"),
    ("release", WAVE, "boris-test", "--status", "exiled")])
def test_an_exile_to_belarus_is_refused(site, capsys, args):
    before = snapshot(site)
    assert main(site, *args, "--destination", "BY", "--write") == 2
    assert capsys.readouterr().err == "Error: exiled with --destination BY: exile is to " \
        "another country; give that country, or record `released`\n"
    assert snapshot(site) == before


def test_a_re_arrest_after_a_release_is_recorded(site, capsys):
    assert main(site, "status", "re-arrested", "anna-test", "--date", "2025-12", "--source",
                "report-a", "--write") == 0, capsys.readouterr().err
    assert "status: re-arrested" in (site / "data/prisoners/anna-test.yaml").read_text()


def withhold_names(root: Path, wave: str = WAVE) -> None:
    replace_in(root, "data/releases.yaml", f"- id: {wave}\n", f"- id: {wave}\n"
               "  names_withheld: true\n")


def test_release_refuses_a_named_person_in_a_wave_whose_names_are_withheld(site, capsys):
    replace_in(site, "data/releases.yaml", "  people: [anna-test]\n", "")
    withhold_names(site)
    before = snapshot(site)
    assert main(site, "release", WAVE, "boris-test", "withheld-1", "--write") == 1
    err = capsys.readouterr().err
    assert "data/prisoners/boris-test.yaml:1:1 name: wave 2025-09-11 has `names_withheld: " \
        "true` and this person's name is not withheld; leave this person out of wave " \
        "2025-09-11" in err
    assert "Secret" not in err and snapshot(site) == before
    assert main(site, "release", WAVE, "withheld-1", "--write") == 0, capsys.readouterr().err
    assert "withheld-1" in (site / "data/releases.yaml").read_text()


def test_check_warns_when_a_wave_whose_names_are_withheld_lists_a_named_person(site):
    withhold_names(site)
    found = [str(p) for p in check(site) if "names_withheld" in p.message]
    assert found == ["data/releases.yaml:14:3 [1].people: warning: the wave's names are "
                     "withheld (`names_withheld: true`), yet it lists anna-test, whose names "
                     "are not; take them out of `people:` (and the `wave:` out of their release "
                     "events), or set `names_withheld: false` if the wave's names may be "
                     "published"]
    assert errors(site) == []
