"""course.environment: fast mode and reproducible set-up."""

import os
import subprocess
import sys

import numpy as np
import pytest

import course


def test_pick_returns_the_fast_value_only_in_fast_mode(monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    assert course.is_fast() and course.pick(full=20, fast=2) == 2
    monkeypatch.setenv("COURSE_FAST", "0")
    assert not course.is_fast() and course.pick(full=20, fast=2) == 20
    monkeypatch.delenv("COURSE_FAST")
    assert course.pick(full=20, fast=2) == 20


def test_progress_shows_a_bar_only_outside_fast_mode(monkeypatch):
    from tqdm.auto import tqdm

    steps = [1, 2, 3]
    monkeypatch.setenv("COURSE_FAST", "1")
    assert course.progress(steps, "steps") is steps
    monkeypatch.setenv("COURSE_FAST", "0")
    bar = course.progress(steps, "steps")
    assert isinstance(bar, tqdm) and list(bar) == steps


def test_setup_seeds_numpy_and_keras_reproducibly():
    import keras

    course.setup(seed=3, quiet=True)
    first = np.random.rand(3), keras.random.uniform((2,)).numpy()
    course.setup(seed=3, quiet=True)
    second = np.random.rand(3), keras.random.uniform((2,)).numpy()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_setup_prints_one_environment_line_with_versions_device_and_fast_mode(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    line = course.setup()
    assert capsys.readouterr().out.strip() == line
    for part in ("Python", "TensorFlow", "Keras", "fast mode on"):
        assert part in line
    assert "CPU" in line or "GPU" in line


def test_setup_without_keras_seeds_numpy_and_never_imports_tensorflow():
    code = ("import sys, numpy as np, course\n"
            "line = course.setup(seed=3, keras=False)\n"
            "first = np.random.rand(2); course.setup(seed=3, quiet=True, keras=False)\n"
            "assert (np.random.rand(2) == first).all()\n"
            "print('imported:', sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "COURSE_FAST": "1"}).stdout.splitlines()
    assert out[0].startswith("Python ") and "| NumPy " in out[0] and out[0].endswith("| fast mode on"), out
    assert out[1] == "imported: []"


def test_setup_rejects_a_seed_that_is_not_an_integer():
    with pytest.raises(TypeError, match="seed must be an integer"):
        course.setup(seed="42")
