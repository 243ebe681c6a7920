"""TensorFlow's start-up messages kept out of notebooks, graded notebooks and feedback.

TensorFlow 2.21 writes its start-up log (``All log messages before absl::InitializeLog() ...``, ``oneDNN custom
operations are on``, ``Could not find cuda drivers on your machine``) straight to file descriptor 2 while its
libraries load, before ``TF_CPP_MIN_LOG_LEVEL`` is read; a Jupyter kernel shows it in red under the first cell that
imports Keras. :func:`install` puts a finder first on ``sys.meta_path`` that, the first time ``tensorflow`` is
imported, runs that import with descriptor 2 captured and writes back every line that is not this start-up log.

It is installed by ``import course`` and, so that it also holds when a notebook imports Keras first, at the start of
every Python of the course's environment: ``python course/quiet_tensorflow.py`` (run by ``make setup`` and by
Binder's ``postBuild``) writes a ``.pth`` file that loads this file. The file imports nothing of the course, so
that start costs well under a millisecond. ``COURSE_TENSORFLOW_LOG=1`` shows TensorFlow's log again.
"""

import importlib.abc
import importlib.machinery
import os
import re
import sys
import sysconfig
import tempfile

__all__ = ["install", "is_start_up_noise", "write_pth"]

_NOISE = re.compile(
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$"
    r"|I\d{4} [\d:.]+ +\d+ [\w.]+:\d+\] "  # an absl INFO line (oneDNN, CUDA probing, CPU features)
    r"|[WE]\d{4} [\d:.]+ +\d+ [\w.]+:\d+\] .*(cuda|cuDNN|cuFFT|cuBLAS|TensorRT|cuInit)")
PTH_NAME = "course-quiet-tensorflow.pth"


def is_start_up_noise(line):
    """True for a line of TensorFlow's start-up log (absl INFO lines, its banner, CUDA-probing warnings)."""
    return bool(_NOISE.match(line))


def _quietly(load):
    """Run ``load()`` with descriptor 2 captured; write back to stderr what is not start-up noise."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            return load()
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode(errors="replace").splitlines(keepends=True)
            kept = "".join(line for line in lines if not is_start_up_noise(line))
            if kept:
                sys.stderr.write(kept)


class _QuietTensorFlowFinder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` as the path finder does, and has its first import run quietly."""

    def find_spec(self, name, path=None, target=None):
        if name != "tensorflow" or getattr(self, "used", False):
            return None
        self.used = True
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module
        spec.loader.exec_module = lambda module: _quietly(lambda: exec_module(module))
        return spec


def install():
    """Have the first ``import tensorflow`` of this process run quietly (nothing when it was imported already)."""
    if os.environ.get("COURSE_TENSORFLOW_LOG", "").strip() == "1":  # to see TensorFlow's own start-up log
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's later C++ messages, read after start-up
    if "tensorflow" in sys.modules or any(type(f).__name__ == "_QuietTensorFlowFinder" for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _QuietTensorFlowFinder())


def write_pth(site_packages=None):
    """Write the ``.pth`` file that installs this at every start of this environment's Python; return its path."""
    folder = site_packages or sysconfig.get_paths()["purelib"]
    path = os.path.join(folder, PTH_NAME)
    here = os.path.abspath(__file__)
    # A .pth line that starts with "import" is run; a course moved or unreadable (a sandbox) costs nothing.
    code = (f"try:\n    import importlib.util as u\n    s = u.spec_from_file_location('course_quiet_tensorflow', {here!r})\n"
            f"    m = u.module_from_spec(s)\n    s.loader.exec_module(m)\n    m.install()\nexcept Exception:\n    pass\n")
    with open(path, "w") as handle:
        handle.write(f"import sys; exec({code!r})\n")
    return path


if __name__ == "__main__":
    print(f"wrote {write_pth()}: TensorFlow's start-up log stays out of notebooks")
