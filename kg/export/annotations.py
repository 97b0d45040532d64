"""W3C Web Annotations (https://www.w3.org/TR/annotation-model/): each claim's quote, anchored in its article,
with the audit's verdict as the body, so an annotation client can show it in the margin.

The export is one ``AnnotationCollection`` (JSON-LD with the standard context http://www.w3.org/ns/anno.jsonld)
whose first page holds every annotation. Each annotation:

- targets the article (its URL when the graph has one, else its IRI) with a ``TextQuoteSelector`` (exact,
  prefix, suffix) and a ``TextPositionSelector`` (start, end: code points of the curated article text, so a
  client should prefer the quote selector on the live page, whose text may differ);
- is ``motivation: assessing`` and has as bodies the claim (``purpose: identifying``, a link to its IRI), the
  claim's statement (``describing``), the audit's verdict (``assessing``: "Supported (4/5): …"), a reviewer's
  verdict where one was recorded (``assessing``, with its ``creator``, a Person, and ``created`` date), and one
  ``commenting`` body per audit finding.

``with_local_context()`` gives the same document with the bundled context inlined, for JSON-LD
processors that must not (or cannot) fetch it.
"""

from __future__ import annotations

import json
from importlib.resources import files

from kg.export.registry import exporter
from kg.iris import ID

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION_IRI = ID + "annotations"


def anno_context() -> dict:
    """The bundled copy of http://www.w3.org/ns/anno.jsonld (its ``@context`` object)."""
    return json.loads((files("kg.export") / "data" / "anno.jsonld").read_text(encoding="utf-8"))["@context"]


def _text_body(iri: str, purpose: str, value: str, language: str) -> dict:
    return {
        "id": iri,
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
        "language": language,
    }


def annotation_collection(store) -> dict:
    from kg.export.common import (
        BEST,
        SOFTWARE_IRI,
        assessments,
        claims,
        software_version,
    )
    from kg.provenance.verdicts import verdicts_for

    records = claims(store)
    verdicts = assessments(store, records)
    people = verdicts_for(store)
    generator = {"id": SOFTWARE_IRI, "type": "Software", "name": f"evidence-kg {software_version()}"}
    items = []
    for record in records:
        verdict = verdicts[record.iri]
        language = record.article.language or "en"
        # not the graph's own quote annotation (record.annotation, which identifies the claim): a new one
        anno = f"{record.iri}/annotation"
        bodies = [
            {"id": f"{anno}/claim", "type": "SpecificResource", "source": record.iri, "purpose": "identifying"},
            _text_body(f"{anno}/statement", "describing", record.text, language),
            _text_body(
                f"{anno}/verdict",
                "assessing",
                f"{verdict.label} ({verdict.value}/{BEST}): {verdict.explanation}",
                language,
            ),
        ]
        person = people.get(record.iri)
        if person:
            text = f"Reviewer's verdict: {person['label']}: {person['note'] or ''}".rstrip(": ")
            if person["stale"]:
                text += f" (made before the claim changed: {'; '.join(person['stale_because'])})"
            body = _text_body(f"{anno}/review", "assessing", text, language)
            creator = {"id": person["by_iri"], "type": "Person", "name": person["by_name"] or person["by"]}
            body["creator"] = creator
            if person["date"]:  # the model asks for a UTC dateTime; a verdict records its day
                body["created"] = f"{person['date']}T00:00:00Z"
            bodies.append(body)
        for n, finding in enumerate(verdict.findings, 1):
            text = f"{finding.severity} {finding.rule or 'finding'}: {finding.comment or ''}".rstrip(": ")
            if finding.fix:
                text += f" Suggested fix: {finding.fix}"
            bodies.append(_text_body(f"{anno}/finding/{n}", "commenting", text, language))
        items.append(
            {
                "id": anno,
                "type": "Annotation",
                "motivation": "assessing",
                "body": bodies,
                "target": {
                    "id": f"{anno}/target",
                    "type": "SpecificResource",
                    "source": record.article.address,
                    "selector": [
                        {
                            "id": f"{anno}/exact",
                            "type": "TextQuoteSelector",
                            "exact": record.quote,
                            "prefix": record.prefix,
                            "suffix": record.suffix,
                        },
                        {
                            "id": f"{anno}/position",
                            "type": "TextPositionSelector",
                            "start": record.start,
                            "end": record.end,
                        },
                    ],
                },
                "generator": generator,
            }
        )
    return {
        "@context": ANNO_CONTEXT,
        "id": COLLECTION_IRI,
        "type": "AnnotationCollection",
        "label": "evidence-kg: each claim's quote with the audit's verdict",
        "total": len(items),
        "first": {"id": COLLECTION_IRI + "/page/1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def with_local_context(document: dict) -> dict:
    """The document with the bundled anno.jsonld context in place of its URL (no network needed)."""
    context = document.get("@context")
    if context == ANNO_CONTEXT:
        return {**document, "@context": anno_context()}
    return document


@exporter("annotations", ".jsonld", "W3C Web Annotations (JSON-LD): each claim's quote with the audit's verdict")
def export_annotations(store, include_ontology: bool = True) -> str:
    return json.dumps(annotation_collection(store), indent=2, ensure_ascii=False) + "\n"
