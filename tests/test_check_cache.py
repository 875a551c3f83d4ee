"""What the checks keep between builds (.cache/checks/, .cache/links/, the guard's verdicts)
makes a build faster, never different: the same problems and warnings with the caches
cold, warm or off, for sites with every kind of fault; an edit that adds a fault is
found on the next build; a damaged or forged entry is ignored; and a file whose facts
are known by its hash is not read at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.build.linkcheck import LinkCheck
from portal.checks.withheld import Verdicts
from portal.content.document import Document
from portal.names.guard import Guard
from portal.outputs.leaks import OutputGuard
from portal.outputs.offline import OfflineZip
from portal.store.kept import Kept
from portal.store.results import KeptResults, encoded

from conftest import PROJECT, TODAY, make_project, outcome, replace_in


def same_with_every_cache(root: Path) -> tuple[str, list[str]]:
    """Build with no cache, with a cold one and with a warm one; all three must agree."""
    off = outcome(root, cache=False)
    cold = outcome(root)
    assert (root / ".cache" / "checks").is_dir()
    warm = outcome(root)
    assert cold == off
    assert warm == off
    return off


FAULTS = {
    "schema error in one profile": [("data/prisoners/boris-test.yaml", "gender: male",
                                     "gender: m")],
    "a source a profile cites is gone": [("data/sources.yaml", "id: report-b",
                                          "id: report-z")],
    "broken link in the output": [("templates/base.html", "</footer>",
                                   '<a href="no-such-page/">x</a></footer>')],
    "withheld name in a public profile": [("data/prisoners/boris-test.yaml",
                                           "summary:\n  en: ",
                                           "summary:\n  en: Secret Person, ")],
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_same_problems_with_the_caches_off_cold_and_warm(tmp_path, fault):
    root = make_project(tmp_path / "project", "minimal")
    for relative, old, new in FAULTS[fault]:
        replace_in(root, relative, old, new)
    state, problems = same_with_every_cache(root)
    assert state == "stopped" and problems


def test_the_same_warnings_with_the_caches_off_cold_and_warm(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, "data/prisoners/boris-test.yaml", "verified: 2025-09-12",
               "verified: 2023-01-01")
    state, warnings = same_with_every_cache(root)
    assert state == "built" and warnings


def test_an_edit_that_adds_a_fault_is_found_on_the_next_build_and_its_fix_too(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    clean = outcome(root)
    assert clean[0] == "built"
    profile = "data/prisoners/boris-test.yaml"
    replace_in(root, profile, "gender: male", "gender: m")
    state, problems = outcome(root)
    assert state == "stopped"
    assert any(p.startswith(f"{profile}:") and '"m" is not one of' in p for p in problems)
    replace_in(root, profile, "gender: m", "gender: male")
    assert outcome(root) == clean


def test_a_profile_unchanged_is_still_checked_against_the_files_it_refers_to(tmp_path):
    """The profile's own checks are kept, but with what its references may name: a source
    id taken away elsewhere makes its citation an error on the next build."""
    root = make_project(tmp_path / "project", "minimal")
    assert outcome(root)[0] == "built"
    replace_in(root, "data/sources.yaml", "id: report-b", "id: report-z")
    state, problems = outcome(root)
    assert state == "stopped"
    assert any(p.startswith("data/prisoners/withheld-1.yaml") and "report-b" in p
               for p in problems)


def test_a_photo_made_unreadable_is_found_though_its_profile_did_not_change(tmp_path):
    """Found by the checks of the sources, with every other problem (here: another
    profile's), not only later when the model is made."""
    root = make_project(tmp_path / "project", "minimal")
    assert outcome(root)[0] == "built"
    (root / "content/photos/anna-test.png").write_bytes(b"not a picture at all")
    replace_in(root, "data/prisoners/boris-test.yaml", "gender: male", "gender: m")
    state, problems = outcome(root)
    assert state == "stopped"
    assert any(p.startswith("data/prisoners/anna-test.yaml") and "photo.file" in p
               for p in problems)
    assert any(p.startswith("data/prisoners/boris-test.yaml") for p in problems)


@pytest.mark.parametrize("kind", ["checks", "links"])
def test_a_damaged_or_foreign_entry_is_ignored(tmp_path, kind):
    """Each entry changed in one byte, or sealed with another key: the next build, after a
    link that leads nowhere was added, finds the same as without a cache."""
    root = make_project(tmp_path / "project", "minimal")
    assert outcome(root)[0] == "built"
    replace_in(root, "templates/base.html", "</footer>", '<a href="nowhere/">x</a></footer>')
    expected = outcome(root, cache=False)
    assert expected[0] == "stopped"
    entries = [p for p in (root / ".cache" / kind).rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        data = bytearray(entry.read_bytes())
        data[-5] ^= 1
        entry.write_bytes(bytes(data))
    assert outcome(root) == expected
    key = tmp_path / "other.key"
    key.write_bytes(os.urandom(32))
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", TODAY.isoformat()], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PORTAL_CACHE_KEY": str(key)})
    assert result.returncode == 1 and "nowhere/" in result.stdout + result.stderr
    assert outcome(root) == expected  # entries sealed with another key: ignored


