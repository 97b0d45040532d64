"""Find the people an article introduces and who says what.

People:
- an *expert box* entry: a line holding only a name and credentials ("Steven Goostree, PT, DPT"), then
  optionally a short job-title line ("Orthopedic Surgeon and Medical Reviewer") and a bio line that opens
  with the person's name ("Dr. Lee is …"); roles come from the title: "Medical Reviewer" gives
  medical-reviewer, "Clinical Reviewer" clinical-reviewer;
- a byline: "Medically reviewed by …" / "Reviewed by …" (medical-reviewer), "Written by …" / "By …" (author);
  a desk or brand after the name is not part of it ("By Kelli Miller WebMD Health News"), nor are credentials
  written without a comma ("Angela Wunder PT, DPT");
- an inline introduction: a name followed by credentials ("says Steven Goostree, PT, DPT, a physical
  therapist at Hinge Health"), with the appositive as job title and the organisation after "at" as
  affiliation; or a speech verb, a name and an appositive ("said Dr. Lisa Tran, a sports physician at
  Lakeside Hospital"); a full name and an appositive that says what they are ("Robin Dunbar, co-author of the
  study and professor of …", "Jane Roe, who leads …"); a full name next to a speech verb ("said Jane Roe.",
  "Jane Roe told", "Jane Roe, 34, told") (0.85). A run of capitalised words is not a name when it opens like a
  sentence or a place ("In Boston", "New York"), names an organisation, a journal or a medium ("Communication
  Research", "Medical Daily"), or follows "the"/"journal".
Credentials are the letters a health professional signs with (a fixed list: MD, DO, PhD, PT, DPT, RN, …), also
written with full stops ("Ph.D.", "M.D.").

Attributions (rule: confidence):
- ``tag-after``: a speech verb then the speaker, after the statement (", says Dr. Goostree", "notes
  Dr. Goostree", "according to the Cleveland Clinic"): 0.95 for a person introduced with credentials or
  a named organisation, 0.9 for a short form ("Dr. Goostree", "Goostree said") that resolves to exactly one
  person introduced earlier;
- ``tag-before``: the speaker then the verb ("the American Council on Exercise advises …"): same scores;
- "In Dr. Roe's words, “…”" and "Roe, who …, told" are tags before the statement too (the appositive may write
  an abbreviation with full stops: "the U.K.'s University of York"); "As I wrote" is not (the first-person rule
  reads it), nor is "continues to" or "agreed to"; "told Newsweek" names who heard it, not a speaker, and "told the tale of" retells, it is no speech;
- news style (AP, Reuters), read as tags before the statement too: a full name and a title after it, also one that
  opens with a capital ("Jane Roe, Acme's chief economist, said"; "Jr." is no part of the name), a name set off
  by commas ("her attorney, Jane Roe, said"), an office of capitalised words before the name ("White House Press
  Secretary Jane Roe", "Secretary of State Jane Roe"); "said Tuesday" names a day, not a speaker, and "said in
  a statement." after a statement leaves the statement before the tag; the object of "urged", "asked" or of a
  verb whose subject is named before it ("Roe urged Vietnam to …") is no speaker; a surname may stand before
  the one full name it belongs to (0.85); a pronoun after a person named in its paragraph but known to no tag
  ("When President Jane Roe spoke, she said …") is not read as the last speaker; a subject, its verb, then
  ", saying …" ("Roe expressed confidence, saying he …"): what follows "saying" is the subject's; a "he" or "she"
  with no speaker before it is the one person the paragraph right before names (0.8);
- a quotation in the tagged sentence is the statement (a direct quote), unless it is a word or two quoted as a
  term inside a longer sentence ('they may assume the disease is "unexplained," and …, he added'): then the
  sentence is the statement, a paraphrase;
- ``continued-quote``: a quotation that continues in the next sentence without a new tag keeps the
  speaker, and so does every quoted sentence of the paragraph (half of it or more inside quote marks) without a
  tag of its own: 0.85; a paragraph that opens with a quotation and has no tag goes on with the person quoted
  last in the paragraph right before it, and a paragraph that opens a quotation without closing it is the
  speaker's of the next paragraph's tagged quotation (a quotation over paragraphs): 0.8;
- ``callout``: a paragraph right after a line naming a person (a pull quote), or a paragraph that is one
  quotation right before such a line: 0.85; a name line with a job-title line under it is an author's or an
  expert's box (a signature), and the text after it is the article's own;
- ``first-person``: where the article names one author (byline or page metadata), a sentence in which the writer
  says "I", "my" or "me" outside quotation marks and outside a block quotation ("> ", <blockquote>) is the
  author's: 0.85;
- ``block-quote``: a block quotation (Markdown "> ", <blockquote>, a passage in italics with its source after it)
  with no tag inside, followed by "… a direct quote from Dr. Roe": each of its sentences is Roe's direct quote: 0.8;
- ``list-lead-in``: "Here are the top four tips from X:" gives the opening sentence of each item of the
  list that follows to X: 0.8;
- a pronoun ("she says") resolves to the last speaker at 0.6, and a name that matches no one introduced
  gets 0.7: both stay below the review threshold and are listed for review instead of attached;
- "Studies show", "Research suggests" and the like name no source: they are reported as vague
  attributions for review.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kg.ingest.names import (
    CREDS,
    HONORIFIC,
    NAME,
    NAME_WORD,
    PARTICLES,
    PERSON_INTRO,
    PERSON_LINE,
    UPPER,
)
from kg.ingest.references import ORG_WORDS, fold
from kg.ingest.segment import Block, Document, Sentence, slugify, split_sentences

BYLINE = re.compile(
    rf"^\s*(?P<label>medically reviewed by|clinically reviewed by|reviewed by|written by|by)(?:\s*:)?\s+(?P<name>{NAME})(?:(?:,\s*|\s+)(?P<creds>{CREDS}))?",
    re.IGNORECASE,
)
VERBS = (
    "says",
    "said",
    "explains",
    "explained",
    "notes",
    "noted",
    "adds",
    "added",
    "advises",
    "advised",
    "recommends",
    "recommended",
    "suggests",
    "suggested",
    "warns",
    "warned",
    "cautions",
    "cautioned",
    "stresses",
    "stressed",
    "emphasizes",
    "emphasises",
    "emphasized",
    "emphasised",
    "points out",
    "pointed out",
    "tells",
    "told",
    "writes",
    "wrote",
    "observes",
    "observed",
    "continues",
    "continued",
    "agrees",
    "agreed",
    "urges",
    "urged",
    "reminds",
    "acknowledges",
    # more reporting verbs of news style ("“It’s hard not to,” Suter acknowledged.", "Malaska asked, “…?”")
    "acknowledged",
    "asked",
    "insisted",
    "stated",
    "admitted",
    "conceded",
    "replied",
    "responded",
    "commented",
    "argued",
    "alleges",
    "alleged",
    # reporting verbs of a recollection or a conjecture ("Pluznick recalled.", "Vaughan speculates that …")
    "recalls",
    "recalled",
    "speculates",
    "speculated",
    # a view stated for someone ("In smart homes, he expects future devices …"): a paraphrase
    "expects",
    "believes",
    "explains that",
    "says that",
    "notes that",
)
#: what may stand between a speaker and the speech verb: "also", an adverb of time or manner, and the perfect's
#: "has"/"had" ("Dr. Wakefield has alleged …", "she had also told …", "he later points out …", "Roe repeatedly warned")
AUXILIARY = r"(?:ha[sd]\s+)?(?:(?:also|later|then|since|still|once|often|first|[a-z]{2,15}ly)\s+)?"
VERB = "(?:" + "|".join(re.escape(v) for v in sorted(VERBS, key=len, reverse=True)) + r")\b"
ORG_CONNECTOR = r"(?:of|on|for|and|the|&|in|at)"
#: bounded as a name is (kg.ingest.names), so that it reads a block in linear time: an organisation never starts
#: inside a word and has at most eight words
ORG_WORD = r"(?<![\w&'’-])[A-Z][\w&'’-]{0,40}"
#: a word that opens a sentence before its subject, never the first word of a speaker's name: "But Arroyo said
#: the government has …" (news style sets a conjunction or a linking adverb before "X said")
OPENER = r"(?:But|And|Yet|So|Or|Nor|Still|Then|Now|Also|However|Meanwhile|Instead|Indeed|Moreover|Thus|Later)\b"
ORG_NAME = rf"(?!{OPENER}){ORG_WORD}(?:\s+(?:{ORG_CONNECTOR}\s+){{0,3}}{ORG_WORD}){{0,7}}"
PRONOUNS = {"she", "he", "they"}
STAFF = r"(?:\s+(?:physical therapists|physicians|doctors|experts|researchers|scientists|clinicians|dietitians|nurses|coaches|trainers|specialists|guidelines))?"
#: words that say what a person is, in an appositive after their name
ROLE_WORDS = (
    "professor",
    "co-author",
    "coauthor",
    "author",
    "lead author",
    "senior author",
    "first author",
    "director",
    "chief",
    "head",
    "researcher",
    "scientist",
    "investigator",
    "chair",
    "chairman",
    "chairwoman",
    "president",
    "dean",
    "fellow",
    "lecturer",
    "physician",
    "surgeon",
    "doctor",
    "nurse",
    "therapist",
    "epidemiologist",
    "psychologist",
    "psychiatrist",
    "neuroscientist",
    "neurologist",
    "cardiologist",
    "oncologist",
    "pediatrician",
    "paediatrician",
    "dietitian",
    "nutritionist",
    "pharmacist",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "founder",
    "co-founder",
    "expert",
    "specialist",
    "clinician",
    "biologist",
    "geneticist",
    "economist",
    "statistician",
    "student",
    "associate",
    "assistant professor",
    "associate professor",
    "officer",
    "manager",
    "coordinator",
    "editor",
    "member",
    "consultant",
    "adviser",
    "advisor",
    "analyst",
    # police and courts, as news reports name them: "said chief inspector Jennifer Mattinson"
    "inspector",
    "detective",
    "sergeant",
    "constable",
    "superintendent",
    "commissioner",
    "coroner",
)
ROLE = "(?:" + "|".join(re.escape(r) for r in sorted(ROLE_WORDS, key=len, reverse=True)) + r")(?![\w-])"
#: what a speaker is, written between the verb and their name: "says study co-author Boris Kingma"
#: (a comma after it too: "wrote the trial's lead investigator, John Burn, M.D.")
ROLE_BEFORE_NAME = rf"(?:(?:the\s+)?(?:[a-z][\w'’-]{{0,20}}\s+){{0,2}}?{ROLE},?\s+(?=[{UPPER}]))?"
SPEAKER_AFTER = re.compile(
    rf"(?P<verb>{VERB}|[Aa]ccording to)\s+{ROLE_BEFORE_NAME}(?P<speaker>(?P<intro>{NAME},\s+{CREDS})|{HONORIFIC}\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}|(?:the\s+)?{ORG_NAME}{STAFF}|she|he|they)"
)
SPEAKER_BEFORE = re.compile(
    rf"(?P<speaker>{HONORIFIC}\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}|(?:[Tt]he\s+)?{ORG_NAME}{STAFF}|[Ss]he|[Hh]e|[Tt]hey)\s+{AUXILIARY}(?P<verb>{VERB})"
)
#: "In Dr. Roe's words, “…”", "In Roe's view, …"
IN_WORDS = re.compile(
    rf"\b[Ii]n\s+(?P<speaker>(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})['’]s\s+(?:own\s+)?(?:words|view|opinion)\b"
)
#: "But in her view, …": the possessive pronoun of a speaker, read as the pronoun ("she")
IN_THEIR_VIEW = re.compile(r"\b[Ii]n\s+(?P<speaker>her|his)\s+(?:own\s+)?(?:words|view|opinion)\b")
SUBJECT_OF = {"her": "she", "his": "he"}
#: a speech verb that shares the subject of the sentence's first verb: "He describes the prospects … as “exciting,”
#: but cautions that “we’re still in the very early days”"
SHARED_SUBJECT = re.compile(
    rf"^(?P<speaker>[Ss]he|[Hh]e)\s+[a-z]{{2,20}}s\b[^.;:!?]{{1,200}}?,?\s+(?:but|and)\s+(?:also\s+)?(?P<verb>{VERB})"
)
#: "Roe, who leads the lab, told …"
#: "Roe, who leads the lab, told …", "Jane Roe, 34, said", "Roe, the study's lead author, says": a name, an
#: appositive that opens with a small word or a figure, then the verb
WHO_BEFORE = re.compile(
    rf"(?P<speaker>(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{PARTICLES}(?:[A-Z]\.|{NAME_WORD})){{0,2}}),\s+(?=[a-z\d])(?:[^.;:“”\"]|(?<=[A-Z])\.){{1,150}}?,\s+(?:also\s+)?(?P<verb>{VERB})"
)
#: a person's full name as a speech tag prints it: two or three capitalised words (an initial among them, "James P.
#: Kennedy"), name particles between them ("Joost van Hoof")
FULL_NAME = rf"{NAME_WORD}(?:\s+{PARTICLES}(?:[A-Z]\.|{NAME_WORD})){{1,2}}"
#: a full name (a suffix "Jr." after it is no part of it), an appositive (also one that opens with a capital), then
#: the verb:
#: "Jessica Caldwell, Edmunds' executive director of industry analysis, said", "Steve Menet, Senior Vice President
#: of Sales for Dräger, Inc., says:", "James P. Kennedy Jr., the U.S. Attorney for …, said" (news style's title
#: after the name); the appositive may hold the full stop of an initial or of "Inc.", "Co.", "Corp.", "Ltd."
FULL_NAME_BEFORE = re.compile(
    rf"(?P<speaker>{FULL_NAME})(?:,?\s+(?:Jr|Sr)\.|\s+I{{2,3}})?,\s+"
    rf"(?:[^.;:“”\"]|(?<=[A-Z])\.|(?<=Inc)\.|(?<=Co)\.|(?<=Corp)\.|(?<=Ltd)\.){{1,150}}?,\s+(?:also\s+)?(?P<verb>{VERB})"
)
#: a full name set off by commas after what the person is, then the verb: "Carlineo's attorney, Sonya Zoghlin, said"
NAME_SET_OFF = re.compile(rf"(?<=,\s)(?P<speaker>{FULL_NAME}),\s+(?:also\s+)?(?P<verb>{VERB})")
#: a subject, its verb, then ", saying …": "Wild coach Bruce Boudreau expressed confidence in the winger, saying he
#: always finds a way", "He declined to state when, saying it would depend on …" (what follows "saying" is theirs)
SAYING = re.compile(
    rf"(?P<speaker>{HONORIFIC}\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}|(?<![\w'’-])[Tt]he\s+{ORG_NAME}|{ORG_NAME}|[Ss]he|[Hh]e|[Tt]hey)"
    rf"\s+{AUXILIARY}[a-z]{{2,20}}(?:ed|s)\b[^.;:“”\"]{{0,200}}?,\s+(?P<verb>saying)(?:\s+that)?(?=\s)"
)
#: a relative named by first name in an appositive: "her mother, Fiona, said", "his wife, Ann Roe, told"
KIN = r"(?:mother|father|mum|mom|dad|daughter|son|sister|brother|wife|husband|partner|grandmother|grandfather|aunt|uncle|niece|nephew|widow|widower|fianc[ée]e?|friend|cousin)"
KIN_NAMED = re.compile(
    rf"(?<![\w'’-])(?:[Hh]er|[Hh]is|[Tt]heir)\s+(?:[a-z][\w-]{{0,20}}\s+)?{KIN},\s+(?P<speaker>{NAME_WORD}(?:\s+{NAME_WORD})?),\s+(?:also\s+)?(?P<verb>{VERB})"
)
#: two people and where each works, then one verb: "Scott Lippman, M.D., and Andrew Chan, M.D., of A and B,
#: respectively, agreed": the first named speaks for both (not B, the last name before the verb)
RESPECTIVELY = re.compile(
    rf"(?P<speaker>{NAME}(?:,\s+{CREDS})?),?\s+and\s+[^;:“”\"]{{1,200}}?,\s+respectively,\s+(?:also\s+)?(?P<verb>{VERB})"
)
#: the days and months, capitalised words that name no one
CALENDAR_WORDS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: the day or month news style writes right after "said" ("Patrick said Tuesday night in Columbia")
WHEN_WORDS = {*CALENDAR_WORDS, "today", "yesterday", "last", "earlier"}
#: verbs of a view held, whose speaker stands before them ("he expects"): the words after are what is held
NOT_SPEECH_AFTER = {"expects", "believes"}
#: verbs whose object is who heard it ("told Newsweek", "tells Healthline"), not a speaker after the statement
LISTENER_AFTER = {"told", "tells"}
#: what is told when "told" retells a story rather than reports speech
NARRATED = re.compile(r"\s+(?:the\s+|a\s+)?(?:tale|story)\b")
#: verbs that are no speech before "to" ("the programme continues to have …")
NOT_SPEECH_BEFORE_TO = {"continues", "continued", "agrees", "agreed"}
#: "recommended by the AHA", "tips from …"; and a definition credited to a body ("as defined by the World Health
#: Organization", "the working definition, described by the European Society of Cardiology in 2010:"), only with
#: "the", since "first described by Hans Asperger" names a person who described a condition, not a source
RECOMMENDED_BY = re.compile(
    rf"(?P<verb>recommended by|advised by|endorsed by|tips from|(?:defined|described) by(?=\s+the\s))"
    rf"\s+(?P<speaker>(?:the\s+)?{ORG_NAME}{STAFF})"
)
VAGUE = re.compile(
    r"\b(?:(?:some\s+|many\s+|recent\s+|several\s+)?(?:studies|research|experts|doctors|scientists|researchers|evidence|data))\s+"
    r"(?:show|shows|showed|suggest|suggests|suggested|say|says|find|finds|found|have shown|has shown|indicate|indicates)\b",
    re.IGNORECASE,
)
#: capitalised words of an office held, written before a name ("said NCD Vice Chair Emily Voorde", "Council Member
#: Rick Rader", "Surgeon General Vivek Murthy"): the office is the person's job title, never part of their name
OFFICE_WORDS = (
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Vice",
    "Co-Chair",
    "Council",
    "Member",
    "Board",
    "Executive",
    "Director",
    "President",
    "Vice-President",
    "Secretary",
    "Commissioner",
    "Administrator",
    "Chief",
    "Officer",
    "CEO",
    "COO",
    "CMO",
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "Mayor",
    "Representative",
    "Rep.",
    "Congressman",
    "Congresswoman",
    "Deputy",
    "Acting",
    "Assistant",
    "Associate",
    "Professor",
    "Prof.",
    "Dean",
    "Founder",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Surgeon",
    "General",
    "Minister",
    "Superintendent",
    "Manager",
    "Coordinator",
    "Principal",
    "Investigator",
    "Lead",
    "Senior",
    "Medical",
    "Program",
    "Programme",
    "Research",
    "Staff",
    "Attorney",
    "Judge",
    "Justice",
    "Ambassador",
    "Trustee",
    "Treasurer",
    "Advocate",
    "Counsel",
    "Fellow",
    "Editor",
    "Nurse",
    "Therapist",
)
OFFICE_WORD = "(?:" + "|".join(re.escape(w) for w in sorted(OFFICE_WORDS, key=len, reverse=True)) + r")(?![\w'’-])"
#: an office before a name: an organisation's acronym or two ("NCD", "HHS"), then one to four office words
#: (or a place or body's capitalised words before them: "White House Press Secretary", "Defense Secretary"), an office
#: word taking "of" and one capitalised word ("Secretary of State")
OFFICE = (
    rf"(?-i:(?:(?:[A-Z]{{2,6}}|(?:U\.S\.|U\.K\.)|[A-Z][a-z]{{2,20}})(?:['’]s)?\s+){{0,3}}?"
    rf"(?:{OFFICE_WORD}(?:\s+of\s+[A-Z][a-z]{{2,20}}(?=\s+[A-Z]))?\s+){{1,4}})"
)
#: a speech verb, an office and a name: "said NCD Vice Chair Emily Voorde", "said NCD Council Member Rick Rader, M.D.";
#: or the office and name, then the verb: "HHS Secretary Xavier Becerra said"
NAMED_WITH_OFFICE = re.compile(
    rf"(?:{VERB}|[Aa]ccording to)\s+(?P<office>{OFFICE})(?P<name>{FULL_NAME})"
    rf"(?:,\s+(?P<creds>{CREDS}))?(?=\s*[,.;:!?)”\"]|$)"
    rf"|(?<![\w-])(?P<office2>{OFFICE})(?P<name2>{FULL_NAME})(?:,\s+(?P<creds2>{CREDS}),?)?\s+{AUXILIARY}{VERB}"
)
#: a speaker phrase that is an office and a name ("NCD Chair Claudia Gordon"), as a tag reads it
OFFICE_AND_NAME = re.compile(rf"^(?P<office>{OFFICE})(?P<name>{FULL_NAME})$")


#: a letter's complimentary close on a line of its own: "Sincerely,", "Respectfully,", "Yours truly,", "Best regards,"
CLOSING = re.compile(
    r"^\s*(?:(?:very\s+)?(?:yours\s+)?(?:sincerely|respectfully|truly|faithfully|cordially)(?:\s+yours)?"
    r"|(?:best|kind|warm|warmest|with\s+(?:best|kind|warm))\s+regards|regards"
    r"|with\s+(?:gratitude|thanks|appreciation|respect))\s*,?\s*$",
    re.IGNORECASE,
)
#: the name that opens a signature, before the signer's office on the same line or the next: "David Shawn Kennemer
#: Acting Chair, Vice-Chair", "Claudia Gordon NCD Chair", "Jane Roe, MD"
SIGNER = re.compile(rf"^\s*(?P<name>{NAME})")


def signer(closing: str, signature: str) -> tuple[str, str] | None:
    """(name, office) of who signs a letter: ``signature`` is the block under its complimentary close (``closing``,
    "Sincerely,"), and opens with a name of two words or more; the office (words from the first office word or
    acronym on) is no part of it. None where the blocks are no letter's close and signature."""
    closes = len(closing) < 60 and CLOSING.match(closing)  # a close is a few words (and a long line is not tried)
    found = SIGNER.match(signature) if closes and len(signature) < 200 else None
    if not found:
        return None
    words = found.group("name").split()
    cut = next(
        (
            i
            for i, w in enumerate(words)
            if re.fullmatch(OFFICE_WORD, w, re.IGNORECASE) or (len(w) > 1 and w.isupper() and i >= 2)
        ),
        len(words),
    )
    name = " ".join(words[:cut]).rstrip(",")
    if _not_a_name(name):
        return None
    return name, signature[found.start("name") + len(" ".join(words[:cut])) :].strip(" ,")


