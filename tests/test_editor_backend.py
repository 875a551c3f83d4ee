"""The web editor's local back end (portal/editor/backend.py) and the preview serving it
(portal/preview/admin.py): Decap's proxy protocol round trip on a project's files, and
every refusal: paths out of data/ and content/, links, special files, NUL, size, and
requests from another host, page or machine; a write that fails or is killed leaves the
old files whole, and a file changed on disk since it was read is not saved over."""

from __future__ import annotations

import base64
import errno
import hashlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile

import pytest
from test_editor_shell import with_decap
from test_serve import wait_for

from portal.editor import backend, order
from portal.editor.backend import answer
from portal.preview.admin import loopback

from conftest import PROJECT, free_port, make_project, serving

PERSON = "data/prisoners/withheld-1.yaml"


def ask(root, action: str, **params):
    return answer(root, json.dumps({"action": action, "params": {"branch": "main",
                                                                  **params}}).encode())


def saved(path: str, raw: str) -> dict:
    return {"dataFiles": [{"slug": "x", "path": path, "raw": raw}], "assets": [],
            "options": {"commitMessage": "m", "useWorkflow": False, "status": ""}}


@pytest.fixture
def root(project):
    return project("minimal")


def test_info_says_simple_publishing_from_local_files(root):
    assert ask(root, "info") == (200, {"repo": root.name, "publish_modes": ["simple"],
                                       "type": "local_fs"})


def test_entries_are_read_as_decap_server_gives_them(root):
    status, entries = ask(root, "entriesByFolder", folder="data/prisoners",
                          extension="yaml", depth=1)
    assert status == 200
    assert PERSON in [e["file"]["path"] for e in entries]
    one = next(e for e in entries if e["file"]["path"] == PERSON)
    content = (root / PERSON).read_bytes()
    assert one == {"data": content.decode(), "file": {
        "path": PERSON, "id": hashlib.sha256(content).hexdigest()}}
    assert ask(root, "getEntry", path=PERSON) == (200, one)
    status, [got, missing] = ask(root, "entriesByFiles", files=[
        {"path": PERSON, "label": "P"}, {"path": "data/nothing.yaml"}])
    assert got["file"]["label"] == "P" and got["data"] == one["data"]
    assert missing == {"data": None, "file": {"path": "data/nothing.yaml",
                                              "id": None}}


def test_an_entry_saved_is_on_disk_and_read_back(root):
    raw = (root / PERSON).read_text().replace("Detained in 2024.", "Detained in 2023.")
    assert ask(root, "persistEntry", **saved(PERSON, raw)) == \
        (200, {"message": "entry persisted"})
    assert (root / PERSON).read_text() == raw
    assert ask(root, "getEntry", path=PERSON)[1]["data"] == raw
    new = "content/statements/2025-01-01-new.be.md"
    assert ask(root, "persistEntry", **saved(new, "---\ntitle: T\n---\nText\n"))[0] == 200
    assert (root / new).read_text() == "---\ntitle: T\n---\nText\n"
    assert not [p for p in (root / "data/prisoners").iterdir() if p.name.startswith(".")]


def test_photos_round_trip_and_delete(root):
    photo = b"\xff\xd8\xff\xe0 not really a JPEG"
    asset = {"path": "content/photos/new.jpg", "encoding": "base64",
             "content": base64.b64encode(photo).decode()}
    status, media = ask(root, "persistMedia", asset=asset, options={"commitMessage": "m"})
    assert status == 200
    assert media == {"id": hashlib.sha256(photo).hexdigest(), "content": asset["content"],
                     "encoding": "base64", "path": "content/photos/new.jpg",
                     "name": "new.jpg"}
    assert (root / "content/photos/new.jpg").read_bytes() == photo
    assert ask(root, "getMediaFile", path="content/photos/new.jpg") == (200, media)
    assert media in ask(root, "getMedia", mediaFolder="content/photos")[1]
    assert ask(root, "deleteFile", path="content/photos/new.jpg",
               options={"commitMessage": "m"})[0] == 200
    assert not (root / "content/photos/new.jpg").exists()
    assert ask(root, "getDeployPreview", collection="c", slug="s") == (200, None)


