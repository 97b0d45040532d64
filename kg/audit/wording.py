"""What the audit reads in an article's own words before it calls a figure uncited: words that hold a number but
state no amount (the length of a day, an age, a significance threshold), a figure inside a named person's quote, a
report the page names as the source of its findings, and the section heading a figure stands under.

Ingest drafts some of these as statistics (``kg/ingest/quantities.py``); the audit does not call them uncited study
results. Every pattern is bounded: it reads a fixed window of text around an offset, never the whole page."""

from __future__ import annotations

import bisect
import re

#: "24 hours", "24-hour": the length of a day, which is a figure only where it is what something was found to last
_DAY = re.compile(r"(?<![\d.,])24[\s-]?(?:hours?|hrs?|h)\b|\b24/7\b", re.IGNORECASE)
#: ... "our 24 hour day-night rhythm", "a 24-hour light-dark rhythm" (the day itself), "a 24-hour (staffed) hotline"
#: (a service open round the clock)
_DAY_ITSELF = re.compile(
    r"^[\s-]{0,2}(?:[\w-]+\s{1,3}){0,2}?(?:days?|day-night|day-light|daylight|light-dark|night)\b"
    r"|^[\s-]{0,2}(?:[\w-]+\s{1,3}){0,2}?(?:hotline|helpline|help\s?line|phone\s?line|service|access|"
    r"coverage|support|care|staffing|emergency)\b",
    re.IGNORECASE,
)
#: ... the day a rhythm is set to: "to be in sync with a 24 hour rhythm", "to adjust its rhythm to follow exactly 24
#: hours", "synchronized to our 24 hour …" (what a clock is matched with, not what it was found to last)
_SYNCED_TO = re.compile(
    r"\b(?:in\s{1,3}sync\s{1,3}with|synchroni[sz](?:ed|es|e|ing)\s{1,3}(?:to|with)|entrain(?:ed|s|ing)?\s{1,3}to|"
    r"adjust(?:ed|s|ing)?\s{1,3}to|to\s{1,3}(?:follow|fit|match)|match(?:es|ed)?)\s{1,3}"
    r"(?:(?:exactly|precisely|a|an|the|our|their|its)\s{1,3}){0,2}$",
    re.IGNORECASE,
)
#: a period a measure is averaged over or a standard is set for: "24-hour average levels", "the 24-hour average for
#: the day", "the US 24-hour national ambient air quality standard", "an 8-hour mean" (how it is measured, no amount)
_PERIOD = re.compile(r"(?<![\d.,])\d{1,3}[\s-]?(?:hours?|hrs?|h|days?|minutes?|mins?|years?)$", re.IGNORECASE)
_AVERAGED = re.compile(
    r"^[\s-]{0,2}(?:[\w-]+\s{1,3}){0,4}?(?:average|mean|median|maximum|standard|guideline|limit)s?\b", re.IGNORECASE
)
#: a sentence that defines a word: "from the Latin circa and dies (meaning about and day), is a rhythm of about 24 hours"
_DEFINITION = re.compile(
    r"\b(?:meaning|is\s{1,3}defined\s{1,3}as|refers?\s{1,3}to|from\s{1,3}the\s{1,3}(?:Latin|Greek)|"
    r"is\s{1,3}called|stands\s{1,3}for)\b",
    re.IGNORECASE,
)
#: words that name a period or a rhythm without an amount: "daily, monthly", "the past decades"
_PERIOD_WORDS = {
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "annual",
    "annually",
    "hourly",
    "nightly",
    "the",
    "past",
    "last",
    "recent",
    "few",
    "several",
    "many",
    "decade",
    "decades",
    "century",
    "centuries",
    "years",
    "months",
    "weeks",
    "days",
    "and",
    "or",
    "a",
    "in",
}
#: an age that says who a sentence is about: "ages 18 and older", "aged 65+", "18 years or older", "a 28-year-old",
#: "between 15 and 51 years of age"
_AGE = re.compile(
    r"\bage[sd]?\s{1,3}\d{1,3}\s{0,3}(?:\+|and\s|or\s|to\s|through\s|[-–])"
    r"|\b\d{1,3}\s{0,3}(?:years?\s{1,3}(?:of\s{1,3}age\s{1,3})?)?(?:and|or)\s{1,3}(?:older|over|above|younger|under)\b"
    r"|\b\d{1,3}[\s-]years?[\s-]old\b"
    r"|\b\d{1,3}\s{0,3}years?\s{1,3}of\s{1,3}ages?\b",  # "between 15 and 51 years of age(s)"
    re.IGNORECASE,
)
#: an age band that bounds a group ("participants over age 18", "recipients under the age of 5"): a trial's
#: eligibility, the band of one of its groups, a risk group's cut-off; no figure when it is the figure itself (the
#: share beside it, "a quarter of dogs over age 12", is still one)
_AGE_BAND = re.compile(
    r"\b(?:over|under|above|below|older\s{1,3}than|younger\s{1,3}than)\s{1,3}(?:the\s{1,3})?ages?\s{1,3}"
    r"(?:of\s{1,3})?\d{1,3}\b(?![.,]?\d|%)",
    re.IGNORECASE,
)
#: a share or an amount a rule sets, after the words that set it: "a law mandating that 2 percent of corporate
#: profits go toward charity", "the regulation requires at least 30%" (a provision, not a measured result)
_PROVISION = re.compile(
    r"\b(?:law|laws|act|statute|regulations?|rules?|policy|policies|bill|ordinance|mandate)\b[^.;\n]{0,40}?"
    r"\b(?:mandat(?:es|ing|ed)|requir(?:es|ing|ed)|stipulat(?:es|ing|ed)|oblig(?:es|ing|ed))"
    r"\s{1,3}(?:that\s{1,3})?(?:at\s{1,3}least\s{1,3}|no\s{1,3}(?:more|less|fewer)\s{1,3}than\s{1,3})?$",
    re.IGNORECASE,
)
#: the interval of a schedule, after its duration: "two injections (3 or 4 weeks apart)", "doses given 21 days apart"
_APART = re.compile(r"\s{0,3}apart\b(?!\s{1,3}from\s{1,3}(?!one\s{1,3}another|each\s{1,3}other))", re.IGNORECASE)
#: a duration or a range of them: "21 days", "3 or 4 weeks", "two to three months"
_INTERVAL = re.compile(
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
    r"(?:\s{0,2}(?:or|to|-|–)\s{0,2}(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3}))?"
    r"[\s-]{1,3}(?:hours?|days?|weeks?|months?|years?)",
    re.IGNORECASE,
)
#: an age as the horizon or the point of another figure: "$20,727/child by age 18", "at age 65", "until the age of 5"
_AGE_POINT = re.compile(
    r"\b(?:by|until|till|before|after|from|at)\s{1,3}(?:the\s{1,3})?age\s{1,3}(?:of\s{1,3})?\d{1,3}(?![\d%])",
    re.IGNORECASE,
)
#: a person described by a measure set before the word for them, as an age is ("a 28-year-old"): "a 154-pound
#: (70-kilogram) 40-year-old man", "a 70-kg adult" (a reference person of a formula or an example, not an amount)
_PERSON_MEASURE = re.compile(
    r"\b\d{1,3}(?:\.\d)?[\s-](?:pound|lb|kilogram|kg|stone|foot|feet|inch|cm|centimet(?:er|re))s?"
    r"(?:\s\([^()\n]{1,30}\))?(?:\s\d{1,3}-years?-old)?\s(?:man|woman|person|adult|child|boy|girl|patient|male|female)\b",
    re.IGNORECASE,
)
#: the name a news page gives an age after, between commas: "Eloise Parry, 21, was taken to hospital"
_NAME_BEFORE_AGE = re.compile(r"\b[A-Z][a-z'’-]{1,30}(?:\s{1,2}[A-Z][a-z'’-]{1,30}){0,2},\s{1,2}$")
#: a significance level or a P value: it qualifies another figure, it is never the figure to source
_P_VALUE = re.compile(r"^\s*\(?\s*p\s{0,2}(?:[<>=≤≥]|value)", re.IGNORECASE)
#: a threshold of an income scale: "below 100% of the federal poverty level"
_POVERTY = re.compile(
    r"^\s{0,3}(?:of\s{1,3}(?:the\s{1,3})?)?(?:federal\s{1,3})?(?:poverty|FPL\b|area\s{1,3}median)", re.IGNORECASE
)
#: a constraint of a method: "normalised to sum to 100%", "adds up to 100%"
_SUMS_TO = re.compile(
    r"\b(?:sums?|summing|add(?:s|ed|ing)?\s{1,3}up|totals?|totalling|totaling)\s{1,3}to\s{1,3}$", re.IGNORECASE
)
#: a place in a sequence: "the second half of", "the first quarter of"
_POSITION = re.compile(r"\b(?:first|second|last|latter|other|final|third|fourth)\s{1,3}$", re.IGNORECASE)
_PART = re.compile(r"^(?:half|quarter|third|fifth|decile|quartile|tertile)$", re.IGNORECASE)
#: "this corresponds to roughly ~1 mutation per 1,000 bases": the text's own arithmetic on figures it has given
_DERIVED = re.compile(
    r"\b(?:this|which|that|it)\s{1,3}(?:corresponds|works\s{1,3}out|amounts|translates|equates|comes\s{1,3}out)"
    r"\s{1,3}to\b[^.;!?]{0,30}$|\bthis\s{1,3}(?:means|is\s{1,3}equivalent\s{1,3}to)\b[^.;!?]{0,30}$",
    re.IGNORECASE,
)
#: a threshold that says who is meant: "people with a circadian rhythm longer than 24 hours", "people with a BMI
#: over 30" (the group's defining bound, like an age; the figures said about the group stay figures)
_GROUP = re.compile(
    r"\b(?:people|persons|individuals|patients|adults|children|women|men|those|someone|anyone)\s{1,3}"
    r"(?:with|whose|who\s{1,3}have)\s{1,3}(?:(?:a|an|the|their)\s{1,3})?(?:[\w-]+\s{1,3}){0,3}?(?:is\s{1,3}|are\s{1,3})?$",
    re.IGNORECASE,
)
_BOUND = re.compile(
    r"^(?:longer|shorter|more|less|fewer|greater|higher|lower|over|under|above|below|at\s+least|at\s+most)\b",
    re.IGNORECASE,
)
#: "a quarter of a million adults": a count, not a share
_OF_A_COUNT = re.compile(r"^\s{1,3}of\s{1,3}a\s{1,3}(?:million|billion|thousand|hundred)\b", re.IGNORECASE)
#: a loose span in words, with no number: "just a few days", "for decades", "about a day", "a day or two"
_LOOSE_SPAN = re.compile(
    r"(?:(?:just|only|about|around|almost|nearly|over|for|in|within)\s{1,3})?"
    r"(?:(?:a\s{1,3}(?:few|couple\s{1,3}of)|several|many|some)\s{1,3})?(?:an?\s{1,3})?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))(?:\s{1,3}or\s{1,3}two)?",
    re.IGNORECASE,
)
#: a time limit set as a condition: "requires a doctor predict the person will die within 6 months", "illnesses did not
#: result in death within six months" (a prediction, a requirement or a negation in its clause: the terms of a
#: definition, such as terminal illness), not an amount; "symptoms start within 3 days" asserts one and stays a figure
_WITHIN = re.compile(r"\bwithin\s{1,3}$", re.IGNORECASE)
_CONDITION = re.compile(
    r"\b(?:predict\w{0,4}|expect\w{0,4}|requir\w{0,4}|eligib\w{0,6}|defin\w{0,6}|qualif\w{0,6}|will|would|"
    r"must|if|unless|not|never)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})[\s-]{1,3}"
    r"(?:hours?|days?|weeks?|months?|years?)",
    re.IGNORECASE,
)
#: the window a count or a survey covers: "in the 30 days prior to symptom onset", "during the 12 months before"
_WINDOW = re.compile(r"\b(?:in|during|within|over)\s{1,3}the\s{1,3}$", re.IGNORECASE)
_BEFORE_EVENT = re.compile(r"^\s{1,3}(?:prior\s{1,3}to|before|preceding)\b", re.IGNORECASE)
#: a definition's terms: "Cannabis use disorder is where a person's use … over the course of 12 months"
_OVER_WINDOW = re.compile(
    r"\b(?:over\s{1,3}the\s{1,3}course\s{1,3}of|over\s{1,3}a\s{1,3}period\s{1,3}of)\s{1,3}$", re.IGNORECASE
)
_DEFINES = re.compile(
    rf"\b(?:is|are)\s{{1,3}}(?:where|when)\s{{1,3}}a\b|{_DEFINITION.pattern}",
    re.IGNORECASE,
)
#: "one of the four studies": which member of a set, not a share of it
_MEMBER = re.compile(r"^(?:one|two|three|each|any)\s+of\s+the\s+\w+\s+\w+", re.IGNORECASE)


