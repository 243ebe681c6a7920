# nbgrader reads its settings in this folder when the Assignments tab fetches or submits: the course's own.
import os

load_subconfig(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "nbgrader_config.py"))  # noqa: F821
