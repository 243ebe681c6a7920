"""nbgrader preprocessors the course adds to autograding.

:class:`StderrIsNotAFailure` closes nbgrader issue #1904: nbgrader gives a
test cell 0 points when the cell wrote anything to stderr, so a correct answer
scores 0 as soon as TensorFlow or Keras prints a warning. Here text a test
cell wrote to stderr is kept, as a stdout stream marked as such, and no longer
decides the grade; whether the test passed is judged from the kernel's reply
by :class:`autograder.sandbox.ContainedExecute` (an error: 0 points).

:class:`HideHiddenTests` closes nbgrader issues #917 and #1363: feedback is
made from the autograded notebook, whose test cells hold the hidden tests. In
feedback a test cell shows only what the grader says: its visible source
(hidden regions found by nbgrader's own marker rule, then replaced by one
comment), and either "passed" or its failure's one-line message. Nothing else a
test cell printed or displayed reaches the page, and any output of any cell
that quotes a line of a hidden test (an answer that printed ``In``) is withheld.
A student's answer cells keep their outputs otherwise. Limit: an answer that
encodes hidden tests (say, in base64) before printing them is not recognised.
"""

import re

from nbconvert.filters import clean_html
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

__all__ = ["HideHiddenTests", "SanitizeMarkdown", "StderrIsNotAFailure", "hide_hidden_tests", "keep_stderr_as_text"]

STDERR_MARK = "[stderr] "
HIDDEN_NOTE = "# (hidden tests ran here when your work was graded)"
WITHHELD = "[output withheld: it quoted the hidden tests]"


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


def _hidden_lines(cell, config=None):
    """The lines of ``cell``'s hidden-test regions, found by nbgrader's own rule; and the cell's visible source."""
    copy = NotebookNode(cell_type=cell.cell_type, source=cell.source, metadata=cell.metadata)
    removed = ClearHiddenTests(config=config)._remove_hidden_test_region(copy)
    visible = set(copy.source.splitlines())
    hidden = [line.strip() for line in cell.source.splitlines() if line not in visible and len(line.strip()) >= 8]
    source = copy.source.rstrip("\n") + ("\n" + HIDDEN_NOTE if removed else "")
    return hidden, source


def _quotes(text, hidden):
    flat = " ".join(str(text).split())
    return any(" ".join(line.split()) in flat for line in hidden)


def _output_text(output):
    parts = [output.get("text", ""), output.get("evalue", ""), *output.get("traceback", [])]
    parts += [str(value) for value in output.get("data", {}).values()]
    return "\n".join(str(part) for part in parts)


def hide_hidden_tests(notebook, config=None):
    """Feedback's view of an autograded notebook, in place; return it.

    Test cells: visible source and a verdict ("passed", or the failure's first line); every other output of
    theirs is dropped. Any cell: an output quoting a hidden-test line is replaced by a note.
    """
    hidden = []
    for cell in notebook.cells:
        if _is_test(cell):
            lines, cell.source = _hidden_lines(cell, config)
            hidden += lines
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors:
                message = f"{errors[0].ename}: {errors[0].evalue}".strip().splitlines()[0][:500]
                cell.outputs = [NotebookNode(output_type="error", ename=errors[0].ename, evalue=message[
                    len(errors[0].ename) + 2:], traceback=[message])]
            else:
                cell.outputs = [NotebookNode(output_type="stream", name="stdout", text="passed\n")]
    for cell in notebook.cells:
        for index, output in enumerate(cell.get("outputs", [])):
            if hidden and _quotes(_output_text(output), hidden):
                cell.outputs[index] = NotebookNode(output_type="stream", name="stdout", text=WITHHELD + "\n")
    return notebook


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without the hidden tests or anything a test cell printed; runs in GenerateFeedback."""

    def preprocess(self, nb, resources):
        return hide_hidden_tests(nb, self.config), resources


class SanitizeMarkdown(Preprocessor):
    """Markdown cells with their HTML made harmless (escaped), for every page made with HTMLExporter.

    nbgrader's feedback and formgrader templates render markdown cells without nbconvert's sanitizer, on the
    Jupyter server's own origin: a ``<script>`` in a student's markdown would run as the instructor.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = clean_html(cell.source)
        return cell, resources
