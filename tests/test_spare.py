"""The site before the current one is kept beside it (`.site-spare`) and becomes the next
new site (store/spare.py): an edit build brings it up to date instead of linking every
file into a new folder and deleting the replaced site. What it must never do: change a
file of the published site (they share most files), publish a file the spare holds but
the new site does not, or trust a spare changed since the manifest described it."""

from __future__ import annotations

import dataclasses
import os
import signal
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_hardlinks import EDITS, edit, reference

from portal.build import manifest
from portal.options import Options
from portal.problems import ContentError
from portal.store.spare import SpareUse, found_spare, spare_folder
from portal.store.write import Linked, wait_for_cleanup, write_site

from conftest import PROJECT, TODAY, assert_same_sites, build, built_project, snapshot


def warm_edit(root: Path, text: str = "  en: A reporter") -> None:
    """An edit and its build, so that the next build starts from a spare the manifest
    vouches for (the copied fixture's first spare is not: its inodes are another's)."""
    edit(root / "data/prisoners/boris-test.yaml", "gender: male", "gender: male\n")
    build(root, jobs=1)
    wait_for_cleanup()


def spare_base(root: Path):
    record = manifest.load(Options(root=root, today=TODAY))
    assert record is not None and record.spare is not None
    return found_spare(root / "site", record.spare.folders,
                       set(record.files) | record.spare.only)


@pytest.fixture
def built(tmp_path) -> Path:
    root = built_project(tmp_path / "project")
    warm_edit(root)
    return root


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_each_kind_of_edit_made_in_the_spare_is_what_a_build_without_cache_makes(
        built, tmp_path, kind):
    site, spare = built / "site", built / ".site-spare"
    assert spare_base(built) is not None  # this build starts from the spare
    before, spare_en = snapshot(site), (spare / "en").stat().st_ino
    EDITS[kind](built)
    build(built, jobs=1)
    assert (site / "en").stat().st_ino == spare_en  # the spare's folders are the site's
    assert_same_sites(site, reference(built, tmp_path))
    assert snapshot(spare) == before  # the site it replaced is the next spare, as it was
    assert build(built, jobs=1).unchanged


def test_a_failed_build_in_the_spare_leaves_every_published_file_as_it_was(built):
    """The spare and the site share the files neither build changed; the failing build
    rewrote statement pages in the spare (shared, as only a profile changed before)
    before its links were checked: the site is byte for byte what it was."""
    site = built / "site"
    before = snapshot(site)
    path = built / "content/statements/2025-09-11-release.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Fifty-two released", "title: 52 released")
                    + "\nSee [the list](/en/no-such-page/).\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(built, jobs=1)
    assert any("no-such-page" in p.message for p in raised.value.problems)
    assert snapshot(site) == before
    assert not list(built.glob(".site-new-*"))


def test_a_file_put_by_hand_in_the_site_is_not_carried_into_a_later_one(built, tmp_path):
    site = built / "site"
    (site / "en" / "stray.html").write_text("put here by hand", encoding="utf-8")
    EDITS["profile"](built)
    build(built, jobs=1)  # the site with the stray file is now the spare
    assert (built / ".site-spare" / "en" / "stray.html").is_file()
    EDITS["statement"](built)
    build(built, jobs=1)  # its folder's time is not the recorded one: not used
    assert not (site / "en" / "stray.html").exists()
    assert_same_sites(site, reference(built, tmp_path))


def set_back(folder: Path, change) -> None:
    """`change` done in `folder`, its modification time then set back (`touch -m -d`)."""
    status = folder.stat()
    change()
    os.utime(folder, ns=(status.st_atime_ns, status.st_mtime_ns))


def modes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode)
            for p in site.rglob("*") if p.is_dir()}


CHANGES = {
    "added": lambda spare: (spare / "en/prisoners/stray.html").write_text("x"),
    "removed": lambda spare: (spare / "be/prisoners/anna-test/index.html").unlink(),
    "read-only": lambda spare: os.chmod(spare / "ru/prisoners", 0o555),
    "open to all": lambda spare: os.chmod(spare / "en", 0o777),
    "closed to others": lambda spare: os.chmod(spare / "be", 0o700),
    "added, time set back": lambda spare: set_back(
        spare / "en", lambda: (spare / "en/evil.html").write_text("x")),
    "added at the top, time set back": lambda spare: set_back(
        spare, lambda: (spare / "evil.html").write_text("x")),
    "folder added, time set back": lambda spare: set_back(
        spare / "en", lambda: (spare / "en/sub").mkdir()),
}


