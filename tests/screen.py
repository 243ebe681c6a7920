"""The mutation pass's first, fast pass: each mutant runs in a forked copy of one process, until a test fails.

Grading a mutant with nbgrader means a new kernel runs the whole notebook: imports, data, every part, the Keras
training at the end; 10 to 30 s a mutant on 2 cores. Almost every mutant fails the first test after its cell, so
most of that time is spent on cells that cannot change the verdict. The screen instead:

1. runs the solution's cells in order in one IPython shell in this process, and stays a single thread, which is
   what makes ``fork`` safe (TensorFlow starts its threads at its first operation, not at import). Every cell but an
   answer cell (a test, a ``*_try`` cell, a setup cell of the notebook) is first run in a forked probe: when it
   leaves the probe with one thread, it runs here too; otherwise (it used TensorFlow) only those of its top-level
   statements that pass the same probe run here (the helpers and values a later test may need), the others are
   left out. An answer cell runs here as it is;
2. before each answer cell, forks a *control* child with the unmutated cell and one child per mutant of it (two at
   a time). A child runs its version of the cell, then every later cell in order, tests and ``_try`` cells
   included, as nbgrader would (a cell that raises does not stop the run) and stops at the first *test* cell that
   raises: the mutant is killed there. A child that reaches the end survives the screen;
3. believes a cell's verdicts only when its control reaches the end with every test passing (the skipped cells were
   not needed), and only while this process is still one thread. Otherwise that cell's mutants are *unscreened*.

A kill here is a test cell of the solution notebook, hidden tests included, raising on the mutant: the code
nbgrader runs, in the same order, on the same data. ``tests/mutants.py`` grades the survivors and the unscreened
mutants with real nbgrader, whose verdict is final.
"""

import ast
import contextlib
import functools
import json
import os
import re
import select
import signal
import sys
import tempfile
import time
from pathlib import Path

SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg"}


