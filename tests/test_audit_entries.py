"""kg.audit.entries on real reference-list entries, each quoted as printed, with where it was found.

Dev corpus (benchmarks/corpus/, split dev): pcd-stroke-transfer-maps, pcd-asthma-hot-spots, pcd-birthing-hospitals,
mmwr-foreword-winnable-battles (committed texts, public domain); msn-sad-movies and sspt-falls-elderly (texts kept
out for their licence: one bibliographic line each). Public files found with the library's find_string (public
GitHub repositories, bibliographic lines only), named by the library's file id.
"""

from __future__ import annotations

import pytest

from kg.audit import entries

# pcd-stroke-transfer-maps
STROKE_1 = (
    "Virani SS, Alonso A, Benjamin EJ, Bittencourt MS, Callaway CW, Carson AP, et al. ; American Heart Association "
    "Council on Epidemiology and Prevention Statistics Committee and Stroke Statistics Subcommittee. Heart disease and "
    "stroke statistics — 2020 update: a report from the American Heart Association. Circulation. 2020;141(9):e139–e596. "
    "PubMed doi:10.1161/CIR.0000000000000757"
)
STROKE_2 = (
    "Wisconsin Department of Health Services. Wisconsin Coverdell Stroke Program: facts and figures. Last revised "
    "December 19, 2023. Accessed April 5, 2023. https://www.dhs.wisconsin.gov/coverdell/data.htm"
)
STROKE_3 = (
    "Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients — importance of "
    "considering more than two transport options. Front Neurol. 2019;10:437. PubMed doi:10.3389/fneur.2019.00437"
)
STROKE_6 = (
    "American Heart Association. Get with the guidelines — stroke registry tool. 2024. Accessed April 6, 2023. "
    "https://www.heart.org/en/professional/quality-improvement/get-with-the-guidelines/get-with-the-guidelines-stroke/"
    "get-with-the-guidelines-stroke-registry-tool"
)
STROKE_8 = (
    "Det Norske Veritas. Stroke care certification programs. 2023. Accessed April 6, 2023. "
    "https://www.dnv.us/supplychain/healthcare/stroke-certs"
)
# pcd-asthma-hot-spots
ASTHMA_4 = (
    "Liang T, Chamdawala HS, Tay ET, Chao J, Waseem M, Lee H, et al. . Pediatric emergency care in New York City during "
    "the COVID-19 pandemic shutdown and reopening periods. Am J Emerg Med. 2022;56:137–144. PubMed "
    "doi:10.1016/j.ajem.2022.03.049"
)
ASTHMA_10 = (
    "Morckel V, Durst N. Using Emerging Hot Spot Analysis to explore spatiotemporal patterns of housing vacancy in Ohio "
    "metropolitan statistical areas. Urban Aff Rev. 2021;59(1)."
)
ASTHMA_14 = (
    "Kaya AB, Cihangir Çamur K, Çetin HM, Kaya SB, Erdoganaras F. The effects of urban areas, neighborhood and housing "
    "on urban health: a systematic review and meta-analysis on asthma. Cities. 2023;143(0264-2751):104583."
)
# pcd-birthing-hospitals
BIRTH_2 = (
    "American College of Obstetricians and Gynecologists. Levels of maternal care: obstetric care consensus no, 9. "
    "Obstet Gynecol. 2019;134(2):e41–e55. PubMed doi:10.1097/AOG.0000000000003383"
)
BIRTH_3 = (
    "Hung P, Kozhimannil KB, Casey MM, Moscovice IS. Why are obstetric units in rural hospitals closing their doors? "
    "Health Serv Res. 2016;51(4):1546–1560. . Erratum in Health Serv Res. 2018;53(3):2005. PubMed doi:10.1111/1475-6773.12441"
)
BIRTH_13 = (
    "American College of Obstetricians and Gynecologists. Practice considerations for rural and low-volume obstetric "
    "settings 2018 . Accessed June 25, 2024. https://www.acog.org/clinical-information/policy-and-position-statements/"
    "position-statements/2018/practice-considerations-for-rural-and-low-volume-obstetric-settings"
)
BIRTH_12 = (
    "National Rural Health Association. Obstetrics readiness in rural America: policy brief 2021. Accessed June 25, 2024. "
    "https://www.ruralhealth.us/getmedia/1aade569-b828-41de-96ed-de76e76365f8/NRHA-Policy-Brief-Final-Draft-OB-readiness.pdf"
)
# mmwr-foreword-winnable-battles
MMWR_1 = (
    "CDC. CDC health disparities and inequalities report_–_United States, 2011. MMWR 2011;60(Suppl; January 14, 2011)."
)
MMWR_3 = "Frieden TR. Six components necessary for effective public health program implementation. Am J Public Health 2014;104:17-22."
MMWR_5 = (
    "Taylor AB, Smith PJ, Kolasa M. Reduction of racial and ethnic disparities in vaccination coverage, 1995-2011. In: "
    "Strategies for reducing health disparities—selected CDC-_s_ponsored interventions, United States, 2014. MMWR 2014;63(No. Suppl 1)."
)
# msn-sad-movies (the page's "Source:" line) and sspt-falls-elderly (its one-line list, entry 2)
MSN = (
    "Dunbar RIM, Teasdale B, Thompson J et al. Emotional arousal when watching drama increases pain threshold and social "
    "bonding. Royal Society Open Science. 2016."
)
SSPT_2 = (
    "Chang et al. Interventions for the prevention of falls in older adults: systematic review and meta-analysis of "
    "randomised clinical trials. BMJ 2004."
)
# public GitHub files (library file ids 35575340416, 24963195301, 39781874854)
DOUBLED = "Journal of mammary gland biology and neoplasia, 28(1). doi:https://doi.org/10.1007/s10911-023-09551-z."
DOUBLED_2 = (
    "Deuel, J. W. (2021). Social Distancing Alters the Clinical Course of COVID-19 in Young Adults: A Comparative Cohort "
    "Study. Clinical Infectious Diseases, 72(4), 598–603. doi:https://doi.org/10.1093/cid/ciaa889"
)
SOUND_DOI = "Cioffi G, Dannhauser D, et al. Biomed Opt Express., 14(10):5060-5074, 2023. doi: 10.1364/BOE.492028"


