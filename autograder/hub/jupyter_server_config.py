"""Every single-user server on the hub reads this (``JUPYTER_CONFIG_PATH``): nbgrader's extensions per role.

Students get the Assignments tab (fetch, submit, feedback) and Validate; only the accounts in
``COURSE_INSTRUCTORS`` get the formgrader, which grades and shows every student's work.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets)

instructor = os.environ.get("JUPYTERHUB_USER", "") in os.environ.get("COURSE_INSTRUCTORS", "").split()
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
    "nbgrader.server_extensions.course_list": instructor,
    "nbgrader.server_extensions.formgrader": instructor,
}
