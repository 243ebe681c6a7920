"""Before each test cell, put back what an answer cell may have changed, and check that it stayed put.

The threat: a test cell earns its points when it runs without raising, so an
answer cell could make tests pass without solving anything by changing what a
later cell executes or how its errors are reported: the shell's input and AST
transformers, custom exception handlers, display and traceback hooks, the
shell's and the kernel's execute methods, event callbacks (``pre_run_cell``
patches that ``post_run_cell`` undoes), ``sys.settrace``/``setprofile``,
``builtins`` (``exec``, ``compile``, ``print``, ``AssertionError``), the
checking functions of ``numpy`` and ``course.checks`` or their defaults
(tolerances), or names of the notebook that shadow builtins (``len``, ``all``).

The defence, run by :class:`autograder.sandbox.ContainedExecute`:

1. Before any student code runs, :data:`SETUP` snapshots all of the above in
   the kernel and installs a reset function under a name chosen at random for
   this submission.
2. Before every graded test cell the grader calls that reset (a silent request,
   which fires no events): every hook, method, builtin, module entry, function
   code and default goes back to its snapshot, names that shadow builtins or
   the checking modules are removed from the notebook's namespace, and the helpers that the instructor's locked
   cells defined (functions, classes, modules, such as a04's ``keras_conv2d``) are put back.
3. Then the grader computes a fingerprint (:func:`fingerprint_code`) of the same things and
   compares it with the one it kept, in its own process, from before the first
   cell; a difference means the reset did not run as sent, and the test scores
   0 with a message naming what changed.
4. A test's points come from the kernel's ``execute_reply`` status, never
   from its outputs (:mod:`autograder.sandbox`): a faked display or a cleared
   error no longer turns a failure into a pass.

Limits, stated plainly: the reset and the fingerprint are Python code running
in the student's kernel, the same process the answer cells ran in. An answer
written against this design (one that replaces the kernel's message dispatch
so that the reset request itself never runs and a forged fingerprint is sent
back, or a background thread that re-patches between the reset and the test)
is not stopped by it. What is guaranteed whatever runs in the kernel is the
sandbox (:mod:`autograder.jail`): the kernel cannot change the grade that its
messages imply beyond its own submission, nor anything outside its box.
"""

import ast
import json

__all__ = ["fingerprint_code", "mark_code", "parse", "protect_code", "reset_code", "setup_code", "tampering"]

#: Modules whose entries (and their functions' code and defaults) the tests rely on, by name prefix.
PROTECTED_PREFIXES = ("numpy", "course")
NOTEBOOK_NAMES = (("np", "numpy"), ("numpy", "numpy"), ("checks", "course.checks"), ("course", "course"))

_SETUP = r'''
def _course_guard_install(name):
    import builtins, sys, threading, types
    import numpy, numpy.testing
    try:
        import course, course.checks
    except ImportError:
        pass
    ip = get_ipython()
    kernel = getattr(ip, "kernel", None)
    prefixes = %(prefixes)r
    modules = {m: mod for m, mod in list(sys.modules.items())
               if mod is not None and (m == "builtins" or m.split(".")[0] in prefixes)}
    # exit, quit, get_ipython and input: IPython and ipykernel set these for each cell and take them back after
    trapped = set(getattr(ip.builtin_trap, "auto_builtins", {})) | {"input"}
    dicts = {m: {k: v for k, v in vars(mod).items() if m != "builtins" or k not in trapped}
             for m, mod in modules.items()}
    functions = [(f, f.__code__, f.__defaults__, f.__kwdefaults__) for d in dicts.values()
                 for f in d.values() if isinstance(f, types.FunctionType)]
    objects = [o for o in (ip, kernel, getattr(ip, "displayhook", None), getattr(ip, "display_pub", None),
                           getattr(ip, "compile", None)) if o is not None]
    instance = [(o, dict(vars(o))) for o in objects]
    classes = {c: dict(vars(c)) for o in objects for c in type(o).__mro__
               if c.__module__.split(".")[0] in ("IPython", "ipykernel")}
    callbacks = {event: list(cbs) for event, cbs in ip.events.callbacks.items()}
    transformers = (list(ip.input_transformers_cleanup), list(ip.input_transformers_post), list(ip.ast_transformers))
    handlers = dict(getattr(kernel, "shell_handlers", {}) or {}), dict(getattr(kernel, "control_handlers", {}) or {})
    hooks = ip.CustomTB, ip.custom_exceptions  # (sys.displayhook and excepthook: IPython sets them for each cell)
    shadowed = set(dicts["builtins"])
    namespace = {k: v for k, v in ip.user_ns.items() if k in shadowed}  # exit, quit, open, get_ipython

    def reset():
        sys.settrace(None); sys.setprofile(None); threading.settrace(None); threading.setprofile(None)
        for m, mod in modules.items():
            sys.modules[m] = mod
            vars(mod).update(dicts[m])  # (names added since, e.g. lazily imported submodules, stay)
        for f, code, defaults, kwdefaults in functions:
            f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
        for c, d in classes.items():
            for k in [k for k in vars(c) if k not in d and not k.startswith("__")]:
                delattr(c, k)
            for k, v in d.items():
                if not k.startswith("__") and vars(c).get(k) is not v:
                    setattr(c, k, v)
        for o, d in instance:  # methods and hooks only: the objects' state is theirs
            for k in list(vars(o)):
                if k not in d and callable(getattr(type(o), k, None)):
                    del vars(o)[k]
            for k, v in d.items():
                if callable(v) and vars(o).get(k) is not v:
                    vars(o)[k] = v
        for event, cbs in callbacks.items():
            ip.events.callbacks[event] = list(cbs)
        ip.input_transformers_cleanup[:], ip.input_transformers_post[:], ip.ast_transformers[:] = (
            list(t) for t in transformers)
        if kernel is not None:
            kernel.shell_handlers.clear(); kernel.shell_handlers.update(handlers[0])
            kernel.control_handlers.clear(); kernel.control_handlers.update(handlers[1])
        ip.CustomTB, ip.custom_exceptions = hooks
        for k in [k for k in ip.user_ns if k in shadowed and k not in namespace and not k.startswith("_")]:
            del ip.user_ns[k]
        ip.user_ns.update(namespace)
        for k, m in %(names)r:
            if k in ip.user_ns and m in modules:
                ip.user_ns[k] = modules[m]

    protected, before = {}, set()

    def mark():
        before.clear()
        before.update(ip.user_ns)

    def protect_new():  # the functions, classes and modules an instructor's locked cell just defined
        for k, v in list(ip.user_ns.items()):
            if k not in before and not k.startswith("_") and isinstance(v, (types.FunctionType, type, types.ModuleType)):
                protected[k] = v

    def restore_protected():
        ip.user_ns.update(protected)

    holder = types.ModuleType(name)
    holder.reset = lambda: (reset(), restore_protected())
    holder.mark, holder.protect_new = mark, protect_new
    holder.names = {m: sorted(d) for m, d in dicts.items()}  # what the fingerprint covers: names added since are not
    sys.modules[name] = holder


_course_guard_install(%(name)r)
del _course_guard_install
'''

