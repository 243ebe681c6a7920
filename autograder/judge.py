"""``python -m autograder.judge``: the process that runs a submission's test cells, in which no student code runs.

The grader (:class:`autograder.sandbox.ContainedExecute`) has one judge per submission forked by its judge server
(:mod:`autograder.judge_server`), in a sandbox (:mod:`autograder.jail`: no network, nothing of the course root), and
talks to it over its stdin and stdout (one socket), one JSON object per line:

* ``{"op": "setup", "cells": [...]}`` and then ``{"op": "instructor", "source": ...}`` for each instructor's cell
  as the kernel runs it (trusted: nbgrader restored them from the gradebook): the judge runs, in notebook order,
  what of them needs nothing of the submission (:meth:`Judge.instructor`), and keeps these names: an answer that
  defines a function or value of the same name in its kernel does not replace the judge's.
* ``{"op": "test", "source": ...}``: run one test cell, visible and hidden parts; the reply is
  ``{"op": "verdict", "passed": bool, "ename": ..., "evalue": ...}``. The test passes when running it raises nothing.
* ``{"op": "forget", "names": [...]}``: a cell ran in the kernel; the names it assigns, and every value fetched from
  the kernel so far, are fetched again when next used.
* ``{"op": "callback", "request": TEXT}``, while the judge waits for a kernel's reply: the student's function called
  one of the test's functions or stand-in objects (the bridge's ``$callback``); the judge calls it and answers
  ``{"op": "callback_reply", "reply": TEXT}``. A test that swaps a function of the notebook for its own
  (``globals().update(loss=recording_loss)``, ``corrupt = lecture_masking``) has it swapped in the kernel too, for
  the length of each call it makes there.

A name the test cell reads that the judge does not have is fetched from the student's kernel through the grader
(``{"op": "kernel", "request": TEXT}``, answered by ``{"op": "kernel_reply", "reply": TEXT | null, "error": ...}``),
as plain data (:mod:`autograder.bridge`): numbers and arrays by value, a function as a :class:`RemoteFunction`
whose calls send their arguments to the kernel and bring the result back, a Keras model as its configuration and
weights, rebuilt here from built-in layers only. Nothing the kernel sends is run: the verdict comes from this
process's own execution of the instructor's test code.
"""

import ast
import builtins
import contextlib
import importlib
import io
import json
import os
import sys
import warnings

import numpy as np

from autograder import bridge

__all__ = ["Judge", "RemoteFunction", "main"]

#: Keras layers and objects that may not be rebuilt from a student's model: they run code of the student's.
UNSAFE_CLASSES = {"Lambda", "TFSMLayer", "TorchModuleWrapper", "JaxLayer", "FlaxLayer"}
#: The largest size (units, filters, a dimension) a model's configuration may hold, under these keys.
MAX_MODEL_SIZE = 10**7
SIZE_KEYS = ("units", "filters", "input_dim", "output_dim", "shape", "batch_shape", "batch_input_shape",
             "target_shape", "kernel_size", "pool_size", "size", "cropping", "padding")


#: The most calls of one function sent to the kernel in one request (:meth:`RemoteFunction.call_each`).
BATCH = 1000


class RemoteError(Exception):
    """An exception of the student's code whose type is not a builtin one (its type's name and message)."""


