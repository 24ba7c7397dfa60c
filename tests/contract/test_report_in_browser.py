"""report.html in a real browser: headless Chromium (Debian's, driven by Playwright) opens the report of a clean run
and of a faulty one, as a person would. It sees the verdict first and, on the faulty run, the failing requirement
with its evidence; the page fetches nothing but itself and logs no error. A full-page screenshot of each is kept
under reports/browser/. Without the browser the test fails with one line naming `make browser`, never skips."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from contract_tests.reporting._html import anchor
from contract_tests.requirements import CATALOG
from emabler_spec import SPEC
from tests.checkout import ROOT
from tests.contract.conftest import FAILING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
# What this machine's Chromium needs to run headless as root in a container, and to stay off the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "reports" / "browser"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; a missing one fails the test with one line (no skip)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is not installed: run `make setup`, then `make browser`", pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (it installs Debian's chromium)", pytrace=False)
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        except Error as error:
            first = str(error).strip().splitlines()[0]
            pytest.fail(f"{CHROMIUM} does not start ({first}): run `make browser`", pytrace=False)
        yield launched
        launched.close()


@dataclass
class Visit:
    """An open report, and what the visit showed beside the page: requests other than the file, console errors."""

    page: Page
    fetched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[[Path, str], Visit]]:
    """Open a report in a fresh page, offline, with every other request recorded and refused; keep a screenshot."""
    contexts = []

    def open_report(report: Path, screenshot: str) -> Visit:
        context = browser.new_context(viewport=VIEWPORT, offline=True)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def refuse(route: Route) -> None:
            route.continue_() if route.request.url == report.as_uri() else route.abort()

        page.on("request", lambda request: None if request.url == report.as_uri() else seen.fetched.append(request.url))
        page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.route("**/*", refuse)
        page.goto(report.as_uri())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / screenshot, full_page=True)
        return seen

    yield open_report
    for context in contexts:
        context.close()


def _verdict_first(page: Page, verdict: str) -> None:
    """The verdict is the page's heading, at its top, in sight without scrolling."""
    heading = page.locator("h1")
    assert heading.count() == 1
    assert heading.inner_text() == verdict
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < VIEWPORT["height"] / 4


def test_the_report_of_a_clean_run_shows_that_it_conforms(
    visit: Callable[[Path, str], Visit], clean_reports: Path
) -> None:
    seen = visit(clean_reports / "report.html", "clean.png")
    _verdict_first(seen.page, "CONFORMS")
    assert seen.page.get_by_text("None: each requirement held where tested.").is_visible()
    assert seen.page.locator("#coverage svg").count() == 2  # the status chart and the nullable grid, drawn inline
    assert seen.fetched == []
    assert seen.errors == []
    assert (SCREENSHOTS / "clean.png").stat().st_size > 0


def test_the_report_of_a_faulty_run_shows_the_verdict_and_the_failing_requirements_evidence(
    visit: Callable[[Path, str], Visit], faulty_reports: Path
) -> None:
    seen = visit(faulty_reports / "report.html", "faulty.png")
    page, requirement = seen.page, CATALOG[FAILING]
    _verdict_first(page, "DOES NOT CONFORM")
    assert f"1 failed: {FAILING}" in page.locator("header").inner_text()
    evidence = page.locator(f"#{anchor(requirement, SPEC.drivers_for_sites.label)}")
    assert evidence.is_visible()
    shown = evidence.inner_text()
    assert f"FAILED {FAILING} on {SPEC.drivers_for_sites.label}" in shown.replace("\n", " ")
    assert requirement.statement in shown
    curl = evidence.locator("pre.curl")
    assert curl.is_visible()
    assert curl.inner_text().startswith("curl -X POST")
    assert f"{SPEC.key_header}: [Filtered]" in curl.inner_text()
    assert "Status 200" in shown  # the answer the fault gave to one site id too many
    for link in (f"{FAILING} on {SPEC.drivers_for_sites.label}", FAILING):  # the verdict's, the matrix's
        page.get_by_role("link", name=link, exact=True).click()
        assert page.url.endswith(f"#{anchor(requirement, SPEC.drivers_for_sites.label)}")
        page.goto(faulty_reports.joinpath("report.html").as_uri())
    assert seen.fetched == []
    assert seen.errors == []
