"""`ekg diff`: an edited copy of the seed (a changed figure, a removed citation, a moved paragraph, a deleted
sentence) against the seed, with exact expectations; and the re-anchoring of quotes on small texts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.dataset.paths import bundled_data_dir
from kg.review.diff import ClaimSnapshot, OffsetMap, reanchor
from tests.conftest import SEED_SLUG
from tests.helpers import last_line


def edit_seed(data: Path) -> None:
    """The four edits, made to the article text and, where the curation follows the text, to claims.yaml."""
    folder = data / "articles" / SEED_SLUG
    text = (folder / "article.txt").read_text(encoding="utf-8")
    claims = (folder / "claims.yaml").read_text(encoding="utf-8")

    def replace_once(haystack: str, old: str, new: str) -> str:
        assert haystack.count(old) == 1, old
        return haystack.replace(old, new)

    # 1. a changed figure: 2.6 becomes 2.8, in the text and in the claim that quotes it
    text = replace_once(text, "are 2.6 times more likely", "are 2.8 times more likely")
    claims = replace_once(
        claims,
        'quote: "Marathon runners who don’t warm up before running are 2.6 times',
        'quote: "Marathon runners who don’t warm up before running are 2.8 times',
    )
    claims = replace_once(
        claims,
        "text: \"Marathon runners who don't warm up before running are 2.6 times",
        "text: \"Marathon runners who don't warm up before running are 2.8 times",
    )
    claims = replace_once(claims, 'stated_as: "2.6 times"', 'stated_as: "2.8 times"')
    claims = replace_once(claims, "value: 2.6\n", "value: 2.8\n")
    # 2. a removed citation: the curation drops the implicit link of one running-form tip
    claims = replace_once(
        claims,
        """    about: [running-form]
    citations:
      - source: ace-pt2017
        intent: obtainsSupportFrom
        cue_type: implicit
        confidence: 0.5
        basis: "No in-text cue; reference 3 ('What is Correct Running Form?') matches the running-form instructions by title only."
    ambiguities:
      - "Possible source (reference 3) matched by title only."

  - id: form-arm-swing""",
        """    about: [running-form]

  - id: form-arm-swing""",
    )
    # 3. a moved paragraph: "Muscle strain." goes from first to last of the four causes
    paragraphs = text.split("\n\n")
    strain = next(i for i, p in enumerate(paragraphs) if p.startswith("Muscle strain."))
    joint = next(i for i, p in enumerate(paragraphs) if p.startswith("Sacroiliac (SI) joint pain."))
    paragraphs.insert(joint, paragraphs.pop(strain))
    text = "\n\n".join(paragraphs)
    # 4. a deleted sentence, and the claim that quoted it
    text = replace_once(text, " Use heat periodically throughout the day for 20 minutes at a time.", "")
    claims, removed = re.subn(r"  - id: heat-20-minutes\n.*?\n\n(?=  - id:)", "", claims, flags=re.S)
    assert removed == 1
    (folder / "article.txt").write_text(text, encoding="utf-8")
    (folder / "claims.yaml").write_text(claims, encoding="utf-8")


@pytest.fixture(scope="module")
def built_versions(tmp_path_factory) -> tuple[Path, Path]:
    """old/ (the seed) and new/ (the edited seed), and one build cache for the module's tests."""
    root = tmp_path_factory.mktemp("versions")
    for name in ("old", "new"):
        shutil.copytree(bundled_data_dir() / "articles", root / name / "articles")
    edit_seed(root / "new")
    return root, tmp_path_factory.mktemp("versions-cache")


@pytest.fixture
def versions(built_versions, monkeypatch) -> Path:
    """The two versions in the working folder, so their paths print short."""
    root, cache = built_versions
    monkeypatch.setenv("EKG_CACHE_DIR", str(cache))
    monkeypatch.chdir(root)
    return root


SUMMARY = """what                      count
------------------------  -----
articles added            0
articles removed          0
claims added              0
claims removed            1
claims changed            2
figures changed           1
citations dropped         1
citations added           0
citation intents changed  0
quotes unchanged          111
quotes moved              4
quotes edited             1
quotes gone               1
"""

