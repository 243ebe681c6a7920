"""The code that lectures 01-10 and their exercises tell the student to try runs with the installed libraries.

A suggestion that crashes ships silently: lecture 08 once suggested `ZeroPadding2D(2)` + `RandomCrop(28, 28)`, which
fails at `evaluate` (issue 27, item 3; the lecture now runs the fixed pipeline itself). The lectures run their own
code; these tests run the layers, calls and flags that only the prose or an exercise names, on tiny inputs, without
working the exercise out.
"""

import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import course  # noqa: E402


def _train_one_step(model, x, y):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=False)
    model.fit(x, y, batch_size=len(x), epochs=1, verbose=0)
    return model.evaluate(x, y, verbose=0)


def test_lecture_06_exercise_3_l1_l2_regularizer_trains():
    """06, exercise 3: `regularizers.l1_l2(l1=..., l2=...)` as a kernel_regularizer, in the lecture's network shape."""
    model = keras.Sequential([keras.Input((64,)),
                              layers.Dense(128, activation="relu",
                                           kernel_regularizer=keras.regularizers.l1_l2(l1=1e-3, l2=1e-3)),
                              layers.Dense(10, activation="softmax")])
    x, y = np.random.default_rng(0).uniform(size=(32, 64)).astype("float32"), np.arange(32) % 10
    assert np.isfinite(_train_one_step(model, x, y))


def test_lecture_07_exercise_3_network_builds_in_keras():
    """07, exercise 3: Conv2D(6, 5), MaxPooling2D(2), Conv2D(16, 5) on a 32 x 32 x 3 input build and run."""
    model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(6, 5), layers.MaxPooling2D(2),
                              layers.Conv2D(16, 5)])
    output = model(np.zeros((1, 32, 32, 3), dtype="float32"))
    assert tuple(output.shape) == (1, 10, 10, 16)


def test_lecture_07_exercise_4_hint_gives_a_5x5_kernel_equal_to_two_correlations():
    """07, exercise 4: the hint `scipy.signal.convolve2d(W_y, W_x)` is the 5 x 5 kernel of the two correlations."""
    from scipy import signal

    W_y = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
    W_x = W_y.T
    X = np.random.default_rng(0).normal(size=(9, 9))
    kernel = signal.convolve2d(W_y, W_x)
    assert kernel.shape == (5, 5)
    twice = signal.correlate2d(signal.correlate2d(X, W_y, mode="valid"), W_x, mode="valid")
    np.testing.assert_allclose(twice, signal.correlate2d(X, kernel, mode="valid"), atol=1e-12)


def test_lecture_08_exercise_4_random_flip_joins_the_augmentation():
    """08, exercise 4: `layers.RandomFlip("horizontal")` added to the lecture's augmentation trains and evaluates."""
    augment = keras.Sequential([layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
                                layers.RandomRotation(0.04, fill_mode="constant"),
                                layers.RandomZoom(0.1, fill_mode="constant"), layers.GaussianNoise(0.05),
                                layers.RandomFlip("horizontal")])
    model = keras.Sequential([keras.Input((28, 28, 1)), augment, course.cnn_classifier()])
    x, y = np.random.default_rng(0).uniform(size=(16, 28, 28, 1)).astype("float32"), np.arange(16) % 10
    assert np.isfinite(_train_one_step(model, x, y))


def test_lecture_08_exercise_3_pad_and_crop_without_center_crop_still_breaks_evaluation():
    """08 explains why CenterCrop must follow RandomCrop; when Keras changes this, the lecture's sentence must change."""
    pad_and_crop = keras.Sequential([layers.ZeroPadding2D(2), layers.RandomCrop(28, 28)])
    shape_outside_training = tuple(pad_and_crop(np.zeros((2, 28, 28, 1), "float32"), training=False).shape)
    assert shape_outside_training == (2, 32, 32, 1), (
        "RandomCrop now crops outside training too: update lecture 08's sentence on keras-team/keras#21868.")


def test_lecture_08_exercise_6_benchmark_has_the_flags_it_names():
    """08, exercise 6: benchmarks/cnn_time_to_98.py accepts --jit-compile and --fast-batch-size."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "cnn_time_to_98.py"), "--help"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "--jit-compile" in result.stdout and "--fast-batch-size" in result.stdout


def test_lecture_09_exercise_5_cut_after_the_dense_layer_gives_128_features():
    """09, exercise 5: `copy.layers[:6]` of the course CNN ends with its dense layer of 128 units."""
    source_model = course.cnn_classifier(num_classes=5)
    copy = keras.models.clone_model(source_model)
    extractor = keras.Sequential([keras.Input((28, 28, 1)), *copy.layers[:6]])
    assert isinstance(copy.layers[5], layers.Dense)
    assert extractor.output_shape == (None, 128)
