"""The grader's side of the judge: start it in a sandbox of its own, hand it test cells, relay its kernel requests.

Three processes grade a submission (see the README's *How a grade is decided*):

* the student's kernel (:mod:`autograder.sandbox`, :mod:`autograder.jail`), which runs the answer cells and the
  instructor's other cells, never a test cell's hidden part, and answers requests through
  :mod:`autograder.kernel_agent`;
* the judge (:mod:`autograder.judge`), which runs every test cell, visible and hidden parts, with the instructor's
  code only, and reaches the submission through plain data (:mod:`autograder.bridge`);
* the grader (nbgrader, with :class:`autograder.sandbox.ContainedExecute`), which holds the tests and the
  gradebook, forwards the judge's requests to the kernel without reading them, and writes the judge's verdicts.
"""

import ast
import atexit
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from autograder import bridge, jail

__all__ = ["JudgeProcess", "JudgeServer", "agent_code", "bound_names", "hidden_packages", "imported_modules",
           "judge_server", "loaded_names", "measurement_tampering"]

#: Packages the NumPy-only kernel does not have (top-level names, as folders of site-packages).
NOT_NUMPY = ("tensorflow", "keras", "tf_keras", "scipy", "sklearn", "scikit_learn", "skimage", "jax", "jaxlib",
             "torch", "tensorboard")
#: What, in an answer, could change how from_scratch and count_notebook_lines measure (they then fail).
_TAMPERING_NAMES = {"settrace", "setprofile", "gettrace", "getprofile", "f_trace", "f_trace_lines", "_CHECKS",
                    "meta_path"}

ROOT = Path(__file__).resolve().parent.parent
#: The kernel's answer to a request: the repr of a base64 text, and nothing else.
_ANSWER = re.compile(r"'([A-Za-z0-9+/=]*)'")


def agent_code(name):
    """Code that installs the kernel side of the bridge as module ``name`` in the kernel (silently)."""
    import course.checks

    checks = Path(course.checks.__file__).read_text()
    source = (Path(bridge.__file__).read_text() + "\n" + Path(__file__).with_name("kernel_agent.py").read_text()
              + f"\n_CHECKS = private_module('course_checks_private', {checks!r})\n")
    # pyzmq starts a thread the first time it sends a large message (its zero-copy garbage collector); started
    # now, before any student code, a kernel that later uses up its process cap can still send large answers
    return (f"def _install(name, source):\n    import sys, types\n    module = types.ModuleType(name)\n"
            f"    module.get_ipython = get_ipython\n    exec(compile(source, name, 'exec'), module.__dict__)\n"
            f"    sys.modules[name] = module\n    try:\n        import zmq.utils.garbage\n"
            f"        if zmq.utils.garbage.gc.thread is None:\n            zmq.utils.garbage.gc.start()\n"
            f"    except Exception:\n        pass\n_install({name!r}, {source!r})\ndel _install\n")


def request_expression(name, text):
    """The user expression that has the kernel answer one request."""
    return f"__import__('sys').modules[{name!r}].handle({text!r})"


def answer_text(reply, name="r"):
    """The base64 text of a kernel's answer in its ``execute_reply``, or None."""
    try:
        expression = reply["content"]["user_expressions"][name]
        match = _ANSWER.fullmatch(expression["data"]["text/plain"]) if expression.get("status") == "ok" else None
    except (KeyError, TypeError):
        return None
    return match.group(1) if match and len(match.group(1)) <= bridge.MAX_BYTES else None


