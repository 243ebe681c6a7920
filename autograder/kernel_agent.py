"""The sandboxed side of the bridge: code the grader sends into a student's kernel, which answers the judge.

It runs in the student's own process, so nothing here is trusted: it only turns the judge's requests into calls of
the student's functions and their results into data (:mod:`autograder.bridge`). Whatever a student makes it answer,
the judge receives plain values, and decides with its own code what they are worth.

Requests (decoded from the judge's text):

* ``{"op": "get", "name": NAME}``: the value the notebook's ``NAME`` holds now (a function or class as a reference);
* ``{"op": "calls", "function": REF, "calls": [{"args": [...], "kwargs": {...}}, ...], "mode": "plain" |
  "from_scratch" | "checked"}``: call it once per entry, in order, up to the first call that raises; the answer is
  ``{"results": [...]}``, one per call made, each ``{"value": ...}`` or ``{"error": ...}``.
  Arrays, lists, dicts and Keras models that the call changed in place are sent back, so that the judge's own copies
  change as the caller's would; a result that is one of the arguments, or a reshape in its memory, is named as such
  (``aliases``), and the judge returns its own argument there (``corrupt(X, 0.0)`` returning ``X``). ``from_scratch`` wraps the call in a private copy of ``course.checks.from_scratch``,
  installed with this module before any student code ran (an answer that patches ``course.checks`` does not reach
  it; one written against this module can: see the README's limits); ``checked`` is the same check with the test's
  own ``forbidden`` list, in this kernel; ``gradient`` returns ``course.checks.value_and_gradients`` of the call. ``swaps`` (name: value) are put in place of
  the notebook's names while the call runs (a test that stands a recorder in for a helper the function calls), and
  what the function prints comes back as ``printed``. ``warnings`` (the test's warning filters) and ``errstate``
  (NumPy's) are set around each call, and the warnings it issued come back as ``warnings``.

A function or object of the test's among the arguments or swaps arrives as a :class:`Callback`: calling it asks the
judge, through the kernel's stdin channel (an input request whose prompt is the request), while the judge's own
request is still being answered.

The grader evaluates ``handle(text)`` as a user expression and forwards the text it returns to the judge.
"""

import contextlib

try:
    import numpy as np

    from autograder.bridge import (CALLBACK_PREFIX, MAX_PRINTED, BridgeError, _array, changed, decode, encode, from_wire,
                                   snapshot, to_wire, write_back)
except ImportError:  # in the kernel: the grader sends the bridge's source first, into the same module
    pass

REFS = []
_MISSING = object()
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


class Callback:
    """A function or object of the test's (the bridge's ``$callback``), called in the judge: arguments cross as
    data, what the judge's function changed in them is written back here, and its result comes back as data."""

    def __init__(self, number, kind, attribute=None):
        self._number, self._kind, self._attribute = number, kind, attribute

    def __repr__(self):
        return f"<{self._attribute or self._kind} of the test>"

    def __getattr__(self, name):  # a method of a stand-in object: model.fit(...)
        if name.startswith("_") or self._attribute is not None:
            raise AttributeError(name)
        return Callback(self._number, "function", name)

    def __call__(self, *args, **kwargs):
        request = {"op": "callback", "id": self._number, "attribute": self._attribute, "args": list(args),
                   "kwargs": kwargs}
        answer = get_ipython().kernel.raw_input(CALLBACK_PREFIX + encode(request, _out))  # noqa: F821 (the kernel's)
        reply = decode(answer, _in)
        if not isinstance(reply, dict):
            raise BridgeError("the judge's answer is malformed")
        if "error" in reply:
            raise _error(reply["error"])
        inputs = dict(list(enumerate(args)) + list(kwargs.items()))
        for key, value in reply.get("changed", []):
            write_back(inputs.get(key), value)
        return reply.get("value")


def _error(error):
    """An exception of the test's function, raised in the student's code: its builtin type, else RuntimeError."""
    import builtins

    kind, message = str(error.get("type", "Exception")), str(error.get("message", ""))
    cls = getattr(builtins, kind, None)
    if error.get("builtin") and isinstance(cls, type) and issubclass(cls, Exception):
        return cls(message)
    return RuntimeError(f"{kind}: {message}")


def _figure(figure):
    """What a Matplotlib figure shows, axis by axis: labels, title, legend, and each line's label, style and data."""
    axes = []
    for ax in figure.axes:
        lines = [{"label": str(line.get_label()), "linestyle": str(line.get_linestyle()),
                  "x": np.asarray(line.get_xdata(), dtype=float), "y": np.asarray(line.get_ydata(), dtype=float)}
                 for line in ax.get_lines()]
        axes.append({"xlabel": str(ax.get_xlabel()), "ylabel": str(ax.get_ylabel()), "title": str(ax.get_title()),
                     "legend": ax.get_legend() is not None, "lines": lines,
                     "position": [float(n) for n in ax.get_position().bounds]})
    return to_wire(axes)


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
    figures = sys.modules.get("matplotlib.figure")
    if figures is not None and isinstance(value, figures.Figure):
        return {"$figure": _figure(value)}
    if isinstance(value, Callback):
        return {"$callback": value._number, "kind": value._kind, "attribute": value._attribute}
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
    if "$callback" in node:
        attribute = node.get("attribute")
        return Callback(int(node["$callback"]), str(node.get("kind")), str(attribute) if attribute else None)
    if "$model" in node:
        return _model(node["$model"])
    if "$history" in node:
        import keras

        history = keras.callbacks.History()
        history.history = from_wire(node["$history"])
        return history
    if "$optimizer" in node:
        import keras

        return keras.optimizers.deserialize(from_wire(node["$optimizer"]))
    raise BridgeError("an argument of an unknown kind")


