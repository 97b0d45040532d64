"""Find the quantitative statements of a sentence: value or range, unit, qualifier, exact wording.

Each rule is a regular expression over one sentence; where matches overlap, the longer one wins (then the
more confident). Rules, with the confidence each gives its finding:

- ``percent`` (0.95): "20%", "Eighty percent", "60–70%", "60% to 70%", with a qualifier ("up to 20%");
- ``reported-ratio`` (0.9): "odds ratio 2.1", "OR 2.617", "RR = 1.4", "hazard ratio of 0.8";
- ``sample-size`` (0.85): "n = 254";
- ``multiplier`` (0.9): "2.6 times", "2.6×", "2.6x", "3-fold" (not "three times a week", a frequency);
  "twice as likely" (0.85);
- ``frequency`` (0.85): "once or twice a week", "three times a day"; ``daily``/``weekly`` used as adverbs
  ("do them daily if …") (0.6);
- ``measure`` (0.95): a number or range with a unit of time, distance, volume or mass ("two hours",
  "every 10-20 minutes", "about 350-500 miles", "seven to 10 ounces"), "three miles a week" as a rate;
- ``implied-unit`` (0.6): "from three miles a week to 15": the second figure takes the first one's unit;
- ``money`` (0.95): "$0", "$1,200", "$5 million", "20 dollars", "£825", "€1.2 million", "GBP 825", "50 euros";
- ``ratio`` (0.85): "1 in 4 adults", "one out of five" (the value is the fraction, 0.25);
- ``count`` (0.75 with digits, 0.7 in words): a number before a plural noun ("800K members",
  "over 1,700 companies", "4 Causes", "100+ similar exercises"); "two of them" (0.6); "100+" alone (0.6);
- ``free`` (0.6): "for free", "free of charge", "at no cost", "free coverage/trial/access" as price 0;
- ``count`` allows up to three words between the figure and its noun ("two earlier health disparity reports");
  ``listed-count`` (0.6): the bare figures of a list after a count ("19 zip codes in Buffalo, 12 in Rochester");
- ``ratio`` also reads "four of the five participants"; ``fraction`` with a qualifier needs no "of" ("almost
  half reported");
- ``decade`` (0.85): "a decade", "the past decade", "two decades" (years); ``age`` (0.85): "over age 12", "aged 65
  and older", "ages 15 to 49"; a number with "and a half" ("four and a half years");
- ``or-more`` (0.8): "two or more", "65 or older"; ``count-one`` (0.7): "at least one traumatic event", "only 1
  strain"; ``count-quoted`` (0.6): 'three "urgent" threats';
- ``per-count`` (0.85): "~2 mutations per 1,000 bases" as one rate; ``rank`` (0.8): "the fifth leading cause",
  and a tally's place (0.75): "a 6th fatality", "the fifth death" (never "the first case"); ``count-of`` (0.6)
  also reads one of a small group of people: "one of two people who contracted the virus"; ``study-day`` (0.7):
  a day of a trial's schedule after "at", "on", "by", "or" … ("usually at Day 14 or Day 28"); ``scale-points``
  (0.75): a change in points on a scale ("a 2-point shift"); ``one-per`` (0.7): how often one thing is done
  ("eating one large meal per day"), where a count would need a plural noun;
  ``change`` (0.75): "increased to 9", "decreased from 118 to 86" (the value is the figure reached);
- ``measure`` also reads a median with its spread before the unit ("44.5 (IQR, 29.0–73.3) miles") and the
  year's "y" ("15 y to 49 y"); ``p-value`` (0.85): "P < .10", an FDR's "q<0.05"; ``named-value`` (0.85): a named
  statistic between 0 and 1 ("an area under the curve of 0.89", "kappa 0.61"); ``grouped`` (0.6): a number written with thousands
  separators is an amount ("About 23,000 die"), not the base of a rate ("per 10,000");
- ``one-to-n`` (0.8): a risk written one to a denominator ("1:1000-4000", "up to 1:100"); ``compared`` (0.7): both
  sides of "9.75 vs. 8.23"; ``z-score`` (0.8): a signed standard deviation score ("FVC z-score: -0.10");
  ``all-but`` (0.6): "all but four"; ``fit-statistic`` (0.8): "low MSE (1.7)", "RMSE = 2.31"; ``count-of`` also
  reads a partitive count ("46 of their close contacts"), and ``rank`` "the third Beijing resident to contract …";
  a range may be joined "-to-" ("one-to-seven days").
- results sections (batch 9): ``count-fraction`` (0.75): a count out of its total in brackets ("headache (6/8)");
  ``named-parameter`` (0.8): a model parameter named with its value ("a basic reproduction number of 2.2", "R0 =
  2.5", "a shape parameter of 5.1"); ``interval`` (0.7): the two ends of a spread in brackets ("(range, 18-65)",
  "(95% CI, 1.4–3.8)", "(90% high density interval: 1.4-3.8)"); ``threshold`` (0.7): a bare figure after a
  comparison sign ("values > 70"); temperatures with "º" or "° C" and a printed minus sign; the microlitre.

Never a quantity: a number glued to a word or a word and a hyphen ("SARS-CoV-2", "H1N1"), "Daily" in a name
("Medical Daily"), years (1900–2099 without a unit), dates, the level of a confidence interval ("95% CI"), citation markers, URLs and DOIs, list numbers,
labels ("Step 2", "Type 2", "COVID-19"), times of day, time stamps counted back ("7 hours ago"), and the word "one"
unless a unit follows it.
Qualifiers set the bounds: "up to", "less than", "under" give a maximum; "more than", "over", "at least",
"+" a minimum; "about", "around", "roughly", "nearly", "approximately" mark the figure approximate.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.util.numbers import DIGITS, UNIT_WORDS, WORD_NUMBER, parse_number

#: every repetition in these rules is bounded (digits, number words) and a number never starts inside a run of
#: digits, so that each rule reads a sentence in linear time (unbounded, a long run of digits was backtracked over in
#: time that grew faster than the run)
#: a number never starts right after a letter, or a letter and a hyphen: "H1N1", "SARS-CoV-2", "IL-6" are names; nor
#: after a figure and a full stop ("PM2.5 levels" holds no "5 levels")
DIG = rf"(?<!\d)(?<!\d\.)(?<![A-Za-z])(?:(?<![A-Za-z]-)|(?<=\d-to-)){DIGITS}"
SCALE = r"(?:\s(?:million|billion|thousand)\b|[KkMB](?![A-Za-z]))"
HALF = r"(?:\s+and\s+a\s+half\b)?"  # "four and a half years"
NUM = rf"(?:{DIG}{SCALE}?{HALF}|\b{WORD_NUMBER}\b{HALF})"
#: the first figure of a rule: a number in words does not start right after a hyphen (a figure that starts
#: earlier, "twenty-five", is found from its first word), so "one-one-one-…" is not tried from every word
NUM_A = rf"(?:{DIG}{SCALE}?{HALF}|(?<!-)\b{WORD_NUMBER}\b{HALF})"
QUALIFIERS = {
    "up to": "max",
    "as many as": "max",
    "as much as": "max",
    "less than": "max",
    "fewer than": "max",
    "under": "max",
    "no more than": "max",
    "at most": "max",
    "just under": "max",
    "more than": "min",
    "over": "min",
    "at least": "min",
    "upwards of": "min",
    "in excess of": "min",
    "just over": "min",
    "longer than": "min",
    "+": "min",
    "shorter than": "max",
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "nearly": "approx",
    "almost": "approx",
    "close to": "approx",
    "some": None,
    "only": None,
    "just": None,
}
QUAL = r"(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True) if q != "+") + r")\s+"
#: "-to-" joins a range written as a compound ("a one-to-seven-day incubation", "one-to-seven days")
RANGE = r"\s*(?:-to-|-|–|—|to|or)\s*"
PER = r"(?:a|an|per|each|every)\s+(?P<per>day|week|month|year)"
PERCENT = r"(?:%|\s?percent\b|\s?per cent\b|\s?percentage points\b)"

#: units whose case is their meaning (read case-sensitively inside the case-blind rules): concentrations as
#: papers print them ("8–16 µM", "5–50 mM"), and the gram's symbol ("0.5–1 g"; not "G", not "mm")
CASED_UNITS = {
    "µM": ("micromolar", "concentration"),
    "μM": ("micromolar", "concentration"),
    "mM": ("millimolar", "concentration"),
    "nM": ("nanomolar", "concentration"),
    "g": ("gram", "mass"),
    # the SI's short lengths as clinical notes print sizes ("LVEDD > 6 cm", "a 5 mm nodule"; "MM" is no length)
    "cm": ("centimetre", "distance"),
    "mm": ("millimetre", "distance"),
    # laboratory values as case reports print them ("procalcitonin (38.63 ng/mL)", "febrile (38.2°C)")
    "ng/mL": ("nanogram-per-millilitre", "concentration"),
    "pg/mL": ("picogram-per-millilitre", "concentration"),
    "µg/mL": ("microgram-per-millilitre", "concentration"),
    "μg/mL": ("microgram-per-millilitre", "concentration"),
    "mg/dL": ("milligram-per-decilitre", "concentration"),
    "g/dL": ("gram-per-decilitre", "concentration"),
    "mg/L": ("milligram-per-litre", "concentration"),
    "mmol/L": ("millimole-per-litre", "concentration"),
    "µmol/L": ("micromole-per-litre", "concentration"),
    "μmol/L": ("micromole-per-litre", "concentration"),
    "°C": ("degree-celsius", "temperature"),
    "°F": ("degree-fahrenheit", "temperature"),
    # the degree as typesetters and keyboards also print it: with a space before the scale's letter ("8.7° C", as a
    # superscript "°" reads), and as the ordinal indicator "º" that Portuguese and Spanish keyboards type for it
    "° C": ("degree-celsius", "temperature"),
    "° F": ("degree-fahrenheit", "temperature"),
    "ºC": ("degree-celsius", "temperature"),
    "ºF": ("degree-fahrenheit", "temperature"),
    "º C": ("degree-celsius", "temperature"),
    "º F": ("degree-fahrenheit", "temperature"),
    # the microlitre as laboratory methods print it, with the micro sign or the Greek mu ("140 µL of sera")
    "µL": ("microlitre", "volume"),
    "μL": ("microlitre", "volume"),
}
#: (the cased units first: "mg/dL" before "mg")
UNIT = (
    "(?:(?-i:"
    + "|".join(re.escape(u) for u in sorted(CASED_UNITS, key=len, reverse=True))
    + ")|"
    + "|".join(re.escape(u) for u in sorted(UNIT_WORDS, key=len, reverse=True))
    + ")"
)
#: a liquid nearby makes "ounces" fluid ounces
LIQUID = re.compile(
    r"\b(?:water|fluids?|liquids?|juice|milk|coffee|tea|drinks?|drinking|beverages?|hydrat\w*)\b", re.IGNORECASE
)
PER_UNIT = {"day": "per-day", "week": "per-week", "month": "per-month", "year": "per-year"}
FREQUENCY_WORDS = {"once": 1, "twice": 2, "thrice": 3}
#: the denominator of "1:1000": two to seven digits, or digits grouped by commas ("1:10,000")
DENOMINATOR = r"\d{1,3}(?:,\d{3}){1,3}|[1-9]\d{1,6}"
#: the unit of an amount of money by the symbol or word printed with it: the symbol before the figure as English
#: prints it ("£825", "€1.2 million", "US$5"), the ISO 4217 code before or after it ("GBP 825", "825 EUR"), the
#: currency's name after it ("20 dollars", "50 euros")
CURRENCIES = {
    "$": "usd",
    "us$": "usd",
    "usd": "usd",
    "dollars": "usd",
    "£": "gbp",
    "gbp": "gbp",
    "pounds sterling": "gbp",
    "€": "eur",
    "eur": "eur",
    "euro": "eur",
    "euros": "eur",
}
#: count units the vocabulary names; other plural nouns count as "count"
COUNT_UNITS = {"members": "members", "companies": "companies", "exercises": "exercises"}
NOT_NOUNS = {
    "is",
    "was",
    "has",
    "does",
    "this",
    "its",
    "us",
    "thus",
    "yes",
    "as",
    "his",
    "hers",
    "ours",
    "yours",
    "theirs",
    "less",
    "unless",
    "across",
    "always",
    "plus",
    "minus",
    "times",
    "percent",
    "perhaps",
    "whereas",
    "sometimes",
    "nevertheless",
    "besides",
    "towards",
    "afterwards",
    "various",
    "previous",
    "serious",
    "obvious",
}
NOT_ADJECTIVES = {
    "are",
    "were",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "the",
    "a",
    "an",
    "is",
    "was",
    "be",
    "been",
    "that",
    "which",
    "who",
    "it",
    "they",
    "them",
    "these",
    "those",
    "you",
    "we",
    "with",
    "from",
    "by",
    "than",
    "times",
    "percent",
    "more",
    "less",
    "as",
    "if",
    "when",
    "after",
    "before",
    "around",
    "about",
    "near",
    "across",
    "into",
    "within",
    "between",
    "among",
    "during",
    "through",
    "over",
    "under",
    "per",
    "out",
    "up",
    "down",
    "off",
    "but",
    "not",
    "no",
    "so",
    "then",
}
#: a label's number, and the further labels of the same kind it is joined to ("Stage 3 vs 4", "type 1 and 2
#: diabetes", "grade 2 or 3"): a small whole number that no percent sign or decimal follows
LABEL = re.compile(
    rf"\b(?:(?:figure|table|type|grade|stage|phase)s?|step|fig\.|level|page|chapter|section|part|number|no\.|version|vitamin|covid|class|category)[\s-]*#?(?:{DIG})\b"
    r"(?:,?\s{0,3}(?:vs\.?|versus|or|and|to|through)\s{1,3}\d{1,2}[a-c]?\b"
    r"(?![.,]\d|\s{0,3}(?:%|percent|per\s?cent|(?:second|minute|hour|day|week|month|year|patient|people|person|participant|case|adult|child|wom[ae]n|m[ae]n)s?\b)))?",
    re.IGNORECASE,
)
#: (not "1:16,384", a titre: its digits go on after a thousands comma)
TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)\b|\b\d{1,2}:\d{2}\b(?!,\d{3})|\b24/7\b", re.IGNORECASE
)
YEAR_NUMBER = re.compile(r"^(?:19|20)\d{2}$")
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year"}
#: verbs before "over <time>" that make it "more than" ("lasts over two weeks")
OVER_MEANS_MORE = re.compile(
    r"\b(?:last|lasts|lasted|lasting|for|take|takes|took|persist|persists|persisting|continues?)\s+$", re.IGNORECASE
)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
SPACES = re.compile(r"\s*")
#: ``$``-anchored rules look this far back from a match, not at the whole sentence before it (linear time)
LOOK_BACK = 200


@dataclass
class Quantity:
    """One quantitative statement, located in the text."""

    start: int  # offsets in the article text
    end: int
    stated_as: str
    measure: str
    unit: str
    value: float | None = None
    min: float | None = None
    max: float | None = None
    qualifier: str | None = None
    approximate: bool = False
    confidence: float = 0.0
    rule: str = ""

    def as_yaml(self) -> dict:
        out: dict = {"stated_as": self.stated_as, "measure": self.measure}
        for name in ("value", "min", "max"):
            number = getattr(self, name)
            if number is not None:
                out[name] = int(number) if float(number).is_integer() else number
        out["unit"] = self.unit
        out["approximate"] = self.approximate
        if self.qualifier:
            out["qualifier"] = self.qualifier
        return out


#: a share in words: "a quarter of dogs", "three-quarters of respondents", "one-third to a full half of all"
FRACTIONS = {"quarter": 25.0, "third": 100 / 3, "half": 50.0, "thirds": 200 / 3, "quarters": 75.0}
FRACTION = r"(?:(?:a|one)[\s-](?:quarter|third|half)|two[\s-]thirds|three[\s-]quarters|half)"
#: a group as a plural noun after "half the": "about half the cases", "half the patients" (English drops the "of" of
#: a share after "half"); "half the size", "half the dose" compare, and "-ss", "-us", "-is" end singulars ("process")
GROUP_NOUN = r"(?:[a-z]{2,30}s(?<!ss)(?<!us)(?<!is)|people|children|men|women)\b"


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_RULES: list[tuple[str, re.Pattern, float]] = [
    # a word typed against the sign, its space missing ("from 43%in 2006"), leaves the share a share; not "5%ile"
    (
        "percent",
        _compile(
            rf"(?:{QUAL})?(?P<a>{NUM_A}){PERCENT}?(?:{RANGE}(?P<b>{NUM}))?{PERCENT}(?:(?<=%)(?=[a-z]{{2}})(?!ile)|(?![A-Za-z]))"
        ),
        0.95,
    ),
    (
        "multiplier",
        _compile(
            rf"(?:{QUAL})?(?P<a>{NUM_A})(?:{RANGE}(?P<b>{NUM}))?(?P<u>\s?×|x(?![A-Za-z])|-fold\b|\s+fold\b|\s+times\b)"
            rf"(?!\s+(?:a|an|per|each|every)\s+(?:day|week|month|year)\b|\s+(?:daily|weekly|monthly)\b)"
        ),
        0.9,
    ),
    (
        "reported-ratio",
        _compile(
            rf"\b(?P<kind>odds ratio|OR|relative risk|risk ratio|RR|hazard ratio|HR)\b(?:\s+(?:of|was|were|is)|\s*[=:])?\s*"
            rf"(?P<a>{DIG})\b"
        ),
        0.9,
    ),
    ("sample-size", _compile(rf"\b[nN]\s*=\s*(?P<a>{DIG})\b"), 0.85),
    (
        "twice-as",
        _compile(
            r"\b(?P<a>twice|half|three times|four times|five times)\s+as\s+(?:likely|much|many|high|long|often|fast|common)\b"
        ),
        0.85,
    ),
    (
        "frequency",
        _compile(
            rf"\b(?P<a>once|twice|thrice|{NUM_A}\s+times)(?:{RANGE}(?P<b>twice|thrice|{NUM})(?:\s+times)?)?\s+{PER}\b"
        ),
        0.85,
    ),
    (
        "frequency",
        _compile(rf"\b(?P<a>once|one|{NUM_A})\s+(?:or|to|-|–)\s+(?P<b>twice|two|{NUM})\s+times\s+{PER}\b"),
        0.85,
    ),
    (
        "daily",
        _compile(
            r"\b(?P<a>daily|weekly|monthly)\b(?=\s*(?:[.,;:!?)]|$)|\s+(?:if|and|or|for|to|as|when|until|unless|at|with|but|so|because)\b)"
        ),
        0.6,
    ),
    (
        "measure",
        _compile(
            rf"(?P<every>every\s+)?(?:{QUAL})?(?P<a>{NUM_A})(?:\s*(?:-\s*)?{UNIT})?(?:{RANGE}(?P<b>{NUM}))?\s*(?:-\s*)?(?:(?!(?:a|an|the|per|of|to|or|and|in|on|for|each|every|than|more|less)\b)(?P<adj>[a-z]+)\s+)?(?P<u>{UNIT})(?![A-Za-z])"
            rf"(?P<rate>\s+{PER}\b)?"
        ),
        0.95,
    ),
    (
        "money",
        _compile(
            rf"(?:{QUAL})?(?P<cur>(?:US)?\$|£|€|(?-i:USD|GBP|EUR)\s)\s?(?P<a>{DIG}{SCALE}?)"
            rf"(?:\s*(?:-|–|to)\s*(?:(?:US)?\$|£|€)?(?P<b>{DIG}{SCALE}?))?"
        ),
        0.95,
    ),
    (
        "money",
        _compile(
            rf"(?:{QUAL})?(?P<a>{NUM_A})(?:{RANGE}(?P<b>{NUM}))?\s+(?P<cur>dollars|euros?|pounds\s+sterling|(?-i:USD|GBP|EUR))\b"
        ),
        0.95,
    ),
    (
        "ratio",
        _compile(
            rf"(?:{QUAL})?\b(?P<a>{NUM_A})\s+(?:in|out of|of the|of these|of those|of its|of their)\s+(?P<b>{NUM})\b(?!\s*(?:%|percent))(?:\s+[a-z]+s\b)?"
        ),
        0.85,
    ),
    (
        "count",
        _compile(
            rf"(?:{QUAL})?(?P<a>{NUM_A})(?P<plus>\+)?(?:{RANGE}(?P<b>{NUM}))?\s+(?P<mods>(?:[A-Za-z][A-Za-z'’-]{{0,30}}\s+){{0,3}}?)(?P<noun>[A-Za-z][a-z]+(?:-[a-z]+)?s|people|children|men|women|criteria|bacteria|phenomena)\b"
        ),
        0.75,
    ),
    (
        "fraction",
        _compile(
            rf"(?:{QUAL})?\b(?P<a>{FRACTION})(?:{RANGE}(?:a\s+(?:full\s+)?)?(?P<b>{FRACTION}))?"
            rf"(?=\s+of\b|\s+the\s+{GROUP_NOUN})"
        ),
        0.8,
    ),
    # a share with a qualifier needs no "of": "almost half reported", "nearly a third said", "less than half the time"
    (
        "fraction",
        _compile(
            rf"(?P<q>almost|nearly|about|around|roughly|approximately|more than|over|less than|under|just over|just under)\s+(?P<a>{FRACTION})\b"
            rf"(?!\s+(?:of|an?)\b|\s+the\s+(?!time\b|{GROUP_NOUN})[a-z]|\s+(?:hours?|days?|weeks?|months?|years?|miles?|dozen|century|decade|times?|way|point|inch(?:es)?|cups?|pounds?|million|billion)\b|[-\w])"
        ),
        0.8,
    ),
    # a decade or a century: "a decade of war", "over the past decade", "two decades"
    (
        "decade",
        _compile(
            rf"(?P<a>\b(?:a|one|the\s+(?:past|last|previous|next|coming|first|second))|{NUM_A})\s+(?P<u>decades?|centur(?:y|ies))\b"
        ),
        0.85,
    ),
    # an age as a threshold: "dogs over age 12", "aged 65 and older", "ages 15 to 49"
    (
        "age",
        _compile(
            rf"(?:{QUAL})?\b(?:ages?|aged|the\s+age\s+of)\s+(?P<a>{DIG})(?:{RANGE}(?P<b>{DIG}))?(?:\s+(?:and|or)\s+(?P<older>older|over|above|up|younger|under|below))?\b"
        ),
        0.85,
    ),
    # an age as news reports give it: "Eloise Parry, 21, was taken …" (after a name), "in their 40s" (a decade)
    ("age-appositive", re.compile(r"(?<![\w-])[A-Z][a-z]+\s+[A-Z][a-z'’-]+,\s+(?P<a>\d{1,3}),(?=\s)"), 0.8),
    (
        "age-decade",
        _compile(r"\b(?:their|his|her|our|your)\s+(?:(?P<part>early|mid|late)[\s-]+)?(?P<a>[1-9]0)['’]?s(?![\w'’])"),
        0.8,
    ),
    # the range of a scale: "the scales range in score from 0 to 100" (the figure is "from 0 to 100")
    (
        "scale-range",
        _compile(
            rf"\brang(?:e|es|ed|ing)\s+(?:in\s+(?:score|value)s?\s+)?(?P<figure>from\s+(?P<a>{NUM})\s+to\s+(?P<b>{NUM}))\b(?!\s*(?:%|percent|{UNIT})(?![A-Za-z]))"
        ),
        0.8,
    ),
    # a range a value is kept in: "regulating vaginal pH within the normal range of 3.5 to 4.5" (with a unit, the
    # measure rule reads it)
    (
        "scale-range",
        _compile(
            rf"\brange\s+of\s+(?P<figure>(?P<a>{NUM})\s*(?:to|-|–)\s*(?P<b>{NUM}))\b(?!\s*(?:%|percent|{UNIT})(?![A-Za-z]))"
        ),
        0.8,
    ),
    # a span of figures with no unit after "between": "22% of patients between 18-21" (with a unit, the measure rule
    # reads it)
    (
        "scale-range",
        _compile(
            rf"\bbetween\s+(?P<figure>(?P<a>{DIG})\s*[-–]\s*(?P<b>{DIG}))\b(?![.,]\d|\s*(?:%|percent|{UNIT})(?![A-Za-z]))"
        ),
        0.7,
    ),
    # a count in a compound before its noun: "a two part questionnaire", "a three-arm trial"
    (
        "count-compound",
        _compile(
            rf"(?<![\w-])an?\s+(?P<figure>(?P<a>{NUM})[\s-](?:part|step|item|arm|dose|question|component))\s+(?=[a-z])"
        ),
        0.7,
    ),
    # "two or more", "65 or older"
    (
        "or-more",
        _compile(
            rf"\b(?P<a>{NUM_A})\s+or\s+(?P<more>more|fewer|less|older|younger|greater|higher|lower|above|below)\b"
        ),
        0.8,
    ),
    # "at least one traumatic event", "only 1 strain": one, with a qualifier, before a singular noun
    (
        "count-one",
        _compile(
            r"\b(?P<q>at least|more than|only|just|exactly|no more than)\s+(?P<a>one|1)\s+(?:(?P<adj>[a-z][a-z-]+)\s+(?!(?:that|which|who|whose|where|when|and|or|but|the|of|in|on|to|for|with|is|was|are|were|has|had|have)\b))?[“\"]?(?P<noun>[a-z]{3,})\b[”\"]?"
        ),
        0.7,
    ),
    # a count whose noun is quoted: 'identifies three "urgent" …'
    ("count-quoted", _compile(rf"(?:{QUAL})?(?P<a>{NUM_A})(?=\s+[“\"][A-Za-z][\w\s-]{{0,30}}[”\"])"), 0.6),
    # a count of a thing per a count of another: "~2 mutations per 1,000 bases"
    (
        "per-count",
        _compile(
            rf"(?P<tilde>~\s?)?(?:{QUAL})?(?P<a>{NUM_A})\s+(?P<noun>[a-z]{{3,30}})\s+per\s+(?P<b>{DIG}{SCALE}?)\s+(?P<noun2>[a-z]{{3,30}})\b"
        ),
        0.85,
    ),
    # a rank: "the fifth leading cause of death", "the 3rd most common"
    (
        "rank",
        _compile(
            r"\b(?P<a>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))(?=[\s-]+(?:leading|most|largest|biggest|highest|lowest|top|commonest)\b)"
        ),
        0.8,
    ),
    # a tally's place: "reporting a 6th fatality", "the fifth death this year" (not "the first case", a manner of
    # speaking as often as a count)
    (
        "rank",
        _compile(
            r"\b(?:a|an|the|its|their)\s+(?P<figure>(?P<a>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th)))"
            r"\s+(?:(?:confirmed|human|reported|known)\s+)?(?:fatality|death|case|victim|infection)\b"
        ),
        0.75,
    ),
    # a tally's place told as "the Nth <person> to <verb>": "the third Beijing resident to contract the disease",
    # "the fifth patient to die" (a name or an adjective may stand before the noun)
    (
        "rank",
        _compile(
            r"\b(?:a|an|the|its|their)\s+(?P<figure>(?P<a>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th)))"
            r"\s+(?:[A-Za-z][\w'’-]{1,30}\s+){0,2}?(?:person|resident|patient|child|man|woman|individual|victim|case|death)"
            r"\s+to\s+[a-z]{3,}"
        ),
        0.75,
    ),
    # how often one thing is done: "eating one large meal per day" (a count would need a plural noun)
    (
        "one-per",
        _compile(
            r"(?<![\w-])(?P<figure>(?P<a>one)\s+(?:[a-z]{3,20}\s+){0,2}?[a-z]{3,20}\s+(?:per|a|each|every)\s+(?P<per>day|week))\b"
        ),
        0.7,
    ),
    # a day of a trial's schedule: "measured at Day 14 or Day 28", "on day 7" (a time from the start, not a label)
    (
        "study-day",
        _compile(
            r"(?<![\w-])(?:at|on|by|until|through|to|or|and|from)\s+(?P<figure>[Dd]ay\s+(?P<a>\d{1,3}))(?![\w-]|[.,]\d)"
        ),
        0.7,
    ),
    # a change in points on a scale: "a 2-point shift on the WHO ordinal COVID-19 Severity Scale"
    (
        "scale-points",
        _compile(
            r"(?<![\w.-])(?P<figure>(?P<a>\d{1,2}(?:\.\d)?)-point)\s+(?:shift|change|increase|decrease|drop|rise|"
            r"improvement|reduction|difference|decline|gain)\b"
        ),
        0.75,
    ),
    # a change to a figure: "increased to 9", "decreased from 118 to 86"
    (
        "change",
        _compile(
            rf"\b(?:increased|decreased|rose|risen|fell|fallen|grew|grown|dropped|declined|climbed|jumped|went up|went down|shrank)\s+(?P<span>(?:from\s+(?P<a>{DIG})\s+)?to\s+(?P<b>{DIG}))\b(?![\d,.]*\s*(?:%|percent|{UNIT}\b))"
        ),
        0.75,
    ),
    # a figure, its spread in brackets, then its unit: "44.5 (IQR, 29.0–73.3) miles"
    (
        "measure",
        _compile(
            rf"(?P<a>{DIG})\s*\((?:IQR|interquartile range|range|SD)[,:]?\s*{DIG}\s*(?:-|–|—|to)\s*{DIG}\)\s*(?P<u>{UNIT})(?![A-Za-z])"
        ),
        0.9,
    ),
    # the first N of a ranking: "to select the top 100 most informative CpGs", "the top 10 causes of death"
    ("top-n", _compile(rf"\b(?P<figure>top\s+(?P<a>{NUM}))(?=\s+(?:[a-z-]{{2,20}}\s+){{0,3}}[a-z]{{3,}})"), 0.75),
    # a measure named with its value, as results and scales print it: "received a coefficient of zero", "receives a
    # rating of 3", "a score of 7.5", "an index of 0.4"
    (
        "measure-of",
        _compile(
            r"\b(?:a|an|the)\s+(?:[a-z-]{3,20}\s+)?(?P<kind>score|rating|coefficient|index|grade|weight)\s+of\s+"
            rf"(?P<figure>(?P<a>zero|{NUM}))(?![\d%/.,]\d|\s*(?:%|percent|per\b|out\s+of|/))"
        ),
        0.75,
    ),
    # a P value threshold: "significant (P < .10)"
    ("p-value", _compile(r"\b(?P<kind>P|q)\s*(?P<op><|>|=|≤|≥)\s*(?P<a>0?\.\d{1,6})"), 0.85),
    # a named statistic's value between 0 and 1: "an area under the curve of 0.89", "AUC = 0.74", "kappa 0.61"
    (
        "named-value",
        _compile(
            r"\b(?P<kind>area under the (?:receiver operating characteristic |ROC )?curve|AUROC|AUC|C[- ]statistic|kappa|"
            r"correlation coefficient|sensitivity|specificity)(?:\s+(?:of|was|were|is|=|:)|\s*[=:])?\s*(?P<a>0?\.\d{1,4}|1\.0{1,4})(?![\d%])"
        ),
        0.85,
    ),
    # a regression coefficient as APA 7 (§6.44) reports it, its symbol then "=" and the value: "(β=0.53, p<0.001)",
    # "β = 1.2" (a negative one is left: its sign would be lost)
    (
        "named-value",
        _compile(r"(?<![\w−-])(?P<kind>β)\s{0,3}[=:]\s{0,3}(?P<a>\d{1,3}(?:\.\d{1,4})?|\.\d{1,4})(?![\d%.])"),
        0.85,
    ),
    # a model's error or fit statistic by its abbreviation, its value after "=", ":", "of" or in brackets as results
    # report it: "low MSE (1.7)", "RMSE = 2.31", "an AIC of 1520.4" (the abbreviation in its own case)
    (
        "fit-statistic",
        _compile(
            r"(?<![\w-])(?P<kind>(?-i:R?MSE|MAE|MAPE|RMSEA|AIC|BIC))\s{0,3}(?:(?P<open>\()\s{0,3}|[=:]\s{0,3}|(?:of|was|is)\s+)"
            r"(?P<a>\d{1,6}(?:\.\d{1,4})?|\.\d{1,4})(?![\d%]|\.\d)(?(open)(?:\s{0,3}\))?)"
        ),
        0.8,
    ),
    # a count out of a total in brackets, as case series and results print each finding: "headache (6/8)", "pain
    # levels of zero (1/7)"; the value is the share, as "four of the five participants" gives it
    ("count-fraction", _compile(r"\((?P<figure>(?P<a>\d{1,4})\s?/\s?(?P<b>\d{1,5}))\)"), 0.75),
    # a named model parameter with its value, as epidemiological reports give them: "a basic reproduction number of
    # 2.2", "R0 = 2.5", "a shape parameter of 5.1", "a dispersion parameter k of 0.1"
    (
        "named-parameter",
        _compile(
            r"\b(?P<kind>(?:basic\s+|effective\s+|net\s+)?reproduct(?:ion|ive)\s+(?:number|ratio)|(?-i:R0|R₀|Rt|Re)|"
            r"(?:shape|scale|rate|dispersion|location)\s+parameter)(?:\s+(?-i:[a-zA-Zκθαβ]))?"
            r"(?:\s+(?:of|was|is|=|:)|\s*[=:])\s*(?P<figure>(?P<a>\d{1,4}(?:\.\d{1,4})?|\.\d{1,4}))(?![\d%]|\.\d)"
        ),
        0.8,
    ),
    # the spread printed in brackets after a figure, as results report it: "44 years (range, 18-65)", "(95% CI,
    # 1.4–3.8)", "(90% high density interval: 1.4-3.8)", "(IQR 12–30)": its two ends (the level is no figure)
    (
        "interval",
        _compile(
            r"\((?:\d{2}(?:\.\d)?\s?%\s{0,3})?(?P<kind>range|IQR|interquartile\s+range|CI|confidence\s+interval|"
            r"credible\s+interval|Cr?I|(?:highest\s+)?(?:posterior\s+)?(?:high\s+)?density\s+interval|HPDI?|HDI)\s{0,3}[,:=]?\s{0,3}"
            r"(?P<figure>(?P<a>[-−]?\d{1,6}(?:\.\d{1,4})?)\s?(?:-|–|—|to)\s?(?P<b>[-−]?\d{1,6}(?:\.\d{1,4})?))(?![\d%]|\.\d)"
        ),
        0.7,
    ),
    # a bare threshold as results print it, its comparison sign before the figure: "bootstrap support values > 70";
    # with a percent sign or a unit after it, the longer rules read it
    (
        "threshold",
        _compile(r"(?<=\w\s)(?P<figure>(?P<op>[<>≤≥])\s?(?P<a>\d{1,6}(?:\.\d{1,4})?))(?![\d%.,]|\s?[A-Za-zµμ°º%])"),
        0.7,
    ),
    # a risk as epidemiology writes it, one to a denominator: "an incidence of 1:1000-4000", "up to 1:100" (a time of
    # day, "1:30", is blocked before the rules run)
    (
        "one-to-n",
        _compile(
            rf"(?:{QUAL})?(?<![\d.,:])1\s?:\s?(?P<b>{DENOMINATOR})(?:\s?[-–]\s?(?:1\s?:\s?)?(?P<c>{DENOMINATOR}))?"
            r"(?![\d:]|[.,]\d)"
        ),
        0.8,
    ),
    # two values compared, as results are reported ("scores are 9.75 vs. 8.23", "12.1 versus 9.8"): each side is a
    # figure (with a unit or a percent sign, the longer rules read it)
    ("compared", _compile(rf"(?P<a>{DIG})(?=\s*(?:vs\.?|versus)\s+[-−]?\d)"), 0.7),
    ("compared", _compile(rf"\b(?:vs\.?|versus)\s+(?P<figure>(?P<a>{DIG}))(?![\d.,]\d)"), 0.7),
    # a z-score (standard deviation score), signed, as growth charts and lung-function tests report it: "FVC z-score:
    # -0.10", "a z score of −1.8" ("SDS" also names a detergent: not read)
    (
        "z-score",
        _compile(
            r"\b(?P<kind>z[- ]?scores?)\b\s{0,3}(?:of|was|were|is|=|:)?\s{0,3}(?P<a>[-−–+]?\s?\d{1,2}(?:\.\d{1,3})?)(?![\d%]|\.\d)"
        ),
        0.8,
    ),
    # a partitive count: "46 of their close contacts", "12 of the remaining patients" (with a second figure, "4 of
    # the 12 patients", the ratio rule reads it)
    (
        "count-of",
        _compile(
            rf"\b(?P<figure>(?P<a>{NUM_A}))\s+of\s+(?:their|its|his|her|our|your|the|these|those)\s+"
            r"(?:[a-z][a-z-]{1,20}\s+){0,2}?(?:[a-z]{2,}s|people|children|men|women)\b"
        ),
        0.6,
    ),
    # "all but four have been released": the exceptions counted
    ("all-but", _compile(rf"\b(?P<q>all\s+but)\s+(?P<a>{NUM_A})\b(?![.,]\d|\s*%)"), 0.6),
    # a number written with thousands separators is an amount: "We analyzed 5,193 publicly shared …", "About 23,000 die"
    ("grouped", _compile(rf"(?:{QUAL})?(?<![\d.,])(?P<a>\d{{1,3}}(?:,\d{{3}}){{1,4}})(?![\d,]*\d)"), 0.6),
    ("count-of", _compile(rf"\b(?P<a>{NUM_A})\s+of\s+(?:them|these|those)\b"), 0.6),
    # how many of a ranked set: "two of the world’s most common sexually transmitted infections", "three of the
    # largest hospitals" (not "one of the most …", a manner of speaking)
    (
        "count-of",
        _compile(
            rf"\b(?P<figure>(?P<a>{NUM_A}))\s+of\s+the\s+(?:[A-Za-z]{{2,30}}['’]s\s+)?(?:most|least|largest|biggest|leading|top|highest|lowest|commonest|deadliest)\b"
        ),
        0.6,
    ),
    # one of a small group: "the victim was one of two people who contracted the virus"
    (
        "count-of",
        _compile(
            rf"\bone\s+of\s+(?:only\s+)?(?P<figure>(?P<a>{NUM_A}))\s+(?:people|persons|patients|cases|deaths|victims|residents|children|adults|men|women)\b"
        ),
        0.6,
    ),
    # a total stated as such: "the nationwide total is 16", "the state's total has risen to 14"
    (
        "count-of",
        _compile(
            rf"\btotal\s+(?:is|was|stands\s+at|(?:is\s+)?now|reached|(?:has\s+)?(?:risen|rose|grown|grew|climbed)\s+to)\s+(?P<figure>(?P<a>{NUM_A}))\b(?![.,]\d|\s*(?:%|percent|{UNIT})(?![A-Za-z]))"
        ),
        0.7,
    ),
    # an amount in scale words: "over a quarter of a million adults" (a count, not a 25% share), "half a million",
    # "tens of millions of people", "killed millions", "nearly 4.5 million rely on …"
    (
        "scale",
        _compile(
            rf"(?:{QUAL})?(?P<a>(?:(?:a|one|three)[\s-]quarters?|(?:a|one|two)[\s-]thirds?|a\s+half)\s+of\s+a\s+(?:million|billion)|half\s+a\s+(?:million|billion)"
            rf"|(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)|(?<![\w-])(?:thousands|millions|billions)|{DIG}\s(?:million|billion))\b(?!\s+(?:years?|dollars)\b)"
        ),
        0.7,
    ),
    # a span of time in words: "within a few days", "a day or two", "almost a year", "about a day", "for decades"
    (
        "time-words",
        _compile(
            r"(?:(?P<q>almost|about|around|nearly|roughly|approximately|just over|just under|over|under|less than|more than|only|just)\s+)?"
            r"(?P<a>a\s+few|a\s+couple\s+of|several|a|an)\s+(?P<u>minutes?|hours?|days?|weeks?|months?|years?)(?P<two>\s+or\s+two)?\b"
            r"|(?<![\w-])(?P<decades>[Ff]or\s+decades|[Dd]ecades)\b"
        ),
        0.7,
    ),
    # a time limit of one unit: "the virus would not go away within a year" ("a year" alone is a unit, no amount)
    (
        "time-words",
        _compile(r"(?P<q>within)\s+(?P<a>a|an)\s+(?P<u>hours?|days?|weeks?|months?|years?)\b(?!\s+or\s+two\b)"),
        0.7,
    ),
    # one thing that exists: "there was one biological clock", "there has only been one documented major outbreak"
    ("there-is-one", _compile(r"\b(?P<a>one|1)(?=\s+(?:[a-z][a-z-]{1,30}\s+){0,2}[a-z]{3,})"), 0.7),
    # one coordinated with another count, as a list of counts prints it: "one major and three minor criteria"
    (
        "one-among-counts",
        _compile(rf"\b(?P<figure>(?P<a>one)\s+[a-z][a-z-]{{2,20}})(?=\s+(?:and|or|plus)\s+{NUM}\s+[a-z])"),
        0.7,
    ),
    # "none of them": a count of zero
    ("none-of", _compile(r"\b(?P<a>none)(?=\s+of\s+(?:them|these|those|us|the\s+[a-z]{3,}))"), 0.6),
    # "1" in digits before a singular noun, as style guides that print every number in digits write it: "Using 1
    # estimate for an entire district" (not a marker "(1)", a label, a list number or "1 of 17")
    # (an abbreviation before the noun too: "46 states and 1 U.S. territory")
    (
        "count-1",
        _compile(r"(?<![(\[\d.,:/-])\b(?P<a>1)\s+(?:(?-i:[A-Z]\.){2,3}\s+)?(?P<noun>(?-i:[a-z]{3,30}))\b(?![)\]])"),
        0.6,
    ),
    # the first figure of "437 of 2,706 people": a count of the same thing (the second is found as a count)
    (
        "part-of",
        _compile(
            rf"(?<![\d.,])(?P<a>{DIG})(?=\s+of\s+{DIG}\s+(?:[a-z][a-z-]{{1,30}}\s+){{0,2}}?(?:[a-z]+s|people|children|men|women)\b)"
        ),
        0.7,
    ),
    ("plus", _compile(rf"(?P<a>{DIG})(?P<plus>\+)"), 0.6),
    # a length in residues or bases, as genome and protein papers abbreviate it: "NS1 (352 aa)", "10,272 nt",
    # "a 650-bp amplicon", "a 10.8-kb genome" (in the case they are printed in: "AA" and "NT" are other things)
    (
        "sequence-length",
        _compile(rf"(?:{QUAL})?(?P<a>{DIG})\s?(?:-\s?)?(?P<u>(?-i:aa|nt|bp|kb|kbp))(?![A-Za-z])"),
        0.85,
    ),
    (
        "free",
        _compile(
            r"\bfor free\b|\bfree of charge\b|\bat no (?:extra |additional )?cost\b|\bno-cost\b|\bcost-free\b|"
            r"(?<![-\w])free(?=\s+(?:coverage|trial|access|membership|consultation|subscription|shipping|download|screening|"
            r"assessment|program|programme|app|class|classes|session|sessions|evaluation|delivery)\b)"
        ),
        0.6,
    ),
]


#: every rule but these needs a figure (digits, a number word, once/twice/thrice/half) in the sentence
WITHOUT_FIGURES = {
    "daily",
    "free",
    "scale",
    "time-words",
    "none-of",
    "rank",
    "measure-of",
}  # a rank in words: "the sixth most"
FIGURE = re.compile(
    rf"\d|\b(?:{WORD_NUMBER}|once|twice|thrice|half|quarter|third|decades?|centur(?:y|ies))\b", re.IGNORECASE
)


#: a time stamp counted back from now: "7 hours ago", "2 days ago", "sixty years ago" (a date, not a duration)
AGO = re.compile(
    r"\b[\w.,-]{1,20}\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\s+ago\b",
    re.IGNORECASE,
)

#: a page's reading time, as blog and news themes print it by the byline ("5 min read", "3-minute read", "Reading
#: time: 4 minutes"): page furniture, not a figure of the article
READING_TIME = re.compile(
    r"\b\d{1,3}\s?-?\s?(?:min|mins|minutes?)\.?\s+read\b|\breading\s+time:?\s+\d{1,3}\s?(?:min|mins|minutes?)\b",
    re.IGNORECASE,
)


#: thousands grouped with spaces, as the SI, the WHO and many journals print them ("some 27 000 Fijians", "the
#: 900 000 strong population"): a figure of one to three digits, then groups of exactly three, with no digit or
#: decimal point either side (so "2013 400 people" and "1.5 000" are not read as one number)
SPACED_THOUSANDS = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3}){1,4}(?![\d,]|\.\d|[ \u00a0\u2009\u202f]\d)"
)
GROUP_SPACE = re.compile(r"[ \u00a0\u2009\u202f]")


def _read_spaced_thousands(sentence: str) -> str:
    """The sentence with the spaces that group a figure's thousands written as commas ("27 000" -> "27,000"): the
    same length, so every offset stays that of the text, and the rules read one number, not "000 Fijians"."""
    if not SPACED_THOUSANDS.search(sentence):
        return sentence
    return SPACED_THOUSANDS.sub(lambda m: GROUP_SPACE.sub(",", m.group()), sentence)


#: the level of an interval ("95% CI", "90% high density interval", "95% CrI"): no statistic of the text
INTERVAL_LEVEL = re.compile(
    r"\b\d{2}(?:\.\d)?\s?%\s{0,3}(?:CIs?|CrIs?|confidence\s+intervals?|credible\s+intervals?|"
    r"(?:highest\s+)?(?:posterior\s+)?(?:high\s+)?density\s+intervals?|HPDI?|HDI)\b",
    re.IGNORECASE,
)


def find_quantities(text: str, start: int, end: int, excluded: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """The quantities in ``text[start:end]`` (one sentence), as offsets into ``text``."""
    printed = text[start:end]
    sentence = _read_spaced_thousands(printed)
    rules = _RULES if FIGURE.search(sentence) else [r for r in _RULES if r[0] in WITHOUT_FIGURES]
    blocked = [(a - start, b - start) for a, b in excluded if a < end and b > start]
    for pattern in (LABEL, TIME_OF_DAY):
        blocked += [m.span() for m in pattern.finditer(sentence)]
    from kg.ingest.segment import DATE

    blocked += [m.span() for m in DATE.finditer(sentence)]
    blocked += [m.span() for m in re.finditer(r"https?://\S+|\b10\.\d{4,9}/\S+", sentence)]
    # the interval's level
    blocked += [m.span() for m in INTERVAL_LEVEL.finditer(sentence)]
    blocked += [m.span() for m in AGO.finditer(sentence)]  # "7 hours ago", "only 60 years ago": when, not how much
    blocked += [m.span() for m in READING_TIME.finditer(sentence)]  # "5 min read": the page's, not the article's
    # a match is blocked if some blocked span starting before its end ends after its start
    blocked.sort()
    blocked_starts = [x for x, _ in blocked]
    reach: list[int] = []  # reach[i]: the furthest end of blocked[: i + 1]
    for _, y in blocked:
        reach.append(max(y, reach[-1]) if reach else y)
    candidates: list[Quantity] = []
    for rule, pattern, confidence in rules:
        for match in pattern.finditer(sentence):
            # the age, not the name before it; the figure of a rule that reads words around it
            a, b = (
                match.span("a")
                if rule == "age-appositive"
                else match.span("figure")
                if "figure" in pattern.groupindex
                else match.span()
            )
            while b > a and sentence[b - 1] in " \t":
                b -= 1
            before = bisect_left(blocked_starts, b)
            if before and reach[before - 1] > a:
                continue
            quantity: Quantity | None
            if rule == "percent" and match.group("b") and _is_year(match.group("a")):
                # "from 43% in 2006 to 74% in 2012": the year before "to" says when; the share is the figure after it
                a = match.start("b")
                value = _number(match.group("b"))
                measure = _percent_measure(sentence, match.end())
                quantity = Quantity(0, 0, "", measure, "percent", value=value, confidence=confidence, rule=rule)
            else:
                quantity = _build(rule, match, sentence, confidence)
            if quantity is None:
                continue
            if (
                quantity.qualifier == "over"
                and quantity.rule != "age"
                and quantity.max is None
                and quantity.unit in TIME_UNITS
                and not OVER_MEANS_MORE.search(sentence, max(0, a - LOOK_BACK), a)
            ):
                # "swelling that gets worse over 48 hours": over is "during", not "more than"
                quantity.qualifier, quantity.value, quantity.min = None, quantity.min, None
                a = SPACES.match(sentence, a + len(match.group("q"))).end()  # type: ignore[union-attr]  # \s* always matches
            if quantity.unit in ("degree-celsius", "degree-fahrenheit") and _signed(sentence, a):
                a -= 1
                _negate_first(quantity)
            quantity.start, quantity.end = start + a, start + b
            quantity.stated_as = sentence[a:b]
            candidates.append(quantity)
    candidates += _implied_units(sentence, start, candidates)
    for q in _listed_counts(sentence, start, candidates):
        before = bisect_left(blocked_starts, q.end - start)
        if not (before and reach[before - 1] > q.start - start):  # a citation marker, a label, a date: no figure
            candidates.append(q)
    chosen: list[Quantity] = []
    starts: list[int] = []  # of the chosen quantities, which never overlap: sorted by start, so by end too
    ends: list[int] = []
    for q in sorted(candidates, key=lambda q: (-(q.end - q.start), -q.confidence, q.start)):
        after = bisect_right(ends, q.start)  # the first chosen that ends after q starts
        if after == len(ends) or starts[after] >= q.end:
            chosen.append(q)
            insort(starts, q.start)
            insort(ends, q.end)
    chosen = [part for q in chosen for part in _change_ends(sentence, start, q)]
    if sentence is not printed:
        for q in chosen:  # the words as printed, also for the figures the list rules read ("12 000" stays so)
            q.stated_as = printed[q.start - start : q.end - start]
    return sorted(chosen, key=lambda q: q.start)


def _signed(sentence: str, a: int) -> bool:
    """Whether the figure at ``a`` carries a minus sign printed against it ("kept at -80ºC", "(−20 °C)"): a hyphen
    or minus sign with a space, an opening bracket or the sentence's start before it, not a hyphen joining words."""
    return a >= 1 and sentence[a - 1] in "-−" and (a == 1 or sentence[a - 2] in " \t\u00a0([")


