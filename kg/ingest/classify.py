"""Type a claim by transparent rules: each type has one rule, and every rule that fires is recorded.

- ``statistical``: the sentence states a percentage, a multiplier ("2.6 times") or a ratio ("1 in 4");
- ``association``: "more/less likely", "as likely", "associated with", "linked to", "correlated", "risk
  factor", "higher/greater/increased risk", "tend to", "more often than", "more common in";
- ``causal``: a causal verb ("causes", "leads to", "contributes to", "results in", "triggers", "irritates",
  "puts pressure on", "relieves", "prevents", "reduces", "increases", "lowers", "improves", "adds to", "ups
  the odds", "increases the risk"), "effect of/on", "due to", "because"; not "causes" as a noun ("4 causes",
  "causes of") and not an infinitive of purpose ("To prevent dehydration, …", "steps to prevent it"; but
  "does little to prevent" and "helps to prevent" are causal);
- ``recommendation``: the sentence opens with an imperative verb ("Try", "Keep", "Avoid", "Warm up",
  also after "But", "And", "Just", "First" …), or says "should", "can help", "(I/we) recommend", "advises", "it's important to", "make sure", "consider", "can be
  helpful", "is crucial", "I ask my patients to"; the whole sentence counts, tag included ("Dr. X
  recommends …"); a first word followed by "can", "is", "may" … is a noun, not an imperative ("Ice can …");
- ``expert-opinion``: the statement is attributed to a person;
- ``red-flag``: "see/call/seek a doctor … if", "seek medical care", "call 911", "go to the emergency
  room", or, under a heading such as "When to See a Doctor", "Red flags", "Warning signs", an item of its
  first list or a sentence that says when ("if") to see a doctor;
- ``marketing``: the publisher's products ("our app", "our gait analysis service"), calls to action ("Join",
  "Sign up", "Get started", "Start your …", "Download", "Free …"), coverage and cost ("$0", "free coverage", "covers our",
  "at no cost"), or the publisher's name with a product word (app, program, membership, platform);
- ``factual``: when no other rule fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IMPERATIVES = {
    "add",
    "adjust",
    "aim",
    "allow",
    "apply",
    "ask",
    "avoid",
    "be",
    "begin",
    "bend",
    "breathe",
    "bring",
    "build",
    "call",
    "change",
    "check",
    "choose",
    "consider",
    "consult",
    "continue",
    "cut",
    "do",
    "drink",
    "eat",
    "ease",
    "focus",
    "follow",
    "get",
    "give",
    "go",
    "hold",
    "ice",
    "increase",
    "keep",
    "know",
    "land",
    "learn",
    "let",
    "lie",
    "lift",
    "limit",
    "listen",
    "look",
    "lower",
    "maintain",
    "make",
    "move",
    "pay",
    "practice",
    "practise",
    "prioritize",
    "prioritise",
    "pull",
    "push",
    "put",
    "raise",
    "reduce",
    "relax",
    "remain",
    "remember",
    "repeat",
    "replace",
    "rest",
    "return",
    "ride",
    "run",
    "swim",
    "cycle",
    "note",
    "schedule",
    "see",
    "seek",
    "set",
    "shorten",
    "sit",
    "sleep",
    "slow",
    "squeeze",
    "stand",
    "start",
    "stay",
    "step",
    "stop",
    "strength",
    "strengthen",
    "stretch",
    "swap",
    "switch",
    "take",
    "talk",
    "tell",
    "think",
    "track",
    "train",
    "try",
    "turn",
    "use",
    "vary",
    "wait",
    "walk",
    "warm",
    "wear",
    "work",
    "don't",
    "don’t",
    "never",
    "always",
    "please",
}
#: a word after the first that shows it was a noun, not an imperative ("Ice can ease pain", "Rest is …")
NOT_AFTER_IMPERATIVE = {
    "can",
    "could",
    "is",
    "are",
    "was",
    "were",
    "may",
    "might",
    "should",
    "will",
    "would",
    "has",
    "have",
    "had",
    "helps",
    "does",
    "did",
    "must",
    "also",
    "alone",
    "itself",
}
ASSOCIATION = re.compile(
    r"\b(?:more|less) likely\b|\bassociated with\b|\blinked (?:to|with)\b|\bcorrelat\w+|\brisk factors?\b|"
    r"\b(?:higher|greater|increased|lower|reduced) (?:risk|odds|rates?|chances?)\b|\btend to\b|\bat (?:higher|greater|increased) risk\b|"
    r"\bas likely\b|\b(?:more|less) often than\b|\bmore common (?:in|among)\b",
    re.IGNORECASE,
)
CAUSAL = re.compile(
    r"\b(?:causes?|caused|causing|leads? to|led to|contribut(?:es|ed|ing)? to|contribute to|results? in|resulted in|"
    r"due to|because|triggers?|triggered|irritates?|put(?:s|ting)? (?:more )?pressure|relieves?|relieved|"
    r"prevents?|prevented|reduces?|reduced|ups the odds|increases? the (?:risk|odds|chance)|helps? (?:to )?(?:prevent|reduce|relieve|absorb)|"
    r"can affect|speeds? up|worsens?|makes? it hard|increases|increased|decreases|decreased|raises|raised|lowers|lowered|"
    r"improves|improved|adds? to|effects? (?:of|on)|can (?:ease|worsen|strain)|(?:may|can|could|will|helps?) speed)\b",
    re.IGNORECASE,
)
PURPOSE_OPENING = re.compile(r"^\W*(?:to|in order to) (?:prevent|reduce|relieve|avoid|help)\b[^,]*,", re.IGNORECASE)
RECOMMENDATION = re.compile(
    r"\b(?:should|shouldn[’']t|we recommend|i recommend|recommend(?:s|ed)?|advises?|advised|can help|may help|"
    r"it[’']s important to|it is important to|make sure|be sure to|try to|consider|can be helpful|may (?:also )?be helpful|"
    r"is crucial|are crucial|is key|is essential|check with|consult|talk to your doctor|i (?:ask|tell|advise|encourage) (?:my )?(?:patients|clients|runners))\b",
    re.IGNORECASE,
)
RED_FLAG_OTHER = (
    r"\bseek (?:immediate |emergency |urgent |prompt )?(?:medical )?(?:care|attention|help|treatment)\b|\bcall 911\b|"
    r"\bgo to (?:the|an) (?:er|emergency room|emergency department)\b|\bmedical emergency\b"
)
RED_FLAG = re.compile(
    r"\b(?:see|call|seek|visit)\s+(?:a|your)\s+(?:doctor|physician|healthcare provider|provider|gp)\b.*\bif\b|"
    r"\bif\b.*\b(?:see|call|seek|visit)\s+(?:a|your)\s+(?:doctor|physician|healthcare provider|gp)\b|" + RED_FLAG_OTHER,
    re.IGNORECASE,
)
#: RED_FLAG without its two "if" rules (whose ".*" rescans the sentence from every start): for sentences without "if"
RED_FLAG_WITHOUT_IF = re.compile(RED_FLAG_OTHER, re.IGNORECASE)
IF = re.compile(r"\bif\b", re.IGNORECASE)
RED_FLAG_SECTION = re.compile(
    r"when to (?:see|call|seek|visit|contact|talk to)|red flags?|warning signs?|when to worry|seek (?:medical )?(?:care|help)",
    re.IGNORECASE,
)
MARKETING = re.compile(
    r"\bour (?:[\w-]+\s+){0,2}(?:app|program|programme|platform|service|services|team|experts|members|membership|product|products|coaches|care team)\b|"
    r"^\W*(?:join|sign up|get started|start your|download|subscribe|try .* free|book a|schedule a free|free)\b|"
    r"\$0\b|\bfree coverage\b|\bcovers? our\b|\bat no cost\b|\bno cost to you\b|\bcost to you\b|\bfor free\b|"
    r"\bcheck if (?:you qualify|your employer|your health plan)\b|\bsee if you qualify\b",
    re.IGNORECASE,
)
PRODUCT = r"(?:app|program|programme|platform|membership|coaching|members|care team)"
STATISTICAL_UNITS = {"percent", "times", "ratio"}


@dataclass
class Typing:
    types: list[str]
    rules: list[str]  # "type: why", one per rule that fired
    confidence: float


NOUN_CAUSES_BEFORE = re.compile(
    r"(?:\b(?:the|many|most|main|common|possible|other|these|those|different|several|some|top|key|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)$",
    re.IGNORECASE,
)


NOUN_OF_AFTER = re.compile(r"\s+of\b")
TO_BEFORE = re.compile(r"\bto\s+$")
HELPS_TO_BEFORE = re.compile(r"\b(?:helps?|helped|little|nothing|much|fails?|failed)\s+to\s+$")
#: the ``$``-anchored rules look this far back from a match (not at the whole sentence before it: linear time)
LOOK_BACK = 200


def _causal(sentence: str):
    """The first causal wording that is not a noun ("4 causes", "causes of") or a purpose ("to prevent")."""
    purpose = PURPOSE_OPENING.match(sentence)
    for m in CAUSAL.finditer(sentence):
        word = m.group().lower()
        if purpose and m.start() < purpose.end():
            continue
        back = max(0, m.start() - LOOK_BACK)
        if word.startswith("cause") and (
            NOUN_OF_AFTER.match(sentence, m.end()) or NOUN_CAUSES_BEFORE.search(sentence, back, m.start())
        ):
            continue
        if TO_BEFORE.search(sentence, back, m.start()) and not HELPS_TO_BEFORE.search(sentence, back, m.start()):
            continue  # "steps you can take to prevent …": a purpose, not a claim that something prevents
        return m
    return None


def classify(
    sentence: str,
    *,
    quantities=(),
    person_attribution: bool = False,
    section_title: str = "",
    is_item: bool = False,
    publisher: str | None = None,
) -> Typing:
    types: list[str] = []
    rules: list[str] = []
    confidences: list[float] = []

    def fire(kind: str, why: str, confidence: float) -> None:
        if kind not in types:
            types.append(kind)
            rules.append(f"{kind}: {why}")
            confidences.append(confidence)

    stats = [q for q in quantities if q.unit in STATISTICAL_UNITS]
    if stats:
        fire("statistical", f"states '{stats[0].stated_as}'", 0.9)
    m = ASSOCIATION.search(sentence)
    if m:
        fire("association", f"'{m.group()}'", 0.8)
    m = _causal(sentence)
    if m:
        fire("causal", f"'{m.group()}'", 0.7)
    first = re.match(
        r"^\W*(?:(?:but|and|so|also|then|just|now|instead|first|next|finally),?\s+)?([A-Za-z’']+)\s*(\w*)",
        sentence,
        re.IGNORECASE,
    )
    if first and first.group(1).lower() in IMPERATIVES and first.group(2).lower() not in NOT_AFTER_IMPERATIVE:
        fire("recommendation", f"opens with the imperative '{first.group(1)}'", 0.8)
    m = RECOMMENDATION.search(sentence)
    if m:
        fire("recommendation", f"'{m.group()}'", 0.75)
    if person_attribution:
        fire("expert-opinion", "attributed to a person", 0.9)
    m = (RED_FLAG if IF.search(sentence) else RED_FLAG_WITHOUT_IF).search(sentence)
    if m:
        fire("red-flag", f"'{m.group()[:60]}'", 0.85)
    elif is_item and RED_FLAG_SECTION.search(section_title):
        fire("red-flag", f"a list item under '{section_title}'", 0.8)
    elif (
        RED_FLAG_SECTION.search(section_title)
        and re.search(r"\bif\b", sentence)
        and re.search(r"\b(?:doctor|physician|provider|gp|medical)\b", sentence, re.IGNORECASE)
    ):
        fire("red-flag", f"a condition for seeing a doctor under '{section_title}'", 0.8)
    m = MARKETING.search(sentence)
    if m:
        fire("marketing", f"'{m.group().strip()}'", 0.8)
    elif publisher and re.search(rf"\b{re.escape(publisher)}(?:[’']s)?\s+(?:\w+\s+){{0,3}}?{PRODUCT}\b", sentence):
        fire("marketing", f"names {publisher} with its product", 0.7)
    if not types:
        fire("factual", "no other rule fired", 0.5)
    return Typing(types, rules, min(confidences))