def _python(source):
    """``source`` as Python (IPython's magics and shell escapes turned into calls), or None."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return None


def bound_names(source):
    """Names a cell assigns in the notebook's namespace, magics' code included (None when it cannot be read)."""
    tree = _python(source)
    if tree is None:
        return None
    names = set()

    def visit(node, top):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)  # %time x = ..., %%time
                and node.func.attr in ("run_line_magic", "run_cell_magic") and node.args
                and isinstance(node.args[-1], ast.Constant) and isinstance(node.args[-1].value, str)):
            names.update(bound_names(node.args[-1].value) or ())
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if top:
                names.add(node.name)
            for child in ast.walk(node):
                if isinstance(child, ast.Global):
                    names.update(child.names)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if top and isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        if top and isinstance(node, ast.NamedExpr):
            names.add(node.target.id)
        if top and isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child, top)

    visit(tree, True)
    return names


def hidden_packages():
    """The package folders of this environment that the NumPy-only kernel does not see."""
    import site
    import sysconfig

    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    return sorted(str(path) for folder in folders if Path(folder).is_dir() for path in Path(folder).iterdir()
                  if path.is_dir() and not path.name.endswith("-info") and path.name.split(".")[0] in NOT_NUMPY)


def measurement_tampering(sources):
    """What in ``sources`` (a submission's own cells) could change how the grader measures; "" if nothing."""
    found = set()
    for source in sources:
        tree = _python(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else (
                node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None)
            if name in _TAMPERING_NAMES or (isinstance(name, str) and name.startswith("_course_bridge")):
                found.add(name if len(name) < 40 else name[:40])
    return ", ".join(sorted(found))


def loaded_names(source):
    """Every name a cell reads, anywhere in it (None when it cannot be read)."""
    tree = _python(source)
    if tree is None:
        return None
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


class JudgeServer:
    """The judge server (:mod:`autograder.judge_server`) of this process, in a sandbox of its own unless
    ``confined`` is False; it forks the judges. One at a time: a new one replaces the last (:func:`judge_server`)."""

    def __init__(self, confined=True, memory_limit_mb=3072, preload=()):
        box, self.cgroup = jail.new_box("judge")
        self.box = Path(box)
        command = [sys.executable, "-m", "autograder.judge_server", "--preload", ",".join(preload)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if confined:
            import course

            data = os.environ.get("COURSE_DATA_DIR")
            readable = [sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(course.__file__).resolve().parent),
                        str(ROOT / "autograder"), *([str(Path(data).resolve())] if data else [])]
            options = [item for path in dict.fromkeys(readable) for item in ("--ro", path)]
            options += ["--setenv", f"PYTHONPATH={ROOT}", "--chdir", "/tmp", "--stage", str(self.box),
                        "--cgroup", self.cgroup, "--memory-mb", str(memory_limit_mb), "--max-processes", "256"]
            options += ["--setenv", f"COURSE_DATA_DIR={Path(data).resolve()}"] if data else []
            command = [sys.executable, "-m", "autograder.jail", "--grader-pid", str(os.getpid()), *options, "--", *command]
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = open(self.box / "server.log", "wb")
        with theirs:
            self.process = subprocess.Popen(command, stdin=theirs, stdout=self.log, stderr=self.log, env=env,
                                            cwd=str(self.box), start_new_session=True)
        self.lock = threading.Lock()

    def fork(self, channel, log, timeout):
        """A judge reading and writing ``channel`` and logging to ``log`` (file descriptors); its pid, or None."""
        with self.lock:
            try:
                socket.send_fds(self.control, [b"fork"], [channel, log])
                self.control.settimeout(timeout)  # the first one waits for the imports
                words = self.control.recv(64).decode("ascii", "replace").split()
            except OSError:
                return None
        return int(words[1]) if len(words) == 2 and words[0] == "pid" and words[1].isdigit() else None

    def kill(self, pid):
        with self.lock:
            try:
                self.control.send(f"kill {pid}".encode())
            except OSError:
                pass

    def alive(self):
        return self.process.poll() is None

    def close(self):
        self.control.close()  # the server stops its judges and exits
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        jail.remove_cgroup(self.cgroup)
        shutil.rmtree(self.box, ignore_errors=True)

    def log_tail(self):
        return _tail(self.box / "server.log")


_SERVER = {}  # {the settings it was started for: this process's judge server}, at most one
_SERVER_LOCK = threading.Lock()


def judge_server(confined, memory_limit_mb, preload):
    """This process's judge server for these settings (and the environment the judges inherit), started if needed."""
    key = (confined, memory_limit_mb, tuple(preload),
           tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(jail.ENVIRONMENT_PREFIXES))))
    with _SERVER_LOCK:
        server = _SERVER.get(key)
        if server is None or not server.alive():
            _stop_server()
            server = _SERVER[key] = JudgeServer(confined, memory_limit_mb, preload)
        return server


