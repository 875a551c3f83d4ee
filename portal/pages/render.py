"""Render planned pages with Jinja: one small context per page, the language passed explicitly."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.core import get_global
from markupsafe import Markup, escape

from ..content.markup import MarkdownRenderer
from ..languages.i18n import Picked, StringError, autonym, locale_of, translator
from ..languages.script import written_in
from ..model.model import Site, Translation
from ..model.values import LocalText
from ..names.search import name_keys
from ..problems import Problem
from ..store.files import read_project_file
from .chart import statistics_chart
from .pageplan import PagePlan
from .paging import filter_values, sort_key
from .urls import Linker, absolute, page_path, path_prefix


class ProjectLoader(jinja2.BaseLoader):
    """Templates from the project's templates/ folder: only ordinary files inside the
    project (a link to /etc/passwd is refused, a pipe never read)."""

    def __init__(self, templates: Path) -> None:
        self.templates = templates
        self.root = templates.parent

    def get_source(self, environment, template: str):
        relative = f"{self.templates.name}/{template}"
        path = self.templates / template
        if ".." in Path(template).parts or not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        source = read_project_file(self.root, relative).decode("utf-8", "replace")
        mtime = _mtime(path)
        return source, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled earlier in this process, by name and the checksum of their
    source: a later build (the live preview's next update, a test's next project) compiles
    only a template whose text changed. Jinja compiles again whenever the source differs,
    so what is rendered is always the current text."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], object] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self.compiled) >= 512:  # a long preview session's many template edits
            self.compiled.clear()
        self.compiled[(bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()


def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=ProjectLoader(templates), bytecode_cache=COMPILED,
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )


@dataclass(frozen=True, slots=True)
class Alternate:
    lang: str
    name: str
    href: str
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class TranslationPick:
    value: Translation
    lang: str
    fallback: bool

    @property
    def stale(self) -> bool:
        return not self.fallback and self.value.stale

    @property
    def source(self) -> str | None:
        return self.value.source_lang


class Helpers:
    """What a template may call, bound to one page and its language."""

    def __init__(self, site: Site, plan: PagePlan, lang: str, link: Linker,
                 markdown: MarkdownRenderer, assets: dict[str, str]):
        self.site, self.plan, self.lang, self.link = site, plan, lang, link
        self.i18n = translator(site, lang)
        self._markdown, self._assets = markdown, assets

    # words
    def t(self, key: str, **values: Any) -> str:
        return self.i18n.t(key, **values)

    def tn(self, key: str, count: int, **values: Any) -> str:
        return self.i18n.tn(key, count, **values)

    def pattern(self, key: str) -> str:
        """An interface string with its {placeholders} left for a script to fill in."""
        return self.i18n.pattern(key)

    def tg(self, key: str, gender: str, **values: Any) -> str:
        return self.i18n.tg(key, gender, **values)

    def date(self, value) -> str:
        return self.i18n.date(value)

    def date_of(self, day: dt.date) -> str:
        """A calendar date (not a partial one from the content) in this language."""
        return self.i18n.date_of(day)

    def number(self, value: int) -> str:
        return self.i18n.number(value)

    def country(self, code: str) -> str:
        return self.i18n.country(code)

    def language_name(self, code: str) -> str:
        return self.i18n.language_name(code)

    def text(self, value: LocalText) -> Picked | None:
        return self.i18n.pick(value)

    def translation(self, item) -> TranslationPick:
        """The reader's version of a statement or page, else one along the fallback chain."""
        versions = item.translations
        for code in (self.lang, *self.i18n.chain, *versions):
            if code in versions:
                return TranslationPick(versions[code], code, code != self.lang)
        raise LookupError(f"{item.slug} has no translation")

    def name(self, person) -> str:
        picked = self.i18n.pick(person.name)
        return picked.text if picked else person.slug

    def by_name(self, people) -> list:
        """People sorted by their name in this language's alphabetical order; those whose
        names are withheld last, by file name (paging.sort_key)."""
        locale = self.site.config.language(self.lang).locale
        return sorted(people, key=lambda p: sort_key(self.name(p), p, locale))

    def sources(self, ids) -> list:
        return [self.site.sources[x] for x in ids]

    def sentence(self, text: str) -> str:
        """`text` begun with a capital letter, the rest as it is (month names keep theirs)."""
        return text[:1].upper() + text[1:]

    def publisher(self, source) -> str:
        """A source's publisher as this language names it."""
        return self.named(source.publisher, source.publishers)

    def named(self, name: str, names: LocalText) -> str:
        """A name as this language writes it, else as written once for all."""
        picked = self.i18n.pick(names)
        return picked.text if picked and not picked.fallback else name

    def author(self, statement, version) -> str:
        """Who wrote a statement, as this language names them ("" if not given)."""
        return self._statement_name(version.author, statement.author, statement, version)

    def issuer(self, statement, version) -> str:
        """The organisation that issued a statement, as this language names it ("" if
        not given)."""
        return self._statement_name(version.publisher, statement.publisher, statement,
                                    version)

    def byline(self, statement, version) -> str:
        """Who a statement is by, for a list: its author, else its publisher."""
        return self.author(statement, version) or self.issuer(statement, version)

    def _statement_name(self, own: str, original: str, statement, version) -> str:
        """A name a statement gives, as this language writes it: as this language's
        version writes it, else, where it is the publisher of one of its sources, that
        publisher's name in this language, else as written."""
        if own and version.lang == self.lang:
            return own
        written = own or original
        if not written:
            return ""
        for source in self.sources(x for x in statement.sources if x in self.site.sources):
            if written in (source.publisher, *(text for _, text in source.publishers.values)):
                return self.publisher(source)
        return written

    def publishers(self, sources) -> str:
        return "; ".join(self.publisher(s) for s in sources)

    def publisher_html(self, source) -> Markup:
        """A source's publisher as this language names it; a name in another language
        (the default language's, where this one has none) marked with its `lang`."""
        return self.foreign(self.publisher(source), source.publishers)

    def source_title(self, source) -> Markup:
        """A source's own title in quotation marks, or the description of an untitled one
        (in this language where it is translated) without them; a title in another
        language than the page's marked with its `lang`, so that screen readers read it
        in its own."""
        if source.untitled:
            picked = self.i18n.pick(source.titles)
            if picked:
                return self.foreign(picked.text, LocalText(((picked.lang, picked.text),)))
            return self.foreign(source.title, source.titles)
        before, _, after = self.i18n.t("sources.titled", title="\0").partition("\0")
        return escape(before) + self.foreign(source.title, LocalText()) + escape(after)

    def foreign(self, text: str, names: LocalText) -> Markup:
        """`text` in a span with its `lang` when it is not in the page's language: the
        language `names` gives it under, else the one its letters tell (script.py)."""
        lang = next((code for code, written in names.values if written == text), None) \
            or written_in(text, self.site.config.codes)
        if lang is None or lang == self.lang:
            return escape(text)
        return Markup('<span lang="{}">{}</span>').format(lang, text)

    def search_keys(self, person) -> str:
        """The person's name skeletons, for the in-page name search."""
        return " ".join(name_keys(person))

    def filter_data(self, person) -> dict[str, str]:
        """What the in-page filters match on, as data attributes."""
        return filter_values(self.site, person)

    def picture(self, photo):
        """The renditions of a profile's photo (photos.Picture) and the largest one's size."""
        return self.site.pictures[photo.file]

    def md(self, text: str) -> Markup:
        return Markup(self._markdown.render(text, self.resolve))

    # links
    def url(self, kind: str, slug: str = "", fragment: str = "") -> str:
        return self.link.page(kind, self.lang, slug, fragment)

    def list_page(self, status: str | None, number: int, fragment: str = "") -> str:
        """Page `number` of the list of everyone (`status` None) or of one status."""
        if status is None:
            return self.url("prisoners", "", fragment) if number == 1 else \
                self.url("prisoners_page", str(number), fragment)
        return self.url("status", status, fragment) if number == 1 else \
            self.url("status_page", f"{status}/page/{number}", fragment)

    def this_page_in(self, lang: str) -> str:
        """This page in another language, e.g. the original of a stale translation."""
        return self.link.page(self.plan.kind, lang, self.plan.slug)

    def og_locale(self, code: str) -> str:
        """`be` → `be_BY`: the form Open Graph expects."""
        locale = locale_of(self.site.config.language(code).locale)
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = locale.territory or likely.rsplit("_", 1)[-1] or locale.language.upper()
        return f"{locale.language}_{territory}"

    def asset(self, name: str) -> str:
        return self.link.to("assets/" + self._assets[name])

    def resolve(self, kind: str, ident: str) -> str | None:
        """A `kind:id` reference from Markdown → a relative link in this language."""
        site = self.site
        if kind == "prisoner" and ident in site.by_slug:
            return self.url("prisoner", ident)
        if kind == "statement" and any(s.slug == ident for s in site.statements):
            return self.url("statement", ident)
        if kind == "page" and ident in site.pages:
            return self.url("page", ident)
        if kind == "wave" and ident in site.waves_by_id:
            return self.url("timeline", fragment=f"wave-{ident}")
        if kind == "section" and ident in ("prisoners", "statements", "timeline", "home",
                                           "birthdays"):
            return self.url(ident)
        return None

    def chart(self, points) -> Markup:
        return Markup(statistics_chart(points, self.i18n))


