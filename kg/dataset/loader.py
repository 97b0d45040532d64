"""Load and check a curated data folder: article.yaml, claims.yaml, article.txt and references.bib.

Quote offsets are never taken from the files: they are computed here from the article text, so the
quote is authoritative and the offsets always match it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from pathlib import Path

from kg.dataset import vocab
from kg.dataset.bib import iri_problem, parse_bibtex
from kg.dataset.model import (
    Appraisal,
    Article,
    Attribution,
    Citation,
    Claim,
    Concept,
    Corpus,
    Discrepancy,
    DraftInfo,
    Organisation,
    Person,
    Section,
    Statistic,
    Where,
)
from kg.dataset.paths import article_dirs, check_inside, data_folder_of
from kg.dataset.yamlio import Fields, load_yaml
from kg.errors import (
    AmbiguousQuote,
    DuplicateId,
    MissingData,
    QuoteNotFound,
    SchemaError,
    UnknownClaimType,
    UnknownReference,
    did_you_mean,
)
from kg.util.safe import url_problem
from kg.util.text import TextIndex, line_of

#: How far (in code points) an attribution or citation cue may stand from its quote.
CUE_WINDOW = 1200
AGENT = "person or organisation"
AGENT_WHERE = "people: or organisations: in article.yaml"


def input_files(folder: Path) -> list[Path]:
    """The files whose content determines an article's graph (for cache fingerprints)."""
    return [folder / name for name in ("article.yaml", "claims.yaml", "references.bib", "article.txt", "reviewed.yaml")]


def load_corpus(data_dir: Path, progress=None) -> Corpus:
    """Load every article of a data folder; slugs must be unique."""
    articles = []
    seen: dict[str, Path] = {}
    for folder in article_dirs(data_dir):
        article = load_article(folder)
        if article.slug in seen:
            raise DuplicateId(
                folder / "article.yaml",
                None,
                "slug",
                f"{article.slug!r} is also the slug of {seen[article.slug]}",
                "give each article its own slug",
            )
        seen[article.slug] = folder
        articles.append(article)
        if progress:
            progress(article)
    return Corpus(articles=articles, root=Path(data_dir))


def _url(meta: Fields) -> str | None:
    """The article's web address: an http(s) URL the graph can hold as an IRI (it is the article's schema:url)."""
    url = meta.str("url")
    if url is None:
        return None
    problem = url_problem(url) or iri_problem(url)
    if problem:
        raise meta.error(
            "url",
            f"{url!r} is not a valid web address ({problem})",
            "write the article's full address, e.g. https://www.example.com/article, percent-encoding spaces as %20",
        )
    return url


