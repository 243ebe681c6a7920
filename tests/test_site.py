"""The course for readers who do not run it here: the web site `make site` builds, the Colab badge and install cell
the notebook generator adds, and the links' one setting. The browser's view of the site is tests/browser/test_site.py.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from site_build import build_site, leaks, secret_lines

from autograder import links, notebooks

#: The packages Colab preinstalls that the course's notebooks use (and the kernel machinery nbclient needs).
COLAB_PACKAGES = ["tensorflow", "keras", "scikit-learn", "matplotlib", "ipywidgets", "numpy", "ipykernel", "nbclient"]
COLAB_VENV = Path(os.environ.get("COURSE_COLAB_VENV", "/tmp/colab-venv"))


def test_site_builds_two_lectures_with_their_figures_formulas_and_the_assignments_unrun(tmp_path):
    start = time.perf_counter()
    site = build_site(tmp_path, ["01", "07"])
    seconds = time.perf_counter() - start
    lectures = sorted(path.name for path in (site / "lectures").glob("*.html"))
    assert lectures == ["01_perceptron.html", "07_convolution.html"], lectures
    for name in lectures:
        page = (site / "lectures" / name).read_text()
        figures = re.findall(r'<img [^>]*src="(\.\./_images/[^"]+\.png)"', page)
        assert figures and all((site / "lectures" / src).resolve().is_file() for src in figures), f"{name}: figures"
        assert 'class="math' in page, f"{name} shows no formula"
        assert "Claim held:" in page or "Claim did not hold in this run:" in page, f"{name} shows no checked claim"
        assert not re.search(r'(src|href)="https?://', page.split("<body")[0] + "".join(
            re.findall(r"<(?:script|img|link)[^>]*>", page))), f"{name} loads something from outside the site"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax is not in the site"
    for assignment in sorted(path.name for path in (ROOT / "assignments").glob("a*") if path.is_dir()):
        page = (site / "assignments" / assignment / f"{assignment}.html").read_text()
        assert "YOUR CODE HERE" in page and "cell_output" not in page, (
            f"{assignment}'s page is not the unrun student version")
    assert not leaks(site, secret_lines()), "solution or hidden-test text in the site"
    print(f"site for 2 lectures and the assignments built in {seconds:.0f} s")


def test_every_notebook_gets_the_colab_badge_and_the_install_cell_and_keeps_its_cell_ids():
    lecture = nbformat.reads(notebooks.notebook_text(ROOT / "sources/lectures/01_perceptron.py"), as_version=4)
    solution = nbformat.reads(notebooks.notebook_text(ROOT / "solutions/a01_perceptron/a01_perceptron.py"), 4)
    for notebook, path in ((lecture, "lectures/01_perceptron.ipynb"),
                           (solution, "assignments/a01_perceptron/a01_perceptron.ipynb")):
        assert f"]({links.colab_url(path)})" in notebook.cells[0].source  # the student version, never solutions/
        install = notebook.cells[1]
        assert install.cell_type == "code" and install.id == "colab-install" and "nbgrader" not in install.metadata
        assert links.install_source() in install.source
        assert [cell.id for cell in notebook.cells if cell.id != "colab-install"] == [
            f"cell-{index:03d}" for index in range(len(notebook.cells) - 1)]


def test_the_install_cell_prints_nothing_and_installs_nothing_where_the_course_is_installed():
    cell = notebooks.INSTALL_CELL.format(source="/nonexistent/so/that/an/install/would/fail")
    result = subprocess.run([sys.executable, "-c", cell], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", result


def test_publish_moves_every_link_to_the_repository_it_is_given_and_keeps_locked_cells_valid(tmp_path):
    from nbgrader.utils import compute_checksum

    from autograder.publish import publish

    copy = publish(tmp_path / "copy", repo="someone/deep-learning")
    lecture = (copy / "lectures" / "01_perceptron.ipynb").read_text()
    assert links.colab_url("lectures/01_perceptron.ipynb", "someone/deep-learning") in lecture
    assert links.install_source("someone/deep-learning") in lecture
    assignment = nbformat.read(copy / "assignments" / "a01_perceptron" / "a01_perceptron.ipynb", as_version=4)
    title = assignment.cells[0]
    assert links.colab_url("assignments/a01_perceptron/a01_perceptron.ipynb", "someone/deep-learning") in title.source
    assert title.metadata.nbgrader["checksum"] == compute_checksum(title), "Validate would take the title as edited"
    for path in [*copy.rglob("*.ipynb"), copy / "README.md", copy / "pyproject.toml"]:
        assert f"github/{links.repository()}/" not in path.read_text() or links.repository() == "someone/deep-learning"
    assert 'repository = "someone/deep-learning"' in (copy / "pyproject.toml").read_text()


def _colab_venv():
    """The stand-in for Colab: a virtual environment with COLAB_PACKAGES only (made when missing)."""
    python = COLAB_VENV / "bin" / "python"
    if not python.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(COLAB_VENV)], capture_output=True, text=True)
        installed = made.returncode == 0 and subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *COLAB_PACKAGES], capture_output=True, text=True,
            timeout=1800).returncode == 0
        if not installed:
            shutil.rmtree(COLAB_VENV, ignore_errors=True)
            pytest.skip(f"could not make the Colab stand-in {COLAB_VENV} (pip install {' '.join(COLAB_PACKAGES)}): "
                        "no registry or pip cache here")
    # what an earlier run installed goes, so that the install cell has the package to install
    subprocess.run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "deep-learning-course"],
                   capture_output=True, cwd=COLAB_VENV)
    probe = subprocess.run([str(python), "-c", "import course"], capture_output=True, cwd=COLAB_VENV)
    assert probe.returncode != 0, f"{COLAB_VENV} has the course package: not a stand-in for Colab"
    return python


_RUN = """\
import json, sys, nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=True,
               resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, sys.argv[1])
