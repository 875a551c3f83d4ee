"""Our local back end answers Decap CMS as decap-server, the reference implementation of
its protocol (npm, in package.json), answers it: the same requests on two copies of the
minimal project, one to each, give the same answers and leave the same files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from portal.editor.backend import answer

from conftest import PROJECT, free_port, make_project, snapshot

SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"
PERSON = "data/prisoners/withheld-1.yaml"
PHOTO = base64.b64encode(b"\xff\xd8\xff\xe0 a photo").decode()
OPTIONS = {"collectionName": "c", "commitMessage": "m", "useWorkflow": False,
           "status": "draft"}
REQUESTS = [
    ("info", {}),
    ("entriesByFolder", {"folder": "data/prisoners", "extension": "yaml", "depth": 1}),
    ("entriesByFolder", {"folder": "content/statements", "extension": "md", "depth": 1}),
    ("getEntry", {"path": PERSON}),
    ("entriesByFiles", {"files": [{"path": "data/site.yaml", "label": "Site"},
                                  {"path": "data/nothing.yaml"}]}),
    ("persistEntry", {"dataFiles": [{"slug": "withheld-1", "path": PERSON,
                                     "raw": "name_withheld: true\n"}],
                      "assets": [], "options": OPTIONS}),
    ("persistEntry", {"dataFiles": [
        {"slug": "s", "path": f"content/statements/2025-01-02-new.{lang}.md",
         "raw": f"---\ntitle: {lang}\n---\nText\n"} for lang in ("en", "be")],
        "assets": [], "options": OPTIONS}),
    ("getEntry", {"path": PERSON}),
    ("persistMedia", {"asset": {"path": "content/photos/new.jpg", "encoding": "base64",
                                "content": PHOTO}, "options": {"commitMessage": "m"}}),
    ("getMedia", {"mediaFolder": "content/photos"}),
    ("getMediaFile", {"path": "content/photos/new.jpg"}),
    ("deleteFile", {"path": "content/photos/new.jpg", "options": {"commitMessage": "m"}}),
    ("getMedia", {"mediaFolder": "content/photos"}),
    ("getDeployPreview", {"collection": "statements", "slug": "s"}),
]


def ask_server(port: int, action: str, params: dict):
    body = json.dumps({"action": action, "params": {"branch": "main", **params}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def decap_server(tmp_path):
    if not (SERVER.is_file() and shutil.which("node")):
        if os.environ.get("CI") == "true":
            pytest.fail("decap-server is not installed (npm ci): CI must run this test")
        pytest.skip("decap-server is not installed (npm ci, in the project folder)")
    root = make_project(tmp_path / "theirs", "minimal")
    port = free_port()
    process = subprocess.Popen(
        ["node", str(SERVER)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "MODE": "fs", "PORT": str(port), "BIND_HOST": "127.0.0.1",
             "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "error"})
    deadline = time.monotonic() + 30
    while True:
        try:
            ask_server(port, "info", {})
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None and time.monotonic() < deadline, \
                process.stdout.read().decode() if process.poll() is not None else "no answer"
            time.sleep(0.05)
    try:
        yield root, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def in_order(body):
    """A listing by path: decap-server lists a folder in the file system's order, ours
    sorted; Decap sorts entries itself."""
    if isinstance(body, list):
        return sorted(body, key=lambda e: json.dumps(e.get("file", e).get("path")))
    return body


def test_our_back_end_answers_as_decap_server_does(decap_server, tmp_path):
    theirs, port = decap_server
    ours = make_project(tmp_path / "ours", "minimal")
    assert snapshot(ours / "data") == snapshot(theirs / "data")
    for action, params in REQUESTS:
        status, body = answer(ours, json.dumps(
            {"action": action, "params": {"branch": "main", **params}}).encode())
        expected = ask_server(port, action, params)
        if action == "info":  # each names its own folder
            body = {**body, "repo": "x"}
            expected = (expected[0], {**expected[1], "repo": "x"})
        got, want = in_order(body), in_order(expected[1])
        if isinstance(got, list):
            for a, b in zip(got, want, strict=False):
                assert {k: v for k, v in a.items() if k != "data"} == \
                    {k: v for k, v in b.items() if k != "data"}, action
        assert (status, got) == (expected[0], want), action
    for folder in ("data", "content"):
        assert snapshot(ours / folder) == snapshot(theirs / folder)
