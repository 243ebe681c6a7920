"""The feedback and formgrader pages as a person reads them: task text as written, formulas offline, no scripts."""

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from autograder.preprocessors import hide_hidden_tests, markdown_to_safe_html

RELEASED = ROOT / "assignments" / "a01_perceptron" / "a01_perceptron.ipynb"


class _Reader(HTMLParser):
    """The text a browser shows (no script or style), and the tags it met."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read_as_a_person(page):
    reader = _Reader()
    reader.feed(page)
    return " ".join(" ".join(reader.text).split()), reader.tags


def render(template, notebook, tmp_path):
    """The page nbgrader makes with the course's configuration (feedback: after the course's HideHiddenTests)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    from autograder.course import course_config

    config = course_config(tmp_path)
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:  # what nbgrader's GetGrades adds to graded cells before the page is made
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader["score"] = 0
    if template == "feedback":
        notebook = hide_hidden_tests(notebook, config)
    css = str(Path(handlers.__file__).parent / "static" / "node_modules" / "bootstrap" / "dist" / "css")
    exporter = HTMLExporter(config=config, template_name=template, extra_template_basedirs=[handlers.template_path],
                            extra_template_paths=[css])
    resources = {"nbgrader": {"score": 0, "max_score": 1, "notebook": "n", "late_penalty": 0},
                 "assignment_id": "a01", "base_url": "/", "first_name": "A", "last_name": "B", "index": 0,
                 "notebook_id": "n", "notebook_path": "n.ipynb", "student": "s", "submission_id": "x",
                 "total": 1, "include_css": lambda *args, **kwargs: ""}
    page, _ = exporter.from_notebook_node(copy.deepcopy(notebook), resources=resources)
    return page


@pytest.mark.parametrize("template", ["feedback", "formgrade"])
def test_the_task_text_reads_as_written_and_its_formulas_are_mathml(template, tmp_path):
    """a01's released Part A: `0 <= s <= 1` in code, `$z < -709$` and `$\\dfrac...$` as formulas, nothing escaped twice."""
    page = render(template, nbformat.read(RELEASED, as_version=4), tmp_path)
    text, tags = read_as_a_person(page)
    assert "0 <= s <= 1" in text, "code in the task text must read as written"
    assert "&lt;" not in text and "&gt;" not in text and "&amp;" not in text, "HTML escaped twice"
    assert "\\dfrac" not in text and "$z" not in text, "a formula is shown as raw TeX"
    assert "math" in tags and "mfrac" in tags, "formulas are MathML, which the browser renders without a network"
    assert "σ ( z ) = 1 1 + e − z" in text, "the sigmoid's formula reads as MathML text"


def test_a_students_markdown_script_handler_and_tex_text_stay_inert():
    page = markdown_to_safe_html("<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\">\n\n"
                                 "$\\text{<script>window.pwned = 3</script>}$ <a href=\"javascript:alert(1)\">x</a>")
    assert not re.search(r"<script|\son\w+=|javascript:", page), page
    assert "<mtext>&lt;script&gt;window.pwned" in page, "a script inside a formula's text is shown as text"


def test_a_formula_latex2mathml_cannot_read_is_shown_as_code():
    page = markdown_to_safe_html("see $\\frac{1}{$ here")
    text, _ = read_as_a_person(page)
    assert "see" in text and "here" in text
