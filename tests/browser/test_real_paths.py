"""The course as people meet it, in Chromium: a student from the start page to a submission, the instructor's round,
and the feedback page opened from disk as a student opens it.

JupyterLab runs as `make lab` runs it (the start page, the file browser's hidden sources) on a copy of the course,
with an exchange of its own. The student is this account (nbgrader's student id is the user name). The answer is
typed into the notebook and saved by JupyterLab, so the submission carries what JupyterLab writes (its kernel
display name among it). Screenshots of every step go to .screenshots/real-*.png.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_jupyterlab import CHROMIUM, ROOT, SHOTS, TOKEN, Step, free_port, playwright, run_all

ASSIGNMENT = "a01_perceptron"
#: The lecture whose run must show no TensorFlow start-up log: a short one that imports TensorFlow (01-03 and 15 never
#: do, so their kernels would show none whatever the environment's .pth file did).
TENSORFLOW_LECTURE = "07_convolution"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
NOISE = re.compile(r"absl::InitializeLog|cuda|cuDNN|oneDNN|cudart", re.I)
SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def _answer(grade_id):
    """The solution of one answer cell, without nbgrader's markers: what a student who solved it types."""
    notebook = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "\n".join(line for line in cell.source.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course, its exchange, and JupyterLab started on it as `make lab` starts it."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed: apt-get install chromium (what .ci/run does), then run again.")
    if not SETTINGS.is_file():
        pytest.fail(f"{SETTINGS} is missing: `make setup` writes it (markdown files open rendered).")
    tmp = tmp_path_factory.mktemp("real")
    root, exchange = tmp / "course", tmp / "exchange"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", ".demo", ".screenshots", "*.egg-info",
                                                              "__pycache__", ".pytest_cache", "gradebook.db"))
    exchange.mkdir()
    (tmp / "home").mkdir()  # the student's nbgrader cache and JupyterLab's user settings stay in the test's folder
    env = dict(os.environ, JUPYTER_TOKEN=TOKEN, BROWSER="true", COURSE_FAST="1", COURSE_EXCHANGE=str(exchange),
               HOME=str(tmp / "home"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # what a student's JupyterLab started some other way has
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser",
         f"--notebook-dir={root}", "--allow-root", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
         "--LabApp.default_url=/lab/tree/START_HERE.md",
         "--ContentsManager.hide_globs=['__pycache__','*.pyc','*.pyo','.DS_Store','*~','*.egg-info']"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
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
    yield {"url": url, "root": root, "exchange": exchange, "env": env}
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def page(course):
    SHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        yield page
        browser.close()


def instructor(course, *args):
    """A `course-grade` command in a terminal of the instructor; its output."""
    run = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course["root"]), "--exchange",
                          str(course["exchange"]), *args], cwd=course["root"], env=course["env"],
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, f"course-grade {' '.join(args)}: {run.stdout}{run.stderr}"
    return run.stdout


def _no_news(page):
    news = page.locator(".jp-toast-button:has-text('No')")  # JupyterLab's "news?" question, out of the way
    if news.count():
        news.first.click()


def _assignments_tab(page, course):
    page.goto(f"{course['url']}/lab?token={TOKEN}")
    page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
    page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
    page.wait_for_selector("text=/Released assignments/i")


def test_1_the_start_page_opens_first_and_the_sources_are_out_of_sight(course, page):
    with Step(page, "real-01-start-page") as p:
        p.goto(f"{course['url']}/?token={TOKEN}")
        p.wait_for_selector(".jp-RenderedMarkdown h1:has-text('Start here')")
        _no_news(p)
        p.click(".jp-DirListing-item[title^='Name: lectures']", click_count=2)
        p.wait_for_selector(".jp-DirListing-item[title^='Name: 01_perceptron.ipynb']")
        names = p.locator(".jp-DirListing-itemText").all_inner_texts()
        assert "01_perceptron.ipynb" in names and "01_perceptron.py" not in names, names
    with Step(page, "real-01b-assignments-tab-before-a-release") as p:
        _assignments_tab(p, course)
        p.wait_for_selector("text=/no assignments to fetch/i")
        assert "does not exist" not in p.locator("body").inner_text(), "the self-study path is quiet"


