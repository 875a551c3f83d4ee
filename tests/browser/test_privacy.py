"""Every page, in every language, in a real browser: no other origin, no cookie, no storage,
no console error, under the Content-Security-Policy Netlify sends."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_every_page_stays_on_its_own_origin(browser, server, site_pages):
    context = browser.new_context()
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    origin = urlsplit(server).netloc
    for address in site_pages:
        response = page.goto(f"{server}/{address}")
        assert response is not None and response.ok, address
        assert "default-src 'self'" in response.headers["content-security-policy"]
        stored = page.evaluate("localStorage.length + sessionStorage.length")
        assert stored == 0, address
    foreign = [url for url in requests if urlsplit(url).netloc != origin
               and not url.startswith(("data:", "about:"))]
    assert not foreign, foreign[:10]
    assert context.cookies() == []
    assert not problems, problems[:10]
    assert len(site_pages) > 80
    context.close()


def test_a_missing_page_gets_the_not_found_page_in_its_language(browser, server):
    page = browser.new_page()
    response = page.goto(f"{server}/be/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "be"
    assert page.locator("h1").inner_text() == "Старонка не знойдзена"
    page.locator("a", has_text="На галоўную").click()
    page.wait_for_url(f"{server}/be/")
    page.close()
