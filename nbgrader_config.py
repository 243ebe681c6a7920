# The repository root is the nbgrader course root; the configuration itself
# lives in autograder/nbgrader_config.py so that the grading tool and
# `jupyter lab` (formgrader) read the same settings.
c = get_config()  # noqa: F821 (provided by traitlets)
load_subconfig("autograder/nbgrader_config.py")  # noqa: F821
