"""`course-grade publish DEST`: the course as students get it, without solutions, hidden tests or grading.

This repository holds every solution and hidden test (``solutions/``): it stays private. What students clone, or
open on Binder, is the copy this writes to ``DEST``:

- ``lectures/``: the lecture notebooks (not their jupytext sources);
- ``assignments/``: the student versions of the assignments, as ``nbgrader generate_assignment`` makes them;
- ``course/``: the helper package every notebook imports;
- ``autograder/``: only what ``course-grade check`` runs (the check and the sandbox it runs notebooks in, found
  by following its imports), with ``course-grade`` pointing at the check;
- ``environment.yml`` and a ``pyproject.toml`` for Binder and pip, ``postBuild`` (Binder), a ``Makefile`` with
  ``setup``, ``lab`` and ``update``, ``START_HERE.md`` and a student ``README.md`` with its Binder badge.

Nothing of ``solutions/``, ``tests/``, the grading configuration (``nbgrader_config.py``), the instructor's
commands, the exchange or the gradebook is copied. The copy is written from files, not from git, so run
``make notebooks`` first when a source changed.

The students' repository comes from ``[tool.course] repository`` in ``pyproject.toml`` (``autograder/links.py``),
the one place the notebooks' Colab badges and install cell take it from too; ``--repo`` gives another, and then the
copied notebooks' links are moved to it.
"""

import ast
import re
import shutil
from pathlib import Path

from autograder import links

__all__ = ["check_modules", "publish"]

ROOT = Path(__file__).resolve().parent.parent
#: Copied as they are.
FILES = ["environment.yml", "START_HERE.md", ".gitattributes", "postBuild"]
STUDENT_MAKEFILE = """\
# make lab: sets up .venv here (Python 3.11+) and opens JupyterLab on the course at START_HERE.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
LAB_SETTINGS := {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}}}

.PHONY: setup lab update
$(STAMP):
\t$(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet -e .
\ttouch $@

setup: $(STAMP)
\t@$(BIN)/python course/quiet_tensorflow.py >/dev/null
\t@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \\
\t\tgit config filter.course-notebook.clean "$(PYTHON) course/strip_outputs.py"; fi
\t@mkdir -p $(VENV)/share/jupyter/lab/settings
\t@echo '$(LAB_SETTINGS)' > $(VENV)/share/jupyter/lab/settings/overrides.json

lab: setup
\t$(BIN)/jupyter lab --ip=127.0.0.1 --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) \\
\t\t--LabApp.default_url=/lab/tree/START_HERE.md "--ContentsManager.hide_globs=['__pycache__','*.egg-info']"

# The new version of the course: notebooks you only ran update (git sees them unchanged); your code is merged.
update: setup
\tgit add -u lectures assignments && git pull
"""
GITIGNORE = ".venv/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n"


def _imports(path):
    """Names of the ``autograder`` modules that the module at ``path`` imports, runs or reads by file name.

    Besides import statements, string constants (not docstrings) that name a module: ``"-m", "autograder.judge"``
    or ``with_name("kernel_agent.py")``.
    """
    tree = ast.parse(path.read_text())
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            names |= set(re.findall(r"\bautograder\.(\w+)", node.value)) | set(re.findall(r"^(\w+)\.py$", node.value))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "autograder":
            parts = node.module.split(".")
            names |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("autograder.")}
    return {name for name in names if (path.parent / f"{name}.py").is_file()}


def check_modules(package=ROOT / "autograder"):
    """The modules of ``autograder`` that ``course-grade check`` needs: ``check`` and what it uses, in turn."""
    needed, todo = set(), ["__init__", "check"]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo += sorted(_imports(package / f"{name}.py"))
    return sorted(needed)


def _pyproject(root):
    """The course's pyproject.toml, with ``course-grade`` running the students' check."""
    text = (root / "pyproject.toml").read_text()
    text, count = re.subn(r'^course-grade = "autograder\.cli:main"$', 'course-grade = "autograder.check:main"', text,
                          flags=re.M)
    if count != 1:
        raise ValueError("pyproject.toml has no line `course-grade = \"autograder.cli:main\"` to point at the check.")
    return text


def _readme(root, repo):
    start = (root / "START_HERE.md").read_text().split("\n", 1)[1]
    badge = f"[![Binder](https://mybinder.org/badge_logo.svg)]({links.binder_url(repo)})"
    return (f"# Deep learning, from the perceptron to GANs\n\n{badge} (opens the course in your browser, nothing to "
            "install)\n\nOn your own machine, with Python 3.11+ and `make`: `git clone` this repository, then "
            "`make lab` sets up `.venv` here and opens JupyterLab on the start page.\n" + start)


def _copy_ignoring(source, target, *patterns):
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", *patterns))


def _retarget(path, repo, configured):
    """Move the Colab and install links of the notebook at ``path`` to ``repo``.

    A locked cell that changes (an assignment's title cell, with its badge) gets its nbgrader checksum anew, so that
    nbgrader's *Validate* does not take it for a cell the student edited.
    """
    import nbformat
    from nbgrader.utils import compute_checksum

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        source = links.retarget(cell.source, repo, configured)
        if source != cell.source:
            cell.source = source
            if "checksum" in cell.metadata.get("nbgrader", {}):
                cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
    nbformat.write(notebook, path)


def publish(dest, root=ROOT, repo=None):
    """Write the students' copy of the course at ``root`` to ``dest`` (a new or empty folder); return ``dest``.

    ``repo`` is the students' repository's GitHub path, for the Binder badge of its README and the notebooks' Colab
    badges and install cell (default: ``[tool.course] repository`` of ``root``'s ``pyproject.toml``).
    """
    configured = links.repository(root)
    repo = repo or configured
    dest, root = Path(dest).resolve(), Path(root).resolve()
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty; give a new folder (the copy is written whole, never merged).")
    if dest == root or root in dest.parents:
        raise ValueError(f"{dest} is inside the course; give a folder outside it.")
    dest.mkdir(parents=True, exist_ok=True)
    _copy_ignoring(root / "lectures", dest / "lectures", "*.py")
    _copy_ignoring(root / "assignments", dest / "assignments", "*.py")
    if repo != configured:
        for notebook in [*(dest / "lectures").rglob("*.ipynb"), *(dest / "assignments").rglob("*.ipynb")]:
            _retarget(notebook, repo, configured)
    _copy_ignoring(root / "course", dest / "course")
    (dest / "autograder").mkdir()
    for name in check_modules(root / "autograder"):
        shutil.copy2(root / "autograder" / f"{name}.py", dest / "autograder" / f"{name}.py")
    for name in FILES:
        if (root / name).exists():
            shutil.copy2(root / name, dest / name)
    (dest / "pyproject.toml").write_text(_pyproject(root).replace(f'repository = "{configured}"',
                                                                   f'repository = "{repo}"'))
    (dest / "README.md").write_text(_readme(root, repo))
    (dest / "Makefile").write_text(STUDENT_MAKEFILE)
    (dest / ".gitignore").write_text(GITIGNORE)
    return dest
