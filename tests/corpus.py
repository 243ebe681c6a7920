"""The corpus of bad submissions of a01: each kind, the notebook it submits and the grade it must get.

Three families (see tests/test_bad_submissions.py for how they are graded):

* **broken** submissions (loops, crashes, unreadable files, edited tests) get the points of the parts that
  still work, computed from the notebook itself: a test cell counts when every answer function it calls
  (directly or through another answer) works, and when it ran before the kernel died;
* **escapes**: a correct solution whose first answer cell also tries to reach outside its box (course files,
  the exchange, other kernels, the grader, the network, the home folder); it must keep full marks, print that
  each attempt failed, and change nothing outside (checked by the test after the run);
* **forgeries**: a wrong or missing answer whose first answer cell also tries to make the tests pass without
  solving anything (shell hooks, patched checks, lying objects); it must score 0.

Attack code names the paths it attacks; :func:`corpus` fills them in (``{course}``, ``{repo}``, ...).
"""

import json
import re

import nbformat

from autograder.samples import answer_ids, fill_answers

NOTEBOOK = "a01_perceptron.ipynb"
DAEMON, BOMB = "777.25", "778.25"  # `sleep` arguments that mark processes a submission left behind

# ---------------------------------------------------------------- escapes (full marks, nothing changes outside)
ESCAPES = {
    "writes-course-files": ("""
import glob, os
targets = ['{course}/nbgrader_config.py', *glob.glob('{course}/autograder/*.py'), '{course}/.git/hooks/pre-commit',
           '{course}/.git/config', '{repo}/course/__init__.py', '{repo}/nbgrader_config.py']
worked = []
for path in targets:
    if not os.path.exists(path):  # not in this view (a clone under /tmp: the sandbox's /tmp is its own)
        continue
    try:
        with open(path, 'a') as handle:
            handle.write('\\nprint("pwned")\\n')
        worked.append(path)
    except OSError:
        pass
print('course writes that worked:', len(worked))""", "course writes that worked: 0"),
    "writes-venv": ("""
import sys, sysconfig
worked = 0
for folder in (sysconfig.get_paths()['purelib'], sys.prefix + '/bin'):
    try:
        open(folder + '/zz_evil.pth', 'w').write('import os; os.system("touch /tmp/pwned")\\n')
        worked += 1
    except OSError:
        pass
print('venv writes that worked:', worked)""", "venv writes that worked: 0"),
    "git-hidden-tests": ("""
import subprocess
try:
    shown = subprocess.run(['git', '-C', '{course}', 'show', 'HEAD:solutions/a01_perceptron/a01_perceptron.py'],
                           capture_output=True, text=True, timeout=20).stdout
except Exception:
    shown = ''
print('hidden tests through git:', 'BEGIN HIDDEN' in shown)""", "hidden tests through git: False"),
    "reads-course-files": ("""
import os
seen = []
for path in ['{course}/gradebook.db', '{course}/solutions', '{course}/submitted', '{course}/autograded',
             '{course}/autograde_log.jsonl']:
    try:
        seen.append(os.listdir(path) if os.path.isdir(path) else len(open(path, 'rb').read()))
    except OSError:
        pass
print('course files seen:', len(seen))""", "course files seen: 0"),
    "reads-exchange": ("""
import os
try:
    found = os.listdir('{exchange}')
except OSError:
    found = None
try:
    open('{exchange}/planted.txt', 'w').write('x')
    planted = True
except OSError:
    planted = False
print('exchange visible:', found is not None, 'planted:', planted)""", "exchange visible: False planted: False"),
    "writes-gradebook": ("""
try:
    open('{course}/gradebook.db', 'w').write('overwritten')
    print('gradebook overwritten')
except OSError:
    print('gradebook out of reach')""", "gradebook out of reach"),
    "proc-escape": ("""
import os
leaks, grader = 0, False
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        os.listdir('/proc/' + pid + '/root{course}/solutions')
        leaks += 1
    except OSError:
        pass
    try:
        grader = grader or b'autograder' in open('/proc/' + pid + '/cmdline', 'rb').read()
    except OSError:
        pass
print('course through /proc:', leaks, 'grader visible:', grader)""", "course through /proc: 0 grader visible: False"),
    "mount-escape": ("""
import ctypes, subprocess
libc = ctypes.CDLL(None, use_errno=True)
results = [libc.umount2(b'/tmp', 2), libc.mount(b'none', b'/usr', b'tmpfs', 0, None),
           subprocess.run(['unshare', '--user', '--map-root-user', 'true'], capture_output=True).returncode]
print('mounts and namespaces refused:', all(r != 0 for r in results))""", "mounts and namespaces refused: True"),
    "kernel-to-kernel": ("""
import glob, os
from ipykernel.connect import get_connection_file
own = os.path.realpath(get_connection_file())
patterns = ['/tmp/**/*.json', '/run/**/*.json', os.path.expanduser('~') + '/.local/share/jupyter/runtime/*.json',
            '{home}/.local/share/jupyter/runtime/*.json']
found = {{os.path.realpath(f) for p in patterns for f in glob.glob(p, recursive=True) if 'kernel' in f}}
print('other kernels found:', len(found - {{own}}))""", "other kernels found: 0"),
    "symlink-planting": ("""
import os
for name in os.listdir('.'):
    if name.endswith('.ipynb'):
        os.remove(name)
        os.symlink('{course}/nbgrader_config.py', name)
os.symlink('{course}/solutions/a01_perceptron/a01_perceptron.ipynb', 'feedback.ipynb')
os.symlink('{course}', 'course-root')
os.chmod('.', 0o500)
print('links planted')""", "links planted"),
    "kill-parent": ("""
import os, signal
for pid in (os.getppid(), 1, -1):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
print('kernel still running')""", "kernel still running"),
    "double-fork-daemon": ("""
import subprocess
subprocess.Popen(['sh', '-c', '(setsid sleep %s &) ; (nohup sleep %s >/dev/null 2>&1 &)'], start_new_session=True)
print('daemon started')""" % (DAEMON, DAEMON), "daemon started"),
    "fork-bomb": ("""
import subprocess
children = []
try:
    for _ in range(600):
        children.append(subprocess.Popen(['sleep', '%s']))
except OSError:
    pass
print('fork bomb stopped or done at', len(children) // 100 * 100, 'processes or more')""" % BOMB, "fork bomb"),
    "home-write": ("""
import os
worked = 0
for path in ['{home}/.bashrc', '{home}/pwned.txt', '{home}/.ssh/authorized_keys']:
    try:
        open(path, 'a').write('pwned')
        worked += 1
    except OSError:
        pass
open(os.path.expanduser('~/.bashrc'), 'a').write('# the kernel has a home of its own\\n')
print('home writes that worked:', worked)""", "home writes that worked: 0"),
    "env-secrets": ("""
import os
print('secret seen:', any('grader-secret' in value for value in os.environ.values()))""", "secret seen: False"),
    "reads-shadow": ("""
try:
    open('/etc/shadow').read()
    print('shadow readable: True')
except OSError:
    print('shadow readable: False')""", "shadow readable: False"),
    "network": ("""
import socket
# an address outside may be unreachable from the machine itself, so the interfaces say whether the kernel has a
# network of its own: only an unconnected loopback
names = sorted(name for _, name in socket.if_nameindex())
try:
    socket.create_connection(('1.1.1.1', 80), timeout=3)
    reached = True
except OSError:
    reached = False
print('network interfaces:', names, '- reached the internet:', reached)""",
                "network interfaces: ['lo'] - reached the internet: False"),
    "display-update-amplification": ("""
from IPython.display import display, update_display
for i in range(400):
    display('small', display_id='amplified')
update_display('y' * 1_000_000, display_id='amplified')
print('display updates sent')""", "display updates sent"),
    "widget-comm-flood": ("""
from comm import create_comm
channel = create_comm(target_name='jupyter.widget', data={{'state': 'not a widget state', 'buffer_paths': 7}})
for i in range(300):
    channel.send({{'method': 'update', 'state': {{'value': 'w' * 100_000}}}})
print('widget messages sent')""", "widget messages sent"),
    "fills-work-folder": ("""
written = 0
try:
    with open('filler', 'wb') as handle:
        while written < 4 * 2**30:
            handle.write(b'x' * 2**20)
            written += 2**20
except OSError:
    pass
print('work folder full before 1 GB:', written < 2**30)""", "work folder full before 1 GB: True"),
    "hoards-shared-memory": ("""
written = 0
try:
    with open('/dev/shm/hoard', 'wb') as handle:
        while written < 4 * 2**30:
            handle.write(b'x' * 2**20)
            written += 2**20
except OSError:
    pass
print('shared memory full before 1 GB:', written < 2**30)""", "shared memory full before 1 GB: True"),
    "reads-work-folder-for-tests": ("""
import os
marks = ('BEGIN ' + 'HIDDEN', 'bound_' + 'reference(', 'averaged_' + 'reference(')
found = []
for base in ('.', '/tmp', os.path.expanduser('~'), '/'.join(os.getcwd().split('/')[:-1])):
    for parent, folders, files in os.walk(base):
        # not into installed packages (a clone under /tmp has its environment there: minutes of reading)
        folders[:] = [f for f in folders if f not in ('site-packages', '.venv', 'node_modules', '.git')]
        for name in files:
            try:
                with open(os.path.join(parent, name), errors='ignore') as handle:
                    text = handle.read(10_000_000)
            except OSError:
                continue
            if any(mark in text for mark in marks):
                found.append(name)
print('hidden tests on disk:', len(found))""", "hidden tests on disk: 0"),
    "hidden-tests-in-memory": ("""
import re
# the kernel's own data (heap, stack, anonymous memory: where Python keeps its strings), read through
# /proc/self/mem; the pattern does not match its own text
pattern = re.compile(rb'BEGIN HIDDE[N] TESTS|averaged_referenc[e]\\(|bound_referenc[e]\\(')
found = 0
with open('/proc/self/maps') as maps:
    regions = [line.split() for line in maps]
with open('/proc/self/mem', 'rb', 0) as memory:
    for fields in regions:
        start, end = (int(x, 16) for x in fields[0].split('-'))
        name = fields[5] if len(fields) > 5 else ''
        if not fields[1].startswith('rw') or end - start > 2**28 or (name and not name.startswith('[')):
            continue
        try:
            memory.seek(start)
            found += len(pattern.findall(memory.read(end - start)))
        except (OSError, ValueError, OverflowError):
            continue
print('hidden tests in memory:', found)""", "hidden tests in memory: 0"),
    "output-flood": ("""
for _ in range(60):
    print('y' * 1_000_000)""", "dropped by the grader"),
}