#: One expression, evaluated in the kernel after the reset; its value is a JSON text.
_FINGERPRINT = (
    "(lambda sys, ip, digest, names: __import__('json').dumps({"
    "'entries': {m: digest(repr([[k, id(v), id(getattr(v, '__code__', None)), id(getattr(v, '__defaults__', None)),"
    " id(getattr(v, '__kwdefaults__', None))] for k in names.get(m, ()) if not k.startswith('__')"
    " for v in [vars(mod).get(k, digest)]]))"
    " for m, mod in list(sys.modules.items()) if mod is not None and (m == 'builtins' or m.split('.')[0] in %r)},"
    "'hooks': [id(sys.gettrace()), id(sys.getprofile()),"
    " len(ip.input_transformers_post), len(ip.ast_transformers), len(ip.custom_exceptions),"
    " sorted([e, len(c)] for e, c in ip.events.callbacks.items())],"
    "'methods': sorted([type(o).__name__ + '.' + k, id(getattr(getattr(o, k, None), '__func__', getattr(o, k, None)))]"
    " for o in (ip, ip.kernel) for k in ('run_cell', 'run_cell_async', 'run_ast_nodes', 'run_code',"
    " 'transform_cell', 'showtraceback', 'do_execute', 'execute_request', 'dispatch_shell', 'send_response')"
    " if hasattr(o, k)),"
    "'names': [[k, id(ip.user_ns[k]), id(sys.modules.get(m))] for k, m in %r if k in ip.user_ns],"
    "'shadowed': sorted(k for k in ip.user_ns if not k.startswith('_') and hasattr(__import__('builtins'), k)"
    " and ip.user_ns[k] is not getattr(__import__('builtins'), k) and k not in ip.builtin_trap.auto_builtins)}))"
    "(__import__('sys'), get_ipython(), lambda text: __import__('hashlib').sha256(text.encode()).hexdigest(),"
    " getattr(__import__('sys').modules.get(%%r), 'names', {}))"
    % (PROTECTED_PREFIXES, NOTEBOOK_NAMES)
)


def fingerprint_code(name):
    """One expression, evaluated in the kernel (after the reset): the fingerprint as a JSON text.

    It covers the names each protected module had when :func:`setup_code` ran (module ``name`` keeps them).
    """
    return _FINGERPRINT % name


def setup_code(name):
    """The code run silently before any student code: snapshot, and install the reset as module ``name``."""
    return _SETUP % {"prefixes": PROTECTED_PREFIXES, "names": NOTEBOOK_NAMES, "name": name}


def reset_code(name):
    """The expression evaluated before each test cell."""
    return f"__import__('sys').modules[{name!r}].reset()"


def mark_code(name):
    """The expression evaluated before an instructor's locked cell runs."""
    return f"__import__('sys').modules[{name!r}].mark()"


def protect_code(name):
    """The expression evaluated after it: the helpers it defined are put back before every test."""
    return f"__import__('sys').modules[{name!r}].protect_new()"


def parse(user_expression):
    """The fingerprint from a kernel's ``user_expressions`` reply entry; None if it could not be computed."""
    if not user_expression or user_expression.get("status") != "ok":
        return None
    try:
        return json.loads(ast.literal_eval(user_expression["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError, TypeError):
        return None


def tampering(before, now):
    """What differs between two fingerprints, as a sorted list of names (empty: nothing)."""
    if before is None:
        return []
    if now is None:
        return ["the kernel's namespace (the fingerprint could not be computed)"]
    changed = [f"the module {name}" for name, digest in before["entries"].items()
               if now["entries"].get(name) != digest]
    if before["hooks"] != now["hooks"]:
        changed.append("the shell's hooks (trace, display, exception, transformers or event callbacks)")
    old_methods = dict(map(tuple, before["methods"]))
    changed += [name for name, ident in now["methods"] if old_methods.get(name, ident) != ident]
    changed += [f"the notebook's name {name!r}" for name, value, module in now["names"] if value != module]
    changed += [f"the builtin {name!r}, shadowed in the notebook" for name in now["shadowed"]
                if name not in before["shadowed"]]
    return sorted(changed)
