"""nbgrader settings of the course (read through ../nbgrader_config.py).

solutions/ is nbgrader's source directory (instructor versions with
solutions and hidden tests) and assignments/ its release directory (student
versions). The grading tool loads this file and only changes the course root.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets)

c.CourseDirectory.root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
c.CourseDirectory.course_id = "deep-learning"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
# nbgrader's exchange (release, fetch, submit, collect): one this account can write, so no step needs root (make setup
# makes it); accounts that share one machine share /srv/nbgrader/exchange (chmod 1777) with COURSE_EXCHANGE set to it.
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", os.path.expanduser("~/.local/share/nbgrader/exchange"))
# The jupytext sources (*.py) hold the solutions: they never leave solutions/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Student code gets at most this many seconds per cell when autograded.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
# A kernel that starts slowly on a loaded machine (parallel grading) is not a failed submission.
c.Execute.startup_timeout = 180
# nbgrader's Validate waits 30 s, not 4, for a cell's last outputs: on a loaded machine a slow import is no error.
c.Execute.iopub_timeout = 30
# What a student sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's autograding chain with two changes: each submission runs in a sandbox (bubblewrap: no
# network, nothing of the course, memory, time and output caps, and a kernel that dies costs only the
# parts not yet graded: autograder/sandbox.py, autograder/jail.py) whose test cells pass only when the
# kernel reports them run without error; and a warning on stderr (TensorFlow, Keras) no longer zeroes a
# test (nbgrader issue #1904).
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,  # noqa: E402
                                    SaveAutoGrades)

from autograder.preprocessors import StderrIsNotAFailure  # noqa: E402
from autograder.sandbox import ContainedExecute  # noqa: E402

c.ContainedExecute.notebook_budget = 1800  # seconds for a whole submission
c.ContainedExecute.memory_limit_mb = 4096  # the kernel is killed above this resident memory
c.ContainedExecute.output_limit_kb = 1024  # outputs of a cell beyond this are dropped as they arrive
# c.ContainedExecute.unconfined = True  # only where the OS cannot confine kernels, for notebooks you trust
c.Autograde.autograde_preprocessors = [ContainedExecute, StderrIsNotAFailure, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# Feedback shows each test's visible part and failure message, never the hidden tests (nbgrader #917, #1363).
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from autograder.preprocessors import HideHiddenTests  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
# Student HTML (a <script> in a markdown cell or an output) is sanitized in feedback and in the formgrader,
# which shows notebooks on the Jupyter server's own origin.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.preprocessors = ["autograder.preprocessors.SanitizeMarkdown"]  # their templates skip it for markdown
