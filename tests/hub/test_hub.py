"""A week of the course on a real JupyterHub, and the gradebook on a real PostgreSQL (`make test-hub`).

As root, in a temporary folder: Unix accounts for an instructor and three students (removed afterwards),
nbgrader's exchange (root's, mode 1777), and JupyterHub with the repository's own
``autograder/hub/jupyterhub_config.py`` on 127.0.0.1 (PAM logins, one server per account, as that account).

* The instructor releases a01 with ``course-grade release`` in a course root of their own (mode 0700).
* Each student logs in with their password, starts a server and, through nbgrader's Assignments-tab requests,
  fetches a01, fills it in (alice: correct, bob: untouched, cyd: half right), validates and submits. cyd does it
  in Chromium (Assignments tab, Fetch, open, Validate, Submit) when Chromium is installed.
* The instructor collects, autogrades in the sandbox with two workers, releases feedback; each student fetches
  their own, and the exported grades are exactly what the notebook's own tests give.
* Nobody reads what is not theirs: a student cannot list the exchange's submissions or read the course root or
  another student's home, and gets no formgrader; the instructor's formgrader lists the submissions.
* A fourth student, eve, attacks the exchange from her own account before the instructor collects: links to the
  gradebook, the solution and alice's notebook beside her own untouched notebook, a folder named for alice, a
  2099 timestamp, one that does not parse and a student id ``*``. ``collect`` refuses each with its reason, eve
  is graded on her own notebook (0) and the others' grades are exactly what they are without her.

Then a set of a01 submissions (the three above and some of the corpus of bad ones) is graded twice by the
instructor with ``--workers 2``, once on SQLite and once on a PostgreSQL server of its own (started as an
account of its own: PostgreSQL refuses root), and the two exports are identical and as expected.
"""

import concurrent.futures
import csv
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

if not os.environ.get("COURSE_HUB_TESTS"):
    pytest.skip("the hub test makes Unix accounts and starts servers: `make test-hub` runs it",
                allow_module_level=True)

import nbformat  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the corpus
from corpus import Points, corpus  # noqa: E402
from machinery import (PROXY, ROOT, Accounts, Hub, HubUser, OpenPath, Postgres, postgres_binary,  # noqa: E402
                       why_no_accounts)

from autograder.course import write_timestamp  # noqa: E402
from autograder.samples import answer_ids, fill_answers  # noqa: E402
from autograder.sandbox import confinement_problem  # noqa: E402

