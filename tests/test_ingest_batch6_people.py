"""Who says what on batch 6's dev pages (benchmarks/corpus/README.md): a speaker who "commented" or "argued", a
speaker who "told Newsweek" (the listener is no speaker) after an appositive that writes "U.K.'s", and a word
quoted as a term inside a paraphrase. The sentences are the pages' own (the pages are kept out of the repository
for their licence), read by the real ingest code from a Markdown page with front matter."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import ingest
from kg.ingest.attribution import _find_tag
from tests.ingest_helpers import draft_summary


def _attributions(tmp_path: Path, body: str) -> list[dict]:
    page = tmp_path / "post.md"
    page.write_text("---\ntitle: A Study\ndate: 2019-11-13\n---\n\n" + body, encoding="utf-8")
    return draft_summary(ingest(page, tmp_path / "draft").folder)["attributions"]


def test_a_speaker_who_commented_or_argued(tmp_path):
    # newsweek-cannabis-use-disorder
    found = _attributions(
        tmp_path,
        "Senior author Dr. Silvia S. Martins, associate professor of epidemiology at Columbia University Mailman "
        'School of Public Health, commented: "Cannabis use disorder in adolescence is associated with long-term '
        'adverse health, economic and social consequences."\n\n'
        "Ian Hamilton, an expert in drug use and mental health, said it was a large study.\n\n"
        "The researchers weren't, for instance, able to collect any data about the strength or potency of the "
        'cannabis used, "so it might be that some people were using low potency cannabis frequently which '
        "wouldn't create the same degree of risk as those using high potency cannabis regularly,\" Hamilton "
        "argued.\n",
    )
    by_quote = {a["quote"][:30]: (a["agent"], a["mode"]) for a in found}
    assert by_quote["Cannabis use disorder in adole"] == ("martins", "direct-quote")
    assert by_quote["so it might be that some peopl"] == ("hamilton", "direct-quote")


def test_the_authors_who_argued_in_a_journal_are_no_speaker_named_by_the_journal(tmp_path):
    # newsweek-cannabis-use-disorder: "argued" after a journal's name: the journal says nothing
    found = _attributions(
        tmp_path,
        "The authors of the research published in the journal JAMA Psychiatry argued that while the policies "
        'have provided "important social benefits, particularly reduced arrests of minority individuals," they '
        "are also linked to a rise in problems.\n",
    )
    assert all("jama" not in a["agent"].lower() for a in found), found


def test_who_was_told_is_no_speaker(tmp_path):
    # newsweek-cannabis-use-disorder: "told Newsweek" names the listener; the speaker is before it, after an
    # appositive that writes an abbreviation with full stops ("the U.K.'s University of York")
    sentence = (
        "Ian Hamilton, an expert in drug use and mental health at the Department of Health Sciences at the U.K.'s "
        'University of York who did not work on the study, told Newsweek: "Although the researchers found that '
        "regular use increased by only a few percent following the policy change this could equate to a large "
        'proportion of the population given the popularity of cannabis."'
    )
    kind, match = _find_tag(sentence)
    assert (kind, match.group("speaker")) == ("before", "Ian Hamilton")
    found = _attributions(tmp_path, sentence + "\n")
    assert [(a["quote"][:30], a["agent"]) for a in found] == [("Although the researchers found", "hamilton")]


def test_a_word_quoted_as_a_term_is_not_the_statement(tmp_path):
    # livescience-feather-duvet-lung: "unexplained" is quoted inside Dempsey's paraphrase; a quoted phrase of
    # four words ("take really detailed histories") stays the statement, as the annotation reads it
    found = _attributions(
        tmp_path,
        "Owen Dempsey, a respiratory physician at Aberdeen Royal Infirmary, said such cases are rare.\n\n"
        'It\'s important for health care providers to "take really detailed histories" of the patients, Dempsey '
        'said. When doctors don\'t consider these triggers, they may assume the disease is "unexplained," and '
        "diagnoses are delayed, or patients are treated unnecessarily or incorrectly, he added.\n",
    )
    by_quote = {a["quote"]: (a["agent"], a["mode"]) for a in found}
    assert by_quote["take really detailed histories"] == ("dempsey", "direct-quote")
    paraphrase = next(q for q in by_quote if q.startswith("When doctors"))
    assert paraphrase.endswith("unnecessarily or incorrectly") and "unexplained" in paraphrase
    assert by_quote[paraphrase] == ("dempsey", "paraphrase")
    assert "unexplained" not in by_quote


def test_authors_who_told_the_tale_of_a_case_are_no_speakers(tmp_path):
    # forbes-feather-duvet-lung: "told the tale of" retells a case report; the sentence is the article's, with its
    # figures whole ("told the tale of a 43-year-old man" is the annotated context)
    sentence = (
        "For the case report, Patrick Liu-Shiu-Cheong of Victoria Hospital and Chris RuiWen Kuo, Struan WA Wilkie, "
        "and Owen Dempsey of the Aberdeen Royal Infirmary in the UK told the tale of a 43-year-old man who saw his "
        "doctor in November 2016 after three months of feeling very tired and breathless."
    )
    assert _find_tag(sentence) is None
    # "told" with its listener after it is still speech: "In Dr. Roe's words" and the like are read as before
    assert _find_tag("Ian Hamilton told Newsweek that it was a large study.") is not None
    assert _find_tag("In Dr. Roe's words, the risk is small.") is not None
    page = tmp_path / "post.md"
    page.write_text("---\ntitle: A Case\ndate: 2019-11-13\n---\n\n" + sentence + "\n", encoding="utf-8")
    draft = draft_summary(ingest(page, tmp_path / "draft").folder)
    assert draft["attributions"] == []
    assert any(
        c["quote"].startswith("For the case report") and "told the tale of a 43" in c["quote"] for c in draft["claims"]
    )
