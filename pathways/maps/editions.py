"""The map's two languages. A snapshot keeps the English texts in place and the convener's
Spanish ones under "es"; `localized` picks, for one language, each text the map shows and
marks it with the language it is really in (a Spanish page falls back to English where the
convener wrote no Spanish), so templates can put the right `lang` on it for screen readers."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

LANGUAGES = ("en", "es")
DEFAULT = "en"


class Text(str):
    """A string that knows its language."""

    lang: str

    def __new__(cls, value: str, lang: str):
        text = super().__new__(cls, value or "")
        text.lang = lang
        return text


# Fixed values the agencies and the inventory publish in English, translated with the rest
# of the interface (the catalog holds them; gettext finds them at render time).
TERMS = [
    # BLS Employment Projections: typical education, work experience, on-the-job training
    gettext_noop("No formal educational credential"),
    gettext_noop("High school diploma or equivalent"),
    gettext_noop("Postsecondary nondegree award"),
    gettext_noop("Some college, no degree"),
    gettext_noop("Associate's degree"),
    gettext_noop("Bachelor's degree"),
    gettext_noop("Master's degree"),
    gettext_noop("Doctoral or professional degree"),
    gettext_noop("None"),
    gettext_noop("Less than 5 years"),
    gettext_noop("5 years or more"),
    gettext_noop("Short-term on-the-job training"),
    gettext_noop("Moderate-term on-the-job training"),
    gettext_noop("Long-term on-the-job training"),
    gettext_noop("Apprenticeship"),
    gettext_noop("Internship/residency"),
    # inventory.models.ProgramType and the schedule labels
    gettext_noop("Credit program"),
    gettext_noop("Non-credit occupational training"),
    gettext_noop("Adult basic education"),
    gettext_noop("Bridge or pre-college"),
    gettext_noop("Incumbent worker training"),
    gettext_noop("On-the-job training"),
    gettext_noop("Registered apprenticeship"),
    gettext_noop("Internship or other work-based learning"),
    gettext_noop("Dual enrollment or K-12 CTE"),
    gettext_noop("Evening"),
    gettext_noop("Weekend"),
    gettext_noop("Online"),
    gettext_noop("Open entry"),
    gettext_noop("Non-semester"),
    # the tiers
    gettext_noop("Entry"),
    gettext_noop("Mid"),
    gettext_noop("Advanced"),
    # inventory.models.Linkage.Kind: what carries a student from one step to the next
    gettext_noop("Articulation agreement"),
    gettext_noop("Dual enrollment"),
    gettext_noop("Stackable credential"),
    gettext_noop("Transfer"),
    gettext_noop("Credit for prior learning"),
]
TIER_TERMS = {"entry": "Entry", "mid": "Mid", "advanced": "Advanced"}
# What the convener wrote about a pathway program (in English: there is no Spanish field).
ROUTE_TEXTS = (
    "name",
    "summary",
    "who_may_enter",
    "prerequisites",
    "prior_learning",
    "support_services",
    "work_based_learning",
)
SOURCE_NAMES = {
    "oews_regional": gettext_noop(
        "BLS Occupational Employment and Wage Statistics (regional wages)"
    ),
    "oews_national": gettext_noop(
        "BLS Occupational Employment and Wage Statistics (national wages)"
    ),
    "projections": gettext_noop("BLS Employment Projections (openings, typical education)"),
    "onet": gettext_noop("O*NET (descriptions, technology and tools)"),
}


def choose(requested: str | None, request=None) -> str:
    """The reader's choice (?lang=es), else the browser's preference, else English."""
    if requested in LANGUAGES:
        return requested
    if request is not None:
        header = request.headers.get("Accept-Language", "")
        return accept_language(header)
    return DEFAULT


def accept_language(header: str) -> str:
    """English or Spanish, whichever the Accept-Language header prefers (English if neither)."""
    best, best_q = DEFAULT, -1.0
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if base in LANGUAGES and q > best_q and q > 0:
            best, best_q = base, q - position * 1e-6
    return best


def term(value: str, language: str) -> Text:
    """A fixed English value in the page's language, when the catalog has it."""
    if not value:
        return Text("", language)
    if language == DEFAULT:
        return Text(value, DEFAULT)
    with translation.override(language):
        translated = gettext(value)
    return Text(translated, language if translated != value else DEFAULT)


def _unless_none(value: str) -> str:
    """BLS says "None" where no experience or training is typical: show nothing."""
    return "" if value == "None" else value


