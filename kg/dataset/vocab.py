"""The controlled values of the curated format, each mapped to its IRI.

Plain strings (no rdflib) so that loaders and queries can use them cheaply. The curated YAML uses
the keys; the graph uses the IRIs. docs/data-format.md documents the same lists.
"""

from kg.iris import (  # noqa: F401 (re-exported)
    ECO_CLINICAL_STUDY,
    ECO_EXPERT,
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    EKG,
    PREFIXES,
)

SCHEMA = PREFIXES["schema"]
OBO = PREFIXES["obo"]
CITO = PREFIXES["cito"]

#: claim type key -> ekg class
CLAIM_TYPES: dict[str, str] = {
    "statistical": EKG + "StatisticalClaim",
    "association": EKG + "AssociationClaim",
    "causal": EKG + "CausalClaim",
    "recommendation": EKG + "RecommendationClaim",
    "expert-opinion": EKG + "ExpertOpinionClaim",
    "red-flag": EKG + "RedFlagClaim",
    "marketing": EKG + "MarketingClaim",
    "factual": EKG + "FactualClaim",
}
CLAIM_TYPE_BY_IRI = {iri: key for key, iri in CLAIM_TYPES.items()}

#: measure key -> STATO class, where one fits
MEASURES: dict[str, str | None] = {
    "prevalence": OBO + "STATO_0000412",
    "incidence": OBO + "STATO_0000413",
    "odds-ratio": OBO + "STATO_0000182",
    "risk-ratio": OBO + "STATO_0000245",
    "proportion": None,
    "composition": None,
    "amount": None,
    "duration": None,
    "frequency": None,
    "distance": None,
    "count": None,
    "price": None,
    "rate": None,
}

#: unit key -> (schema:unitText, UN/CEFACT common code or None)
UNITS: dict[str, tuple[str, str | None]] = {
    "percent": ("percent", "P1"),
    "times": ("times", None),
    "ratio": ("ratio", None),
    "fluid-ounce": ("fluid ounce", "OZA"),
    "ounce": ("ounce", "ONZ"),
    "minute": ("minute", "MIN"),
    "hour": ("hour", "HUR"),
    "day": ("day", "DAY"),
    "week": ("week", "WEE"),
    "month": ("month", "MON"),
    "year": ("year", "ANN"),
    "mile": ("mile", "SMI"),
    "kilometre": ("kilometre", "KMT"),
    "miles-per-week": ("miles per week", None),
    "per-week": ("times per week", None),
    "per-day": ("times per day", None),
    "count": ("count", "C62"),
    "usd": ("US dollar", None),
    "gbp": ("pound sterling", None),
    "eur": ("euro", None),
    "members": ("members", None),
    "companies": ("companies", None),
    "exercises": ("exercises", None),
    # units of time, distance, volume and mass that drafted articles (ekg ingest) state
    "second": ("second", "SEC"),
    "metre": ("metre", "MTR"),
    "centimetre": ("centimetre", "CMT"),
    "millimetre": ("millimetre", "MMT"),
    "foot": ("foot", "FOT"),
    "millilitre": ("millilitre", "MLT"),
    "microlitre": ("microlitre", "4G"),
    "litre": ("litre", "LTR"),
    "cup": ("cup", "G21"),
    "milligram": ("milligram", "MGM"),
    "gram": ("gram", "GRM"),
    "kilogram": ("kilogram", "KGM"),
    "pound": ("pound", "LBR"),
    # concentrations as papers print them (kg.ingest.quantities.CASED_UNITS)
    "micromolar": ("micromole per litre", None),
    "millimolar": ("millimole per litre", None),
    "nanomolar": ("nanomole per litre", None),
    "nanogram-per-millilitre": ("ng/mL", None),
    "picogram-per-millilitre": ("pg/mL", None),
    "microgram-per-millilitre": ("µg/mL", None),
    "milligram-per-decilitre": ("mg/dL", None),
    "gram-per-decilitre": ("g/dL", None),
    "milligram-per-litre": ("mg/L", None),
    "millimole-per-litre": ("mmol/L", None),
    "micromole-per-litre": ("µmol/L", None),
    "degree-celsius": ("degree Celsius", "CEL"),
    "degree-fahrenheit": ("degree Fahrenheit", "FAH"),
    "per-month": ("times per month", None),
    "per-year": ("times per year", None),
}

#: CiTO properties a claim may cite a source with. All are subproperties of cito:cites.
CITO_INTENTS = (
    "citesAsDataSource",
    "citesAsEvidence",
    "obtainsSupportFrom",
    "citesAsAuthority",
    "citesForInformation",
    "citesAsRecommendedReading",
    "disputes",
)

#: cue type key -> ekg concept
CUE_TYPES: dict[str, str] = {
    "explicit": EKG + "ExplicitCue",
    "organisation": EKG + "OrganisationCue",
    "implicit": EKG + "ImplicitCue",
}
CUE_TYPE_BY_IRI = {iri: key for key, iri in CUE_TYPES.items()}

ATTRIBUTION_MODES = ("direct-quote", "paraphrase", "callout")

#: person role key -> prov:Role individual
ROLES: dict[str, str] = {
    "quoted-expert": EKG + "QuotedExpert",
    "medical-reviewer": EKG + "MedicalReviewer",
    "clinical-reviewer": EKG + "ClinicalReviewer",
    "author": EKG + "Author",
}
ROLE_BY_IRI = {iri: key for key, iri in ROLES.items()}
REVIEWER_ROLES = ("medical-reviewer", "clinical-reviewer")

#: concept kind -> class
CONCEPT_KINDS: dict[str, str] = {
    "condition": SCHEMA + "MedicalCondition",
    "cause": EKG + "Cause",
    "intervention": EKG + "Intervention",
    "exercise": EKG + "Exercise",
    "symptom": SCHEMA + "MedicalSignOrSymptom",
    "anatomy": SCHEMA + "AnatomicalStructure",
    "population": EKG + "Population",
    "drug": SCHEMA + "Drug",
    "organisation-program": SCHEMA + "Service",
}

DESIGN = PREFIXES["design"]
LEVEL = PREFIXES["level"]
STUDY_DESIGNS = (
    "systematic-review",
    "rct",
    "cohort",
    "case-control",
    "cross-sectional",
    "case-series",
    "computational-model",
    "guideline",
    "clinical-reference",
    "narrative-review",
    "expert-opinion",
    "grey-literature",
)
EVIDENCE_LEVELS = ("level-1", "level-2", "level-3", "level-4", "level-5", "ungraded")

#: The agent that curated the bundled data; usable as ``rated_by``/``recorded_by`` in any article.
CURATORS = "evidence-kg-curators"

#: ECO evidence types
ECO_LABELS = {
    ECO_CLINICAL_STUDY: "statement supported by a referenced clinical study",
    ECO_TRACEABLE: "statement supported by a traceable reference",
    ECO_UNTRACEABLE: "statement without traceable support",
    ECO_EXPERT: "expert opinion",
}

RATING = PREFIXES["id"] + "rating/"
#: a reviewer's verdict on a claim -> (label, ClaimReview ratingValue on a 1-5 scale or None); SKOS concepts of
#: ontology/schemes.ttl (scheme id/scheme/verdict-rating)
RATINGS: dict[str, tuple[str, int | None]] = {
    "supported": ("supported by its source", 5),
    "overstated": ("partly supported / overstated", 3),
    "not-supported": ("not supported by the cited source", 1),
    "needs-source": ("needs a source", 2),
    "outdated": ("outdated", 2),
    "not-checkable": ("not checkable", None),
}
FINDING_DECISIONS = ("accepted", "dismissed")
