"""Read a printed reference into its fields, in any style a health article's list uses, with a confidence per field.

    from kg.refs import parse, to_csl
    ref = parse("Smith J, Jones AB. Title of the paper. BMJ. 2019;12(3):45-67. doi:10.1136/bmj.l1")
    ref.authors, ref.year, ref.container_title, ref.volume, ref.issue, ref.page, ref.confidence["title"]
    to_csl(ref)  # one CSL-JSON item, with the verbatim entry and the confidences

A sequence labeller (a linear-chain CRF, python-crfsuite) labels every token of the entry as author, date,
title, journal, container-title, volume, pages, publisher, location, editor, note, url, doi, citation-number
..., trained by ``python -m kg.refs.train`` on AnyStyle's hand-labelled references (training/anystyle/) and
shipped as kg/refs/model.crfsuite. Rules then read each labelled span (kg/refs/fields.py): names into family
and given, the date into date-parts, "12(3):45-67" into volume, issue and pages. Identifiers (DOI, PMID,
PMCID, URL, ISBN) are found by rule over the whole entry, never by the model.

A field's confidence is the model's marginal probability of the field's label, averaged over its tokens:
low on a field the model hesitated over (we could not read it), high on a field it is sure of even when the
entry lacks others (the entry is malformed). A field the model did not find is absent, and the others stay:
the entry degrades field by field.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from importlib import resources

from kg.refs import fields as F
from kg.refs.features import MONTHS, PARTICLES, features, tokenise
from kg.util.text import STATUTE

#: entries are read up to this many characters (a reference is never a tenth of that); the rest is kept verbatim
MAX_CHARS = 4000

NLM_BRACKETS = re.compile(r"\s?\[(?:internet|online|cited[^\[\]]{0,40}|updated[^\[\]]{0,40})\]", re.IGNORECASE)
STRAY_STOP = re.compile(r"(?<=\.) \.(?= )")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: CSL-JSON keys of the fields a Reference reports, in order
CSL_FIELDS = (
    "author",
    "editor",
    "issued",
    "title",
    "container-title",
    "volume",
    "issue",
    "page",
    "publisher",
    "publisher-place",
    "edition",
    "genre",
    "DOI",
    "PMID",
    "PMCID",
    "URL",
    "ISBN",
)


@dataclass
class Reference:
    """One reference as far as it could be read. Absent fields are None (or empty lists)."""

    verbatim: str
    number: str | None = None
    authors: list[dict] = field(default_factory=list)  # CSL names: {family, given[, suffix]} or {literal}
    editors: list[dict] = field(default_factory=list)
    date_parts: list[int] | None = None
    year_suffix: str = ""
    title: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    genre: str | None = None
    note: str | None = None
    ids: dict[str, str] = field(default_factory=dict)  # DOI, PMID, PMCID, URL, ISBN
    type: str = "article"
    confidence: dict[str, float] = field(default_factory=dict)  # CSL field name -> 0..1
    spans: list[tuple[str, str]] = field(default_factory=list)  # (label, text) as the labeller read the entry
    truncated: bool = False

    @property
    def year(self) -> int | None:
        return self.date_parts[0] if self.date_parts else None

    @property
    def page_expanded(self) -> str | None:
        return F.expand_pages(self.page)

    @property
    def doi(self) -> str | None:
        return self.ids.get("DOI")

    @property
    def url(self) -> str | None:
        return self.ids.get("URL")


_local = threading.local()


def _tagger():
    """The shipped model, opened once per thread (a crfsuite tagger is not shared across threads)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        with resources.as_file(resources.files("kg.refs") / "model.crfsuite") as path:
            tagger.open(str(path))
        _local.tagger = tagger
    return tagger


def label(entry: str) -> list[tuple[str, str, float]]:
    """Each token of the entry with its label and the labeller's confidence in it: [(token, label, p)]."""
    tokens = tokenise(entry[:MAX_CHARS])
    if not tokens:
        return []
    tagger = _tagger()
    read = tokens
    if tokens[-1].text[-1].isalnum():
        # an entry ends where its line ends: read it as if it closed with the full stop most entries have
        last = tokens[-1]
        read = [*tokens[:-1], type(last)(last.text + ".", last.start, last.end)]
    tagger.set(features(read))
    labels = tagger.tag()
    return [(token.text, lab, tagger.marginal(lab, i)) for i, (token, lab) in enumerate(zip(tokens, labels))]