@pytest.mark.parametrize("entry, highlight", [(STROKE_2, "Last revised December 19, 2023"), (STROKE_6, "2024")])
def test_an_entry_read_before_the_version_it_cites(entry, highlight):
    message, shown = entries.access_conflict(entry)
    assert shown == highlight and "Accessed April" in message


@pytest.mark.parametrize("entry", [STROKE_8, BIRTH_12, BIRTH_13, STROKE_3])
def test_an_entry_read_after_its_date_is_sound(entry):
    assert entries.access_conflict(entry) is None


@pytest.mark.parametrize(
    "entry, what",
    [
        (ASTHMA_4, "a doubled full stop"),
        (BIRTH_3, "a doubled full stop"),
        (STROKE_1, "a space before the punctuation"),
        (BIRTH_13, "a space before the punctuation"),
        (BIRTH_2, "a comma where the abbreviation takes a full stop"),
        (MSN, "no comma before 'et al.'"),
    ],
)
def test_slips_of_punctuation(entry, what):
    assert [w for w, _ in entries.punctuation_slips(entry)] == [what]


@pytest.mark.parametrize("entry", [STROKE_3, MMWR_3, BIRTH_12, STROKE_2, SOUND_DOI, DOUBLED_2])
def test_sound_punctuation_and_urls_are_left_alone(entry):
    assert entries.punctuation_slips(entry) == []


def test_markup_left_in_an_entry_outside_its_address():
    assert entries.markup_left(MMWR_1) == ["ities report_–_United State"]
    assert entries.markup_left(MMWR_5) == ["elected CDC-_s_ponsored int"]
    assert entries.markup_left(BIRTH_12) == entries.markup_left(STROKE_6) == []  # underscores and hyphens in URLs


def test_a_first_author_by_surname_alone():
    [(what, name)] = entries.author_defects(SSPT_2)
    assert name == "Chang" and "no initials" in what
    assert entries.author_defects(MSN) == entries.author_defects(STROKE_3) == entries.author_defects(MMWR_3) == []


def test_authors_running_into_the_title():
    # the Frieden entry with its full stop after the initials removed, as a careless copy prints it
    [(what, _)] = entries.author_defects(MMWR_3.replace("Frieden TR. Six", "Frieden TR Six"))
    assert "runs into the title" in what


