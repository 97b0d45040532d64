"""Numbers and figures as people write them: "2.6×", "2.6-fold", "eighty percent", "seven to 10 ounces".

``parse_number`` reads one number (digits, thousands separators, K/M suffixes, number words);
``parse_figure`` reads a figure (a value or a range, with its unit) from a user's query, so that every way of
writing the same figure finds the same statistic. Unit names are normalised to the keys of ``kg.dataset.vocab.UNITS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTION_WORDS = {"half": 0.5, "a half": 0.5, "quarter": 0.25, "a quarter": 0.25}
NUMBER_WORDS = {**UNITS_WORDS, **TENS_WORDS, **SCALE_WORDS}

_WORD = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
#: A number written in words: "eighty", "twenty-five", "one hundred", "two thousand five hundred and forty-five".
#: At most eight words: an unbounded chain ("one-one-one-…") backtracks without end against a range separator.
WORD_NUMBER = rf"{_WORD}(?:[\s-]+(?:and[\s-]+)?{_WORD}){{0,7}}"
#: Digits as a number is written (at most 15 digits, 999 trillion, not inside a longer run of digits, so that
#: a page of digits is read in linear time): "(?<!\d)" + DIGITS
DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.\d{1,15})?"
#: A number written in digits: "2.6", "1,700", "800K", ".5"
DIGIT_NUMBER = rf"(?<!\d){DIGITS}(?:[KkMm](?![a-zA-Z]))?|(?<!\d)\.\d{{1,15}}"
NUMBER = rf"(?:{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)"

#: unit words -> (unit key of kg.dataset.vocab.UNITS, family): one table for the query parser and the ingester
UNIT_WORDS = {
    "seconds": ("second", "time"),
    "second": ("second", "time"),
    "secs": ("second", "time"),
    "sec": ("second", "time"),
    "minutes": ("minute", "time"),
    "minute": ("minute", "time"),
    "mins": ("minute", "time"),
    "min": ("minute", "time"),
    "hours": ("hour", "time"),
    "hour": ("hour", "time"),
    "hrs": ("hour", "time"),
    "hr": ("hour", "time"),
    "days": ("day", "time"),
    "day": ("day", "time"),
    "weeks": ("week", "time"),
    "week": ("week", "time"),
    "months": ("month", "time"),
    "month": ("month", "time"),
    "years": ("year", "time"),
    "year": ("year", "time"),
    "miles": ("mile", "distance"),
    "mile": ("mile", "distance"),
    "mi": ("mile", "distance"),
    "kilometres": ("kilometre", "distance"),
    "kilometers": ("kilometre", "distance"),
    "kilometre": ("kilometre", "distance"),
    "kilometer": ("kilometre", "distance"),
    "km": ("kilometre", "distance"),
    "metres": ("metre", "distance"),
    "meters": ("metre", "distance"),
    "metre": ("metre", "distance"),
    "meter": ("metre", "distance"),
    # the SI's lengths below the metre, as clinical notes print sizes ("LVEDD > 6 cm", "a 5 mm nodule")
    "centimetres": ("centimetre", "distance"),
    "centimeters": ("centimetre", "distance"),
    "centimetre": ("centimetre", "distance"),
    "centimeter": ("centimetre", "distance"),
    "millimetres": ("millimetre", "distance"),
    "millimeters": ("millimetre", "distance"),
    "millimetre": ("millimetre", "distance"),
    "millimeter": ("millimetre", "distance"),
    "feet": ("foot", "distance"),
    "foot": ("foot", "distance"),
    "ft": ("foot", "distance"),
    "fluid ounces": ("fluid-ounce", "volume"),
    "fluid ounce": ("fluid-ounce", "volume"),
    "fl oz": ("fluid-ounce", "volume"),
    "ounces": ("ounce", "mass"),
    "ounce": ("ounce", "mass"),
    "oz": ("ounce", "mass"),
    "millilitres": ("millilitre", "volume"),
    "milliliters": ("millilitre", "volume"),
    "millilitre": ("millilitre", "volume"),
    "milliliter": ("millilitre", "volume"),
    "ml": ("millilitre", "volume"),
    "mL": ("millilitre", "volume"),
    "litres": ("litre", "volume"),
    "liters": ("litre", "volume"),
    "litre": ("litre", "volume"),
    "liter": ("litre", "volume"),
    "cups": ("cup", "volume"),
    "cup": ("cup", "volume"),
    "milligrams": ("milligram", "mass"),
    "milligram": ("milligram", "mass"),
    "mg": ("milligram", "mass"),
    "grams": ("gram", "mass"),
    "gram": ("gram", "mass"),
    "kilograms": ("kilogram", "mass"),
    "kilogram": ("kilogram", "mass"),
    "kg": ("kilogram", "mass"),
    "pounds": ("pound", "mass"),
    "pound": ("pound", "mass"),
    "lbs": ("pound", "mass"),
    "lb": ("pound", "mass"),
    # abbreviations of the year that journals print after a figure ("women aged 15 y to 49 y")
    "y": ("year", "time"),
    "yr": ("year", "time"),
    "yrs": ("year", "time"),
}

#: unit words and symbols -> unit key of kg.dataset.vocab.UNITS, for reading queries
UNIT_ALIASES = {
    **{word: unit for word, (unit, _) in UNIT_WORDS.items()},
    "m": "metre",
    "wk": "week",
    "yr": "year",
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage points": "percent",
    "×": "times",
    "x": "times",
    "times": "times",
    "fold": "times",
    "-fold": "times",
    "times more": "times",
    "members": "members",
    "companies": "companies",
    "exercises": "exercises",
    "$": "usd",
    "usd": "usd",
    "dollars": "usd",
}
#: units that are the same quantity for matching purposes
UNIT_FAMILIES = {
    # a reader asking for "20 ounces" means the article's ounces, fluid or not
    "fluid-ounce": "volume",
    "ounce": "volume",
    "times": "ratio",
    "ratio": "ratio",
    "per-week": "frequency",
    "per-day": "frequency",
    "mile": "distance",
    "kilometre": "distance",
    "miles-per-week": "distance",
}

_UNIT = "|".join(re.escape(u) for u in sorted(UNIT_ALIASES, key=len, reverse=True))
_RANGE_SEP = r"\s*(?:-|–|—|to|and|or)\s*"
#: (each optional part takes its own trailing spaces: two adjacent ``\s*`` backtrack quadratically)
_QUALIFIER = r"(?:every\s+)?(?:(?P<qualifier>up to|more than|over|at least|less than|under|about|around|approximately|roughly|nearly|almost)\s*)?"
_FIGURE = re.compile(
    rf"^\s*{_QUALIFIER}(?:(?P<currency>[$£€])\s*)?(?P<a>{NUMBER})(?:{_RANGE_SEP}[$£€]?(?P<b>{NUMBER}))?\s*(?P<plus>\+)?\s*"
    rf"(?P<unit>{_UNIT})?(?![a-z])\.?\s*(?P<rest>(?:.*\S)?)\s*$",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """One number: "2.6", "1,700", "800K", "eighty", "twenty-five", "one hundred"; None if it is not one."""
    token = text.strip().lower().lstrip("$").rstrip("+").strip()
    if not token:
        return None
    half = re.fullmatch(r"(.+?)\s+and\s+a\s+half", token)  # "four and a half", "2 and a half"
    if half:
        whole = parse_number(half.group(1))
        return None if whole is None else whole + 0.5
    if token in FRACTION_WORDS:
        return FRACTION_WORDS[token]
    # "800K" is 800,000; "5 m" (a space) is five metres, not five million
    match = re.fullmatch(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)([km])?", token)
    if match:
        value = float(match.group(1).replace(",", ""))
        scale = {"k": 1_000, "m": 1_000_000}.get(match.group(2) or "", 1)
        return value * scale
    return _parse_words(token)


def _parse_words(token: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", token) if w and w != "and"]
    if not words or any(w not in NUMBER_WORDS for w in words):
        return None
    total, current = 0, 0
    for word in words:
        value = NUMBER_WORDS[word]
        if value >= 1_000:
            total += max(current, 1) * value
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        else:
            current += value
    return float(total + current)


@dataclass(frozen=True)
class Figure:
    """A figure as asked for: a value, or a range (min/max), with an optional unit and qualifier."""

    value: float | None
    min: float | None
    max: float | None
    unit: str | None
    qualifier: str | None
    text: str
    words: str = ""  # what follows the figure ("more likely"), for ranking

    @property
    def numbers(self) -> tuple[float, ...]:
        return tuple(n for n in (self.value, self.min, self.max) if n is not None)


def parse_figure(query: str) -> Figure | None:
    """Read a figure from a query, or None if the query is not one (words are searched as words instead).

    "2.6×", "2.6x", "2.6 times", "2.6-fold" and "2.6" give 2.6 (times); "20%", "20 percent" give 20 percent;
    "up to 20%" gives max 20; "eighty percent" gives 80; "7-10 ounces" and "seven to 10 ounces" give 7–10.
    """
    match = _FIGURE.match(query.replace("\u00a0", " "))
    if not match:
        return None
    a = parse_number(match.group("a"))
    b = parse_number(match.group("b")) if match.group("b") else None
    if a is None or (match.group("b") and b is None):
        return None
    unit_word = (match.group("unit") or "").lower()
    unit = UNIT_ALIASES.get(unit_word)
    if match.group("currency"):
        unit = {"$": "usd", "£": "gbp", "€": "eur"}[match.group("currency")]
    qualifier = (match.group("qualifier") or "").lower() or None
    if match.group("plus"):
        qualifier = "more than"
    value = low = high = None
    if b is not None:
        low, high = min(a, b), max(a, b)
    elif qualifier in ("up to", "less than", "under"):
        high = a
    elif qualifier in ("more than", "over", "at least"):
        low = a
    else:
        value = a
    return Figure(value, low, high, unit, qualifier, query.strip(), match.group("rest"))


def units_compatible(asked: str | None, stated: str | None) -> bool:
    if asked is None or stated is None or asked == stated:
        return True
    return UNIT_FAMILIES.get(asked, asked) == UNIT_FAMILIES.get(stated, stated)


def match_score(figure: Figure, value: float | None, low: float | None, high: float | None, unit: str | None) -> float:
    """How well a statistic (value or low/high, unit key) matches an asked figure: 0 (no) to 1 (exact)."""
    if not units_compatible(figure.unit, unit):
        return 0.0

    def same(x: float | None, y: float | None) -> bool:
        return x is not None and y is not None and abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))

    exact = same(figure.value, value) or (
        figure.value is None
        and same(figure.min, low) == (figure.min is not None)
        and same(figure.max, high) == (figure.max is not None)
        and (figure.min is not None or figure.max is not None)
    )
    if exact:
        return 1.0 if figure.unit else 0.9
    # one bound of a range, or a bare number that is a bound ("20%" for "up to 20%", "10" for "7-10")
    asked = figure.numbers
    stated = [n for n in (value, low, high) if n is not None]
    if any(same(x, y) for x in asked for y in stated):
        return 0.7 if figure.unit else 0.6
    return 0.0