"""


@pytest.mark.full_only
def test_lecture_01_and_a01_run_on_a_colab_stand_in_from_the_install_cell(tmp_path):
    """A fresh environment with only Colab's packages: the first cell installs the course (from a local archive of
    this repository in place of the git URL, COURSE_INSTALL_FROM), then the lecture runs without error, and a01's
    student version fails only where the student has not answered yet."""
    python = _colab_venv()
    archive = tmp_path / "deep-learning-course"  # what a tagged archive of the repository holds for pip
    archive.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, archive / name)
    for package in ("course", "autograder"):
        shutil.copytree(ROOT / package, archive / package, ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "colab"
    work.mkdir()
    (work / "01_perceptron.ipynb").write_text(notebooks.notebook_text(ROOT / "sources/lectures/01_perceptron.py"))
    (work / "a01_perceptron.ipynb").write_text(
        notebooks.student_versions(ROOT / "solutions" / "a01_perceptron")["a01_perceptron.ipynb"])
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(COURSE_INSTALL_FROM=str(archive), PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}")
    times = {}
    for name in ("01_perceptron.ipynb", "a01_perceptron.ipynb"):
        start = time.perf_counter()
        subprocess.run([str(python), "-c", _RUN, str(work / name), str(work)], env=env, check=True, cwd=work,
                       timeout=1500)
        times[name] = time.perf_counter() - start
    lecture = nbformat.read(work / "01_perceptron.ipynb", as_version=4)
    first = "".join(output.get("text", "") for output in lecture.cells[1].outputs)
    assert first.startswith("Installed deep-learning-course") and str(archive) in first, first
    errors = [(cell.source[:80], output) for cell in lecture.cells for output in cell.get("outputs", [])
              if output.output_type == "error"]
    assert not errors, f"lecture 01 failed on the stand-in: {errors[:1]}"
    assignment = nbformat.read(work / "a01_perceptron.ipynb", as_version=4)
    names = {output.ename for cell in assignment.cells for output in cell.get("outputs", [])
             if output.output_type == "error"}
    assert names == {"NotImplementedError"}, f"a01's student version raised {names} on the stand-in"
    print(json.dumps({name: round(seconds, 1) for name, seconds in times.items()}))
