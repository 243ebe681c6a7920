"""Assertion helpers for the assignments' test cells.

Each raises ``AssertionError`` with a message that teaches: what was
expected, what came back, the shapes, and a hint at the usual mistake.
:func:`from_scratch` checks how a NumPy-only answer computes, not what;
:func:`count_notebook_lines` checks that it is vectorized, by counting the lines it runs;
:func:`value_and_gradients` differentiates an answer with respect to its arguments;
:func:`call_each` makes many calls of one function at once.
"""

import sys

import numpy as np

__all__ = ["LIBRARIES", "assert_allclose", "assert_array", "assert_equal", "assert_returns", "assert_shape",
           "call_each", "count_notebook_lines", "from_scratch", "value_and_gradients"]

#: What a NumPy-only part may not run: the top-level packages whose code :func:`from_scratch` looks for.
LIBRARIES = ("keras", "tensorflow", "sklearn", "scipy", "torch", "jax")
NUMPY_ONLY = "this part asks for NumPy only, without Keras, TensorFlow, scikit-learn, SciPy or the reference helpers"
# Taken when the course is imported (the grader imports it before any answer runs): an answer that replaces
# sys.setprofile does not switch the check off.
_setprofile, _getprofile, _settrace, _gettrace = sys.setprofile, sys.getprofile, sys.settrace, sys.gettrace
_modules = sys.modules
_NUMPY_UFUNCS = frozenset(id(value) for value in vars(np).values() if type(value) is np.ufunc)


def assert_returns(value, name, expected_type=None):
    """Fail clearly when a student's function returned None or the wrong type.

    Parameters
    ----------
    value : object
        What the function returned.
    name : str
        The function's name, for the message.
    expected_type : type or tuple of types, optional
    """
    if value is None:
        raise AssertionError(f"{name} returned None: did you forget the `return` statement, "
                             "or leave `raise NotImplementedError()` in place?")
    if expected_type is not None and not isinstance(value, expected_type):
        wanted = getattr(expected_type, "__name__", None) or " or ".join(t.__name__ for t in expected_type)
        raise AssertionError(f"{name} should return a {wanted}, but returned a {type(value).__name__}: {value!r:.80}")


_PLAIN_SCALARS = (bool, int, float, complex, np.bool_, np.integer, np.floating, np.complexfloating)
_LIBRARIES = ("numpy", "tensorflow", "jax", "keras", "torch")


def _is_library_array(value):
    """A tensor of a library (its conversion to NumPy is the library's own code, not the student's)."""
    return type(value).__module__.split(".")[0] in _LIBRARIES[1:] and hasattr(value, "__array__")


def _is_plain(value):
    """Whether ``value`` is data: None, a string, a number, an exact ndarray, or a list/tuple/dict of those."""
    kind = type(value)
    if value is None or kind in (str, bytes) or kind is np.ndarray and value.dtype != object:
        return True
    if isinstance(value, _PLAIN_SCALARS):
        return kind.__module__ in ("builtins", "numpy")
    if kind in (list, tuple):
        return all(_is_plain(item) for item in value)
    if kind is dict:
        return all(_is_plain(k) and _is_plain(v) for k, v in value.items())
    return _is_library_array(value)


def _plain(value, name):
    """``value`` as a NumPy array, when it is plain data: numbers, lists of numbers, or an exact ndarray.

    An ndarray subclass or an object that converts itself (``__array__``, ``__float__``) could look at the
    caller's expected value and return it; the tests accept only data, so a wrong answer cannot pass that way.
    """
    if type(value) is np.ndarray or _is_library_array(value) or (
            isinstance(value, _PLAIN_SCALARS) and type(value).__module__ in ("builtins", "numpy")):
        array = np.asarray(value)
    elif type(value) in (list, tuple):
        array = np.asarray(value)
        if array.dtype == object:
            raise AssertionError(f"{name} should hold numbers, but holds {type(value).__name__} of other objects.")
    else:
        raise AssertionError(f"{name} should be a NumPy array or a number, but is a {type(value).__name__}; "
                             "return a plain numpy.ndarray (np.asarray(...) makes one).")
    if array.dtype.kind not in "biufc":
        raise AssertionError(f"{name} should hold numbers, but its dtype is {array.dtype}.")
    return array


