"""The live preview's incremental rebuilds: only what a change affects is rendered again,
and the site is then the same, byte for byte, as a full build of the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.options import Options
from portal.outputs.offline import OFFLINE_ZIP, OfflineZip
from portal.preview.incremental import Preview
from portal.problems import ContentError

from conftest import (
    TODAY,
    assert_same_sites,
    build,
    copy_of_built,
    make_project,
    parse,
    snapshot,
)


@pytest.fixture
def preview(tmp_path) -> Preview:
    """The minimal fixture in the live preview, its first build done: from the caches that
    a first preview build of the same files left (made once per test process, then copied:
    conftest.copy_of_built), as when the preview starts again on a project it built
    before. The tests marked `cold` start from nothing, as the first preview does."""
    root = copy_of_built(tmp_path / "project", "preview", _first_preview)
    preview = Preview(Options(root=root, out=tmp_path / "site", today=TODAY, jobs=1))
    preview.build()
    return preview


@pytest.fixture
def cold_preview(project, tmp_path) -> Preview:
    """The minimal fixture in the live preview, its first build done with no caches."""
    root = project("minimal")
    preview = Preview(Options(root=root, out=tmp_path / "site", today=TODAY, jobs=1))
    preview.build()
    return preview


def _first_preview(root: Path) -> None:
    make_project(root, "minimal")
    Preview(Options(root=root, out=root.parent / "site", today=TODAY, jobs=1)).build()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_same_as_full_build(preview: Preview, tmp_path: Path) -> None:
    full = tmp_path / "full"
    build(preview.options.root, full, jobs=1)
    assert_same_sites(preview.options.output, full)


def profile(preview: Preview, slug: str) -> Path:
    return preview.options.root / "data" / "prisoners" / f"{slug}.yaml"


@pytest.mark.parametrize("start", ["cold", "warm"])
def test_editing_a_profile_renders_its_pages_and_the_lists_that_show_it(request, tmp_path,
                                                                        start):
    preview = request.getfixturevalue({"cold": "cold_preview", "warm": "preview"}[start])
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    update = preview.update()
    assert not update.full and update.changed == ("data/prisoners/anna-test.yaml",)
    assert "en/prisoners/anna-test/index.html" in update.written
    assert "en/prisoners/index.html" in update.written  # the list shows the summary
    assert "en/prisoners/boris-test/index.html" not in update.written
    assert update.own_seconds is not None
    page = parse(preview.options.output / "en/prisoners/anna-test/index.html")
    assert "A reporter released in September 2025." in page.get_text()
    assert_same_as_full_build(preview, tmp_path)


def test_changing_a_name_reaches_the_statement_that_mentions_the_person(preview, tmp_path):
    edit(profile(preview, "anna-test"), "en: Anna Test", "en: Anna Testova")
    update = preview.update()
    assert "en/statements/2025-09-11-release/index.html" in update.written
    assert_same_as_full_build(preview, tmp_path)


def test_editing_a_statement(preview, tmp_path):
    statement = preview.options.root / "content/statements/2025-09-11-release.en.md"
    edit(statement, "title: Fifty-two released", "title: 52 released")
    update = preview.update()
    assert "en/statements/2025-09-11-release/index.html" in update.written
    assert "en/statements/index.html" in update.written
    assert any(path.endswith(".xml") for path in update.written)  # the feed
    assert_same_as_full_build(preview, tmp_path)


def test_a_statement_that_starts_mentioning_someone_reaches_their_profile(preview, tmp_path):
    statement = preview.options.root / "content/statements/2025-09-11-release.en.md"
    edit(statement, "people: [anna-test]", "people: [anna-test, boris-test]")
    update = preview.update()
    assert "en/prisoners/boris-test/index.html" in update.written
    assert_same_as_full_build(preview, tmp_path)


@pytest.mark.parametrize("template, inside, page, untouched", [
    ("prisoner.html", "</article>", "en/prisoners/anna-test/index.html",
     "en/statements/index.html"),
    ("statement_card.html", "</li>", "en/statements/index.html",
     "en/prisoners/index.html"),
    ("base.html", "</body>", "en/statements/index.html", None),
])
def test_editing_a_template_renders_the_pages_made_with_it(preview, tmp_path, template, inside,
                                                           page, untouched):
    edit(preview.options.root / "templates" / template, inside, "<!-- edited -->" + inside)
    update = preview.update()
    assert not update.full and page in update.written
    if untouched:
        assert untouched not in update.written
    assert "<!-- edited -->" in (preview.options.output / page).read_text()
    assert_same_as_full_build(preview, tmp_path)


@pytest.mark.parametrize("file, old, new", [
    ("data/strings/en.yaml", "\n", "\n# a comment first\n"),
    ("data/site.yaml", "\n", "\n# a comment first\n"),
    ("data/facilities.yaml", "en: Test pre-trial centre", "en: Test remand prison"),
    ("data/releases.yaml", "en: Thirty people pardoned.", "en: Thirty pardoned."),
])
def test_settings_strings_and_shared_data(preview, tmp_path, file, old, new):
    edit(preview.options.root / file, old, new)
    update = preview.update()
    assert update is not None and update.changed == (file,)
    if file in ("data/strings/en.yaml", "data/site.yaml"):
        assert update.full
    assert_same_as_full_build(preview, tmp_path)


def test_a_changed_interface_string_shows_everywhere(preview, tmp_path):
    edit(preview.options.root / "data/strings/en.yaml", "  statements: Statements\n",
         "  statements: All statements\n")
    preview.update()
    page = parse(preview.options.output / "en/prisoners/anna-test/index.html")
    assert "All statements" in [a.get_text(strip=True) for a in page.find_all("a")]
    assert_same_as_full_build(preview, tmp_path)


def test_a_deleted_profile_takes_its_pages_with_it(preview, tmp_path):
    profile(preview, "eva-test").unlink()
    update = preview.update()
    assert "en/prisoners/eva-test/index.html" in update.removed
    assert not (preview.options.output / "en/prisoners/eva-test").exists()
    assert_same_as_full_build(preview, tmp_path)


def test_a_renamed_profile_moves_its_pages(preview, tmp_path):
    profile(preview, "eva-test").rename(profile(preview, "eva-testova"))
    update = preview.update()
    assert "en/prisoners/eva-testova/index.html" in update.written
    assert "en/prisoners/eva-test/index.html" in update.removed
    assert_same_as_full_build(preview, tmp_path)


def test_a_new_statement_appears_in_the_lists(preview, tmp_path):
    folder = preview.options.root / "content/statements"
    shutil.copy(folder / "2024-10-01-english-only.en.md", folder / "2024-11-01-another.en.md")
    update = preview.update()
    assert "en/statements/2024-11-01-another/index.html" in update.written
    assert "en/statements/index.html" in update.written
    assert_same_as_full_build(preview, tmp_path)


def test_nothing_changed_is_nothing_to_do(preview):
    assert preview.update() is None


def test_a_broken_edit_keeps_the_last_good_site_and_the_next_good_save_recovers(preview,
                                                                              tmp_path):
    before = snapshot(preview.options.output)
    path = profile(preview, "anna-test")
    good = path.read_text(encoding="utf-8")
    edit(path, "status: released", "status: relesed")
    with pytest.raises(ContentError) as raised:
        preview.update()
    assert [(p.file, p.line, p.field) for p in raised.value.problems] == \
        [("data/prisoners/anna-test.yaml", 7, "status")]
    assert preview.problems == raised.value.problems
    assert snapshot(preview.options.output) == before
    path.write_text(good.replace("  en: A journalist", "  en: A reporter"), encoding="utf-8")
    update = preview.update()
    assert update is not None and not update.full and preview.problems == ()
    assert_same_as_full_build(preview, tmp_path)


def test_a_broken_link_keeps_the_last_good_site(preview, tmp_path):
    before = snapshot(preview.options.output)
    statement = preview.options.root / "content/statements/2025-09-11-release.en.md"
    edit(statement, "(prisoner:anna-test)", "(prisoner:anna-test) and [more](../nowhere/)")
    with pytest.raises(ContentError, match="problem"):
        preview.update()
    assert snapshot(preview.options.output) == before
    edit(statement, " and [more](../nowhere/)", "")
    preview.update()
    assert_same_as_full_build(preview, tmp_path)


def test_a_template_error_keeps_the_last_good_site(preview, tmp_path):
    before = snapshot(preview.options.output)
    template = preview.options.root / "templates/prisoner.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("</article>", "{{ h.no_such_helper() }}</article>"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        preview.update()
    [problem] = caught.value.problems
    assert problem.file == "templates/prisoner.html" and "no_such_helper" in problem.message
    assert problem.line is not None
    assert snapshot(preview.options.output) == before
    template.write_text(good, encoding="utf-8")
    preview.update()
    assert_same_as_full_build(preview, tmp_path)


def test_the_sample_site_after_a_profile_edit_equals_a_full_build(project, tmp_path):
    root = project(None)
    preview = Preview(Options(root=root, out=tmp_path / "site", today=TODAY, jobs=1))
    preview.build()
    first = sorted((root / "data/prisoners").glob("*.yaml"))[0]
    edit(first, "verified:", "# re-checked\nverified:")
    edit(first, "\n", "\n# edited\n")
    preview.update()
    assert_same_as_full_build(preview, tmp_path)


def test_an_edit_elsewhere_that_breaks_an_unchanged_profile_is_caught(preview, tmp_path):
    facilities = preview.options.root / "data/facilities.yaml"
    good = facilities.read_text(encoding="utf-8")
    facilities.write_text(good.replace("- id: sizo-test", "- id: sizo-renamed"),
                          encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        preview.update()
    assert ("data/prisoners/boris-test.yaml", "facility") in \
        [(p.file, p.field) for p in raised.value.problems]
    facilities.write_text(good, encoding="utf-8")
    assert preview.update() is not None
    assert_same_as_full_build(preview, tmp_path)


def test_a_new_mistake_in_an_unchanged_statement_link_is_caught(preview, tmp_path):
    profile(preview, "anna-test").rename(profile(preview, "anna-renamed"))
    with pytest.raises(ContentError) as raised:
        preview.update()
    assert any(p.file == "content/statements/2025-09-11-release.en.md" and
               "prisoner:anna-test" in p.message for p in raised.value.problems)


def test_removing_a_broken_new_file_clears_the_error_without_rendering(preview, tmp_path):
    """A new file that breaks the build, then deleted: the files are as in the last good
    build again, so the error page goes and the terminal says so (nothing to render)."""
    from portal.preview.serve import describe

    before = snapshot(preview.options.output)
    extra = profile(preview, "new-person")
    extra.write_text("name: {en: New Person}\nstatus: relesed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        preview.update()
    assert preview.problems
    extra.unlink()
    update = preview.update()
    assert update is not None and preview.problems == ()
    assert (update.full, update.rendered, update.changed) == (False, 0, ())
    assert "as in the last good build again" in describe(update)
    assert snapshot(preview.options.output) == before
    assert preview.update() is None


def test_a_site_another_build_swapped_in_makes_the_next_update_full(preview, tmp_path):
    """A build in another terminal replaces the folder the preview writes into: the
    preview's idea of what is there is then wrong, so its next update renders everything."""
    build(preview.options.root, preview.options.output, jobs=1)
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    update = preview.update()
    assert update is not None and update.full
    assert_same_as_full_build(preview, tmp_path)