def load_article(folder: Path) -> Article:
    folder = Path(folder)
    data_dir = data_folder_of(folder)
    for path in input_files(folder):
        check_inside(path, data_dir)
    meta_path = folder / "article.yaml"
    meta = Fields(load_yaml(meta_path), meta_path, "")
    slug = meta.id("slug")
    if slug != folder.name and (folder.parent.name == "articles"):
        raise meta.error(
            "slug",
            f"{slug!r} differs from the folder name {folder.name!r}",
            "rename the folder or the slug so they match",
        )
    text_name = meta.str("text") or "article.txt"
    if text_name != "article.txt":
        # builds track article.txt for changes (and the part's key is its hash): a text read from elsewhere
        # would leave the graph stale when it changed
        raise meta.error(
            "text",
            f"{text_name!r}: the article's text is read from article.txt in its folder",
            "put the text in article.txt and write 'text: article.txt', or leave the field out",
        )
    text_path = folder / text_name
    try:
        text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingData(
            text_path, None, None, "article text not found", f"put the article's text in {text_name}"
        ) from None
    except UnicodeDecodeError as exc:
        raise SchemaError(text_path, None, None, f"not UTF-8 ({exc.reason})", "save the text as UTF-8") from exc
    except OSError as exc:  # a folder, a device that cannot be read
        raise SchemaError(
            text_path,
            None,
            None,
            f"cannot be read ({exc.strerror or exc})",
            "make article.txt a readable UTF-8 text file",
        ) from exc
    text = unicodedata.normalize("NFC", text) if not unicodedata.is_normalized("NFC", text) else text

    organisations: dict[str, Organisation] = {}
    for key, f in meta.entries("organisations", ids=True):
        organisations[key] = Organisation(key, f.str("name", required=True), Where(meta_path, f.line))
        f.done()

    people: dict[str, Person] = {}
    for key, f in meta.entries("people", ids=True):
        roles = f.str_list("roles")
        for role in roles:
            if role not in vocab.ROLES:
                raise f.error(
                    "roles",
                    f"{role!r} is not a role",
                    did_you_mean(role, vocab.ROLES)
                    or "use quoted-expert, medical-reviewer, clinical-reviewer or author",
                )
        affiliation = f.ref(
            "affiliation", organisations, "organisation", "organisations: in article.yaml", required=False
        )
        people[key] = Person(
            id=key,
            name=f.str("name", required=True),
            credentials=f.str("credentials"),
            job_title=f.str("job_title"),
            affiliation=affiliation,
            bio=f.str("bio"),
            roles=roles,
            aliases=f.str_list("aliases"),
            where=Where(meta_path, f.line),
        )
        f.done()

    publisher = meta.ref("publisher", organisations, "organisation", "organisations: in article.yaml")
    published = meta.date("published")
    modified = meta.date("modified")
    title = meta.str("title", required=True)
    sections = _sections(meta, meta_path, text)

    references = parse_bibtex(folder / "references.bib")
    agents = {**people, **organisations, vocab.CURATORS: None}

    appraisals: dict[str, Appraisal] = {}
    for key, f in meta.entries("sources"):
        if key not in references:
            raise UnknownReference(
                meta_path,
                f.line,
                f"sources.{key}",
                f"{key!r} is not in references.bib",
                did_you_mean(key, references) or "use the BibTeX key of the entry",
            )
        stats = []
        for i, raw in enumerate(f.list("statistics")):
            sf = f.sub("statistics", raw, i)
            stat = _statistic(sf, None, agents)
            stat.id = sf.id("id")
            stat.recorded_by = sf.ref("recorded_by", agents, AGENT, AGENT_WHERE)
            stat.basis = sf.str("basis", required=True)
            sf.done()
            stats.append(stat)
        appraisals[key] = Appraisal(
            source_key=key,
            design=f.choice("design", vocab.STUDY_DESIGNS),
            evidence_level=f.choice("evidence_level", vocab.EVIDENCE_LEVELS),
            rated_by=f.ref("rated_by", agents, AGENT, AGENT_WHERE),
            basis=f.str("basis"),
            statistics=stats,
            where=Where(meta_path, f.line),
        )
        f.done()

    claims_path = folder / "claims.yaml"
    claims_doc = Fields(load_yaml(claims_path), claims_path, "")
    concepts: dict[str, Concept] = {}
    for key, f in claims_doc.entries("concepts", ids=True):
        concepts[key] = Concept(
            key, f.str("label", required=True), f.choice("kind", vocab.CONCEPT_KINDS), Where(claims_path, f.line)
        )
        f.done()
    claims = _claims(
        claims_doc, claims_path, text, people, organisations, concepts, references, appraisals, agents, sections
    )
    claims_doc.done()

    article = Article(
        slug=slug,
        title=title,
        description=meta.str("description"),
        publisher=publisher,
        published=published,
        modified=modified,
        url=_url(meta),
        language=meta.str("language") or "en",
        text=text,
        notes=meta.str_list("notes"),
        organisations=organisations,
        people=people,
        sections=sections,
        concepts=concepts,
        appraisals=appraisals,
        references=references,
        claims=claims,
        folder=folder,
        files=input_files(folder),
    )
    meta.str("raw")  # the raw input as received: documented, not built
    meta.done()
    article.reviews = _reviews(article)
    return article