def _spans(labelled: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """Runs of tokens with one label: [(label, text, mean confidence)]."""
    out: list[list] = []
    for text, lab, p in labelled:
        if out and out[-1][0] == lab:
            out[-1][1].append(text)
            out[-1][2].append(p)
        else:
            out.append([lab, [text], [p]])
    return [(lab, " ".join(words), sum(ps) / len(ps)) for lab, words, ps in out]


def _repair(spans: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """A date's label ("Updated", "Last revised") read as a container, and three readings the labeller gets
    wrong on works by organisations and works without authors:
    a title taken for a name ("Healthy Hydration. (2009)." with no other title), an organisation taken for a
    title ("Centers for Disease Control. (2022). Sleep."), and an organisation and title read as one title
    ("World Health Organization. Global report on diabetes. Geneva: WHO; 2016.")."""
    _balance(spans)
    for i, (lab, text, p) in enumerate(spans):
        if lab in ("journal", "container-title") and DATE_LABEL.match(F.clean(text)):
            spans[i] = ("note", text, p)  # "Updated June 2, 2022." read as a web page's container
        elif lab == "date" and (
            ACCESSED.match(F.clean(text)) or i and spans[i - 1][0] == "note" and _ACCESS_END.search(spans[i - 1][1])
        ):
            spans[i] = ("note", text, p)  # the day a page was read ("Accessed | June 2, 2022") is not the work's date
    for i in range(len(spans) - 1):
        lab, text, p = spans[i]
        head, _, last = text.rpartition(" ")
        if (
            lab == "journal"
            and head
            and spans[i + 1][0] == "date"
            and last.strip(".,;").lower() in MONTHS
            and head.split()[-1].lower() not in ("of", "and", "the", "&")
        ):
            # "Man Ther. May 2005": the month opens the date, it does not close the journal's name
            spans[i : i + 2] = [(lab, head, p), ("date", f"{last} {spans[i + 1][1]}", spans[i + 1][2])]
    _year_in_title(spans)
    for i in range(len(spans) - 1):
        following = spans[i + 1][0]
        qualifier = (
            _QUALIFIER.match(spans[i + 1][1])
            if spans[i][0] == "title" and following in ("note", "container-title", "journal")
            else None
        )
        if qualifier and spans[i + 1][1][qualifier.end() :].strip():
            # "Hot Spot Analysis. (Getis-Ord GI*) (Spatial Statistics). Accessed …": the bracketed words go with the
            # title, as does the abbreviation that closes it ("… in metastatic breast cancer (MBC). Paper presented at:
            # …", where the labeller opened the container with it)
            spans[i : i + 2] = [
                ("title", f"{spans[i][1]} {qualifier.group().strip()}", spans[i][2]),
                (following, spans[i + 1][1][qualifier.end() :].strip(), spans[i + 1][2]),
            ]
    labels = [lab for lab, _, _ in spans]
    dates = [i for i, lab in enumerate(labels) if lab == "date"]
    if len(dates) > 1 and "volume" not in labels and labels[dates[1] - 1] in ("journal", "container-title"):
        # "Pain Research and Management(2021), 1–7": a second date after the journal, where no volume is, is its number
        if re.fullmatch(r"\(\d{1,4}\)[,.;:]?", spans[dates[1]][1]):
            spans[dates[1]] = ("volume", *spans[dates[1]][1:])
            labels[dates[1]] = "volume"
    if "author" in labels:
        # "CDC. CDC health disparities report": an organisation, and the first word of the title taken for its own;
        # "CDC. Falls. Accessed …": an organisation and the whole title
        i = labels.index("author")
        text = spans[i][1]
        head, _, tail = text.partition(". ")
        after = labels[i + 1] if i + 1 < len(labels) else None
        joined, _, rest = (f"{text} {spans[i + 1][1]}" if after == "title" else "").partition(". ")
        country = (
            _ORG_HEAD.match(spans[i + 1][1]) if after == "title" and re.fullmatch(r"(?:[A-Z]\.){2,3}", text) else None
        )
        if country and F.is_organisation(country.group(1)) and spans[i + 1][1][country.end() :].strip():
            # "U.S." + "Department of Justice, ADA Best Practices Toolkit": an organisation cut after its country
            spans[i : i + 2] = [
                ("author", f"{text} {country.group(1)},", spans[i][2]),
                ("title", spans[i + 1][1][country.end() :], spans[i + 1][2]),
            ]
        elif (
            after == "title"
            and rest
            and "," not in text
            and ";" not in text
            and spans[i + 1][1].startswith(ORG_JOINS)
            and F.is_organisation(joined)
        ):
            # "American Academy" + "of Orthopaedic Surgeons. Shin splints.": an organisation cut at its "of"
            spans[i : i + 2] = [("author", joined + ".", spans[i][2]), ("title", rest, spans[i + 1][2])]
        elif tail and "," not in text and ";" not in text and F.is_organisation(head):
            if after == "title" and not text.endswith("."):
                title = spans[i + 1]
                spans[i : i + 2] = [("author", head + ".", spans[i][2]), ("title", f"{tail} {title[1]}", title[2])]
                labels[i + 1 : i + 2] = []
            elif "title" not in labels:
                spans[i : i + 1] = [("author", head + ".", spans[i][2]), ("title", tail, spans[i][2])]
                labels[i + 1 : i + 1] = ["title"]
    if "author" in labels:
        _continue_names(spans, labels.index("author"))
    if "title" not in labels and "author" in labels:
        i = labels.index("author")
        text = spans[i][1]
        if (
            "," not in text
            and not F.is_organisation(F.clean(text))
            and not any(F._is_initials(w) for w in text.split())
        ):
            spans[i] = ("title", *spans[i][1:])
        return spans
    titles = [i for i, lab in enumerate(labels) if lab == "title"]
    if (
        len(titles) > 1
        and labels[titles[1] - 1] == "editor"
        and "journal" not in labels
        and "container-title" not in labels
    ):
        # "In D. J. Cain & J. Seeman (Eds.). Humanistic Therapies.": the title after the editors is their book's
        spans[titles[1]] = ("container-title", *spans[titles[1]][1:])
    if (
        "author" not in labels
        and len(titles) == 1
        and titles[0] + 1 < len(spans)
        and spans[titles[0] + 1][0] in ("journal", "container-title")
        and not {"volume", "pages"} & set(labels)
        and F.is_organisation(F.clean(spans[titles[0]][1]))
        and spans[titles[0]][1].endswith(".")
    ):
        # "New York State Department of Health. Statewide planning … (SPARCS). August 2022." read as a title and a
        # journal: a web page has no journal without numbers; the organisation is the author, the next span the title
        i = titles[0]
        spans[i : i + 2] = [("author", *spans[i][1:]), ("title", *spans[i + 1][1:])]
        if i + 2 < len(spans) and spans[i + 2][0] == "date":
            acronym = re.match(r"\([^()\d]{1,30}\)[.,]?\s?", spans[i + 2][1])  # "(SPARCS). August 2022."
            if acronym and spans[i + 2][1][acronym.end() :].strip():
                spans[i + 1] = ("title", f"{spans[i + 1][1]} {acronym.group().strip()}", spans[i + 1][2])
                spans[i + 2] = ("date", spans[i + 2][1][acronym.end() :], spans[i + 2][2])
        return spans
    if "author" not in labels and titles:
        first = titles[0]
        text = F.clean(spans[first][1])
        if len(titles) > 1 and F.is_organisation(text):
            spans[first] = ("author", *spans[first][1:])
        elif ". " in text:
            head, tail = text.split(". ", 1)
            if F.is_organisation(head) and tail.strip():
                p = spans[first][2]
                spans[first : first + 1] = [("author", head + ".", p), ("title", tail, p)]
    return spans


#: a span that opens with one of these words is a date's label ("Updated", "Last revised"), not a container
DATE_LABEL = re.compile(
    r"(?:last|updated|accessed|reviewed|revised|published|retrieved|available|cited|read on)\b", re.IGNORECASE
)
#: the small words an organisation's name goes on with ("American Academy | of Orthopaedic Surgeons")
ORG_JOINS = ("of ", "for ", "and ", "on ", "& ")
#: a date that opens with one of these words is the day the entry's page was read
ACCESSED = re.compile(r"(?:accessed|retrieved|cited|viewed|consulted|read on)\b", re.IGNORECASE)
#: a note that ends where the date a page was read begins: "read on", "(accessed on 2 July"
_ACCESS_END = re.compile(
    r"\b(?:accessed|retrieved|cited|viewed|consulted|read)(?:\son)?(?:\s\d{1,2})?"
    r"(?:\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)?[\s:,]{0,3}$",
    re.IGNORECASE,
)
#: Vancouver's chapter in a book: "In: Brown P, Lee K, editors. Cell Biology Handbook." read as one editor span
_EDITORS_THEN_BOOK = re.compile(
    r"[,.]?\s(?:editors?|eds?)\.\s(?=\S)|\s\((?:eds?|editors?|hrsg|hgg)\.?\)[.,:]?\s(?=\S)", re.IGNORECASE
)


#: where a title read with what follows it ends: at a web address or DOI printed after it (a page that links the title
#: prints the link's address after its text), at NLM's access note ("Last accessed on 2014 May 19", "cited 2020 Jan
#: 5", "Available from:") whose brackets and full stops the page lost
_TITLE_TAIL = re.compile(
    r"\s(?:https?://|doi:\s?10\.|10\.\d{4,9}/)\S{0,400}.{0,400}$|"
    r"\s\[?(?:last\s+)?(?:accessed|cited|retrieved|viewed)(?:\s+on)?\s+(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\b).{0,400}$|"
    r"\s(?:available|accessible)\s+(?:from|at|online)\s?:.{0,400}$",
    re.IGNORECASE,
)


def title_end(title: str, spans: list | None = None) -> str:
    """A title without what the labeller ran into it: an address after it, an access note. A last word "Last" or
    "Accessed" whose note the labeller began after it ("… Zambia Last | accessed on 2014 May 19") goes with the note."""
    cut = _TITLE_TAIL.search(title)
    if cut and len(title[: cut.start()].split()) >= 2:
        title = title[: cut.start()]
    spans = spans or []
    after = next((text for i, (lab, _, _) in enumerate(spans[:-1]) if lab == "title" for text in [spans[i + 1][1]]), "")
    head = re.search(r"\s(?:last|date)$", title.rstrip(" .,"), re.IGNORECASE)
    if head and ACCESSED.match(after):
        title = title.rstrip(" .,")[: head.start()]
    return title


def _balance(spans: list) -> None:
    """A bracket the labeller opened in one span and closed in the next ("… locations (space" | "time pattern
    mining). Accessed …", "20(Suppl" | "1):S84-S89."): the words up to the closing bracket, and the punctuation
    right after it, go with the span that opened it; a book's "(2. Aufl., S. 83–109)" keeps its edition and pages."""
    i = 0
    while i < len(spans) - 1:
        lab, text, p = spans[i]
        after, rest, q = spans[i + 1]
        close = rest.find(")", 0, 80)
        words = lab in _WORDS and after in (*_WORDS, "note")
        numbers = lab == "volume" and after == "pages" and 0 <= close <= 10 and re.search(r"\d\s?\([^()]*$", text)
        if (words or numbers) and text.count("(") > text.count(")") and close >= 0 and "(" not in rest[:close]:
            stop = re.match(r"[.,;:]", rest[close + 1 :])  # a full stop or comma after the bracket goes with it
            cut = close + 1 + (stop.end() if stop else 0)
            spans[i] = (lab, f"{text} {rest[:cut]}", p)
            if rest[cut:].strip():
                spans[i + 1] = (after, rest[cut:].strip(), q)
            else:
                del spans[i + 1]
        i += 1


_WORDS = ("title", "journal", "container-title")
_BARE_YEAR = re.compile(r"(?:1[5-9]\d\d|20\d\d)[.,;:]?")


def _year_in_title(spans: list) -> None:
    """A year that is part of the title, where the entry prints its date again: "US Census Bureau. 2020 Island
    areas censuses … October 20, 2022.", "France, an attractive country … research: 2010 survey assessed by Leem
    … Therapie 2011", "… inequalities report – United States, 2011. MMWR 2011;60": the year joins the title."""
    dates = [i for i, (lab, text, _) in enumerate(spans) if lab == "date" and F.date_parts(text)]
    again = len(dates) > 1
    for i in dates:
        text = spans[i][1].strip()
        if not _BARE_YEAR.fullmatch(text):
            continue
        before = spans[i - 1] if i else None
        after = spans[i + 1] if i + 1 < len(spans) else None
        if again and before and before[0] == "title" and after and after[0] == "title" and not text.endswith("."):
            spans[i - 1 : i + 2] = [("title", f"{before[1]} {text} {after[1]}", before[2])]
        elif again and before and before[0] == "title" and before[1].endswith(","):
            spans[i - 1 : i + 1] = [("title", f"{before[1]} {text}", before[2])]
        elif (
            again and after and after[0] == "title" and text[-1].isdigit() and (before is None or before[0] == "author")
        ):
            spans[i : i + 2] = [("title", f"{text} {after[1]}", after[2])]
        else:
            continue
        return


def _editors_and_book(text: str) -> tuple[str, str | None]:
    """An editor span's names, and the book's title where the span runs on past "editors." into it."""
    found = _EDITORS_THEN_BOOK.search(text)
    if not found:
        return text, None
    book = F.clean(text[found.end() :])
    return text[: found.start()], book or None


_HEAD = re.compile(r"[.:](?:\s|$)")
#: an organisation's name before a work's title: up to eight words, closed by a full stop or a comma
_ORG_HEAD = re.compile(
    r"((?:[A-Z][\w&'’-]*|of|for|and|the|on)(?:\s(?:[A-Z][\w&'’-]*|of|for|and|the|on)){0,7})[.,]\s(?=[A-Z0-9])"
)
#: where a chapter's title ends and its book begins
_IN_PART = re.compile(r"\.\s{1,3}In:\s{1,3}(?=\S)")


def _continue_names(spans: list, i: int) -> None:
    """An author list the labeller cut short: it ends with a comma ("M Djupsjobacka,") or, in a list with the
    given names first, with an initial ("C. P."), and the title opens with the names that follow, up to the
    list's full stop or colon ("Pericak-Vance. Confirmation of ..."): those names are moved to the authors."""
    if i + 1 >= len(spans) or spans[i + 1][0] != "title":
        return
    text, title = spans[i][1], spans[i + 1][1]
    words = text.split()
    cut = text.endswith(",") or len(words) > 1 and F._is_initials(words[0]) and F._is_initials(words[-1])
    found = None
    for found in _HEAD.finditer(title, 0, 200) if cut else ():
        if title[found.start()] == ":" or not F._is_initials(title[: found.start() + 1].split()[-1]):
            break  # the list's end, not an initial's dot ("E.L. Brodie")
    else:
        return
    head = title[: found.start()]
    chunks = [c.split() for c in F.NAME_SPLIT.split(head) if c.strip()]

    def name(words: list[str], surname_only: bool) -> bool:
        """A name: initials and a surname ("J Pedersen", "E.L. Brodie"), or the surname an initial was cut from."""
        initials = sum(F._is_initials(w) for w in words)
        others = [w for w in words if not F._is_initials(w)]
        return (
            1 <= len(words) <= 4
            and bool(others)
            and bool(initials or surname_only)
            and all(w[:1].isupper() or w.lower() in PARTICLES for w in others)
        )

    if (
        not chunks
        or len(head.split()) > 12
        or not all(name(c, k == 0 and not text.endswith(",")) for k, c in enumerate(chunks))
    ):
        return
    rest = title[found.end() :].strip()
    if rest:
        spans[i : i + 2] = [
            ("author", f"{text} {head}{title[found.start()]}", spans[i][2]),
            ("title", rest, spans[i + 1][2]),
        ]


def _first(spans, *labels) -> tuple[str, float] | None:
    for lab, text, p in spans:
        if lab in labels:
            return text, p
    return None


def parse(entry: str) -> Reference:
    """Read one printed reference. Never fails: what cannot be read is left out."""
    truncated = len(entry) > MAX_CHARS
    # control characters are never part of a printed reference and must never reach a terminal
    entry = " ".join(CONTROL.sub("\ufffd", entry[:MAX_CHARS]).split())
    ref = Reference(verbatim=entry, truncated=truncated)
    # NLM's "[Internet]" and "[cited 2024 Mar 1]" are read past: neither is a field, and the cited date is not the work's
    # and a full stop printed twice ("et al. . Pediatric care") is read once
    if STATUTE.match(entry):
        # a statute or regulation ("29 U.S.C. § 781(a)(10).", "42 CFR 441.301"): its citation is its title; no
        # author, and its leading number is the title's (the code's), not a list number
        ref.title, ref.type = entry.rstrip(" ."), "legislation"
        ref.confidence["title"] = 0.9
        ref.ids = F.identifiers(entry)
        return ref
    back = BACK_REFERENCE.fullmatch(entry)
    if back:
        # "Id., at 15." or "Ibid., p. 4": the note before's work, at this page (the work is copied by the caller)
        ref.note, ref.type = entry, "article"
        if back.group("page"):
            ref.page, ref.confidence["page"] = F.pages(back.group("page")), 0.9
        return ref
    read = entry
    if "_" in entry:
        # Markdown left inside words ("report_–_United States", "CDC-_s_ponsored") is read past (the audit reports
        # it from the verbatim entry); a web address or DOI keeps its underscores
        read = " ".join(
            word if "/" in word or "www." in word else MARKUP_UNDERSCORE.sub("", word) for word in entry.split(" ")
        )
    read = STRAY_STOP.sub("", NLM_BRACKETS.sub("", read))
    group = _group_author(read)
    if group:
        # "Virani SS, …, et al. ; American Heart Association … Subcommittee. Heart disease …": the group is read
        # apart, so that the labeller sees the list end at "et al." as in any Vancouver entry
        read = read[: group.start()].rstrip() + read[group.end() :]
    spans = _repair(_spans(label(read)))
    ref.spans = [(lab, text) for lab, text, _ in spans]
    conf = ref.confidence

    found = _first(spans, "citation-number")
    if found:
        ref.number = F.clean(found[0]) or None
    found = _first(spans, "author")
    if found:
        ref.authors = F.names(found[0])
        if ref.authors:
            conf["author"] = found[1]
    if group and ref.authors:
        ref.authors.append({"literal": group.group("group")})
    found = _first(spans, "editor")
    book = None
    if found:
        editors, book = _editors_and_book(found[0])
        ref.editors = F.names(editors)
        if ref.editors:
            conf["editor"] = found[1]
    for lab, text, p in spans:
        if lab == "date":
            parts = F.date_parts(text)
            if parts:
                ref.date_parts = parts
                ref.year_suffix = (F.year(text) or (0, ""))[1]
                conf["issued"] = p
                break
    if not ref.date_parts:
        _undated(ref, spans)
    tail = (
        None
        if ref.date_parts
        else next(
            (hit for lab, text, _ in spans if lab == "note" and (hit := _VANCOUVER_TAIL.search(F.clean(text)))), None
        )
    )
    if tail:
        # "… In: Strategies | for reducing … United States, 2014. MMWR 2014;63(No. Suppl 1)." read as a container
        # and a note: the note ends the NLM way, with the journal, its year and its volume
        ref.date_parts, conf["issued"] = [int(tail.group("year"))], 0.5
    found = _first(spans, "title")
    if found:
        ref.title = F.clean(title_end(found[0], spans)) or None
        conf["title"] = found[1]
        ending = F.YEAR.search(ref.title[-6:]) if ref.title and not ref.date_parts else None
        if ending and ending.end() == len((ref.title or "")[-6:]):
            # an undated report whose title ends with its year ("Policy brief 2021"): the year, held less sure
            ref.date_parts, conf["issued"] = [int(ending.group("year"))], found[1] / 2
    if ref.title and not ref.authors:
        # an organisation that wrote the work, run into its title ("New York State. Children's Asthma Initiative",
        # "Department of Justice, ADA Best Practices Toolkit …"): the organisation is the author
        head = _ORG_HEAD.match(ref.title)
        if head and F.is_organisation(head.group(1)) and len(ref.title[head.end() :].split()) >= 2:
            ref.authors = [{"literal": head.group(1)}]
            conf["author"] = conf.get("title", 0.5) / 2
            ref.title = ref.title[head.end() :]
    after_title = next((spans[i + 1][0] for i, (lab, _, _) in enumerate(spans[:-1]) if lab == "title"), None)
    alone = after_title in (None, "url", "doi", "note") and not (
        ref.page or ref.volume or _first(spans, "journal", "container-title", "pages")
    )
    pin = _PIN_PAGES.search(ref.title or "") if alone else None
    if pin:
        # a legal note's pin cite: "Oregon Death with Dignity Act Data Summary, 15-16, https://…" (a title followed
        # by a place or publisher keeps its numbers: "The Frankish World, 750-900, London")
        ref.title, ref.page, conf["page"] = (
            (ref.title or "")[: pin.start()],
            F.pages(pin.group("pages")),
            conf.get("title", 0.5) / 2,
        )
    in_part = _IN_PART.search(ref.title or "")
    if in_part and ref.title and len(ref.title[: in_part.start()].split()) >= 3:
        # NLM's "Title. In: Book (or a supplement's title)": the work's title ends before "In:"; the rest is the
        # book, unless the entry names its container elsewhere (an MMWR supplement: "In: …. MMWR 2014;63(Suppl 1)")
        book = book or F.clean(ref.title[in_part.end() :]) or None
        ref.title = ref.title[: in_part.start()]
    found = _first(spans, "journal", "container-title")
    if tail:
        found = tail.group("journal"), 0.5
        ref.volume, ref.issue, ref.page = F.volume_issue_pages(tail.group("numbers"))
    if found is None:
        found = _container_elsewhere(ref, spans)
    if found is None and book:
        found = book, conf["editor"]
    elif found and not ref.editors and found[0][:3].lower() in ("in ", "in:"):
        # APA's "In J. Foran (Ed.), Theorizing Revolutions" read as one container: the editors, then the book
        editors, named = _editors_and_book(found[0])
        if named:
            ref.editors = F.names(editors)
            conf["editor"] = found[1]
            found = named, found[1]
    if found:
        container, _, named = found[0].partition(" (Eds ")  # "Adaptive Co-management. (Eds D Armitage, F Berkes)"
        if named and not ref.editors:
            ref.editors = F.names(named.rstrip(" .,;)"))
            conf["editor"] = found[1]
        container = F.clean(container)
        container = (
            re.sub(r"^(?:in|en|dans)\s*:?\s+", "", container, flags=re.IGNORECASE)
            if container[:3].lower() in {"in ", "in:", "en ", "dan"}
            else container
        )
        ref.container_title = container or None
        conf["container-title"] = found[1]
    for i, (lab, text, p) in enumerate(spans):
        if (
            lab == "note"
            and i
            and spans[i - 1][0] in ("journal", "date")
            and not ref.volume
            and re.match(r"\d{1,5}\s?\(", text)
        ):
            lab = "volume"  # "MMWR 2011;60(Suppl; January 14, 2011)." with the volume read as a note
        if lab == "volume":
            printed_year, text = F.leading_year(text)
            if printed_year and not ref.date_parts:
                ref.date_parts, conf["issued"] = [printed_year], p  # "2009;7:" read as one volume span
            volume, issue, page = F.volume_issue_pages(text)
            if volume and not ref.volume:
                ref.volume, conf["volume"] = volume, p
            if issue and not ref.issue:
                ref.issue, conf["issue"] = issue, p
            if page and not ref.page:
                ref.page, conf["page"] = page, p
    found = _first(spans, "pages")
    if found and not ref.volume and VOLUME_PAGES.match(F.clean(found[0])):
        # "PLoS Med 2010, 7:e1000368." with "7:e1000368" read as pages: volume 7, page e1000368
        ref.volume, _, ref.page = F.volume_issue_pages(found[0])
        conf["volume"] = conf["page"] = found[1]
    if found and not ref.page:
        ref.page = F.pages(found[0])
        if ref.page:
            conf["page"] = found[1]
    for key, labels in (
        ("publisher", ("publisher",)),
        ("place", ("location",)),
        ("edition", ("edition",)),
        ("genre", ("genre",)),
        ("note", ("note",)),
    ):
        found = _first(spans, *labels)
        if found:
            setattr(ref, key, F.clean(found[0]) or None)
            conf[{"place": "publisher-place"}.get(key, key)] = found[1]

    ref.ids = F.identifiers(entry)
    for key in ref.ids:
        conf[key] = 1.0
    ref.type = _type(ref, {lab for lab, _, _ in spans})
    ref.confidence = {key: round(value, 3) for key, value in conf.items()}
    return ref


#: words in brackets after a title, with no number in them: the title's qualifier ("(Spatial Statistics)")
_QUALIFIER = re.compile(r"(?:\((?!internet\b|online\b)[^()\d]{1,60}\)\s?){1,3}[.,]?\s", re.IGNORECASE)
#: pages after a title's comma, as a legal note cites them: ", 15-16" (never a year, "Survey, 2010-2011")
_PIN_PAGES = re.compile(r",\s(?P<pages>(?!1[5-9]\d\d|20\d\d)\d{1,4}(?:[-–](?!1[5-9]\d\d\b|20\d\d\b)\d{1,4})?)$")
#: a group author after "et al." or the last name of a Vancouver list ("et al. ; American Heart Association …
#: Subcommittee.", "Cirillo DM; the Italian Multicentre Study on Resistance to Antituberculosis Drugs (SMIRA) Group.")
GROUP_AFTER = re.compile(r";\s?(?P<group>(?:the\s)?[A-Z][^.;]{2,200}?)\.(?=\s)")
#: what a group author follows: "et al." (any group), or a Vancouver name (a group whose name says so)
_ETAL_END = re.compile(r"\bet al\.?\s?$")
_VANCOUVER_NAME_END = re.compile(r"[A-Z][\w'’-]{1,40}\s[A-Z]{1,4}\s?$")
#: the words that make a name after the last author a group's ("; the … (SMIRA) Group.")
GROUP_WORDS = re.compile(
    r"\b(?:group|investigators|consortium|committee|subcommittee|collaborat\w*|network|team|working party|study)\b",
    re.IGNORECASE,
)
#: a note that points back at the note before it, with the page it cites there: "Id., at 15.", "Ibid., p. 4."
BACK_REFERENCE = re.compile(
    r"(?:ibid(?:em)?|id)\.?,?(?:\s(?:at\s|pp?\.\s?|pages?\s)?(?P<page>\d{1,5}(?:\s?[-–]\s?\d{1,5})?))?\.?",
    re.IGNORECASE,
)
#: an underscore of Markdown's emphasis inside a word ("report_–_United", "CDC-_s_ponsored")
MARKUP_UNDERSCORE = re.compile(r"(?<=[^\s_\d])_{1,2}(?=[^\s_\d])")
#: the NLM end of an entry: "MMWR 2014;63(No. Suppl 1)", "Am J Public Health 2014;104:17-22"
_VANCOUVER_TAIL = re.compile(
    r"(?:^|\.\s)(?P<journal>[A-Z][\w&'’ -]{0,60}?)\.?\s(?P<year>1[5-9]\d\d|20\d\d)(?:\s[A-Z][a-z]{2})?;\s?(?P<numbers>\d{1,5}(?:\s?\([^()]{1,30}\))?(?::\s?[\w.–-]{1,30})?)$"
)
#: a pages span that holds the volume too: "7:e1000368"
VOLUME_PAGES = re.compile(r"\d{1,5}\s?:\s?[A-Za-z]{0,2}\d")
#: a year in brackets, as printed after a work's title ("The Danger of Assisted Suicide Laws (2019), at …")
_BRACKET_YEAR = re.compile(r"\((?P<year>1[5-9]\d\d|20\d\d)\)")
#: "Journal Volume (Issue or month): pages", as Chicago and Nature print a journal: "eLife 8 (August): 3308."
_JOURNAL_VOLUME = re.compile(
    r"(?P<journal>[A-Za-z][\w.&'’ -]{1,80}?)[.,]?\s(?P<volume>\d{1,5})\s?(?:\((?P<issue>[^()]{1,20})\))?\s?[:,]\s?(?P<pages>[A-Za-z]{0,2}\d[\w.–-]{0,20}?)[.,;]?"
)
#: words before a web address that say how to reach it, not where the work appeared
_REACHED = re.compile(r"(?:available|retrieved|accessed|from|at|online|url|doi|pmid|link|see|in)\b", re.IGNORECASE)


def _group_author(text: str) -> re.Match | None:
    """The first group author after the names (see GROUP_AFTER), or None; "Smith AB; Jones CD." is a list of names."""
    for found in GROUP_AFTER.finditer(text, 0, 3000):
        head = text[max(0, found.start() - 50) : found.start()]
        if _ETAL_END.search(head) or _VANCOUVER_NAME_END.search(head) and GROUP_WORDS.search(found.group("group")):
            return found
    return None


def _undated(ref: Reference, spans: list) -> None:
    """A date the labeller gave another label: a volume span that is a year alone ("R Foundation for Statistical
    Computing; 2023." read as journal and volume), or a year in brackets inside a note ("(2019), at …"); the day
    a page was read is never the work's date."""
    for i, (lab, text, p) in enumerate(spans):
        found = re.fullmatch(r"\(?(1[5-9]\d\d|20\d\d)\)?[.,;:]?", text.strip()) if lab == "volume" else None
        if found:
            ref.date_parts, ref.confidence["issued"] = [int(found.group(1))], p / 2
            spans[i] = ("date", text, p)
            return
    for lab, text, p in spans:
        found = _BRACKET_YEAR.search(text) if lab == "note" and not ACCESSED.search(text) else None
        if found:
            ref.date_parts, ref.confidence["issued"] = [int(found.group("year"))], p / 2
            return


def _container_elsewhere(ref: Reference, spans: list) -> tuple[str, float] | None:
    """Where no span was labelled a journal or container: a note that reads "Journal 8 (August): 3308." (its
    volume, issue and pages are read too), or the word before the DOI of a preprint ("bioRxiv. https://doi.org/…")."""
    for lab, text, p in spans:
        found = _JOURNAL_VOLUME.fullmatch(F.clean(text) if lab == "note" else "")
        if found and not ref.volume and not ACCESSED.search(text) and not _BARE_YEAR.fullmatch(found.group("pages")):
            ref.volume = found.group("volume")
            issue = found.group("issue")
            if issue and issue.lower().strip(". ") not in MONTHS:
                ref.issue = issue
            ref.page = ref.page or F.pages(found.group("pages"))
            ref.confidence["volume"] = ref.confidence["page"] = p / 2
            return found.group("journal"), p / 2
        if lab in ("url", "doi"):
            head = re.split(r"\s(?=https?://|www\.|doi:)", text, maxsplit=1)
            name = F.clean(head[0]) if len(head) == 2 else ""
            if (
                name
                and len(name.split()) <= 6
                and not _REACHED.match(name)
                and not F.DOI.search(name)
                and not F.URL.search(name)
            ):
                return name, p / 2
    return None


def _type(ref: Reference, labels: set[str]) -> str:
    """The CSL type the fields suggest."""
    genre = (ref.genre or "").lower()
    if "thesis" in genre or "dissertation" in genre:
        return "thesis"
    if "journal" in labels:
        return "article-journal"
    if "container-title" in labels:
        return (
            "chapter" if ref.editors or ref.publisher else "paper-conference" if not ref.volume else "article-journal"
        )
    if ref.publisher:
        return "report" if "report" in genre else "book"
    if ref.ids.get("URL") and not ref.container_title:
        return "webpage"
    return "article"


def parse_many(entries: list[str]) -> list[Reference]:
    return [parse(entry) for entry in entries]


def to_csl(ref: Reference, index: int | None = None) -> dict:
    """One CSL-JSON item, with the verbatim entry and a confidence per field (0..1)."""
    item: dict = {"id": f"ref{index if index is not None else ref.number or 1}", "type": ref.type}
    if ref.authors:
        item["author"] = ref.authors
    if ref.editors:
        item["editor"] = ref.editors
    if ref.date_parts:
        item["issued"] = {"date-parts": [ref.date_parts]}
    for key, value in (
        ("title", ref.title),
        ("container-title", ref.container_title),
        ("volume", ref.volume),
        ("issue", ref.issue),
        ("page", ref.page),
        ("publisher", ref.publisher),
        ("publisher-place", ref.place),
        ("edition", ref.edition),
        ("genre", ref.genre),
        ("note", ref.note),
    ):
        if value:
            item[key] = value
    item.update(ref.ids)
    if ref.number:
        item["citation-number"] = ref.number
    item["verbatim"] = ref.verbatim
    item["confidence"] = {key: ref.confidence[key] for key in ref.confidence if key in item}
    return item
