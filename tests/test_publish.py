"""`course-grade publish`: the students' copy holds no solution or hidden test, and works on its own."""

import os
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from autograder.cli import main

REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _secret_lines():
    """Lines of every solution and hidden-test region of solutions/, less those public code also has.

    A line that a lecture, the course package, the grader's code or the visible part of an assignment holds as well
    (``return total``, a test's set-up line that a hidden test repeats) says nothing; every other line of a region
    is the instructor's alone.
    """
    public = [cell.source for path in (ROOT / "lectures").glob("*.ipynb")
              for cell in nbformat.read(path, as_version=4).cells]
    public += [REGION.sub("", cell.source) for path in (ROOT / "solutions").glob("*/*.ipynb")
               for cell in nbformat.read(path, as_version=4).cells]
    public += [path.read_text() for folder in ("course", "autograder") for path in (ROOT / folder).rglob("*.py")]
    shown = {line.strip() for text in public for line in text.splitlines()}
    secret = set()
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for _, body in REGION.findall(cell.source):
                secret |= {line.strip() for line in body.splitlines() if len(line.strip()) >= 12}
    return secret - shown


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    dest = tmp_path_factory.mktemp("students") / "deep-learning"
    assert main(["publish", str(dest), "--repo", "someone/deep-learning"]) == 0
    return dest


def _environment(published):
    env = {**os.environ, "PYTHONPATH": str(published)}  # the copy's course and autograder, not this repository's
    return env


def test_the_copy_has_what_students_need_and_nothing_of_grading(published):
    names = {str(p.relative_to(published)) for p in published.rglob("*") if p.is_file()}
    assert "lectures/01_perceptron.ipynb" in names and "assignments/a01_perceptron/a01_perceptron.ipynb" in names
    assert {"course/__init__.py", "environment.yml", "pyproject.toml", "README.md", "START_HERE.md"} <= names
    assert "someone/deep-learning" in (published / "README.md").read_text(), "the README's Binder badge"
    forbidden = [n for n in names if n.startswith(("solutions/", "tests/", "autograder/hub/")) or n.endswith(
        (".db", "nbgrader_config.py", "autograder/cli.py", "autograder/grading.py", "autograder/course.py",
         "autograder/export.py", "lectures/01_perceptron.py", "sources/lectures/01_perceptron.py"))]
    assert not forbidden, forbidden
    assert 'course-grade = "autograder.check:main"' in (published / "pyproject.toml").read_text()


def test_no_line_of_a_solution_or_hidden_test_is_in_the_copy(published):
    secret = _secret_lines()
    assert len(secret) > 100, "the regions were not found: the check would pass on anything"
    leaks = []
    for path in published.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells) \
                if path.suffix == ".ipynb" else text
            lines = {line.strip() for line in text.splitlines()}
            leaks += [f"{path.relative_to(published)}: {line}" for line in sorted(secret & lines)]
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path
    assert not leaks, leaks[:20]


def test_lecture_01_runs_from_the_copy_with_the_copys_course_package(published, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(published))
    notebook = nbformat.read(published / "lectures" / "01_perceptron.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import course\nprint(course.__file__)"))
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(published / "lectures")}}).execute()
    assert notebook.cells[-1].outputs[0].text.strip() == str(published / "course" / "__init__.py")


def test_course_grade_check_runs_from_the_copy(published):
    notebook = "assignments/a01_perceptron/a01_perceptron.ipynb"
    code = ("import sys, autograder.check as c; print(c.__file__); "
            f"sys.exit(c.main(['check', {notebook!r}, '--unconfined']))")
    run = subprocess.run([sys.executable, "-c", code], cwd=published, env=_environment(published),
                         capture_output=True, text=True, timeout=900)
    assert run.stdout.splitlines()[0] == str(published / "autograder" / "check.py"), run.stdout + run.stderr
    assert run.returncode == 1 and "FAIL  sigmoid_values" in run.stdout, run.stdout + run.stderr
    assert re.search(r"^0 of \d+ visible tests pass", run.stdout, re.M), run.stdout