def test_a_photo_and_an_entry_in_folders_still_to_be_made(root):
    """The first photo of a project creates content/photos/, and a file saved by the
    editor has the permissions any new file gets, not a temporary file's 0600."""
    photos = root / "content" / "photos"
    if photos.exists():
        for item in photos.iterdir():
            item.unlink()
        photos.rmdir()
    asset = {"path": "content/photos/first.jpg", "encoding": "base64",
             "content": base64.b64encode(b"photo").decode()}
    assert ask(root, "persistMedia", asset=asset, options={"commitMessage": "m"})[0] == 200
    assert photos.is_dir() and (photos / "first.jpg").read_bytes() == b"photo"
    new = "content/statements/deeper/2025-01-01-new.en.md"
    assert ask(root, "persistEntry", **saved(new, "---\ntitle: T\n---\n"))[0] == 200
    umask = os.umask(0)
    os.umask(umask)
    assert (root / new).stat().st_mode & 0o777 == 0o666 & ~umask
    (root / PERSON).chmod(0o640)
    assert ask(root, "persistEntry", **saved(PERSON, "name_withheld: true\n"))[0] == 200
    assert (root / PERSON).stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("path", [
    "../outside.yaml", "data/../../outside.yaml", "/etc/passwd", "data/./x.yaml",
    ".git/hooks/pre-commit", "templates/base.html", "data/.hidden.yaml", "portal/cli.py",
    "data//x.yaml", "C:/x.yaml", "data\\x.yaml", "data/x\x00.yaml",
])
def test_paths_outside_data_and_content_are_refused(root, path):
    before = sorted(p for p in root.rglob("*"))
    for action, params in (("getEntry", {"path": path}),
                           ("persistEntry", saved(path, "x: 1\n")),
                           ("deleteFile", {"path": path, "options": {"commitMessage": "m"}})):
        status, body = ask(root, action, **params)
        assert status in (400, 403), (action, path)
        assert set(body) == {"error"} and "\n" not in body["error"]
    assert sorted(p for p in root.rglob("*")) == before


def test_links_are_never_followed(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("secret: 1\n")
    (root / "data/prisoners/link.yaml").symlink_to(outside / "secret.yaml")
    (root / "content/elsewhere").symlink_to(outside)
    for action, params in (("getEntry", {"path": "data/prisoners/link.yaml"}),
                           ("persistEntry", saved("data/prisoners/link.yaml", "x: 1\n")),
                           ("persistEntry", saved("content/elsewhere/new.md", "x\n")),
                           ("entriesByFolder", {"folder": "content/elsewhere",
                                                "extension": "yaml", "depth": 1})):
        status, body = ask(root, action, **params)
        assert status == 403 and "link" in body["error"], (action, body)
    assert (outside / "secret.yaml").read_text() == "secret: 1\n"
    assert not (outside / "new.md").exists()
    listed = ask(root, "entriesByFolder", folder="data/prisoners", extension="yaml", depth=1)
    assert "data/prisoners/link.yaml" not in [e["file"]["path"] for e in listed[1]]


def test_special_files_are_refused_on_the_way_and_at_the_end(root):
    os.mkfifo(root / "data/pipe")
    status, body = ask(root, "persistEntry", **saved("data/pipe/x.yaml", "x: 1\n"))
    assert status == 403 and "not a folder" in body["error"]
    status, body = ask(root, "getEntry", path="data/pipe")
    assert status == 403 and "pipe" in body["error"]


def test_sizes_are_bounded(root):
    status, body = answer(root, b" " * (backend.BODY_LIMIT + 1))
    assert status == 413 and "larger than" in body["error"]
    big = "x: " + "a" * (256 * 1024) + "\n"
    status, body = ask(root, "persistEntry", **saved(PERSON, big))
    assert status == 413 and "256 KB" in body["error"]
    assert "Detained in 2024." in (root / PERSON).read_text()


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"params": {}}',
                                  b'{"action": "info", "params": 3}', b"\xff\xfe{",
                                  b'{"action": "info", "params": ' + b"[" * 100_000])
def test_a_malformed_request_is_one_clear_error(root, body):
    status, answer_ = answer(root, body)
    assert status == 400 and set(answer_) == {"error"}


def test_an_unknown_action_and_a_photo_outside_photos(root):
    assert ask(root, "unpublishedEntries")[0] == 422
    asset = {"path": "data/x.jpg", "encoding": "base64", "content": "AAAA"}
    assert ask(root, "persistMedia", asset=asset, options={"commitMessage": "m"})[0] == 403
    asset = {"path": "content/photos/x.jpg", "encoding": "base64", "content": "not base64!"}
    assert ask(root, "persistMedia", asset=asset, options={"commitMessage": "m"})[0] == 400


def test_one_refused_path_deletes_nothing(root):
    status, _ = ask(root, "deleteFiles", paths=[PERSON, "../x"],
                    options={"commitMessage": "m"})
    assert status == 403 and (root / PERSON).is_file()


def test_a_write_that_fails_leaves_the_old_file_whole(root, monkeypatch):
    """As a kill in the middle of a save would: the rename that puts the new file in
    place never happens, and the old file is there, unchanged, with no leftover."""
    before = (root / PERSON).read_bytes()

    def fail(source, target):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    status, body = ask(root, "persistEntry", **saved(PERSON, "name: {en: Other}\n"))
    assert status == 409 and "as it was" in body["error"]
    assert (root / PERSON).read_bytes() == before
    assert sorted(p.name for p in (root / PERSON).parent.iterdir()) == \
        sorted(p.name for p in (root / PERSON).parent.iterdir() if not p.name.startswith("."))


