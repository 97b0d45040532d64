"""The audit's rules for defects a reviewer flags on any page (issue 20, batch 7's dev round): a list none of whose
entries names an author, a platform or a database id given as an entry's venue, a cue a citation tool failed to
resolve, numbered markers on a page that prints no list, a figure credited to a named body with no document, and an
entry that prints only a title, a name and a year (whether it owes pages cannot be told). Each is run on a page
drafted by the real ingest, as ``ekg ingest`` drafts it, in the forms batch 7's pages print."""

from __future__ import annotations

from pathlib import Path

from kg.audit import entries
from kg.audit.wording import not_a_figure


def _audit(tmp_path: Path, body: str, tail: str = ""):
    """Draft an HTML page as ``ekg ingest`` does, its body in paragraphs and ``tail`` after it, and audit the draft."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "article.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    source.write_text(
        "<html><head><title>Breathing easier at home</title>"
        '<meta property="article:published_time" content="2025-06-03T00:00:00Z"></head>'
        f"<body><article><h1>Breathing easier at home</h1>{paragraphs}{tail}</article></body></html>",
        encoding="utf-8",
    )
    result = ingest(source, tmp_path / "out")
    return audit(Cache(result.folder.parent.parent, tmp_path / "cache").open()).findings


CITED = (
    "Parents of children with asthma report 41% more sleep loss than other parents [1]. Siblings miss 12% of school "
    "days during flare-ups [2]. Caregivers spend 9 hours a week on treatment [3]."
)


def _list(*entries_: str) -> str:
    """A list as playphysio's pages print it: "<p><strong>[n]</strong> Title. <em>Venue</em>, year.</p>"."""
    return (
        "<h4>References</h4><div>"
        + "".join(f"<p><strong>[{n}]</strong> {e}</p>" for n, e in enumerate(entries_, start=1))
        + "</div>"
    )


def test_a_list_none_of_whose_entries_names_an_author_is_one_warning(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Sleep loss in parents of children with asthma. Thorax, 2020.",
            "School absence of siblings during asthma flare-ups. Royal Economic Society, 2022.",
            "Time spent on home treatment of childhood asthma. Pediatrics, 2019.",
        ),
    )
    [page] = [f for f in found if f.rule == "ref-authors"]
    assert page.severity == "warning" and page.subject.kind == "article"
    assert "no author" in page.message and "3 entries" in page.message


def test_a_list_with_one_author_is_not_reported_as_authorless(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Sleep loss in parents of children with asthma. Thorax, 2020.",
            "Smith J, Jones K. School absence of siblings during asthma flare-ups. Pediatrics. 2021;148(2):e2021.",
            "Time spent on home treatment of childhood asthma. Pediatrics, 2019.",
        ),
    )
    assert not [f for f in found if f.rule == "ref-authors" and f.subject.kind == "article"]


def test_a_title_a_name_and_a_year_owe_no_pages_the_audit_can_be_sure_of(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Parental psychological distress during pregnancy and the risk of childhood asthma. <em>Thorax</em>, 2020.",
            "SickKids-led review finds parents of chronically ill children experience poorer health outcomes. "
            "<em>SickKids</em>, 2020.",
            "Parental stress and child asthma. <em>NICS Well</em>.",
        ),
    )
    pages = [f for f in found if f.rule == "ref-pages"]
    assert pages and {f.severity for f in pages} == {"info"}
    assert all("could not be told" in f.message for f in pages)


def test_a_platform_or_a_database_id_as_the_venue_is_a_warning(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Childhood respiratory symptoms and mental health problems. <em>PMC3422397</em>.",
            "Health Outcomes of Parents of Children with Chronic Illness. <em>PubMed</em>, 2020.",
            "Respiratory diseases in children attending kindergartens: Impact of parental smoking and anxiety. "
            "<em>SAGE Journals</em>, 2017.",
        ),
    )
    venues = {f.subject.id.split(" (")[0]: f for f in found if f.rule == "ref-venue"}
    assert set(venues) == {"ref 1", "ref 2", "ref 3"}
    assert {f.severity for f in venues.values()} == {"warning"}
    assert venues["ref 1"].highlight == "PMC3422397" and "only a database id" in venues["ref 1"].message
    assert venues["ref 2"].highlight == "PubMed" and venues["ref 3"].highlight == "SAGE Journals"


def test_platform_names_are_matched_whole():
    assert entries.platform_venue("ScienceDirect") == "ScienceDirect"
    assert entries.platform_venue("Google Scholar.") == "Google Scholar"
    assert entries.platform_venue("Thorax") is None
    assert entries.platform_venue("PubMed Central Journal of Things") is None  # a (made-up) journal's own name
    # an id after the journal is an identifier, not the venue
    assert (
        entries.identifier_as_venue("A title of a study. Thorax. 2020;75:1-9. PMC3422397.", "A title of a study")
        is None
    )


