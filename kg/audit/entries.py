"""Defects of a reference-list entry that its printed text shows: dates, punctuation, author names, DOIs and
URLs, NLM locators. Pure string functions on one entry, each tested on real entries (tests/test_audit_entries.py).

Every regex is bounded: its repetitions have limits, and an entry is cut at ``MAX_ENTRY`` characters first.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.audit.refs import DOI_IN_TEXT, URL, clean_doi

MAX_ENTRY = 2000
MONTHS = {
    m: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
#: "April 5, 2023", "5 April 2023", "2023 Apr 5" (NLM's "[cited 2023 Apr 5]"), "2023-04-05"
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s(?P<d1>\d{{1,2}}),?\s(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})\s(?P<m2>{_MONTH})\s(?P<y2>(?:19|20)\d{{2}})"
    rf"|(?P<y3>(?:19|20)\d{{2}})\s(?P<m3>{_MONTH})\s(?P<d3>\d{{1,2}})"
    rf"|(?P<y4>(?:19|20)\d{{2}})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}}))"
)
ACCESSED = re.compile(rf"\b(?:accessed|retrieved|cited|viewed|read\son)(?:\son)?:?\s\[?{_DATE}", re.IGNORECASE)
#: the day it was read written year first, as NLM writes dates: "[cited 2014 May 19]", "Last accessed on 2014 May 19"
ACCESSED_YEAR_FIRST = re.compile(
    rf"\b(?:accessed|retrieved|cited|viewed|read\son)(?:\son)?:?\s\[?(?:19|20)\d{{2}}\s{_MONTH}\s\d{{1,2}}\b",
    re.IGNORECASE,
)
REVISED = re.compile(rf"\b(?:last\s)?(?:revised|reviewed|updated|modified)(?:\son)?:?\s{_DATE}", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")


def _date(match: re.Match) -> dt.date | None:
    for i in "1234":
        if match.group("y" + i):
            month = match.group("m" + i).rstrip(".").lower()
            try:
                return dt.date(
                    int(match.group("y" + i)),
                    int(month) if month.isdigit() else MONTHS[month],
                    int(match.group("d" + i)),
                )
            except (KeyError, ValueError):
                return None
    return None


def blank_identifiers(text: str) -> str:
    """The entry with its URLs and DOIs replaced by as many 'x' (same length, no punctuation left inside them)."""
    text = URL.sub(lambda m: "x" * len(m.group(0)), text[:MAX_ENTRY])
    return DOI_IN_TEXT.sub(lambda m: "x" * len(m.group(0)), text)


def access_conflict(text: str) -> tuple[str, str] | None:
    """(message, highlight) when the entry says it was read before the version it cites: a revision date after the
    date of access ("Last revised December 19, 2023. Accessed April 5, 2023"), or a year of publication after it
    ("2024. Accessed April 6, 2023")."""
    text = text[:MAX_ENTRY]
    accessed = ACCESSED.search(text)
    when = _date(accessed) if accessed else None
    if accessed is None or when is None:
        return None
    revised = REVISED.search(text)
    changed = _date(revised) if revised else None
    if revised and changed and changed > when:
        return (
            f"The entry was read on {when.isoformat()} ({accessed.group(0)!r}) but cites the version of "
            f"{changed.isoformat()} ({revised.group(0)!r}): the version read is not the one cited.",
            revised.group(0),
        )
    before = blank_identifiers(text[: accessed.start()])
    if revised:
        before = before.replace(revised.group(0), " " * len(revised.group(0)))
    years = _YEAR.findall(before)
    if years and int(years[-1]) > when.year:
        return (
            f"The entry is dated {years[-1]} but says it was read on {when.isoformat()} ({accessed.group(0)!r}): "
            "a work cannot be read before it is dated.",
            years[-1],
        )
    return None


_SLIPS = (
    (re.compile(r"(?<![.\w])\.\s{1,3}\.(?!\.)|(?<=\w)\.\s{1,3}\.(?!\.)"), "a doubled full stop"),
    (re.compile(r"(?<=[\w.)])\s{1,3}[;,](?=\s|$)|(?<=[\w)])\s{1,3}\.(?=\s|$)"), "a space before the punctuation"),
    (re.compile(r"\b(?:no|vol|nr)\s?,\s?\d", re.IGNORECASE), "a comma where the abbreviation takes a full stop"),
    (re.compile(r"\b[A-Z][a-z]{1,30}\s[A-Z]{1,3}\set\sal\b"), "no comma before 'et al.'"),
    (re.compile(r"^\s{0,3}(?:Id|Ibid)\s{0,2},", re.IGNORECASE), "'Id,' with no full stop (the short form is 'Id.')"),
    # "Hot Spot Analysis. (Getis-Ord GI*) (Spatial Statistics).": a title's bracketed part cut off by a full stop (not a
    # year, an edition or an editor: "Smith J. (2020)", "(Ed.)", "(2nd ed.)")
    (
        re.compile(
            r"(?<=[a-z]{3})\.\s\((?![^()]{0,12}\b(?:1[6-9]|20)\d{2}\b)(?!(?i:eds?|ed\.|editors?|\d{1,2}(?:st|nd|rd|th))\b)[A-Z][^()]{2,60}\)"
        ),
        "a full stop between the title and its bracketed part",
    ),
)
#: "Roenneberg T., Daan S, Merrow M.": one author list that writes initials both with and without a full stop
_INITIALS = re.compile(r"\b[A-Z][a-z'’\-]{1,30}\s([A-Z]{1,3})(\.?)(?=,)")


def punctuation_slips(text: str) -> list[tuple[str, str]]:
    """(what, the stretch it is in) for each slip of punctuation outside URLs and DOIs: a doubled full stop
    ("et al. . Title"), a space before a punctuation mark ("et al. ;", "2018 ."), "no, 9" for "no. 9", and
    Vancouver names with no comma before "et al."."""
    blanked = blank_identifiers(text)
    out = []
    for pattern, what in _SLIPS:
        for match in pattern.finditer(blanked):
            start, end = max(0, match.start() - 20), min(len(text), match.end() + 12)
            out.append((what, " ".join(text[start:end].split())))
    names = list(_INITIALS.finditer(blanked[:200]))
    if len({bool(m.group(2)) for m in names}) == 2:
        with_stop, without = next(m for m in names if m.group(2)), next(m for m in names if not m.group(2))
        out.append(
            ("initials written both with and without a full stop", f"{with_stop.group(0)}, … {without.group(0)}")
        )
    return out


_MARKUP = re.compile(r"(?<=[^\sx_])_{1,2}(?=[^\s_])|(?<=[^\s_])_{1,2}(?=[^\sx_])|\*\*|(?<!\w)\\[*_\[\]]")


def markup_left(text: str) -> list[str]:
    """Stretches of the entry with Markdown or wiki markup left inside words ("report_–_United States",
    "CDC-_s_ponsored"), outside URLs and DOIs, where underscores belong."""
    blanked = blank_identifiers(text)
    spans: list[list[int]] = []
    for m in _MARKUP.finditer(blanked):
        if spans and m.start() - spans[-1][1] <= 12:
            spans[-1][1] = m.end()  # one stretch: "_–_", "_s_"
        else:
            spans.append([m.start(), m.end()])
    return [" ".join(text[max(0, a - 12) : b + 12].split()) for a, b in spans]


#: "Chang et al." opening the entry: a surname with no initials and no co-author
_BARE_FIRST = re.compile(
    r"^\s{0,4}(?:\d{1,3}\.\s{1,3})?(?P<name>[A-Z][a-z'’\-]{1,30})\s(?:et\sal\.?|and\scolleagues)(?=[\s.,])"
)
#: "Smith AB, Jones, Brown CD": a bare surname among Vancouver names
_VANCOUVER_RUN = re.compile(
    r"^\s{0,4}(?:\d{1,3}\.\s{1,3})?(?:[A-Z][\w'’\-]{1,30}\s[A-Z]{1,3},\s){1,20}(?P<name>[A-Z][a-z'’\-]{1,30}),\s[A-Z][\w'’\-]{1,30}\s[A-Z]{1,3}[,.]"
)
#: "Smith AB, Jones CD The effect of …": the last Vancouver name runs into the title with no full stop
_RUN_INTO_TITLE = re.compile(
    r"^\s{0,4}(?:\d{1,3}\.\s{1,3})?(?:[A-Z][\w'’\-]{1,30}\s[A-Z]{1,3},\s){0,20}[A-Z][\w'’\-]{1,30}\s(?P<initials>[A-Z]{1,3})\s(?P<title>(?:The|A|An|[A-Z][a-z]{2,30})\s[a-z]{2,30}\s[a-z]{2,30})"
)


def author_defects(text: str) -> list[tuple[str, str]]:
    """(what, the name) for an author list a reader cannot use as printed: a first author by surname alone
    ("Chang et al."), a bare surname among Vancouver names, or the names running into the title."""
    text = text[:MAX_ENTRY]
    out = []
    if m := _BARE_FIRST.match(text):
        out.append(
            (
                f"the first author is given by surname alone ({m.group(0).strip()!r}), with no initials and no co-author",
                m.group("name"),
            )
        )
    if m := _VANCOUVER_RUN.match(text):
        out.append((f"{m.group('name')!r} has no initials, among names that have them", m.group("name")))
    if m := _RUN_INTO_TITLE.match(text):
        out.append(
            (
                f"the author list runs into the title with no full stop ({m.group('initials')} {m.group('title')!r}…)",
                m.group("title"),
            )
        )
    return out


#: a DOI printed twice over: "doi:https://doi.org/10.…"
DOUBLED_DOI = re.compile(r"\bdoi\s?:\s?https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
#: what follows a DOI with no space and is not part of it by the DOI's own syntax
_DOI_TAIL = re.compile(r"10\.\d{4,9}/[^\s\"<>]{1,300}")


def doi_defects(text: str) -> list[tuple[str, str, str]]:
    """(severity, message, highlight) for a DOI that a reader cannot use as printed: the doubled
    ``doi:https://doi.org/`` form (a warning: the DOI itself resolves), one cut at a hyphen (a warning: DOIs rarely
    end so), one with a percent-encoded space or a stray " - " glued after it (a warning)."""
    text = text[:MAX_ENTRY]
    out = []
    for m in DOUBLED_DOI.finditer(text):
        out.append(
            ("warning", f"The DOI is prefixed twice ({m.group(0)!r}): a reader who pastes it gets no work.", m.group(0))
        )
    for m in _DOI_TAIL.finditer(text):
        doi = clean_doi(m.group(0))
        if doi.endswith(("-", "_", "/")):
            out.append(("warning", f"The DOI {doi} ends in {doi[-1]!r}: it looks cut short.", m.group(0)))
        elif re.search(r"%20|%0a|%09", doi):
            out.append(
                (
                    "warning",
                    f"The DOI {doi} carries an encoded space ('%20'): it was copied with what followed it.",
                    m.group(0),
                )
            )
    return out


def url_defects(text: str) -> list[tuple[str, str]]:
    """(message, highlight) for a URL that carries what followed it: an encoded space or line break at its end
    ('…/22205313%20'), or a DOI resolver URL whose DOI is cut."""
    out = []
    for m in URL.finditer(text[:MAX_ENTRY]):
        url = m.group(0).rstrip(".,;)")
        if re.search(r"(?:%20|%0[aAdD9]|%C2%A0)+$", url):
            out.append((f"The address {url} ends in an encoded space: the link was copied with what followed it.", url))
        opened = text.rfind("<", 0, m.start()) > text.rfind(">", 0, m.start())
        if url.endswith(">") and not opened:
            out.append(
                (
                    f"The address {url} ends in a stray '>' with no '<' before it: a reader who follows it copies the '>'.",
                    url,
                )
            )
        elif not m.group(0).endswith((".", ",", ";", ")")) and (rest := _CUT_TAIL.match(text, m.end())):
            out.append(
                (
                    f"The address {url.rstrip('>')} is cut at a space: the file name goes on after it "
                    f"({rest.group(1).strip()!r}), so the link as printed does not reach the file.",
                    rest.group(1).strip(),
                )
            )
    return out


#: what goes on after an address cut at a space: "…-CT> Division of Criminal Justice-TMY.PDF" (with or without the '>')
#: (the file name's last part joins its words with '-' or '_', as a saved file's name does; prose after an address does not)
_CUT_TAIL = re.compile(
    r"\s{1,3}([^<>\s.][^<>\n.]{0,80}?[-_][\w-]{0,40}\.(?:pdf|html?|docx?|xlsx?|aspx?|php))\b", re.IGNORECASE
)


#: an NLM/Vancouver journal locator: "Am J Public Health 2014;104:17-22", "MMWR 2014;63(No. Suppl 1)."
NLM_LOCATOR = re.compile(
    r"(?:^|(?<=[.?!\]]\s))(?P<venue>[A-Z][A-Za-z&'’\-]{0,40}(?:\s(?:[A-Z(][A-Za-z&'’()\-]{0,40}|of|and|in|the)){0,10})\.?\s"
    r"(?P<year>(?:19|20)\d{2})(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?\s?;\s?(?P<volume>\d{1,4})"
    r"(?:\s?\((?P<issue>[^()\n]{1,40})\))?(?P<pages>\s?:\s?[A-Za-z]{0,2}\d{1,7}(?:\s?[-–]\s?[A-Za-z]{0,2}\d{1,7})?)?"
)
ISSN = re.compile(r"^\d{4}-\d{3}[\dXx]$")


def nlm_locator(text: str) -> re.Match | None:
    return NLM_LOCATOR.search(text[:MAX_ENTRY])


#: an author-year cue: "Tabcharani et al., 1991", "(Smith & Jones, 2020)", "Smith and colleagues (2020)"
AUTHOR_CUE = re.compile(
    r"^\W{0,3}(?P<name>[A-Z][\w'’\-]{1,40}(?:\s(?:van|de|der|von|den|la|le)\s[A-Z][\w'’\-]{1,40})?)"
    r"(?P<etal>\set\sal\.?|\sand\scolleagues|\s(?:&|and)\s[A-Z][\w'’\-]{1,40})?,?\s\(?(?:19|20)\d{2}"
)


def surname(author: str) -> str:
    """'Doe, J.' -> 'Doe'; 'Jane Doe' -> 'Doe'; 'Doe JT' -> 'Doe' (Vancouver)."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    words = author.split()
    if len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}\.?", words[-1]):
        return " ".join(words[:-1])
    return words[-1] if words else ""


