"""The judge and its bridge (autograder/judge.py, autograder/bridge.py): what crosses, what is refused, and that a
notebook's test cells give the same result in the judge as in one plain kernel, as in a student's own notebook."""

import base64
import json
import pickle

import nbformat
import numpy as np
import pytest
from conftest import ROOT
from wrong_answers import grade_variants, run_variants_directly, wrong_answers

from autograder import bridge, judge
from autograder.judging import bound_names, loaded_names, measurement_tampering
from autograder.sandbox import confinement_problem


def wire(tree):
    return base64.b64encode(json.dumps(tree).encode()).decode()


def test_plain_data_crosses_by_value_with_its_types():
    value = {"a": [1, 2.5, float("inf"), None, True], (1, "k"): (np.arange(6, dtype=np.int16).reshape(2, 3),),
             "c": 1 + 2j, "b": b"\x00\xff", "s": np.float64(0.25), "z": np.zeros(())}
    back = bridge.decode(bridge.encode(value))
    assert back.keys() == value.keys() and back["a"] == value["a"] and back["c"] == value["c"]
    assert back[(1, "k")][0].dtype == np.int16 and np.array_equal(back[(1, "k")][0], value[(1, "k")][0])
    assert type(back["s"]) is np.float64 and back["z"].shape == () and back["b"] == b"\x00\xff"


@pytest.mark.parametrize("tree, why", [
    ({"$array": base64.b64encode(pickle.dumps([1])).decode(), "dtype": "|O", "shape": [1]}, "an object array"),
    ({"$array": base64.b64encode(b"\x00" * 7).decode(), "dtype": "<f8", "shape": [1]}, "bytes that do not fit"),
    ({"$pickle": base64.b64encode(pickle.dumps(print)).decode()}, "an unknown tag (a pickle)"),
    ({"$array": "not base64!", "dtype": "<f8", "shape": [1]}, "malformed base64"),
    (json.loads("[" * 40 + "]" * 40), "nesting deeper than the limit"),
])
def test_the_judge_refuses_what_is_not_plain_data(tree, why):
    with pytest.raises(bridge.BridgeError):
        bridge.decode(wire(tree))


def test_a_message_that_is_not_base64_json_or_is_too_large_is_refused():
    for text in ("%%%", base64.b64encode(b"{not json").decode(), 12, "A" * (bridge.MAX_BYTES + 4)):
        with pytest.raises(bridge.BridgeError):
            bridge.decode(text)


def test_a_model_with_a_layer_that_runs_code_or_comes_from_elsewhere_is_not_rebuilt():
    for layer in ({"class_name": "Lambda", "module": "keras.layers", "config": {"function": "..."}},
                  {"class_name": "Dense", "module": "evil.layers", "config": {}}):
        config = {"class_name": "Sequential", "module": "keras", "config": {"layers": [layer]}}
        with pytest.raises(TypeError, match="does not rebuild"):
            judge._check_config(config)
    huge = {"class_name": "Dense", "module": "keras.layers", "config": {"units": 10**9, "seed": 2**31}}
    with pytest.raises(TypeError, match="more than the grader rebuilds"):
        judge._check_config(huge)
    judge._check_config({**huge, "config": {"units": 128, "seed": 2**31}})  # a large seed is not a size


def test_the_students_exceptions_keep_their_builtin_type_and_nothing_else():
    assert type(judge._exception({"type": "ValueError", "builtin": True, "message": "bad"}, "f")) is ValueError
    forged = judge._exception({"type": "SystemExit", "builtin": True, "message": ""}, "f")
    assert isinstance(forged, judge.RemoteError), "only Exception subclasses of builtins are rebuilt"
    missing = judge._exception({"type": "ModuleNotFoundError", "builtin": True, "message": "keras"}, "f", True)
    assert isinstance(missing, AssertionError) and "NumPy only" in str(missing)


