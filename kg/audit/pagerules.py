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
