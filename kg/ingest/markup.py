"""Turn an article as received (plain text, Markdown or a saved HTML page) into plain text.

HTML is parsed with selectolax (the Lexbor engine: an HTML5 parser that builds the same tree a browser
does, so a saved page's broken markup is read the way a reader saw it). Navigation, page headers and
footers, scripts, styles, asides, forms and blocks whose class or id names boilerplate (cookie banners,
newsletter boxes, share bars, related-article lists) are dropped. What remains becomes one block per
heading, paragraph or list item, separated by blank lines; ordered lists keep their numbers ("  1. …") and
bullets become "  • …", so the reference list and the list items read as they did on the page. A ``<pre>``
block (a Markdown indented code block) keeps its lines, one block each: a reference list pasted into one keeps its
entries. A link to a DOI, PubMed or PMC record whose text is a whole citation keeps its address after the text. A ``<sup>``
that holds a citation marker ("3", "1,2", "4-6") becomes "[3]" so that the linker finds it in the text.

Markdown is rendered to HTML with markdown-it-py (CommonMark) and then read the same way; footnotes
("[^1]" and "[^1]: …") become "[1]" markers and a numbered reference list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from kg.ingest.linking import EXPONENT_BEFORE
from kg.ingest.metadata import PageMeta, from_html, split_front_matter
from kg.ingest.segment import REFERENCE_HEADING, looks_like_citation, looks_like_reference

#: Elements that never hold article content.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "dialog",
    "menu",
)
#: Page-level header/footer (an <article>'s own <header> holds its title and byline, so it is kept).
PAGE_CHROME = ("header", "footer")
DROP_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert")
#: class/id words of boilerplate blocks
BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:cookie|consent|gdpr|newsletter|subscribe|signup|share|sharing|social|breadcrumbs?|related|"
    r"recommended|sidebar|menu|navbar|nav|popup|modal|banner|advert|ads?|sponsor|promo|skip-link|comments?)(?:$|[\s_-])",
    re.IGNORECASE,
)
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "pre",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: a <sup> that is a citation marker: numbers, commas, dashes
#: a link to a work's record: a DOI, PubMed, PubMed Central or Europe PMC
_IDENTIFIER_LINK = re.compile(
    r"\s*https?://(?:dx\.)?(?:doi\.org/|(?:www\.)?ncbi\.nlm\.nih\.gov/(?:pubmed|pmc)|(?:pubmed|pmc)\.ncbi\.nlm\.nih\.gov/|"
    r"europepmc\.org/)",
    re.IGNORECASE,
)
#: what a block holds before the link of an entry printed as its number and a linked title: "[5] ", "5. "
ENTRY_LABEL_ONLY = re.compile(r"^\s{0,20}(?:\[\d{1,3}\]|\d{1,3}\.)\s{0,20}$")
_WEB_ADDRESS = re.compile(r"\s*https?://[^\s/]{1,200}/\S", re.IGNORECASE)
#: the text of a link that only labels a record of a cited work ("PubMed Abstract | Publisher Full Text |
#: Google Scholar" after each entry of a journal's list): not part of the citation
LINK_LABEL = re.compile(
    r"^\s*(?:PubMed(?:\s+(?:Abstract|Central(?:\s+Full\s+Text)?))?|PMC(?:\s+free\s+article)?|Publisher\s+Full\s+Text|Full\s+Text(?:\s+(?:HTML|PDF))?|"
    r"Free\s+(?:full\s+text|PMC\s+article)|Google\s+Scholar|Cross[Rr]ef|CAS|Scopus|Web\s+of\s+Science|Europe\s+PMC|View\s+(?:Article|Abstract)|"
    r"Article|Abstract|OpenURL|Link|DOI)\s*$",
    re.IGNORECASE,
)
#: a PubMed record's address, also relative to the page's site ("/pubmed/21085696")
PUBMED_HREF = re.compile(r"^(?:https?://[^/\s]{1,100})?/pubmed/(?P<pmid>\d{1,9})(?:[/?#]|$)", re.IGNORECASE)
SUP_MARKER = re.compile(r"^\s*\[?\(?\d{1,3}(?:\s*[,–—-]\s*\d{1,3})*\)?\]?\s*$")
#: a bracket opened before a superscript marker and not yet closed: "[", "[1, ", "[4–"
OPEN_MARKER = re.compile(r"\[\s*(?:\d{1,3}\s*[,–—-]\s*){0,20}$")
#: such a bracket whose last number was a superscript with no separator after it: "[8", "[4, 5"
OPEN_NUMBERED = re.compile(r"\[\s*(?:\d{1,3}\s*[,–—-]\s*){0,20}\d{1,3}$")
BULLET = "•"
#: a bracketed marker with the page's line breaks inside it ("[\n  1]", "[ 6–\n 8]"): written "[1]", "[6–8]"
SPACED_BRACKET = re.compile(
    r"\[\s{1,20}(\d{1,3}(?:\s{0,20}[,–—-]\s{0,20}\d{1,3}){0,20})\s{0,20}\]|\[(\d{1,3}(?:\s{0,20}[,–—-]\s{0,20}\d{1,3}){0,20})\s{1,20}\]"
)
#: a line break (with the indentation around it) right after an opening parenthesis, or before a closing one or a
#: comma, semicolon or full stop (English sets no space there); a square bracket's is SPACED_BRACKET's
LAYOUT_IN_BRACKET = re.compile(
    r"(?<=\()[ \t]{0,200}\n\s{0,400}|(?<!\s)[ \t]{0,200}\n\s{0,400}(?=[),;.](?:\s|$|[)\],;.]))"
)
#: white space the markup put inside brackets or before a comma, colon or closing bracket of an entry ("Heinonen OP
#: ( 1973 )", "AL , Ulfelder"); a space before a full stop stays ("2018 . Accessed" is read as printed)
ENTRY_SPACE_AFTER = re.compile(r"(?<=[(\[])\s+")
ENTRY_SPACE_BEFORE = re.compile(r"(?<=[\w)\]])\s+(?=[)\],;:](?:\s|$|[)\],.;:]))")
_LABEL_SEPARATORS = re.compile(r"(?:\s+\|)+(?=\s|$)|^\|\s*")


@dataclass
class Converted:
    """Plain text of an article, the lines that were headings in the markup, and page metadata."""

    text: str
    headings: set[str] = field(default_factory=set)
    title: str | None = None
    description: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    kind: str = "text"
    meta: PageMeta = field(default_factory=PageMeta)  # everything the page says about itself, with origins
    #: reference entries written from their marked-up fields: the line written -> its title, container and year
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the lines inside a block quotation (Markdown "> ", HTML <blockquote>, or a passage in italics with its source
    #: after it: italic_quotation): someone else's words, set apart
    quoted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str, kind: str, meta: PageMeta, headings: set[str] | None = None) -> Converted:
        return cls(
            text=text,
            headings=headings or set(),
            title=meta.title,
            description=meta.description,
            published=meta.published,
            publisher=meta.publisher,
            url=meta.url,
            kind=kind,
            meta=meta,
        )


def detect_kind(name: str, raw: str) -> str:
    """ "html", "markdown" or "text", from the file name, else from the content."""
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    head = raw.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(?:body|p|div|h1)[\s>]", head):
        return "html"
    return "text"


def convert(raw: str, kind: str) -> Converted:
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        return html_to_text(raw)
    front, raw = split_front_matter(raw)
    if kind == "markdown":
        converted = markdown_to_text(raw)
        front.merge(converted.meta)
        markdown = Converted.of(converted.text, "markdown", front, converted.headings)
        markdown.quoted = converted.quoted
        return markdown
    return Converted.of(raw, "text", front)


#: a footnote's back-link: role="doc-backlink" (DPUB-ARIA), or a link to its cue's id ("#fnref:1", "#fnref1")
FOOTNOTE_BACKLINK = 'a[role="doc-backlink"], a[href^="#fnref"]'
FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$", re.MULTILINE)
FOOTNOTE_MARK = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")


def _footnotes(raw: str) -> str:
    """Markdown footnotes ("text.[^1]" … "[^1]: Smith J. …") become markers "[1]" and a numbered
    reference list at the end, so they are read like any numbered reference list."""
    definitions = list(FOOTNOTE_DEFINITION.finditer(raw))
    if not definitions:
        return raw
    numbers: dict[str, int] = {}
    for d in definitions:
        if d.group("label").isdigit():
            numbers[d.group("label")] = int(d.group("label"))
    following = max(numbers.values(), default=0)
    for d in definitions:
        if d.group("label") not in numbers:
            following += 1
            numbers[d.group("label")] = following
    entries = [f"{numbers[d.group('label')]}. {d.group('text').strip()}" for d in definitions]
    body = FOOTNOTE_DEFINITION.sub("", raw)
    body = FOOTNOTE_MARK.sub(
        lambda m: f"[{numbers[m.group('label')]}]" if m.group("label") in numbers else m.group(), body
    )
    return body.rstrip() + "\n\n## References\n\n" + "\n".join(entries) + "\n"


#: a Hugo shortcode's tag: "{{% stat %}}", "{{% /stat %}}", "{{< figure src=… >}}" (template markup that the site
#: renders, never text the reader sees: a cue before "{{% /stat %}}" would end no sentence)
SHORTCODE = re.compile(r"\{\{[%<][^{}\n]{0,500}?[%>]\}\}")


def markdown_to_text(raw: str) -> Converted:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).render(_footnotes(SHORTCODE.sub("", raw)))
    converted = html_to_text(f"<html><body>{html}</body></html>")
    converted.kind = "markdown"
    return converted


def html_to_text(raw: str) -> Converted:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(raw)
    meta = from_html(tree)
    root = tree.body
    if root is None:
        return Converted.of("", "html", meta)
    for node in list(root.css(",".join(DROP_TAGS))):
        node.decompose()
    for node in list(root.css(",".join(PAGE_CHROME))):
        if not _inside(node, ("article", "main")):
            node.decompose()
    whole = len(root.text() or "")
    for node in list(root.css("[role], [aria-hidden], [class], [id], [hidden]")):
        attrs = node.attributes
        named = BOILERPLATE.search(attrs.get("class") or "") or BOILERPLATE.search(attrs.get("id") or "")
        if (
            (attrs.get("role") or "").lower() in DROP_ROLES
            or (attrs.get("aria-hidden") or "").lower() == "true"
            or "hidden" in attrs
            or named
        ):
            # a block named like boilerplate that holds most of the page's text is the page's wrapper
            # (<div id="page" class="ad-template-type--article">): its class is a template's name, not a box's
            if node.tag not in ("body", "html", "main", "article") and not (
                named and 2 * len(node.text() or "") > whole
            ):
                node.decompose()
    _drop_link_chrome(root, meta.url)
    # a footnote's link back to its cue ("↩", "↩︎"), as kramdown, Pandoc, Hugo and markdown-it print it: no part of
    # the note (it would end a bare address and make it no address)
    for node in list(root.css(FOOTNOTE_BACKLINK)):
        node.decompose()
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    if walker.structured:
        meta.notes.append(
            f"{walker.structured} reference entries mark up their fields one by one (journal XML turned into HTML): each was "
            "written as one line from its fields (authors, title, journal, year, volume, pages, identifiers); compare with the page"
        )
    if meta.cited and not any(REFERENCE_HEADING.match(h) for h in walker.headings):
        # the page shows no reference list, but its citation_reference tags hold one: it is the article's
        walker.blocks.append("References")
        walker.headings.add("References")
        walker.blocks += [f"  {BULLET} {line}" for line in meta.cited]
        meta.notes.append(
            f'the reference list was read from the page\'s {len(meta.cited)} <meta name="citation_reference"> tags (the page does not show it)'
        )
    text = "\n\n".join(walker.blocks) + "\n"
    converted = Converted.of(text, "html", meta, walker.headings)
    converted.entries = walker.marked
    converted.quoted = walker.quoted
    return converted


#: elements that make a link a card (a teaser of another page: its headline, picture and summary in one link)
_CARD_PARTS = "h1, h2, h3, h4, h5, h6, p, div, li, img, figure"
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _host(url: str | None) -> str | None:
    found = re.match(r"^https?://(?:www\.)?([^/:?#\s]{1,200})", (url or "").strip(), re.IGNORECASE)
    return found.group(1).lower() if found else None


def _same_site(href: str, host: str | None) -> bool:
    href = href.strip()
    if href.startswith("/") and not href.startswith("//"):
        return True
    return host is not None and _host(href) == host


def _drop_link_chrome(root, page_url: str | None) -> None:
    """Drop what links to the site's other pages rather than saying anything: teaser cards (a link that wraps
    a headline, a picture or a summary: "<a href=…><img><h4>30 Easy Tips to Get Slimmer in 30 Days</h4></a>")
    and menus (a list of three or more items, each only a link to the same site, none a citation). A list of
    links to other sites (a "Sources" list) and links inside sentences stay."""
    host = _host(page_url) or _main_host(root)
    for link in list(root.css("a[href]")):
        href = (link.attributes.get("href") or "").strip()
        if href.startswith("#") or link.css_first(_CARD_PARTS) is None or len((link.text() or "").split()) > 60:
            continue
        if not looks_like_citation(" ".join((link.text() or "").split())):
            link.decompose()
    for heading in list(root.css("h2, h3, h4, h5, h6")):
        # a teaser's headline: a heading that is wholly one link to another page of the same site ("<h3><a
        # href='/news/…'>Olivia Newton-John has died aged 73</a></h3>" under "Most Read")
        links = heading.css("a[href]")
        text = " ".join((heading.text() or "").split())
        if len(links) == 1 and text and " ".join((links[0].text() or "").split()) == text:
            href = (links[0].attributes.get("href") or "").strip()
            if (
                href
                and not href.startswith("#")
                and _same_site(href, host)
                and href.rstrip("/") != (page_url or "").rstrip("/")
            ):
                heading.decompose()
    for menu in list(root.css("ul, ol")):
        items = [li for li in menu.iter() if li.tag == "li"]
        if len(items) < 3:
            continue
        if all(_menu_item(li, host) for li in items):
            title = _previous_element(menu)
            if (
                title is not None
                and title.tag in ("div", "p", "span", "h2", "h3", "h4", "h5", "h6", "strong")
                and 0 < len((title.text() or "").split()) <= 6
                and not (title.text() or "").strip().endswith((".", "!", "?", ":"))
            ):
                title.decompose()  # the menu's own title ("Top 12 News Topics")
            menu.decompose()


def _main_host(root) -> str | None:
    """The site a page without a canonical address belongs to: the host of a third or more of its absolute links
    (a saved page links to its own site's pages more than to any other)."""
    from collections import Counter

    hosts = Counter(h for a in root.css("a[href]") if (h := _host(a.attributes.get("href"))))
    if not hosts:
        return None
    host, count = hosts.most_common(1)[0]
    return host if count * 3 >= sum(hosts.values()) and count >= 5 else None


def _previous_element(node):
    """The element right before ``node`` among its siblings (skipping white space), or None."""
    before = node.prev
    while before is not None and before.tag == "-text" and not (before.text(deep=False) or "").strip():
        before = before.prev
    return before if before is not None and not before.tag.startswith("-") else None


def _menu_item(li, host: str | None) -> bool:
    """An item that is only a link to the same site or page, short (a headline: sixteen words at most) and no citation (no
    year, no final full stop)."""
    text = " ".join((li.text() or "").split())
    links = list(li.css("a[href]"))
    if len(links) != 1 or not text or len(text.split()) > 16 or _YEAR.search(text) or text.endswith("."):
        return False
    linked = " ".join((links[0].text() or "").split())
    # the item's text is the link's, but for a number or bullet before it ("1 . Skin Cancer")
    rest = text.replace(linked, "", 1) if linked else text
    href = (links[0].attributes.get("href") or "").strip()
    # a link to the same site, or to a place on the same page (a tab bar: "Sort by: original order | author | year")
    return bool(linked) and not re.search(r"[^\W\d_]", rest) and (href.startswith("#") or _same_site(href, host))


def _inside(node, tags) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _list_number(value: str | None) -> int | None:
    """A list's start or an item's value: ASCII digits only ("²" is a digit to Python, not to a browser), and
    short (a 5,000-digit number is more than int() converts)."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


#: the fields of a reference entry as JATS names them, which converters of journal XML to HTML keep in a class or
#: another attribute (PMC, Europe PMC, norma: <span class="surname">, <span tagx="article-title">) or as the tag
ENTRY_FIELDS = {
    "surname",
    "given-names",
    "suffix",
    "collab",
    "article-title",
    "chapter-title",
    "source",
    "year",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "elocation-id",
    "edition",
    "publisher-name",
    "publisher-loc",
    "pub-id",
    "object-id",
    "ext-link",
    "comment",
    "label",
    "etal",
}
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\]\[<>\"]{1,300}[^\s\]\[<>\".,;]")
_PMID = re.compile(r"^\[?(\d{5,9})\]?$")
#: when an entry's page was seen, as Vancouver and AMA print it
_ACCESSED = re.compile(
    r"\[(?:cited|accessed)\s[^\[\]]{1,40}\]|\bAccessed\s+(?:on\s+)?[A-Z]?[\w ,.-]{3,30}\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"https?://[^\s<>\"]{1,500}")
_ARTICLE_NUMBER = re.compile(r"^(\w{1,10}),?\s+article\s+(\w{1,20})$", re.IGNORECASE)


#: a class that names an entry's field by its last word, as a site's own templates do ("reflink-details-year",
#: "ref-volume", "citation_pages", "reflink-author"): the field it stands for
CLASS_FIELDS = {
    "author": "author",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "pub-id",
    "pmid": "pub-id",
}
_CLASS_FIELD = re.compile(r"^[a-z][a-z0-9]{0,30}(?:[-_][a-z0-9]{1,30}){0,6}[-_](?P<field>[a-z]{3,7})$")


def _entry_field(node) -> str | None:
    """The JATS field a node of an entry holds, from any of its attributes' values or from its tag; HighWire's
    "nlm-" prefix (class="nlm-article-title", "nlm-source") and a class whose last word names a field
    ("elife-reflink-details-year") are read as the field's name."""
    for value in node.attributes.values():
        name = (value or "").strip(" '\"").lower()
        if name in ENTRY_FIELDS:
            return name
        if name.startswith("nlm-") and name[4:] in ENTRY_FIELDS:
            return name[4:]
    for token in (node.attributes.get("class") or "").lower().split()[:10]:
        if (found := _CLASS_FIELD.match(token)) and found.group("field") in CLASS_FIELDS:
            return CLASS_FIELDS[found.group("field")]
    return node.tag if node.tag in ENTRY_FIELDS else None


def _name_parts(name: str) -> list[str]:
    """[surname, initials] of a name printed whole: "BA Afzelius" (initials first), "Andrew G. Engel"."""
    words = name.replace(",", " ").split()
    if len(words) < 2:
        return [name, ""]
    if re.fullmatch(r"[A-Z]{1,4}", words[0]):
        return [" ".join(words[1:]), words[0]]
    return [words[-1], _initials(" ".join(words[:-1]))]


def _initials(given: str) -> str:
    """ "L. E." or "Lisa Ann" is "LE"/"LA"; "OP" stays "OP"."""
    given = given.strip()
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return given
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part[:1].isalpha())


