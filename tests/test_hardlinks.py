"""An edit rewrites only what it changes: a build still makes a new site beside the old
one and swaps it in whole, but each file the last build made under the same cache key (or
with the same content), and still on disk as that build left it, reaches the new site as
a hard link to the old file. The site is then byte for byte what a build without any
cache makes."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from portal.build import manifest
from portal.options import Options
from portal.outputs import fulltext, shards
from portal.store.write import wait_for_cleanup

from conftest import TODAY, assert_same_sites, build, built_project, snapshot


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino
            for p in site.rglob("*") if p.is_file()}


def repaint_photo(root: Path) -> None:
    path = root / "content" / "photos" / "anna-test.png"
    with Image.open(path) as image:
        changed = image.convert("RGB")
    changed.paste((200, 30, 30), (0, 0, changed.width // 2, changed.height // 2))
    changed.save(path)


def withhold(profile: Path) -> None:
    """A person's name withheld: the file gets a name that does not identify them."""
    edit(profile, "gender: female", "gender: female\nname_withheld: true")
    profile.rename(profile.with_name("withheld-2.yaml"))


EDITS = {
    "profile": lambda root: edit(root / "data/prisoners/anna-test.yaml", "  en: A journalist",
                                 "  en: A reporter"),
    "statement": lambda root: edit(root / "content/statements/2025-09-11-release.en.md",
                                   "title: Fifty-two released", "title: 52 released"),
    "wave": lambda root: edit(root / "data/releases.yaml", "en: Thirty people pardoned.",
                              "en: Thirty pardoned."),
    "strings": lambda root: edit(root / "data/strings/en.yaml", "  statements: Statements\n",
                                 "  statements: All statements\n"),
    "template": lambda root: edit(root / "templates/statement.html", "</article>",
                                  "</article><!-- edited -->"),
    "asset": lambda root: edit(root / "templates/assets/style.css", "\n", "\n/* edited */\n"),
    "photo": repaint_photo,
    "settings": lambda root: edit(root / "data/site.yaml", "en: Their stories, the releases",
                                  "en: Their lives, the releases"),
    "deleted": lambda root: (root / "data/prisoners/eva-test.yaml").unlink(),
    "renamed": lambda root: (root / "data/prisoners/eva-test.yaml").rename(
        root / "data/prisoners/eva-testova.yaml"),
    "withheld": lambda root: withhold(root / "data/prisoners/eva-test.yaml"),
}


@pytest.fixture
def built(tmp_path) -> Path:
    return built_project(tmp_path / "project")


