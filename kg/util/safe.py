"""Identifiers and text from a page, made safe where they enter and where they are written.

A page is untrusted: its DOIs and URLs are checked by syntax where they enter (``doi_problem``,
``url_problem``), links built from them are percent-encoded (``href``), and its text reaches a terminal only
with control characters shown as visible escapes (``for_terminal``).
"""

from __future__ import annotations

import re

#: C0 control characters but tab and newline; then the tab and newline; then DEL, the C1 controls and the
#: bidirectional marks, overrides and isolates (which reorder what a terminal shows: "Trojan Source")
_C0, _TAB_NEWLINE, _OTHER_CONTROL = "\x00-\x08\x0b-\x1f", "\t\n", "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = _C0 + _TAB_NEWLINE + _OTHER_CONTROL
#: what a DOI suffix may not hold: whitespace, quotes, angle brackets, a backslash, control characters
_DOI = re.compile(rf"^10\.\d{{4,9}}/[^\s\"'<>\\{_CONTROL}]+$")
_URL_FORBIDDEN = re.compile(rf"[\s\"<>\\^`{{}}|{_CONTROL}]")


#: what ``doi_problem`` says of a text that is no DOI at all (rather than a DOI with a character it may not hold)
NOT_A_DOI = "not of the form 10.NNNN/suffix"


#: the one place a DOI may hold angle brackets: a SICI's contribution segment, "35:4<441::AID-JBM5>3.0.CO;2-9"
_SICI_SEGMENT = re.compile(r"<[^<>\s\"'\\]*::aid-[^<>\s\"'\\]*>", re.IGNORECASE)


def doi_problem(doi: str) -> str | None:
    """Why ``doi`` (normalised: no ``doi:`` or resolver prefix) is not a DOI, or None if it is one."""
    if _DOI.match(_SICI_SEGMENT.sub("", doi) if "<" in doi else doi):
        return None
    if not re.match(r"^10\.\d{4,9}/.", doi):
        return NOT_A_DOI
    bad = re.search(rf"[\s\"'<>\\{_CONTROL}]", _SICI_SEGMENT.sub("", doi))
    return f"its suffix holds {bad.group()!r}, which a DOI may not" if bad else NOT_A_DOI


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a web address a page may give (http or https, a host, no double quotes, angle
    brackets, spaces, braces or control characters), or None if it is one."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
        return f"the {scheme.group(1)}: scheme is not allowed (only http and https)" if scheme else "not an http(s) URL"
    bad = _URL_FORBIDDEN.search(url)
    if bad:
        return f"it holds {bad.group()!r}, which a URL may not (percent-encode it)"
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError as exc:  # a bad port or IPv6 address
        return str(exc)
    return None if host else "it has no host name"


def home_page(url: str) -> bool:
    """Whether an address is only a site's home page ("http://www.promedmail.org", "https://www.theguardian.com/"):
    a host with no path beyond "/", no query and no fragment. It names a site, not a work: two entries that print
    it are not thereby the same work, and it can be no entry's identity."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query and not parts.fragment


#: what a link may hold as is: RFC 3986's unreserved and reserved characters, and "%" (already encoded)
_HREF_SAFE = "-._~:/?#[]@!$&'()*+,;=%"


def href(url: str) -> str:
    """``url`` with every character a URL may not hold percent-encoded (quotes, angle brackets, spaces,
    backslashes, control and non-ASCII characters): a link that cannot leave its attribute in SVG, HTML or DOT,
    even if a bad value got past the checks at entry."""
    from urllib.parse import quote

    return quote(url, safe=_HREF_SAFE).replace("'", "%27")


def source_link(doi: str | None, url: str | None) -> str | None:
    """A source's link: its DOI's resolver address, else its URL, percent-encoded by ``href``."""
    link = f"https://doi.org/{doi}" if doi else url
    return href(link) if link else None


_TERMINAL_CONTROL = re.compile(f"[{_C0}{_OTHER_CONTROL}]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with control characters (escape sequences: clear screen, clipboard writes, links), DEL and
    bidi overrides shown as visible escapes (``\\x1b``); newlines and tabs are kept."""
    return _TERMINAL_CONTROL.sub(_visible, text)