def _negate_first(q: Quantity) -> None:
    """A temperature printed below zero: its value, or the first figure of its range or bound, is negative."""
    if q.value is not None:
        q.value = -q.value
    if q.min is not None:
        q.min = -q.min
    elif q.max is not None:
        q.max = -q.max


#: a change between two values, each printed with its unit: "rose from 0.90 percent to 1.23 percent"
CHANGE_FROM = re.compile(
    r"\b(?:rose|rising|risen|increas\w{0,4}|fell|fallen|falling|declin\w{0,4}|decreas\w{0,4}|dropp\w{0,4}|grew|grown"
    r"|growing|jump\w{0,4}|climb\w{0,4}|went\s+(?:up|down)|reduc\w{0,4}|lower\w{0,4}|rais\w{0,4}|chang\w{0,4}"
    r"|doubl\w{0,4}|tripl\w{0,4})\b[^.;:]{0,100}?\bfrom\s+$",
    re.IGNORECASE,
)
CHANGE_TO = re.compile(r"\s+to\s+")


def _change_ends(sentence: str, offset: int, q: Quantity) -> list[Quantity]:
    """A range read as "from A to B" after a verb of change, each end with its own unit ("rose from 0.90 percent
    to 1.23 percent", "increasing protein intake from 15% to 30%"), is two values, before and after: not one
    interval. A bare "from 118 to 86" or "from 60 to 100%" stays one figure."""
    if q.min is None or q.max is None or q.rule not in ("percent", "measure"):
        return [q]
    a = q.start - offset
    if not CHANGE_FROM.search(sentence, max(0, a - 130), a):
        return [q]
    text = sentence[a : q.end - offset]
    to = CHANGE_TO.search(text)
    if to is None or not re.search(r"\D$", text[: to.start()]) or not re.search(r"\D$", text):
        return [q]  # the first end has no unit of its own
    first, second = text[: to.start()], text[to.end() :]
    return [
        replace(q, end=q.start + len(first), stated_as=first, value=q.min, min=None, max=None),
        replace(q, start=q.start + to.end(), stated_as=second, value=q.max, min=None, max=None),
    ]