#: a count of people, cases or deaths large enough to be a population figure: "over 181,000 people", "nearly 7.3
#: million adults", "up to 12 million people", "a few hundred cases per year", "some 27 000 Fijians" (digits grouped by
#: a space, as SI and ISO 80000 write them, and the WHO's Bulletin with them) (not "4 causes", "12 states", "millions")
_LARGE = re.compile(
    r"\d[\d,.]{0,12}\s{0,2}(?:million|billion|thousand)\b|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+\b|\d{4,}"
    r"|\b(?:a\s{1,3}few|several|many)\s{1,3}hundred\b",
    re.IGNORECASE,
)
_PEOPLE_WORDS = (
    r"(?:people|persons|adults|children|women|men|patients|residents|individuals|cases|deaths|infections|"
    r"infected|died|killed|lives|Americans|veterans|students|workers|births"
    # the people of a nation, by its demonym: "Fijians", "Brazilians", "Europeans"
    r"|(?-i:[A-Z][a-z]{2,20}(?:ians|eans|ans)))"
)
#: the noun a count counts, in the figure or within three words after it ("181,000 people with disabilities")
_COUNTED = re.compile(rf"\b{_PEOPLE_WORDS}\b", re.IGNORECASE)
_COUNTED_AFTER = re.compile(rf"[\s,]{{0,3}}(?:[\w/'’\-]{{1,30}}\s{{1,3}}){{0,3}}?{_PEOPLE_WORDS}\b", re.IGNORECASE)