def _reviews(article: Article):
    """reviewed.yaml: the reviewers' verdicts and finding decisions (kg.dataset.review)."""
    from kg.dataset.review import load_reviews

    return load_reviews(article)


def _sections(meta: Fields, path: Path, text: str) -> list[Section]:
    sections: list[Section] = []
    ids: set[str] = set()
    cursor = 0
    for i, raw in enumerate(meta.list("sections")):
        f = meta.sub("sections", raw, i)
        sid = f.id("id")
        if sid in ids:
            raise f.error("id", f"section {sid!r} is defined twice", "give each section its own id", DuplicateId)
        ids.add(sid)
        starts_at = f.str("starts_at", required=True)
        start = text.find(starts_at, cursor)
        if start == -1:
            where = "in the article text" if text.find(starts_at) == -1 else "after the previous section"
            raise f.error(
                "starts_at",
                f"{starts_at!r} is not {where}",
                "copy the section's first words exactly from article.txt; list sections in text order",
                QuoteNotFound,
            )
        sections.append(
            Section(
                sid,
                f.str("title", required=True),
                starts_at,
                f.bool("heading", True),
                start,
                len(text),
                Where(path, f.line),
            )
        )
        cursor = start + 1
        f.done()
    for current, following in zip(sections, sections[1:]):
        current.end = following.start
    return sections


def _locate(f: Fields, key: str, text: TextIndex, needle: str, occurrence: int | None) -> int:
    """Start offset of a quote in the article, by its (1-based) occurrence when it repeats."""
    starts = text.find_all(needle)
    if not starts:
        raise f.error(
            key, f"{_short(needle)!r} is not in the article text", _quote_hint(text.text, needle), QuoteNotFound
        )
    if occurrence is None:
        if len(starts) > 1:
            raise f.error(
                key,
                f"{_short(needle)!r} occurs {len(starts)} times in the article",
                "add 'occurrence: N' to say which (1 = first) or quote more of the sentence",
                AmbiguousQuote,
            )
        return starts[0]
    if not 1 <= occurrence <= len(starts):
        raise f.error(
            "occurrence",
            f"{occurrence} is out of range: the quote occurs {len(starts)} time(s)",
            f"use a number from 1 to {len(starts)}",
        )
    return starts[occurrence - 1]


def _quote_hint(text: str, needle: str) -> str:
    """Why a quote was not found: most often straight quotes or spacing that differ from the article's."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"})

    def fold(s: str) -> str:
        return re.sub(r"\s+", " ", s.translate(table)).strip().lower()

    folded_text, folded_needle = fold(text), fold(needle)
    if folded_needle and folded_needle in folded_text:
        return "it matches once quotes, dashes, spaces or case are normalised: copy the exact characters from article.txt (curly quotes, non-breaking spaces)"
    words = needle.split()
    if len(words) > 3:
        head = " ".join(words[:3])
        if head in text:
            return f"the article has {head!r} but the rest differs: copy the exact sentence from article.txt"
    return "copy the exact text from article.txt"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_cue(f: Fields, key: str, text: TextIndex, cue: str, start: int, end: int, section) -> None:
    """A cue must stand in the quote's section (``section``) or within CUE_WINDOW code points of it."""
    positions = text.find_all(cue)
    if not positions:
        raise f.error(key, f"{_short(cue)!r} is not in the article text", _quote_hint(text.text, cue), QuoteNotFound)
    for pos in positions:
        if abs(pos - start) <= CUE_WINDOW or abs(pos - end) <= CUE_WINDOW:
            return
        if section is not None and section.start <= pos < section.end:
            return
    lines = ", ".join(str(line_of(text.text, p)) for p in positions)
    raise f.error(
        key,
        f"{_short(cue)!r} stands at article.txt line {lines}, too far from the quote (line {line_of(text.text, start)})",
        f"a cue must be in the quote's section or within {CUE_WINDOW} characters of it",
        QuoteNotFound,
    )


def _section_at(sections, offset: int, starts: list[int] | None = None):
    """The last section starting at or before offset (sections are in text order; ``starts``: their starts)."""
    index = bisect_right(starts if starts is not None else [s.start for s in sections], offset)
    return sections[index - 1] if index else None