class RemoteFunction:
    """A function or class of the student's, called in their kernel with arguments that cross as data.

    ``binding`` is the notebook name it was read under: a NumPy-only call (:meth:`variant` with
    ``mode="from_scratch"``, or a line count) runs the function of that name in the NumPy-only kernel.
    """

    def __init__(self, judge, ref, name, kind, binding=None, **options):
        self._judge, self._ref, self.__name__, self.__qualname__ = judge, ref, name, name
        self._kind, self._binding, self._options = kind, binding, options

    def __repr__(self):
        return f"<{self._kind} {self.__name__} of the submission>"

    def variant(self, **options):
        """The same function, called with other options (``mode``, ``references``, ``forbidden``, ``advice``,
        ``count_lines``, ``gradient``)."""
        return RemoteFunction(self._judge, self._ref, self.__name__, self._kind, self._binding,
                              **{**self._options, **options})

    def __call__(self, *args, **kwargs):
        return self.call_each([(args, kwargs)])[0]

    def call_each(self, calls):
        """``[self(*args, **kwargs) for args, kwargs in calls]`` in a request per :data:`BATCH` calls: the kernel
        runs them in order and stops at the first that raises, which is raised here as in the loop."""
        if self._kind == "object":
            raise TypeError(f"{self.__name__} is an object of the submission that the grader cannot read.")
        calls = [(tuple(args), dict(kwargs)) for args, kwargs in calls]
        numpy_only = self._options.get("mode") == "from_scratch" or "count_lines" in self._options
        values = []
        for start in range(0, len(calls), BATCH):
            batch = calls[start:start + BATCH]
            request = {"op": "calls", "calls": [{"args": list(a), "kwargs": k} for a, k in batch], **self._options}
            swaps = self._judge.namespace.swaps()
            if swaps:
                request["swaps"] = swaps
            request.update(self._judge.conditions())
            if numpy_only and self._binding:
                request["name"], kernel = self._binding, "scratch"
            else:
                request["function"], kernel = self, "main"
            reply = self._judge.ask(request, f"the call of {self.__name__}", kernel)
            results = reply.get("results")
            if not isinstance(results, list) or not results or len(results) > len(batch) or \
                    not all(isinstance(r, dict) for r in results):
                raise TypeError(f"the call of {self.__name__} got a malformed answer from the kernel.")
            for (args, kwargs), result in zip(batch, results):
                values.append(self._result(result, args, kwargs, numpy_only))
            if len(results) < len(batch):  # only a call that raised may end a batch early
                raise TypeError(f"the calls of {self.__name__} stopped without an error from the kernel.")
        return values

    def _result(self, reply, args, kwargs, numpy_only):
        """One call's value: what it printed written out, its error raised, what it changed written back."""
        if isinstance(reply.get("printed"), str):  # what the function printed, for a test that reads it
            sys.stdout.write(reply["printed"][-bridge.MAX_PRINTED:])
        _warn_again(reply.get("warnings"))
        if "error" in reply:
            raise _exception(reply["error"], self.__name__, numpy_only)
        inputs = dict(list(enumerate(args)) + list(kwargs.items()))
        for key, value in reply.get("changed", []):
            bridge.write_back(inputs.get(key), value)
        value = reply.get("value")
        for alias in reply.get("aliases") or []:  # an argument came back itself, or reshaped in its own memory
            value = self._alias(value, alias, inputs)
        return value

    def _alias(self, value, alias, inputs):
        """``value`` with the caller's own argument (or a reshape of it) where the kernel's result was that argument."""
        malformed = TypeError(f"the call of {self.__name__} got a malformed answer from the kernel.")
        if not (isinstance(alias, list) and len(alias) == 3 and isinstance(alias[0], list) and len(alias[0]) <= 1
                and isinstance(alias[1], (int, str)) and (alias[2] is None or isinstance(alias[2], list))):
            raise malformed
        (path, key, shape), own = alias, inputs.get(alias[1])
        if shape is None and isinstance(own, (np.ndarray, list, dict)):
            replacement = own
        elif shape is not None and isinstance(own, np.ndarray) and all(type(n) is int and n >= 0 for n in shape) \
                and int(np.prod(shape, dtype=np.int64)) == own.size:
            replacement = own.reshape(shape)
        else:
            raise malformed
        if not path:
            return replacement
        if not isinstance(value, (tuple, list)) or not isinstance(path[0], int) or not 0 <= path[0] < len(value):
            raise malformed
        items = list(value)
        items[path[0]] = replacement
        return type(value)(items)


def _exception(error, name, numpy_only=False):
    """The student's exception as one the test can catch: a builtin type where it was one, else RemoteError."""
    kind, message = str(error.get("type", "Exception")), str(error.get("message", ""))[:4000]
    if kind == "BridgeError":
        return TypeError(f"{name}: {message}")
    if numpy_only and kind in ("ImportError", "ModuleNotFoundError"):
        return AssertionError(f"{name} needs a library that is not installed where this part runs ({message}): "
                              "this part asks for NumPy only, without Keras, TensorFlow, scikit-learn or SciPy.")
    cls = getattr(builtins, kind, None)
    if error.get("builtin") and isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == "builtins":
        try:
            return cls(message)
        except Exception:
            pass
    return RemoteError(f"{kind}: {message}")


def _filter(entry):
    """One of :data:`warnings.filters` as data: action, message and module patterns, category, line."""
    action, message, category, module, lineno = entry
    return [action, getattr(message, "pattern", message), category.__module__, category.__qualname__,
            getattr(module, "pattern", module), lineno]


