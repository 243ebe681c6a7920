"""A corpus of bad submissions of a01, graded in one parallel run with the course's containment.

Each kind must get its grade, with the reason recorded where it lost points,
and none may stop the run or change another submission's grades.
"""

import json
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT

from autograder.course import CourseFolder
from autograder.grading import autograde_all
from autograder.notebooks import notebook_text
from autograder.samples import answer_ids, fill_answers

ASSIGNMENT = "a01_perceptron"
KINDS = ["correct", "untouched", "half-right", "loop-in-answer", "loop-at-import", "memory-bomb", "sys-exit", "os-exit",
         "keyboard-interrupt", "huge-output", "deleted-test-cell", "duplicated-cells", "changed-cell-type",
         "edited-test-cells", "patches-checks", "reads-course-files", "network", "writes-gradebook", "invalid-json",
         "empty-file", "wrong-file-name", "other-assignment"]
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def confinement_available():
    """Whether this OS lets autograder.jail confine a kernel (root, or unprivileged user namespaces)."""
    result = subprocess.run([sys.executable, "-m", "autograder.jail", "--", sys.executable, "-c", "pass"],
                            capture_output=True, text=True)
    return result.returncode == 0 and "refused" not in result.stderr


#: Kinds whose defence is the kernel's confinement; where the OS refuses namespaces the grader says so and runs
#: kernels unconfined, so these submissions would really reach the course files and the network: left out then.
CONFINED = confinement_available()
NEEDS_CONFINEMENT = {"reads-course-files", "network", "writes-gradebook"}
# Short limits so that the corpus grades in about a minute; the course's own are in autograder/nbgrader_config.py.
LIMITS = """c = get_config()
c.Execute.timeout = 20
c.ContainedExecute.notebook_budget = 150
c.ContainedExecute.memory_limit_mb = 1800
"""


def edit(text, grade_id, change):
    """The notebook ``text`` with ``change(cell)`` applied to the cell ``grade_id`` (None removes the cell)."""
    notebook = nbformat.reads(text, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell = change(cell)
            if cell is None:
                continue
            cells.extend(cell if isinstance(cell, list) else [cell])
        else:
            cells.append(cell)
    notebook.cells = cells
    return nbformat.writes(notebook)


def append(code):
    """A change that appends ``code`` to an answer cell."""
    def change(cell):
        cell.source += "\n" + code
        return cell
    return change


def to_markdown(cell):
    return nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)


PATCH_CHECKS = """
import numpy.testing
checks.assert_allclose = checks.assert_array = checks.assert_returns = lambda *args, **kwargs: None
numpy.testing.assert_allclose = lambda *args, **kwargs: None
def sigmoid(z):
    return z
"""