def split_office(name: str) -> tuple[str, str]:
    """("NCD Vice Chair", "Emily Voorde") from "NCD Vice Chair Emily Voorde"; ("", name) where no office
    stands before a name of two or more words."""
    m = OFFICE_AND_NAME.match(name.strip())
    if not m:
        return "", name
    return m.group("office").strip(), m.group("name").strip()


#: a speech verb, then a name and an appositive: "said Dr. Lisa Tran, a sports physician at Lakeside Hospital"
NAMED_BY_APPOSITIVE = re.compile(
    rf"(?:{VERB}|[Aa]ccording to)\s+(?P<name>(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})(?=,\s+(?:a|an|the)\s+[a-z])"
)
#: a full name, then an appositive that says what they are: "Robin Dunbar, co-author of the study and professor
#: of …", "Jane Roe, an associate professor at …", or who they are: "Jane Roe, who leads …"
NAMED_WITH_ROLE = re.compile(
    rf"(?P<name>(?:{HONORIFIC}\s+)?{FULL_NAME}),\s+"
    rf"(?:(?P<title>(?:(?:a|an|the)\s+)?(?:[a-z][a-z-]{{0,30}}\s+){{0,3}}?(?P<role>{ROLE})(?:\s+(?:of|at|in|for|with)\s+[^,;.]{{1,80}})?)|(?P<who>who)\s)"
)
#: a full name right before or after a speech verb: "said Jane Roe.", "Jane Roe told reporters"
NAMED_BY_SPEECH = re.compile(
    rf"(?:{VERB}|[Aa]ccording to)\s+(?P<name>{FULL_NAME})(?=\s*[,.;:!?)”\"]|$)"
    rf"|(?P<name2>{FULL_NAME})\s+{AUXILIARY}{VERB}"
)
#: a speech verb, what the person is, then their name: "says study co-author Boris Kingma, a biophysicist …",
#: "said lead investigator Jane Roe."
NAMED_AFTER_ROLE = re.compile(
    rf"(?:{VERB}|[Aa]ccording to)\s+{ROLE_BEFORE_NAME}"
    rf"(?P<name>{FULL_NAME})(?=\s*[,.;:!?)”\"]|$|\s+(?:of|from|at)\s+(?:the\s+)?[A-Z])"
)
#: a full name, where they work, then a speech verb: "Joost van Hoof of the Netherlands’ Fontys University of
#: Applied Sciences writes …"
NAMED_OF_PLACE = re.compile(
    rf"(?P<name>{FULL_NAME})\s+(?:of|at|from)\s+(?P<org>(?:the\s+)?[A-Z][^,.;:“”\"]{{2,80}}?)\s+(?:also\s+)?{VERB}"
)
APPOSITIVE = re.compile(
    r"^,\s+(?:a|an|the)\s+(?P<title>[a-z][\w\s-]{2,60}?)(?:\s+(?:at|with|for|of)\s+(?P<org>(?:the\s+)?"
    + ORG_NAME
    + r"))?(?=[,.;]|$)"
)
QUOTE_CHARS = '“”"'
QUOTE_MARK = re.compile(f"[{QUOTE_CHARS}]")


