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
        """``nbgrader collect``: copy the newest submissions from the exchange to ``submitted/``."""
        return self._run("collect", self.api.collect(assignment, update=True))

    def generate_feedback(self, assignment, student=None):
        """``nbgrader generate_feedback``; return the feedback folder."""
        self._run("generate_feedback", self.api.generate_feedback(assignment, student, force=True))
        return self.root / "feedback"

    def feedback_each(self, assignment):
        """Generate feedback student by student and release it to the exchange: one failure stops nobody else.

        Feedback is released only for submissions that came through nbgrader's exchange (their
        ``submission_secret.txt`` says where the student fetches it); for the others (an LMS zip) it stays in
        ``feedback/<student>/``, for the instructor to hand back.

        Returns
        -------
        list of str, dict, list of str
            Students whose feedback was generated, {student: reason} for those whose was not, and the students
            whose feedback was generated but not released (no exchange submission).
        """
        done, failed, kept = [], {}, []
        for student in sorted(self.api.get_autograded_students(assignment)):
            try:
                self.generate_feedback(assignment, student)
                if (self.root / "submitted" / student / assignment / "submission_secret.txt").is_file():
                    self.release_feedback(assignment, student)
                else:
                    kept.append(student)
                done.append(student)
            except NbgraderStepError as error:
                failed[student] = error.reason
        return done, failed, kept

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