def assert_shape(array, shape, name):
    """Fail when ``array`` does not have ``shape`` (None in ``shape`` matches any size)."""
    got = np.shape(array)
    matches = len(got) == len(shape) and all(s is None or s == g for s, g in zip(shape, got))
    if not matches:
        raise AssertionError(f"{name} has shape {got}, expected {tuple(shape)}. Check which axis you summed or "
                             "broadcast over, and whether you kept the batch dimension.")


def assert_array(value, name, shape=None):
    """Check that ``value`` is a NumPy array (not None, not a list) of the given shape."""
    assert_returns(value, name, np.ndarray)
    if shape is not None:
        assert_shape(value, shape, name)


def assert_allclose(got, expected, name, rtol=1e-6, atol=1e-8, hint=""):
    """Compare arrays element-wise and say where and by how much they differ.

    Parameters
    ----------
    got, expected : array_like
    name : str
        What is compared, e.g. ``"sigmoid(z)"``.
    rtol, atol : float
        Tolerances as in ``numpy.allclose``.
    hint : str, optional
        The usual mistake, appended to the message.
    """
    assert_returns(got, name)
    got_array, expected_array = _plain(got, name).astype(float), np.asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{name} has shape {got_array.shape}, expected {expected_array.shape}. {hint}".strip())
    close = np.isclose(got_array, expected_array, rtol=rtol, atol=atol)
    if not np.all(close):
        where = np.argwhere(~close)[0] if got_array.ndim else ()
        index = tuple(int(i) for i in where)
        message = (f"{name} is wrong at index {index}: expected {expected_array[index].tolist()!r}, got {got_array[index].tolist()!r} "
                   f"({int(np.sum(~close))} of {close.size} values differ).")
        raise AssertionError(f"{message} {hint}".strip())


def assert_equal(got, expected, name, hint=""):
    """Exact comparison for integers, labels and other discrete results."""
    assert_returns(got, name)
    if not _is_plain(got):
        raise AssertionError(f"{name} should be plain data (numbers, strings, arrays, lists of them), but is a "
                             f"{type(got).__name__}.")
    equal = np.array_equal(np.asarray(got, dtype=object) if isinstance(got, (list, tuple)) else np.asarray(got),
                           np.asarray(expected, dtype=object) if isinstance(expected, (list, tuple))
                           else np.asarray(expected))
    if not equal:
        raise AssertionError(f"{name}: expected {expected!r}, got {got!r}. {hint}".strip())



def _forbids(forbidden):
    """``forbidden`` (prefixes of module names, patterns with ``*``, or a predicate) as a predicate
    ``(module, function name) -> bool``."""
    import fnmatch

    if callable(forbidden):
        return forbidden
    prefixes = tuple(p for p in forbidden if "*" not in p)
    patterns = tuple(p.lower() for p in forbidden if "*" in p)
    return lambda module, name: (any(module == p or module.startswith(p + ".") for p in prefixes)
                                 or any(fnmatch.fnmatchcase(f"{module}.{name}".lower(), p) for p in patterns))


def _ufunc_slots(function, forbids):
    """[(setter, ufunc, its name)]: every place where ``function`` could reach a forbidden SciPy ufunc by a name.

    A ufunc (``scipy.special.expit``) runs no Python code, so the profiler cannot see it; it is looked for in SciPy's
    modules and in ``function``'s globals, closure and defaults, under whatever name it was given there.
    """
    modules = sorted((n, m) for n, m in list(_modules.items()) if n.split(".")[0] == "scipy" and m is not None)
    names = {}  # the public name first: scipy.special.expit, not scipy.special._ufuncs.expit
    for name, module in sorted(modules, key=lambda item: item[0].count(".")):
        for key, value in list(vars(module).items()):
            if type(value) is np.ufunc and id(value) not in _NUMPY_UFUNCS and forbids(name, key):
                names.setdefault(id(value), f"{name}.{key}")
    spaces = [vars(m) for _, m in modules] + [getattr(function, "__globals__", None) or {},
                                              getattr(function, "__kwdefaults__", None) or {}]
    slots = [(lambda new, d=space, k=key: d.__setitem__(k, new), value)
             for space in spaces for key, value in list(space.items()) if id(value) in names]
    for cell in getattr(function, "__closure__", None) or ():
        value = getattr(cell, "cell_contents", None)
        slots += [(lambda new, c=cell: setattr(c, "cell_contents", new), value)] if id(value) in names else []
    for i, value in enumerate(getattr(function, "__defaults__", None) or ()):
        slots += [(lambda new, i=i: setattr(function, "__defaults__", function.__defaults__[:i] + (new,)
                                            + function.__defaults__[i + 1:]), value)] if id(value) in names else []
    return [(setter, value, names[id(value)]) for setter, value in slots]