@dataclass
class PersonDraft:
    id: str
    name: str
    credentials: str | None = None
    job_title: str | None = None
    bio: str | None = None
    affiliation: str | None = None  # organisation name
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    introduced_at: int = 0
    confidence: float = 0.9
    basis: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass
class AgentDraft:
    """Who a statement is attributed to: a person id, or an organisation's name."""

    kind: str  # person | organisation
    ref: str  # person id or organisation name


@dataclass
class AttributionDraft:
    agent: AgentDraft
    mode: str  # direct-quote | paraphrase | callout
    cue: str
    cue_start: int
    cue_end: int
    content: tuple[int, int]  # the statement without its tag (offsets in the text)
    confidence: float
    rule: str
    basis: str


@dataclass
class People:
    people: dict[str, PersonDraft]
    consumed: set[int]  # blocks that introduce people (not claims)
    callouts: dict[int, tuple[str, Block]]  # paragraph block -> (person id, the name line)


def _credentials(text: str) -> str:
    return re.sub(r"\s*,?\s+", ", ", text.strip())


def _strip_honorific(name: str) -> str:
    return re.sub(rf"^{HONORIFIC}\s+", "", name).strip()


def _roles_from_title(title: str | None, label: str = "") -> list[str]:
    roles = []
    text = f"{title or ''} {label}".lower()
    if re.search(r"medical(?:ly)? review", text) or label.lower() == "reviewed by":
        roles.append("medical-reviewer")
    if re.search(r"clinical(?:ly)? review", text):
        roles.append("clinical-reviewer")
    if re.search(r"\b(?:author|writer|written by)\b", text) or label.lower() == "by":
        roles.append("author")
    return roles


def person_id(name: str, people: dict, next_number: dict[str, int] | None = None) -> str:
    """A new person's id: their surname, slugified, with -2, -3, … where it is taken. ``next_number`` remembers
    the next free number per surname, so that many namesakes are numbered in linear time."""
    next_number = {} if next_number is None else next_number
    stem = pid = slugify(name.split()[-1], 2, "person")
    n = next_number.get(stem, 2)
    while pid in people:
        pid = f"{stem}-{n}"
        n += 1
    next_number[stem] = n
    return pid