def threads():
    """How many threads this process has (Linux)."""
    return int(re.search(r"Threads:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def _kind(cell):
    """'answer', 'test', 'try' or 'other' for a code cell of an nbgrader notebook."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution") and not meta.get("grade"):
        return "answer"
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    return "try" if meta.get("grade_id", "").endswith("_try") else "other"


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout("the cell ran past the time limit")


class Screen:
    """Screen the mutants of one solution notebook (nbformat) with ``run(mutants_by_cell)``."""

    def __init__(self, notebook, cell_timeout=120, child_timeout=900, workers=2):
        self.cells = [c for c in notebook.cells if c.cell_type == "code"]
        self.cell_timeout, self.child_timeout, self.workers = cell_timeout, child_timeout, workers

    # ------------------------------------------------------------------ running cells
    def _shell(self):
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        return InteractiveShell.instance(config=config)

    def _run_cell(self, shell, source):
        """Run one cell; None when it raised nothing, else the error in one line."""
        from IPython.utils.capture import capture_output

        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.cell_timeout)
        try:
            with capture_output(display=True):
                result = shell.run_cell(source, store_history=False, silent=False)
        finally:
            signal.alarm(0)
        error = result.error_in_exec or result.error_before_exec
        return None if error is None else f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"

    def _run_from(self, shell, index, source):
        """Run cell ``index`` as ``source``, then the rest until a test raises; the verdict."""
        self._run_cell(shell, source)
        for cell in self.cells[index + 1:]:
            error = self._run_cell(shell, cell.source)
            if error and _kind(cell) == "test":
                return {"verdict": "killed", "cell": cell.metadata["nbgrader"]["grade_id"], "error": error}
        return {"verdict": "survived"}

    def _run_single_threaded_statements(self, shell, source):
        """Run here the top-level statements of ``source`` that keep this process one thread (each probed first).

        A later test may need a helper, or a value, that a cell using TensorFlow defines beside its checks."""
        try:
            statements = ast.parse(source).body
        except SyntaxError:
            return
        for statement in statements:
            code = ast.unparse(statement)
            if self._keeps_one_thread(shell, code):
                self._run_cell(shell, code)

    def _keeps_one_thread(self, shell, source):
        """Whether running ``source`` (in a forked probe) leaves the process with one thread."""
        if threads() > 1:
            return False

        def probe():
            self._run_cell(shell, source)
            return {"one_thread": threads() == 1}

        return self._fork_all({"probe": probe})["probe"].get("one_thread", False)

    def _fork_all(self, tasks):
        """Run {key: task} in forked children, ``workers`` at a time; {key: what the task returned (a dict)}.

        A child's output goes to /dev/null; one that dies, or runs past ``child_timeout``, gives a "broken" verdict."""
        pending, running, results = list(tasks.items()), {}, {}
        while pending or running:
            while pending and len(running) < self.workers:
                key, task = pending.pop(0)
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read)
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    try:
                        result = task()
                    except BaseException as error:  # noqa: BLE001 - whatever happens, the parent must hear of it
                        result = {"verdict": "broken", "error": f"{type(error).__name__}: {error}"}
                    os.write(write, (json.dumps(result) + "\n").encode())
                    os._exit(0)
                os.close(write)
                running[pid] = (key, read, time.monotonic(), b"")
            ready, _, _ = select.select([entry[1] for entry in running.values()], [], [], 1.0)
            for pid, (key, read, started, data) in list(running.items()):
                if read in ready:
                    chunk = os.read(read, 65536)
                    running[pid] = (key, read, started, data + chunk)
                    if chunk:
                        continue
                elif time.monotonic() - started < self.child_timeout:
                    continue
                else:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(read)
                data = running.pop(pid)[3]
                try:
                    results[key] = json.loads(data.decode().strip().splitlines()[-1])
                except (ValueError, IndexError):
                    results[key] = {"verdict": "broken", "error": "the child died without a verdict"}
        return results

    # ------------------------------------------------------------------ the screen
    def run(self, mutants_by_cell, progress=print):
        """Screen mutants; ``mutants_by_cell`` is {answer grade_id: {key: mutated source}}.

        Returns {key: verdict}, a verdict being {"verdict": "killed", "cell": test grade_id, "error": ...},
        {"verdict": "survived"} or {"verdict": "unscreened", "why": ...}.
        """
        for name, value in SINGLE_THREADED.items():
            os.environ.setdefault(name, value)
        os.environ.setdefault("COURSE_FAST", "1")
        verdicts = {}
        with tempfile.TemporaryDirectory(prefix="mutant-screen-") as folder, contextlib.chdir(folder):
            shell = self._shell()
            for index, cell in enumerate(self.cells):
                kind, grade_id = _kind(cell), cell.metadata.get("nbgrader", {}).get("grade_id")
                jobs = mutants_by_cell.get(grade_id, {}) if kind == "answer" else {}
                if jobs:
                    verdicts.update(self._screen_cell(shell, index, cell, jobs, progress))
                if kind != "answer" and not self._keeps_one_thread(shell, cell.source):
                    self._run_single_threaded_statements(shell, cell.source)
                    continue
                error = self._run_cell(shell, cell.source)
                if error:
                    progress(f"  screen: the solution's cell {grade_id} raised {error}")
        shell.clear_instance()
        return verdicts

    def _screen_cell(self, shell, index, cell, jobs, progress):
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if threads() > 1:
            why = f"this process had {threads()} threads before {grade_id} (an earlier cell started TensorFlow)"
            progress(f"  screen: {grade_id}: {len(jobs)} mutants unscreened: {why}")
            return {key: {"verdict": "unscreened", "why": why} for key in jobs}
        start = time.perf_counter()
        control_key = object()
        sources = {control_key: cell.source, **jobs}
        results = self._fork_all({key: functools.partial(self._run_from, shell, index, source)
                                  for key, source in sources.items()})
        control = results.pop(control_key)
        if control["verdict"] != "survived":
            why = f"the unmutated {grade_id} did not pass every later test in the screen: {control}"
            progress(f"  screen: {grade_id}: {len(jobs)} mutants unscreened: {why}")
            return {key: {"verdict": "unscreened", "why": why} for key in jobs}
        for key, verdict in results.items():
            if verdict["verdict"] == "broken":
                results[key] = {"verdict": "unscreened", "why": verdict["error"]}
        killed = sum(v["verdict"] == "killed" for v in results.values())
        progress(f"  screen: {grade_id}: {len(jobs)} mutants, {killed} killed, {len(jobs) - killed} to nbgrader "
                 f"({time.perf_counter() - start:.0f} s)")
        return results