def reference(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reference"
    build(root, out, jobs=1, cache=False)
    return out


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_after_each_kind_of_edit_the_site_is_what_a_build_without_cache_makes(
        built, tmp_path, kind):
    site = built / "site"
    before = inodes(site)
    EDITS[kind](built)
    result = build(built, jobs=1)
    assert not result.unchanged
    assert_same_sites(site, reference(built, tmp_path))
    after = inodes(site)
    kept = [path for path in after if before.get(path) == after[path]]
    assert kept, "nothing was linked from the last site"
    if kind not in ("settings", "strings", "asset"):  # every page shows these
        assert len(kept) > len(after) // 3, (len(kept), len(after))
    assert build(built, jobs=1).unchanged


def test_unchanged_files_are_links_to_the_old_ones_and_changed_ones_are_new(built):
    site = built / "site"
    before = inodes(site)
    EDITS["statement"](built)
    build(built, jobs=1)
    wait_for_cleanup()  # the spare the build did not use is deleted in the background
    after = inodes(site)
    for changed in ("en/statements/2025-09-11-release/index.html", "en/statements/index.html"):
        assert after[changed] != before[changed], changed
    for same in ("en/prisoners/eva-test/index.html", "be/prisoners/eva-test/index.html",
                 "en/statements/2024-10-01-english-only/index.html"):
        assert after[same] == before[same], same
        # two names: the site, and the site it replaced, kept as the spare (spare.py)
        assert (site / same).stat().st_nlink == 2
        assert (built / ".site-spare" / same).stat().st_ino == after[same]
    assets = [path for path in after if path.startswith("assets/")]
    assert assets and all(after[path] == before[path] for path in assets)


def test_a_file_changed_by_hand_is_made_anew_not_linked(built, tmp_path):
    site = built / "site"
    page = site / "en" / "prisoners" / "eva-test" / "index.html"
    with open(page, "a", encoding="utf-8") as handle:
        handle.write("<!-- by hand -->")
    touched = page.stat().st_ino
    EDITS["statement"](built)
    build(built, jobs=1)
    assert page.stat().st_ino != touched
    assert "by hand" not in page.read_text(encoding="utf-8")
    assert_same_sites(site, reference(built, tmp_path))


def test_where_no_link_can_be_made_the_file_is_copied(built, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    before = inodes(built / "site")
    EDITS["profile"](built)
    build(built, jobs=1)
    after = inodes(built / "site")
    assert not [path for path in after if before.get(path) == after[path]]
    assert_same_sites(built / "site", reference(built, tmp_path))
    monkeypatch.undo()
    assert build(built, jobs=1).unchanged  # the copies are recorded as they are


def test_with_the_cache_kept_and_no_site_nothing_is_linked_and_all_is_made(built, tmp_path):
    """Netlify keeps .cache/ between deploys but not the site."""
    shutil.rmtree(built / "site")
    EDITS["profile"](built)
    result = build(built, jobs=1)
    assert not result.unchanged
    assert_same_sites(built / "site", reference(built, tmp_path))
    assert build(built, jobs=1).unchanged


def test_a_manifest_lists_every_file_of_the_site_with_its_hash(built):
    site = built / "site"
    kept = manifest.load(Options(root=built, today=TODAY))
    assert kept is not None
    assert sorted(kept.files) == sorted(inodes(site))
    page = "en/prisoners/anna-test/index.html"
    assert kept.files[page].digest == hashlib.blake2b((site / page).read_bytes(),
                                                      digest_size=16).digest()
    assert kept.files[page].key is not None


def made_from_the_whole_site(path: str) -> bool:
    """The search index, the feeds, the sitemap, the open data, the calendars, the lists'
    filters: files every profile or statement may change."""
    return path.endswith((".json", ".xml", ".csv", ".ics")) or path in ("robots.txt",
                                                                       "_redirects")


@pytest.fixture
def small_shards(monkeypatch) -> None:
    """The search index cut into many small files, as a large site's is."""
    monkeypatch.setattr(fulltext, "shards", functools.partial(shards.shards, limit=120))
    monkeypatch.setattr(fulltext, "chunks", functools.partial(shards.chunks, size=2))
    monkeypatch.setattr(fulltext, "CHUNK", 2)


@pytest.mark.parametrize("kind", ["profile", "statement"])
def test_after_an_edit_only_the_files_of_the_whole_site_that_changed_are_new(
        small_shards, built, tmp_path, monkeypatch, kind):
    site = built / "site"
    before, old = inodes(site), snapshot(site)
    read = []
    terms = fulltext.terms
    monkeypatch.setattr(fulltext, "terms", lambda text: read.append(text) or terms(text))
    EDITS[kind](built)
    build(built, jobs=1)
    wait_for_cleanup()
    assert 0 < len(read) <= 3, read  # the edited text, in each language that shows it
    new, after = snapshot(site), inodes(site)
    whole = [path for path in new if made_from_the_whole_site(path)]
    same = [path for path in whole if old.get(path) == new[path]]
    changed = [path for path in whole if old.get(path) != new[path]]
    assert [path for path in same if after[path] != before[path]] == []  # linked
    assert [path for path in changed if after[path] == before.get(path)] == []
    assert [path for path in changed if "/search/" in path]
    assert len([path for path in same if "/search/" in path]) > 10
    assert "sitemap.xml" in same and "data/sources.json" in same
    if kind == "statement":
        assert [path for path in whole if path.startswith("data/") and path in changed] == []
    assert_same_sites(site, reference(built, tmp_path))
