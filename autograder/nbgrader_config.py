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
# The jupytext sources (*.py) hold the solutions: they never leave solutions/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]

# Student code gets at most this many seconds per cell when autograded.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
# What a student sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A test passes unless it raises: a warning on stderr (TensorFlow, Keras) no longer
# zeroes it (nbgrader issue #1904). Same chain as nbgrader's default, plus one step.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, Execute, IgnorePattern,  # noqa: E402
                                    LimitOutput, SaveAutoGrades)

from autograder.preprocessors import StderrIsNotAFailure  # noqa: E402

c.Autograde.autograde_preprocessors = [Execute, StderrIsNotAFailure, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# Feedback shows each test's visible part and failure message, never the hidden tests (nbgrader #917, #1363).
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from autograder.preprocessors import HideHiddenTests  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
