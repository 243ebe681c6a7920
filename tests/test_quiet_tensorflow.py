"""TensorFlow's start-up log stays out of what students see; the environment line shows once."""

import os
import site
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from course import quiet_tensorflow

NOISE_WORDS = ("absl::InitializeLog", "cuda", "oneDNN", "cudart")


def _stderr_of_importing_keras(tmp_path, *, quiet):
    """stderr of a fresh Python of this environment that imports Keras first (as lecture 04 does)."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    if quiet:
        quiet_tensorflow.write_pth(str(site))
    env = {**os.environ, "COURSE_TENSORFLOW_LOG": "" if quiet else "1"}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    code = f"import site; site.addsitedir({str(site)!r}); import keras; keras.ops.add(1.0, 2.0)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300).stderr


def test_the_environments_pth_file_keeps_tensorflows_start_up_log_out_of_stderr(tmp_path):
    loud = _stderr_of_importing_keras(tmp_path, quiet=False)
    if not any(word in loud for word in NOISE_WORDS):
        pytest.skip("this TensorFlow prints no start-up log to quieten")
    quiet = _stderr_of_importing_keras(tmp_path, quiet=True)
    assert not any(word in quiet for word in NOISE_WORDS), quiet


def test_only_the_start_up_log_is_dropped():
    assert quiet_tensorflow.is_start_up_noise(
        "I0000 00:00:1796563097.293869   11125 cudart_stub.cc:31] Could not find cuda drivers on your machine.")
    assert quiet_tensorflow.is_start_up_noise(
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR")
    assert not quiet_tensorflow.is_start_up_noise("ValueError: a student's own error on stderr")
    assert not quiet_tensorflow.is_start_up_noise("W0000 00:00:1.0   1 op_kernel.cc:1] OUT_OF_RANGE: End of sequence")


def test_a_lecture_setup_cell_shows_the_environment_line_once_and_nothing_in_red(monkeypatch):
    """A kernel of this environment (its .pth written by make setup), the Setup cell as lecture 04 has it."""
    assert any(os.path.exists(os.path.join(folder, quiet_tensorflow.PTH_NAME)) for folder in site.getsitepackages()), \
        "the environment has no course-quiet-tensorflow.pth: make setup writes it"
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)  # as in a JupyterLab not started by make lab
    cell = nbformat.v4.new_code_cell("import keras\nimport tensorflow as tf\n\nimport course\n\ncourse.setup()")
    notebook = nbformat.v4.new_notebook(cells=[cell])
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = notebook.cells[0].outputs
    assert [(o.output_type, o.get("name")) for o in outputs] == [("stream", "stdout")], outputs
    assert outputs[0].text.count("TensorFlow") == 1 and outputs[0].text.startswith("Python ")
