"""Helpers shared by every notebook of the course.

Import it once at the top of a notebook::

    import course
    course.setup()

The package is deliberately small: environment setup and fast mode
(:mod:`course.environment`), data loaders (:mod:`course.data`), plots
(:mod:`course.plots`), interactive figures (:mod:`course.widgets`), numerical
gradients (:mod:`course.gradcheck`), checked claims about a run (:mod:`course.claims`)
and the assertion helpers used by the
assignments' test cells (:mod:`course.checks`).
"""

from course import quiet_tensorflow

# TensorFlow's start-up log (CUDA probing, absl's banner) is noise in a notebook: the first import of TensorFlow
# runs quietly (the environment's .pth file does this too when a notebook imports Keras before the course).
quiet_tensorflow.install()

from course import checks  # noqa: E402
from course.claims import claim  # noqa: E402
from course.data import (  # noqa: E402
    DataUnavailableError, dataset_info, digit_canvases, load_digit_canvases, load_digits, load_imdb, load_imdb_word_index,
    load_mnist)
from course.environment import is_fast, pick, progress, setup  # noqa: E402
from course.gradcheck import gradcheck, numerical_gradient, relative_error  # noqa: E402
from course.models import cnn_classifier, fast_cnn_classifier, one_cycle  # noqa: E402
from course.plots import plot_decision_boundary, plot_history, plot_images  # noqa: E402
from course.widgets import interactive_figure  # noqa: E402

__all__ = [
    "DataUnavailableError",
    "checks",
    "claim",
    "cnn_classifier",
    "dataset_info",
    "digit_canvases",
    "fast_cnn_classifier",
    "gradcheck",
    "interactive_figure",
    "is_fast",
    "load_digit_canvases",
    "load_digits",
    "load_imdb",
    "load_imdb_word_index",
    "load_mnist",
    "numerical_gradient",
    "one_cycle",
    "pick",
    "plot_decision_boundary",
    "plot_history",
    "plot_images",
    "progress",
    "relative_error",
    "setup",
]
