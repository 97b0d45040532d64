"""An article's metadata from where publishers put it.

Front matter (YAML between ``---`` lines, TOML between ``+++`` lines) at the top of a Markdown or text file;
in a saved HTML page, schema.org JSON-LD, Highwire ``citation_*`` tags (what Google Scholar reads), Dublin Core,
Open Graph and ``article:*`` tags, and ``<time datetime>``. Each field is taken from the most specific place
that has it, and every value says where it came from, so that the draft's notes can tell a reviewer.

Every byte is untrusted: the front matter is read with a YAML loader that builds plain data only (no tags, no
anchors or aliases, so no "billion laughs"), both it and each JSON-LD block are capped in size, and a block
that cannot be read is skipped with a note, never an error: missing metadata never stops an ingest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

#: Largest front matter or JSON-LD block read; past it the block is skipped with a note.
MAX_BLOCK = 64 * 1024
#: Largest number of JSON-LD blocks read from one page.
MAX_JSONLD_BLOCKS = 20

FRONT_MATTER = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.{0,65536}?)\n(?P=fence)[ \t]*(?:\n|\Z)", re.DOTALL)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_ISO = re.compile(r"^\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:$|[T\s])")
_MONTH_FIRST = re.compile(
    r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
)
_DAY_FIRST = re.compile(
    r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})\b"
)
#: the form a Java or C program writes a date in ("Mon Aug 03 12:45:00 EDT 2015"): the year comes after the time
_CLOCK_FIRST = re.compile(
    r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<mon>[A-Za-z]{3,9})\s+(?P<d>\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Z]{1,5})?\s+(?P<y>\d{4})\s*$"
)


#: a date in figures with the year last, "9/21/2016" (as US pages print it) or "21.9.2016" (as much of Europe does)
_NUMERIC = re.compile(r"^\s*(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")


def parse_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD) from what pages put in a date field: a YAML date, "2023-02-14T09:00:00Z",
    "2023/02/14", "February 14, 2023", "14 Feb 2023", "Tue, 14 Feb 2023 …", and "9/21/2016" or "21/9/2016" where only
    one order of day and month is a date (never "3/4/2016"). None if it is not a real date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or len(value) > 100:
        return None
    found = _ISO.match(value)
    numeric = _NUMERIC.match(value)
    if found:
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    elif numeric:
        a, b, year = int(numeric["a"]), int(numeric["b"]), int(numeric["y"])
        if (a <= 12) == (b <= 12):
            return None  # "3/4/2016" is the 4th of March in the US and the 3rd of April in Europe: no telling
        month, day = (a, b) if a <= 12 else (b, a)
    else:
        found = _MONTH_FIRST.match(value) or _DAY_FIRST.match(value) or _CLOCK_FIRST.match(value)
        if not found or found["mon"].lower() not in _MONTHS:
            return None
        year, month, day = int(found["y"]), _MONTHS[found["mon"].lower()], int(found["d"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


#: a news release dating itself in its text: "Results of the study were published today (Dec. 17, 2018) in …",
#: "announced today (March 3, 2021)"
TODAY_DATED = re.compile(r"\b[Tt]oday\s{0,3}\((?P<date>[^()]{6,30})\)")
#: how far into the body a release's "today (…)" is looked for (its first paragraphs)
TODAY_REACH = 3000
#: a post's date in its file name, as Jekyll and Hugo name posts: "2020-12-23-uk-novel-variant.md"
DATED_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-[\w.-]")


_MONTH_WORD = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
#: a news dateline that opens a paragraph: "Feb. 23, 2015 -- Life-threatening peanut allergies …" (WebMD),
#: "BOSTON, March 3, 2021 — …": an optional place, the date, then a dash (the story's date, as wire and health
#: news print it)
DATELINE = re.compile(
    rf"^\s{{0,5}}(?:[A-Z][A-Za-z.'’ -]{{1,40}},\s(?:[A-Z][A-Za-z.]{{1,20}}\s)?)?"
    rf"(?P<date>(?i:{_MONTH_WORD})\.?\s\d{{1,2}},?\s(?:19|20)\d{{2}}|\d{{1,2}}\s(?i:{_MONTH_WORD})\.?,?\s(?:19|20)\d{{2}})"
    rf"\s?(?:\([A-Za-z]{{1,20}}\)\s?)?(?:--|—|–)\s"
)


#: a wire service's credit that opens a story: "(Reuters) - Shares of …", "WASHINGTON (AP) — The …"
WIRE_CREDIT = re.compile(
    r"^\s{0,5}(?:[A-Z][A-Za-z.'’-]{0,20},?\s){0,4}\((?P<agency>[A-Z][A-Za-z&.]{1,20}(?:\s[A-Z][A-Za-z&.]{1,20}){0,3})\)\s?(?:-{1,2}|—|–)\s"
)


def wire_credit(lines: list[str]) -> str | None:
    """The wire service the first non-blank of ``lines`` credits in its dateline ("Reuters"), else None."""
    first = next((line for line in lines if line.strip()), "")
    found = WIRE_CREDIT.match(first)
    return found.group("agency") if found else None


#: a journal's issue line, as CDC's MMWR heads every report: "Supplements / February 12, 2016 / 65(1);1-2"
ISSUE_LINE = re.compile(
    rf"(?:^|\s)/\s(?P<date>(?i:{_MONTH_WORD})\.?\s\d{{1,2}},?\s(?:19|20)\d{{2}}|\d{{1,2}}\s(?i:{_MONTH_WORD})\.?,?\s(?:19|20)\d{{2}})"
    rf"\s/\s\d{{1,4}}\(\w{{1,12}}\)"
)


def dateline(lines: list[str]) -> tuple[str, str] | None:
    """(ISO date, the dateline) from the first of ``lines`` (the page's first paragraphs) that opens with a news
    dateline or holds a journal's issue line; None if none does."""
    for line in lines:
        found = DATELINE.match(line) or ISSUE_LINE.search(line[:2000])
        date = parse_date(found.group("date")) if found else None
        if found and date:
            return date, found.group().strip(" -—–/")
    return None


def dated_in_text(text: str) -> tuple[str, str] | None:
    """(ISO date, the words it came from) where the first paragraphs say "today (<date>)", as a news release
    dates itself; None otherwise (or where the date is not a real one)."""
    found = TODAY_DATED.search(text, 0, TODAY_REACH)
    date = parse_date(found.group("date")) if found else None
    return (date, found.group()) if found and date else None


#: a full date that ends a title, as dated reports and bulletins are titled: "Situation report 2020-05-15.",
#: "Weekly epidemiological update – 12 January 2021", "COVID-19 briefing (March 3, 2021)"
DATED_TITLE = re.compile(
    rf"\S\s{{1,3}}(?:[-–—:,|(]\s{{0,3}})?(?P<date>(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\s(?i:{_MONTH_WORD})\.?,?\s(?:19|20)\d{{2}}|(?i:{_MONTH_WORD})\.?\s\d{{1,2}},?\s(?:19|20)\d{{2}})"
    r"\)?[.!]?\s{0,3}$"
)


def dated_title(title: str | None) -> str | None:
    """The ISO date a title ends with (a situation report's, a weekly update's), if a real date; None otherwise."""
    found = DATED_TITLE.search((title or "")[-80:])
    return parse_date(found.group("date")) if found else None


def dated_file_name(name: str) -> str | None:
    """The ISO date a post's file name starts with ("2020-12-23-uk-novel-variant.md"), if a real date."""
    found = DATED_FILE_NAME.match(name)
    return parse_date(found.group("date")) if found else None


#: where one sentence ends and the next begins: a full stop, "!" or "?", a closing quote, then a capital
_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?][\"”’']?\s+[\"“‘]?[A-Z]")


