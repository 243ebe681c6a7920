"""What a submission's kernel may do while nbgrader runs it, and what the grader believes of it.

* **A box it cannot leave.** The kernel starts through ``python -m
  autograder.jail`` (bubblewrap): an empty file system holding, read-only, the
  OS, the Python environment, the ``course`` package and the data folder, and,
  writable, a *private copy* of its submission and its own runtime folder
  (connection file, Unix sockets). No network, new user and PID namespaces, an
  unprivileged uid, a cgroup or rlimits for memory and processes. The course
  root, the exchange, the gradebook, other kernels and the grader's ``$TMPDIR``
  do not exist for it. The private copy is thrown away afterwards: the grader
  reads nothing the kernel wrote, only its messages.
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
* **Scores the kernel cannot fake.** Before each test cell the shell is reset
  and checked (:mod:`autograder.guard`); a test passes only when the kernel's
  ``execute_reply`` says ``ok`` and the cell shows no error, and a test cell's
  displayed values (nbgrader's partial credit) and cleared outputs count for
  nothing.
"""

import functools
import os
import shutil
import stat
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
from autograder.guard import fingerprint_code, mark_code, parse, protect_code, reset_code, setup_code, tampering

__all__ = ["ConfinementUnavailable", "ContainedExecute", "SandboxKernelManager", "confinement_problem"]

ENABLE_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow unprivileged user "
               "namespaces (Ubuntu 24.04: sysctl kernel.apparmor_restrict_unprivileged_userns=0); see the README, "
               "or grade with --unconfined only notebooks you trust")


class ConfinementUnavailable(RuntimeError):
    """The OS cannot confine a kernel here; the message says why and what to do."""


def _timed_out(cell):
    """Whether nbgrader stopped waiting for this cell (its per-cell timeout) and interrupted the kernel."""
    return any(output.get("ename") == "CellTimeoutError" for output in cell.get("outputs", []))


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


@functools.lru_cache(maxsize=1)
def confinement_problem():
    """Why kernels cannot be confined on this machine, or None when they can (tried once per process)."""
    with tempfile.TemporaryDirectory(prefix="course-grade-probe-", dir="/tmp" if os.geteuid() == 0 else None) as folder:
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