def _menu(site: Site, h: Helpers) -> list[dict[str, Any]]:
    items = []
    for key in site.config.menu:
        label_lang = None
        if key in site.pages:
            picked = h.translation(site.pages[key])
            label, target = picked.value.title, ("page", key)
            label_lang = picked.lang if picked.fallback else None
        else:
            label, target = h.t(f"nav.{key}"), (key, "")
        kind, slug = target
        items.append({"key": key, "label": label, "lang": label_lang, "href": h.url(kind, slug),
                      "current": h.plan.kind == kind and h.plan.slug == slug})
    return items


def _alternates(site: Site, plan: PagePlan, link: Linker) -> list[Alternate]:
    result = []
    for language in site.config.languages:
        path = page_path(plan.kind, language.code, plan.slug)
        result.append(Alternate(language.code, autonym(language.locale), link.to(path),
                                absolute(site.config.base_url, path), language.code == plan.lang))
    return result


def render_page(env: jinja2.Environment, site: Site, plan: PagePlan,
                markdown: MarkdownRenderer, assets: dict[str, str],
                portable: bool = False) -> str:
    """Render one planned page to HTML."""
    lang = plan.lang or site.config.default_language
    prefix = path_prefix(site.config.base_url) if plan.kind == "404" and not portable else None
    link = Linker(plan.path, portable=portable, absolute_prefix=prefix)
    h = Helpers(site, plan, lang, link, markdown, assets)
    config = site.config
    common = {
        "h": h, "lang": lang, "kind": plan.kind, "slug": plan.slug,
        "site_title": h.text(config.title), "tagline": h.text(config.tagline),
        "menu": _menu(site, h),
        "alternates": _alternates(site, plan, link) if plan.lang else [],
        "x_default": absolute(config.base_url, page_path(plan.kind, config.default_language,
                                                         plan.slug)),
        "canonical": absolute(config.base_url, plan.path),
        "languages": [(x.code, autonym(x.locale), link.page("home", x.code))
                      for x in config.languages],
    }
    clash = set(common) & set(plan.context)
    if clash:
        raise ValueError(f"page context would hide {sorted(clash)}: rename them in plan.py")
    return env.get_template(plan.template).render({**plan.context, **common})


def template_problem(error: Exception) -> Problem:
    """A template that does not compile or run, located as well as Jinja can."""
    if isinstance(error, StringError):
        return Problem(f"data/strings/{error.lang}.yaml", None, error.key, str(error),
                       "use only the {placeholders} of the default language's string")
    if isinstance(error, jinja2.TemplateSyntaxError) and error.name:
        return Problem(f"templates/{error.name}", error.lineno, "", error.message or "",
                       "correct the template, then save again")
    line = None
    frame = error.__traceback__
    name = "templates"
    while frame is not None:  # the innermost template line, if the error passed one
        code = frame.tb_frame.f_code
        if code.co_filename.endswith(".html") and "templates" in code.co_filename:
            name = "templates/" + code.co_filename.rsplit("templates/", 1)[-1]
            line = frame.tb_lineno
        frame = frame.tb_next
    return Problem(name, line, "", f"{type(error).__name__}: {error}",
                   "correct the template, then save again")
