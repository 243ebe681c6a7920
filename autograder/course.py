"""A course directory driven through nbgrader's own API.

:class:`CourseFolder` is the one place where the tool talks to nbgrader:
it loads ``autograder/nbgrader_config.py``, points it at a course root (the
repository itself, or a temporary folder for the demo and the tests) and
calls :class:`nbgrader.apps.NbGraderAPI` for each step.
"""

import datetime
import os
import re
import shutil
import sys
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config, PyFileConfigLoader

CONFIG_FILE = Path(__file__).resolve().parent / "nbgrader_config.py"
#: Address space (MB) of a process that makes feedback, and the seconds it may take for one student.
FEEDBACK_MEMORY_MB, FEEDBACK_SECONDS = 3072, 600
#: How a feedback process starts the line of each student's status (nbgrader may print other lines).
FEEDBACK_LINE = "course-feedback: "

# nbgrader runs the `alembic` command of its environment to set up the gradebook:
# make sure this interpreter's scripts come first even when the venv is not activated.
_SCRIPTS = str(Path(sys.executable).parent)
if _SCRIPTS not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _SCRIPTS + os.pathsep + os.environ.get("PATH", "")


class NbgraderStepError(RuntimeError):
    """An nbgrader step reported failure; the message holds its log."""

    @property
    def reason(self):
        """The one-line why: the last exception a traceback in the log names, else the last line naming an error."""
        lines = [line.strip() for line in str(self).splitlines() if line.strip()]
        exceptions = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|Exit|Interrupt|Unavailable)\b.*:", line)]
        errors = [line for line in lines if "error" in line.lower() and "see the the above traceback" not in line
                  and "please see the above" not in line.lower()]
        return (exceptions or errors or lines or ["nbgrader failed"])[-1][:300]


def write_timestamp(folder):
    """``timestamp.txt`` in a submission folder, as ``nbgrader collect`` writes it (feedback release needs it)."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    (Path(folder) / "timestamp.txt").write_text(stamp)


def graded_score(grade):
    """A grade's score, or None while a manually graded part waits for its grader (nbgrader reports 0 then)."""
    if grade.auto_score is None and grade.manual_score is None:
        return None
    return grade.score


def course_config(root, exchange=None):
    """The course's nbgrader configuration, with its root (and exchange) moved.

    Parameters
    ----------
    root : path
        The course root: source, release, submitted, autograded and feedback
        folders and ``gradebook.db`` live under it.
    exchange : path, optional
        The exchange folder for release, fetch, submit and collect.

    The course's settings (``autograder/nbgrader_config.py``) come first; a
    ``nbgrader_config.py`` in another course root is read on top of them.
    """
    config = Config()
    config.merge(PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config())
    own = Path(root).resolve() / "nbgrader_config.py"
    if own.is_file():
        # a course's own settings (db_url for PostgreSQL, timeouts) come on top of the course defaults; this
        # repository's own file loads the defaults again, then whatever an instructor added to it
        config.merge(PyFileConfigLoader(own.name, path=str(own.parent)).load_config())
    config.CourseDirectory.root = str(Path(root).resolve())
    if "db_url" not in config.CourseDirectory:
        # SQLite, with parallel graders waiting up to 60 s for each other's write lock (SQLite's default is 5 s).
        config.CourseDirectory.db_url = f"sqlite:///{Path(root).resolve() / 'gradebook.db'}?timeout=60"
    if exchange is not None:
        config.Exchange.root = str(Path(exchange).resolve())
    return config