def test_a_name_newly_withheld_is_found_in_texts_the_preview_found_clean(preview):
    """The preview remembers output texts found clean, for one set of withheld names: a
    new alias makes every text suspect again."""
    statement = preview.options.root / "content/statements/2025-09-11-release.en.md"
    statement.write_text(statement.read_text(encoding="utf-8") + "\nMystery Mann wrote.\n",
                         encoding="utf-8")
    preview.update()
    withheld = profile(preview, "withheld-1")
    withheld.write_text(withheld.read_text(encoding="utf-8") + "aliases: [Mystery Mann]\n",
                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        preview.update()
    assert any(p.file == "content/statements/2025-09-11-release.en.md"
               for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_a_saved_profile_shows_its_own_pages_before_the_site_is_loaded_again(preview, tmp_path,
                                                                              monkeypatch):
    """The quick answer (quick.py): the edited profile's pages are on disk before the
    whole site is loaded and checked again, and the site ends as a full build makes it."""
    import portal.preview.incremental

    page = preview.options.output / "en/prisoners/anna-test/index.html"
    seen = []
    real = portal.preview.incremental.load_unplanned

    def load(*args, **kwargs):
        seen.append("A reporter released" in parse(page).get_text())
        return real(*args, **kwargs)

    monkeypatch.setattr(portal.preview.incremental, "load_unplanned", load)
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    update = preview.update()
    assert seen == [True]
    assert "en/prisoners/anna-test/index.html" in update.quick
    assert {"be/prisoners/anna-test/index.html", "ru/prisoners/anna-test/index.html"} <= \
        set(update.quick)
    assert "en/prisoners/index.html" not in update.quick  # the lists wait for the model
    assert "en/prisoners/index.html" in update.written
    assert_same_as_full_build(preview, tmp_path)


@pytest.mark.parametrize("old, new", [
    ("en: Anna Test", "en: Anna Testova"),  # a name: the guard and the lists read it
    ("aliases: [Hanna Test]", "aliases: [Hanna Testova]"),
    ("status: released", "status: relesed"),  # fails its own checks
    ("credit: Fixture Org", "credit: Other Org"),  # the photo
])
def test_edits_other_pages_read_wait_for_the_whole_site(preview, tmp_path, old, new):
    edit(profile(preview, "anna-test"), old, new)
    try:
        update = preview.update()
    except ContentError:
        assert preview.problems
        return
    assert update.quick == ()
    assert_same_as_full_build(preview, tmp_path)


def test_a_withheld_name_in_a_saved_profile_is_never_written_first(preview):
    """The quick answer searches its pages for withheld names like the full update does:
    nothing is written, and the full update names the problem."""
    before = snapshot(preview.options.output)
    edit(profile(preview, "anna-test"), "  en: A journalist",
         "  en: Secret Person, a journalist")
    with pytest.raises(ContentError) as raised:
        preview.update()
    errors = [p for p in raised.value.problems if not p.warning]
    assert errors and all("withheld" in p.message for p in errors)
    assert snapshot(preview.options.output) == before


@pytest.mark.parametrize("form", ["Secrit Persun", "S e c r e t  P e r s o n"])
def test_a_name_only_the_source_guard_finds_is_never_written_first(preview, monkeypatch, form):
    """A withheld name in a form the search of what editors write finds and the search of
    pages does not (spelled loosely, letters set apart): the quick answer writes nothing
    before the saved text has passed the source guard, and the full update names it."""
    import portal.preview.incremental

    out = preview.options.output
    before = snapshot(out)
    seen = []
    real = portal.preview.incremental.load_unplanned

    def load(*args, **kwargs):
        seen.append(snapshot(out) == before)
        return real(*args, **kwargs)

    monkeypatch.setattr(portal.preview.incremental, "load_unplanned", load)
    edit(profile(preview, "anna-test"), "  en: A journalist", f"  en: {form}, a journalist")
    with pytest.raises(ContentError) as raised:
        preview.update()
    assert seen == [True]  # nothing written before the whole site was loaded
    errors = [p for p in raised.value.problems if not p.warning]
    assert errors and all("withheld" in p.message for p in errors)
    assert [p.file for p in errors] == ["data/prisoners/anna-test.yaml"]
    assert snapshot(out) == before


def test_pages_written_first_are_taken_back_when_the_whole_site_refuses_them(preview,
                                                                            tmp_path):
    """An edit that passes its own file's checks but not the site's (here citing a source
    marked secondary in sources.yaml without saying which facts rest on it): the pages the
    quick answer wrote are put back, and the next good save recovers without a full build."""
    sources = preview.options.root / "data/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "- id: report-c\n  title: Report C"
                       "\n  publisher: A Newspaper\n  date: 2024-autumn\n  secondary: true\n",
                       encoding="utf-8")
    assert preview.update().full
    before = snapshot(preview.options.output)
    path = profile(preview, "anna-test")
    good = path.read_text(encoding="utf-8")
    edit(path, "  en: A journalist", "  en: A reporter")
    edit(path, "\nsources: [report-a]", "\nsources: [report-a, report-c]")
    with pytest.raises(ContentError) as raised:
        preview.update()
    errors = [p for p in raised.value.problems if not p.warning]
    assert [(p.file, p.field) for p in errors] == [("data/prisoners/anna-test.yaml",
                                                    "sources")]
    assert snapshot(preview.options.output) == before
    path.write_text(good.replace("  en: A journalist", "  en: An editor"), encoding="utf-8")
    update = preview.update()
    assert update is not None and not update.full
    assert "en/prisoners/anna-test/index.html" in update.quick
    assert_same_as_full_build(preview, tmp_path)


def test_a_day_of_mixed_edits_leaves_the_site_as_a_full_build_makes_it(cold_preview,
                                                                       tmp_path):
    """The preview keeps what it made from unchanged records (plans, feed entries, data
    rows, search entries, list pages) and from unchanged shared files: after each of a
    run of edits to profiles, shared data and statements, in one process, the site is
    byte for byte what a full build makes of the same files (from a preview that started
    with no caches)."""
    preview = cold_preview
    root = preview.options.root
    anna, boris = profile(preview, "anna-test"), profile(preview, "boris-test")
    statement = root / "content/statements/2025-09-11-release.en.md"
    steps = [
        (root / "data/facilities.yaml", "en: Test pre-trial centre", "en: Test remand prison"),
        (anna, "date: 2021-05", "date: 2021-06"),  # an event: the changes feed, the data
        (boris, "status: imprisoned", "status: re-arrested"),  # the lists, the letters
        (root / "data/releases.yaml", "en: Thirty people pardoned.", "en: Thirty pardoned."),
        (statement, "(prisoner:anna-test)", "(prisoner:anna-test) and Boris"),
        (anna, "  en: A journalist", "  en: A reporter"),
        (root / "data/facilities.yaml", "en: Test remand prison", "en: Test pre-trial centre"),
        (boris, "status: re-arrested", "status: imprisoned"),
    ]
    for path, old, new in steps:
        edit(path, old, new)
        update = preview.update()
        assert update is not None and not update.full, path
        assert_same_as_full_build(preview, tmp_path)


def test_the_offline_copy_is_updated_by_appending_the_entries_that_changed(preview, tmp_path):
    """At 5,000 people the offline copy is 100 MB: an edit appends its few changed entries
    and a new directory to the file (same inode), and the archive reads as a full build's."""
    target = preview.options.output / OFFLINE_ZIP
    before = target.stat()
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    update = preview.update()
    assert OFFLINE_ZIP in update.written
    after = target.stat()
    assert after.st_ino == before.st_ino
    assert 0 < after.st_size - before.st_size < before.st_size / 2
    assert_same_as_full_build(preview, tmp_path)
    archive = preview.state.published.archive
    assert archive.dead > 0 and archive.worth_appending()


def test_the_offline_copy_is_written_whole_when_mostly_replaced_entries(preview, tmp_path):
    archive = preview.state.published.archive
    archive.dead = archive.data_end  # as after many edits
    target = preview.options.output / OFFLINE_ZIP
    before = target.stat()
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    preview.update()
    assert target.stat().st_ino != before.st_ino
    assert archive.dead == 0
    build(preview.options.root, tmp_path / "full", jobs=1)
    assert target.read_bytes() == (tmp_path / "full" / OFFLINE_ZIP).read_bytes()


def test_another_file_in_place_of_the_offline_copy_is_not_appended_to(preview, tmp_path):
    """Something else wrote the file (a copy restored, another tool): appending to it at
    the offsets of the archive written before would make nonsense; it is written whole."""
    target = preview.options.output / OFFLINE_ZIP
    content = target.read_bytes()
    target.write_bytes(content[:1000] + b"\0" * 100 + content[1000:])
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    preview.update()
    assert_same_as_full_build(preview, tmp_path)


def test_an_append_that_fails_halfway_writes_the_offline_copy_whole(preview, tmp_path,
                                                                   monkeypatch):
    """A disk error after the first bytes were appended leaves no broken archive."""
    def failing(self, handle):
        handle.seek(self.data_end)
        handle.write(b"PK\x03\x04 half an entry")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(OfflineZip, "append", failing)
    edit(profile(preview, "anna-test"), "  en: A journalist", "  en: A reporter")
    update = preview.update()
    assert OFFLINE_ZIP in update.written
    assert_same_as_full_build(preview, tmp_path)


@pytest.mark.parametrize("change, safe", [
    (("anna-test", "status: released", "status: relesed"), True),  # a typo
    (("anna-test", "aliases: [Hanna Test]", "aliases: [Hanna Test, Ann Test]"), True),
    (("new-stub", None, "name: {en: New Stub}\n"), True),  # a new public person
    (("withheld-2", None, "name: {en: ''}\nname_withheld: true\n"), True),  # no name yet
    (("withheld-2", None, "name: {en: Boris Test}\nname_withheld: true\n"), False),
    (("anna-test", "gender: female", "gender: female\nname_withheld: true"), False),
    (("withheld-1", "gender: other", "gender: other\naliases: [Mystery Mann]"), False),
    (("anna-test", "aliases: [Hanna Test]", "aliases: []"), False),  # a public name gone
    (("anna-test", "status: released", "status: [released"), False),  # cannot be read
    (("anna-test", None, None), False),  # deleted: its name excused no more
    (("withheld-1", None, None), True),
])
def test_the_last_good_site_is_shown_only_while_no_name_it_shows_is_newly_withheld(
        preview, change, safe):
    """While an edit is broken the preview shows the last good site with the problems
    above it, unless the edit could withhold a name the last good site shows (then every
    address is the error page): shown.py."""
    from portal.preview.shown import last_good_safe

    slug, old, new = change
    path = profile(preview, slug)
    if old is not None:
        edit(path, old, new)
    elif new is not None:
        path.write_text(new, encoding="utf-8")
    else:
        path.unlink()
    assert last_good_safe(preview) is safe


@pytest.mark.parametrize("listed, safe", [
    ("public_names: [Mystery Mann]", True),  # the allowance kept, another field broken
    ("public_names: []", False),  # the allowance taken away
])
def test_the_last_good_site_is_hidden_when_a_public_name_it_shows_loses_its_allowance(
        preview, listed, safe):
    """A name the last good site could show only by a record's `public_names` may be a
    withheld person's once the allowance is gone: the old pages are not shown."""
    from portal.preview.shown import last_good_safe

    path = profile(preview, "anna-test")
    edit(path, "gender: female", "gender: female\npublic_names: [Mystery Mann]")
    preview.update()
    assert "Mystery Mann" in preview.state.published.site.public_names
    edit(path, "public_names: [Mystery Mann]", listed)
    edit(path, "status: released", "status: relesed")  # and the edit is broken
    assert last_good_safe(preview) is safe


def local_zip_texts(data: bytes) -> list[bytes]:
    """Every local entry in a zip's bytes, inflated, whether or not its directory lists
    it (written here apart from the code under test)."""
    import contextlib
    import struct
    import zlib

    texts, at = [], data.find(b"PK\x03\x04")
    while at >= 0:
        fields = struct.unpack_from("<IHHHHHIIIHH", data, at)
        start = at + 30 + fields[9] + fields[10]
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompressobj(-15).decompress(data[start:start + fields[7]])
                         if fields[3] == 8 else data[start:start + fields[7]])
        at = data.find(b"PK\x03\x04", at + 1)
    return texts


