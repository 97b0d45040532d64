"""Draft an article: run every step on one input and assemble the claims, people, sources and sections.

``draft_article`` returns a ``Draft`` (plain data); ``kg.ingest.draft.write_draft`` turns it into the curated files.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.dataset.bib import iri_problem
from kg.errors import IngestError
from kg.ingest.attribution import (
    AttributionDraft,
    People,
    PersonDraft,
    attribute,
    find_people,
    names_a_speaker,
    person_id,
    quotations,
)
from kg.ingest.classify import classify
from kg.ingest.linking import (
    MAX_INLINE_LINKS,
    REVIEW_THRESHOLD,
    InlineLink,
    Link,
    Linker,
    bare_links,
    find_markers,
    in_later_clause,
    inline_links,
)
from kg.ingest.markup import Converted, convert, detect_kind
from kg.ingest.metadata import (
    PageMeta,
    dated_file_name,
    dated_in_text,
    dated_title,
    dateline,
    reads_as_title,
    split_front_matter,
    wire_credit,
)
from kg.ingest.names import PERSON_LINE
from kg.ingest.quantities import Quantity, find_quantities
from kg.ingest.references import (
    ParsedReference,
    fold,
    looks_like_organisation,
    parse_reference_list,
)
from kg.ingest.segment import (
    BOILERPLATE_LINES,
    DATE_LINE,
    Block,
    Document,
    SectionDraft,
    Sentence,
    make_sections,
    mark_quoted,
    published_date,
    segment,
    sentences_of,
    slugify,
)
from kg.util.safe import url_problem
from kg.util.text import drop_repeated_blocks, find_many, line_of

#: The largest page ingest reads, in bytes of the file as saved: room for a news site's page saved with its
#: inline scripts, styles and markup (a few MB), which the HTML reader drops in well under a second. Past it
#: the page is refused with a one-line error, read no further than the limit.
MAX_PAGE_BYTES = 5_000_000
#: The most article text ingest drafts from (characters, after the markup and repeated blocks are dropped).
#: The longest real articles are some 100 KB of text (a few hundred claims); 1 MB is ten times that, a
#: 170,000-word book: drafting time grows linearly with the text, text made to be slow included ("One one one
#: …": benchmarks/ingest_size.py measures it, the fuzz tests bound it). Past it the page is refused with a
#: one-line error.
MAX_TEXT_CHARS = 1_000_000
#: A "sentence" longer than this (a paragraph without full stops, a run of digits or markup) is not drafted as
#: a claim: no one quotes 2,000 characters as one statement, and every rule then works on sentences of bounded
#: length. Each one skipped is named in the draft's notes.
MAX_SENTENCE_CHARS = 2_000
#: A draft holds at most this many claims (real articles have a few hundred; no one reviews thousands) and a
#: claim at most this many statistics (real sentences state a handful): the rest are named in the draft, not
#: drafted. With the text limit they bound a draft's size, and so the time to write and check it.
MAX_CLAIMS = 2_000
MAX_STATISTICS = 20

#: statement verbs of organisations whose advice a claim relays on their authority
AUTHORITY_VERBS = re.compile(r"\b(?:advises?|advised|recommends?|recommended|urges?|guidelines?)\b", re.IGNORECASE)


@dataclass
class Citation:
    link: Link
    intent: str


@dataclass
class DraftClaim:
    id: str
    types: list[str]
    quote: str
    start: int
    end: int
    occurrence: int | None
    text: str
    statistics: list[Quantity]
    attribution: AttributionDraft | None
    agent_id: str | None
    citations: list[Citation]
    ambiguities: list[str]
    confidence: float
    rules: list[str]
    review: list[str]


@dataclass
class Draft:
    slug: str
    title: str
    description: str | None
    publisher_id: str
    published: str | None
    url: str | None
    text: str
    kind: str
    source_name: str
    notes: list[str]
    people: dict  # id -> PersonDraft
    organisations: dict[str, str]  # id -> name
    sections: list[SectionDraft]
    references: list[ParsedReference]  # written to references.bib
    claims: list[DraftClaim]
    bib_text: str | None = None  # a --refs file, copied as given
    unidentified: list[ParsedReference] = field(default_factory=list)  # no DOI, PMID, PMCID, ISBN or URL
    modified: str | None = None  # the page's last update (ISO), where its metadata gives one

    @property
    def review_count(self) -> int:
        return sum(len(c.review) for c in self.claims)


def draft_article(
    path: Path,
    *,
    refs: Path | None = None,
    url: str | None = None,
    slug: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
) -> Draft:
    path = Path(path)
    raw, decoded = read_page(path)
    raw = raw.lstrip("\ufeff")
    kind = detect_kind(path.name, raw)
    try:
        converted = convert(raw, kind)
    except RecursionError:  # the markup reader walks the element tree recursively
        raise IngestError(
            path,
            None,
            None,
            f"its {kind} markup is nested too deeply to read (over {sys.getrecursionlimit()} elements inside each other)",
            "save the article's text as plain text, or only its <article> element",
        ) from None
    text, removed = drop_repeated_blocks(converted.text)
    text = unicodedata.normalize("NFC", text)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            path,
            None,
            None,
            f"its article text is {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} ingest drafts from",
            "split the article into parts, or save only the article itself",
        )
    if not text.strip():
        raise IngestError(
            path, None, None, "no article text found", "check the file holds the article (for HTML, its body)"
        )
    doc = segment(text, converted.headings if kind != "text" else None, removed)
    mark_quoted(doc, converted.quoted)
    if url and (problem := url_problem(url) or iri_problem(url)):
        raise IngestError(
            None,
            None,
            "--url",
            f"{url!r} is not a web address ({problem})",
            "give the article's http(s) address, percent-encoding spaces and quotes",
        )
    dropped = None
    if not url and converted.url and (problem := url_problem(converted.url) or iri_problem(converted.url)):
        dropped, converted.url = f"The page's canonical address {converted.url!r} was left out: {problem}.", None
    links = _inline_links(raw, kind, doc, url or converted.url)
    draft = _assemble(
        path,
        doc,
        converted,
        refs=refs,
        url=url or converted.url,
        slug=slug,
        published=published,
        publisher=publisher,
        links=links,
    )
    if decoded:
        draft.notes.append(decoded)
    if dropped:
        draft.notes.append(dropped)
    return draft


def _inline_links(raw: str, kind: str, doc: Document, url: str | None) -> list[InlineLink]:
    """Links in the article's body to research records (kg.ingest.linking.inline_links): from the page's markup
    (Markdown rendered as the converter renders it), and addresses written out in the body's text."""
    from kg.ingest.linking import site_of

    site = site_of(url)
    listed = set(doc.reference_blocks) | ({doc.reference_heading} if doc.reference_heading is not None else set())
    outside = [(b.start, b.end) for b in doc.blocks if b.index in listed or b.line_start >= doc.body_end]
    found: list[InlineLink] = []
    if kind == "html":
        found = inline_links(raw, doc.text, site, outside)
    elif kind == "markdown":
        from markdown_it import MarkdownIt

        found = inline_links(
            MarkdownIt("commonmark", {"html": True}).render(split_front_matter(raw)[1]), doc.text, site, outside
        )
    for b in doc.blocks:
        if b.index not in listed and b.line_start < doc.body_end and "://" in doc.text[b.start : b.end]:
            found += bare_links(doc.text, b.start, b.end, site)
    return found


