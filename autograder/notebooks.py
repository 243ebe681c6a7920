"""Generate the course's notebooks from their hand-edited sources.

Every notebook has one source in jupytext's percent format (``*.py``):
``sources/lectures/NN_name.py`` (out of the students' way) and ``solutions/aNN_name/aNN_name.py``. From them:

* ``lectures/NN_name.ipynb`` and ``solutions/aNN_name/aNN_name.ipynb``
  (jupytext, without outputs, with stable cell ids), and
* ``assignments/aNN_name/*.ipynb``, the student versions, made by
  ``nbgrader generate_assignment`` in a throw-away course directory.

Every notebook also gets, from here and not from its source, what a reader on GitHub or Colab needs: an
"Open in Colab" badge at the end of its first markdown cell (the student version's notebook, for an assignment), and
an ordinary code cell after it that installs the course's helper package where it is missing (Colab) and does
nothing where it is installed. Both take the repository from ``autograder/links.py``. In an assignment the install
cell is a plain cell without nbgrader metadata: nbgrader releases it as it is, grades nothing in it, and in the
grading sandbox (where ``course`` is installed) it does nothing.

``python -m autograder.notebooks`` writes them; ``--check`` only reports
files that are out of date (and exits 1), which is what the tests run.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

from autograder import links

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
#: The install cell; {source} is links.install_source(). COURSE_INSTALL_FROM (a folder or an archive) replaces it,
#: for a test without the network. --no-deps: the libraries the notebooks use are those Colab preinstalls, and the
#: course's own pins (JupyterLab, nbgrader) would replace Colab's Jupyter.
INSTALL_CELL = """\
# On Colab (or wherever the course's helper package is missing) this installs it; elsewhere it does nothing.
import importlib.util

if importlib.util.find_spec("course") is None:
    import importlib.metadata, os, subprocess, sys
    source = os.environ.get("COURSE_INSTALL_FROM", "{source}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", source], check=True)
    importlib.invalidate_caches()
    print(f"Installed deep-learning-course {{importlib.metadata.version('deep-learning-course')}} from {{source}}")"""


def sources(root=ROOT):
    """All notebook sources: lectures first, then the assignments' solution notebooks."""
    return sorted((root / "sources" / "lectures").glob("[0-9]*.py")) + sorted((root / "solutions").glob("a*/a*.py"))


def notebook_of(source):
    """Where the notebook made from ``source`` goes: ``lectures/`` for a lecture, beside it for a solution."""
    source = Path(source)
    if source.parent.name == "lectures" and source.parent.parent.name == "sources":
        return source.parent.parent.parent / "lectures" / source.with_suffix(".ipynb").name
    return source.with_suffix(".ipynb")


def published_path(source):
    """The path, in the students' repository, of the notebook a reader opens for ``source``.

    A lecture's notebook; for an assignment, its student version (never the solution).
    """
    source = Path(source)
    if source.parent.parent.name == "solutions":
        return Path("assignments") / source.parent.name / source.with_suffix(".ipynb").name
    return Path("lectures") / source.with_suffix(".ipynb").name


def add_colab(notebook, path):
    """Add the Colab badge (end of the first markdown cell) and the install cell (after it) to ``notebook``."""
    first = next((cell for cell in notebook.cells if cell.cell_type == "markdown"), None)
    if first is None:  # a notebook without a title (a test's made-up one): nothing to put the badge in; the
        return         # course's own all have one (tests/test_site.py checks every one has its badge)
    first.source = first.source.rstrip() + f"\n\n[![Open In Colab]({COLAB_BADGE})]({links.colab_url(path)})"
    cell = nbformat.v4.new_code_cell(INSTALL_CELL.format(source=links.install_source()))
    cell.id = "colab-install"
    notebook.cells.insert(notebook.cells.index(first) + 1, cell)


def notebook_text(source):
    """The .ipynb text generated from one jupytext source: no outputs, stable ids, the Colab badge and install cell."""
    notebook = jupytext.read(source)
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("lines_to_next_cell", None)
    add_colab(notebook, published_path(source))
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def student_versions(assignment_dir):
    """Run nbgrader generate_assignment on one assignment; return {file name: notebook text}."""
    from autograder.course import CourseFolder

    with tempfile.TemporaryDirectory() as tmp:
        folder = CourseFolder(Path(tmp))
        folder.add_source(assignment_dir, notebooks_from=notebook_text)
        released = folder.generate(assignment_dir.name)
        return {path.name: path.read_text() for path in sorted(released.glob("*.ipynb"))}


def expected_files(root=ROOT, only=None):
    """Every generated file and the text it must have, as {path: text}.

    ``only`` restricts this to some sources (paths of ``*.py`` files).
    """
    chosen = sources(root) if only is None else [Path(path).resolve() for path in only]
    expected = {notebook_of(source): notebook_text(source) for source in chosen}
    for assignment_dir in sorted({source.parent for source in chosen if source.parent.parent.name == "solutions"}):
        for name, text in student_versions(assignment_dir).items():
            expected[root / "assignments" / assignment_dir.name / name] = text
    return expected


def stale_files(root=ROOT):
    """Generated files that are missing or differ from what their source makes."""
    return [path for path, text in expected_files(root).items()
            if not path.exists() or path.read_text() != text]


def build(root=ROOT, only=None):
    """Write every generated notebook (or those of ``only``); return the paths that changed."""
    changed = []
    for path, text in expected_files(root, only).items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date notebooks")
    parser.add_argument("sources", nargs="*", help="build only these .py sources (default: all)")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run `make notebooks`)")
        return 1 if stale else 0
    for path in build(only=args.sources or None):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