def _statistic(f: Fields, quote: str | None, agents) -> Statistic:
    stat = Statistic(
        stated_as=f.str("stated_as", required=True),
        measure=f.choice("measure", vocab.MEASURES),
        unit=f.choice("unit", vocab.UNITS),
        value=f.number("value"),
        min=f.number("min"),
        max=f.number("max"),
        approximate=f.bool("approximate", False),
        qualifier=f.str("qualifier"),
        population=f.str("population"),
        comparator=f.str("comparator"),
        outcome=f.str("outcome"),
        source_statistic=f.str("source_statistic"),
        where=Where(f.path, f.line),
    )
    if stat.value is None and stat.min is None and stat.max is None:
        raise f.error("value", "a statistic needs a value, or min and/or max for a range", "add value: N, or min:/max:")
    if stat.value is not None and (stat.min is not None or stat.max is not None):
        raise f.error(
            "value", "give either value or min/max, not both", "use min/max for a range, value for a single figure"
        )
    if stat.min is not None and stat.max is not None and stat.min > stat.max:
        raise f.error("min", f"min {stat.min} is greater than max {stat.max}", "swap them")
    if quote is not None and stat.stated_as not in quote:
        raise f.error(
            "stated_as",
            f"{stat.stated_as!r} is not inside the claim's quote",
            "copy the figure's wording exactly from the quote",
            QuoteNotFound,
        )
    return stat


def _needles(raw: dict):
    """The quote and cues of a claim as written (strings only: the fields are checked where they are read)."""
    attribution, citations = raw.get("attribution"), raw.get("citations")
    values = [raw.get("quote"), attribution.get("cue") if isinstance(attribution, dict) else None]
    if isinstance(citations, list):
        values += [c.get("cue") for c in citations if isinstance(c, dict)]
    return [v for v in values if isinstance(v, str) and v]


