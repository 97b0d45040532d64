"""Layouts of the real-article corpus's batch 7 (benchmarks/corpus/README.md), read by the real ingest code from
short excerpts of the batch's dev pages (their texts are not committed: each excerpt names its article, whose
annotation's ``source`` says where it came from)."""

from __future__ import annotations

from pathlib import Path

from kg.audit.refs import dois_in
from kg.ingest.markup import convert
from kg.ingest.pipeline import draft_article
from kg.ingest.references import doi_in_address, parse_entry

BODY = (
    "<p>Respiratory therapists report burnout at high rates in surveys of hospital staff, and many of them "
    "say their workload has grown every year since the pandemic began.</p>"
)


def _page(tmp_path: Path, body: str) -> Path:
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Low adherence</title>"
        '<meta property="article:published_time" content="2025-04-23T00:00:00Z"></head>'
        f"<body><article><h1>Low adherence causes frustration</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    return page


def test_an_entry_printed_as_its_number_and_a_linked_title_keeps_the_address_and_its_doi(tmp_path):
    """playphysio-hcp-adherence-burnout: each entry is "<p><strong>[n]</strong> <a href=…>Title</a></p>", the
    address a PMC record or a publisher's page holding the DOI (Frontiers' ".../full", PLOS's "?id=" with the
    slash percent-encoded)."""
    refs = (
        '<h4 class="references-title">References</h4><div class="references-content">'
        '<p><strong>[4]</strong> <a href="https://pmc.ncbi.nlm.nih.gov/articles/PMC10171344/">Enhancing '
        "Respiratory Therapists’ Well-Being: Battling Burnout</a></p>"
        '<p><strong>[5]</strong> <a href="https://www.frontiersin.org/journals/psychology/articles/10.3389/'
        'fpsyg.2022.902673/full">Psychological Responses of Health Care Workers</a></p>'
        '<p><strong>[12]</strong> <a href="https://journals.plos.org/plosone/article?id=10.1371%2Fjournal.pone.'
        '0312504">A qualitative study examining stressors among Respiratory Therapists</a></p>'
        '<p><strong>[18]</strong> <a href="https://www.motics.ai/blog/combating-clinician-burnout-in-healthcare-'
        'with-ai-causes-impact-and-solutions">Combating Clinician Burnout in Healthcare with AI</a></p></div>'
    )
    draft = draft_article(_page(tmp_path, BODY + refs))
    got = {r.number: (r.title, r.doi, r.pmcid, r.url) for r in draft.references}
    assert got[4] == (
        "Enhancing Respiratory Therapists’ Well-Being: Battling Burnout",
        None,
        "PMC10171344",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10171344/",
    )
    assert got[5][:2] == ("Psychological Responses of Health Care Workers", "10.3389/fpsyg.2022.902673")
    assert got[5][3] == "https://www.frontiersin.org/journals/psychology/articles/10.3389/fpsyg.2022.902673/full"
    assert got[12][1] == "10.1371/journal.pone.0312504"
    assert (got[18][1], got[18][3]) == (
        None,
        "https://www.motics.ai/blog/combating-clinician-burnout-in-healthcare-with-ai-causes-impact-and-solutions",
    )


def test_a_link_in_the_body_is_not_an_entrys_address():
    """A link inside a sentence, or after a list number and more words, is no entry's title: its address is not
    written into the text."""
    body = (
        '<p>See <a href="https://www.example.org/report/2024">the report</a> for the figures of 2024.</p>'
        '<p>3. Read <a href="https://www.example.org/guide">the full guide</a> first.</p>'
    )
    text = convert(body, "html").text
    assert "the report for the figures" in text and "example.org" not in text


def test_a_doi_in_a_publishers_address_is_read_without_the_page_named_after_it():
    assert doi_in_address("https://onlinelibrary.wiley.com/doi/abs/10.1002/jemt.1070210110/abstract") == (
        "10.1002/jemt.1070210110"
    )
    assert doi_in_address("https://journals.plos.org/plosone/article?id=10.1371%2Fjournal.pone.0312504") == (
        "10.1371/journal.pone.0312504"
    )
    assert doi_in_address("https://www.madinamerica.com/2019/02/doctors-authoritarians-harmful/") is None
    # printed in an entry's text, the address stays whole as its URL
    ref = parse_entry(
        "5. Psychological Responses of Health Care Workers. "
        "https://www.frontiersin.org/journals/psychology/articles/10.3389/fpsyg.2022.902673/full"
    )
    assert (ref.number, ref.doi, ref.url) == (
        5,
        "10.3389/fpsyg.2022.902673",
        "https://www.frontiersin.org/journals/psychology/articles/10.3389/fpsyg.2022.902673/full",
    )


