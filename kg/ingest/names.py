"""A person's name and the credentials they sign with, as articles print them: "Steven Goostree, PT, DPT",
"Dr. Lisa Tran", "Nicola Müller, Ph.D.".

The patterns of kg.ingest.attribution, which finds who says what, and of kg.ingest.segment, for which a line that
is a name with credentials is no heading. Credentials are a fixed list (MD, DO, PhD, PT, DPT, RN, …), also
written with full stops ("Ph.D.", "M.D.").
"""

from __future__ import annotations

import re

CREDENTIALS = (
    "MD",
    "DO",
    "PhD",
    "PharmD",
    "DPT",
    "PT",
    "MPT",
    "MSPT",
    "OCS",
    "SCS",
    "CSCS",
    "ATC",
    "LAT",
    "RN",
    "BSN",
    "MSN",
    "NP",
    "FNP",
    "FNP-BC",
    "APRN",
    "PA",
    "PA-C",
    "MPH",
    "MBA",
    "MS",
    "MSc",
    "MA",
    "BS",
    "BSc",
    "RD",
    "RDN",
    "LD",
    "LDN",
    "CDE",
    "CDCES",
    "DC",
    "DDS",
    "DMD",
    "OD",
    "FACS",
    "FAAOS",
    "FACP",
    "FAAP",
    "FACC",
    "FRCP",
    "FRCS",
    "FRCPC",
    "CPT",
    "CHES",
    "LCSW",
    "PsyD",
    "EdD",
    "DrPH",
    "OTR",
    "OTR/L",
    "OT",
    "OTD",
    "MSW",
    "CNM",
    "IBCLC",
    "FACOG",
    "FACEP",
    "MBBS",
    "MBChB",
    "MPhil",
    "DSc",
    "ScD",
    "MHS",
    "MEd",
    "CCC-SLP",
    "SLP",
    "RPh",
    "CRNA",
    "DNP",
    "EMT",
    "NASM-CPT",
    "ACSM",
    "CES",
    "PES",
    "FAAPMR",
    "MMSc",
)
DOCTOR_CREDENTIALS = {
    "MD",
    "DO",
    "PhD",
    "PharmD",
    "DPT",
    "DC",
    "DDS",
    "DMD",
    "OD",
    "PsyD",
    "EdD",
    "DrPH",
    "MBBS",
    "MBChB",
    "OTD",
    "DNP",
    "DSc",
    "ScD",
}
#: credentials as printed with full stops ("Ph.D.", "M.D.", "M.P.H."): the same letters, a stop after each part
DOTTED_CREDENTIALS = (
    "Ph.D.",
    "M.D.",
    "D.O.",
    "M.P.H.",
    "R.N.",
    "Pharm.D.",
    "D.P.T.",
    "P.T.",
    "Psy.D.",
    "Ed.D.",
    "Dr.P.H.",
    "Sc.D.",
    "M.S.",
    "M.Sc.",
    "M.A.",
    "B.S.",
    "B.Sc.",
    "M.B.A.",
    "D.C.",
    "D.D.S.",
    "D.M.D.",
    "N.P.",
    "P.A.",
    "R.D.",
    "M.B.B.S.",
    "F.A.C.S.",
    "F.A.A.P.",
    "F.A.C.C.",
    "F.A.C.P.",
    "F.R.C.P.",
    "M.S.W.",
    "L.C.S.W.",
    "D.N.P.",
    "O.D.",
)
CRED = (
    "(?:"
    + "|".join(re.escape(c) for c in sorted(DOTTED_CREDENTIALS, key=len, reverse=True))
    + r"(?![\w/-])|"
    + "|".join(re.escape(c) for c in sorted(CREDENTIALS, key=len, reverse=True))
    + r"(?![\w/-]))"
)
#: Every repetition below is bounded and a name never starts inside a word, so that each pattern reads a block in
#: linear time (unbounded, they backtracked over a long run of capitals or of short words in time that grew faster
#: than the run): a name word has at most 40 letters, a name at most four words, a list of credentials at most six.
#: a word that is never part of a person's name, though capitalised: a credential ("Angela Wunder PT"), a word that
#: ends in capitals after small letters (a brand: "WebMD"), or a word of a byline's desk ("Health News")
NOT_NAME_WORD = rf"(?:{CRED}|[A-Z][a-z]+[A-Z]{{2,}}(?![a-z])|(?:Health|News|Staff|Writer|Reporter|Contributor|Editor|Correspondent)(?![\w'’-]))"
#: letters of names written in Latin script, accented ones included ("Nicola Müller", "José Núñez", "Łukasz")
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ž"
NAME_WORD = rf"(?-i:(?<![{LETTER}'’-])(?!{NOT_NAME_WORD})[{UPPER}][{LETTER}'’-]{{1,40}})"  # capitalised, also in a pattern that ignores case
#: the small words inside names: "Ludwig van Beethoven", "Maria de la Cruz"
PARTICLES = r"(?:(?:van|von|de|da|del|della|der|di|du|la|le|ter|ten|bin|al|el|dos|das)\s+){0,2}"
CREDS = rf"{CRED}(?:,?\s+{CRED}){{0,5}}"
HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor)\.?"
NAME = rf"(?:{HONORIFIC}\s+)?{NAME_WORD}(?:\s+{PARTICLES}(?:[A-Z]\.|{NAME_WORD})){{1,3}}"
#: a name with credentials: "Steven Goostree, PT, DPT"
PERSON_INTRO = re.compile(rf"(?P<name>{NAME}),\s+(?P<creds>{CREDS})")
PERSON_LINE = re.compile(rf"^\s*(?P<name>{NAME}),\s+(?P<creds>{CREDS})\s*$")