def test_the_judge_knows_which_names_a_cell_assigns_and_reads():
    source = "import numpy as np\nx, (y, z) = 1, (2, 3)\ndef f(a):\n    global g\n    local = a\n%time w = 4\n"
    assert bound_names(source) == {"np", "x", "y", "z", "f", "g", "w"}
    assert {"a", "np"} <= loaded_names("print(np.sum([a for a in range(3)]))")


def test_tampering_with_the_measurements_is_seen_in_the_source_and_honest_numpy_is_not():
    assert measurement_tampering(["import sys\nsys.settrace(None)"]) == "settrace"
    assert measurement_tampering(["import sys\nsys.meta_path.insert(0, None)"]) == "meta_path"
    assert measurement_tampering(["import ctypes, gc\nprint(gc.get_count())"]) == "", "an escape attempt is no measure"
    assert measurement_tampering(["def f(x):\n    return np.exp(-np.abs(x)) @ x.T\n"]) == ""


@pytest.mark.parametrize("assignment", ["a01_perceptron",
                                        pytest.param("a08_style_segmentation", marks=pytest.mark.full_only)])
def test_each_test_cell_gives_the_same_result_in_the_judge_as_in_one_plain_kernel(assignment, tmp_path):
    """The solution, the untouched answers and the '# fast' wrong answers, hidden tests included: real nbgrader with
    the judge against the notebook run top to bottom in one ordinary kernel (what a student's own Validate does)."""
    released = nbformat.read(ROOT / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    stubs = {c.metadata["nbgrader"]["grade_id"]: c.source for c in released.cells
             if c.metadata.get("nbgrader", {}).get("solution")}
    variants = {"solution": {}, "untouched": stubs,
                **{a.name: {a.cell: a.source} for a in wrong_answers(assignment, fast_only=True)}}
    judged = grade_variants(assignment, variants, root=tmp_path)
    plain = run_variants_directly(assignment, variants)
    differ = {student: {g: (judged[student].get(g), plain[student].get(g)) for g in plain[student]
                        if judged[student].get(g) != plain[student].get(g)} for student in variants}
    assert not any(differ.values()), f"judge against plain kernel (score, max): {differ}"


JUDGE_FORGERIES = ("forges-reply-sender", "replaces-shell-handler", "repatching-thread", "forges-bridge-answers",
                   "input-transformer", "patches-checks")


@pytest.mark.full_only
@pytest.mark.skipif(confinement_problem() is not None, reason="this machine cannot confine kernels")
@pytest.mark.parametrize("assignment", ["a05_sequences", "a08_style_segmentation"])
def test_forged_replies_score_nothing_on_other_assignments(assignment, tmp_path):
    """The corpus's forgeries (tests/corpus.py, graded there on a01), each in the first answer cell of an otherwise
    untouched a05 and a08, and a module named like the course package beside the untouched notebook: all 0."""
    import nbformat
    from corpus import FORGERIES, SHADOW_MODULE

    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import ROOT, notebook_text
    from autograder.samples import answer_ids

    folder = CourseFolder(tmp_path)
    folder.add_source(ROOT / "solutions" / assignment, notebooks_from=notebook_text)
    released = folder.generate(assignment) / f"{assignment}.ipynb"
    stub = released.read_text()
    first = answer_ids(stub)[0]
    for kind in JUDGE_FORGERIES:
        notebook = nbformat.reads(stub, as_version=4)
        cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == first)
        cell.source = FORGERIES[kind] + "\n" + cell.source
        folder.submit(assignment, kind, {released.name: nbformat.writes(notebook)})
    folder.submit(assignment, "module-beside-notebook", {released.name: stub, "course.py": SHADOW_MODULE})
    results = autograde_all(folder, assignment, workers=2, progress=False)
    assert not [r for r in results if r.error], [(r.student, r.error) for r in results if r.error]
    totals = {r.student: sum(score or 0 for score, _ in folder.grades(assignment, r.student).values())
              for r in results}
    assert totals and not any(totals.values()), f"forgeries that scored on {assignment}: {totals}"