def find_people(doc: Document, skip: set[int]) -> People:
    """The people of an article, in the order they are first introduced."""
    people: dict[str, PersonDraft] = {}
    consumed: set[int] = set()
    callouts: dict[int, tuple[str, Block]] = {}

    by_name: dict[str, PersonDraft] = {}
    next_number: dict[str, int] = {}  # id stem -> the next number to try after it ("lee-2", "lee-3", …)

    def add(name: str, creds: str | None, offset: int, basis: str) -> PersonDraft:
        words = name.split()
        while len(words) > 2 and words[0].endswith(("'s", "’s")):
            words = words[1:]  # "NASA's Steve Clarke": whose person they are, no part of the name
        name = " ".join(words)
        office, name = split_office(_strip_honorific(name))  # "NCD Vice Chair Emily Voorde": the office is no name
        name = _strip_honorific(name)
        person = by_name.get(name)
        if person is not None:
            if creds and not person.credentials:
                person.credentials = creds
            if office and not person.job_title:
                person.job_title = office
            return person
        pid = person_id(name, people, next_number)
        person = PersonDraft(pid, name, creds, job_title=office or None, introduced_at=offset, basis=basis)
        people[pid] = person
        by_name[name] = person
        return person

    blocks = doc.blocks
    for block in blocks:
        if block.index in skip:
            continue
        signed = signer(blocks[block.index - 1].text, block.text) if block.index > 0 else None
        if signed:
            # a letter's signature under its close ("Respectfully," / "David Shawn Kennemer Acting Chair"): the
            # signer wrote the letter, and its "I" is theirs (rule first-person)
            name, office = signed
            creds = _credentials(office) if re.fullmatch(CREDS, office) else None
            person = add(name, creds, block.start, f"signs the letter under '{blocks[block.index - 1].text.strip()}'")
            person.job_title = person.job_title or (office if office and not creds else None)
            if "author" not in person.roles:
                person.roles.append("author")
            consumed.update((block.index - 1, block.index))
            continue
        line = PERSON_LINE.match(block.text)
        byline = BYLINE.match(block.text) if not line else None
        if line:
            creds = _credentials(line.group("creds"))
            person = add(line.group("name"), creds, block.start, f"'{block.text.strip()}' on a line of its own")
            consumed.add(block.index)
            following = [b for b in blocks[block.index + 1 : block.index + 3] if b.index not in skip]
            nxt = following[0] if following else None
            titled = False
            before = blocks[block.index - 1] if block.index > 0 else None
            if (
                before is not None
                and before.index not in skip
                and before.index not in consumed
                and _is_quotation(before.text)
            ):
                # a pull quote, then the line that names who said it
                callouts[before.index] = (person.id, block)
                person.basis += ", under the quotation before it"
                continue
            if nxt is not None and _is_job_title(nxt.text):
                titled = True
                person.job_title = nxt.text.strip()  # the expert box's title beats an inline appositive
                for role in _roles_from_title(nxt.text):
                    if role not in person.roles:
                        person.roles.append(role)
                consumed.add(nxt.index)
                person.basis += f", job title '{nxt.text.strip()}' on the next line"
                nxt = following[1] if len(following) > 1 else None
            if nxt is not None and _is_bio(nxt.text, person):
                person.bio = nxt.text.strip()
                consumed.add(nxt.index)
            elif (
                nxt is not None
                and not titled
                and nxt.kind in ("paragraph", "item")
                and block.index not in _expert_box_neighbours(blocks, block)
            ):
                # a bare name line over a paragraph: a pull quote (with a job title under the name, it is an
                # author's or expert's box, and the text after it is the article's)
                callouts[nxt.index] = (person.id, block)
        elif byline and len(block.text) < 120:
            person = add(
                byline.group("name"),
                _credentials(byline.group("creds")) if byline.group("creds") else None,
                block.start,
                f"byline '{block.text.strip()}'",
            )
            for role in _roles_from_title(None, byline.group("label")):
                if role not in person.roles:
                    person.roles.append(role)
            consumed.add(block.index)
        else:
            for named in NAMED_WITH_OFFICE.finditer(block.text):
                key = "name" if named.group("name") else "name2"
                name, office = named.group(key), named.group("office" if key == "name" else "office2").strip()
                creds = named.group("creds" if key == "name" else "creds2")
                if _not_a_name(name, block.text, named.start(key)):
                    continue
                person = add(
                    name,
                    _credentials(creds) if creds else None,
                    block.start + named.start(key),
                    f"named as a speaker in '{named.group().strip()}'",
                )
                person.confidence = min(person.confidence, 0.9)
                if not person.job_title:
                    person.job_title = office
            for named in NAMED_BY_APPOSITIVE.finditer(block.text):
                name = _strip_honorific(named.group("name"))
                if _is_organisation(name, set()) or PERSON_INTRO.match(block.text, named.start("name")):
                    continue
                appositive = APPOSITIVE.match(block.text[named.end("name") :])
                if appositive:
                    person = add(
                        named.group("name"),
                        None,
                        block.start + named.start("name"),
                        f"introduced as '{named.group('name')}, {appositive.group('title').strip()}'",
                    )
                    person.confidence = 0.85
                    if not person.job_title:
                        person.job_title = appositive.group("title").strip()
                        if appositive.group("org"):
                            person.affiliation = re.sub(r"^the\s+", "", appositive.group("org").strip())
            for named in NAMED_WITH_ROLE.finditer(block.text):
                name = _without_title(_strip_honorific(named.group("name")))
                if _not_a_name(name, block.text, named.start("name")) or PERSON_INTRO.match(
                    block.text, named.start("name")
                ):
                    continue
                person = add(name, None, block.start + named.start("name"), f"introduced as '{named.group().strip()}'")
                person.confidence = min(person.confidence, 0.85)
                if not person.job_title and named.group("title"):
                    person.job_title = named.group("title").strip()
            for named in (
                m
                for pattern in (WHO_BEFORE, FULL_NAME_BEFORE, NAME_SET_OFF, SAYING)
                for m in pattern.finditer(block.text)
            ):
                name = _strip_honorific(named.group("speaker"))
                if (
                    _not_a_name(name, block.text, named.start("speaker"))
                    or name in by_name
                    or PERSON_INTRO.match(block.text, named.start("speaker"))
                ):
                    continue
                person = add(
                    name, None, block.start + named.start("speaker"), f"named as a speaker in '{named.group().strip()}'"
                )
                person.confidence = min(person.confidence, 0.85)
            for named in (m for pattern in (NAMED_AFTER_ROLE, NAMED_OF_PLACE) for m in pattern.finditer(block.text)):
                name = _strip_honorific(named.group("name"))
                if _not_a_name(name, block.text, named.start("name")) or name in by_name:
                    continue
                person = add(
                    name, None, block.start + named.start("name"), f"named as a speaker in '{named.group().strip()}'"
                )
                person.confidence = min(person.confidence, 0.85)
                if named.groupdict().get("org"):  # "… of the Netherlands’ Fontys University … writes"
                    person.affiliation = person.affiliation or re.sub(r"^the\s+", "", named.group("org").strip())
                elif (appositive := APPOSITIVE.match(block.text[named.end("name") :])) and not person.job_title:
                    person.job_title = appositive.group("title").strip()
            for named in NAMED_BY_SPEECH.finditer(block.text):
                name = _without_title(_strip_honorific(named.group("name") or named.group("name2")))
                start = named.start("name") if named.group("name") else named.start("name2")
                if _not_a_name(name, block.text, start) or name in by_name or name.split(" ", 1)[-1] in by_name:
                    continue  # ("State Mike Pompeo said": the office's last word before a known name)
                person = add(name, None, block.start + start, f"named as a speaker in '{named.group().strip()}'")
                person.confidence = min(person.confidence, 0.85)
            for named in KIN_NAMED.finditer(block.text):
                name = named.group("speaker")
                full = _full_name(doc.text, name) if " " not in name else name
                if full is None or _not_a_name(full) or full in by_name:
                    continue  # a first name the article never writes in full, or a person known already
                person = add(
                    full,
                    None,
                    block.start + named.start("speaker"),
                    f"named as a speaker in '{named.group().strip()}'"
                    + (f", and in full as '{full}' in the article" if full != name else ""),
                )
                person.confidence = min(person.confidence, 0.8)
            for intro in PERSON_INTRO.finditer(block.text):
                start = block.start + intro.start()
                person = add(
                    intro.group("name"),
                    _credentials(intro.group("creds")),
                    start,
                    f"introduced as '{intro.group().strip()}'",
                )
                appositive = APPOSITIVE.match(block.text[intro.end() :])
                if appositive and not person.job_title:
                    person.job_title = appositive.group("title").strip()
                    if appositive.group("org"):
                        person.affiliation = re.sub(r"^the\s+", "", appositive.group("org").strip())
    known = {p.surname for p in people.values()} | {p.name.split()[0] for p in people.values()}
    tagged: dict[str, str] = {}  # a speaker's one-word name -> the tag that names them, in text order
    for block in blocks:
        if block.index in skip or block.index in consumed:
            continue
        for tag in SURNAME_TAG.finditer(block.text):
            surname = tag.group("after") or tag.group("before")
            if (
                surname not in known
                and surname not in tagged
                and not _not_a_surname(surname, block.text, tag.start("before"))
            ):
                tagged[surname] = tag.group().strip()
    for surname, (name, at) in _full_names(doc.text, set(tagged)).items():
        person = add(name, None, at, f"named in full as '{name}' and as a speaker by surname in '{tagged[surname]}'")
        person.confidence = min(person.confidence, 0.85)
    titled_names = _titled_names(doc.text)
    for person in people.values():
        person.aliases = [f"{form} {person.surname}" for form in _ALIAS_FORMS if (form, person.surname) in titled_names]
    return People(people, consumed, callouts)


#: a speaker named by one capitalised word next to a speech verb: "“…,” Lal says.", "says Goneva, referring to …"
#: (not after "expects", "believes": "he expects Amphora, the company's lead product, to …" names a product)
SURNAME_TAG = re.compile(
    rf"(?<!expects\s)(?<!believes\s)(?:{VERB})\s+(?P<after>{NAME_WORD})(?=\s*(?:[,.;:!?)”\"]|$))|(?P<before>{NAME_WORD})\s+{AUXILIARY}(?:{VERB})"
)


def _not_a_surname(word: str, text: str, start: int) -> bool:
    """Whether one capitalised word next to a speech verb is not a person's surname: a word that opens sentences, a
    pronoun, an organisation or an acronym ("WHO says"), a title's word ("Science"), or, before the verb, the last
    word of a longer capitalised run ("The Lancet says", "Fiji Red Cross says")."""
    if word.lower() in NOT_FIRST_NAMES or word.lower() in NOT_NAME_WORDS or _is_organisation(word, set()):
        return True
    if word in ("I", "We", "You") or word.isupper():
        return True
    if re.search(rf"(?<![\w.]){HONORIFIC}\s+$", text[max(0, start - 12) : start]):
        return False  # "Dr. Wakefield has alleged": a title before the word makes it a surname
    return start > 0 and bool(re.search(rf"(?:^|\s)[{UPPER}][\w'’.-]*\s+$", text[max(0, start - 42) : start]))


#: a run of capitalised words, small name particles between them: where full names stand
NAME_RUN = re.compile(rf"(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{PARTICLES}{NAME_WORD}){{1,5}}")


def _full_names(text: str, surnames: set[str]) -> dict[str, tuple[str, int]]:
    """For each of ``surnames``, the one full name the article writes with it and where it first stands: "Kaushik
    Sindhu Lal" for "Lal", "Meciusela Tuicakau" in "For Dr Meciusela Tuicakau from …" for "Tuicakau". A surname
    the article writes in full nowhere, or in two different full names, has none. One pass over the text."""
    if not surnames:
        return {}
    found: dict[str, dict[str, int]] = {}
    for run in NAME_RUN.finditer(text):
        words = run.group().split()
        for k, word in enumerate(words):
            word = word[:-2] if word.endswith(("'s", "’s")) else word  # "Zach Parise’s two-goal performance"
            if k == 0 or word not in surnames:
                continue
            given = words[max(0, k - 3) : k]
            while given and (
                not given[0][:1].isupper()
                or given[0].lower().strip(".") in NOT_FIRST_NAMES
                or re.fullmatch(HONORIFIC, given[0])
            ):
                given = given[1:]  # "For Dr Meciusela Tuicakau", "Yesterday Jane Roe": the name starts later
            while given and any(w.endswith(("'s", "’s")) for w in given):
                given = given[1:]  # "NASA's Steve Clarke": the name starts after the possessive
            if not given:
                continue  # "Evofem’s Amphora": a possessive, no given name
            name = " ".join([*given, word])
            if not _not_a_name(name):
                found.setdefault(word, {}).setdefault(name, run.start())
    out = {}
    for surname, names in found.items():
        # "Sindhu Lal" and "Kaushik Sindhu Lal" are one person: the longest form, if every other ends it
        longest = max(names, key=len)
        if all(longest.endswith(other) for other in names):
            out[surname] = (longest, min(names.values()))
    return out


def _full_name(text: str, first: str) -> str | None:
    """The one full name the article writes with this first name ("Fiona" -> "Fiona Parry"), else None."""
    found = {
        f"{first} {m.group('surname')}"
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(first)}\s+(?P<surname>{NAME_WORD})", text)
        if not _not_a_name(f"{first} {m.group('surname')}")
    }
    return found.pop() if len(found) == 1 else None


def _expert_box_neighbours(blocks: list[Block], block: Block) -> set[int]:
    """A name line inside an expert box (another name line two or three lines away) is not a callout."""
    near = {
        b.index
        for b in blocks[max(0, block.index - 3) : block.index + 4]
        if b.index != block.index and PERSON_LINE.match(b.text)
    }
    return {block.index} if near else set()


def _is_quotation(text: str) -> bool:
    """A paragraph that is one quotation: it opens with a quote mark and closes with one."""
    text = text.strip()
    return len(text) > 2 and text[0] in QUOTE_CHARS and text[-1] in QUOTE_CHARS and len(QUOTE_MARK.findall(text)) == 2


#: words that start a sentence but never a person's name (so "In Boston", "The Lancet" are not people)
NOT_FIRST_NAMES = {
    "the",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "when",
    "if",
    "it",
    "he",
    "she",
    "they",
    "we",
    "a",
    "an",
    "as",
    "for",
    "so",
    "then",
    "now",
    "also",
    "still",
    "yet",
    "while",
    "after",
    "before",
    "since",
    "new",
    "north",
    "south",
    "east",
    "west",
    "los",
    "san",
    "las",
    "st",
    "saint",
    "fort",
    "mount",
    "lake",
    *CALENDAR_WORDS,
    "dear",
    "our",
    "your",
}


