"""The sandboxed side of the bridge: code the grader sends into a student's kernel, which answers the judge.

It runs in the student's own process, so nothing here is trusted: it only turns the judge's requests into calls of
the student's functions and their results into data (:mod:`autograder.bridge`). Whatever a student makes it answer,
the judge receives plain values, and decides with its own code what they are worth.

Requests (decoded from the judge's text):

* ``{"op": "get", "name": NAME}``: the value the notebook's ``NAME`` holds now (a function or class as a reference);
* ``{"op": "call", "function": REF, "args": [...], "kwargs": {...}, "mode": "plain" | "from_scratch"}``: call it.
  Arrays, lists, dicts and Keras models that the call changed in place are sent back, so that the judge's own copies
  change as the caller's would. ``from_scratch`` wraps the call in a private copy of ``course.checks.from_scratch``,
  installed with this module before any student code ran (an answer that patches ``course.checks`` does not reach
  it; one written against this module can: see the README's limits).

The grader evaluates ``handle(text)`` as a user expression and forwards the text it returns to the judge.
"""

try:
    import numpy as np

    from autograder.bridge import BridgeError, _array, decode, encode, from_wire, to_wire
except ImportError:  # in the kernel: the grader sends the bridge's source first, into the same module
    pass

REFS = []
_CHECKS = None  # the grader's private copy of course.checks (see private_module), set when the agent is installed


def private_module(name, source):
    """A module made from ``source`` that is in no ``sys.modules``: patching ``course.checks`` does not reach it."""
    import types

    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def _ref(value, kind):
    REFS.append(value)
    return {"$ref": len(REFS) - 1, "kind": kind, "name": str(getattr(value, "__qualname__", type(value).__name__))}


def _model_state(model):
    import json

    compiled = None
    try:
        compiled = json.dumps(model.get_compile_config()) if getattr(model, "compiled", False) else None
    except Exception:  # an optimizer or loss of the student's own: the model crosses uncompiled
        compiled = None
    optimizer = getattr(model, "optimizer", None)
    steps = int(np.asarray(optimizer.iterations)) if compiled and optimizer is not None else 0
    return {"config": model.to_json(), "weights": to_wire([np.asarray(w) for w in model.get_weights()]),
            "compile": compiled, "optimizer_steps": steps}


def _out(value):
    """What crosses for a value that is not plain data."""
    import sys
    import types

    if isinstance(value, types.ModuleType):
        return {"$module": value.__name__}
    if isinstance(value, np.ndarray):
        return _array(np.asarray(value))
    keras = sys.modules.get("keras")
    if keras is not None:
        if isinstance(value, keras.Model):
            try:
                return {"$model": _model_state(value)}
            except Exception:  # a subclassed model without a config: it stays in the kernel
                return _ref(value, "object")
        if isinstance(value, keras.callbacks.History):
            return {"$history": to_wire(value.history, _out)}
        if isinstance(value, keras.Variable):
            return _array(np.asarray(value), tensor=True)
    tf = sys.modules.get("tensorflow")
    if tf is not None and isinstance(value, (tf.Tensor, tf.Variable)):
        return _array(np.asarray(value), tensor=True)
    if isinstance(value, type):
        return _ref(value, "class")
    return _ref(value, "function" if callable(value) else "object")


def _model(state):
    import json

    import keras

    model = keras.models.model_from_json(state["config"])
    model.set_weights(from_wire(state["weights"]))
    if state.get("compile"):
        model.compile_from_config(json.loads(state["compile"]))
        model.optimizer.iterations.assign(int(state.get("optimizer_steps", 0)))
    return model


def _in(node, array=None):
    """Values of the judge's arguments that are not plain data."""
    import sys

    if array is not None:  # a tensor: one again where TensorFlow is loaded
        tf = sys.modules.get("tensorflow")
        return tf.constant(array) if tf is not None else array
    if "$ref" in node:
        return REFS[int(node["$ref"])]
    if "$model" in node:
        return _model(node["$model"])
    if "$history" in node:
        import keras

        history = keras.callbacks.History()
        history.history = from_wire(node["$history"])
        return history
    raise BridgeError("an argument of an unknown kind")


