"""Light pages: a budget for what a visitor downloads, and nothing that blocks rendering."""

from __future__ import annotations

import pytest

BUDGETS = {"en/": 80_000, "be/": 80_000, "ru/": 80_000,
           "be/prisoners/ihar-losik/": 50_000, "ru/prisoners/maryia-kalesnikava/": 50_000,
           "en/prisoners/mikalai-statkevich/": 50_000}


@pytest.mark.parametrize("address, budget", BUDGETS.items())
def test_page_weight_within_budget(browser, server, address, budget):
    page = browser.new_page()
    sizes: dict[str, int] = {}

    def record(response):
        if response.request.resource_type != "image":
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(f"{server}/{address}", wait_until="load")
    page.close()
    total = sum(sizes.values())
    assert total < budget, f"{address}: {total} bytes in {len(sizes)} files"


def test_no_render_blocking_script(browser, server, site_pages):
    page = browser.new_page()
    for address in site_pages:
        page.goto(f"{server}/{address}")
        blocking = page.eval_on_selector_all(
            "head script[src]:not([defer]):not([async]):not([type=module])", "s => s.length")
        assert blocking == 0, address
    page.close()


def test_assets_are_fingerprinted_and_cached_for_a_year(browser, server):
    page = browser.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r) if "/assets/" in r.url else None)
    page.goto(f"{server}/en/prisoners/marfa-rabkova/letter/")
    page.close()
    assert responses
    for response in responses:
        name = response.url.rsplit("/", 1)[1]
        assert len(name.split(".")) == 3 and len(name.split(".")[1]) == 10, name
        assert "max-age=31536000" in response.headers["cache-control"]
