"""End-to-end fixtures: the real dashboard (streamlit run) on a snapshot built by the real pipeline, driven by
Debian's Chromium through Playwright. Screenshots of every page go to artifacts/screenshots/."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(proc.stdout.read().decode(errors="replace"))
    proc.kill()
    raise RuntimeError("dashboard did not start within 60 s")


@pytest.fixture(scope="session")
def dashboard_url(small_pipeline):
    port = _free_port()
    proc = start_dashboard(small_pipeline, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def add_account(env: dict, name: str, role: str, password: str | None = None) -> str:
    """A dashboard account in the users file of `env`'s KEET_HOME (as `keet users add` makes it); its password."""
    password = password or secrets.token_urlsafe(16)
    with mock.patch.dict(os.environ, {"KEET_HOME": env["KEET_HOME"]}):
        from pipelines import auth

        auth.add_user(name, role, password)
    return password


def session_token(env: dict, name: str, role: str) -> str:
    """A live log-in session for a (new) account, as the log-in form starts one: the cookie's value."""
    add_account(env, name, role)
    with mock.patch.dict(os.environ, {"KEET_HOME": env["KEET_HOME"]}):
        from pipelines import auth

        return auth.start_session(auth.User(name, role))


@pytest.fixture(scope="session")
def lead_token(small_pipeline) -> str:
    return session_token(small_pipeline, "e2e-lead", "lead")


def new_page(browser, token: str | None = None):
    """A fresh browser context (no cookies) and its page; with `token`, logged in through the session cookie."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-BE")
    if token:
        context.add_cookies(
            [{"name": "keet_session", "value": token, "domain": "127.0.0.1", "path": "/", "sameSite": "Strict"}]
        )
    pg = context.new_page()
    pg.set_default_timeout(90_000)  # generous: a loaded 2-core CI machine reruns slowly
    return pg


@pytest.fixture
def page(browser, lead_token):
    """A page logged in as the project lead (exact figures, every page)."""
    pg = new_page(browser, lead_token)
    yield pg
    pg.context.close()


@pytest.fixture
def anonymous_page(browser):
    pg = new_page(browser)
    yield pg
    pg.context.close()


def upload_file(page, url: str, path: Path, text: str):
    """Open the upload page at `url`, write `text` to `path` and drop it on the uploader; the report's code block."""
    path.write_text(text, encoding="utf-8")
    page.goto(url + "/upload")
    wait_ready(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    return page.locator('[data-testid="stCode"]')


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(page) -> None:
    """Streamlit has finished the script run: the app is rendered and no 'running' indicator is left."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.match(/Running|Bezig/)"
    )
    page.wait_for_timeout(500)


def choose(page, label: str, option: str, attempts: int = 6) -> None:
    """Pick `option` in the selectbox labelled `label`. On a loaded machine the first click can land before the
    widget is interactive, so the dropdown is opened again until the option shows (bounded)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    target = page.get_by_role("option", name=option, exact=True)
    for _ in range(attempts):
        box.click()
        try:
            target.wait_for(state="visible", timeout=10_000)
            target.click()
            return
        except Exception:  # noqa: BLE001 - playwright TimeoutError; retried
            page.keyboard.press("Escape")
            page.wait_for_timeout(1000)
    raise AssertionError(f"option {option!r} of {label!r} never appeared")
