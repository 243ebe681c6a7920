"""The judge and its bridge (autograder/judge.py, autograder/bridge.py): what crosses, what is refused, and that a
notebook's test cells give the same result in the judge as in one plain kernel, as in a student's own notebook."""

import base64
import json
import pickle

import nbformat
import numpy as np
import pytest
from conftest import ROOT
from gradings import WORKERS, graded_run, wrong_answer_packs
from wrong_answers import run_variants_directly

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
def test_each_test_cell_gives_the_same_result_in_the_judge_as_in_one_plain_kernel(assignment, tmp_path_factory):
    """The solution, the untouched answers and the wrong answers the tier grades, hidden tests included: real
    nbgrader with the judge (the assignment's one grading run, tests/gradings.py, shared with the honesty pipeline)
    against the notebook run top to bottom in one ordinary kernel (what a student's own Validate does)."""
    released = nbformat.read(ROOT / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    stubs = {c.metadata["nbgrader"]["grade_id"]: c.source for c in released.cells
             if c.metadata.get("nbgrader", {}).get("solution")}
    variants = {"solution": {}, "untouched": stubs,
                **{student: {a.cell: a.source for a in pack}
                   for student, pack in wrong_answer_packs(assignment).items()}}
    judged = graded_run(assignment, tmp_path_factory).grades
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


CALLS = '''# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import contextlib
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from course import checks

# %% nbgrader={"grade": false, "grade_id": "answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def helper(x):
    return x + 1


def student(x, recorder):
    result = helper(x)
    recorder.record(result)
    print("printed by student", float(result[0]))
    return result


def count_up(step):
    state = {"n": np.zeros(2)}
    step(state)
    return state["n"] * 2


def draw():
    figure, ax = plt.subplots()
    ax.plot([1, 2, 3], [3.0, 4.0, 5.0], label="training")
    ax.axvline(2, linestyle="--", label="best epoch")
    ax.set(xlabel="epoch", ylabel="loss")
    ax.legend()
    return figure


def square_sum(x):
    return tf.reduce_sum(x ** 2)


def ready_made(x):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(x), x))


def noisy(x, fraction):
    return x.copy() if fraction else x.copy()


def as_matrix(kernel, bias):
    return kernel.reshape(-1, kernel.shape[-1]).copy(), bias.copy()


def pick(x, seed):
    if seed < 0:
        raise ValueError("seed must be non-negative")
    return int(np.random.default_rng(seed).integers(len(x)))


def sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def ratio(a, b):
    return np.divide(a, b, out=np.zeros_like(a), where=b != 0)


def clip(x):
    if np.any(x > 1):
        warnings.warn("values above 1 were clipped")
    return np.minimum(x, 1.0)


def log_ratio(a, b):
    return np.log(a) - np.log(b)

# %% nbgrader={"grade": true, "grade_id": "swapped_helper_and_recorder", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
class Recorder:
    def __init__(self):
        self.seen = []

    def record(self, value):
        self.seen.append(np.array(value))


saved = helper
helper = lambda x: x * 10
try:
    recorder, printed = Recorder(), io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = student(np.array([1.0, 2.0]), recorder)
finally:
    helper = saved
checks.assert_allclose(result, [10.0, 20.0], "the result with the test's helper")
checks.assert_allclose(recorder.seen[0], [10.0, 20.0], "what the recorder saw")
assert "printed by student 10.0" in printed.getvalue(), printed.getvalue()
checks.assert_allclose(student(np.array([1.0]), Recorder()), [2.0], "the result with the notebook's helper again")

# %% nbgrader={"grade": true, "grade_id": "changed_in_place", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
def step(state):
    state["n"] = state["n"] + 5


checks.assert_allclose(count_up(step), [10.0, 10.0], "the state after the test's step")

# %% nbgrader={"grade": true, "grade_id": "figure", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
figure = draw()
ax = figure.axes[0]
lines = {line.get_label(): line for line in ax.get_lines()}
assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "loss") and ax.get_legend() is not None
checks.assert_allclose(lines["training"].get_ydata(), [3.0, 4.0, 5.0], "the training line")
checks.assert_allclose(np.unique(lines["best epoch"].get_xdata()), [2.0], "the best epoch line")

# %% nbgrader={"grade": true, "grade_id": "gradient_and_forbidden", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
value, (gradient,) = checks.value_and_gradients(square_sum, [1.0, 2.0])
checks.assert_allclose(float(value), 5.0, "the value")
checks.assert_allclose(gradient, [2.0, 4.0], "the gradient")
try:
    checks.from_scratch(ready_made, forbidden=("*cross_entropy*",), advice="no ready-made loss")(tf.zeros(2))
except AssertionError as error:
    assert "no ready-made loss" in str(error)
else:
    raise AssertionError("a ready-made cross-entropy was not seen")

# %% nbgrader={"grade": true, "grade_id": "many_calls", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
x = np.arange(5.0)
picked = checks.call_each(pick, [((x,), {"seed": seed}) for seed in range(2500)])
assert picked == [int(np.random.default_rng(seed).integers(5)) for seed in range(2500)], "picks differ"
try:
    checks.call_each(pick, [((x,), {"seed": seed}) for seed in (3, -1, 4)])
except ValueError as error:
    assert "non-negative" in str(error)
else:
    raise AssertionError("the ValueError of the second call was not raised")

# %% nbgrader={"grade": true, "grade_id": "new_array", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
x = np.ones(3)
assert noisy(x, 0.0) is not x and noisy(x, 0.5) is not x, "noisy must return a new array, not x itself"

# %% nbgrader={"grade": true, "grade_id": "view", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
kernel, bias = np.ones((2, 2, 3)), np.zeros(3)
matrix, vector = as_matrix(kernel, bias)
assert matrix.shape == (4, 3) and not np.shares_memory(matrix, kernel) and not np.shares_memory(vector, bias), \
    "as_matrix must return new arrays, not views"

# %% nbgrader={"grade": true, "grade_id": "warning_as_error", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with warnings.catch_warnings():
    warnings.filterwarnings("error", message="overflow", category=RuntimeWarning)
    try:
        checks.assert_allclose(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0], "sigmoid([-1000, 1000])")
    except RuntimeWarning as warning:
        raise AssertionError(f"sigmoid overflowed ({warning})") from None

# %% nbgrader={"grade": true, "grade_id": "warnings_recorded", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    checks.assert_allclose(ratio(np.ones(3), np.array([1.0, 0.0, 2.0])), [1.0, 0.0, 0.5], "ratio")
assert not caught, f"ratio warned: {[str(w.message) for w in caught]}"

# %% nbgrader={"grade": true, "grade_id": "warning_expected", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    checks.assert_allclose(clip(np.array([0.5, 2.0])), [0.5, 1.0], "clip")
assert [w for w in caught if issubclass(w.category, UserWarning) and "clipped" in str(w.message)], \
    "clip must warn that it clipped"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    clip(np.array([0.5]))
assert not caught, "clip warns only when it clips"

# %% nbgrader={"grade": true, "grade_id": "errstate", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
with np.errstate(over="raise"):
    try:
        checks.assert_allclose(log_ratio(np.array([1e300]), np.array([1e-300])), [600 * np.log(10)], "log_ratio")
    except FloatingPointError as error:
        raise AssertionError(f"log_ratio overflowed ({error})") from None
'''

# Each wrong answer breaks one thing that a test's calls into the kernel must see, in its own cell only.
CALLS_WRONG = {
    "swapped_helper_and_recorder": ("    result = helper(x)\n", "    result = x + 1\n"),
    "changed_in_place": ("    step(state)\n", "    step({\"n\": state[\"n\"].copy()})\n"),
    "figure": ("    ax.legend()\n", ""),
    "gradient_and_forbidden": ("    return tf.reduce_sum(x ** 2)\n", "    return float(np.sum(np.asarray(x) ** 2))\n"),
    "many_calls": ("default_rng(seed).integers", "default_rng(seed % 1000).integers"),  # wrong past the first batch
    "new_array": ("    return x.copy() if fraction else x.copy()\n", "    return x.copy() if fraction else x\n"),
    "view": ("    return kernel.reshape(-1, kernel.shape[-1]).copy(), bias.copy()\n",
             "    return kernel.reshape(-1, kernel.shape[-1]), bias.copy()\n"),
    "warning_as_error": ("    return np.exp(-np.logaddexp(0.0, -x))\n", "    return 1 / (1 + np.exp(-x))\n"),
    "warnings_recorded": ("    return np.divide(a, b, out=np.zeros_like(a), where=b != 0)\n",
                          "    return np.where(b != 0, a / b, 0.0)\n"),
    "warning_expected": ("        warnings.warn(\"values above 1 were clipped\")\n", "        pass\n"),
    "errstate": ("    return np.log(a) - np.log(b)\n", "    return np.log(a / b)\n"),
}


def test_a_tests_functions_objects_and_swaps_reach_the_students_calls(tmp_path):
    """The judge's calls into the kernel carry what a test gives a student's function: a function of the notebook
    swapped for the test's, a recorder object whose methods the student's code calls, a step that changes its
    argument in place; and bring back what the call printed, the figure it drew, a gradient by autodiff, a
    ready-made loss seen by a check with its own list, 2,500 calls made at once (checks.call_each, three
    batches) with the exception of the one that raised, an argument returned as itself (``return x``) as the
    caller's own object, and the test's warning filters, recorded warnings and NumPy error handling
    (``filterwarnings("error")``, ``catch_warnings(record=True)``, ``np.errstate``) around the student's calls.
    Each cell scores with the right answer, and loses its point to the wrong answer that breaks only it (all of
    them in one submission)."""
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import notebook_text

    source = tmp_path / "src" / "t01_calls"
    source.mkdir(parents=True)
    (source / "t01_calls.py").write_text(CALLS)
    folder = CourseFolder(tmp_path / "course", unconfined=True)  # ours: unconfined only where nothing can confine
    folder.add_source(source, notebooks_from=notebook_text)
    folder.generate("t01_calls")
    folder.submit("t01_calls", "right", {"t01_calls.ipynb": notebook_text(source / "t01_calls.py")})
    wrong = CALLS  # every wrong answer in one submission: each breaks its own cell and no other
    for old, new in CALLS_WRONG.values():
        assert old in wrong
        wrong = wrong.replace(old, new)
    (tmp_path / "wrong.py").write_text(wrong)
    folder.submit("t01_calls", "wrong", {"t01_calls.ipynb": notebook_text(tmp_path / "wrong.py")})
    results = autograde_all(folder, "t01_calls", workers=WORKERS, progress=False, unconfined=True)
    assert not [r for r in results if r.error], [(r.student, r.error, r.detail[-2000:]) for r in results if r.error]
    lost = {r.student: sorted(g for g, (score, _) in folder.grades("t01_calls", r.student).items() if not score)
            for r in results}
    assert lost == {"right": [], "wrong": sorted(CALLS_WRONG)}, lost