def author_cue_defect(cue: str, authors: list[str]) -> tuple[str, str, str] | None:
    """(severity, message, highlight) when an author-year cue names other authors than the entry's: the surname
    spelt differently (a warning), "et al." hiding a different first author (a warning: the cue names the entry's
    second or later author), or a name the entry's authors do not have (a warning: an organisation may stand as
    author). None when the cue is no author-year cue, or agrees."""
    from rapidfuzz import fuzz

    from kg.audit.refs import fold

    m = AUTHOR_CUE.match(cue[:300])
    names = [surname(a) for a in authors if a.strip()]
    if not m or not names:
        return None
    name = m.group("name")
    if fold(name) == fold(names[0]):
        return None
    later = [n for n in names[1:] if fold(n) == fold(name)]
    if later:
        return (
            "warning",
            f"The cue {cue!r} puts {name} first, but the entry's first author is {names[0]}; {name} is its "
            f"author number {names.index(later[0]) + 1}"
            + (": 'et al.' hides the first author." if m.group("etal") else "."),
            name,
        )
    if fuzz.ratio(fold(name), fold(names[0])) >= 75:
        return ("warning", f"The cue spells the first author {name!r}; the entry spells it {names[0]!r}.", name)
    if any(fuzz.ratio(fold(name), fold(n)) >= 75 for n in names[1:]):
        return (
            "warning",
            f"The cue names {name!r}, a near spelling of a later author of the entry, whose first author is {names[0]}.",
            name,
        )
    return (
        "warning",
        f"The cue names {name!r}, but the entry's authors are {', '.join(names[:4])}{' …' if len(names) > 4 else ''}.",
        name,
    )