COURSE_ID, ASSIGNMENT = "deep-learning", "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
INSTRUCTOR, GROUP, DATABASE_ACCOUNT = "dlc-teacher", "dlc-course", "dlc-postgres"
SOLUTION = (ROOT / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()
ANSWERS = answer_ids(SOLUTION)
POINTS = Points(SOLUTION)
#: student: (what they hand in, the total the notebook's own tests give it)
STUDENTS = {"dlc-alice": ("correct", POINTS.full), "dlc-bob": ("untouched", 0.0),
            "dlc-cyd": ("half right", POINTS.working(POINTS.functions - POINTS.functions_of(ANSWERS[::2])))}
BROWSER_STUDENT = "dlc-cyd"
#: The student who attacks the exchange; she hands in the untouched notebook beside her attacks.
ATTACKER = "dlc-eve"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / ".screenshots"
#: Where this machine cannot confine kernels, the instructor says so (these are the course's own samples).
UNCONFINED = ["--unconfined"] if confinement_problem() else []


def handed_in(kind, student, released_text):
    """The notebook ``student`` hands in: ``released_text`` filled in as ``kind`` says, signed in a cell of theirs."""
    text = {"correct": SOLUTION, "untouched": released_text,
            "half right": fill_answers(released_text, SOLUTION, ANSWERS[::2])}[kind]
    notebook = nbformat.reads(text, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell(f"Handed in by {student}."))  # a student's own cell
    return notebook


# ------------------------------------------------------------------------------------------- the machine
@pytest.fixture(scope="module")
def base():
    """A temporary folder every account can traverse (pytest's own is private to root)."""
    if why_no_accounts():
        pytest.skip(why_no_accounts())
    folder = Path(tempfile.mkdtemp(prefix="dlc-hub-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def accounts(base):
    """The instructor and the students, in one group; this environment's Python reachable by them."""
    data = os.environ.get("COURSE_DATA_DIR")
    with OpenPath([sys.base_prefix, sys.prefix, ROOT, data]), \
            Accounts(base, [INSTRUCTOR, *STUDENTS, ATTACKER], GROUP) as made:
        yield made


def instructor_env(exchange):
    return {name: value for name, value in {
        "COURSE_EXCHANGE": str(exchange), "COURSE_DATA_DIR": os.environ.get("COURSE_DATA_DIR"),
        "COURSE_FAST": os.environ.get("COURSE_FAST", "1"), "TF_CPP_MIN_LOG_LEVEL": "3"}.items() if value}


def make_course_root(accounts, name, db_url=None):
    """A course root in the instructor's home: a01's source, and nbgrader_config.py as the README gives it."""
    root = accounts.home(INSTRUCTOR) / name
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    lines = ["c = get_config()  # noqa: F821",
             f"load_subconfig({str(ROOT / 'autograder' / 'hub' / 'nbgrader_config.py')!r})  # noqa: F821"]
    if db_url:
        lines.append(f"c.CourseDirectory.db_url = {db_url!r}")
    (root / "nbgrader_config.py").write_text("\n".join(lines) + "\n")
    shutil.chown(root, INSTRUCTOR, INSTRUCTOR)
    for path in root.rglob("*"):
        shutil.chown(path, INSTRUCTOR, INSTRUCTOR)
    root.chmod(0o700)
    return root


def grading_seconds(root):
    """One line: the seconds each submission took to grade (autograde_log.jsonl)."""
    lines = [json.loads(line) for line in (root / "autograde_log.jsonl").read_text().splitlines()]
    return f"{root.name}: graded in " + ", ".join(f"{line['student']} {line['seconds']:.0f} s" for line in lines)


def course_grade(accounts, root, exchange, *args):
    """``course-grade ARGS`` as the instructor, in the course root; its output."""
    return accounts.run(INSTRUCTOR, ["course-grade", *args], cwd=root, env=instructor_env(exchange)).stdout


@pytest.fixture(scope="module")
def hub(base, accounts):
    """Whether the hub can run here; the hub, with nbgrader's exchange as nbgrader documents it."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.skip("JupyterHub is not installed: `make test-hub` installs it (pip install -e '.[hub]')")
    if not PROXY.exists():
        pytest.skip(f"configurable-http-proxy is not installed in {PROXY.parent}: `make test-hub` installs it "
                    "(npm install --prefix .hub configurable-http-proxy)")
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)  # root's, everyone writes, only owners remove: nbgrader's recommendation
    env = {"COURSE_HUB_GROUP": GROUP, "COURSE_EXCHANGE": str(exchange), "COURSE_INSTRUCTORS": INSTRUCTOR,
           **({"COURSE_DATA_DIR": os.environ["COURSE_DATA_DIR"]} if os.environ.get("COURSE_DATA_DIR") else {})}
    with Hub(base / "hub", env) as running:
        running.exchange = exchange
        yield running


# ------------------------------------------------------------------------------------------- the week
def rest_student(user, kind):
    """Fetch, fill in, validate and submit a01 through the student's own server; nbgrader's replies."""
    listed = user.nbgrader("list", course_id=COURSE_ID)["value"]
    assert [(a["assignment_id"], a["status"]) for a in listed] == [(ASSIGNMENT, "released")], listed
    fetched = user.nbgrader("fetch", course_id=COURSE_ID, assignment_id=ASSIGNMENT)
    assert (ASSIGNMENT, "fetched") in [(a["assignment_id"], a["status"]) for a in fetched["value"]], fetched
    path = f"{ASSIGNMENT}/{NOTEBOOK}"
    released = user.server("GET", f"api/contents/{path}").json()["content"]
    notebook = handed_in(kind, user.name, nbformat.writes(nbformat.from_dict(released)))
    user.server("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json",
                                                      "content": notebook}).raise_for_status()
    validated = user.nbgrader("validate", path=path)
    submitted = user.nbgrader("submit", course_id=COURSE_ID, assignment_id=ASSIGNMENT)
    assert submitted.get("success"), submitted
    return validated, submitted


def browser_student(hub_url, user, kind):
    """The same in Chromium: log in, Assignments tab, Fetch, open, Validate, Submit; the Validate dialog's text."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        step = 0

        def shot(name):
            nonlocal step
            step += 1
            page.screenshot(path=str(SHOTS / f"hub-{step:02d}-{name}.png"))

        try:
            page.goto(f"{hub_url}/hub/login")
            page.fill("#username_input", user.name)
            page.fill("#password_input", user.password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(rf"/user/{user.name}/lab"), timeout=240_000)
            page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
            shot("logged-in")
            page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
            page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
            page.locator("#released_assignments_list button:text-is('Fetch')").click()
            page.wait_for_selector(f"#fetched_assignments_list :text('{ASSIGNMENT}')")
            shot("fetched")
            # the student's answers go in as JupyterLab saves them (typing code is not what is tested here)
            path = f"{ASSIGNMENT}/{NOTEBOOK}"
            released = user.server("GET", f"api/contents/{path}").json()["content"]
            notebook = handed_in(kind, user.name, nbformat.writes(nbformat.from_dict(released)))
            user.server("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json",
                                                              "content": notebook}).raise_for_status()
            page.goto(f"{hub_url}/user/{user.name}/lab/tree/{path}")
            page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")
            shot("opened")
            page.locator(".jp-NotebookPanel-toolbar :text-is('Validate'):visible").first.click()
            page.wait_for_selector(".jp-Dialog", timeout=300_000)
            page.wait_for_function(
                "() => !/Validating/i.test(document.querySelector('.jp-Dialog')?.textContent || '')",
                timeout=300_000)
            shot("validated")
            dialog = page.locator(".jp-Dialog").inner_text()
            page.locator(".jp-Dialog button").last.click()
            page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
            page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
            page.locator("#fetched_assignments_list button:text-is('Submit')").first.click()
            page.wait_for_selector(f"#submitted_assignments_list :text('{ASSIGNMENT}')")
            shot("submitted")
        except Exception:
            shot("failed")
            raise
        finally:
            browser.close()
    return dialog


@pytest.fixture(scope="module")
def week(hub, accounts):
    """The whole week, once; what each step gave, for the tests below."""
    seen = {"timings": {}}
    start = time.perf_counter()
    exchange = hub.exchange
    course = make_course_root(accounts, "deep-learning")
    users = {name: HubUser(hub.url, name, accounts.passwords[name]).log_in() for name in [INSTRUCTOR, *STUDENTS]}
    for user in users.values():  # the servers start while the instructor releases a01
        user.start_server()
    course_grade(accounts, course, exchange, "release", ASSIGNMENT)
    for user in users.values():
        user.wait_for_server()
    seen["timings"]["accounts, hub, release, servers"] = time.perf_counter() - start

    browser = os.path.exists(CHROMIUM)
    seen["browser"] = browser
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        rest = {name: pool.submit(rest_student, users[name], kind) for name, (kind, _) in STUDENTS.items()
                if name != BROWSER_STUDENT or not browser}
        if browser:
            seen["browser_dialog"] = browser_student(hub.url, users[BROWSER_STUDENT], STUDENTS[BROWSER_STUDENT][0])
        seen["validated"] = {name: future.result()[0] for name, future in rest.items()}
    seen["timings"]["students fetch, fill in, validate, submit"] = time.perf_counter() - start

    exchange_attacks(accounts, exchange, course)
    seen["collect"] = course_grade(accounts, course, exchange, "collect", ASSIGNMENT)
    seen["autograde"] = course_grade(accounts, course, exchange, "autograde", ASSIGNMENT, "--workers", "2",
                                     *UNCONFINED)
    print(grading_seconds(course))
    seen["feedback"] = course_grade(accounts, course, exchange, "feedback", ASSIGNMENT)
    course_grade(accounts, course, exchange, "export", "--output", "grades.csv")
    with open(course / "grades.csv") as handle:
        seen["grades"] = {row["student"]: row for row in csv.DictReader(handle)}
    seen["timings"]["instructor collects, autogrades, releases feedback"] = time.perf_counter() - start

    seen["feedback_pages"] = {}
    for name in STUDENTS:
        listed = users[name].nbgrader("fetch_feedback", course_id=COURSE_ID, assignment_id=ASSIGNMENT)
        assert listed.get("success"), listed
        folder = users[name].server("GET", f"api/contents/{ASSIGNMENT}/feedback").json()
        pages = [users[name].server("GET", f"api/contents/{stamp['path']}/{ASSIGNMENT}.html").json()["content"]
                 for stamp in folder["content"] if stamp["type"] == "directory"]
        seen["feedback_pages"][name] = pages
    seen["formgrader"] = {name: users[name].server("GET", f"formgrader/api/submissions/{ASSIGNMENT}")
                          for name in (INSTRUCTOR, "dlc-bob")}
    seen["timings"]["students fetch their feedback"] = time.perf_counter() - start
    seen["course"] = course
    print("\n".join(f"hub week: {what:<52} {seconds:6.1f} s (cumulative)" for what, seconds in
                    seen["timings"].items()))
    return seen


def exchange_attacks(accounts, exchange, course):
    """As the Unix account dlc-eve, what a student can put in nbgrader's inbound folder (she cannot list it)."""
    inbound, outbound = exchange / COURSE_ID / "inbound", exchange / COURSE_ID / "outbound" / ASSIGNMENT
    stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime())
    own = inbound / f"{ATTACKER}+{ASSIGNMENT}+{stamp}+own"
    script = [
        f"mkdir '{own}' && cp '{outbound / NOTEBOOK}' '{own}/{NOTEBOOK}'",
        f"ln -s '{course / 'gradebook.db'}' '{own}/gradebook.db'",
        f"ln -s '{course / 'solutions' / ASSIGNMENT / NOTEBOOK}' '{own}/solution.ipynb'",
        f"ln -s '{accounts.home('dlc-alice') / ASSIGNMENT / NOTEBOOK}' '{own}/alice.ipynb'",
        f"ln -s /nonexistent '{own}/dangling.ipynb'",
        f"mkdir '{inbound}/dlc-alice+{ASSIGNMENT}+{stamp}+x' && cp '{outbound / NOTEBOOK}' "
        f"'{inbound}/dlc-alice+{ASSIGNMENT}+{stamp}+x/{NOTEBOOK}'",
        f"mkdir '{inbound}/{ATTACKER}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+x'",
        f"mkdir '{inbound}/{ATTACKER}+{ASSIGNMENT}+not-a-time+x'",
        f"mkdir '{inbound}/*+{ASSIGNMENT}+{stamp}+x'",
    ]
    accounts.run(ATTACKER, ["sh", "-c", " && ".join(script)])


def test_a_students_exchange_attacks_are_refused_and_reported(week):
    """Each of eve's entries is in collect's summary with its reason; only her own folder, links left out, is taken."""
    out = week["collect"]
    for reason in (f"names dlc-alice but belongs to {ATTACKER}", "lies in the future", "does not parse",
                   "'*' is not a valid student id"):
        assert reason in out, f"{reason!r} missing from collect's summary:\n{out}"
    for link in ("gradebook.db", "solution.ipynb", "alice.ipynb", "dangling.ipynb"):
        assert f"/{link}: a link" in out, f"{link} not reported as a skipped link:\n{out}"
    taken = week["course"] / "submitted" / ATTACKER / ASSIGNMENT
    assert sorted(p.name for p in taken.iterdir()) == sorted([NOTEBOOK, "timestamp.txt", "submission_secret.txt"]
                                                             if (taken / "submission_secret.txt").exists()
                                                             else [NOTEBOOK, "timestamp.txt"])
    assert not (week["course"] / "submitted" / "*").exists()


def test_each_student_validated_what_they_handed_in(week):
    validated = week["validated"]
    for name, result in validated.items():
        kind = STUDENTS[name][0]
        assert result["success"], f"{name}'s Validate failed: ...{str(result['value'])[-1500:]}"
        failed = result["value"].get("failed", [])
        if kind == "correct":
            assert not failed, f"{name}'s correct notebook fails Validate: {failed[0]['raw_error'][:300]}"
        elif kind == "untouched":
            assert len(failed) == len(POINTS.tests), f"every test cell of {name}'s untouched notebook must fail"
            assert all("NotImplementedError" in cell["raw_error"] for cell in failed)
        else:
            assert 0 < len(failed) < len(POINTS.tests), f"{name}'s half-right notebook: {len(failed)} failures"


def test_a_student_works_in_the_browser(week):
    if not week["browser"]:
        pytest.skip(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium; {BROWSER_STUDENT} "
                    "used nbgrader's requests instead")
    dialog = week["browser_dialog"]
    assert "NotImplementedError" in dialog or "failed" in dialog.lower(), \
        f"Validate on a half-right notebook should report the missing answers; the dialog says: {dialog[:300]}"


def test_the_exported_grades_are_exactly_the_expected_ones(week):
    grades = week["grades"]
    expected = {**{n: p for n, (_, p) in STUDENTS.items()}, ATTACKER: 0.0}  # her own untouched notebook
    assert {name: float(row["total"]) for name, row in grades.items()} == expected
    assert all(float(row["max"]) == POINTS.full for row in grades.values())
    assert "graded 4 submissions" in week["autograde"], week["autograde"]


def test_each_student_fetched_their_own_feedback_and_no_one_elses(week):
    for name, (_, points) in STUDENTS.items():
        pages = week["feedback_pages"][name]
        assert len(pages) == 1, f"{name} fetched {len(pages)} feedback pages"
        text = html.unescape(re.sub(r"<[^>]+>", "", pages[0]))
        score = re.search(r"\(Score: ([\d.]+) / ([\d.]+)\)", text)  # the notebook's, first on the page
        assert score and (float(score[1]), float(score[2])) == (points, POINTS.full), \
            f"{name}'s feedback shows {score and score[0]}, not {points} / {POINTS.full}"
        assert f"Handed in by {name}." in text
        others = [other for other in STUDENTS if other != name and f"Handed in by {other}." in text]
        assert not others, f"{name}'s feedback shows the work of {others}"


def test_only_the_instructor_gets_the_formgrader(week):
    reply = week["formgrader"][INSTRUCTOR]
    assert reply.status_code == 200, reply.text[:300]
    assert sorted(s["student"] for s in reply.json()) == sorted([*STUDENTS, ATTACKER])
    assert week["formgrader"]["dlc-bob"].status_code == 404


def test_a_student_reads_nothing_that_is_not_theirs(week, accounts, hub):
    """As the OS user dlc-bob: other submissions in the exchange, the course root, another student's home."""
    inbound = hub.exchange / COURSE_ID / "inbound"
    course = week["course"]
    alice = accounts.home("dlc-alice") / ASSIGNMENT / NOTEBOOK
    assert alice.exists() and any(inbound.iterdir()), "the checks below must look at files that exist"
    attempts = {
        "list the exchange's submissions": ["ls", inbound],
        "read a submission by its student's name": ["sh", "-c", f"cat {inbound}/dlc-alice+{ASSIGNMENT}+*/{NOTEBOOK}"],
        "list the exchange's feedback": ["ls", hub.exchange / COURSE_ID / "feedback"],
        "read the course's settings": ["cat", course / "nbgrader_config.py"],
        "list the course's submissions": ["ls", course / "submitted"],
        "read the gradebook": ["cat", course / "gradebook.db"],
        "read the source with hidden tests": ["cat", course / "solutions" / ASSIGNMENT / NOTEBOOK],
        "read another student's notebook": ["cat", alice],
    }
    done = {what: accounts.run("dlc-bob", command, check=False) for what, command in attempts.items()}
    allowed = [what for what, result in done.items() if result.returncode == 0]
    assert not allowed, f"dlc-bob could {allowed}"
    assert all("Permission denied" in r.stderr or "No such file" in r.stderr for r in done.values()), \
        {what: r.stderr for what, r in done.items()}
    # the released assignment is what students may read
    assert accounts.run("dlc-bob", ["ls", hub.exchange / COURSE_ID / "outbound" / ASSIGNMENT]).returncode == 0


# ------------------------------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="module")
def postgres(base):
    """A PostgreSQL server of its own, run by an account of its own."""
    if postgres_binary("initdb") is None:
        pytest.skip("PostgreSQL is not installed (no initdb): apt-get install postgresql (what .ci/run does)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: `make test-hub` installs it (pip install -e '.[hub]')")
    with Accounts(base / "db-account", [DATABASE_ACCOUNT], "dlc-db"), \
            Postgres(base / "postgres", account=DATABASE_ACCOUNT) as server:
        yield server


def submissions():
    """{student: ({file: text}, expected total)}: the hub week's three kinds and a few from the corpus."""
    student = (ROOT / "assignments" / ASSIGNMENT / NOTEBOOK).read_text()  # what generate_assignment makes
    nowhere = {"course": "/nonexistent", "repo": "/nonexistent", "exchange": "/nonexistent", "home": "/nonexistent"}
    kinds = corpus(SOLUTION, student, "{}", nowhere)
    chosen = ["correct", "half-right", "untouched", "wrong-file-name", "invalid-json", "patches-checks"]
    return {kind: kinds[kind][:2] for kind in chosen}


def place_submissions(root, subs):
    """Each submission in ``submitted/``, as ``course-grade collect`` leaves it, owned by the instructor."""
    for student, (files, _) in subs.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
        write_timestamp(folder)
    for path in [root / "submitted", *(root / "submitted").rglob("*")]:
        shutil.chown(path, INSTRUCTOR, INSTRUCTOR)


def test_a_postgresql_gradebook_gives_exactly_the_grades_sqlite_gives(accounts, postgres, base):
    """The README's PostgreSQL steps: a role and a database, db_url in the course's nbgrader_config.py."""
    db_url = postgres.create_gradebook("deep_learning", "gradebook")
    subs = submissions()
    exports, seconds = {}, {}
    for backend, url in (("sqlite", None), ("postgresql", db_url)):
        exchange = base / f"exchange-{backend}"  # release needs one; nobody fetches from it
        exchange.mkdir()
        exchange.chmod(0o1777)
        root = make_course_root(accounts, f"course-{backend}", db_url=url)
        course_grade(accounts, root, exchange, "release", ASSIGNMENT)
        place_submissions(root, subs)
        start = time.perf_counter()
        out = course_grade(accounts, root, exchange, "autograde", ASSIGNMENT, "--workers", "2", *UNCONFINED)
        seconds[backend] = time.perf_counter() - start
        print(grading_seconds(root))
        assert f"graded {len(subs)} submissions" in out, out
        course_grade(accounts, root, exchange, "export", "--output", "grades.csv")
        exports[backend] = (root / "grades.csv").read_text()
    print(f"\n{len(subs)} submissions, 2 workers: SQLite {seconds['sqlite']:.1f} s, "
          f"PostgreSQL {seconds['postgresql']:.1f} s")
    assert not (accounts.home(INSTRUCTOR) / "course-postgresql" / "gradebook.db").exists(), \
        "the PostgreSQL course must not have written a SQLite gradebook"
    tables = postgres.sql("SELECT count(*) FROM grade", database="deep_learning").strip()
    assert int(tables) > 0, "the grades must be in PostgreSQL"
    assert exports["postgresql"] == exports["sqlite"]
    totals = {row["student"]: float(row["total"]) for row in csv.DictReader(exports["postgresql"].splitlines())}
    assert totals == {student: float(points) for student, (_, points) in subs.items()}