def population_count(stated_as: str, text: str) -> bool:
    """Whether a drafted count is a population figure owed a source (a large count of people, cases or deaths), not
    an enumeration ("4 causes") or an amount of something else ("12 states", "$7.7 million", "killed millions")."""
    at = locate(stated_as, text)
    before = text[max(0, at - 12) : at] if at >= 0 else ""  # "a few " before a drafted "hundred cases"
    if "$" in stated_as or not _LARGE.search(before + stated_as) or re.fullmatch(r"(?:19|20)\d{2}", stated_as.strip()):
        return False
    after = text[at + len(stated_as) : at + len(stated_as) + 60] if at >= 0 else ""
    return bool(_COUNTED.search(stated_as) or _COUNTED_AFTER.match(after))


def locate(stated_as: str, text: str) -> int:
    """Where ``stated_as`` stands in ``text`` as words of their own ("24 hour" in "a 24 hour rhythm", not inside an
    earlier "24 hours"); the first occurrence where it never stands alone; -1 where it is not there."""
    found = re.search(rf"(?<![\w.,]){re.escape(stated_as)}(?![\w])", text) if stated_as else None
    return found.start() if found else text.find(stated_as)


#: the text describing its own plot: "the time period in the plot (about 6 weeks)"
_IN_THE_PLOT = re.compile(
    r"\b(?:in|of|on|across)\s{1,3}the\s{1,3}(?:plot|figure|graph|chart|map|table)\s{0,3}\(?\s{0,3}$", re.IGNORECASE
)
#: a share price's move: "shares were up 22.6 percent at $4.28", "the stock fell 5%", "Shares of Evofem Biosciences Inc
#: jumped as much as 38 percent" (market data a wire reports itself; the company's name, up to six capitalised words,
#: between: not "the share of patients who relapsed fell")
_MARKET = re.compile(
    r"\b(?:(?:shares|stock)\s{1,3}of\s{1,3}(?:(?-i:[A-Z])[\w.&'’\-]{0,30}\s{1,3}){1,6}?|"
    r"(?:shares?|stocks?|share\s{1,3}price|index)\s{1,3})"
    r"(?:were|was|are|is|had|have)?\s{0,3}"
    r"(?:up|down|rose|fell|climbed|jumped|gained|lost|dropped|slid|surged|tumbled)\b[^.\n]{0,20}$",
    re.IGNORECASE,
)
#: a normal or reference range, a textbook value given to explain: "within the normal range of 3.5 to 4.5", "normal
#: levels of 70 to 100" (the range a laboratory reports results against, not a finding)
_NORMAL_RANGE = re.compile(
    r"\b(?:normal|reference|healthy)\s{1,3}(?:range|levels?|values?)\s{1,3}(?:is\s{1,3}|are\s{1,3}|of\s{1,3}|between\s{1,3})"
    r"(?:about\s{1,3}|around\s{1,3}|roughly\s{1,3})?$",
    re.IGNORECASE,
)
#: an example a parenthesis gives to explain a term: "(e.g. a 2-point shift on the WHO ordinal scale)", "(for example,
#: an 18-month follow-up)": one instance, picked to illustrate, not a finding
_EXAMPLE = re.compile(r"\(\s{0,2}(?:e\.\s?g\.|for\s{1,3}example),?\s{1,3}(?:an?\s{1,3})?$", re.IGNORECASE)
#: a share of a size an object is compared with: "about a third of the area of a U.S. penny"
_SIZE_OF = re.compile(
    r"^\s{1,3}(?:of\s{1,3})?(?:the\s{1,3})?(?:area|size|width|length|height|weight|diameter|thickness|volume)\s{1,3}of\s",
    re.IGNORECASE,
)