#: words of a title that name the study's design, in the order they are tried (a review of cohorts is a review)
_TITLE_DESIGNS = (
    (
        re.compile(
            r"\bsystematic\s(?:literature\s)?review\b|\bmeta-?analys[ie]s\b|\bumbrella\sreview\b", re.IGNORECASE
        ),
        "systematic-review",
    ),
    (re.compile(r"\brandomi[sz]ed\s(?:\w+\s){0,2}?trial\b|\bRCT\b", re.IGNORECASE), "rct"),
    (re.compile(r"\bcase[-\s]control\b", re.IGNORECASE), "case-control"),
    (re.compile(r"\b(?:cohort|prospective|longitudinal|follow-up)\sstudy\b|\bcohort\b", re.IGNORECASE), "cohort"),
    (
        re.compile(r"\bcross[-\s]sectional\b|\bnational\s(?:\w+\s)?survey\b|\ba\ssurvey\sof\b", re.IGNORECASE),
        "cross-sectional",
    ),
    (re.compile(r"\bcase\s(?:series|reports?)\b", re.IGNORECASE), "case-series"),
)


def design_from_title(title: str | None) -> str | None:
    """The study design a title names ("…: a systematic review", "a cohort study"), or None."""
    for pattern, design in _TITLE_DESIGNS:
        if title and pattern.search(title[:600]):
            return design
    return None