def _number(token: str | None) -> float | None:
    if token is None:
        return None
    token = token.strip()
    lower = token.lower()
    if lower in FREQUENCY_WORDS:
        return float(FREQUENCY_WORDS[lower])
    scale: float = 1
    for word, factor in (("million", 1e6), ("billion", 1e9), ("thousand", 1e3)):
        if lower.endswith(word):
            token, scale = token[: -len(word)].strip(), factor
    if token[-1:] == "B":
        token, scale = token[:-1], 1e9
    value = parse_number(token)
    return None if value is None else value * scale


def _bounds(q: Quantity, a: float, b: float | None, qualifier: str | None) -> None:
    kind = QUALIFIERS.get(qualifier or "")
    q.qualifier = qualifier
    q.approximate = kind == "approx"
    if b is not None:
        q.min, q.max = min(a, b), max(a, b)
    elif kind == "max":
        q.max = a
    elif kind == "min":
        q.min = a
    else:
        q.value = a


#: what may stand before a headline's opening figure: nothing, or a label ("Related: 7 Strange Signs …")
HEADLINE_START = re.compile(r"\s*(?:[A-Z][A-Za-z]{1,15}(?:\s[A-Za-z]{1,15})?:\s*)?$")
#: small words a headline in title case leaves in lower case (AP, Chicago)
TITLE_SMALL = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs with from into".split()
)


