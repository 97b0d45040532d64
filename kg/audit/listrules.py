"""Rules on the reference list as printed, and on cues against the entries they point to (issue 20).

Registered in ``kg.audit.rules``' table as the module is imported (``kg.audit.catalog`` imports it). Each reads
an entry's printed text with the pure functions of ``kg.audit.entries``, so each check is tested on real entries.
Entries (``kg.audit.rules.printed_entries``) are those of the draft's list and, where the text prints references
the draft did not read (``kg.audit.page``), those printed entries too (subject ``ref N (printed)`` or ``printed
line``), so that a list ingest missed is still audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.audit import entries, page, refs
from kg.audit.facts import ArticleFact, ReferenceFact
from kg.audit.model import Finding, Subject
from kg.audit.rules import (
    Context,
    Printed,
    _venue_in_cue,
    cited_references,
    cited_sources,
    claim_finding,
    printed_entries,
    quote_marks,
    quoted,
    ref_name,
    ref_related,
    reference_finding,
    rule,
    sentence_start,
    stray_before_marker,
    title_first,
    unread_references,
)


@rule(
    "ref-access-date",
    "Read before the version it cites",
    "warning",
    "An entry that says it was read (accessed, retrieved, cited) before the date of the version it cites: a "
    "revision date or a year of publication after the date of access. The version read is not the one cited.",
)
def ref_access_date(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for entry in printed_entries(article):
            conflict = entries.access_conflict(entry.text)
            if conflict:
                message, highlight = conflict
                yield entry.finding(
                    "ref-access-date",
                    "warning",
                    f"{sentence_start(entry.name())}: {message}",
                    "Give the date of the version you read, and the date you read it (read the page again if it changed).",
                    highlight,
                )


@rule(
    "ref-punctuation",
    "Slip of punctuation in an entry",
    "info",
    "A doubled full stop ('et al. . Title'), a space before a punctuation mark ('et al. ;', '2018 .'), 'no, 9' "
    "for 'no. 9', Vancouver names with no comma before 'et al.', 'Id,' for the short form 'Id.', one author list "
    "that writes initials both with and without a full stop ('Roenneberg T., Daan S'), or a full stop between a "
    "title and its bracketed part ('Hot Spot Analysis. (Getis-Ord GI*)'). In the text itself: a quotation that "
    "opens with a straight mark and closes with a curly one ('\"We know … know best,”'), or the other way round, "
    "whose bounds (and so whose words they are) a reader or ingest may take amiss. And a stray dash between a "
    "sentence's full stop and its numbered marker ('carrying the YF virus.-[1]'). Style: info.",
)
def ref_punctuation(ctx: Context) -> Iterator[Finding]:
    yield from quote_marks(ctx)
    yield from stray_before_marker(ctx)
    for article in ctx.articles:
        for entry in printed_entries(article):
            slips = entries.punctuation_slips(entry.text)
            if slips:
                shown = "; ".join(f"{what} ({quoted(where, 50)})" for what, where in slips[:3])
                yield entry.finding(
                    "ref-punctuation",
                    "info",
                    f"{sentence_start(entry.name())} has {shown}.",
                    "Correct the punctuation (the style's own: 'Surname AB, et al. Title.').",
                    slips[0][1],
                )


def _author_spelt_two_ways(article: ArticleFact) -> Iterator[Finding]:
    """An author printed in one entry only, whose surname (five letters or more) two other entries or more print,
    with the same first initial, with one letter more ('Teisser A' beside 'Teissier A' twice): one person spelt two
    ways, and a search by the misspelt name misses the work. The spelling the list prints more often is taken for the
    right one."""
    from rapidfuzz.distance import Levenshtein

    def surname_and_initial(name: str) -> tuple[str, str]:  # "Teissier, A." -> ("Teissier", "A")
        surname, _, given = name.partition(",")
        return surname.strip(), "".join(w[0] for w in re.findall(r"[A-Za-z]+", given))[:1].upper()

    spelt: dict[tuple[str, str], set[str]] = {}  # (surname, first initial) -> entry IRIs that print it
    for ref in article.references:
        for name in ref.source.authors:
            key = surname_and_initial(name)
            if len(key[0]) >= 5 and key[1]:
                spelt.setdefault(key, set()).add(ref.iri)
    for ref in article.references:
        for name in ref.source.authors:
            key = surname_and_initial(name)
            if len(spelt.get(key, ())) != 1:
                continue
            other = next(
                (
                    s
                    for (s, i), where in spelt.items()
                    if i == key[1]
                    and ref.iri not in where
                    and len(where) >= 2
                    and len(s) == len(key[0]) + 1
                    and Levenshtein.distance(s.lower(), key[0].lower()) == 1
                ),
                None,
            )
            if other:
                yield reference_finding(
                    "ref-authors",
                    "warning",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints the author {quoted(key[0])}, whom {len(spelt[(other, key[1])])} "
                    f"other entries of the list print as {quoted(other)}: one person spelt two ways, and a search by "
                    "the misspelt name misses the work.",
                    f"Check the name against the work; if it is {other}, print it so.",
                    highlight=key[0],
                )


@rule(
    "ref-authors",
    "Author list a reader cannot use",
    "warning",
    "A first author given by surname alone ('Chang et al.', no initials, no co-author), a bare surname among "
    "Vancouver names, or the names running into the title with no full stop. Software cited by its title with no "
    "author ('R: a language and environment …', where R's own citation names the R Core Team) is info. On the "
    "article: a list of three entries or more none of which names an author, each opening with its title (every "
    "standard style, Vancouver, APA, AMA, Harvard, opens an entry with its authors, a person or a body, and puts the "
    "title first only for the odd work that has none): no entry can be checked against a cue that names its author, "
    "nor told apart from a work of the same title. Also an author printed in one entry with a letter dropped from the "
    "surname that two other entries or more print for the same initial ('Teisser A' beside 'Teissier A' twice).",
)
def ref_authors(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        yield from _authorless_list(article)
        yield from _author_spelt_two_ways(article)
        for ref in article.references:
            source, text = ref.source, refs.fold(ref.verbatim or "")
            title = refs.fold(source.title or "")
            if (
                ref.verbatim
                and not source.authors
                and len(title) >= 12
                and text.startswith(title[:40])
                and refs.software(ref.verbatim)
            ):
                yield reference_finding(
                    "ref-authors",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} cites software by its title: it names no author (software is cited "
                    "with the author its own citation gives, such as 'R Core Team').",
                    "Put the software's author before the title, as its citation gives it (R: 'R Core Team').",
                )
        for entry in printed_entries(article):
            for what, name in entries.author_defects(entry.text):
                yield entry.finding(
                    "ref-authors",
                    "warning",
                    f"In {entry.name()}, {what}.",
                    "Give each author as the style asks (surname and initials: 'Chang JT, Morton SC, et al.'), and end "
                    "the list with a full stop before the title.",
                    name,
                )


def _authorless_list(article: ArticleFact) -> Iterator[Finding]:
    """ref-authors' warning on a list none of whose entries (three or more) names an author: each opens with its
    title as printed, so the reader left out no author it could not read."""
    listed = [r for r in article.references if r.verbatim]
    if len(listed) < 3 or any(r.source.authors for r in listed):
        return
    if not all(title_first(r) for r in listed):
        return
    yield Finding(
        "ref-authors",
        "warning",
        Subject(article.iri, "article", article.slug, article.slug),
        f"The reference list gives no author for any entry: each of its {len(listed)} entries opens with its title, so "
        "none can be checked against a cue that names its author, nor told apart from another work of that title.",
        " | ".join(r.verbatim or "" for r in listed[:3]) + (" | …" if len(listed) > 3 else ""),
        "Give each entry its authors (or the body that wrote it), its year and its journal or publisher.",
        order=1_000_000,
    )


@rule(
    "ref-url",
    "Address copied with what followed it",
    "warning",
    "A URL that ends in an encoded space ('…/22205313%20'): the link was copied with the space after it, and "
    "some servers refuse it; one that ends in a stray '>' with no '<' before it; one cut at a space, its file name "
    "going on after it ('…-CT Division of Criminal Justice-TMY.PDF').",
)
def ref_url(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        printed = printed_entries(article)
        seen = " ".join(entry.text for entry in printed)
        urls = [(entry, entry.text) for entry in printed]
        for ref in article.references:  # the draft's URL, where the printed entry has none (a link's address)
            if ref.source.url and ref.source.url not in seen:
                urls.append(
                    (
                        Printed(
                            Subject(ref.iri, "reference", ref.label(), ref.article), ref.verbatim or "", ref, ref.number
                        ),
                        ref.source.url,
                    )
                )
        for entry, text in urls:
            for message, highlight in entries.url_defects(text):
                yield entry.finding(
                    "ref-url",
                    "warning",
                    f"{sentence_start(entry.name())}: {message}",
                    "Print the address whole and alone: nothing glued to its end (a '%20', a '>'), no "
                    "part of it left after a space.",
                    highlight,
                )


@rule(
    "ref-venue",
    "Journal named two ways in one list",
    "warning",
    "Two entries of one list print the same year and volume under names that differ by a letter or two "
    "('MMWR 2014;63' and 'MWMR 2014;63'): one is misspelt. Info: a journal or book series whose name a reader "
    "garbled: a Roman numeral title-cased ('Pt Ii' for 'Part II'), or an abbreviated word printed three times or "
    "more ('Prog En Urol J Assoc Fr Urol Société Fr Urol': the journal's abbreviation run into its society's name). "
    "A warning: a platform or database given where the journal should stand ('SAGE Journals', 'PubMed', "
    "'ScienceDirect', 'ResearchGate', 'Google Scholar'), or a PubMed Central or PubMed id as all an entry gives after "
    "its title ('… health problems. PMC3422397.'): a citation names the journal the work appeared in (NLM's Citing "
    "Medicine; APA 7 leaves the database out), so the journal, and with it what a reader checks the cue against, is "
    "missing.",
)
def ref_venue(ctx: Context) -> Iterator[Finding]:
    from rapidfuzz.distance import Levenshtein

    for article in ctx.articles:
        for ref in article.references:
            yield from _platform_venue(ref)
            if why := _garbled_venue(ref.source.journal, ref.verbatim):
                yield reference_finding(
                    "ref-venue",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints {why[0]}: {why[1]}; a reader searching for it as printed "
                    "may not find it.",
                    "Write the journal's or series' name as its publisher does (its NLM or ISO abbreviation, 'Part II').",
                    highlight=why[2],
                )
        located = [(entry, m) for entry in printed_entries(article) if (m := entries.nlm_locator(entry.text))]
        for entry, m in located:
            venue = m.group("venue")
            same = [
                o
                for e, o in located
                if e is not entry and (o.group("year"), o.group("volume")) == (m.group("year"), m.group("volume"))
            ]
            others = [o.group("venue") for o in same if o.group("venue") != venue]
            agreeing = [o for o in same if o.group("venue") == venue]
            near = [
                v for v in others if 0 < Levenshtein.distance(refs.fold(v), refs.fold(venue)) <= 2 and len(venue) >= 3
            ]
            # the odd one out is the misspelling: more entries print the other name than this one
            if near and len([v for v in others if v == near[0]]) > len(agreeing):
                yield entry.finding(
                    "ref-venue",
                    "warning",
                    f"{sentence_start(entry.name())} prints the journal as {quoted(venue)}, but {len([v for v in others if v == near[0]])} other "
                    f"entr{'ies' if len(others) > 1 else 'y'} of the same year and volume ({m.group('year')};{m.group('volume')}) print {quoted(near[0])}.",
                    f"Write the journal's name as {quoted(near[0])} if that is the journal.",
                    venue,
                )


def _platform_venue(ref: ReferenceFact) -> Iterator[Finding]:
    """ref-venue's warning on an entry whose venue is where the work was found, not the journal it appeared in."""
    named = [ref.source.journal, *sorted(ref.source.publishers)]
    if platform := next((p for p in map(entries.platform_venue, named) if p), None):
        yield reference_finding(
            "ref-venue",
            "warning",
            ref,
            f"{sentence_start(ref_name(ref))} gives {quoted(platform)} as its venue: that is a platform or database "
            "where the work is found, not the journal it appeared in.",
            "Name the journal the work appeared in, with its year, volume and pages (or the DOI).",
            highlight=platform,
        )
    elif (identifier := entries.identifier_as_venue(ref.verbatim or "", ref.source.title)) is not None:
        yield reference_finding(
            "ref-venue",
            "warning",
            ref,
            f"{sentence_start(ref_name(ref))} gives only a database id ({quoted(identifier)}) after its title, where "
            "the journal should stand: no journal, year, volume or pages.",
            "Name the journal the work appeared in, with its year, volume and pages; keep the id as its identifier.",
            highlight=identifier,
        )


