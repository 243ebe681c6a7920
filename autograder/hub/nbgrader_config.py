"""nbgrader settings that every account on the hub shares: which course, and where its exchange is.

Students' servers read this file through ``JUPYTER_CONFIG_PATH`` (``jupyterhub_config.py`` sets it), so that
their Assignments tab fetches from and submits to the exchange; the instructor's course root loads it from its
own ``nbgrader_config.py`` (``load_subconfig``), so that ``course-grade`` releases to and collects from the same
exchange. In an instructor's server (``COURSE_INSTRUCTORS``) the formgrader works on the course root
``~/deep-learning`` with the course's grading settings.

The exchange is nbgrader's: one folder that everyone can write to, owned by root, mode 1777 (``chmod 1777``).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets)

c.CourseDirectory.course_id = "deep-learning"
EXCHANGE = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.root = EXCHANGE
# Validate waits 30 s, not nbgrader's 4, for a cell's last outputs: on a busy hub a slow import is not an error.
c.Execute.iopub_timeout = 30

if os.environ.get("JUPYTERHUB_USER", "") in os.environ.get("COURSE_INSTRUCTORS", "").split():
    # the instructor's own server: formgrader on the course root, with the settings course-grade uses
    load_subconfig(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # noqa: F821
                                "nbgrader_config.py"))
    c.Exchange.root = EXCHANGE  # the course's settings name a single account's exchange: the hub's is shared
    c.CourseDirectory.root = os.path.expanduser("~/deep-learning")
