"""Parse a reference list as printed (APA-like, AMA/Vancouver, author-year/Harvard; numbered or not) into
BibTeX entries that keep the verbatim text and the entry's number.

The parser reads the parts every style shares: an optional number ("1.", "[1]", "1)"), the authors
("Maselli, F., Storari, L., & Testa, M." or "Smith J, Jones AB"), a year ("(2020)", "(2021, February 23)",
"2019;12(3):45-67", "2019 Mar;"), the title, the container (journal, or the site or organisation of a web
page), volume, issue and pages, a DOI ("doi:10.…", "https://doi.org/10.…") and a URL ("Available from: …",
"Retrieved from …"). What it cannot read it leaves out; an entry with neither a DOI nor a URL cannot become
a source of the graph (the loader needs an IRI), so it is reported instead of written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.bib import iri_problem, normalise_doi
from kg.safe import doi_problem, url_problem
from kg.ingest.segment import MONTHS, NUMBERED

DOI = re.compile(r"(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+)|\b(?P<bare>10\.\d{4,9}/[^\s,;]+)", re.IGNORECASE)
URL = re.compile(r"https?://\S+")
YEAR = re.compile(rf"\(?\b(?P<year>(?:19|20)\d{{2}})(?P<suffix>[a-z])?(?:,\s*(?P<month>{MONTHS})\.?(?:\s+(?P<day>\d{{1,2}}))?)?\)?(?=[\s.;:,)]|$)")
#: "Surname, I." / "Surname, I. J." / "Surname-Jones, I.-J."
#: (bounded repetitions, never starting inside a word: linear time on any entry)
APA_AUTHOR = re.compile(r"(?<![\w'’-])(?P<surname>(?:[A-Z][\w'’-]{0,40}|van|von|de|der|del|la|le|di|da)(?:\s+(?:van|von|de|der|del|la|le|di|da|[A-Z][\w'’-]{0,40})){0,4}),\s+(?P<initials>(?:[A-Z]\.(?:[\s-]*[A-Z]\.){0,5}))")
#: "Smith J" / "Smith-Jones AB" / "van der Berg K"
AMA_AUTHOR = re.compile(r"(?<![\w'’-])(?P<surname>(?:(?:van|von|de|der|del|la|le|di|da)\s+){0,3}[A-Z][\w'’-]{1,40}(?:\s+[A-Z][\w'’-]{1,40})?)\s+(?P<initials>[A-Z]{1,3})(?=[,.]|\s+et al|$)")
VOLUME = re.compile(r"(?P<volume>\d+)?\s*\((?P<issue>[^)]{1,12})\)|\b(?P<vol_only>\d+)\b")
PAGES = re.compile(r"(?:pp?\.\s*)?\b(?P<pages>[A-Za-z]?\d+\s*[–—-]\s*[A-Za-z]?\d+|e\d+)\b")
ACCESS = re.compile(r"\b(?:available (?:from|at|online)|retrieved (?:from|on)|accessed)\b", re.IGNORECASE)
#: an AMA/Vancouver author list opening an entry: "Smith J, Patel R, Nguyen T." / "Garcia L, et al."
AMA_AUTHORS = re.compile(r"^(?P<authors>(?:(?:van|von|de|der|del|la|le|di|da)\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+[A-Z]{1,3}(?:,\s+(?:(?:van|von|de|der|del|la|le|di|da)\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+[A-Z]{1,3})*(?:,\s+et\s+al)?)\.\s+")


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
        if self.number is not None:
            out["refnumber"] = str(self.number)
        out["verbatim"] = self.verbatim
        return out


#: words that make a name an organisation's
ORG_WORDS = {
    "council", "association", "society", "college", "academy", "institute", "institutes", "clinic", "hospital",
    "hospitals", "university", "center", "centre", "centers", "foundation", "organization", "organisation",
    "agency", "department", "administration", "board", "federation", "health", "network", "group", "alliance",
    "service", "services", "ministry", "office", "commission", "committee", "corporation", "inc", "company",
    "trust", "school", "league", "coalition", "union", "medicine", "care", "system", "collaboration", "clinics",
}


def looks_like_organisation(name: str) -> bool:
    words = name.split()
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z]{2,6}", name))
    return all(w[:1].isupper() or w.lower() in {"of", "on", "for", "and", "the", "&", "in", "at"} for w in words) and any(
        w.lower().strip(".,") in ORG_WORDS for w in words
    )


def fold(text: str) -> str:
    """Lower-case ASCII, for comparing names: "Müller" -> "muller"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def looks_like_reference(text: str) -> bool:
    """A line of a reference list: a year and a DOI, a URL, "et al." or an author list."""
    body = NUMBERED.sub("", text).strip()
    if len(body) < 25 or not re.search(r"\b(?:19|20)\d{2}\b", body):
        return False
    if DOI.search(body) or URL.search(body) or re.search(r"\bet al\.", body):
        return True
    return bool(re.match(r"^[A-Z][\w'’-]+,\s+[A-Z]\.", body) or re.match(r"^[A-Z][\w'’-]+\s+[A-Z]{1,3}[,.]", body))