def test_a_number_set_as_superscript_by_its_style_is_a_cue():
    """pearls-peripartum-cardiomyopathy: the cue is a link to the entry's anchor with the number in
    <span style="vertical-align: super"> (CSS 2.1 §10.8.1), not <sup>; Tailwind's class for it is "align-super"."""
    html = (
        "<p>to assist with delivery<a href='#Ruys2013'><span style='vertical-align: super'>1</span></a>. This may "
        "lead to a period of vulnerability.</p>"
        "<p>~50% with full recovery<a href='#Haghikia2013'><span class='text-xs align-super'>2</span></a>.</p>"
        # a styled number right after a figure, with no link to an entry, is an exponent as a <sup> would be
        "<p>about 10<span style='font-size: 70%; vertical-align:super'>5</span> cells</p>"
    )
    text = convert(html, "html").text
    assert "to assist with delivery[1]. This may lead" in text
    assert "with full recovery[2]." in text
    assert "10^5 cells" in text


def test_the_audit_reads_a_doi_in_a_publishers_address_without_the_page_named_after_it():
    """playphysio-hcp-adherence-burnout, entry 5 as the draft prints it: the DOI inside Frontiers' address is the
    record's DOI, not '…/full' (which ref-doi reported as a second, conflicting DOI)."""
    entry = (
        "Psychological Responses of Health Care Workers "
        "https://www.frontiersin.org/journals/psychology/articles/10.3389/fpsyg.2022.902673/full"
    )
    assert dois_in(entry) == ["10.3389/fpsyg.2022.902673"]
    # a DOI printed on its own keeps every segment: a suffix may hold slashes
    assert dois_in("doi:10.1002/(SICI)1097-0258/full") == ["10.1002/(sici)1097-0258/full"]


def test_an_entrys_venue_set_in_italics_after_its_title_is_its_container(tmp_path):
    """playphysio-parents-burden-of-care: "<p><strong>[n]</strong> Title. <em>Venue</em>, year.</p>", the venue in
    italics as APA and AMA set a container's name; an identifier in its place ("<em>PMC3422397</em>") is none."""
    refs = (
        "<h4>References</h4><div>"
        "<p><strong>[1]</strong> Childhood respiratory symptoms and mental health problems. <em>PMC3422397</em>.</p>"
        "<p><strong>[5]</strong> Parental stress and child asthma. <em>NICS Well</em>.</p>"
        "<p><strong>[7]</strong> Parental psychological distress during pregnancy and the risk of childhood "
        "asthma. <em>Thorax</em>, 2020.</p></div>"
    )
    draft = draft_article(_page(tmp_path, BODY + refs))
    got = {r.number: (r.title, r.journal, r.year, r.pmcid) for r in draft.references}
    assert got[1] == ("Childhood respiratory symptoms and mental health problems", None, None, "PMC3422397")
    assert got[5] == ("Parental stress and child asthma", "NICS Well", None, None)
    assert got[7] == (
        "Parental psychological distress during pregnancy and the risk of childhood asthma",
        "Thorax",
        2020,
        None,
    )


def test_an_effect_estimate_written_with_a_colon_or_an_equals_sign_and_no_space_is_a_figure():
    """playphysio-parents-burden-of-care: "(OR:1.91)" and "(β=0.53, p<0.001)", an odds ratio and a regression
    coefficient as APA 7 reports them (symbol, "=" or ":", value), typed with no spaces. A negative coefficient is
    left unread rather than read without its sign."""
    from kg.ingest.quantities import find_quantities

    def stated(sentence: str) -> list[str]:
        return [q.stated_as for q in find_quantities(sentence, 0, len(sentence))]

    assert stated("lower forced vital capacity and higher asthma risk (OR:1.91) in offspring") == ["OR:1.91"]
    assert stated("increases child internalizing/externalizing behaviors (β=0.53, p<0.001)") == ["β=0.53", "p<0.001"]
    assert stated("a steeper decline (β = −0.53, p<0.001)") == ["p<0.001"]