def not_a_figure(stated_as: str, text: str) -> str | None:
    """Why ``stated_as`` (as it stands in ``text``) states no amount a source is owed for, or None."""
    words = re.findall(r"[A-Za-z]+", stated_as.lower())
    if (
        not re.search(r"\d", stated_as)
        and words
        and all(w in _PERIOD_WORDS for w in words)
        and not {"few", "several"} & set(words[:1])
    ):
        return "it names a period or a rhythm, not an amount"
    if _LOOSE_SPAN.fullmatch(stated_as.strip()):
        return "it is a loose span in words (a few days, decades), not a measured amount"
    if _P_VALUE.match(stated_as):
        return "a P value or significance level qualifies another figure"
    if _MEMBER.match(stated_as):
        return "it says which member of a set, not a share of it"
    at = locate(stated_as, text)
    if at < 0:
        return None
    around = text[max(0, at - 30) : at + len(stated_as) + 30]
    if _AGE.search(around) and _AGE.search(text[max(0, at - 8) : at + len(stated_as) + 20]):
        return "it is an age that says who is meant"
    bands = _AGE_BAND.finditer(text, max(0, at - 30), at + len(stated_as) + 2)
    if any(b.start() <= at + 1 and b.end() >= at + len(stated_as.rstrip()) for b in bands):
        return "it is an age that says who is meant"
    if _PROVISION.search(text[max(0, at - 90) : at]):
        return "it is what a law or a rule sets (a provision), not a measured amount"
    if _INTERVAL.fullmatch(stated_as.strip()) and _APART.match(text, at + len(stated_as)):
        return "it is the interval of a schedule (doses given weeks apart), a design fact, not an amount"
    point = _AGE_POINT.search(text, max(0, at - 20), at + len(stated_as) + 2)
    if point and point.start() <= at and point.end() >= at + len(stated_as):
        return "it is the age by which another figure is counted, not an amount"
    person = _PERSON_MEASURE.search(text, max(0, at - 4), at + len(stated_as) + 60)
    if person and person.start() <= at < person.end():
        return "it describes the person meant (a reference person's weight or height, as an age does), not an amount"
    after, before = text[at + len(stated_as) : at + len(stated_as) + 40], text[max(0, at - 40) : at]
    if re.fullmatch(r"\d{1,3}", stated_as.strip()) and after.startswith(",") and _NAME_BEFORE_AGE.search(before):
        return "it is the age of the person it follows ('Eloise Parry, 21,'), not an amount"
    if (day := _DAY.search(stated_as)) and (
        _DAY_ITSELF.match(after)
        or _DAY_ITSELF.match(stated_as[day.end() :])
        or _DEFINITION.search(text[max(0, at - 160) : at])
        or _SYNCED_TO.search(before)
    ):
        return "24 hours is the length of a day here (the day itself, the day a rhythm is set to, a service round the clock, a definition)"
    if _PERIOD.match(stated_as.strip()) and _AVERAGED.match(after):
        return "it is the period a measure is averaged over or a standard is set for (a 24-hour average), not an amount"
    clause = re.split(r"[,;:]", text[max(0, at - 80) : at])[-1]
    if _DURATION.fullmatch(stated_as.strip()) and _WITHIN.search(before) and _CONDITION.search(clause):
        return "it is a time limit set as a condition (will die within six months), not an amount"
    if _DURATION.fullmatch(stated_as.strip()) and _WINDOW.search(before) and _BEFORE_EVENT.match(after):
        return "it is the window the data cover (in the 30 days prior to symptom onset), not an amount"
    sentence = re.split(r"(?<=[.!?])\s|\n", text[max(0, at - 200) : at])[-1]
    if _DURATION.fullmatch(stated_as.strip()) and _OVER_WINDOW.search(before) and _DEFINES.search(sentence):
        return "it is the time window in the terms of a definition (… is where … over the course of 12 months)"
    if stated_as.rstrip().endswith(("%", "percent")) and _POVERTY.match(after):
        return "it is a threshold of the poverty scale"
    if _BOUND.match(stated_as.strip()) and _GROUP.search(text[max(0, at - 80) : at]):
        return "it is the bound that says which people are meant"
    if _DERIVED.search(text[max(0, at - 70) : at]):
        return "it is the text's own arithmetic on figures it has given (“this corresponds to …”)"
    if _SUMS_TO.search(before):
        return "it is what the parts sum to, a method's constraint"
    if _OF_A_COUNT.match(after):
        return "it is part of a count (a quarter of a million)"
    if _PART.match(stated_as.strip()) and _POSITION.search(before):
        return "it says which part (the second half of …), not an amount"
    if _IN_THE_PLOT.search(before):
        return "it says what the text's own plot or table shows (the period in the plot), not a finding"
    if _MARKET.search(text[max(0, at - 120) : at]):
        return "it is a share price's move, market data, not a study result"
    if _EXAMPLE.search(before):
        return "it is an example a parenthesis gives to explain a term (e.g. a 2-point shift), not a finding"
    if _NORMAL_RANGE.search(before):
        return "it is the normal (reference) range a measurement is read against, a textbook value, not a finding"
    if _SIZE_OF.match(after):
        return "it compares an object's size with another's (a third of the area of a penny), not a study result"
    return None


