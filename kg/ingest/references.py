"""Parse a reference list as printed (APA-like, AMA/Vancouver, author-year/Harvard; numbered or not) into
BibTeX entries that keep the verbatim text and the entry's number.

The entry's number ("1.", "[1]", "1)"), its DOI ("doi:10.…", "https://doi.org/10.…") and its URL ("Available
from: …", "Retrieved from …") are read here; the authors, year, title, container (journal, or the site or
organisation of a web page), volume, issue and pages are read by kg.refs, in any style. What it cannot read it
leaves out, and the entry keeps its verbatim text: every entry becomes a source, one with no identifier by its
fingerprint. A "Source:" label before an entry is not part of it. Which lines are entries kg.ingest.segment says, where
the list is found (``looks_like_reference``, ``looks_like_citation``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice

from kg.dataset.bib import iri_problem, normalise_doi
from kg.ingest.segment import DOI, INLINE_LABEL, NUMBERED, TITLE_FIRST, URL, title_first
from kg.util.safe import doi_problem, url_problem
from kg.util.text import VIEW_AFTER_DOI


@dataclass
class ParsedReference:
    """One entry of a reference list, as far as it could be read."""

    verbatim: str
    number: int | None = None
    authors: list[str] = field(default_factory=list)  # "Surname, I."
    year: int | None = None
    year_suffix: str = ""
    date: str | None = None  # ISO, when a month and day are given
    title: str | None = None
    journal: str | None = None
    organisation: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    key: str = ""
    pmid: str | None = None
    pmcid: str | None = None
    isbn: str | None = None
    #: identifiers the entry printed that are not valid (a DOI with a quote in it, a javascript: link): left out of
    #: their field, kept in the verbatim text, and listed for review
    dropped: list[str] = field(default_factory=list)
    #: a footnote that is no work of its own ("Ibid.", "Id., at 15."): what it refers to, kept with the entry
    note: str | None = None

    @property
    def surnames(self) -> list[str]:
        return [fold(a.split(",")[0]) for a in self.authors]

    @property
    def entry_type(self) -> str:
        return "article" if self.journal else "misc"

    def fields(self) -> dict[str, str]:
        """BibTeX fields in the curated order."""
        out: dict[str, str] = {}
        if self.authors:
            out["author"] = " and ".join(self.authors)
        if self.year:
            out["year"] = str(self.year)
        if self.date:
            out["date"] = self.date
        out["title"] = self.title or ""
        if self.journal:
            out["journal"] = self.journal
        if self.organisation:
            out["organization"] = self.organisation
        if self.volume:
            out["volume"] = self.volume
        if self.issue:
            out["number"] = self.issue
        if self.pages:
            out["pages"] = self.pages
        if self.doi:
            out["doi"] = self.doi
        if self.url:
            out["url"] = self.url
        if self.pmid:
            out["pmid"] = self.pmid
        if self.pmcid:
            out["pmcid"] = self.pmcid
        if self.isbn:
            out["isbn"] = self.isbn
        if self.note:
            out["note"] = self.note
        if self.number is not None:
            out["refnumber"] = str(self.number)
        out["verbatim"] = self.verbatim
        return out


#: words that make a name an organisation's
ORG_WORDS = {
    "council",
    "association",
    "society",
    "college",
    "academy",
    "institute",
    "institutes",
    "clinic",
    "hospital",
    "hospitals",
    "university",
    "center",
    "centre",
    "centers",
    "foundation",
    "organization",
    "organisation",
    "agency",
    "department",
    "administration",
    "board",
    "federation",
    "health",
    "network",
    "group",
    "alliance",
    "service",
    "services",
    "ministry",
    "office",
    "commission",
    "committee",
    "corporation",
    "inc",
    "company",
    "trust",
    "school",
    "league",
    "coalition",
    "union",
    "medicine",
    "care",
    "system",
    "collaboration",
    "clinics",
}


def looks_like_organisation(name: str) -> bool:
    words = name.split()
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z]{2,6}", name))
    return all(
        w[:1].isupper() or w.lower() in {"of", "on", "for", "and", "the", "&", "in", "at"} for w in words
    ) and any(w.lower().strip(".,") in ORG_WORDS for w in words)


def fold(text: str) -> str:
    """Lower-case ASCII, for comparing names: "Müller" -> "muller"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