def test_kept_results_are_found_again_only_for_an_equal_document_and_key(tmp_path):
    doc = Document("data/prisoners/a.yaml", {"name": {"en": "A"}}, {(): (1, 1)})
    calls = []

    def compute():
        calls.append(1)
        return ["answer"]

    first = KeptResults(tmp_path)
    assert first.get("check", doc, ("en", dt.date(2025, 1, 1)), compute) == ["answer"]
    first.save()
    again = KeptResults(tmp_path)
    assert again.get("check", Document(doc.path, {"name": {"en": "A"}}, {(): (1, 1)}),
                     ("en", dt.date(2025, 1, 1)), compute) == ["answer"]
    assert len(calls) == 1
    again.get("check", doc, ("en", dt.date(2025, 1, 2)), compute)  # another date
    again.get("check", Document(doc.path, {"name": {"en": "B"}}, {(): (1, 1)}),
              ("en", dt.date(2025, 1, 1)), compute)  # another document
    again.get("check", Document(doc.path, {"name": {"en": "A"}}, {(): (2, 1)}),
              ("en", dt.date(2025, 1, 1)), compute)  # the same data on another line
    again.get("style", doc, ("en", dt.date(2025, 1, 1)), compute)  # another check
    assert len(calls) == 5
    again.get("check", doc, (object(),), compute)  # a key that cannot be encoded
    again.get("check", doc, (object(),), compute)
    assert len(calls) == 7


def test_a_key_is_encoded_the_same_whatever_the_order_of_a_set():
    assert encoded(frozenset(["a", "b", "c"])) == encoded(frozenset(["c", "a", "b"]))
    assert encoded({"x": 1, "y": 2}) == encoded({"y": 2, "x": 1})
    different = [None, True, 1, 1.0, "1", b"1", (1,), [1], frozenset([1]), {1: 1},
                 dt.date(2025, 1, 1), ("a", "b"), ("ab",), (("a",), "b"), frozenset(["a,b"]),
                 frozenset(["a", "b"])]
    assert len({encoded(value) for value in different}) == len(different)
    assert encoded((object(),)) is None and encoded(frozenset([object()])) is None


PAGES = {
    "en/index.html": '<a href="prisoners/">a</a><a href="prisoners/#list">b</a>'
                     '<a href="../nowhere/">c</a><p id="top">',
    "en/prisoners/index.html": '<h1 id="list">x</h1><a href="../#top">up</a>'
                               '<a href="a/">a</a>',
    "en/prisoners/a/index.html": '<a href="../../../x/">out</a><a href="../#list">l</a>',
    "data.json": "{}",
}


