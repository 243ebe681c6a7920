"""Where students open the course: its GitHub repository, Colab, Binder and the web site.

Every link is made from one setting, ``[tool.course] repository`` in ``pyproject.toml`` (``OWNER/REPO`` until the
course has its students' repository, see ``course-grade publish``). The notebook generator writes the Colab badge and
the install cell with it, ``course-grade publish`` the Binder badge, ``make site`` the home page's links. Change it
there, then run ``make notebooks``.
"""

import re
import tomllib
from pathlib import Path

__all__ = ["binder_url", "colab_url", "install_source", "repository", "retarget"]

ROOT = Path(__file__).resolve().parent.parent
#: The branch the links open.
BRANCH = "main"


def repository(root=ROOT):
    """The students' repository as ``owner/name``, from ``[tool.course] repository`` in ``pyproject.toml``."""
    settings = tomllib.loads((Path(root) / "pyproject.toml").read_text()).get("tool", {}).get("course", {})
    repo = settings.get("repository", "OWNER/REPO")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise ValueError(f"[tool.course] repository in pyproject.toml must read owner/name, not {repo!r}.")
    return repo


def colab_url(path, repo=None):
    """Colab's page that opens the notebook at ``path`` (relative to the repository root) from GitHub."""
    return f"https://colab.research.google.com/github/{repo or repository()}/blob/{BRANCH}/{Path(path).as_posix()}"


def binder_url(repo=None):
    """mybinder.org's link that builds the repository and opens JupyterLab at the start page."""
    return f"https://mybinder.org/v2/gh/{repo or repository()}/HEAD?urlpath=lab/tree/START_HERE.md"


def install_source(repo=None):
    """What the notebooks' install cell gives to ``pip install`` where the course package is missing."""
    return f"git+https://github.com/{repo or repository()}@{BRANCH}"


def retarget(text, repo, old=None):
    """``text`` (a generated notebook) with its Colab, Binder and install links moved from ``old`` to ``repo``."""
    old = old or repository()
    for make in (lambda r: f"colab.research.google.com/github/{r}/", lambda r: f"github.com/{r}@",
                 lambda r: f"mybinder.org/v2/gh/{r}/"):
        text = text.replace(make(old), make(repo))
    return text