#: a DOI in a web address, in its path or as the value of a query field, the address percent-decoded first
#: ("…/articles/10.3389/fpsyg.2022.902673/full", "…/article?id=10.1371%2Fjournal.pone.0312504")
_ADDRESS_DOI = re.compile(r"[/=](10\.\d{4,9}/[^?#&\s]{1,300})")


def doi_in_address(url: str) -> str | None:
    """The DOI a publisher's web address holds, without the page it names after it; None where it holds none
    or the DOI is not valid."""
    from urllib.parse import unquote

    found = _ADDRESS_DOI.search(unquote(url))
    if not found:
        return None
    doi = normalise_doi(VIEW_AFTER_DOI.sub("", found.group(1)).rstrip("/.,;"))
    return None if doi_problem(doi) else doi


def parse_entry(line: str) -> ParsedReference:
    label = INLINE_LABEL.match(line)
    if label:
        line = line[label.end() :]
    numbered = NUMBERED.match(line)
    number = int(numbered.group("n1") or numbered.group("n2")) if numbered else None
    text = (line[numbered.end() :] if numbered else re.sub(r"^\s*[•·\-*–]\s+", "", line)).strip()
    ref = ParsedReference(verbatim=text, number=number)
    rest = text

    doi = DOI.search(rest)
    address = next((m for m in URL.finditer(rest) if doi and m.start() < doi.start() < m.end()), None)
    if doi and address is not None and "doi.org/" not in address.group().lower():
        # the DOI stands in a publisher's address ("https://www.frontiersin.org/…/articles/10.3389/….902673/full"):
        # the address is the entry's URL, and the DOI is read from it
        ref.doi = doi_in_address(address.group().rstrip(".,;"))
        doi = None
    if doi:
        ref.doi = normalise_doi((doi.group("doi") or doi.group("bare")).rstrip(".,;)"))
        rest = rest[: doi.start()] + rest[doi.end() :]
        if problem := doi_problem(ref.doi):
            ref.dropped.append(f"DOI {ref.doi!r} ({problem})")
            ref.doi = None
    url_match = None
    if ref.doi is None and (
        address := next((m for m in URL.finditer(rest) if "doi.org/" not in m.group().lower()), None)
    ):
        ref.doi = doi_in_address(address.group().rstrip(".,;"))  # "…/article?id=10.1371%2Fjournal.pone.0312504"
    for match in URL.finditer(rest):
        if "doi.org/" not in match.group().lower():
            url_match = match
            break
    if url_match:
        url = url_match.group()
        at_end = not rest[url_match.end() :].strip()
        # a URL at the very end keeps a final "." only in a text fragment ("#:~:text=…U.S."): a query's value ends
        # before the entry's full stop ("…/index.php?title=Moderna&oldid=991237125." in an author-date entry)
        if not at_end or "#" not in url:
            url = url.rstrip(".,;")
        ref.url = url.rstrip(")") if url.count(")") > url.count("(") else url
        rest = rest[: url_match.start()] + rest[url_match.end() :]
        if problem := url_problem(ref.url) or iri_problem(ref.url):
            ref.dropped.append(f"URL {ref.url!r} ({problem})")
            ref.url = None
    # the fields are read from the whole entry, its DOI, URL and "Accessed …" in place: the labeller learnt
    # entries as printed, and reads an organisation before a title better with the URL after it
    _read_fields(ref, _address_last(_authors_first(text)))
    if not ref.title:  # (its address is not part of its first sentence: "[4] Title https://…")
        ref.title = _first_sentence(" ".join(text.replace(ref.url, " ").split()) if ref.url else text)
        ref.title = _trimmed(ref.title)  # not "… Zambia Last accessed on 2014 May 19 Available from:"
    identifiers(ref, text)
    return ref


