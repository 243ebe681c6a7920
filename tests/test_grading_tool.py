"""`course-grade` pieces: the stderr rule, the students' check, LMS zip collect."""

import shutil
import zipfile

import nbformat
import pytest
from conftest import ROOT
from nbgrader.utils import determine_grade

from autograder.check import check_notebook, report
from autograder.cli import main
from autograder.preprocessors import keep_stderr_as_text

ASSIGNMENT = "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def test_cell(outputs):
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 2,
                                 "grade_id": "some_test", "schema_version": 3}
    cell.outputs = [nbformat.from_dict(output) for output in outputs]
    return cell


test_cell.__test__ = False  # a factory, not a test

WARNING = {"output_type": "stream", "name": "stderr", "text": "UserWarning: Do not pass an `input_shape`\n"}
ERROR = {"output_type": "error", "ename": "AssertionError", "evalue": "expected 1, got 2", "traceback": []}


def test_a_warning_on_stderr_no_longer_zeroes_a_passing_test():
    assert determine_grade(test_cell([WARNING])) == (0, 2)  # nbgrader's own rule (issue #1904)
    cell = keep_stderr_as_text(test_cell([WARNING]))
    assert determine_grade(cell) == (2, 2)
    assert "[stderr] UserWarning" in cell.outputs[0].text, "the warning stays visible in the feedback"


def test_a_test_that_raises_still_scores_zero():
    assert determine_grade(keep_stderr_as_text(test_cell([WARNING, ERROR]))) == (0, 2)


@pytest.fixture(scope="module")
def student_copies(tmp_path_factory):
    """The released a01 in a student's folder: untouched, solved, and solved with a test cell emptied."""
    folder = tmp_path_factory.mktemp("student")
    copies = {}
    for name, source in [("untouched", ROOT / "assignments"), ("solved", ROOT / "solutions")]:
        (folder / name).mkdir()
        copies[name] = shutil.copy(source / ASSIGNMENT / NOTEBOOK, folder / name / NOTEBOOK)
    tampered = nbformat.read(copies["solved"], as_version=4)
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "sigmoid_values":
            cell.source = "pass"
    (folder / "tampered").mkdir()
    copies["tampered"] = folder / "tampered" / NOTEBOOK
    nbformat.write(tampered, copies["tampered"])
    return copies


def test_check_passes_a_solved_notebook_and_exits_zero(student_copies, capsys):
    assert main(["check", str(student_copies["solved"])]) == 0
    out = capsys.readouterr().out
    assert "7 of 7 visible tests pass" in out and "Hidden tests run when your work is graded" in out


def test_check_fails_every_part_of_the_untouched_notebook_and_says_why(student_copies):
    results, missing = check_notebook(student_copies["untouched"], progress=False)
    text, status = report(results, missing)
    assert status == 1 and not missing
    assert len(results) == 7 and not any(r.passed for r in results)
    assert "NotImplementedError" in text


def test_check_runs_the_released_test_cells_not_the_students_edits(student_copies):
    results, _ = check_notebook(student_copies["tampered"], progress=False)
    assert all(r.passed for r in results)
    restored = [r for r in results if r.grade_id == "sigmoid_values"]
    assert restored, "the emptied test cell is run from the released version"


def test_check_explains_a_file_that_is_not_a_notebook(tmp_path, capsys):
    broken = tmp_path / NOTEBOOK
    broken.write_text("{ not json")
    assert main(["check", str(broken)]) == 2
    error = capsys.readouterr().err
    assert "is not a readable notebook" in error and "Revert Notebook to Checkpoint" in error
    assert main(["check", str(tmp_path / "missing.ipynb")]) == 2
    assert "does not exist" in capsys.readouterr().err
    renamed = shutil.copy(ROOT / "assignments" / ASSIGNMENT / NOTEBOOK, tmp_path / "homework.ipynb")
    assert main(["check", str(renamed)]) == 2
    assert "keep the file name" in capsys.readouterr().err


def test_collect_from_an_lms_zip_files_each_notebook_under_its_student(tmp_path, capsys):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        for student in ("ada", "bob"):
            archive.write(ROOT / "assignments" / ASSIGNMENT / NOTEBOOK, f"{student}_{NOTEBOOK}")
    assert main(["--root", str(course), "collect", ASSIGNMENT, "--zip", str(download)]) == 0
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ada", "bob"]
    assert (course / "submitted" / "bob" / ASSIGNMENT / NOTEBOOK).is_file()
    (tmp_path / "not.zip").write_text("plain text")
    assert main(["--root", str(course), "collect", ASSIGNMENT, "--zip", str(tmp_path / "not.zip")]) == 2
    assert "is not a zip file" in capsys.readouterr().err
