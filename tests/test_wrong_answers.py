"""Every wrong answer in tests/wrong_answers/ loses points on exactly the test cells it names, under real nbgrader.

By default only the files marked ``# fast`` are graded (one course and one parallel run per assignment);
``COURSE_ALL_WRONG_ANSWERS=1`` (``make wrong-answers``) grades all of them. The format of the files is described in
tests/wrong_answers.py.
"""

import os
import time

import pytest
from conftest import record
from wrong_answers import (
    WRONG_ANSWERS, all_assignments, answer_cells, check_grades, grade_variants, graded_cells, lost_points,
    solution_notebook, wrong_answers)

ASSIGNMENTS = all_assignments()
ALL = os.environ.get("COURSE_ALL_WRONG_ANSWERS", "") not in ("", "0")
MINIMUM_PER_ASSIGNMENT = 8


def test_every_assignment_has_enough_wrong_answers_each_naming_existing_cells():
    """Cheap, no grading: at least 8 files per assignment, each replacing an answer cell and naming test cells."""
    problems = []
    stray = sorted(p.name for p in WRONG_ANSWERS.iterdir() if p.is_dir() and p.name not in ASSIGNMENTS)
    if stray:
        problems.append(f"folders for assignments that do not exist: {stray}")
    for assignment in ASSIGNMENTS:
        notebook = solution_notebook(assignment)
        answers, tests = answer_cells(notebook), graded_cells(notebook)
        found = wrong_answers(assignment)
        if len(found) < MINIMUM_PER_ASSIGNMENT:
            problems.append(f"{assignment}: {len(found)} wrong answers in tests/wrong_answers/{assignment}/, "
                            f"at least {MINIMUM_PER_ASSIGNMENT} needed")
        for answer in found:
            if answer.cell not in answers:
                problems.append(f"{answer.path.name}: {answer.cell!r} is not an answer cell of {assignment} "
                                f"(answer cells: {', '.join(answers)})")
            unknown = [grade_id for grade_id in answer.loses if grade_id not in tests]
            if unknown:
                problems.append(f"{answer.path.name}: '# loses:' names {unknown}, not test cells of {assignment} "
                                f"(test cells: {', '.join(tests)})")
            if answer.source.strip() == answers.get(answer.cell, "").strip():
                problems.append(f"{answer.path.name} is the solution itself")
    assert not problems, "\n".join(problems)


@pytest.mark.timeout(4 * 3600)  # all the wrong answers of an assignment, on a busy machine: far beyond pytest's 900 s
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_wrong_answer_loses_points_on_exactly_its_own_cells(assignment, tmp_path, capsys):
    """Grade the (fast) wrong answers of one assignment in one run; each loses exactly on its '# loses' cells."""
    chosen = wrong_answers(assignment, fast_only=not ALL)
    if not chosen:
        pytest.skip(f"no {'' if ALL else 'fast '}wrong answers for {assignment}")
    start = time.perf_counter()
    grades = grade_variants(assignment, {answer.name: {answer.cell: answer.source} for answer in chosen}, tmp_path)
    record("wrong answers", f"{assignment} ({len(chosen)})", time.perf_counter() - start)
    failures = []
    with capsys.disabled():
        print(f"\n{'assignment':<20} {'wrong answer':<48} {'lost':>5}  on cells")
        for answer in chosen:
            lost = lost_points(grades[answer.name])
            cells = ", ".join(f"{gid} (-{points:g})" for gid, points in lost.items()) or "-"
            print(f"{assignment:<20} {answer.path.name:<48} {sum(lost.values()):>5g}  {cells}")
            failures += [f"{answer.path.name}: {problem}" for problem in check_grades(answer, grades[answer.name])]
    assert not failures, "\n".join(failures)