def _recorder(ufunc, name, used):
    """``ufunc``, noting ``name`` in ``used`` when it is called."""
    def record(*args, **kwargs):
        used.append(name)
        return ufunc(*args, **kwargs)
    return record


def _profiler(forbids, references, used, caller):
    """A ``sys.setprofile`` function that notes in ``used`` the first forbidden function, reference or switch-off.

    Events of the frame running the code object ``caller`` (the check's own) are not the function's.
    """
    def profile(frame, event, arg):
        if used or event not in ("call", "c_call") or frame.f_code is caller:
            return
        if event == "call":
            module, name = str(frame.f_globals.get("__name__")), frame.f_code.co_name
            if frame.f_code in references:
                used.append(f"the reference helper {references[frame.f_code]}")
            elif forbids(module, name):
                used.append(f"{module}.{name}")
        elif arg is _setprofile or arg is _settrace:
            used.append(f"sys.{arg.__name__}, which switches this check off")
        elif forbids(str(getattr(arg, "__module__", None)), str(getattr(arg, "__name__", "?"))):
            used.append(f"{arg.__module__}.{getattr(arg, '__name__', '?')}")
    return profile


def _changed_inputs(function, args, kwargs, copies):
    """Names of the ndarray arguments whose values differ from ``copies`` (taken before the call)."""
    code = getattr(function, "__code__", None)
    positional = code.co_varnames[:code.co_argcount] if code is not None else ()
    names = [positional[i] if i < len(positional) else f"argument {i + 1}" for i in range(len(args))] + list(kwargs)
    return [name for name, value, copy in zip(names, list(args) + list(kwargs.values()), copies)
            if copy is not None and not (value.shape == copy.shape and np.array_equal(
                value, copy, equal_nan=value.dtype.kind in "fc"))]


def from_scratch(function, references=(), forbidden=LIBRARIES, advice=NUMPY_ONLY, inputs_unchanged=True):
    """``function``, checked: calling it fails if it ran library code or a reference helper, or changed an input.

    The test cells of a NumPy-only part call the student's function through this:
    ``from_scratch(sigmoid)(z)`` returns ``sigmoid(z)``, or raises ``AssertionError`` naming what it called.

    Parameters
    ----------
    function : callable
        The function under test.
    references : sequence of functions, optional
        The notebook's reference helpers (they call Keras or TensorFlow, or solve the part): calling one fails.
    forbidden : tuple of str, or callable, optional
        Modules whose code must not run: package names or dotted prefixes (``"keras.src.losses"``), patterns of
        ``module.function`` with ``*``, in lower case (``"*crossentropy*"``), or a predicate
        ``(module_name, function_name) -> bool``. Default: :data:`LIBRARIES`. (The grader runs the check in the
        student's kernel when ``forbidden`` is a tuple of strings; a predicate cannot be sent there.)
    advice : str, optional
        What the part asks for, ending the failure message.
    inputs_unchanged : bool, default True
        Whether an ``ndarray`` argument whose values changed during the call fails the check. A part that charges
        an in-place change in a test cell of its own passes False in its other cells (and gives them copies), so
        that the slip costs that cell's points once.

    Returns
    -------
    callable
        Takes the arguments of ``function`` and returns its result.

    Notes
    -----
    Every Python function that runs during the call is seen by ``sys.setprofile``, whatever name it was imported
    under and however deep it is called (a notebook helper that wraps Keras is caught too). SciPy's ufuncs run no
    Python code: they are swapped for recorders meanwhile (:func:`_ufunc_slots`). A call that raises after running
    library code fails the check too (a library's own ``ValueError`` is not the answer's). An ``ndarray`` argument
    whose values changed during the call fails it (work on a copy, not in place), unless ``inputs_unchanged=False``.
    """
    forbids, codes = _forbids(forbidden), {r.__code__: r.__name__ for r in references}

    def checked(*args, **kwargs):
        used, slots = [], _ufunc_slots(function, forbids)
        copies = [v.copy() if type(v) is np.ndarray else None for v in list(args) + list(kwargs.values())]
        for setter, ufunc, name in slots:
            setter(_recorder(ufunc, name, used))
        previous, profile = _getprofile(), _profiler(forbids, codes, used, checked.__code__)
        _setprofile(profile)
        raised = None
        try:
            result = function(*args, **kwargs)
        except Exception as error:
            raised = error
        finally:
            switched_off = _getprofile() is not profile
            _setprofile(previous)
            for setter, ufunc, _ in slots:
                setter(ufunc)
        if used or switched_off:
            raise AssertionError(f"{getattr(function, '__name__', 'the function')} called "
                                 f"{used[0] if used else 'sys.setprofile'}: {advice}.") from raised
        if raised is not None:
            raise raised
        changed = _changed_inputs(function, args, kwargs, copies) if inputs_unchanged else []
        if changed:
            raise AssertionError(f"{function.__name__} changed its input {changed[0]} in place: the caller's array "
                                 "must keep its values. Work on a copy or on new arrays.")
        return result

    return checked