def _title_case(sentence: str) -> bool:
    """Whether a line is a headline in title case: every word but the small ones capitalised, at least three
    ("12 Natural Ways to Defeat Allergies", "6 Common Types of Eating Disorders (and Their Symptoms)")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence) if w.lower() not in TITLE_SMALL]
    return len(words) >= 3 and len(sentence) <= 120 and all(w[0].isupper() for w in words)


def _is_year(token: str) -> bool:
    return bool(YEAR_NUMBER.match(token.strip()))


def _word_pair(text: str) -> tuple[float, float] | None:
    """Two numbers in words under twenty joined by a hyphen ("one-eight", "two-five"): no compound number."""
    from kg.util.numbers import UNITS_WORDS

    parts = text.strip().lower().split("-")
    if len(parts) != 2 or not all(p in UNITS_WORDS and UNITS_WORDS[p] < 20 for p in parts):
        return None
    return float(UNITS_WORDS[parts[0]]), float(UNITS_WORDS[parts[1]])


def _build(rule: str, m: re.Match[str], sentence: str, confidence: float) -> Quantity | None:
    groups = m.groupdict()
    qualifier = (groups.get("q") or "").lower() or None
    if rule == "free":
        q = Quantity(0, 0, "", "price", "usd", value=0.0, confidence=confidence, rule=rule)
        return q
    if rule in NEW_RULES:
        return _build_more(rule, groups, sentence, m, confidence)
    a_text: str = groups["a"]  # the figure: every other rule's pattern has it, outside any optional part
    if rule == "daily":
        if a_text[:1].isupper() and re.search(r"[A-Z][\w'’-]*\s+$", sentence[max(0, m.start() - 40) : m.start()]):
            return None  # "Medical Daily": a name, not "every day"
        per = {"daily": "per-day", "weekly": "per-week", "monthly": "per-month"}[a_text.lower()]
        return Quantity(0, 0, "", "frequency", per, value=1.0, confidence=confidence, rule=rule)
    if rule == "reported-ratio":
        kind = groups["kind"].lower()
        measure = (
            "odds-ratio"
            if kind in ("odds ratio", "or")
            else "risk-ratio"
            if kind in ("relative risk", "risk ratio", "rr")
            else "rate"
        )
        if groups["kind"] in ("OR", "RR", "HR") or kind not in ("or", "rr", "hr"):
            return Quantity(0, 0, "", measure, "ratio", value=_number(a_text), confidence=confidence, rule=rule)
        return None  # "or"/"hr" in lower case are words, not abbreviations
    if rule == "fraction":
        share = [FRACTIONS[re.split(r"[\s-]", t.lower())[-1]] for t in (a_text, groups.get("b")) if t]
        q = Quantity(0, 0, "", _percent_measure(sentence, m.end()), "percent", confidence=confidence, rule=rule)
        _bounds(q, round(share[0], 1), round(share[1], 1) if len(share) > 1 else None, qualifier)
        return q
    if rule == "sample-size":
        return Quantity(0, 0, "", "count", "count", value=_number(a_text), confidence=confidence, rule=rule)
    if rule == "twice-as":
        factor = {"twice": 2.0, "half": 0.5}.get(a_text.lower()) or _number(a_text.split()[0])
        return Quantity(0, 0, "", _ratio_measure(sentence), "times", value=factor, confidence=confidence, rule=rule)
    a = _number(a_text.replace(" times", "") if rule == "frequency" else a_text)
    b_text = groups.get("b")
    b = _number(b_text.replace(" times", "")) if b_text else None
    if not b_text and (pair := _word_pair(a_text)):
        # "one-eight days": two numbers under twenty joined by a hyphen are a range (a compound number in words
        # puts tens first, "twenty-one"), not one and eight added up; "five-three" is neither
        if pair[0] >= pair[1]:
            return None
        a, b, b_text = pair[0], pair[1], a_text
    if a is None or (b_text and b is None):
        return None
    is_word = not re.search(r"\d", a_text)
    if a_text.strip().lower() == "one" and rule in ("count", "count-of", "multiplier", "ratio") and not b_text:
        return None  # "one of your favourite activities", "this one's important"
    if rule in ("count", "plus", "count-of", "multiplier", "ratio", "percent") and _is_year(a_text) and not b_text:
        return None
    if rule == "count" and b_text and _is_year(a_text) and (_is_year(b_text) or re.fullmatch(r"\d\d", b_text)):
        # "the 2021–2022 BRFSS": a span of years names the survey's waves, it counts nothing; so does "the
        # outbreak of 2013–14 exposed weaknesses", its second year cut to two digits
        return None
    if rule == "percent":
        q = Quantity(0, 0, "", _percent_measure(sentence, m.end()), "percent", confidence=confidence, rule=rule)
    elif rule == "multiplier":
        if is_word and groups["u"].strip().lower() == "x":
            return None
        q = Quantity(0, 0, "", _ratio_measure(sentence), "times", confidence=confidence, rule=rule)
    elif rule == "frequency":
        q = Quantity(0, 0, "", "frequency", PER_UNIT[groups["per"].lower()], confidence=confidence, rule=rule)
    elif rule == "measure":
        if groups.get("adj") and (groups["adj"] in NOT_ADJECTIVES or groups["adj"] in UNIT_WORDS):
            return None  # "three of days", "2 or days": not a figure with a unit
        unit, family = CASED_UNITS.get(groups["u"]) or UNIT_WORDS.get(groups["u"]) or UNIT_WORDS[groups["u"].lower()]
        if unit == "ounce" and _liquid(sentence):
            unit, family = "fluid-ounce", "volume"
        measure = {
            "time": "duration",
            "distance": "distance",
            "volume": "amount",
            "mass": "amount",
            "concentration": "amount",
            "temperature": "amount",
        }[family]
        if groups.get("rate"):
            per = groups["per"].lower()
            if unit == "mile" and per == "week":
                unit, measure = "miles-per-week", "rate"
            elif unit == "day" and per in ("week", "month", "year") and b is None:
                unit, measure = PER_UNIT[per], "frequency"  # "three days a week": three times a week
            elif not qualifier:
                qualifier = groups["rate"].strip().lower()  # "30 minutes a day"
        q = Quantity(0, 0, "", measure, unit, confidence=confidence, rule=rule)
    elif rule == "money":
        q = Quantity(
            0, 0, "", "price", CURRENCIES[" ".join(groups["cur"].split()).lower()], confidence=confidence, rule=rule
        )
    elif rule == "ratio":
        if not b:
            return None
        q = Quantity(
            0,
            0,
            "",
            "proportion",
            "ratio",
            value=a / b,
            qualifier=qualifier,
            approximate=QUALIFIERS.get(qualifier or "") == "approx",
            confidence=confidence,
            rule=rule,
        )
        return q
    elif rule == "count":
        noun = groups["noun"].lower()
        modifiers = (groups.get("mods") or "").lower().split()
        if noun in NOT_NOUNS or noun.rstrip("s") in UNIT_WORDS or noun in UNIT_WORDS:
            return None
        if any(w in NOT_ADJECTIVES or w in UNIT_WORDS or w.rstrip("s") in UNIT_WORDS for w in modifiers):
            return None  # "three of days", "2 hours of …": not a count of the noun
        if groups["noun"][:1].isupper() and HEADLINE_START.match(sentence[: m.start()]) and _title_case(sentence):
            return None  # "10 Ways to Get Back on Track", "7 Strange Signs You're …": a list article's headline
        if (
            len(modifiers) > 1
            and groups["noun"][:1].isupper() != modifiers[0][:1].isupper()
            and not groups["mods"][:1].isupper()
        ):
            return None
        if groups.get("plus"):
            qualifier = "+"
        q = Quantity(
            0, 0, "", "count", COUNT_UNITS.get(noun, "count"), confidence=0.7 if is_word else confidence, rule=rule
        )
    elif rule == "plus":
        qualifier = "+"
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
    else:  # count-of
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
    _bounds(q, a, b, qualifier)
    return q


PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)
NEW_RULES = {
    "scale-range",
    "count-compound",
    "age-appositive",
    "age-decade",
    "decade",
    "age",
    "or-more",
    "count-one",
    "count-quoted",
    "per-count",
    "rank",
    "change",
    "p-value",
    "named-value",
    "grouped",
    "scale",
    "time-words",
    "there-is-one",
    "part-of",
    "none-of",
    "one-among-counts",
    "measure-of",
    "top-n",
    "count-1",
    "sequence-length",
    "study-day",
    "scale-points",
    "one-per",
    "one-to-n",
    "compared",
    "z-score",
    "all-but",
    "fit-statistic",
    "count-fraction",
    "named-parameter",
    "interval",
    "threshold",
}
#: residues or bases per unit of a sequence's length
SEQUENCE_UNITS = {
    "aa": ("amino acids", 1.0),
    "nt": ("nucleotides", 1.0),
    "bp": ("base pairs", 1.0),
    "kb": ("base pairs", 1e3),
    "kbp": ("base pairs", 1e3),
}
#: what comes before "one" that says one thing exists: "there was", "there has only been"
THERE_IS = re.compile(
    r"\bthere\s+(?:is|was|are|were|(?:has|have|had)\s+(?:only\s+|just\s+|ever\s+)?been)\s+(?:only\s+|just\s+)?$",
    re.IGNORECASE,
)
#: amounts in scale words, and what they come to ("millions": at least two million)
SCALE_WORDS = {"thousands": 2e3, "millions": 2e6, "billions": 2e9}
FEW = {"a few": 3.0, "a couple of": 2.0, "several": 3.0, "a": 1.0, "an": 1.0}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


#: "for" right before a span of time: how long ("wore it for a year")
FOR_BEFORE = re.compile(r"(?<![\w-])for\s+$", re.IGNORECASE)
#: a sentence that opens with "After" and a span of time: how long until what follows ("After a year, his
#: symptoms completely cleared")
AFTER_OPENING = re.compile(r"^\s*After\s+$")


def _build_more(rule: str, groups: dict, sentence: str, m: re.Match, confidence: float) -> Quantity | None:
    """The rules of issue 19's real articles: decades, ages, "two or more", ranks, changes, P values, counts."""
    a_text = groups.get("a") or ""
    qualifier = (groups.get("q") or "").lower() or None
    if rule == "scale":
        return _scale(a_text, qualifier, confidence)
    if rule == "time-words":
        unit = "year" if groups.get("decades") else groups["u"].lower().rstrip("s")
        q = Quantity(0, 0, "", "duration", unit, confidence=confidence, rule=rule)
        if groups.get("decades"):
            _bounds(q, 20.0, None, "at least")  # "decades": two or more of them
            q.qualifier, q.approximate = "decades", True
            return q
        few = a_text.lower().split()
        n = FEW[" ".join(few)]
        if (
            not qualifier
            and n == 1.0
            and not groups.get("two")
            and not (unit in ("month", "year") and FOR_BEFORE.search(sentence, max(0, m.start() - 8), m.start()))
            and not (
                unit in ("week", "month", "year")
                and AFTER_OPENING.match(sentence[: m.start()])
                and sentence[m.end() : m.end() + 1] == ","
            )
        ):
            # "a day", "a year" alone: a unit of time, not an amount ("once a day", "a year ago", "it rained for
            # a day"); "for a year", "for a month" is how long a treatment or a study lasted, and a sentence that
            # opens "After a year," how long until what it tells
            return None
        if groups.get("two"):
            _bounds(q, 1.0, 2.0, qualifier)
        else:
            _bounds(q, n, None, qualifier if qualifier in QUALIFIERS else None)
            q.approximate = q.approximate or n != 1.0
        q.qualifier = qualifier or q.qualifier
        return q
    if rule == "sequence-length":
        length = _number(a_text)
        if length is None:
            return None
        what, per = SEQUENCE_UNITS[groups["u"]]
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
        _bounds(q, length * per, None, qualifier)
        q.qualifier = f"{qualifier} ({what})" if qualifier else what
        return q
    if rule == "none-of":
        return Quantity(0, 0, "", "count", "count", value=0.0, confidence=confidence, rule=rule)
    if rule == "measure-of":
        value = 0.0 if a_text.lower() == "zero" else _number(a_text)
        if value is None:
            return None
        # a value on the measure's own scale (as "scale-points"): an amount, its name the qualifier
        kind = groups["kind"].lower()
        return Quantity(0, 0, "", "amount", "count", value=value, qualifier=kind, confidence=confidence, rule=rule)
    if rule == "top-n":
        value = _number(a_text)
        if value is None or _is_year(a_text):
            return None
        return Quantity(0, 0, "", "count", "count", value=value, qualifier="top", confidence=confidence, rule=rule)
    if rule == "one-among-counts":
        return Quantity(0, 0, "", "count", "count", value=1.0, confidence=confidence, rule=rule)
    if rule == "one-per":
        unit = PER_UNIT[groups["per"]]
        return Quantity(0, 0, "", "frequency", unit, value=1.0, confidence=confidence, rule=rule)
    if rule == "study-day":
        return Quantity(
            0, 0, "", "duration", "day", value=float(a_text), qualifier="study day", confidence=confidence, rule=rule
        )
    if rule == "scale-points":
        return Quantity(
            0, 0, "", "amount", "count", value=float(a_text), qualifier="points", confidence=confidence, rule=rule
        )
    if rule == "count-fraction":
        part, whole = int(groups["a"]), int(groups["b"])
        if not 0 <= part <= whole or whole < 2 or (part == 0 and whole > 1000):
            return None  # "(12/03)": a date or a label, not a count out of a total
        q = Quantity(0, 0, "", "proportion", "ratio", value=part / whole, confidence=confidence, rule=rule)
        q.qualifier = f"{part} of {whole}"
        return q
    if rule == "named-parameter":
        return Quantity(
            0,
            0,
            "",
            "amount",
            "ratio",
            value=float(a_text),
            qualifier=" ".join(groups["kind"].lower().split()),
            confidence=confidence,
            rule=rule,
        )
    if rule == "interval":
        lo, hi = (float(x.replace("−", "-")) for x in (groups["a"], groups["b"]))
        if hi < lo:
            return None
        q = Quantity(0, 0, "", "amount", "count", min=lo, max=hi, confidence=confidence, rule=rule)
        q.qualifier = " ".join(groups["kind"].lower().split())
        return q
    if rule == "threshold":
        q = Quantity(0, 0, "", "amount", "count", confidence=confidence, rule=rule)
        op = groups["op"]
        _bounds(q, float(a_text), None, {"<": "less than", "≤": "no more than", ">": "more than", "≥": "at least"}[op])
        return q
    if rule == "one-to-n":
        low, high = _number(groups["b"]), _number(groups.get("c"))
        if low is None or low < 2 or (groups.get("c") and (high is None or high <= low)):
            return None
        q = Quantity(0, 0, "", "proportion", "ratio", confidence=confidence, rule=rule)
        _bounds(q, 1 / low, 1 / high if high else None, qualifier)
        return q
    if rule == "compared":
        value = _number(a_text)
        if value is None or _is_year(a_text):
            return None
        return Quantity(
            0, 0, "", "amount", "count", value=value, qualifier="compared", confidence=confidence, rule=rule
        )
    if rule == "fit-statistic":
        value = _number(a_text)
        if value is None:
            return None
        kind = groups["kind"]
        return Quantity(0, 0, "", "amount", "count", value=value, qualifier=kind, confidence=confidence, rule=rule)
    if rule == "z-score":
        text = re.sub(r"\s", "", a_text).replace("−", "-").replace("–", "-")
        return Quantity(
            0, 0, "", "amount", "count", value=float(text), qualifier="z-score", confidence=confidence, rule=rule
        )
    if rule == "all-but":
        value = _number(a_text)
        if value is None or _is_year(a_text):
            return None
        return Quantity(0, 0, "", "count", "count", value=value, qualifier="all but", confidence=confidence, rule=rule)
    if rule == "count-1":
        noun = groups["noun"].lower()
        if (
            noun in NOT_ADJECTIVES
            or noun in NOT_NOUNS
            or noun in UNIT_WORDS
            or noun.rstrip("s") in UNIT_WORDS
            or noun.endswith("s")
        ):
            return None
        return Quantity(0, 0, "", "count", "count", value=1.0, confidence=confidence, rule=rule)
    if rule == "there-is-one":
        if not THERE_IS.search(sentence, max(0, m.start() - LOOK_BACK), m.start()):
            return None
        return Quantity(0, 0, "", "count", "count", value=1.0, confidence=confidence, rule=rule)
    if rule == "part-of":
        a = _number(a_text)
        if a is None or a == 1 or _is_year(a_text):  # "into 1 of 17 categories": which one, not how many
            return None
        return Quantity(0, 0, "", "count", "count", value=a, confidence=confidence, rule=rule)
    if rule == "decade":
        words = a_text.lower().split()
        decades = 1.0 if words[0] in ("a", "one", "the") else _number(a_text)
        if decades is None:
            return None
        per = 100 if groups["u"].lower().startswith("centur") else 10
        q = Quantity(0, 0, "", "duration", "year", confidence=confidence, rule=rule)
        _bounds(q, decades * per, None, qualifier)
        return q
    if rule == "age":
        a, b = _number(a_text), _number(groups["b"]) if groups.get("b") else None
        older = (groups.get("older") or "").lower()
        if a is None or (groups.get("b") and b is None) or (_is_year(a_text) and b is None):
            return None
        if older and not qualifier:
            qualifier = "at least" if older in ("older", "over", "above", "up") else "no more than"
        q = Quantity(0, 0, "", "duration", "year", confidence=confidence, rule=rule)
        _bounds(q, a, b, qualifier)
        return q
    if rule == "scale-range":
        low, high = _number(a_text), _number(groups["b"])
        if low is None or high is None or low >= high or _is_year(groups["b"]):
            return None
        q = Quantity(0, 0, "", "amount", "count", confidence=confidence, rule=rule)
        _bounds(q, low, high, None)
        return q
    if rule == "count-compound":
        parts = _number(a_text)
        if parts is None or parts < 2:
            return None
        return Quantity(0, 0, "", "count", "count", value=parts, confidence=confidence, rule=rule)
    if rule == "age-appositive":
        q = Quantity(0, 0, "", "duration", "year", confidence=confidence, rule=rule)
        _bounds(q, float(a_text), None, None)
        return q
    if rule == "age-decade":
        low = float(a_text) + {"mid": 3.0, "late": 6.0}.get((groups.get("part") or "").lower(), 0.0)
        q = Quantity(0, 0, "", "duration", "year", confidence=confidence, rule=rule)
        _bounds(q, low, float(a_text) + (3.0 if groups.get("part") == "early" else 9.0), None)
        return q
    if rule == "or-more":
        a = _number(a_text)
        if a is None or _is_year(a_text):
            return None
        more = groups["more"].lower()
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
        _bounds(q, a, None, "at least" if more in ("more", "older", "greater", "higher", "above") else "no more than")
        q.qualifier = f"or {more}"
        return q
    if rule == "count-one":
        if (
            groups["noun"].lower() in NOT_ADJECTIVES
            or groups["noun"].lower() in NOT_NOUNS
            or (groups.get("adj") or "").lower() in NOT_ADJECTIVES
        ):
            return None
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
        _bounds(q, 1.0, None, qualifier if qualifier in QUALIFIERS else None)
        q.qualifier = qualifier
        return q
    if rule in ("count-quoted", "grouped"):
        a = _number(a_text)
        if a is None or (a_text.strip().lower() == "one") or _is_year(a_text):
            return None
        if rule == "grouped" and PER_BEFORE.search(sentence, max(0, m.start() - 20), m.start()):
            return None  # "visits per 10,000 population": the base of a rate, not an amount
        q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule=rule)
        _bounds(q, a, None, qualifier)
        return q
    if rule == "per-count":
        a, b = _number(a_text), _number(groups["b"])
        if a is None or b is None or groups["noun"].lower() in NOT_ADJECTIVES:
            return None
        q = Quantity(0, 0, "", "rate", "count", confidence=confidence, rule=rule)
        _bounds(q, a, None, qualifier)
        q.approximate = q.approximate or bool(groups.get("tilde"))
        q.qualifier = f"per {groups['b']} {groups['noun2']}"
        return q
    if rule == "rank":
        word = a_text.lower()
        rank = ORDINALS.get(word) or float(word[:-2])  # "3rd": up to three digits, then two letters
        return Quantity(
            0, 0, "", "count", "count", value=float(rank), qualifier="rank", confidence=confidence, rule=rule
        )
    if rule == "change":
        a, b = (_number(groups["a"]) if groups.get("a") else None), _number(groups["b"])
        if b is None or _is_year(groups["b"]) or (groups.get("a") and (a is None or _is_year(groups["a"]))):
            return None
        return Quantity(
            0,
            0,
            "",
            "count",
            "count",
            value=b,
            qualifier=f"from {groups['a']}" if groups.get("a") else "changed to",
            confidence=confidence,
            rule=rule,
        )
    value = _number(a_text)
    if value is None or value > 1:
        return None
    q = Quantity(0, 0, "", "proportion", "ratio", confidence=confidence, rule=rule)
    if rule == "named-value":
        _bounds(q, value, None, None)
        q.qualifier = " ".join(groups["kind"].lower().split())
        return q
    # a P value (or an FDR q value)
    op = groups["op"]
    _bounds(q, value, None, {"<": "less than", "≤": "no more than", ">": "more than", "≥": "at least"}.get(op))
    q.qualifier = f"{'q' if groups['kind'] == 'q' else 'P'} {op}"
    return q