@pytest.mark.parametrize("entry", [DOUBLED, DOUBLED_2])
def test_the_doubled_doi_form_is_a_warning_not_a_malformed_doi(entry):
    [(severity, message, shown)] = entries.doi_defects(entry)
    assert severity == "warning" and "prefixed twice" in message and shown.lower() == "doi:https://doi.org/"


@pytest.mark.parametrize("entry", [SOUND_DOI, STROKE_3, ASTHMA_4])
def test_sound_dois_have_no_defect(entry):
    assert entries.doi_defects(entry) == []


def test_a_doi_cut_at_a_hyphen_and_one_with_an_encoded_space():
    # the Hung entry's DOI cut at its hyphen, and the Schlemm DOI copied with the space after it (as vdw-magnesium-stroke's
    # PubMed link is, '…/22205313%20')
    [(severity, message, _)] = entries.doi_defects(BIRTH_3.replace("10.1111/1475-6773.12441", "10.1111/1475-"))
    assert severity == "warning" and "cut short" in message
    [(severity, message, _)] = entries.doi_defects(STROKE_3.replace("fneur.2019.00437", "fneur.2019.00437%20"))
    assert "encoded space" in message


def test_an_address_with_an_encoded_space():
    # vdw-magnesium-stroke's link to the study
    [(message, url)] = entries.url_defects(
        "Larsson SC, Orsini N, Wolk A. Am J Clin Nutr. 2012 Feb;95(2):362-6. "
        "http://www.ncbi.nlm.nih.gov/pubmed/22205313%20"
    )
    assert url.endswith("22205313%20") and "encoded space" in message
    assert entries.url_defects(STROKE_8) == []


@pytest.mark.parametrize(
    "entry, venue, year, volume, issue, pages",
    [
        (MMWR_3, "Am J Public Health", "2014", "104", None, ":17-22"),
        (MMWR_1, "MMWR", "2011", "60", "Suppl; January 14, 2011", None),
        (MMWR_5, "MMWR", "2014", "63", "No. Suppl 1", None),
        (ASTHMA_10, "Urban Aff Rev", "2021", "59", "1", None),
        (ASTHMA_14, "Cities", "2023", "143", "0264-2751", ":104583"),
        (BIRTH_3, "Health Serv Res", "2016", "51", "4", ":1546–1560"),
    ],
)
def test_the_nlm_locator(entry, venue, year, volume, issue, pages):
    m = entries.nlm_locator(entry)
    assert (m.group("venue"), m.group("year"), m.group("volume"), m.group("issue"), m.group("pages")) == (
        venue,
        year,
        volume,
        issue,
        pages,
    )
    assert bool(entries.ISSN.match(m.group("issue") or "")) is (entry == ASTHMA_14)


def test_hostile_entries_are_read_in_bounded_time():
    import time

    hostile = [
        "Smith AB, " * 3000,
        "et al. " * 5000,
        "_" * 10000,
        "2023;" * 4000 + "(",
        "Accessed " * 3000 + "April 5,",
        "doi:https://doi.org/" * 500,
        "A " * 10000,
    ]
    started = time.process_time()  # CPU time: a hang guard, which a loaded machine must not fail
    for text in hostile:
        entries.access_conflict(text), entries.punctuation_slips(text), entries.markup_left(text)
        entries.author_defects(text), entries.doi_defects(text), entries.url_defects(text), entries.nlm_locator(text)
        entries.venue_and_year_only(text), entries.no_publication_date(text), entries.second_work(text)
        entries.article_number_conflict("10.7554/eLife.49324", text)
    for text in [
        "https://a.org/x " + "b" * 5000,
        "https://a.org/x " + "a " * 3000 + ".pdf",
        ". A" * 4000 + " 2004.",
        "2024 Oregon " * 2000,
        "Also " * 3000,
    ]:
        (
            entries.url_defects(text),
            entries.venue_and_year_only(text),
            entries.no_publication_date(text),
            entries.second_work(text),
        )
    assert time.process_time() - started < 2


