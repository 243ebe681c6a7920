"""Submissions from nbgrader's exchange, collected with suspicion (``course-grade collect``).

nbgrader's inbound folder lets every student create any entry in it, so each entry is hostile input, read
as the LMS-zip intake (:mod:`autograder.zipcollect`) reads a zip:

* nothing is followed: every entry and file is looked at with ``lstat`` and opened with ``O_NOFOLLOW``
  under a folder descriptor, and only regular files with one link are copied (never a link's target);
  links, fifos, sockets, devices and hard links are skipped with the reason;
* an entry is ``<student>+<assignment>+<timestamp>[+<random>]``; the student id must be a plain name
  (:data:`autograder.names.STUDENT_ID`, the zip's rule: no ``*``, ``/``, ``..``);
* owners mean accounts: an entry that names an account of this machine must be owned by that account,
  and one that names no account must be the instructor's own (the account running ``collect``), so no
  student can submit as another; every file in it must have the entry's owner;
* the timestamp must parse and must not lie in the future (a 2099 stamp would win over every later one);
* size caps per file and per submission (nbgrader's ``max_file_size`` and ``max_dir_size``, in kB), files
  nbgrader's ``CourseDirectory.ignore`` names are left out as nbgrader leaves them out;
* one bad entry is skipped and reported, the others are collected; per student the newest valid entry
  is taken, and only when it is newer than what ``submitted/`` already holds.
"""

import datetime
import fnmatch
import os
import pwd
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.utils import parse_utc

from autograder.names import printable, valid_student_id

__all__ = ["IntakeReport", "collect_exchange", "inbound_folder"]

#: A clock difference tolerated between the student's server and the grader's.
CLOCK_SKEW = datetime.timedelta(minutes=2)
MAX_FILES, MAX_DEPTH = 200, 4
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass
class IntakeReport:
    """What ``collect`` did: students collected, kept (nothing newer), and {entry or file: reason} skipped."""

    collected: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)

    def lines(self):
        """The summary for the instructor's terminal, every name escaped."""
        out = [f"  skipped {printable(name)}: {printable(reason)}" for name, reason in sorted(self.skipped.items())]
        if self.unchanged:
            out.append(f"  no newer submission from: {', '.join(self.unchanged)}")
        return out


def inbound_folder(folder):
    """The exchange's inbound folder of the course ``folder`` grades."""
    from nbgrader.exchange.default.exchange import Exchange

    root = folder.config.Exchange.root if "root" in folder.config.Exchange else Exchange.root.default_value
    return Path(root) / folder.api.coursedir.course_id / "inbound"


def _entry(name, assignment, now):
    """(student, timestamp text, timestamp) of an inbound entry name, None if it is not of ``assignment``."""
    parts = name.rsplit("+", 3) if name.count("+") >= 3 else name.rsplit("+", 2)
    if len(parts) < 3 or parts[1] != assignment:
        return None
    student, stamp = parts[0], parts[2]
    if not valid_student_id(student):
        return f"{student!r} is not a valid student id"
    try:
        when = parse_utc(stamp)
    except (ValueError, OverflowError, TypeError) as error:
        return f"its timestamp {stamp!r} does not parse ({type(error).__name__})"
    if when > now + CLOCK_SKEW:
        return f"its timestamp {stamp} lies in the future"
    return student, stamp, when


def _owner_problem(student, uid):
    """Why an entry owned by ``uid`` may not speak for ``student``; None when it may."""
    try:
        account = pwd.getpwnam(student).pw_uid
    except KeyError:  # not an account here: only the instructor's own folder may name it
        account = os.geteuid()
    if uid == account:
        return None
    try:
        owner = pwd.getpwuid(uid).pw_name
    except KeyError:
        owner = f"uid {uid}"
    return f"it names {student} but belongs to {owner}"


class _Skip(Exception):
    """An inbound entry that is not collected; the message says why."""


def _copy_tree(source_fd, target, owner, ignore, budget, relative=""):
    """Copy the regular files under an open folder, following nothing; return {relative path: reason} skipped."""
    skipped = {}
    for name in sorted(os.listdir(source_fd)):
        path = f"{relative}{name}"
        if any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
            continue
        info = os.lstat(name, dir_fd=source_fd)
        if info.st_uid != owner:
            skipped[path] = "owned by another account than its folder"
        elif stat.S_ISDIR(info.st_mode):
            if relative.count("/") + 1 >= MAX_DEPTH:
                skipped[path] = f"folders nested deeper than {MAX_DEPTH}"
                continue
            fd = os.open(name, _OPEN | os.O_DIRECTORY, dir_fd=source_fd)
            try:
                (target / name).mkdir(mode=0o755)
                skipped.update(_copy_tree(fd, target / name, owner, ignore, budget, path + "/"))
            finally:
                os.close(fd)
        elif not stat.S_ISREG(info.st_mode):
            skipped[path] = "a link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        elif info.st_nlink != 1:
            skipped[path] = "a hard link (its content may be another file's)"
        elif (reason := _copy_file(source_fd, name, info, target / name, budget)) is not None:
            skipped[path] = reason
    return skipped


