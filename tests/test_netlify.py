"""The deployment settings: security headers, language redirects, publish folder."""

import tomllib

import pytest
import yaml

from conftest import PROJECT


@pytest.fixture(scope="module")
def netlify():
    return tomllib.loads((PROJECT / "netlify.toml").read_text(encoding="utf-8"))


def headers_for(netlify, pattern):
    return next(h["values"] for h in netlify["headers"] if h["for"] == pattern)


def test_builds_with_python_into_site(netlify):
    assert netlify["build"]["publish"] == "site"
    assert "build.py" in netlify["build"]["command"]
    assert netlify["build"]["environment"]["PYTHON_VERSION"] >= "3.11"


def test_content_security_policy_allows_only_this_origin(netlify):
    csp = headers_for(netlify, "/*")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http" not in csp.replace("upgrade-insecure-requests", "")


def test_other_security_headers(netlify):
    values = headers_for(netlify, "/*")
    assert values["Referrer-Policy"] == "no-referrer"
    assert values["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in values["Permissions-Policy"]
    assert values["Strict-Transport-Security"].startswith("max-age=")


def test_fingerprinted_assets_are_cached_for_a_year(netlify):
    assert "max-age=31536000" in headers_for(netlify, "/assets/*")["Cache-Control"]


def test_every_configured_language_is_redirected_and_has_a_404(built_sample):
    """site/_redirects, as Netlify reads it: `from to status[!] conditions`."""
    site = yaml.safe_load((PROJECT / "data/site.yaml").read_text(encoding="utf-8"))
    codes = [x["code"] for x in site["languages"]]
    rules = [line.split() for line in (built_sample / "_redirects").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert [r for r in rules if r[0] == "/"] == [
        ["/", f"/{code}/", "302!", f"Language={code}"] for code in codes]
    assert [r for r in rules if r[0] != "/"] == [
        [f"/{code}/*", f"/{code}/404.html", "404"] for code in codes]


def test_netlify_toml_leaves_redirects_to_the_generated_file(netlify):
    assert "redirects" not in netlify