class _LineLimitExceeded(BaseException):
    """Raised inside the traced function once it has run more lines than allowed (not an ``Exception``: an answer's
    ``except Exception`` does not catch it)."""


def count_notebook_lines(function, *args, limit=400, **kwargs):
    """Call ``function(*args, **kwargs)`` and count the lines of notebook code it runs: a vectorization check.

    A stopwatch would make a grade depend on the machine's load; a count is the same on every machine. A loop over
    pixels, points or clusters runs its body once per item; a vectorized version runs a few lines in all.

    Parameters
    ----------
    function : callable
        The function under test (or a wrapper of it, such as ``from_scratch(function)``).
    *args, **kwargs
        Its arguments.
    limit : int, optional
        Counting stops, and the call is abandoned, once more than ``limit`` lines have run.

    Returns
    -------
    lines : int
        The lines of code run in functions of the module ``__main__`` (a notebook's own functions: not NumPy's,
        nor this module's); more than ``limit`` when the call was stopped.
    called_keras : bool
        Whether code of Keras or TensorFlow ran during the call.
    result : object
        What ``function`` returned; None when the call was stopped.
    """
    count, called_keras, open_frames = 0, False, set()

    def on_line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > limit:
                raise _LineLimitExceeded
        elif event == "return":
            open_frames.discard(id(frame))
        return on_line

    def on_call(frame, event, arg):
        nonlocal called_keras
        module = frame.f_globals.get("__name__", "")
        called_keras = called_keras or module.startswith(("keras", "tensorflow"))
        if module != "__main__":
            return None
        open_frames.add(id(frame))
        return on_line

    previous, result, stopped = _gettrace(), None, False
    _settrace(on_call)
    try:
        result = function(*args, **kwargs)
    except _LineLimitExceeded:
        stopped = True
    finally:
        switched_off = _gettrace() is not on_call
        _settrace(previous)
    if not stopped and (switched_off or open_frames):
        raise AssertionError(f"{getattr(function, '__name__', 'the function')} switched off the line count "
                             "(sys.settrace or a frame's f_trace): this check counts the lines your code runs, so "
                             "leave tracing alone.")
    return count, called_keras, result


def value_and_gradients(function, *args, **kwargs):
    """``function(*args, **kwargs)`` and its gradients with respect to each positional argument, by TensorFlow's
    automatic differentiation: ``(value, gradients)``, a tuple with one gradient per positional argument, None where
    the value does not depend on it through operations TensorFlow can differentiate (NumPy's, for one).

    The positional arguments are turned into float32 tensors first. The grader computes all this in the student's
    kernel (the function is the student's) and checks it in its own process.
    """
    import tensorflow as tf

    inputs = [tf.convert_to_tensor(np.asarray(arg, dtype="float32")) for arg in args]
    with tf.GradientTape() as tape:
        for tensor in inputs:
            tape.watch(tensor)
        value = function(*inputs, **kwargs)
    try:
        gradients = tuple(tape.gradient(value, inputs))
    except Exception:  # a value that is no tensor (a NumPy number, a string): nothing to differentiate
        gradients = (None,) * len(inputs)
    return value, gradients


def call_each(function, calls):
    """``[function(*args, **kwargs) for args, kwargs in calls]``: many calls of one function, in order.

    A test that calls an answer thousands of times (how often k-means++ picks each point over 3,000 seeds) says so
    with this: the grader then sends the calls to the student's kernel together, a few requests in all instead of
    one per call. As in the loop, the first call that raises stops the rest and its exception propagates.

    Parameters
    ----------
    function : callable
    calls : iterable of (tuple, dict)
        The positional and keyword arguments of each call.

    Returns
    -------
    list
        The calls' return values.
    """
    return [function(*args, **kwargs) for args, kwargs in calls]