def _copy_file(source_fd, name, info, target, budget):
    """Copy one regular file by descriptor, within the caps; None, or why it was not copied."""
    if budget["files"] <= 0:
        return f"more than {MAX_FILES} files in one submission"
    if info.st_size > budget["file"]:
        return f"larger than {budget['file'] // 1000} kB"
    if info.st_size > budget["total"]:
        return f"the submission is larger than its cap of {budget['dir'] // 1000} kB"
    fd = os.open(name, _OPEN, dir_fd=source_fd)
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
            return "it changed while it was collected"
        written, limit = 0, min(budget["file"], budget["total"])
        with open(target, "wb") as sink:
            while chunk := os.read(fd, 2**20):
                written += len(chunk)
                if written > limit:
                    break
                sink.write(chunk)
    finally:
        os.close(fd)
    if written > limit:
        target.unlink()
        return "it grew past its cap while it was collected"
    target.chmod(0o644)
    budget["files"] -= 1
    budget["total"] -= written
    return None


def _take(inbound, name, student, stamp, coursedir, staging):
    """Copy one inbound entry into ``staging``; return {path: reason} skipped inside it. Raises _Skip."""
    try:
        fd = os.open(name, _OPEN | os.O_DIRECTORY, dir_fd=inbound)
    except OSError as error:
        info = os.lstat(name, dir_fd=inbound)
        raise _Skip("a link" if stat.S_ISLNK(info.st_mode) else f"not a folder ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if (problem := _owner_problem(student, info.st_uid)) is not None:
            raise _Skip(problem)
        budget = {"file": coursedir.max_file_size * 1000, "dir": coursedir.max_dir_size * 1000,
                  "total": coursedir.max_dir_size * 1000, "files": MAX_FILES}
        ignore = [*coursedir.ignore, "timestamp.txt"]
        skipped = _copy_tree(fd, staging, info.st_uid, ignore, budget)
    finally:
        os.close(fd)
    (staging / "timestamp.txt").write_text(stamp)
    secret = staging / "submission_secret.txt"
    if secret.exists() and (secret.stat().st_size > 256 or not secret.read_text(errors="replace").isalnum()):
        secret.unlink()
        skipped["submission_secret.txt"] = "not a submission secret nbgrader writes"
    return skipped


def _existing(submitted, now):
    """The timestamp of what ``submitted/<student>/<assignment>`` holds, None if none or one in the future."""
    try:
        when = parse_utc((submitted / "timestamp.txt").read_text().strip())
    except (OSError, ValueError, OverflowError, TypeError):
        return None
    return when if when <= now + CLOCK_SKEW else None


def collect_exchange(folder, assignment, now=None):
    """Collect the newest valid submission of each student of ``assignment`` from nbgrader's exchange.

    Parameters
    ----------
    folder : CourseFolder
    assignment : str
    now : datetime, optional
        UTC time against which timestamps in the future are refused (default: now).

    Returns
    -------
    IntakeReport
    """
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    inbound = inbound_folder(folder)
    try:
        inbound_fd = os.open(inbound, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise ValueError(f"the exchange's inbound folder {inbound} cannot be read ({error.strerror}); release "
                         f"the assignment first, or give the exchange with --exchange.") from None
    report, newest = IntakeReport(), {}
    try:
        for name in sorted(os.listdir(inbound_fd)):
            entry = _entry(name, assignment, now)
            if isinstance(entry, str):
                report.skipped[name] = entry
            elif entry is not None:
                newest.setdefault(entry[0], []).append((entry[2], name, entry[1]))
        for student, entries in sorted(newest.items()):
            _collect_student(folder, inbound_fd, assignment, student, sorted(entries, reverse=True), report, now)
    finally:
        os.close(inbound_fd)
    return report


def _collect_student(folder, inbound_fd, assignment, student, entries, report, now):
    """Take ``student``'s newest entry that is valid, if it is newer than what was collected before."""
    submitted = folder.root / "submitted" / student / assignment
    before = _existing(submitted, now)
    for when, name, stamp in entries:  # newest first: an invalid one is reported and the next is tried
        if before is not None and when <= before:
            report.unchanged.append(student)
            return
        submitted.parent.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".intake-", dir=submitted.parent.parent))
        try:
            inside = _take(inbound_fd, name, student, stamp, folder.api.coursedir, staging)
        except (_Skip, OSError) as error:
            shutil.rmtree(staging)
            report.skipped[name] = str(error) if isinstance(error, _Skip) else f"it could not be read ({error})"
            continue
        report.skipped.update({f"{name}/{path}": reason for path, reason in inside.items()})
        staging.chmod(0o755)
        if submitted.exists():
            shutil.rmtree(submitted)
        submitted.parent.mkdir(exist_ok=True)
        staging.rename(submitted)
        report.collected.append(student)
        return

