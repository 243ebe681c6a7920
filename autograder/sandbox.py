"""Containment of a submission while nbgrader runs it.

What a submission's kernel gets, and why:

* **Time.** nbgrader's per-cell timeout (``Execute.timeout``) stops an infinite
  loop in one cell; :class:`ContainedExecute` adds a budget for the whole
  notebook (``ContainedExecute.notebook_budget``), after which the remaining
  cells are not run and fail with the reason.
* **Memory.** A watchdog thread reads the kernel's resident memory (with its
  children) ten times a second and kills it above ``memory_limit_mb``.
  (``RLIMIT_AS`` would be simpler but TensorFlow reserves far more address
  space than it uses, so it cannot start under any useful limit.)
* **A kernel that dies** (``os._exit``, a segfault, the memory watchdog) no
  longer fails the whole submission as in nbgrader (issues #427, #1033,
  #1429): the cell that was running gets an error that says why, the cells
  after it are marked not run, and the tests that already passed keep their
  points. The run goes on with the next submission.
* **No network, no course files.** The kernel starts through
  ``python -m autograder.jail`` (see there), which gives it an empty network
  namespace and covers, in a mount namespace of its own, the gradebook, the
  source notebooks (with the hidden tests), the other submissions and the
  feedback; its own throwaway copy of the submission (nbgrader's
  ``autograded/<student>/<assignment>``) stays. It talks to nbgrader over Unix
  sockets (ZeroMQ's ipc transport), which need no network. Where the OS
  refuses namespaces (no root and no unprivileged user namespaces), the
  kernel runs unconfined and the wrapper says so on its stderr.
* **No patched checks.** Before each graded test cell the grader compares a
  fingerprint of the checking machinery with the one taken before any
  student code ran (:mod:`autograder.guard`); a test whose checks were
  patched is not run and scores 0.
"""

import os
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Float, Integer, List, Unicode

from autograder.guard import FINGERPRINT, SETUP, parse, tampering

__all__ = ["ContainedExecute", "SandboxKernelManager"]

def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through :mod:`autograder.jail` and over Unix sockets."""

    isolate_network = Bool(True, help="Start kernels confined by autograder.jail where the OS allows.").tag(config=True)
    hidden_paths = List(Unicode(), help="Files and folders the kernel must not see.")
    keep_path = Unicode("", help="The submission's own folder, kept visible and writable.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.isolate_network:
            # Unix sockets work across network namespaces; TCP on loopback would not. Their path is absolute
            # (jupyter_client's default is relative to the current folder, which differs for the kernel).
            self.transport = "ipc"
            os.makedirs(jupyter_runtime_dir(), exist_ok=True)
            self.ip = os.path.join(jupyter_runtime_dir(), f"kernel-{uuid.uuid4().hex[:12]}-ipc")

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if not self.isolate_network:
            return command
        options = [item for path in self.hidden_paths for item in ("--hide", path)]
        options += ["--keep", self.keep_path] if self.keep_path else []
        return [sys.executable, "-m", "autograder.jail", *options, "--", *command]


class ContainedExecute(Execute):
    """nbgrader's Execute with a notebook time budget, a memory cap and survival of a dead kernel."""

    notebook_budget = Float(1800, help="Seconds for the whole notebook; later cells are not run.").tag(config=True)
    memory_limit_mb = Integer(4096, help="Resident memory of the kernel above which it is killed.").tag(config=True)
    hidden_paths = List(Unicode(), ["gradebook.db", "source", "solutions", "submitted", "autograded", "feedback",
                                    "downloaded"],
                        help="Paths, relative to the course root, that a submission's kernel must not see.").tag(
                            config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self._stop_reason, self._started, self._over_memory = None, None, threading.Event()

    def preprocess(self, nb, resources=None, km=None):
        self._stop_reason, self._started, self._fingerprint, self._guarded = None, time.monotonic(), None, False
        self._over_memory.clear()
        return super().preprocess(nb, resources, km)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, SandboxKernelManager):
            km.hidden_paths, km.keep_path = self._jail_paths()
        return km

    def _jail_paths(self):
        """What to hide: the configured paths of the course root, when the notebook runs in nbgrader's
        ``<root>/autograded/<student>/<assignment>``; nothing otherwise."""
        folder = Path((self.resources or {}).get("metadata", {}).get("path") or ".").resolve()
        if len(folder.parents) < 3 or folder.parents[1].name != "autograded":
            return [], ""
        root = folder.parents[2]
        return [str(root / p) for p in self.hidden_paths if (root / p).exists()], str(folder)

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
            if not self._guarded:  # before the first cell: no student code has run yet
                self._guarded, self._fingerprint = True, self._take_fingerprint(setup=True)
            if is_grade(cell) and not is_solution(cell):
                changed = tampering(self._fingerprint, self._take_fingerprint())
                if changed:
                    cell.outputs = [_error("Tampering", f"This test was not run: an answer cell changed "
                                           f"{', '.join(changed[:4])}, which the tests rely on; a test that cannot "
                                           "be trusted scores 0.")]
                    return cell, resources
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            why = (f"it used more than {self.memory_limit_mb} MB of memory" if self._over_memory.is_set()
                   else "it exited or crashed (os._exit, sys.exit in a thread, a segfault, or the OS killed it)")
            self._stop_reason = f"the kernel died in an earlier cell: {why}"
            cell.outputs.append(_error("KernelDied", f"The kernel died while running this cell: {why}."))
            return cell, resources
        finally:
            watchdog.set()

    def _take_fingerprint(self, setup=False):
        """The checking machinery's fingerprint, computed fresh in the kernel (see autograder.guard)."""
        if setup:
            self.wait_for_reply(self.kc.execute(SETUP, silent=True, store_history=False))
        reply = self.wait_for_reply(self.kc.execute("", silent=True, store_history=False,
                                                    user_expressions={"fingerprint": FINGERPRINT}))
        return parse((reply or {}).get("content", {}).get("user_expressions", {}).get("fingerprint"))

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
                rss = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
            except psutil.Error:
                return
            if rss > limit:
                self._over_memory.set()
                for p in [*process.children(recursive=True), process]:
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                return