def _conditions_now():
    """The warning filters (the list, and its entries) and NumPy's error handling, to compare with later."""
    return warnings.filters, list(warnings.filters), np.geterr()


def _warn_again(shown):
    """Issue here, under the test's own filters, the warnings the student's function issued in the kernel (at most
    100, as the kernel's text: a forged one can only fail the submission's own test)."""
    if not isinstance(shown, list):
        return
    for item in shown[:100]:
        if not (isinstance(item, list) and len(item) == 4 and all(isinstance(part, str) for part in item)):
            continue
        module, name, message, filename = item
        # a warning class of a module the judge has loaded, or Warning: read from the module's own names, so that
        # no module __getattr__ (a lazy import) runs on a name the kernel chose
        category = getattr(sys.modules.get(module), "__dict__", {}).get(name)
        if not (isinstance(category, type) and issubclass(category, Warning)):
            category = Warning
        warnings.warn_explicit(message[:1000], category, filename[:200] or "<kernel>", 0, module="__main__")


def _integers(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return [n for item in value for n in _integers(item)] if isinstance(value, (list, tuple)) else []


def _check_config(node):
    """Refuse a model configuration that names anything but Keras' own built-in classes, or sizes that would not fit
    in memory (Keras allocates a model's variables before its weights are set)."""
    if isinstance(node, dict):
        sizes = [n for key in SIZE_KEYS if key in node for n in _integers(node[key])]
        if any(abs(n) > MAX_MODEL_SIZE for n in sizes):
            raise TypeError(f"the model has a size of {max(sizes, key=abs):,}, more than the grader rebuilds.")
        name, module = node.get("class_name"), node.get("module")
        if name in UNSAFE_CLASSES or (module is not None and not str(module).startswith("keras")):
            raise TypeError(f"the model uses {name}, a layer the grader does not rebuild; use Keras' built-in layers.")
        for value in node.values():
            _check_config(value)
    elif isinstance(node, list):
        for value in node:
            _check_config(value)


def _model(state):
    import keras

    config = json.loads(state["config"])
    _check_config(config)
    model = keras.saving.deserialize_keras_object(config, safe_mode=True)
    model.set_weights(bridge.from_wire(state["weights"]))
    if state.get("compile"):
        compiled = json.loads(state["compile"])
        _check_config(compiled)
        model.compile_from_config(compiled)
        model.optimizer.iterations.assign(int(state.get("optimizer_steps", 0)))
    return model


def _figure(axes):
    """A Matplotlib figure drawn again from what the student's one showed (see the bridge's ``$figure``)."""
    from matplotlib.figure import Figure

    figure = Figure()
    for spec in axes[:100]:
        ax = figure.add_axes([float(n) for n in spec["position"]])
        for line in spec["lines"][:1000]:
            style = line["linestyle"] if line["linestyle"] in ("-", "--", "-.", ":", "None", "") else "-"
            ax.plot(line["x"], line["y"], label=str(line["label"]), linestyle=style)
        ax.set_xlabel(str(spec["xlabel"]))
        ax.set_ylabel(str(spec["ylabel"]))
        ax.set_title(str(spec["title"]))
        if spec["legend"]:
            ax.legend()
    return figure


class Namespace(dict):
    """The test cells' globals: a name the judge does not have is fetched from the kernel when first read."""

    def __init__(self, judge):
        super().__init__()
        self.judge, self.pinned, self.fetched, self.functions = judge, set(), set(), {}

    def __missing__(self, name):
        if name.startswith("__") or hasattr(builtins, name):
            raise KeyError(name)
        value = self.judge.fetch(name)
        if isinstance(value, RemoteFunction):
            value._binding = name
            self.functions[name] = value
        self[name] = value
        self.fetched.add(name)
        return value

    def swaps(self):
        """The student's functions the test has put something else in place of, by name: what stands in for each."""
        return {name: dict.get(self, name) for name, function in self.functions.items()
                if name in self and dict.get(self, name) is not function}

    def forget(self, names):
        for name in (set(names) | self.fetched) - self.pinned:
            self.pop(name, None)
        self.fetched.clear()
        self.functions.clear()


def _from_scratch(original, refused):
    """``course.checks.from_scratch`` for a submission's function: run where only NumPy is installed, or, with
    ``forbidden`` given as data (module prefixes and patterns), checked by the profiler in the student's kernel."""
    def from_scratch(function, references=(), *args, **kwargs):
        if not isinstance(function, RemoteFunction):
            return original(function, references, *args, **kwargs)
        if refused:
            return _refuse(function, refused)
        names = [getattr(r, "__name__", "") for r in references]
        unchanged = bool(kwargs.pop("inputs_unchanged", True))
        if not args and not kwargs:
            return function.variant(mode="from_scratch", references=names, unchanged=unchanged)
        options = dict(zip(("forbidden", "advice"), args), **kwargs)
        forbidden, advice = options.get("forbidden", ()), options.get("advice", "")
        if not isinstance(forbidden, (tuple, list)) or not all(isinstance(f, str) for f in forbidden) or \
                not isinstance(advice, str) or set(options) - {"forbidden", "advice"}:
            raise RuntimeError("from_scratch with forbidden= given as a predicate cannot be sent to the student's "
                               "kernel: give module prefixes and patterns (a tuple of strings).")
        return function.variant(mode="checked", references=names, forbidden=list(forbidden), advice=advice,
                                unchanged=unchanged)
    return from_scratch


def _value_and_gradients(original):
    """``course.checks.value_and_gradients`` for a submission's function: differentiated in the student's kernel."""
    def value_and_gradients(function, *args, **kwargs):
        if not isinstance(function, RemoteFunction):
            return original(function, *args, **kwargs)
        value, gradients = function.variant(gradient=True)(*args, **kwargs)
        return value, tuple(gradients)
    return value_and_gradients


def _call_each(original):
    """``course.checks.call_each`` for a submission's function: the calls go to its kernel a batch at a time."""
    def call_each(function, calls):
        if not isinstance(function, RemoteFunction):
            return original(function, calls)
        return function.call_each(calls)
    return call_each


def _count_notebook_lines(original, refused):
    """``course.checks.count_notebook_lines`` for a submission's function: counted where only NumPy is installed."""
    def count_notebook_lines(function, *args, limit=400, **kwargs):
        if not isinstance(function, RemoteFunction):
            return original(function, *args, limit=limit, **kwargs)
        if refused:
            _refuse(function, refused)()
        count, called_keras, result = function.variant(count_lines=int(limit))(*args, **kwargs)
        return int(count), bool(called_keras), result
    return count_notebook_lines


def _refuse(function, refused):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{function.__name__} cannot be checked: the notebook uses {refused}, which could "
                             "change how the grader measures your code; remove it.")
    return refuse