_PEOPLE = (
    r"people|persons|participants|patients|adults|children|adolescents|women|men|subjects|respondents|individuals|"
    r"students|veterans|infants|runners|nurses|physicians|residents|mothers|pregnancies|births|dogs"
)
PEOPLE_COUNT = re.compile(
    rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})+|\d{{2,7}})\s(?:[A-Za-z\-]{{1,20}}\s){{0,2}}?({_PEOPLE})\b", re.IGNORECASE
)


PEOPLE_SHARE = re.compile(
    rf"(?<![\d.,])(\d{{1,3}}(?:\.\d{{1,2}})?)\s?(?:%|per\s?cent)\s(?:of\s)?(?:(?:the|all)\s)?(?:[A-Za-z\-]{{1,20}}\s){{0,2}}?({_PEOPLE})\b",
    re.IGNORECASE,
)


def people_shares(text: str) -> dict[str, set[float]]:
    """Percentages of people in a text, by the noun they are shares of: "23% of older adults" -> {"adults": {23.0}}."""
    out: dict[str, set[float]] = {}
    for m in PEOPLE_SHARE.finditer(text[:MAX_ENTRY]):
        out.setdefault(m.group(2).lower(), set()).add(float(m.group(1)))
    return out


#: an odds ratio printed in a sentence: "(OR=3.0)", "(OR 10.0, P = 0.014)", "aOR 1.8", "odds ratio of 2.6"
PRINTED_ODDS_RATIO = re.compile(
    r"(?<![\w-])a?OR\s?[=:]?\s?\d{1,3}(?:\.\d{1,3})?|\b(?:[Aa]djusted\s)?[Oo]dds\sratios?\b(?:\s(?:of|was|=))?(?:\s\d{1,3}(?:\.\d{1,3})?)?"
)