#: what follows an entry's italic venue: its year, or nothing ("<em>Thorax</em>, 2020.", "<em>NICS Well</em>.")
_AFTER_VENUE = re.compile(r"^\s{0,5}(?:,\s{0,5}(?P<year>(?:1[5-9]|20)\d{2}))?\s{0,5}\.?\s{0,5}$")
#: an identifier set in italics where a venue would stand ("<em>PMC3422397</em>"): no venue
_IDENTIFIER_VENUE = re.compile(r"^(?:PMC\d{1,10}|PMID:?\s?\d{1,9}|10\.\d{4,9}/\S+|https?://\S+)$", re.IGNORECASE)


#: the note after a quotation set in italics that names where it comes from: "Source: Brian Deer website",
#: "[Source: …]", "(From: …)", "— Jane Roe"
_SOURCE_NOTE = re.compile(r"\s*[\[(]?\s*(?:Source|From)\s*:|\s*[—–]\s*[A-Z]")


def _inline_parts(block, most: int) -> list | None:
    """A block's child nodes, its text between them included but not text that is only white space; None where
    there are more than ``most`` (the layouts read from them are a few parts long)."""
    parts = []
    for node in block.iter(include_text=True):
        if node.tag == "-text" and not (node.text(deep=False) or "").strip():
            continue
        parts.append(node)
        if len(parts) > most:
            return None
    return parts


