"""Tokens of a reference entry and the features the sequence labeller reads for each.

A token is a run of non-space characters, split once more after ";", after ":" before a digit and before "(" glued to a word
("2019;12(3):45-67" is "2019;" "12(3):" "45-67"), so that the date, the volume and the pages of a
Vancouver entry are tokens of their own. Every token keeps its offsets in the entry.

The features are AnyStyle's kind: the word, its shape, its punctuation, whether it looks like an initial,
a year, a page range, a month, a name particle, where it stands in the entry, what stands around it, and
whether a year or a quotation has been seen before it. Rules are features here; the model weighs them.
Every feature is computed in time linear in the token's length (no backtracking regex on the text).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: an entry is read up to this many tokens; what follows is kept verbatim but not labelled
MAX_TOKENS = 250
#: a token's text is looked at up to this many characters
MAX_TOKEN_CHARS = 64

# a run of non-space characters; a page range printed with spaces round its dash ("416 - 429,") is one token
TOKEN = re.compile(r"\d{1,7}\s[-–—‑]\s\d[^\s]*|\S+")
# split after ";", after ":" before a digit and before "(" glued to a word ("Management(2021),"), unless the
# token is a URL or a DOI
SPLIT = re.compile(r"(?<=;)(?=\S)|(?<=:)(?=\d)|(?<=[a-z])(?=\(\d)")
DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")
QUOTES = dict.fromkeys(map(ord, "“”„‟«»″＂"), '"') | dict.fromkeys(map(ord, "‘’‚‛′＇"), "'")
STRIP = "\"'.,;:()[]{}<>!?*"

MONTHS = {
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
}
PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "la",
    "le",
    "ten",
    "ter",
    "zu",
    "bin",
    "al",
    "el",
    "st",
    "st.",
    "mac",
    "vander",
    "vanden",
}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"}
CONJUNCTIONS = {"and", "&", "und", "e", "y", "et"}
EDITOR_WORDS = {
    "ed",
    "eds",
    "ed.",
    "eds.",
    "editor",
    "editors",
    "hrsg",
    "hrsg.",
    "(ed.)",
    "(eds.)",
    "(ed)",
    "(eds)",
    "(hrsg.)",
    "dir.",
    "(dir.)",
    "éd.",
    "(éd.)",
    "coord.",
    "trans.",
    "transl.",
}
VOLUME_WORDS = {
    "vol",
    "vol.",
    "volume",
    "v.",
    "v",
    "no",
    "no.",
    "nr",
    "nr.",
    "n°",
    "n.",
    "issue",
    "iss.",
    "bd.",
    "heft",
    "jg.",
    "tome",
    "t.",
    "part",
    "pt.",
}
PAGE_WORDS = {"p", "p.", "pp", "pp.", "pages", "page", "s.", "pgs.", "pg.", "ss."}
PUBLISHER_WORDS = {
    "press",
    "publishers",
    "publisher",
    "publishing",
    "verlag",
    "books",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "co.",
    "wiley",
    "springer",
    "elsevier",
    "sons",
    "editions",
    "éditions",
    "university",
    "univ.",
}
JOURNAL_WORDS = {
    "j",
    "j.",
    "journal",
    "rev",
    "rev.",
    "review",
    "proc",
    "proc.",
    "proceedings",
    "med",
    "med.",
    "medicine",
    "clin",
    "clin.",
    "res",
    "res.",
    "sci",
    "sci.",
    "science",
    "am",
    "am.",
    "int",
    "int.",
    "ann",
    "ann.",
    "lett",
    "lett.",
    "bull",
    "bull.",
    "acta",
    "trans",
    "arch",
    "arch.",
    "soc",
    "soc.",
    "phys",
    "phys.",
    "chem",
    "chem.",
    "biol",
    "biol.",
    "psychol",
    "psychol.",
    "nat",
    "nature",
    "lancet",
    "bmj",
    "jama",
    "plos",
    "quarterly",
    "studies",
    "annals",
    "archives",
    "letters",
    "bulletin",
    "transactions",
    "magazine",
    "zeitschrift",
}
CONFERENCE_WORDS = {
    "in",
    "in:",
    "conference",
    "symposium",
    "workshop",
    "proceedings",
    "conf.",
    "symp.",
    "meeting",
    "congress",
}
ACCESS_WORDS = {
    "retrieved",
    "available",
    "accessed",
    "accessed:",
    "cited",
    "online",
    "[online]",
    "[internet]",
    "internet",
    "url",
    "url:",
    "from",
}
GENRE_WORDS = {
    "thesis",
    "dissertation",
    "phd",
    "ph.d.",
    "report",
    "technical",
    "tech.",
    "rep.",
    "manuscript",
    "unpublished",
    "preprint",
    "arxiv",
    "master's",
    "abstract",
    "letter",
    "editorial",
    "review",
    "poster",
}
NUMBER_WORDS = {
    "edition",
    "ed.",
    "edn",
    "edn.",
    "1st",
    "2nd",
    "3rd",
    "4th",
    "5th",
    "6th",
    "7th",
    "8th",
    "9th",
    "10th",
    "aufl.",
    "auflage",
    "éd.",
}

LEXICON: dict[str, list[str]] = {}
for _lexicon_words, _name in (
    (MONTHS, "month"),
    (PARTICLES, "particle"),
    (SUFFIXES, "suffix"),
    (CONJUNCTIONS, "conj"),
    (EDITOR_WORDS, "editor"),
    (VOLUME_WORDS, "volword"),
    (PAGE_WORDS, "pageword"),
    (PUBLISHER_WORDS, "pubword"),
    (JOURNAL_WORDS, "jword"),
    (CONFERENCE_WORDS, "confword"),
    (ACCESS_WORDS, "access"),
    (GENRE_WORDS, "genre"),
    (NUMBER_WORDS, "edition"),
):
    for _lexicon_word in _lexicon_words:
        LEXICON.setdefault(_lexicon_word, []).append(_name)

YEAR = re.compile(r"(?:1[5-9]\d\d|20\d\d)[a-z]?")
INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,4}|(?:[A-Z][a-z]?\.){1,4}|(?:[A-Z]\.-?\s?){1,4}")
ROMAN = re.compile(r"[ivxlcdm]{1,6}|[IVXLCDM]{1,6}")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenise(entry: str) -> list[Token]:
    """The entry's tokens with their offsets; at most MAX_TOKENS."""
    tokens: list[Token] = []
    for match in TOKEN.finditer(entry):
        text, start = match.group(), match.start()
        lower = text[:12].lower()
        if "://" in text or lower.startswith(("10.", "doi:", "www.", "urn:")) or len(text) > MAX_TOKEN_CHARS:
            pieces = [text]
        else:
            pieces = SPLIT.split(text)
        for piece in pieces:
            tokens.append(Token(piece, start, start + len(piece)))
            start += len(piece)
            if len(tokens) >= MAX_TOKENS:
                return tokens
    return tokens


