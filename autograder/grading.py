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

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from autograder.course import CourseFolder, NbgraderStepError

__all__ = ["GradingResult", "autograde_all", "pending_students"]


@dataclass
class GradingResult:
    """What happened to one submission: graded, or the reason it was not."""

    student: str
    error: str = ""

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
    submitted = sorted(p.parent.name for p in (folder.root / "submitted").glob(f"*/{assignment}") if p.is_dir())
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
    """Worker: autograde one submission with nbgrader; never raises."""
    try:
        CourseFolder(root, exchange).autograde(assignment, student)
        return GradingResult(student)
    except NbgraderStepError as error:
        return GradingResult(student, error.reason)
    except Exception as error:  # a worker must report, not crash the run
        return GradingResult(student, f"{type(error).__name__}: {error}")


def autograde_all(folder, assignment, students=None, workers=None, force=False, progress=True):
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