def italic_quotation(block) -> bool:
    """Whether a paragraph is a quotation set apart in italics with its source after it, as a blog quotes a
    passage: the whole paragraph one italic run (60 characters or more), then only a short note naming its
    source ("<p><em>…but this is again my son’s birthday party …</em> <a>Source: Brian Deer website</a></p>")."""
    parts = _inline_parts(block, 4)
    if parts is None or len(parts) < 2 or parts[0].tag not in ("em", "i"):
        return False
    if len((parts[0].text() or "").strip()) < 60:
        return False
    note = " ".join(" ".join((node.text() or "").split()) for node in parts[1:])
    return len(note) <= 120 and _SOURCE_NOTE.match(note) is not None


def italic_venue_entry(block) -> tuple[str, dict[str, str]] | None:
    """An entry printed as its bold number, its title and its venue in italics, as the common styles set a
    container's name (APA 7 §9.25, AMA 11 §3.11: the journal or site in italics, after the title's full stop):
    "<p><strong>[7]</strong> Parental psychological distress … asthma. <em>Thorax</em>, 2020.</p>". (the entry's
    text after its number, the title, venue and year its markup gives), or None."""
    parts = _inline_parts(block, 4)
    if (
        parts is None
        or len(parts) < 3
        or parts[0].tag not in ("strong", "b")
        or parts[1].tag != "-text"
        or parts[2].tag not in ("em", "i")
    ):
        return None
    label, printed = " ".join((parts[0].text() or "").split()), " ".join((parts[1].text(deep=False) or "").split())
    venue = " ".join((parts[2].text() or "").split())
    tail = (
        parts[3].text(deep=False) if len(parts) == 4 and parts[3].tag == "-text" else ("" if len(parts) == 3 else None)
    )
    after = _AFTER_VENUE.match(tail) if tail is not None and len(tail) < 40 else None
    if not (ENTRY_LABEL_ONLY.match(label) and after and printed.endswith(".") and 0 < len(venue) <= 120):
        return None
    if len(printed.split()) < 3 or len(printed) > 500:
        return None
    # an identifier in the venue's place ("<em>PMC3422397</em>") is no venue, nor part of the title
    container = "" if _IDENTIFIER_VENUE.match(venue) else venue
    known = {"title": printed[:-1].strip(), "year": after.group("year") or "", "container": container}
    return " ".join(f"{printed} {venue}{tail}".split()), known


