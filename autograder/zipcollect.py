"""Submissions from an LMS download (a zip of notebooks), through nbgrader's ``zip_collect``.

The zip goes to ``downloaded/<assignment>/archive/`` and nbgrader's
:class:`~nbgrader.apps.ZipCollectApp` extracts it and files each notebook
under ``submitted/<student>/<assignment>/``, the student and the notebook read
from the file name by a regular expression (default ``<student>_<notebook>.ipynb``).
"""

import logging
import shutil
import zipfile
from pathlib import Path

from nbgrader.apps import ZipCollectApp
from nbgrader.utils import capture_log, temp_attrs

__all__ = ["collect_zip"]


def collect_zip(folder, assignment, zip_path, pattern):
    """Collect the notebooks in ``zip_path`` as submissions of ``assignment``; return the students found.

    Parameters
    ----------
    folder : CourseFolder
    assignment : str
    zip_path : path
        The LMS download.
    pattern : str
        Regular expression with the named groups ``student_id`` and ``file_id`` (the notebook's file name).
    """
    zip_path = Path(zip_path)
    if not zipfile.is_zipfile(zip_path):
        raise ValueError(f"{zip_path} is not a zip file; download the submissions from your LMS as one zip.")
    archive = folder.root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    shutil.copy2(zip_path, archive / zip_path.name)
    config = folder.config.copy()
    config.FileNameCollectorPlugin.named_regexp = pattern
    config.ZipCollectApp.force = True
    # our own logger: an Application's default one holds on to the stderr of the moment it was first made
    app = ZipCollectApp(config=config, log=logging.getLogger("autograder.zip_collect"))
    app.coursedir = folder.api.coursedir
    with temp_attrs(app.coursedir, assignment_id=assignment):  # as nbgrader's own API runs its steps
        result = capture_log(app)
    folder._run("zip_collect", result)
    students = folder.submitted_students(assignment)
    if not students:
        raise ValueError(f"No notebook in {zip_path.name} matched {pattern!r}; give --pattern a regular expression "
                         "with (?P<student_id>...) and (?P<file_id>...) groups that fits its file names.")
    return students