#: "…,” said NCD Vice Chair Emily Voorde": a speaker named after a quotation (title words, then a name)
_SAID = re.compile(
    r"[\"”],?\s{0,3}(?:said|says|added|explained|noted)\s{1,3}((?:[A-Z][\w.'’\-]*\s{1,3}){0,5}[A-Z][\w'’\-]+)"
)
_QUOTES = re.compile(r"[\"“”]")


def quoted_speaker(text: str, start: int | None, end: int | None = None) -> str | None:
    """The person named as the speaker of the quotation a claim stands in ("“…90 percent…,” said NCD Vice Chair
    Emily Voorde"), when the claim lies between quotation marks of a paragraph that names its speaker with "said
    <Title> <Name>"; None otherwise. Only the claim's own paragraph (at most 3,000 characters either side) is read."""
    if not text or start is None:
        return None
    left, right = paragraph_bounds(text, start, end)
    own, at = text[left:right], start - left
    # inside a quotation: an odd number of quotation marks before it (the claim's own opening mark included)
    if len(_QUOTES.findall(own[: at + 1 if own[at : at + 1] in '"“' else at])) % 2 == 0:
        return None
    names = [m.group(1) for m in _SAID.finditer(own)]
    return names[-1].strip() if names else None


#: a quotation credited to people the text has already named, by a pronoun or their role: "“…,” they wrote", "“…,” the
#: researchers said"
_SAID_BY_THEM = re.compile(
    r"[\"”],?\s{0,3}(?:they|he|she|the\s{1,3}(?:researchers|authors|investigators|scientists|study['’]s\s{1,3}authors))"
    r"\s{1,3}(?:wrote|write|writes|said|say|says|added|explained|noted|concluded|continued)\b",
    re.IGNORECASE,
)