#: the character set a page declares for itself: <meta charset>, <meta http-equiv="Content-Type" content="…;
#: charset=…">, or an XML declaration's encoding (read from the page's first bytes, before it is decoded)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)


def decode_page(path: Path, data: bytes) -> tuple[str, str | None]:
    """(the page's text, a note for the draft or None). UTF-8 first (with or without its byte-order mark), then
    the character set the page declares; never a guess: a page that is neither is one line that says how to fix
    it."""
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # "Unicode" as Windows tools save it
        try:
            return _text_only(
                path, data.decode("utf-16")
            ), "The page is UTF-16 (it starts with its byte-order mark); it was read as such."
        except UnicodeDecodeError:
            raise IngestError(
                path, None, None, "starts with a UTF-16 byte-order mark but is not UTF-16", "save the article as UTF-8"
            ) from None
    try:
        return _text_only(path, data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        reason = exc.reason
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            codec = codecs.lookup(name).name
            return _text_only(
                path, data.decode(codec)
            ), f"The page is not UTF-8; it was read as {name}, the character set it declares."
        except (LookupError, UnicodeDecodeError):
            raise IngestError(
                path, None, None, f"not UTF-8 ({reason}), nor the {name!r} it declares", "save the article as UTF-8"
            ) from None
    raise IngestError(
        path, None, None, f"not UTF-8 ({reason}), and it declares no character set", "save the article as UTF-8"
    )


def _text_only(path: Path, text: str) -> str:
    """``text``, unless it holds a NUL character: no saved page, Markdown or text file does; an image, a PDF or a
    word-processor file does, and drafting one would turn its bytes into claims."""
    if "\x00" in text:
        sample = text[:4096]
        if sample.count("\x00") * 3 > len(sample):  # ASCII in UTF-16: every other character is a NUL
            raise IngestError(
                path,
                None,
                None,
                "looks like UTF-16 without a byte-order mark (every other byte is NUL)",
                "save the article as UTF-8",
            )
        raise IngestError(
            path,
            None,
            None,
            "is not a text file (it holds NUL bytes: an image, a PDF or a word-processor file?)",
            "save the article's page as HTML, Markdown or plain text and ingest that",
        )
    return text


def read_page(path: Path) -> tuple[str, str | None]:
    """The page's text and a note on how it was decoded; an ``IngestError`` if it is missing, larger than
    ``MAX_PAGE_BYTES``, or in no character set it states (see ``decode_page``)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)  # never more than the limit, whatever the file is
    except FileNotFoundError:
        raise IngestError(
            path, None, None, "file not found", "give the path of a saved article (.txt, .md or .html)"
        ) from None
    except OSError as exc:
        raise IngestError(
            path,
            None,
            None,
            f"cannot be read ({exc.strerror})",
            "give the path of a saved article (.txt, .md or .html)",
        ) from None
    if len(data) > MAX_PAGE_BYTES:
        raise IngestError(
            path,
            None,
            None,
            f"larger than the {MAX_PAGE_BYTES // 1_000_000} MB a page may be",
            "save only the article itself (its text or its <article> element), or split it into parts",
        )
    return decode_page(path, data)


def _assemble(
    path: Path, doc: Document, converted: Converted, *, refs, url, slug, published, publisher, links=()
) -> Draft:
    notes: list[str] = [
        f"Drafted by `ekg ingest` from {path.name} ({converted.kind}); every item below is a machine draft: review it before publishing the graph."
    ]
    if doc.removed:
        lines = ", ".join(str(r.start_line) for r in sorted(doc.removed, key=lambda r: r.start_line))
        notes.append(
            f"{len(doc.removed)} repeated block(s) dropped (kg.util.text.drop_repeated_blocks): copies at input line(s) {lines}."
        )
    body_blocks = [b for b in doc.blocks if b.line_start < doc.body_end]

    # with no heading, the first line is the title only if it reads as one (not a wire story's first paragraph)
    first_line = body_blocks[0] if body_blocks and reads_as_title(body_blocks[0].text) else None
    title_block = next((b for b in body_blocks if b.kind == "heading"), first_line)
    from_front_matter = converted.meta.origins.get("title", "").startswith("front matter")
    if (
        (kind_is_markup(converted) or from_front_matter)
        and converted.title
        and (
            title_block is None
            or title_block.kind != "heading"
            or (from_front_matter and not _same_title(title_block.text, converted.title))
        )
    ):
        # The page's metadata names the title and no heading of the body is it: the first paragraph is text.
        title = converted.title
        title_block = None
    else:
        title = title_block.text.strip() if title_block else (converted.title or path.stem)
        if not title_block and not converted.title:
            notes.append(
                f"No title found (no heading, title line or metadata gives one): the file's name {path.stem!r} "
                "stands for it; set title: in article.yaml."
            )
    description = converted.description or _description(body_blocks, title_block)

    date, date_basis = _published(published, converted, doc, path, title)
    notes += converted.meta.notes
    if date:
        notes.append(f"Published {date}: {date_basis}.")
    else:
        notes.append(
            "No publication date found (no front matter, metadata or dated line gives one): the audit cannot "
            "check the sources' age against it; add published: YYYY-MM-DD to article.yaml."
        )
    if converted.meta.modified:
        notes.append(
            f"Last updated {converted.meta.modified} (the page's {converted.meta.origins.get('modified', 'metadata')})."
        )
    skip = set(doc.reference_blocks) | ({doc.reference_heading} if doc.reference_heading is not None else set())
    people = find_people(doc, skip)
    notes += _people_from_metadata(people, converted.meta)

    organisations: dict[str, str] = {}
    by_folded: dict[str, str] = {}  # fold(name) -> id of the first organisation of that name

    def org_id(name: str) -> str:
        folded = fold(name)
        if folded in by_folded:
            return by_folded[folded]
        oid = slugify(name, 6, "organisation")
        base, n = oid, 2
        while oid in organisations:
            oid, n = f"{base}-{n}", n + 1
        organisations[oid] = name
        by_folded[folded] = oid
        return oid

    publisher_name, publisher_basis = _publisher(publisher, converted, doc, people, url)
    publisher_id = org_id(publisher_name)
    notes.append(f"Publisher {publisher_name!r}: {publisher_basis}.")
    for person in people.people.values():
        if person.affiliation:
            org_id(person.affiliation)
        elif publisher_name and publisher_name in f"{person.bio or ''} {person.job_title or ''}":
            person.affiliation = publisher_name

    # the sentences that become claims
    excluded_blocks = skip | people.consumed
    if title_block is not None:
        excluded_blocks.add(title_block.index)
    sentences: list[Sentence] = []
    too_long: list[int] = []  # lines of the sentences too long to be claims
    stopped_at = None  # where MAX_CLAIMS was reached
    line, counted = 1, 0
    for block in body_blocks:
        if block.index in excluded_blocks or _not_a_claim(block, description):
            continue
        pieces = (
            [Sentence(block.start, block.end, block.text, block.index)]
            if block.kind == "heading"
            else sentences_of(doc, block)
        )
        for s in pieces:
            if s.end - s.start > MAX_SENTENCE_CHARS:
                line, counted = line + doc.text.count("\n", counted, s.start), s.start
                too_long.append(line)
                continue
            if block.kind == "heading" and not find_quantities(doc.text, s.start, s.end):
                continue
            if block.kind == "paragraph" and _fragment(s.text) and not find_quantities(doc.text, s.start, s.end):
                continue
            if (
                s.text.rstrip("”\"’' ").endswith("?")
                and not find_quantities(doc.text, s.start, s.end)
                and not names_a_speaker(s.text)
                and not _quoted_speech(doc, block, s)
            ):
                continue  # a question asks; it claims nothing (but a named speaker's question is their statement)
            if len(sentences) == MAX_CLAIMS:
                stopped_at = s.start
                break
            sentences.append(s)
        if stopped_at is not None:
            break
    if stopped_at is not None:
        notes.append(
            f"Only the first {MAX_CLAIMS:,} claims were drafted: the sentences from article.txt line {line_of(doc.text, stopped_at)} on were not (split the article to draft them)."
        )

    if too_long:
        shown = ", ".join(str(n) for n in too_long[:10]) + (
            f" and {len(too_long) - 10} more" if len(too_long) > 10 else ""
        )
        notes.append(
            f"{len(too_long)} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters were not drafted as claims: article.txt line(s) {shown}."
        )

    attributions, attribution_review = attribute(doc, sentences, people, dict(organisations))

    # references
    bib_text = None
    if refs is not None:
        references, bib_text = _references_from_bib(refs)
        if doc.reference_blocks:
            notes.append(
                f"The article's own reference list ({len(doc.reference_entries)} entries) was not parsed: references come from {Path(refs).name}."
            )
    else:
        references = parse_reference_list(doc.reference_lines(), converted.entries)
    # Every entry is a source, whatever it carries (issue 19): one with no identifier is one by its fingerprint.
    unidentified = [r for r in references if not (r.doi or r.url or r.pmid or r.pmcid or r.isbn)]
    for ref in references:
        for dropped in ref.dropped:
            label = f"reference {ref.number}" if ref.number else f"reference {ref.key}"
            notes.append(
                f"{label}: its {dropped} is not a valid identifier, so it was left out (it stays in the verbatim text): check it."
            )
    for ref in unidentified:
        label = f"reference {ref.number}" if ref.number else "a reference"
        notes.append(
            f"{label} ({ref.verbatim[:80]}…) prints no DOI, PubMed ID, ISBN or URL: it is a source by its "
            "author, year and title; add an identifier so that a reader can find it."
        )
    for ref in references:
        if not ref.title:
            label = f"reference {ref.number}" if ref.number else "a reference"
            notes.append(f"{label}: no title could be read from ({ref.verbatim[:80]}…); it is kept verbatim.")
    writable = references
    linker = Linker(references)
    # links in the text to research records (not to a --refs file's list, which is copied as given)
    inline_added = linker.add_inline(links, doc.text) if refs is None else []
    if len(links) >= MAX_INLINE_LINKS:
        notes.append(
            f"Only the first {MAX_INLINE_LINKS} links of the page to research records were read as sources: cite "
            "the works of later links by hand."
        )
    numbered = {r.number for r in references if r.number is not None}

    # claims
    doc.sections = make_sections(doc, title_block.index if title_block else None)
    # people consumed as expert-box lines are not section headings
    block_at: dict[int, Block] = {}
    for b in doc.blocks:
        block_at.setdefault(b.start, b)
    doc.sections = [s for s in doc.sections if not (s.start in block_at and block_at[s.start].index in people.consumed)]
    section_starts = [s.start for s in doc.sections]
    red_flag_items = _first_lists(doc, body_blocks)
    claims: list[DraftClaim] = []
    used_ids: set[str] = set()
    quoted_people: set[str] = set()
    for index, s in enumerate(sentences):
        block = doc.blocks[s.block]
        sentence_text = doc.text[s.start : s.end]
        review: list[str] = []
        rules: list[str] = []
        confidences: list[float] = []
        ambiguities: list[str] = []

        attribution = attributions.get(index)
        agent_id = None
        if attribution is not None:
            agent_id = _agent_id(attribution, people, org_id)
            if attribution.confidence >= REVIEW_THRESHOLD and agent_id is not None:
                rules.append(
                    f"attribution {agent_id} ({attribution.confidence:.2f}, {attribution.rule}): {attribution.basis}"
                )
                confidences.append(attribution.confidence)
            else:
                review.append(
                    f"possible attribution to {attribution.agent.ref} ({attribution.confidence:.2f}, {attribution.rule}): {attribution.basis}; not attached"
                )
                attribution, agent_id = None, None
        for note in attribution_review.get(index, []):
            (ambiguities if note.startswith("vague") else review).append(note)

        start, end = attribution.content if attribution is not None else (s.start, s.end)
        quote = doc.text[start:end]
        markers = find_markers(doc.text, s.start, s.end, numbered)
        org_cues = []
        if attribution is not None and attribution.agent.kind == "organisation":
            org_cues.append((attribution.agent.ref, attribution.cue, attribution.cue_start, attribution.cue_end))
        links, link_review = linker.link(doc.text, s.start, s.end, org_cues)
        links = links or linker.inherited(doc, block)
        review += link_review
        excluded = [(m.start, m.end) for m in markers] + [
            (link.start, link.end) for link in links if link.rule in ("study-cue", "author-year")
        ]
        quantities = [
            q for q in find_quantities(doc.text, s.start, s.end, excluded) if start <= q.start and q.end <= end
        ]
        if len(quantities) > MAX_STATISTICS:
            review.append(
                f"{len(quantities) - MAX_STATISTICS} more figures after '{quantities[MAX_STATISTICS - 1].stated_as}' were not drafted (at most {MAX_STATISTICS} per claim)"
            )
            quantities = quantities[:MAX_STATISTICS]
        for q in quantities:
            rules.append(f"statistic '{q.stated_as}' ({q.confidence:.2f}, {q.rule})")
            confidences.append(q.confidence)
            if q.confidence < REVIEW_THRESHOLD:
                review.append(f"statistic '{q.stated_as}' ({q.confidence:.2f}, {q.rule}): check its value and unit")

        before = bisect_right(section_starts, s.start)
        section = doc.sections[before - 1].title if before else ""
        typing = classify(
            sentence_text,
            quantities=quantities,
            person_attribution=attribution is not None and attribution.agent.kind == "person",
            section_title=section,
            is_item=block.index in red_flag_items,
            publisher=publisher_name,
        )
        rules = [f"type {r}" for r in typing.rules] + rules
        confidences.append(typing.confidence)

        citations: list[Citation] = []
        figures = [(q.start, q.end) for q in quantities]
        for link in links:
            if link.attached and in_later_clause(doc.text, s.start, s.end, link, figures):
                review.append(
                    f"the link '{link.cue}' ({link.key}) stands in a clause joined after the figures: it sources that "
                    "clause, not them; not attached (cite it by hand if the figures come from it)"
                )
            elif link.attached:
                citations.append(Citation(link, _intent(link, quantities, attribution)))
                rules.append(f"citation {link.key} ({link.confidence:.2f}, {link.rule}): {link.basis}")
                confidences.append(link.confidence)
            else:
                review.append(
                    f"possible source {link.key} ({link.confidence:.2f}, {link.rule}): {link.basis}; cue '{link.cue}'; not attached"
                )
        if quantities and not citations and claims and claims[-1].end <= s.start:
            # a figure right after a sentence that links a research record: maybe its source, never linked unasked
            previous = claims[-1]
            if "\n" not in doc.text[previous.end : s.start]:
                for c in previous.citations:
                    if c.link.rule == "inline-link":
                        review.append(
                            f"the sentence before links '{c.link.cue}' ({c.link.key}): if the figures here come from "
                            "it, cite it"
                        )

        if (
            attribution is not None
            and agent_id is not None
            and attribution.agent.kind == "person"
            and attribution.rule != "first-person"
        ):
            quoted_people.add(agent_id)  # (the author writing in the first person is not quoted)
        cid = _claim_id(quote, used_ids)
        claims.append(
            DraftClaim(
                id=cid,
                types=typing.types,
                quote=quote,
                start=start,
                end=end,
                occurrence=None,
                text=_statement(doc.text, start, end, [(m.start, m.end) for m in markers]),
                statistics=quantities,
                attribution=attribution,
                agent_id=agent_id,
                citations=citations,
                ambiguities=ambiguities,
                confidence=round(min(confidences), 2),
                rules=rules,
                review=review,
            )
        )

    if inline_added:
        writable = _inline_sources(inline_added, linker, claims, references, notes)

    # a quote that stands more than once in the text says which occurrence it is, counted as the loader counts
    occurrences = find_many(doc.text, [c.quote for c in claims])
    for claim in claims:
        starts = occurrences[claim.quote]
        claim.occurrence = starts.index(claim.start) + 1 if len(starts) > 1 else None

    for pid in quoted_people:
        person = people.people[pid]
        if "quoted-expert" not in person.roles:
            person.roles.insert(0, "quoted-expert")
    for person in people.people.values():
        notes.append(f"Person {person.id} ({person.confidence:.2f}): {person.basis}.")

    slug = _slug(slug, url, path)
    return Draft(
        slug=slug,
        title=title,
        description=description,
        publisher_id=publisher_id,
        published=date,
        modified=converted.meta.modified,
        url=url,
        text=doc.text,
        kind=converted.kind,
        source_name=path.name,
        notes=notes,
        people=people.people,
        organisations=organisations,
        sections=doc.sections,
        references=writable,
        claims=claims,
        bib_text=bib_text,
        unidentified=unidentified,
    )


def _inline_sources(
    added: list[ParsedReference], linker: Linker, claims: list[DraftClaim], references: list, notes: list[str]
) -> list[ParsedReference]:
    """The reference list with the sources made from links in the text that a claim cites; a link no claim cites
    (its sentence is a heading, a question or a fragment, not drafted) is named in the notes instead."""
    cited = {c.link.key for claim in claims for c in claim.citations}
    anchors = {key: link for link, key in linker.inline}
    for ref in added:
        link = anchors[ref.key]
        if ref.key in cited:
            notes.append(
                f"The text links '{link.anchor}' to {link.kind} ({link.href}): a source ({ref.key}), cited by the "
                "sentence that links it (rule inline-link); give it its title, authors and year."
            )
        else:
            notes.append(
                f"The text links '{link.anchor}' to {link.kind} ({link.href}) where no claim was drafted: not made a "
                "source; cite it by hand if a claim rests on it."
            )
    dropped = {ref.key for ref in added if ref.key not in cited}
    return [r for r in references if r.key not in dropped]


def _same_title(heading: str, title: str) -> bool:
    """Whether a heading is the title the metadata gives ("Shin Splints" for "Shin Splints | Example Clinic"),
    not a section heading that shares words with it ("Treatment" in "Causes and Treatment")."""
    heading, title = fold(heading), fold(title)
    return heading == title or (title.startswith(heading) and len(heading) >= 0.6 * len(title))


def kind_is_markup(converted: Converted) -> bool:
    return converted.kind in ("html", "markdown")


def _first_lists(doc: Document, blocks: list[Block]) -> set[int]:
    """List items of the first list of each section (the items after its heading and lead-in paragraph):
    under "When to See a Doctor" those are the warning signs; later lists of the section are not."""
    first: set[int] = set()
    state = "other"  # after a heading: "heading" -> "lead-in" -> "list" -> "other"
    for block in blocks:
        if block.kind == "heading":
            state = "heading"
        elif block.kind in ("item", "numbered"):
            if state in ("heading", "lead-in", "list"):
                first.add(block.index)
                state = "list"
        else:
            state = "lead-in" if state == "heading" else "other"
    return first


def _not_a_claim(block: Block, description: str | None) -> bool:
    text = block.text.strip()
    return bool(
        BOILERPLATE_LINES.match(text)
        or DATE_LINE.match(text)
        or re.match(r"^\s*(?:published|posted|updated|last updated)\b.*\d{4}\s*$", text, re.IGNORECASE)
        or (description and text == description.strip())
        or PERSON_LINE.match(text)
    )


def _quoted_speech(doc: Document, block: Block, s: Sentence) -> bool:
    """Whether a sentence stands inside quotation marks in a paragraph that names who speaks: a speaker's
    (rhetorical) question, theirs to answer for like the rest of the quotation."""
    if not names_a_speaker(block.text[: MAX_SENTENCE_CHARS * 2]):
        return False
    inside = sum(
        min(b, s.end) - max(a, s.start)
        for a, b in quotations(doc.text, block.start, block.end)
        if a < s.end and b > s.start
    )
    return inside * 2 >= s.end - s.start


def _fragment(text: str) -> bool:
    """A caption, a button label, a menu entry or a lead-in ("They include:"): short, without a full stop."""
    stripped = text.strip()
    return len(stripped.split()) < 8 and stripped[-1:] not in '.!?”"'


def _description(blocks: list[Block], title_block: Block | None) -> str | None:
    """A standfirst: a short paragraph right after the title, followed by the date or byline line."""
    if title_block is None:
        return None
    following = [b for b in blocks if b.index > title_block.index][:2]
    if len(following) < 2 or following[0].kind != "paragraph" or len(following[0].text) > 300:
        return None
    first, second = following[0].text.strip(), following[1].text.strip()
    if DATE_LINE.match(first) or BYLINE_OR_DATE.match(first):
        return None
    return first if (DATE_LINE.match(second) or BYLINE_OR_DATE.match(second)) else None


BYLINE_OR_DATE = re.compile(
    r"^\s*(?:published|posted|updated|last updated|by|written by|(?:medically )?reviewed by)\b", re.IGNORECASE
)


def _published(
    given: str | None, converted: Converted, doc: Document, path: Path, title: str = ""
) -> tuple[str | None, str]:
    """(ISO date or None, where it came from). A missing date never stops an ingest: the draft builds without
    one, and its notes and the audit say what could not be checked."""
    import datetime as dt

    if given:
        try:
            return dt.date.fromisoformat(given[:10]).isoformat(), "given with --published"
        except ValueError:
            raise IngestError(
                path, None, "published", f"{given!r} from --published is not a date", "give --published YYYY-MM-DD"
            ) from None
    metadata = converted.published, f"from the page's {converted.meta.origins.get('published', 'metadata')}"
    if converted.published and not converted.meta.published_weak:  # checked to be a real date by kg.ingest.metadata
        return metadata
    found = published_date(doc.blocks)
    if found:
        return found[0], f"from the line {found[1].strip()!r}"
    opening = dateline([b.text for b in doc.blocks[:25]])
    if opening:  # a dated line of the article, as a "Published …" line is: it outranks a generic date tag
        return opening[0], f"from the dateline or issue line {opening[1]!r}"
    if converted.published:
        return metadata
    named = dated_file_name(path.name)
    if named:
        return named, f"from the file's name {path.name!r} (a dated post's name): check it"
    today = dated_in_text(doc.text)
    if today:
        return today[0], f"from {today[1]!r} in the text (a news release's own date): check it"
    titled = dated_title(title)
    if titled:
        return (
            titled,
            f"from the date that ends the title {title!r} (a dated report's, nothing else dates it): check it",
        )
    return None, ""


def _people_from_metadata(people: People, meta: PageMeta) -> list[str]:
    """Authors and reviewers that the page's metadata names (front matter, JSON-LD, citation_author) become
    people of the draft, with the role it gives them, unless the text introduced them already."""
    notes = []
    for role, names, origin in (
        ("author", meta.authors, meta.origins.get("authors", "")),
        ("medical-reviewer", meta.reviewers, meta.origins.get("reviewers", "")),
    ):
        for raw in names[:20]:
            name, _, rest = raw.partition(",")
            name = " ".join(name.split())
            credentials = (
                rest.strip()
                if re.fullmatch(r"[A-Z][A-Za-z.]{0,10}(?:,? [A-Z][A-Za-z.]{0,10}){0,5}", rest.strip())
                else None
            )
            if not re.search(r"[A-Za-z]", name) or len(name) > 80:
                continue
            known = next((p for p in people.people.values() if fold(p.name) == fold(name)), None)
            if known is None:
                pid = person_id(name, people.people)
                known = PersonDraft(pid, name, credentials, basis=f"named in the page's {origin}")
                people.people[pid] = known
            if role not in known.roles:
                known.roles.append(role)
            notes.append(f"{known.name} is the article's {role.replace('-', ' ')} (the page's {origin}).")
    return notes


def _publisher(
    given: str | None, converted: Converted, doc: Document, people: People, url: str | None
) -> tuple[str, str]:
    if given:
        return given, "given with --publisher"
    if converted.publisher:
        return converted.publisher, f"from the page's {converted.meta.origins.get('publisher', 'metadata')}"
    agency = wire_credit([b.text for b in doc.blocks[:3]])
    if agency:
        return agency, f"the wire service the story's dateline credits ('({agency}) -'); confirm it"
    body = doc.text[: doc.body_end]
    affiliations = Counter(p.affiliation for p in people.people.values() if p.affiliation)
    for name, _ in affiliations.most_common():
        # an expert's employer is the publisher only if the article keeps naming it (a brand's own experts)
        if body.count(name) >= 3:
            return (
                name,
                f"the organisation the article's experts work at ('at {name}'), mentioned {body.count(name)} times; confirm it",
            )
    names = Counter(
        m.group()
        for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3}\b", body, re.MULTILINE)
        if looks_like_organisation(m.group())
    )
    if names:
        name, count = names.most_common(1)[0]
        if count >= 3:
            return name, f"the organisation named most often in the text ({count} times); confirm it"
    if url:
        host = re.sub(r"^www\.", "", re.sub(r"^https?://", "", url).split("/")[0])
        return host, "the host name of --url; give --publisher for the real name"
    return "Unknown publisher", "not found in the article: set it (or give --publisher)"


def _agent_id(attribution: AttributionDraft, people: People, org_id) -> str | None:
    if attribution.agent.kind == "person":
        return attribution.agent.ref if attribution.agent.ref in people.people else None
    return org_id(attribution.agent.ref)


def _intent(link: Link, quantities: list[Quantity], attribution: AttributionDraft | None) -> str:
    if link.cue_type == "organisation" and attribution is not None and AUTHORITY_VERBS.search(attribution.cue):
        return "citesAsAuthority"
    if quantities:
        return "citesAsDataSource"
    return "citesAsEvidence"


def _claim_id(quote: str, used: set[str]) -> str:
    base = slugify(quote, 6, "claim")
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    used.add(cid)
    return cid


def _statement(text: str, start: int, end: int, markers: list[tuple[int, int]]) -> str:
    """The claim as a plain statement: its quote without citation markers and quote marks, as a sentence."""
    pieces, cursor = [], start
    for a, b in sorted(markers):
        if start <= a and b <= end:
            pieces.append(text[cursor:a])
            cursor = b
    pieces.append(text[cursor:end])
    text = re.sub(r"[“”\"]", "", "".join(pieces))
    text = re.sub(r"(?<!\s)\s+([.,;:!?])", r"\1", text)  # (not from inside a run of spaces: linear)
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?":
        text += "."
    return text


def _slug(slug: str | None, url: str | None, path: Path) -> str:
    if slug:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise IngestError(
                None, None, "--slug", f"{slug!r} is not a slug", "use lower-case letters, digits and hyphens"
            )
        return slug
    if url:
        last = [p for p in re.sub(r"[?#].*$", "", url).rstrip("/").split("/") if p][-1:]
        if last and "." not in last[0]:
            return slugify(last[0].replace("_", "-"), 10, "article")
    return slugify(path.stem.replace("_", "-"), 10, "article")


def _ref_label(ref: ParsedReference) -> str:
    if ref.number:
        return f"reference {ref.number}"
    text = ref.verbatim if len(ref.verbatim) <= 60 else ref.verbatim[:60].rsplit(" ", 1)[0] + " …"
    return f"'{text}'"


def _references_from_bib(path: Path) -> tuple[list[ParsedReference], str]:
    """References from a BibTeX file (checked by the loader's own parser), for linking; the file is copied as is."""
    from kg.dataset.bib import parse_bibtex

    path = Path(path)
    parsed = parse_bibtex(path)
    refs = []
    for key, ref in parsed.items():
        refs.append(
            ParsedReference(
                verbatim=ref.verbatim or ref.title,
                number=ref.number,
                authors=ref.authors,
                year=ref.year,
                title=ref.title,
                journal=ref.fields.get("journal"),
                organisation=ref.fields.get("organization") or ref.fields.get("publisher"),
                doi=ref.doi,
                url=ref.url,
                key=key,
            )
        )
    return refs, path.read_text(encoding="utf-8")
