"""Real-browser journeys: Debian's Chromium driven by Playwright. No skipping: a missing browser fails."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("SIMPUL_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (make browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def shots(request) -> Path:
    """Folder for this test's screenshots: test-results/<test name>/."""
    folder = RESULTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _offline_page(browser: Browser, live_server, options: dict) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
    # Offline rule: every request must go to the live server itself.
    context.route(re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A desktop browser tab that can reach only the live server."""
    yield from _offline_page(browser, live_server, DESKTOP)


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:
    """A 390 px phone tab (touch, mobile) under the same offline rule."""
    yield from _offline_page(browser, live_server, PHONE)


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it stands (WCAG 2.1 A/AA rules). The script
    is evaluated through the DevTools protocol, not added to the page, so the page's strict CSP stays as is."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n')[1])
            }));
        }"""
    )
    return result


def assert_accessible(page: Page) -> None:
    found = axe_violations(page)
    assert found == [], f"{page.url}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found)
