"""Attribution as AP and Reuters copy writes it, read by the real ingest pipeline from short excerpts. The
excerpts are made up after the conventions seen in the attribution sample's dev pages
(benchmarks/attribution_sample/, whose texts stay out of the repository): a title written after the name with a
capital ("Jane Roe, Acme's chief economist, said"), the day after "said", where it was said after the verb, a
possessive before a name, and reporting verbs of news copy."""

from __future__ import annotations

from pathlib import Path

from tests.test_attribution_news_style import _draft as _news_draft


def _draft(tmp_path: Path, body: str):
    """The people and, per claim, its quote and who it is attributed to (the agent's id or name)."""
    people, claims = _news_draft(tmp_path, body)
    return people, [(quote, who[1] if who else None) for quote, who in claims]


def test_a_title_with_a_capital_after_the_full_name(tmp_path):
    """ "“…,” Jane Roe, Acme's executive director of analysis, said in a statement." and a suffix "Jr." after the
    name; the quotation that goes on in the next sentence keeps the speaker."""
    people, claims = _draft(
        tmp_path,
        "<p>“The end of the year is a popular time for purchases,” Jessica Caldwell, Edmunds' executive director "
        "of industry analysis, said in a statement. “Shoppers can look forward to lower rates.”</p>"
        "<p>James P. Kennedy Jr., the U.S. Attorney for the Western District, said the case highlights duties.</p>"
        "<p>Steve Menet, Senior Vice President of Sales for Dräger, Inc., says: “Alarm management is a focus.”</p>",
    )
    assert people == {"caldwell": "Jessica Caldwell", "kennedy": "James P. Kennedy", "menet": "Steve Menet"}
    assert [who for _, who in claims] == ["caldwell", "caldwell", "kennedy", "menet"]


def test_the_day_after_said_is_not_the_speaker(tmp_path):
    """ "“…,” Patrick said Tuesday night in Columbia.": Tuesday says when; the speaker is Patrick, named in full
    earlier, and the statement is the quotation."""
    people, claims = _draft(
        tmp_path,
        "<p>The newest hopeful, Deval Patrick, stopped by on Tuesday.</p>"
        "<p>“I come in humbly and I want to be a listener,” Patrick said Tuesday night in Columbia.</p>",
    )
    assert people == {"patrick": "Deval Patrick"}
    assert claims[-1] == ("I come in humbly and I want to be a listener", "patrick")


def test_where_it_was_said_after_the_verb_is_no_statement(tmp_path):
    """ "Next steps will be given on Friday, Claure said in the email.": the statement is before the tag."""
    people, claims = _draft(
        tmp_path,
        "<p>Job cuts will be announced this week, said executive chair Marcelo Claure in an email to staff.</p>"
        "<p>Next steps will be divulged in a meeting on Friday, Claure said in the email.</p>",
    )
    assert people == {"claure": "Marcelo Claure"}
    assert claims[-1] == ("Next steps will be divulged in a meeting on Friday", "claure")


def test_a_possessive_before_a_name_is_no_part_of_it(tmp_path):
    """ "Zach Parise’s two-goal performance" names Parise in full; "NASA's Steve Clarke" is Steve Clarke."""
    people, claims = _draft(
        tmp_path,
        "<p>Zach Parise’s two-goal performance helped the Wild.</p>"
        "<p>“You can go either way,” Parise said.</p>"
        "<p>“Buying rides to the Moon enables NASA to do much more,” NASA's Steve Clarke, deputy associate "
        "administrator, said in the statement.</p>",
    )
    assert people == {"parise": "Zach Parise", "clarke": "Steve Clarke"}
    assert [who for _, who in claims] == [None, "parise", "clarke"]


def test_reporting_verbs_of_news_copy(tmp_path):
    """ "“It’s hard not to,” Suter acknowledged." and "Malaska asked, “…?”" are tags."""
    people, claims = _draft(
        tmp_path,
        "<p>Wild defenseman Ryan Suter said the team is close. “It’s hard not to look, though,” Suter "
        "acknowledged.</p><p>Scientist Michael Malaska said so too. Malaska asked, “Could it live there?”</p>",
    )
    assert claims[1] == ("It’s hard not to look, though", "suter")
    assert claims[3] == ("Could it live there?", "malaska")


def test_an_office_of_capitalised_words_before_the_name(tmp_path):
    """ "said White House Press Secretary Stephanie Grisham", "Secretary of State Mike Pompeo said": the office is
    the person's title, never part of the name."""
    people, claims = _draft(
        tmp_path,
        "<p>Secretary of State Mike Pompeo said the release gives hope for peace talks.</p>"
        "<p>“We pray for the full recovery of both men,” said White House Press Secretary Stephanie Grisham.</p>",
    )
    assert people == {"pompeo": "Mike Pompeo", "grisham": "Stephanie Grisham"}
    assert [who for _, who in claims] == ["pompeo", "grisham"]