STATEMENT = "content/statements/2025-09-11-release"


def test_a_statement_whose_save_fails_half_way_is_left_whole(root, monkeypatch):
    """A statement is saved as one file per language: when the disk fills up at the
    second (or the save fails there for any reason), none is changed, the first
    included, and nothing is left beside them."""
    names = [f"{STATEMENT}.{lang}.md" for lang in ("en", "be", "ru")]
    before = {name: (root / name).read_bytes() if (root / name).exists() else None
              for name in names}
    made = []
    real = tempfile.mkstemp

    def full_at_the_second(*args, **kwargs):
        if made:
            raise OSError(errno.ENOSPC, "No space left on device")
        made.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full_at_the_second)
    files = [{"slug": "release", "path": name, "raw": "---\ntitle: New\n---\nNew text\n"}
             for name in names]
    status, body = ask(root, "persistEntry", dataFiles=files, assets=[],
                       options={"commitMessage": "m", "useWorkflow": False, "status": ""})
    assert {name: (root / name).read_bytes() if (root / name).exists() else None
            for name in names} == before
    assert status == 409 and "No space left" in body["error"]
    assert "every file is as it was" in body["error"]
    assert not [p for p in (root / "content/statements").iterdir() if p.name.startswith(".")]


def test_a_rename_onto_another_file_changes_nothing(root):
    """An entry whose new name is another's file: refused before its text is written."""
    other = "data/prisoners/anna-test.yaml"
    before, other_before = (root / PERSON).read_bytes(), (root / other).read_bytes()
    files = [{"slug": "x", "path": PERSON, "newPath": other, "raw": "name: {en: New}\n"}]
    status, body = ask(root, "persistEntry", dataFiles=files, assets=[],
                       options={"commitMessage": "m"})
    assert status == 409 and "exists already" in body["error"]
    assert (root / PERSON).read_bytes() == before
    assert (root / other).read_bytes() == other_before


def test_a_file_changed_on_disk_since_it_was_read_is_not_saved_over(root):
    """A `release` (or `format`, or a hand edit) while the editor has the entry open: the
    editor's save would put back the old text and undo that change, so it is refused
    and the change stays; read again, the entry saves, and saves again."""
    assert ask(root, "getEntry", path=PERSON)[0] == 200
    released = (root / PERSON).read_text().replace("status: imprisoned", "status: released")
    (root / PERSON).write_text(released)
    stale = released.replace("status: released", "status: imprisoned")
    status, body = ask(root, "persistEntry", **saved(PERSON, stale + "# typed\n"))
    assert status == 409 and "changed on disk" in body["error"]
    assert (root / PERSON).read_text() == released
    assert ask(root, "getEntry", path=PERSON)[1]["data"] == released
    assert ask(root, "persistEntry", **saved(PERSON, released + "# typed\n"))[0] == 200
    assert ask(root, "persistEntry", **saved(PERSON, released + "# again\n"))[0] == 200
    assert (root / PERSON).read_text() == released + "# again\n"


def test_a_save_killed_half_way_leaves_the_file_and_nothing_git_would_take(root):
    """kill -9 in the instant before the new text is moved in: the old file is whole, and
    the hidden temporary file left beside it is ignored by git (so `git add -A` never
    commits it, a withheld person's text with it)."""
    before = (root / PERSON).read_bytes()
    program = ("import json, os, signal, sys; from pathlib import Path; "
               "from portal.editor.backend import answer; "
               "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL); "
               "answer(Path(sys.argv[1]), sys.argv[2].encode())")
    body = json.dumps({"action": "persistEntry", "params": saved(PERSON, "name: {en: X}\n")})
    killed = subprocess.run([sys.executable, "-c", program, str(root), body], cwd=PROJECT)
    assert killed.returncode == -9
    assert (root / PERSON).read_bytes() == before
    left = [p for p in (root / PERSON).parent.iterdir() if p.name.startswith(".")]
    assert left
    for path in left:
        relative = path.relative_to(root).as_posix()
        assert subprocess.run(["git", "check-ignore", "-q", "--no-index", relative],
                              cwd=PROJECT).returncode == 0, relative


# The back end as the preview serves it.

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = with_decap(make_project(tmp_path_factory.mktemp("served"), "minimal"))
    port = free_port()
    with serving(root, port):
        wait_for(f"http://127.0.0.1:{port}/en/", lambda status, _: status == 200)
        yield root, port


