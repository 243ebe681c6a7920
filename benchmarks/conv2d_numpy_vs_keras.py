"""Time assignment 04's reference NumPy ``conv2d`` against ``keras.layers.Conv2D`` on the CPU.

The batch is the one of the assignment's vectorization test: 64 images of 28x28x8 (random normal), 16 filters of
3x3x8, stride 1, no padding (Keras' ``padding="valid"``). Both get the same float32 weights; the script checks that
the outputs agree to 1e-5, times each (median of ``--repeats`` calls after one warm-up call; the Keras time is a
call of the built layer on a NumPy array, eager, as a student would call it) and prints the ratio
NumPy time / Keras time. The target is a ratio of at most 3.

The NumPy function is not copied here: the script executes the solution cells (``"solution": true``) of
``solutions/a04_convolutions/a04_convolutions.py``, so it always times the current reference. Run from the
repository root::

    .venv/bin/python benchmarks/conv2d_numpy_vs_keras.py [--repeats 20] [--threads 1]
"""

import argparse
import os
import platform
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "solutions" / "a04_convolutions" / "a04_convolutions.py"

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402


def solution_functions(source=SOURCE):
    """Execute the solution cells of the assignment's jupytext source; return their namespace."""
    cells = re.split(r"^# %%", source.read_text(), flags=re.M)
    code = [cell.split("\n", 1)[1] for cell in cells if '"solution": true' in cell.split("\n", 1)[0]]
    namespace = {"np": np, "keras": keras, "layers": layers}
    exec(compile("\n".join(code), str(source), "exec"), namespace)
    return namespace


def median_seconds(function, repeats):
    """Median wall time of ``repeats`` calls of function(), after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0, help="limit BLAS and TensorFlow threads (0: their default)")
    args = parser.parse_args()
    if args.threads:
        import tensorflow as tf
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    conv2d = solution_functions()["conv2d"]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 28, 28, 8)).astype("float32")
    W = rng.normal(size=(3, 3, 8, 16)).astype("float32")
    b = rng.normal(size=16).astype("float32")
    layer = layers.Conv2D(16, 3, padding="valid")
    layer.build((None, 28, 28, 8))
    layer.set_weights([W, b])
    difference = np.max(np.abs(conv2d(X, W, b) - keras.ops.convert_to_numpy(layer(X))))
    if difference > 1e-5 * max(1.0, float(np.max(np.abs(conv2d(X, W, b))))):
        sys.exit(f"NumPy and Keras disagree: largest difference {difference:.2e}")
    numpy_seconds = median_seconds(lambda: conv2d(X, W, b), args.repeats)
    keras_seconds = median_seconds(lambda: keras.ops.convert_to_numpy(layer(X)), args.repeats)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; numpy {np.__version__}, "
          f"keras {keras.__version__} ({keras.backend.backend()}); threads: {args.threads or 'default'}")
    print(f"batch (64, 28, 28, 8), 16 filters 3x3, float32; largest |NumPy - Keras| = {difference:.1e}")
    print(f"NumPy conv2d: {numpy_seconds * 1e3:.2f} ms   Keras Conv2D: {keras_seconds * 1e3:.2f} ms   "
          f"(median of {args.repeats})")
    ratio = numpy_seconds / keras_seconds
    print(f"ratio NumPy / Keras: {ratio:.2f} ({'within' if ratio <= 3 else 'NOT within'} the target of 3x)")


if __name__ == "__main__":
    main()
