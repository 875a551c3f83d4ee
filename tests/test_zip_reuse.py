"""An edit pays only for the offline copy's entries it changes: the entries of the zip
published before are copied as they lie there once the hash of their bytes is the one
recorded, and the leak guard unpacks only entries whose bytes it does not know to unpack
to a text found clean. The zip is still byte for byte what a build without any cache
makes, and still checked as written."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from portal.build import builder
from portal.names.guard import Guard
from portal.outputs import zipfacts, zipscan
from portal.outputs.leaks import OutputGuard
from portal.outputs.offline import OFFLINE_ZIP, OfflineZip

from conftest import build, built_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def withhold(profile: Path) -> None:
    edit(profile, "gender: female", "gender: female\nname_withheld: true")
    profile.rename(profile.with_name("withheld-2.yaml"))


EDITS = {  # as in test_hardlinks.py
    "profile": lambda root: edit(root / "data/prisoners/anna-test.yaml", "  en: A journalist",
                                 "  en: A reporter"),
    "template": lambda root: edit(root / "templates/statement.html", "</article>",
                                  "</article><!-- edited -->"),
    "withheld": lambda root: withhold(root / "data/prisoners/eva-test.yaml"),
    "deleted": lambda root: (root / "data/prisoners/eva-test.yaml").unlink(),
}


@pytest.fixture
def built(tmp_path) -> Path:
    return built_project(tmp_path / "project")


def from_nothing(root: Path, tmp_path: Path) -> bytes:
    build(root, tmp_path / "reference", jobs=1, cache=False)
    return (tmp_path / "reference" / OFFLINE_ZIP).read_bytes()


def counted(monkeypatch) -> list[bool]:
    """Whether each entry was copied from the zip published before (True) or not."""
    copies: list[bool] = []
    original = zipfacts.Previous.packed

    def spy(self, key):
        found = original(self, key)
        copies.append(found is not None)
        return found

    monkeypatch.setattr(zipfacts.Previous, "packed", spy)
    return copies


@pytest.mark.parametrize("kind", ["profile", "template", "withheld", "deleted"])
def test_after_an_edit_the_zip_is_byte_for_byte_the_one_made_from_nothing(
        built, tmp_path, monkeypatch, kind):
    copies = counted(monkeypatch)
    EDITS[kind](built)
    build(built, jobs=1)
    assert sum(copies) > len(copies) // 2, "the unchanged entries were not copied"
    assert (built / "site" / OFFLINE_ZIP).read_bytes() == from_nothing(built, tmp_path)


def test_a_damaged_entry_in_the_published_zip_is_not_copied(built, tmp_path, monkeypatch):
    """A byte changed by hand inside an entry (the file's size and times put back, so
    that nothing but its bytes tells): that entry is taken from the cache instead."""
    published = built / "site" / OFFLINE_ZIP
    status = published.stat()
    data = bytearray(published.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("portal/en/prisoners/eva-test/index.html")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    published.write_bytes(bytes(data))
    os.utime(published, ns=(status.st_atime_ns, status.st_mtime_ns))
    copies = counted(monkeypatch)
    EDITS["profile"](built)
    build(built, jobs=1)
    assert copies.count(False) >= 2  # the edited profile's pages, and the damaged one
    assert published.read_bytes() == from_nothing(built, tmp_path)


def test_with_the_facts_damaged_every_entry_is_read_from_the_cache(built, tmp_path):
    facts = built / ".cache" / "zip" / zipfacts.NAME
    facts.write_bytes(facts.read_bytes()[:-1])
    EDITS["profile"](built)
    build(built, jobs=1)
    assert (built / "site" / OFFLINE_ZIP).read_bytes() == from_nothing(built, tmp_path)


def archive_of(files: dict[str, bytes], cache: Path) -> tuple[bytes, OfflineZip]:
    copy = OfflineZip(cache)
    for path, content in files.items():
        copy.add(path, content)
    out = io.BytesIO()
    copy.write(out)
    return out.getvalue(), copy


def test_an_entry_known_clean_is_not_unpacked_again(tmp_path, monkeypatch):
    guard = Guard.of({"withheld-1": ["Secret Person"]})
    data, copy = archive_of({"en/a.txt": b"Nothing here. " * 40}, tmp_path / "zip")
    unpacked = copy.facts.unpacked()
    first = OutputGuard(guard)
    first.check("en/a.txt", b"Nothing here. " * 40)  # as the build checks each file
    first.check_zip("download/x.zip", data, unpacked)
    assert first.problems == []

    def refuse(*args):
        raise AssertionError("unpacked")

    monkeypatch.setattr(zipscan.zlib, "decompressobj", refuse)
    first.check_zip("download/x.zip", data, unpacked)  # not unpacked: known clean
    with pytest.raises(AssertionError):
        OutputGuard(guard).check_zip("download/x.zip", data, unpacked)  # not known clean


def test_an_entry_whose_bytes_are_not_those_known_is_unpacked_and_read(tmp_path):
    """Facts of a clean archive vouch for nothing in another one that holds a name, even
    under the same entry name."""
    guard = Guard.of({"withheld-1": ["Secret Person"]})
    clean, copy = archive_of({"en/a.txt": b"Nothing here. " * 40}, tmp_path / "zip")
    unpacked = copy.facts.unpacked()
    leaky, _ = archive_of({"en/a.txt": b"A note on Secret Person. " * 40},
                          tmp_path / "other")
    checker = OutputGuard(guard)
    checker.check("en/a.txt", b"Nothing here. " * 40)
    checker.check_zip("download/x.zip", leaky, unpacked)
    assert len(checker.problems) == 1
    assert "download/x.zip/portal/en/a.txt" in checker.problems[0].message


def test_the_facts_name_the_published_zip_and_the_guard_learns_what_it_unpacks(built):
    facts = zipfacts.ZipFacts(built / ".cache" / "zip")
    assert facts.archive == os.path.abspath(built / "site" / OFFLINE_ZIP)
    assert facts.facts and all(f.offset > 0 and f.content != zipfacts.UNKNOWN
                               for f in facts.facts.values())
    assert builder.OFFLINE_ZIP == OFFLINE_ZIP
