"""Execute a notebook in a fresh kernel and measure its time and peak memory."""

import threading
import time
from dataclasses import dataclass
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


def _tree_rss(pid):
    try:
        process = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
    except psutil.Error:
        return 0


def _sample_peak(client, stop, peak):
    """Poll the kernel's resident memory (with its children) until told to stop."""
    while not stop.wait(0.1):
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            peak[0] = max(peak[0], _tree_rss(pid))


def execute_notebook(path, timeout=600):
    """Run every cell of ``path`` in its own folder; never raises for a cell error.

    Returns
    -------
    Execution
        Time, kernel peak RSS in MB, and the error text if a cell failed.
    """
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_sample_peak, args=(client, stop, peak), daemon=True)
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
    return Execution(path, time.perf_counter() - start, peak[0] / 2**20, error, notebook)