class Judge:
    """Runs test cells against a submission it reaches only through the grader."""

    def __init__(self, receive, send):
        self.receive, self.send = receive, send
        self.namespace = Namespace(self)
        self.namespace["__name__"] = "__main__"
        self.namespace["__builtins__"] = builtins
        self.offline = False
        self.callbacks = []  # the test's functions and objects handed to the submission, by number
        self._conditions = _conditions_now()  # as a test cell starts

    def ask(self, request, what, kernel="main"):
        """Send ``request`` to a kernel (``"main"``, or ``"scratch"``: the NumPy-only one); its decoded reply (a
        dict), or raise an error a student understands."""
        try:
            text = bridge.encode(request, self._outgoing)
        except bridge.BridgeError as error:
            raise TypeError(f"{what}: {error}") from None
        self.send({"op": "kernel", "request": text, "kernel": kernel})
        answer = self.receive()
        while answer.get("op") == "callback":  # the student's function calls one of the test's meanwhile
            self.send({"op": "callback_reply", "reply": self.callback(answer.get("request"))})
            answer = self.receive()
        if answer.get("op") != "kernel_reply" or not answer.get("reply"):
            raise TimeoutError(f"{what} got no answer from the kernel ({answer.get('error') or 'no reply'}).")
        try:
            reply = bridge.decode(answer["reply"], self._incoming)
        except (bridge.BridgeError, TypeError, ValueError, KeyError) as error:
            raise TypeError(f"{what} returned something the grader cannot read ({error}).") from None
        if not isinstance(reply, dict):
            raise TypeError(f"{what} got a malformed answer from the kernel.")
        return reply

    def conditions(self):
        """What the running test set around its calls, as data for the kernel to set around each of them: the
        warning filters it added (``warnings.filterwarnings("error", ...)`` turns NumPy's overflow warning into
        an error in the student's function, as it would in one process), that it records warnings
        (``catch_warnings(record=True)``: the kernel sends back the warnings the call issued, and
        :func:`_warn_again` issues them here), and NumPy's floating-point error handling (``np.errstate``)."""
        listed, before, errors = self._conditions
        sent = {}
        if warnings.filters is not listed or len(warnings.filters) != len(before) or \
                any(a is not b for a, b in zip(warnings.filters, before)):
            sent["warnings"] = [_filter(entry) for entry in warnings.filters
                                if not any(entry is earlier for earlier in before)]
        if np.geterr() != errors:
            sent["errstate"] = np.geterr()
        return sent

    def _callback(self, number):
        if type(number) is not int or not 0 <= number < len(self.callbacks):
            raise bridge.BridgeError("no function of the test has that number")
        return self.callbacks[number]

    def callback(self, text):
        """Answer a kernel's call of one of the test's functions (``$callback``): base64 text in and out."""
        try:
            request = bridge.decode(text, self._incoming)
            target = self._callback(request["id"])
            attribute = request.get("attribute")
            if attribute is not None:
                if not isinstance(attribute, str) or attribute.startswith("_"):
                    raise bridge.BridgeError("only public methods of the test's objects can be called")
                target = getattr(target, attribute)
            args, kwargs = list(request.get("args", [])), dict(request.get("kwargs", {}))
            inputs = list(enumerate(args)) + list(kwargs.items())
            before = {key: bridge.snapshot(value) for key, value in inputs}
            with _quiet():
                result = target(*args, **{str(k): v for k, v in kwargs.items()})
            reply = {"value": result, "changed": bridge.changed(inputs, before)}
        except Exception as error:
            reply = {"error": {"type": type(error).__name__, "builtin": type(error).__module__ == "builtins",
                               "message": str(error)[:4000]}}
        try:
            return bridge.encode(reply, self._outgoing)
        except Exception as error:
            return bridge.encode({"error": {"type": "TypeError", "builtin": True,
                                            "message": f"the test's function returned what cannot cross ({error})"}})

    def fetch(self, name):
        if self.offline:  # while the instructor's cells are set up: nothing of the submission
            raise KeyError(name)
        reply = self.ask({"op": "get", "name": name}, f"reading {name}")
        if reply.get("missing") or "value" not in reply:
            raise KeyError(name)
        return reply["value"]

    def _outgoing(self, value):
        if isinstance(value, RemoteFunction):
            return {"$ref": value._ref}
        if bridge.is_model(value):
            from autograder.kernel_agent import _model_state  # the same encoding on both sides

            return {"$model": _model_state(value)}
        tf = sys.modules.get("tensorflow")
        if tf is not None and isinstance(value, (tf.Tensor, tf.Variable)):
            return bridge._array(np.asarray(value), tensor=True)
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(value, keras.Variable):
            return bridge._array(np.asarray(value), tensor=True)
        if keras is not None and isinstance(value, keras.callbacks.History):
            return {"$history": bridge.to_wire(value.history)}
        if keras is not None and isinstance(value, keras.optimizers.Optimizer) and \
                type(value).__module__.startswith("keras."):  # one of Keras' own: a fresh one made from its config
            return {"$optimizer": bridge.to_wire(keras.optimizers.serialize(value))}
        if callable(value) or type(value).__module__ == self.namespace["__name__"]:  # the test's: called back here
            self.callbacks.append(value)
            return {"$callback": len(self.callbacks) - 1, "kind": "function" if callable(value) else "object"}
        raise bridge.BridgeError(f"a {type(value).__name__} cannot be passed to the submission's code")

    def _incoming(self, node, array=None):
        if array is not None:
            tf = sys.modules.get("tensorflow")
            return tf.constant(array) if tf is not None else array
        if "$ref" in node:
            return RemoteFunction(self, int(node["$ref"]), str(node.get("name", "?"))[:100],
                                  node.get("kind") if node.get("kind") in ("function", "class") else "object")
        if "$module" in node:
            name = str(node["$module"])
            if name.split(".")[0] not in bridge.MODULES:
                raise bridge.BridgeError(f"the module {name[:100]} is not one the tests use")
            return importlib.import_module(name)
        if "$model" in node:
            return _model(node["$model"])
        if "$history" in node:
            import keras

            history = keras.callbacks.History()
            history.history = bridge.from_wire(node["$history"])
            return history
        if "$figure" in node:
            return _figure(bridge.from_wire(node["$figure"]))
        if "$callback" in node:  # one of the test's own, handed back
            value = self._callback(node["$callback"])
            attribute = node.get("attribute")
            return getattr(value, attribute) if isinstance(attribute, str) and not attribute.startswith("_") else value
        raise bridge.BridgeError("a value of an unknown kind")

    def setup(self, cells, refused=""):
        """Run the instructor's cells that ran so far (see :meth:`instructor`) and install the judge's checks.

        ``refused`` names what the grader found in the answer cells that could change how ``from_scratch`` and
        ``count_notebook_lines`` measure (``sys.settrace``, ...): those checks then fail.
        """
        for source in cells:
            self.instructor(source)
        import course.checks

        course.checks.from_scratch = _from_scratch(course.checks.from_scratch, refused)
        course.checks.count_notebook_lines = _count_notebook_lines(course.checks.count_notebook_lines, refused)
        course.checks.value_and_gradients = _value_and_gradients(course.checks.value_and_gradients)
        course.checks.call_each = _call_each(course.checks.call_each)

    def instructor(self, source):
        """Run an instructor's cell, in notebook order, as far as it needs nothing of the submission; keep its names.

        Its imports, functions and classes, and every assignment that reads only names the judge already has
        (``R = 6371.0``, ``X_try = np.array(...)``, ``x_train = ...`` from the data loaders), run here: a test reads
        the instructor's values and helpers, never the kernel's, so an answer that rebinds ``R`` or redefines a
        reference helper changes nothing here. What needs the submission (``X = student_function(...)``) is
        fetched from the kernel when a test reads it.
        """
        from IPython.core.inputtransformer2 import TransformerManager

        try:
            tree = ast.parse(TransformerManager().transform_cell(source))
        except SyntaxError:
            return
        self.offline = True
        try:
            for statement in tree.body:
                ran = self._instructors(statement) and self._run_instructors(statement)
                if not ran and isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    targets = getattr(statement, "targets", None) or [statement.target]
                    names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
                    self.namespace.pinned -= names  # what the kernel computed: read from there when a test needs it
                    for name in names:
                        self.namespace.pop(name, None)
        finally:
            self.offline = False

    def _run_instructors(self, statement):
        before = {name: id(value) for name, value in self.namespace.items()}
        try:
            with _quiet():
                exec(compile(ast.Module(body=[statement], type_ignores=[]), "<instructor>", "exec"), self.namespace)
        except Exception:  # it needs something of the submission after all: the kernel's value is read
            return False
        self.namespace.pinned |= {name for name, value in self.namespace.items() if before.get(name) != id(value)}
        return True

    def _instructors(self, statement):
        """Whether the judge runs this statement of an instructor's cell (it needs nothing of the submission)."""
        if isinstance(statement, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return True
        if not isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)) or statement.value is None:
            return False
        reads = {node.id for node in ast.walk(statement) if isinstance(node, ast.Name)
                 and isinstance(node.ctx, ast.Load)}
        return all(name in self.namespace.pinned or hasattr(builtins, name) for name in reads)

    def test(self, source):
        self._conditions = _conditions_now()
        try:
            with _quiet():
                exec(compile(source, "<test>", "exec"), self.namespace)
        except BaseException as error:  # a test that raises, whatever it raises, earns nothing
            if isinstance(error, (SystemExit, KeyboardInterrupt)):
                error = RuntimeError(f"the test stopped ({type(error).__name__})")
            message = str(error).strip().splitlines()[0][:1000] if str(error).strip() else ""
            return {"op": "verdict", "passed": False, "ename": type(error).__name__, "evalue": message}
        return {"op": "verdict", "passed": True}


@contextlib.contextmanager
def _quiet():
    """What a test prints is not part of its verdict."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def main():
    """Serve the grader: JSON lines on stdin, JSON lines on the original stdout (fd 1 goes to stderr)."""
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything a library writes to fd 1 (TensorFlow's C++ logging) stays off the protocol
    sys.stdout = sys.stderr
    lines = sys.stdin

    def receive():
        line = lines.readline(bridge.MAX_BYTES + 4096)
        if not line:
            sys.exit(0)
        return json.loads(line)

    def send(message):
        protocol.write(json.dumps(message) + "\n")

    judge = Judge(receive, send)
    while True:
        message = receive()
        if message["op"] == "setup":
            judge.setup(message["cells"], message.get("refused", ""))
            send({"op": "ready"})
        elif message["op"] == "instructor":
            judge.instructor(message["source"])
        elif message["op"] == "forget":
            judge.namespace.forget(message["names"])
        elif message["op"] == "test":
            send(judge.test(message["source"]))


if __name__ == "__main__":
    main()