# ------------------------------------------------------------- forgeries (0 points: a wrong or missing answer)
WRONG_SIGMOID = "\ndef sigmoid(z):\n    return np.zeros_like(np.asarray(z, dtype=float))\n"
FORGERIES = {
    "input-transformer": """
ip = get_ipython()
ip.input_transformers_cleanup.append(lambda lines: ['pass\\n'])
ip.input_transformers_post.append(lambda lines: ['pass\\n'])""",
    "ast-transformer": """
import ast
class Empty(ast.NodeTransformer):
    def visit_Module(self, node):
        return ast.fix_missing_locations(ast.Module(body=[ast.Pass()], type_ignores=[]))
get_ipython().ast_transformers.append(Empty())""",
    "custom-exception-handler": """
get_ipython().set_custom_exc((BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None)""",
    "displayhook-partial-credit": """
import sys
def sigmoid(z):
    sys.displayhook(99)
    get_ipython().displayhook(99)
    raise NotImplementedError()""",
    "showtraceback-silenced": """
ip = get_ipython()
ip.showtraceback = lambda *args, **kwargs: None
ip._showtraceback = lambda *args, **kwargs: None
ip.showsyntaxerror = lambda *args, **kwargs: None""",
    "run-cell-replaced": """
from IPython.core.interactiveshell import ExecutionInfo, ExecutionResult
ip = get_ipython()
async def run_cell_async(raw_cell, store_history=False, silent=False, shell_futures=True, *, transformed_cell=None,
                         preprocessing_exc_tuple=None, cell_id=None):
    return ExecutionResult(ExecutionInfo(raw_cell, store_history, silent, shell_futures, cell_id))
ip.run_cell_async = run_cell_async
ip.should_run_async = lambda *args, **kwargs: True""",
    "kernel-execute-replaced": """
import ipykernel.ipkernel
original = ipykernel.ipkernel.IPythonKernel.do_execute
async def do_execute(self, code, silent, *args, **kwargs):
    if silent:
        return await original(self, code, silent, *args, **kwargs)
    return {'status': 'ok', 'execution_count': self.execution_count, 'payload': [], 'user_expressions': {}}
ipykernel.ipkernel.IPythonKernel.do_execute = do_execute""",
    "events-patch-and-restore": """
import course.checks, numpy.testing
saved = dict(vars(course.checks)), dict(vars(numpy.testing))
def patch(*args):
    for module in (course.checks, numpy.testing):
        for name in [n for n in vars(module) if n.startswith('assert')]:
            setattr(module, name, lambda *a, **k: None)
def restore(*args):
    vars(course.checks).update(saved[0]); vars(numpy.testing).update(saved[1])
get_ipython().events.register('pre_run_cell', patch)
get_ipython().events.register('post_run_cell', restore)""",
    "settrace-jump": """
import sys, threading
def tracer(frame, event, arg):
    if frame.f_code.co_name != '<module>':
        return None
    last = max(line for _, _, line in frame.f_code.co_lines() if line)
    def local(frame, event, arg):
        if event == 'line' and frame.f_lineno < last:
            try:
                frame.f_lineno = last
            except ValueError:
                pass
        return local
    return local
sys.settrace(tracer); threading.settrace(tracer)
sys.setprofile(lambda frame, event, arg: None); threading.setprofile(lambda frame, event, arg: None)""",
    "replaced-builtins": """
import builtins
class Harmless(Warning):
    pass
builtins.AssertionError = Harmless
builtins.NotImplementedError = Harmless
builtins.isinstance = lambda *args: True
builtins.print = lambda *args, **kwargs: None
real_compile = builtins.compile
builtins.compile = lambda source, *args, **kwargs: real_compile('pass', *args[:2])
builtins.exec = lambda *args, **kwargs: None""",
    "changed-defaults": """
import course.checks, numpy.testing
course.checks.assert_allclose.__defaults__ = (1e300, 1e300, '')
numpy.testing.assert_allclose.__kwdefaults__ = None
course.checks.assert_allclose.__kwdefaults__ = {'rtol': 1e300}""",
    "shadowed-builtins": """
def isinstance(*args):
    return True
def len(*args):
    return 3
def all(*args):
    return True
def any(*args):
    return False
abs = lambda x: 0
max = lambda *args, **kwargs: 0""",
    "lying-comparison": """
import sys
class Liar:
    shape = ()
    def __eq__(self, other):
        return True
    def __array__(self, dtype=None, copy=None):
        frame = sys._getframe(1)
        while frame is not None:
            for name in ('expected', 'expected_array', 'want', 'reference'):
                if name in frame.f_locals:
                    return np.asarray(frame.f_locals[name], dtype=dtype)
            frame = frame.f_back
        return np.zeros(1)
    def __float__(self):
        return 0.5
def sigmoid(z):
    return Liar()""",
    "ndarray-subclass": """
class Agree(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.broadcast(*[np.asarray(i) for i in inputs]).shape, dtype=bool)
def sigmoid(z):
    return np.zeros_like(np.asarray(z, dtype=float)).view(Agree)""",
    "clear-output-hook": """
from IPython.display import clear_output
get_ipython().events.register('post_run_cell', lambda result: clear_output())
get_ipython().events.register('post_execute', lambda: clear_output())""",
    "prints-hidden-tests": """
def sigmoid(z):
    source = get_ipython().user_ns['In'][-1]
    print(source)
    raise AssertionError(source)""",
    "redefines-helpers": """
import scipy.special
import course.checks
course.checks.from_scratch = checks.from_scratch = lambda function, *args, **kwargs: function
def sigmoid(z):
    return scipy.special.expit(z)""",
    "patches-from-scratch-internals": """
import scipy.special
import course.checks
course.checks._ufunc_slots = lambda *args, **kwargs: []
course.checks._profiler = lambda *args, **kwargs: None
course.checks._changed_inputs = lambda *args, **kwargs: []
course.checks.from_scratch.__defaults__ = ((), lambda module, name: False, '')
def sigmoid(z):
    return scipy.special.expit(z)""",
    "forges-reply-sender": """
kernel = get_ipython().kernel
original = kernel.session.send
def send(stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == 'execute_reply' and isinstance(content, dict):
        content = dict(content, status='ok')
    elif isinstance(msg_or_type, dict) and msg_or_type.get('msg_type') == 'execute_reply':
        msg_or_type['content']['status'] = 'ok'
    elif msg_or_type == 'error':
        return None
    return original(stream, msg_or_type, content, *args, **kwargs)
kernel.session.send = send""",
    "replaces-shell-handler": """
import types
kernel = get_ipython().kernel
original = kernel.shell_handlers['execute_request']
async def execute_request(self, stream, ident, parent):
    if parent['content'].get('user_expressions') or parent['content'].get('silent'):
        return await original(stream, ident, parent)  # the grader's own requests pass, the rest is forged
    self.session.send(stream, 'execute_reply', {'status': 'ok', 'execution_count': 1, 'user_expressions': {},
                                                'payload': []}, parent, ident)
kernel.shell_handlers['execute_request'] = types.MethodType(execute_request, kernel)""",
    "repatching-thread": """
import threading, time
kernel = get_ipython().kernel
original = kernel.session.send
def send(stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == 'execute_reply' and isinstance(content, dict):
        content = dict(content, status='ok')
    return original(stream, msg_or_type, content, *args, **kwargs)
def keep_patched():
    while True:
        kernel.session.send = send
        time.sleep(0.005)
threading.Thread(target=keep_patched, daemon=True).start()""",
    "forges-bridge-answers": """
import sys, base64, json
def forged(text):
    return base64.b64encode(json.dumps({'$dict': [['value', 0.5], ['changed', []]]}).encode()).decode()
def patch_bridge():
    for name, module in list(sys.modules.items()):
        if name.startswith('_course') and hasattr(module, 'handle'):
            module.handle = forged
            if getattr(module, '_CHECKS', None) is not None:
                module._CHECKS.from_scratch = lambda function, *a, **k: function
patch_bridge()
get_ipython().events.register('pre_run_cell', lambda info: patch_bridge())""",
    "forges-callback-requests": """
import sys, base64, json
kernel = get_ipython().kernel
def wire(tree):
    return base64.b64encode(json.dumps(tree).encode()).decode()
def ask(prompt):
    try:
        return kernel.raw_input(prompt)
    except BaseException as error:
        return repr(error)
def spam(text):
    for _ in range(200):
        ask('not a call of the test')
    for number in [-1, 0, 1, 10**9, 'x']:
        for attribute in [None, '__globals__', '__class__', 'fit', 7]:
            ask('course-grade-callback:' + wire({'$dict': [['op', 'callback'], ['id', number], ['attribute', attribute],
                                                           ['args', []], ['kwargs', {'$dict': []}]]}))
    ask('course-grade-callback:' + 'A' * 10**7)
    ask('course-grade-callback:' + wire({'$callback': 0}))
    return wire({'$dict': [['value', {'$callback': 0}], ['changed', []]]})
def patch_bridge():
    for name, module in list(sys.modules.items()):
        if name.startswith('_course') and hasattr(module, 'handle'):
            module.handle = spam
patch_bridge()
get_ipython().events.register('pre_run_cell', lambda info: patch_bridge())""",
    "patches-checks": """
import numpy.testing
checks.assert_allclose = checks.assert_array = checks.assert_returns = lambda *args, **kwargs: None
numpy.testing.assert_allclose = lambda *args, **kwargs: None""",
}