def normalise(text: str) -> str:
    """Dashes to "-", curly quotes to straight ones, compatibility forms folded; for features only."""
    return unicodedata.normalize("NFKC", text[:MAX_TOKEN_CHARS]).translate(DASHES).translate(QUOTES)


_SHAPE = str.maketrans(
    {
        **dict.fromkeys("0123456789", "d"),
        **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "X"),
        **dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "x"),
    }
)
_RUNS = re.compile(r"(.)\1+")


def shape(text: str) -> str:
    """'Smith,' -> 'Xx,' ; '2019;' -> 'd;' ; '12(3):' -> 'd(d):' (runs collapsed)."""
    mapped = text.translate(_SHAPE)
    if not mapped.isascii():
        mapped = "".join("d" if c.isdigit() else ("X" if c.isupper() else "x") if c.isalpha() else c for c in mapped)
    return _RUNS.sub(r"\1", mapped)[:12]


_NEIGHBOUR_FLAGS = frozenset(("initial", "year", "month", "volword", "pageword", "conj", "editor", "particle"))
_POSITION = [
    [f"pos={p}" for p in range(10)],
    [f"idx={i}" for i in range(7)],
    [f"left={i}" for i in range(7)],
    [f"since_stop={i}" for i in range(9)],
]
_CLOSERS = (")", ").", "),", ");", "):")
_QUOTE_CHARS = frozenset('"“”„‟«»″＂')
_STOPS = frozenset('.:;"')
_IN = ("In", "In:", "in:")
_IN_AFTER = frozenset(".,\"'”’")


@dataclass(frozen=True, slots=True)
class _Word:
    """What a token contributes, to itself and to its neighbours (computed once per distinct token)."""

    own: tuple[str, ...]
    shape: str
    end: str
    as_neighbour: dict[int, tuple[str, ...]]  # offset -> the features a token at that offset from it gets
    flags: frozenset[str]