def localized_route(route: dict, language: str, titles: dict[str, Text]) -> dict:
    """One pathway program in `language`: the levels and linkage kinds translated, the
    exit jobs under the map's own titles for them, the convener's words marked English."""
    steps = []
    for step in route["steps"]:
        link = step.get("linkage_to_next")
        steps.append(
            {
                **step,
                "program": Text(step["program"], DEFAULT),
                "note": Text(step.get("note", ""), DEFAULT),
                "exit_title": titles.get(step["exit_soc_code"])
                or Text(step.get("exit_title") or "", DEFAULT),
                "tier_label": term(TIER_TERMS.get(step["tier"], ""), language),
                "linkage_to_next": {**link, "label": term(link["label"], language)}
                if link
                else None,
            }
        )
    texts = {key: Text(route.get(key, ""), DEFAULT) for key in ROUTE_TEXTS}
    return {**route, **texts, "steps": steps}


def localized(data: dict, language: str) -> dict:
    """A copy of a snapshot with every text the map shows in `language`, as `Text`."""
    spanish = (data.get("es") or {}) if language == "es" else {}
    own = spanish.get("occupations", {})

    def pick(english: str, other: str | None) -> Text:
        return Text(other, language) if other else Text(english or "", DEFAULT)

    titles: dict[str, Text] = {}
    soc_titles: dict[str, Text] = {}
    tiers = []
    for tier in data["tiers"]:
        occupations = []
        for occupation in tier["occupations"]:
            mine = own.get(str(occupation["id"]), {})
            title = pick(occupation["title"], mine.get("title"))
            titles[occupation["title"]] = title
            soc_titles[occupation["soc_code"]] = title
            occupations.append(
                {
                    **occupation,
                    "title": title,
                    "description": pick(occupation.get("description", ""), mine.get("description")),
                    "conditions": pick(occupation.get("conditions", ""), mine.get("conditions"))
                    if occupation.get("conditions") or mine.get("conditions")
                    else Text("", DEFAULT),
                    "education": term(occupation.get("education", ""), language),
                    "experience": term(_unless_none(occupation.get("experience", "")), language),
                    "training": term(_unless_none(occupation.get("training", "")), language),
                    "programs": [
                        {
                            **p,
                            # Snapshots from before these were recorded showed only
                            # reviewed-or-not-asked programs open to anyone.
                            "reviewed": p.get("reviewed", True),
                            "open_to_new": p.get("open_to_new", True),
                            "type": term(p.get("type", ""), language),
                            "schedule": [term(s, language) for s in p.get("schedule", [])],
                        }
                        for p in occupation["programs"]
                    ],
                }
            )
        tiers.append(
            {
                **tier,
                "label": term(tier["label"], language),
                "requirements": pick(
                    tier.get("requirements", ""), spanish.get("requirements", {}).get(tier["tier"])
                ),
                "occupations": occupations,
            }
        )
    for tier in tiers:
        for occupation in tier["occupations"]:
            occupation["leads_to"] = [
                titles.get(t, Text(t, DEFAULT)) for t in occupation.get("leads_to", [])
            ]
    sources = []
    for source in data.get("sources", []):
        key = source.get("key", "")
        name = source["name"]
        if key in SOURCE_NAMES:
            name = term(SOURCE_NAMES[key], language)
        elif key == "inventory":
            with translation.override(language):
                name = Text(
                    gettext("%(partnership)s program inventory")
                    % {"partnership": data["partnership"]["name"]},
                    language,
                )
        elif key == "pathways":
            with translation.override(language):
                name = Text(
                    gettext("%(partnership)s pathway programs")
                    % {"partnership": data["partnership"]["name"]},
                    language,
                )
        as_of_date = source.get("as_of_date")
        sources.append(
            {
                **source,
                "name": name,
                # English keeps the stored wording; Spanish formats the date its own way.
                "as_of_date": date.fromisoformat(as_of_date)
                if as_of_date and language != DEFAULT
                else None,
            }
        )
    return {
        **data,
        "language": language,
        "title": pick(data["title"], spanish.get("title")),
        "introduction": pick(data.get("introduction", ""), spanish.get("introduction")),
        "tiers": tiers,
        "paths": [
            {
                **p,
                "from": titles.get(p["from"], Text(p["from"], DEFAULT)),
                "to": titles.get(p["to"], Text(p["to"], DEFAULT)),
            }
            for p in data.get("paths", [])
        ],
        "sources": sources,
        # Snapshots published before the map drew pathway programs have none.
        "routes": [localized_route(r, language, soc_titles) for r in data.get("routes", [])],
    }
