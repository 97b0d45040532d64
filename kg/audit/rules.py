"""The audit's rules: one function per rule, each reading the gathered facts and yielding findings.

Every rule is generic: it looks at claim types, statistics, citations, study designs and reference
entries as the graph records them, never at a particular article. Severities:

- **error**: the article misstates its evidence (a source that says something else, a figure with no
  source at all, a cue that names another year or journal, a wrong DOI, a retracted source);
- **warning**: a reviewer must act (weak or untraceable support, a defective or unused reference);
- **info**: worth a look, not a defect in itself (an online-first DOI year, a page range left out where
  the DOI identifies the work).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from kg.audit import entries, page, refs, wording
from kg.audit.facts import (
    ArticleFact,
    CitationFact,
    ClaimFact,
    Facts,
    ReferenceFact,
    SourceFact,
    StatFact,
)
from kg.audit.model import AuditOptions, Finding, Subject
from kg.refs.fields import is_organisation
from kg.util.safe import home_page

#: measures that read like a study result: someone counted people or measured a sample
EMPIRICAL = {"prevalence", "incidence", "odds-ratio", "risk-ratio", "proportion", "composition"}
#: enumerations ("4 causes", "two joints") and prices are not figures that need a source
NOT_FIGURES = {"count", "price"}
OBSERVATIONAL = {"cohort", "case-control", "cross-sectional", "case-series"}
MECHANISM = {"computational-model"}
GREY = {"grey-literature"}
ODDS_RATIO = "http://purl.obolibrary.org/obo/STATO_0000182"
RISK_RATIO = "http://purl.obolibrary.org/obo/STATO_0000245"

VAGUE = re.compile(
    r"\b(?:(?:many|some|several|numerous|recent|new|other|most)\s+)?"
    r"(?:studies|research|researchers|scientists|experts|doctors|physicians|evidence|science|data|surveys|trials|reviews|analyses)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:also\s+)?"
    r"(?:show|shows|showed|shown|suggest|suggests|suggested|say|says|said|agree|agrees|find|finds|found|indicate|"
    r"indicates|indicated|prove|proves|proved|proven|confirm|confirms|confirmed|demonstrate|demonstrates|"
    r"demonstrated|recommend|recommends|tell\s+us|link|links|linked|hint|hints|hinted)\b"
    # "A flurry of work in recent years shows": a body of work no one names
    r"|\b(?:a\s+)?(?:flurry|body|wealth|growing\s+body|mountain|host)\s+of\s+(?:work|research|evidence|studies)"
    r"(?:\s+in\s+recent\s+years)?\s+(?:has\s+|have\s+)?(?:show|shows|showed|shown|suggest|suggests|suggested|"
    r"indicate|indicates|indicated)\b"
    # "There is substantial consensus in the evidence-based medicine community": a consensus no one is cited for
    r"|\b(?:substantial|broad|general|wide|widespread|growing)\s+consensus\s+(?:in|among|within)\b"
    r"|\baccording\s+to\s+(?:(?:many|some|recent|the)\s+)?(?:studies|research|experts|scientists|doctors|science)\b"
    r"|\b(?:it\s+)?(?:has\s+been|is)\s+(?:scientifically\s+|clinically\s+)?(?:shown|proven)\b"
    r"|\b(?:a|one)\s+(?:recent\s+|new\s+)?(?:study|survey|trial|review)\s+(?:shows|showed|found|finds|suggests|suggested)\b"
    # "studies from China and the US tend to report": studies named only by the countries they come from (not "data
    # from Oregon", which names the state that publishes it, as "Oregon state data" does)
    r"|\b(?:studies|research|trials|surveys)\s+(?:from|in)\s+(?:the\s+)?(?-i:[A-Z])[\w.]{1,20}"
    r"(?:\s+(?:and|or)\s+(?:the\s+)?(?-i:[A-Z])[\w.]{1,20})?\s+(?:(?:tend|tends|seem|seems|appear|appears)\s+to\s+)?"
    r"(?:show|shows|showed|suggest|suggests|suggested|find|finds|found|report|reports|reported|indicate|indicates)\b"
    # "Scientists studying the 2013–14 outbreak believe": unnamed researchers of a subject, and what they believe
    r"|\b(?:scientists|researchers|experts)\s+(?:studying|who\s+(?:study|studied))\s+[^.;\n]{1,60}?\s+"
    r"(?:believe|believes|think|suspect|say|said)\b"
    # "officials have revealed": a disclosure credited to no one named
    r"|\b(?:officials|authorities|insiders|sources)\s+(?:have\s+|had\s+)?(?:revealed|reveal|reveals|disclosed)\b"
    # "Sources told CNN": unnamed sources of a news claim
    r"|\bsources\s+(?:familiar\s+with\s+[^.;\n]{1,40}?\s+)?(?:told|tell)\b",
    re.IGNORECASE,
)
RISK_WORDING = re.compile(
    r"\b(?:times\s+(?:more|less|as)\s+likely|more\s+likely|less\s+likely|likelier|times\s+the\s+risk|"
    r"(?:higher|lower|greater|increased|reduced)\s+risk|risk\s+of|(?:\d+(?:\.\d+)?)\s*(?:x|×|-?fold))\b",
    re.IGNORECASE,
)
CAUSAL_WORDING = re.compile(
    r"\b(?:causes?|caused|causing|leads?\s+to|led\s+to|results?\s+in|prevents?|prevented|"
    r"(?:reduces?|lowers?|increases?|raises?)\s+(?:the\s+|your\s+)?(?:risk|odds|chance)|because\s+of|due\s+to|triggers?)\b",
    re.IGNORECASE,
)
OUTCOME_WORDING = re.compile(
    r"\b(?:more|less)\s+likely|\brisk\b|\bodds\b|\bdevelop|\bprevent|\bincidence|\bprevalence", re.IGNORECASE
)
DESIGN_WORDS = {
    # words a cue may use for the kind of work -> designs that fit the word
    r"\b(?:systematic\s+)?review\b|\bmeta-?analys[ie]s\b": {"systematic-review", "narrative-review"},
    r"\b(?:randomi[sz]ed|controlled)\s+(?:controlled\s+)?trial\b|\bRCT\b": {"rct"},
    r"\bguidelines?\b": {"guideline"},
    r"\bcohort\b": {"cohort"},
    r"\bsurvey\b": {"cross-sectional"},
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str  # the rule's usual severity; a finding may be milder or worse where its message says why
    description: str
    check: Callable[[Context], Iterator[Finding]]


RULES: dict[str, Rule] = {}


def rule(id: str, title: str, severity: str, description: str):
    def register(func):
        RULES[id] = Rule(id, title, severity, description, func)
        return func

    return register


@dataclass
class Context:
    facts: Facts
    options: AuditOptions
    articles: list[ArticleFact]

    def design_label(self, key: str | None) -> str:
        return self.facts.design_labels.get(key or "", key or "unappraised")

    def level_label(self, key: str | None) -> str:
        return self.facts.level_labels.get(key or "", key or "no evidence level")


# ---------------------------------------------------------------------------------------------- helpers


def claim_subject(claim: ClaimFact) -> Subject:
    return Subject(claim.iri, "claim", claim.id, claim.article)


def reference_subject(ref: ReferenceFact) -> Subject:
    return Subject(ref.iri, "reference", ref.label(), ref.article)


def source_subject(source: SourceFact, article: str | None) -> Subject:
    return Subject(source.iri, "source", source.label(), article)


def ref_related(ref: ReferenceFact) -> list[Subject]:
    """A claim finding about a citation concerns the reference entry and the source it names."""
    return [reference_subject(ref), source_subject(ref.source, ref.article)]


def claim_finding(
    rule_id: str,
    severity: str,
    claim: ClaimFact,
    message: str,
    fix: str,
    related: list[Subject] | None = None,
    highlight: str | None = None,
) -> Finding:
    return Finding(
        rule_id,
        severity,
        claim_subject(claim),
        message,
        claim.quote or claim.text,
        fix,
        related or [],
        highlight,
        claim.start if claim.start is not None else 0,
    )


def reference_finding(
    rule_id: str,
    severity: str,
    ref: ReferenceFact,
    message: str,
    fix: str,
    highlight: str | None = None,
    related: list[Subject] | None = None,
) -> Finding:
    evidence = ref.verbatim or describe_source(ref.source)
    order = 1_000_000 + (ref.number if ref.number is not None else 0)
    return Finding(
        rule_id,
        severity,
        reference_subject(ref),
        message,
        evidence,
        fix,
        related if related is not None else [source_subject(ref.source, ref.article)],
        highlight,
        order,
    )


def describe_source(source: SourceFact) -> str:
    parts = [
        "; ".join(source.authors) if source.authors else None,
        f"({source.year})" if source.year else None,
        source.title,
        source.journal or ", ".join(sorted(source.publishers)) or None,
        source.doi or source.url,
    ]
    return " ".join(p for p in parts if p)


def quoted(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def figures(stats: list[StatFact]) -> str:
    return ", ".join(quoted(s.stated_as) for s in stats)


def measures(stats: list[StatFact]) -> str:
    """The measures of these statistics, in order, each once ("odds-ratio, prevalence")."""
    return ", ".join(sorted({s.measure for s in stats if s.measure}))


def person_agents(claim: ClaimFact):
    return [a for a in claim.agents if a.is_person]


def sentence_start(text: str) -> str:
    """``text`` with its first letter capitalised, to open a message ("reference 3 (…)" -> "Reference 3 (…)")."""
    return text[:1].upper() + text[1:]


def ref_name(ref: ReferenceFact) -> str:
    number = f"reference {ref.number}" if ref.number is not None else "the reference"
    return f"{number} ({quoted(ref.source.title or ref.source.label(), 60)})"


def cited_references(article: ArticleFact, claim: ClaimFact) -> list[tuple[CitationFact, ReferenceFact | None]]:
    return [(c, article.reference_for(c.source)) for c in claim.citations]


def cited_sources(article: ArticleFact) -> dict[str, list[ClaimFact]]:
    out: dict[str, list[ClaimFact]] = {}
    for claim in article.claims:
        for citation in claim.citations:
            out.setdefault(citation.source, []).append(claim)
    return out


def source_date(source: SourceFact) -> tuple[dt.date | None, bool]:
    """The source's date, and whether it is exact; a year alone counts as the last day of that year."""
    if source.issued:
        return source.issued, True
    if source.year:
        return dt.date(source.year, 12, 31), False
    return None, False


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def is_marketing(claim: ClaimFact) -> bool:
    return "marketing" in claim.types


def enclosing_sentence(text: str, start: int | None, end: int | None) -> tuple[int, str]:
    """The sentence around ``text[start:end]`` and its offset (``(0, "")`` without offsets)."""
    if not text or start is None or end is None:
        return 0, ""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    right_candidates = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    begin = left + 1 if left >= 0 else 0
    return begin, text[begin:right]


# ---------------------------------------------------------------------------------------------- claim rules