def reads_as_title(text: str) -> bool:
    """Whether the first line of a page with no heading and no title in its metadata can be its title: a title is
    short and is not a paragraph. A wire story or a news release printed as plain text opens with its first
    paragraph ("(Reuters) - Shares of … jumped as much as 38 percent on Monday …, bringing …."), which is text
    to draft, not a title: more than 40 words, or a sentence ended by a full stop or "!" of more than 20 words, or
    two sentences or more of more than 12 words."""
    words = len(text.split())
    ends = text.rstrip().rstrip("\"”’'").endswith((".", "!"))
    return not (words > 40 or (ends and words > 20) or (ends and words > 12 and _SENTENCE_BREAK.search(text)))


@dataclass
class PageMeta:
    """What the page says about itself; each field is None where it says nothing. ``origins`` names, per field,
    where the value was read ("front matter 'publishDate'", "JSON-LD datePublished", …)."""

    title: str | None = None
    description: str | None = None
    published: str | None = None  # ISO date
    modified: str | None = None  # ISO date
    publisher: str | None = None
    url: str | None = None
    #: the date came from a generic "date" tag (Dublin Core's DC.date, <meta name="date">), which many sites fill
    #: with when the page was generated: a dated line of the article outranks it
    published_weak: bool = False
    authors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the works the page lists in <meta name="citation_reference"> tags (a Highwire page may show its list only
    #: there), each as one citation line, in page order
    cited: list[str] = field(default_factory=list)

    def offer(self, name: str, value, origin: str) -> None:
        """Keep value for field name unless a more specific place already gave one."""
        if value in (None, "", []) or getattr(self, name) not in (None, []):
            return
        setattr(self, name, value)
        self.origins[name] = origin

    def merge(self, other: PageMeta) -> None:
        """Take from ``other`` what this one does not say."""
        if self.published is None and other.published is not None:
            self.published_weak = other.published_weak
        for name in ("title", "description", "published", "modified", "publisher", "url", "authors", "reviewers"):
            self.offer(name, getattr(other, name), other.origins.get(name, ""))
        self.notes += other.notes


def _text(value) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value[:500] or None


def _url(value) -> str | None:
    """The address as the page gives it, checked later where it is used (kg.ingest.pipeline refuses and notes
    one that is not an http(s) web address, such as a javascript: link)."""
    value = _text(value)
    return value if value and " " not in value else None


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE))