@pytest.mark.parametrize(
    "cue, authors, expected",
    [
        # the authors of pcd-asthma-hot-spots' reference 10 ("Morckel V, Durst N."), cited author-year
        ("Morckel and Durst, 2021", ["Morckel V", "Durst N"], None),
        ("(Morckel & Durst, 2021)", ["Morckel, V.", "Durst, N."], None),
        ("Morkel et al., 2021", ["Morckel V", "Durst N"], "spells the first author"),
        ("Durst et al. (2021)", ["Morckel V", "Durst N"], "'et al.' hides the first author"),
        ("Nurjannah et al. 2021", ["Morckel V", "Durst N"], "the entry's authors are Morckel, Durst"),
        ("A 2019 study published in the Journal of Knees", ["Doe, J."], None),  # no author-year cue
        ("According to a 2020 study", ["Doe, J."], None),
    ],
)
def test_an_author_year_cue_against_the_entrys_authors(cue, authors, expected):
    found = entries.author_cue_defect(cue, authors)
    assert (found is None) if expected is None else (expected in found[1] and found[0] == "warning")


@pytest.mark.parametrize(
    "title, design",
    [
        # titles of the dev corpus's references (pcd-birthing-hospitals 6, pcd-stroke-transfer-maps 4, pcd-asthma-hot-spots 14, 6;
        # pcd-birthing-hospitals 4; sspt-falls-elderly 2)
        (
            "Impact of obstetric unit closures, travel time and distance to obstetric services on maternal and neonatal outcomes in "
            "high-income countries: a systematic review",
            "systematic-review",
        ),
        (
            "Organizational factors determining access to reperfusion therapies in ischemic stroke — systematic literature review",
            "systematic-review",
        ),
        (
            "The effects of urban areas, neighborhood and housing on urban health: a systematic review and meta-analysis on asthma",
            "systematic-review",
        ),
        (
            "“I am hesitant to visit the doctor unless absolutely necessary”: a qualitative study of delayed care, avoidance of care, "
            "and telehealth experiences during the COVID-19 pandemic",
            None,
        ),
        (
            "Association between loss of hospital-based obstetric services and birth outcomes in rural counties in the United States",
            None,
        ),
        (
            "Interventions for the prevention of falls in older adults: systematic review and meta-analysis of randomised clinical trials",
            "systematic-review",
        ),
    ],
)
def test_the_design_a_title_names(title, design):
    assert entries.design_from_title(title) == design


def test_counts_of_people():
    # conv-ptsd-ukraine and conv-old-dogs-dementia (committed texts); pcd-birthing-hospitals's "(76.5%, n = 239,654)" has
    # no noun after its count; the last is made up
    assert entries.people_counts(
        "we conducted a nationally representative survey of 2,504 adults living in "
        "government-controlled regions of Ukraine"
    ) == {"adults": {2504}}
    assert entries.people_counts("The Dog Aging Project is a study of more than 50,000 companion dogs over time") == {
        "dogs": {50000}
    }
    assert entries.people_counts("In 2016, 76.5% (n = 239,654) of women") == {}
    assert entries.people_counts("a study of 500 older adults and 40 nurses") == {"adults": {500}, "nurses": {40}}


@pytest.mark.parametrize(
    "doi, pages, conflict",
    [
        # pcd-asthma-hot-spots 6 and 15, pcd-birthing-hospitals 6: the DOI carries the e-locator
        ("10.1097/MD.0000000000029439", "e29439", None),
        ("10.4178/epih.e2021098", "e2021098", None),
        ("10.1136/bmjopen-2020-036852", "e036852", None),
        # pcd-birthing-hospitals 7: a page range; pcd-stroke-transfer-maps 3: an article number, not an e-locator
        ("10.1016/j.ajog.2020.08.042", "304.e1–304.e11", None),
        ("10.3389/fneur.2019.00437", "437", None),
        # pcd-asthma-hot-spots 6 with its e-locator mistyped, and a DOI that embeds no article number
        ("10.1097/MD.0000000000029439", "e29493", "e29493"),
        ("10.1016/j.ajem.2022.03.049", "e29439", None),
    ],
)
def test_a_doi_against_the_entrys_e_locator(doi, pages, conflict):
    assert entries.elocator_conflict(doi, pages) == conflict


