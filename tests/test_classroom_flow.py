"""The classroom flow end to end, with `course-grade` and nbgrader's exchange.

In a temporary course and exchange: the instructor releases a01; three students
fetch it, fill it in (correct, half right, untouched) and submit; the instructor
collects, autogrades in parallel, generates and releases feedback; the students
fetch their feedback; the exported CSV holds exactly the expected scores.
"""

import csv
import html
import json
import re
import shutil

import pytest
from conftest import ROOT
from corpus import Points
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit
from traitlets.config import Config

from autograder.cli import main
from autograder.samples import answer_ids, fill_answers
from autograder.sandbox import confinement_problem

ASSIGNMENT = "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOLUTION = (ROOT / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()
_points = Points(SOLUTION)
#: correct, half right (every other answer), untouched: what the notebook's own test cells give them
EXPECTED = {"ada": _points.full, "cyd": _points.working(
    _points.functions - _points.functions_of(answer_ids(SOLUTION)[::2])), "bob": 0.0}
#: Where this machine cannot confine kernels, the instructor says so (these are the course's own samples).
UNCONFINED = ["--unconfined"] if confinement_problem() else []


def as_student(exchange_class, exchange, home, student):
    """Run one of nbgrader's exchange steps as ``student``, whose files live in ``home``."""
    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".nbgrader_cache")  # each student's own, as on separate accounts
    config.CourseDirectory.course_id = "deep-learning"
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.assignment_id = ASSIGNMENT
    config.CourseDirectory.student_id = student
    step = exchange_class(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                          config=config)
    step.start()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """Run the whole round once; return the paths the tests look at."""
    tmp = tmp_path_factory.mktemp("classroom")
    course, exchange = tmp / "course", tmp / "exchange"
    instructor = ["--root", str(course), "--exchange", str(exchange)]
    (course / "solutions").mkdir(parents=True)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    assert main([*instructor, "release", ASSIGNMENT]) == 0

    solution_text = (course / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()
    for student in EXPECTED:
        home = tmp / "home" / student
        as_student(ExchangeFetchAssignment, exchange, home, student)
        fetched = home / ASSIGNMENT / NOTEBOOK
        if student == "ada":
            fetched.write_text(solution_text)
        elif student == "cyd":
            fetched.write_text(fill_answers(fetched.read_text(), solution_text, answer_ids(solution_text)[::2]))
        as_student(ExchangeSubmit, exchange, home, student)

    assert main([*instructor, "collect", ASSIGNMENT]) == 0
    assert main([*instructor, "autograde", ASSIGNMENT, "--workers", "2", *UNCONFINED]) == 0
    assert main([*instructor, "feedback", ASSIGNMENT]) == 0
    for student in EXPECTED:
        as_student(ExchangeFetchFeedback, exchange, tmp / "home" / student, student)
    assert main([*instructor, "export", "--output", str(tmp / "grades.csv")]) == 0
    return tmp, instructor


def test_exported_csv_holds_exactly_the_expected_scores(classroom):
    tmp, _ = classroom
    with open(tmp / "grades.csv") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {s: float(rows[s]["total"]) for s in rows} == EXPECTED
    assert all(float(row["max"]) == 20 for row in rows.values())
    assert "sigmoid_values" in rows["ada"], "one column per graded part, named by its grade_id"


def test_every_student_fetched_feedback_showing_their_score(classroom):
    tmp, _ = classroom
    for student, score in EXPECTED.items():
        pages = list((tmp / "home" / student / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, f"{student} fetched no feedback"
        assert f"Score: {score:g}" in pages[0].read_text() or f"{score:g} / 20" in pages[0].read_text()


def test_feedback_never_shows_the_source_of_hidden_tests(classroom):
    from test_assignments import solution_lines

    tmp, _ = classroom
    source = json.loads((tmp / "course" / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())
    hidden = [line for line in solution_lines(source) if line.startswith(("rng = np.random.default_rng(7)", "z = rng"))]
    assert hidden, "the check below must look for real hidden-test lines"
    for student in EXPECTED:
        (page,) = (tmp / "home" / student / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html")
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))  # the code as shown, without highlighting
        assert 'checks.assert_array(checks.from_scratch(sigmoid)(z), "sigmoid(z)", shape=z.shape)' in text, "visible tests are shown"
        assert "hidden tests ran here" in text
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked}"


def test_autograding_again_grades_only_what_is_missing(classroom, capsys):
    tmp, instructor = classroom
    capsys.readouterr()
    assert main([*instructor, "autograde", ASSIGNMENT, *UNCONFINED]) == 0
    assert "every submission is graded already" in capsys.readouterr().out
    shutil.rmtree(tmp / "course" / "autograded" / "bob")  # as if the run had been killed while grading bob
    assert main([*instructor, "autograde", ASSIGNMENT, *UNCONFINED]) == 0
    assert "graded 1 submissions" in capsys.readouterr().out
    assert main([*instructor, "export", "--output", str(tmp / "again.csv")]) == 0
    with open(tmp / "again.csv") as handle:
        assert {row["student"]: float(row["total"]) for row in csv.DictReader(handle)} == EXPECTED


def test_status_counts_released_submitted_graded_and_feedback(classroom, capsys):
    _, instructor = classroom
    capsys.readouterr()
    assert main([*instructor, "status"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(ASSIGNMENT))
    assert line.split()[1:] == ["yes", "3", "3", "3"]


def test_errors_are_one_sentence_that_says_what_to_do(classroom, capsys):
    _, instructor = classroom
    assert main([*instructor, "autograde", "a99_missing"]) == 2
    error = capsys.readouterr().err
    assert "No assignment 'a99_missing'" in error and "choose one of" in error and "Traceback" not in error
