"""Parallel autograding on nbgrader (nbgrader issue #174: it grades one submission at a time).

Each submission is autograded by nbgrader's own ``autograde`` in a worker
process (``python -m autograder.grading --serve``, reused for the next
submission), whose kernel runs in the sandbox (:mod:`autograder.sandbox`);
``--workers`` of them run at once.

Why one submission cannot stop the run: a worker that dies, is killed or
outlives its time (the notebook's budget plus start-up) costs only its own
submission; it is tried once more, and a submission that broke its worker
twice is recorded as not graded, with the reason, in the summary and in
``autograde_log.jsonl``. The kernel dies with its worker (bubblewrap's
``--die-with-parent``), so no process of a submission outlives its grading.

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

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from autograder import jail
from autograder.course import CourseFolder, NbgraderStepError
from autograder.judge_server import ONE_THREAD as THREAD_POOL_VARIABLES
from autograder.names import printable, valid_student_id

__all__ = ["GradingResult", "autograde_all", "pending_students"]


@dataclass
class GradingResult:
    """What happened to one submission: graded, or the reason it was not."""

    student: str
    error: str = ""
    notes: list = field(default_factory=list)
    seconds: float = 0.0
    detail: str = ""  # the end of nbgrader's log when it failed, for the instructor
    worker_mb: float = 0.0  # the peak resident memory of the worker process that graded it, as far as seen

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

    A folder in ``submitted/`` whose name is not a plain student id (:func:`autograder.names.valid_student_id`:
    ``*`` would be a glob to nbgrader, regrading everyone) is never pending: :func:`invalid_students` lists it.
    """
    submitted = [s for s in folder.submitted_students(assignment) if valid_student_id(s)]
    if students:
        unknown = sorted(set(students) - set(submitted))
        if unknown:
            raise ValueError(f"No submission of {assignment} from {', '.join(map(printable, unknown))} in "
                             f"{folder.root / 'submitted'}; run `course-grade collect {assignment}` first "
                             "(a student id is a plain name: letters, digits, '.', '_', '@', '-').")
        submitted = sorted(set(students))
    if force:
        return submitted
    done = folder.api.get_autograded_students(assignment)
    return [s for s in submitted if s not in done or not _all_notebooks_written(folder, assignment, s)]


def invalid_students(folder, assignment):
    """Folders of ``submitted/`` with a submission of ``assignment`` whose name is not a plain student id."""
    return [s for s in folder.submitted_students(assignment) if not valid_student_id(s)]


def _all_notebooks_written(folder, assignment, student):
    names = {p.name for p in (folder.root / "submitted" / student / assignment).glob("*.ipynb")}
    written = {p.name for p in (folder.root / "autograded" / student / assignment).glob("*.ipynb")}
    return names <= written


def _grade_ids(notebook):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")]


def prepare_submission(folder, assignment, student):
    """Make a submission gradable by nbgrader, keeping the original; return notes on what was done.

    * a notebook with another file name, when it is the only one, is renamed to the expected name;
    * a file that is not a readable notebook, or a notebook of another assignment (none of this
      assignment's cells), is graded as the released, empty version: 0 points, the reason noted;
    * each cell gets the grading flags, points and type the release gives its grade_id; a copy of a cell
      (same grade_id, nbgrader issues #1941, #1083) or a graded cell the release does not have becomes an
      ordinary cell (cells without nbgrader metadata, a student's own, are left alone);
    * anything that is not a regular file or folder (a link, a fifo, a device) is removed, and notebooks
      that are not part of the assignment are set aside, ungraded.

    Originals are kept in ``submitted/<student>/<assignment>/originals/``.
    """
    submitted = folder.root / "submitted" / student / assignment
    released = folder.release_dir / assignment
    expected = {p.name: nbformat.read(p, as_version=4) for p in sorted(released.glob("*.ipynb"))}
    notes = _remove_special_files(submitted)
    present = sorted(p.name for p in submitted.glob("*.ipynb"))
    if len(expected) == 1 and len(present) == 1 and present[0] not in expected:
        (name,) = expected
        _keep_original(submitted, present[0])
        (submitted / present[0]).rename(submitted / name)
        notes.append(f"renamed {present[0]} to {name}")
    for extra in sorted(set(p.name for p in submitted.glob("*.ipynb")) - set(expected)):
        _keep_original(submitted, extra)
        (submitted / extra).unlink()
        notes.append(f"{extra} is not part of {assignment}: set aside in originals/, not graded")
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
        if _kernel(notebook) != _kernel(release):  # a renamed kernel (its display name is JupyterLab's to choose)
            notebook.metadata["kernelspec"] = release.metadata.get("kernelspec")
            _keep_original(submitted, name)
            nbformat.write(notebook, path)
            notes.append(f"{name}: run with the course's kernel ({release.metadata.kernelspec.get('name')})")
        changes = _restore_cell_definitions(notebook, release)
        if changes:
            _keep_original(submitted, name)
            nbformat.write(notebook, path)
            notes += [f"{name}: {change}" for change in changes]
    return notes


