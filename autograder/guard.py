"""Tamper resistance: an answer that patches the checking machinery gains no points.

The threat: a test cell passes when it does not raise, so an answer cell could
make every test pass without solving anything, by redefining what the tests
call: ``numpy.testing`` functions, the course's ``checks`` helpers, entries of
``builtins`` (``AssertionError``, ``isinstance``, ...) or of ``sys.modules``,
or the notebook's own ``np``/``checks`` names.

The defence, run by :class:`autograder.sandbox.ContainedExecute`:

1. Before the first cell of a submission runs, the grader imports the checking
   modules in the kernel and asks for a *fingerprint*: for every public entry
   of those modules, the identity of the object and of its code; the identity
   of each module in ``sys.modules``. The grader keeps this snapshot in its
   own process, where no student code runs.
2. Before every graded test cell, the grader sends the same expression again,
   fresh (nothing stored in the kernel is trusted), and compares. If an entry
   was replaced or removed, or a notebook name such as ``np`` no longer is the
   module it was imported as, the test cell is not run and scores 0, with a
   message naming what was changed. Tests that ran before the patch keep their
   points; adding new names is fine.

Limits, stated plainly: the fingerprint is computed by Python code in the
student's kernel. An answer written to defeat this particular check (for
instance a replacement ``id`` that lies about every object) is not caught;
the check stops the ordinary patches listed above, which is what students
try, and a reviewer sees any answer cell that touches ``builtins``.
"""

import ast
import json

__all__ = ["FINGERPRINT", "SETUP", "tampering"]

PROTECTED_MODULES = ("builtins", "numpy", "numpy.testing", "course", "course.checks")
NOTEBOOK_NAMES = (("np", "numpy"), ("numpy", "numpy"), ("checks", "course.checks"), ("course", "course"))

#: Run silently once, before any student code: loads what the fingerprint covers.
SETUP = "import numpy, numpy.testing\ntry:\n    import course, course.checks\nexcept ImportError:\n    pass"

#: One expression, evaluated in the kernel; its value is a JSON text.
FINGERPRINT = (
    "(lambda sys, ns: __import__('json').dumps({"
    "'entries': [[n + '.' + k, id(v), id(getattr(v, '__code__', None))] for n in %r if n in sys.modules"
    " for k, v in list(vars(sys.modules[n]).items()) if not k.startswith('_')],"
    "'modules': [[n, id(sys.modules[n])] for n in %r if n in sys.modules],"
    "'names': [[k, id(ns[k]), id(sys.modules[m])] for k, m in %r if k in ns and m in sys.modules]}))"
    "(__import__('sys'), get_ipython().user_ns)" % (PROTECTED_MODULES, PROTECTED_MODULES, NOTEBOOK_NAMES)
)


def parse(user_expression):
    """The fingerprint from a kernel's ``user_expressions`` reply entry; None if it could not be computed."""
    if not user_expression or user_expression.get("status") != "ok":
        return None
    try:
        return json.loads(ast.literal_eval(user_expression["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError):
        return None


def tampering(before, now):
    """What changed between two fingerprints, as a sorted list of names (empty: nothing)."""
    if before is None:
        return []
    if now is None:
        return ["the kernel's namespace (the fingerprint could not be computed)"]
    old = {name: (obj, code) for name, obj, code in before["entries"]}
    new = {name: (obj, code) for name, obj, code in now["entries"]}
    changed = [name for name, ids in old.items() if new.get(name) != ids]
    old_modules = dict(before["modules"])
    changed += [f"sys.modules[{name!r}]" for name, ident in now["modules"] if old_modules.get(name, ident) != ident]
    changed += [f"the notebook's name {name!r}" for name, value, module in now["names"] if value != module]
    return sorted(changed)
