"""`course-grade check NOTEBOOK`: a student's dry run of autograding.

It runs the notebook top to bottom in a fresh kernel, in the same sandbox and
with the same honesty rules as autograding (:mod:`autograder.sandbox`), with
the visible test cells restored from the released version exactly as autograding restores them
(an edited or emptied test cell counts for nothing), and says which parts pass
by nbgrader's own rule (:func:`nbgrader.utils.determine_grade`, with the
course's stderr fix). Hidden tests run only when the work is graded, so a pass
here is necessary, not sufficient.

Your own notebook runs unconfined where this machine has no sandbox (a laptop
without bubblewrap); someone else's (a file another user owns) only in the
sandbox, or with ``--unconfined``.
"""

import copy
import os
from pathlib import Path

import nbformat
from nbgrader.utils import determine_grade, is_grade, is_locked, is_solution

from autograder.preprocessors import keep_stderr_as_text

__all__ = ["CheckError", "PartResult", "check_notebook", "main", "released_notebook"]

#: The course folder: its assignments/ holds the released notebooks (also in the students' copy, `publish`).
ROOT = Path(__file__).resolve().parent.parent


class CheckError(ValueError):
    """The notebook cannot be checked; the message says what to do."""


class PartResult:
    """One graded test cell: its grade_id, points and the first line of its failure."""

    def __init__(self, grade_id, score, max_score, message=""):
        self.grade_id, self.score, self.max_score, self.message = grade_id, score, max_score, message

    @property
    def passed(self):
        return self.score == self.max_score


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def released_notebook(path, release_root=ROOT / "assignments"):
    """The released (student) version of the notebook at ``path``, found by file name."""
    matches = sorted(Path(release_root).glob(f"*/{Path(path).name}"))
    if len(matches) != 1:
        names = ", ".join(sorted(p.name for p in Path(release_root).glob("*/*.ipynb")))
        raise CheckError(f"No released assignment has a notebook called {Path(path).name!r}; keep the file name "
                         f"you downloaded (one of: {names}).")
    return matches[0]


def _read(path):
    if Path(path).is_dir():
        inside = sorted(str(p) for p in Path(path).glob("*.ipynb"))
        raise CheckError(f"{path} is a folder, not a notebook; give the notebook's path"
                         + (f": {', '.join(inside)}." if inside else " (this folder holds no .ipynb file)."))
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise CheckError(f"{path} does not exist; give the path of your assignment notebook.") from None
    except Exception as error:
        raise CheckError(f"{path} is not a readable notebook ({type(error).__name__}); restore it from "
                         "File > Revert Notebook to Checkpoint, or download the assignment again.") from None


def restore_locked_cells(notebook, release):
    """Put back the released source of every locked cell, as nbgrader's autograding does. Return missing ids."""
    locked = {_grade_id(c): c for c in release.cells
              if _grade_id(c) and (is_locked(c) or (is_grade(c) and not is_solution(c)))}
    present = set()
    for index, cell in enumerate(notebook.cells):
        original = locked.get(_grade_id(cell))
        if original is not None:  # source, cell type and metadata as released
            notebook.cells[index] = copy.deepcopy(original)
            present.add(_grade_id(cell))
    return sorted(set(locked) - present)


def check_notebook(path, release_root=ROOT / "assignments", timeout=300, progress=True, unconfined=False):
    """Run ``path`` as autograding would and grade its visible test cells.

    ``unconfined`` allows running someone else's notebook without the sandbox where the machine has none.

    Returns
    -------
    list of PartResult, list of str
        One result per graded test cell, and the grade_ids of test cells missing from the notebook.
    """
    path = Path(path)
    notebook, release = _read(path), _read(released_notebook(path, release_root))
    missing = restore_locked_cells(notebook, release)
    from tqdm.auto import tqdm

    from autograder.sandbox import ENABLE_HINT, ContainedExecute, confinement_problem

    problem = confinement_problem()
    if problem and not unconfined and path.stat().st_uid != os.getuid():
        raise CheckError(f"{path} belongs to another user and this machine cannot confine its kernel ({problem}): "
                         f"{ENABLE_HINT}.")

    class Checked(ContainedExecute):
        def preprocess_cell(self, cell, resources, index):
            try:
                return super().preprocess_cell(cell, resources, index)
            finally:
                bar.update(1)

    bar = tqdm(total=len(notebook.cells), desc=f"running {path.name}", unit="cell", disable=not progress)
    try:
        Checked(timeout=timeout, kernel_name="python3", unconfined=bool(problem)).preprocess(
            notebook, {"metadata": {"path": str(path.parent.resolve())}})
    finally:
        bar.close()
    results = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell):
            score, max_score = determine_grade(keep_stderr_as_text(cell))
            errors = [o for o in cell.outputs if o.output_type == "error"]
            message = f"{errors[0].ename}: {errors[0].evalue}".splitlines()[0][:300] if errors else ""
            results.append(PartResult(_grade_id(cell), score, max_score, message))
    return results, missing


def report(results, missing):
    """The check's printout, and the exit status: 0 when every visible test passes."""
    lines = [f"{'PASS' if r.passed else 'FAIL'}  {r.grade_id:<28} {r.score:g}/{r.max_score:g}"
             + (f"  {r.message}" if r.message else "") for r in results]
    lines += [f"MISSING  {grade_id}: this test cell was deleted; autograding gives it 0" for grade_id in missing]
    passed = sum(r.passed for r in results)
    deleted = f" ({len(missing)} deleted)" if missing else ""
    lines.append(f"{passed} of {len(results) + len(missing)} visible tests pass{deleted}. Hidden tests run when your "
                 "work is graded: passing here is necessary, not sufficient.")
    return "\n".join(lines), int(passed < len(results) or bool(missing))


def main(argv=None):
    """``course-grade check NOTEBOOK`` where the course is a student's copy (``course-grade publish``)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="course-grade", description="Check an assignment as autograding will.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="run NOTEBOOK's visible tests as autograding will; say which pass")
    check.add_argument("notebook", metavar="NOTEBOOK", type=Path)
    check.add_argument("--unconfined", action="store_true", help="run another user's notebook without the sandbox")
    args = parser.parse_args(argv)
    try:
        text, status = report(*check_notebook(args.notebook, unconfined=args.unconfined))
    except CheckError as error:
        print(f"course-grade check: {error}", file=sys.stderr)
        return 2
    print(text)
    return status
