"""The HTML report in a real headless browser (Debian's chromium and chromedriver, driven by selenium):
the findings render, the severity and rule filters work, and the page fits desktop and phone widths.

Without chromium the tests skip with the reason, except in CI (CI=true), where they fail: .ci/run
installs chromium, so a missing browser there is a broken set-up, not a reason to pass.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.audit import audit
from kg.audit.html import render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_browser() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        reason = f"no headless browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + "; CI must have it (.ci/run installs it)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def report_page(seed_store, tmp_path_factory):
    page = tmp_path_factory.mktemp("audit-html") / "audit.html"
    page.write_text(render_html(audit(seed_store)), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser, report_page):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    )
    browser.get(report_page.as_uri())
    return browser


def visible(driver) -> list:
    return [f for f in driver.find_elements("css selector", ".finding") if f.is_displayed()]


def shown(driver) -> str:
    return driver.find_element("id", "shown").text


def test_findings_render_worst_first(page):
    findings = visible(page)
    assert len(findings) == 24
    assert [f.get_attribute("data-severity") for f in findings[:3]] == ["error", "error", "warning"]
    assert shown(page) == "Showing 24 of 24 findings"
    cards = [c.text.split("\n") for c in page.find_elements("css selector", ".card")]
    assert cards == [["24", "findings"], ["2", "errors"], ["20", "warnings"], ["2", "info"]]


def test_each_claim_quote_is_highlighted_in_its_article_context(page):
    first = visible(page)[0]
    mark = first.find_element("css selector", "blockquote.context mark")
    assert (
        mark.text
        == "Marathon runners who don’t warm up before running are 2.6 times more likely to experience low back pain than those who do"
    )
    context = first.find_element("css selector", "blockquote.context").text
    assert context.index("Warm up.") < context.index(mark.text) < context.index("according to a 2021 study")
    sources = first.find_element("css selector", "ul.sources").text
    assert "ref 2 (wu2021)" in sources and "cross-sectional study · Level 4" in sources


def test_severity_filter(page):
    page.find_element("css selector", 'input[name="severity"][value="warning"]').click()
    assert {f.get_attribute("data-severity") for f in visible(page)} == {"error", "info"}
    assert shown(page) == "Showing 4 of 24 findings"
    page.find_element("css selector", 'input[name="severity"][value="error"]').click()
    page.find_element("css selector", 'input[name="severity"][value="info"]').click()
    assert visible(page) == []
    assert page.find_element("id", "none-shown").is_displayed()


def test_rule_filter_and_summary_links(page):
    from selenium.webdriver.support.ui import Select

    Select(page.find_element("id", "rule-filter")).select_by_value("ref-uncited")
    assert [f.get_attribute("data-rule") for f in visible(page)] == ["ref-uncited", "ref-uncited"]
    assert shown(page) == "Showing 2 of 24 findings"
    page.find_element("css selector", 'button.rule-link[data-rule="grey-clinical-figure"]').click()
    assert [f.get_attribute("data-rule") for f in visible(page)] == ["grey-clinical-figure"] * 3
    Select(page.find_element("id", "rule-filter")).select_by_value("")
    assert len(visible(page)) == 24


def test_show_in_article_opens_the_marked_text(page):
    first = visible(page)[0]
    first.find_element("css selector", "a.in-article").click()
    details = page.find_element("css selector", "#articles details")
    assert details.get_attribute("open") is not None
    marks = details.find_elements("css selector", ".article-text mark.error")
    assert any("2.6 times more likely" in m.text for m in marks)


@pytest.mark.parametrize("name, width, height, mobile", [("desktop", 1366, 900, False), ("narrow", 390, 844, True)])
def test_screenshots_and_no_sideways_scrolling(browser, report_page, tmp_path, name, width, height, mobile):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    browser.get(report_page.as_uri())
    assert browser.execute_script("return window.innerWidth") == width
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    folder = Path(os.environ.get("EKG_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"audit-{name}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