def post(port: int, body: bytes, host: str | None = None, origin: str | None = "own",
         kind: str = "application/json", at: str = "127.0.0.1") -> tuple[int, dict]:
    connection = http.client.HTTPConnection(at, port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{port}", "Content-Type": kind}
    if origin is not None:
        headers["Origin"] = f"http://127.0.0.1:{port}" if origin == "own" else origin
    try:
        connection.request("POST", "/admin/api/v1", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data)
        except ValueError:  # the Host check's refusal, for every address: plain text
            return response.status, {"refused": data.decode()}
    finally:
        connection.close()


def test_the_preview_answers_the_editor_and_rebuilds_after_a_save(served):
    root, port = served
    info = json.dumps({"action": "info"}).encode()
    assert post(port, info) == (200, {"repo": root.name, "publish_modes": ["simple"],
                                      "type": "local_fs"})
    status, config = wait_for(f"http://127.0.0.1:{port}/admin/config.yml",
                              lambda status, _: status == 200)
    assert f"url: http://127.0.0.1:{port}/admin/api/v1" in config
    status, page = wait_for(f"http://127.0.0.1:{port}/admin/", lambda status, _: status == 200)
    assert "livereload" not in page and 'src="decap-cms.js"' in page
    status, table = wait_for(f"http://127.0.0.1:{port}/admin/order.json",
                             lambda status, _: status == 200)
    assert json.loads(table) == order.order_table(root)  # the order order.js saves in
    status, script = wait_for(f"http://127.0.0.1:{port}/admin/order.js",
                              lambda status, _: status == 200)
    assert script == order.script().decode()
    anna = "data/prisoners/anna-test.yaml"
    raw = (root / anna).read_text().replace("A journalist released in September 2025.",
                                            "A journalist, as the editor wrote.")
    body = json.dumps({"action": "persistEntry", "params": saved(anna, raw)}).encode()
    assert post(port, body) == (200, {"message": "entry persisted"})
    wait_for(f"http://127.0.0.1:{port}/en/prisoners/anna-test/",
             lambda status, page: "A journalist, as the editor wrote." in page)


def test_the_preview_refuses_other_hosts_pages_and_bodies(served):
    root, port = served
    info = json.dumps({"action": "info"}).encode()
    assert post(port, info, host=f"evil.example:{port}")[0] == 403
    for origin in ("http://evil.example", f"http://localhost:{port + 1}", None, "null"):
        status, body = post(port, info, origin=origin)
        assert status == 403 and "own page" in body["error"], origin
    assert post(port, info, kind="text/plain")[0] == 415
    status, body = post(port, b"{" + b" " * backend.BODY_LIMIT + b"}")
    assert status == 413 and "larger than" in body["error"]


def this_machines_address() -> str | None:
    """An address of this computer that is not a loopback one, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: only the route is looked up
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_loopback_addresses():
    assert all(loopback(a) for a in ("127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"))
    assert not any(loopback(a) for a in ("192.0.2.2", "::ffff:192.0.2.2", "fd00::2", "",
                                         None, "not an address"))


def test_a_preview_on_every_interface_writes_only_for_this_computer(project):
    """`serve --host 0.0.0.0` shows the pages to a phone on the network, but another
    machine there, sending the Host and Origin of the preview's own page as any program
    can, is refused; this computer's own editor still saves."""
    address = this_machines_address()
    if address is None:
        pytest.skip("this computer has no address but its loopback one")
    root = with_decap(project("minimal"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--host",
         "0.0.0.0", "--port", str(port), "--today", "2025-12-20"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root)
    try:
        wait_for(f"http://127.0.0.1:{port}/en/", lambda status, _: status == 200)
        before = (root / PERSON).read_bytes()
        body = json.dumps({"action": "persistEntry",
                           "params": saved(PERSON, "name: {en: Other}\n")}).encode()
        status, answer_ = post(port, body, at=address)
        assert status == 403 and "only this computer" in answer_["error"]
        assert (root / PERSON).read_bytes() == before
        info = json.dumps({"action": "info"}).encode()
        assert post(port, info)[0] == 200
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_the_preview_without_decap_works_and_says_why_in_one_line(project, tmp_path):
    root = project("minimal")
    port = free_port()
    program = ("import sys; from pathlib import Path; import portal.editor.shell as shell; "
               f"shell.REPOSITORY = Path({str(tmp_path / 'elsewhere')!r}); "
               "from portal.cli import main; sys.exit(main(sys.argv[1:]))")
    process = subprocess.Popen(
        [sys.executable, "-c", program, "serve", "--root", str(root), "--port", str(port),
         "--today", "2025-12-20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        wait_for(f"http://127.0.0.1:{port}/en/", lambda status, _: status == 200)
        assert wait_for(f"http://127.0.0.1:{port}/admin/", lambda status, _: True)[0] == 404
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert [line for line in output.splitlines() if "web editor" in line] == [
        "The web editor is left out: node_modules/decap-cms is missing (run npm ci)."]
