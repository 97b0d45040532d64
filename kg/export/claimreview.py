"""schema.org ClaimReview JSON-LD: one review per claim, the way fact-checkers publish them.

Each ``ClaimReview`` reviews a ``Claim`` (its normalised statement as ``claimReviewed`` and ``text``), which
``appearance`` points to the quoted span (a ``Quotation`` whose ``text`` is the exact quote and which
``isPartOf`` the article) and whose ``firstAppearance`` is the article itself (as far as the graph knows,
where the claim first appeared). Where a reviewer judged the claim (reviewed.yaml) and it has not changed since,
the review is theirs: ``author`` the reviewer (a Person with ``honorificSuffix``), ``datePublished`` their date,
``reviewRating`` their rating on the verdict scale (``alternateName``) with their explanation. Otherwise (and
``description`` says so) its ``author`` is the evidence-kg audit; its ``reviewRating`` is the rating
of ``kg.export.common`` (1-5, ``alternateName`` the verdict's name, ``ratingExplanation`` why, with the
scale). ``datePublished`` is when the audit ran, if the graph records it, else the export's generation time.

The document uses ``"@context": "https://schema.org"`` as search engines expect. A fact-check page would add
the review's own ``url``; the graph has no such page, so there is none. The structure is checked against
schema.org's definitions by ``kg.export.schemaorg.check``.
"""

from __future__ import annotations

import json

from kg.export.registry import exporter
from kg.iris import ID

SCHEMA_CONTEXT = "https://schema.org"


def review_iri(slug: str, claim_id: str) -> str:
    return f"{ID}claimreview/{slug}/{claim_id}"


def _article(article) -> dict:
    node = {"@type": "MedicalWebPage", "@id": article.iri, "name": article.title}
    if article.url:
        node["url"] = article.url
    if article.published:
        node["datePublished"] = article.published
    if article.language:
        node["inLanguage"] = article.language
    if article.publisher:
        node["publisher"] = {
            "@type": "Organization",
            "@id": article.publisher,
            "name": article.publisher_name or article.publisher,
        }
    return node


def claim_reviews(store) -> dict:
    """The JSON-LD document: ``@graph`` holds one ClaimReview per claim, in article then text order."""
    from kg.export.common import (
        AUDIT_AGENT_IRI,
        BEST,
        WORST,
        assessments,
        audit_time,
        claims,
        generation_time,
    )
    from kg.provenance.verdicts import verdicts_for

    records = claims(store)
    verdicts = assessments(store, records)
    people = verdicts_for(store)
    published = audit_time(store) or generation_time().date().isoformat()
    audit = {"@type": "Organization", "@id": AUDIT_AGENT_IRI, "name": "evidence-kg audit"}
    reviews = []
    for record in records:
        verdict = verdicts[record.iri]
        article = record.article
        if record.agent:
            author = {
                "@type": "Person" if record.agent_is_person else "Organization",
                "@id": record.agent,
                "name": record.agent_name or record.agent,
            }
        elif article.publisher:
            author = {"@id": article.publisher}
        else:
            author = None
        claim = {
            "@type": "Claim",
            "@id": record.iri,
            "text": record.text,
            "appearance": {
                "@type": "Quotation",
                "@id": record.annotation,
                "text": record.quote,
                "isPartOf": {"@id": article.iri},
            },
            "firstAppearance": _article(article),
        }
        if author:
            claim["author"] = author
        if article.published:
            claim["datePublished"] = article.published
        review = review_iri(article.slug, record.id)
        person = people.get(record.iri)
        if person and not person["stale"]:
            # a reviewer's verdict (reviewed.yaml): their rating, their name, their date
            author = {"@type": "Person", "@id": person["by_iri"], "name": person["by_name"] or person["by"]}
            if person["credentials"]:
                author["honorificSuffix"] = person["credentials"]
            rating = {
                "@type": "Rating",
                "@id": review + "/rating",
                "bestRating": BEST,
                "worstRating": WORST,
                "alternateName": person["label"],
                "ratingExplanation": person["note"],
            }
            if person["value"] is not None:
                rating["ratingValue"] = person["value"]
            node = {
                "@type": "ClaimReview",
                "@id": review,
                "claimReviewed": record.text,
                "itemReviewed": claim,
                "author": author,
                "datePublished": person["date"],
                "inLanguage": article.language or "en",
                "description": f"The verdict of {person['by']}, a reviewer.",
                "reviewRating": rating,
            }
            reviews.append(node)
            continue
        note = "Automated assessment by the evidence-kg audit: no reviewer has judged this claim."
        if person:
            note = (
                f"Automated assessment by the evidence-kg audit: the verdict of {person['by']} ({person['date']}) no longer "
                f"applies, as the claim changed since ({'; '.join(person['stale_because'])})."
            )
        reviews.append(
            {
                "@type": "ClaimReview",
                "@id": review,
                "claimReviewed": record.text,
                "itemReviewed": claim,
                "author": audit,
                "datePublished": published,
                "inLanguage": article.language or "en",
                "description": note,
                "reviewRating": {
                    "@type": "Rating",
                    "@id": review + "/rating",
                    "ratingValue": verdict.value,
                    "bestRating": BEST,
                    "worstRating": WORST,
                    "alternateName": verdict.label,
                    "ratingExplanation": verdict.explanation,
                },
            }
        )
    return {"@context": SCHEMA_CONTEXT, "@graph": reviews}


@exporter("claimreview", ".jsonld", "schema.org ClaimReview JSON-LD: the audit's verdict on each claim, rated 1-5")
def export_claimreview(store, include_ontology: bool = True) -> str:
    return json.dumps(claim_reviews(store), indent=2, ensure_ascii=False) + "\n"
