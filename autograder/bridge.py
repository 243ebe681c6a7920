"""What crosses between a student's kernel and the judge: plain data, by value, and nothing that runs code.

Both sides use this module: the kernel side (:mod:`autograder.kernel_agent`, sent into the sandboxed kernel as
source) to encode what a student's function returned, the judge (:mod:`autograder.judge`) to read it and to encode
the arguments it calls the student's functions with. The grader in between only forwards the text.

On the wire a value is JSON (inside base64, so that it travels as one plain string), where

* ``None``, ``bool``, ``int``, ``float`` (NaN and infinities included), ``str`` and ``list`` are themselves;
* ``{"$tuple": [...]}``, ``{"$dict": [[key, value], ...]}``, ``{"$complex": [re, im]}``, ``{"$bytes": b64}``;
* ``{"$array": b64, "dtype": "<f8", "shape": [...]}``: a NumPy array of a numeric or bool dtype (``"tensor": true``
  when it was a TensorFlow tensor, which the receiving side turns back into one where it can);
* ``{"$ref": n, "kind": "function" | "class" | "object", "name": ...}``: an object that stays in the kernel
  (a student's function or class, or an instance the judge cannot read); the judge can only call it;
* ``{"$module": "numpy"}``: a module, which the judge imports itself if it is on :data:`MODULES`;
* ``{"$model": {"config": ..., "weights": [...], "compile": ...}}``: a Keras model as its configuration (built-in
  layers only, checked by the judge before it builds it) and its weights;
* ``{"$history": {...}}``: a Keras ``History``, as its ``history`` dict;
* ``{"$optimizer": {...}}``: one of Keras' own optimizers the test hands a student's function, as its configuration
  (``keras.optimizers.serialize``): the kernel makes a fresh one from it;
* ``{"$error": {"type": "ValueError", "message": ...}}``: an exception the student's code raised;
* ``{"$callback": n, "kind": "function" | "object"}``: a function or object of the test's that the judge hands a
  student's function (a recorder, a reference implementation, a stand-in model); the kernel can only call it, or
  call its public methods, with arguments that cross as data, and each call comes back to the judge (the kernel
  asks through its stdin channel, as ``input()`` would);
* ``{"$figure": [...]}``: a Matplotlib figure as what its axes show (labels, title, legend, and each line's label,
  style and data), which the judge draws again.

Nothing is ever unpickled or evaluated: :func:`decode` builds only the types above, and refuses anything deeper than
:data:`MAX_DEPTH`, with more than :data:`MAX_ITEMS` items, or an array whose bytes do not match its dtype and shape.
"""

import base64
import binascii
import json

import numpy as np

__all__ = ["BridgeError", "CALLBACK_PREFIX", "MAX_BYTES", "MAX_PRINTED", "MODULES", "changed", "decode", "encode", "from_wire", "is_model", "same",
           "snapshot", "to_wire", "write_back"]

#: What starts the prompt of an input request by which the kernel calls one of the test's functions (``$callback``).
CALLBACK_PREFIX = "course-grade-callback:"
#: What a student's function printed during one call, at most (characters; the start is dropped).
MAX_PRINTED = 2**20
#: Largest message in either direction (bytes of base64 text).
MAX_BYTES = 256 * 2**20
MAX_DEPTH = 32
MAX_ITEMS = 2_000_000
#: Modules a student's name may stand for in the judge (which imports its own copy).
MODULES = frozenset({"numpy", "math", "cmath", "random", "warnings", "itertools", "functools", "collections",
                     "statistics", "contextlib", "io", "time", "course", "keras", "tensorflow", "sklearn", "scipy",
                     "matplotlib", "skimage"})
ARRAY_KINDS = "biufc"


class BridgeError(ValueError):
    """A message that is not a value of this protocol (too big, too deep, or malformed)."""


def _array(value, tensor=False):
    array = np.array(value, order="C", copy=True)  # (ascontiguousarray would make a 0-d array 1-d)
    if array.dtype.kind not in ARRAY_KINDS:
        raise BridgeError(f"an array of dtype {array.dtype} cannot cross (numbers and booleans only)")
    wire = {"$array": base64.b64encode(array.tobytes()).decode("ascii"), "dtype": array.dtype.str,
            "shape": list(array.shape)}
    if tensor:
        wire["tensor"] = True
    return wire


def to_wire(value, other=None, depth=0):
    """``value`` as a JSON-able tree; ``other(value)`` encodes what is not plain data (or raises BridgeError)."""
    if depth > MAX_DEPTH:
        raise BridgeError(f"the value is nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, (bool, str)) or type(value) in (int, float):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, np.generic):  # subclasses: plain copies
        return int(value) if isinstance(value, int) else float(value)
    if isinstance(value, complex):
        return {"$complex": [value.real, value.imag]}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, np.ndarray) and type(value) is np.ndarray:
        return _array(value)
    if isinstance(value, np.generic) and value.dtype.kind in ARRAY_KINDS:
        return {"$scalar": _array(np.asarray(value))}
    if type(value) in (list, tuple):
        items = [to_wire(item, other, depth + 1) for item in value]
        return items if type(value) is list else {"$tuple": items}
    if type(value) is dict:
        return {"$dict": [[to_wire(k, other, depth + 1), to_wire(v, other, depth + 1)] for k, v in value.items()]}
    if other is None:
        raise BridgeError(f"a {type(value).__name__} cannot cross")
    return other(value)


