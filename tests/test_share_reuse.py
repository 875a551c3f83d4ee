"""Share images in an edit build: a card whose words are unchanged since the last build
reaches the new site as a hard link to the current one (not read from the cache, not
drawn again); a card whose words changed is drawn anew; a card changed by hand in the
site folder is not linked. Either way the site is what a build without a cache makes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from portal.outputs import shareimage
from portal.store import cachefile

from conftest import assert_same_sites, build

ANNA = "en/prisoners/anna-test/share.png"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cards(site: Path) -> dict[str, int]:
    """Every share image of the site, by path, with its inode."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("share.png")}


@pytest.fixture
def built(project) -> Path:
    root = project("minimal")
    build(root, jobs=1)
    return root


@pytest.fixture
def reading_and_drawing(monkeypatch) -> list[str]:
    """What share images read from their cache and draw from now on, by cache entry
    name and by title."""
    seen: list[str] = []
    read, draw = cachefile.CacheFolder.read, shareimage.draw

    def reading(self, path):
        if self.folder.name == "share":
            seen.append(path.name)
        return read(self, path)

    def drawing(title, subtitle, site_name):
        seen.append(title)
        return draw(title, subtitle, site_name)

    monkeypatch.setattr(cachefile.CacheFolder, "read", reading)
    monkeypatch.setattr(shareimage, "draw", drawing)
    return seen


def reference(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reference"
    build(root, out, jobs=1, cache=False)
    return out


def test_cards_whose_words_are_unchanged_are_linked_neither_read_nor_drawn(
        built, tmp_path, reading_and_drawing):
    site = built / "site"
    before = cards(site)
    assert ANNA in before and len(before) > 3
    edit(built / "data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter")
    build(built, jobs=1)  # the profile's page changes; none of its cards' words do
    assert reading_and_drawing == []
    assert cards(site) == before
    assert_same_sites(site, reference(built, tmp_path))


def test_a_changed_name_gives_a_new_card_and_only_that_one(built, tmp_path,
                                                            reading_and_drawing):
    site = built / "site"
    before, old = cards(site), (built / "site" / ANNA).read_bytes()
    edit(built / "data/prisoners/anna-test.yaml", "en: Anna Test", "en: Anna Testova")
    build(built, jobs=1)
    after = cards(site)
    assert [path for path in after if after[path] != before[path]] == [ANNA]
    assert reading_and_drawing == ["Anna Testova"]
    assert (site / ANNA).read_bytes() != old
    assert_same_sites(site, reference(built, tmp_path))


def test_a_card_changed_by_hand_in_the_site_is_made_anew_not_linked(built, tmp_path):
    site = built / "site"
    card = site / ANNA
    right = card.read_bytes()
    with Image.open(io.BytesIO(right)) as image:
        scribbled = image.copy()
    scribbled.paste(5, (100, 100, 400, 200))
    buffer = io.BytesIO()
    scribbled.save(buffer, "PNG")
    card.write_bytes(buffer.getvalue())
    shutil.rmtree(built / ".cache" / "share")  # drawn again, not read back
    edit(built / "data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter")
    build(built, jobs=1)
    assert card.read_bytes() == right
    assert_same_sites(site, reference(built, tmp_path))


def test_a_card_cut_short_in_the_site_is_made_anew(built, tmp_path):
    card = built / "site" / ANNA
    right = card.read_bytes()
    card.write_bytes(right[:len(right) // 2])
    edit(built / "data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter")
    build(built, jobs=1)
    assert card.read_bytes() == right
    assert_same_sites(built / "site", reference(built, tmp_path))


def test_the_words_of_cards_found_clean_before_are_not_searched_again(project, monkeypatch):
    from portal.outputs import leaks

    built = project("minimal")
    profile = built / "data/prisoners/eva-test.yaml"  # a name withheld: a guard to search with
    edit(profile, "gender: female", "gender: female\nname_withheld: true")
    profile.rename(profile.with_name("withheld-2.yaml"))
    build(built, jobs=1)
    searched: list[str] = []
    finds = leaks.OutputGuard._finds

    def counting(self, text, breaks, joined=True):
        if not joined:  # the words of a card (check_words)
            searched.append(text)
        return finds(self, text, breaks, joined)

    monkeypatch.setattr(leaks.OutputGuard, "_finds", counting)
    edit(built / "content/statements/2025-09-11-release.en.md", "title: Fifty-two released",
         "title: 52 released")  # (a changed name would change what the guard looks for)
    build(built, jobs=1)
    assert searched and all(text.startswith("52 released") for text in searched)


def test_cards_drawn_by_another_pillow_are_drawn_again_not_linked(built, tmp_path,
                                                                  monkeypatch):
    """A card's bytes depend on Pillow (and zlib, and the code) as well as on its words:
    after an upgrade, an edit build draws every card again, as a build without a cache
    would, instead of linking the old ones or reading them from `.cache/share/`."""
    from portal.outputs import sharefiles

    site = built / "site"
    before = cards(site)
    drawn: list[str] = []
    draw = shareimage.draw

    def drawing(title, subtitle, site_name):
        drawn.append(title)
        return draw(title, subtitle, site_name)

    monkeypatch.setattr(shareimage, "draw", drawing)
    monkeypatch.setattr(sharefiles, "library_version", lambda name: "0.0-upgraded")
    sharefiles._drawn_by.cache_clear()
    try:
        edit(built / "data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter")
        build(built, jobs=1)
        warm = list(drawn)
        drawn.clear()
        assert_same_sites(site, reference(built, tmp_path))
    finally:
        sharefiles._drawn_by.cache_clear()
    assert cards(site).keys() == before.keys()
    assert "Anna Test" in warm and sorted(warm) == sorted(drawn)  # all, as from nothing