def _snapshot(value):
    import copy
    import sys

    keras = sys.modules.get("keras")
    if keras is not None and isinstance(value, keras.Model):
        return _model_arrays(value)
    if isinstance(value, (np.ndarray, list, dict)):
        try:
            return copy.deepcopy(value)
        except Exception:
            return None
    return None


def _model_arrays(model):
    """A model's weights and its optimizer's step count: what a call that trains it changes."""
    optimizer = getattr(model, "optimizer", None)
    steps = [np.asarray(optimizer.iterations)] if optimizer is not None else []
    return [np.array(w) for w in model.get_weights()] + steps


def _same(before, after):
    """Whether ``after`` still equals the snapshot ``before`` (arrays, lists, tuples and dicts compared deeply)."""
    import sys

    keras = sys.modules.get("keras")
    if keras is not None and isinstance(after, keras.Model):
        after = _model_arrays(after)
    if isinstance(before, np.ndarray) or isinstance(after, np.ndarray):
        return (isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and before.shape == after.shape
                and before.dtype == after.dtype and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return (type(before) is type(after) and len(before) == len(after)
                and all(_same(b, a) for b, a in zip(before, after)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(_same(before[k], after[k]) for k in before))
    try:
        return bool(before == after)
    except Exception:
        return False


def _call(request):
    if "name" in request:  # the NumPy-only kernel: the function of that name in its own copy of the notebook
        namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
        if not callable(namespace.get(request["name"])):
            raise BridgeError(f"{request['name']} is not defined where only NumPy is installed")
        request["function"] = namespace[request["name"]]
    function, args, kwargs = request["function"], list(request["args"]), dict(request["kwargs"])
    if request.get("mode") == "from_scratch":
        namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
        references = [namespace[n] for n in request.get("references", ()) if hasattr(namespace.get(n), "__code__")]
        function = _CHECKS.from_scratch(function, references=references)
    if request.get("count_lines"):  # course.checks.count_notebook_lines, with the judge's limit
        inner = function
        function = lambda *a, **k: _CHECKS.count_notebook_lines(inner, *a, limit=request["count_lines"], **k)
    inputs = list(enumerate(args)) + list(kwargs.items())
    before = {key: _snapshot(value) for key, value in inputs}
    try:
        result = function(*args, **kwargs)
    except Exception as error:
        return {"error": {"type": type(error).__name__, "builtin": type(error).__module__ == "builtins",
                          "message": str(error)[:4000]}}
    changed = [[key, value] for key, value in inputs if before[key] is not None and not _same(before[key], value)]
    return {"value": result, "changed": changed}


def replay(source):
    """Run one cell of the notebook statement by statement, going on past errors (the NumPy-only kernel's copy of
    the notebook: a statement that needs Keras fails there, and the ones after it still run)."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    shell = get_ipython()  # noqa: F821 (the kernel's)
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return
    for statement in tree.body:
        try:
            exec(compile(ast.Module(body=[statement], type_ignores=[]), "<cell>", "exec"), shell.user_ns)
        except Exception:
            pass


def block_imports(packages):
    """Where no sandbox hides them (an unconfined kernel, for trusted notebooks only): refuse to import
    ``packages`` from now on."""
    import sys

    class Blocker:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name.split(".")[0] in packages:
                raise ImportError(f"{name} is not installed where this part runs: it asks for NumPy only")
            return None

    sys.meta_path.insert(0, Blocker)


def handle(text):
    """Answer one request of the judge (base64 text in, base64 text out)."""
    try:
        request = decode(text, _in)
        if request["op"] == "get":
            namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
            if request["name"] not in namespace:
                return encode({"missing": True})
            return encode({"value": namespace[request["name"]]}, _out)
        if request["op"] == "call":
            return encode(_call(request), _out)
        raise BridgeError(f"unknown request {request['op']!r}")
    except Exception as error:
        return encode({"error": {"type": "BridgeError", "builtin": False,
                                 "message": f"{type(error).__name__}: {str(error)[:1000]}"}})