def test_a_surname_before_the_full_name_and_a_name_set_off_by_commas(tmp_path):
    """A page edited after it was written may give "Clarke said" above "NASA's Steve Clarke, …, said"; and
    "Carlineo's attorney, Sonya Zoghlin, said in an email that …" names the speaker between commas."""
    people, claims = _draft(
        tmp_path,
        "<p>“All of them bring different strengths,” Clarke said in a telecon with reporters today.</p>"
        "<p>“Buying rides enables NASA to do much more,” NASA's Steve Clarke, deputy associate administrator, said "
        "in the statement.</p>"
        "<p>Carlineo's attorney, Sonya Zoghlin, said in an email that Carlineo never intended to harm anyone.</p>",
    )
    assert people == {"clarke": "Steve Clarke", "zoghlin": "Sonya Zoghlin"}
    assert [who for _, who in claims] == ["clarke", "clarke", "zoghlin"]


def test_the_object_of_the_verb_is_no_speaker(tmp_path):
    """ "He urged Vietnam and others to push back": the subject speaks; "Marco Villa, the company’s chief
    operating officer, said Tyvak would …": Tyvak is what the said clause is about."""
    people, claims = _draft(
        tmp_path,
        "<p>“We will not accept unlawful claims,” Defense Secretary Mark Esper said. He urged Vietnam and others in "
        "the region to push back.</p>"
        "<p>Marco Villa, the company’s chief operating officer, said Tyvak would leverage that experience. “We’re "
        "going to start with something smaller,” he said.</p>",
    )
    assert people == {"esper": "Mark Esper", "villa": "Marco Villa"}
    assert [who for _, who in claims] == ["esper", "esper", "villa", "villa"]


def test_a_pronoun_after_a_newly_named_person_is_not_the_last_speaker(tmp_path):
    """ "“…,” said Stephanie Grisham." then "When Afghan President Ashraf Ghani first spoke last week, he said …":
    the "he" is Ghani's, whom no tag introduced, so the sentence is not given to Grisham."""
    people, claims = _draft(
        tmp_path,
        "<p>“We pray for the full recovery of both men,” said spokeswoman Stephanie Grisham.</p>"
        "<p>When Afghan President Ashraf Ghani first spoke of the exchange last week, he said Kabul had ensured "
        "that the freed militants would not return.</p>",
    )
    assert [who for _, who in claims] == ["grisham", None]


def test_who_is_asked_is_no_speaker(tmp_path):
    """ "In the meetings, advocates have asked HHS to collect data": HHS is asked, it says nothing."""
    people, claims = _draft(
        tmp_path,
        "<p>In the meetings, disability advocates have asked HHS to collect and provide data on admissions.</p>",
    )
    assert [who for _, who in claims] == [None]


def test_saying_after_a_named_subject_and_its_verb(tmp_path):
    """ "Wild coach Bruce Boudreau expressed confidence in the winger, saying he always finds a way": what follows
    "saying" is Boudreau's paraphrase; "The US welcomed the exchange, saying …" is the organisation's."""
    people, claims = _draft(
        tmp_path,
        "<p>Before the game, Wild coach Bruce Boudreau expressed confidence in the veteran winger, saying he always "
        "finds a way to start scoring.</p><p>The US welcomed the exchange, saying the hostages had suffered.</p>",
    )
    assert people == {"boudreau": "Bruce Boudreau"}
    assert claims == [("he always finds a way to start scoring.", "boudreau"), ("the hostages had suffered.", "US")]


def test_a_pronoun_two_paragraphs_after_the_last_speaker_with_a_new_person_between(tmp_path):
    """The paragraph between the last tagged speaker and "He also said …" names someone new ("President Ashraf
    Ghani"): the pronoun is not given to the earlier speaker."""
    people, claims = _draft(
        tmp_path,
        "<p>“We pray for the full recovery of both men,” said spokeswoman Stephanie Grisham.</p>"
        "<p>When Afghan President Ashraf Ghani first spoke of the exchange last week, he said Kabul had ensured "
        "that the freed militants would not return.</p>"
        "<p>He also said he hoped the swap would “pave the way” for direct talks.</p>",
    )
    assert [who for _, who in claims] == ["grisham", None, None]


def test_a_first_pronoun_is_the_one_person_the_paragraph_before_names(tmp_path):
    """No one has spoken yet: "“Don’t mind me!” he told them." follows a paragraph that names one person of the
    article (Patrick, named in full before and by a tag after); a paragraph naming two people gives no one."""
    people, claims = _draft(
        tmp_path,
        "<p>The newest hopeful, Deval Patrick, was stopping by.</p>"
        "<p>When Patrick walked into the room, the women turned around.</p>"
        "<p>“Don’t mind me!” he told them.</p>"
        "<p>“I come in humbly,” Patrick said.</p>",
    )
    assert people == {"patrick": "Deval Patrick"}
    assert [who for _, who in claims] == [None, None, "patrick", "patrick"]
