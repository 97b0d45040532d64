"""Write a synthetic corpus in the curated input format, shaped like real health articles.

    python benchmarks/generate_corpus.py OUT_DIR --articles 1000 [--seed 1]

Each article gets an article.txt of prose sections, an article.yaml with people (drawn from a pool of about
50 experts), organisations, sections and source appraisals, a references.bib of about 10 entries drawn by
DOI from a pool shared by the whole corpus, and a claims.yaml of about 40 claims: every quote an exact
sentence of the text, a third with statistics whose wording stands in the quote, some attributed to an
expert with a "says Dr. …" cue, some citing a source with an "according to a … study in …" cue. The output
passes the real loader (`ekg build --data OUT_DIR`), so the benchmarks measure real parsing and checking.

The same --seed and --articles always give the same files.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonah",
    "Kai",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
]
LAST = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
]
CREDENTIALS = ["PT, DPT", "MD", "MD, MBA", "RD, LD", "PhD", "DO", "PT, OCS", "MS, ATC"]
JOBS = [
    "Physical Therapist",
    "Orthopedic Surgeon",
    "Registered Dietitian",
    "Sports Medicine Physician",
    "Clinical Reviewer",
    "Exercise Physiologist",
]
JOURNALS = [
    "BMC Musculoskeletal Disorders",
    "Pain Research and Management",
    "Journal of Orthopaedic Research",
    "Spine",
    "The Lancet Rheumatology",
    "Journal of Athletic Training",
    "Sports Medicine",
    "Clinical Biomechanics",
    "Physical Therapy",
    "American Journal of Sports Medicine",
]
DESIGNS = [
    ("systematic-review", "level-1"),
    ("rct", "level-2"),
    ("cohort", "level-3"),
    ("cross-sectional", "level-4"),
    ("case-series", "level-4"),
    ("grey-literature", "ungraded"),
    ("guideline", "level-5"),
    ("narrative-review", "level-5"),
]
CONDITIONS = [
    "low back pain",
    "knee pain",
    "neck pain",
    "hip pain",
    "shoulder pain",
    "plantar fasciitis",
    "sciatica",
    "tendinitis",
    "arthritis",
    "muscle strain",
    "dehydration",
    "shin splints",
]
INTERVENTIONS = [
    "stretching",
    "strength training",
    "hydration",
    "a dynamic warm-up",
    "yoga",
    "walking",
    "physical therapy",
    "heat therapy",
    "cross-training",
    "rest",
    "massage",
    "good posture",
]
POPULATIONS = [
    "runners",
    "office workers",
    "older adults",
    "marathon runners",
    "teenagers",
    "cyclists",
    "new parents",
    "swimmers",
    "adults over 40",
    "people with desk jobs",
]
FILLER = [
    "Many people notice this after a long week.",
    "It is common, and it is usually manageable.",
    "Small changes add up over time.",
    "Listen to your body and adjust as you go.",
    "Everyone is different, so what works varies.",
    "Consistency matters more than intensity.",
    "Pain is a signal, not always a sign of damage.",
    "Start slowly and build from there.",
]
STAT_KINDS = [
    # (measure, unit, wording template, value maker)
    ("prevalence", "percent", "{v}%", lambda r: r.randint(5, 95)),
    ("risk-ratio", "times", "{v} times", lambda r: round(r.uniform(1.1, 4.0), 1)),
    ("proportion", "percent", "{v} percent", lambda r: r.randint(2, 98)),
    ("duration", "minute", "{v} minutes", lambda r: r.randint(5, 60)),
    ("frequency", "per-week", "{v} times a week", lambda r: r.randint(2, 7)),
    ("amount", "fluid-ounce", "{v} ounces", lambda r: r.randint(4, 20)),
]


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def expert_pool(rng: random.Random, size: int = 50) -> list[dict]:
    people, seen = [], set()
    while len(people) < size:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            continue
        seen.add(name)
        people.append(
            {
                "id": name.lower().replace(" ", "-"),
                "name": name,
                "credentials": rng.choice(CREDENTIALS),
                "job": rng.choice(JOBS),
                "surname": name.split()[1],
            }
        )
    return people


def source_pool(rng: random.Random, size: int) -> list[dict]:
    sources = []
    for n in range(size):
        journal = rng.choice(JOURNALS)
        authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)[0]}." for _ in range(rng.randint(1, 5)))
        topic = rng.choice(CONDITIONS)
        design, level = rng.choice(DESIGNS)
        sources.append(
            {
                "key": f"src{n:05d}",
                "doi": f"10.5555/ekg.{n:06d}",
                "journal": journal,
                "authors": authors,
                "year": rng.randint(1995, 2023),
                "title": f"{rng.choice(INTERVENTIONS).capitalize()} and {topic} in "
                f"{rng.choice(POPULATIONS)}: study {n}",
                "volume": str(rng.randint(1, 60)),
                "design": design,
                "level": level,
            }
        )
    return sources


def bibtex(entries: list[dict]) -> str:
    out = ["% Synthetic reference list (benchmarks/generate_corpus.py).\n"]
    for number, s in enumerate(entries, 1):
        # Some lists write the DOI with a resolver prefix or in capitals: the loader normalises both.
        doi = s["doi"] if number % 3 else "https://doi.org/" + s["doi"].upper()
        verbatim = f"{s['authors'].replace(' and ', ', ')} ({s['year']}). {s['title']}. {s['journal']}, {s['volume']}. doi:{s['doi']}"
        out.append(
            f"@article{{{s['key']},\n  author = {{{s['authors']}}},\n  year = {{{s['year']}}},\n"
            f"  title = {{{s['title']}}},\n  journal = {{{s['journal']}}},\n  volume = {{{s['volume']}}},\n"
            f"  doi = {{{doi}}},\n  refnumber = {{{number}}},\n  verbatim = {{{verbatim}}}\n}}\n"
        )
    return "\n".join(out)


def article(
    rng: random.Random, index: int, experts: list[dict], sources: list[dict], claims_per_article: int
) -> dict[str, str]:
    slug = f"article-{index:05d}"
    condition = rng.choice(CONDITIONS)
    people = rng.sample(experts, 3)
    quoted, reviewer = people[:2], people[2]
    refs = rng.sample(sources, 10)
    sections = [
        ("introduction", "Introduction", False),
        ("causes", f"What Causes {condition.title()}?", True),
        ("treatment", f"How to Treat {condition.title()}", True),
        ("prevention", "Preventing It", True),
        ("see-a-doctor", "When to See a Doctor", True),
    ]
    title = f"{condition.capitalize()}: What Helps, According to Experts ({index})"
    text_parts = [title, ""]
    claims, concepts = [], {}
    per_section = max(1, claims_per_article // len(sections))
    section_yaml, n = [], 0
    for sid, heading, has_heading in sections:
        first = heading if has_heading else f"This guide covers {condition} in article {index}."
        section_yaml.append(
            f"  - id: {sid}\n    title: {_yaml_str(heading)}\n    starts_at: {_yaml_str(first)}\n    heading: {'true' if has_heading else 'false'}"
        )
        text_parts.append(first)
        paragraph = []
        count = per_section if sid != "see-a-doctor" else claims_per_article - per_section * (len(sections) - 1)
        for _ in range(count):
            n += 1
            cid = f"c{n:03d}"
            intervention = rng.choice(INTERVENTIONS)
            population = rng.choice(POPULATIONS)
            about = sorted(
                {
                    _concept(concepts, condition, "condition"),
                    _concept(concepts, intervention, "intervention"),
                    _concept(concepts, population, "population"),
                }
            )
            claim = {"id": cid, "about": about, "types": []}
            if n % 3 == 0:  # a third of the claims state a figure
                measure, unit, template, make = STAT_KINDS[(n // 3) % len(STAT_KINDS)]
                value = make(rng)
                stated = template.format(v=value)
                quote = f"Finding {index}-{n}: {population} who try {intervention} see {condition} change by {stated}"
                claim["types"].append("statistical")
                claim["statistic"] = {
                    "stated_as": stated,
                    "measure": measure,
                    "value": value,
                    "unit": unit,
                    "population": population,
                }
            elif n % 5 == 0:
                quote = f"Point {index}-{n}: see a doctor if {condition} lasts more than {rng.randint(2, 8)} weeks"
                claim["types"].append("red-flag")
            else:
                quote = f"Note {index}-{n}: {intervention} can help {population} with {condition}"
                claim["types"].append(rng.choice(["recommendation", "causal", "factual", "association"]))
            sentence = quote
            if n % 4 == 1:  # attributed to an expert, with the cue beside the quote
                person = quoted[n % 2]
                cue = f"says Dr. {person['surname']} ({index}-{n})"
                sentence = f"“{quote},” {cue}."
                claim["attribution"] = {"agent": person["id"], "cue": cue}
                claim["types"].append("expert-opinion")
            if n % 3 == 0 or n % 7 == 0:  # cites a source of the article's list, with an explicit cue
                ref = refs[n % len(refs)]
                cue = f"according to a {ref['year']} study in {ref['journal']} ({index}-{n})"
                sentence = (
                    f"{sentence.rstrip('.')}, {cue}." if "attribution" not in claim else f"{sentence} That is {cue}."
                )
                claim["citation"] = {
                    "source": ref["key"],
                    "cue": cue,
                    "intent": "citesAsDataSource" if "statistic" in claim else "citesAsEvidence",
                }
            elif not sentence.endswith("."):
                sentence += "."
            claim["quote"] = quote
            claims.append(claim)
            paragraph.append(sentence)
            if rng.random() < 0.5:
                paragraph.append(rng.choice(FILLER))
        text_parts.append(" ".join(paragraph))
        text_parts.append("")
    text = "\n".join(text_parts) + "\n"

    people_yaml = []
    for person, role in ((quoted[0], "quoted-expert"), (quoted[1], "quoted-expert"), (reviewer, "medical-reviewer")):
        people_yaml.append(
            f"  {person['id']}:\n    name: {_yaml_str(person['name'])}\n    credentials: {_yaml_str(person['credentials'])}\n"
            f"    job_title: {_yaml_str(person['job'])}\n    affiliation: publisher\n    roles: [{role}]\n"
            f"    aliases: [{_yaml_str('Dr. ' + person['surname'])}]"
        )
    sources_yaml = []
    for ref in refs:
        sources_yaml.append(
            f"  {ref['key']}:\n    design: {ref['design']}\n    evidence_level: {ref['level']}\n"
            f"    rated_by: evidence-kg-curators\n    basis: {_yaml_str('Synthetic appraisal of ' + ref['title'])}"
        )
    article_yaml = (
        f"# Synthetic article (benchmarks/generate_corpus.py).\nslug: {slug}\ntitle: {_yaml_str(title)}\n"
        f"description: {_yaml_str('What helps with ' + condition)}\npublisher: publisher\n"
        f"published: {2015 + index % 9}-{1 + index % 12:02d}-{1 + index % 28:02d}\nlanguage: en\ntext: article.txt\n"
        f"organisations:\n  publisher: {{name: {_yaml_str('Health Publisher ' + str(index % 20))}}}\n"
        f"people:\n"
        + "\n".join(people_yaml)
        + "\nsections:\n"
        + "\n".join(section_yaml)
        + "\nsources:\n"
        + "\n".join(sources_yaml)
        + "\n"
    )
    claims_yaml = ["# Synthetic claims (benchmarks/generate_corpus.py).", "concepts:"]
    for cid, (label, kind) in sorted(concepts.items()):
        claims_yaml.append(f"  {cid}: {{label: {_yaml_str(label)}, kind: {kind}}}")
    claims_yaml.append("claims:")
    for c in claims:
        claims_yaml.append(
            f"  - id: {c['id']}\n    type: [{', '.join(dict.fromkeys(c['types']))}]\n"
            f"    quote: {_yaml_str(c['quote'])}\n    text: {_yaml_str(c['quote'].split(': ', 1)[1] + '.')}\n"
            f"    about: [{', '.join(c['about'])}]"
        )
        if "statistic" in c:
            s = c["statistic"]
            claims_yaml.append(
                f"    statistics:\n      - stated_as: {_yaml_str(s['stated_as'])}\n        measure: {s['measure']}\n"
                f"        value: {s['value']}\n        unit: {s['unit']}\n        population: {_yaml_str(s['population'])}"
            )
        if "attribution" in c:
            a = c["attribution"]
            claims_yaml.append(
                f"    attribution:\n      agent: {a['agent']}\n      mode: direct-quote\n      cue: {_yaml_str(a['cue'])}"
            )
        if "citation" in c:
            ct = c["citation"]
            claims_yaml.append(
                f"    citations:\n      - source: {ct['source']}\n        intent: {ct['intent']}\n"
                f"        cue_type: explicit\n        cue: {_yaml_str(ct['cue'])}\n        confidence: 1.0"
            )
    return {
        "slug": slug,
        "article.txt": text,
        "article.yaml": article_yaml,
        "claims.yaml": "\n".join(claims_yaml) + "\n",
        "references.bib": bibtex(refs),
    }


def _concept(concepts: dict, label: str, kind: str) -> str:
    cid = "".join(ch if ch.isalnum() else "-" for ch in label.lower()).strip("-")
    concepts[cid] = (label, kind)
    return cid


def generate(out: Path, articles: int, seed: int = 1, claims_per_article: int = 40, progress: bool = False) -> Path:
    """Write ``articles`` synthetic articles under ``out/articles/`` (files already equal are left alone)."""
    rng = random.Random(seed)
    experts = expert_pool(rng)
    sources = source_pool(rng, max(50, articles * 3))
    root = Path(out) / "articles"
    for i in range(1, articles + 1):
        files = article(rng, i, experts, sources, claims_per_article)
        folder = root / files.pop("slug")
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = folder / name
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.write_text(content, encoding="utf-8")
        if progress and i % 500 == 0:
            print(f"  {i} articles written", file=sys.stderr)
    return Path(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--claims", type=int, default=40, help="claims per article")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed, args.claims, progress=True)
    print(f"Wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