#: words of the names of journals, media and works, never of a person's ("Communication Research", "Medical Daily")
NOT_NAME_WORDS = {
    "research",
    "science",
    "sciences",
    "journal",
    "review",
    "report",
    "reports",
    "today",
    "times",
    "post",
    "news",
    "magazine",
    "study",
    "studies",
    "medical",
    "daily",
    "weekly",
    "press",
    "media",
    "online",
    "bulletin",
}
#: words right before a title that is no person's name ("the journal Communication Research", "a Pew Research poll")
NOT_PERSON_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|journal|magazine|newspaper|website|study|report|programme|program|app)\s+)$", re.IGNORECASE
)


def _not_a_name(name: str, text: str = "", start: int = 0) -> bool:
    """Whether a run of capitalised words found next to a speech verb or an appositive is not a person's name:
    one word, a first word that opens sentences or places, a word of an organisation's or a journal's name, or
    after "the"/"journal" (an organisation or a title)."""
    words = name.split()
    if len(words) < 2 or words[0].lower().strip(".") in NOT_FIRST_NAMES or _is_organisation(name, set()):
        return True
    if any(
        w.lower() in NOT_NAME_WORDS or (w.lower().endswith("s") and w.lower()[:-1] in ROLE_WORDS) for w in words
    ):  # "Physical Therapists"
        return True
    return bool(
        NOT_PERSON_BEFORE.search(text, max(0, start - 20), start)
        or ORG_HEAD_BEFORE.search(text, max(0, start - 40), start)
        or ADDRESSEE_BEFORE.search(text, max(0, start - 20), start)
    )


#: the head of an organisation's name and its connector right before a capitalised run: the run ends that name
#: ("The Centers for Disease Control recommends", "the Department of Health Sciences"), it names no person
ORG_HEAD_BEFORE = re.compile(
    r"(?<![\w-])(?-i:Centers?|Centres?|Institutes?|Department|Ministry|Office|Bureau|Agency|Council|Association|"
    r"Society|College|Academy|Foundation|Organi[sz]ation|Administration|Board|Federation|Alliance|Services?|"
    r"University|School|Commission|Committee|Division|Network)\s+(?:of|for|on)\s+(?:the\s+)?$"
)
#: "to" right before a name: who was written or spoken to ("In a letter to Kevin McAleenan, who was …, said they
#: would …"), not who speaks ("according to Jane Roe" names the source)
ADDRESSEE_BEFORE = re.compile(r"(?<![\w-])(?<![Aa]ccording\s)to\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?$")


def _without_title(name: str) -> str:
    """ "Therapist Steven Sultanoff" -> "Steven Sultanoff": a role word written before the name is not part of it."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in ROLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _is_job_title(text: str) -> bool:
    text = text.strip()
    return 0 < len(text.split()) <= 8 and text[-1] not in ".!?:" and text[:1].isupper() and not PERSON_LINE.match(text)


def _is_bio(text: str, person: PersonDraft) -> bool:
    first = person.name.split()[0]
    return bool(
        re.match(
            rf"^(?:{HONORIFIC}\s+)?(?:{re.escape(person.surname)}|{re.escape(first)}|{re.escape(person.name)}|She|He|They)\b\s+(?:is|was|has|specializes|specialises|works|leads|holds)\b",
            text.strip(),
        )
    )


_ALIAS_FORMS = ("Dr.", "Dr", "Prof.", "Mr.", "Ms.", "Mrs.")
_TITLED = re.compile(r"(?<!\w)(Dr\.?|Prof\.|Mr\.|Ms\.|Mrs\.) (?=(\S{1,61}))")


def _titled_names(text: str) -> set[tuple[str, str]]:
    """Every (title, name) the text writes as "Dr. Name" (a title, a space, the name, then no word character),
    in one pass: a person's aliases are the titles written before their surname."""
    found = set()
    for match in _TITLED.finditer(text):
        title, run = match.group(1), match.group(2)
        for k in range(1, min(len(run), 60) + 1):
            if k == len(run) or not (run[k].isalnum() or run[k] == "_"):
                found.add((title, run[:k]))
    return found


@dataclass
class Speaker:
    agent: AgentDraft | None
    confidence: float
    basis: str


class Directory:
    """The people and organisations a speaker may name, looked up by name (not by reading every one)."""

    def __init__(self, people: dict[str, PersonDraft], organisations: dict[str, str]) -> None:
        self.by_name: dict[str, PersonDraft] = {}
        self.by_surname: dict[str, list[PersonDraft]] = {}
        self.by_first: dict[str, list[PersonDraft]] = {}
        for person in people.values():
            self.by_name.setdefault(person.name, person)
            self.by_surname.setdefault(person.surname, []).append(person)
            if " " in person.name:
                self.by_first.setdefault(person.name.split()[0], []).append(person)
        self.organisations = {fold(name) for name in organisations.values()}

    def misspelt(self, surname: str) -> list[PersonDraft]:
        """The people whose surname is one letter away from ``surname`` ("Burns" for Burn): a slip of the
        writer's, read only where the surname is long enough not to be another name."""
        if len(surname) < 4:
            return []
        return [p for known, people in self.by_surname.items() if _one_edit(known, surname) for p in people]


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one letter added, dropped or changed (and are not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def resolve(
    speaker: str,
    people: dict[str, PersonDraft],
    organisations: dict[str, str],
    offset: int,
    last: AgentDraft | None,
    directory: Directory | None = None,
) -> Speaker:
    """Who a speaker phrase names: a person (full name, "Dr. Surname", name with credentials), an
    organisation, or a pronoun for the last speaker. ``directory``: ``Directory(people, organisations)``."""
    known = directory or Directory(people, organisations)
    text = speaker.strip()
    intro = PERSON_INTRO.match(text)
    if intro:
        person = known.by_name.get(_strip_honorific(intro.group("name")))
        if person is not None:
            return Speaker(
                AgentDraft("person", person.id), 0.95, f"'{text}' introduces {person.name}, {person.credentials}"
            )
    if text.lower() in PRONOUNS:
        if last is not None and last.kind == "person":
            return Speaker(last, 0.6, f"the pronoun '{text}' is read as the last speaker")
        return Speaker(None, 0.0, f"the pronoun '{text}' has no speaker before it")
    person = known.by_name.get(_strip_honorific(text)) or known.by_name.get(split_office(_strip_honorific(text))[1])
    if person is not None:
        return Speaker(
            AgentDraft("person", person.id),
            0.95,
            f"'{text}' is {person.name}" + (f", {person.credentials}" if person.credentials else ""),
        )
    words = text.split()
    for k in (3, 2):
        # the name at the end of a run of titles and offices: "Adjunct Professor UNSW Strategic Health Policy
        # Consultant Bill Bowtell", "Australia's Chief Medical Officer Professor Paul Kelly"
        tail = " ".join(words[-k:])
        if len(words) > k and tail in known.by_name and known.by_name[tail].introduced_at <= offset + len(text):
            person = known.by_name[tail]
            return Speaker(
                AgentDraft("person", person.id),
                0.9,
                f"'{text}' ends with the name of {person.name}; what comes before it is their title",
            )
    placed = re.match(rf"^(?P<who>{NAME_WORD}(?:\s+{PARTICLES}{NAME_WORD}){{0,2}})\s+(?:of|at|from)\s+\S", text)
    if placed:
        # "Hoof of the Netherlands’ Fontys University …": a person and where they work, not an organisation
        who = placed.group("who")
        matches = [known.by_name[who]] if who in known.by_name else known.by_surname.get(who, [])
        if len(matches) == 1 and matches[0].introduced_at <= offset:
            return Speaker(
                AgentDraft("person", matches[0].id),
                0.9,
                f"'{who}' in '{text}' is {matches[0].name}, introduced earlier in the article",
            )
    if re.fullmatch(NAME_WORD, text):
        matches = known.by_surname.get(text, [])
        if len(matches) == 1 and matches[0].introduced_at <= offset:
            return Speaker(
                AgentDraft("person", matches[0].id),
                0.9,
                f"'{text}' is the surname of {matches[0].name}, introduced earlier in the article",
            )
        if len(matches) == 1 and not known.by_first.get(text):
            # "“…,” Clarke said." above "NASA's Steve Clarke, deputy associate administrator, said": a page edited
            # after it was written may name a speaker by surname before it names them in full
            return Speaker(
                AgentDraft("person", matches[0].id),
                0.85,
                f"'{text}' is the surname of {matches[0].name}, named in full later in the article",
            )
        firsts = known.by_first.get(text, []) if not matches else []
        if len(firsts) == 1:
            # "her mother, Fiona, said": the one person of the article with this first name
            return Speaker(
                AgentDraft("person", firsts[0].id),
                0.8,
                f"'{text}' is the first name of {firsts[0].name}, the only person of the article so named",
            )
    honorific = re.match(rf"^{HONORIFIC}\s+(?P<surname>{NAME_WORD})$", text)
    if honorific:
        surname = honorific.group("surname")
        matches = known.by_surname.get(surname, [])
        if len(matches) == 1:
            person = matches[0]
            when = "earlier" if person.introduced_at <= offset else "later"
            score = 0.95 if person.introduced_at <= offset else 0.9
            cred = f", {person.credentials}" if person.credentials else ""
            return Speaker(
                AgentDraft("person", person.id),
                score,
                f"'{text}' resolves to {person.name}{cred}, introduced {when} in the article",
            )
        if len(matches) > 1:
            return Speaker(None, 0.4, f"'{text}' could be any of " + ", ".join(p.name for p in matches))
        near = known.misspelt(surname)
        if len(near) == 1:
            return Speaker(
                AgentDraft("person", near[0].id),
                0.8,
                f"'{text}' is one letter from the surname of {near[0].name}, the only person of the article so "
                "named: read as a misspelling (check it)",
            )
        return Speaker(None, 0.3, f"'{text}' names no one the article introduces")
    person = known.by_name.get(text)
    if person is not None:
        return Speaker(AgentDraft("person", person.id), 0.95, f"'{text}' is {person.name}")
    name = _strip_staff(re.sub(r"^[Tt]he\s+", "", text))
    if _is_organisation(name, known.organisations):
        return Speaker(AgentDraft("organisation", name), 0.95, f"'{text}' names the organisation {name}")
    if re.fullmatch(rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}", name):
        return Speaker(
            AgentDraft("person", name), 0.7, f"'{text}' looks like a person's name but is not introduced in the article"
        )
    return Speaker(None, 0.0, f"'{text}' is not a speaker")


def _is_organisation(name: str, organisations: set[str]) -> bool:
    """``organisations``: the folded names of the organisations known so far."""
    if not name:
        return False
    if fold(name) in organisations:
        return True
    words = name.split()
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z]{2,6}", name))
    return any(w.lower().strip(".,") in ORG_WORDS for w in words)