@rule(
    "discrepancy",
    "The source says something else",
    "error",
    "A reviewer recorded that a cited source says something other than the claim (its own text, or the "
    "text fragment of the cited URL).",
)
def discrepancy(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            for d in claim.discrepancies:
                ref = article.reference_for(d.source)
                name = ref_name(ref) if ref else quoted(d.source)
                note = f" Reviewer's note: {d.note}" if d.note else ""
                related = ref_related(ref) if ref else [Subject(d.source, "source", d.source, article.slug)]
                yield claim_finding(
                    "discrepancy",
                    "error",
                    claim,
                    f"The article says {quoted(claim.quote or claim.text, 70)}, but {name} says {quoted(d.source_says, 120)}.{note}",
                    "Correct the claim to what the source says, or cite a source that supports it as written.",
                    related,
                )


#: the authors reporting their own study: "we estimated", "we obtained", "our survey", "our findings"
_OWN_VOICE = re.compile(
    r"\b(?:we|our team)\s+(?:\w+\s+){0,2}?(?:estimate|estimated|find|found|observe|observed|measure|measured|analy[sz]ed|obtained|asked|surveyed|"
    r"identified|calculated|compared|mapped|recruited|examined|assessed|collected|interviewed|followed|studied|"
    r"tabulated|used|defined|included|excluded|calculated|modell?ed|show|showed|report|reported|evaluated|repeated|"
    r"tested|fitted|trained|selected|chose|considered|simulated)\b"
    r"|\bour\s+(?:\w+\s+)?(?:study|studies|analysis|analyses|survey|data|results|findings|sample|research|trial|paper|cohort)\b"
    r"|\bmy\s+(?:laboratory|lab|group|team)\b",
    re.IGNORECASE,
)
#: the author's own worked estimate: "suppose we take 91 to be a typical day", "if we assume that" (not counted as
#: reporting a study of one's own: a blog's arithmetic is no research report)
_WORKED_ESTIMATE = re.compile(r"\b(?:if|suppose)\s+we\b|\bwe\s+assume\b", re.IGNORECASE)
#: sequences compared: "ca. 99.9% nt and aa identities with isolates", "98% similarity": an analysis of the article's own
#: sequence, not a figure taken from elsewhere
_SEQUENCE_IDENTITY = re.compile(
    r"%\s{0,2}(?:(?:nt|aa|nucleotide|amino\s{1,3}acid|sequence)\s{1,3}(?:and\s{1,3}(?:nt|aa|amino\s{1,3}acid)\s{1,3})?)?"
    r"(?:identity|identities|similarity|homology)\b",
    re.IGNORECASE,
)
#: a sample size printed beside a figure: "(76.5%, n = 239,654)"
_SAMPLE_SIZE = re.compile(r"\bn\s?=\s?\d")
#: sections of a research report, where figures are the study's own
_RESEARCH_SECTION = re.compile(
    r"^\s*(?:abstract|methods?|materials and methods|results?|findings|data(?: and methods| sources?)?|"
    r"discussion|conclusions?|analysis|study design|limitations)\b",
    re.IGNORECASE,
)


def own_result(
    claim: ClaimFact, article: ArticleFact | None = None, own_study: bool = False
) -> tuple[str, bool] | None:
    """(why a figure reads as the authors' own result rather than one taken from elsewhere, whether that says the
    article is a research report), or None. A research report (a journal's own article, researchers writing
    about their study) states its findings without citing them; flagging those as uncited would be wrong. The
    section is the draft's, or, in an article that reports its own study (``own_study``), where the draft's is a
    descriptive subheading (or the page's byline), the last part heading printed above the claim ("Results",
    "Data and Methods", "Highlights"): a news page's "Results" heading makes no figure under it the author's own."""
    text = claim.quote or claim.text
    if claim.section and _RESEARCH_SECTION.match(claim.section):
        return f"it stands in the section “{claim.section}” of a research report", True
    if own_study and article is not None and (heading := wording.research_section(section_marks(article), claim.start)):
        return f"it stands under the heading “{heading}” of a research report", True
    if _SAMPLE_SIZE.search(text):
        return "it is printed with its sample size (n =), as a study reports its own results", True
    if _OWN_VOICE.search(text):
        return "the authors report it as their own (“we …”, “our …”)", False
    if _WORKED_ESTIMATE.search(text):
        return "it is part of the author's own worked estimate (“if we assume …”)", False
    if _SEQUENCE_IDENTITY.search(text):
        return "it compares sequences (a share of identical bases), the authors' analysis of their own data", True
    if article is not None and (case := case_presentation(article, claim)):
        return f"it is a detail of the case the case report presents ({quoted(case, 50)})", True
    return None


_TIME_FRAME = re.compile(
    r"\b(?:over|in|during|for|within)\s+the\s+(?:last|past|previous|next|first)\s+$", re.IGNORECASE
)
#: how long the actors of a story took over a step, in the clause that opens the sentence: "After conducting a needs
#: assessment over two years, Boston Children's Hospital and CDC researchers developed a program"
_STORY_STEP = re.compile(
    r"^\W{0,3}(?:after|before|while)\s+[a-z]{2,20}ing\b[^.,;:]{0,60}\b(?:over|for|during)\s+(?:the\s+)?$", re.IGNORECASE
)


def time_frame(claim: ClaimFact, stat: StatFact) -> bool:
    """A duration that only says when ("over the last four months"), or how long a step of the story took ("After
    conducting a needs assessment over two years, …"): a time frame, not a figure to source."""
    text = claim.quote or claim.text
    at = text.find(stat.stated_as)
    return at > 0 and bool(
        _TIME_FRAME.search(text[max(0, at - 40) : at]) or (at <= 100 and _STORY_STEP.search(text[:at]))
    )


def prose_furniture(article: ArticleFact, claim: ClaimFact) -> str | None:
    """Why a drafted claim is the page's furniture (a teaser, a menu entry, a publication's name), or None."""
    return page.furniture(article.text, claim.start, claim.quote or claim.text, article.title)


def section_marks(article: ArticleFact) -> list[tuple[int, str | None]]:
    """The article's part headings (``kg.audit.wording.research_sections``), read once per article."""
    found = article.__dict__.get("_section_marks")
    if found is None:
        found = article.__dict__["_section_marks"] = wording.research_sections(article.text or "")
    return found


def speaker(article: ArticleFact, claim: ClaimFact) -> str | None:
    """The person named as the speaker of the quotation the claim stands in, where the draft attributed it to no
    one ("“…,” said NCD Vice Chair Emily Voorde"): the figure is that person's word, not a figure no one answers
    for."""
    if person_agents(claim):
        return None
    return wording.quoted_speaker(article.text or "", claim.start, claim.end)


def counted(claim: ClaimFact) -> list[StatFact]:
    """The claim's figures that state an amount: not counts or prices, not a time frame, not part of a name, not
    words that hold a number but state no amount (``kg.audit.wording.not_a_figure``)."""
    text = claim.quote or claim.text
    return [
        s
        for s in claim.statistics
        if (s.measure not in NOT_FIGURES or wording.population_count(s.stated_as, text))
        and not time_frame(claim, s)
        and not page.part_of_a_name(s.stated_as, text)
        and not wording.not_a_figure(s.stated_as, text)
    ]


def unread_references(article: ArticleFact) -> list[str]:
    """The lines of the article that print a reference its drafted list does not hold (``kg.audit.page``); read once
    per article (several rules ask)."""
    found = article.__dict__.get("_unread_references")
    if found is None:
        found = article.__dict__["_unread_references"] = page.unread_references(
            article.text or "", [r.verbatim or "" for r in article.references]
        )
    return found


@dataclass
class Printed:
    """One entry as printed: of the draft's list (``ref``), or printed in the text but not in the list."""

    subject: Subject
    text: str
    ref: ReferenceFact | None = None
    number: int | None = None

    def name(self) -> str:
        return (
            ref_name(self.ref)
            if self.ref
            else (f"printed entry {self.number}" if self.number else "the printed reference")
        )

    def finding(self, rule_id: str, severity: str, message: str, fix: str, highlight: str | None = None) -> Finding:
        if self.ref is not None:
            return reference_finding(rule_id, severity, self.ref, message, fix, highlight=highlight)
        return Finding(
            rule_id, severity, self.subject, message, self.text, fix, [], highlight, 2_000_000 + (self.number or 0)
        )


def printed_entries(article: ArticleFact) -> list[Printed]:
    """The article's entries as printed (see ``kg.audit.listrules``' docstring); read once per article (most of its
    rules ask)."""
    found = article.__dict__.get("_printed_entries")
    if found is None:
        found = article.__dict__["_printed_entries"] = _printed_entries(article)
    return found


def _printed_entries(article: ArticleFact) -> list[Printed]:
    out = [
        Printed(Subject(r.iri, "reference", r.label(), r.article), r.verbatim, r, r.number)
        for r in article.references
        if r.verbatim
    ]
    for line in unread_references(article):
        for number, text in page.split_printed(line):
            label = f"ref {number} (printed)" if number else "printed line"
            out.append(
                Printed(
                    Subject(f"{article.iri}#printed-{number or len(out)}", "printed", label, article.slug),
                    text,
                    None,
                    number,
                )
            )
    return out


def possible_sources(article: ArticleFact) -> list[str]:
    """What an uncited figure may come from: the printed references the draft did not read, and, where no sentence
    cites anything, the entries of the list (a closing "Source:" line, an NLM line under the text), which the
    draft read but could not tie to a sentence."""
    found = unread_references(article)
    if article.references and not any(c.citations for c in article.claims):
        pieces = split_pieces(article)
        found = found + [r.verbatim for r in article.references if r.verbatim and r not in pieces]
    return found


def _uncited_beside_unread(claim: ClaimFact, stats: list[StatFact], unread: list[str]) -> Iterator[Finding]:
    """A figure with no citation in an article that prints references the draft did not read: the figure may
    cite one of them (a marker the draft could not resolve, a study the article names), so a study-like figure is a
    warning, not an error, and another figure is only info."""
    empirical = [s for s in stats if s.measure in EMPIRICAL]
    shown = quoted(unread[0], 80) + (f" and {len(unread) - 1} more" if len(unread) > 1 else "")
    if empirical:
        yield claim_finding(
            "stat-uncited",
            "warning",
            claim,
            f"{figures(empirical)} reads like a study result, and no citation in its sentence points to a source. "
            f"The article prints references that no citation of the draft ties to a sentence ({shown}): the figure may "
            "come from one of them.",
            "Check which printed reference the figure comes from and cite it in the sentence (a marker or the authors "
            "and year); if none, cite its source or remove it.",
            highlight=empirical[0].stated_as,
        )
    else:
        yield claim_finding(
            "stat-uncited",
            "info",
            claim,
            f"{figures(stats)} has no citation the audit could follow; the article prints references that no citation "
            f"of the draft ties to a sentence ({shown}), so whether it cites one was not checked.",
            "Check the figure's marker against the printed list.",
            highlight=stats[0].stated_as,
        )


#: a citation marker printed right after a sentence: "[5]", "[2,3]", "¹²" (ingest writes <sup>5</sup> as "[5]")
_BRACKET_MARKER = re.compile(r"\[\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}\]")
_AFTER_MARKER = re.compile(rf"[\s\"”’')\]]{{0,4}}?({_BRACKET_MARKER.pattern}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{{1,6}})")


def unlinked_marker(article: ArticleFact, claim: ClaimFact) -> str | None:
    """A citation marker the article prints inside or right after the claim's quote, or None: an uncited figure
    there is one whose marker the draft did not link, never one the article leaves without a source."""
    text = article.text or ""
    if claim.start is None or claim.end is None or not text:
        return None
    inside = _BRACKET_MARKER.search(text, claim.start, claim.end)
    after = _AFTER_MARKER.match(text, claim.end, min(len(text), claim.end + 40))
    found = inside or after
    return found.group(found.lastindex or 0) if found else None


#: a bracketed marker at the end of a paragraph, before what closes its markup ("… [54] {{% /stat %}}", "… [54]</li>")
_CLOSING_MARKER = re.compile(r"(\[\d{1,3}\])[ \t]{0,4}(?:\{\{[^{}\n]{0,40}\}\}|</\w{1,10}>)?[ \t]{0,4}$")


def printed_entry(article: ArticleFact, claim: ClaimFact) -> tuple[str, str] | None:
    """The marker a claim carries (``unlinked_marker``) and the entry it points to, where the page prints every
    number of the marker as a list entry of its own that a reader can follow (an address, a DOI, a PMC number) and
    the draft read no list (``kg.audit.page.bracket_entries``); None otherwise."""
    if article.references:
        return None
    marker = unlinked_marker(article, claim)
    if marker is None:
        # a footnote marker that closes the claim's paragraph (a list item of two sentences, "… 30% … Of them, 94% …
        # [54]") stands for the whole paragraph
        closing = _CLOSING_MARKER.search(wording.paragraph(article.text or "", claim.start, claim.end)[-60:])
        marker = closing.group(1) if closing else None
    if "_bracket_entries" not in article.__dict__:  # read once per article
        article.__dict__["_bracket_entries"] = page.bracket_entries(article.text or "")
    listed: dict[int, str] = article.__dict__["_bracket_entries"]
    numbers = [int(n) for n in re.findall(r"\d{1,3}", marker or "")] if marker and marker.startswith("[") else []
    if not numbers or any(n not in listed or not page.followable(listed[n]) for n in numbers):
        return None
    return marker or "", listed[numbers[0]]


def named_report(article: ArticleFact, claim: ClaimFact) -> str | None:
    """The words by which the page names the report a figure is given from ("released a comprehensive report",
    "key findings include"), where the figure comes after them or in the sentence that holds them; None otherwise."""
    if "_named_report" not in article.__dict__:  # read once per article
        article.__dict__["_named_report"] = wording.named_report(article.text or "")
    found = article.__dict__["_named_report"]
    # the figure comes after the naming, or in the very sentence that names the report ("released a report …, finding")
    end = claim.end if claim.end is not None else claim.start
    if found and end is not None and end > found[0]:
        return found[1]
    return None


def uncertain_uncited(article: ArticleFact, claim: ClaimFact, cites_any: bool) -> str | None:
    """Why a figure with no citation may still cite a source the draft did not read, or None where the rule is
    certain: an error must not rest on ingest having read every cue. Certain only where the draft read citations
    elsewhere in the article (its cue reading worked on this page) and the figure's paragraph holds nothing that may
    be a cue (``kg.audit.wording.cue_like``). A curated article's citations were written by hand, not read by ingest:
    no reading failure stands between its text and its claims, so its figures keep their error."""
    if not drafted(article):
        return None
    if not cites_any:
        return (
            "the draft ties no citation to any sentence of the article, and a page that cites nothing reads the "
            "same as one whose cues ingest could not read"
        )
    cue = wording.cue_like(article.text or "", claim.start, claim.end)
    return f"its paragraph holds “{cue}”, which may be a cue the draft did not read as a citation" if cue else None


#: a sentence that speaks of another work than the one the page reports: "two meta-analyses of …", "a study"
_OTHER_WORK = re.compile(
    r"\b(?:a|an|one|two|three|several|many|other|some|earlier|previous)\s+(?:[\w-]+\s+)?"
    r"(?:study|studies|trial|trials|review|reviews|meta-analys[ie]s|analys[ie]s|surveys?)\b",
    re.IGNORECASE,
)


#: a sentence that points back at the work the page reports: "the study's rats", "participants in that trial", "the
#: updated results are based on", "based on a mean follow-up of 29 months" (only a study has a follow-up: its length is
#: the study's own)
_BACK_TO_WORK = re.compile(
    r"\b(?:the|that|this|these|its)\s+(?:updated\s+|initial\s+|new\s+)?(?:study|study['’]s|trial|trial['’]s|"
    r"findings|results|researchers|investigators|participants)\b|\bparticipants\b"
    r"|\b(?:mean|median|average)\s+follow-?up\s+(?:period\s+)?of\b",
    re.IGNORECASE,
)


#: a sentence that advises the reader: "Aim to squeeze in at least 8 hours per night", "Try to get 30 minutes"
#: the signed author's own plan, hypothetical or inference, in the first person or as an explicit reasoning step:
#: "I will most likely take the vaccine", "If I were at higher risk", "it's reasonable to assume", "there is good
#: reason to believe"; not "Phase I trial" (the pronoun must be followed by a verb)
_AUTHOR_OWN = re.compile(
    r"(?<![\w-])(?:if\s{1,3})?I\s{1,3}(?:will|would|may|might|plan|intend|am|was|were|'ll|’ll|'d|’d|expect|think|"
    r"assume|guess|hope)\b"
    r"|\b(?:reasonable|safe)\s{1,3}to\s{1,3}(?:assume|expect|believe)\b"
    r"|\b(?:good|every|some)\s{1,3}reasons?\s{1,3}to\s{1,3}(?:believe|expect|think)\b"
)
_ADVICE = re.compile(r"(?:aim\s{1,3}(?:to|for)|try\s{1,3}to|make\s{1,3}sure|be\s{1,3}sure\s{1,3}to)\b", re.IGNORECASE)


#: the page names the case report it tells: "according to a case report published in the journal BMJ Case Reports",
#: "according to a new case report"
_CASE_REPORT = re.compile(r"\b(?:a|an|the|this|new)\s{1,3}case\s{1,3}report\b", re.IGNORECASE)


def case_history(article: ArticleFact, claim: ClaimFact, empirical: list, stated_as_fact: bool) -> str | None:
    """The words naming the case report whose case the page tells, where the figure is a detail of that case's
    history, or None. The page must name a case report and link the work it reports where it names it or where it
    says where it was published (``_answered_later``); the figure must be an amount or a duration of the case, or a
    reading inside the patient's quoted words: a population figure on such a page still needs its source."""
    text = article.text or ""
    if claim.start is None or not (stated_as_fact or empirical):
        return None
    if "_case_report" not in article.__dict__:  # read once per article
        found = _CASE_REPORT.search(text)
        linked = found is not None and (
            _cited_at(article, found.start(), found.end()) or _answered_later(article) is not None
        )
        article.__dict__["_case_report"] = found.group(0) if found and linked else None
    named = article.__dict__["_case_report"]
    if not named:
        return None
    if empirical:
        if not wording.in_quotation(text, claim.start):
            return None  # not inside a quotation: a study-like figure on a case-report page still needs a source
    return named


def linked_works(article: ArticleFact) -> list[ReferenceFact]:
    """The works the article links by an address (a post that links the paper it summarises)."""
    return [r for r in article.references if r.source.url]


def report_linked(article: ArticleFact) -> bool:
    """Whether the page links the report it names where it names it: a claim of that sentence cites a work by a link
    in the text (an entry with an address that the page prints in no list)."""
    found = article.__dict__.get("_named_report")
    if not found:
        return False
    linked = {r.source.iri for r in article.references if r.source.url and not r.verbatim}
    return any(
        any(x.source in linked for x in c.citations)
        for c in _claims_in_sentence(article, found[0], found[0] + len(found[1]))
    )


#: a sentence that gives its figure as one study's finding: "Findings from the first large clinical trial of its kind
#: indicate", "the trial, dubbed CAPP2, showed", "results of a national survey show"
_STUDY_CREDIT = re.compile(
    r"\b(?:findings|results)\s{1,3}(?:from|of)\s{1,3}(?:a|an|the)\s{1,3}(?:[\w'’\-]{1,30}\s{1,3}){0,5}?"
    r"(?:study|trial|survey|review|analysis)\b[^.;\n]{0,40}?\b(?:show|shows|showed|indicate|indicates|indicated|suggest|suggests|suggested)\b"
    r"|\bthe\s{1,3}(?:study|trial)\b(?:,[^,.;\n]{1,40},)?\s{1,3}(?:showed|shows|found|finds|indicated|indicates|reported|reports)\b",
    re.IGNORECASE,
)


def study_credit(article: ArticleFact, claim: ClaimFact) -> str | None:
    """The words by which the claim's sentence gives its figure as a study's finding, where the page links at least one
    work (the study it reports, as news pages cite); None otherwise."""
    if claim.start is None or not linked_works(article):
        return None
    _, sentence = enclosing_sentence(article.text or "", claim.start, claim.end)
    found = _STUDY_CREDIT.search(sentence)
    return found.group(0) if found else None


#: a duration counted on from an event: "Almost four years after its publication", "three years since", "two years on"
_COUNTED_ON = re.compile(r"\s{0,3}(?:after|since|later|on\b|ago\b)", re.IGNORECASE)
#: a year the text gives: "back in 2021", "(Jia et al., 2021)"
_A_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")


def elapsed_since(article: ArticleFact, claim: ClaimFact, stat: StatFact) -> bool:
    """Whether a figure is a time stamp, not a statistic: a number of years counted on from an event ("Almost four
    years after its publication") that the years the text gives just before it (its sentence and the one before)
    and the article's date account for (2025 - 2021 is about four): the text's own arithmetic, owed no source."""
    text = article.text or ""
    years = stat.value if stat.value is not None else stat.min if stat.min is not None else stat.max
    if (
        stat.measure != "duration"
        or stat.unit != "year"
        or years is None
        or article.published is None
        or claim.start is None
        or claim.end is None
    ):
        return False
    at = text.find(stat.stated_as, claim.start, claim.end)
    if at < 0 or not _COUNTED_ON.match(text, at + len(stat.stated_as)):
        return False
    # the claim's sentence and what its paragraph says just before it (the sentence before, 300 characters at most)
    window = text[max(text.rfind("\n", 0, claim.start) + 1, claim.start - 300) : at]
    return any(abs(article.published.year - int(y) - years) <= 1 for y in _A_YEAR.findall(window))


def reports_own_study(article: ArticleFact) -> bool:
    """The article reports its authors' own study: it speaks of its methods and results as "we …" or "our …"
    three times or more, or it is laid out as a research report or a case report (``research_layout``)."""
    return len(_OWN_VOICE.findall(article.text or "")) >= 3 or research_layout(article) is not None


#: the part headings of an original research article (IMRaD, ICMJE): its methods, then its results
_METHODS_HEADING = re.compile(
    r"(?:(?:materials|patients|data)\s+and\s+)?methods?|study\s+design|statistical\s+analysis", re.IGNORECASE
)
_RESULTS_HEADING = re.compile(r"results?|findings", re.IGNORECASE)
#: the part heading of a case report (CARE): the case the authors report is their own data
_CASE_HEADING = re.compile(
    r"case\s+(?:presentation|report|description|history|summary)|presentation\s+of\s+(?:the\s+)?case", re.IGNORECASE
)
#: the opening of a case report's case, at the start of a paragraph: "A 30-year-old female presented to a tertiary
#: hospital", "An 8-year-old boy was admitted"
_CASE_OPENING = re.compile(
    r"^[ \t]{0,4}(?:A|An)\s{1,3}\d{1,3}[- ]year[- ]old\s{1,3}(?:[A-Za-z-]{1,20}\s{1,3}){0,3}?"
    r"(?:woman|man|female|male|boy|girl|patient|child|infant|lady|gentleman|mother|farmer|traveller|traveler)\b"
    r"[^.\n]{0,200}?\b(?:presented|was\s{1,3}admitted|was\s{1,3}referred|was\s{1,3}hospitali[sz]ed|attended|"
    r"was\s{1,3}brought)\b",
    re.MULTILINE,
)


def research_layout(article: ArticleFact) -> str | None:
    """How the article shows, by the structure publishers use, that it reports the authors' own data, or None: part
    headings of an original research article (a methods heading, then a results heading: IMRaD), a case report's
    part heading ("Case presentation", "Case report"), or a case report's case ("A 30-year-old female presented …",
    CARE) in an article with a scholarly list (five entries or more). Read once per article."""
    if "_research_layout" in article.__dict__:
        return article.__dict__["_research_layout"]
    marks = [(at, h) for at, h in section_marks(article) if h]
    methods = next((at for at, h in marks if _METHODS_HEADING.fullmatch(h)), None)
    found: str | None = None
    if methods is not None and any(at > methods and _RESULTS_HEADING.fullmatch(h) for at, h in marks):
        found = "its part headings are a research article's (methods, then results)"
    elif any(_CASE_HEADING.fullmatch(h) for _, h in marks):
        found = "it has a case report's part heading"
    elif len(article.references) >= 5 and _CASE_OPENING.search(article.text or ""):
        found = "it reports a case of its own"
    article.__dict__["_research_layout"] = found
    return found


def in_background(article: ArticleFact, claim: ClaimFact) -> bool:
    """Whether the claim stands in the introduction or background of an article laid out as a research report
    (``research_layout``): the part where its authors give what others found, not their own data."""
    if claim.start is None or research_layout(article) is None:
        return False
    above = [h for at, h in section_marks(article) if at <= claim.start]
    return bool(above) and above[-1] is None and case_presentation(article, claim) is None


def case_presentation(article: ArticleFact, claim: ClaimFact) -> str | None:
    """The opening words of the case a case report presents, where the claim stands in it (from its opening
    paragraph, "A 30-year-old female presented …", to the next part heading that is not the authors' own work or is
    the discussion), or None. Only in an article laid out as a report of its own (``research_layout``)."""
    text = article.text or ""
    if claim.start is None or research_layout(article) is None:
        return None
    opening = _CASE_OPENING.search(text)
    if opening is None or claim.start < opening.start():
        return None
    ends = [at for at, h in section_marks(article) if at > opening.start() and (h is None or h.lower() == "discussion")]
    if ends and claim.start >= ends[0]:
        return None
    return opening.group(0).strip()


@rule(
    "stat-uncited",
    "Statistic with no source",
    "error",
    "A figure with no cited source and no one to answer for it. A measured quantity that reads like a study "
    "result (prevalence, incidence, odds or risk ratio, proportion, composition) is an error only where the rule "
    "cannot be fooled by a cue ingest did not read: the draft ties citations to other sentences of the article, and "
    "the figure's paragraph holds nothing cue-like (a marker such as '[3]', '⁴' or '(12)', an address, 'according "
    "to', a study, report, trial, journal or data named, 'we'); otherwise it is a warning that says what it could "
    "not check. Another figure "
    "stated as fact (a duration, an amount, a distance, a large count of people, cases or deaths such as 'over "
    "181,000 people' or 'up to 12 million people') is a warning. Where the figure reads as the authors' "
    'own result (a research report\'s methods or results, "we estimated", a sample size beside it), it is a '
    "warning, or info in a research report's own sections. Where the text prints references the draft did not "
    "read (a 'Source:' line, an NLM line, a one-line list), a study-like figure is a warning and another is info: "
    "it may cite one of them. Other counts, prices, marketing claims, recommendations' dosages, page furniture (a "
    "teaser, a menu entry, a short line that is no sentence) and figures inside a name ('12 Years a Slave', "
    "'Medical Daily') are left alone. Not figures: words that "
    "hold a number but state no amount (a 24-hour hotline, the 24-hour day, a definition, 'daily', 'the past "
    "decades', an age such as 'ages 18 and older', '28-year-old' or 'by age 18', an age band that bounds a group (a "
    "trial's eligibility 'participants over age 18', the band of one of its groups, a risk group's cut-off 'under the "
    "age of 5'), the interval of a schedule ('two injections (3 or 4 weeks apart)'), what a law or a rule sets ('a law mandating that 2 "
    "percent of corporate profits go toward charity'), a reference person's weight ('a 154-pound "
    "(70-kilogram) 40-year-old man'), a P value, '100% of the federal poverty "
    "level', 'one of the four studies', the bound of a group such as 'people with a rhythm longer than 24 hours', the day a rhythm is set to ('in sync "
    "with a 24 hour rhythm'), a time limit set as a condition ('a doctor predict the person will die within 6 months'), "
    "how long a step of the story took ('After conducting a needs assessment over two years, …'), "
    "the text's own arithmetic such as 'this corresponds to ~1 per 1,000', a share price's move, a share of an "
    "object's size such as 'a third of the area of a penny', the period the text's own plot shows, the window data "
    "cover ('in the 30 days prior to symptom onset'), a definition's window ('is where … over the course of 12 "
    "months')), advice to the reader ('Aim to squeeze in at least 8 hours per night'), and figures in a "
    "caption that "
    "credits its reference. On a page that tells one case from the case report it names and links ('according to "
    "a case report published in the journal BMJ Case Reports'), an amount or duration of the case, or a reading in "
    "the patient's quoted words, is info. Percent identities of sequences are the authors' analysis. An amount or duration of "
    "the authors' own work, an author's worked estimate ('if we assume …'), or an own result in an article that "
    "links works (its paper), is info; so is an amount or duration given after the page names the study it reports, "
    "in a sentence that points back at it ('the study's rats', 'based on a mean follow-up of 29 months'), and a "
    "study-like figure given after the page names "
    "and links the report it comes from. A research report's "
    "own sections are read from the headings printed above the figure ('Results' over a descriptive subheading, "
    "'Data and Methods', 'Highlights', 'Action'). An article laid out as an original research article (a methods "
    "heading, then a results heading: IMRaD, ICMJE) or as a case report (a 'Case presentation' or 'Case report' "
    "heading, or a case opening 'A 30-year-old female presented …' in an article with five entries or more: CARE) "
    "reports its own data: figures of its methods, results and case (up to the discussion) are info, a study-like "
    "figure elsewhere in it is at most a warning, and its introduction's figures owe a source as any page's do. A study-like figure given after the page names the report it "
    "comes from ('released a report … finding', 'key findings include') is a warning, not an error; one inside a "
    "named person's quote is stat-expert-only's. Info: a figure its sentence gives as the finding of a study it names "
    "('Findings from the first large clinical trial of its kind indicate', 'the trial, dubbed CAPP2, showed') on a "
    "page that links works, and one inside a quotation credited to the researchers named before ('they wrote'). Not "
    "figures either: a normal range given to explain ('within the normal range of 3.5 to 4.5'), an example a "
    "parenthesis gives ('(e.g. a 2-point shift …)'), and a time stamp: a number of years counted on from an event "
    "('Almost four years after its publication') that a year the text gives just before and the article's date "
    "account for. A figure that describes the image its caption stands under ('sampled 25 days after an influenza "
    "infection') is info; a web page's caption is also read as the paragraph its picture credit closes ('Courtesy of "
    "…', 'Photo: …'). Info too: figures given as an example ('For example, …') of what the sentence before "
    "credits to a work it names ('A 2001 JAMA review article by Lee et al'), a figure of the signed author's own "
    "plan, hypothetical or inference ('I will most likely take the vaccine, but not until at least two months after', "
    "'it's reasonable to assume that … will last at least three months'), and a figure whose marker ('[41]') leads to "
    "an entry the page prints in a numbered list the draft did not read ('[41] => https://…'; a marker that closes "
    "the figure's paragraph counts), where that entry gives "
    "a reader something to follow (an address, a DOI, a PMC number): whether it supports the figure is unchecked.",
)
def stat_uncited(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        yield from callout_figures(article)
        own_study = reports_own_study(article)  # once per article: it reads the whole text
        unread: list[str] | None = None  # read once, when a figure first needs it
        cites_any = any(c.citations for c in article.claims)
        for claim in article.claims:
            if claim.citations or is_marketing(claim) or person_agents(claim) or prose_furniture(article, claim):
                continue
            stats = counted(claim)
            if stats and speaker(article, claim):
                continue  # a named person's quote: stat-expert-only's ground
            stats = [s for s in stats if not elapsed_since(article, claim, s)]
            shown_in = wording.caption(article.text or "", claim.start) if stats else None
            if shown_in == "credited":
                continue  # a figure's caption that credits the reference it is adapted from
            empirical = [s for s in stats if s.measure in EMPIRICAL]
            people = [s for s in stats if s.measure in NOT_FIGURES]  # counts kept as population figures (``counted``)
            org = [a.name for a in claim.agents if not a.is_person]
            said_by = f" It is attributed to {', '.join(org)}, but no reference is given." if org else ""
            own = own_result(claim, article, own_study) if stats else None
            if (
                not own
                and empirical
                and _OWN_VOICE.search(wording.paragraph(article.text or "", claim.start, claim.end))
            ):
                own = "its paragraph reports the authors' own results (“we …”, “our …”)", False
            if not own and shown_in == "caption" and own_study:
                own = "it describes a figure of the authors' own study, in its caption", True
            if not own and not empirical and own_study and not in_background(article, claim):
                continue  # a research report's own amounts and durations are its data, not uncited claims
            if not own and not empirical and shown_in == "caption" and not org:
                # a caption describes its image (when the sample was taken, how large it is shown): no source is
                # owed for what the picture itself shows
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} stands in a caption, describing the image it stands under, with no citation.",
                    "If the figure states a finding rather than describing the image, cite its source.",
                    highlight=stats[0].stated_as,
                )
                continue
            if not own and empirical and own_study:
                yield claim_finding(
                    "stat-uncited",
                    "warning",
                    claim,
                    f"{figures(empirical)} reads like a study result, with no citation. The article reports its "
                    "authors' own study, so it may be one of their results.",
                    "If the figure comes from elsewhere, cite its source; if it is the authors' own finding, say so.",
                    highlight=empirical[0].stated_as,
                )
                continue
            if own:
                # info in a research report (its own sections, a sample size, or an article that reports its own
                # study and cites a scholarly list); a warning where researchers write about their study elsewhere
                reason, in_report = own
                linked = linked_works(article)
                # info in a research report, for an amount or a duration of the authors' own work (their account of
                # it), and where the article links a work (the paper it summarises)
                research = in_report or (own_study and len(article.references) >= 5) or not empirical or bool(linked)
                where = (
                    f"; the article links {ref_name(linked[0])}"
                    + (f" and {len(linked) - 1} more" if len(linked) > 1 else "")
                    + ": the result may be published there"
                    if linked
                    else ""
                )
                yield claim_finding(
                    "stat-uncited",
                    "info" if research else "warning",
                    claim,
                    f"{figures(stats)} is given with no citation as the authors' own result: {reason}{where}.",
                    "If the figure was published elsewhere (the study's paper, a data set), cite it; if it is this "
                    "article's own finding, nothing is needed.",
                    highlight=stats[0].stated_as,
                )
                continue
            # a claim that states a figure is also typed statistical; what matters is whether it is only a recommendation
            # (a claim typed statistical and nothing else states its figure as fact)
            stated_as_fact = bool(stats) and not org and claim.types - {"statistical"} != {"recommendation"}
            if stated_as_fact and not empirical and _ADVICE.match((claim.quote or claim.text).lstrip()):
                continue  # advice to the reader ("Aim to squeeze in at least 8 hours per night"), not a figure stated as fact
            case = case_history(article, claim, empirical, stated_as_fact)
            if case:
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} is a detail of the one case the page reports, from the case report it names "
                    f"and links ({quoted(case, 60)}){' (the patient’s own words, quoted)' if empirical else ''}: no "
                    "citation ties the figure itself to the report.",
                    "If the figure is not in the linked case report, cite where it comes from.",
                    highlight=stats[0].stated_as,
                )
                continue
            if (empirical or stated_as_fact) and (credit := study_credit(article, claim)):
                # news of a study: the sentence gives the figure as the finding of the study it names ("Findings from
                # the first large clinical trial of its kind indicate …", "the trial, dubbed CAPP2, showed …"), and
                # the page links the works it reports: someone answers for it, but no citation says which link
                linked = linked_works(article)
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} is given as a finding of the study the sentence names ({quoted(credit, 60)}); "
                    f"the page links {ref_name(linked[0])}"
                    + (f" and {len(linked) - 1} more" if len(linked) > 1 else "")
                    + ", but no citation ties the figure to the one it comes from.",
                    "Link the study's report where the figure is given.",
                    highlight=stats[0].stated_as,
                )
                continue
            if (
                stated_as_fact
                and not empirical
                and (said := wording.quoted_by_them(article.text or "", claim.start, claim.end))
            ):
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} stands inside a quotation credited to people named before it "
                    f"({quoted(said, 40)}): they answer for it, but no citation says where they wrote or said it.",
                    "Cite where the quotation comes from, if the page does not link it.",
                    highlight=stats[0].stated_as,
                )
                continue
            if (empirical or stated_as_fact) and (
                work := wording.example_of_named_work(article.text or "", claim.start)
            ):
                # "For example, …" after a sentence that names the work it gives an example of ("A 2001 JAMA review
                # article by Lee et al [Medline] reaches the same conclusions"): the figure has a named source
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} is given as an example of what the sentence before credits to the work it names "
                    f"({quoted(work, 60)}); no citation ties the figure itself to it.",
                    "If the figure is not in the work named, cite where it comes from.",
                    highlight=stats[0].stated_as,
                )
                continue
            if (empirical or stated_as_fact) and unread is None:
                unread = possible_sources(article)
            if (empirical or stated_as_fact) and unread:
                yield from _uncited_beside_unread(claim, stats, unread)
            elif (
                stated_as_fact
                and not (empirical or people)
                and _BACK_TO_WORK.search(claim.quote or claim.text)
                and not _OTHER_WORK.search(claim.quote or claim.text)
                and (report := named_report(article, claim))
            ):
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} is given after the page names the study or report whose findings it gives "
                    f"({quoted(report, 60)}), in a sentence that points back at that work: an amount or a duration "
                    "of it, with no citation tying it there.",
                    "Cite the study or report where the figure is given, if a reader cannot find it from its name.",
                    highlight=stats[0].stated_as,
                )
            elif (empirical or people) and (report := named_report(article, claim)) and report_linked(article):
                shown = empirical or people
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(shown)} is given among the findings of the study or report the page names "
                    f"({quoted(report, 60)}), which the page links where it names it; no citation ties the figure "
                    "itself to it.",
                    "If the figure is not in the linked report, cite where it comes from.",
                    highlight=shown[0].stated_as,
                )
            elif (empirical or people) and (report := named_report(article, claim)):
                shown = empirical or people
                yield claim_finding(
                    "stat-uncited",
                    "warning",
                    claim,
                    f"{figures(shown)} {'reads like a study result' if empirical else 'counts a population'}; the page gives "
                    f"it among the findings of the study or report it names ({quoted(report, 60)}), but no citation ties the "
                    "figure to it or to the data behind it.",
                    "Cite the study or report where the figure is given (a reference a reader can follow), and say which data the figure comes from.",
                    highlight=shown[0].stated_as,
                )
            elif (empirical or stated_as_fact) and (entry := printed_entry(article, claim)):
                # the marker leads to an entry the page prints in a numbered list the draft did not read: the cue is
                # there for a reader to follow; only whether the entry supports the figure is unchecked
                cue, line = entry
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(empirical or stats)} carries the marker “{cue}”, and the page prints that entry "
                    f"({quoted(line, 80)}) in a numbered list the draft did not read: whether it supports the figure "
                    "was not checked.",
                    "Check that the entry the marker points to reports the figure.",
                    highlight=(empirical or stats)[0].stated_as,
                )
            elif empirical and (marker := unlinked_marker(article, claim)):
                yield claim_finding(
                    "stat-uncited",
                    "warning",
                    claim,
                    f"{figures(empirical)} reads like a study result, and the article marks the sentence with "
                    f"“{marker}”, but the draft ties that marker to no reference, so the figure's source is unchecked.",
                    "Check which entry of the list the marker points to, and link it (claims.yaml: citations).",
                    highlight=empirical[0].stated_as,
                )
            elif empirical and (doubt := uncertain_uncited(article, claim, cites_any)):
                yield claim_finding(
                    "stat-uncited",
                    "warning",
                    claim,
                    f"{figures(empirical)} reads like a study result ({measures(empirical)}), and no citation the "
                    f"draft read points to a source for it. Whether the article cites one could not be checked: "
                    f"{doubt}.{said_by}",
                    "Check whether the text cites a source for the figure (a marker, a link, a study it names); if "
                    "not, cite the study or review it comes from, or remove the figure.",
                    highlight=empirical[0].stated_as,
                )
            elif empirical:
                # credited to an organisation in the text (or in its list's lead-in): someone answers for it, and
                # the rule cannot tell the organisation's uncited statement from a figure with no source at all
                yield claim_finding(
                    "stat-uncited",
                    "warning" if org else "error",
                    claim,
                    f"{figures(empirical)} reads like a study result ({measures(empirical)}), "
                    f"but the article cites no source for it.{said_by}",
                    "Cite the study or review the figure comes from, or remove the figure.",
                    highlight=empirical[0].stated_as,
                )
            elif stated_as_fact and (mine := _AUTHOR_OWN.search(claim.quote or claim.text)):
                # the signed author's own plan, hypothetical or inference ("I will …", "If I were …", "it's
                # reasonable to assume …"): the author answers for it, and it is not given as a fact to source
                yield claim_finding(
                    "stat-uncited",
                    "info",
                    claim,
                    f"{figures(stats)} is given as the author's own plan or inference ({quoted(mine.group(0), 40)}), "
                    "not as a fact a source is owed for.",
                    "If the figure rests on a study or a guideline, cite it.",
                    highlight=stats[0].stated_as,
                )
            elif stated_as_fact:
                yield claim_finding(
                    "stat-uncited",
                    "warning",
                    claim,
                    f"Stated as fact with no source and no one to answer for it: {figures(stats)}.",
                    "Cite where the figures come from, or attribute them to the expert who gives them.",
                    highlight=stats[0].stated_as,
                )