class CourseFolder:
    """One nbgrader course root and the steps run on it."""

    def __init__(self, root, exchange=None, unconfined=False):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.config = course_config(self.root, exchange)
        if unconfined:  # only for notebooks one trusts: where the OS cannot confine kernels, they run unconfined
            self.config.ContainedExecute.unconfined = True
        self.api = NbGraderAPI(config=self.config)

    @property
    def source_dir(self):
        return self.root / self.config.CourseDirectory.source_directory

    @property
    def release_dir(self):
        return self.root / self.config.CourseDirectory.release_directory

    def add_source(self, assignment_dir, notebooks_from=None):
        """Copy an assignment into the source folder.

        With ``notebooks_from`` (a function from a jupytext source to notebook
        text), the notebooks are generated from the ``*.py`` sources instead of
        copied, so a stale ``.ipynb`` in the repository cannot slip through.
        """
        assignment_dir = Path(assignment_dir)
        target = self.source_dir / assignment_dir.name
        shutil.copytree(assignment_dir, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if notebooks_from is not None:
            for source in target.glob("*.py"):
                source.with_suffix(".ipynb").write_text(notebooks_from(source))
        return target

    def _run(self, step, result):
        if not result.get("success"):
            raise NbgraderStepError(f"nbgrader {step} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}")
        return result

    def generate(self, assignment):
        """``nbgrader generate_assignment``; return the folder of student notebooks."""
        self._run("generate_assignment", self.api.generate_assignment(assignment, force=True, create=True))
        return self.release_dir / assignment

    def release(self, assignment):
        """``nbgrader release_assignment``: copy the student version to the exchange."""
        return self._run("release_assignment", self.api.release_assignment(assignment))

    def submitted_students(self, assignment):
        """Students with a folder in ``submitted/`` for ``assignment``, sorted."""
        return sorted(p.parent.name for p in (self.root / "submitted").glob(f"*/{assignment}") if p.is_dir())

    @property
    def exchange_dir(self):
        """This course's folder in nbgrader's exchange (``<exchange root>/<course id>``)."""
        from nbgrader.exchange.default.exchange import Exchange

        root = self.config.Exchange.root if "root" in self.config.Exchange else Exchange.root.default_value
        return Path(root) / self.api.coursedir.course_id

    def released_assignments(self):
        """Assignments students can fetch: those in the exchange's outbound folder, as nbgrader's formgrader sees."""
        outbound = self.exchange_dir / "outbound"
        return sorted(p.name for p in outbound.iterdir() if p.is_dir()) if outbound.is_dir() else []

    def ungraded_by_hand(self, assignment):
        """Students whose submission of ``assignment`` has a part to grade by hand (a written answer) not graded yet."""
        waiting = []
        with Gradebook(self.api.coursedir.db_url) as gradebook:
            for student in self.submitted_students(assignment):
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:  # not autograded yet
                    continue
                if any(graded_score(g) is None for notebook in submission.notebooks for g in notebook.grades):
                    waiting.append(student)
        return waiting

    def waiting_students(self, assignment):
        """Students whose newest submission of ``assignment`` in the exchange is not collected yet, sorted.

        None when the exchange's inbound folder cannot be listed (no release yet, or another account's exchange).
        """
        from autograder.intake import _entry, _existing

        try:
            names = os.listdir(self.exchange_dir / "inbound")
        except OSError:
            return None
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        newest = {}
        for name in names:
            entry = _entry(name, assignment, now)
            if isinstance(entry, tuple) and entry[2] > newest.get(entry[0], datetime.datetime.min):
                newest[entry[0]] = entry[2]
        collected = {student: _existing(self.root / "submitted" / student / assignment, now) for student in newest}
        return sorted(s for s, when in newest.items() if collected[s] is None or when > collected[s])

    def submit(self, assignment, student, notebooks):
        """Place notebooks as ``student``'s submission, as ``nbgrader collect`` would.

        Parameters
        ----------
        notebooks : dict
            {file name: notebook text}.
        """
        folder = self.root / "submitted" / student / assignment
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, text in notebooks.items():
            (folder / name).write_text(text)
        write_timestamp(folder)
        return folder

    def autograde(self, assignment, student):
        """``nbgrader autograde`` of one submission."""
        return self._run("autograde", self.api.autograde(assignment, student, force=True, create=True))

    def collect(self, assignment):
        """Copy each student's newest valid submission from the exchange to ``submitted/``.

        Not ``nbgrader collect``, which follows links and takes any student's folder for another's: the
        intake of :mod:`autograder.intake` reads the exchange as hostile input and returns its report.
        """
        from autograder.intake import collect_exchange

        return collect_exchange(self, assignment)

    def generate_feedback(self, assignment, student=None):
        """``nbgrader generate_feedback``; return the feedback folder."""
        self._run("generate_feedback", self.api.generate_feedback(assignment, student, force=True))
        return self.root / "feedback"

    def feedback_each(self, assignment, memory_mb=FEEDBACK_MEMORY_MB, time_limit=FEEDBACK_SECONDS, workers=None):
        """Generate feedback student by student, in capped processes, and release it to the exchange.

        One notebook cannot cost another student their feedback: feedback is made by ``python -m autograder.course``
        processes capped at ``memory_mb`` MB of address space, each going through its share of the students one
        after another with at most ``time_limit`` seconds for each. A student whose feedback fails (an nbgrader
        error, the memory cap, the time limit, a crash) is recorded with the reason, for that student only, and a
        fresh process goes on with the rest of the share: nothing of a failure reaches another student's feedback.
        Making feedback renders the graded notebook and runs none of its code, so students whose feedback succeeds
        may share a process (one process each, as before, spent about 2 s of CPU per student on starting Python and
        nbgrader). ``workers`` processes run at a time (default: one per CPU core, as for autograde): each writes only
        its students' feedback folders and exchange files, and reads the gradebook.

        Feedback is released only for submissions that came through nbgrader's exchange (their
        ``submission_secret.txt`` says where the student fetches it); for the others (an LMS zip) it stays in
        ``feedback/<student>/``, for the instructor to hand back.

        Returns
        -------
        list of str, dict, list of str
            Students whose feedback was generated, {student: reason} for those whose was not, and the students
            whose feedback was generated but not released (no exchange submission).
        """
        from concurrent.futures import ThreadPoolExecutor

        from autograder.names import valid_student_id

        done, failed, kept = [], {}, []
        students = sorted(self.api.get_autograded_students(assignment))
        for student in students:
            if not valid_student_id(student):  # nbgrader would read it as a glob
                failed[student] = "its student id is not a plain name"
        valid = [student for student in students if student not in failed]
        count = max(1, min(workers or os.cpu_count() or 1, len(valid)))
        statuses = {}
        with ThreadPoolExecutor(max_workers=count) as pool:  # each thread waits on its processes
            for share in pool.map(lambda share: self._feedback_share(assignment, share, memory_mb, time_limit),
                                  [valid[i::count] for i in range(count)]):
                statuses.update(share)
        for student in valid:
            status, reason = statuses[student]
            if status == "failed":
                failed[student] = reason
                continue
            done.append(student)
            if status == "kept":
                kept.append(student)
        return done, failed, kept

    def _feedback_share(self, assignment, students, memory_mb, time_limit):
        """{student: ("released" | "kept" | "failed", reason)} for ``students``: a capped process goes through them
        in turn until one fails, then a fresh one goes on with the rest."""
        statuses = {}
        while len(statuses) < len(students):
            statuses.update(self._feedback_process(assignment, [s for s in students if s not in statuses],
                                                   memory_mb, time_limit))
        return statuses

    def _feedback_process(self, assignment, students, memory_mb, time_limit):
        """The statuses one capped process gives, in order, up to and including the first failure (at least one)."""
        import json
        import queue
        import subprocess
        import tempfile
        import threading

        exchange = self.config.Exchange.root if "root" in self.config.Exchange else ""
        command = [sys.executable, "-m", "autograder.course", str(self.root), assignment, exchange,
                   str(int(memory_mb)), *students]  # the process caps itself (no preexec_fn: these start from threads)
        statuses, lines = {}, queue.Queue()
        with tempfile.TemporaryFile("w+", errors="replace") as stderr:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, errors="replace")

            def read():
                for line in process.stdout:
                    if line.startswith(FEEDBACK_LINE):
                        lines.put(line[len(FEEDBACK_LINE):])
                lines.put(None)

            threading.Thread(target=read, daemon=True).start()
            for student in students:
                try:
                    line = lines.get(timeout=time_limit)
                except queue.Empty:
                    process.kill()
                    statuses[student] = ("failed", f"its feedback took longer than {time_limit} s and was stopped")
                    break
                if line is None:  # the process ended before this student's line
                    code = process.wait()
                    stderr.seek(0)
                    tail = [text for text in stderr.read().strip().splitlines() if text.strip()]
                    why = "MemoryError" if any("MemoryError" in text for text in tail) else (
                        tail[-1][:200] if tail else "")
                    statuses[student] = ("failed", (
                        f"its feedback process ended ({f'signal {-code}' if code < 0 else f'exit status {code}'}"
                        f"{f', {why}' if why else ''}; at most {memory_mb} MB of memory)"))
                    break
                answer = json.loads(line)
                if answer.get("reason") == "MemoryError":
                    answer["reason"] = f"its feedback needed more than its cap of {memory_mb} MB of memory"
                statuses[student] = (answer["status"], answer.get("reason", ""))
                if answer["status"] == "failed":
                    break
            try:
                process.wait(timeout=time_limit)  # it ends after its last line (killed already if it ran out of time)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return statuses

    def release_feedback(self, assignment, student=None):
        """``nbgrader release_feedback``: put the feedback in the exchange for students to fetch."""
        return self._run("release_feedback", self.api.release_feedback(assignment, student))

    def grades(self, assignment, student):
        """Points per graded cell of one autograded submission.

        Returns
        -------
        dict
            {grade_id: (score, max_score)} over every notebook of the submission; score is None for a
            manually graded part not graded yet.
        """
        with Gradebook(self.api.coursedir.db_url) as gradebook:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                raise KeyError(f"{student} has no graded submission of {assignment}; run autograde first.") from None
            return {grade.name: (graded_score(grade), grade.max_score)
                    for notebook in submission.notebooks for grade in notebook.grades}