def _scale(a_text: str, qualifier: str | None, confidence: float) -> Quantity | None:
    """A count in scale words: "a quarter of a million" is 250,000; "millions" at least two million."""
    words = a_text.lower().split()
    scale = 1e9 if words[-1].startswith("billion") else 1e6 if words[-1].startswith("million") else 1e3
    q = Quantity(0, 0, "", "count", "count", confidence=confidence, rule="scale")
    if words[-1] in SCALE_WORDS:  # "millions", "tens of millions", "hundreds of thousands"
        least = SCALE_WORDS[words[-1]] * (5 if words[0] == "tens" else 50 if words[0] == "hundreds" else 1)
        _bounds(q, least, None, "at least")
        q.qualifier, q.approximate = qualifier or " ".join(words), True
        return q
    if re.match(r"\d", words[0]):
        value = _number(a_text)
        if value is None:
            return None
    else:  # "a quarter of a million", "three-quarters of a million", "half a million"
        parts = re.split(r"[\s-]+", a_text.lower())
        numerator = {"a": 1, "one": 1, "two": 2, "three": 3}.get(parts[0], 1)
        denominator = next(
            (d for word, d in (("quarter", 4), ("third", 3), ("half", 2)) if any(p.startswith(word) for p in parts)), 1
        )
        value = numerator / denominator * scale
    _bounds(q, value, None, qualifier)
    return q


