"""The course's web site (`make site`) as a reader sees it: Chromium over a plain static server (make test-browser).

The site is built for three lectures, 01 (an interactive figure, formulas), 03 (formulas) and 04 (training curves),
with the home page and every assignment's page, and served by Python's http.server. Every request that leaves
127.0.0.1 is refused and recorded: the site must work offline, MathJax included. Screenshots go to
.screenshots/site-*.png.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from site_build import build_site, leaks, page_text, secret_lines

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LECTURES = {"01": "01_perceptron", "03": "03_activations_losses", "04": "04_keras_mnist"}
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (make test-browser does)")
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site's folder (lectures executed as `make site` does, reusing its up-to-date runs)."""
    return build_site(tmp_path_factory.mktemp("site"), list(LECTURES), cache=ROOT / "_build" / "executed")


@pytest.fixture(scope="module")
def server(site):
    """http.server on the built site; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser_page(server):
    """A Chromium page that may reach only the local server; ``page.outside`` lists what it tried to reach."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed: apt-get install chromium, then run again.")
    SHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.set_default_timeout(60_000)
        page.outside = []

        def route(request_route):
            if request_route.request.url.startswith(server):
                request_route.continue_()
            else:
                page.outside.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        yield page
        browser.close()


def visit(page, url, shot):
    """Open ``url``, wait for MathJax to finish typesetting, save the screenshot; return the page's facts."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)")
    page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")
    page.screenshot(path=str(SHOTS / f"site-{shot}.png"), full_page=True)
    return page.evaluate("""() => ({
        broken: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
        images: document.querySelectorAll('article img').length,
        formulas: document.querySelectorAll('mjx-container').length,
        mathErrors: document.querySelectorAll('mjx-merror').length,
        errors: document.querySelectorAll('.output.error, .output.traceback, .stderr, .output.stderr').length,
        widgetNotes: document.querySelectorAll('.course-widget-note').length,
        colab: Array.from(document.querySelectorAll('a[href^="https://colab.research.google.com/github/"]'))
            .map(a => a.href),
        previous: (document.querySelector('a.left-prev') || {}).href || null,
        next: (document.querySelector('a.right-next') || {}).href || null,
        text: document.querySelector('main').innerText,
    })""")


def test_home_page_links_the_lectures_in_order_and_says_how_to_run_them(browser_page, server):
    facts = visit(browser_page, f"{server}/index.html", "home")
    assert not facts["broken"], f"images that did not load on the home page: {facts['broken']}"
    text = facts["text"]
    positions = [text.find(f"Lecture {number}") for number in LECTURES]
    assert -1 not in positions and positions == sorted(positions), f"the lectures are not listed in order: {positions}"
    for words in ("Colab", "Binder", "make lab", "How an assignment works", "Assignment 01"):
        assert words in text, f"the home page does not mention {words!r}"
    assert not browser_page.outside, f"the home page reached outside the site: {browser_page.outside}"


@pytest.mark.parametrize("number", list(LECTURES))
def test_lecture_page_shows_its_figures_formulas_and_claims_without_errors(browser_page, server, site, number):
    name = LECTURES[number]
    facts = visit(browser_page, f"{server}/lectures/{name}.html", f"lecture-{number}")
    assert not facts["broken"], f"lecture {number}: images that did not load: {facts['broken']}"
    assert facts["images"] >= 2, f"lecture {number} shows {facts['images']} images: its figures are missing"
    assert not facts["errors"], f"lecture {number} shows {facts['errors']} error or stderr outputs"
    assert "Traceback" not in facts["text"], f"lecture {number} shows a traceback"
    assert facts["formulas"] > 0 and not facts["mathErrors"], (
        f"lecture {number}: {facts['formulas']} formulas typeset, {facts['mathErrors']} MathJax errors")
    assert "$$" not in facts["text"] and "\\(" not in facts["text"], f"lecture {number} shows raw LaTeX"
    assert "Claim held:" in facts["text"] or "Claim did not hold in this run:" in facts["text"], (
        f"lecture {number} shows no checked claim")
    assert any(url.endswith(f"/lectures/{name}.ipynb") for url in facts["colab"]), (
        f"lecture {number} has no Open in Colab link to its notebook (run `make notebooks`)")
    if number == "01":  # the perceptron's slider: its first frame, and the note in place of the controls
        assert facts["widgetNotes"] >= 1, "lecture 01's interactive figure has no note about its controls"
    if number == "03":
        assert facts["previous"] and facts["previous"].endswith("01_perceptron.html"), facts["previous"]
        assert facts["next"] and facts["next"].endswith("04_keras_mnist.html"), facts["next"]
    assert not browser_page.outside, f"lecture {number} reached outside the site: {browser_page.outside}"


def test_assignment_page_is_the_student_version_not_run(browser_page, server):
    facts = visit(browser_page, f"{server}/assignments/a01_perceptron/a01_perceptron.html", "a01")
    assert "YOUR CODE HERE" in facts["text"] and "raise NotImplementedError()" in facts["text"]
    assert not facts["errors"] and "Traceback" not in facts["text"]
    assert "Claim held:" not in facts["text"], "the assignment's page shows outputs: it was run"
    assert any(url.endswith("/assignments/a01_perceptron/a01_perceptron.ipynb") for url in facts["colab"])
    assert not browser_page.outside, f"the assignment page reached outside the site: {browser_page.outside}"


def test_no_page_holds_a_solution_or_a_hidden_test(site):
    secrets = secret_lines()
    assert len(secrets) > 100, "too few solution lines were found for this check to mean anything"
    assert not leaks(site, secrets), f"solution or hidden-test text in the site: {leaks(site, secrets)}"
    assert page_text(site / "assignments" / "a01_perceptron" / "a01_perceptron.html")