# ncd-assisted-suicide-letter (dev, committed): notes 2, 3 and 4 as printed (note 4's address as the draft holds it,
# its Markdown '<…>' gone); blab-flu-forecasting-blog (dev, committed): Lee 2019 and Neher 2014; vdb-biological-clock
# (dev, committed): notes 2 and 3; pcd-usvi-diabetes (dev, committed): note 3
NCD_2 = (
    "Oregon Health Authority, Public Health Division, 2024 Oregon Death with Dignity Act Data Summary, 15-16, "
    "https://www.oregon.gov/oha/PH/PROVIDERPARTNERRESOURCES/EVALUATIONRESEARCH/DEATHWITHDIGNITYACT/Documents/year27.pdf>."
)
NCD_4 = (
    "State of Connecticut, Division of Criminal Justice, “Testimony of the Division of Criminal Justice,” Hearing on H.B. "
    "No. 7015, Joint Committee on Judiciary, March 18, 2015. Also State of Connecticut, Division of Criminal Justice, "
    "“Testimony of the Division of Criminal Justice,” Hearing on H.B. No. 5898, Joint Committee on Public Health, March 18, "
    "2019, https://www.cga.ct.gov/2019/PHdata/Tmy/2019HB-05898-R000318-CT Division of Criminal Justice-TMY.PDF. The "
    "Division of Criminal Justice used the same language regarding the same section number in both instances."
)
LEE_2019 = (
    "Lee, Juhye M, Rachel Eguia, Seth J Zost, Saket Choudhary, Patrick C Wilson, Trevor Bedford, Terry Stevens-Ayers, et "
    "al. 2019. “Mapping Person-to-Person Variation in Viral Mutations That Escape Polyclonal Serum Targeting Influenza "
    "Hemagglutinin.” eLife 8 (August): 3308. https://doi.org/10.7554/eLife.49324."
)
NEHER_2014 = (
    "Neher, Richard A, Colin A Russell, and Boris I Shraiman. 2014. “Predicting Evolution from the Shape of "
    "Genealogical Trees.” eLife 3 (November): e03568. https://doi.org/10.7554/eLife.03568."
)
VDB_2 = "Press release Nobel prize committee, read on Jan 29 2020."
VDB_3 = "Roenneberg T., Daan S, Merrow M., The art of entrainment, Journal of Biological Rhytms, 18: 183-94 (2003)."
SSPT_3 = (
    "Sherrington et al. Exercise to prevent falls in older adults: an updated meta-analysis and best practice "
    "recommendations. NSW Public Health Bulletin June 2011."
)


def test_an_address_with_a_stray_bracket_or_cut_at_a_space():
    [(message, url)] = entries.url_defects(NCD_2)
    assert url.endswith("year27.pdf>") and "stray '>'" in message
    [(message, rest)] = entries.url_defects(NCD_4)
    assert rest == "Division of Criminal Justice-TMY.PDF" and "cut at a space" in message
    # an address between '<' and '>' is whole; one closed by the sentence's full stop is not cut
    assert entries.url_defects("Data Summary, <https://www.oregon.gov/x/year27.pdf>.") == []
    assert entries.url_defects(STROKE_8 + " See the certification.html page.") == []


def test_two_works_in_one_entry():
    assert entries.second_work(NCD_4).startswith("Also State of Connecticut, Division of Criminal Justice")
    assert entries.second_work(MMWR_5) is None and entries.second_work(STROKE_1) is None


def test_a_page_number_the_doi_contradicts():
    assert entries.article_number_conflict("10.7554/elife.49324", LEE_2019) == "3308"
    assert entries.article_number_conflict("10.7554/elife.03568", NEHER_2014) is None
    # a page range, or a DOI that ends in no article number: nothing to compare
    assert entries.article_number_conflict("10.1016/j.ajem.2022.03.049", ASTHMA_4) is None
    assert entries.article_number_conflict("10.3389/fneur.2019.00437", STROKE_3) is None


def test_a_journal_and_a_year_and_nothing_to_find_the_article_by():
    assert entries.venue_and_year_only(SSPT_2) == "BMJ"
    assert entries.venue_and_year_only(SSPT_3) == "NSW Public Health Bulletin"
    assert entries.venue_and_year_only(MSN) == "Royal Society Open Science"
    # a book's publisher, a locator, an address: findable
    assert (
        entries.venue_and_year_only("Rao J. Small area estimation. Hoboken (NJ): John Wiley & Sons, Inc; 2003.") is None
    )
    for entry in (MMWR_3, ASTHMA_10, STROKE_8):
        assert entries.venue_and_year_only(entry) is None


def test_an_entry_with_no_date_of_publication():
    assert entries.no_publication_date(NCD_2) == "its title"
    assert entries.no_publication_date(VDB_2) == "the day it was read"
    # a year of its own, a month after the year (NLM), a revision date: dated
    for entry in (MMWR_3, STROKE_2, "Larsson SC, Orsini N, Wolk A. Am J Clin Nutr. 2012 Feb;95(2):362-6.", BIRTH_12):
        assert entries.no_publication_date(entry) is None, entry


