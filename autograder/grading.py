"""Parallel autograding on nbgrader (nbgrader issue #174: it grades one submission at a time).

Each submission is autograded by nbgrader's own ``autograde`` in a worker
process, so each runs in its own kernel; ``--workers`` processes run at once.

Why the gradebook stays consistent: nbgrader opens short database sessions
(one when the submission starts, one when its grades are saved), never one
across the execution of a notebook. With SQLite, concurrent writers wait for
each other's lock; the course's default ``db_url`` gives them 60 seconds
(``?timeout=60``) instead of SQLite's 5, so no worker fails with "database is
locked". A PostgreSQL ``db_url`` needs nothing of this.

Why an interrupted run loses nothing: nbgrader removes the autograded folder
of a submission whose grading fails or is interrupted (KeyboardInterrupt
included), and a submission counts as graded only when nbgrader's
:meth:`~nbgrader.apps.NbGraderAPI.get_autograded_students` says so *and* every
notebook of it was written to ``autograded/``, which happens last. Running the
command again grades exactly the submissions that are missing.
"""

import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import nbformat

from autograder.course import CourseFolder, NbgraderStepError

__all__ = ["GradingResult", "autograde_all", "pending_students"]


@dataclass
class GradingResult:
    """What happened to one submission: graded, or the reason it was not."""

    student: str
    error: str = ""
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.error


def pending_students(folder, assignment, students=None, force=False):
    """Students whose submission of ``assignment`` still has to be autograded.

    Parameters
    ----------
    folder : CourseFolder
    assignment : str
    students : iterable of str, optional
        Restrict to these students (default: everyone who submitted).
    force : bool
        Regrade submissions that are already graded.
    """
    submitted = folder.submitted_students(assignment)
    if students:
        unknown = sorted(set(students) - set(submitted))
        if unknown:
            raise ValueError(f"No submission of {assignment} from {', '.join(unknown)} in "
                             f"{folder.root / 'submitted'}; run `course-grade collect {assignment}` first.")
        submitted = sorted(set(students))
    if force:
        return submitted
    done = folder.api.get_autograded_students(assignment)
    return [s for s in submitted if s not in done or not _all_notebooks_written(folder, assignment, s)]


def _all_notebooks_written(folder, assignment, student):
    names = {p.name for p in (folder.root / "submitted" / student / assignment).glob("*.ipynb")}
    written = {p.name for p in (folder.root / "autograded" / student / assignment).glob("*.ipynb")}
    return names <= written


def _grade_one(root, exchange, assignment, student):
    """Worker: repair what nbgrader cannot read, autograde one submission, log it; never raises."""
    folder, notes = CourseFolder(root, exchange), []
    try:
        notes = prepare_submission(folder, assignment, student)
        folder.autograde(assignment, student)
        result = GradingResult(student, notes=notes)
    except NbgraderStepError as error:
        result = GradingResult(student, error.reason, notes)
    except Exception as error:  # a worker must report, not crash the run
        result = GradingResult(student, f"{type(error).__name__}: {error}", notes)
    with open(folder.root / "autograde_log.jsonl", "a") as log:  # one short line per run: O_APPEND keeps lines whole
        log.write(json.dumps({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "assignment": assignment,
                              "student": student, "error": result.error, "notes": result.notes}) + "\n")
    return result


def _grade_ids(notebook):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")]


def prepare_submission(folder, assignment, student):
    """Make a submission gradable by nbgrader, keeping the original; return notes on what was done.

    * a notebook with another file name, when it is the only one, is renamed to the expected name;
    * a file that is not a readable notebook, or a notebook of another assignment (none of this
      assignment's cells), is graded as the released, empty version: 0 points, the reason noted;
    * a cell that appears twice (same grade_id, nbgrader issues #1941, #1083) keeps its place,
      and its copy becomes an ordinary cell.

    Originals are kept in ``submitted/<student>/<assignment>/originals/``.
    """
    submitted = folder.root / "submitted" / student / assignment
    released = folder.release_dir / assignment
    expected = {p.name: nbformat.read(p, as_version=4) for p in sorted(released.glob("*.ipynb"))}
    present = sorted(p.name for p in submitted.glob("*.ipynb"))
    notes = []
    if len(expected) == 1 and len(present) == 1 and present[0] not in expected:
        (name,) = expected
        _keep_original(submitted, present[0])
        (submitted / present[0]).rename(submitted / name)
        notes.append(f"renamed {present[0]} to {name}")
    for name, release in expected.items():
        path = submitted / name
        if not path.exists():
            continue
        try:
            notebook = nbformat.read(path, as_version=4)
            ours, theirs = set(_grade_ids(release)), set(_grade_ids(notebook))
            # a notebook of another assignment: cells this one does not have, and not half of its own
            foreign = theirs - ours and len(theirs & ours) < len(ours) / 2
            problem = f"it holds the cells of another assignment, not of {assignment}" if foreign else None
        except Exception as error:  # nbformat raises several kinds for unreadable files
            problem = f"it is not a readable notebook ({type(error).__name__})"
        if problem:
            _keep_original(submitted, name)
            nbformat.write(release, path)
            notes.append(f"{name} was graded as an empty submission: {problem}")
            continue
        seen, duplicates = set(), []
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in seen:
                duplicates.append(grade_id)
                del cell.metadata["nbgrader"]
            seen.add(grade_id)
        if duplicates:
            _keep_original(submitted, name)
            nbformat.write(notebook, path)
            notes.append(f"{name}: the copies of {', '.join(sorted(set(duplicates)))} were run as ordinary cells")
    return notes


def _keep_original(folder, name):
    originals = folder / "originals"
    originals.mkdir(exist_ok=True)
    if not (originals / name).exists():
        shutil.copy2(folder / name, originals / name)


def autograde_all(folder, assignment, students=None, workers=None, force=False, progress=True, unconfined=False):
    """Autograde every pending submission of ``assignment``, ``workers`` at a time.

    Parameters
    ----------
    folder : CourseFolder
    assignment : str
    students : iterable of str, optional
        Only these students (default: all who submitted).
    workers : int, optional
        Parallel submissions; default: the number of CPU cores.
    force : bool
        Regrade submissions that are already graded.
    progress : bool
        Show a progress bar.
    unconfined : bool
        Run kernels without containment where the OS offers none (only for notebooks you trust).

    Returns
    -------
    list of GradingResult
        One per submission graded in this run, in the order they finished.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"--workers must be at least 1, got {workers}.")
    todo = pending_students(folder, assignment, students, force)
    if not todo:
        return []
    from tqdm.auto import tqdm

    exchange = folder.config.Exchange.root if "root" in folder.config.Exchange else None
    results = []
    bar = tqdm(total=len(todo), desc=f"autograding {assignment}", unit="submission", disable=not progress)
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no state shared with this one
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context) as pool:
        futures = [pool.submit(_grade_one, str(folder.root), exchange, assignment, s) for s in todo]
        try:
            for future in as_completed(futures):
                results.append(future.result())
                bar.update(1)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            bar.close()
    return results