def test_2_a_lecture_shows_the_environment_line_once_and_no_tensorflow_log(course, page):
    with Step(page, "real-02-lecture-ran") as p:
        p.goto(f"{course['url']}/lab/tree/lectures/{TENSORFLOW_LECTURE}.ipynb?reset&token={TOKEN}")
        p.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
        p.wait_for_selector("text=| Idle")
        _no_news(p)
        run_all(p)
        p.keyboard.press("Control+S")
        p.wait_for_function("() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty')")
        setup = p.locator(".jp-NotebookPanel:not(.lm-mod-hidden) "
                          ".jp-CodeCell:has(.cm-content:has-text('course.setup()'))").first
        setup.scroll_into_view_if_needed()
        setup.locator(".jp-OutputArea:has-text('| fast mode on')").wait_for(timeout=30_000)  # drawn once in view
    # as JupyterLab saved it
    saved = nbformat.read(course["root"] / "lectures" / f"{TENSORFLOW_LECTURE}.ipynb", as_version=4)
    outputs = [(cell, o) for cell in saved.cells if cell.cell_type == "code" for o in cell.outputs]
    red = [o.text for _, o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not red, f"outputs in red: {red}"
    assert not any(NOISE.search(str(o)) for _, o in outputs), "TensorFlow's start-up log in an output"
    setup_outputs = [o for cell, o in outputs if "course.setup()" in cell.source]
    assert [o.output_type for o in setup_outputs] == ["stream"], setup_outputs
    assert setup_outputs[0].text.count("| fast mode on") == 1, "course.setup()'s line is shown once"
    assert "TensorFlow" in setup_outputs[0].text, f"{TENSORFLOW_LECTURE} imports no TensorFlow: pick one that does"


def test_3_a_student_fetches_fills_in_saves_validates_and_submits(course, page):
    instructor(course, "release", ASSIGNMENT)
    with Step(page, "real-03-fetched") as p:
        _assignments_tab(p, course)
        p.click("button:has-text('Fetch')")
        p.wait_for_selector("button:has-text('Submit')")
    fetched = course["root"] / "my-assignments" / ASSIGNMENT / NOTEBOOK
    assert fetched.is_file(), "the Assignments tab fetched into my-assignments/, a folder of the assignment's name"
    assert not (course["root"] / ASSIGNMENT).exists(), "nothing was fetched into the course's own folder"
    with Step(page, "real-04-answered-and-saved") as p:
        p.goto(f"{course['url']}/lab/tree/my-assignments/{ASSIGNMENT}/{NOTEBOOK}?reset&token={TOKEN}")
        p.wait_for_selector("text=| Idle")
        _no_news(p)
        editor = p.locator(".jp-CodeCell .cm-content:has-text('def sigmoid(z)')").first
        editor.click()
        p.keyboard.press("Control+A")
        p.keyboard.insert_text(_answer("sigmoid"))
        p.keyboard.press("Control+S")
        p.wait_for_function("() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty')")
    saved = json.loads(fetched.read_text())
    assert "np.exp" in "".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                               for c in saved["cells"]), "the answer is in the saved file"
    assert saved["metadata"]["kernelspec"]["display_name"] == "Python 3 (ipykernel)", "saved as JupyterLab saves"
    with Step(page, "real-05-validated") as p:
        p.locator(".jp-NotebookPanel-toolbar :text-is('Validate'):visible").first.click()
        p.wait_for_selector(".jp-Dialog", timeout=300_000)
        p.wait_for_function("() => !/Validating/i.test(document.querySelector('.jp-Dialog')?.textContent || '')")
        assert "NotImplementedError" in p.locator(".jp-Dialog").inner_text(), "the other answers are still stubs"
        p.locator(".jp-Dialog button").last.click()
    with Step(page, "real-06-submitted") as p:
        _assignments_tab(p, course)
        p.click("button:has-text('Submit')")
        p.wait_for_selector("text=/submitted/i", timeout=120_000)


def test_4_the_instructors_round_and_the_feedback_page_as_a_student_reads_it(course, page):
    out = instructor(course, "status")
    assert re.search(rf"^{ASSIGNMENT}\s+yes\s+0 .*1 waiting in the exchange", out, re.M), out
    instructor(course, "collect", ASSIGNMENT)
    instructor(course, "autograde", ASSIGNMENT)
    instructor(course, "feedback", ASSIGNMENT)
    log = [json.loads(line) for line in (course["root"] / "autograde_log.jsonl").read_text().splitlines()]
    assert log and not any(entry.get("notes") for entry in log), f"the grading log notes a repair: {log}"
    pages = sorted((course["root"] / "feedback").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.html"))
    assert len(pages) == 1, pages
    with Step(page, "real-07-feedback-from-disk") as p:
        p.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else
                route.continue_())  # a student's laptop without a network
        p.goto(pages[0].as_uri())
        p.locator("text=0 <= s <= 1").first.scroll_into_view_if_needed()
        text = p.locator("body").inner_text()
        assert "0 <= s <= 1" in text, "code in the task text reads as written"
        assert "&lt;" not in text and "&gt;" not in text and "&amp;" not in text, "HTML escaped twice"
        assert "\\dfrac" not in text and "$z" not in text, "a formula shown as raw TeX"
        box = p.locator("math").first.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10, "the browser lays the MathML formula out"
        assert not NOISE.search(text), f"TensorFlow's log on the feedback page: {NOISE.search(text).group(0)}"
        heading = p.locator(".nbgrader_cell .panel-heading:has(code:text-is('sigmoid_values'))").inner_text()
        assert re.search(r"Score: (\d+\.\d+) / \1", heading), f"the typed answer passed its test: {heading}"