def parse_entry(line: str) -> ParsedReference:
    numbered = NUMBERED.match(line)
    number = int(numbered.group("n1") or numbered.group("n2")) if numbered else None
    text = (line[numbered.end() :] if numbered else re.sub(r"^\s*[•·\-*–]\s+", "", line)).strip()
    ref = ParsedReference(verbatim=text, number=number)
    rest = text

    doi = DOI.search(rest)
    if doi:
        ref.doi = normalise_doi((doi.group("doi") or doi.group("bare")).rstrip(".,;)"))
        rest = rest[: doi.start()] + rest[doi.end() :]
        if problem := doi_problem(ref.doi):
            ref.dropped.append(f"DOI {ref.doi!r} ({problem})")
            ref.doi = None
    url_match = None
    for match in URL.finditer(rest):
        if "doi.org/" not in match.group().lower():
            url_match = match
            break
    if url_match:
        url = url_match.group()
        at_end = not rest[url_match.end() :].strip()
        # a URL at the very end keeps a final "." only where one is plausible (a query or a text fragment)
        if not at_end or not re.search(r"[#?]", url):
            url = url.rstrip(".,;")
        ref.url = url.rstrip(")") if url.count(")") > url.count("(") else url
        rest = rest[: url_match.start()] + rest[url_match.end() :]
        if problem := url_problem(ref.url) or iri_problem(ref.url):
            ref.dropped.append(f"URL {ref.url!r} ({problem})")
            ref.url = None
    # drop "[Internet]", "[cited …]", then "Available from:", "Accessed May 1, 2020" and what follows them
    rest = re.sub(r"\s*\[(?:internet|online|cited[^\]]*)\]", "", rest, flags=re.IGNORECASE)
    access = ACCESS.search(rest)
    if access:
        rest = rest[: access.start()]
    rest = re.sub(r"\s+", " ", rest).strip(" .;,")

    year = YEAR.search(rest)
    if year:
        ref.year = int(year.group("year"))
        ref.year_suffix = year.group("suffix") or ""
        if year.group("month") and year.group("day"):
            from kg.ingest.segment import _MONTH_NAMES

            month = _MONTH_NAMES.index(year.group("month").lower()[:3]) + 1
            ref.date = f"{ref.year:04d}-{month:02d}-{int(year.group('day')):02d}"
        before, after = rest[: year.start()].strip(" ,"), rest[year.end() :].strip(" .,;:")
        if year.group().startswith("(") or year.group().endswith(")"):
            _apa(ref, before, after)
        else:
            _ama(ref, rest, year)
    else:
        ref.title = _first_sentence(rest)
    if not ref.title:
        ref.title = _first_sentence(text)
    identifiers(ref, text)
    return ref


PMID = re.compile(r"\bPMID:?\s{0,3}(?P<id>[1-9][0-9]{0,9})\b", re.IGNORECASE)
PMCID = re.compile(r"\b(?:PMCID:?\s{0,3})?(?P<id>PMC[1-9][0-9]{0,9})\b")
ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s{0,3}(?P<id>[0-9][0-9 -]{8,16}[0-9Xx])\b")


def identifiers(ref: ParsedReference, text: str) -> None:
    """The PubMed ID ("PMID: 31234567", or a PubMed or Europe PMC link), PubMed Central ID and ISBN an entry
    prints: kept beside its DOI and URL, each a way to find the work."""
    from kg.bib import normalise_isbn, pubmed_id_from_url

    found = PMID.search(text)
    ref.pmid = found.group("id") if found else (pubmed_id_from_url(ref.url) if ref.url else None)
    found = PMCID.search(text)
    ref.pmcid = found.group("id") if found else None
    found = ISBN.search(text)
    ref.isbn = normalise_isbn(found.group("id")) if found else None


