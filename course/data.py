"""Data loaders with one rule: a local file first, Keras' download otherwise.

If the folder named by the environment variable ``COURSE_DATA_DIR`` holds
``<name>.npz`` (same keys as the file Keras downloads), that file is used.
Otherwise the loader asks Keras, which downloads once and caches in
``~/.keras/datasets``. Either way a problem ends in one sentence that says
what to do, never in a traceback from deep inside Keras.
"""

import hashlib
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np

__all__ = ["DataUnavailableError", "dataset_info", "digit_canvases", "load_digit_canvases", "load_digits", "load_imdb",
           "load_imdb_word_index", "load_mnist"]

#: Known files, by name: what they are, where Keras gets them, and their sha256.
REGISTRY = {
    "mnist": {
        "title": "MNIST handwritten digits",
        "source": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
        "sha256": {
            "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1": "full",
            "dec4f128eba980a5faa1b4af845d58d9ef09d96bb08c0bf10e7c37ba46c56b1c": "offline stand-in",
        },
    },
    "imdb": {
        "title": "IMDB movie-review sentiment",
        "source": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz",
        "sha256": {
            "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f": "full",
            "da99e324dca330e1655b535beaab61c0cfb42f104f48a53b22ca83d2c608c029": "offline stand-in",
        },
    },
}

_KEYS = ("x_train", "y_train", "x_test", "y_test")


class DataUnavailableError(RuntimeError):
    """A data set is neither in ``COURSE_DATA_DIR`` nor downloadable."""


def _local_file(name, suffix=".npz"):
    """Path of ``COURSE_DATA_DIR/<name><suffix>`` if that file exists, else None."""
    folder = os.environ.get("COURSE_DATA_DIR", "").strip()
    if not folder:
        return None
    path = Path(folder).expanduser() / f"{name}{suffix}"
    return path if path.is_file() else None


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_npz(name, path):
    """Read the four arrays of a Keras-layout ``.npz`` file, or explain what is wrong with it."""
    try:
        with np.load(path, allow_pickle=True) as content:
            missing = [key for key in _KEYS if key not in content.files]
            if missing:
                raise ValueError(f"{path} is not a {name} file in the Keras layout (missing {', '.join(missing)}); "
                                 f"replace it with the file from {REGISTRY[name]['source']}.")
            arrays = tuple(content[key] for key in _KEYS)
    except (zipfile.BadZipFile, OSError, EOFError, pickle.UnpicklingError) as error:
        raise ValueError(f"{path} is not a readable .npz file ({error}); delete it and put a fresh copy of "
                         f"{REGISTRY[name]['source']} there.") from None
    x_train, y_train, x_test, y_test = arrays
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError(f"{path} has as many images as labels in neither split; replace it with a fresh copy.")
    return (x_train, y_train), (x_test, y_test)


def _failure(error):
    """What went wrong in a download, in the words of the innermost error (Keras wraps the network's)."""
    text = " ".join(str(error).split())
    if " -- " in text:  # Keras: "URL fetch failure on <url>: None -- [Errno -2] Name or service not known"
        text = text.split(" -- ", 1)[1]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _download(name, load_data):
    """Call Keras' own loader, turning a failed download into one clear sentence."""
    try:
        return load_data()
    except Exception as error:  # Keras raises several kinds when offline
        folder = os.environ.get("COURSE_DATA_DIR") or "not set"
        raise DataUnavailableError(
            f"Could not load {name}: COURSE_DATA_DIR ({folder}) has no {name}.npz, and Keras could not download "
            f"it from {REGISTRY[name]['source']} ({_failure(error)}). Connect to the internet once (Keras keeps "
            f"the file in ~/.keras/datasets), or copy {name}.npz into a folder and set COURSE_DATA_DIR to it: "
            f"quit JupyterLab and start it again with `COURSE_DATA_DIR=/path/to/folder make lab`, or run "
            f"`import os; os.environ['COURSE_DATA_DIR'] = '/path/to/folder'` in this notebook and run this cell "
            f"again.") from None


def load_mnist():
    """Load MNIST as Keras does.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        uint8 images of shape (N, 28, 28) and uint8 labels of shape (N,).
    """
    path = _local_file("mnist")
    if path is not None:
        return _read_npz("mnist", path)
    import keras
    return _download("mnist", keras.datasets.mnist.load_data)


def load_imdb(num_words=None):
    """Load the IMDB reviews as ``keras.datasets.imdb.load_data(num_words=...)`` does.

    Parameters
    ----------
    num_words : int or None
        Keep the ``num_words`` most frequent words; rarer ones become the
        out-of-vocabulary index 2. The offline stand-in has a vocabulary of 500.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        object arrays of int lists (1 = start, 2 = out of vocabulary) and 0/1 labels.
    """
    if num_words is not None and (not isinstance(num_words, int) or num_words < 3):
        raise ValueError(f"num_words must be an integer of at least 3, got {num_words!r}.")
    path = _local_file("imdb")
    if path is None:
        import keras
        return _download("imdb", lambda: keras.datasets.imdb.load_data(num_words=num_words))
    (x_train, y_train), (x_test, y_test) = _read_npz("imdb", path)
    if num_words is not None:
        def clip(sequences):
            return np.array([[w if w < num_words else 2 for w in seq] for seq in sequences], dtype=object)
        x_train, x_test = clip(x_train), clip(x_test)
    return (x_train, y_train), (x_test, y_test)


