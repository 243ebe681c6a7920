"""`course-grade` pieces: the stderr rule, the students' check, LMS zip collect."""

import copy
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbgrader.utils import determine_grade

from autograder.check import check_notebook, report
from autograder.cli import main
from autograder.grading import THREAD_POOL_VARIABLES, thread_environment
from autograder.preprocessors import hide_hidden_tests, keep_stderr_as_text

ASSIGNMENT = "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
#: A student's script as live HTML (escaped as text, it is harmless and may stay).
LIVE_SCRIPT = re.compile(r"<script[^>]*>[^<]*window\.pwned|<[a-z]+[^>]*\son\w+=[^>]*window\.pwned")


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


def graded_test_cells(path):
    """How many graded test cells (not answers) a notebook has."""
    cells = nbformat.read(path, as_version=4).cells
    return sum(1 for c in cells if c.metadata.get("nbgrader", {}).get("grade")
               and not c.metadata["nbgrader"].get("solution"))


def test_check_passes_a_solved_notebook_and_exits_zero(student_copies, capsys):
    assert main(["check", str(student_copies["solved"])]) == 0
    out = capsys.readouterr().out
    count = graded_test_cells(student_copies["solved"])
    assert count >= 7 and f"{count} of {count} visible tests pass" in out and "Hidden tests run when your work is graded" in out


def test_check_fails_every_part_of_the_untouched_notebook_and_says_why(student_copies):
    results, missing = check_notebook(student_copies["untouched"], progress=False)
    text, status = report(results, missing)
    assert status == 1 and not missing
    assert len(results) == graded_test_cells(student_copies["untouched"]) >= 7
    assert not any(r.passed for r in results)
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


def _member(archive, name, data=b"{}", mode=0o100644):
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    archive.writestr(info, data)


def test_a_hostile_lms_zip_collects_only_what_is_safe_and_says_what_it_skipped(tmp_path):
    """Links, nested archives, unsafe ids, duplicates and impersonation are skipped; the rest is collected."""
    from autograder.course import CourseFolder
    from autograder.zipcollect import collect_zip

    notebook = (ROOT / "assignments" / ASSIGNMENT / NOTEBOOK).read_bytes()
    download = tmp_path / "lms.zip"
    with zipfile.ZipFile(download, "w") as archive:
        _member(archive, f"ada_{NOTEBOOK}", notebook, mode=0o104755)  # setuid bits: written 0644
        _member(archive, f".._{NOTEBOOK}", notebook)  # the student "..": outside submitted/
        _member(archive, f"*_{NOTEBOOK}", notebook)  # a glob
        _member(archive, f"cyd_{NOTEBOOK}", notebook)
        _member(archive, f"cyd_{NOTEBOOK.upper()}", notebook)
        _member(archive, f"cyd_{NOTEBOOK}".replace(".ipynb", "") + "/../x.ipynb", notebook)
        _member(archive, f"eve_{NOTEBOOK}", b"link target", mode=0o120777)  # a symbolic link
        _member(archive, "fay_homework.zip", b"PK nested")
        _member(archive, f"gus_{NOTEBOOK}", notebook)
        _member(archive, f"gus_{NOTEBOOK}", notebook)  # twice: neither is taken
    folder = CourseFolder(tmp_path / "course")
    students, skipped = collect_zip(folder, ASSIGNMENT, download)
    assert students == ["ada", "cyd"], skipped
    written = folder.root / "submitted" / "ada" / ASSIGNMENT / NOTEBOOK
    assert written.read_bytes() == notebook and stat.S_IMODE(written.stat().st_mode) == 0o644
    assert not (tmp_path / "course" / ASSIGNMENT).exists() and not (tmp_path / "course" / "x.ipynb").exists()
    reasons = " | ".join(skipped.values())
    for why in ("not a valid student id", "not a regular file", "nested archive", "none was taken"):
        assert why in reasons, f"{why!r} missing from {skipped}"


def test_a_folder_per_student_zip_takes_identity_from_the_folder_not_the_file_name(tmp_path):
    """bob's upload named alice_<notebook> stays bob's: the LMS's folder says who submitted it."""
    from autograder.course import CourseFolder
    from autograder.zipcollect import collect_zip

    notebook = (ROOT / "assignments" / ASSIGNMENT / NOTEBOOK).read_bytes()
    download = tmp_path / "moodle.zip"
    with zipfile.ZipFile(download, "w") as archive:
        _member(archive, f"bob/attempt 1/alice_{NOTEBOOK}", notebook)
        _member(archive, f"alice/{NOTEBOOK}", notebook)
    folder = CourseFolder(tmp_path / "course")
    students, skipped = collect_zip(folder, ASSIGNMENT, download)
    assert students == ["alice", "bob"] and not skipped
    assert (folder.root / "submitted" / "bob" / ASSIGNMENT / f"alice_{NOTEBOOK}").is_file()
    assert (folder.root / "submitted" / "alice" / ASSIGNMENT / NOTEBOOK).read_bytes() == notebook