def _feedback_main(argv):
    """``python -m autograder.course ROOT ASSIGNMENT EXCHANGE MEMORY_MB STUDENT...``: the students' feedback one after
    another, capped at MEMORY_MB MB of address space from here on, a :data:`FEEDBACK_LINE` with a JSON object for
    each; it stops after the first that fails (the caller starts a fresh process for the rest)."""
    import json
    import resource

    root, assignment, exchange, memory_mb, *students = argv
    limit = int(memory_mb) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from autograder.cli import quiet_nbgrader

    quiet_nbgrader()
    folder = CourseFolder(root, exchange or None)
    for student in students:
        try:
            folder.generate_feedback(assignment, student)
            if (folder.root / "submitted" / student / assignment / "submission_secret.txt").is_file():
                folder.release_feedback(assignment, student)
                answer = {"status": "released"}
            else:
                answer = {"status": "kept"}
        except NbgraderStepError as error:  # nbgrader logs a MemoryError and raises its own exception
            answer = {"status": "failed", "reason": "MemoryError" if "MemoryError" in str(error) else error.reason}
        except MemoryError:
            answer = {"status": "failed", "reason": "MemoryError"}
        print(FEEDBACK_LINE + json.dumps(answer), flush=True)
        if answer["status"] == "failed":
            break
    return 0


if __name__ == "__main__":
    sys.exit(_feedback_main(sys.argv[1:]))