EXPECTED_TABLE = (
    "Changes from old to new\n"
    + SUMMARY
    + """
Claims
article                        claim                   change   what changed          statement
-----------------------------  ----------------------  -------  --------------------  --------------------------------------------------------------------------------------------------------------------------
lower-back-pain-after-running  warmup-2-6x             changed  text, quote, figures  Marathon runners who don't warm up before running are 2.8 times more likely to experience low back pain than those who do.
lower-back-pain-after-running  form-relaxed-shoulders  changed  citations             Keep your shoulders relaxed when running.
lower-back-pain-after-running  heat-20-minutes         removed                        Use heat periodically throughout the day, 20 minutes at a time.

Figures
article                        claim        old figure  new figure
-----------------------------  -----------  ----------  ----------
lower-back-pain-after-running  warmup-2-6x  2.6 times   2.8 times

Citations
article                        claim                   change   source      old intent          new intent
-----------------------------  ----------------------  -------  ----------  ------------------  ----------
lower-back-pain-after-running  form-relaxed-shoulders  dropped  ace-pt2017  obtainsSupportFrom

Quotes re-anchored in the new text
article                        claim                       quote   found by  confidence  old span   new span   new text
-----------------------------  --------------------------  ------  --------  ----------  ---------  ---------  -------------------------------------------------------------------------------------------------------------------------
lower-back-pain-after-running  cause-muscle-strain         moved   exact     1.00        2195–2209  3223–3237
lower-back-pain-after-running  muscle-strain-triggers      moved   exact     1.00        2210–2390  3238–3418
lower-back-pain-after-running  overexerted-muscles-grumpy  moved   exact     1.00        2392–2426  3420–3454
lower-back-pain-after-running  too-much-too-quickly        moved   exact     1.00        2448–2585  3476–3613
lower-back-pain-after-running  warmup-2-6x                 edited  context   0.99        3982–4103  3982–4103  Marathon runners who don’t warm up before running are 2.8 times more likely to experience low back pain than those who do
lower-back-pain-after-running  heat-20-minutes             gone    none                  6239–6305
"""
)

EXPECTED_MARKDOWN = """### Changes from old to new

| what | count |
|---|---|
| articles added | 0 |
| articles removed | 0 |
| claims added | 0 |
| claims removed | 1 |
| claims changed | 2 |
| figures changed | 1 |
| citations dropped | 1 |
| citations added | 0 |
| citation intents changed | 0 |
| quotes unchanged | 111 |
| quotes moved | 4 |
| quotes edited | 1 |
| quotes gone | 1 |

### Claims

| article | claim | change | what changed | statement |
|---|---|---|---|---|
| lower-back-pain-after-running | warmup-2-6x | changed | text, quote, figures | Marathon runners who don't warm up before running are 2.8 times more likely to experience low back pain than those who do. |
| lower-back-pain-after-running | form-relaxed-shoulders | changed | citations | Keep your shoulders relaxed when running. |
| lower-back-pain-after-running | heat-20-minutes | removed |  | Use heat periodically throughout the day, 20 minutes at a time. |

### Figures

| article | claim | old figure | new figure |
|---|---|---|---|
| lower-back-pain-after-running | warmup-2-6x | 2.6 times | 2.8 times |

### Citations

| article | claim | change | source | old intent | new intent |
|---|---|---|---|---|---|
| lower-back-pain-after-running | form-relaxed-shoulders | dropped | ace-pt2017 | obtainsSupportFrom |  |

### Quotes re-anchored in the new text

| article | claim | quote | found by | confidence | old span | new span | new text |
|---|---|---|---|---|---|---|---|
| lower-back-pain-after-running | cause-muscle-strain | moved | exact | 1.00 | 2195–2209 | 3223–3237 |  |
| lower-back-pain-after-running | muscle-strain-triggers | moved | exact | 1.00 | 2210–2390 | 3238–3418 |  |
| lower-back-pain-after-running | overexerted-muscles-grumpy | moved | exact | 1.00 | 2392–2426 | 3420–3454 |  |
| lower-back-pain-after-running | too-much-too-quickly | moved | exact | 1.00 | 2448–2585 | 3476–3613 |  |
| lower-back-pain-after-running | warmup-2-6x | edited | context | 0.99 | 3982–4103 | 3982–4103 | Marathon runners who don’t warm up before running are 2.8 times more likely to experience low back pain than those who do |
| lower-back-pain-after-running | heat-20-minutes | gone | none |  | 6239–6305 |  |  |
"""

SLUG = "lower-back-pain-after-running"


def _quote(claim, status, method, confidence, old, new, text=None):
    return {
        "article": SLUG,
        "claim": claim,
        "status": status,
        "method": method,
        "confidence": confidence,
        "old_start": old[0],
        "old_end": old[1],
        "new_start": new[0] if new else None,
        "new_end": new[1] if new else None,
        "new_text": text,
    }


