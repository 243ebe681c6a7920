# The repository root is the nbgrader course root; the configuration itself
# lives in autograder/nbgrader_config.py so that the grading tool and
# `jupyter lab` (formgrader) read the same settings.
import os

c = get_config()  # noqa: F821 (provided by traitlets)
load_subconfig(os.path.join(os.path.dirname(os.path.abspath(__file__)), "autograder", "nbgrader_config.py"))  # noqa: F821

# A student's fetched assignments (the Assignments tab, `nbgrader fetch_assignment`) go to my-assignments/, out of the
# way of the course's folders and of git. nbgrader reads its settings again inside that folder: its own
# nbgrader_config.py loads this file.
c.Exchange.assignment_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "my-assignments")