def structured_entry(item, marked: dict[str, dict[str, str]] | None = None) -> tuple[int | None, str] | None:
    """A reference-list item whose fields are marked up one by one (journal XML turned into HTML, where the fields
    often stand without the punctuation between them: "Wyatt L. E. … Applied and Environmental Microbiology 1979
    38 4 710 714"), written as one NLM line from its fields: (its printed number, the line). None where the item
    does not mark up an author or title and a year. ``marked`` (the walker's) is given the title, journal and year of
    an entry that marks up an article's title and its journal, under the line written: the line is read again by the
    reference reader like any printed entry, but these fields are known and stand (a title ending "…, Yap State,
    Micronesia, 2007" is not read as a place and a year)."""
    fields: dict[str, list[str]] = {}
    authors: list[list[str]] = []
    bracketed: list[str] = []  # the fields' values the converter put in brackets
    size = 0
    for seen, node in enumerate(item.traverse()):
        if seen >= 400:  # the first 400 elements are read, never a whole nested tree
            break
        if seen and node.tag in ("li", "ul", "ol"):
            return None  # an item holding a list is no reference entry (and a list nested 3,000 deep is read once)
        size += sum(len(c.text(deep=False) or "") for c in node.iter(include_text=True) if c.tag == "-text")
        if size > MAX_ENTRY_CHARS:
            return None  # longer than any entry: a block that holds more (a page's wrapper <div id="r1">)
        name = _entry_field(node)
        if name is None:
            continue
        text = " ".join((node.text() or "").split())
        if text.startswith("[") and text.endswith("]") and "[" not in text[1:-1]:
            text = text[1:-1].strip()  # a field the converter put in brackets ("[ASM Press]", "[539822]")
            bracketed.append(text)
        if name == "surname":
            authors.append([text, ""])
        elif name == "given-names" and authors:
            authors[-1][1] = _initials(text)
        elif name == "suffix" and authors:
            authors[-1][1] = (authors[-1][1] + " " + text).strip()
        elif name == "collab":
            authors.append([text, ""])
        elif name == "author" and text and not any(_entry_field(n) == "author" for n in islice(node.traverse(), 1, 60)):
            authors.append(_name_parts(text))
        elif name == "pages" and text:
            fields.setdefault("fpage", []).append(re.split(r"\s*[-–]\s*", text, maxsplit=1)[0])
            if re.search(r"\d\s*[-–]\s*\w", text):
                fields.setdefault("lpage", []).append(re.split(r"\s*[-–]\s*", text, maxsplit=1)[1])
        elif text:
            fields.setdefault(name, []).append(text)
    first = lambda name: (fields.get(name) or [""])[0].strip().rstrip(".")  # noqa: E731
    number = int(first("label")) if first("label").isdigit() and len(first("label")) <= 4 else None
    if not (
        (authors or first("article-title") or first("source")) and re.search(r"\b(?:1[5-9]|20)\d{2}\b", first("year"))
    ):
        if number is None:
            return None
        # only its number is marked ("<div class='label'>13</div>(2014) The Sister Study Cohort Description."), or
        # its fields too but no year ("[WHO]. Title. [Geneva]: [WHO]; In press."): the entry is its text as printed,
        # under that number, without the brackets the converter put around fields
        text = " ".join((item.text() or "").split())
        text = re.sub(rf"^{number}\b[.)\]]?\s*", "", text) if text.startswith(str(number)) else text
        for value in bracketed[:50]:
            text = text.replace(f"[{value}]", value)
        return number, re.sub(r"(?<=\w)\s+(?=[.,;:](?:\s|$))", "", text)
    names = ", ".join(f"{surname} {initials}".strip() for surname, initials in authors if surname)
    if fields.get("etal") or re.search(r"\bet\s+al\b", " ".join((item.text() or "").split()[-400:])):
        names += ", et al" if names else ""
    volume, pages = first("volume"), "-".join(p for p in (first("fpage"), first("lpage")) if p) or first("elocation-id")
    if (numbered := _ARTICLE_NUMBER.match(volume)) and not pages:
        volume, pages = numbered.group(1), numbered.group(2)
    title, source, year = first("article-title") or first("chapter-title"), first("source"), first("year")[:4]
    publisher = ": ".join(p for p in (first("publisher-loc"), first("publisher-name")) if p)
    parts = [names, title]
    if volume or not (publisher or first("edition")):
        issue = f"({first('issue')})" if first("issue") else ""
        parts += [source, year + (f";{volume}{issue}" if volume else "") + (f":{pages}" if pages else "")]
    else:  # a book or a chapter in one: "In: Source. 9th ed. Place: Publisher; Year. p. 698-715"
        parts += [
            f"In: {source}" if title and source else source,
            f"{first('edition')} ed" if first("edition") else "",
            # with no place, "Publisher; Year" reads as a journal's "Source; Year": a comma, as APA prints it
            (f"{publisher}; {year}" if first("publisher-loc") else f"{publisher}, {year}") if publisher else year,
            f"p. {pages}" if pages else "",
        ]
    line = ". ".join(p for p in parts if p) + "."
    known = {"title": title, "container": source, "year": year}
    ids = " ".join(
        fields.get("pub-id", []) + fields.get("object-id", []) + fields.get("ext-link", []) + fields.get("comment", [])
    )
    if doi := _DOI.search(ids):
        line += f" doi: {doi.group()}."
    pmid = next(
        (m.group(1) for v in fields.get("pub-id", []) + fields.get("object-id", []) if (m := _PMID.match(v))), None
    )
    if pmid and not (doi and pmid in doi.group()):
        line += f" PMID: {pmid}."
    address = next(
        (u for u in fields.get("ext-link", []) if _ADDRESS.fullmatch(u) and "doi.org/" not in u.lower()), None
    )
    if address:
        line += f" Available from: {address}"  # a report's or a page's address, as NLM prints it
    printed = " ".join((item.text() or "").split()[-60:])
    if (accessed := _ACCESSED.search(printed)) and accessed.group() not in line:
        line += f" {accessed.group()}"  # the date it was seen, printed outside the fields ("[cited 2015 Nov 2]")
    if marked is not None and re.fullmatch(r"(?:1[5-9]|20)\d{2}", year):
        if title and source and (volume or pages):
            marked[" ".join(line.split())] = known  # a journal article
        elif title or (source and first("publisher-name")):
            # a chapter, a page or a report: its title (a report's is its source) and its publisher, never a journal
            known = {"title": title or source, "year": year, "organisation": first("publisher-name")}
            marked[" ".join(line.split())] = known
    return number, line