WARMUP_NEW = "Marathon runners who don’t warm up before running are 2.8 times more likely to experience low back pain than those who do"
EXPECTED_JSON = {
    "old": "old",
    "new": "new",
    "changed": True,
    "summary": {
        "articles added": 0,
        "articles removed": 0,
        "claims added": 0,
        "claims removed": 1,
        "claims changed": 2,
        "figures changed": 1,
        "citations dropped": 1,
        "citations added": 0,
        "citation intents changed": 0,
        "quotes unchanged": 111,
        "quotes moved": 4,
        "quotes edited": 1,
        "quotes gone": 1,
    },
    "articles": {"added": [], "removed": []},
    "claims": [
        {
            "article": SLUG,
            "claim": "warmup-2-6x",
            "change": "changed",
            "what": ["text", "quote", "figures"],
            "text": "Marathon runners who don't warm up before running are 2.8 times more likely to experience low back pain than those who do.",
        },
        {
            "article": SLUG,
            "claim": "form-relaxed-shoulders",
            "change": "changed",
            "what": ["citations"],
            "text": "Keep your shoulders relaxed when running.",
        },
        {
            "article": SLUG,
            "claim": "heat-20-minutes",
            "change": "removed",
            "what": [],
            "text": "Use heat periodically throughout the day, 20 minutes at a time.",
        },
    ],
    "figures": [{"article": SLUG, "claim": "warmup-2-6x", "old": "2.6 times", "new": "2.8 times"}],
    "citations": [
        {
            "article": SLUG,
            "claim": "form-relaxed-shoulders",
            "change": "dropped",
            "source": "ace-pt2017",
            "source_iri": "https://www.ace-pt.org/ace-physical-therapy-and-sports-medicine-institute-what-is-correct-running-form/",
            "old_intent": "obtainsSupportFrom",
            "new_intent": None,
        },
    ],
    "quotes": [
        _quote("cause-muscle-strain", "moved", "exact", 1.0, (2195, 2209), (3223, 3237)),
        _quote("muscle-strain-triggers", "moved", "exact", 1.0, (2210, 2390), (3238, 3418)),
        _quote("overexerted-muscles-grumpy", "moved", "exact", 1.0, (2392, 2426), (3420, 3454)),
        _quote("too-much-too-quickly", "moved", "exact", 1.0, (2448, 2585), (3476, 3613)),
        _quote("warmup-2-6x", "edited", "context", 0.99, (3982, 4103), (3982, 4103), WARMUP_NEW),
        _quote("heat-20-minutes", "gone", "none", None, (6239, 6305), None),
    ],
}


def test_table(runner, versions):
    result = runner.invoke(main, ["diff", "old", "new"])
    assert result.exit_code == 1, result.output
    assert result.stdout == EXPECTED_TABLE


def test_markdown(runner, versions):
    result = runner.invoke(main, ["diff", "old", "new", "--format", "md"])
    assert result.exit_code == 1, result.output
    assert result.stdout == EXPECTED_MARKDOWN