def _implied_units(sentence: str, offset: int, found: list[Quantity]) -> list[Quantity]:
    """ "from three miles a week to 15": the bare second figure has the first one's unit."""
    extra = _series_percent(sentence, offset, found)
    for q in found:
        if q.rule != "measure":
            continue
        a, b = q.start - offset, q.end - offset
        if not FROM_BEFORE.search(sentence, max(0, a - LOOK_BACK), a):
            listed = _listed_same_way(sentence, b)
            if listed is not None and _number(listed.group("n")) is not None:
                s = listed.start("n")
                extra.append(
                    Quantity(
                        offset + s,
                        listed.end("n") + offset,
                        listed.group("n"),
                        q.measure,
                        q.unit,
                        value=_number(listed.group("n")),
                        confidence=0.6,
                        rule="implied-unit",
                    )
                )
            continue
        tail = IMPLIED_TAIL.match(sentence, b)
        if tail:
            value = _number(tail.group("n"))
            if value is not None:
                s = tail.start("n")
                extra.append(
                    Quantity(
                        offset + s,
                        offset + s + len(tail.group("n")),
                        tail.group("n"),
                        q.measure,
                        q.unit,
                        value=value,
                        confidence=0.6,
                        rule="implied-unit",
                    )
                )
    return extra


#: the last item of a series of shares, its "percent" left out as the items before it gave it: "65 percent were
#: white, 11.9 percent were black, 15.36 percent Hispanic, and 7.3 of another race or ethnicity"
SERIES_LAST = re.compile(
    rf"[^,;%]{{0,80}},\s*and\s+(?P<n>{DIG})(?!\s*(?:%|percent|per\s+cent|{UNIT})(?![A-Za-z]))(?=\s+(?:of\s+)?[a-z])",
    re.IGNORECASE,
)