#: the longest text an entry written from its fields may have
MAX_ENTRY_CHARS = 3000
#: the id a page gives a reference entry laid out in a block of its own ("ref-1", "bib12", "CR3", "B7")
ENTRY_ID = re.compile(r"^(?:ref|bib|cite?|cr|reference|b|r)[-_]?\d{1,4}$", re.IGNORECASE)
ENTRY_TAGS = ("article", "div", "section", "p", "dd")
#: the number an entry opens with, alone in its element ("1", "[1]", "1.")
ENTRY_LABEL = re.compile(r"^\s*\[?(\d{1,4})[.)\]]?\s*$")


def _opening_number(entry) -> int | None:
    """The number an entry opens with, where its first text stands alone ("<span>1</span>"): its label."""
    for seen, node in enumerate(entry.traverse(include_text=True)):
        if seen >= 40:
            break
        if node.tag == "-text" and (text := node.text(deep=False) or "").strip():
            label = ENTRY_LABEL.match(text)
            return int(label.group(1)) if label else None
    return None


_NUMBER_CELL = re.compile(r"^\s*[\[(]?(\d{1,4})[.)\]]?\s*$")


def _row_number(row) -> int | None:
    """The number of a table row that is a numbered entry: its first cell holds only a number ("1", "[1]", "1.")
    and another cell holds words."""
    cells = [c for c in row.iter() if c.tag in ("td", "th")]
    if len(cells) < 2:
        return None
    number = _NUMBER_CELL.match(cells[0].text() or "")
    if not number or not any(len(re.findall(r"[^\W\d_]{2,}", c.text() or "")) >= 3 for c in cells[1:]):
        return None
    return int(number.group(1))