@functools.lru_cache(maxsize=65536)
def _word(token: str) -> _Word:
    """Cached, as words recur from entry to entry."""
    norm = normalise(token)
    lower, feats = _compute_word_features(norm)
    sh = feats[2][3:]
    end = norm[-1] if norm and not norm[-1].isalnum() else "a"
    flags = frozenset(f for f in feats if f in _NEIGHBOUR_FLAGS)
    context = (f"w={lower}", f"sh={sh}", f"end={end}")
    # seen from the token k places after it, this token is at offset -k
    as_neighbour = {}
    for k in (-2, -1, 1, 2):
        extra = [f"{k}{f}" for f in sorted(flags)] if k in (-1, 1) else []
        as_neighbour[k] = tuple(f"{k}{c}" for c in context) + tuple(extra)
    for k in (-3, 3):  # three places off, only the shape and the punctuation
        as_neighbour[k] = (f"{k}{context[1]}", f"{k}{context[2]}")
    return _Word(tuple(feats), sh, end, as_neighbour, flags)


def _compute_word_features(norm: str) -> tuple[str, list[str]]:
    core = norm.strip(STRIP)
    lower = core.lower()
    feats = [f"w={norm.lower()}", f"s={lower}", f"sh={shape(norm)}"]
    if len(lower) > 1:
        feats += [f"p2={lower[:2]}", f"p3={lower[:3]}", f"x2={lower[-2:]}", f"x3={lower[-3:]}"]
    if norm:
        last, first = norm[-1], norm[0]
        if not last.isalnum():
            feats.append(f"end={last}")
        if not first.isalnum():
            feats.append(f"beg={first}")
    if not core:
        feats.append("punct")
        return lower, feats
    if core.isdigit():
        feats.append(f"digits={min(len(core), 5)}")
    elif any(c.isdigit() for c in core):
        feats.append("hasdigit")
        if "-" in core and core.replace("-", "").isdigit():
            feats.append("range")
    if YEAR.fullmatch(lower):
        feats.append("year")
    elif YEAR.search(lower[:12]) and len(lower) <= 12:
        feats.append("hasyear")
    if core.isupper() and core.isalpha():
        feats.append("caps")
    elif core[0].isupper():
        feats.append("cap")
    elif core[0].islower():
        feats.append("low")
    if len(norm) <= 12 and (INITIALS.fullmatch(core) or INITIALS.fullmatch(norm.rstrip(",;:"))):
        feats.append("initial")
    if ROMAN.fullmatch(core):
        feats.append("roman")
    flags = LEXICON.get(lower) or LEXICON.get(norm.lower())
    if flags:
        feats += flags
    if "://" in lower or lower.startswith("www."):
        feats.append("url")
    if lower.startswith(("10.", "doi")):
        feats.append("doi")
    if lower in {"et", "al", "al."} or norm.lower() in {"al.", "al.,"}:
        feats.append("etal")
    return lower, feats


def features(tokens: list[Token]) -> list[list[str]]:
    """Each token's features, with its neighbours' and the entry's state so far."""
    n = len(tokens)
    words = [_word(t.text[:MAX_TOKEN_CHARS]) for t in tokens]
    out: list[list[str]] = []
    seen_year = seen_quote = in_quote = in_paren = False
    since_stop = 0
    pos, idx, left, stop = _POSITION
    for i, word in enumerate(words):
        text = tokens[i].text
        feats = ["bias", pos[10 * i // n], idx[min(i, 6)], left[min(n - i - 1, 6)], stop[min(since_stop, 8)], *word.own]
        if seen_year:
            feats.append("after_year")
        if seen_quote:
            feats.append("after_quote")
        quoted = text[:1] in _QUOTE_CHARS
        if in_quote or quoted:
            feats.append("in_quote")
        if in_paren or text[:1] == "(":
            feats.append("in_paren")
        for k in (-3, -2, -1, 1, 2, 3):
            j = i + k
            if 0 <= j < n:
                feats += words[j].as_neighbour[k]
            else:
                feats.append(f"{k}none")
        if i > 0:
            feats.append(f"-1end|sh={words[i - 1].end}|{word.shape}")
            if text[:3] in _IN and words[i - 1].end in _IN_AFTER:
                feats.append("in_opens")  # "... of empathy. In T. Farrow (Ed.), ...": a book or proceedings begins

        if i + 1 < n:
            feats.append(f"sh|+1sh={word.shape}|{words[i + 1].shape}")
        out.append(feats)
        # the state after this token
        if "year" in word.flags or "hasyear" in word.own:
            seen_year = True
        norm = normalise(text) if not _QUOTE_CHARS.isdisjoint(text) else text
        if norm.count('"') % 2 == 1:
            if in_quote or not norm.startswith('"'):
                in_quote, seen_quote = False, True
            else:
                in_quote = True
        if text.endswith(_CLOSERS):
            in_paren = False
        elif text[:1] == "(":
            in_paren = True
        since_stop = 0 if word.end in _STOPS else since_stop + 1
    return out