def people_counts(text: str) -> dict[str, set[int]]:
    """Counts of people in a text, by the noun that counts them: "1,200 older adults" -> {"adults": {1200}}."""
    out: dict[str, set[int]] = {}
    for m in PEOPLE_COUNT.finditer(text[:MAX_ENTRY]):
        out.setdefault(m.group(2).lower(), set()).add(int(m.group(1).replace(",", "")))
    return out


def article_number_conflict(doi: str | None, text: str | None) -> str | None:
    """The article number an entry prints ("eLife 8 (August): 3308.") when its DOI ends in the journal's own article
    number (``10.7554/eLife.49324``: article e49324) and that is another number: the entry's number is not this
    article's. None where they agree, where the entry prints a page range, or where the DOI ends in no such number."""
    if not doi or not text:
        return None
    own = re.search(r"/[a-z][\w-]{0,30}[a-z]\.(\d{5,9})$", doi, re.IGNORECASE)
    printed = re.search(r"\d{1,4}\s?(?:\([^()\n]{1,20}\))?\s?:\s?(e?\d{2,9})\.(?:\s|$)", blank_identifiers(text))
    if not own or not printed:
        return None
    if printed.group(1).lstrip("e").lstrip("0") == own.group(1).lstrip("0"):
        return None
    return printed.group(1)


def elocator_conflict(doi: str | None, pages: str | None) -> str | None:
    """The entry's e-locator ("e29439", "e036852") when its DOI embeds an article number (a run of five digits or
    more) that is not it: the DOI names another article. None where they agree, where the entry gives a page
    range or no e-locator, or where the DOI embeds no number to compare (most publishers')."""
    if not doi or not pages:
        return None
    m = re.fullmatch(r"\s*(e\d{4,9})\s*", pages, re.IGNORECASE)
    if not m:
        return None
    wanted = m.group(1)[1:].lstrip("0")
    suffix = doi.split("/", 1)[-1]
    runs = [r.lstrip("0") for r in re.findall(r"\d{5,20}", suffix)]
    if not runs or wanted in suffix or any(r.endswith(wanted) for r in runs):
        return None
    return m.group(1)


