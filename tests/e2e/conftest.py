"""Real-browser fixtures: the portal served on loopback by a real server, and a headless Chromium driven by Playwright.

The server runs in a thread with its own instance folder, a SQLite database built by the migrations (as a deployment
builds it), CSRF on and a plain-HTTP session cookie. Every test in tests/e2e/ is marked ``e2e`` and skipped, with the
reason printed by pytest, when Chromium is not installed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
E2E_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = E2E_DIR.parent.parent
AXE_PATH = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
NOTICES: list[str] = []  # printed in pytest's summary


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test ``e2e``; skip them all, saying why, when there is no Chromium."""
    missing = None
    if not Path(CHROMIUM).is_file():
        missing = f"Chromium not found at {CHROMIUM}: browser tests skipped (set PORTAL_CHROMIUM to another path)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is not installed (pip install -e '.[test]'): browser tests skipped"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# The server ---------------------------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    """The portal served on http://127.0.0.1:<port>, with the app (for reading its database) and its folders."""

    url: str
    app: Any
    instance: Path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.extensions import db

    root = tmp_path_factory.mktemp("e2e-server")
    app = create_app(
        {
            "INSTANCE_PATH": str(root / "instance"),
            "DATABASE_URL": f"sqlite:///{root / 'portal.db'}",
            "SEARCH_INDEX_DIR": str(root / "index"),
            "SECRET_KEY": "e2e-secret",
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": True,
            # Cheap hashing for the tests only; a deployment uses one of OWASP's Argon2id settings (the defaults).
            "PASSWORD_ARGON2_MEMORY_KIB": 8,
            "PASSWORD_ARGON2_TIME_COST": 1,
            # The recruiter's ranking follows the job seeker's upload within one journey: write the candidate index
            # inline so the browser never races the background writer (tests/web/test_index_background.py covers it).
            "INDEX_SYNC": "inline",
        }
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would drown the report
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, instance=root / "instance")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


# The browser --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> Path | None:
    """axe-core from the npm registry (tests/e2e/package-lock.json); installed once with `npm ci` when missing."""
    if not AXE_PATH.is_file() and shutil.which("npm"):
        subprocess.run(
            ["npm", "ci", "--prefix", str(E2E_DIR), "--no-audit", "--no-fund"],
            check=False,
            capture_output=True,
            timeout=120,
        )
    if AXE_PATH.is_file():
        return AXE_PATH
    NOTICES.append(
        f"axe-core not found at {AXE_PATH} and `npm ci --prefix tests/e2e` could not install it: "
        "the accessibility scan was skipped (the journeys still ran)."
    )
    return None


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say at the end of the run what the browser tests could not check."""
    for notice in NOTICES:
        terminalreporter.write_line(notice, yellow=True)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def browser_context(playwright_driver: Any, tmp_path: Path) -> Iterator[Any]:
    """A fresh Chromium with a new empty profile (no cookies, no cache) for one journey."""
    context = playwright_driver.chromium.launch_persistent_context(
        user_data_dir=str(tmp_path / "chromium-profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=DESKTOP,
        accept_downloads=True,
        locale="en-US",
        timezone_id="UTC",
        # axe is injected as an inline <script>, which the portal's Content-Security-Policy rightly forbids.
        bypass_csp=True,
    )
    context.set_default_timeout(5_000)
    try:
        yield context
    finally:
        context.close()


@dataclass
class Journey:
    """One person's way through the portal: takes numbered screenshots, scans each page with axe, watches errors."""

    name: str
    page: Any
    base_url: str
    axe: Path | None
    step: int = 0
    scanned: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = ARTIFACTS / self.name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))
        # A 4xx page the portal meant to show (a form with errors) is no error; a missing script, style or icon is.
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(f"{self.page.url}: {msg.text}")
                if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                else None
            ),
        )
        self.page.on(
            "response",
            lambda r: (
                self.errors.append(f"{r.status} {r.url}")
                if r.status >= 500 or (r.status >= 400 and r.request.resource_type != "document")
                else None
            ),
        )

    def goto(self, path: str) -> None:
        """Open a page of the portal by its path."""
        self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        """Screenshot the whole page as <nn-label>.png and scan it for accessibility problems."""
        self.step += 1
        path = self.folder / f"{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.scan(label)
        self.fits_phone(label)
        return path

    def fits_phone(self, label: str) -> None:
        """Note the page when, on a 375-pixel phone screen, it would need scrolling sideways."""
        self.page.set_viewport_size(PHONE)
        try:
            width = self.page.evaluate("document.documentElement.scrollWidth")
        finally:
            self.page.set_viewport_size(DESKTOP)
        if width > PHONE["width"]:
            self.violations.append(f"[{label}] {self.page.url}: {width}px wide on a {PHONE['width']}px phone screen")

    def scan(self, label: str) -> None:
        """Run axe-core on the page and keep its serious and critical violations."""
        if self.axe is None:
            return
        self.page.add_script_tag(path=str(self.axe))
        result = self.page.evaluate("async () => JSON.stringify((await axe.run()).violations)")
        for violation in json.loads(result):
            if violation["impact"] in ("serious", "critical"):
                targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                self.violations.append(
                    f"[{label}] {self.page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
                    f" at {targets}"
                )

    def phone_check(self, label: str) -> None:
        """At 375x812 the page must fit the screen: no sideways scrolling. Keeps a screenshot."""
        self.page.set_viewport_size(PHONE)
        try:
            self.step += 1
            self.page.screenshot(path=str(self.folder / f"{self.step:02d}-{label}-phone.png"), full_page=True)
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{self.page.url} is {width}px wide on a 375px phone screen"
        finally:
            self.page.set_viewport_size(DESKTOP)

    def finish(self) -> None:
        """Fail, listing every problem, when a page had a serious accessibility violation or a script error."""
        problems = [*self.violations, *(f"error: {e}" for e in self.errors)]
        if self.violations:
            print("\n".join(self.violations))
        assert not problems, "\n".join(problems)


@pytest.fixture
def journey(
    request: pytest.FixtureRequest, browser_context: Any, live_server: LiveServer, axe_source: Path | None
) -> Iterator[Any]:
    """``journey(name)`` opens a page in a fresh browser for that journey; the test calls ``finish()`` at its end."""
    made: list[Journey] = []

    def start(name: str) -> Journey:
        page = browser_context.new_page() if not browser_context.pages else browser_context.pages[0]
        made.append(Journey(name=name, page=page, base_url=live_server.url, axe=axe_source))
        return made[-1]

    yield start
    report = getattr(request.node, "rep_call", None)
    for item in made:
        if report is not None and report.failed:
            # The page as it was when the test failed, next to the step screenshots.
            item.page.screenshot(path=str(item.folder / "failure.png"), full_page=True)