def test_a_cue_a_citation_tool_failed_to_resolve(tmp_path):
    body = (
        "The risk is higher where a ritual salt is eaten 40 days after birth (missing reference). Mothers recover "
        "within 6 months in 45% of cases [1]. Some 12% relapse later [?]."
    )
    found = _audit(tmp_path, body, _list("Smith J. Recovery after birth. Heart. 2013;61(2):107-112."))
    unresolved = {f.highlight: f for f in found if f.rule == "cue-unresolved"}
    assert unresolved["(missing reference)"].severity == "error"
    assert unresolved["[?]"].severity == "warning"
    assert "40 days" in unresolved["(missing reference)"].evidence


def test_numbered_markers_on_a_page_with_no_list(tmp_path):
    found = _audit(tmp_path, CITED, "Full sources available on request.")
    [page] = [f for f in found if f.rule == "cue-past-end"]
    assert page.severity == "warning" and page.highlight == "Full sources available on request."
    assert "no reference list" in page.message and "1–3" in page.message


def test_markers_in_fewer_than_three_sentences_are_not_a_missing_list(tmp_path):
    found = _audit(tmp_path, "Parents report 41% more sleep loss [1]. Siblings miss 12% of school days [2].")
    assert not [f for f in found if f.rule == "cue-past-end"]


def test_a_figure_credited_to_a_named_body_with_no_document(tmp_path):
    body = (
        "Symptoms start after an incubation period of one-to-seven days, says the World Health Organization. "
        "Cases rose by a third last winter, said the Chief Medical Officer."
    )
    found = _audit(tmp_path, body)
    credited = [f for f in found if f.rule == "vague-attribution" and "with no page" in f.message]
    assert [f.highlight for f in credited] == ["says the World Health Organization"]
    assert credited[0].severity == "info"


def test_an_age_that_bounds_a_figure_is_no_figure():
    text = "persistent cases costing $20,727/child by age 18[4]."
    assert not_a_figure("age 18", text)
    assert not_a_figure("$20,727", text) is None


def _page_with_metadata(tmp_path: Path, publisher: str, url: str):
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "article.html"
    source.write_text(
        f"<html><head><title>Burden of care for parents - {publisher}</title>"
        f'<link rel="canonical" href="{url}">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
        '"headline": "Burden of care for parents", "datePublished": "2025-06-03", '
        f'"publisher": {{"@type": "Organization", "name": "{publisher}"}}}}</script></head>'
        f"<body><article><h1>Burden of care for parents</h1><p>{CITED}</p></article></body></html>",
        encoding="utf-8",
    )
    result = ingest(source, tmp_path / "out")
    return audit(Cache(result.folder.parent.parent, tmp_path / "cache").open()).findings


def test_a_test_sites_name_and_a_link_local_address_are_unset_metadata(tmp_path):
    # playphysio's pages: the JSON-LD publisher and <title> say 'Astro WP Test', the address is on astro-wp.local
    found = _page_with_metadata(tmp_path, "Astro WP Test", "http://astro-wp.local/blog/2025/burden-of-care-for-parents")
    [unset] = [f for f in found if f.rule == "page-metadata"]
    assert unset.severity == "warning" and unset.highlight == "Astro WP Test"
    assert "astro-wp.local" in unset.message and "Astro WP Test" in unset.evidence


def test_a_named_site_on_a_public_address_is_quiet(tmp_path):
    found = _page_with_metadata(tmp_path, "PlayPhysio", "https://www.playphysio.com/blog/2025/burden-of-care")
    assert not [f for f in found if f.rule == "page-metadata"]
    # 'Test' only as a whole word: a publisher whose name holds the letters is no placeholder
    assert not [
        f
        for f in _page_with_metadata(tmp_path / "b", "Contest Health", "https://contest.org/a")
        if f.rule == "page-metadata"
    ]


def test_a_body_named_by_its_initials_before_its_verb(tmp_path):
    # rutherford-vaping-lung-injury: "As of September 27th the CDC reported the following from their investigation:"
    found = _audit(
        tmp_path,
        "As of September 27th the CDC reported the following from their investigation: 805 cases in 46 states.",
    )
    [credited] = [f for f in found if f.rule == "vague-attribution" and "with no page" in f.message]
    assert credited.highlight == "the CDC reported" and credited.severity == "info"


def test_a_linked_study_a_news_page_names_by_its_day_and_journal(tmp_path):
    # natgeo-office-temperature: "according to a study Monday in Nature Climate Change" (the words a link)
    body = (
        "Temperatures are often based on a decades-old standard that considers the metabolic rate of men, according "
        'to a <a href="http://www.nature.com/nclimate/journal/vaop/ncurrent/full/nclimate2741.html">study Monday in '
        "Nature Climate Change</a>. The model may overestimate a woman's metabolic rate by up to 35 percent."
    )
    found = _audit(tmp_path, body)
    [named] = [f for f in found if f.rule == "vague-attribution" and "only by its journal" in f.message]
    assert named.highlight == "a study Monday in Nature Climate Change" and named.severity == "info"


