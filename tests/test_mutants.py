"""The mutation pass's screen (tests/screen.py) on small made-up notebooks: what it kills, and what it refuses to judge.

The screen forks, which is only safe in a process with one thread, and a pytest process that has run Keras has
many: each case runs in a fresh Python of its own.
"""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

TESTS = Path(__file__).resolve().parent


def cell(grade_id, source, kind="other", points=1):
    meta = {"grade_id": grade_id, "locked": kind != "answer", "schema_version": 3,
            "solution": kind == "answer", "grade": kind == "test", "task": False}
    if kind == "test":
        meta["points"] = points
    return new_code_cell(source, metadata={"nbgrader": meta})


def screen(tmp_path, cells, mutants):
    """Screen ``mutants`` ({answer grade_id: {key: source}}) on a notebook of ``cells``; {key: verdict}."""
    path = tmp_path / "notebook.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    script = (f"import json, sys, nbformat; sys.path.insert(0, {str(TESTS)!r}); from screen import Screen; "
              f"print(json.dumps(Screen(nbformat.read({str(path)!r}, 4), cell_timeout=3, child_timeout=60)"
              f".run(json.loads(sys.argv[1]), progress=lambda line: None)))")
    done = subprocess.run([sys.executable, "-c", script, json.dumps(mutants)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


ANSWER = "def double(x):\n    return 2 * x"
TESTS_CELLS = [cell("double_try", "print(double(3))", "try"),
               cell("double_small", "assert double(3) == 6", "test"),
               cell("double_negative", "assert double(-4) == -8", "test")]


def test_a_wrong_mutant_is_killed_at_the_first_test_it_fails_and_a_harmless_one_survives(tmp_path):
    verdicts = screen(tmp_path, [cell("double", ANSWER, "answer"), *TESTS_CELLS], {"double": {
        "times": "def double(x):\n    return 2 / x",
        "swapped": "def double(x):\n    return x * 2",
        "loops": "def double(x):\n    while True:\n        pass",
        "only_positive": "def double(x):\n    return 2 * abs(x)"}})
    assert verdicts["times"] == {"verdict": "killed", "cell": "double_small",
                                 "error": verdicts["times"]["error"]}
    assert verdicts["swapped"] == {"verdict": "survived"}
    assert verdicts["loops"]["verdict"] == "killed"  # the cell's time limit, as under nbgrader
    assert verdicts["only_positive"]["cell"] == "double_negative"


def test_an_error_outside_a_test_cell_costs_nothing_as_under_nbgrader(tmp_path):
    verdicts = screen(tmp_path, [cell("double", ANSWER, "answer"), *TESTS_CELLS], {"double": {
        "prints": "def double(x):\n    print(undefined_name) if x == 3 and False else None\n    return 2 * x"}})
    assert verdicts["prints"] == {"verdict": "survived"}


def test_a_cell_whose_unmutated_version_fails_in_the_screen_is_left_to_nbgrader(tmp_path):
    # The test needs a name that a _try cell BEFORE the answer defines in a statement that starts a thread.
    cells = [cell("setup_try", "import threading, time\noffset = [threading.Thread(target=time.sleep, args=(30,), "
                               "daemon=True).start(), 1][1]", "try"),
             cell("double", ANSWER, "answer"),
             cell("double_offset", "assert double(3) + offset == 7", "test")]
    verdicts = screen(tmp_path, cells, {"double": {"times": "def double(x):\n    return 2 / x"}})
    assert verdicts["times"]["verdict"] == "unscreened"
    assert "did not pass every later test" in verdicts["times"]["why"]


def test_after_an_answer_cell_starts_a_thread_the_screen_does_not_fork(tmp_path):
    cells = [cell("starts_thread", "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), "
                                   "daemon=True).start()", "answer"),
             cell("double", ANSWER, "answer"), *TESTS_CELLS]
    verdicts = screen(tmp_path, cells, {"double": {"times": "def double(x):\n    return 2 / x"}})
    assert verdicts["times"]["verdict"] == "unscreened"
    assert "threads" in verdicts["times"]["why"]


def test_a_test_cell_that_keeps_one_thread_runs_in_the_screen_process_too(tmp_path):
    # A later test needs a name that an earlier _try cell defines: the screen runs that cell itself (no threads).
    cells = [cell("setup_try", "offset = 1", "try"), cell("double", ANSWER, "answer"),
             cell("double_offset", "assert double(3) + offset == 7", "test")]
    verdicts = screen(tmp_path, cells, {"double": {"times": "def double(x):\n    return 2 / x"}})
    assert verdicts["times"]["cell"] == "double_offset"


@pytest.mark.parametrize("kind", ["try", "other"])
def test_of_a_cell_that_starts_a_thread_the_statements_that_do_not_run_in_the_screen_process(tmp_path, kind):
    """A _try cell or a setup cell of the notebook (a08 builds a Keras model in one before its later parts)."""
    cells = [cell("setup", "import threading, time\nthreading.Thread(target=time.sleep, args=(30,), "
                           "daemon=True).start()\noffset = 1", kind),
             cell("double", ANSWER, "answer"),
             cell("double_offset", "assert double(3) + offset == 7", "test")]
    verdicts = screen(tmp_path, cells, {"double": {"times": "def double(x):\n    return 2 / x"}})
    assert verdicts["times"]["cell"] == "double_offset"
