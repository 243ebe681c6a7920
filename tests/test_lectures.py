"""Every lecture notebook runs top to bottom in a fresh kernel, without error and within Binder's memory.

`make test` runs them in fast mode; `make test-full` in full mode (the sizes a student sees).
"""

import os

import pytest
from conftest import ROOT, record
from execution import execute_notebook

from course.claims import HELD, NOT_HELD

#: mybinder.org gives a session about 2 GB of memory: no lecture's kernel may need more.
BINDER_MEMORY_MB = 2048

LECTURES = sorted((ROOT / "lectures").glob("[0-9]*.ipynb"))


def claims(notebook):
    """(held, not held) lines that course.claim printed in an executed notebook."""
    lines = [line for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
             if output.get("output_type") == "stream" for line in output.get("text", "").splitlines()]
    return [line for line in lines if line.startswith(HELD)], [line for line in lines if line.startswith(NOT_HELD)]


@pytest.mark.parametrize("path", LECTURES, ids=[p.stem for p in LECTURES])
def test_lecture_runs_top_to_bottom(path):
    """Fast mode in `make test`, full mode in `make test-full`. Widget redraws are timed, not judged."""
    result = execute_notebook(path)
    mode = "fast" if os.environ.get("COURSE_FAST") == "1" else "full"
    held, not_held = claims(result.notebook)
    outcome = "error" if result.error else f"ok, claims {len(held)} held / {len(not_held)} not"
    record(f"lecture/{mode}", path.stem, result.seconds, result.peak_mb, outcome, result.widgets, result.cpu_seconds)
    assert not result.error, f"{path.name} failed in {mode} mode:\n{result.error[-3000:]}"
    if mode == "full":  # fixed seeds and the sizes a student sees: every claim the prose rests on must hold
        assert not not_held, f"{path.name}: claims that did not hold in full mode: {not_held}"
    assert result.peak_mb < BINDER_MEMORY_MB, (
        f"{path.name}'s kernel peaked at {result.peak_mb:.0f} MB, over the {BINDER_MEMORY_MB} MB that mybinder.org "
        "gives; shrink what it holds in memory (smaller batches, fewer copies of the data).")


def test_every_lecture_opens_with_a_title_setup_and_ends_with_summary_and_exercises():
    import nbformat

    for path in LECTURES:
        cells = nbformat.read(path, as_version=4).cells
        markdown = [c.source for c in cells if c.cell_type == "markdown"]
        assert markdown[0].startswith("# "), f"{path.name} must open with a title cell."
        assert "run time" in markdown[0].lower(), f"{path.name}'s title cell must state the expected run time."
        text = "\n".join(markdown)
        for heading in ("## Setup", "## Summary", "## Exercises"):
            assert heading in text, f"{path.name} has no '{heading}' section."
        assert any("course.setup(" in c.source for c in cells if c.cell_type == "code"), \
            f"{path.name} must call course.setup() in its Setup section."
