"""Submissions from an LMS download (a zip of notebooks), extracted with suspicion.

An LMS zip is the students' own files, so each member is hostile input:

* only regular ``.ipynb`` files are taken: links, folders, nested archives and
  other files are reported and skipped; a member larger than ``MAX_MEMBER_MB``
  (read in chunks, never whole) is skipped; files are written with mode 0644;
* the student comes from the LMS's folder when the zip has one folder per
  student (``<student>/<anything>/<notebook>.ipynb``), so a file a student
  names ``alice_a01.ipynb`` inside their own folder stays theirs; in a flat zip
  from the file name, ``<student>_<notebook>.ipynb`` (``--pattern`` for other
  schemes, with ``student_id`` and ``file_id`` groups);
* a student id must match :data:`STUDENT_ID`, the rule of :mod:`autograder.names` that the exchange's
  intake applies too (no ``..``, ``/``, ``*``);
* a notebook that two members claim (the same student and file) is reported
  and neither is taken; every other member is still collected.
"""

import re
import shutil
import stat
import zipfile
from pathlib import PurePosixPath

from autograder.course import write_timestamp
from autograder.names import STUDENT_ID, valid_student_id

__all__ = ["collect_zip", "STUDENT_ID"]

FOLDER_PATTERN = r"(?P<student_id>[^/]+)/(?:.*/)?(?P<file_id>[^/]+\.ipynb)"
FLAT_PATTERN = r"(?P<student_id>[^/_]+)_(?P<file_id>[^/]+\.ipynb)"
ARCHIVES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")
MAX_MEMBER_MB = 50


def _identify(name, pattern):
    """(student, file) of a member's path, or the reason it is skipped."""
    if PurePosixPath(name).suffix.lower() in ARCHIVES:
        return "a nested archive (upload notebooks, not archives)"
    if not name.lower().endswith(".ipynb"):
        return "not a notebook"
    match = re.fullmatch(pattern, name)
    if not match:
        return f"its path does not match {pattern!r}"
    student, file_id = match.group("student_id"), PurePosixPath(match.group("file_id")).name
    if not valid_student_id(student):
        return f"{student!r} is not a valid student id"
    return student, file_id


def _members(archive, pattern):
    """{(student, file): ZipInfo} to collect, and {member name: reason} skipped."""
    folders = pattern is None and all("/" in m.filename.strip("/") for m in archive.infolist() if not m.is_dir())
    pattern = pattern or (FOLDER_PATTERN if folders else FLAT_PATTERN)
    claimed, skipped = {}, {}
    for member in archive.infolist():
        mode = member.external_attr >> 16
        if member.is_dir():
            continue
        if stat.S_ISLNK(mode) or (mode and not stat.S_ISREG(mode)):
            skipped[member.filename] = "not a regular file"
        elif member.file_size > MAX_MEMBER_MB * 2**20:
            skipped[member.filename] = f"larger than {MAX_MEMBER_MB} MB"
        elif isinstance(identity := _identify(member.filename, pattern), str):
            skipped[member.filename] = identity
        else:
            claimed.setdefault(identity, []).append(member)
    taken = {}
    for (student, file_id), members in claimed.items():
        if len(members) > 1:
            for member in members:
                skipped[member.filename] = f"{student} has {len(members)} files called {file_id}: none was taken"
        else:
            taken[(student, file_id)] = members[0]
    return taken, skipped


def _extract(archive, member, target):
    """Copy one member in chunks, at most MAX_MEMBER_MB (a zip's sizes can lie); False if it was larger."""
    limit, written = MAX_MEMBER_MB * 2**20, 0
    with archive.open(member) as source, open(target, "wb") as sink:
        while chunk := source.read(2**20):
            written += len(chunk)
            if written > limit:
                break
            sink.write(chunk)
    if written > limit:
        target.unlink()
        return False
    target.chmod(0o644)
    return True


def collect_zip(folder, assignment, zip_path, pattern=None):
    """Collect the notebooks in ``zip_path`` as submissions of ``assignment``.

    Parameters
    ----------
    folder : CourseFolder
    assignment : str
    zip_path : path
        The LMS download.
    pattern : str, optional
        Regular expression for a member's path, with named groups ``student_id`` and ``file_id``
        (default: the student's folder if the zip has one per student, else ``<student>_<notebook>.ipynb``).

    Returns
    -------
    list of str, dict
        The students collected, and {member: reason} for every member skipped.
    """
    if not zipfile.is_zipfile(zip_path):
        raise ValueError(f"{zip_path} is not a zip file; download the submissions from your LMS as one zip.")
    with zipfile.ZipFile(zip_path) as archive:
        taken, skipped = _members(archive, pattern)
        students = sorted({student for student, _ in taken})
        for student in students:
            target = folder.root / "submitted" / student / assignment
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
        for (student, file_id), member in sorted(taken.items()):
            if not _extract(archive, member, folder.root / "submitted" / student / assignment / file_id):
                skipped[member.filename] = f"larger than {MAX_MEMBER_MB} MB once extracted"
        for student in students:
            write_timestamp(folder.root / "submitted" / student / assignment)
    if not students:
        raise ValueError(f"No notebook in {zip_path} could be collected ({len(skipped)} skipped); give --pattern a "
                         "regular expression with (?P<student_id>...) and (?P<file_id>...) groups that fits its "
                         "paths.")
    return students, skipped