def _call(request):
    if "name" in request:  # the NumPy-only kernel: the function of that name in its own copy of the notebook
        namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
        if not callable(namespace.get(request["name"])):
            raise BridgeError(f"{request['name']} is not defined where only NumPy is installed")
        request["function"] = namespace[request["name"]]
    function, args, kwargs = request["function"], list(request["args"]), dict(request["kwargs"])
    if request.get("mode") in ("from_scratch", "checked"):
        namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
        references = [namespace[n] for n in request.get("references", ()) if hasattr(namespace.get(n), "__code__")]
        unchanged = request.get("unchanged", True) is not False
        if request["mode"] == "checked":  # the profiler's check with the test's own list, in this kernel
            function = _CHECKS.from_scratch(function, references=references, advice=str(request.get("advice", "")),
                                            forbidden=tuple(str(f) for f in request.get("forbidden", ())),
                                            inputs_unchanged=unchanged)
        else:
            function = _CHECKS.from_scratch(function, references=references, inputs_unchanged=unchanged)
    if request.get("gradient"):  # course.checks.value_and_gradients, computed here
        differentiated = function
        function = lambda *a, **k: _CHECKS.value_and_gradients(differentiated, *a, **k)
    if request.get("count_lines"):  # course.checks.count_notebook_lines, with the judge's limit
        inner = function
        function = lambda *a, **k: _CHECKS.count_notebook_lines(inner, *a, limit=request["count_lines"], **k)
    import io

    inputs = list(enumerate(args)) + list(kwargs.items())
    before = {key: snapshot(value) for key, value in inputs}
    namespace = get_ipython().user_ns  # noqa: F821 (the kernel's)
    swaps = dict(request.get("swaps") or {})
    saved = {name: namespace.get(name, _MISSING) for name in swaps}
    printed, shown = io.StringIO(), []
    namespace.update(swaps)
    try:
        with contextlib.redirect_stdout(printed), _conditions(request) as shown:
            result = function(*args, **kwargs)
    except Exception as error:
        return {"error": {"type": type(error).__name__, "builtin": type(error).__module__ == "builtins",
                          "message": str(error)[:4000]}, "printed": printed.getvalue()[-MAX_PRINTED:],
                "warnings": _shown(shown)}
    finally:
        for name, value in saved.items():
            if value is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value
    return {"value": result, "changed": changed(inputs, before), "aliases": _aliases(result, inputs),
            "printed": printed.getvalue()[-MAX_PRINTED:], "warnings": _shown(shown)}


@contextlib.contextmanager
def _conditions(request):
    """The test's warning filters (in front of the notebook's own, as in one process) and NumPy's floating-point
    error handling, around one call; yields the list the warnings the filters let through are recorded in."""
    import warnings

    with contextlib.ExitStack() as stack:
        if request.get("errstate") is not None:
            stack.enter_context(np.errstate(**{str(k): str(v) for k, v in dict(request["errstate"]).items()}))
        if request.get("warnings") is None:
            yield []
            return
        shown = stack.enter_context(warnings.catch_warnings(record=True))
        for action, message, module_name, qualname, module, lineno in reversed(list(request["warnings"])):
            category = _warning_class(str(module_name), str(qualname))
            if category is not None:
                warnings.filterwarnings(str(action), str(message or ""), category, str(module or ""), int(lineno))
        yield shown


def _warning_class(module, qualname):
    """The warning class the judge named, where this kernel has its module loaded (else the filter is left out)."""
    import sys

    found = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found if isinstance(found, type) and issubclass(found, Warning) else None


def _shown(shown):
    """The warnings recorded by :func:`_conditions`, as ``[module, class name, message, file]`` (at most 100)."""
    return [[type(w.message).__module__, type(w.message).__qualname__, str(w.message)[:1000], str(w.filename)[:200]]
            for w in shown[:100]]


def _aliases(result, inputs):
    """``[path, key, shape]`` for the result, or an item of a returned tuple or list (path ``[]`` or ``[i]``), that
    is argument ``key`` itself (shape None) or an array in that argument's memory, element for element (a reshape:
    ``kernel.reshape(h, w, c, units)``). The judge hands back its own argument, or a reshape of it, as a caller here
    would get it: a test that asks for a new array sees the same in the judge as in the student's notebook."""
    found = []
    candidates = [([], result)]
    if type(result) in (tuple, list) and not any(result is value for _, value in inputs):
        candidates += [([i], item) for i, item in enumerate(result[:100])]
    for path, value in candidates:
        for key, argument in inputs:
            if value is argument and isinstance(value, (np.ndarray, list, dict)):
                found.append([path, key, None])
                break
            if type(value) is np.ndarray and type(argument) is np.ndarray and value.size and \
                    value.size == argument.size and value.dtype == argument.dtype and value.flags.c_contiguous and \
                    argument.flags.c_contiguous and np.shares_memory(value, argument):
                found.append([path, key, list(value.shape)])
                break
    return found


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
        if request["op"] == "calls":  # in order, up to the first that raises; what they print capped in all
            results, printed = [], 0
            for call in request["calls"]:
                result = _call({**request, "args": call["args"], "kwargs": call["kwargs"]})
                printed += len(result.get("printed", ""))
                if printed > MAX_PRINTED:
                    result["printed"] = ""
                results.append(result)
                if "error" in result:
                    break
            return encode({"results": results}, _out)
        raise BridgeError(f"unknown request {request['op']!r}")
    except Exception as error:
        return encode({"error": {"type": "BridgeError", "builtin": False,
                                 "message": f"{type(error).__name__}: {str(error)[:1000]}"}})