def test_the_grade_export_escapes_spreadsheet_formulas(tmp_path):
    from autograder.export import write_csv

    write_csv([{"student": "=HYPERLINK(\"http://x\")", "assignment": "a01", "total": 3.0, "max": 20.0}],
              tmp_path / "grades.csv")
    text = (tmp_path / "grades.csv").read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_feedback_and_formgrader_pages_drop_a_students_script(tmp_path):
    """Both pages are rendered with the course's configuration, which sanitizes student HTML."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    from autograder.course import course_config

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">"),
        nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": "<script>window.pwned = 3</script>"})])])
    config = course_config(tmp_path)
    feedback_view = hide_hidden_tests(copy.deepcopy(notebook), config)  # the feedback's own preprocessor
    css = str(Path(handlers.__file__).parent / "static" / "node_modules" / "bootstrap" / "dist" / "css")
    for template, shown in (("feedback", feedback_view), ("formgrade", notebook)):  # as nbgrader sets them up
        exporter = HTMLExporter(config=config, template_name=template, extra_template_basedirs=[handlers.template_path],
                                extra_template_paths=[css])
        resources = {"nbgrader": {"score": 0, "max_score": 1, "notebook": "n", "late_penalty": 0},
                     "assignment_id": "a01", "base_url": "/", "first_name": "A", "last_name": "B", "index": 0,
                     "notebook_id": "n", "notebook_path": "n.ipynb", "student": "s", "submission_id": "x",
                     "total": 1, "include_css": lambda *args, **kwargs: ""}
        html, _ = exporter.from_notebook_node(copy.deepcopy(shown), resources=resources)
        assert not LIVE_SCRIPT.search(html), f"the {template} page keeps a student's script live"


def test_kernels_side_by_side_share_the_cores_threads_and_an_instructors_count_wins(monkeypatch):
    for name in THREAD_POOL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert thread_environment(2) == dict.fromkeys(THREAD_POOL_VARIABLES, "4")
    assert thread_environment(3) == dict.fromkeys(THREAD_POOL_VARIABLES, "2")
    assert thread_environment(16) == dict.fromkeys(THREAD_POOL_VARIABLES, "1")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert "OPENBLAS_NUM_THREADS" not in thread_environment(2) and thread_environment(2)["OMP_NUM_THREADS"] == "4"


def test_autograde_refuses_to_run_unconfined_unless_told(monkeypatch, tmp_path):
    from autograder import sandbox
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all

    monkeypatch.setattr(sandbox, "confinement_problem", lambda: "bubblewrap is not installed")
    folder = CourseFolder(tmp_path / "course")
    with pytest.raises(ValueError, match="cannot confine.*install bubblewrap.*--unconfined"):
        autograde_all(folder, ASSIGNMENT)
    assert autograde_all(folder, ASSIGNMENT, unconfined=True) == [], "told so, it grades (here: nothing to grade)"


def test_a_submission_that_kills_its_worker_twice_is_recorded_and_the_others_are_graded(tmp_path, monkeypatch):
    """Unconfined (as an instructor may choose), a kernel can kill the process grading it: only it pays, and the
    kernel folders its killed workers left are removed with the run's folder."""
    from autograder import jail
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import notebook_text

    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.SandboxKernelManager.confined = False\n")
    folder = CourseFolder(course)
    source = folder.add_source(ROOT / "solutions" / ASSIGNMENT, notebooks_from=notebook_text)
    folder.generate(ASSIGNMENT)
    solution = (source / NOTEBOOK).read_text()
    killer = nbformat.reads(solution, as_version=4)
    answer = next(c for c in killer.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
    answer.source += "\nimport os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
    folder.submit(ASSIGNMENT, "ada", {NOTEBOOK: solution})
    folder.submit(ASSIGNMENT, "mal", {NOTEBOOK: nbformat.writes(killer)})
    runs, left, remove_run = [], [], jail.remove_run
    monkeypatch.setattr(jail, "remove_run", lambda run: (runs.append(run), left.extend(
        path.name for path in Path(run).glob("course-grade-kernel-*")), remove_run(run)))
    results = {r.student: r for r in autograde_all(folder, ASSIGNMENT, workers=2, progress=False, unconfined=True)}
    assert len(left) == 2 and runs and not Path(runs[0]).exists(), (left, runs)
    assert results["ada"].ok and sum(s for s, _ in folder.grades(ASSIGNMENT, "ada").values()) > 0
    assert "died" in results["mal"].error and "twice" in results["mal"].error, results["mal"].error