class _Walker:
    """Collects the text of block elements, one block at a time."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.headings: set[str] = set()
        self.buffer: list[str] = []
        self.prefix = ""
        self.heading = False
        self.lists: list[list] = []  # stack of [ordered, next number]
        self.preformatted = 0  # depth of <pre> elements: their line breaks are kept, one block a line
        #: depth of list items and table rows: a paragraph, a <div> or a cell inside one goes on the same line (a
        #: journal's reference entry puts its journal, year and links in a nested <p>: the entry stays one)
        self.items = 0
        self.row_label = False  # the next cell is a numbered row's number
        self.structured = 0  # reference entries written from their marked-up fields
        self.after_marker = False  # the last text collected is a superscript marker
        self.marked: dict[str, dict[str, str]] = {}  # entry line -> the fields its markup names (structured_entry)
        self.quoting = 0  # depth of <blockquote> elements (outside a list item or table row)
        self.quoted: set[str] = set()  # the lines written inside one

    def flush(self) -> None:
        # a line break the page's markup put right inside a bracket or before a comma is its layout, not a space the
        # writer typed: "swelling (\n   <span>Fig. 3</span>)" reads "swelling (Fig. 3)", as English sets it
        text = LAYOUT_IN_BRACKET.sub("", "".join(self.buffer))
        text = " ".join(text.split())
        text = SPACED_BRACKET.sub(lambda m: "[" + re.sub(r"\s+", "", m.group(1) or m.group(2)) + "]", text)
        if self.items:
            text = _LABEL_SEPARATORS.sub("", text)  # the bars left between the links' labels that were dropped
            text = ENTRY_SPACE_BEFORE.sub("", ENTRY_SPACE_AFTER.sub("", text))
        self.buffer = []
        self.after_marker = False
        if not text:
            return  # an empty block keeps the pending list prefix and heading flag for its content
        line = self.prefix + text
        self.blocks.append(line)
        if self.heading:
            self.headings.add(line)
        if self.quoting:
            self.quoted.add(line)
        self.prefix = ""
        self.heading = False

    def walk(self, node) -> None:
        """Collect the blocks below ``node``. An explicit stack, not recursion: a page may nest a thousand
        <div>s. It holds iterators over children and, above each element's children, what to do after them."""
        stack: list = [node.iter(include_text=True)]
        while stack:
            top = stack[-1]
            if callable(top):  # an element's children are done
                stack.pop()
                top()
                continue
            child = next(top, None)
            if child is None:
                stack.pop()
                continue
            descend, after = self._enter(child)
            if descend:
                if after is not None:
                    stack.append(after)
                stack.append(child.iter(include_text=True))

    def _entry_title_link(self, link) -> bool:
        """Whether ``link`` is the title of an entry printed as its number and a linked title, the whole of its
        block ("<p><strong>[5]</strong> <a href='https://www.frontiersin.org/…/10.3389/…/full'>Title</a></p>"):
        its address is the entry's URL."""
        if not ENTRY_LABEL_ONLY.match("".join(self.buffer)) or not _WEB_ADDRESS.match(
            link.attributes.get("href") or ""
        ):
            return False
        return len((link.text() or "").split()) >= 2

    def _enter(self, child):
        """Start on an element: (whether to walk its children, what to do after them)."""
        tag = child.tag
        if tag == "-text":
            lines = child.text(deep=False).split("\n") if self.preformatted else [child.text(deep=False)]
            if self.after_marker and lines[0].strip():
                self.after_marker = False
                if lines[0].lstrip()[:1] in (".", ",", ";", ":", ")", "]"):
                    # the punctuation after a marker the markup put on lines of its own: "[4] )." is "[4])."
                    self._trim()
                    lines[0] = lines[0].lstrip()
                elif lines[0][:1].isalpha():
                    lines[0] = " " + lines[0]  # the next sentence, typed with no space after the marker
            self.buffer.append(lines[0])
            for line in lines[1:]:
                self.flush()
                self.buffer.append(line)
        elif tag in ("-comment", "head", "title", "meta", "link"):
            pass
        elif tag == "br":
            self.buffer.append(" ")
        elif tag == "sup" or (tag in ("span", "a") and _styled_superscript(child)):
            self._sup(child)
        elif tag == "pre":
            return self._nested("preformatted")
        elif tag == "a" and self.items and LINK_LABEL.match(child.text() or ""):
            # "PubMed Abstract", "Publisher Full Text" in an entry: the label goes, the record's address stays
            href = (child.attributes.get("href") or "").strip()
            pubmed = PUBMED_HREF.match(href)
            if _IDENTIFIER_LINK.match(href) and not href.lower().startswith("https://www.ncbi.nlm.nih.gov/entrez"):
                self.buffer.append(f" {href} ")
            elif pubmed:
                self.buffer.append(f" PMID: {pubmed.group('pmid')} ")
            else:
                self.buffer.append(" ")
            return False, None
        elif tag == "a" and (
            _IDENTIFIER_LINK.match(child.attributes.get("href") or "") or self._entry_title_link(child)
        ):
            href = (child.attributes.get("href") or "").strip()
            titled = self._entry_title_link(child)

            def end_link() -> None:
                # a citation printed as a link to its record keeps the address: it is the reference's identifier
                if (looks_like_citation(child.text()) or self.items or titled) and href not in child.text():
                    self.buffer.append(f" {href}")

            return True, end_link
        elif tag == "a" and (address := _access_address(child)):

            def end_access() -> None:
                self.buffer.append(f" {address}")

            return True, end_access
        elif tag in ("ul", "ol"):
            self.flush()
            start = _list_number(child.attributes.get("start"))
            self.lists.append([tag == "ol", 1 if start is None else start])

            def end_list() -> None:
                self.flush()
                self.lists.pop()

            return True, end_list
        elif tag == "li" and (entry := structured_entry(child, self.marked)) is not None:
            self.flush()  # an entry whose fields are marked up: written from its fields, its number kept
            number, line = entry
            if self.lists and self.lists[-1][0] and number is None:
                number = self.lists[-1][1]
            if self.lists:
                self.lists[-1][1] = (number or self.lists[-1][1]) + 1
            self.blocks.append((f"  {number}. " if number is not None else f"  {BULLET} ") + line)
            self.prefix = ""
            self.structured += 1
        elif (
            tag in ENTRY_TAGS
            and not self.items
            and ENTRY_ID.match(child.attributes.get("id") or "")
            and (entry := structured_entry(child, self.marked)) is not None
        ):
            # an entry laid out in its own block, not a list item (<article id="ref-1">): its number is the label it
            # opens with
            self.flush()
            number, line = entry
            if number is None:
                number = _opening_number(child)
            self.blocks.append((f"  {number}. " if number is not None else f"  {BULLET} ") + line)
            self.prefix = ""
            self.structured += 1
        elif tag == "li":
            self.flush()
            if self.lists and self.lists[-1][0]:
                number = _list_number(child.attributes.get("value"))
                number = self.lists[-1][1] if number is None else number
                self.lists[-1][1] = number + 1
                self.prefix = f"  {number}. "
            else:
                self.prefix = f"  {BULLET} "
            prefix = self.prefix
            self.items += 1

            def end_item() -> None:
                if self.prefix == prefix:
                    self.flush()
                    self.prefix = ""
                self.items -= 1

            return True, end_item
        elif tag == "tr" and (number := _row_number(child)) is not None:
            # a reference list laid out as a table: "<tr><td>1</td><td>Smith J …</td></tr>" is entry 1
            self.flush()
            self.prefix = f"  {number}. "
            self.items += 1
            self.row_label = True

            def end_row() -> None:
                self.flush()
                self.prefix = ""
                self.items -= 1

            return True, end_row
        elif tag in ("td", "th") and self.row_label:
            self.row_label = False  # the row's number, written as the entry's
            return False, None
        elif self.items and tag in (
            "p",
            "div",
            "span",
            "section",
            "dd",
            "dt",
            "address",
            "figure",
            "figcaption",
            "blockquote",
            "td",
            "th",
        ):
            self.buffer.append(" ")  # inside an entry: the same line

            def end_inline() -> None:
                self.buffer.append(" ")

            return True, end_inline
        elif tag == "blockquote" or (tag == "p" and not self.quoting and italic_quotation(child)):
            return self._nested("quoting")
        elif tag in HEADING_TAGS:
            self.flush()
            self.heading = True

            def end_heading() -> None:
                self.flush()
                self.heading = False

            return True, end_heading
        elif tag == "p" and not self.items and (entry := italic_venue_entry(child)) is not None:
            self.flush()  # read as printed; its title, venue and year stand as its markup gives them
            self.marked[entry[0]] = entry[1]
            return True, self.flush
        elif tag in BLOCK_TAGS:
            self.flush()
            return True, self.flush
        else:
            return True, None
        return False, None

    def _nested(self, depth: str):
        """Enter an element that sets its blocks apart (<pre>, <blockquote>): its own blocks, and the counter named
        ``depth`` one deeper while they are written."""
        self.flush()
        setattr(self, depth, getattr(self, depth) + 1)

        def leave() -> None:
            self.flush()
            setattr(self, depth, getattr(self, depth) - 1)

        return True, leave

    def _sup(self, node) -> None:
        content = node.text()
        collected = self._tail()
        before = collected.rstrip()
        # the bracket a marker may stand in, with the markup's white space between its parts made one space (journal
        # HTML puts each linked number on lines of its own, deeply indented: "[\n      7\n      10")
        bracket = re.sub(r"\s+", " ", self._tail(400)[-400:].rstrip())[-80:]
        after = node.next.text(deep=False) if node.next is not None and node.next.tag == "-text" else ""
        if SUP_MARKER.match(content) and OPEN_MARKER.search(bracket):
            # the page prints the brackets outside the superscripts ("[<sup>1</sup>, <sup>2</sup>]"): the number only
            self.buffer.append(content.strip())
        elif SUP_MARKER.match(content) and OPEN_NUMBERED.search(bracket):
            # the next linked number in those brackets with no separator printed ("[<sup>8</sup><sup>9</sup>]", as
            # JATS turned into HTML sets "[8,9]" with each number its own link): a list, not "89" nor "8[9]"
            self.buffer.append(", " + content.strip())
        elif before[-1:].isdigit() and (
            content.strip() == "°" or (content.strip() in ("º", "o") and re.match(r"\s{0,3}[CF]\b", after))
        ):
            # a degree set as a superscript ("8.7<sup>°</sup> C", "39<sup>o</sup>C"; an "º" or "o" before no scale's
            # letter is an ordinal, "1<sup>o</sup>"): the sign, against its figure whatever white space the markup
            # put between them, not an exponent
            self._trim()
            self.buffer.append("°")
        elif (
            SUP_MARKER.match(content)
            and after[:1].isalpha()
            and not _cross_reference(node)
            and not re.search(r"[\w)][.!?]$", collected[-3:])
        ):
            # a prefix glued to the word after it: an isotope ("¹¹¹In"); not a number that ends a sentence, glued to
            # its full stop ("risk.<sup>1</sup>Dengue …", a page that typed no space) nor a link to an entry
            self.buffer.append("^" + content.strip())
        elif SUP_MARKER.match(content) and (
            _cross_reference(node) or not (before and (before[-1].isdigit() or EXPONENT_BEFORE.search(before[-4:])))
        ):
            numbers = re.sub(r"\s+", "", content.strip().strip("[]()")).replace("—", "–")
            if not before:
                # a marker that opens its block is a footnote's number ("<sup>1</sup>29 U.S.C. …"): a space after it
                self.buffer.append(f"[{numbers}] ")
                return
            # a superscript stands against the word before it, whatever white space the markup puts between them
            # (journal XML turned into HTML puts each marker on lines of its own: "2014.\n  <sup>\n 1\n </sup>"), so
            # that a marker after a full stop stays with its sentence
            self._trim()
            self.buffer.append(f"[{numbers}]")
            self.after_marker = True
        elif re.search(r"[A-Za-z]{2}", content) and _cross_reference(node):
            # an author-date cue set as a linked superscript, as journal XML turned into HTML may set a citation
            # element ("(<sup><a href='#B5'>Duffy et al. 2009</a></sup>)"): its words, not an exponent
            self.buffer.append(" ".join(content.split()))
        else:
            self.buffer.append("^" + content.strip())

    def _tail(self, size: int = 120, pieces: int = 400) -> str:
        """The end of the block collected so far: at least ``size`` characters of it where it has them, read from at
        most ``pieces`` pieces (joining the whole block at every superscript made a paragraph of 20,000 markers take
        seconds)."""
        parts: list[str] = []
        length = 0
        for piece in islice(reversed(self.buffer), pieces):
            parts.append(piece)
            length += len(piece)
            if length >= size and piece.strip():
                break
        return "".join(reversed(parts))

    def _trim(self) -> None:
        """Drop the white space at the end of the block collected so far."""
        while self.buffer and not self.buffer[-1].strip():
            self.buffer.pop()
        if self.buffer:
            self.buffer[-1] = self.buffer[-1].rstrip()


