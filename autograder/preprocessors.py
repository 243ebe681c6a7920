"""nbgrader preprocessors the course adds to autograding.

:class:`StderrIsNotAFailure` closes nbgrader issue #1904: nbgrader gives a
test cell 0 points when the cell wrote anything to stderr, so a correct answer
scores 0 as soon as TensorFlow or Keras prints a warning. Here a test either
raises (fail) or does not (pass): text a test cell wrote to stderr is kept,
as a stdout stream marked as such, and no longer decides the grade.

:class:`HideHiddenTests` closes nbgrader issues #917 and #1363: feedback is
made from the autograded notebook, whose test cells hold the hidden tests, so
students could read them there. In feedback, each test cell keeps its visible
part, the hidden part is replaced by one comment, and a failure shows its
message (which says what was expected) without the traceback, whose code
context would quote the hidden lines.
"""

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

__all__ = ["HideHiddenTests", "StderrIsNotAFailure", "hide_hidden_tests", "keep_stderr_as_text"]

STDERR_MARK = "[stderr] "
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[^\n]*", flags=re.S | re.M)
HIDDEN_NOTE = "# (hidden tests ran here when your work was graded)"


def _is_test(cell):
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def keep_stderr_as_text(cell):
    """Turn a test cell's stderr streams into marked stdout streams, in place. Return the cell."""
    if not _is_test(cell):
        return cell
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stderr":
            output.name = "stdout"
            output.text = "".join(STDERR_MARK + line for line in output.text.splitlines(keepends=True))
    return cell


class StderrIsNotAFailure(NbGraderPreprocessor):
    """Grade test cells on exceptions only; runs after Execute, before SaveAutoGrades."""

    def preprocess_cell(self, cell, resources, cell_index):
        return keep_stderr_as_text(cell), resources


def hide_hidden_tests(cell):
    """In a test cell, replace the hidden tests by a note and failures by their message, in place. Return the cell."""
    if not _is_test(cell):
        return cell
    cell.source = HIDDEN_REGION.sub(HIDDEN_NOTE, cell.source)
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            output.traceback = [f"{output.ename}: {output.evalue}"]
    return cell


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without the source of hidden tests; runs in GenerateFeedback."""

    def preprocess_cell(self, cell, resources, cell_index):
        return hide_hidden_tests(cell), resources
