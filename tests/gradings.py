"""One course root per assignment, built once per test run, and one parallel grading run in it.

The honesty pipeline of an assignment (tests/test_assignments.py: the solution, the solution written differently
(one correct alternative per part of tests/correct_answers/ substituted), the untouched student version) and its
wrong answers (tests/test_wrong_answers.py) are submissions to the same throw-away nbgrader course
and are autograded together, hidden tests included: one ``generate_assignment`` and one pool of grading workers
kept busy, instead of a course and a run for each file. tests/conftest.py puts both files' tests of an assignment
in one xdist group, so they share this process's cache.

Which wrong answers are graded: one submission holding one wrong answer per part (:func:`wrong_answers.one_per_part`)
always; with ``make test-all`` also the other ``# fast`` ones, in submissions of at most one per part
(:func:`wrong_answer_packs`); with ``make wrong-answers`` (``COURSE_ALL_WRONG_ANSWERS=1``) every one on its own,
and every correct alternative on its own. (``make test-all`` graded each ``# fast`` one on its own until the packs:
24 more submissions, about 10 minutes of CPU on 2 cores; the packs grade every one of them in one more submission.)
"""

import os
from dataclasses import dataclass

from conftest import ALL_WRONG_ANSWERS, QUICK, ROOT, record
from wrong_answers import (
    correct_answers, fast_packs, mutated_notebook, one_per_part, solution_notebook, written_differently, wrong_answers)

from autograder.grading import cores_each

__all__ = ["ALL_WRONG_ANSWERS", "HONESTY", "TOGETHER", "WRITTEN_DIFFERENTLY", "Run", "graded_run",
           "individual_correct_answers", "individual_wrong_answers", "wrong_answer_packs"]

#: The student whose submission is the solution with one correct alternative per part substituted.
WRITTEN_DIFFERENTLY = "solution-written-differently"
#: The honesty pipeline's students.
HONESTY = ("solution", WRITTEN_DIFFERENTLY, "untouched")
#: The student whose submission holds one wrong answer per part.
TOGETHER = "one-wrong-answer-per-part"

_RUNS = {}
#: Grading workers of a run: the cores left to each test process that runs beside the others (pytest-xdist sets
#: PYTEST_XDIST_WORKER_COUNT), at least one. On two cores under ``-n 2``: one, so that the machine runs two
#: submissions at once rather than four, and each run starts one judge server (TensorFlow preloaded, 3.5 s of CPU)
#: rather than two.
WORKERS = cores_each(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


@dataclass
class Run:
    """An assignment's course and what its one grading run gave."""

    folder: object  # autograder.course.CourseFolder
    results: dict   # {student: GradingResult}
    grades: dict    # {student: {test grade_id: (score, max)}, or the reason it was not graded}


def individual_wrong_answers(assignment):
    """The wrong answers graded one by one: all of them with ``make wrong-answers``, none otherwise."""
    return wrong_answers(assignment) if ALL_WRONG_ANSWERS else []


def wrong_answer_packs(assignment):
    """{student: [answers]}: the submissions of several wrong answers, at most one per part. Always
    :data:`TOGETHER` (one per part); in `make test-all` also the ``# fast`` ones it leaves out
    (:func:`wrong_answers.fast_packs`)."""
    packs = {TOGETHER: one_per_part(assignment)}
    if not QUICK:
        packs.update({f"more-wrong-answers-per-part-{n}": pack for n, pack in enumerate(fast_packs(assignment), 1)})
    return packs


def individual_correct_answers(assignment):
    """The correct alternatives graded one by one: all of them with ``make wrong-answers``, none otherwise (the
    honesty pipeline's ``solution-written-differently`` holds one per part in every tier)."""
    return correct_answers(assignment) if ALL_WRONG_ANSWERS else []


def graded_run(assignment, tmp_path_factory):
    """The grading run of ``assignment``: made on the first call in this process, the same object afterwards."""
    if assignment not in _RUNS:
        _RUNS[assignment] = _grade(assignment, tmp_path_factory.mktemp(f"course-{assignment}"))
    return _RUNS[assignment]


def _grade(assignment, root):
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import notebook_text

    folder = CourseFolder(root, unconfined=True)  # our own notebooks: unconfined only where nothing can confine
    source_dir = folder.add_source(ROOT / "solutions" / assignment, notebooks_from=notebook_text)
    release_dir = folder.generate(assignment)
    for student, notebook_dir in {"solution": source_dir, "untouched": release_dir}.items():
        folder.submit(assignment, student, {p.name: p.read_text() for p in notebook_dir.glob("*.ipynb")})
    solution, name = solution_notebook(assignment), f"{assignment}.ipynb"
    variants = {WRITTEN_DIFFERENTLY: written_differently(assignment)}
    variants.update({student: {answer.cell: answer.source for answer in pack}
                     for student, pack in wrong_answer_packs(assignment).items()})
    variants.update({answer.name: {answer.cell: answer.source} for answer in individual_wrong_answers(assignment)})
    variants.update({answer.name: {answer.cell: answer.source} for answer in individual_correct_answers(assignment)})
    for student, replacements in variants.items():
        folder.submit(assignment, student, {name: mutated_notebook(solution, replacements)})
    students = ["solution", "untouched", *variants]
    results = {result.student: result
               for result in autograde_all(folder, assignment, students=students, workers=WORKERS, progress=False,
                                           unconfined=True)}
    for student in students:
        result = results[student]
        kind = ("assignment" if student in HONESTY else
                "correct answer" if student.startswith("correct-") else "wrong answer")
        record(kind, f"{assignment} ({student})", result.seconds,
               outcome="ok" if result.ok else f"not graded: {result.error}")
    grades = {student: results[student].error or folder.grades(assignment, student) for student in students}
    return Run(folder, results, grades)