def _series_percent(sentence: str, offset: int, found: list[Quantity]) -> list[Quantity]:
    """The bare figure that closes a series of two or more shares (", and 7.3 of another race") is a share too."""
    shares = sorted(
        (q for q in found if q.rule == "percent" and q.max is None and q.min is None), key=lambda q: q.start
    )
    if len(shares) < 2:
        return []
    last = shares[-1]
    item = SERIES_LAST.match(sentence, last.end - offset, last.end - offset + 120)
    if item is None:
        return []
    value = _number(item.group("n"))
    if value is None or value > 100 or _is_year(item.group("n")):
        return []
    start = offset + item.start("n")
    return [
        Quantity(
            start,
            start + len(item.group("n")),
            item.group("n"),
            last.measure,
            "percent",
            value=value,
            confidence=0.6,
            rule="implied-unit",
        )
    ]


def _listed_same_way(sentence: str, end: int) -> re.Match[str] | None:
    """After a figure with a unit and a word ("1 month post treatment"), the next item of the list with the same
    word and no unit ("…, and 4 post treatment"): it takes the unit."""
    word = NEXT_WORD.match(sentence, end)
    if word is None:
        return None
    return re.compile(
        rf"[^,;]{{0,80}}(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>{NUM})\s+{re.escape(word.group(1))}\b", re.IGNORECASE
    ).match(sentence, end, end + 200)


