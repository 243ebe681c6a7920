"""Execute a notebook in a fresh kernel and measure its time and peak memory."""

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


@dataclass
class Execution:
    """What one notebook run produced."""

    path: Path
    seconds: float
    peak_mb: float
    error: str = ""
    notebook: object = None
    widgets: list = field(default_factory=list)  # course.widgets.measure_redraws() rows, one per control
    cpu_seconds: float = 0.0  # of the kernel and its children, as last sampled


#: Appended to a notebook that shows interactive figures: moves every control and prints the redraw times.
_PROBE = """import json, time, course.widgets
_start = time.perf_counter()
_rows = course.widgets.measure_redraws()
print("COURSE-WIDGETS " + json.dumps({"rows": _rows, "seconds": time.perf_counter() - _start}))"""


def _add_probe(notebook):
    if not any("interactive_figure" in cell.source for cell in notebook.cells if cell.cell_type == "code"):
        return None
    notebook.cells.append(nbformat.v4.new_code_cell(_PROBE))
    return len(notebook.cells) - 1


def _read_probe(notebook, index):
    """Remove the probe cell; return (rows, seconds it took) from its output, or ([], 0.0) if it did not run."""
    cell = notebook.cells.pop(index)
    for output in cell.get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith("COURSE-WIDGETS "):
                report = json.loads(line.split(" ", 1)[1])
                return report["rows"], report["seconds"]
    return [], 0.0


def _sample_tree(pid, cpu):
    """Resident memory of the kernel and its children; their CPU seconds so far go into ``cpu`` ({pid: seconds})."""
    try:
        process = psutil.Process(pid)
        tree = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    rss = 0
    for member in tree:
        try:
            with member.oneshot():
                rss += member.memory_info().rss
                times = member.cpu_times()
                cpu[member.pid] = times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass
    return rss


def _sample_peak(client, stop, peak, cpu):
    """Poll the kernel's resident memory and CPU time (with its children) until told to stop."""
    while not stop.wait(0.1):
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            peak[0] = max(peak[0], _sample_tree(pid, cpu))


def execute_notebook(path, timeout=600):
    """Run every cell of ``path`` in its own folder; never raises for a cell error.

    If the notebook shows interactive figures, a last cell moves every control and times the
    redraws (not counted in the notebook's time).

    Returns
    -------
    Execution
        Time, kernel peak RSS in MB, the error text if a cell failed, the redraw times, and the CPU seconds of the
        kernel and its children (sampled every 0.1 s: the probe's included, the last tenth of a second not).
    """
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    probe = _add_probe(notebook)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    stop, peak, cpu = threading.Event(), [0], {}
    sampler = threading.Thread(target=_sample_peak, args=(client, stop, peak, cpu), daemon=True)
    start = time.perf_counter()
    sampler.start()
    error = ""
    try:
        client.execute()
    except CellExecutionError as failure:
        error = str(failure)
    finally:
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - start
    widgets, probe_seconds = _read_probe(notebook, probe) if probe is not None else ([], 0.0)
    return Execution(path, seconds - probe_seconds, peak[0] / 2**20, error, notebook, widgets, sum(cpu.values()))