def corpus(solution, student, course):
    """{student id: (notebook file name, text, expected total, text expected in the graded notebook or None)}."""
    half = fill_answers(student, solution, answer_ids(solution)[::2])
    gradebook = course / "gradebook.db"
    return {
        "correct": (NOTEBOOK, solution, 20, None),
        "untouched": (NOTEBOOK, student, 0, "NotImplementedError"),
        "half-right": (NOTEBOOK, half, 9, "NotImplementedError"),
        "loop-in-answer": (NOTEBOOK, edit(solution, "accuracy", lambda c: nbformat.v4.new_code_cell(
            "def accuracy(y_true, y_pred):\n    while True:\n        pass", metadata=c.metadata)), 14,
            "CellTimeoutError"),
        "loop-at-import": (NOTEBOOK, edit(solution, "sigmoid", append("while True:\n    pass")), 20,
                           "KeyboardInterrupt"),  # interrupted at the timeout, after sigmoid was defined
        "memory-bomb": (NOTEBOOK, edit(solution, "predict", append("hog = [np.ones(10**7) for _ in range(10**4)]")),
                        3, "more than 1800 MB of memory"),
        "sys-exit": (NOTEBOOK, edit(solution, "update", append("import sys\nsys.exit()")), 20, None),
        "os-exit": (NOTEBOOK, edit(solution, "update", append("import os\nos._exit(1)")), 6, "The kernel died"),
        "keyboard-interrupt": (NOTEBOOK, edit(solution, "train", append("raise KeyboardInterrupt")), 20, None),
        "huge-output": (NOTEBOOK, edit(solution, "sigmoid", append("print('x' * 30_000_000)")), 20, None),
        "deleted-test-cell": (NOTEBOOK, edit(solution, "sigmoid_values", lambda c: None), 18, None),
        "duplicated-cells": (NOTEBOOK, edit(solution, "predict", lambda c: [c, nbformat.from_dict(json.loads(
            json.dumps(c)))]), 20, "were run as ordinary cells"),
        "changed-cell-type": (NOTEBOOK, edit(solution, "update_rule", to_markdown), 20, None),
        "edited-test-cells": (NOTEBOOK, edit(edit(half, "update_rule", lambda c: setattr(c, "source", "pass") or c),
                                             "train_separable", lambda c: setattr(c, "source", "") or c), 9, None),
        "patches-checks": (NOTEBOOK, edit(student, "sigmoid", lambda c: setattr(c, "source", PATCH_CHECKS) or c), 0,
                           "Tampering"),
        "reads-course-files": (NOTEBOOK, edit(solution, "sigmoid", append(
            f"leaked = open({str(gradebook)!r}, 'rb').read()\nprint('read', len(leaked), 'bytes')\n"
            f"import os\nprint('solutions visible:', os.listdir({str(course / 'solutions')!r}))")),
            20, "read 0 bytes"),
        "network": (NOTEBOOK, edit(solution, "sigmoid", append(
            "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=3)\n    print('connected')\n"
            "except OSError as error:\n    print('no network:', error)")), 20, "no network:"),
        "writes-gradebook": (NOTEBOOK, edit(solution, "sigmoid", append(
            f"open({str(gradebook)!r}, 'w').write('overwritten')")), 20, None),
        "invalid-json": (NOTEBOOK, "{ this is not json", 0, "is not a readable notebook"),
        "empty-file": (NOTEBOOK, "", 0, "is not a readable notebook"),
        "wrong-file-name": ("homework.ipynb", solution, 20, "renamed homework.ipynb"),
        "other-assignment": (NOTEBOOK, notebook_text(ROOT / "solutions" / "a02_backprop" / "a02_backprop.py"), 0,
                             "cells of another assignment"),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("corpus") / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(LIMITS)
    folder = CourseFolder(course)
    source = folder.add_source(ROOT / "solutions" / ASSIGNMENT, notebooks_from=notebook_text)
    release = folder.generate(ASSIGNMENT)
    submissions = corpus((source / NOTEBOOK).read_text(), (release / NOTEBOOK).read_text(), course)
    if not CONFINED:
        submissions = {kind: value for kind, value in submissions.items() if kind not in NEEDS_CONFINEMENT}
    for student, (name, text, _, _) in submissions.items():
        folder.submit(ASSIGNMENT, student, {name: text})
    results = {r.student: r for r in autograde_all(folder, ASSIGNMENT, workers=2, progress=False)}
    return folder, submissions, results


def outcome(folder, student):
    """(total score, text of the graded notebook) of one student; (None, reason) if nbgrader could not grade it."""
    graded = folder.root / "autograded" / student / ASSIGNMENT / NOTEBOOK
    try:
        grades = folder.grades(ASSIGNMENT, student)
    except KeyError:
        return None, ""
    return sum(score or 0 for score, _ in grades.values()), graded.read_text() if graded.exists() else ""


def outcome(folder, student):
    """Total score of one student, and the text of the graded notebook and the notes on the submission."""
    grades = folder.grades(ASSIGNMENT, student)
    graded = folder.root / "autograded" / student / ASSIGNMENT / NOTEBOOK
    return sum(score or 0 for score, _ in grades.values()), graded.read_text() if graded.exists() else ""


def test_the_corpus_has_every_kind(graded):
    _, submissions, results = graded
    expected = [kind for kind in KINDS if CONFINED or kind not in NEEDS_CONFINEMENT]
    assert list(submissions) == expected
    assert sorted(results) == sorted(expected), "every submission was graded in the one run: none stopped it"


@pytest.mark.parametrize("student", KINDS)
def test_each_kind_gets_its_grade_with_the_reason_recorded(graded, student):
    if student in NEEDS_CONFINEMENT and not CONFINED:
        pytest.skip("this OS refuses the namespaces that confine a kernel (not root, no user namespaces)")
    folder, submissions, results = graded
    _, _, expected, reason = submissions[student]
    result = results[student]
    assert result.ok, f"{student} could not be graded: {result.error}"
    total, graded_text = outcome(folder, student)
    assert total == expected, f"{student} got {total}, expected {expected}"
    if reason:
        recorded = graded_text + " ".join(result.notes)
        assert reason in recorded, f"{student}: {reason!r} is neither in the graded notebook nor in the notes"


def test_the_course_files_stay_out_of_reach_of_submissions(graded):
    if not CONFINED:
        pytest.skip("this OS refuses the namespaces that confine a kernel (not root, no user namespaces)")
    folder, _, _ = graded
    _, text = outcome(folder, "reads-course-files")
    assert "read 0 bytes" in text and "solutions visible: []" in text
    assert b"overwritten" not in (folder.root / "gradebook.db").read_bytes()
    log = [json.loads(line) for line in (folder.root / "autograde_log.jsonl").read_text().splitlines()]
    assert sorted(entry["student"] for entry in log) == sorted(KINDS), "one log line per graded submission"


def test_the_jail_hides_folders_and_files_but_keeps_the_submissions_own(tmp_path):
    if not CONFINED:
        pytest.skip("this OS refuses the namespaces that confine a kernel (not root, no user namespaces)")
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "hidden.txt").write_text("hidden tests")
    (tmp_path / "gradebook.db").write_text("grades")
    own = tmp_path / "autograded" / "ada" / "a01"
    own.mkdir(parents=True)
    (own / "mine.txt").write_text("mine")
    solutions, gradebook = str(tmp_path / "solutions"), str(tmp_path / "gradebook.db")
    probe = (f"import os; print(os.listdir({solutions!r}), repr(open({gradebook!r}).read()), "
             f"open({str(own / 'mine.txt')!r}).read())")
    result = subprocess.run([sys.executable, "-m", "autograder.jail", "--hide", solutions, "--hide", gradebook,
                             "--hide", str(tmp_path / "autograded"), "--keep", str(own), "--", sys.executable, "-c",
                             probe], capture_output=True, text=True)
    assert result.stdout.split() == ["[]", "''", "mine"], result.stdout + result.stderr
    assert (tmp_path / "gradebook.db").read_text() == "grades", "hiding changes nothing outside the jail"
