"""Every notebook is generated from its jupytext source, and none carries outputs in git."""

import subprocess

import nbformat
from conftest import ROOT

from autograder.notebooks import notebook_of, sources, stale_files


def test_every_generated_notebook_is_up_to_date_with_its_source():
    stale = [str(p.relative_to(ROOT)) for p in stale_files()]
    assert not stale, f"Out of date: {stale}; run `make notebooks` and commit the result."


def test_every_source_has_its_notebook_and_no_notebook_lacks_a_source():
    made = {notebook_of(p) for p in sources()}
    notebooks = set((ROOT / "lectures").glob("*.ipynb")) | set((ROOT / "solutions").glob("*/*.ipynb"))
    assert notebooks == made, f"Notebooks without a .py source: {sorted(map(str, notebooks - made))}"
    assert not list((ROOT / "lectures").glob("*.py")), "a lecture's source belongs in sources/lectures/"


def test_tracked_notebooks_have_no_outputs_or_execution_counts():
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        for cell in nbformat.read(ROOT / name, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{name} carries outputs."