def _names(value) -> list[str]:
    """Person or organisation names from a string ("A and B", "A, B"), a list, or objects with a name."""
    if isinstance(value, dict):
        return _names(value.get("name") or value.get("@value"))
    if isinstance(value, list):
        return [name for item in value[:50] for name in _names(item)]
    text = _text(value)
    if not text:
        return []
    parts = re.split(r"\s*(?:;|\band\b|&)\s*", text) if (";" in text or " and " in text or "&" in text) else [text]
    return [part for part in (p.strip(" ,") for p in parts) if part]


# Front matter keys, most specific first.
_FRONT_KEYS = {
    "title": ("title", "headline", "seo_title", "meta_title"),
    "description": ("description", "summary", "excerpt", "abstract", "meta_description", "subtitle"),
    "published": (
        "date",
        "publishdate",
        "publish_date",
        "published",
        "published_at",
        "pubdate",
        "date_published",
        "datepublished",
        "created",
        "created_at",
    ),
    "modified": (
        "modified",
        "lastmod",
        "last_modified",
        "updated",
        "updated_at",
        "date_modified",
        "datemodified",
        "last_updated",
        "last_reviewed",
        # Jekyll templates' "update: 2021-03-03" (cmmid.github.io: "add the date at which post is updated")
        "update",
        "last_update",
    ),
    "publisher": ("publisher", "site", "site_name", "organization", "organisation"),
    "url": ("canonical", "canonical_url", "canonicalurl", "url", "permalink", "link", "source_url"),
    "authors": ("author", "authors", "writer", "writers", "byline", "contributors"),
    "reviewers": (
        "reviewer",
        "reviewers",
        "reviewed_by",
        "reviewedby",
        "medically_reviewed_by",
        "medical_reviewer",
        "medicalreviewer",
        "fact_checked_by",
    ),
}


