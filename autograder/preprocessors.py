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

import html
import re

import bleach
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.strings import _get_default_css_sanitizer
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

__all__ = ["HideHiddenTests", "SanitizeMarkdown", "StderrIsNotAFailure", "hide_hidden_tests", "keep_stderr_as_text",
           "markdown_to_safe_html"]

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


# nbconvert's own sanitizer (``clean_html``) allows these; a markdown page also needs headings' anchors, tables,
# images and the MathML the formulas become.
_HTML_TAGS = ["a", "abbr", "acronym", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
              "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
              "tbody", "td", "th", "thead", "tr", "ul"]
_MATHML_TAGS = ["math", "menclose", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded",
                "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup",
                "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none", "semantics"]
_MATHML_ATTRIBUTES = ["accent", "accentunder", "columnalign", "columnlines", "columnspacing", "depth", "display",
                      "displaystyle", "fence", "form", "frame", "height", "linethickness", "lspace", "mathsize",
                      "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "rowalign", "rowlines",
                      "rowspacing", "rspace", "scriptlevel", "separator", "stretchy", "symmetric", "voffset",
                      "width", "xmlns"]


def _allowed_attribute(tag, name, value):
    if name in ("class", "id", "title") or (tag in _MATHML_TAGS and name in _MATHML_ATTRIBUTES):
        return True
    if tag == "a" and name == "href":
        return not value.lower().startswith("data:")
    if tag == "img" and name in ("src", "alt", "width", "height"):
        return True
    return tag in ("td", "th") and name in ("align", "style")


def _math(tex, display):
    """``tex`` as MathML (rendered by the browser itself, offline); a formula it cannot read stays as code."""
    from latex2mathml.converter import convert
    try:
        return convert(tex.strip(), display="block" if display else "inline")
    except Exception:  # latex2mathml raises its own errors and plain ones on TeX it does not know
        return f"<code>{html.escape(tex)}</code>"


class _MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with formulas turned into MathML instead of left for MathJax."""

    def block_math(self, body):
        return _math(body, display=True)

    def inline_math(self, body):
        return _math(body, display=False)

    def latex_environment(self, name, body):
        return _math(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


def markdown_to_safe_html(source, attachments=None):
    """A markdown cell's source rendered as nbconvert renders it, then sanitized, with its formulas as MathML.

    The same order as nbconvert's own ``sanitize_html`` (render, then clean the HTML), so ``z < 0`` in code and
    ``$z > 709$`` read as written; ``<script>``, event handlers and unknown tags come out as inert text.
    """
    rendered = MarkdownWithMath(renderer=_MathMLRenderer(escape=False, attachments=attachments or {})).render(source)
    css = _get_default_css_sanitizer()
    return bleach.clean(rendered, tags=_HTML_TAGS + _MATHML_TAGS, attributes=_allowed_attribute,
                        protocols=["http", "https", "mailto", "data"], **({"css_sanitizer": css} if css else {}))


def _one_html_block(fragment):
    """``fragment`` as one markdown HTML block, which the page's own markdown rendering passes through unchanged.

    An HTML block ends at a blank line: newlines inside ``<pre>`` become ``&#10;``, the others spaces.
    """
    parts = re.split(r"(<pre\b.*?</pre>)", fragment, flags=re.S)
    joined = "".join(part.replace("\n", "&#10;") if part.startswith("<pre") else part.replace("\n", " ")
                     for part in parts)
    return f'<div class="course-markdown">{joined}</div>'


class SanitizeMarkdown(Preprocessor):
    """Markdown cells rendered, sanitized and given MathML formulas, for every page made with HTMLExporter.

    nbgrader's feedback and formgrader templates render markdown cells without nbconvert's sanitizer, on the
    Jupyter server's own origin: a ``<script>`` in a student's markdown would run as the instructor. This does what
    nbconvert's sanitizer does (render the markdown, then clean the HTML), so text reads as written, and puts the
    result back as one HTML block that the template's markdown rendering leaves as it is. Formulas become MathML
    here, so a feedback page opened from disk shows them without a network (nbgrader's page loads MathJax from a
    CDN).
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = _one_html_block(markdown_to_safe_html(cell.source, cell.get("attachments")))
        return cell, resources