def callout_figures(article: ArticleFact) -> Iterator[Finding]:
    """stat-uncited's findings on callout boxes (``kg.audit.page.callouts``: a figure alone on its line, a short label
    under it): a figure no sentence of the page gives is a warning (it stands with no source, and no cue), one the
    body gives too is info (the box repeats it without the body's cue). A callout's words are no sentence, so
    ingest drafts no claim of them."""
    text = article.text or ""
    subject = Subject(article.iri, "article", article.slug, article.slug)
    for at, figure, label in page.callouts(text):
        shown = _dashes(figure)
        elsewhere = [
            m.start()
            for m in re.finditer(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", _dashes(text))
            if not at <= m.start() < at + len(figure)
        ]
        evidence = f"{figure} {label}"
        if elsewhere:
            yield Finding(
                "stat-uncited",
                "info",
                subject,
                f"The callout {quoted(evidence)} repeats a figure the body gives, without the body's cue: a reader of "
                "the box alone cannot tell its source.",
                evidence,
                "Give the callout the cue of the sentence it repeats.",
                highlight=figure,
                order=at,
            )
        else:
            yield Finding(
                "stat-uncited",
                "warning",
                subject,
                f"The callout {quoted(evidence)} gives a figure that no sentence of the page gives, with no cue: it "
                "stands with no source.",
                evidence,
                "Cite the source of the figure in the callout, or give it, cited, in the text.",
                highlight=figure,
                order=at,
            )


def _dashes(text: str) -> str:
    return text.replace("–", "-").replace("—", "-")


@rule(
    "stat-expert-only",
    "Study-like figure on an expert's word alone",
    "warning",
    "A figure that reads like a study result (prevalence, incidence, odds or risk ratio, proportion, "
    "composition) whose only support is the person quoted: no study is cited. A figure inside a quotation whose "
    "paragraph names its speaker ('…,” said NCD Vice Chair Emily Voorde') is that person's word, even where "
    "the draft attributed it to no one.",
)
def stat_expert_only(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            people = person_agents(claim)
            said = None if people else speaker(article, claim)
            if claim.citations or not (people or said) or is_marketing(claim):
                continue
            empirical = (
                [s for s in counted(claim) if s.measure in EMPIRICAL]
                if said
                else [s for s in claim.statistics if s.measure in EMPIRICAL]
            )
            if not empirical:
                continue
            names = ", ".join(a.name for a in people) or said
            yield claim_finding(
                "stat-expert-only",
                "warning",
                claim,
                f"{figures(empirical)} reads like a measured {measures(empirical)}, "
                f"but it rests on {names}'s word alone: no study is cited.",
                "Cite the study behind the figure, or present it as the expert's estimate rather than a finding.",
                related=[Subject(a.iri, "person", a.name, claim.article) for a in people],
                highlight=empirical[0].stated_as,
            )


#: a person named by a title and surname: "Dr. Burns", "Prof Smith", "Ms. Voorde"
_TITLED_NAME = re.compile(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx)\.?\s{1,3}((?-i:[A-Z])[\w'’\-]{2,40})")
#: what may follow a name but is no part of it: "John Burn, M.D.", "Jane Roe PhD"
_NAME_SUFFIX = re.compile(r"(?:,?\s+(?:M\.?D\.?|Ph\.?D\.?|MPH|Jr\.?|Sr\.?|III|II))+\s*$")


def _surname_of(name: str) -> str:
    words = _NAME_SUFFIX.sub("", name).split()
    return words[-1].strip(".,") if words else ""


def person_named_otherwise(ctx: Context) -> Iterator[Finding]:
    """cue-mismatch's check of an attribution cue against its person: one introduced in full ("John Burn, M.D.") and
    later named by a title and a surname one letter away ("Dr. Burns") that no one else in the article bears."""
    from rapidfuzz.distance import Levenshtein

    for article in ctx.articles:
        people = {a.name for c in article.claims for a in c.agents if a.is_person}
        surnames = {_surname_of(n) for n in people}
        told: set[str] = set()
        for claim in article.claims:
            for agent in claim.agents:
                if not agent.is_person or not agent.cue:
                    continue
                for m in _TITLED_NAME.finditer(agent.cue):
                    said, usual = m.group(1), _surname_of(agent.name)
                    if (
                        said in surnames
                        or said in told
                        or len(usual) < 4
                        or Levenshtein.distance(said.lower(), usual.lower()) != 1
                    ):
                        continue
                    told.add(said)
                    yield claim_finding(
                        "cue-mismatch",
                        "warning",
                        claim,
                        f"The text names {agent.name} in full, and here {quoted(m.group(0))}, a surname one letter "
                        f"away that no one else in the article bears: one person spelt two ways, or a second person "
                        "never introduced.",
                        f"Spell the name as where the person is introduced ({usual}), or introduce the other person.",
                        [Subject(agent.iri, "person", agent.name, claim.article)],
                        highlight=m.group(0),
                    )


#: a given name and a surname inside a sentence (after a lower-case word): "the lab of Wendy Garrett"
_FULL_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,20} [A-Z][a-z]{4,40}\b")
#: a capitalised word of the text, a surname's candidate: "Garett" in "Howitt and Garett’s work"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{4,40}\b")


#: a title a sentence quotes: "described in the ‘WHO Manual For The Monitoring Of Yellow Fever Virus Infection’[1]"
#: (curly or double quotation marks only: a straight single mark is an apostrophe as often as a quotation mark)
_QUOTED_TITLE = re.compile(r"[‘“\"]([A-Z][^‘’“”\"\n]{19,200}?)[’”\"]")


def title_of_another_entry(article: ArticleFact) -> Iterator[Finding]:
    """A sentence that quotes the title of one entry of the list (four words or more) while its cue points to
    other entries, none of which has that title: the cue points to the wrong entry, or the work named is cited by
    another. A title quoted whole is the most exact cue a sentence can give."""
    from rapidfuzz import fuzz

    titled = [(r, refs.fold(r.source.title)) for r in article.references if r.source.title]
    for claim in article.claims:
        cited = [ref for _, ref in cited_references(article, claim) if ref is not None]
        if not cited:
            continue
        for m in _QUOTED_TITLE.finditer(claim.quote or claim.text):
            quoted_words = refs.fold(m.group(1))
            if len(quoted_words.split()) < 4:
                continue

            def names(title: str, words: str = quoted_words) -> bool:
                return 0.6 <= len(title) / len(words) <= 2.5 and fuzz.partial_ratio(words, title) >= 95

            named = [r for r, title in titled if names(title)]
            if (
                not named
                or any(r in cited for r in named)
                or any(names(refs.fold(r.source.title or "")) for r in cited)
            ):
                continue
            yield claim_finding(
                "cue-mismatch",
                "warning",
                claim,
                f"The sentence names {quoted(m.group(1), 70)}, the title of {ref_name(named[0])}, but its cue points to "
                f"{', '.join(ref_name(r) for r in cited)}: the cue points to another work than the one it names.",
                f"Point the cue at {ref_name(named[0])}, or say why the other work is cited for it.",
                related=[reference_subject(r) for r in named[:1]],
                highlight=m.group(1),
            )


def surname_misspelt(article: ArticleFact) -> Iterator[Finding]:
    """cue-mismatch's check of a person's surname against the text: a capitalised word printed once that is a
    person's surname with one letter dropped or added inside it ("Garett" beside "Wendy Garrett"), where the person
    is one the draft names or the text names in full, no one named bears the word, and the surname recurs. Info: the
    word may name someone else. A plural ("Smiths") or a changed ending ("Andre", "Andrew") is not another spelling,
    nor is a changed letter ("Woman", "Women")."""
    from rapidfuzz.distance import Levenshtein

    text = article.text or ""
    people = {a.name for c in article.claims for a in c.agents if a.is_person}
    # and people the text names in full mid-sentence ("in the lab of Wendy Garrett"), where their surname recurs
    people |= {m.group(0) for m in _FULL_NAME.finditer(text)}
    named = {w for n in people for w in re.findall(r"[A-Za-z]+", n)}
    surnames = {_surname_of(n) for n in people if len(_surname_of(n)) >= 5}
    if not surnames:
        return
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in _CAPITALISED.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        first.setdefault(m.group(0), m.start())
    subject = Subject(article.iri, "article", article.slug, article.slug)
    for word, at in sorted(first.items(), key=lambda kv: kv[1]):
        if word in named:
            continue
        for usual in sorted(surnames):
            if (
                word[0] != usual[0]
                or word.rstrip("s") == usual.rstrip("s")
                or counts[word] >= counts.get(usual, 0)
                or counts[word] > 1
                or word[-1] != usual[-1]
                or abs(len(word) - len(usual)) != 1
                or Levenshtein.distance(word, usual) != 1
            ):
                continue
            _, sentence = enclosing_sentence(text, at, at + len(word))
            yield Finding(
                "cue-mismatch",
                "info",
                subject,
                f"The text prints {quoted(word)}, a surname one letter away from {usual} (named elsewhere in the "
                "article) that no one the draft names bears: one person spelt two ways, or someone never introduced.",
                sentence or word,
                f"Spell the name as where the person is introduced ({usual}), or introduce the other person.",
                highlight=word,
                order=at,
            )
            break


_DOUBLE_QUOTES = re.compile(r"[\"“”]")


def mismatched_quotes(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each quotation whose marks do not pair: opened straight ('"') and closed curly ('”'), or opened
    curly and closed straight, read one paragraph (line) at a time. A curly mark says which end it is; a straight
    one opens where no quotation is open and closes otherwise."""
    for line in re.finditer(r"[^\n]+", text):
        opened: re.Match | None = None
        for mark in _DOUBLE_QUOTES.finditer(text, line.start(), line.end()):
            closing = mark.group(0) == "”" or (mark.group(0) == '"' and opened is not None)
            if not closing:
                opened = mark
                continue
            if opened is not None and {opened.group(0), mark.group(0)} in ({'"', "”"}, {"“", '"'}):
                yield opened.start(), mark.end()
            opened = None


def quote_marks(ctx: Context) -> Iterator[Finding]:
    """ref-punctuation's check of the text's own quotations (``mismatched_quotes``): style, info."""
    for article in ctx.articles:
        text = article.text or ""
        for start, end in mismatched_quotes(text):
            quote = text[start:end]
            words = " ".join(quote[1:].split()[:4])
            within = [
                c
                for c in article.claims
                if c.start is not None and c.end is not None and c.start < end and start < c.end
            ]
            subject = (
                claim_subject(within[0]) if within else Subject(article.iri, "article", article.slug, article.slug)
            )
            opens, closes = ("a straight" if mark == '"' else "a curly" for mark in (quote[0], quote[-1]))
            yield Finding(
                "ref-punctuation",
                "info",
                subject,
                f"The quotation {quoted(quote, 60)} opens with {opens} mark and closes with {closes} one.",
                quote,
                "Use one style of quotation marks for both ends.",
                [],
                words,
                start,
            )


#: a numbered marker glued to a sentence's full stop by a stray dash: "carrying the YF virus.-[1] It affects"
_STRAY_BEFORE_MARKER = re.compile(r"(?<=[A-Za-z0-9)])[.!?][-–—]\[\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}\]")


def stray_before_marker(ctx: Context) -> Iterator[Finding]:
    """ref-punctuation's check of the text's markers: a dash between a sentence's full stop and its numbered marker
    ('virus.-[1]'). Vancouver sets the marker against the word or the punctuation, with nothing between; a stray
    mark leaves a reader (and ingest) unsure which sentence the marker closes. Style: info."""
    for article in ctx.articles:
        text = article.text or ""
        for m in _STRAY_BEFORE_MARKER.finditer(text):
            within = [
                c for c in article.claims if c.start is not None and c.end is not None and c.start <= m.start() < c.end
            ]
            subject = (
                claim_subject(within[0]) if within else Subject(article.iri, "article", article.slug, article.slug)
            )
            begin = text.rfind("\n", 0, m.start()) + 1
            evidence = within[0].quote if within else text[max(begin, m.start() - 200) : m.end() + 40]
            yield Finding(
                "ref-punctuation",
                "info",
                subject,
                f"The marker {quoted(m.group(0)[2:])} follows the sentence's {quoted(m.group(0)[0])} with a stray "
                f"{quoted(m.group(0)[1])} between them ({quoted(m.group(0))}): a reader may not tell which sentence it closes.",
                evidence,
                "Set the marker against the sentence it cites, with nothing between ('virus.[1]' or 'virus[1].').",
                [],
                m.group(0),
                m.start(),
            )


_CONDITIONAL = re.compile(
    r"\b(?:when|whenever|if|unless|until|once|as\s+soon\s+as)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)


def _conditional(match: re.Match) -> bool:
    """ "When the big-picture data says something new, …": a condition, not an appeal to evidence."""
    return bool(_CONDITIONAL.search(match.string[max(0, match.start() - 40) : match.start()]))


_ANAPHORA = re.compile(r"\b(?:the|these|those|this|that|their|his|her|its|our|both)\s+$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?<=[a-z,;:]\s)[A-Z][\w&'’\-]*\s+$")


def _named_elsewhere(match: re.Match) -> bool:
    """ "the researchers found" points back to researchers the article has named; "Communication Research
    suggests" is a journal's name: neither appeals to unnamed evidence."""
    before = match.string[max(0, match.start() - 60) : match.start()]
    if _ANAPHORA.search(before):
        return True
    owner = _OWNED.search(before)
    if owner and (owner.group("name") or "").strip("'’s").lower() not in _NOT_OWNERS:
        return True  # "NCD's research shows", "Oregon state data shows", "our review of available data found"
    return match.group(0)[:1].isupper() and bool(_NAME_BEFORE.search(before))


#: a paragraph that gives one of the studies a topic sentence speaks of: "For example, one study in 496 adolescent
#: girls found …", "Another study in 20 girls …", "One small, 2-week study found …" (not "A 2019 study found …", which
#: may report any work)
_EXAMPLE_STUDY = re.compile(
    r"(?:for\s{1,3}(?:example|instance),?\s{1,3}|similarly,?\s{1,3}|in\s{1,3}fact,?\s{1,3})?"
    r"(?:one|another)\s{1,3}(?:[\w,'’\-]{1,20}\s{1,3}){0,3}?(?:study|trial|review|analysis|meta-analysis)\b",
    re.IGNORECASE,
)
#: a box that restates its section: "Summary Studies show that …", "Bottom line: …"
_SUMMARY_WORDS = r"(?:summary|(?:the\s{1,3})?bottom\s{1,3}line)\b"
_SUMMARY = re.compile(_SUMMARY_WORDS + r"[:.]?\s", re.IGNORECASE)
#: a summary box's first line, found in a span of the text
_SUMMARY_LINE = re.compile("^" + _SUMMARY_WORDS, re.IGNORECASE | re.MULTILINE)


def _cited_between(article: ArticleFact, begin: int, end: int) -> bool:
    """Whether a claim starting in ``text[begin:end]`` cites a work by a cue the text prints."""
    return any(
        c.start is not None
        and begin <= c.start < end
        and any(x.cue_type in ("explicit", "organisation") for x in c.citations)
        for c in article.claims
    )


def _backed_nearby(article: ArticleFact, claim: ClaimFact) -> bool:
    """Whether the appeal to evidence is answered around it: a topic sentence ("studies show that …") whose next
    paragraphs give the studies it means, each cited ("For example, one study in 496 adolescent girls … (2)"), or a
    "Summary" box restating its section, whose sentences above cite their studies."""
    text = article.text or ""
    if claim.start is None or not text:
        return False
    left, _ = wording.paragraph_bounds(text, claim.start)
    if _SUMMARY.match(text, left, left + 20):
        # the section above: back to the previous summary box, at most 6,000 characters
        previous = max(
            (m.start() for m in _SUMMARY_LINE.finditer(text, max(0, left - 6000), max(0, left - 1))), default=-1
        )
        return _cited_between(article, previous + 1 if previous >= 0 else max(0, left - 6000), left)
    at = text.find("\n", claim.end if claim.end is not None else claim.start)
    for _ in range(2):  # the next two paragraphs
        if at < 0:
            return False
        while at < len(text) and text[at] in "\n \t":
            at += 1
        stop = text.find("\n", at, at + 3000)
        stop = stop if stop >= 0 else min(len(text), at + 3000)
        if _EXAMPLE_STUDY.match(text, at, stop) and _cited_between(article, at, stop):
            return True
        at = stop
    return False


#: an appeal to one work, not many: "new research suggests", "research shows", "a new study found"
_ONE_WORK = re.compile(r"^(?:(?:new|recent)\s+)?research\b|^(?:a|one)\s+(?:recent\s+|new\s+)?study\b", re.IGNORECASE)
#: the news convention of naming the one study a page reports by its journal: "according to a study Monday in Nature
#: Climate Change", "The study is published in the New England Journal of Medicine"
_JOURNAL_NAME = r"(?:the\s{1,3})?(?:journal\s{1,3})?(?-i:[A-Z])[\w&'’\-]{1,30}(?:\s{1,3}(?:of\s{1,3})?(?-i:[A-Z])[\w&'’\-]{1,30}){0,5}"
#: (the study pointed back at, or dated by the day the news reports it: not "A 2019 study published in … found that",
#: which brings in another work with its own finding)
_STUDY_IN_JOURNAL = re.compile(
    r"\b(?:the|this)\s{1,3}(?:new\s{1,3})?(?:study|paper|research|findings|results)\b[^.\n]{0,40}?\bpublished\s{1,3}"
    rf"(?:online\s{{1,3}})?in\s{{1,3}}{_JOURNAL_NAME}"
    r"|\b(?:a|the)\s{1,3}(?:new\s{1,3})?study\s{1,3}(?:published\s{1,3})?(?:on\s{1,3})?(?:Monday|Tuesday|Wednesday|"
    rf"Thursday|Friday|Saturday|Sunday|today|yesterday|this\s{{1,3}}week)\s{{1,3}}in\s{{1,3}}{_JOURNAL_NAME}",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")


def _named_just_after(article: ArticleFact, claim: ClaimFact, match: re.Match) -> str | None:
    """The words naming the one study an appeal speaks of ("New research suggests …"), where the page names it by its
    journal in the appeal's sentence or just after, within the next three sentence ends and 600 characters ("… according
    to a study Monday in Nature Climate Change"; an abbreviation such as "vs." may end a sentence early), as news of
    one study does; None otherwise (and for an appeal to many: "studies show")."""
    text = article.text or ""
    if claim.start is None or not _ONE_WORK.match(match.group(0)):
        return None
    begin, sentence = enclosing_sentence(text, claim.start, claim.end)
    stop = begin + len(sentence)
    limit = min(len(text), stop + 600)
    for _ in range(3):
        end = _SENTENCE_END.search(text, stop + 1, limit)
        stop = end.end() if end else limit
    found = _STUDY_IN_JOURNAL.search(text, begin, stop)
    return found.group(0) if found else None


#: evidence its owner names: a possessive or a proper name right before it, or the writer's own review of it
_OWNED = re.compile(
    r"(?:\b(?:our|their|its)\s+(?:own\s+)?(?:review|analysis|reading)\s+of\s+(?:the\s+)?(?:available\s+)?"
    r"|(?:\b(?:our|their|its)|\b(?P<name>[A-Z][\w&.\-]*(?:['’]s)?))\s+"
    r"(?:(?:own|state|federal|national|county|city|latest|annual|survey)\s+)?)$"
)
#: capitalised words that open a sentence rather than name an owner ("But research shows")
_NOT_OWNERS = {
    "but",
    "and",
    "yet",
    "so",
    "now",
    "also",
    "the",
    "this",
    "these",
    "those",
    "such",
    "other",
    "some",
    "most",
    "many",
    "recent",
    "more",
    "new",
    "however",
    "still",
    "in",
    "as",
    "while",
    "although",
    "our",
    "their",
    "its",
    "what",
    "when",
    "if",
    "because",
}


@rule(
    "vague-attribution",
    "Vague attribution",
    "warning",
    "The text appeals to unnamed evidence ('studies show', 'research suggests', 'experts say', 'studies from "
    "China and the US tend to report', 'officials have revealed') and no "
    "reference a reader can follow backs it. Not where the words point back to researchers already named ('the "
    "researchers found'), are part of a name ('Communication Research suggests'), or stand in page furniture. "
    "Also, on the article: a work the text names in words a reader cannot follow ('published today in the journal "
    "Nature Communications', 'according to a 2017 study', 'according to the 2014 … Fifth assessment report', 'in a "
    "late-stage study') with no reference, link or identifier in that sentence; and an address printed in brackets "
    "beside a numbered marker that the reference list does not hold. Not a topic sentence ('studies show that …') "
    "whose next paragraphs give its studies, each cited ('For example, one study in 496 adolescent girls … (2)'), "
    "nor a 'Summary' box over a section that cites its studies, nor 'according to a study' where the page, "
    "pointing back at the work, names its journal and links it ('The findings were published … in the journal "
    "BMJ Case Reports'): that is info, saying that only the link tells which work it is. Info, too: figures credited "
    "to an organisation by its name alone, with no marker or link in the sentence ('According to the Oral Cancer "
    "Foundation, approximately 53,000 …'), or to a whole website's address ('1265 trials according to "
    "covid19-trials.com', with no page or date of access), and sources named as whole websites ('secured from the "
    "websites of the New Jersey Department of Health, CDC, and The Star Ledger'), and a linked work named only by "
    "its kind and journal ('according to a case report published in the journal BMJ Case Reports', 'a study Monday in "
    "Nature Climate Change'), and 'new "
    "research suggests' or 'research shows' where the page names that one study by its journal just after ('a "
    "study Monday in Nature Climate Change', 'The study is published in the New England Journal of Medicine'), and "
    "figures credited to a body by a verb ('says the World Health Organization', 'described by the European Society "
    "of Cardiology', 'the CDC reported'). A warning, on the article: a figure credited to no one by a passive ('The "
    "incidence of this is quoted from 1:1000-4000', 'is often cited as') with no marker, link or citation in its "
    "sentence: the passive hides who says it (weasel words).",
)
def vague_attribution(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        yield from unlisted_sources(article)
        yield from passive_credits(article)
        for claim in article.claims:
            if any(c.cue_type in ("explicit", "organisation") for c in claim.citations):
                continue
            match = VAGUE.search(claim.quote or claim.text)
            if not match:
                offset, sentence = enclosing_sentence(article.text, claim.start, claim.end)
                match = VAGUE.search(sentence)
                at = offset + match.start() if match else -1
                if match and any(
                    other is not claim
                    and other.start is not None
                    and other.end is not None
                    and other.start <= at < other.end
                    for other in article.claims
                ):
                    match = None  # the phrase is inside another claim's quote: that claim gets the finding
            if not match or _conditional(match) or _named_elsewhere(match) or prose_furniture(article, claim):
                continue
            if _backed_nearby(article, claim):
                continue
            if named := _named_just_after(article, claim, match):
                yield claim_finding(
                    "vague-attribution",
                    "info",
                    claim,
                    f"{quoted(match.group(0))} speaks of one study, which the page names by its journal just after "
                    f"({quoted(named, 70)}): a reader finds it only from that name.",
                    "Link the study where the page names it.",
                    highlight=match.group(0),
                )
                continue
            implicit = " It is linked to a reference only by inference." if claim.citations else ""
            yield claim_finding(
                "vague-attribution",
                "warning",
                claim,
                f"{quoted(match.group(0))} appeals to unnamed evidence, and no reference in the text backs it.{implicit}",
                "Name the study or body and cite it, or drop the appeal to evidence and state the claim as advice.",
                highlight=match.group(0),
            )


#: a work the text names as its source in words a reader cannot follow to it: "published today (Dec. 17, 2018) in the
#: journal Nature Communications", "according to a 2017 study", "according to the 2014 … Fifth assessment report",
#: "in a late-stage study", "a study Monday in Nature Climate Change"
_NAMED_WORK = re.compile(
    r"\bpublished\s{1,3}(?:online\s{1,3}|today\s{1,3}(?:\([^()\n]{0,30}\)\s{1,3})?)?in\s{1,3}(?:the\s{1,3})?journal\s{1,3}"
    r"(?-i:[A-Z])[\w&'’\-]{1,30}(?:\s{1,3}(?-i:[A-Z])[\w&'’\-]{1,30}){0,4}"
    r"|\baccording\s{1,3}to\s{1,3}(?:a|an|the)\s{1,3}(?:(?:19|20)\d{2}\s{1,3})?(?:[\w'’\-]{1,40}\s{1,3}){0,8}?"
    r"(?:study|report|survey|analysis|review|assessment\s{1,3}report)\b"
    r"|\b(?:in|from)\s{1,3}a\s{1,3}(?:late-stage|phase\s{1,3}(?:[1-4]|I{1,3}|IV))\s{1,3}(?:study|trial)\b"
    r"|\ba\s{1,3}(?:new\s{1,3})?study\s{1,3}(?:published\s{1,3})?(?:(?:on\s{1,3})?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|today|yesterday|this\s{1,3}week)\s{1,3})in\s{1,3}(?-i:[A-Z])[\w&'’\-]{1,30}",
    re.IGNORECASE,
)
#: an address printed in brackets right after a numbered marker, as a source beside it: "( [4] ) (http://wwwnc.cdc.gov/
#: travel/notices/…)" (not a DOI address, the article's own or a work's the list holds)
_BARE_ADDRESS = re.compile(
    r"(?:\[\s{0,2}\d{1,3}\s{0,2}\]|\(\s{0,2}\d{1,3}\s{0,2}\))\s{0,3}\)?\s{0,3}\(\s{0,4}"
    r"((?:https?://|www\.)(?!(?:dx\.)?doi\.org)[^\s()<>\[\]\"]{4,300})\s{0,4}\)"
)
#: page furniture that carries an address: a licence, a copyright line
_LICENCE = re.compile(r"licen[cs]e|copyright|creativecommons", re.IGNORECASE)


def _cited_at(article: ArticleFact, start: int, end: int) -> bool:
    """Whether a claim of the article in the sentence that holds ``text[start:end]`` cites something."""
    return any(c.citations for c in _claims_in_sentence(article, start, end))


def _claims_in_sentence(article: ArticleFact, start: int, end: int) -> list[ClaimFact]:
    """The claims of the article that overlap the sentence holding ``text[start:end]``."""
    begin, sentence = enclosing_sentence(article.text or "", start, end)
    stop = begin + len(sentence)
    return [c for c in article.claims if c.start is not None and c.end is not None and c.start < stop and begin < c.end]


#: a work named only by its kind, with no year or other mark of its own: "according to a study", "according to a new
#: case report"
_INDEFINITE_WORK = re.compile(
    r"according\s{1,3}to\s{1,3}an?\s{1,3}(?:new\s{1,3}|recent\s{1,3})?(?:case\s{1,3})?(?:study|report)$", re.IGNORECASE
)
#: the page pointing back at the one work it reports, where it says where that work was published: "The findings were
#: published today (Nov. 18) in the journal BMJ Case Reports", "The authors of the research published in the journal"
_THE_WORK_PUBLISHED = re.compile(
    r"\b(?:the|this)\s{1,3}(?:findings|results|research|study|case\s{1,3}report|paper)\b[^.\n]{0,40}?"
    r"\bpublished\s{1,3}(?:online\s{1,3}|today\s{1,3}(?:\([^()\n]{0,30}\)\s{1,3})?)?in\s{1,3}(?:the\s{1,3})?journal\b"
    r"(?:\s{1,3}(?-i:[A-Z])[\w&'’\-]{1,30}){0,5}",
    re.IGNORECASE,
)


def _answered_later(article: ArticleFact) -> str | None:
    """The words where the page, pointing back at the work it reports, names the journal that published it in a
    sentence that cites the work by a link ("according to a study" is then answered there), or None."""
    text = article.text or ""
    found = (m for m in _THE_WORK_PUBLISHED.finditer(text) if _cited_at(article, m.start(), m.end()))
    m = next(found, None)
    return m.group(0) if m else None


#: a figure credited to no one by a passive: "The incidence of this is quoted from 1:1000-4000 in the USA", "is often
#: cited as"
_PASSIVE_CREDIT = re.compile(
    r"\b(?:is|are|was|were)\s{1,3}(?:often\s{1,3}|commonly\s{1,3}|widely\s{1,3}|usually\s{1,3}|frequently\s{1,3})?"
    r"(?:quoted|cited)\s{1,3}(?:from|as|at|to\s{1,3}be)\b",
    re.IGNORECASE,
)


def passive_credits(article: ArticleFact) -> Iterator[Finding]:
    """vague-attribution's warning on a figure credited to no one by a passive ("is quoted from 1:1000-4000"), with
    no marker, link or citation in its sentence: the passive hides who says it."""
    text = article.text or ""
    subject = Subject(article.iri, "article", article.slug, article.slug)
    for m in _PASSIVE_CREDIT.finditer(text):
        _, sentence = enclosing_sentence(text, m.start(), m.end())
        if not re.search(r"\d", sentence) or wording.marked(sentence) or _cited_at(article, m.start(), m.end()):
            continue
        yield Finding(
            "vague-attribution",
            "warning",
            subject,
            f"The figure here {quoted(m.group(0))}, and the sentence names no one who says it and cites nothing: the "
            "passive hides its source.",
            sentence.strip(),
            "Name and cite the study or body the figure comes from.",
            highlight=m.group(0),
            order=m.start(),
        )


#: figures credited to an organisation by its name alone: "According to the Oral Cancer Foundation, approximately
#: 53,000 …" (a name of two or more capitalised words; one work's kind, "according to the 2014 … report", is
#: ``_NAMED_WORK``'s)
_ORG_CREDIT = re.compile(
    # "according to guidance from the Mayo Clinic": the body's word, no document of it named
    r"\baccording\s{1,3}to\s{1,3}(?:(?:guidance|advice|guidelines|data|figures|estimates|information)\s{1,3}from"
    r"\s{1,3})?the\s{1,3}(?-i:[A-Z])[\w&'’\-]{1,30}"
    r"(?:\s{1,3}(?:(?:of|for|and|on)\s{1,3})?(?-i:[A-Z])[\w&'’\-]{1,30}){1,6}",
    re.IGNORECASE,
)
#: figures or a definition credited to a named body by a verb of saying or describing, with no document: "says the
#: World Health Organization", "described by the European Society of Cardiology" (the name holds a word for a body, so
#: a person's title, "said the Chief Medical Officer", is not one)
_BODY_CREDIT = re.compile(
    r"\b(?:(?:says|said|states|stated|reports|reported|estimates|estimated|warns|warned|advises|recommends)\s{1,3}the"
    r"|(?:described|defined|reported|estimated|set\s{1,3}out|published)\s{1,3}by\s{1,3}the)"
    r"\s{1,3}(?P<name>(?-i:[A-Z])[\w&'’\-]{1,30}(?:\s{1,3}(?:(?:of|for|and|on)\s{1,3})?(?-i:[A-Z])[\w&'’\-]{1,30}){1,6})"
    # the body first, by its initials: "the CDC reported the following", "the WHO estimates"
    r"|\bthe\s{1,3}(?P<initials>(?-i:[A-Z]{2,6}))\s{1,3}(?-i:says|said|states|stated|reports|reported|estimates|"
    r"estimated|warns|warned|advises|recommends)\b",
    re.IGNORECASE,
)
_BODY_WORD = re.compile(
    r"\b(?:Organi[sz]ation|Society|Association|Institutes?|Centers?|Centres?|Agency|Department|Ministry|Foundation|"
    r"College|Council|Board|Service|Commission|Administration|Academy|Federation|Office|Authority|Bureau|Alliance|"
    r"Committee|Programme|Program)\b"
)
#: sources named as whole websites: "Information for this release was secured from the websites of the New Jersey
#: Department of Health, CDC, and The Star Ledger"
_WHOLE_SITES = re.compile(
    r"\b(?:secured|taken|obtained|gathered|compiled|sourced|drawn)\s{1,3}from\s{1,3}(?:the\s{1,3})?websites?\s{1,3}of"
    r"\s{1,3}[^.\n]{1,200}",
    re.IGNORECASE,
)
#: a source named only as someone's website: "[Source: Brian Deer website]"
_SOURCE_SITE = re.compile(
    r"\bsource\s{0,2}:\s{0,2}(?:the\s{1,3})?(?-i:[A-Z])[\w&'’.\-]{1,30}(?:\s{1,3}(?-i:[A-Z])[\w&'’.\-]{1,30}){0,4}"
    r"(?:['’]s)?\s{1,3}(?:website|web\s{1,3}site|web\s{1,3}page|webpage|homepage|blog)\b",
    re.IGNORECASE,
)
#: a figure credited to a whole website by its address alone: "1265 trials according to covid19-trials.com" (a site's
#: root, no page of it)
_SITE_CREDIT = re.compile(
    r"\baccording\s{1,3}to\s{1,3}\[?(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9\-]{0,60}\.(?:com|org|net|gov|info|io))"
    r"(?:\]\(\s{0,2}https?://(?:www\.)?[a-z0-9.\-]{1,80}/?\s{0,2}\))?(?![\w/])",
    re.IGNORECASE,
)
#: a figure in digits or in words ("one-to-seven days", "three in four")
_FIGURE = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
    r"million|billion)\b",
    re.IGNORECASE,
)
#: a linked work named only by its kind and journal: "according to a case report published in the journal BMJ Case
#: Reports" (the link's text)
_KIND_AND_JOURNAL = re.compile(
    r"\b(?:a|an)\s{1,3}(?:new\s{1,3}|recent\s{1,3})?(?:case\s{1,3}report|study|paper|report|review|trial|analysis)\s{1,3}"
    r"(?:published\s{1,3}(?:online\s{1,3}|today\s{1,3})?in\s{1,3}(?:the\s{1,3})?journal\s{1,3}"
    # a news page's form: "a study Monday in Nature Climate Change", "a paper this week in Science"
    r"|(?:published\s{1,3})?(?:on\s{1,3})?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
    r"this\s{1,3}week)\s{1,3}in\s{1,3}(?:the\s{1,3}journal\s{1,3})?)"
    r"(?-i:[A-Z])[\w&'’\-]{1,30}(?:\s{1,3}(?-i:[A-Z])[\w&'’\-]{1,30}){0,4}",
    re.IGNORECASE,
)


def vague_sources(article: ArticleFact, subject: Subject) -> Iterator[Finding]:
    """vague-attribution's info findings on sources a reader cannot trace to a page: figures credited to an
    organisation or to a website's address alone, sources named as whole websites, and a linked work named only by
    its kind and journal."""
    text = article.text or ""

    def info(m: re.Match[str], message: str, evidence: str, fix: str) -> Finding:
        return Finding(
            "vague-attribution", "info", subject, message, evidence, fix, highlight=m.group(0), order=m.start()
        )

    credits = [
        *_ORG_CREDIT.finditer(text),
        *(m for m in _BODY_CREDIT.finditer(text) if m["initials"] or _BODY_WORD.search(m["name"])),
    ]
    for m in sorted(credits, key=lambda m: m.start()):
        _, sentence = enclosing_sentence(text, m.start(), m.end())
        if not _FIGURE.search(sentence) or _NAMED_WORK.match(text, m.start()) or wording.marked(sentence):
            continue  # no figure to trace, a work named by its kind (a warning above), or a marker or link here
        if not _cited_at(article, m.start(), m.end()):
            yield info(
                m,
                f"The figures here are credited {quoted(m.group(0))}, with no page, report title, year or address: "
                "a reader cannot find where the organisation says them, nor tell when.",
                sentence,
                "Cite the organisation's page or report (its title, year and address) for these figures.",
            )
    for m in _KIND_AND_JOURNAL.finditer(text):
        _, sentence = enclosing_sentence(text, m.start(), m.end())
        if _cited_at(article, m.start(), m.end()) or wording.marked(sentence):  # else _NAMED_WORK's warning
            yield info(
                m,
                f"The text names the work it links only by its journal ({quoted(m.group(0))}): no title, authors or "
                "year, so only the link's address tells a reader which work it is.",
                sentence,
                "Give the work's authors, title, year and DOI where the page names it, beside the link.",
            )
    for m in _WHOLE_SITES.finditer(text):
        yield info(
            m,
            f"The sources are named as whole websites ({quoted(m.group(0), 120)}), with no page, title, date or "
            "address: no figure can be traced to one of them.",
            page.line_at(text, m.start()).strip() or m.group(0),
            "Cite the page of each website that gives a figure (its title, date and address), beside the figure.",
        )
    for m in _SOURCE_SITE.finditer(text):
        yield info(
            m,
            f"The source is named only as a website ({quoted(m.group(0), 80)}), with no page title, author, date or "
            "original work: only a link's address, if any, says which page it is.",
            page.line_at(text, m.start()).strip()[-300:] or m.group(0),
            "Name the page (its title, author and date) and, for a quotation, the talk or text it was first given in.",
        )
    for m in _SITE_CREDIT.finditer(text):
        _, sentence = enclosing_sentence(text, m.start(), m.end())
        if _FIGURE.search(sentence):
            yield info(
                m,
                f"A figure is credited to a whole website ({quoted(m.group(1))}), with no page and no date of "
                "access: a count such a site keeps changes, so a reader cannot check the one printed.",
                sentence,
                "Give the page the figure comes from and the day it was read (or the figure's own date).",
            )


def unlisted_sources(article: ArticleFact) -> Iterator[Finding]:
    """vague-attribution's findings on the article's text: a work named in words a reader cannot follow, with no
    reference in its sentence, and an address printed beside a marker that the list does not hold."""
    text = article.text or ""
    if not any(c.start is not None for c in article.claims):
        return  # claims with no place in the text: which sentence cites what cannot be told
    subject = Subject(article.iri, "article", article.slug, article.slug)
    yield from vague_sources(article, subject)
    for m in _NAMED_WORK.finditer(text):
        _, sentence = enclosing_sentence(text, m.start(), m.end())
        if _cited_at(article, m.start(), m.end()) or wording.marked(sentence):
            continue  # a claim there cites a work, or the sentence carries a marker or a link of its own
        later = _answered_later(article) if _INDEFINITE_WORK.match(m.group(0)) else None
        if later:
            # "according to a study", answered where the page names the work's journal and links it: only the link
            # says which work it is
            severity, message, advice = (
                "info",
                f"The text names its source as {quoted(m.group(0))}; the page names it again only by its journal "
                f"({quoted(later, 120)}), with a link: no title, authors or year, so only the link's address tells "
                "a reader which work it is.",
                "Give the work's authors, title and year where the page names it, beside the link.",
            )
        else:
            severity, message, advice = (
                "warning",
                f"The text names its source as {quoted(m.group(0))}, but gives no reference, link or identifier for "
                "it: a reader cannot find the work from a journal's or a kind of work's name alone.",
                "Cite the work itself (its authors, title, year, journal and DOI, or a link to it).",
            )
        yield Finding(
            "vague-attribution",
            severity,
            subject,
            message,
            sentence or m.group(0),
            advice,
            highlight=m.group(0),
            order=m.start(),
        )
    if not article.references:
        return  # an article with no list: its links are its citations, which ingest reads
    listed = " ".join(f"{r.verbatim or ''} {r.source.url or ''}" for r in article.references)
    for m in _BARE_ADDRESS.finditer(text):
        address = m.group(1).rstrip(".,;:")
        line = page.line_at(text, m.start())
        if address in listed or _LICENCE.search(line) or _cited_at(article, m.start(1), m.end(1)):
            continue
        yield Finding(
            "vague-attribution",
            "warning",
            subject,
            f"The text prints the address {quoted(address, 80)} as a source, but the reference list holds no "
            "entry for it: a reader gets no title, author or date for what it points to.",
            line.strip() or address,
            "Add an entry for the page to the reference list (its author, title, date and the day it was read), "
            "and cite it by its number.",
            highlight=address,
            order=m.start(),
        )


def own_part(cue: str, source: SourceFact) -> str:
    """The part of a cue that names ``source``, where the cue names several works ("Smith et al. 2004; Bedford et
    al. 2012"): the part whose surname is the source's first author's, else the one with its year; the whole cue
    when it names one work or no part matches."""
    # works separated by APA's semicolon, or by the comma many journals print after a year before the next author
    # ("Cao-Lormeau et al. 2014, Ioos et al. 2014", as kg.ingest.linking reads a bracket); not "(Smith, 2014)"
    parts = [p.strip(" ()[]") for p in re.split(r";|(?<=\d),\s{1,3}(?=[A-Z])|(?<=\d[a-z]),\s{1,3}(?=[A-Z])", cue)]
    if len(parts) < 2:
        return cue
    first = source.authors[0] if source.authors and source.authors[0].split() else ""
    # "Bedford, T." or "Bedford T": the surname is before the comma, else the longest word (not the initials)
    surname = refs.fold(first.split(",")[0].split()[-1] if "," in first else max(first.split(), key=len, default=""))
    named = [p for p in parts if surname and surname in refs.fold(p)]
    dated = [p for p in parts if source.year and str(source.year) in p]
    both = [p for p in named if p in dated]
    return (both or named or dated or [cue])[0]


#: a place after the name "reported in" is followed by: "reported in the Pacific region", "in the United States"
_PLACE_AFTER = re.compile(
    r"\s{0,3}(?:region|area|areas|country|countries|island|islands|state|states|city|cities|province|district|"
    r"county|counties|world|community|communities|population)\b",
    re.IGNORECASE,
)
_PLACE_NAMED = re.compile(r"^(?:the\s+)?(?:United\s+States|United\s+Kingdom|US|UK|USA|Europe|Africa|Asia)$")


def _venue_in_cue(cue: str) -> str | None:
    """The journal a sentence says a work appeared in ("published in the journal Pediatrics"), or None; not a place
    ("the only previous outbreak reported in the Pacific region")."""
    match = re.search(
        r"\b(?:published|appearing|appeared|reported|printed)\s+in\s+(?:the\s+)?(?:journal\s+)?"
        r"(?P<venue>(?:the\s+)?[A-Z][\w&'’\-]*(?:\s+(?:of|and|for|in|on|the|&|[A-Z][\w&'’\-]*))*)",
        cue,
    )
    if not match or _PLACE_AFTER.match(cue, match.end()) or _PLACE_NAMED.match(match.group("venue").strip()):
        return None
    return match.group("venue").strip()


#: a share in a list of shares, printed with no unit where the others say "percent" or "%": "… 11.9 percent were
#: black, 15.36 percent Hispanic, and 7.3 of another race or ethnicity" (a decimal: a whole number there is a count)
_BARE_SHARE = re.compile(
    r"(?:,|\band)\s{1,3}(\d{1,3}\.\d{1,2})\s{1,3}(?!percent\b|per\s{1,3}cent\b|%)(?:of|[a-z]{2,20})\b"
)
_PERCENT_SHARE = re.compile(r"\d\s{0,3}(?:percent\b|per\s{1,3}cent\b|%)", re.IGNORECASE)


@rule(
    "stat-unit-missing",
    "Share printed with no unit",
    "warning",
    "In a list of shares that says 'percent' or '%' at least twice before it, a decimal printed with no unit "
    "('… 15.36 percent Hispanic, and 7.3 of another race or ethnicity'): the unit was most likely dropped, and a "
    "reader cannot be sure what the figure counts. Not a whole number ('and 2 of them'), which reads as a count.",
)
def stat_unit_missing(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        text = article.text or ""
        subject = Subject(article.iri, "article", article.slug, article.slug)
        for m in _BARE_SHARE.finditer(text):
            begin, sentence = enclosing_sentence(text, m.start(), m.end())
            if len(_PERCENT_SHARE.findall(text, begin, m.start())) < 2:
                continue
            share = m.group(1)
            yield Finding(
                "stat-unit-missing",
                "warning",
                subject,
                f"{quoted(share)} is printed with no unit in a list whose other shares say 'percent': the unit was "
                "most likely dropped.",
                sentence or share,
                "Check the figure against its source and print its unit ('7.3 percent'), as the other shares do.",
                highlight=share,
                order=m.start(),
            )


@rule(
    "cue-mismatch",
    "In-text cue disagrees with its reference",
    "error",
    "An explicit cue ('a 2021 study published in …', 'the … advises') names a year, journal or organisation "
    "that the reference it points to does not have. A near match (a word missing from a journal's name) is a "
    "warning; a different year or venue is an error. A cue that calls the work a review, trial or guideline "
    "when the source's design is something else is a warning. An author-year cue whose surname is spelt "
    "otherwise than the entry's first author, or whose 'et al.' hides a different first author, is a warning. "
    "A cue that ingest linked at a lower confidence and recorded as nearly matching (ekg:cueMismatch: "
    "'et al.' on a one-author work, a year one off) is a warning that says what differs, where no check above "
    "reports it. So is an attribution cue that names a person the text introduced in full ('John Burn, M.D.') by a "
    "title and a surname one letter away ('Dr. Burns') that no one else in the article bears: one person spelt two "
    "ways, or a second person never introduced. Info: a capitalised word printed once that is a named person's "
    "recurring surname with one letter dropped or added inside it, borne by no one named ('Garett' beside 'Wendy "
    "Garrett'). A warning, too: a sentence that quotes the title of one entry of the list ('described in the "
    "‘WHO Manual For The Monitoring Of Yellow Fever Virus Infection’[1]') while its cue points to another entry.",
)
def cue_mismatch(ctx: Context) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    yield from person_named_otherwise(ctx)
    for article in ctx.articles:
        yield from surname_misspelt(article)
        yield from title_of_another_entry(article)

    for article in ctx.articles:
        for claim in article.claims:
            for citation, ref in cited_references(article, claim):
                if not citation.cue or citation.cue_type not in ("explicit", "organisation") or ref is None:
                    continue
                source = ref.source
                cue = own_part(citation.cue, source)
                related = ref_related(ref)

                raised: list[Finding] = []

                def finding(severity: str, message: str, fix: str, highlight: str | None) -> Finding:
                    f = claim_finding("cue-mismatch", severity, claim, message, fix, related, highlight)  # noqa: B023 - finding() is called only in the iteration that defines it
                    f.evidence = f"{claim.quote} — cue: {cue}"  # noqa: B023 - as above
                    raised.append(f)  # noqa: B023 - as above
                    return f

                if citation.cue_type == "explicit" and (named := entries.author_cue_defect(cue, source.authors)):
                    severity, message, shown = named
                    yield finding(
                        severity,
                        message + f" ({sentence_start(ref_name(ref))}.)",
                        "Write the cue with the entry's first author as the list spells it ('Surname et al., Year'), "
                        "or point it at the work it names.",
                        shown,
                    )
                years = [int(y) for y in re.findall(r"(?<!\d)(1[6-9]\d{2}|20\d{2})(?!\d)", cue)]
                if years and source.year and source.year not in years:
                    yield finding(
                        "error",
                        f"The cue {quoted(cue)} gives {years[0]}, but {ref_name(ref)} is from {source.year}.",
                        f"Correct the year in the text to {source.year}, or point the claim at the work the cue names.",
                        str(years[0]),
                    )
                if source.journal and citation.cue_type == "explicit":
                    venue = _venue_in_cue(cue)
                    if venue is None:
                        hit = fuzz.partial_ratio_alignment(refs.fold(source.journal), refs.fold(cue))
                        if refs.fold(source.journal) in refs.fold(cue) or hit is None or hit.score < 85:
                            venue = None
                        else:
                            venue = refs.fold(cue)[hit.dest_start : hit.dest_end]
                    if venue and refs.fold(venue) != refs.fold(source.journal):
                        score = fuzz.ratio(refs.fold(venue), refs.fold(source.journal))
                        if score >= 85:
                            yield finding(
                                "warning",
                                f"The cue names the journal {quoted(venue)}; {ref_name(ref)} gives "
                                f"{quoted(source.journal)}. The same journal, misnamed.",
                                f"Write the journal's name as {quoted(source.journal)}.",
                                venue,
                            )
                        else:
                            yield finding(
                                "error",
                                f"The cue names {quoted(venue)}, but {ref_name(ref)} appeared in {quoted(source.journal)}.",
                                "Point the claim at the work the cue names, or correct the cue.",
                                venue,
                            )
                names = sorted(source.publishers)
                if citation.cue_type == "organisation" and names:
                    folded_cue = refs.fold(cue)
                    if not any(
                        refs.fold(n) in folded_cue or (len(refs.acronym(n)) >= 2 and refs.acronym(n) in cue)
                        for n in names
                    ):
                        best = max(names, key=lambda n: fuzz.partial_ratio(refs.fold(n), folded_cue))
                        score = fuzz.partial_ratio(refs.fold(best), folded_cue)
                        yield finding(
                            "warning",
                            f"The cue {quoted(cue)} does not name {quoted(best)}, the publisher of {ref_name(ref)}"
                            + (" (a near spelling)." if score >= 85 else "."),
                            f"Name the organisation as the reference list does ({quoted(best)}), or cite the organisation the text names.",
                            None,
                        )
                for pattern, fitting in DESIGN_WORDS.items():
                    word = re.search(pattern, cue, re.IGNORECASE)
                    if word and ref.design and ref.design not in fitting:
                        yield finding(
                            "warning",
                            f"The cue calls the work a {quoted(word.group(0))}, but {ref_name(ref)} is appraised as a "
                            f"{ctx.design_label(ref.design)}.",
                            "Describe the work as what it is, or check the appraisal.",
                            word.group(0),
                        )
                if citation.mismatch and not raised:
                    # ingest linked the cue at a lower confidence and recorded how it differs from the entry
                    yield finding(
                        "warning",
                        f"The cue {quoted(cue)} nearly matches {ref_name(ref)}, but they differ: "
                        f"{'; '.join(citation.mismatch)}.",
                        "Write the cue as the list gives the work (author, et al., year), or point the claim at the work "
                        "the cue names.",
                        None,
                    )


@rule(
    "odds-as-risk",
    "Odds ratio worded as 'times more likely'",
    "warning",
    "The article words a figure as a risk ('2.6 times more likely'), but the source's own statistic, recorded "
    "in the graph, is an odds ratio. An odds ratio is not a risk ratio and overstates it when the outcome is common. "
    "In a draft, which records no source statistic: the sentence prints the odds ratio it words as a risk ('three "
    "times more likely (OR=3.0)'), or the one entry it cites is a case-control study by its title.",
)
def odds_as_risk(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            found = list(_odds_as_risk_recorded(ctx, claim))
            yield from found
            if not found:
                yield from _odds_as_risk_drafted(article, claim)


def _odds_as_risk_drafted(article: ArticleFact, claim: ClaimFact) -> Iterator[Finding]:
    """In a draft, which records no source statistic: the sentence prints an odds ratio ("(OR=3.0)") and words it as a
    risk, or words as a risk a figure of the one entry it cites, which its title calls a case-control study (whose
    measure is the odds ratio)."""
    text = claim.quote or claim.text
    likely = _LIKELIER.search(text)
    if not likely:
        return
    printed = entries.PRINTED_ODDS_RATIO.search(text)
    support = _support(article, claim)
    case_control = [r for r in support if (r.design or entries.design_from_title(r.source.title)) == "case-control"]
    if printed:
        yield claim_finding(
            "odds-as-risk",
            "warning",
            claim,
            f"The sentence prints an odds ratio ({quoted(printed.group(0))}) and words it as a risk ({quoted(likely.group(0))}). "
            "An odds ratio is not a risk ratio, and overstates it when the outcome is common.",
            "Say the group had that many times the odds, or give the risk ratio if the source reports one.",
            highlight=likely.group(0),
        )
    elif len(support) == 1 and case_control and re.search(r"\btimes\b", likely.group(0)):
        ref = case_control[0]
        yield claim_finding(
            "odds-as-risk",
            "warning",
            claim,
            f"The sentence words a figure as a risk ({quoted(likely.group(0))}), but it cites {ref_name(ref)}, a "
            "case-control study (by its title), whose measure is the odds ratio: cases and controls are sampled by "
            "outcome, so no risk can be read from them.",
            "Say the group had that many times the odds (the study's odds ratio).",
            ref_related(ref),
            highlight=likely.group(0),
        )


def _odds_as_risk_recorded(ctx: Context, claim: ClaimFact) -> Iterator[Finding]:
    """Against the odds ratio the graph records: of a cited source, or typed so in the sentence."""
    cited_stats = {
        iri: s for c in claim.citations if (src := ctx.facts.sources.get(c.source)) for iri, s in src.statistics.items()
    }
    for stat in claim.statistics:
        found = [cited_stats[i] if i in cited_stats else _find_stat(ctx, i) for i in sorted(stat.derived_from)]
        origins = [o for o in found if o is not None]
        if not origins and stat.value is not None:  # not linked: an odds ratio of a cited source that rounds to it
            origins = [s for s in cited_stats.values() if s.value and abs(s.value - stat.value) <= 0.05 * abs(s.value)]
        odds = [o for o in origins if ODDS_RATIO in o.stato]
        wording = RISK_WORDING.search(claim.quote) or RISK_WORDING.search(stat.stated_as)
        if not odds and stat.measure == "odds-ratio" and (likely := _LIKELIER.search(claim.quote)):
            # the sentence itself gives the odds ratio ("odds ratio 2.6") and words it as a risk
            yield claim_finding(
                "odds-as-risk",
                "warning",
                claim,
                f"The sentence gives {quoted(stat.stated_as)} as an odds ratio and words it as a risk "
                f"({quoted(likely.group(0))}). An odds ratio is not a risk ratio, and overstates it when the outcome is common.",
                "Say the group had that many times the odds, or give the risk ratio if the source reports one.",
                highlight=likely.group(0),
            )
            continue
        if not odds or not (wording or RISK_RATIO in stat.stato):
            continue
        said = stat.stated_as
        if wording and stat.stated_as in claim.quote and (b := wording.re.search(claim.quote)):
            a = claim.quote.index(stat.stated_as)
            said = claim.quote[min(a, b.start()) : max(a + len(stat.stated_as), b.end())]
        yield claim_finding(
            "odds-as-risk",
            "warning",
            claim,
            f"The article says {quoted(said)}, a risk, but the source reports an odds ratio ({odds[0].stated_as}). "
            "An odds ratio is not a risk ratio, and overstates it when the outcome is common.",
            f"Say the group had {stat.stated_as.replace('times', '').strip()} times the odds, or give the risk ratio if the "
            "source reports one.",
            [Subject(o.iri, "statistic", o.stated_as, claim.article) for o in odds],
            highlight=stat.stated_as,
        )


_LIKELIER = re.compile(
    r"\b(?:times\s(?:more|less|as)\slikely|(?:more|less)\slikely|likelier|times\sthe\s(?:risk|chance))\b", re.IGNORECASE
)


def _find_stat(ctx: Context, iri: str) -> StatFact | None:
    for source in ctx.facts.sources.values():
        if iri in source.statistics:
            return source.statistics[iri]
    return None


def _support(article: ArticleFact, claim: ClaimFact) -> list[ReferenceFact]:
    return [ref for _, ref in cited_references(article, claim) if ref is not None]


@rule(
    "causal-observational",
    "Causal wording on an observational study",
    "warning",
    "A causal claim (typed causal, or worded 'causes', 'leads to', 'prevents', 'reduces the risk') whose "
    "cited support is only observational (cohort, case-control, cross-sectional, case series): such studies "
    "show association, not cause.",
)
def causal_observational(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            support = _support(article, claim)
            # the appraised design, or (in a draft, which has no appraisal) the design the entry's title names
            designs = [r.design or entries.design_from_title(r.source.title) for r in support]
            if not support or not all(d in OBSERVATIONAL for d in designs):
                continue
            wording = CAUSAL_WORDING.search(claim.quote or claim.text)
            if "causal" not in claim.types and not wording:
                continue
            names = "; ".join(
                f"{ref_name(r)}, a {ctx.design_label(d)}" + ("" if r.design else " (by its title)")
                for r, d in zip(support, designs)
            )
            yield claim_finding(
                "causal-observational",
                "warning",
                claim,
                f"The claim is causal{' (' + quoted(wording.group(0)) + ')' if wording else ''}, but it rests on {names}: "
                "an observational design shows association, not cause.",
                "Word it as an association ('is linked to', 'was more common among'), or cite a trial or a review of trials.",
                [s for r in support for s in ref_related(r)],
                highlight=wording.group(0) if wording else None,
            )


@rule(
    "mechanism-only",
    "Outcome claim resting on a model study",
    "warning",
    "A claim about people's risk or outcomes ('more likely to develop back pain') whose only cited support is a "
    "computational or laboratory model: a model simulates mechanics and cannot show who develops a condition.",
)
def mechanism_only(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            support = _support(article, claim)
            if not support or not all(r.design in MECHANISM for r in support):
                continue
            wording = OUTCOME_WORDING.search(claim.quote or claim.text)
            if not (claim.types & {"association", "causal", "statistical"}) and not wording:
                continue
            names = "; ".join(
                f"{ref_name(r)}, a {ctx.design_label(r.design)} ({ctx.level_label(r.level)})" for r in support
            )
            yield claim_finding(
                "mechanism-only",
                "warning",
                claim,
                f"The claim is about who develops a condition or how likely it is"
                f"{' (' + quoted(wording.group(0)) + ')' if wording else ''}, but its only support is {names}, which "
                "simulates mechanics and measures no one's outcome.",
                "Cite a study of people's outcomes (a cohort or a trial), or word the claim as what the model showed.",
                [s for r in support for s in ref_related(r)],
                highlight=wording.group(0) if wording else None,
            )


@rule(
    "grey-clinical-figure",
    "Clinical figure resting on grey literature",
    "warning",
    "A health figure (an amount, a duration, a threshold, a rate) whose only cited support is grey literature: "
    "a web page or blog that is not a study or a guideline. In a draft (no source appraised), a blog post read from "
    "its address (a '/blog/' or '/blogs/' path, a 'blog.' host): a warning where blog posts are all that supports "
    "the figure, info where one stands beside other sources (a blog is no peer-reviewed or authoritative source for "
    "a health figure, and a company's blog has an interest in it).",
)
def grey_clinical_figure(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for claim in article.claims:
            stats = [s for s in claim.statistics if s.measure not in NOT_FIGURES]
            support = _support(article, claim)
            if stats and support and not is_marketing(claim) and drafted(article):
                yield from _blog_support(claim, stats, support)
            if is_marketing(claim) or not stats or not support or not all(r.design in GREY for r in support):
                continue
            names = "; ".join(
                f"{ref_name(r)}{' (' + ', '.join(sorted(r.source.publishers)) + ')' if r.source.publishers else ''}"
                for r in support
            )
            yield claim_finding(
                "grey-clinical-figure",
                "warning",
                claim,
                f"Only grey literature supports the figures here ({figures(stats)}): {names}, a web page that is not a "
                "study or a guideline.",
                "Cite a clinical guideline or a study for the figure, or present it as the organisation's advice.",
                [s for r in support for s in ref_related(r)],
                highlight=stats[0].stated_as,
            )


#: a blog post by its address: a "blog" or "blogs" segment of the path, or a "blog." host
_BLOG_URL = re.compile(
    r"^https?://(?:blog\.[^/\s]{1,100}|[^/\s]{1,100}/(?:[^\s?#]{0,200}/)?blogs?/[^\s?#]{1,300})", re.IGNORECASE
)


def _blog_support(claim: ClaimFact, stats: list[StatFact], support: list[ReferenceFact]) -> Iterator[Finding]:
    """grey-clinical-figure's findings in a draft on a figure that cites a blog post (by its address)."""
    blogs = [r for r in support if r.source.url and _BLOG_URL.match(r.source.url)]
    if not blogs:
        return
    alone = len(blogs) == len(support)
    names = "; ".join(f"{ref_name(r)} ({r.source.url})" for r in blogs)
    yield claim_finding(
        "grey-clinical-figure",
        "warning" if alone else "info",
        claim,
        (
            f"Only a blog post supports the figures here ({figures(stats)}): {names}."
            if alone
            else f"A blog post is among the sources of the figures here ({figures(stats)}): {names}."
        )
        + " A blog is no peer-reviewed or authoritative source for a health figure.",
        "Cite the study or the guideline the figure comes from.",
        [s for r in blogs for s in ref_related(r)],
        highlight=stats[0].stated_as,
    )


# ---------------------------------------------------------------------------------------------- references


def drafted(article: ArticleFact) -> bool:
    """A draft of ``ekg ingest``: no source of it appraised and none of its figures recorded (ingest does neither; a
    curated article's curators chose what to record)."""
    return not any(r.design or r.source.statistics for r in article.references)


def split_pieces(article: ArticleFact) -> list[ReferenceFact]:
    """The list's unnumbered "entries" that are only another entry's locator (``refs.locator_only``), in a list
    whose other entries are numbered: pieces the reader split off, not works of their own."""
    if not any(r.number is not None for r in article.references):
        return []
    return [r for r in article.references if r.number is None and refs.locator_only(r.verbatim, r.source.authors)]


def marker_numbers(text: str, numbered: set[int]) -> set[int]:
    """Every reference number that a numbered marker of the text points to ("[3]", "(1,2)", "(4–6)", "¹"), read
    by the same marker reader as ingest."""
    from kg.ingest.linking import find_markers

    return {n for marker in find_markers(text, 0, len(text), numbered) for n in marker.numbers}


@rule(
    "ref-uncited",
    "Reference no claim cites",
    "warning",
    "A reference-list entry that no claim of the article cites: a reader cannot tell what it supports. An "
    "unnumbered 'entry' of a numbered list that is only a journal, year, volume and pages (a piece a reader split "
    "off another entry) is info: it was not checked. So is the one entry of a page that presents itself as that "
    "work's summary ('Summary of journal article titled …'). A list none of whose entries the text cites or "
    "points to (no cue anywhere, or the list of a paper whose text is not on the page, such as an abstract page "
    "with the paper's references in its metadata) is one info finding for the article: with no cue to follow, "
    "no entry can be told apart as unused, and the claims' own rules say which lack a source.",
)
def ref_uncited(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        cited = cited_sources(article)
        markers = marker_numbers(article.text or "", {r.number for r in article.references if r.number is not None})
        pieces = split_pieces(article)
        if len(article.references) > 1 and not markers and not any(r.source.iri in cited for r in article.references):
            yield Finding(
                "ref-uncited",
                "info",
                Subject(article.iri, "article", article.slug, article.slug),
                f"None of the list's {len(article.references)} entries is cited or pointed to anywhere in the text, so "
                "which entry supports which statement was not checked: the page prints no cue, or the list belongs "
                "to text that is not on the page.",
                article.title or article.slug,
                "If the page is the whole article, tie each claim to its entry with a cue a reader can follow.",
            )
            continue
        for ref in article.references:
            if ref in pieces and ref.source.iri not in cited:
                yield reference_finding(
                    "ref-uncited",
                    "info",
                    ref,
                    f"The list holds {quoted(ref.verbatim or '', 60)} as an entry of its own: a journal, year, volume "
                    "and pages with no author or title, the locator of another entry that the draft split off. Whether "
                    "that entry gives it was not checked.",
                    "Check the entry it belongs to on the page; nothing to fix if the page prints them together.",
                )
            elif ref.source.iri not in cited and ref.number is not None and ref.number in markers:
                yield reference_finding(
                    "ref-uncited",
                    "info",
                    ref,
                    f"The text points to {ref_name(ref)} with a numbered marker, but no claim of the graph carries "
                    "the citation (the sentence states no claim that was recorded).",
                    "Nothing to fix in the article; record the claim the marker supports if it matters to the review.",
                )
            elif (
                ref.source.iri not in cited
                and len(article.references) == 1
                and (summary := page.summary_of(article.text or ""))
            ):
                yield reference_finding(
                    "ref-uncited",
                    "info",
                    ref,
                    f"No claim cites {ref_name(ref)}, but the page presents itself as a summary of one work "
                    f"({quoted(summary, 50)}) and this is the one entry it prints: the whole page rests on it.",
                    "Nothing to fix; a marker on the figures taken from it would let a reader check each.",
                )
            elif ref.source.iri not in cited:
                yield reference_finding(
                    "ref-uncited",
                    "warning",
                    ref,
                    f"No claim in the article cites {ref_name(ref)}; a reader cannot tell what it supports.",
                    "Cite it where the article relies on it (with a cue a reader can follow), or drop it from the list.",
                )


@rule(
    "ref-implicit-only",
    "Reference tied to the text only implicitly",
    "warning",
    "Every claim that cites this reference does so without a cue in the text (no author, year, organisation "
    "or marker): the link is a reviewer's inference, not something a reader can follow.",
)
def ref_implicit_only(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        cited = cited_sources(article)
        for ref in article.references:
            claims = cited.get(ref.source.iri)
            if not claims:
                continue
            citations = [c for claim in claims for c in claim.citations if c.source == ref.source.iri]
            if citations and all(c.cue_type == "implicit" for c in citations):
                confidences = sorted({c.confidence for c in citations if c.confidence is not None})
                conf = ""
                if confidences:
                    span = f"{confidences[0]:g}" if len(confidences) == 1 else f"{confidences[0]:g}–{confidences[-1]:g}"
                    conf = f" (the curators' confidence: {span})"
                ids = ", ".join(c.id for c in claims)
                yield reference_finding(
                    "ref-implicit-only",
                    "warning",
                    ref,
                    f"{sentence_start(ref_name(ref))} is linked to {len(claims)} claim{'s' if len(claims) != 1 else ''} "
                    f"({ids}) only by inference{conf}: the text gives no cue a reader can follow.",
                    "Add an in-text cue (author and year, the organisation, or a numbered marker) where the article relies on it.",
                    related=[source_subject(ref.source, ref.article)] + [claim_subject(c) for c in claims],
                )


#: a serial bulletin that a year alone does not date: "Surveillance de la dengue …", "Weekly epidemiological record",
#: "situation report"
_SERIAL = re.compile(
    r"\b(?:surveillance|bulletin|situation\s{1,3}report|weekly\s{1,3}(?:epidemiological\s{1,3})?(?:record|report)|"
    r"point\s{1,3}[ée]pid[ée]miologique)\b",
    re.IGNORECASE,
)
#: a day or an issue an entry prints: "28 March 2014", "2014 Mar 28", "No. 12", "accessed"
_DATED = re.compile(
    r"\b(?:\d{1,2}\s{1,3}[A-Z][a-z]{2,8}\.?\s{1,3}(?:19|20)\d{2}|(?:19|20)\d{2}\s{1,3}[A-Z][a-z]{2,8}\.?\s{1,3}\d{1,2}|"
    r"[A-Z][a-z]{2,8}\.?\s{1,3}\d{1,2},\s{1,3}(?:19|20)\d{2}|no\.\s{0,2}\d|n°\s{0,2}\d|accessed|retrieved|cited)\b",
    re.IGNORECASE,
)
#: an ordinal's superscript flattened into brackets: "in the 20(th) century", "1(st) report"
_FLAT_SUPERSCRIPT = re.compile(r"\b(\d{1,4})\((st|nd|rd|th)\)")


#: a PubMed or PMC record's address: what a source given only as a link to the record opens
_PUBMED_ADDRESS = re.compile(
    r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/(?:pubmed|pmc)/)", re.IGNORECASE
)


def _pubmed_links_only(article: ArticleFact) -> Iterator[Finding]:
    """ref-malformed's one finding for a page whose sources are all only links to PubMed or PMC records, printed
    with no entry (no author, title, year or journal on the page): the page as a whole, not one finding per link."""
    bare = [r for r in article.references if not r.verbatim]
    linked = [r for r in bare if _PUBMED_ADDRESS.match(r.source.url or "")]
    if len(linked) < 5 or len(linked) < len(article.references) * 0.8:
        return
    yield Finding(
        "ref-malformed",
        "warning",
        Subject(article.iri, "article", article.slug, article.slug),
        f"The page has no reference list: {len(linked)} of its {len(article.references)} sources are only numbered "
        "links to PubMed or PMC records, with no author, title, year or journal printed, so a reader who cannot "
        "follow the links cannot tell what any of them is.",
        ", ".join(r.source.url or "" for r in linked[:3]) + (", …" if len(linked) > 3 else ""),
        "Print a reference list (each work's authors, title, journal, year and DOI or PMID), and keep the links.",
        highlight=linked[0].source.url,
    )


def _pages_before_journal(source: SourceFact, text: str) -> str | None:
    """The page range an entry prints between the start of its title and its journal's name ("… in children
    637-641. The Lancet - Vol. 351"), or None: the range the reference reader read as the pages, printed where no
    standard style puts it. Only where the title and, after it, the journal are found as printed."""
    if not (source.journal and source.title and source.page_start):
        return None
    lower = text.lower()
    start = lower.find(source.title.lower())
    if start < 0:
        return None
    end = lower.find(source.journal.lower(), start + len(source.title))
    if end < 0:
        return None
    found = re.search(
        rf"(?<![\d.:;(/-]){re.escape(source.page_start)}\s{{0,2}}[-–]\s{{0,2}}\d{{1,6}}(?![\d)])", text[start:end]
    )
    return found.group(0) if found else None


@rule(
    "ref-malformed",
    "Malformed reference entry",
    "warning",
    "The printed entry has unbalanced brackets, an ordinal's superscript turned into brackets ('20(th) century'), "
    "a bulletin dated by its year alone (a surveillance bulletin, a weekly record: which issue?), "
    "no year, no title, a year or title that differs from the "
    "record, pages printed between the title and the journal ('… in children 637-641. The Lancet - Vol. 351', where every "
    "standard style prints them after the volume and issue), an organisation's name spelt differently from the article's records, or two works in one entry ('… "
    "2015. Also State of Connecticut, …'). An entry with no year in a list that holds split-off pieces (journal, "
    "year, volume:pages) is info: its year may be in one of them. So is an entry whose only year is in its title or "
    "in the day it was read ('2024 Oregon … Data Summary', 'read on Jan 29 2020'): it gives no date of publication. "
    "Where the draft read no year at all from such an entry, it is info, or a warning where the entry writes the day "
    "it was read as NLM does, year first ('… Last accessed on 2014 May 19 Available from: …'): NLM asks for the date "
    "of publication or '[date unknown]' (AMA lets an undated web page give only 'Accessed June 29, 2023'). "
    "A draft's source that the page cites by a link in the text, with no printed entry, is info when it has no "
    "year: there is no entry to be malformed. But a page with no list whose sources (at least five, and four in five "
    "of them) are all only links to PubMed or PMC records gets one warning for the page: no author, title, year or "
    "journal is printed for any of them.",
)
def ref_malformed(ctx: Context) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    for article in ctx.articles:
        orgs = {
            org: article.organisations.get(org, set())
            for org in sorted(article.curated_organisations)
            if not org.endswith("/evidence-kg-curators")
        }
        curated = [name for names in orgs.values() for name in sorted(names)]
        pieces = split_pieces(article)
        draft = drafted(article)
        if draft:
            yield from _pubmed_links_only(article)
        for ref in article.references:
            if ref in pieces or refs.not_a_work(ref.verbatim):
                continue  # ref-uncited says what a piece is; "ibid." and a statute print no work's fields
            source, text = ref.source, ref.verbatim
            if text:
                for offset, ch in refs.unbalanced_brackets(text):
                    partner = {"(": ")", "[": "]", ")": "(", "]": "["}[ch]
                    clause = refs.clause_around(text, offset)
                    lonely = "closing" if ch in ")]" else "opening"
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The entry has a {lonely} {ch!r} with no {partner!r}: {quoted(clause)}.",
                        f"Add the missing {partner!r} (APA: 'Author, A. (Year, Month Day). Title. Site. URL').",
                        highlight=clause,
                    )
                if flat := _FLAT_SUPERSCRIPT.search(source.title or text):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The title prints {quoted(flat.group(0))}: an ordinal's superscript turned into brackets when "
                        "the entry was copied (the 20th, not the 20(th)); a reader searching for the title as printed "
                        "may not find it.",
                        f"Write the ordinal as {quoted(flat.group(1) + flat.group(2))}.",
                        highlight=flat.group(0),
                    )
                if (
                    (serial := _SERIAL.search(source.title or ""))
                    and source.year
                    and not source.issued
                    and not source.volume
                    and not source.doi
                    and not _DATED.search(text)
                ):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The entry is {quoted(serial.group(0))}, a bulletin issued many times a year, dated by its "
                        f"year alone ({source.year}) with no issue number and no day it was read: a reader cannot tell "
                        "which issue is cited.",
                        "Give the issue's date or number (and the address with the day it was read).",
                        highlight=serial.group(0),
                    )
                printed_years = refs.years_in(text)
                if source.year is None and not printed_years and not re.search(r"\bn\.\s?d\.", text) and pieces:
                    yield reference_finding(
                        "ref-malformed",
                        "info",
                        ref,
                        f"{sentence_start(ref_name(ref))} gives no year as the draft read it, but the list holds pieces "
                        f"read as entries of their own ({quoted(pieces[0].verbatim or '', 40)}"
                        f"{f' and {len(pieces) - 1} more' if len(pieces) > 1 else ''}): its year may be in one of them, "
                        "so whether it gives one was not checked.",
                        "Check the entry on the page; if it has no year, add it.",
                    )
                elif source.year is None and not printed_years and not re.search(r"\bn\.\s?d\.", text):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"{sentence_start(ref_name(ref))} gives no year.",
                        "Add the year of publication, or 'n.d.' if the work has none.",
                    )
                elif (
                    source.year is None
                    and printed_years
                    and (undated := entries.no_publication_date(text)) == "the day it was read"
                ):
                    # "Last accessed on 2014 May 19": the only year is the day it was read. NLM (its dates written
                    # year first) asks for the date of publication, or "[date unknown]": a warning; AMA ("Accessed
                    # June 29, 2023") lets an undated web page give the day it was read alone: info
                    nlm = bool(entries.ACCESSED_YEAR_FIRST.search(text))
                    yield reference_finding(
                        "ref-malformed",
                        "warning" if nlm else "info",
                        ref,
                        f"{sentence_start(ref_name(ref))} gives no date of publication: its only year is in {undated}"
                        + (
                            ", in an entry that writes its dates as NLM does (year first), which asks for the date of "
                            "publication or '[date unknown]'."
                            if nlm
                            else "."
                        ),
                        "Add the date the work was published (or last updated, for a web page), or 'n.d.'.",
                    )
                elif source.year is not None and printed_years and source.year not in printed_years:
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The printed entry gives {printed_years[0]}, but the record says {source.year}.",
                        "Make the printed year and the record agree.",
                        highlight=str(printed_years[0]),
                    )
                if (
                    source.title
                    # compared without addresses on either side: the draft may keep a link's address in the title
                    and fuzz.partial_ratio(
                        refs.fold(refs.strip_identifiers(source.title)), refs.fold(refs.strip_identifiers(text))
                    )
                    < 90
                ):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The printed entry does not show the work's title ({quoted(source.title, 60)}).",
                        "Print the title as the work gives it.",
                    )
                seen: set[str] = set()
                for name in curated + sorted(source.publishers):
                    variant = refs.find_variant(name, refs.strip_identifiers(text))
                    # a variant that is another organisation's own name is that organisation, not a misspelling
                    other = any(variant in names and name not in names for names in orgs.values())
                    if variant and variant not in seen and not other:
                        seen.add(variant)
                        yield reference_finding(
                            "ref-malformed",
                            "warning",
                            ref,
                            f"The entry spells the organisation {quoted(variant)}; the article's records name it {quoted(name)}.",
                            f"Use the organisation's own spelling ({quoted(name)}) in the reference list.",
                            highlight=variant,
                        )
                if pages := _pages_before_journal(source, text):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The entry prints its pages ({quoted(pages)}) after the title and before the journal "
                        f"({quoted(source.journal or '')}): every standard style (Vancouver, AMA, APA, Harvard) prints "
                        "them after the journal's volume and issue, so a reader may take them for part of the title.",
                        "Print the pages after the volume and issue (Vancouver: 'Lancet. 1998;351(9103):637-41.').",
                        highlight=pages,
                    )
                if not source.title:
                    yield reference_finding(
                        "ref-malformed", "warning", ref, "The entry has no title.", "Add the work's title."
                    )
                if second := entries.second_work(text):
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The entry holds two works: after the first it cites another ({quoted(second, 60)}), so a marker "
                        "that points to it does not say which of them supports the sentence.",
                        "Give each work an entry of its own, and point each marker at the one it relies on.",
                        highlight=second,
                    )
                if source.year is not None and (where := entries.no_publication_date(text)):
                    yield reference_finding(
                        "ref-malformed",
                        "info",
                        ref,
                        f"{sentence_start(ref_name(ref))} gives no date of publication: its only year is in {where}, "
                        f"so the draft's {source.year} may not be when the work appeared.",
                        "Add the date the work was published (or last updated, for a web page), or 'n.d.'.",
                    )
                for stretch in entries.markup_left(text)[:1]:
                    yield reference_finding(
                        "ref-malformed",
                        "warning",
                        ref,
                        f"The entry has markup left in it: {quoted(stretch)}.",
                        "Remove the markup (underscores, asterisks) from the printed entry.",
                        highlight=stretch,
                    )
            elif source.year is None and draft:
                # a draft's reference with no printed entry: a work the page cites by a link in the text (ingest's
                # inline-link rule); there is no entry to be malformed, only a year nobody has read yet
                yield reference_finding(
                    "ref-malformed",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} is cited by a link in the text and the page prints no entry for "
                    "it, so its year was not checked.",
                    "Give the source its year, authors and title from the record the link opens.",
                )
            elif source.year is None:
                yield reference_finding(
                    "ref-malformed", "warning", ref, f"{ref_name(ref)} has no year.", "Add the year of publication."
                )
        for entry in printed_entries(article):
            if entry.ref is None and not refs.years_in(entry.text) and not re.search(r"\bn\.\s?d\.", entry.text):
                yield entry.finding(
                    "ref-malformed",
                    "warning",
                    f"{sentence_start(entry.name())} gives no year.",
                    "Add the year of publication, or 'n.d.' if the work has none.",
                )


@rule(
    "ref-doi",
    "Malformed or inconsistent DOI",
    "error",
    "A DOI in the printed entry that is malformed or differs from the record's DOI (error), or a record's DOI "
    "that the printed entry leaves out (warning). Warnings too: the doubled 'doi:https://doi.org/' form (the DOI "
    "itself resolves), a DOI cut at a hyphen or carrying an encoded space, and one that embeds another article "
    "number than the entry's e-locator or the page number it prints ('eLife 8: 3308' with 10.7554/eLife.49324). "
    "Info: a journal article that only a PubMed ID or link identifies (no DOI printed).",
)
def ref_doi(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for ref in article.references:
            text, doi = ref.verbatim, ref.source.doi
            if not text:
                continue
            # the doubled "doi:https://doi.org/10.…" form holds a good DOI: entries.doi_defects says what is wrong
            malformed = [bad for bad in refs.malformed_doi_mentions(text) if not entries.DOUBLED_DOI.match(bad)]
            located = entries.nlm_locator(text)
            eloc = entries.elocator_conflict(
                doi, (located.group("pages") or "").lstrip(" :") if located else ref.source.pages
            )
            if eloc:
                yield reference_finding(
                    "ref-doi",
                    "warning",
                    ref,
                    f"The entry's e-locator is {eloc}, but its DOI ({doi}) carries another article number.",
                    "Check that the DOI is the work's: resolve it and compare the article number.",
                    highlight=eloc,
                )
            if doi and (number := entries.article_number_conflict(doi, text)):  # it finds none without a DOI
                yield reference_finding(
                    "ref-doi",
                    "warning",
                    ref,
                    f"The entry prints {number} as its page or article number, but its DOI ({doi}) carries the article "
                    f"number {doi.rsplit('.', 1)[-1]}: the number printed is not this article's.",
                    "Print the article number the DOI gives (e.g. e49324 for eLife.49324), or check that the DOI is the work's.",
                    highlight=number,
                )
            for severity, message, highlight in entries.doi_defects(text):
                yield reference_finding(
                    "ref-doi",
                    severity,
                    ref,
                    message,
                    "Write the DOI once, whole, as https://doi.org/10.NNNN/suffix, with nothing glued to it.",
                    highlight=highlight,
                )
            for bad in malformed:
                yield reference_finding(
                    "ref-doi",
                    "error",
                    ref,
                    f"The entry's DOI is malformed: {quoted(bad)}.",
                    "Write the DOI as https://doi.org/10.NNNN/suffix, in one piece.",
                    highlight=bad,
                )
            printed = refs.dois_in(text)
            for other in printed:
                if doi and other != doi and refs.VALID_DOI.match(other):
                    yield reference_finding(
                        "ref-doi",
                        "error",
                        ref,
                        f"The entry prints the DOI {other}, but the record's DOI is {doi}.",
                        "Check which DOI resolves to the work and use it in both places.",
                        highlight=other,
                    )
            # an entry that is a link to the DOI's address gives it to any reader who follows it (a source cited as
            # the text of a link, "Lee K, Daniels MJ. 2007", with https://doi.org/… behind it)
            linked = bool(doi and ref.source.url and doi.lower() in unquote(ref.source.url).lower())
            if doi and not printed and not malformed and not linked:
                yield reference_finding(
                    "ref-doi",
                    "warning",
                    ref,
                    f"The record has the DOI {doi}, but the printed entry leaves it out.",
                    f"Add https://doi.org/{doi} to the entry.",
                )
            elif (
                not doi
                and not printed
                and not malformed
                and (ref.source.journal or ref.source.is_journal_article)
                and (pubmed := _PUBMED.search(refs.strip_identifiers(text)) or _PUBMED.search(ref.source.url or ""))
            ):
                yield reference_finding(
                    "ref-doi",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} gives no DOI: only its PubMed ID or link ({quoted(pubmed.group(0))}) "
                    "identifies the journal article.",
                    "Print the article's DOI beside its PubMed ID (https://doi.org/10.NNNN/suffix).",
                    highlight=pubmed.group(0),
                )


#: a PubMed ID or link: "PMID: 21085696", "ncbi.nlm.nih.gov/pubmed/22205313"
_PUBMED = re.compile(
    r"\bPMID:?\s?\d{1,9}|(?:ncbi\.nlm\.nih\.gov/pubmed|pubmed\.ncbi\.nlm\.nih\.gov)/?\d{1,9}", re.IGNORECASE
)


def _as_int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@rule(
    "ref-volume-issue",
    "Implausible volume or issue",
    "warning",
    "A journal article's volume and issue that cannot both be right: an issue with no volume (a four-digit issue "
    "equal to the year is usually the volume of a journal that numbers volumes by year), or an issue number "
    "larger than a weekly journal reaches while the volume is small (swapped). A legislature's record (a "
    "testimony, 'Hearing on H.B. No. 7015') is no journal article. Also a volume that breaks the numbering of one "
    "volume a year that the list's other entries of the same journal show (of three years or more, all with the same "
    "year less volume): 'Emerg Infect Dis. 2011;14' beside 2007;13, 2014;20 and 2015;21.",
)
def ref_volume_issue(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for ref in article.references:
            source = ref.source
            text = ref.verbatim or ""
            located = entries.nlm_locator(text)
            if located and located.group("issue") and entries.ISSN.match(located.group("issue").strip()):
                yield reference_finding(
                    "ref-volume-issue",
                    "warning",
                    ref,
                    f"The entry prints {located.group('issue').strip()} as the issue: that is an ISSN (the journal's "
                    "serial number), not an issue.",
                    "Print the issue number in the brackets, or leave them out if the volume has no issues.",
                    highlight=located.group("issue"),
                )
                continue
            if not journal_article(source) or not source.issue:
                continue
            volume, issue = _as_int(source.volume), _as_int(source.issue)
            if not source.volume:
                after = text.find(source.journal) if source.journal and source.journal in text else 0
                shown = re.search(rf"\S*\(\s*{re.escape(source.issue)}\s*\)[^.]*", text[max(after, 0) :])
                if shown and after > 0 and source.journal:  # after > 0: the journal is printed
                    shown = re.search(re.escape(source.journal) + rf"\s*\(\s*{re.escape(source.issue)}\s*\)[^.]*", text)
                where = f" ({quoted(shown.group(0).rstrip(','))})" if shown else ""
                yearlike = issue is not None and (issue == source.year or 1800 <= issue <= 2100)
                journal = quoted(source.journal) if source.journal else "the journal"
                spacing = (
                    " and with no space before the bracket" if shown and re.search(r"\w\(", shown.group(0)) else ""
                )
                yield reference_finding(
                    "ref-volume-issue",
                    "warning",
                    ref,
                    f"The entry gives {source.issue} as the issue of {journal} with no volume{spacing}{where}."
                    + (
                        f" An issue that reads as a year ({source.issue}) is most likely the volume of a journal that numbers "
                        "volumes by year, and the article number is then missing."
                        if yearlike
                        else ""
                    ),
                    "Print the volume in italics after the journal and the issue (if any) in brackets: 'Journal, Volume(Issue), "
                    "pages or Article number'.",
                    highlight=shown.group(0).rstrip(",") if shown else None,
                )
            elif (
                volume is not None
                and issue is not None
                and issue > 53
                and issue < 1000
                and volume <= 53
                and issue > volume
            ):
                shown = re.search(rf"{re.escape(source.volume)}\s*\(\s*{re.escape(source.issue)}\s*\)", text)
                yield reference_finding(
                    "ref-volume-issue",
                    "warning",
                    ref,
                    f"The entry gives volume {volume}, issue {issue}: more issues than a weekly journal publishes in a "
                    f"year, in a smaller volume. Volume and issue look swapped, or the volume is another number "
                    f"(a day, a page).",
                    f"Check the volume and issue against the journal (the volume may be {issue}).",
                    highlight=shown.group(0) if shown else None,
                )
        yield from _volume_off_the_years(article)


def _volume_off_the_years(article: ArticleFact) -> Iterator[Finding]:
    """An entry whose volume breaks the one-volume-a-year numbering that the list's other entries of the same
    journal show: others of three years or more, whose year less volume is one number, and this entry's at least two
    away from it ('Emerg Infect Dis. 2011;14' beside 2007;13, 2014;20 and 2015;21: 2011's volume is 17). A journal
    of two volumes a year (Am J Trop Med Hyg: 2013;89, 2014;91) shows no such number, so its entries are let be."""
    dated: dict[str, list[tuple[ReferenceFact, int, int]]] = {}
    for ref in article.references:
        source = ref.source
        volume = _as_int(source.volume)
        if journal_article(source) and source.journal and source.year and volume:
            dated.setdefault(refs.fold(source.journal), []).append((ref, source.year, volume))
    for same in dated.values():
        for ref, year, volume in same:
            others = [(y, v) for r, y, v in same if r is not ref]
            offsets = [y - v for y, v in others]
            if len({y for y, _ in others}) < 3 or len(set(offsets)) > 1 or abs(year - volume - offsets[0]) < 2:
                continue
            expected = year - offsets[0]
            shown = ", ".join(f"{y};{v}" for y, v in sorted(others))
            yield reference_finding(
                "ref-volume-issue",
                "warning",
                ref,
                f"{sentence_start(ref_name(ref))} gives volume {volume} for {year}, but the list's {len(others)} other "
                f"entries of {quoted(ref.source.journal or '')} number one volume a year ({shown}): by them, {year}'s "
                f"volume is {expected}. The volume or the year is wrong.",
                "Check the volume and year against the journal's own page for the article.",
                highlight=str(volume),
            )


@rule(
    "ref-pages",
    "Implausible or missing pages",
    "warning",
    "A page range that runs backwards (error), or a journal article with no pages or article number (a "
    "warning; info where a DOI still identifies the work, and info for one cited ahead of print: a DOI but neither "
    "volume nor pages), and pages printed as 'P.169–173' or an invited "
    "discussion's pages printed apart ('774-780. discussion 780–781') (info). Software and manuals ('R: a language and "
    "environment for statistical computing'), a legislature's record (a testimony, a hearing on a bill) and a meeting "
    "abstract printed with its number ('suppl; abstr e22041') owe no pages. An entry that prints only a title, a "
    "name and a year (no author, volume, issue or DOI: 'Parental stress … . Thorax, 2020.') is info: a news item or a "
    "web page prints the same, so whether it owes pages could not be told. An entry that names a supplement with "
    "no pages and no person among its authors ('CDC. … report—United States, 2011. MMWR 2011;60(Suppl; January 14, "
    "2011).') is info: NLM cites a whole supplement by volume and supplement alone. An open page range after the "
    "volume or issue ('320(7236); 723-.') is a warning. An entry that prints after the journal only its DOI's whole suffix "
    "('Research Evaluation, rvae021.' for 10.1093/reseval/rvae021), with no volume, cites an early-view article, "
    "ahead of print (info).",
)
def ref_pages(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for ref in article.references:
            source = ref.source
            start, end = _as_int(source.page_start), _as_int(source.page_end)
            entry = refs.strip_identifiers(ref.verbatim or "")  # the entry as printed, its identifiers left out
            if start is not None and end is not None and start > end:
                yield reference_finding(
                    "ref-pages",
                    "error",
                    ref,
                    f"The page range {source.pages} runs backwards.",
                    "Correct the page range (first page–last page).",
                    highlight=source.pages,
                )
            elif open_range := _OPEN_RANGE.search(entry):
                yield reference_finding(
                    "ref-pages",
                    "warning",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints an open page range ({quoted(open_range.group(0).strip())}): "
                    "the first page is followed by a dash and no last page.",
                    "Give the last page (or, for a one-page item, the page alone).",
                    highlight=open_range.group(1),
                )
            elif apart := _DISCUSSION_APART.search(entry):
                yield reference_finding(
                    "ref-pages",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints the pages of the invited discussion apart from its own "
                    f"({quoted(apart.group(0))}), as a sentence of its own after the entry.",
                    "Join them to the pages as the style does ('774-80; discussion 780-1').",
                    highlight=apart.group(0),
                )
            elif early := _doi_suffix_as_locator(source, entry):
                yield reference_finding(
                    "ref-pages",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints after the journal only its DOI's own suffix "
                    f"({quoted(early)}), with no volume, issue or pages: it cites the article as first published "
                    "online (early view), ahead of print (the DOI still identifies the work).",
                    "Add the volume, issue and pages (or article number) of the issue it has since appeared in.",
                    highlight=early,
                )
            elif printed := _PAGE_PREFIX.search(entry):
                yield reference_finding(
                    "ref-pages",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints its pages as {quoted(printed.group(0))}: the abbreviation "
                    "is 'p.' with a space, and NLM style drops the repeated digits ('p. 169–73').",
                    "Write the pages as the style asks ('p. 169–73' in a chapter, '169–73' in a journal).",
                    highlight=printed.group(0),
                )
            elif (
                (journal_article(source) or _locator_without_pages(ref.verbatim))
                and not source.pages
                and not refs.software(f"{source.title or ''} {ref.verbatim or ''}")
                and not _ABSTRACT_NUMBER.search(ref.verbatim or "")
            ):
                if source.doi and not source.volume and not source.issue:
                    # "Nature, doi:10.1038/s41586-019-1272-6 (2019).": cited as published online, before its issue
                    yield reference_finding(
                        "ref-pages",
                        "info",
                        ref,
                        "The entry gives neither volume nor pages for a journal article, only its DOI: it was cited "
                        "ahead of print (the DOI still identifies the work).",
                        "Add the volume and pages of the issue it has since appeared in.",
                    )
                    continue
                if not source.doi and _whole_supplement(ref):
                    # "CDC. CDC health disparities and inequalities report—United States, 2011. MMWR
                    # 2011;60(Suppl; January 14, 2011).": NLM cites a whole supplement by its volume and supplement,
                    # with no pages; an article inside one, by its authors, has pages. No person among the authors:
                    # the entry may be the whole supplement, so the rule cannot tell
                    yield reference_finding(
                        "ref-pages",
                        "info",
                        ref,
                        f"{sentence_start(ref_name(ref))} names a supplement and no pages, and no person among its "
                        "authors: it may cite the whole supplement, which NLM cites by volume and supplement alone; "
                        "if it cites one report inside the supplement, its pages are missing.",
                        "If the entry cites one report of the supplement, add its pages (or its DOI).",
                    )
                    continue
                if not (source.doi or source.authors or source.volume or source.issue) and title_first(ref):
                    # "SickKids-led review finds parents … outcomes. SickKids, 2020.": a title, a name and a year are
                    # all a news item, a web page or an article may print alike; the reader's guess is no certainty
                    yield reference_finding(
                        "ref-pages",
                        "info",
                        ref,
                        f"{sentence_start(ref_name(ref))} prints only a title, a name and a year: whether it is a "
                        "journal article (and so owes pages) could not be told, since a news item or a web page prints "
                        "the same.",
                        "If it is a journal article, give its authors, journal, volume and pages (or its DOI).",
                    )
                    continue
                yield reference_finding(
                    "ref-pages",
                    "info" if source.doi else "warning",
                    ref,
                    "The entry gives no pages or article number for a journal article"
                    + (
                        " (the DOI still identifies the work)."
                        if source.doi
                        else "; without a DOI a reader may not find it."
                    ),
                    "Add the page range or the article number.",
                )


#: an open page range after a volume or issue: "BMJ 2000: 320(7236); 723-." (a dash, then the entry's end or its
#: next part), not a year's open range "(2019-)"
def _doi_suffix_as_locator(source: SourceFact, entry: str) -> str | None:
    """The DOI's whole suffix (or its last segment) printed right after the journal's name where the volume would stand ("Research
    Evaluation, rvae021.", "Journal of Evidence-Based Medicine, jebm.12616." for 10.1111/jebm.12616), in an entry
    with no numeric volume: a reference manager fills the locator so from an article's early-view record, before the
    article has an issue. An article number (PeerJ's 'e18466' for peerj.18466, Frontiers' '902673' beside its
    volume) is not the whole suffix."""
    if not (source.doi and source.journal and "/" in source.doi) or (source.volume or "").isdigit():
        return None
    suffix = source.doi.split("/", 1)[1]
    # the whole suffix, or its last segment where the publisher's suffix has several (10.1093/reseval/rvae021)
    printed = "|".join(sorted({re.escape(suffix), re.escape(suffix.rsplit("/", 1)[-1])}))
    found = re.search(rf"{re.escape(source.journal)}\W{{1,4}}({printed})(?![\w/]|\.\w)", entry, re.IGNORECASE)
    return found.group(1) if found else None


_OPEN_RANGE = re.compile(r"[:;,)]\s{0,2}(\d{1,6}\s{0,2}[-–])(?=\s{0,2}(?:[.;,](?:\s|$)|$))")


#: a supplement named in an entry's locator: "MMWR 2013;62(No. Suppl 3)", "2011;60(Suppl; January 14, 2011)"
_SUPPLEMENT = re.compile(r"\bSuppl(?:ement)?\b\.?", re.IGNORECASE)


def _whole_supplement(ref: ReferenceFact) -> bool:
    """The entry names a supplement and no person among its authors (an organisation, or none): it may cite the whole
    supplement, which NLM (Citing Medicine, ch. 1) cites by volume and supplement with no pages."""
    if not _SUPPLEMENT.search(refs.strip_identifiers(ref.verbatim or "")):
        return False
    return all(is_organisation(a) for a in ref.source.authors)


#: an invited discussion's pages printed as a sentence after the entry's own: "216:774-780. discussion 780–781"
_DISCUSSION_APART = re.compile(r"(?<=\d\.\s)discussion\s{1,3}\d{1,5}\s?[-–]\s?\d{1,5}", re.IGNORECASE)
#: a meeting abstract's number, its locator in a journal's supplement: "J Clin Oncol 32, 2014 (suppl; abstr e22041)"
_ABSTRACT_NUMBER = re.compile(r"\babstr(?:act)?\.?\s{1,2}(?:no\.?\s{1,2})?[A-Za-z]{0,3}\d{1,6}\b", re.IGNORECASE)
#: pages printed with a capital, unspaced prefix: "P.169–173", "Pp.12-19"
_PAGE_PREFIX = re.compile(r"(?<![\w.])Pp?\.\d{1,5}\s?[-–]\s?\d{1,5}\b")


def journal_article(source: SourceFact) -> bool:
    """Drafted as a journal article, and not a legislature's record that a reader took for one (a testimony "Hearing
    on H.B. No. 7015": no journal, volume, issue or pages)."""
    return (
        source.is_journal_article
        and not refs.legislative(source.title, source.journal)
        # "Tahiti, French Polynesia: Centre d'Hygiène …; 2014": a place and its publisher, a report's or a book's
        and not (source.journal and ":" in source.journal and not source.volume)
    )


def title_first(ref: ReferenceFact) -> bool:
    """The printed entry opens with its title: no author stands before it."""
    title = refs.fold(ref.source.title or "")
    return len(title) >= 12 and refs.fold(ref.verbatim or "").startswith(title[:40])


def _locator_without_pages(text: str | None) -> bool:
    """The entry prints an NLM journal locator with no pages after it: "MMWR 2014;63(No. Suppl 1)."."""
    located = entries.nlm_locator(text or "")
    return located is not None and not located.group("pages")


@rule(
    "ref-year-mismatch",
    "Year disagrees with the DOI or URL",
    "warning",
    "The year of a reference disagrees with a year in its DOI or URL path. A DOI year one earlier than the "
    "issue year is usual for articles published online first (info); other gaps are warnings. A number that is "
    "the entry's volume, issue or page, or the page part of a journal.volume.issue.page DOI, is no year.",
)
def ref_year_mismatch(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for ref in article.references:
            source = ref.source
            if not source.year:
                continue
            if source.doi:
                suffix = source.doi.split("/", 1)[1] if "/" in source.doi else source.doi
                # a number the entry gives as its volume, issue or page is no year, nor is the last part of a
                # journal.volume.issue.page suffix ("science.286.5446.1921": page 1921)
                locators = {_as_int(v) for v in (source.volume, source.issue, source.page_start, source.page_end)}
                page_part = re.search(r"\.\d{1,5}\.\d{1,5}\.(\d{4})$", suffix)
                years = sorted(
                    {
                        y
                        for y in refs.delimited_years(suffix)
                        if y not in locators and not (page_part and y == int(page_part.group(1)))
                    }
                )
                if years and source.year not in years:
                    y = years[0]
                    online_first = source.year - y == 1
                    yield reference_finding(
                        "ref-year-mismatch",
                        "info" if online_first else "warning",
                        ref,
                        f"The entry is dated {source.year}, but its DOI ({source.doi}) carries {y}."
                        + (
                            " Publishers mint DOIs when an article goes online, often the year before it appears in an "
                            "issue, so this is usual and not an error; check the entry cites the issue year."
                            if online_first
                            else " Check the year and the DOI."
                        ),
                        "Nothing, if the work appeared online in the DOI's year and in print the next; otherwise correct the year."
                        if online_first
                        else "Correct the year or the DOI so both describe the same work.",
                        highlight=str(source.year),
                    )
            if source.url:
                years = sorted(set(refs.delimited_years(refs.url_path(source.url))))
                if years and source.year not in years:
                    y = years[0]
                    later = y > source.year
                    yield reference_finding(
                        "ref-year-mismatch",
                        "warning" if later else "info",
                        ref,
                        f"The entry is dated {source.year}, but its URL's path carries {y}."
                        + (
                            " A page cannot be older than the date in its address."
                            if later
                            else " The page may have been updated since."
                        ),
                        "Cite the date the page shows (and, for a page that changes, the date you read it).",
                        highlight=str(source.year),
                    )


def _told_apart(a: SourceFact, b: SourceFact) -> bool:
    """Whether two sources' identifiers say they are different works: different DOIs, or different URLs."""
    if a.doi and b.doi:
        return a.doi != b.doi
    return bool(a.url and b.url and refs.normalise_url(a.url) != refs.normalise_url(b.url))


@rule(
    "ref-duplicate",
    "Same work listed twice",
    "warning",
    "Two entries of one reference list point to the same work: the same DOI, the same URL (not a site's home page, "
    "which names no work: two posts that print only 'http://www.promedmail.org'), or the same title "
    "and year where neither entry has an identifier that tells them apart (two pages of one site, titled by "
    "the site's name, are two works).",
)
def ref_duplicate(ctx: Context) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    for article in ctx.articles:
        seen: list[ReferenceFact] = []
        for ref in article.references:
            if refs.not_a_work(ref.verbatim) == "a note that refers to the one before it":
                continue  # "ibid." names the work before it on purpose: not a second listing
            for earlier in seen:
                a, b = earlier.source, ref.source
                same = (
                    a.iri == b.iri
                    or (a.doi and a.doi == b.doi)
                    or (
                        a.url
                        and b.url
                        and refs.normalise_url(a.url) == refs.normalise_url(b.url)
                        and not home_page(a.url)  # two posts of one site that print only its home page
                    )
                    or (
                        a.title
                        and b.title
                        and a.year == b.year
                        and fuzz.ratio(refs.fold(a.title), refs.fold(b.title)) >= 95
                        and not _told_apart(a, b)
                    )
                )
                if same:
                    yield reference_finding(
                        "ref-duplicate",
                        "warning",
                        ref,
                        f"{sentence_start(ref_name(ref))} is the same work as {ref_name(earlier)}.",
                        "Keep one entry and point every citation at it.",
                        related=[reference_subject(earlier), source_subject(b, ref.article)],
                    )
                    break
            seen.append(ref)


@rule(
    "stale-source",
    "Stale source",
    "warning",
    "A source older than N years (--stale-years, default 5) on the article's date. A warning where a claim "
    "cites it, info where none does. A year with no day counts as the end of that year. An entry that prints its "
    "own retraction is retracted-source's: its age is not what a reader needs told.",
)
def stale_source(ctx: Context) -> Iterator[Finding]:
    limit = ctx.options.stale_years
    for article in ctx.articles:
        if article.published is None:
            continue
        cited = cited_sources(article)
        for ref in article.references:
            when, exact = source_date(ref.source)
            if when is None or add_years(when, limit) >= article.published or _prints_retraction(ref):
                continue  # a retracted work's age is not what a reader needs told: retracted-source speaks of it
            age = (article.published - when).days / 365.25
            shown = when.isoformat() if exact else str(when.year)
            claims = cited.get(ref.source.iri, [])
            uses = (
                f"; {len(claims)} claim{'s' if len(claims) != 1 else ''} rest{'s' if len(claims) == 1 else ''} on it"
                if claims
                else ""
            )
            yield reference_finding(
                "stale-source",
                "warning" if claims else "info",
                ref,
                f"{sentence_start(ref_name(ref))} ({shown}) was {age:.1f} years old when the article "
                f"was published ({article.published.isoformat()}); the limit is {limit} years{uses}.",
                "Check the advice against current evidence and cite a recent source (or the current version of the page).",
                highlight=shown,
                related=[source_subject(ref.source, ref.article)] + [claim_subject(c) for c in claims],
            )


@rule(
    "retracted-source",
    "Claim rests on a retracted work",
    "error",
    "With --retractions FILE (the Retraction Watch data set's CSV): every claim, in every article audited, "
    "that cites a retracted work (error), one under an expression of concern (warning) or corrected (info), "
    "and every reference-list entry of such a work that no claim cites. Without the file too: an entry that prints "
    "its own notice, in PubMed's notation ('Retraction in: …', 'Expression of concern in: …', 'Erratum in: …') or "
    "as a publisher's mark on its title ('RETRACTED: …', '[Retracted article]'), with the same severities (a "
    "listed retracted work no claim cites is a warning; a correction is said only where a claim rests on it). A "
    "claim whose sentence tells of the retraction ('a paper published 18 years ago was retracted') cites the "
    "work as its subject, not as support: no error; but an entry that marks its title only ('RETRACTED ARTICLE: "
    "…') and names no notice a reader can open is a warning.",
)
def retracted_source(ctx: Context) -> Iterator[Finding]:
    yield from _printed_notices(ctx)
    if not ctx.options.retractions:
        return
    from kg.audit.retractions import impact, load_retractions

    dois = {s.doi for s in ctx.facts.sources.values() if s.doi}
    notices = load_retractions(ctx.options.retractions, dois)
    if not notices:
        return
    affected = impact(ctx.articles, ctx.facts, notices)
    for article in ctx.articles:
        for claim in article.claims:
            for source_iri in affected.claims.get(claim.iri, []):
                source = ctx.facts.sources[source_iri]
                assert source.doi is not None, "impact() names only sources whose DOI has a notice"
                notice = notices[source.doi]
                ref = article.reference_for(source_iri)
                reach = affected.reach[source_iri]
                yield claim_finding(
                    "retracted-source",
                    notice.severity,
                    claim,
                    f"The claim rests on {ref_name(ref) if ref else source.label()}, which has {notice.describe()}. "
                    f"In all, {reach[0]} claim{'s' if reach[0] != 1 else ''} in {reach[1]} article{'s' if reach[1] != 1 else ''} "
                    f"rest{'s' if reach[0] == 1 else ''} on it.",
                    "Remove the claim or support it with another source."
                    if notice.severity == "error"
                    else "Read the notice and check that the claim still holds.",
                    ref_related(ref) if ref else [source_subject(source, article.slug)],
                )
        cited = cited_sources(article)
        for ref in article.references:
            if ref.source.doi in notices and ref.source.iri not in cited and notices[ref.source.doi].severity != "info":
                notice = notices[ref.source.doi]
                yield reference_finding(
                    "retracted-source",
                    "warning",
                    ref,
                    f"{sentence_start(ref_name(ref))} has {notice.describe()}; no claim cites it, but it is still listed.",
                    "Drop it from the reference list, or mark it as retracted.",
                )


#: a notice printed in the entry itself, in PubMed's notation for linked notices ("Retraction in: Shao ZM, … Clin Cancer
#: Res. 2002 Sep;8(9):3027.", "Expression of concern in: …", "Erratum in: …") or a publisher's mark on the title
#: ("RETRACTED: …", "[Retracted article]"); not "Retraction of:", which the notice itself prints
_PRINTED_NOTICE = re.compile(
    r"\b(?P<kind>Retraction|Expression\s{1,3}of\s{1,3}concern|Erratum|Correction)\s{1,3}in\s{0,2}:"
    r"|(?P<mark>\[\s{0,2}retracted(?:\s{1,3}article)?\s{0,2}\]|(?-i:RETRACTED(?:\s{1,3}ARTICLE)?)\s{0,2}:)",
    re.IGNORECASE,
)
_NOTICE_SEVERITY = {"retraction": "error", "expression of concern": "warning", "erratum": "info", "correction": "info"}


def _printed_notices(ctx: Context) -> Iterator[Finding]:
    """retracted-source with no data set: the entry prints its own notice (``_PRINTED_NOTICE``). A retraction is an
    error where a claim rests on the work and a warning on an entry no claim cites, as with the data set; a
    correction is info, and said only where a claim rests on the work."""
    for article in ctx.articles:
        cited = cited_sources(article)
        for ref in article.references:
            found = _PRINTED_NOTICE.search(ref.verbatim or "")
            if not found:
                continue
            kind = "retraction" if found.group("mark") else " ".join(found.group("kind").lower().split())
            severity = _NOTICE_SEVERITY[kind]
            claims = cited.get(ref.source.iri, [])
            if not claims and severity == "info":
                continue
            notice = f"a notice of {kind} ({quoted(found.group(0), 40)})"
            if kind == "retraction" and claims:
                telling = [c for c in claims if _tells_retraction(article, c)]
                if telling and found.group("mark") and not _PRINTED_NOTICE.search(ref.verbatim or "", found.end()):
                    # a story about the retracted paper (its sentence tells of the retraction): the paper is its
                    # subject, properly cited; but the entry marks its title only, and names no notice a reader can
                    # open (the notice's DOI)
                    yield reference_finding(
                        "retracted-source",
                        "warning",
                        ref,
                        f"{sentence_start(ref_name(ref))} is cited as the retracted paper the text tells of, and its "
                        f"title is marked ({quoted(found.group(0), 40)}), but the entry gives the original article's "
                        "identifiers only, with no retraction notice.",
                        "Add the retraction notice to the entry (its DOI, or 'Retraction in: …').",
                        highlight=found.group(0),
                    )
                claims = [c for c in claims if c not in telling]
                if telling and not claims:
                    continue
            if not claims:
                yield reference_finding(
                    "retracted-source",
                    "warning",
                    ref,
                    f"{sentence_start(ref_name(ref))} prints {notice}; no claim cites it, but it is still listed.",
                    "Drop it from the reference list, or say beside it why a retracted work is listed.",
                    highlight=found.group(0),
                )
            for claim in claims:
                yield claim_finding(
                    "retracted-source",
                    severity,
                    claim,
                    f"The claim rests on {ref_name(ref)}, whose entry prints {notice}.",
                    "Remove the claim or support it with another source."
                    if severity == "error"
                    else "Read the notice and check that the claim still holds.",
                    ref_related(ref),
                )


#: a sentence that tells of a retraction: "a scientific paper published 18 years ago was retracted"
_RETRACTION_TOLD = re.compile(r"\bretract(?:ed|ion|ions|s|ing)?\b", re.IGNORECASE)


def _tells_retraction(article: ArticleFact, claim: ClaimFact) -> bool:
    """Whether the claim's sentence tells of a retraction: the retracted work it cites is its subject, not its
    support."""
    _, sentence = enclosing_sentence(article.text or "", claim.start, claim.end)
    return bool(_RETRACTION_TOLD.search(sentence or claim.quote or claim.text))


def _prints_retraction(ref: ReferenceFact) -> bool:
    """Whether an entry prints its own retraction: a publisher's mark on its title or PubMed's 'Retraction in:'."""
    found = _PRINTED_NOTICE.search(ref.verbatim or "")
    return bool(found and (found.group("mark") or found.group("kind").lower() == "retraction"))


def _minted(source: SourceFact) -> bool:
    """The source has no identifier of its own: its IRI was minted from its author, year and title."""
    from kg.iris import ID

    return source.iri.startswith(ID + "source/")


#: the IRIs and addresses of a persistent identifier, one a registry resolves and keeps (a DOI, a PubMed or PMC
#: record, an ISBN, an arXiv id, a Handle): not a publisher's address, which moves with the site ("bmj.com/cgi/…")
_PERSISTENT = re.compile(
    r"^(?:urn:isbn:|https?://(?:dx\.)?doi\.org/|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/"
    r"(?:pubmed|pmc)|europepmc\.org|arxiv\.org/abs|hdl\.handle\.net)/)",
    re.IGNORECASE,
)


def _journal_at_address(source: SourceFact) -> bool:
    """A journal article whose only identifier is an ordinary address (its publisher's page): the address is a
    locator, so a reader can find it, but no persistent identifier (DOI, PubMed ID) names it, so no record says
    what it is. A journal article is one the reference reader found a journal with its volume or pages in; a web
    page's own address is its identifier, so a page (a testimony, a report on its publisher's site) is never one."""
    return (
        bool(source.journal and (source.volume or source.pages or source.page_start))
        and not source.doi
        and not _minted(source)
        and not _PERSISTENT.match(source.iri)
    )


def _names_site(title: str | None, url: str) -> bool:
    """Whether an entry's title is the name of the site its address is the home page of (the entry cites the site
    itself: "World Health Organization" for who.int, "ProMED-mail" for promedmail.org), or it has no title."""
    from urllib.parse import urlsplit

    labels = [p for p in (urlsplit(url.strip()).hostname or "").split(".") if p not in ("www", "")]
    site = labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")
    words = refs.fold(title or "").split()
    if not words or not site:
        return True
    name = "".join(words)  # folded: "The Guardian" is "guardian", as is theguardian.com's label less its "the"
    initials = "".join(w[0] for w in words if w not in ("of", "and", "for"))  # "cdcp" for cdc.gov
    return (
        site.removeprefix("the") in name
        or (len(name) >= 5 and name in site)  # "Children's Asthma Initiative" at nyschildrensasthmainitiative.org
        or (len(site) >= 2 and initials.startswith(site))
    )


@rule(
    "ref-unfindable",
    "Reference a reader may not find",
    "info",
    "An entry with no identifier (DOI, PubMed ID, PMCID, ISBN, URL) in which the reference reader found no "
    "locator either (a journal with its volume or pages, or a publisher). Info, not a warning: on the real-article "
    "corpus both such entries had a locator the reader missed ('MMWR 2014;63(No. Suppl 1)', a dataset's "
    "publisher). Also an entry that names after its title only a journal and a date ('BMJ 2004.'), with no "
    "volume, pages or identifier. A warning: an entry with no locator whose only address is a site's home page "
    "('Zika Virus - Japan ex Thailand. ProMed, 2014. Available from: http://www.promedmail.org'), where the entry "
    "names a work, not the site: the address names the site, and a reader must search it (NLM's Citing Medicine cites "
    "an item of a web site by the item's own URL).",
)
def ref_unfindable(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        for ref in article.references:
            source = ref.source
            journal_locator = (source.journal and (source.volume or source.pages or source.page_start)) or (
                entries.nlm_locator(ref.verbatim or "")
            )
            locator = journal_locator or source.publishers
            only = (
                entries.venue_and_year_only(ref.verbatim or "")
                if _minted(source) and not (source.volume or source.pages)
                else None
            )
            if only:
                yield reference_finding(
                    "ref-unfindable",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} names a journal ({quoted(only)}) and a year but no volume, pages, DOI "
                    "or address: a reader has nothing to find the article by but its title.",
                    "Add the volume, issue and pages (or article number), and the DOI.",
                    highlight=only,
                )
            elif _minted(source) and source.url and home_page(source.url) and not journal_locator:
                # a publisher names who runs the site ("ProMed"), not where on it the work is
                if not _names_site(source.title, source.url):
                    yield reference_finding(
                        "ref-unfindable",
                        "warning",
                        ref,
                        f"{sentence_start(ref_name(ref))} gives as its only address the home page of a site "
                        f"({quoted(source.url)}): the address names the site, not the work, so a reader must search "
                        "the site for it.",
                        "Give the work's own address (NLM's Citing Medicine cites an item of a web site by its own "
                        "URL, with the date it was posted and the date it was cited), or its DOI.",
                        highlight=source.url,
                    )
            elif _minted(source) and not locator:
                yield reference_finding(
                    "ref-unfindable",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} gives no DOI, PubMed ID, ISBN or URL, and the "
                    "reference reader found no journal volume, pages or publisher in it: check that a reader can look it up.",
                    "Add the work's DOI or address, or the journal, volume and pages (or the publisher) it appeared in.",
                )
        for entry in printed_entries(article):
            if entry.ref is None and not (
                refs.URL.search(entry.text)
                or refs.DOI_IN_TEXT.search(entry.text)
                or re.search(r"\bPMC?ID\b", entry.text)
                or entries.nlm_locator(entry.text)
            ):
                yield entry.finding(
                    "ref-unfindable",
                    "info",
                    f"{sentence_start(entry.name())} gives no DOI, PubMed ID or URL and no volume or pages: check that a reader can look it up.",
                    "Add the work's DOI or address, or the journal, volume and pages it appeared in.",
                )


def _causal_verb(text: str) -> re.Match | None:
    """The causal wording of a sentence, not the noun of a ranking ("the fifth leading cause of death")."""
    return next(
        (
            m
            for m in CAUSAL_WORDING.finditer(text)
            if not (m.group(0).lower() in ("cause", "causes") and re.match(r"\s{1,3}of\b", text[m.end() : m.end() + 5]))
        ),
        None,
    )


#: a numbered marker that closes a sentence: "… in the United States (1).", "… [4, 5]", "…¹²"
_END_MARKER = re.compile(
    r"(\(\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}\s{0,2}\)|\[\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}"
    r"\s{0,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,6})[\s.;:!?\"”’)]{0,4}$"
)


@rule(
    "unchecked",
    "What the audit could not check",
    "info",
    "Silence means 'checked and fine', so what could not be checked is said: an article with no publication "
    "date (the sources' age), a line of the text that prints a reference the draft's list does not hold (the "
    "citations of its claims), each reference with no identifier (its DOI, year and retraction status "
    "against a record) and each journal article whose only identifier is its publisher's address (an address is "
    "a locator, not a persistent identifier such as a DOI or PubMed ID that a record resolves), each cited reference with no date of publication (its age), and, in a draft (no source of "
    "it appraised or its figures recorded), each study-like figure that cites a source whose title gives no count "
    "or share of people to compare it with (the figure against its source), and each causal claim whose cited "
    "work's design neither an appraisal nor its title gives (causal wording on an observational design). In a "
    "draft whose markers were read elsewhere, each sentence that closes on a numbered marker ('… in the United "
    "States (1).') the draft tied to no reference (which source it cites).",
)
def unchecked(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        if article.published is None:
            yield Finding(
                "unchecked",
                "info",
                Subject(article.iri, "article", article.slug, article.slug),
                "The article gives no publication date, so the age of its sources (stale-source) was not checked.",
                article.title or article.slug,
                "Add published: YYYY-MM-DD to article.yaml (the date the page gives, or the one its publisher states).",
            )
        for line in unread_references(article):
            yield Finding(
                "unchecked",
                "info",
                Subject(article.iri, "article", article.slug, article.slug),
                f"The text prints a reference the draft's list does not hold ({quoted(line, 100)}), so the claims "
                "that cite it were not linked to it and their citations were not checked.",
                line,
                "Add the entry to references.bib (ekg refs reads a printed list) and link the claims that cite it.",
                order=2_000_000,
            )
        # in a draft that reads markers elsewhere: a sentence that closes on a numbered marker the draft tied to no
        # reference (an address the page links that ingest dropped, a number past what it read)
        if drafted(article) and any(c.citations for c in article.claims):
            for claim in article.claims:
                if claim.citations or not (end := _END_MARKER.search(claim.quote or claim.text)):
                    continue
                yield claim_finding(
                    "unchecked",
                    "info",
                    claim,
                    f"The sentence closes on the marker {quoted(end.group(1))}, but the draft ties it to no reference, "
                    "so which source it cites was not checked.",
                    "Link the claim to the entry the marker points to (claims.yaml: citations), or add that entry.",
                    highlight=end.group(1),
                )
        # in a draft, each study-like figure that cites a source the audit could not compare it with
        for claim in article.claims if drafted(article) else []:
            support = _support(article, claim)
            causal = _causal_verb(claim.quote or claim.text)
            if (
                support
                and (causal or "causal" in claim.types)
                and not any(entries.design_from_title(r.source.title) for r in support)
            ):
                yield claim_finding(
                    "unchecked",
                    "info",
                    claim,
                    f"The claim is causal{' (' + quoted(causal.group(0)) + ')' if causal else ''}, but the design of "
                    f"{', '.join(ref_name(r) for r in support)} is not known (no appraisal, and the title names none), so "
                    "whether it can show cause (causal-observational) was not checked.",
                    "Appraise the cited work's design (article.yaml: sources), or check that it is a trial or a review of trials.",
                    ref_related(support[0]),
                    highlight=causal.group(0) if causal else None,
                )
            figures_said = [s for s in counted(claim) if s.measure in EMPIRICAL]
            if (
                not figures_said
                or not support
                or any(r.source.statistics for r in support)
                or any(
                    entries.people_counts(r.source.title or "") or entries.people_shares(r.source.title or "")
                    for r in support
                )
            ):
                continue
            yield claim_finding(
                "unchecked",
                "info",
                claim,
                f"{figures(figures_said)} cites {', '.join(ref_name(r) for r in support)}, but was not checked against "
                f"{'it' if len(support) == 1 else 'them'}: the graph records none of the source's own figures, and "
                f"{'its title gives' if len(support) == 1 else 'their titles give'} no count or share to compare with.",
                "Check the figure against the source; record the source's figure in the graph (sources.yaml: statistics) "
                "so that the audit compares them.",
                ref_related(support[0]),
                highlight=figures_said[0].stated_as,
            )
        cited = cited_sources(article) if article.published is not None else {}
        for ref in article.references:
            if cited.get(ref.source.iri) and source_date(ref.source)[0] is None:
                # stale-source is silent on it: say so, so that silence does not read as "recent enough"
                yield reference_finding(
                    "unchecked",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} gives no date of publication the audit could read, so whether "
                    "it was current when the article cited it (stale-source) was not checked.",
                    "Add the year the work was published (or last updated, for a web page).",
                )
            if _minted(ref.source):
                yield reference_finding(
                    "unchecked",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} has no identifier, so its DOI, year and "
                    "retraction status could not be checked against a record.",
                    "Add the work's DOI (or PubMed ID, ISBN or URL) if it has one.",
                )
            elif _journal_at_address(ref.source):
                yield reference_finding(
                    "unchecked",
                    "info",
                    ref,
                    f"{sentence_start(ref_name(ref))} is a journal article with no identifier but its publisher's "
                    f"address ({quoted(ref.source.iri, 60)}), no DOI or PubMed ID, so its year and retraction status "
                    "could not be checked against a record, and the address may move.",
                    "Add the article's DOI (or its PubMed ID).",
                )