def test_json(runner, versions):
    result = runner.invoke(main, ["diff", "old", "new", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout) == EXPECTED_JSON


def test_the_reported_spans_hold_the_quotes_in_each_text(versions):
    old_text = (versions / "old" / "articles" / SLUG / "article.txt").read_text(encoding="utf-8")
    new_text = (versions / "new" / "articles" / SLUG / "article.txt").read_text(encoding="utf-8")
    assert old_text[2195:2209] == new_text[3223:3237] == "Muscle strain."
    assert new_text[3982:4103] == WARMUP_NEW
    assert old_text[6239:6305] == "Use heat periodically throughout the day for 20 minutes at a time."
    assert "periodically" not in new_text


def test_identical_versions_exit_0(runner, versions):
    result = runner.invoke(main, ["diff", "old", "old", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["changed"] is False
    assert document["summary"]["quotes unchanged"] == 117
    assert document["claims"] == document["quotes"] == []


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_an_exported_graph_is_a_version_too(runner, versions, fmt):
    exported = runner.invoke(
        main, ["export", "--data", "old", "--format", fmt, "-o", f"old.{fmt}"]
    )  # in the module's folder
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(main, ["diff", f"old.{fmt}", "new", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout) == {**EXPECTED_JSON, "old": f"old.{fmt}"}


def test_unreadable_versions_are_clean_errors(runner, versions, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new").mkdir()  # OLD is read first: NEW only has to exist
    Path("notes.txt").write_text("not a graph", encoding="utf-8")
    result = runner.invoke(main, ["diff", "notes.txt", "new"])
    assert result.exit_code == 2
    assert (
        last_line(result.stderr)
        == "Error: DataError: notes.txt: cannot tell the RDF format from the suffix '.txt' (use a data folder, or a graph exported as .jsonld, .nq, .nt, .trig, .ttl)\n"
    )
    Path("broken.nq").write_text("<a> <b> .\n", encoding="utf-8")
    result = runner.invoke(main, ["diff", "broken.nq", "new"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: DataError: broken.nq")
    assert "Traceback" not in result.stderr
    result = runner.invoke(main, ["diff", "missing", "new"])
    assert result.exit_code == 2
    assert "'missing' does not exist" in result.stderr


# ---------------------------------------------------------------------------------------------- re-anchoring


def _claim(text: str, quote: str, occurrence: int = 1, width: int = 12) -> ClaimSnapshot:
    start = [i for i in range(len(text)) if text.startswith(quote, i)][occurrence - 1]
    end = start + len(quote)
    return ClaimSnapshot("c", "", [], quote, text[max(0, start - width) : start], text[end : end + width], start, end)


@pytest.mark.parametrize(
    "old, new, quote, occurrence, expected",
    [
        pytest.param(
            "Intro.\nWarm up for ten minutes before a run.\n",
            "A new first line.\nIntro.\nWarm up for ten minutes before a run.\n",
            "ten minutes",
            1,
            ("unchanged", "exact", 1.0, 37, 48, None),
            id="shifted-by-an-edit-elsewhere",
        ),
        pytest.param(
            "Alpha.\n\nBeta.\n\nGamma.\n\nDelta.\n",
            "Beta.\n\nGamma.\n\nDelta.\n\nAlpha.\n",
            "Alpha.",
            1,
            ("moved", "exact", 1.0, 23, 29, None),
            id="moved-paragraph",
        ),
        pytest.param(
            "Runners who skip it are 2.6 times more likely to hurt.\n",
            "Runners who skip it are 2.8 times more likely to hurt.\n",
            "are 2.6 times more likely",
            1,
            ("edited", "context", 0.96, 20, 45, "are 2.8 times more likely"),
            id="changed-figure",
        ),
        pytest.param(
            "Before. Drink about 20 ounces of water two hours before a run. After.\n",
            "Completely new intro! Drink about 20 ounces of fluid two hours before a run, then go.\n",
            "Drink about 20 ounces of water two hours before a run.",
            1,
            ("edited", "fuzzy", 0.89, 22, 75, "Drink about 20 ounces of fluid two hours before a run"),
            id="fuzzy",
        ),
        pytest.param(
            "Keep this. Delete this sentence about heat therapy. Keep that.\n",
            "Keep this. Keep that.\n",
            "Delete this sentence about heat therapy.",
            1,
            ("gone", "none", None, None, None, None),
            id="deleted-sentence",
        ),
    ],
)
def test_reanchor(old, new, quote, occurrence, expected):
    anchor = reanchor(_claim(old, quote, occurrence), new, OffsetMap(old, new))
    assert (anchor.status, anchor.method, anchor.confidence, anchor.start, anchor.end, anchor.text) == expected


@pytest.mark.parametrize(
    "new, expected",
    [
        pytest.param(
            "Go. Stretch daily. Also: Stretch daily.\n", ("moved", "exact", 1.0, 25, 39), id="prefix-and-suffix-decide"
        ),
        pytest.param(
            "Also: Stretch daily.\nX Stretch daily. Y\n", ("moved", "exact", 0.75, 6, 20), id="one-side-decides"
        ),
        pytest.param(
            "Stretch daily! X Stretch daily. Y Stretch daily. Z\n", ("moved", "exact", 0.5, 34, 48), id="nearest-of-two"
        ),
    ],
)
def test_among_several_occurrences_the_context_then_the_nearest_wins(new, expected):
    """Where the old place of the quote does not map to the new text, its occurrences are ranked."""
    claim = _claim("Rest. Stretch daily. Also: Stretch daily.\n", "Stretch daily.", occurrence=2)
    anchor = reanchor(claim, new, OffsetMap("", ""))
    assert (anchor.status, anchor.method, anchor.confidence, anchor.start, anchor.end) == expected
