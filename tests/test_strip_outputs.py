"""The git filter `make setup` installs: a notebook a student only ran is unchanged for git, so `git pull` works.

Git compares a file through its filter only when the file's size is the one it recorded, so after a run it lists
the notebook as modified until `git add -u` refreshes it; that add stages nothing for a notebook that was only run.
"""

import shutil
import subprocess
import sys

import nbformat
from conftest import ROOT

FILTER = ROOT / "course" / "strip_outputs.py"


def _git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=s", "-c", "user.email=s@x", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def test_the_filter_leaves_every_tracked_notebook_as_it_is():
    tracked = _git(ROOT, "ls-files", "*.ipynb").split()
    for name in tracked:
        text = (ROOT / name).read_text()
        run = subprocess.run([sys.executable, str(FILTER)], input=text, capture_output=True, text=True, check=True)
        assert run.stdout == text, f"the filter changes {name}"


def test_a_run_lecture_is_clean_for_git_and_pull_updates_it(tmp_path):
    upstream, student = tmp_path / "upstream", tmp_path / "student"
    (upstream / "lectures").mkdir(parents=True)
    shutil.copy(ROOT / ".gitattributes", upstream)
    shutil.copy(ROOT / "lectures" / "01_perceptron.ipynb", upstream / "lectures")
    _git(upstream, "init", "-q")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "-q", "-m", "course")
    _git(tmp_path, "clone", "-q", str(upstream), str(student))
    _git(student, "config", "filter.course-notebook.clean", f"{sys.executable} {FILTER}")  # what make setup does

    path = student / "lectures" / "01_perceptron.ipynb"
    notebook = nbformat.read(path, as_version=4)  # as JupyterLab saves it after a run
    notebook.metadata.kernelspec.display_name = "Python 3 (ipykernel)"
    notebook.metadata.language_info = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    for count, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
        cell.execution_count = count + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran\n")]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-12-06T14:00:00Z"}
    nbformat.write(notebook, path)
    assert _git(student, "diff") == "", "git sees a change in a notebook that was only run"
    _git(student, "add", "-u", "lectures")  # git skips the filter while the file's size differs: add refreshes it
    assert _git(student, "status", "--porcelain") == "", "a notebook that was only run is staged as a change"

    update = nbformat.read(upstream / "lectures" / "01_perceptron.ipynb", as_version=4)
    update.cells[0].source += "\n\nA new sentence."
    nbformat.write(update, upstream / "lectures" / "01_perceptron.ipynb")
    _git(upstream, "commit", "-q", "-am", "update")
    _git(student, "pull", "-q")
    assert "A new sentence." in nbformat.read(path, as_version=4).cells[0].source
