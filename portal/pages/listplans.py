"""The plans of the lists of people: everyone, and each status, cut into pages when long,
with the counts and the filters' choices they show."""

from __future__ import annotations

from ..languages.i18n import translator
from ..model.model import STATUSES, Prisoner, Site
from ..names.collation import sort_key
from .pageplan import PagePlan, make_plan, shape_digest
from .paging import listed_people, paginate, region_key

LIST_INPUTS = ["data/facilities.yaml", "data/releases.yaml"]


def list_plans(site: Site, lang: str) -> list[PagePlan]:
    """The list of everyone and a list per status, each cut into pages when long."""
    size = site.config.list_page_size
    listed = listed_people(site)
    groups = group_by_status(listed)
    filters = filter_options(site, lang)
    counts = [(status, len(people)) for status, people in groups]
    choices = {key: [getattr(x, "id", x) for x in values] for key, values in filters.items()}
    plans = []
    for listing in paginate(site, lang, list(listed), size, "everyone"):
        first = listing.number == 1
        context = {"groups": groups, "filters": filters, "people": listing.people,
                   "listing": listing if listing.count > 1 else None}
        # unpaged: every profile, listed or not (a change may put one on or off the list)
        inputs = [p.origin.file for p in (site.prisoners if listing.count == 1
                                          else listing.people)]
        plans.append(make_plan("prisoners" if first else "prisoners_page", lang, context,
                           inputs + LIST_INPUTS, slug="" if first else str(listing.number),
                           shape=shape_digest([listing.shape(), counts, choices])))
    for status, people in groups:
        for listing in paginate(site, lang, people, size, status):
            first = listing.number == 1
            context = {"status": status, "people": listing.people, "total": len(people),
                       "listing": listing if listing.count > 1 else None}
            plans.append(make_plan("status" if first else "status_page", lang, context,
                               [p.origin.file for p in listing.people] + LIST_INPUTS,
                               slug=status if first else f"{status}/page/{listing.number}",
                               shape=shape_digest([listing.shape(), len(people)])))
    return plans


def group_by_status(prisoners: tuple[Prisoner, ...]) -> list[tuple[str, list[Prisoner]]]:
    """Prisoners grouped by status, imprisoned first; empty groups left out."""
    groups = []
    for status in STATUSES:
        members = [p for p in prisoners if p.status == status]
        if members:
            groups.append((status, members))
    return groups


def filter_options(site: Site, lang: str) -> dict[str, list]:
    """The values the prisoners list can be filtered by, as they occur in the data: the
    statuses in their own order, the releases by date, the rest alphabetically as `lang`
    shows them (articles by number: 23 before 130)."""
    shown = [p for p in listed_people(site) if not p.name_withheld]
    i18n, locale = translator(site, lang), site.config.language(lang).locale

    def text(value) -> str:
        picked = i18n.pick(value)
        return picked.text if picked else ""

    def alphabetical(values, label, ident=str) -> list:
        return sorted(values, key=lambda v: (sort_key(label(v), locale), ident(v)))

    waves = {e.wave for p in shown for e in p.events if e.wave}
    facilities = [site.facilities[f]  # where held now
                  for f in sorted({p.held_at for p in shown if p.held_at})]
    regions = {region_key(f, site): f.region for f in facilities if f.region}
    return {
        "status": [s for s in STATUSES if any(p.status == s for p in shown)],
        "role": alphabetical({r for p in shown for r in p.roles},
                             lambda r: i18n.tg("role." + r, "other")),
        "facility": alphabetical(facilities, lambda f: f"{text(f.name)}, {text(f.city)}",
                                 lambda f: f.id),
        "region": alphabetical(regions.items(), lambda kv: text(kv[1]), lambda kv: kv[0]),
        "wave": [w for w in site.waves if w.id in waves],
        "article": sorted({a for p in shown for e in p.events for a in e.articles},
                          key=lambda a: (sort_key(a, locale, numeric=True), a)),
    }
