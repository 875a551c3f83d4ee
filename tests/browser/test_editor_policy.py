"""The web editor at /admin/ of the built sample, served with the headers of netlify.toml,
signs in with GitHub through Netlify's OAuth popup in Chromium: its own
Content-Security-Policy and opener policy let Decap do that and nothing else is
needed. GitHub's API and Netlify's sign-in page are stand-ins answered in the browser
(no request leaves this computer)."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlsplit

import pytest
import yaml

POPUP = """<!doctype html><title>Netlify</title><script>
window.addEventListener("message", function (e) {
  window.opener.postMessage("authorization:github:success:" +
    JSON.stringify({token: "stand-in", provider: "github"}), e.origin);
});
window.opener.postMessage("authorizing:github", "*");
</script>"""
"""Netlify's side of the handshake Decap expects from its sign-in popup
(decap-cms-lib-auth/src/netlify-auth.js)."""
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD"
                         "hgGAWjR9awAAAABJRU5ErkJggg==")
CORS = {"access-control-allow-origin": "*", "access-control-allow-headers": "*",
        "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE",
        "access-control-expose-headers": "*"}


def github(route, repo: str) -> None:
    """The few answers of GitHub's API that signing in and the first lists need."""
    path = urlsplit(route.request.url).path
    if route.request.method == "OPTIONS":
        route.fulfill(status=204, headers=CORS)
        return
    owner = repo.split("/")[0]
    answers = {"/user": {"login": "editor", "name": "Editor",
                         "avatar_url": "https://avatars.githubusercontent.com/u/1"},
               f"/repos/{repo}": {"full_name": repo, "owner": {"login": owner},
                                  "default_branch": "main",
                                  "permissions": {"push": True, "admin": False}},
               f"/repos/{repo}/pulls": []}
    if path in answers:
        route.fulfill(body=json.dumps(answers[path]), content_type="application/json",
                      headers=CORS)
    else:
        route.fulfill(status=404, body='{"message": "Not Found"}',
                      content_type="application/json", headers=CORS)


def test_the_editor_signs_in_under_its_own_policy(browser, server, built_sample):
    if not (built_sample / "admin" / "index.html").is_file():
        pytest.skip("no web editor in this build (node_modules/decap-cms is missing)")
    repo = yaml.safe_load((built_sample / "admin/config.yml").read_text())["backend"]["repo"]
    context = browser.new_context()
    outside, problems = [], []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(server):
            request_route.continue_()
        elif url.startswith("https://api.netlify.com/auth"):
            request_route.fulfill(body=POPUP, content_type="text/html")
        elif url.startswith("https://api.github.com/"):
            github(request_route, repo)
        elif url.startswith("https://avatars.githubusercontent.com/"):
            request_route.fulfill(body=PIXEL, content_type="image/png")
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if "Security Policy" in m.text
            or "Refused" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    response = page.goto(f"{server}/admin/")
    assert response is not None and response.ok
    assert "'unsafe-eval'" in response.headers["content-security-policy"]
    page.get_by_text("Login with GitHub").click()
    page.get_by_text("Quick add").wait_for(timeout=20_000)  # signed in: the header shows
    assert not problems, problems
    assert not outside, outside
    context.close()
