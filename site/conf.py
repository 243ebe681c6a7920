# Sphinx configuration of the course's web site (`make site`; site/build.py stages it with the executed notebooks).
#
# Why Sphinx with myst-nb and the Jupyter Book theme (the stack of Jupyter Book 1), not Jupyter Book 2 (mystmd):
# - it installs from pip alone and builds offline: mystmd (Node) downloads its site theme from the internet at build
#   time, and renders formulas with KaTeX, whereas Sphinx takes MathJax from a local path (mathjax_path below), so
#   the built site needs no CDN and works from a plain static host or a folder;
# - myst-nb renders notebooks that are already executed (nb_execution_mode = "off": site/build.py runs them as the
#   tests do, and stops on the first failing cell), with every output: figures, printed claims, stderr;
# - both are maintained by the Executable Books / Jupyter Book project; the theme gives previous/next links,
#   search and a table of contents per page.
# Embedded widget state is left out: myst-nb loads the widget manager from a CDN, and without a kernel the
# course's sliders could not redraw their figure anyway. Each interactive figure shows its first frame and a note.

import os

from autograder import links  # the one place of OWNER/REPO: [tool.course] in pyproject.toml

project = "Deep learning, from the perceptron to GANs"
author = "the course's authors"
html_title = project
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "START_HERE.md"]  # included by index.md

nb_execution_mode = "off"
nb_output_stderr = "show"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "substitution"]
myst_heading_anchors = 3

# MathJax 3 from _static/mathjax (copied from npm by site/build.py), never from a CDN.
mathjax_path = "mathjax/tex-chtml.js"

repo = links.repository()
myst_substitutions = {
    "repository": repo,
    "binder_badge": f"[![Launch Binder](/_static/binder-badge.svg)]({links.binder_url(repo)})",
    "run_mode": ("The pages were run in fast mode (smaller data, fewer epochs, to build the site quicker); the "
                 "notebook you run uses the full sizes unless you set `COURSE_FAST=1`, so your numbers differ, and "
                 "each checked claim says whether it held in your run."
                 if os.environ.get("COURSE_FAST", "1").strip().lower() in ("1", "true", "yes", "on") else
                 "The pages were run at the full sizes, as the notebooks run for you; each checked claim says whether "
                 "it held in your run too."),
    "colab_start": "[![Open in Colab](/_static/colab-badge.svg)]"
                   f"({links.colab_url('lectures/01_perceptron.ipynb', repo)})",
}

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_theme_options = {
    "repository_url": f"https://github.com/{repo}",
    "use_repository_button": True,
    "show_toc_level": 2,
}
html_last_updated_fmt = None