def quoted_by_them(text: str, start: int | None, end: int | None = None) -> str | None:
    """The words crediting the quotation a claim stands in to people the text has named before ("“…,” they wrote"),
    where the claim lies inside quotation marks of its paragraph and the paragraph credits a quotation so; None
    otherwise."""
    if not text or start is None:
        return None
    # the claim's own opening mark counts: a claim may begin at it
    if not in_quotation(text, start + 1 if text[start : start + 1] in '"“' else start):
        return None
    found = _SAID_BY_THEM.search(paragraph(text, start, end))
    return found.group(0).lstrip('"”, ') if found else None


def in_quotation(text: str, start: int) -> bool:
    """Whether ``text[start]`` stands inside a quotation of its paragraph: an odd number of quotation marks before it."""
    left, _ = paragraph_bounds(text, start)
    return len(_QUOTES.findall(text, left, start)) % 2 == 1


#: "released a comprehensive report …, finding", "releases the results of a … study", "key findings (of the
#: report) include": the page names the report its figures come from
_NAMED_REPORT = re.compile(
    r"\b(?:released?s?|publish(?:ed|es)|issued?s?)\s{1,3}(?:the\s{1,3}results\s{1,3}of\s{1,3})?(?:a|an|the|its|their)\s{1,3}"
    r"(?:[\w'’\-]+\s{1,3}){0,4}?(?:report|study|analysis|survey|review)\b"
    r"|\bkey\s{1,3}findings\s{1,3}(?:of\s{1,3}(?:the|this)\s{1,3}(?:report|study)\s{1,3})?include\b"
    r"|\b(?:the|this|our)\s{1,3}report\s{1,3}(?:found|finds|shows|showed|examined)\b"
    # news of one study: "the findings were published in the journal Current Biology", "In the study, published in …"
    r"|\b(?:findings|results|study|paper|research)\b[^.\n]{0,80}?\bpublished\s{1,3}(?:online\s{1,3}|today\s{1,3}(?:\([^()\n]{0,30}\)\s{1,3})?)?in\s{1,3}(?:the\s{1,3})?(?:journal\s{1,3})?\w",
    re.IGNORECASE,
)


