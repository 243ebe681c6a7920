"""What a submission's kernel may do while nbgrader runs it, and what the grader believes of it.

* **A box it cannot leave.** The kernel starts through ``python -m
  autograder.jail`` (bubblewrap): an empty file system holding, read-only, the
  OS, the Python environment, the ``course`` package and the data folder, and,
  writable, an empty work folder (not on ``sys.path``: ``PYTHONSAFEPATH``; no
  file of the submission is copied in) and its own runtime folder (connection
  file, Unix sockets). No network, new user and PID namespaces, an
  unprivileged uid, a cgroup or rlimits for memory and processes. The course
  root, the exchange, the gradebook, other kernels and the grader's ``$TMPDIR``
  do not exist for it. Its folders are thrown away afterwards: the grader
  reads nothing the kernel wrote.
* **Secure by default.** Where the OS cannot confine a kernel (no bubblewrap,
  user namespaces refused), :func:`confinement_problem` says why and nothing
  runs unless the instructor chose ``--unconfined``.
* **Time.** nbgrader's per-cell timeout (``Execute.timeout``), interrupting the
  kernel by a message (a signal would stop at the sandbox), and a budget for
  the whole notebook (``notebook_budget``), after which the remaining cells
  are not run and fail with the reason.
* **Memory and output.** A watchdog reads the kernel's resident memory ten
  times a second and kills it above ``memory_limit_mb`` (a cgroup enforces the
  same cap where available); a cell's outputs beyond ``output_limit_kb`` are
  dropped as they arrive, so the grader's own memory stays bounded.
* **A kernel that dies** (``os._exit``, a segfault, the memory cap) costs only
  the cells not yet run (nbgrader issues #427, #1033, #1429): the cell that was
  running says why, the cells after it are marked not run.
* **Scores decided outside the kernel.** A test cell never runs in the
  kernel: the judge (:mod:`autograder.judge`, started by
  :mod:`autograder.judging`) runs it, visible and hidden parts, and reaches
  the submission only through plain data (:mod:`autograder.bridge`). The
  test cell's output in the graded notebook is the judge's verdict alone.
  NumPy-only parts run in a second kernel that has no Keras, TensorFlow,
  scikit-learn or SciPy (:class:`ScratchKernel`).
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_locked, is_solution
from traitlets import Bool, Float, Integer, List, Unicode

from autograder import jail
from autograder import bridge
from autograder.judging import (JudgeProcess, agent_code, answer_text, bound_names, hidden_packages, imported_modules,
                                loaded_names, measurement_tampering, request_expression)

__all__ = ["ConfinementUnavailable", "ContainedExecute", "SandboxKernelManager", "confinement_problem"]

ENABLE_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow unprivileged user "
               "namespaces (Ubuntu 24.04: sysctl kernel.apparmor_restrict_unprivileged_userns=0); see the README, "
               "or grade with --unconfined only notebooks you trust")


class ConfinementUnavailable(RuntimeError):
    """The OS cannot confine a kernel here; the message says why and what to do."""


def _timed_out(cell):
    """Whether nbgrader stopped waiting for this cell (its per-cell timeout) and interrupted the kernel."""
    return any(output.get("ename") == "CellTimeoutError" for output in cell.get("outputs", []))


def _is_test(cell):
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _visible_source(cell, config):
    """A test cell without its hidden part (nbgrader's own rule): what the student's notebook holds."""
    from nbgrader.preprocessors import ClearHiddenTests

    copy = NotebookNode(cell_type=cell.cell_type, source=cell.source, metadata=cell.metadata)
    ClearHiddenTests(config=config)._remove_hidden_test_region(copy)
    return copy.source


def _tail(path):
    try:
        return (Path(path).read_text(errors="replace").strip().splitlines() or ["no output"])[-1][:300]
    except OSError:
        return "no log"


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


@functools.lru_cache(maxsize=1)
def confinement_problem():
    """Why kernels cannot be confined on this machine, or None when they can (tried once per process)."""
    with tempfile.TemporaryDirectory(prefix="course-grade-probe-", dir=jail.scratch_parent()) as folder:
        os.chmod(folder, 0o711)
        work = Path(folder) / "work"
        work.mkdir()
        try:
            result = subprocess.run([sys.executable, "-m", "autograder.jail", "--stage", folder, "--rw", str(work),
                                     "--ro", sys.prefix, "--ro", sys.base_prefix, "--chdir", str(work), "--", sys.executable, "-c",
                                     "open('ok', 'w').write('ok')"],
                                    cwd=folder, capture_output=True, text=True, timeout=60,
                                    env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"the sandbox did not start ({error})"
        if result.returncode != 0 or not (work / "ok").is_file():
            return (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
    return None


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel in :mod:`autograder.jail`'s sandbox, in an empty private folder, over Unix sockets."""

    confined = Bool(True, help="Start kernels in the sandbox; False runs them unconfined.").tag(config=True)
    read_only = List(Unicode(), help="Further paths the kernel may read (the data folder is added).").tag(config=True)
    memory_limit_mb = Integer(4096, help="cgroup memory cap where available.").tag(config=True)
    max_processes = Integer(512, help="Processes and threads of one kernel.").tag(config=True)
    hidden = List(Unicode(), help="Package folders that do not exist for this kernel (the NumPy-only kernel's).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # one private folder per kernel: work/ (empty; a tmpfs inside) and runtime/ (connection file, sockets)
        box, self.cgroup = jail.new_box("kernel")
        self.box = Path(box)
        self.work, self.runtime = self.box / "work", self.box / "runtime"
        self.work.mkdir(mode=0o700)
        self.runtime.mkdir(mode=0o700)
        self.transport = "ipc"  # Unix sockets: they reach a kernel without network
        self.ip = str(self.runtime / "kernel-ipc")
        self.connection_file = str(self.runtime / "kernel.json")
        self.kernel_spec.interrupt_mode = "message"  # a signal would stop at the sandbox's init process

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["cwd"] = str(self.work)  # the private folder, confined or not
        import course

        # its folder is not on sys.path; the course package is the grader's own (a copy of the course may be graded)
        kw["env"] = {**(kw.get("env") or os.environ), "PYTHONSAFEPATH": "1",
                     "PYTHONPATH": str(Path(course.__file__).resolve().parent.parent)}
        # the kernel's own stdout and stderr (TensorFlow's start-up chatter, the sandbox's errors) go to a log
        # in the box, outside the kernel's reach, instead of the grader's terminal
        with open(self.box / "kernel.log", "ab") as log:
            kw["stdout"] = kw["stderr"] = log
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    def log_tail(self):
        """The last line the sandbox or the kernel wrote to its log (why a kernel did not start)."""
        try:
            lines = (self.box / "kernel.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        errors = [line for line in lines if "autograder.jail" in line or "bwrap" in line]
        return (errors or lines or [""])[-1][:300]

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if not self.confined:
            return command
        data = os.environ.get("COURSE_DATA_DIR")
        data = str(Path(data).resolve()) if data else None  # bound at its real path: no link leads there inside
        import course

        readable = [sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(course.__file__).resolve().parent),
                    *([data] if data else []), *self.read_only]
        options = [item for path in dict.fromkeys(readable) for item in ("--ro", path)]
        options += ["--setenv", f"COURSE_DATA_DIR={data}"] if data else []
        package_root = Path(course.__file__).resolve().parent.parent  # only the course package is there inside
        options += ["--setenv", "PYTHONSAFEPATH=1", "--setenv", f"PYTHONPATH={package_root}"]
        options += [item for path in self.hidden for item in ("--hide", path)]
        options += ["--work", str(self.work), "--rw", str(self.runtime), "--chdir", str(self.work),
                    "--stage", str(self.box), "--cgroup", self.cgroup, "--memory-mb", str(self.memory_limit_mb),
                    "--max-processes", str(self.max_processes)]
        return [sys.executable, "-m", "autograder.jail", "--grader-pid", str(os.getpid()), *options, "--", *command]

    def remove_box(self):
        """After the kernel: kill what is left of it, remove its cgroup and its private folder."""
        uid = None
        try:
            uid = self.box.joinpath("work").stat().st_uid
        except OSError:
            pass
        if uid is not None and uid >= jail.UID_BASE:  # a sandbox uid: nothing else runs as it
            for process in psutil.process_iter(["uids"]):
                if process.info["uids"] and process.info["uids"].real == uid:
                    try:
                        process.kill()
                    except psutil.Error:
                        pass
        jail.remove_cgroup(self.cgroup)
        shutil.rmtree(self.box, ignore_errors=True)


def ask(kc, km, code, timeout, grace, callback=None, **options):
    """Run ``code`` silently in a kernel: its ``execute_reply`` (None if none) and whether the kernel stopped answering.

    Past ``timeout`` seconds the kernel is interrupted and given ``grace`` seconds more. With ``callback``, the kernel
    may ask for input meanwhile (the kernel side of the bridge calling one of the test's functions): each input
    request's prompt goes to ``callback(prompt)``, whose text is the answer.
    """
    from nbclient.util import run_sync

    msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=callback is not None, **options)
    deadline, interrupted = time.monotonic() + timeout, False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and interrupted:
            return None, True
        if remaining <= 0:
            run_sync(km.interrupt_kernel)()
            deadline, interrupted = time.monotonic() + grace, True
            continue
        channel, message = run_sync(_next_message)(kc, callback is not None, min(remaining, 1.0))
        if channel is None:
            if not run_sync(km.is_alive)():
                return None, True
        elif message["parent_header"].get("msg_id") != msg_id:
            continue
        elif channel == "stdin":
            if message["msg_type"] == "input_request":
                prompt = message["content"].get("prompt", "")
                kc.input(callback(prompt) if not interrupted else "")
        else:
            return (None if interrupted else message), False


async def _next_message(kc, stdin, seconds):
    """("shell" or "stdin", the next message on that channel of ``kc``), or (None, None) after ``seconds``."""
    import zmq
    import zmq.asyncio

    poller = zmq.asyncio.Poller()
    poller.register(kc.shell_channel.socket, zmq.POLLIN)
    if stdin:
        poller.register(kc.stdin_channel.socket, zmq.POLLIN)
    ready = dict(await poller.poll(int(seconds * 1000)))
    if stdin and kc.stdin_channel.socket in ready:
        return "stdin", await kc.stdin_channel.get_msg(timeout=0)
    if kc.shell_channel.socket in ready:
        return "shell", await kc.shell_channel.get_msg(timeout=0)
    return None, None


class ScratchKernel:
    """The NumPy-only kernel: a second sandboxed kernel without Keras, TensorFlow, scikit-learn or SciPy.

    It runs the same cells as the student's kernel (never a test cell's hidden part), statement by statement and
    going on past errors, and answers the judge's ``from_scratch`` and line-count calls. Whatever route an answer
    takes to one of those libraries (an alias, ``importlib``, a helper of another cell), the library is not there:
    a NumPy-only part is checked by construction, not by watching for the libraries' functions.
    """

    def __init__(self, executor):
        from nbclient.util import run_sync

        self.run_sync, self.executor = run_sync, executor
        self.km = SandboxKernelManager(kernel_name=executor.km.kernel_name, config=executor.config)
        self.km.confined = executor._box is not None and executor._box.confined
        self.km.memory_limit_mb = executor.memory_limit_mb + 256
        self.km.hidden = hidden_packages() if self.km.confined else []
        run_sync(self.km.start_kernel)(extra_arguments=executor.extra_arguments)
        self.kc = self.km.client()
        self.kc.start_channels(iopub=False)
        run_sync(self.kc.wait_for_ready)(timeout=executor.startup_timeout)
        self.agent = f"_course_bridge_{uuid.uuid4().hex}"
        self.broken = False
        self.run(agent_code(self.agent), 60)
        if not self.km.confined:  # no sandbox to hide them (trusted notebooks only): refuse their imports
            self.run(f"__import__('sys').modules[{self.agent!r}].block_imports({list(_NOT_NUMPY)!r})", 60)

    @property
    def pid(self):
        return getattr(getattr(self.km, "provisioner", None), "pid", None)

    def run(self, code, timeout, callback=None, **options):
        """The kernel's reply to ``code`` (silent), or None; past ``timeout`` it is interrupted, then given up."""
        if self.broken:
            return None
        reply, self.broken = ask(self.kc, self.km, code, timeout, self.executor.ping_timeout, callback, **options)
        return reply

    def replay(self, source, timeout):
        self.run(f"__import__('sys').modules[{self.agent!r}].replay({source!r})", timeout)

    def close(self):
        try:
            self.kc.stop_channels()
            self.run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass
        self.km.remove_box()


#: Seconds the NumPy-only kernel gives a cell that ran past its time limit in the student's kernel.
REPLAY_LIMIT = 10
_NOT_NUMPY = ("tensorflow", "keras", "tf_keras", "scipy", "sklearn", "skimage", "jax", "torch")


class ContainedExecute(Execute):
    """nbgrader's Execute in the sandbox, with a notebook time budget, memory and output caps, and honest scores."""

    notebook_budget = Float(1800, help="Seconds for the whole notebook; later cells are not run.").tag(config=True)
    memory_limit_mb = Integer(4096, help="Resident memory of the kernel above which it is killed.").tag(config=True)
    output_limit_kb = Integer(1024, help="Outputs kept per cell; the rest is dropped as it arrives.").tag(config=True)
    notebook_output_limit_kb = Integer(16384, help="Outputs kept in the whole notebook.").tag(config=True)
    max_messages = Integer(10000, help="Output messages of one cell (display updates and widget messages "
                           "count); the rest is dropped.").tag(config=True)
    unconfined = Bool(False, help="Run kernels without the sandbox where the OS cannot confine them (only "
                      "for notebooks you trust).").tag(config=True)
    hidden_paths = List(Unicode(), help="(ignored: the sandbox is an allowlist now)").tag(config=True)
    # nbgrader fails the whole submission when a cell's outputs are 4 s late (a loaded machine, or an answer
    # that broke its own printing): here the reply decides, late outputs are waited for, then left out.
    iopub_timeout = Integer(30).tag(config=True)
    ping_timeout = Float(15, help="Seconds a kernel interrupted after a timeout has to answer the grader again; "
                         "one that does not is stopped, and the notebook's later cells are not run.").tag(config=True)
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self._stop_reason, self._started, self._over_memory = None, None, threading.Event()

    def preprocess(self, nb, resources=None, km=None):
        self._stop_reason, self._started, self._agent, self._judge = None, time.monotonic(), None, None
        self._visible_needed, self._history, self._scratch, self._instructor_cells = set(), [], None, []
        self._over_memory.clear()
        self._output_bytes, self._messages, self._dropped, self._total_bytes = {}, {}, {}, 0
        self._box = None
        try:
            return super().preprocess(nb, resources, km)
        except RuntimeError as error:  # the kernel did not start: say what the sandbox said
            tail = self._box.log_tail() if self._box is not None else ""
            raise RuntimeError(f"{error}{'; the sandbox said: ' + tail if tail else ''}") from None
        finally:
            if self._judge is not None:
                self._judge.close()
                self._judge = None
            if self._scratch is not None:
                self._scratch.close()
                self._scratch = None
            if self._box is not None:
                self._box.remove_box()

    def create_kernel_manager(self):
        problem = None if self.unconfined else confinement_problem()
        if problem:
            raise ConfinementUnavailable(f"This machine cannot confine a submission's kernel ({problem}): "
                                         f"{ENABLE_HINT}.")
        km = super().create_kernel_manager()
        if isinstance(km, SandboxKernelManager):
            # confined unless the instructor said so (SandboxKernelManager.confined = False, or --unconfined where
            # this machine has no sandbox)
            km.confined = km.confined and (not self.unconfined or confinement_problem() is None)
            km.memory_limit_mb = self.memory_limit_mb + 256  # the watchdog below acts first and says why
            self._box = km
        return km

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._stop_reason is None and time.monotonic() - self._started > self.notebook_budget:
            self._stop_reason = f"the notebook ran past its time budget of {self.notebook_budget:g} s"
        if self._stop_reason is not None:
            cell.outputs = [_error("NotRun", f"This cell was not run: {self._stop_reason}.")]
            return cell, resources
        watchdog = self._watch_memory()
        try:
            if self._agent is None:  # before the first cell: the kernel side of the bridge
                self._agent = f"_course_bridge_{uuid.uuid4().hex}"
                self._reply(agent_code(self._agent))
            if _is_test(cell):  # decided by the judge; the kernel never receives the cell
                self._judge_cell(cell, index)
                return cell, resources
            cell, resources = super().preprocess_cell(cell, resources, index)
            if is_locked(cell) and not is_grade(cell) and not is_solution(cell):  # the instructor's: the judge too
                self._instructor_cells.append(cell.source)
                if self._judge is not None:
                    self._judge.send({"op": "instructor", "source": cell.source})
            # the NumPy-only kernel runs what ran here; a cell that ran past its limit gets a short one there (its
            # statements before the one that looped still define what they define)
            self._history.append((cell.source, REPLAY_LIMIT if _timed_out(cell) else self.timeout or 300))
            if self._scratch is not None:
                self._scratch.replay(*self._history[-1])
            if self._judge is not None:
                self._judge.send({"op": "forget", "names": sorted(bound_names(cell.source) or ())})
            if _timed_out(cell) and self._reply("", timeout=self.ping_timeout) is None:
                self._stop_reason = ("the kernel stopped answering after a cell ran past its time limit (interrupting "
                                     "it did not bring it back)")
            return cell, resources
        except CellTimeoutError as error:  # no reply in time, and the interrupt did not bring one either
            cell.outputs.append(_error("CellTimeoutError", str(error).splitlines()[0]))
            return cell, resources
        except DeadKernelError:
            why = (f"it used more than {self.memory_limit_mb} MB of memory" if self._over_memory.is_set()
                   else "it exited or crashed (os._exit, sys.exit in a thread, a segfault, or the OS killed it)")
            self._stop_reason = f"the kernel died in an earlier cell: {why}"
            cell.outputs.append(_error("KernelDied", f"The kernel died while running this cell: {why}."))
            return cell, resources
        finally:
            watchdog.set()

    def _start_judge(self):
        """The judge, set up with the instructor's cells; which test cells' visible parts later cells need."""
        confined = not self.unconfined or confinement_problem() is None
        self._judge = JudgeProcess(confined=confined and self._box is not None and self._box.confined,
                                   preload=imported_modules(self._instructor_cells), timeout=self.startup_timeout)
        answers = [c.source for c in self.nb.cells if c.cell_type == "code" and not is_locked(c)]
        self._judge.send({"op": "setup", "cells": self._instructor_cells, "refused": measurement_tampering(answers)})
        ready = self._judge.receive(self.startup_timeout)
        if not ready or ready.get("op") != "ready":
            raise RuntimeError(f"the judge did not start ({_tail(self._judge.box / 'judge.log')})")
        later, self._visible_needed = set(), set()
        for position in range(len(self.nb.cells) - 1, -1, -1):  # from the end: what the cells after each one read
            cell = self.nb.cells[position]
            if cell.cell_type != "code":
                continue
            if _is_test(cell) and (bound_names(cell.source) or set()) & later:
                self._visible_needed.add(position)
            elif not _is_test(cell):
                later |= loaded_names(cell.source) or set()

    def _judge_cell(self, cell, index):
        """The judge runs the test cell; its verdict is the cell's only output. Nothing of the kernel's counts."""
        if self._judge is None:
            self._start_judge()
        verdict = self._judge.run_test(cell.source, self._ask_kernel, self.timeout or 300)
        cell.outputs = [] if verdict.get("passed") else [
            _error(str(verdict.get("ename") or "TestFailed")[:100], str(verdict.get("evalue") or "")[:1000])]
        if index in self._visible_needed:  # later cells read names it defines: the student's own notebook would
            visible = _visible_source(cell, self.config)
            self._reply(visible, timeout=self.timeout or 300)
            self._history.append((visible, self.timeout or 300))
            if self._scratch is not None:
                self._scratch.replay(*self._history[-1])

    def _ask_kernel(self, text, kernel, seconds, callback=None):
        """A kernel's answer to one request of the judge, as text the grader has not read (None if none in time);
        the kernel's calls of the test's functions meanwhile go to ``callback``."""
        if not isinstance(text, str) or len(text) > bridge.MAX_BYTES:
            return None
        if kernel == "scratch":
            return self._ask_scratch(text, seconds, callback)
        reply, stopped = ask(self.kc, self.km, "", max(1, int(seconds)), self.ping_timeout, callback,
                             user_expressions={"r": request_expression(self._agent, text)})
        if stopped and not self._alive():
            raise DeadKernelError("the kernel died while the judge's request ran")
        if stopped:
            self._stop_reason = "the kernel stopped answering after a call ran past its time limit"
        return answer_text(reply)

    def _alive(self):
        from nbclient.util import run_sync

        return run_sync(self.km.is_alive)()

    def _ask_scratch(self, text, seconds, callback=None):
        """The NumPy-only kernel's answer (started at its first use, with every cell that ran so far replayed)."""
        if self._scratch is None:
            try:
                self._scratch = ScratchKernel(self)
            except Exception as error:
                self.log.warning("the NumPy-only kernel did not start: %s", error)
                return None
            for source, limit in self._history:
                self._scratch.replay(source, limit)
        reply = self._scratch.run("", max(1, int(seconds)), callback, user_expressions={"r": request_expression(
            self._scratch.agent, text)})
        return answer_text(reply)

    def process_message(self, msg, cell, cell_index):
        """Every message of the kernel counts against the caps, display updates and widget (comm) messages included.

        The grader keeps no widget state and applies no display update (an update would be copied into every
        earlier output with its display id: 400 small displays and one 1 MB update made a 419 MB notebook), and
        past ``max_messages`` messages in a cell, or ``notebook_output_limit_kb`` for the notebook, the rest is
        dropped with one note.
        """
        msg_type = msg.get("msg_type", "")
        if msg_type == "status":
            return super().process_message(msg, cell, cell_index)
        count = self._messages.get(cell_index, 0) + 1
        self._messages[cell_index] = count
        if msg_type.startswith("comm") or msg_type == "update_display_data":
            return None
        if count > self.max_messages:
            if count == self.max_messages + 1:
                cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=(
                    f"\n[more than {self.max_messages} output messages: the rest dropped by the grader]\n")))
            return None
        return super().process_message(msg, cell, cell_index)

    def _update_display_id(self, display_id, msg):
        """Display updates are not applied (see :meth:`process_message`)."""

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's outputs up to ``output_limit_kb`` and the notebook's up to ``notebook_output_limit_kb``;
        drop the rest as it arrives, with one note."""
        size = len(str(msg.get("content", "")))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        self._total_bytes += size
        limit = self.output_limit_kb * 1024
        if used + size > limit or self._total_bytes > self.notebook_output_limit_kb * 1024:
            if not self._dropped.get(cell_index):
                self._dropped[cell_index] = True
                outs.append(NotebookNode(output_type="stream", name="stdout", text=(
                    f"\n[output over {self.output_limit_kb} KB in this cell or "
                    f"{self.notebook_output_limit_kb} KB in the notebook dropped by the grader]\n")))
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _reply(self, code, timeout=60, **options):
        """The kernel's reply to a request of the grader's own (None if it gave none in ``timeout`` seconds)."""
        saved, self.timeout = self.timeout, timeout
        try:
            return self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False, **options))
        except Exception as error:  # a kernel that does not answer the grader is not trusted, not fatal
            if isinstance(error, DeadKernelError):
                raise
            return None
        finally:
            self.timeout = saved

    def _watch_memory(self):
        """Kill the kernel if its resident memory passes the cap; return the event that stops the watch."""
        stop = threading.Event()
        pid = getattr(getattr(self.km, "provisioner", None), "pid", None)
        if pid:
            threading.Thread(target=self._watch, args=(pid, stop), daemon=True).start()
        return stop

    def _watch(self, pid, stop):
        limit = self.memory_limit_mb * 2**20
        while not stop.wait(0.1):
            try:
                process = psutil.Process(pid)
                tree = [process, *process.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree)
            except psutil.Error:
                return
            if rss > limit:
                self._over_memory.set()
                for p in reversed(tree):
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                return