def test_a_full_stop_before_a_titles_bracketed_part():
    # pcd-asthma-hot-spots (dev) entry 13; a year, an editor and an edition in brackets are no slip
    esri = "Esri. Hot Spot Analysis. (Getis-Ord GI*) (Spatial Statistics). Accessed June 29, 2023. https://pro.arcgis.com/x"
    assert "a full stop between the title and its bracketed part" in [w for w, _ in entries.punctuation_slips(esri)]
    for entry in (
        DOUBLED_2,
        "Doe J, editor. (Ed.) Knee care.",
        "Roe A. Knee care. (2nd ed.) Boston: Pub; 2001.",
        MMWR_5,
        STROKE_2,
    ):
        assert "a full stop between the title and its bracketed part" not in [
            w for w, _ in entries.punctuation_slips(entry)
        ], entry


def test_more_slips_of_punctuation():
    assert (
        "initials written both with and without a full stop",
        "Roenneberg T., … Daan S",
    ) in entries.punctuation_slips(VDB_3)
    assert [what for what, _ in entries.punctuation_slips("Id, at 15.")] == [
        "'Id,' with no full stop (the short form is 'Id.')"
    ]
    assert entries.punctuation_slips("Id. at 15.") == []
    assert not [w for w, _ in entries.punctuation_slips(MMWR_3) if "initials" in w]


# Round 4 of issue 20: words of an entry that look misspelt, read against the article's own words (no dictionary).
# hindawi-edwardsiella-endocarditis (CC BY), refs 1, 3 and 4 as printed; vdb-biological-clock, ref 3 and a sentence of
# its text; plos-des-methylation (CC BY), ref 4's title.
HINDAWI_1 = (
    "Wyatt LE, Nickelson R II, Vanderzant C. Edwardsiella tarda in freshwater catfish and their environment. Applied "
    "and Environmental Microbiology. 1979;38(4):710-714. PMID: 539822."
)
HINDAWI_3 = (
    "Nettles RE, Sexton DJ. Successful treatment of Edwardsiella tarda prosthetic valve endocarditis in a patient"
)
HINDAWI_4_TITLE = "Soft-tissue infection caused by Edwarsiella tarda and Aeromonas hydrophila"
VDB_3 = "Roenneberg T., Daan S, Merrow M., The art of entrainment, Journal of Biological Rhytms, 18: 183-94 (2003)."
VDB_TEXT = "Circadian rhythms are found in most living things. These rhythms are driven by a biological clock."
PLOS_4_TITLE = (
    "Risk of breast cancer in women exposed to diethylstilbestrol in utero: prelimiinary results (United States)"
)


def test_misspelt_words_against_the_articles_own():
    counts = entries.word_counts([HINDAWI_1, HINDAWI_3, HINDAWI_4_TITLE])
    assert entries.misspelt_words(HINDAWI_4_TITLE, counts) == [("Edwarsiella", "Edwardsiella")]
    assert entries.misspelt_words(HINDAWI_1, counts) == []  # the usual spelling itself
    counts = entries.word_counts([VDB_TEXT, VDB_3])
    assert entries.misspelt_words("Journal of Biological Rhytms", counts) == [("Rhytms", "Rhythms")]
    assert entries.misspelt_words(PLOS_4_TITLE, entries.word_counts([PLOS_4_TITLE])) == [("prelimiinary", None)]


@pytest.mark.parametrize(
    "odd,usual",
    [
        ("labeled", "labelled"),  # a doubled letter
        ("tumor", "tumour"),  # 'or' for 'our'
        ("estrogen", "oestrogen"),  # the first letter
        ("anemia", "anaemia"),  # 'e' for 'ae'
        ("center", "centre"),  # 're' and 'er'
        ("catalog", "catalogue"),  # the end of the word
        ("randomized", "randomised"),  # a letter for another: not looked at
    ],
)
def test_spelling_conventions_are_let_be(odd, usual):
    counts = entries.word_counts([f"{usual} {usual} {odd}"])
    assert entries.misspelt_words(odd, counts) == []


def test_a_doubled_i_at_a_words_end_or_before_ng_is_no_slip():
    assert entries.misspelt_words("skiing taxiing radii Hawaii", {}) == []