#: The nbgrader flags that decide how a cell is graded; the release's, not the submission's, count.
FLAGS = ("grade", "solution", "locked", "task", "points")


def _restore_cell_definitions(notebook, release):
    """Give each cell of ``notebook`` the grading definition the release gives its grade_id, in place; return what
    was changed, as sentences.

    nbgrader raises on a submission whose cells say something else than the release (a test cell marked as an
    answer or as ungraded, an answer marked as graded, a graded cell the release does not have), and the whole
    submission ends "not graded". Here the release decides: a cell keeps its place and its source, and gets the
    release's flags, points and type; a cell with a grade_id the release does not have, or a second copy of one
    (nbgrader issues #1941, #1083), becomes an ordinary cell. nbgrader then restores the test cells' sources from
    the gradebook as usual.
    """
    defined = {c.metadata["nbgrader"]["grade_id"]: c for c in release.cells
               if isinstance(c.metadata.get("nbgrader", {}).get("grade_id"), str)}
    seen, duplicates, unknown, restored = set(), [], [], []
    for index, cell in enumerate(notebook.cells):
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if not isinstance(grade_id, str) or grade_id not in defined or grade_id in seen:
            (duplicates if grade_id in seen else unknown).append(str(grade_id)[:80])
            del cell.metadata["nbgrader"]
            continue
        seen.add(grade_id)
        ours = defined[grade_id]
        flags = {key: ours.metadata["nbgrader"].get(key) for key in FLAGS}
        if {key: meta.get(key) for key in FLAGS} == flags and cell.cell_type == ours.cell_type:
            continue
        restored.append(grade_id)
        cell.metadata["nbgrader"] = dict(ours.metadata["nbgrader"])
        if cell.cell_type != ours.cell_type:
            make = nbformat.v4.new_code_cell if ours.cell_type == "code" else nbformat.v4.new_markdown_cell
            notebook.cells[index] = make(source=cell.source, metadata=cell.metadata, id=cell.get("id") or None)
    changes = []
    if restored:
        changes.append(f"the cells {', '.join(restored)} were graded as the release defines them (their grading "
                       "flags, points or type had been changed)")
    if duplicates:
        changes.append(f"the copies of {', '.join(sorted(set(duplicates)))} were run as ordinary cells")
    if unknown:
        changes.append(f"the cells marked {', '.join(sorted(set(unknown)))}, which the release does not have, were "
                       "run as ordinary cells")
    return changes


def _kernel(notebook):
    """What decides how a notebook runs: its kernel's name and language (not the display name JupyterLab writes)."""
    spec = notebook.metadata.get("kernelspec") or {}
    language = spec.get("language") or (notebook.metadata.get("language_info") or {}).get("name")
    return spec.get("name"), language


def _remove_special_files(folder):
    """Remove links, fifos, sockets and devices under ``folder`` (without following any); return notes."""
    notes = []
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in folders + files:
            path = os.path.join(parent, name)
            mode = os.lstat(path).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                os.unlink(path)
                notes.append(f"removed {os.path.relpath(path, folder)}: not a regular file")
        folders[:] = [f for f in folders if os.path.isdir(os.path.join(parent, f))]
    return notes


def _keep_original(folder, name):
    originals = folder / "originals"
    originals.mkdir(exist_ok=True)
    if not (originals / name).exists():
        shutil.copy2(folder / name, originals / name)



def grade_in_this_process(root, exchange, assignment, student, unconfined=False):
    """Repair what nbgrader cannot read, then autograde one submission; never raises."""
    start = time.perf_counter()
    folder, notes = CourseFolder(root, exchange, unconfined=unconfined), []
    if not valid_student_id(student):  # nbgrader takes a student id as a glob: `*` would regrade everyone
        return GradingResult(student, "its student id is not a plain name; it was not graded")
    try:
        notes = prepare_submission(folder, assignment, student)
        folder.autograde(assignment, student)
        result = GradingResult(student, notes=notes)
    except NbgraderStepError as error:
        result = GradingResult(student, error.reason, notes, detail="\n".join(str(error).splitlines()[-40:]))
    except Exception as error:  # a worker must report, not crash
        result = GradingResult(student, f"{type(error).__name__}: {error}", notes)
    result.seconds = time.perf_counter() - start
    return result


