"""The instructor's grading tool: nbgrader's own API, driven for this course."""

import os

# Kernels started for grading inherit this: TensorFlow's C++ start-up chatter stays out of the outputs.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