#: "… March 18, 2015. Also State of Connecticut, …": a second work joined to the entry
_ALSO = re.compile(r"(?:^|[.;]\s{1,3})(?:See\s{1,3})?Also,?\s{1,3}(?:see\s{1,3})?([A-Z][^.;]{3,80})")


def second_work(text: str) -> str | None:
    """The start of a second work an entry cites after its first ("Also State of Connecticut, Division of Criminal
    Justice, …"), or None."""
    m = _ALSO.search(blank_identifiers(text))
    return " ".join(m.group(0).strip(" .;").split())[:80] if m else None


#: "… clinical trials. BMJ 2004.", "… NSW Public Health Bulletin June 2011.", "… Royal Society Open Science. 2016.":
#: after the title only a journal's name and a date, no volume, pages or identifier
_VENUE_AND_YEAR = re.compile(
    rf"\.\s{{1,3}}(?P<venue>[A-Z][A-Za-z&'’\- ]{{1,80}}?)\.?\s{{1,3}}(?:{_MONTH}\s{{1,3}})?(?:19|20)\d{{2}}\.?\s{{0,3}}$",
    re.IGNORECASE,
)
_PUBLISHER = re.compile(
    r"\b(?:press|publish\w*|books?|inc|ltd|llc|gmbh|wiley|springer|elsevier|university|institute|"
    r"foundation|department|ministry|organi[sz]ation|council|association|committee|agency)\b",
    re.IGNORECASE,
)


def venue_and_year_only(text: str) -> str | None:
    """The journal an entry names when it gives nothing after its title but the journal and a date ("BMJ 2004."), so
    that a reader has no volume, pages or identifier to find the article by; None otherwise (a publisher's name is a
    book's locator, not a journal's)."""
    text = text[:MAX_ENTRY]
    if URL.search(text) or DOI_IN_TEXT.search(text):
        return None
    m = _VENUE_AND_YEAR.search(text)
    if not m or _PUBLISHER.search(m.group("venue")) or re.search(r"\d", m.group("venue")):
        return None
    return m.group("venue").strip()


#: a year that opens a name ("2024 Oregon Death with Dignity Act Data Summary", "2021 Data Summary"): part of a
#: title, not the date of the work (a month after a year is a date: "2012 Feb;95(2)")
_YEAR_IN_NAME = re.compile(rf"(?<![\d-])(?:19|20)\d{{2}}\s(?!(?i:{_MONTH})(?:\W|$))[A-Z][A-Za-z]")


def no_publication_date(text: str) -> str | None:
    """Where the only years an entry prints are not its date of publication, what they are: "the day it was read"
    ("read on Jan 29 2020", "Accessed …"), "its title" ("2024 Oregon Death with Dignity Act Data Summary"); None
    where the entry prints a year of its own, a revision date ("Last revised …": the version's date) or no year at
    all (ref-malformed says "gives no year")."""
    blanked = blank_identifiers(text)
    kinds: list[str] = []
    for pattern, kind in ((ACCESSED, "the day it was read"), (_YEAR_IN_NAME, "its title")):
        for m in pattern.finditer(blanked):
            kinds.append(kind)
            blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    if not kinds or _YEAR.search(blanked):
        return None
    return " and ".join(dict.fromkeys(kinds))


_WORD = re.compile(r"(?<![\w\-'’])[A-Za-z][a-z]{5,30}(?![\w\-'’])")
#: a doubled "i" inside a word ("prelimiinary"); not "skiing", "taxiing", nor a word's end ("radii", "Hawaii")
_DOUBLED_I = re.compile(r"(?<![\w\-])[a-z]{2,20}ii(?!ng\b)[a-z]{2,20}(?![\w\-])")


