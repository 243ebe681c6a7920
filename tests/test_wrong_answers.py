"""Wrong answers in tests/wrong_answers/ lose points on exactly the test cells they name, under real nbgrader.

They are graded in each assignment's one grading run (tests/gradings.py), hidden tests included:

* always (``make test``): one submission holding one wrong answer per part; together they must lose points on every
  cell any of them names and on no other;
* ``make test-all``: also every file marked ``# fast`` that it leaves out, in more submissions of at most one per
  part, checked the same way;
* ``make wrong-answers`` (``COURSE_ALL_WRONG_ANSWERS=1``): every file on its own, losing points on exactly its own
  cells, and every correct alternative of tests/correct_answers/ on its own, which must keep every point.

The format of the files is described in tests/wrong_answers.py.
"""

import pytest
from conftest import report_line
from gradings import graded_run, individual_correct_answers, individual_wrong_answers, wrong_answer_packs
from wrong_answers import (
    CORRECT_ANSWERS, WRONG_ANSWERS, all_assignments, answer_cells, check_correct, check_grades, check_together,
    correct_answers, graded_cells, lost_points, solution_notebook, wrong_answers)

ASSIGNMENTS = all_assignments()
MINIMUM_PER_ASSIGNMENT = 8
TABLE = "wrong answers (points lost, on which cells)"
CORRECT_TABLE = "correct alternatives (points lost, which must be 0)"
COUNTS = "wrong answers and correct alternatives graded one by one: how many, how many behaved"


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


def test_every_assignment_has_a_correct_alternative_replacing_an_existing_answer_cell():
    """Cheap, no grading: at least one file per assignment in tests/correct_answers/, each with its '# correct:'
    line, replacing an answer cell, and not the solution itself."""
    problems = []
    stray = sorted(p.name for p in CORRECT_ANSWERS.iterdir() if p.is_dir() and p.name not in ASSIGNMENTS)
    if stray:
        problems.append(f"folders for assignments that do not exist: {stray}")
    for assignment in ASSIGNMENTS:
        answers = answer_cells(solution_notebook(assignment))
        try:
            found = correct_answers(assignment)
        except ValueError as error:
            problems.append(str(error))
            continue
        if not found:
            problems.append(f"{assignment}: no correct alternative in tests/correct_answers/{assignment}/")
        for answer in found:
            if answer.cell not in answers:
                problems.append(f"{answer.path.name}: {answer.cell!r} is not an answer cell of {assignment} "
                                f"(answer cells: {', '.join(answers)})")
            elif answer.source.strip() == answers[answer.cell].strip():
                problems.append(f"{answer.path.name} is the solution itself")
    assert not problems, "\n".join(problems)


def _table(assignment, name, grades, section=TABLE):
    lost = lost_points(grades)
    cells = ", ".join(f"{gid} (-{points:g})" for gid, points in lost.items()) or "-"
    report_line(section, f"{assignment:<24} {name:<48} {sum(lost.values()):>5g}  {cells}")


@pytest.mark.timeout(4 * 3600)  # every wrong answer of an assignment (make wrong-answers), on a busy machine
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_wrong_answer_per_part_in_one_submission_loses_points_on_exactly_the_cells_they_name(
        assignment, tmp_path_factory):
    """The cheap check of `make test`: a part whose test no longer catches its wrong answer keeps full points. In
    `make test-all` also the other '# fast' wrong answers, in submissions of at most one per part."""
    packs = wrong_answer_packs(assignment)
    assert all(packs.values()), f"{assignment} has no wrong answers"
    grades = graded_run(assignment, tmp_path_factory).grades
    failures = []
    for student, chosen in packs.items():
        _table(assignment, f"{student} ({len(chosen)})", grades[student])
        problems = check_together(chosen, grades[student])
        if problems:
            failures += [f"{assignment}, one submission with {', '.join(a.path.name for a in chosen)}:", *problems]
    assert not failures, "\n".join(failures)


@pytest.mark.timeout(4 * 3600)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_wrong_answer_loses_points_on_exactly_its_own_cells(assignment, tmp_path_factory):
    """`make wrong-answers`: each wrong answer on its own."""
    chosen = individual_wrong_answers(assignment)
    if not chosen:
        pytest.skip(f"the wrong answers of {assignment} are graded one by one by make wrong-answers only")
    grades = graded_run(assignment, tmp_path_factory).grades
    failures, caught = [], 0
    for answer in chosen:
        _table(assignment, answer.path.name, grades[answer.name])
        problems = check_grades(answer, grades[answer.name])
        caught += not problems
        failures += [f"{answer.path.name}: {problem}" for problem in problems]
    report_line(COUNTS, f"{assignment:<24} {len(chosen):>3} wrong answers graded one by one, {caught:>3} lost "
                        "exactly the cells they name")
    assert not failures, "\n".join(failures)


@pytest.mark.timeout(4 * 3600)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_correct_alternative_keeps_every_point(assignment, tmp_path_factory):
    """`make wrong-answers`: each correct alternative of tests/correct_answers/ on its own loses no point."""
    chosen = individual_correct_answers(assignment)
    if not chosen:
        pytest.skip(f"the correct alternatives of {assignment} are graded one by one by make wrong-answers only")
    grades = graded_run(assignment, tmp_path_factory).grades
    failures, kept = [], 0
    for answer in chosen:
        _table(assignment, answer.path.name, grades[answer.name], CORRECT_TABLE)
        problems = check_correct(grades[answer.name])
        kept += not problems
        failures += [f"{answer.path.name} (correct: {answer.correct}): {problem}" for problem in problems]
    report_line(COUNTS, f"{assignment:<24} {len(chosen):>3} correct alternatives graded one by one, {kept:>3} kept "
                        "every point")
    assert not failures, "\n".join(failures)