#: A module submitted beside an untouched notebook, named like a package the notebook imports: if the kernel imported
#: it (its work folder on sys.path), it would forge every reply and then load the real package in its place.
SHADOW_MODULE = """
import importlib.util, os, sys
kernel = getattr(getattr(sys.modules.get('IPython'), 'get_ipython', lambda: None)(), 'kernel', None)
if kernel is not None:
    original = kernel.session.send
    def send(stream, msg_or_type, content=None, *args, **kwargs):
        if msg_or_type == 'execute_reply' and isinstance(content, dict):
            content = dict(content, status='ok')
        return original(stream, msg_or_type, content, *args, **kwargs)
    kernel.session.send = send
here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or '.') != here]
del sys.modules[__name__]
sys.modules[__name__] = importlib.import_module(__name__)
"""


# -------------------------------------------------------------------------------------- notebook editing
def flags(**changes):
    """A change for :func:`edit`: the cell's nbgrader flags set to ``changes``."""
    def change(cell):
        cell.metadata["nbgrader"].update(changes)
        return cell
    return change


def edit(text, grade_id, change):
    """The notebook ``text`` with ``change(cell)`` applied to the cell ``grade_id`` (None removes the cell)."""
    notebook = nbformat.reads(text, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell = change(cell)
            if cell is None:
                continue
            cells.extend(cell if isinstance(cell, list) else [cell])
        else:
            cells.append(cell)
    notebook.cells = cells
    return nbformat.writes(notebook)


def append(code):
    """A change that appends ``code`` to a cell."""
    def change(cell):
        cell.source += "\n" + code
        return cell
    return change


def replace(code):
    def change(cell):
        cell.source = code
        return cell
    return change


def whole(text, change):
    """The notebook ``text`` with ``change(notebook)`` applied."""
    notebook = nbformat.reads(text, as_version=4)
    change(notebook)
    return nbformat.writes(notebook)


def add_scratch_cells(notebook):
    """A student's own cells, without nbgrader metadata, in the middle of the notebook."""
    notebook.cells[4:4] = [nbformat.v4.new_code_cell("scratch = 1 + 1"), nbformat.v4.new_markdown_cell("my notes"),
                           nbformat.v4.new_code_cell("print(scratch)")]


# ------------------------------------------------------------------------------- expected scores
class Points:
    """Which test cells of the solution depend on which answers, and where they stand."""

    def __init__(self, solution_text):
        cells = nbformat.reads(solution_text, as_version=4).cells
        self.order, self.tests, self.defines, self.calls = [], {}, {}, {}
        for cell in cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if meta.get("solution"):
                self.defines[grade_id] = re.findall(r"^def (\w+)\(", cell.source, flags=re.M)
            if grade_id:
                self.order.append(grade_id)
            if meta.get("grade") and not meta.get("solution"):
                self.tests[grade_id] = (float(meta["points"]), cell.source)
        functions = {name for names in self.defines.values() for name in names}
        sources = {name: cell.source for cell in cells for name in re.findall(r"^def (\w+)\(", cell.source, re.M)}
        self.calls = {name: {f for f in functions if f != name and re.search(rf"\b{f}\(", sources.get(name, ""))}
                      for name in functions}
        self.functions = functions

    @property
    def full(self):
        return sum(points for points, _ in self.tests.values())

    def _needs(self, names):
        needed, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in needed:
                needed.add(name)
                todo += self.calls.get(name, ())
        return needed

    def working(self, broken=(), before=None):
        """Points of the tests that call no function of ``broken``, and ran before the cell ``before``."""
        last = self.order.index(before) if before else len(self.order)
        total = 0.0
        for grade_id, (points, source) in self.tests.items():
            called = {f for f in self.functions if re.search(rf"\b{f}\(", source)}
            if not self._needs(called) & set(broken) and self.order.index(grade_id) < last:
                total += points
        return total

    def functions_of(self, answer_ids):
        return {name for answer in answer_ids for name in self.defines.get(answer, [])}


FORGED_WARNINGS = """
import sys
def forged_warnings(shown):
    return [['builtins', 'SystemExit', 'stop', 'f'], ['builtins', 'KeyboardInterrupt', 'stop', 'f'],
            ['autograder.judge', 'RemoteError', 'x', 'f'], ['os', 'system', 'echo pwned', 'f'], [1, 2, 3, 4], 'text',
            ['builtins', 'DeprecationWarning', 'A' * 10**4, 'f' * 10**4], ['builtins', 'ResourceWarning', '', '']] * 30
def patch_agent():
    for name, module in list(sys.modules.items()):
        if name.startswith('_course') and hasattr(module, '_shown'):
            module._shown = forged_warnings
patch_agent()
get_ipython().events.register('pre_run_cell', lambda info: patch_agent())"""


# --------------------------------------------------------------------------------------- the corpus
def corpus(solution, student, other_assignment, paths):
    """{kind: (files, expected total, text expected in the graded notebook or notes, or None)}.

    ``files`` is {file name: text}; ``paths`` fills the attacks' ``{course}``, ``{repo}``, ``{exchange}``,
    ``{home}``.
    """
    points = Points(solution)
    answers = answer_ids(solution)
    first = answers[0]
    everything = points.functions
    half = answers[::2]
    half_text = fill_answers(student, solution, half)
    half_points = points.working(everything - points.functions_of(half))
    last = answers[-1]  # the answer the fewest cells call: a loop there times out few cells
    looping = points.defines[last][0]
    last_breaks = points.working(points.functions_of([last]))
    kinds = {
        "correct": ({NOTEBOOK: solution}, points.full, None),
        "untouched": ({NOTEBOOK: student}, 0, "NotImplementedError"),
        "half-right": ({NOTEBOOK: half_text}, half_points, "NotImplementedError"),
        # Right when its try-it cell calls it, then a busy loop for ever: the test's call spins until the test
        # cell's time limit, and the judge records that the kernel did not answer. (A loop in every call spun the
        # try-it cell to its limit too: half a minute of CPU more, for the same defence.)
        "loop-in-answer": ({NOTEBOOK: edit(solution, last, append(
            f"_first_call = {looping}\n\ndef {looping}(*args, **kwargs):\n    global _first_call\n"
            "    if _first_call is not None:\n        answer, _first_call = _first_call, None\n"
            "        return answer(*args, **kwargs)\n    while True:\n        pass"))}, last_breaks,
            "got no answer from the kernel"),
        "swallows-interrupt": ({NOTEBOOK: edit(solution, answers[1], append(
            "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except KeyboardInterrupt:\n        pass"))},
            points.working(before=answers[1]), "stopped answering"),
        "loop-at-import": ({NOTEBOOK: edit(solution, first, append("while True:\n    pass"))}, points.full,
                           "KeyboardInterrupt"),
        "memory-bomb": ({NOTEBOOK: edit(solution, answers[1], append(
            "hog = [np.ones(10**7) for _ in range(10**4)]"))}, points.working(before=answers[1]),
            "more than 1800 MB of memory"),
        "sys-exit": ({NOTEBOOK: edit(solution, answers[2], append("import sys\nsys.exit()"))}, points.full, None),
        "os-exit": ({NOTEBOOK: edit(solution, answers[2], append("import os\nos._exit(1)"))},
                    points.working(before=answers[2]), "The kernel died"),
        "keyboard-interrupt": ({NOTEBOOK: edit(solution, answers[3], append("raise KeyboardInterrupt"))},
                               points.full, None),
        "deleted-test-cell": ({NOTEBOOK: edit(solution, list(points.tests)[0], lambda c: None)},
                              points.full - points.tests[list(points.tests)[0]][0], None),
        "duplicated-cells": ({NOTEBOOK: edit(solution, answers[1], lambda c: [c, nbformat.from_dict(
            json.loads(json.dumps(c)))])}, points.full, "were run as ordinary cells"),
        "changed-cell-type": ({NOTEBOOK: edit(solution, list(points.tests)[1], lambda c: nbformat.v4.new_markdown_cell(
            c.source, metadata=c.metadata))}, points.full, None),
        "test-marked-as-answer": ({NOTEBOOK: edit(solution, list(points.tests)[0], flags(solution=True, locked=False))},
                                 points.full, "graded as the release defines them"),
        "test-marked-ungraded": ({NOTEBOOK: edit(solution, list(points.tests)[1], flags(grade=False, points=0))},
                                 points.full, "graded as the release defines them"),
        "answer-marked-graded": ({NOTEBOOK: edit(solution, answers[0], flags(grade=True, points=50))}, points.full,
                                 "graded as the release defines them"),
        "added-graded-cell": ({NOTEBOOK: whole(solution, lambda nb: nb.cells.append(nbformat.v4.new_code_cell(
            "assert True", metadata={"nbgrader": {"grade": True, "grade_id": "bonus", "locked": True, "points": 100,
                                                  "schema_version": 3, "solution": False, "task": False}})))},
            points.full, "which the release does not have"),
        "edited-test-cells": ({NOTEBOOK: edit(edit(half_text, list(points.tests)[0], replace("pass")),
                                              list(points.tests)[-1], replace(""))}, half_points, None),
        "invalid-json": ({NOTEBOOK: "{ this is not json"}, 0, "is not a readable notebook"),
        "empty-file": ({NOTEBOOK: ""}, 0, "is not a readable notebook"),
        "wrong-file-name": ({"homework.ipynb": solution}, points.full, "renamed homework.ipynb"),
        "other-assignment": ({NOTEBOOK: other_assignment}, 0, "cells of another assignment"),
        "extra-notebook": ({NOTEBOOK: solution, "scratch.ipynb": solution}, points.full, "set aside"),
        "added-cells": ({NOTEBOOK: whole(solution, add_scratch_cells)}, points.full, None),
        "reordered-cells": ({NOTEBOOK: whole(solution, lambda nb: nb.cells.append(nb.cells.pop(0)))},
                            points.full, None),
        "stale-outputs": ({NOTEBOOK: whole(solution, lambda nb: [setattr(c, "outputs", [nbformat.v4.new_output(
            "stream", name="stdout", text="all tests passed\n")]) for c in nb.cells if c.cell_type == "code"])},
            points.full, None),
        "renamed-kernel": ({NOTEBOOK: whole(solution, lambda nb: nb.metadata.update(kernelspec={
            "name": "my-env", "display_name": "My env", "language": "python"}))}, points.full,
            "run with the course's kernel"),
        "markdown-script": ({NOTEBOOK: whole(edit(solution, first, append(
            "from IPython.display import HTML, display\ndisplay(HTML('<script>window.pwnedByOutput = 1</script>'))")),
            lambda nb: nb.cells.append(nbformat.v4.new_markdown_cell(
                "<script>window.pwnedByMarkdown = 1</script><img src=x onerror=\"window.pwned = 1\">")))},
            points.full, None),
    }
    # The warnings a call issued come back to the judge, which issues them again under the test's filters: forged
    # ones (any class named, messages long and odd, malformed entries) cost a right answer nothing.
    kinds["forges-warnings"] = ({NOTEBOOK: edit(solution, first, append(FORGED_WARNINGS))}, points.full, None)
    kinds["module-beside-notebook"] = ({NOTEBOOK: student, "course.py": SHADOW_MODULE, "numpy.py": SHADOW_MODULE}, 0,
                                       None)
    for kind, (code, printed) in ESCAPES.items():
        kinds[kind] = ({NOTEBOOK: edit(solution, first, append(code.format(**paths)))}, points.full, printed)
    for kind, code in FORGERIES.items():
        wrong = code + ("" if "def sigmoid" in code else WRONG_SIGMOID)
        kinds[kind] = ({NOTEBOOK: edit(student, first, replace(wrong))}, 0, None)
    return kinds
