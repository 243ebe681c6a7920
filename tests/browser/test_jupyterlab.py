"""What a student and an instructor see in JupyterLab, driven in a real browser (`make test-browser`).

JupyterLab runs as `make lab` runs it (this .venv, loopback, a token), on a copy of the course in a
temporary folder so that autosave cannot write outputs into the repository. Debian's Chromium is driven
by Playwright (its own browser download does not work offline). Every step saves a screenshot to
.screenshots/ and fails with the step's name when what it waits for does not appear.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import record

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "course-browser-test"
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (make test-browser does)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of the course; yields its base URL."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed: apt-get install chromium (what .ci/run does), then run again.")
    course = tmp_path_factory.mktemp("lab") / "course"
    shutil.copytree(ROOT, course, ignore=shutil.ignore_patterns(".git", ".venv", ".demo", ".screenshots", "*.egg-info",
                                                                "__pycache__", ".pytest_cache", "gradebook.db"))
    port = free_port()
    # as `make lab`: the venv's scripts first on PATH (nbgrader runs its `alembic` command from there)
    env = dict(os.environ, JUPYTER_TOKEN=TOKEN, BROWSER="true", COURSE_FAST="1",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    server = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--ip=127.0.0.1", f"--port={port}",
                               "--no-browser", f"--notebook-dir={course}", "--allow-root",
                               f"--LabApp.workspaces_dir={course.parent / 'workspaces'}"],
                              cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not answer within 2 minutes.")
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def page(lab):
    SHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        yield page
        browser.close()


class Step:
    """A named step: a screenshot at its end, and its name in the failure when something did not appear."""

    def __init__(self, page, name):
        self.page, self.name = page, name

    def __enter__(self):
        return self.page

    def __exit__(self, kind, error, traceback):
        self.page.screenshot(path=str(SHOTS / f"{self.name}.png"))
        if error is not None and not isinstance(error, AssertionError):
            raise AssertionError(f"step '{self.name}' failed: {str(error).splitlines()[0]}") from error


def open_notebook(page, lab, path):
    page.goto(f"{lab}/lab/tree/{path}?reset&token={TOKEN}")  # reset: only this notebook open
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
    page.wait_for_selector("text=| Idle")  # the kernel has started
    news = page.locator(".jp-toast-button:has-text('No')")  # JupyterLab's "news?" question, out of the way
    if news.count():
        news.first.click()


def run_all(page):
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function("""() => {
        const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
        return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    }""", timeout=300_000)


def test_lecture_01_runs_and_its_slider_redraws_the_plot(lab, page):
    with Step(page, "01-lecture-opened") as p:
        open_notebook(p, lab, "lectures/01_perceptron.ipynb")
    with Step(page, "02-lecture-ran") as p:
        run_all(p)
        errors = p.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
        assert p.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0, \
            f"a cell of lecture 01 raised in the browser ({errors} stderr outputs)"
    with Step(page, "03-slider-moved") as p:
        slider = p.locator(".widget-slider").first
        slider.scroll_into_view_if_needed()
        cell = p.locator(".jp-CodeCell", has=slider)
        before = cell.locator("img").first.get_attribute("src")
        readout = slider.locator(".widget-readout")
        seconds = []
        for value in ["2.5", "1.5", "-0.5", "2", "0.5"]:  # the first must differ from the notebook's w1
            readout.click()
            p.keyboard.press("Control+A")
            p.keyboard.type(value)
            start = time.perf_counter()
            p.keyboard.press("Enter")
            p.wait_for_function("([cell, before]) => { const img = cell.querySelector('img');"
                                " return img && img.getAttribute('src') !== before; }",
                                arg=[cell.element_handle(), before], timeout=60_000)
            seconds.append(time.perf_counter() - start)
            before = cell.locator("img").first.get_attribute("src")
    # From the key press to the new plot in the page: kernel redraw, PNG, websocket and rendering. Reported only.
    record("browser", "01_perceptron slider -> new plot", statistics.median(seconds))


def test_a_student_validates_assignment_01(lab, page):
    with Step(page, "04-assignment-opened") as p:
        open_notebook(p, lab, "assignments/a01_perceptron/a01_perceptron.ipynb")
    with Step(page, "05-validated") as p:
        p.locator(".jp-NotebookPanel-toolbar :text-is('Validate'):visible").first.click()
        dialog = p.wait_for_selector(".jp-Dialog", timeout=300_000)
        p.wait_for_function("() => !/Validating/i.test(document.querySelector('.jp-Dialog')?.textContent || '')")
        text = p.locator(".jp-Dialog").inner_text()
        assert "NotImplementedError" in text or "failed" in text.lower(), \
            f"nbgrader's Validate should report the untouched answers; the dialog says: {text[:300]}"
        assert dialog is not None


def test_the_instructor_sees_the_assignments_in_formgrader(lab, page):
    with Step(page, "06-formgrader") as p:
        p.goto(f"{lab}/formgrader?token={TOKEN}")
        p.wait_for_selector("text=a01_perceptron")
        for assignment in sorted(path.name for path in (ROOT / "solutions").iterdir() if path.is_dir()):
            assert p.locator(f"text={assignment}").count() > 0, f"formgrader does not list {assignment}"
