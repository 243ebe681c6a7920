"""JupyterHub for one course on one server: the configuration `make test-hub` runs.

Start it as root from the repository, with this repository's ``.venv`` (``make test-hub`` installs JupyterHub
into it, ``npm install --prefix .hub configurable-http-proxy`` the proxy)::

    .venv/bin/jupyterhub -f autograder/hub/jupyterhub_config.py

Who logs in: the Unix accounts of one group (PAM, their own passwords). Each gets a Jupyter server of their
own, a process of their own account (the hub runs as root so that it can start them), from this course's
environment, with nbgrader's Assignments tab on the exchange of ``nbgrader_config.py`` beside this file.

Every site-specific value has a deployment default here and an environment variable that the test sets:

=========================== ================================================================ =====================
variable                    what                                                             default
=========================== ================================================================ =====================
COURSE_HUB_URL              where the hub answers (put HTTPS in front of it, or set         http://:8000
                            ``c.JupyterHub.ssl_cert`` and ``ssl_key``)
COURSE_HUB_API_URL          the hub's own API, for the proxy and the servers                 http://127.0.0.1:8081
COURSE_HUB_PROXY_API_URL    the proxy's API                                                  http://127.0.0.1:8001
COURSE_HUB_STATE            the hub's database, cookie secret and pid files (root only)      /srv/jupyterhub
COURSE_HUB_GROUP            the Unix group whose members may log in                          deep-learning
COURSE_INSTRUCTORS          accounts that get nbgrader's formgrader (space-separated)        (none)
COURSE_EXCHANGE             nbgrader's exchange (``nbgrader_config.py``)                     /srv/nbgrader/exchange
COURSE_DATA_DIR             the course's data sets, passed on to every server (optional)     (unset)
=========================== ================================================================ =====================
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
VENV_BIN = Path(sys.executable).parent  # the hub runs from the course's environment; so do the servers

c = get_config()  # noqa: F821 (provided by traitlets)

# ------------------------------------------------------------------------------------------- network
c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_URL", "http://:8000")
c.JupyterHub.hub_bind_url = os.environ.get("COURSE_HUB_API_URL", "http://127.0.0.1:8081")
c.ConfigurableHTTPProxy.api_url = os.environ.get("COURSE_HUB_PROXY_API_URL", "http://127.0.0.1:8001")
proxy = REPOSITORY / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"  # what `make test-hub` installs
c.ConfigurableHTTPProxy.command = [str(proxy) if proxy.exists() else "configurable-http-proxy"]

# ------------------------------------------------------------------- the hub's own state (root only)
state = Path(os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub"))
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

# --------------------------------------------------------- who logs in: Unix accounts of the course group
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {os.environ.get("COURSE_HUB_GROUP", "deep-learning")}

# ---------------------------------------- their servers: processes of their own accounts, in their homes
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120  # a server's first start imports JupyterLab and its extensions: slow on a busy machine
c.Spawner.start_timeout = 180
c.Spawner.environment = {
    # nbgrader_config.py (the exchange, the course) and jupyter_server_config.py (formgrader for instructors)
    "JUPYTER_CONFIG_PATH": str(HERE),
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    **{name: os.environ[name] for name in ("COURSE_EXCHANGE", "COURSE_INSTRUCTORS", "COURSE_DATA_DIR")
       if name in os.environ},
}