#: a Roman numeral that a reader's title-casing lowered: "Pt Ii", "Vol Iii" (case-sensitive: "II" is right)
_TITLE_CASED_NUMERAL = re.compile(
    r"\b(?:Pt|Part|Vol|Volume|Book|Section)\.?\s{1,3}(I[ivx]{1,3}|V[i]{1,3}|X[iv]{1,3})\b"
)
#: a capitalised word of a journal's name (an abbreviation such as "Urol"; not "of", "the")
_WORD = re.compile(r"\b[A-Z][a-zà-ÿ]{1,11}\b")


def _garbled_venue(journal: str | None, verbatim: str | None) -> tuple[str, str, str] | None:
    """(what is printed, why it is garbled, the words to point at) for a journal or series name a reader garbled."""
    if numeral := _TITLE_CASED_NUMERAL.search(verbatim or ""):
        return (
            quoted(numeral.group(0)),
            f"the Roman numeral {quoted(numeral.group(1).upper())} title-cased",
            numeral.group(0),
        )
    words = _WORD.findall(journal or "")
    repeated = sorted({w for w in words if words.count(w) >= 3 and len(w) <= 6 and w not in ("The", "Of", "And")})
    if repeated:
        return (
            f"the journal as {quoted(journal or '')}",
            f"{quoted(repeated[0])} stands {words.count(repeated[0])} times, its abbreviation run into a subtitle or "
            "its society's name",
            journal or "",
        )
    return None


