"""Missing translations fall back along the chain, visibly and with the right lang."""

from conftest import parse


def test_untranslated_statement_says_so_in_the_readers_language(built_fixture):
    soup = parse(built_fixture / "be/statements/2024-10-01-english-only/index.html")
    notice = soup.find(class_="fallback-notice")
    assert notice is not None
    assert "не перакладзены" in notice.get_text()
    assert "англійская" in notice.get_text()
    assert soup.h1["lang"] == "en"
    assert soup.find(class_="prose")["lang"] == "en"
    assert soup.html["lang"] == "be"


def test_translated_statement_has_no_notice(built_fixture):
    soup = parse(built_fixture / "be/statements/2025-09-11-release/index.html")
    assert soup.find(class_="fallback-notice") is None
    assert soup.h1.get("lang") is None
    assert soup.h1.get_text() == "Вызвалены пяцьдзесят два чалавекі"


def test_belarusian_falls_back_to_russian_first(built_fixture):
    soup = parse(built_fixture / "be/prisoners/boris-test/index.html")
    lead = soup.find("p", class_="lead")
    assert lead["lang"] == "ru"
    assert lead.get_text() == "Политик в следственном изоляторе."


def test_fallback_in_a_list_is_marked(built_fixture):
    soup = parse(built_fixture / "ru/statements/index.html")
    card = next(li for li in soup.find_all("li", class_="card")
                if "Only in English" in li.get_text())
    assert card.find(["h2", "h3"]).a["lang"] == "en"
    assert "ещё не переведено" in card.find(class_="fallback-mark").get_text()


def test_menu_labels_fall_back_with_lang(built_fixture):
    soup = parse(built_fixture / "ru/index.html")
    about = soup.find("nav", class_="menu").find("a", href="about/")
    assert about.get_text(strip=True) == "About"
    assert about["lang"] == "en"


def test_english_page_has_no_fallbacks_where_english_exists(built_fixture):
    soup = parse(built_fixture / "en/about/index.html")
    assert soup.find(class_="fallback-notice") is None