#: an element set as a superscript by its style rather than as <sup>: CSS's "vertical-align: super" inline
#: (CSS 2.1 §10.8.1), or Tailwind's utility class for it, "align-super"
#: the legacy PubMed record address: "…/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=14605267&dopt=Abstract"
_ENTREZ_PUBMED = re.compile(r"^https?://(?:www\.)?ncbi\.nlm\.nih\.gov/entrez/query\.fcgi\?", re.IGNORECASE)
_ENTREZ_UID = re.compile(r"[?&]list_uids=([1-9][0-9]{0,8})(?:&|$)", re.IGNORECASE)
#: the blocks a citation is printed in, the nearest of which holds a link
_ENTRY_BLOCKS = {"li", "p", "div", "dd", "td", "blockquote", "article", "section"}


def _access_address(link) -> str | None:
    """The address a citation's access link gives ("… Lancet 2002; 359: 1945-6. Available in [html format]", "[Medline]
    [Full text] [PDF]" after a title-first entry), as the NLM's "Available from: <address>" prints it: a short link
    in a block that reads as one reference; a legacy PubMed query becomes "PMID: n". None for any other link."""
    href = (link.attributes.get("href") or "").strip()
    label = " ".join((link.text() or "").split())
    if not re.match(r"https?://", href, re.IGNORECASE) or href in label or len(label.split()) > 6:
        return None
    block = link.parent
    while block is not None and block.tag not in _ENTRY_BLOCKS:
        block = block.parent
    if block is None:
        return None
    text = " ".join((block.text() or "")[:2000].split())
    if not (looks_like_reference(text) or looks_like_citation(text)):
        return None
    if _ENTREZ_PUBMED.match(href):
        uid = _ENTREZ_UID.search(href)
        return f"PMID: {uid.group(1)}" if uid and re.search(r"[?&]db=pubmed(?:&|$)", href, re.IGNORECASE) else None
    return href