def _authors_first(text: str) -> str:
    """An entry in PubMed's title-first layout ("Random research. Moye LA. Circulation 2001: 103(25); 3150-3.") with
    its author list moved before its title, the order the reference parser learnt; any other entry as it is."""
    found = TITLE_FIRST.match(text) if title_first(text) else None
    if not found:
        return text
    return f"{text[found.end('title') : found.end()].strip()} {found.group('title')} {text[found.end() :]}"


#: a DOI's address printed inside an entry, the container after it: "… exported cases
#: http://dx.doi.org/10.1101/2020.01.29.20019547. medRxiv." (a page that links the title prints the address after it)
INNER_DOI_ADDRESS = re.compile(r"\s(?P<address>https?://(?:dx\.)?doi\.org/10\.\d{4,9}/\S{1,300}?)\.?\s(?=[A-Za-z])")


def _address_last(text: str) -> str:
    """The entry with a DOI's address printed between its title and its container moved to its end, where the
    labeller learnt it (the title reads up to its full stop, the container after it); any other entry as it is."""
    found = INNER_DOI_ADDRESS.search(text)
    if not found:
        return text
    head = text[: found.start()].rstrip(" .")
    return f"{head}. {text[found.end() :].strip()} {found.group('address')}"


PMID = re.compile(r"\bPMID:?\s{0,3}(?P<id>[1-9][0-9]{0,9})\b", re.IGNORECASE)
PMCID = re.compile(r"\b(?:PMCID:?\s{0,3})?(?P<id>PMC[1-9][0-9]{0,9})\b")
ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s{0,3}(?P<id>[0-9][0-9 -]{8,16}[0-9Xx])\b")


def identifiers(ref: ParsedReference, text: str) -> None:
    """The PubMed ID ("PMID: 31234567", or a PubMed or Europe PMC link), PubMed Central ID and ISBN an entry
    prints: kept beside its DOI and URL, each a way to find the work."""
    from kg.dataset.bib import normalise_isbn, pubmed_id_from_url

    found = PMID.search(text)
    ref.pmid = found.group("id") if found else (pubmed_id_from_url(ref.url) if ref.url else None)
    found = PMCID.search(text)
    ref.pmcid = found.group("id") if found else None
    found = ISBN.search(text)
    ref.isbn = normalise_isbn(found.group("id")) if found else None


def _read_fields(ref: ParsedReference, text: str) -> None:
    """Authors, year, title, container, volume, issue and pages as kg.refs reads them from the entry's text (its
    DOI and URL are read, and checked, above)."""
    from kg.refs import parse

    parsed = parse(text)
    people = [name for name in parsed.authors if "family" in name]
    ref.authors = [f"{name['family']}, {_initials(name.get('given', ''))}".rstrip(", ") for name in people]
    literal = next((name["literal"] for name in parsed.authors if "literal" in name), None)
    ref.year, ref.year_suffix = parsed.year, parsed.year_suffix
    if parsed.date_parts and len(parsed.date_parts) == 3:
        ref.date = "{:04d}-{:02d}-{:02d}".format(*parsed.date_parts)
    ref.title = parsed.title
    ref.volume, ref.issue = parsed.volume, parsed.issue
    ref.pages = parsed.page.replace("-", "--") if parsed.page else None
    # a separator the entry prints after its journal's name ("The Lancet - Vol. 351") is not part of the name
    container = parsed.container_title.rstrip(" -–—") if parsed.container_title else None
    if parsed.issue and re.search(rf"\bNo\.?\s?{re.escape(parsed.issue)}-[A-Z]", text):
        ref.issue = parsed.issue = None  # "NIH Publication No. 20-HL-8121": a report's number, not an issue
    # a journal has numbers to find the article by: a container with none is a site, a report series or a publisher,
    # unless the labeller read it as a journal in a person's work printed with no web address ("… BMJ 2004.")
    if container and (
        parsed.volume
        or parsed.issue
        or parsed.page
        or ref.doi
        or parsed.type == "article-journal"
        and people
        and not ref.url
    ):
        ref.journal = container
    else:
        ref.organisation = container or parsed.publisher
    if literal and not people:
        ref.organisation = literal
    _locator(ref, text)
    if ref.title and ref.pages is None and ref.volume and (run := TITLE_PAGES.search(ref.title)):
        # "… pervasive developmental disorder in children 637-641. The Lancet - Vol. 351": an entry that runs its
        # pages into its title, a journal article's volume printed after it
        ref.title, ref.pages = ref.title[: run.start()].rstrip(" ,;:"), f"{run.group(1)}--{run.group(2)}"