NEXT_WORD = re.compile(r"\s+([a-z]{3,20})\b")
#: the next figure of a list after a count, its noun left out: "19 zip codes in Buffalo, 12 in Rochester, and 5 around …";
#: also in words, and the list's first item after a colon: "Fourteen other deaths …: two in California, two in
#: Kansas, … and one each in Illinois, …" (a place named after "in")
LISTED_COUNT = re.compile(
    rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>{DIG})(?=\s+(?:in|around|at|for|among|from|near|across|within)\s)"
    rf"|(?:[,:]\s*(?:and\s+)?|\s+and\s+)(?P<w>\b{WORD_NUMBER})(?=(?:\s+each)?\s+in\s+(?:the\s+)?[A-Z])"
)


#: a bare figure that ends a clause, its noun left out: "two tablets was a lethal dose – and she had taken eight,"
ELIDED_COUNT = re.compile(rf"(?<=[a-z]\s)(?P<n>{NUM})(?=\s*(?:[,;:!?)”\"]|\.(?!\d)|$))")
#: words after which a bare figure is a date, a label or a time, not a count: "died on October 2."
NOT_BEFORE_ELIDED = {
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    "at",
    "on",
    "in",
    "since",
    "until",
    "by",
    "page",
    "pages",
    "p",
    "pp",
    "vol",
    "no",
    "number",
    "version",
    "phase",
    "stage",
    "grade",
    "type",
    "step",
    "ref",
    "reference",
    "references",
}
#: "…, 11 states require …; and one state prohibits …": one of the things the list counts, in the singular
LISTED_ONE = re.compile(r"(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?P<n>one)\s+(?P<noun>[a-z]{3,30})\b")


def _listed_counts(sentence: str, offset: int, found: list[Quantity]) -> list[Quantity]:
    """The bare figures of a list that follow a count in its sentence count the same thing; so does a bare
    figure that ends a clause after it ("… and she had taken eight"), and "one <noun>" where the list counts
    <noun>s."""
    counts = sorted((q for q in found if q.rule == "count" and q.value is not None), key=lambda q: q.start)
    if not counts:
        return []
    first = counts[0]
    extra = []
    nouns = {_last_word(q.stated_as) for q in counts}
    matches = [m for m in LISTED_ONE.finditer(sentence, first.end - offset) if m.group("noun") + "s" in nouns]
    matches += (
        m
        for m in ELIDED_COUNT.finditer(sentence, first.end - offset)
        if _last_word(sentence[max(0, m.start() - 12) : m.start()]).strip(".") not in NOT_BEFORE_ELIDED
    )
    matches += LISTED_COUNT.finditer(sentence, first.end - offset)
    for m in matches:
        group = "w" if "w" in m.re.groupindex and m.group("w") else "n"
        value = _number(m.group(group))
        if value is None or _is_year(m.group(group)):
            continue
        s = offset + m.start(group)
        extra.append(
            Quantity(
                s,
                s + len(m.group(group)),
                m.group(group),
                first.measure,
                first.unit,
                value=value,
                confidence=0.6,
                rule="listed-count",
            )
        )
    return extra


def _last_word(text: str) -> str:
    return text.rsplit(None, 1)[-1].lower() if text.strip() else ""


IMPLIED_TAIL = re.compile(rf"\s+to\s+(?P<n>{NUM})(?!\s*(?:{UNIT}|%|percent)\b)(?![\w%])", re.IGNORECASE)
OF_AFTER = re.compile(r"\s+of\s+")
OF_WORD_AFTER = re.compile(r"\s+of\s+(?:the\s+)?\w+")


@lru_cache(maxsize=16)
def _sentence_words(sentence: str) -> tuple[bool, bool, bool, bool, bool]:
    """What the percent rule asks of the whole sentence, read once per sentence, not once per figure:
    (incidence, each year, composition, prevalence verb, "prevalence")."""
    lower = sentence.lower()
    return (
        bool(re.search(r"\bincidence\b|\bnew cases\b", lower)),
        bool(re.search(r"\b(?:each|every|a|per) year\b|\bannually\b", lower)),
        bool(re.search(r"\bmade up of\b|\bcomposed of\b|\bconsists? of\b|\bcontains?\b", lower)),
        bool(
            re.search(
                r"\b(?:get|gets|have|has|had|experience[sd]?|develop(?:s|ed)?|report(?:s|ed)?|suffer(?:s|ed)?|affect|affects|affecting|affected|live with|are diagnosed|prevalence)\b",
                lower,
            )
        ),
        "prevalence" in lower,
    )


@lru_cache(maxsize=16)
def _liquid(sentence: str) -> bool:
    return bool(LIQUID.search(sentence))


def _percent_measure(sentence: str, after: int) -> str:
    incidence, yearly, composition, prevalence_verb, prevalence = _sentence_words(sentence)
    if incidence or (OF_AFTER.match(sentence, after) and yearly):
        return "incidence"  # "50% of runners are injured each year": new cases over a period
    if composition:
        return "composition"
    if OF_WORD_AFTER.match(sentence, after) or re.search(r"\bof\s+\w+", sentence[after : after + 40]):
        if prevalence_verb:
            return "prevalence"
    if prevalence:
        return "prevalence"
    return "proportion"


@lru_cache(maxsize=16)
def _ratio_measure(sentence: str) -> str:
    lower = sentence.lower()
    if re.search(r"\bodds\b", lower):
        return "odds-ratio"
    if re.search(r"\blikely\b|\brisk\b|\bchance\b", lower):
        return "risk-ratio"
    return "rate"