@lru_cache(maxsize=4096)
def _printed_journal(name: str) -> re.Pattern:
    """A journal's name as an entry prints it, in any case: its name, then its year or volume ("eLife 8 (August)",
    "Elife. 2020;9"). Compiled once per name, not once per name and entry."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?=[.,]?\s{{0,2}}\d)", re.IGNORECASE)


@rule(
    "ref-venue-case",
    "Journal spelt two ways in one list",
    "info",
    "Entries of one list print the same journal's name in different letter case ('Elife' in one, 'eLife' in the "
    "others): the odd one out is reported. And, once for the list, a journal it names both by its full name and by "
    "its initials ('British Medical Journal' and 'BMJ'), with every form it prints. Style: info.",
)
def ref_venue_case(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        # how each entry prints a journal of the list (the graph holds one name for a journal however its entries
        # spell it, and an entry the reader did not read as an article still prints it)
        names = sorted({r.source.journal for r in article.references if r.source.journal})
        printed: list[tuple[ReferenceFact, str, str]] = []
        for ref in article.references:
            text = refs.strip_identifiers(ref.verbatim or "")
            for name in names:
                if found := _printed_journal(name).search(text):
                    printed.append((ref, name, found.group(0)))
        for ref, name, spelling in printed:
            if refs.fold(name) != refs.fold(ref.source.journal or ""):
                continue  # another journal's name inside this entry
            same = [other for _, n, other in printed if refs.fold(n) == refs.fold(name)]
            rival = max(sorted(set(same)), key=same.count)
            if rival != spelling and same.count(rival) > same.count(spelling):
                yield reference_finding(
                    "ref-venue-case",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints the journal as {quoted(spelling)}; {same.count(rival)} other "
                    f"entr{'ies' if same.count(rival) > 1 else 'y'} of the list print {quoted(rival)}.",
                    f"Write the journal's name one way throughout ({quoted(rival)}, if that is the journal's own).",
                    highlight=spelling,
                )
        yield from _full_name_and_initials(article, printed)


def _full_name_and_initials(article: ArticleFact, printed: list[tuple[ReferenceFact, str, str]]) -> Iterator[Finding]:
    """One finding on the list where it names a journal both by its full name and by its initials ('British Medical
    Journal' and 'BMJ', 'Journal of the American Medical Association' and 'JAMA'): every form it prints, in the order
    of the list. Initials of at least three letters, the capitals of a name of at least three words, against a name
    the list prints as one word."""
    own = [
        (ref, name, spelling)
        for ref, name, spelling in printed
        if refs.fold(name) == refs.fold(ref.source.journal or "")
    ]
    short = {refs.fold(name).upper(): name for _, name, _ in own if " " not in refs.fold(name)}
    for full in sorted({name for _, name, _ in own if len(refs.fold(name).split()) >= 3}):
        initials = refs.acronym(full)
        if len(initials) < 3 or initials not in short:
            continue
        group = {refs.fold(full), refs.fold(short[initials])}
        forms = list(dict.fromkeys(spelling for _, name, spelling in own if refs.fold(name) in group))
        yield Finding(
            "ref-venue-case",
            "info",
            Subject(article.iri, "article", article.slug, article.slug),
            f"The list names one journal in {len(forms)} forms ({', '.join(quoted(f) for f in forms)}): by its full "
            "name and by its initials.",
            ", ".join(forms),
            "Write the journal's name one way throughout (its own title, or its NLM abbreviation).",
            highlight=forms[0],
        )


@rule(
    "ref-spelling",
    "A word of an entry looks misspelt",
    "info",
    "A word of an entry's title or journal found once in the article that is, with one letter left out or two "
    "swapped, a word the article uses at least twice ('Edwarsiella' among nine 'Edwardsiella', 'Rhytms' beside "
    "'rhythms'), or a doubled 'i' inside a word ('prelimiinary'). No dictionary: spelling conventions ('labeled', "
    "'tumour', 'oestrogen', 'centre') are let be. A reader searching for the title as printed may not find it. Info.",
)
def ref_spelling(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        if not article.references:
            continue
        # the body once and each entry once (the list printed in the text is not counted twice)
        counts = entries.word_counts(
            [(article.text or "")[: _list_start(article)], *(r.verbatim or "" for r in article.references)]
        )
        for ref in article.references:
            printed = f"{ref.source.title or ''} {ref.source.journal or ''}"
            slips = [(w, u) for w, u in entries.misspelt_words(printed, counts) if w in (ref.verbatim or w)]
            if not slips:
                continue
            shown = "; ".join(
                quoted(w) + (f" (the article elsewhere writes {quoted(u)})" if u else "") for w, u in slips
            )
            yield reference_finding(
                "ref-spelling",
                "info",
                ref,
                f"{sentence_start(ref_name(ref))} prints {shown}: it looks misspelt.",
                "Check the word against the work's own title or the journal's name, and correct it.",
                highlight=slips[0][0],
            )


#: a preprint server by name, or its DOI: bioRxiv and medRxiv (10.1101/ with a dated or six-digit suffix), arXiv,
#: Research Square, SSRN, Preprints.org
_PREPRINT = re.compile(
    r"\b(?:bioRxiv|medRxiv|arXiv|ChemRxiv|PsyArXiv|SocArXiv|Research\s?Square|SSRN|Preprints\.org)\b", re.IGNORECASE
)
_PREPRINT_DOI = re.compile(
    r"^10\.(?:1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6}(?:v\d)?$|48550/|21203/rs\.|2139/ssrn|20944/preprints)", re.IGNORECASE
)


@rule(
    "ref-preprint",
    "Preprint cited as evidence",
    "warning",
    "An entry that is a preprint (bioRxiv, medRxiv, arXiv, Research Square, SSRN; by its name or its DOI): not "
    "peer reviewed when cited. A warning where claims rest on it, info where none does.",
)
def ref_preprint(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        cited = cited_sources(article)
        for ref in article.references:
            source = ref.source
            server = _PREPRINT.search(f"{source.journal or ''} {refs.strip_identifiers(ref.verbatim or '')}")
            if not (server or (source.doi and _PREPRINT_DOI.match(source.doi))):
                continue
            claims = cited.get(source.iri, [])
            name = server.group(0) if server else f"DOI {source.doi}"
            yield reference_finding(
                "ref-preprint",
                "warning" if claims else "info",
                ref,
                f"{sentence_start(ref_name(ref))} is a preprint ({name}): it had not been peer reviewed when cited"
                + (f", and {len(claims)} claim{'s rest' if len(claims) != 1 else ' rests'} on it." if claims else "."),
                "Check whether it has since appeared in a journal and cite that version; if not, say in the text that "
                "the finding is a preprint's, not yet reviewed.",
                highlight=server.group(0) if server else None,
            )


@rule(
    "ref-numbering",
    "Numbered list with gaps or out of order",
    "warning",
    "A numbered reference list whose numbers do not run 1, 2, 3 …: a number missing, or one used twice (a "
    "warning: a reader cannot match the text's markers to the entries). Markers whose numbers first appear out "
    "of order ((1), (3), (2)) are info: Vancouver numbers entries in the order the text first cites them, but "
    "other numbered styles do not. Numbers the text prints as list entries the draft did not read are info: "
    "the numbering was not checked.",
)
def ref_numbering(ctx: Context) -> Iterator[Finding]:
    from kg.ingest.linking import find_markers

    for article in ctx.articles:
        numbers = [r.number for r in article.references if r.number is not None]
        if len(numbers) < 2:
            continue
        body = _body_start(article)
        first: list[int] = []
        for marker in (
            find_markers(article.text or "", body, _list_start(article), set(numbers)) if body is not None else []
        ):
            first.extend(n for n in marker.numbers if n not in first)
        if first != sorted(first):
            at = next(i for i in range(1, len(first)) if first[i] < first[i - 1])
            yield Finding(
                "ref-numbering",
                "info",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The text first cites the entries in the order {', '.join(map(str, first[: at + 2]))}: {first[at]} "
                f"is first cited after {first[at - 1]}.",
                ", ".join(map(str, first)),
                "In Vancouver style, number the entries in the order the text first cites them.",
                order=999_998,
            )
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        unread = printed_unread(article, missing)
        if unread:
            missing = [n for n in missing if n not in unread]
            yield Finding(
                "ref-numbering",
                "info",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The text prints list entries {_span(unread)} that the draft did not read, so the list's "
                "numbering and the markers that point to them were not checked.",
                ", ".join(map(str, unread)),
                "Check those entries on the page (the draft holds no record of them).",
                order=999_997,
            )
        if missing or repeated:
            parts = ([f"no entry {', '.join(map(str, missing[:10]))}"] if missing else []) + (
                [f"{', '.join(map(str, repeated[:10]))} used twice"] if repeated else []
            )
            yield Finding(
                "ref-numbering",
                "warning",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The reference list is numbered 1–{max(numbers)} with {' and '.join(parts)}.",
                ", ".join(map(str, sorted(numbers))),
                "Number the entries 1, 2, 3 … in the order the text first cites them, and check each marker.",
                order=999_999,
            )


@rule(
    "cue-past-end",
    "Marker beyond the end of the list",
    "warning",
    "A numbered marker in the text ('(16)', '[16]') that points past the last entry of the list: an entry is "
    "missing, or the marker is wrong. Not inside a printed entry the draft did not read ('[2] 29 U.S.C. § "
    "781(a)(10)'). On a page that prints no reference list at all, numbered markers in brackets or superscript in "
    "three sentences or more ('[1]', '[3][9]'), counting from 1, are one warning for the page: every citation must "
    "lead to an entry of a list (NLM's Citing Medicine, APA 7 §8.1, ICMJE), and 'Full sources available on request' "
    "leads a reader nowhere. Where the page prints entries for most of those markers as lines of their own ('[1] => "
    "https://…', a footnotes block) that the draft did not read as a list, it is info: the gap is the draft's.",
)
def cue_past_end(ctx: Context) -> Iterator[Finding]:
    from kg.ingest.linking import find_markers

    for article in ctx.articles:
        numbers = {r.number for r in article.references if r.number is not None}
        text = article.text or ""
        if not article.references and text:
            yield from _markers_without_list(article)
        if len(numbers) < 2 or not text:
            continue
        last = max(numbers)
        reach = set(range(1, last + 11))  # a marker a little past the end; not a year or a count
        body = _body_start(article)
        for marker in find_markers(text, body, _list_start(article), reach) if body is not None else []:
            past = [n for n in marker.numbers if n > last]
            if past and _ENTRY_LINE.match(text, text.rfind("\n", 0, marker.start) + 1):
                continue  # inside a printed entry the draft did not read ("[2]29 U.S.C. § 781(a)(10)"), no cue
            if past and marker.rule in ("bracket", "superscript", "parenthesis"):
                shown = text[marker.start : marker.end].strip()
                _, sentence = _sentence(text, marker.start)
                yield Finding(
                    "cue-past-end",
                    "warning",
                    Subject(article.iri, "article", article.slug, article.slug),
                    f"The marker {quoted(shown)} points to {', '.join(map(str, past))}, but the list ends at {last}.",
                    sentence or shown,
                    "Add the missing entry, or correct the marker.",
                    highlight=shown,
                    order=marker.start,
                )


@rule(
    "cue-unresolved",
    "Citation that failed to resolve",
    "error",
    "A cue the page prints as a citation manager's or a site builder's mark for a citation it could not resolve: "
    "'(missing reference)', 'Error! Reference source not found.', 'Error! Bookmark not defined.' (error: no style "
    "prints these; the sentence cites nothing a reader can follow), or LaTeX's '[?]' and Wikipedia's '[citation "
    "needed]' (a warning: an editor may also print '[?]' to mark a doubt).",
)
def cue_unresolved(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        text = article.text or ""
        for m in _UNRESOLVED.finditer(text):
            mark = m.group(0).strip()
            certain = m.group("tool") is not None
            yield Finding(
                "cue-unresolved",
                "error" if certain else "warning",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The page prints {quoted(mark)} where a citation should stand: "
                + (
                    "the citation failed to resolve when the page was made, so the sentence cites nothing."
                    if certain
                    else "the source of the sentence is missing or in doubt."
                ),
                _sentence(text, m.start())[1].strip() or mark,
                "Find the source the sentence meant to cite, and print its cue and its entry in the list.",
                highlight=mark,
                order=m.start(),
            )


#: the marks citation tools print for a citation they could not resolve ("tool"), and the editors' marks for a source
#: missing or in doubt
_UNRESOLVED = re.compile(
    r"(?P<tool>\((?:missing|unknown|undefined)\s{1,3}(?:reference|citation)\)"
    r"|Error!\s{1,3}(?:Reference\s{1,3}source\s{1,3}not\s{1,3}found|Bookmark\s{1,3}not\s{1,3}defined)\.?)"
    r"|\[\?{1,2}\]|\[citation\s{1,3}needed\]",
    re.IGNORECASE,
)


#: where a page says its sources are kept elsewhere: "Full sources available on request.", "References available upon
#: request" (the line that says so must name its sources)
_ON_REQUEST = re.compile(r"\bavailable\s{1,3}(?:up)?on\s{1,3}request\b", re.IGNORECASE)
_SOURCES_WORD = re.compile(r"\b(?:sources|references|citations|bibliography)\b", re.IGNORECASE)


def sources_elsewhere(text: str) -> str | None:
    """The sentence by which a page says its sources are available on request, or None. One pass for the anchor,
    then the sentence that holds it."""
    for m in _ON_REQUEST.finditer(text):
        sentence = _sentence(text, m.start())[1].strip()
        if len(sentence) <= 200 and _SOURCES_WORD.search(sentence):
            return sentence
    return None


def _markers_without_list(article: ArticleFact) -> Iterator[Finding]:
    """cue-past-end's warning on a page whose text cites by numbered markers and prints no list for them."""
    from kg.ingest.linking import find_markers

    text = article.text or ""
    if unread_references(article):
        return  # the text prints references the draft did not read: the list may be there
    markers = [m for m in find_markers(text, 0, len(text), set(range(1, 100))) if m.rule in ("bracket", "superscript")]
    sentences = {_sentence(text, m.start)[0] for m in markers}
    cited = sorted({n for m in markers for n in m.numbers})
    if len(sentences) < 3 or not cited or cited[0] != 1:
        return
    first = markers[0]
    listed = page.bracket_entries(text)
    if len(set(cited) & set(listed)) * 2 >= len(cited):
        # the page prints the list its markers number ("[1] => https://…" lines), which the draft did not read: the
        # gap is the draft's, not the article's
        yield Finding(
            "cue-past-end",
            "info",
            Subject(article.iri, "article", article.slug, article.slug),
            f"The text cites by numbered markers ({_span(cited)}), and the page prints {len(listed)} numbered entries "
            "for them that the draft did not read as a reference list: the markers could not be checked against it.",
            _sentence(text, first.start)[1] or text[first.start : first.end].strip(),
            "Check that each marker has its entry; draft the list again if ingest missed it.",
            highlight=text[first.start : first.end].strip(),
            order=first.start,
        )
        return
    elsewhere = sources_elsewhere(text)
    shown = elsewhere or text[first.start : first.end].strip()
    evidence = elsewhere or _sentence(text, first.start)[1] or shown
    said = f" It says {quoted(shown.rstrip('.'))}." if elsewhere else ""
    yield Finding(
        "cue-past-end",
        "warning",
        Subject(article.iri, "article", article.slug, article.slug),
        f"The text cites by numbered markers ({_span(cited)}) in {len(sentences)} sentences, but the page prints no "
        f"reference list: no marker leads to a source.{said}",
        evidence,
        "Print the reference list the markers number, one entry for each.",
        highlight=shown,
        order=first.start,
    )


#: a line that opens as a numbered list entry: "[3] National Council …", "3. Smith J", "<sup>3</sup> Ibid."
_ENTRY_LINE = re.compile(r"[ \t]{0,8}(?:\[\d{1,3}\]|\d{1,3}[.)][ \t]|<sup>\d{1,3}</sup>|\^\d{1,3}\^?)")


_PRINTED_NUMBER = re.compile(
    r"^[ \t]{0,8}(?:\[(\d{1,3})\]|(\d{1,3})[.)][ \t]|<sup>(\d{1,3})</sup>|\^(\d{1,3})\^?)[ \t]*\S", re.MULTILINE
)


def printed_unread(article: ArticleFact, numbers: list[int]) -> list[int]:
    """Of the entry numbers the drafted list lacks, those the text prints as a list entry of their own ("[1]29
    U.S.C. §781", a line opening with the number) after the first sentence that cites: entries the draft could not
    read, not entries the article lacks. One pass over the text."""
    text, body = article.text or "", _body_start(article) or 0
    printed = {int(next(g for g in m.groups() if g)) for m in _PRINTED_NUMBER.finditer(text, body)}
    return [n for n in numbers if n in printed]


def _span(numbers: list[int]) -> str:
    """ "1–4" for a run, "1, 3" otherwise."""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers))