_SUPER_STYLE = re.compile(r"(?:^|;)\s{0,20}vertical-align\s{0,20}:\s{0,20}super\b", re.IGNORECASE)
_SUPER_CLASS = re.compile(r"(?:^|\s)align-super(?:\s|$)")


def _styled_superscript(node) -> bool:
    """Whether an element is a superscript by its style ("<span style='vertical-align: super'>1</span>")."""
    attrs = node.attributes
    style, classes = (attrs.get("style") or "")[:2000], (attrs.get("class") or "")[:2000]
    return bool(_SUPER_STYLE.search(style) or _SUPER_CLASS.search(classes))


def _cross_reference(sup) -> bool:
    """Whether a superscript is marked up as a cross-reference to a reference entry: it holds a link to an anchor of
    the page ("<sup><a href='#B3'>3</a></sup>", "<a href='#R3'><sup>3</sup></a>") or stands in a JATS citation element
    (<span ref-type="bibr">, <xref ref-type="bibr">). Such a number is a marker even after a figure ("in 2015 <sup>3</sup>"), where a bare
    superscript would be read as an exponent ("10<sup>5</sup>")."""
    node = sup.parent
    for _ in range(2):  # the element around the superscript, or the one around that
        if node is None:
            break
        if _links_an_entry(node):
            return True
        node = node.parent
    return any(_links_an_entry(inner) for inner in islice(sup.traverse(), 1, 6))


def _links_an_entry(node) -> bool:
    """A JATS citation element (ref-type="bibr", <xref>) or a link to an anchor of the page."""
    attrs = node.attributes
    return (
        (attrs.get("ref-type") or "").strip().lower() == "bibr"
        or node.tag == "xref"
        or (node.tag == "a" and (attrs.get("href") or "").startswith("#"))
    )