#: a page range closing a title, not a span of years: " 637-641"
TITLE_PAGES = re.compile(r"\s(?!(?:1[89]|20)\d{2}[-–](?:1[89]|20)\d{2}\b)(\d{1,6})[-–](\d{1,6})\.?$")


#: a journal article's locator as NLM/Vancouver prints it, year, volume, issue and pages, the separators as some
#: lists swap them and a month in brackets after the year: "2002;359(9321):1945-6", "2000: 83(5); 457",
#: "2002(June): 359(9321); 1945-1946"
LOCATOR = re.compile(
    r"(?<![\d.])(?P<year>(?:1[89]|20)\d{2})\s?(?:\([A-Z][a-z]{2,8}\.?(?:\s\d{1,2})?\))?\s?[:;]\s?(?P<volume>\d{1,4})\s?"
    r"\((?P<issue>\d{1,5})\)\s?[:;,]\s?(?P<pages>\d{1,6}(?:\s?[-–]\s?\d{1,6})?)(?=[.;,]?(?:\s|$))"
)


def _locator(ref: ParsedReference, text: str) -> None:
    """Where the entry prints one NLM locator, the fields the labeller left out or misread from it: a year it did
    not read, and volume, issue and pages where it read none or took the year for the volume ("Lancet. 2002(June):
    359(9321); 1945-1946." read as volume 2002, issue June, pages 359)."""
    found = list(islice(LOCATOR.finditer(text), 2))
    if len(found) != 1:
        return
    year, volume, issue, pages = found[0].group("year", "volume", "issue", "pages")
    pages = re.sub(r"\s?[-–]\s?", "--", pages)
    if ref.year is None:
        ref.year = int(year)
    if ref.volume is None or str(ref.volume) == year:
        ref.volume, ref.issue, ref.pages = volume, issue, pages
    elif str(ref.volume) == volume and ref.pages is None:
        ref.pages = pages


def _initials(given: str) -> str:
    """ "JA" -> "J. A."; "A. B." and "C.-C." as printed; "Bonnie Lynn" -> "B. L."."""
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return " ".join(f"{letter}." for letter in given)
    words = given.split()
    if all(re.fullmatch(r"(?:[A-Z]\.?-?)+", word) for word in words):
        return " ".join(word if word.endswith(".") else f"{word}." for word in words)
    return " ".join(f"{word[0]}." for word in words if word[:1].isalpha())


def _sentences(text: str) -> list[str]:
    """Split at ". ", "? " and "! " (not after initials), keeping "?" and "!" with their part."""
    parts, start = [], 0
    for match in re.finditer(r"(?<=[.?!])\s+(?=[A-Z0-9\[(“\"])", text):
        piece = text[start : match.start()].strip()
        before = piece.rstrip(".")
        if piece.endswith(".") and re.search(r"(?:^|[\s.-])[A-Z]$", before[-2:]):
            continue  # an initial
        if piece:
            parts.append(piece[:-1] if piece.endswith(".") else piece)
        start = match.end()
    last = text[start:].strip()
    if last:
        parts.append(last[:-1] if last.endswith(".") else last)
    return [p.strip() for p in parts if p.strip()]