def _check_array(node):
    try:
        dtype = np.dtype(node["dtype"])
        shape = tuple(int(n) for n in node["shape"])
        raw = base64.b64decode(node["$array"], validate=True)
    except (TypeError, ValueError, KeyError, binascii.Error) as error:
        raise BridgeError(f"a malformed array ({error})") from None
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or any(n < 0 for n in shape):
        raise BridgeError(f"an array of dtype {dtype} cannot cross")
    if int(np.prod(shape, dtype=np.int64)) * dtype.itemsize != len(raw):
        raise BridgeError("an array whose bytes do not match its dtype and shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def from_wire(node, other=None, depth=0, count=None):
    """The value of a JSON tree made by :func:`to_wire`; ``other(node)`` builds the tagged nodes it does not know."""
    count = count if count is not None else [0]
    count[0] += 1
    if depth > MAX_DEPTH or count[0] > MAX_ITEMS:
        raise BridgeError("the value is nested too deep or holds too many items")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [from_wire(item, other, depth + 1, count) for item in node]
    if not isinstance(node, dict):
        raise BridgeError(f"a malformed value ({type(node).__name__})")
    if "$tuple" in node:
        return tuple(from_wire(item, other, depth + 1, count) for item in node["$tuple"])
    if "$dict" in node:
        pairs = [(from_wire(k, other, depth + 1, count), from_wire(v, other, depth + 1, count))
                 for k, v in node["$dict"]]
        try:
            return dict(pairs)
        except TypeError:
            raise BridgeError("a dict whose keys cannot be keys") from None
    if "$complex" in node:
        real, imag = node["$complex"]
        return complex(float(real), float(imag))
    if "$bytes" in node:
        return base64.b64decode(node["$bytes"], validate=True)
    if "$array" in node:
        array = _check_array(node)
        return other(node, array) if node.get("tensor") and other is not None else array
    if "$scalar" in node:
        return _check_array(node["$scalar"])[()]
    if other is None:
        raise BridgeError(f"an unknown value {sorted(node)[:3]}")
    return other(node)


def encode(value, other=None):
    """``value`` as one base64 text (see :func:`to_wire`)."""
    text = base64.b64encode(json.dumps(to_wire(value, other), separators=(",", ":")).encode()).decode("ascii")
    if len(text) > MAX_BYTES:
        raise BridgeError(f"the value is larger than {MAX_BYTES // 2**20} MB")
    return text


def decode(text, other=None):
    """The value encoded in ``text`` by :func:`encode`; BridgeError for anything else."""
    if not isinstance(text, str) or len(text) > MAX_BYTES:
        raise BridgeError("a message that is not text, or too large")
    try:
        tree = json.loads(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error, RecursionError) as error:
        raise BridgeError(f"a malformed message ({type(error).__name__})") from None
    return from_wire(tree, other)


# Calls in either direction (the judge calling a student's function, a student's function calling one the test
# gave it): arguments the callee changed in place are sent back and written into the caller's own objects.

def changed(inputs, before):
    """``[key, value]`` for each argument of ``inputs`` (key, value pairs) that differs from its ``before`` snapshot."""
    return [[key, value] for key, value in inputs if before[key] is not None and not same(before[key], value)]


def snapshot(value):
    """A copy of what a call may change in place (an array, list, dict, or a Keras model's weights), or None."""
    import copy

    if is_model(value):
        return model_arrays(value)
    if isinstance(value, (np.ndarray, list, dict)):
        try:
            return copy.deepcopy(value)
        except Exception:
            return None
    return None


def model_arrays(model):
    """A model's weights and its optimizer's step count: what a call that trains it changes."""
    optimizer = getattr(model, "optimizer", None)
    steps = [np.asarray(optimizer.iterations)] if optimizer is not None else []
    return [np.array(w) for w in model.get_weights()] + steps


def same(before, after):
    """Whether ``after`` still equals the snapshot ``before`` (arrays, lists, tuples and dicts compared deeply)."""
    if is_model(after):
        after = model_arrays(after)
    if isinstance(before, np.ndarray) or isinstance(after, np.ndarray):
        return (isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and before.shape == after.shape
                and before.dtype == after.dtype and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return (type(before) is type(after) and len(before) == len(after)
                and all(same(b, a) for b, a in zip(before, after)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(same(before[k], after[k]) for k in before))
    try:
        return bool(before == after)
    except Exception:
        return False


def write_back(original, value):
    """Make the caller's own argument what the callee left it as, in place, as deep as it goes (arrays, lists,
    dicts and Keras models; the objects inside stay the same objects, as they would in one process)."""
    try:
        if isinstance(original, np.ndarray):
            if isinstance(value, np.ndarray) and original.shape == value.shape:
                np.copyto(original, value, casting="unsafe")
        elif isinstance(original, list) and isinstance(value, list):
            for index, item in enumerate(value[:len(original)]):
                if mutable(original[index]) and type(item) is type(original[index]):
                    write_back(original[index], item)
                else:
                    original[index] = item
            original[len(value):] = []
            original.extend(value[len(original):])
        elif isinstance(original, dict) and isinstance(value, dict):
            for key in [k for k in original if k not in value]:
                del original[key]
            for key, item in value.items():
                if key in original and mutable(original[key]) and type(item) is type(original[key]):
                    write_back(original[key], item)
                else:
                    original[key] = item
        elif is_model(original) and is_model(value):
            original.set_weights(value.get_weights())
            if getattr(original, "optimizer", None) is not None and getattr(value, "optimizer", None) is not None:
                original.optimizer.iterations.assign(int(np.asarray(value.optimizer.iterations)))
    except Exception:  # a value of another shape: the caller's copy keeps what it had
        pass


def mutable(value):
    return isinstance(value, (np.ndarray, list, dict)) or is_model(value)


def is_model(value):
    import sys

    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)
