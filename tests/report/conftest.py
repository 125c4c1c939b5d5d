"""A real headless Chromium (Debian's, driven by Playwright) for the report tests.

The system set-up (`scripts/install-system-packages`) installs it; these tests are
never skipped: without the browser they fail and say so.
"""
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    # closed after its module: the rest of the suite forks workers without a browser, its
    # driver and their threads beside them
    from playwright.sync_api import sync_playwright
    if not shutil.which("chromium"):
        pytest.fail("chromium is not installed: run scripts/install-system-packages")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