def _copy_regular_files(source, target, limit_bytes=256 * 2**20):
    """Copy the regular files under ``source`` to ``target`` (no links, devices or fifos), up to a total size."""
    total = 0
    for parent, folders, files in os.walk(source, followlinks=False):
        relative = Path(parent).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        folders[:] = [f for f in folders if stat.S_ISDIR(os.lstat(os.path.join(parent, f)).st_mode)]
        for name in files:
            path = os.path.join(parent, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and total + info.st_size <= limit_bytes:
                shutil.copyfile(path, target / relative / name, follow_symlinks=False)
                total += info.st_size


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel in :mod:`autograder.jail`'s sandbox, in a private copy of its folder, over Unix sockets."""

    confined = Bool(True, help="Start kernels in the sandbox; False runs them unconfined.").tag(config=True)
    source_folder = Unicode("", help="The folder whose regular files make the kernel's private working copy.")
    read_only = List(Unicode(), help="Further paths the kernel may read (the data folder is added).").tag(config=True)
    memory_limit_mb = Integer(4096, help="cgroup memory cap where available.").tag(config=True)
    max_processes = Integer(512, help="Processes and threads of one kernel.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # one private folder per kernel: work/ (the copy it runs in) and runtime/ (connection file, sockets)
        # as root the kernel's uid must walk to the box: /tmp (1777) rather than a $TMPDIR that may be private
        self.box = Path(tempfile.mkdtemp(prefix="course-grade-kernel-", dir="/tmp" if os.geteuid() == 0 else None))
        os.chmod(self.box, 0o711)
        self.work, self.runtime = self.box / "work", self.box / "runtime"
        self.work.mkdir(mode=0o700)
        self.runtime.mkdir(mode=0o700)
        self.cgroup = f"course-grade-{uuid.uuid4().hex[:12]}"
        self.transport = "ipc"  # Unix sockets: they reach a kernel without network
        self.ip = str(self.runtime / "kernel-ipc")
        self.connection_file = str(self.runtime / "kernel.json")
        self.kernel_spec.interrupt_mode = "message"  # a signal would stop at the sandbox's init process

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw["cwd"] = str(self.work)  # the private copy, confined or not
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
        if self.source_folder and not any(self.work.iterdir()):
            _copy_regular_files(Path(self.source_folder), self.work)
        if not self.confined:
            return command
        data = os.environ.get("COURSE_DATA_DIR")
        data = str(Path(data).resolve()) if data else None  # bound at its real path: no link leads there inside
        import course

        readable = [sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(course.__file__).resolve().parent),
                    *([data] if data else []), *self.read_only]
        options = [item for path in dict.fromkeys(readable) for item in ("--ro", path)]
        options += ["--setenv", f"COURSE_DATA_DIR={data}"] if data else []
        options += ["--rw", str(self.work), "--rw", str(self.runtime), "--chdir", str(self.work),
                    "--stage", str(self.box), "--cgroup", self.cgroup, "--memory-mb", str(self.memory_limit_mb),
                    "--max-processes", str(self.max_processes)]
        return [sys.executable, "-m", "autograder.jail", *options, "--", *command]

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


class ContainedExecute(Execute):
    """nbgrader's Execute in the sandbox, with a notebook time budget, memory and output caps, and honest scores."""

    notebook_budget = Float(1800, help="Seconds for the whole notebook; later cells are not run.").tag(config=True)
    memory_limit_mb = Integer(4096, help="Resident memory of the kernel above which it is killed.").tag(config=True)
    output_limit_kb = Integer(1024, help="Outputs kept per cell; the rest is dropped as it arrives.").tag(config=True)
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
        self._stop_reason, self._started, self._fingerprint, self._guard = None, time.monotonic(), None, None
        self._over_memory.clear()
        self._replies, self._output_bytes = {}, {}
        self._box = None
        try:
            return super().preprocess(nb, resources, km)
        except RuntimeError as error:  # the kernel did not start: say what the sandbox said
            tail = self._box.log_tail() if self._box is not None else ""
            raise RuntimeError(f"{error}{'; the sandbox said: ' + tail if tail else ''}") from None
        finally:
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
            km.source_folder = str(Path((self.resources or {}).get("metadata", {}).get("path") or ".").resolve())
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
        test = is_grade(cell) and not is_solution(cell)
        watchdog = self._watch_memory()
        try:
            if self._guard is None:  # before the first cell: no student code has run yet
                self._guard = f"_course_guard_{uuid.uuid4().hex}"
                self._reply(setup_code(self._guard))
                self._fingerprint = self._take_fingerprint()
            if test:
                now = self._take_fingerprint(reset=True)
                if now is None and self._fingerprint is not None:  # it no longer answers the grader: stop here
                    self._stop_reason = "the kernel stopped answering the grader's checks after an answer cell"
                changed = tampering(self._fingerprint, now)
                if changed:
                    cell.outputs = [_error("Tampering", f"This test was not run: an answer cell changed "
                                           f"{', '.join(changed[:4])}, which the tests rely on, and it could not "
                                           "be put back; a test that cannot be trusted scores 0.")]
                    return cell, resources
            instructor = is_locked(cell) and not is_grade(cell) and not is_solution(cell)
            if instructor:  # its helpers (reference functions such as keras_conv2d) are protected like the checks
                self._reply("", user_expressions={"mark": mark_code(self._guard)})
            cell, resources = super().preprocess_cell(cell, resources, index)
            if instructor:
                self._reply("", user_expressions={"protect": protect_code(self._guard)})
            if _timed_out(cell) and self._reply("", timeout=self.ping_timeout) is None:
                self._stop_reason = ("the kernel stopped answering after a cell ran past its time limit (interrupting "
                                     "it did not bring it back)")
            if test:
                self._judge(cell, index)
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

    def on_cell_executed(self, **kwargs):
        self._replies[kwargs["cell_index"]] = kwargs["execute_reply"]["content"].get("status")
        return super().on_cell_executed(**kwargs)

    def _judge(self, cell, index):
        """A test passes only on an ``ok`` reply and no error: displayed values and cleared errors count for nothing."""
        cell.outputs = [o for o in cell.outputs if o.output_type not in ("execute_result", "display_data")]
        status = self._replies.get(index)
        if status != "ok" and not any(o.output_type == "error" for o in cell.outputs):
            cell.outputs.append(_error("TestFailed", f"The kernel reported this test as {status or 'not finished'}."))

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's outputs up to ``output_limit_kb``; drop the rest as it arrives, with one note."""
        size = len(str(msg.get("content", "")))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        limit = self.output_limit_kb * 1024
        if used + size > limit:
            if used <= limit:
                outs.append(NotebookNode(output_type="stream", name="stdout",
                                         text=f"\n[output over {self.output_limit_kb} KB dropped by the grader]\n"))
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

    def _take_fingerprint(self, reset=False):
        """The checking machinery's fingerprint, computed fresh in the kernel, after the reset if asked.

        Both are user expressions, which IPython evaluates directly: no input or AST transformer touches them.
        """
        expressions = {"reset": reset_code(self._guard)} if reset else {}
        expressions["fingerprint"] = fingerprint_code(self._guard)
        reply = self._reply("", user_expressions=expressions)
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
