"""nbgrader preprocessors the course adds to autograding.

:class:`StderrIsNotAFailure` closes nbgrader issue #1904: nbgrader gives a
test cell 0 points when the cell wrote anything to stderr, so a correct answer
scores 0 as soon as TensorFlow or Keras prints a warning. Here a test either
raises (fail) or does not (pass): text a test cell wrote to stderr is kept,
as a stdout stream marked as such, and no longer decides the grade.
"""

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

__all__ = ["StderrIsNotAFailure"]

STDERR_MARK = "[stderr] "


def keep_stderr_as_text(cell):
    """Turn a test cell's stderr streams into marked stdout streams, in place. Return the cell."""
    if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
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