def _trimmed(title: str | None) -> str | None:
    """The entry's first sentence as its title, less an access note or address the page ran into it ("Zambia: Climate
    Last accessed on 2014 May 19 Available from:", its brackets and full stops lost)."""
    from kg.refs import title_end

    return (title_end(title).rstrip(" .,;:") or None) if title else None


def _first_sentence(text: str) -> str | None:
    parts = _sentences(text)
    return parts[0] if parts else None


def assign_keys(refs: list[ParsedReference]) -> None:
    """BibTeX keys: first author's surname (or the organisation's or title's initials) and the year."""
    used: dict[str, int] = {}
    for ref in refs:
        if ref.authors:
            stem = re.sub(r"[^a-z]", "", fold(ref.authors[0].split(",")[0]))
        else:
            name = ref.organisation or ref.journal or ref.title or "ref"
            words = [
                w
                for w in re.findall(r"[A-Za-z][\w'’-]*", name)
                if w.lower() not in {"of", "the", "and", "on", "for", "in", "a", "an", "&"}
            ]
            if len(words) <= 2:
                stem = "".join(re.sub(r"[^a-z]", "", fold(w)) for w in words)
            else:
                stem = "".join((w if w.isupper() else w[0]).lower() for w in words)
        stem = stem or "ref"
        key = f"{stem}{ref.year or ''}{ref.year_suffix}"
        if key in used:
            used[key] += 1
            key = f"{key}-{used[key]}"
        else:
            used[key] = 1
        ref.key = key


#: a footnote that repeats the work of the note before it: "Ibid.", "Ibid., p. 4", "Id.", "Id., at 15."
SAME_WORK = re.compile(r"^(?:ibid(?:em)?|id)\.?(?=$|[\s,;:])", re.IGNORECASE)
#: a footnote that comments rather than cites ("See the discussion above.", "Note: figures are rounded.")
NOTE_START = re.compile(
    r"^(?:see\b(?!\s+[A-Z][\w'’-]+,?\s+[A-Z]{1,3}\b)|note\b|cf\.|for (?:more|a discussion|details)\b|this\b|these\b|the authors?\b|we\b|I\b)",
    re.IGNORECASE,
)
_SHARED_FIELDS = (
    "authors",
    "year",
    "year_suffix",
    "date",
    "title",
    "journal",
    "organisation",
    "volume",
    "issue",
    "doi",
    "url",
    "pmid",
    "pmcid",
    "isbn",
)


def parse_reference_list(lines: list[str], marked: dict[str, dict[str, str]] | None = None) -> list[ParsedReference]:
    """Every line an entry; a footnote that says "Ibid." or "Id." is the work of the footnote before it (its
    fields copied: the same source), kept verbatim with a note that says so. ``marked``: the title, container and
    year of the entries the page marked up field by field (kg.ingest.markup's ``Converted.entries``, keyed by the
    entry's text): what the markup names stands over what the reader read from the text."""
    refs = [parse_entry(line) for line in lines]
    for ref in refs:
        if known := (marked or {}).get(" ".join(ref.verbatim.split())):
            ref.title, ref.year = known["title"], int(known["year"]) if known["year"] else ref.year
            if known.get("container"):
                ref.journal, ref.organisation = known["container"], None
            elif known.get("organisation"):
                ref.journal, ref.organisation = None, known["organisation"]
    for ref in refs:
        if NOTE_START.match(ref.verbatim) and not (ref.year or ref.doi or ref.url or ref.pmid or ref.pmcid or ref.isbn):
            ref.note = "a note, not a work: kept as printed"
    for before, ref in zip(refs, refs[1:]):
        if SAME_WORK.match(ref.verbatim):
            for name in _SHARED_FIELDS:
                setattr(ref, name, getattr(before, name))
            label = f"note {before.number}" if before.number is not None else "the note before it"
            ref.note = f"{ref.verbatim.strip()}: the work of {label}, not a work of its own"
    assign_keys(refs)
    return refs