def _claims(doc, path, text, people, organisations, concepts, references, appraisals, agents, sections) -> list[Claim]:
    claims: list[Claim] = []
    ids: dict[str, int | None] = {}
    source_stats = {f"{key}/{s.id}" for key, a in appraisals.items() for s in a.statistics}
    raws = doc.list("claims", required=True)
    # every quote and cue is looked for in one pass over the text, not one pass each
    text = TextIndex(text, [n for raw in raws if isinstance(raw, dict) for n in _needles(raw)])
    section_starts = [s.start for s in sections]
    for i, raw in enumerate(raws):
        f = doc.sub("claims", raw, i)
        cid = f.id("id")
        f.name = f"claims[{cid}]"
        if cid in ids:
            raise f.error(
                "id",
                f"claim {cid!r} is defined twice (first at line {ids[cid]})",
                "give each claim its own id",
                DuplicateId,
            )
        ids[cid] = f.line
        types = f.str_list("type", required=True)
        for t in types:
            if t not in vocab.CLAIM_TYPES:
                raise f.error(
                    "type",
                    f"{t!r} is not a claim type",
                    did_you_mean(t, vocab.CLAIM_TYPES) or "use one of: " + ", ".join(vocab.CLAIM_TYPES),
                    UnknownClaimType,
                )
        quote = f.str("quote", required=True)
        start = _locate(f, "quote", text, quote, f.integer("occurrence"))
        end = start + len(quote)
        section = _section_at(sections, start, section_starts)
        about = f.str_list("about")
        for concept in about:
            if concept not in concepts:
                raise f.error(
                    "about",
                    f"{concept!r} is not a defined concept",
                    did_you_mean(concept, concepts) or "define it under 'concepts:'",
                    SchemaError,
                )
        statistics = []
        for j, sraw in enumerate(f.list("statistics")):
            sf = f.sub("statistics", sraw, j)
            stat = _statistic(sf, quote, agents)
            if stat.source_statistic and stat.source_statistic not in source_stats:
                raise sf.error(
                    "source_statistic",
                    f"{stat.source_statistic!r} is not a statistic recorded under sources",
                    did_you_mean(stat.source_statistic, source_stats)
                    or "record it under sources.<key>.statistics in article.yaml",
                )
            sf.done()
            statistics.append(stat)
        attribution = None
        if f.has("attribution"):
            af = f.sub("attribution", f.raw("attribution"))
            agent = af.ref("agent", {**people, **organisations}, AGENT, AGENT_WHERE)
            cue = af.str("cue")
            if cue:
                _check_cue(af, "cue", text, cue, start, end, section)
            attribution = Attribution(agent, af.choice("mode", vocab.ATTRIBUTION_MODES), cue, Where(path, af.line))
            af.done()
        else:
            f.raw("attribution")
        citations = []
        for j, craw in enumerate(f.list("citations")):
            cf = f.sub("citations", craw, j)
            key = cf.str("source", required=True)
            if key not in references:
                raise cf.error(
                    "source",
                    f"cites {key!r}, which is not in references.bib",
                    did_you_mean(key, references) or "add the entry to references.bib or fix the key",
                    UnknownReference,
                )
            cue_type = cf.choice("cue_type", vocab.CUE_TYPES)
            cue = cf.str("cue")
            if cue_type != "implicit" and not cue:
                raise cf.error(
                    "cue",
                    f"a {cue_type} citation needs its cue",
                    "copy the words that point to the source, e.g. 'a 2021 study published in …'",
                )
            if cue:
                _check_cue(cf, "cue", text, cue, start, end, section)
            confidence = cf.number("confidence")
            confidence = 1.0 if confidence is None else float(confidence)
            if not 0 <= confidence <= 1:
                raise cf.error("confidence", f"{confidence} is not between 0 and 1", "write a number from 0 to 1")
            basis = cf.str("basis")
            if cue_type == "implicit" and not basis:
                raise cf.error(
                    "basis",
                    "an implicit link needs a basis",
                    "say why the source is linked although the text gives no cue",
                )
            mismatch = cf.str_list("mismatch")
            if mismatch and cue_type == "implicit":
                raise cf.error(
                    "mismatch",
                    "an implicit link has no cue to disagree with its source",
                    "delete mismatch, or give the cue and its cue_type",
                )
            citations.append(
                Citation(
                    key,
                    cf.choice("intent", vocab.CITO_INTENTS),
                    cue_type,
                    cue,
                    confidence,
                    basis,
                    Where(path, cf.line),
                    mismatch,
                )
            )
            cf.done()
        discrepancies = []
        for j, draw in enumerate(f.list("discrepancies")):
            df = f.sub("discrepancies", draw, j)
            key = df.str("source", required=True)
            if key not in references:
                raise df.error(
                    "source",
                    f"{key!r} is not in references.bib",
                    did_you_mean(key, references) or "use a BibTeX key",
                    UnknownReference,
                )
            discrepancies.append(
                Discrepancy(
                    key,
                    df.str("source_says", required=True),
                    df.str("note"),
                    df.ref("recorded_by", agents, AGENT, AGENT_WHERE),
                    Where(path, df.line),
                )
            )
            df.done()
        draft = None
        if f.has("draft"):
            gf = f.sub("draft", f.raw("draft"))
            confidence = gf.number("confidence", required=True)
            if not 0 <= confidence <= 1:
                raise gf.error("confidence", f"{confidence} is not between 0 and 1", "write a number from 0 to 1")
            draft = DraftInfo(float(confidence), gf.str_list("rules"), gf.str_list("review"), Where(path, gf.line))
            gf.done()
        else:
            f.raw("draft")
        claims.append(
            Claim(
                id=cid,
                types=types,
                quote=quote,
                text=f.str("text", required=True),
                start=start,
                end=end,
                about=about,
                statistics=statistics,
                attribution=attribution,
                citations=citations,
                discrepancies=discrepancies,
                ambiguities=f.str_list("ambiguities"),
                section=section.id if section else None,
                where=Where(path, f.line),
                draft=draft,
            )
        )
        f.done()
    return claims