def _strip_staff(name: str) -> str:
    return re.sub(STAFF + "$", "", name).strip()


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted spans of a block: quote marks (“ ” ") alternate opening and closing."""
    spans, opened = [], None
    for mark in QUOTE_MARK.finditer(text, start, end):
        i = mark.start()
        if opened is None:
            opened = i
        else:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def attribute(
    doc: Document, sentences: list[Sentence], people: People, organisations: dict[str, str]
) -> tuple[dict[int, AttributionDraft], dict[int, list[str]]]:
    """Attributions by sentence index, and notes for review by sentence index (vague or unresolved speakers)."""
    found: dict[int, AttributionDraft] = {}
    review: dict[int, list[str]] = {}
    last: AgentDraft | None = None
    last_named: tuple[int, str] | None = None  # (block, person id) of the last person a tag named (not a pronoun)
    by_block: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        by_block.setdefault(s.block, []).append(i)

    tags: dict[int, object] = {}
    directory = Directory(people.people, organisations)
    carried: tuple[int, AttributionDraft] | None = None  # (block, the last quotation of a person in it)

    def tag_of(j: int):
        if j not in tags:
            tags[j] = _find_tag(doc.text[sentences[j].start : sentences[j].end])
        return tags[j]

    for block_index, indices in by_block.items():
        block = doc.blocks[block_index]
        quotes = Quotes(quotations(doc.text, block.start, block.end))
        sentence_starts = [sentences[j].start for j in indices]
        done: set[tuple[int, int]] = set()  # quotations whose continuing sentences are attributed already
        if block_index in people.callouts:
            pid, line = people.callouts[block_index]
            quotation = _is_quotation(block.text)
            for i in indices:
                s = sentences[i]
                content = _trim(doc.text, s.start, s.end) if quotation else (s.start, s.end)
                found[i] = AttributionDraft(
                    AgentDraft("person", pid),
                    "callout",
                    line.text.strip(),
                    line.start,
                    line.end,
                    content,
                    0.85,
                    "callout",
                    f"the paragraph follows the line '{line.text.strip()}' (a pull quote)"
                    if line.start < block.start
                    else f"the quotation stands right over the line '{line.text.strip()}' (a pull quote and who said it)",
                )
            last = AgentDraft("person", pid)
            carried = None
            continue
        for position, i in enumerate(indices):
            s = sentences[i]
            sentence = doc.text[s.start : s.end]
            vague = VAGUE.search(sentence)
            if vague:
                review.setdefault(i, []).append(
                    f"vague attribution '{vague.group()}': the article names no study or source for it"
                )
            tag = tag_of(i)
            if tag is None:
                continue
            kind, match = tag
            speaker_text = SUBJECT_OF.get(match.group("speaker"), match.group("speaker"))
            tag_start, tag_end = s.start + match.start(), s.start + match.end()
            if kind == "after" and match.group("intro"):
                speaker_text = match.group("intro")
            who = resolve(speaker_text, people.people, organisations, tag_start, last, directory)
            subject = (
                _subject_before(doc, block_index, directory)
                if speaker_text.strip().lower() in PRONOUNS and not any(j in found for j in indices[:position])
                else None
            )
            if subject is None and who.agent is None and speaker_text.strip().lower() in ("he", "she") and block_index:
                # "When Patrick walked in, the women turned around …" then "“Don’t mind me!” he told them.": with no
                # speaker before it, the pronoun is the one person the paragraph right before names (and no one new)
                before = doc.blocks[block_index - 1]
                one = _only_one_named(doc.text[before.start : tag_start], directory)
                if one is not None and not _unknown_name(doc.text[before.start : tag_start], directory):
                    who = Speaker(
                        AgentDraft("person", one),
                        0.8,
                        f"the pronoun '{speaker_text.strip()}' has no speaker before it, and the paragraph right "
                        f"before names one person, {people.people[one].name}",
                    )
            if subject is not None:
                # "<h2>Fiona Parry issued a plea …</h2> “…,” she said.": the person the paragraph or heading right
                # before opens with
                who = Speaker(
                    AgentDraft("person", subject.id),
                    0.85,
                    f"the pronoun '{speaker_text.strip()}' follows the paragraph or heading right before, which opens with {subject.name}",
                )
            elif (
                speaker_text.strip().lower() in ("he", "she")
                and who.agent is not None
                and last_named is not None
                and last_named[1] == who.agent.ref
                and _quoted_since(doc, by_block, found, last_named[0], block_index, who.agent.ref)
                and not _unknown_name(
                    doc.text[doc.blocks[last_named[0]].end if last_named[0] < block_index else block.start : tag_start],
                    directory,
                )
            ):
                # "“…,” said Gordon. … “…,” she said.": the person named in this paragraph or the one right before
                who = Speaker(
                    who.agent,
                    0.85,
                    f"the pronoun '{speaker_text.strip()}' follows {who.agent.ref}, named as the speaker in this paragraph or the one before",
                )
            elif (
                speaker_text.strip().lower() in ("he", "she")
                and (one := _only_one_named(doc.text[block.start : tag_start], directory)) is not None
                and (who.agent is None or who.agent.ref == one)
            ):
                # "… a direct quote from Dr. Wakefield, though he later points out …", "When the immunologist
                # De’Broski Herbert … looked …, he thought … He recalled that …": the one person the paragraph
                # names before its pronoun
                who = Speaker(
                    AgentDraft("person", one),
                    0.85,
                    f"the pronoun '{speaker_text.strip()}' follows {one}, the one person named before it in the paragraph",
                )
            elif who.agent is not None and who.agent.kind == "person" and speaker_text.strip().lower() not in PRONOUNS:
                last_named = (block_index, who.agent.ref)
            if who.agent is None:
                if who.confidence > 0:
                    review.setdefault(i, []).append(f"speaker unresolved: {who.basis}")
                continue
            cue = doc.text[tag_start:tag_end]
            if kind == "after" and match.group("intro"):
                cue = doc.text[tag_start : s.start + match.end("intro")]
            content, mode = _content(doc.text, s, kind, tag_start, tag_end, quotes)
            rule = {"after": "tag-after", "before": "tag-before", "by": "recommended-by"}[kind]
            draft = AttributionDraft(
                who.agent, mode, cue.strip(), tag_start, tag_end, content, who.confidence, rule, who.basis
            )
            found[i] = draft
            last = who.agent
            # the whole quotation the tag closes, and a quotation that goes on in the next sentences
            # (each quotation once: a second tag in it finds its sentences attributed already)
            for q_start, q_end in quotes.overlapping(content[0] - 1, content[1] + 1):
                if (q_start <= content[0] < q_end or q_start < content[1] <= q_end) and (q_start, q_end) not in done:
                    done.add((q_start, q_end))
                    # the sentences of the block that overlap the quotation
                    for j in indices[
                        max(0, bisect_left(sentence_starts, q_start) - 1) : bisect_left(sentence_starts, q_end)
                    ]:
                        other = sentences[j]
                        if j != i and j not in found and other.start < q_end and other.end > q_start and not tag_of(j):
                            found[j] = AttributionDraft(
                                who.agent,
                                "direct-quote",
                                draft.cue,
                                tag_start,
                                tag_end,
                                _inside_quote(doc.text, other, quotes),
                                min(0.85, who.confidence),
                                "continued-quote",
                                f"the quotation continues from the sentence tagged '{draft.cue}'; {who.basis}",
                            )
            if position + 1 < len(indices) and mode == "direct-quote":
                j = indices[position + 1]
                other = sentences[j]
                text = doc.text[other.start : other.end]
                if j not in found and text[:1] in QUOTE_CHARS and text.rstrip()[-1:] in QUOTE_CHARS and not tag_of(j):
                    found[j] = AttributionDraft(
                        who.agent,
                        "direct-quote",
                        draft.cue,
                        tag_start,
                        tag_end,
                        _inside_quote(doc.text, other, quotes),
                        min(0.85, who.confidence),
                        "continued-quote",
                        f"a quotation right after the one tagged '{draft.cue}', without a tag of its own; {who.basis}",
                    )
        _continue_quotations(doc, sentences, indices, quotes, found, tag_of, carried)
        person_quotes = [
            found[i]
            for i in indices
            if i in found and found[i].agent.kind == "person" and found[i].mode == "direct-quote"
        ]
        carried = (block_index, person_quotes[-1]) if person_quotes else None
    _open_quotations(doc, sentences, by_block, found, tag_of)
    _block_quotations(doc, sentences, by_block, found, people, organisations, directory)
    _list_lead_ins(doc, sentences, people, found)
    _first_person(doc, sentences, people, found, tag_of)
    return found, review


def _quoted_share(text: str, s: Sentence, quotes: Quotes) -> float:
    """How much of a sentence (its non-space characters) stands inside quotation marks."""
    inside = sum(min(b, s.end) - max(a, s.start) for a, b in quotes.overlapping(s.start, s.end))
    return inside / max(1, s.end - s.start)


def _closes_on_quotation(text: str, s: Sentence, quotes: Quotes) -> bool:
    """Whether a sentence ends with a quotation of five words or more ('Just because …, “that doesn’t mean that’s
    the order in which it evolved.”'): a clause quoted as said, however long the writer's lead-in."""
    spans = quotes.overlapping(s.start, s.end)
    if not spans:
        return False
    a, b = spans[-1]
    return not text[b : s.end].strip(" .,;:!?”’\"'") and len(text[a:b].split()) >= 5


def _continue_quotations(
    doc: Document,
    sentences: list[Sentence],
    indices: list[int],
    quotes: Quotes,
    found: dict[int, AttributionDraft],
    tag_of,
    carried: tuple[int, AttributionDraft] | None,
) -> None:
    """A quoted sentence without a tag of its own is the speaker's whose quotation the paragraph tags (the
    nearest tagged quotation before it in the paragraph, else after it); a paragraph that opens with a
    quotation and has no tag at all goes on with the quotation that closes the paragraph before it (a quote
    that runs over paragraphs, or a speaker's next paragraph)."""
    quoted = [
        i
        for i in indices
        if i not in found
        and not tag_of(i)
        and (
            _quoted_share(doc.text, sentences[i], quotes) >= 0.5 or _closes_on_quotation(doc.text, sentences[i], quotes)
        )
    ]
    if not quoted:
        return
    tagged = [i for i in indices if i in found and found[i].agent.kind == "person" and found[i].mode == "direct-quote"]
    said = [i for i in indices if i in found and found[i].agent.kind == "person" and found[i].rule.startswith("tag-")]
    if not tagged and said:
        # "That can be a barrier, says Luke Funk, a surgery professor. “One potential advantage …”": a quotation
        # after a person's paraphrase in the paragraph, with no tag of its own, is theirs
        for i in [i for i in quoted if any(t < i for t in said)]:
            source = found[max(t for t in said if t < i)]
            found[i] = _continued(
                source,
                doc.text,
                sentences[i],
                0.85,
                f"a quotation after the statement tagged '{source.cue}' in the same paragraph, without a tag of its own",
            )
        quoted = [i for i in quoted if i not in found]
        if not quoted:
            return
    if not tagged:
        first = doc.text[sentences[indices[0]].start : sentences[indices[0]].end]
        block = sentences[indices[0]].block
        if (
            carried is None
            or carried[0] != _previous_block(doc, block)
            or first[:1] not in QUOTE_CHARS
            or any(tag_of(i) for i in indices)
        ):
            return
        source = carried[1]
        for i in quoted:
            found[i] = _continued(
                source,
                doc.text,
                sentences[i],
                0.8,
                f"the paragraph opens with a quotation and names no speaker: it goes on from the quotation tagged '{source.cue}' in the paragraph before",
            )
        return
    for i in quoted:
        before = [t for t in tagged if t < i]
        source = found[before[-1] if before else tagged[0]]
        found[i] = _continued(
            source,
            doc.text,
            sentences[i],
            0.85,
            f"a quotation in the paragraph of the one tagged '{source.cue}', without a tag of its own",
        )


def _continued(source: AttributionDraft, text: str, s: Sentence, cap: float, basis: str) -> AttributionDraft:
    """A sentence that goes on with the quotation ``source`` tags: the same speaker, at most ``cap`` sure."""
    return AttributionDraft(
        source.agent,
        "direct-quote",
        source.cue,
        source.cue_start,
        source.cue_end,
        _trim(text, s.start, s.end),
        min(cap, source.confidence),
        "continued-quote",
        basis,
    )


def _open_quotations(
    doc: Document, sentences: list[Sentence], by_block: dict[int, list[int]], found: dict[int, AttributionDraft], tag_of
) -> None:
    """A quotation that runs over paragraphs opens each with a quote mark and closes only in the last one, where
    the tag may stand: a paragraph that opens a quotation it does not close, with no tag, is the speaker's of the
    next paragraph when that one opens with a quotation tagged to a person."""
    for block_index in sorted(by_block, reverse=True):
        indices = by_block[block_index]
        block = doc.blocks[block_index]
        text = block.text.strip()
        if (
            any(i in found or tag_of(i) for i in indices)
            or text[:1] not in QUOTE_CHARS
            or len(QUOTE_MARK.findall(text)) % 2 == 0
        ):
            continue
        after = next((b for b in doc.blocks[block_index + 1 :]), None)
        if (
            after is None
            or after.kind == "heading"
            or after.text.strip()[:1] not in QUOTE_CHARS
            or after.index not in by_block
        ):
            continue
        tagged = [
            found[j]
            for j in by_block[after.index]
            if j in found and found[j].agent.kind == "person" and found[j].mode == "direct-quote"
        ]
        if not tagged:
            continue
        source = tagged[0]
        for i in indices:
            found[i] = _continued(
                source,
                doc.text,
                sentences[i],
                0.8,
                f"the paragraph opens a quotation that the next paragraph, tagged '{source.cue}', goes on with",
            )


def _quoted_since(
    doc: Document, by_block: dict[int, list[int]], found: dict[int, AttributionDraft], named: int, block: int, ref: str
) -> bool:
    """Whether ``block`` is the paragraph where a person was named (``named``), or follows it with only that
    person's quotation in the paragraphs between ("“…,” said Gordon. / “…” / She added: “…”")."""
    current = block
    for _ in range(5):
        if current == named:
            return True
        previous = _previous_block(doc, current)
        if previous is None:
            return False
        if previous != named and not all(
            i in found and found[i].agent.ref == ref for i in by_block.get(previous, [-1])
        ):
            return False
        current = previous
    return False


def _subject_before(doc: Document, block: int, directory: Directory) -> PersonDraft | None:
    """The person the block right before ``block`` (a paragraph or a heading) opens with, by full name."""
    if block == 0:
        return None
    before = doc.blocks[block - 1]
    opening = re.match(rf"\s*(?:{HONORIFIC}\s+)?(?P<name>{NAME_WORD}(?:\s+{PARTICLES}{NAME_WORD}){{1,2}})", before.text)
    if opening and not QUOTE_MARK.search(before.text):
        return directory.by_name.get(opening.group("name"))
    # the paragraph closes on a sentence whose subject is one person, by surname ("Locksley had barely even heard of
    # them.", then "“Even textbooks … did,” he said."): news style introduces the speaker right before the quotation
    closing = split_sentences(doc.text, before.start, before.end, before.index)[-1:]
    if before.kind != "paragraph" or not closing or QUOTE_MARK.search(closing[0].text):
        return None
    subject = re.match(rf"(?P<surname>{NAME_WORD})\s+(?!and\b|or\b)[a-z]", closing[0].text)
    known = directory.by_surname.get(subject.group("surname"), []) if subject else []
    return known[0] if len(known) == 1 else None


#: the sentence after a block quotation that says whose words it holds: "This apparently is a direct quote from
#: Dr. Wakefield, …", "These are the words of Jane Roe."
QUOTE_FROM = re.compile(
    rf"\b(?:quote|quotation|words|excerpt)\s+(?:is\s+)?(?:from|of|by)\s+(?P<speaker>(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})"
)


def _block_quotations(
    doc: Document,
    sentences: list[Sentence],
    by_block: dict[int, list[int]],
    found: dict[int, AttributionDraft],
    people: People,
    organisations: dict[str, str],
    directory: Directory,
) -> None:
    """A block quotation (one block or several in a row) with no speaker tagged inside it, followed by a paragraph
    whose first sentence says whose quote it is ("This apparently is a direct quote from Dr. Wakefield"): each of
    its sentences is that person's direct quote."""
    quoted = sorted(doc.quoted)
    for k, block_index in enumerate(quoted):
        if k + 1 < len(quoted) and quoted[k + 1] == block_index + 1:
            continue  # the run goes on: read from its last block
        run = [block_index]
        while run[0] - 1 in doc.quoted:
            run.insert(0, run[0] - 1)
        indices = [i for b in run for i in by_block.get(b, [])]
        after = next((b for b in range(block_index + 1, len(doc.blocks)) if b in by_block), None)
        if not indices or any(i in found for i in indices) or after is None or after in doc.quoted:
            continue
        if doc.blocks[after].kind == "heading":
            continue
        first = sentences[by_block[after][0]]
        said = QUOTE_FROM.search(doc.text, first.start, first.end)
        if said is None:
            continue
        who = resolve(said.group("speaker"), people.people, organisations, said.start(), None, directory)
        if who.agent is None or who.agent.kind != "person":
            continue
        for i in indices:
            s = sentences[i]
            found[i] = AttributionDraft(
                who.agent,
                "direct-quote",
                said.group().strip(),
                said.start(),
                said.end(),
                _trim(doc.text, s.start, s.end),
                min(0.8, who.confidence),
                "block-quote",
                f"the block quotation is followed by '{said.group().strip()}'; {who.basis}",
            )


def _unknown_name(text: str, directory: Directory) -> bool:
    """Whether ``text`` names, by first name and surname, someone who is no person of the article: "When Afghan
    President Ashraf Ghani first announced …, he said …" (his "he" is not the last speaker's). A name is two
    capitalised words after an office ("President") or before an appositive's comma ("Marco Villa, the …"); "the
    northern Sierra Nevada has seen" names a place."""
    for run in NAME_RUN.finditer(text):
        words = run.group().split()
        if len(words) < 2 or words[-1] in directory.by_surname or _not_a_name(" ".join(words[-2:])):
            continue
        if text[run.end() : run.end() + 1] == "," or (
            len(words) > 2 and re.fullmatch(OFFICE_WORD, words[-3], re.IGNORECASE)
        ):
            return True
    return False


def _only_one_named(text: str, directory: Directory) -> str | None:
    """The id of the one person whose surname ``text`` writes (as a word), else None (no one, or several); one
    pass over the text's capitalised words."""
    named = {p.id for word in re.findall(r"[A-Z][\w'’-]{0,40}", text) for p in directory.by_surname.get(word, [])}
    return named.pop() if len(named) == 1 else None


def _previous_block(doc: Document, block: int) -> int | None:
    """The paragraph before ``block`` (None if a heading comes between)."""
    for other in reversed(doc.blocks[:block]):
        if other.kind == "heading":
            return None
        return other.index
    return None


#: the writer speaking in the first person, outside quotation marks
FIRST_PERSON = re.compile(r"(?<![\w’'])(?:I|I[’'](?:m|ve|d|ll)|[Mm]y|me)(?![\w’'])")
#: a sentence whose subject is the writer: "I am writing …", "I write on behalf of …", "My colleagues and I …"
OPENS_IN_FIRST_PERSON = re.compile(r"\s*(?:I|I[’'](?:m|ve|d|ll)|My)\s")
#: "I" as a Roman numeral: "type I diabetes", "phase I trial", "World War I", "grade I/II"
ROMAN_I_BEFORE = re.compile(
    r"\b(?:type|phase|stage|class|grade|war|part|chapter|level|tier|schedule|appendix|category|section|volume|"
    r"division|title|article|step|group|arm|cohort|act|figure|table|book)\s+$",
    re.IGNORECASE,
)
ROMAN_I_AFTER = re.compile(r"\s*(?:/|-|–|\)|,?\s*(?:and|or|to)\s+I?II\b|,\s*II\b)")


def _first_person(
    doc: Document, sentences: list[Sentence], people: People, found: dict[int, AttributionDraft], tag_of
) -> None:
    """Where the article names one author (a byline or the page's metadata), a sentence in which the writer
    speaks in the first person ("I", "my", "me", outside quotation marks and outside a block quotation) is the
    author's statement."""
    authors = [p for p in people.people.values() if "author" in p.roles]
    if len(authors) != 1:
        return
    author = authors[0]
    quotes_of: dict[int, Quotes] = {}
    for i, s in enumerate(sentences):
        # a sentence tagged as someone else's speech is theirs, unless the writer is its subject ("I am writing … to
        # draw your attention to NCD's study, an agency that advises Congress": "advises Congress" is no tag of it)
        if i in found or (tag_of(i) and not OPENS_IN_FIRST_PERSON.match(doc.text, s.start)):
            continue
        if s.block in doc.quoted:
            continue  # a block quotation is someone else's words: its "I" is theirs, never the writer's
        if s.block not in quotes_of:
            block = doc.blocks[s.block]
            quotes_of[s.block] = Quotes(quotations(doc.text, block.start, block.end))
        quotes = quotes_of[s.block]
        for m in FIRST_PERSON.finditer(doc.text, s.start, s.end):
            if quotes.overlapping(m.start(), m.end()):
                continue
            if m.group() == "I" and (
                ROMAN_I_BEFORE.search(doc.text, max(0, m.start() - 20), m.start())
                or ROMAN_I_AFTER.match(doc.text, m.end())
            ):
                continue
            found[i] = AttributionDraft(
                AgentDraft("person", author.id),
                "paraphrase",
                m.group(),
                m.start(),
                m.end(),
                (s.start, s.end),
                0.85,
                "first-person",
                f"the writer speaks in the first person ('{m.group()}'), and the article names one author, {author.name}",
            )
            break


def _list_lead_ins(
    doc: Document, sentences: list[Sentence], people: People, found: dict[int, AttributionDraft]
) -> None:
    """ "Here are four tips from X:" attributes the opening sentence of each item of the list that follows
    (skipping a pull quote or a name line inside the list) to X."""
    first_of_block: dict[int, int] = {}
    for i, s in enumerate(sentences):
        first_of_block.setdefault(s.block, i)
    for i, draft in list(found.items()):
        s = sentences[i]
        if draft.rule != "recommended-by" or not doc.text[s.start : s.end].rstrip().endswith(":"):
            continue
        for block in doc.blocks[s.block + 1 :]:
            if block.index in people.consumed or block.index in people.callouts:
                continue
            if block.kind not in ("item", "numbered"):
                break
            j = first_of_block.get(block.index)
            if j is not None and j not in found:
                other = sentences[j]
                found[j] = AttributionDraft(
                    draft.agent,
                    "paraphrase",
                    draft.cue,
                    draft.cue_start,
                    draft.cue_end,
                    (other.start, other.end),
                    min(0.8, draft.confidence),
                    "list-lead-in",
                    f"the list is introduced by '{doc.text[s.start : s.end].strip()}'",
                )


def names_a_speaker(sentence: str) -> bool:
    """Whether a sentence carries an attribution tag ("says Dr. Roe", "In Roe's words")."""
    return _find_tag(sentence) is not None


def _find_tag(sentence: str):
    """The attribution tag of a sentence: ("after" | "before" | "by", match), the last one if several."""
    best = None
    subject_verbs = {m.start("verb") for m in SPEAKER_BEFORE.finditer(sentence)}
    # a subject set off by an appositive ("Marco Villa, the company’s chief operating officer, said Tyvak would …"):
    # the word after the verb is the said clause's subject where a lowercase verb follows it
    named_verbs = {
        m.start("verb") for pattern in (WHO_BEFORE, FULL_NAME_BEFORE, NAME_SET_OFF) for m in pattern.finditer(sentence)
    }
    for kind, pattern in (
        ("after", SPEAKER_AFTER),
        ("before", SPEAKER_BEFORE),
        ("by", RECOMMENDED_BY),
        ("before", IN_WORDS),
        ("before", IN_THEIR_VIEW),
        ("before", SHARED_SUBJECT),
        ("before", WHO_BEFORE),
        ("before", FULL_NAME_BEFORE),
        ("before", NAME_SET_OFF),
        ("before", SAYING),
        ("before", KIN_NAMED),
        ("before", RESPECTIVELY),
    ):
        for match in pattern.finditer(sentence):
            speaker = match.group("speaker")
            if speaker.split()[-1] in ("I", "We"):
                continue  # "As I wrote …": the writer, read by the first-person rule
            if kind == "after" and match.group("verb") in LISTENER_AFTER:
                continue  # "…, told Newsweek": who was told, not who spoke
            if match.groupdict().get("verb") in LISTENER_AFTER and NARRATED.match(sentence, match.end()):
                continue  # "the authors told the tale of a 43-year-old man": a case retold, not speech
            if kind == "after" and speaker.split()[0].lower() in WHEN_WORDS:
                continue  # "Patrick said Tuesday night": when it was said, not who said it
            if kind == "after" and match.group("verb") in NOT_SPEECH_AFTER:
                continue  # "he expects Amphora, the company’s lead product, to …": what is expected, not who
            if speaker.lower() in PRONOUNS and (
                REPORTED_SUBJECT.search(sentence, max(0, match.start() - 40), match.start())
                or (kind == "after" and re.match(r"\s+[a-z]", sentence[match.end() : match.end() + 2]))
            ):
                continue  # "Leland Gershell said he expects …": the subject of what was said, not a new speaker
            if (
                kind == "before"
                and pattern is SPEAKER_BEFORE
                and match.group("verb") in NOT_SPEECH_BEFORE_TO
                and re.match(r"\s+to\s", sentence[match.end() :])
            ):
                continue
            if kind == "after" and match.group("verb") == "according to" and re.match(r"^(?:a|an)\s", speaker):
                continue
            if kind == "after" and (
                speaker.endswith(("'s", "’s")) or sentence[match.end() : match.end() + 2] in ("'s", "’s")
            ):
                continue  # "he says Kingma's sample is small": a possessive, not the speaker
            if kind == "before" and match.start() > 0 and sentence[match.start() - 1].isalnum():
                continue
            if kind == "after" and (
                match.start("verb") in subject_verbs
                or (match.group("verb") in OBJECT_VERBS and SAID_CLAUSE.match(sentence, match.end()))
                or (match.start("verb") in named_verbs and SAID_CLAUSE.match(sentence, match.end()))
            ):
                continue  # "He urged Vietnam to push back": the verb's subject speaks, its object does not
            if best is None or match.start() > best[1].start():
                best = (kind, match)
    if best is not None and best[1].group("speaker") not in PRONOUNS:
        # "X, M.D., and Y, M.D., of A and B, respectively, agreed": the tag is the first person's, not B's
        for match in RESPECTIVELY.finditer(sentence, 0, best[1].end()):
            if match.end() == best[1].end():
                return ("before", match)
    return best


#: verbs whose object is who is asked or urged ("advocates have asked HHS to collect data"): the word after them
#: is no speaker where the sentence goes on ("“Could it live there?” asked Malaska." names one)
OBJECT_VERBS = {"asked", "urged", "urges", "reminds"}
#: what follows the subject of a said clause: a lowercase word that is no preposition of a speaker's place or
#: appositive ("said Tyvak would", not "said Jane Roe of Acme" or "said Roe, who …")
SAID_CLAUSE = re.compile(r"\s+(?!of\b|at\b|from\b|in\b|for\b|with\b|who\b|and\b)[a-z]")
#: a speech verb right before a pronoun: the pronoun is the subject of the clause said ("said he expects")
REPORTED_SUBJECT = re.compile(rf"\b{VERB}\s+(?:that\s+)?$")


class Quotes(list):
    """The quotations of a block: disjoint (start, end) spans in order, found by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        super().__init__(spans)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations that overlap text[start:end], in order."""
        return self[bisect_right(self.ends, start) : bisect_left(self.starts, end)]


def _content(
    text: str, s: Sentence, kind: str, tag_start: int, tag_end: int, quotes: Quotes
) -> tuple[tuple[int, int], str]:
    """The statement a tag belongs to, without the tag and its quote marks, and whether it is quoted.

    A quotation in the sentence is the statement; otherwise the words before a closing tag (", notes X"),
    after an opening one ("According to X, …", "X advises drinking …"), and for "recommended by X" the
    whole sentence."""
    inside = [(a, b) for a, b in quotes.overlapping(s.start, s.end) if b <= tag_start or a >= tag_end]
    if inside and kind != "by":
        a, b = max(inside, key=lambda span: span[1] - span[0])
        if len(text[a:b].split()) <= 2 and len(text[s.start : s.end].split()) > 8:
            # 'they may assume the disease is "unexplained," and …, he added': a word quoted as a term inside a
            # paraphrase is not the statement
            inside = []
    if inside:
        a, b = max(inside, key=lambda span: span[1] - span[0])
        a, b = max(a, s.start), min(b, s.end)
        return _trim(text, a, b), "direct-quote"
    if kind == "by":
        return (s.start, s.end), "paraphrase"
    before = text[s.start : tag_start].strip(" ,;:")
    after = text[tag_end : s.end].strip(" ,;:.")
    if kind == "after" and text[tag_start : tag_start + 12].lower() == "according to" and len(after.split()) >= 4:
        # "… remains low (according to the NCI, less than 5% of adults take part) [4]": what follows is the statement
        return _trim(text, tag_end, s.end), "paraphrase"
    if (
        kind == "before"
        and after
        and before
        and text[tag_start - 2 : tag_start].strip() == ","
        and MID_TAG_END.match(text, tag_end, s.end)
    ):
        # "Determining X will be important, Dr. Umar stressed, because …", "The team, Dr. Burn said in a
        # podcast, will …": a tag set in the middle of the statement, whose subject stands before it: the whole sentence
        return _trim(text, s.start, s.end), "paraphrase"
    if kind == "before" and before and SAID_WHERE.fullmatch(text, tag_end, s.end):
        # "Next steps … on Friday, Claure said in the email.": what follows the verb says where or when it was
        # said; the statement is before the tag
        return _trim(text, s.start, tag_start), "paraphrase"
    if kind == "before" and after:
        return _trim(text, tag_end, s.end), "paraphrase"
    if before and (kind == "after" or not after):
        return _trim(text, s.start, tag_start), "paraphrase"
    return _trim(text, tag_end, s.end), "paraphrase"


#: what may follow "X said" at the end of a sentence, saying where, when or to whom it was said: " in a statement.",
#: " Tuesday night in Columbia.", " in an email to staff."
SAID_WHERE = re.compile(
    r"(?:\s+(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?)?"
    r"(?:\s+(?:in|on|at|during|via|to|through|from)(?:\s+[^\s,;:“”\"]{1,30}){1,6})?\s*[.!?]?\s*"
)
#: the end of a tag set in the middle of a sentence: a comma, after where it was said ("said in a podcast,")
MID_TAG_END = re.compile(r"(?:\s+(?:in|on|at|to)\s[^,.;:“”\"]{0,60})?,")


def _inside_quote(text: str, s: Sentence, quotes) -> tuple[int, int]:
    return _trim(text, s.start, s.end)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Drop quote marks, spaces, and a final comma or "that" from a span."""
    while a < b and (text[a] in QUOTE_CHARS + " ,:;" or text[a].isspace()):
        a += 1
    if text[a : a + 5].lower() == "that ":
        a += 5
    while b > a and (text[b - 1] in QUOTE_CHARS + " ,;:" or text[b - 1].isspace()):
        b -= 1
    return a, b