def _time_limit(folder):
    """Seconds a submission may take: the notebook's budget, kernel start-up and nbgrader's own steps."""
    execute = folder.config.ContainedExecute
    budget = execute.notebook_budget if "notebook_budget" in execute else 1800
    startup = folder.config.Execute.startup_timeout if "startup_timeout" in folder.config.Execute else 180
    return float(budget) + float(startup) + 300


def cores_each(side_by_side):
    """The machine's cores shared out among ``side_by_side`` processes that run at once, at least one each."""
    return max(1, (os.cpu_count() or 1) // max(1, side_by_side))


def thread_environment(side_by_side):
    """The BLAS and OpenMP thread counts for ``side_by_side`` kernels that run at once: the machine's cores shared
    out among them, at least one each; a count already in the environment wins.

    Left alone, each kernel's OpenBLAS starts a thread per core, and its threads spin, waiting for work, while the
    other kernels hold those cores: lecture 17 (scikit-learn's RBM) took 16.5 s of CPU beside lecture 15 with two
    threads, 12.9 s with one, for the same results.
    """
    return {name: str(cores_each(side_by_side)) for name in THREAD_POOL_VARIABLES if name not in os.environ}


class _Worker:
    """A worker process that grades one submission after another (``python -m autograder.grading --serve``).

    It reads one JSON line per submission on its stdin and writes each result to ``<folder>/<n>.json``. It is
    reused (its imports cost seconds), and replaced when it dies, is killed, or has graded ``MAX_TASKS``.
    """

    MAX_TASKS = 25
    #: Resident memory of a worker process (not its kernels) past which it is stopped: a notebook's outputs are
    #: capped by the executor, so only a flaw could take a worker there, and it must not take the machine.
    MEMORY_MB = 3072

    def __init__(self, folder, assignment, scratch, unconfined, side_by_side=1):
        self.folder = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
        self.stderr = tempfile.TemporaryFile()  # a file, not a pipe: a chatty worker never blocks on it
        exchange = folder.config.Exchange.root if "root" in folder.config.Exchange else ""
        command = [sys.executable, "-m", "autograder.grading", "--serve", str(folder.root), assignment,
                   str(self.folder), "--exchange", str(exchange or "")] + (["--unconfined"] if unconfined else [])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=self.stderr, start_new_session=True, text=True,
                                        env={**os.environ, **thread_environment(side_by_side),
                                             jail.RUN_VARIABLE: str(scratch)})
        self.student, self.started, self.tasks, self.peak_mb = None, 0.0, 0, 0.0

    @property
    def idle(self):
        return self.student is None

    def give(self, student):
        self.student, self.started, self.tasks = student, time.monotonic(), self.tasks + 1
        self.process.stdin.write(json.dumps({"task": self.tasks, "student": student}) + "\n")
        self.process.stdin.flush()

    def finished(self, limit):
        """The result of the current submission once there is one (killing the worker past ``limit`` seconds)."""
        path = self.folder / f"{self.tasks}.json"
        if path.exists():
            result = GradingResult(**json.loads(path.read_text()))
            self.student = None
            return result
        memory = self.memory_mb()
        if self.process.poll() is None and time.monotonic() - self.started <= limit and memory <= self.MEMORY_MB:
            return None
        if self.process.poll() is None:
            self.kill()
            why = (f"its grading ran past {limit:g} s and was stopped" if memory <= self.MEMORY_MB else
                   f"its grading process needed more than {self.MEMORY_MB} MB of memory and was stopped")
            self.peak_mb = max(self.peak_mb, memory)
        else:
            code = self.process.returncode
            self.stderr.seek(0)
            tail = self.stderr.read().decode(errors="replace").strip().splitlines()
            why = (f"its grading process died ({f'signal {-code}' if code < 0 else f'exit status {code}'})"
                   + (f": {tail[-1][:200]}" if tail else ""))
        result, self.student = GradingResult(self.student, why), None
        return result

    def memory_mb(self):
        """The worker's resident memory in MB (0 once it is gone); its peak so far is kept in ``peak_mb``."""
        try:
            import psutil

            memory = psutil.Process(self.process.pid).memory_info().rss / 2**20
        except Exception:
            return 0
        self.peak_mb = max(self.peak_mb, memory)
        return memory

    @property
    def usable(self):
        return self.process.poll() is None and self.tasks < self.MAX_TASKS

    def stop(self, grace=10):
        """Stop the worker: an idle one is asked to exit first (its judge server then removes its sandbox)."""
        if self.idle and self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=grace)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()