def named_report(text: str) -> tuple[int, str] | None:
    """Where the page first names the report whose findings it gives, and the words that name it; None if it
    does not."""
    m = _NAMED_REPORT.search(text or "")
    return (m.start(), m.group(0)) if m else None


#: headings of a research report's own parts: what stands under them is the authors' method or result
_RESEARCH_HEADING = re.compile(
    r"(?:abstract|methods?|materials\s+and\s+methods|results?|findings|data\s+and\s+methods|"
    r"data\s+sources?|discussion|conclusions?|analysis|study\s+design|limitations|highlights|"
    r"action|evaluation(?:\s+and\s+statistical\s+analysis)?|statistical\s+analysis|patients\s+and\s+methods|"
    r"case\s+(?:presentation|report|description|history|summary)|presentation\s+of\s+(?:the\s+)?case)",
    re.IGNORECASE,
)
#: headings of the parts that are not the authors' own work: the figures there come from elsewhere
_OTHER_HEADING = re.compile(
    r"(?:background|introduction|references?|acknowledge?ments?|abbreviations|competing\s+interests|"
    r"author(?:s’|s'|s)?\s+contributions|funding|notes?)",
    re.IGNORECASE,
)
_LINE = re.compile(r"^[ \t]{0,4}(?:#{1,6}[ \t]{0,4})?([^\n•*]{2,60}?)[ \t]*:?[ \t]*$", re.MULTILINE)


def research_sections(text: str) -> list[tuple[int, str | None]]:
    """The part headings of the text in order: (offset, the research-report heading, or None for another part
    heading such as "Background"). Read once per article (``research_section`` looks a figure up in it)."""
    marks: list[tuple[int, str | None]] = []
    for m in _LINE.finditer(text or ""):
        line = m.group(1).strip()
        if _RESEARCH_HEADING.fullmatch(line):
            marks.append((m.start(), line))
        elif _OTHER_HEADING.fullmatch(line):
            marks.append((m.start(), None))
    return marks


def research_section(marks: list[tuple[int, str | None]], start: int | None) -> str | None:
    """The research-report heading ("Results", "Data and Methods", "Highlights") that a figure at ``start`` stands
    under: a descriptive subheading ("Pre-screening rates …") stays under the last part heading above it. None
    where the last part heading above it is another one ("Background"), or there is none."""
    if start is None:
        return None
    at = bisect.bisect_right(marks, start, key=lambda mark: mark[0])
    return marks[at - 1][1] if at else None


_CAPTION = re.compile(
    r"[ \t>*_]{0,6}(?:<(?:b|strong|em|i|p)>[ \t]{0,2}){0,2}(?:Figure|Fig\.|Table)\s{0,2}\d{1,3}[A-Za-z]?\s{0,2}[.:|]",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]|\b(?:adapted|reproduced|redrawn|modified)\s{1,3}from\b|\bsource:|\bcourtesy\s{1,3}of\b",
    re.IGNORECASE,
)


#: a picture's credit on its own short line under its caption: "Courtesy of Andrew Vaughan", "Photo: Jane Doe",
#: "Illustration by …", "Image credit: …" (not "Source:", which may name a reference)
_IMAGE_CREDIT = re.compile(
    r"(?:courtesy\s{1,3}of|(?:photo(?:graph)?|image|illustration|video)(?:\s{1,3}credit)?\s{0,2}(?::|\s{1,3}by\b)"
    r"|credit\s{0,2}:)[^\n]{1,80}(?:\n|$)",
    re.IGNORECASE,
)


_LETTER_PART = re.compile(r"[ \t]{0,4}\(?[A-Ha-h][:.)]\s")


def _paragraph_before(text: str, begin: int) -> int:
    """Where the paragraph before the one starting at ``begin`` starts (blank lines skipped)."""
    return text.rfind("\n", 0, len(text[:begin].rstrip())) + 1


def caption(text: str, start: int | None) -> str | None:
    """ "credited" where a figure stands in a figure or table caption that credits its source ("Figure 1 … adapted
    from Circadian Rhythms in Man [1]"), "caption" in a caption that credits none, None outside a caption. The
    caption is the paragraph that opens with "Figure N." and its letter parts ("B: …") in the paragraphs after it."""
    if not text or start is None:
        return None
    end = text.find("\n", start, start + 4000)
    end = end if end >= 0 else min(len(text), start + 4000)
    begin = text.rfind("\n", max(0, start - 4000), start) + 1
    below = text[end : end + 200]
    if _IMAGE_CREDIT.match(text, end + len(below) - len(below.lstrip())):
        # a paragraph a picture credit closes ("Courtesy of Andrew Vaughan", "Photo: …"): a web page's caption, whose
        # "Figure N." the page does not print; the credit names who made the image, not a reference
        return "caption"
    for _ in range(4):  # the claim's paragraph, then back over at most three letter parts
        if _CAPTION.match(text, begin):
            return "credited" if _CREDIT.search(text, begin, end) else "caption"
        if begin == 0 or not _LETTER_PART.match(text, begin):
            return None
        begin = _paragraph_before(text, begin)
    return None