def split_front_matter(raw: str) -> tuple[PageMeta, str]:
    """(what the front matter says, the text after it). The front matter's lines are replaced by blank lines, so
    line numbers in the body stay those of the file. Without front matter, (empty PageMeta, raw)."""
    found = FRONT_MATTER.match(raw)
    meta = PageMeta()
    if not found:
        json_end = _json_front_matter_end(raw)
        if json_end is None:
            return meta, raw
        # Hugo's JSON front matter: one object that opens the file
        import json

        data, problem = json.loads(raw[:json_end]), None
        rest = "\n" * raw.count("\n", 0, json_end) + raw[json_end:]
        return _front_fields(meta, data), rest
    fence, body = found["fence"], found["body"]
    data, problem = _toml(body) if fence == "+++" else _yaml(body)
    if problem or not isinstance(data, dict):
        # not front matter after all (a page may open with a rule): its text stays, with a note if it looked like it
        if problem and re.search(r"(?m)^[\w-]{1,40}[ \t]{0,5}[:=]", body):
            meta.notes.append(
                f"The page opens with what looks like front matter, but it could not be read ({problem}); "
                "it was kept as text."
            )
        return meta, raw
    rest = "\n" * found.group(0).count("\n") + raw[found.end() :]
    return _front_fields(meta, data), rest


#: the most of a page JSON front matter may take (a real one is a few KB)
MAX_JSON_FRONT_MATTER = 100_000


def _json_front_matter_end(raw: str) -> int | None:
    """Where a JSON object that opens the page ends (after its closing brace and line break), if it is one: the
    first character is "{", a line break follows it, and the whole object parses, within 100 KB."""
    import json

    if not re.match(r"\{\s*\n\s*\"", raw):
        return None
    try:
        data, end = json.JSONDecoder().raw_decode(raw[:MAX_JSON_FRONT_MATTER])
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not re.match(r"[ \t]*(?:\n|$)", raw[end:]):
        return None
    return end


def _front_fields(meta: PageMeta, data: dict) -> PageMeta:
    """Offer the front matter's known keys (title, date, author, …) to ``meta``."""
    fields = {str(key).lower().replace("-", "_"): value for key, value in data.items()}
    for name, keys in _FRONT_KEYS.items():
        for key in keys:
            if key not in fields:
                continue
            value = fields[key]
            if name in ("published", "modified"):
                value = parse_date(value)
            elif name == "url":
                value = _url(value)
            elif name in ("authors", "reviewers"):
                value = _names(value)
            else:
                value = _text(value)
            meta.offer(name, value, f"front matter '{key}'")
    return meta