def word_counts(texts: list[str]) -> dict[str, int]:
    """How often each word of six letters or more occurs in these texts, case folded."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group(0).casefold()
            counts[word] = counts.get(word, 0) + 1
    return counts


def _one_slip(odd: str, usual: str) -> bool:
    """``odd`` is ``usual`` with one letter left out, or two neighbours swapped, inside the word (not its first or
    last two letters, where spellings differ by convention: "oestrogen", "catalogue"), and not a convention either:
    a doubled letter ("labeled"), "our"/"or", "ae"/"oe" for "e", "re"/"er"."""
    if len(odd) == len(usual) - 1:
        at = next((i for i, (a, b) in enumerate(zip(odd, usual)) if a != b), len(odd))
        if odd[at:] != usual[at + 1 :] or not 1 <= at <= len(usual) - 3:
            return False
        dropped, before = usual[at], usual[at - 1]
        after = usual[at + 1] if at + 1 < len(usual) else ""
        doubled = dropped in (before, after)
        convention = (dropped == "u" and before == "o" and after == "r") or (dropped in "ao" and after == "e")
        return not doubled and not convention
    if len(odd) == len(usual):
        diff = [i for i, (a, b) in enumerate(zip(odd, usual)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and odd[diff[0]] == usual[diff[1]]
            and odd[diff[1]] == usual[diff[0]]
            and 1 <= diff[0] <= len(usual) - 3
            and {odd[diff[0]], odd[diff[1]]} != {"r", "e"}
        )
    return False


def misspelt_words(text: str, counts: dict[str, int]) -> list[tuple[str, str | None]]:
    """(word, the usual spelling or None) for each word of ``text`` that looks misspelt, without a dictionary: a
    word found once in the article that is, with one letter left out or two swapped, a word the article uses at
    least twice ("Edwarsiella" among nine "Edwardsiella"); or a doubled "i" inside a word ("prelimiinary")."""
    out: list[tuple[str, str | None]] = []
    for m in _WORD.finditer(text):
        word = m.group(0).casefold()
        if counts.get(word, 0) > 1:
            continue
        # the words it may be a slip of: a letter put back anywhere, or two neighbours swapped back
        near = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in "abcdefghijklmnopqrstuvwxyz"}
        near |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        usual = next((u for u in sorted(near) if len(u) >= 7 and counts.get(u, 0) >= 2 and _one_slip(word, u)), None)
        if usual:
            out.append((m.group(0), usual.capitalize() if m.group(0)[0].isupper() else usual))
    out.extend((m.group(0), None) for m in _DOUBLED_I.finditer(text) if (m.group(0), None) not in out)
    return out


#: the platforms, databases and indexes where a work is found, not the journal it appeared in: APA 7 (§9.30) leaves
#: database information out of a journal article's reference and NLM's Citing Medicine names the journal, so one
#: of these standing as an entry's venue means its journal is missing
_PLATFORM = re.compile(
    r"(?:PubMed(?:\s(?:Central|Health))?|PMC|Europe\sPMC|MEDLINE|NCBI|Google\sScholar|Semantic\sScholar|Scopus|"
    r"Web\sof\sScience|JSTOR|EBSCO(?:host)?|ProQuest|Ovid|PsycINFO|CINAHL|ResearchGate|Academia\.edu|ScienceDirect|"
    r"Science\sDirect|Springer\s?Link|Wiley\sOnline\sLibrary|Taylor\s(?:&|and)\sFrancis\sOnline|SAGE\sJournals|"
    r"Oxford\sAcademic|Cambridge\sCore)",
    re.IGNORECASE,
)
#: a PubMed Central or PubMed id ("PMC3422397", "PMID: 123456") that ends an entry
_ID_AT_END = re.compile(r"[.,;:]\s{0,3}(?P<id>PMC\s?\d{4,9}|PMID:?\s?\d{4,9})[\s.]{0,3}$")


def platform_venue(journal: str | None) -> str | None:
    """The platform or database an entry gives as its journal ("SAGE Journals", "PubMed", "ResearchGate"), or None."""
    name = " ".join((journal or "").split()).strip(" .,;")
    return name if name and _PLATFORM.fullmatch(name) else None


def identifier_as_venue(text: str, title: str | None) -> str | None:
    """The PubMed Central or PubMed id an entry prints after its title as all it gives ("Childhood respiratory
    symptoms and mental health problems. PMC3422397."): no journal, year, volume or pages; None otherwise (a reader
    that took the id into the title is allowed for)."""
    text = " ".join(text[:MAX_ENTRY].split())
    m = _ID_AT_END.search(text)
    if not m:
        return None
    head = text[: m.start()].strip(" .").casefold()
    title = " ".join((title or "").split()).casefold()
    title = title[: -len(m.group("id"))] if title.endswith(m.group("id").casefold()) else title
    return m.group("id") if len(head) >= 12 and head == title.strip(" .,;:") else None