@pytest.mark.parametrize("change", [*CHANGES, "replaced"])
def test_a_spare_changed_by_hand_is_not_used(built, tmp_path, change):
    spare = built / ".site-spare"
    if change == "replaced":
        spare.rename(tmp_path / "elsewhere")
        (spare / "en").mkdir(parents=True)
    else:
        CHANGES[change](spare)
    assert spare_base(built) is None
    EDITS["profile"](built)
    build(built, jobs=1)
    wait_for_cleanup()
    full = reference(built, tmp_path)
    assert_same_sites(built / "site", full)
    assert modes(built / "site") == modes(full)
    assert not list(built.glob(".site-old-*"))


def owners_and_modes(site: Path) -> dict[str, tuple[int, int, int]]:
    return {p.relative_to(site).as_posix(): (stat.S_IMODE(p.stat().st_mode), p.stat().st_uid,
                                             p.stat().st_gid)
            for p in [site, *site.rglob("*")]}


def closed_by_default(folder: Path) -> None:
    """A default ACL on `folder` (owner rwx, group and others nothing): a file made in it
    is 0600, whatever the umask. Where the file system has no ACLs, the folder's group
    is changed and made to pass on instead (which only the superuser may do)."""
    entry = lambda tag, perm: struct.pack("<HHI", tag, perm, 0xFFFFFFFF)  # noqa: E731
    try:
        os.setxattr(folder, "system.posix_acl_default", struct.pack("<I", 2)
                    + entry(1, 7) + entry(4, 0) + entry(0x20, 0))
    except OSError:
        if os.geteuid() != 0 and os.environ.get("CI") != "true":
            pytest.skip("no ACLs on this file system, and not the superuser to chgrp")
        os.chown(folder, -1, 65534)
        os.chmod(folder, 0o2755)


def test_the_spares_own_folder_passes_nothing_on(built, tmp_path):
    """Its group, its set-group bit and a default ACL (which a chmod or a change time of
    the files in it does not show) give the new site's files nothing: the new site's
    own folder is made anew and what the spare holds moved into it."""
    closed_by_default(built / ".site-spare")
    assert spare_base(built) is not None  # its folders are as recorded: it is used
    EDITS["settings"](built)  # the top-level pages are written anew
    build(built, jobs=1)
    assert owners_and_modes(built / "site") == owners_and_modes(reference(built, tmp_path))


def test_permissions_changed_by_hand_in_the_site_are_not_carried_on(built, tmp_path):
    site = built / "site"
    os.chmod(site / "be", 0o700)
    os.chmod(site / "en" / "prisoners", 0o777)
    for kind in ("profile", "statement"):  # the changed site: the spare, then not used
        EDITS[kind](built)
        build(built, jobs=1)
    assert modes(site) == modes(reference(built, tmp_path))


def test_without_the_cache_the_spare_is_deleted(built):
    EDITS["profile"](built)
    build(built, jobs=1, cache=False)
    wait_for_cleanup()
    assert not (built / ".site-spare").exists()
    assert not list(built.glob(".site-old-*"))


def run_build(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", TODAY.isoformat(), "--jobs", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_while_the_spare_is_brought_up_to_date_leaves_site_whole(built, tmp_path):
    site = built / "site"
    old = snapshot(site)
    EDITS["statement"](built)
    new_site = reference(built, tmp_path)
    new = snapshot(new_site)
    for delay in (0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7):
        assert spare_base(built) is not None or delay > 0.2
        child = run_build(built)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        assert snapshot(site) in (old, new), f"killed after {delay} s"
    assert run_build(built).wait(timeout=120) == 0
    assert_same_sites(site, new_site)
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".site")) == \
        [".site-spare", ".site.lock"]


# write_site itself, with sites made by hand


