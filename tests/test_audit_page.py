"""kg.audit.page on lines of the real-article corpus (benchmarks/corpus/, dev split): page furniture a draft holds
as claims, figures that are part of a name, and reference lines the draft did not read. Each line is quoted as the
page prints it (short bibliographic lines and menu items; the article is named beside each)."""

from __future__ import annotations

import pytest

from kg.audit import page


def _at(text: str, quote: str) -> int:
    return text.index(quote)


@pytest.mark.parametrize(
    "text, quote",
    [
        # mnt-aha-moment: the related-stories list under the article
        (
            "Consciousness 'restored' using nerve stimulation One month after a vagus nerve stimulator was implanted in his chest, "
            "a patient who had spent 15 years in a vegetative state showed signs of consciousness. Read now\n",
            "One month after a vagus nerve stimulator was implanted in his chest",
        ),
        # webmd-superbugs: the site's menu
        (
            "  • Enjoy Dairy Everyday\n\n  • Managing Diabetes\n\n  • 21 Days: A New Routine\n\n  • Knee Pain Relief\n",
            "21 Days: A New Routine",
        ),
        # msn-sad-movies: a related link, and the publication's name on a line of its own
        (
            "Eat This, Not That!\n\n  • From 510 to 160 pounds: How this woman changed her life\n\nTODAY\n",
            "From 510 to 160 pounds: How this woman changed her life",
        ),
        ("U.S. News & World Report - Health\n\nMore from Medical Daily\n\n", "More from Medical Daily"),
    ],
)
def test_page_furniture_is_recognised(text, quote):
    assert page.furniture(text, _at(text, quote), quote)


@pytest.mark.parametrize(
    "text, quote, title",
    [
        # sspt-falls-elderly: a sentence of the body
        (
            "3. Muscle weakness/Balance Deficits - Did you know that most adults reach their maximum muscle mass around 40 years "
            "old and lose approximately 3-5% each decade form then if inactive? If you don’t use it you lose it.\n",
            "Did you know that most adults reach their maximum muscle mass",
            "",
        ),
        # vdw-magnesium-stroke: the title is the article's headline claim, not furniture
        (
            "100 mg more Magnesium in water associated with 8 percent reduction in stroke\n\nSummary of journal article\n",
            "100 mg more Magnesium in water associated with 8 percent reduction in stroke",
            "100 mg more Magnesium in water associated with 8 percent reduction in stroke",
        ),
        # vdw-magnesium-stroke: a long sentence without its full stop is still prose
        (
            "Independent evidence shows that Vitamin D and Magnesium both reduce strokes. Expect that they would do well together "
            "- perhaps more than 2X the benefit\n",
            "Expect that they would do well together - perhaps more than 2X the benefit",
            "",
        ),
    ],
)
def test_prose_is_not_furniture(text, quote, title):
    assert page.furniture(text, _at(text, quote), quote, title) is None


@pytest.mark.parametrize(
    "stated_as, quote, named",
    [
        (
            "12 Years",
            "here is our list of the five must-watch tearjerkers: Schindler's List; Titanic; and 12 Years a Slave .",
            True,
        ),
        ("Daily", "More from Medical Daily", True),
        ("21 Days", "21 Days: A New Routine", True),
        (
            "Approximately one in four",
            "Approximately one in four met the criteria for PTSD",
            False,
        ),  # conv-ptsd-ukraine
        ("roughly 18 percent", "were able to maintain the Roman chair roughly 18 percent longer", False),
        ("37 degrees Celsius", "a fever above 37 degrees Celsius", False),
    ],
)
def test_a_capitalised_word_makes_a_figure_part_of_a_name(stated_as, quote, named):
    assert page.part_of_a_name(stated_as, quote) is named


def test_reference_lines_the_draft_did_not_read_are_found():
    text = (
        "The findings revealed those who had watched Stuart: A Life Backwards were able to maintain the Roman chair.\n\n"
        "Source: Dunbar RIM, Teasdale B, Thompson J et al. Emotional arousal when watching drama increases pain threshold "
        "and social bonding. Royal Society Open Science. 2016.\n\n"  # msn-sad-movies
        "Larsson SC, Orsini N, Wolk A. Am J Clin Nutr. 2012 Feb;95(2):362-6\n\n"  # vdw-magnesium-stroke
        "Suggested citation for this article: Xiong KZ, Swander L, Bluma D. Prev Chronic Dis 2024;21:230166.\n"
    )  # pcd
    unread = page.unread_references(text, [])
    assert [u[:12] for u in unread] == ["Source: Dunb", "Larsson SC, "]
    # a line the draft's list prints is read
    read = page.unread_references(
        text,
        [
            "Larsson SC, Orsini N, Wolk A. Dietary magnesium intake and risk of stroke. "
            "Am J Clin Nutr. 2012 Feb;95(2):362-6"
        ],
    )
    assert [u[:12] for u in read] == ["Source: Dunb"]


def test_reading_reference_lines_is_bounded_on_hostile_text():
    import time

    text = ("Smith AB, " * 5000 + "\n") * 20 + "2012;" * 20000
    started = time.process_time()  # CPU time: a hang guard, which a loaded machine must not fail
    page.printed_references(text)
    assert time.process_time() - started < 2