def test_a_name_newly_withheld_leaves_no_old_entry_in_the_offline_copy(preview):
    """The offline copy is appended to, and an entry replaced stays in its bytes, though
    its directory no longer lists it: when a name becomes withheld the copy is written
    whole, and no entry, listed or not, holds the name."""
    anna = profile(preview, "anna-test")
    edit(anna, "  en: A journalist", "  en: A journalist who met Mystery Mann")
    preview.update()
    edit(anna, "  en: A journalist who met Mystery Mann", "  en: A journalist")
    preview.update()
    target = preview.options.output / OFFLINE_ZIP
    assert any(b"Mystery Mann" in text for text in local_zip_texts(target.read_bytes()))
    withheld = profile(preview, "withheld-1")
    withheld.write_text(withheld.read_text(encoding="utf-8") + "aliases: [Mystery Mann]\n",
                        encoding="utf-8")
    preview.update()
    data = target.read_bytes()
    texts = local_zip_texts(data)
    assert len(texts) > 10 and not [text for text in texts if b"Mystery" in text]
    assert b"Mystery" not in data


def test_a_request_during_the_verdict_on_a_broken_edit_never_gets_the_error_page(
        preview, monkeypatch, capsys):
    """While the preview decides whether the last good site may still be shown under a
    broken edit's problems, a request is answered as before the attempt, never with
    those problems alone in place of every page (the error page flashed up before the
    banner: CI caught it). Then: the pages, with the problems above."""
    from portal.preview import serve

    judged = serve.last_good_safe
    seen = []

    def verdict(preview: Preview) -> bool:
        seen.append(preview.shown)  # what the server's handler reads, all at once
        return judged(preview)

    monkeypatch.setattr(serve, "last_good_safe", verdict)
    edit(profile(preview, "anna-test"), "status: released", "status: relesed")
    assert serve.rebuild(preview) is None
    assert seen == [((), False)]
    problems, last_good = preview.shown
    assert [(p.file, p.field) for p in problems] == [("data/prisoners/anna-test.yaml",
                                                      "status")]
    assert last_good is True
    assert "shows them with these problems above" in capsys.readouterr().err