def test_cues_that_close_a_list_item_cite_its_other_sentences(tmp_path):
    """playphysio-hcp-adherence-burnout: a bold-led item whose cues close its second sentence, the figure in its
    first ("… saw a 14% drop in clinician burnout. This frees HCPs to focus on complex cases [16] [18] ."): a
    paragraph-final citation covers its paragraph, so the figure's sentence cites 16 and 18. An item whose
    earlier sentence has a cue of its own keeps only its own."""
    body = (
        "<p>Healthcare teams are finding innovative ways to address these challenges:</p><ul>"
        "<li><strong>Flexible workflows:</strong> Clinics using “adherence navigators” (non-clinical staff who handle "
        "follow-ups) saw a 14% drop in clinician burnout. This frees HCPs to focus on complex cases [16] [18] .</li>"
        "<li><strong>Peer support:</strong> Hospitals with peer mentoring report 27% lower burnout rates [12]. "
        "Regular debrief sessions help clinicians share strategies [20] .</li></ul>"
    )
    refs = "<h4>References</h4><div>" + "".join(
        f"<p><strong>[{n}]</strong> <a href='https://example.org/{n}'>Work number {n} on burnout</a></p>"
        for n in (12, 16, 18, 20)
    )
    draft = draft_article(_page(tmp_path, BODY + body + refs + "</div>"))
    cited = {
        q.stated_as: sorted(c.link.cue for c in claim.citations) for claim in draft.claims for q in claim.statistics
    }
    assert cited["14%"] == ["[16]", "[18]"]
    assert cited["27%"] == ["[12]"]


#: pearls-peripartum-cardiomyopathy: a definition credited to a body in the sentence that leads into its list
#: (the excerpt as printed, with one cited sentence before it, so that the page cites elsewhere)
DEFINITION = (
    "---\ntitle: Peripartum cardiomyopathy\ndate: 2018-05-01\n---\n\n"
    "Women with cardiac disease are required to generate higher cardiac outputs to assist with delivery [1].\n\n"
    "The working definition, most recently described by the European Society of Cardiology in 2010:\n\n"
    "- Idiopathic cardiomyopathy, diagnosis of exclusion\n"
    "- Reduced ejection fraction < 45% (ventricle does not need to be dilated)\n\n"
    "Obesity, as defined by the World Health Organization, is a body mass index of 30 or more.\n\n"
    "The syndrome was first described by Hans Asperger in 1944.\n\n"
    "## References\n\n"
    "1. Ruys TP, Cornette J, Roos-Hesselink JW. Pregnancy and delivery in cardiac disease. J Cardiol. "
    "2013;61(2):107-112.\n"
)


def test_a_definition_described_by_a_body_credits_it_and_the_items_of_its_list(tmp_path):
    """ "described by the European Society of Cardiology …:" credits the list after it (as "recommended by" does),
    and "as defined by the World Health Organization" its sentence; "first described by Hans Asperger" (a person
    who described a condition, with no "the") credits no one."""
    page = tmp_path / "notes.md"
    page.write_text(DEFINITION, encoding="utf-8")
    draft = draft_article(page)

    def credit(words: str):
        (claim,) = [c for c in draft.claims if words in (c.quote or c.text)]
        return (claim.attribution.agent.kind, claim.attribution.agent.ref) if claim.attribution else None

    assert credit("Reduced ejection fraction") == ("organisation", "European Society of Cardiology")
    assert credit("body mass index of 30") == ("organisation", "World Health Organization")
    assert credit("Hans Asperger") is None


def test_a_figure_credited_to_a_body_with_no_reference_is_a_warning_not_an_error(tmp_path):
    """The audit cannot tell a body's uncited statement from a figure with no source at all: a warning that names
    the body (pearls' '< 45%' was an error, judged wrong), where an uncredited one stays an error."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    page = tmp_path / "notes.md"
    page.write_text(
        DEFINITION.replace(
            "## References", "About 20% of women do not recover their ejection fraction.\n\n## References"
        ),
        encoding="utf-8",
    )
    ingest(page, tmp_path / "data")
    report = audit(Cache(tmp_path / "data", tmp_path / "cache").open())
    uncited = {f.subject.id: f for f in report.findings if f.rule == "stat-uncited"}
    credited = uncited["reduced-ejection-fraction-45-ventricle-does"]
    assert credited.severity == "warning" and "European Society of Cardiology" in credited.message
    assert [f.severity for i, f in uncited.items() if i.startswith("about-20-of-women")] == ["error"]