@atexit.register
def _stop_server():
    for server in _SERVER.values():
        server.close()
    _SERVER.clear()


def imported_modules(sources):
    """The modules the instructor's cells ``sources`` import, of those a test may use (:data:`bridge.MODULES`)."""
    found = set()
    for source in sources:
        tree = _python(source)
        for node in ast.walk(tree) if tree is not None else ():
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            found.update(name for name in names if name.split(".")[0] in bridge.MODULES)
    return sorted(found)


def _tail(path, size=600):
    try:
        return Path(path).read_bytes()[-size:].decode("utf-8", "replace").strip()
    except OSError:
        return ""


class JudgeProcess:
    """One judge, forked by this process's judge server (:func:`judge_server`) for one submission."""

    def __init__(self, confined=True, memory_limit_mb=3072, preload=(), timeout=300):
        self.server = judge_server(confined, memory_limit_mb, preload)
        self.box = Path(jail.new_box("judge")[0])  # its log
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.log = open(self.box / "judge.log", "wb")
        with theirs:
            self.pid = self.server.fork(theirs.fileno(), self.log.fileno(), timeout)
        if self.pid is None:
            self.log.write(f"the judge server did not start a judge: {self.server.log_tail()}".encode())
            self.log.flush()
            ours.shutdown(socket.SHUT_RDWR)
        self.channel = ours
        self.reader = ours.makefile("r", encoding="utf-8")
        self.writer = ours.makefile("w", encoding="utf-8")
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for line in self.reader:
                self.lines.put(line)
        except (OSError, ValueError):
            pass
        self.lines.put(None)

    def send(self, message):
        self.writer.write(json.dumps(message) + "\n")
        self.writer.flush()

    def receive(self, timeout):
        try:
            line = self.lines.get(timeout=max(timeout, 0.01))
        except queue.Empty:
            return None
        return json.loads(line) if line else None

    def close(self):
        if self.pid is not None:
            self.server.kill(self.pid)
        for stream in (self.writer, self.reader, self.channel):
            try:
                stream.close()
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.box, ignore_errors=True)

    def run_test(self, source, ask_kernel, limit):
        """The verdict on one test cell; ``ask_kernel(text, kernel, seconds, callback)`` answers the judge's requests
        (None: no answer), passing each of the kernel's calls of a test's function to ``callback(prompt)``."""
        deadline = time.monotonic() + limit

        def callback(prompt):
            """The judge's answer to the kernel's call of one of the test's functions ("" when there is none)."""
            if not isinstance(prompt, str) or not prompt.startswith(bridge.CALLBACK_PREFIX) or \
                    len(prompt) > len(bridge.CALLBACK_PREFIX) + bridge.MAX_BYTES:
                return ""
            self.send({"op": "callback", "request": prompt[len(bridge.CALLBACK_PREFIX):]})
            while (message := self.receive(deadline - time.monotonic() + 60)) is not None:
                if message.get("op") == "callback_reply":
                    return str(message.get("reply") or "")
                if message.get("op") != "kernel":
                    break
                self.send({"op": "kernel_reply", "reply": None, "error": "a function of the test that the "
                           "submission called cannot call the submission in turn"})
            return ""

        try:
            self.send({"op": "test", "source": source})
            while True:
                message = self.receive(deadline - time.monotonic() + 60)  # the judge's own work: a minute more
                if message is None:
                    return {"passed": False, "ename": "JudgeStopped",
                            "evalue": "the test did not finish (it ran past its time limit, or the judge stopped)"}
                if message.get("op") == "verdict":
                    return message
                if message.get("op") != "kernel":
                    continue
                remaining = deadline - time.monotonic()
                kernel = "scratch" if message.get("kernel") == "scratch" else "main"
                reply = ask_kernel(message.get("request", ""), kernel, remaining, callback) if remaining > 0 else None
                self.send({"op": "kernel_reply", "reply": reply,
                           "error": None if reply else "the kernel did not answer in time, or answered nonsense"})
        except (OSError, ValueError) as error:
            return {"passed": False, "ename": "JudgeStopped", "evalue": f"the judge stopped ({error})"}