def _yaml(text: str):
    import yaml

    class PlainLoader(yaml.SafeLoader):
        """Plain data only: an anchor, an alias or a tag in untrusted front matter is refused, not expanded."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases are not read in front matter")
            event = self.peek_event()
            if getattr(event, "anchor", None):
                raise yaml.YAMLError("anchors are not read in front matter")
            return super().compose_node(parent, index)

    try:
        return yaml.load(text, Loader=PlainLoader), None  # noqa: S506 (PlainLoader is a SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return None, " ".join(str(exc).split())[:120] or type(exc).__name__


def _toml(text: str):
    import tomllib

    try:
        return tomllib.loads(text), None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return None, " ".join(str(exc).split())[:120]


# ---------------------------------------------------------------------------------------------------------------
# HTML: JSON-LD, citation_*, Dublin Core, Open Graph, article:*, <time datetime>

_OWN_PUBLISHED = re.compile(r"(?:^|[:._-])(?:first_?published|published_?(?:time|date|on)|pub_?date|date_?published)$")
_OWN_MODIFIED = re.compile(
    r"(?:^|[:._-])(?:last_?updated|last_?modified|updated_?(?:time|date|on)|modified_?(?:time|date))$"
)
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "medicalwebpage",
    "webpage",
    "medicalscholarlyarticle",
    "scholarlyarticle",
    "healthtopiccontent",
    "report",
    "posting",
    "socialmediaposting",
    "techarticle",
}


#: elements of the page's body that hold its publication date, by their itemprop or class
PUBLISHED_ELEMENTS = (
    "[itemprop=datePublished], [class~=citation_pubdate], [class~=pubdate], [class~=publish-date], "
    "[class~=published-date], [class~=date-published], [class~=publication-date]"
)


def from_html(tree) -> PageMeta:
    """Metadata of a parsed page (a selectolax tree), most specific source first: JSON-LD, then citation_*,
    Dublin Core, Open Graph and article:* tags, then <title> and <time datetime>."""
    meta = PageMeta()
    meta.merge(_jsonld(tree))
    tags = _meta_tags(tree)

    def offer(field_name: str, convert, *names: str) -> None:
        """The first of the named tags whose value converts (a year-only citation_publication_date does not
        give a date: the next tag may). A date on the 1st of January stands for a year only where a later tag gives
        a fuller date in the same year ("2019/01/01" beside "2019-07-11", as preprint servers write it)."""
        found = [
            (name, converted)
            for name in names
            for value in tags.get(name, [])[:3]
            if (converted := convert(value)) not in (None, "")
        ]
        if not found:
            return
        name, converted = found[0]
        if field_name in ("published", "modified") and converted.endswith("-01-01"):
            name, converted = next(
                ((n, c) for n, c in found[1:] if c[:4] == converted[:4] and not c.endswith("-01-01")), found[0]
            )
        meta.offer(field_name, converted, f"<meta {name}>")

    # Sites' own tags for the first publication ("cdc:first_published", "og:published_time", "bt:pubDate").
    own_published = sorted(name for name in tags if _OWN_PUBLISHED.search(name))
    own_modified = sorted(name for name in tags if _OWN_MODIFIED.search(name))

    offer("title", _text, "citation_title", "dc.title", "dcterms.title", "og:title", "twitter:title")
    offer(
        "description",
        _text,
        "description",
        "dc.description",
        "dcterms.description",
        "og:description",
        "twitter:description",
    )
    offer(
        "published",
        parse_date,
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publish_date",
        "publishdate",
        *own_published,
    )
    if meta.published is None:
        offer("published", parse_date, "dc.date", "dcterms.created", "dcterms.issued", "dc.date.issued", "date")
        meta.published_weak = meta.published is not None
    offer(
        "modified",
        parse_date,
        "article:modified_time",
        "og:updated_time",
        "dcterms.modified",
        "last-modified",
        "datemodified",
        *own_modified,
    )
    offer(
        "publisher",
        _text,
        "citation_publisher",
        "dc.publisher",
        "dcterms.publisher",
        "og:site_name",
        "publisher",
        "citation_journal_title",
    )
    for name in ("citation_author", "dc.creator", "dcterms.creator", "article:author", "author"):
        names = [n for value in tags.get(name, []) for n in _names(value) if not _looks_like_url(n)]
        meta.offer("authors", names, f"<meta {name}>")
    meta.cited = [line for value in tags.get("citation_reference", []) if (line := _cited_line(value))]
    canonical = tree.css_first('link[rel="canonical"]')
    meta.offer(
        "url", _url(canonical.attributes.get("href")) if canonical is not None else None, '<link rel="canonical">'
    )
    offer("url", _url, "og:url", "citation_public_url", "citation_fulltext_html_url", "dc.identifier")
    title = tree.css_first("title")
    meta.offer("title", _text(title.text()) if title is not None else None, "<title>")
    for node in tree.css(PUBLISHED_ELEMENTS)[:5]:
        # an element the page names its publication date ("<span class='citation_pubdate'>[2016-1-17]</span>",
        # itemprop="datePublished"): its datetime or content attribute, else its text
        value = (
            node.attributes.get("datetime")
            or node.attributes.get("content")
            or " ".join((node.text() or "").split()).strip("[]() ")
        )
        date = parse_date(value)
        if date:
            named = (
                "itemprop=datePublished"
                if "itemprop" in node.attributes
                else f"class='{(node.attributes.get('class') or '')[:60]}'"
            )
            meta.offer("published", date, f"<{node.tag} {named}>")
            break
    # a journal page turned into HTML (ContentMine's norma) names its authors and publisher in elements of the
    # body, as the Highwire tags do in <meta>: "<span class='citation_author'>Michael S. Diamond</span>"
    written = [
        author
        for node in tree.css("[class~=citation_author]")[:50]
        if (author := _text(node.text())) and re.search(r"[A-Za-z]", author) and not _looks_like_url(author)
    ]
    meta.offer("authors", written, "<span class='citation_author'>")
    for node in tree.css("[class~=citation_publisher]")[:1]:
        meta.offer("publisher", _text(node.text()), "<span class='citation_publisher'>")
    for node in tree.css("time[datetime]")[:5]:
        if (node.attributes.get("itemprop") or "").lower() == "datemodified":
            continue
        date = parse_date(node.attributes.get("datetime"))
        if date:
            meta.offer("published", date, "<time datetime>")
            break
    for name, date, where in _byline_dates(tree):
        meta.offer(name, date, where)
    return meta


#: a word of an element's class that names it the page's date, as themes and newsrooms mark the date under a title:
#: "time", "date", "post-date", "entry-date", "byline__date", "c-timestamp", "posted-on", "dateline"
_DATE_CLASS = re.compile(r"(?:^|[-_])(?:date|time|timestamp|pubdate|dateline|posted|published)(?:$|[-_])", re.I)
#: a class word of an element that holds another time ("reading-time", "comment-date", "event-date")
_OTHER_TIME = re.compile(r"read|comment|event|reply|expir|deadline|start|end\b", re.I)
#: the label before a byline's date: "Published", "Posted on", "Updated:", "Last reviewed on"
_DATE_LABEL = re.compile(
    r"^(?:(?P<changed>(?:last\s)?(?:updated|modified|reviewed))|(?:first\s)?published|posted)(?:\s(?:on|at))?\s?:?\s?",
    re.I,
)
#: the words a printed date and time of day may hold besides the month: "Tue, March 3rd, 2021 at 10:04 a.m."
_DATE_WORDS = frozenset(_MONTHS) | frozenset(
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday "
    "at st nd rd th am pm a m p".split()
)
#: how many elements after the title, at each of its first three levels, are looked in for the byline's date
BYLINE_REACH = 8


def _byline_dates(tree) -> list[tuple[str, str, str]]:
    """(field, ISO date, where) of the date a page prints in its byline, under its <h1> title: the first element
    after the title, in the title's block (up to three levels up, at most ``BYLINE_REACH`` elements on each), that is
    a <time> or whose class names it a date ("<span class='time'>9/21/2016</span>"), and whose whole text is a date,
    labelled or not ("Published March 3, 2021"; "Updated …" is the modified date)."""
    title = tree.css_first("h1")
    node, levels = title, 0
    while node is not None and levels < 3 and node.tag not in ("body", "html"):
        sibling, seen = node.next, 0
        while sibling is not None and seen < BYLINE_REACH:
            if sibling.tag not in ("-text", "-comment"):
                seen += 1
                for element in [sibling, *sibling.css("[class], time")[:200]]:
                    found = _dated_element(element)
                    if found:
                        return [found]
            sibling = sibling.next
        node, levels = node.parent, levels + 1
    return []


def _dated_element(element) -> tuple[str, str, str] | None:
    classes = (element.attributes.get("class") or "").split()
    if element.tag != "time" and not any(_DATE_CLASS.search(c) for c in classes):
        return None
    if any(_OTHER_TIME.search(c) for c in classes):
        return None
    text = " ".join((element.text() or "").split())
    if not 6 <= len(text) <= 60:
        return None
    label = _DATE_LABEL.match(text)
    date = parse_date(text[label.end() :] if label else text)
    # the whole text is the date: its words are a date's and a time's only ("9/21/2016", "Tue, March 3, 2021 10:04
    # AM ET"), so "Posted in 2016 Election" or a headline with a date in it is none
    rest = text[label.end() :] if label else text
    if not date or any(w.lower() not in _DATE_WORDS and not w.isupper() for w in re.findall(r"[A-Za-z]+", rest)):
        return None
    named = f"<{element.tag} class='{' '.join(classes)[:60]}'>" if classes else f"<{element.tag}>"
    return ("modified" if label and label.group("changed") else "published", date, f"{named} under the title")


_CITED_FIELD = re.compile(r"(?:^|;)\s*citation_(?P<key>[a-z_]{1,40})\s*=\s*(?P<value>[^;]{0,2000})")


def _cited_line(value: str) -> str | None:
    """One citation_reference tag as a citation line: as written, or, where it is written as Google Scholar's
    "citation_author=…; citation_title=…; …" fields, those fields in NLM order ("Authors. Title. Journal.
    Year;Volume(Issue):Pages. doi: …")."""
    value = " ".join(value.split())[:4000]
    fields: dict[str, list[str]] = {}
    for m in _CITED_FIELD.finditer(value):
        fields.setdefault(m.group("key"), []).append(m.group("value").strip())
    if not fields:
        return value or None
    first = lambda *keys: next((fields[k][0] for k in keys if fields.get(k)), "")  # noqa: E731
    authors = ", ".join(fields.get("author", []) or fields.get("authors", []))
    pages = "-".join(p for p in (first("firstpage"), first("lastpage")) if p)
    issue = f"({first('issue')})" if first("issue") else ""
    where = f"{first('volume')}{issue}" + (f":{pages}" if pages else "")
    year = (first("publication_date", "date", "year") or "")[:4]
    parts = [
        authors,
        first("title", "article_title"),
        first("journal_title", "journal_abbrev", "conference_title", "book_title"),
        f"{year};{where}" if where else year,
    ]
    line = ". ".join(p.rstrip(".") for p in parts if p) + "."
    doi = first("doi")
    return line + (f" doi: {doi}" if doi else "") if line != "." else None


def _meta_tags(tree) -> dict[str, list[str]]:
    """<meta name|property|itemprop=… content=…> by lower-cased name, in page order (repeated names kept). Some
    saved pages write the value in ``value=`` rather than ``content=``: it is read where ``content`` is absent."""
    tags: dict[str, list[str]] = {}
    for node in tree.css("meta")[:2000]:
        attributes = node.attributes
        name = attributes.get("name") or attributes.get("property") or attributes.get("itemprop")
        content = attributes.get("content") if "content" in attributes else attributes.get("value")
        if name and content and content.strip():
            tags.setdefault(name.strip().lower(), []).append(content.strip())
    return tags


def _jsonld(tree) -> PageMeta:
    meta = PageMeta()
    for node in tree.css('script[type="application/ld+json"]')[:MAX_JSONLD_BLOCKS]:
        text = node.text(deep=True) or ""
        if len(text) > MAX_BLOCK:
            meta.notes.append(
                f"A JSON-LD block of {len(text):,} characters was past the {MAX_BLOCK:,}-character limit and not read."
            )
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            meta.notes.append("A JSON-LD block of the page is not valid JSON and was not read.")
            continue
        for item in _items(data):
            types = item.get("@type")
            types = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
            if not types & _ARTICLE_TYPES:
                continue
            meta.offer("title", _text(item.get("headline") or item.get("name")), "JSON-LD headline")
            meta.offer("description", _text(item.get("description")), "JSON-LD description")
            meta.offer("published", parse_date(item.get("datePublished")), "JSON-LD datePublished")
            meta.offer(
                "modified", parse_date(item.get("dateModified") or item.get("lastReviewed")), "JSON-LD dateModified"
            )
            meta.offer("authors", _names(item.get("author")), "JSON-LD author")
            meta.offer("reviewers", _names(item.get("reviewedBy")), "JSON-LD reviewedBy")
            meta.offer("publisher", next(iter(_names(item.get("publisher"))), None), "JSON-LD publisher")
            page = item.get("mainEntityOfPage")
            meta.offer(
                "url", _url(item.get("url")) or _url(page.get("@id") if isinstance(page, dict) else page), "JSON-LD url"
            )
    return meta


def _items(data, depth: int = 0):
    """Every JSON object of a JSON-LD document that may describe the page: top-level objects, lists and @graph
    members (not deeper: an article's citations are articles too)."""
    if depth > 2:
        return
    if isinstance(data, list):
        for item in data[:200]:
            yield from _items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _items(data["@graph"], depth + 1)