def folders_of(out: Path, files: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    found = manifest.found_folders(out, list(files))
    assert found is not None
    return found


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def test_files_and_folders_trade_places_and_what_the_spare_held_alone_goes(tmp_path):
    out = tmp_path / "site"
    first = {"index.html": b"1", "assets/a.css": b"a", "x/index.html": b"x1", "y": b"y1",
             "old/deep/gone.html": b"gone"}
    write_site(out, list(first.items()), spare=SpareUse())
    recorded = folders_of(out, first)
    second = {"index.html": b"2", "assets/a.css": b"a", "x": b"x is a file",
              "y/index.html": b"y is a folder"}
    use = SpareUse()
    write_site(out, list(second.items()), spare=use)
    assert use.kept and tree(spare_folder(out)) == {
        **first, "assets": None, "x": None, "old": None, "old/deep": None}
    base = found_spare(out, recorded, set(second) | (set(first) - set(second)))
    assert base is not None
    third = {"index.html": b"3", "assets/a.css": b"a", "x/index.html": b"x3", "y": b"y3",
             "z/new.html": b"new"}
    use = SpareUse(base)
    write_site(out, list(third.items()), spare=use)
    assert tree(out) == {**third, "assets": None, "x": None, "z": None}
    assert tree(spare_folder(out)) == {**second, "assets": None, "y": None}


def test_a_file_shared_with_the_published_site_is_never_written_through(tmp_path):
    """The spare's file is a second name of the published one (the build before linked
    it): writing the new content through that name would change the published file."""
    out = tmp_path / "site"
    first = {"index.html": b"1", "assets/a.css": b"a", "page.html": b"one"}
    write_site(out, list(first.items()), spare=SpareUse())
    recorded = folders_of(out, first)
    status = os.stat(out / "page.html")
    found = (status.st_size, status.st_mtime_ns, status.st_ino, status.st_mode)
    second = [("index.html", b"2"), ("assets/a.css", b"a"),
              ("page.html", Linked(str(out / "page.html"), b"", found))]
    write_site(out, second, spare=SpareUse())
    assert (spare_folder(out) / "page.html").stat().st_ino == (out / "page.html").stat().st_ino
    base = found_spare(out, recorded, set(first))
    write_site(out, [("index.html", b"3"), ("assets/a.css", b"a"), ("page.html", b"three")],
               spare=SpareUse(base))
    assert (out / "page.html").read_bytes() == b"three"
    assert (spare_folder(out) / "page.html").read_bytes() == b"one"


def test_a_file_to_link_that_the_spare_has_already_stays_and_another_is_replaced(tmp_path):
    out = tmp_path / "site"
    first = {"index.html": b"1", "assets/a.css": b"a", "kept.html": b"k", "other.html": b"o"}
    write_site(out, list(first.items()), spare=SpareUse())
    recorded = folders_of(out, first)

    def linked(path: str) -> Linked:
        status = os.stat(out / path)
        return Linked(str(out / path), b"",
                      (status.st_size, status.st_mtime_ns, status.st_ino, status.st_mode))

    write_site(out, [("index.html", b"2"), ("assets/a.css", linked("assets/a.css")),
                     ("kept.html", linked("kept.html")), ("other.html", b"o2")],
               spare=SpareUse())
    spare = spare_folder(out)
    kept_inode = (spare / "kept.html").stat().st_ino
    base = found_spare(out, recorded, set(first))
    write_site(out, [("index.html", b"3"), ("assets/a.css", linked("assets/a.css")),
                     ("kept.html", linked("kept.html")), ("other.html", linked("other.html"))],
               spare=SpareUse(base))
    assert (out / "kept.html").stat().st_ino == kept_inode  # the same name, untouched
    assert (out / "other.html").read_bytes() == b"o2"
    assert (out / "other.html").stat().st_ino == (spare / "other.html").stat().st_ino
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_manifest_of_statuses_of_another_shape_is_no_manifest(built, tmp_path):
    """A manifest written by a version that recorded folders by two numbers (no change
    time) is not read as one: the build makes everything, and says nothing of it."""
    options = Options(root=built, today=TODAY)
    record = manifest.load(options)
    assert record is not None and record.spare is not None
    short = {name: status[:2] for name, status in record.folders.items()}
    manifest.save(options, dataclasses.replace(
        record, folders=short, spare=manifest.Spare(short, record.spare.only)))
    assert manifest.load(options) is None
    EDITS["profile"](built)
    build(built, jobs=1)
    assert_same_sites(built / "site", reference(built, tmp_path))


def test_a_spare_set_aside_is_never_put_back_as_the_site(tmp_path, monkeypatch):
    """An unusable spare is set aside to be deleted; a build killed before it is gone
    (and with no site/: deleted by hand) must not have the next build take the spare
    for a replaced site to put back (recover() puts back a site set aside mid-swap)."""
    import portal.store.write as w

    out = tmp_path / "site"
    write_site(out, [("index.html", b"old"), ("assets/a.css", b"a")], spare=SpareUse())
    write_site(out, [("index.html", b"new"), ("assets/a.css", b"a")], spare=SpareUse())
    wait_for_cleanup()
    assert spare_folder(out).is_dir()
    w.remove_tree(out)  # site/ deleted by hand
    monkeypatch.setattr(w, "_discard", lambda folder: None)  # killed before deleting
    with pytest.raises(RuntimeError):
        write_site(out, iter_failing(), spare=SpareUse())  # no base: the spare goes
    assert not spare_folder(out).exists()
    w.recover(out)
    assert not out.exists()


def iter_failing():
    raise RuntimeError("the build stops")
    yield  # a generator
