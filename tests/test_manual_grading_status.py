"""`course-grade status` names the submissions whose written answers still wait to be graded by hand."""

import shutil

from conftest import ROOT
from nbgrader.api import Gradebook

from autograder.cli import main
from autograder.course import CourseFolder

ASSIGNMENT = "a03_keras_training"


def test_status_says_which_written_answers_wait_for_a_grader(tmp_path, capsys):
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, tmp_path / "course" / "solutions" / ASSIGNMENT)
    folder = CourseFolder(tmp_path / "course", exchange=tmp_path / "exchange")
    with Gradebook(folder.api.coursedir.db_url) as gradebook:  # what autograding leaves: the answer has no score
        gradebook.add_assignment(ASSIGNMENT)
        gradebook.add_notebook(ASSIGNMENT, ASSIGNMENT)
        gradebook.add_grade_cell("overfitting_answer", ASSIGNMENT, ASSIGNMENT, max_score=3, cell_type="markdown")
        gradebook.add_student("ada")
        gradebook.add_submission(ASSIGNMENT, "ada")
    folder.submit(ASSIGNMENT, "ada", {f"{ASSIGNMENT}.ipynb": "{}"})
    assert folder.ungraded_by_hand(ASSIGNMENT) == ["ada"]
    instructor = ["--root", str(folder.root), "--exchange", str(tmp_path / "exchange")]
    capsys.readouterr()
    assert main([*instructor, "status"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(ASSIGNMENT))
    assert "1 with written answers to grade by hand" in line, line
    main([*instructor, "feedback", ASSIGNMENT])
    warning = capsys.readouterr().out.splitlines()[0]
    assert warning.startswith("warning: 1 submission of") and "Manual Grading" in warning and warning.endswith("ada")

    with Gradebook(folder.api.coursedir.db_url) as gradebook:
        grade = gradebook.find_grade("overfitting_answer", ASSIGNMENT, ASSIGNMENT, "ada")
        grade.manual_score = 2
        gradebook.db.commit()
    assert folder.ungraded_by_hand(ASSIGNMENT) == []
