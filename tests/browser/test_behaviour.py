"""Pages work without JavaScript; with it, the enhancements work."""

from __future__ import annotations


def test_every_page_is_complete_without_javascript(browser, server, site_pages):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for address in site_pages:
        page.goto(f"{server}/{address}")
        assert page.locator("main h1").count() == 1, address
        assert page.locator("main").inner_text().strip(), address
    page.goto(f"{server}/be/")
    page.locator("nav.menu a").first.click()
    page.wait_for_url(f"{server}/be/prisoners/")
    page.locator("nav.languages a[hreflang=ru]").click()
    page.wait_for_url(f"{server}/ru/prisoners/")
    context.close()


def test_without_javascript_the_letter_tools_stay_out_of_the_way(browser, fixture_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{fixture_server}/en/prisoners/boris-test/letter/")
    assert not page.locator(".copy-button").first.is_visible()
    assert not page.locator(".draft-check").is_visible()
    assert page.locator(".checklist li").count() == 5
    context.close()


def test_copy_button_copies_the_envelope(browser, fixture_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{fixture_server}/ru/prisoners/boris-test/letter/")
    button = page.locator(".copy-button[data-copy=envelope-ru]")
    assert button.is_visible()
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "Борис Тест\nСИЗО-1\nул. Тестовая, 1\n220000, г. Минск\nREPUBLIC OF BELARUS"
    assert button.inner_text() == "Скопировано"
    context.close()


def test_draft_check_warns_in_the_page(browser, fixture_server):
    page = browser.new_page()
    page.goto(f"{fixture_server}/en/prisoners/boris-test/letter/")
    page.fill("#draft", "Привет! Желаю свободы 🙂 и силы. NB: РБ")
    warnings = page.locator(".draft-warnings li").all_inner_texts()
    assert any(w.startswith("Latin letters:") and "NB" in w for w in warnings)
    assert any(w.startswith("Words to avoid:") and "свободы" in w for w in warnings)
    assert any(w.startswith("Emoji or symbols:") for w in warnings)
    assert any(w.startswith("Abbreviations:") and "РБ" in w for w in warnings)
    page.fill("#draft", "Добрый день! Желаю сил и здоровья.")
    assert page.locator(".draft-warnings li").all_inner_texts() == ["Nothing to warn about."]
    page.close()


def test_filters_and_name_search_in_the_page(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/ru/prisoners/")
    assert page.locator("form.filters").is_visible()

    def shown():
        return page.locator("li.person:visible .person-name").all_inner_texts()

    for query in ("Kalesnikava", "Колесникова", "Maryja Kalesnikava"):
        page.fill("#filter-name", query)
        assert shown() == ["Мария Колесникова"], query
    page.fill("#filter-name", "")
    page.select_option("#filter-status", "imprisoned")
    assert sorted(shown()) == ["Валентин Стефанович", "Марфа Рабкова"]
    assert page.locator(".filter-count").inner_text() == "Показано: 2"
    page.select_option("#filter-status", "")
    page.select_option("#filter-wave", "2025-09-11")
    assert sorted(shown()) == ["Игорь Лосик", "Николай Статкевич"]
    page.close()


def test_without_javascript_the_list_is_complete_and_grouped(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/en/prisoners/")
    assert not page.locator("form.filters").is_visible()
    assert page.locator("li.person").count() == 10  # the sample's 11 but Rico Krieger
    page.locator("a[href='status/imprisoned/']").click()
    page.wait_for_url(f"{server}/en/prisoners/status/imprisoned/")
    assert page.locator("li.person").count() == 2
    context.close()


def test_offline_copy_works_opened_from_disk(browser, built_sample, tmp_path):
    import zipfile

    zipfile.ZipFile(built_sample / "download/portal-offline.zip").extractall(tmp_path)
    page = browser.new_page()
    page.goto((tmp_path / "portal/be/index.html").as_uri())
    assert page.locator("h1").count() == 1
    page.locator("nav.menu a").first.click()
    page.wait_for_url("**/portal/be/prisoners/index.html")
    page.locator("li.person a").first.click()
    page.wait_for_url("**/portal/be/prisoners/*/index.html")
    page.locator("nav.languages a[hreflang=en]").click()
    page.wait_for_url("**/portal/en/prisoners/*/index.html")
    page.wait_for_function("getComputedStyle(document.body).margin === '0px'")  # CSS loaded
    page.close()


def test_search_page_without_javascript_points_to_the_lists(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/ru/search/")
    assert page.locator("form.site-search").is_hidden()
    assert page.locator(".no-script-search a").count() == 3
    context.close()