def _authors(text: str) -> list[str] | None:
    """The author list, if ``text`` is one (APA "Surname, I." or AMA "Surname I" style), else None."""
    text = re.sub(r",?\s*(?:&|\band\b)\s*", ", ", text).strip(" ,")
    text = re.sub(r",?\s*et al\.?$", "", text).strip(" ,")
    if not text:
        return None
    for pattern, style in ((APA_AUTHOR, "apa"), (AMA_AUTHOR, "ama")):
        found, pos = [], 0
        for match in pattern.finditer(text):
            if text[pos : match.start()].strip(" ,.") != "":
                found = []
                break
            found.append(match)
            pos = match.end()
        if found and not text[pos:].strip(" ,."):
            if style == "apa":
                return [f"{m.group('surname')}, {' '.join(m.group('initials').split())}" for m in found]
            return [f"{m.group('surname')}, {' '.join(c + '.' for c in m.group('initials'))}" for m in found]
    return None


def _apa(ref: ParsedReference, before: str, after: str) -> None:
    """Authors (Year). Title. Container, vol(issue), pages.  — or —  Title. (Year). Site."""
    authors = _authors(before)
    if authors:
        ref.authors = authors
        parts = _sentences(after)
        ref.title = parts[0] if parts else None
        container = parts[1:] if len(parts) > 1 else []
    elif before and looks_like_organisation(before.rstrip(".")) and _sentences(after):
        # an organisation as author: "American Heart Association. (2019). Title. URL"
        ref.organisation = before.rstrip(".")
        parts = _sentences(after)
        ref.title = parts[0]
        container = []
    else:
        # a work without authors: its title comes first and the site or organisation after the year
        if before and len(before) > 3:
            ref.title = before.rstrip(".")
        parts = _sentences(after)
        container = parts
    if container:
        _container(ref, " ".join(container))


def _ama(ref: ParsedReference, text: str, year: re.Match) -> None:
    """Authors. Title. Journal. Year;Vol(Issue):Pages.   (AMA / Vancouver)
    Organisation. Title. Place: Publisher; Year.        (a web page or report by an organisation)"""
    head = text[: year.start()]
    head = re.sub(r"\b(?:updated|published|reviewed|posted)\s*$", "", head.strip(), flags=re.IGNORECASE)
    authors = AMA_AUTHORS.match(head)
    if authors:
        ref.authors = _authors(authors.group("authors")) or []
        head = head[authors.end() :]
    parts = _sentences(head)
    if not ref.authors and parts and looks_like_organisation(parts[0]) and len(parts) > 1:
        ref.organisation = parts.pop(0)
    if parts:
        ref.title = parts[0]
    tail = text[year.end() :]
    numbers = re.match(r"\s*(?:[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?\s*)?;\s*(?P<rest>.*)", tail)  # (no two \s* side by side)
    if numbers:
        detail = re.match(r"(?P<volume>\d+)?(?:\((?P<issue>[^)]+)\))?(?::\s*(?P<pages>[\w–—-]+))?", numbers.group("rest"))
        if detail:
            ref.volume = detail.group("volume")
            ref.issue = detail.group("issue")
            if detail.group("pages"):
                ref.pages = re.sub(r"\s*[–—-]\s*", "--", detail.group("pages"))
    if len(parts) > 1:
        venue = re.sub(r"\s*\[[^\]]*\]\s*$", "", parts[-1]).strip(" ;")
        if ":" in venue and not (ref.volume or ref.pages):
            # "Rosemont (IL): AAOS": a place and publisher, not a journal
            ref.organisation = ref.organisation or venue.split(":", 1)[1].strip()
        elif re.search(r"[A-Za-z]", venue):
            if ref.volume or ref.pages or ref.doi:
                ref.journal = venue
            else:
                ref.organisation = ref.organisation or venue


def _container(ref: ParsedReference, text: str) -> None:
    """'BMC Musculoskeletal Disorders, 21(1)', 'Pain Research and Management(2021), 1–7', 'Cleveland Clinic'."""
    text = text.strip(" .")
    match = re.match(r"(?P<name>[^,(\d]+)(?:,\s*(?:vol\.\s*)?(?P<volume>\d+)?\s*(?:\((?P<issue>[^)]+)\))?|\((?P<issue2>[^)]+)\))(?P<rest>.*)$", text)
    if match and (match.group("volume") or match.group("issue") or match.group("issue2")):
        ref.journal = match.group("name").strip()
        ref.volume = match.group("volume")
        ref.issue = match.group("issue") or match.group("issue2")
        pages = PAGES.search(match.group("rest"))
        if pages:
            ref.pages = re.sub(r"\s*[–—-]\s*", "--", pages.group("pages"))
        return
    name = re.split(r",|\.\s", text)[0].strip()
    if name and re.match(r"[A-Z]", name):
        ref.organisation = name


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
            words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in {"of", "the", "and", "on", "for", "in", "a", "an", "&"}]
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


def parse_reference_list(lines: list[str]) -> list[ParsedReference]:
    refs = [parse_entry(line) for line in lines]
    assign_keys(refs)
    return refs
