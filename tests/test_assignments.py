"""The honesty pipeline, on real nbgrader, for every assignment in solutions/.

For each assignment: the student version holds no solution and no hidden
test; the solution, autograded as a submission, gets full marks; the untouched
student version gets 0, with every graded test cell failing; the solution written
differently (one correct alternative per part from tests/correct_answers/ substituted) gets exactly the
solution's grades, so two gradings agree and the checks accept a correct answer that is not the solution's. The
gradings happen in the assignment's one grading run (tests/gradings.py), together with its wrong answers.
"""

import json
import re

import pytest
from conftest import ROOT
from gradings import HONESTY, WRITTEN_DIFFERENTLY, graded_run
from wrong_answers import written_differently

ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").glob("a*") if p.is_dir())
#: The assignment's grading run (its wrong answers too) happens in the first test's setup: minutes on a loaded machine.
pytestmark = pytest.mark.timeout(2700)


BLOCK = re.compile(r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END[^\n]*", flags=re.S)


def solution_lines(notebook_json):
    """Lines that appear only between BEGIN/END SOLUTION or HIDDEN TESTS markers."""
    sources = ["".join(cell["source"]) for cell in notebook_json["cells"]]
    visible = "\n".join(BLOCK.sub("", source) for source in sources)
    blocks = [block for source in sources for block in BLOCK.findall(source)]
    lines = {line.strip() for block in blocks for line in block.splitlines()}
    return sorted(line for line in lines if len(line) > 12 and line not in visible)


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """The solution, the solution written differently and the untouched student version of one assignment,
    autograded in the assignment's one grading run (tests/gradings.py, shared with its wrong answers)."""
    assignment = request.param
    run = graded_run(assignment, tmp_path_factory)
    for student in HONESTY:
        result = run.results[student]
        assert not result.error, f"{assignment} ({result.student}) was not graded: {result.error}\n{result.detail}"
    return assignment, {student: run.grades[student] for student in HONESTY}


def test_student_version_contains_no_solution_and_no_hidden_test():
    for assignment in ASSIGNMENTS:
        released = sorted((ROOT / "assignments" / assignment).glob("*"))
        assert released, f"assignments/{assignment} is empty: run `make notebooks`."
        assert not [p for p in released if p.suffix == ".py"], "A jupytext source (with solutions) was released."
        for source in (ROOT / "solutions" / assignment).glob("*.ipynb"):
            student_text = (ROOT / "assignments" / assignment / source.name).read_text()
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
                assert marker not in student_text, f"{assignment}/{source.name}: '{marker}' leaked to students."
            leaked = [line for line in solution_lines(json.loads(source.read_text())) if line in student_text]
            assert not leaked, f"{assignment}/{source.name} leaks solution or hidden-test lines: {leaked[:3]}"


def test_solution_gets_full_marks(graded):
    assignment, grades = graded
    autograded = {gid: g for gid, g in grades["solution"].items() if g[0] is not None}
    assert autograded, f"{assignment} has no autograded test cell."
    lost = {gid: g for gid, g in autograded.items() if g[0] != g[1]}
    assert not lost, f"The solution of {assignment} loses points in {lost} (score, max)."


def test_no_cell_of_the_solution_raises(graded, tmp_path_factory):
    """Every notebook runs: nbgrader forgives an error outside the graded cells, a student would not (a provided cell
    that raises is a bug of the assignment, whatever the grade)."""
    assignment, _ = graded
    folder = graded_run(assignment, tmp_path_factory).folder
    errors = [f"{cell.get('metadata', {}).get('nbgrader', {}).get('grade_id', index)}: {output.get('ename')}: "
              f"{output.get('evalue', '')[:300]}"
              for path in sorted((folder.root / "autograded" / "solution" / assignment).glob("*.ipynb"))
              for index, cell in enumerate(json.loads(path.read_text())["cells"])
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors, f"cells of the solution of {assignment} raise when run top to bottom: {errors}"


def test_untouched_student_version_scores_zero_with_every_test_failing(graded):
    assignment, grades = graded
    autograded = {gid: g for gid, g in grades["untouched"].items() if g[0] is not None}
    passing = {gid: g for gid, g in autograded.items() if g[0] != 0}
    assert not passing, f"Tests of {assignment} pass on the untouched student version: {passing}."
    assert sum(g[1] for g in autograded.values()) > 0


def test_the_solution_written_differently_gets_the_same_grades_as_the_solution(graded):
    """One correct alternative per part substituted: the same (full) grades, cell by cell. It is also the second
    grading of a correct submission, so a check that depends on an unseeded random generator shows up here."""
    assignment, grades = graded
    substituted = ", ".join(written_differently(assignment)) or "none"
    assert grades["solution"] == grades[WRITTEN_DIFFERENTLY], (
        f"{assignment}: the solution got {grades['solution']} and the solution with the correct alternatives of "
        f"tests/correct_answers/{assignment}/ in {substituted} got {grades[WRITTEN_DIFFERENTLY]}; a check refuses a "
        "correct answer, or depends on a random generator that nothing seeds.")