# playphysio-respiratory-economic-burden's two faults, in its own words
COSTS = (
    "CF care consumes $526.76–$672.22 per pediatric clinic visit in transatlantic comparisons [12]. Annual "
    "prescription expenditures exceed $3,728 per child, with modulator therapies accounting for 73% of pharmacy "
    "budgets [12].\n\nInappropriate inhaler prescriptions waste $1,055/patient yearly, while severe exacerbations "
    "cost $3,728 in avoidable hospitalizations [4][10]. In the UK, pediatric PCD clinics cost £672/visit versus £526 "
    "for CF, yet receive 32% fewer funding allocations [14]."
)


def test_one_figure_given_for_two_things_by_two_sources(tmp_path):
    found = {f.highlight: f for f in _audit(tmp_path, COSTS) if f.rule == "figure-reused"}
    assert set(found) == {"$3,728", "£672"}
    assert {f.severity for f in found.values()} == {"warning"}
    assert "[4][10]" in found["$3,728"].message and "[12]" in found["$3,728"].message
    assert "currency changed" in found["£672"].message and "£526" in found["£672"].message


def test_a_figure_repeated_with_its_source_or_a_round_one_is_no_reuse(tmp_path):
    body = (
        "Annual prescription expenditures exceed $3,728 per child [12]. Lifetime costs rise by $28,500 [9].\n\n"
        "In short, prescriptions cost $3,728 a year [12]. Early diagnosis saves $28,500 per patient [14]. A visit "
        "costs £672 in the UK [3]."
    )
    assert not [f for f in _audit(tmp_path, body) if f.rule == "figure-reused"]


def test_callout_figures(tmp_path):
    # playphysio-parents-burden-of-care's callout boxes: a figure alone on its line, a short label under it
    body = "Depression rates are 35% among parents with chronically ill children [1]. Many parents sleep badly [2]."
    tail = (
        "<div><div>35%</div><div>Parents of chronically ill children meeting clinical depression criteria</div></div>"
        "<div><div>2.7x</div><div>Higher insomnia rates in caregivers of children with nocturnal symptoms</div></div>"
        + _list("Smith J. Depression in parents. Thorax. 2020;75:1-9.", "Jones K. Sleep of carers. Sleep. 2021;44:2-8.")
    )
    found = {
        f.highlight: f for f in _audit(tmp_path, body, tail) if f.rule == "stat-uncited" and "callout" in f.message
    }
    assert found["2.7x"].severity == "warning" and "no sentence of the page" in found["2.7x"].message
    assert found["35%"].severity == "info" and "repeats a figure the body gives" in found["35%"].message
    assert "2.7x Higher insomnia rates" in found["2.7x"].evidence


def test_callouts_need_a_unit_and_a_label():
    from kg.audit.page import callouts

    text = "Intro.\n\n2019\n\nA year to remember\n\n27%\n\nLower burnout rates with peer mentoring\n\n14%\n\nIt fell."
    assert callouts(text) == [(text.index("27%"), "27%", "Lower burnout rates with peer mentoring")]


def test_a_figure_credited_to_no_one_by_a_passive(tmp_path):
    body = (
        "The incidence of this is quoted from 1:1000-4000 in the USA, with rising numbers. Recovery follows in "
        "half of cases [1]."
    )
    found = _audit(tmp_path, body, _list("Smith J. Recovery after birth. Heart. 2013;61(2):107-112."))
    [passive] = [f for f in found if f.rule == "vague-attribution" and f.highlight == "is quoted from"]
    assert passive.severity == "warning" and "1:1000-4000" in passive.evidence
    # the same words with a cue in the sentence are cited
    cited = _audit(
        tmp_path / "b",
        "The incidence is quoted from 1:1000-4000 in the USA [1].",
        _list("Smith J. Rates. Heart. 2013;61:1-9."),
    )
    assert not [f for f in cited if f.rule == "vague-attribution" and f.highlight == "is quoted from"]