#: what in a paragraph may be a citation the draft did not read: a marker ("[3]", "⁴", "(12)"), an address, a named
#: source ("according to", "a 2017 study", "the report", "published in"), or the authors' own voice ("we estimate")
#: a marker or a link of the text's own: "[3]", "[2, 5]", "⁴", "(12)", "(1-9)", an address, a DOI
_MARKER = (
    r"\[\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}\s{0,2}\]?|[¹²³⁴⁵⁶⁷⁸⁹⁰]"
    r"|\(\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,8}\s{0,2}\)|\bhttps?://|\bwww\.|\bdoi\b"
)
_MARKED = re.compile(_MARKER, re.IGNORECASE)
_CUE_LIKE = re.compile(
    _MARKER + r"|\baccording\s{1,3}to\b"
    r"|\b(?:study|studies|report|reports|reported|survey|surveys|trial|trials|paper|journal|published|publication|"
    r"analysis|review|data|estimates?|census|registry|statistics)\b"
    r"|\b(?:we|our)\b",
    re.IGNORECASE,
)


def marked(sentence: str) -> bool:
    """Whether a sentence carries a marker or a link of its own (``_MARKER``)."""
    return bool(_MARKED.search(sentence))


def cue_like(text: str, start: int | None, end: int | None = None) -> str | None:
    """The first thing in a figure's paragraph (at most 3,000 characters either side) that may be a cue the draft did
    not read as a citation (``_CUE_LIKE``), or None: where there is one, that the figure cites nothing is not
    certain, since a marker, a link or a named source may have been lost or not tied to the sentence."""
    m = _CUE_LIKE.search(paragraph(text, start, end))
    return m.group(0) if m else None


def paragraph_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """Where the paragraph (line) that holds the span begins and ends, at most 3,000 characters either side."""
    stop = end if end is not None else start
    left = text.rfind("\n", max(0, start - 3000), start) + 1
    right = text.find("\n", stop, stop + 3000)
    return left, right if right >= 0 else min(len(text), stop + 3000)


def paragraph(text: str, start: int | None, end: int | None = None) -> str:
    """The paragraph (line) that holds the span, at most 3,000 characters either side; "" where there is none."""
    if not text or start is None:
        return ""
    left, right = paragraph_bounds(text, start, end)
    return text[left:right]


#: a sentence that gives an example of what the one before it says: "For example, …", "For instance, …"
_FOR_EXAMPLE = re.compile(
    r"(?:for\s{1,3}(?:example|instance)|as\s{1,3}an\s{1,3}example|e\.g\.)\s{0,2},?", re.IGNORECASE
)
#: a sentence that names a work by its authors or by its year and kind: "A 2001 JAMA review article by Lee et al",
#: "Griffith et al (2003) found", "a 2019 study in Cell"
_WORK_BY_NAME = re.compile(
    r"\b[A-Z][\w'’\-]{1,30}\s{1,3}(?:et\s{1,3}al\b|and\s{1,3}colleagues\b)"
    r"|\b(?:19|20)\d{2}\s{1,3}(?:[A-Z][\w&]{1,20}\s{1,3}){0,3}(?:study|review|trial|report|paper|article|analysis|"
    r"survey|meta-analysis)\b",
)


def example_of_named_work(text: str, start: int | None) -> str | None:
    """The words by which the sentence before names a work, where the sentence at ``start`` opens by giving an
    example of what that one says ("For example, …" after "A 2001 JAMA review article by Lee et al … reaches the same
    conclusions"); None otherwise. Both sentences must stand in one paragraph."""
    if not text or start is None or not _FOR_EXAMPLE.match(text, start):
        return None
    begin = text.rfind("\n\n", max(0, start - 600), start)
    before = text[begin + 1 if begin >= 0 else max(0, start - 600) : start].rstrip()
    # the sentence before: from the last full stop that ends a sentence before it (not the one that ends it)
    cut = max(before.rfind(mark, 0, len(before) - 1) for mark in (". ", "? ", "! "))
    found = _WORK_BY_NAME.search(before[cut + 1 :] if cut >= 0 else before)
    return found.group(0) if found else None