def _log(folder, assignment, result):
    with open(folder.root / "autograde_log.jsonl", "a") as log:  # one writer: this process
        log.write(json.dumps({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "assignment": assignment,
                              "student": result.student, "error": result.error, "notes": result.notes,
                              "seconds": round(result.seconds, 1), "detail": result.detail}) + "\n")


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
        Where the OS cannot confine kernels, run them unconfined (only for notebooks you trust).

    Returns
    -------
    list of GradingResult
        One per submission graded in this run, in the order they finished.
    """
    from autograder.sandbox import ENABLE_HINT, confinement_problem

    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"--workers must be at least 1, got {workers}.")
    if not unconfined and confinement_problem():
        raise ValueError(f"this machine cannot confine a submission's kernel ({confinement_problem()}); "
                         f"{ENABLE_HINT}.")
    refused = [GradingResult(name, "its folder name is not a plain student id (letters, digits, '.', '_', '@', "
                                   "'-'); not graded: rename the folder in submitted/ to the student's id")
               for name in invalid_students(folder, assignment) if not students or name in students]
    for result in refused:
        _log(folder, assignment, result)
    wanted = [s for s in students if s not in {r.student for r in refused}] if students else None
    todo = pending_students(folder, assignment, wanted, force) if wanted != [] else []
    if not todo:
        return refused
    from tqdm.auto import tqdm

    queue, pool, results, broken = list(todo), [], [], {}
    side_by_side = min(workers, len(todo))
    limit = _time_limit(folder)
    bar = tqdm(total=len(todo), desc=f"autograding {assignment}", unit="submission", disable=not progress)
    scratch = jail.new_run()  # the workers' result files, their sandboxes' folders and cgroups
    try:
        while queue or any(not w.idle for w in pool):
            for worker in [w for w in pool if w.idle and not w.usable]:  # dead, or done its share
                worker.kill()
                pool.remove(worker)
            while queue and (len(pool) < workers or any(w.idle for w in pool)):
                worker = next((w for w in pool if w.idle), None)
                if worker is None:
                    worker = _Worker(folder, assignment, scratch, unconfined, side_by_side)
                    pool.append(worker)
                worker.give(queue.pop(0))
            time.sleep(0.05)
            for worker in pool:
                started = worker.started
                result = None if worker.idle else worker.finished(limit)
                if result is None:
                    continue
                result.seconds = result.seconds or time.monotonic() - started
                result.worker_mb = round(worker.peak_mb)
                if result.error.startswith("its grading") and broken.get(result.student, 0) == 0:
                    broken[result.student] = 1  # once more, in case the machine was to blame
                    queue.append(result.student)
                    continue
                if result.student in broken and result.error:
                    result.error += " (twice: recorded as not graded)"
                results.append(result)
                _log(folder, assignment, result)
                bar.update(1)
    finally:
        for worker in pool:  # done or interrupted: no worker, and so no kernel, outlives the run
            worker.stop()
        bar.close()
        jail.remove_run(scratch)  # what a killed worker's sandboxes left: their folders and cgroups
    return refused + results


def main(argv=None):
    """Worker entry point: grade the submissions named on stdin (JSON lines), one result file each."""
    parser = argparse.ArgumentParser(prog="python -m autograder.grading")
    parser.add_argument("--serve", action="store_true", required=True)
    for name in ("root", "assignment", "results"):
        parser.add_argument(name)
    parser.add_argument("--exchange", default="")
    parser.add_argument("--unconfined", action="store_true")
    args = parser.parse_args(argv)
    from autograder.cli import quiet_nbgrader

    quiet_nbgrader()
    for line in sys.stdin:
        task = json.loads(line)
        result = grade_in_this_process(args.root, args.exchange or None, args.assignment, task["student"],
                                       args.unconfined)
        path = Path(args.results) / f"{task['task']}.json"
        path.with_suffix(".tmp").write_text(json.dumps(asdict(result)))
        os.replace(path.with_suffix(".tmp"), path)  # whole or not at all
    return 0


if __name__ == "__main__":
    sys.exit(main())