def load_imdb_word_index():
    """The IMDB word index (word -> rank) that decodes reviews, or None where it is not available.

    Ranks start at 1 for the most frequent word; in the encoded reviews a word of rank r is the
    integer r + 3 (0 padding, 1 start, 2 out of vocabulary, 3 unused). The offline stand-in ships
    without the index, so this returns None when ``COURSE_DATA_DIR`` holds ``imdb.npz`` but no
    ``imdb_word_index.json``, and when Keras cannot download it: code that shows words must
    handle None.
    """
    import json

    path = _local_file("imdb_word_index", suffix=".json")
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise ValueError(f"{path} is not valid JSON; delete it, or replace it with a fresh copy of "
                             "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
                             "imdb_word_index.json.") from None
    if _local_file("imdb") is not None:
        return None  # the reviews come from the local file; never fetch an index that may not match them
    try:
        import keras
        return keras.datasets.imdb.get_word_index()
    except Exception:  # offline: Keras raises several kinds
        return None


def load_digits():
    """Load scikit-learn's 8x8 digits (shipped with scikit-learn, always offline).

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Pixel intensities 0..16 as float64.
    y : ndarray of shape (1797,)
        Labels 0..9.
    """
    from sklearn.datasets import load_digits as sklearn_load_digits
    return sklearn_load_digits(return_X_y=True)


def digit_canvases(images, labels, num_canvases, size=64, max_digits=3, seed=0):
    """Paste MNIST digits onto blank canvases and label every pixel: data for semantic segmentation.

    Each canvas holds 1 to ``max_digits`` digits at random places (they may touch, rarely overlap).
    A pixel belongs to a digit where that digit's ink is at least half of full intensity; where two
    digits overlap, the one pasted last wins, in the image (maximum) and in the labels.

    Parameters
    ----------
    images : ndarray of shape (N, 28, 28), uint8
    labels : ndarray of shape (N,), digit labels 0..9
    num_canvases : int
    size : int, at least 28
        Side of the square canvas in pixels.
    max_digits : int, at least 1
    seed : int

    Returns
    -------
    canvases : ndarray of shape (num_canvases, size, size), float32 in [0, 1]
    masks : ndarray of shape (num_canvases, size, size), int64
        0 for background and 1 + d for a pixel of digit d (11 classes in all).
    """
    if size < 28 or max_digits < 1 or num_canvases < 0:
        raise ValueError(f"Need size >= 28, max_digits >= 1 and num_canvases >= 0; got size={size}, "
                         f"max_digits={max_digits}, num_canvases={num_canvases}.")
    rng = np.random.default_rng(seed)
    canvases = np.zeros((num_canvases, size, size), dtype="float32")
    masks = np.zeros((num_canvases, size, size), dtype="int64")
    for canvas, mask in zip(canvases, masks):
        for index in rng.integers(0, len(images), size=rng.integers(1, max_digits + 1)):
            row, col = rng.integers(0, size - 28 + 1, size=2)
            digit = images[index].astype("float32") / 255
            window = (slice(row, row + 28), slice(col, col + 28))
            canvas[window] = np.maximum(canvas[window], digit)
            mask[window][digit >= 0.5] = 1 + int(labels[index])
    return canvases, masks


def load_digit_canvases(num_canvases, size=64, max_digits=3, split="train", seed=0):
    """Segmentation canvases made from one split of :func:`load_mnist` (see :func:`digit_canvases`).

    Returns
    -------
    canvases : ndarray of shape (num_canvases, size, size), float32 in [0, 1]
    masks : ndarray of shape (num_canvases, size, size), int64 (0 background, 1 + d digit d)
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    (x_train, y_train), (x_test, y_test) = load_mnist()
    images, labels = (x_train, y_train) if split == "train" else (x_test, y_test)
    return digit_canvases(images, labels, num_canvases, size=size, max_digits=max_digits, seed=seed)


def dataset_info(name):
    """Say which copy of a data set the loaders use, so results can name their data.

    Parameters
    ----------
    name : {"mnist", "imdb", "digits"}

    Returns
    -------
    str
        For example ``"MNIST handwritten digits, offline stand-in (COURSE_DATA_DIR)"``.
    """
    if name == "digits":
        return "scikit-learn's 8x8 digits (1,797 images)"
    if name not in REGISTRY:
        raise ValueError(f"Unknown data set {name!r}; choose one of {sorted(REGISTRY) + ['digits']}.")
    entry = REGISTRY[name]
    path = _local_file(name)
    if path is None:
        return f"{entry['title']}, full data set (Keras download)"
    variant = entry["sha256"].get(_sha256(path), "unrecognised copy")
    return f"{entry['title']}, {variant} ({path})"
