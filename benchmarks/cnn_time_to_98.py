"""Time to 98 % test accuracy: the Keras example `mnist_convnet` against lecture 08's fast CNN.

Both networks train epoch by epoch on the same MNIST copy (``course.load_mnist()``, all training images, pixels
as float32 in [0, 1]); after every epoch the script evaluates test accuracy and adds the epoch's training time
(the ``fit`` call only, evaluation excluded) to a running total. It prints the total at the first epoch whose test
accuracy is at least the target, for both models, their ratio and the final accuracies.

Run from the repository root::

    COURSE_DATA_DIR=../shared/data .venv/bin/python benchmarks/cnn_time_to_98.py

The baseline is the architecture of the Keras example "Simple MNIST convnet" (F. Chollet,
keras-io examples/vision/mnist_convnet.py): Conv2D 32 3x3 ReLU, MaxPool 2, Conv2D 64 3x3 ReLU, MaxPool 2,
Flatten, Dropout 0.5, Dense 10 softmax; batch 128, Adam (default learning rate), categorical cross-entropy.
"""

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

import course  # noqa: E402


def keras_example_convnet():
    """The model of keras-io's mnist_convnet example, with its compile settings."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="keras_example_convnet")
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def time_to_target(model, data, batch_size, max_epochs, target, keep_going=False):
    """Train epoch by epoch; return ((wall s, CPU s, epochs) at the target or None, last test accuracy)."""
    (x_train, y_train), (x_test, y_test) = data
    elapsed, cpu, reached, accuracy = 0.0, 0.0, None, None
    for epoch in range(1, max_epochs + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        model.fit(x_train, y_train, batch_size=batch_size, epochs=1, shuffle=True, verbose=0)
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1]
        print(f"  epoch {epoch:2d}: {elapsed:6.1f} s of training ({cpu:6.1f} s CPU), test accuracy {accuracy:.4f}",
              flush=True)
        if reached is None and accuracy >= target:
            reached = (elapsed, cpu, epoch)
            if not keep_going:
                break
    return reached, accuracy


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.98)
    parser.add_argument("--max-epochs", type=int, default=15, help="epochs at most for the baseline (default 15)")
    parser.add_argument("--fast-epochs", type=int, default=2, help="length of the fast model's schedule")
    parser.add_argument("--fast-batch-size", type=int, default=64)
    parser.add_argument("--peak-learning-rate", type=float, default=0.01)
    parser.add_argument("--jit-compile", action="store_true", help="compile the fast model with XLA")
    parser.add_argument("--keep-going", action="store_true", help="train to the last epoch after reaching the target")
    parser.add_argument("--only", choices=["baseline", "fast"], help="run one of the two models")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    (x_train, y_train), (x_test, y_test) = course.load_mnist()
    data = ((x_train[..., None].astype("float32") / 255, keras.utils.to_categorical(y_train, 10)),
            (x_test[..., None].astype("float32") / 255, keras.utils.to_categorical(y_test, 10)))
    print("data:", course.dataset_info("mnist"))
    print(f"train / test: {len(x_train):,} / {len(x_test):,} images; target test accuracy {args.target:.1%}")
    print(f"machine: {cpu_name()}, {os.cpu_count()} logical CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(course.setup(seed=args.seed, quiet=True))

    results = {}
    if args.only in (None, "baseline"):
        keras.utils.set_random_seed(args.seed)
        print("Keras example mnist_convnet (batch 128, Adam 1e-3):")
        results["baseline"] = time_to_target(keras_example_convnet(), data, 128, args.max_epochs, args.target,
                                            args.keep_going)
    if args.only in (None, "fast"):
        keras.utils.set_random_seed(args.seed)
        steps = int(np.ceil(len(x_train) / args.fast_batch_size))
        model = course.fast_cnn_classifier(steps, args.fast_epochs, args.peak_learning_rate,
                                           loss="categorical_crossentropy", jit_compile=args.jit_compile)
        print(f"fast CNN (batch {args.fast_batch_size}, one-cycle Adam peak {args.peak_learning_rate}, "
              f"{args.fast_epochs} epochs, jit_compile={args.jit_compile}):")
        results["fast"] = time_to_target(model, data, args.fast_batch_size, args.fast_epochs, args.target,
                                        args.keep_going)

    print()
    for name, (reached, final) in results.items():
        when = f"{reached[0]:.1f} s wall, {reached[1]:.1f} s CPU ({reached[2]} epochs)" if reached else "not reached"
        print(f"{name:<9} time to {args.target:.1%}: {when}; final test accuracy {final:.4f}")
    if len(results) == 2 and results["baseline"][0] and results["fast"][0]:
        fast, baseline = results["fast"][0], results["baseline"][0]
        print(f"ratio fast / baseline: {fast[0] / baseline[0]:.2f} (wall), {fast[1] / baseline[1]:.2f} (CPU)")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"process CPU time: {usage.ru_utime + usage.ru_stime:.0f} s")


if __name__ == "__main__":
    main()