def test_a_figure_resting_on_a_blog_post(tmp_path):
    # playphysio-hcp-adherence-burnout's [18]: a software vendor's blog cited beside a study for a figure
    body = (
        "One platform cut prescription errors by 23% by flagging patterns [1] [2]. Clinics saw a 14% drop in "
        "clinician burnout [2]. Paperwork consumes 2 hours daily for many clinicians [1]."
    )
    tail = (
        "<h4>References</h4><div>"
        '<p><strong>[1]</strong> <a href="https://pmc.ncbi.nlm.nih.gov/articles/PMC10171344/">Digital technologies '
        "and adherence in respiratory diseases</a></p>"
        '<p><strong>[2]</strong> <a href="https://www.motics.ai/blog/combating-clinician-burnout-in-healthcare-with-ai'
        '-causes-impact-and-solutions">Combating Clinician Burnout in Healthcare with AI</a></p></div>'
    )
    found = {f.highlight: f for f in _audit(tmp_path, body, tail) if f.rule == "grey-clinical-figure"}
    assert found["23%"].severity == "info" and "motics.ai/blog" in found["23%"].message
    assert found["14%"].severity == "warning" and "Only a blog post" in found["14%"].message
    assert "2 hours" not in found  # a study alone


def test_a_reference_persons_weight_is_no_figure():
    # natgeo-office-temperature: the 1960s formula's reference person
    text = "the resting metabolic rate of a 154-pound (70-kilogram) 40-year-old man."
    assert "describes the person meant" in not_a_figure("154-pound", text)
    assert not_a_figure("15 pounds", "Patients lost 15 pounds on average after the diet.") is None


def test_a_studys_follow_up_after_the_page_names_the_study(tmp_path):
    # nci-aspirin-lynch-syndrome: the follow-up is the length of the trial the page names and links just before
    body = (
        "Conducted in the United Kingdom, the trial, dubbed CAPP2, showed a decrease in colorectal cancer [1]. "
        "Published online in The Lancet, the findings update the trial's initial results, published in 2008. At that "
        "time, based on a mean follow-up of 29 months, use of daily aspirin was not found to reduce the incidence."
    )
    found = _audit(tmp_path, body, _list("Burn J. Long-term effect of aspirin. Lancet. 2011;378:2081-7."))
    [follow_up] = [f for f in found if f.rule == "stat-uncited" and f.highlight == "29 months"]
    assert follow_up.severity == "info"


def test_how_long_a_step_of_the_story_took_is_a_time_frame(tmp_path):
    # mmwr-foreword-disparities: the programme's history, not a figure to source
    body = (
        "After conducting a needs assessment over two years, hospital and CDC researchers developed a program to "
        "address disparities in pediatric asthma mortality. Asthma deaths fell for 4 years in a row."
    )
    durations = {f.highlight for f in _audit(tmp_path, body) if f.rule == "stat-uncited"}
    assert "two years" not in durations and "4 years" in durations


def test_a_claim_typed_only_statistical_is_stated_as_fact(tmp_path):
    # nbc-msn-flu-shots-migrants: a claim whose only type is 'statistical' was taken for 'only a recommendation'
    body = (
        "The doctors said that based on an estimated 200,000 children in federal custody in the past two years, the "
        "three deaths of detained children attributed to complications from the flu are nine times higher than the "
        "expected death rate for children from flu."
    )
    [uncited] = [f for f in _audit(tmp_path, body) if f.rule == "stat-uncited"]
    assert uncited.severity == "warning" and "200,000 children" in uncited.message


def test_the_rounds_patterns_are_read_in_bounded_time():
    """Every byte of a page is untrusted: this round's patterns on hostile text each return in bounded time."""
    import time

    from kg.audit import listrules, page, pagerules, rules, wording

    start = time.process_time()
    hostile = [
        "says the " + "World " * 5000 + "Organization",
        "the " + "CDC " * 5000 + "reported",
        "is quoted " * 5000 + "from 1:1000",
        "$" * 5000 + "3,728" * 3000,
        "£1,000,000," * 3000,
        "https://blog." + "a" * 20000 + "/blog/" * 3000,
        "Full sources " * 5000 + "available on request",
        "(missing reference" * 5000 + "Error! Reference " * 3000,
        "27%\n\n" * 5000 + "Lower burnout rates with peer mentoring",
        "After conducting " + "a " * 20000 + "over two years",
        "a 154-pound (" * 5000 + "70-kilogram) man",
        "PMC3422397. " * 5000,
        "a study Monday in " + "Nature " * 5000,
    ]
    for text in hostile:
        list(rules._BODY_CREDIT.finditer(text))
        list(rules._PASSIVE_CREDIT.finditer(text))
        list(rules._KIND_AND_JOURNAL.finditer(text))
        rules._BLOG_URL.match(text)
        rules._STORY_STEP.search(text[:200])
        list(pagerules._MONEY.finditer(text))
        pagerules._PLACEHOLDER_NAME.search(text)
        listrules.sources_elsewhere(text)
        list(listrules._UNRESOLVED.finditer(text))
        page.callouts(text)
        wording.not_a_figure("154-pound", text + " a 154-pound man")
        entries.platform_venue(text)
        entries.identifier_as_venue(text, text[:100])
    assert time.process_time() - start < 5