def observed(pages: dict[str, str], cache: Path | None, prefix: str = "/"
             ) -> tuple[list[str], list[str]]:
    """(the problems, the pages that had to be read)."""
    links, read = LinkCheck(prefix, cache), []
    for path, text in pages.items():
        def loader(path=path, text=text) -> bytes:
            read.append(path)
            return text.encode()
        links.observe(path, loader, hashlib.blake2b(text.encode(), digest_size=16).digest())
    problems = [p.message for p in links.problems({}, None)]
    links.save()
    return problems, read


def test_the_link_check_from_kept_facts_finds_what_reading_the_pages_finds(tmp_path):
    cache = tmp_path / "links"
    expected, _ = observed(PAGES, None)
    assert len(expected) == 2
    cold, read = observed(PAGES, cache)
    assert cold == expected and sorted(read) == sorted(p for p in PAGES if p.endswith(".html"))
    warm, read = observed(PAGES, cache)
    assert warm == expected and read == []  # no page read again
    # a page gone, and a fragment gone: pages found sound before now link nowhere
    changed = {**PAGES, "en/index.html": PAGES["en/index.html"].replace('id="top"', "")}
    del changed["en/prisoners/a/index.html"]
    expected, _ = observed(changed, None)
    assert len(expected) == 3  # en/prisoners/index.html, sound before, now twice broken
    warm, read = observed(changed, cache)
    assert warm == expected and read == ["en/index.html"]
    assert observed(changed, cache, "/portal/")[0] == observed(changed, None, "/portal/")[0]


def test_damaged_link_facts_are_read_again(tmp_path):
    cache = tmp_path / "links"
    expected, _ = observed(PAGES, cache)
    for entry in cache.rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-1] + b"x")
    problems, read = observed(PAGES, cache)
    assert problems == expected and len(read) == 3


GUARD = Guard.of({"withheld-1": ["Secret Person"]}, {"anna": ["Anna Test"]})


def test_the_output_guard_reads_no_file_whose_verdict_it_knows(tmp_path):
    pages = {"en/a/index.html": b"<p>Anna Test</p>", "en/b/index.html": b"<p>Secret Person</p>",
             "data.json": b'{"a": "Anna Test"}'}
    read = []

    def run() -> list[str]:
        verdicts = Verdicts(tmp_path / "guard", GUARD, "output")
        leaks = OutputGuard(GUARD, verdicts)
        for path, content in pages.items():
            leaks.check(path, lambda p=path, c=content: read.append(p) or c,
                        hashlib.blake2b(content, digest_size=16).digest())
        verdicts.save()
        return [p.message for p in leaks.problems]

    plain = OutputGuard(GUARD)
    for path, content in pages.items():
        plain.check(path, content)
    expected = [p.message for p in plain.problems]
    assert len(expected) == 1 and "Secret Person" in expected[0]
    assert run() == expected and len(read) == 3
    read.clear()
    assert run() == expected and read == ["en/b/index.html"]  # only the one with the name


def test_the_offline_copy_reads_no_file_whose_compressed_entry_it_keeps(tmp_path):
    import io
    import zipfile

    files = {"en/index.html": b'<a href="prisoners/">x</a>', "data.json": b"{}"}
    read = []

    def archive() -> bytes:
        copy = OfflineZip(tmp_path / "zip")
        for path, content in files.items():
            copy.add(path, lambda p=path, c=content: read.append(p) or c,
                     hashlib.blake2b(content, digest_size=16).digest())
        out = io.BytesIO()
        copy.write(out)
        return out.getvalue()

    first = archive()
    assert sorted(read) == sorted(files)
    read.clear()
    assert archive() == first and read == []
    with zipfile.ZipFile(io.BytesIO(first)) as opened:
        assert opened.read("portal/en/index.html") == b'<a href="prisoners/index.html">x</a>'


def test_values_kept_together_survive_only_whole(tmp_path):
    kept = Kept(tmp_path)
    kept.put(b"k" * 16, ("a", "b"))
    kept.save()
    assert Kept(tmp_path).get(b"k" * 16) == ("a", "b")
    entry = next(p for p in tmp_path.rglob("*") if p.is_file())
    entry.write_bytes(entry.read_bytes()[:-1])
    assert Kept(tmp_path).get(b"k" * 16) is None
