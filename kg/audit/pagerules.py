"""Rules on the page's own metadata: what it says of itself (its publisher, its address) beside its text (issue 20).

Registered in ``kg.audit.rules``' table as the module is imported (``kg.audit.catalog`` imports it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from kg.audit.facts import ArticleFact
from kg.audit.model import Finding, Subject
from kg.audit.rules import Context, quoted, rule

#: a site name a content system or a developer leaves until the site is named: a test, demo or staging site, the
#: placeholder text of a theme ("Site Title", "Lorem ipsum"), WordPress's default tagline
_PLACEHOLDER_NAME = re.compile(
    r"(?:^|[\s\-–|:])(?:test|testing|demo|staging|sandbox|localhost)(?:$|[\s\-–|:])"
    r"|\blorem\s{1,3}ipsum\b|\bsite\s{1,3}title\b|\bjust\s{1,3}another\s{1,3}wordpress\s{1,3}site\b"
    r"|\bmy\s{1,3}wordpress\s{1,3}(?:site|blog)\b",
    re.IGNORECASE,
)
#: host names no reader can reach: the special-use names of RFC 6761 (".test", ".invalid", ".localhost", the loopback
#: address) and RFC 6762's link-local ".local" (not RFC 2606's example domains: documentation's own, as in this
#: project's examples)
_UNREACHABLE_HOST = re.compile(
    r"(?:^|\.)(?:localhost|local|test|invalid)$|^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$",
    re.IGNORECASE,
)


@rule(
    "page-metadata",
    "Page metadata left unset",
    "warning",
    "The page's metadata names its publisher by a placeholder a site carries before it is named (a test, demo or "
    "staging site: 'Astro WP Test'; a theme's 'Site Title'; WordPress's 'Just another WordPress site'), or gives as "
    "its own address a host no reader can reach (RFC 6761's '.test', '.invalid', '.localhost', RFC 6762's "
    "link-local '.local': 'http://astro-wp.local/…'; not the example domains documentation uses). The page was published without its metadata being set, so "
    "who publishes it, and where it lives, cannot be told from it.",
)
def page_metadata(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        yield from _unset_metadata(article)


def _unset_metadata(article: ArticleFact) -> Iterator[Finding]:
    publisher, url = article.publisher or "", article.url or ""
    host = (urlsplit(url).hostname or "") if url else ""
    placeholder = bool(publisher) and _PLACEHOLDER_NAME.search(publisher) is not None
    unreachable = bool(host) and _UNREACHABLE_HOST.search(host) is not None
    if not (placeholder or unreachable):
        return
    parts = []
    if placeholder:
        parts.append(f"names its publisher {quoted(publisher)}, a placeholder a site carries before it is named")
    if unreachable:
        parts.append(f"gives its own address on {quoted(host)}, a host no reader can reach")
    yield Finding(
        "page-metadata",
        "warning",
        Subject(article.iri, "article", article.slug, article.slug),
        f"The page's metadata {' and '.join(parts)}: it was published without its metadata being set, so who "
        "publishes it cannot be told from the page.",
        f"publisher: {publisher or '(none)'}; address: {url or '(none)'}",
        "Set the site's name and public address in its metadata (the page's title, JSON-LD publisher and canonical "
        "address), and check the author it names.",
        highlight=publisher if placeholder else host,
    )


#: an amount of money: "$3,728", "£672", "$526.76", "$8.3 billion" (its currency, whole part, decimals, scale)
_MONEY = re.compile(
    r"(?P<cur>[$£€])\s?(?P<whole>\d{1,3}(?:,\d{3}){1,4}|\d{1,9})(?:\.(?P<dec>\d{1,2}))?(?!\d)"
    r"(?:\s{0,2}(?P<scale>million|billion|trillion|[mbk]n?)\b)?",
    re.IGNORECASE,
)


@rule(
    "figure-reused",
    "One figure given for two things",
    "warning",
    "The same precise amount of money given in two sentences that cite different sources ('$3,728 per child … [12]' "
    "and 'exacerbations cost $3,728 … [4][10]'): a figure of four significant digits or more does not recur by "
    "chance, so one sentence has taken the other's figure, or one cue is wrong. Also two amounts of one sentence that "
    "repeat two of an earlier sentence's with the currency changed ('£672/visit versus £526' after '$526.76–$672.22'): "
    "a sum converted between currencies does not keep its digits. Principle: a page's figures agree with each other "
    "(the first check of internal consistency an editor makes).",
)
def figure_reused(ctx: Context) -> Iterator[Finding]:
    for article in ctx.articles:
        yield from _reused_figures(article)


def _reused_figures(article: ArticleFact) -> Iterator[Finding]:
    from kg.audit.rules import enclosing_sentence
    from kg.ingest.linking import find_markers

    text = article.text or ""
    sentences: dict[int, tuple[str, frozenset[int], list[re.Match[str]]]] = {}
    for m in _MONEY.finditer(text):
        at, sentence = enclosing_sentence(text, m.start(), m.end())
        if at not in sentences:
            cues = frozenset(
                n for c in find_markers(text, at, at + len(sentence), set(range(1, 300))) for n in c.numbers
            )
            sentences[at] = (sentence, cues, [])
        sentences[at][2].append(m)
    subject = Subject(article.iri, "article", article.slug, article.slug)
    seen: dict[tuple, tuple[int, re.Match[str]]] = {}
    order = sorted(sentences)
    for at in order:
        sentence, cues, amounts = sentences[at]
        for m in amounts:
            key = (m["cur"], m["whole"].replace(",", ""), m["dec"] or "", (m["scale"] or "").lower())
            digits = (key[1].rstrip("0") if not key[2] else key[1] + key[2]).lstrip("0")
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = (at, m)
                continue
            before, before_cues = sentences[earlier[0]][0], sentences[earlier[0]][1]
            if len(digits) >= 4 and earlier[0] != at and cues and before_cues and not cues & before_cues:
                yield Finding(
                    "figure-reused",
                    "warning",
                    subject,
                    f"{quoted(m.group(0).strip())} is given here citing {_cues(cues)}, and for another sentence citing "
                    f"{_cues(before_cues)} ({quoted(before.strip(), 100)}): one figure cannot come from both sources.",
                    sentence.strip(),
                    "Check both sources: give each sentence the figure its own source states.",
                    highlight=m.group(0).strip(),
                    order=m.start(),
                )
        # two amounts of this sentence that repeat an earlier sentence's digits in another currency
        for earlier_at in order[: order.index(at)]:
            pairs = [
                (m, o)
                for m in amounts
                for o in sentences[earlier_at][2]
                if m["cur"] != o["cur"]
                and m["whole"] == o["whole"]
                and len(m["whole"].replace(",", "")) >= 3
                and (m["scale"] or "").lower() == (o["scale"] or "").lower()
            ]
            if len({p[0]["whole"] for p in pairs}) >= 2:
                first = pairs[0][0]
                yield Finding(
                    "figure-reused",
                    "warning",
                    subject,
                    f"{' and '.join(quoted(p[0].group(0).strip()) for p in pairs[:2])} repeat the digits of "
                    f"{' and '.join(quoted(p[1].group(0).strip()) for p in pairs[:2])} in an earlier sentence "
                    f"({quoted(sentences[earlier_at][0].strip(), 100)}) with the currency changed: a sum converted "
                    "between currencies does not keep its digits.",
                    sentence.strip(),
                    "Check the source of both sentences: give each figure in the currency and for the quantity its "
                    "source states.",
                    highlight=first.group(0).strip(),
                    order=first.start(),
                )
                break


def _cues(numbers: frozenset[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(numbers))