def _body_start(article: ArticleFact) -> int | None:
    """Where the first sentence that cites an entry starts: markers before it are the front matter's (an author's
    affiliation "[1]"), not citations. None when no claim cites."""
    return min((c.start for c in article.claims if c.citations and c.start is not None), default=None)


def _list_start(article: ArticleFact) -> int:
    """Where the reference list begins in the text (its first entry as printed), or the end of the text."""
    text = article.text or ""
    first = next(
        (
            r.verbatim
            for r in article.references
            if r.verbatim
            and r.number == min((x.number for x in article.references if x.number is not None), default=None)
        ),
        None,
    )
    at = text.find(first[:60]) if first else -1
    return at if at > 0 else len(text)


def _sentence(text: str, offset: int) -> tuple[int, str]:
    from kg.audit.rules import enclosing_sentence

    return enclosing_sentence(text, offset, offset)


@rule(
    "cue-no-year",
    "Author cue with no year",
    "info",
    "In an article whose list is unnumbered (author-year), a cue that names an entry's first author ('Barrat-"
    "Charlaix et al.', 'Smith and colleagues') with no year after it. Info where the list holds one entry by that "
    "author (the cue resolves, but an author-year cue gives the year); a warning where it holds several (a reader "
    "cannot tell which is meant).",
)
def cue_no_year(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        text = article.text or ""
        if len(article.references) < 2 or any(r.number is not None for r in article.references) or not text:
            continue
        starts = [at for r in article.references if r.verbatim and (at := text.find(r.verbatim[:60])) > 0]
        body = text[: min(starts)] if starts else text
        by_name: dict[str, list[ReferenceFact]] = {}
        for ref in article.references:
            if ref.source.authors and (name := entries.surname(ref.source.authors[0])):
                by_name.setdefault(name, []).append(ref)
        for name, works in sorted(by_name.items()):
            # "Name et al.", "Name and colleagues", or "Name and Second" with the second author of one of the works
            # (not "John Huddleston and Pierre Barrat-Charlaix", the byline)
            seconds = sorted({entries.surname(w.source.authors[1]) for w in works if len(w.source.authors) > 1} - {""})
            pair = f"|(?:&|and)\\s(?:{'|'.join(map(re.escape, seconds))})(?![\\w-])" if seconds else ""
            cue = re.compile(rf"(?<![\w-]){re.escape(name)}\s(?:et\sal\.?|and\scolleagues{pair})")
            bare = [m for m in cue.finditer(body) if not _YEAR_AFTER.match(body, m.end())]
            if not bare:
                continue
            shown = [quoted(" ".join(_sentence(body, m.start())[1].split()), 70) for m in bare[:3]]
            several = len(works) > 1
            times = f"{len(bare)} time{'s' if len(bare) > 1 else ''}"
            yield Finding(
                "cue-no-year",
                "warning" if several else "info",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The text cites {quoted(bare[0].group(0))} {times} with no year ({', '.join(shown)}). "
                + (
                    f"The list holds {len(works)} entries by {name} ({', '.join(str(w.source.year) for w in works)}): a reader "
                    "cannot tell which is meant."
                    if several
                    else f"The list holds one entry by {name}, so the cue resolves, but an author-year cue gives the year."
                ),
                _sentence(body, bare[0].start())[1] or bare[0].group(0),
                f"Give the year with the name ({bare[0].group(0)} ({works[0].source.year or 'year'})).",
                highlight=bare[0].group(0),
                order=bare[0].start(),
            )


#: a cue's year right after the name: "et al. (2020)", "et al., 2020", "et al. 2020"
_YEAR_AFTER = re.compile(r"[\s,(]{0,3}(?:19|20)\d{2}")


#: a software version the sentence names: "R version 4.1.2", "Stata v17.0"
_VERSION = re.compile(r"\b(?:version|v\.?)\s?(\d{1,3}(?:\.\d{1,3}){1,3})\b", re.IGNORECASE)
_STUDY_WORD = re.compile(
    r"\b(?:a|an|the|this|one|their|new|recent)\s(?:\w+\s){0,2}?(?:study|trial|paper|meta-analysis|research\s(?:paper|article))\b",
    re.IGNORECASE,
)
_PRESS = re.compile(
    r"\b(?:press|news)\s+release\b|\bnewsroom\b|/(?:news|press|media)(?:-releases?|room)?/", re.IGNORECASE
)


def _kind_of_work(ref: ReferenceFact) -> str | None:
    """'a press release' or 'a web page' where the entry is one (and not a journal article), else None."""
    source = ref.source
    if source.is_journal_article or source.journal or source.doi:
        return None
    if _PRESS.search(ref.verbatim or "") or _PRESS.search(source.url or ""):
        return "a press release"
    if source.url and not re.search(r"\b(?:doi|pubmed|ncbi|pmc|journals?|article)\b", source.url, re.IGNORECASE):
        return "a web page"
    return None


@rule(
    "cue-agreement",
    "Cue describes another kind of work or venue",
    "warning",
    "The sentence that cites an entry names a journal ('published in Pediatrics') the entry does not have, "
    "whatever the cue's form (a numbered marker, an author and year); or calls the work a study where the entry "
    "is a web page or a press release. Info: a software version the sentence names ('R version 4.1.2 (6)') that "
    "the entry does not.",
)
def cue_agreement(ctx: Context) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    for article in ctx.articles:
        for claim in article.claims:
            cited = [(c, r) for c, r in cited_references(article, claim) if r is not None]
            if len(cited) != 1:
                continue  # with several entries, which one the words describe is not known
            citation, ref = cited[0]
            if (
                citation.cue_type == "explicit"
                and citation.cue
                and not re.fullmatch(r"[\[(]?[\d,–\- ]+[\])]?", citation.cue)
            ):
                continue  # a written-out cue is cue-mismatch's to check
            sentence = claim.quote or claim.text
            named = _venue_in_cue(sentence)
            journal = ref.source.journal
            if named and journal:
                if (
                    refs.fold(journal) not in refs.fold(named)
                    and fuzz.partial_ratio(refs.fold(named), refs.fold(journal)) < 85
                    and not (len(refs.acronym(journal)) >= 3 and refs.acronym(journal) in named)
                ):
                    yield claim_finding(
                        "cue-agreement",
                        "warning",
                        claim,
                        f"The sentence says the work was published in {quoted(named)}, but {ref_name(ref)} appeared in {quoted(journal)}.",
                        "Point the marker at the work the sentence names, or correct the journal's name.",
                        ref_related(ref),
                        named,
                    )
            version = _VERSION.search(sentence)
            if (
                version
                and refs.software(f"{ref.source.title or ''} {ref.verbatim or ''}")
                and version.group(1) not in (ref.verbatim or "")
            ):
                yield claim_finding(
                    "cue-agreement",
                    "info",
                    claim,
                    f"The sentence cites version {version.group(1)} of the software, but {ref_name(ref)} names no "
                    f"such version{f' (it is dated {ref.source.year})' if ref.source.year else ''}.",
                    "Cite the version used (its number and release year), as the software's own citation gives it.",
                    ref_related(ref),
                    version.group(0),
                )
            word = _STUDY_WORD.search(sentence)
            kind = _kind_of_work(ref)
            if word and kind:
                yield claim_finding(
                    "cue-agreement",
                    "warning",
                    claim,
                    f"The sentence calls the work {quoted(word.group(0))}, but {ref_name(ref)} is {kind}.",
                    "Cite the study itself (its paper), or describe the source as what it is.",
                    ref_related(ref),
                    word.group(0),
                )


@rule(
    "figure-vs-source",
    "Figure the source's title contradicts",
    "warning",
    "A sentence that cites one entry gives a count of people ('a study of 500 adults') or a share of them ('23% "
    "of adults') that the entry's own title gives otherwise ('… in 1,200 adults', '32% of adults'). Only counts "
    "and shares of people are compared; a study-like figure whose source holds nothing to compare with is said "
    "by 'unchecked' (info).",
)
def figure_vs_source(ctx: Context) -> Iterator[Finding]:
    # counts of people ("1,200 adults") and shares of them ("23% of adults"), each compared with its own kind
    kinds = (
        (entries.people_counts, "counts {} {noun}", "{:,}"),
        (entries.people_shares, "gives {} of {noun}", "{:g}%"),
    )
    for article in ctx.articles:
        for claim in article.claims:
            cited = [r for _, r in cited_references(article, claim) if r is not None]
            if len(cited) != 1 or not claim.statistics:
                continue
            ref = cited[0]
            if not ref.source.title:
                continue
            for read, wording, shown in kinds:
                printed = read(ref.source.title)
                for noun, values in read(claim.quote or claim.text).items():
                    theirs = printed.get(noun)
                    if theirs and not values & theirs:
                        ours, title = (", ".join(shown.format(v) for v in sorted(vs)) for vs in (values, theirs))
                        yield claim_finding(
                            "figure-vs-source",
                            "warning",
                            claim,
                            f"The sentence {wording.format(ours, noun=noun)}, but the title of {ref_name(ref)} "
                            f"{wording.replace('counts', 'gives').format(title, noun=noun)}.",
                            "Check the figure against the source and correct the one that is wrong.",
                            ref_related(ref),
                            shown.format(min(values)),
                        )
