"""The corpus of bad submissions (tests/corpus.py), graded in one parallel run on a copy of the repository.

The course root is a clone of this repository (git history, grader code, configuration), with the assignment
released to an exchange that also holds another student's submission. Each kind must get its grade with the
reason recorded, none may stop the run, and nothing outside a submission's own folder may change: afterwards the
clone's ``git status`` is clean, the Python environment, the exchange and the home folder are as they were, the
gradebook is intact and no process of a submission is left. Feedback is generated for every student and shows
no hidden test and no student script. As root, the same run is repeated as an unprivileged user made for the test.
"""

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import ROOT, record
from corpus import BOMB, DAEMON, ESCAPES, FORGERIES, NOTEBOOK, corpus

from autograder.course import CourseFolder
from autograder.grading import autograde_all
from autograder.jail import UID_BASE
from autograder.sandbox import confinement_problem

ASSIGNMENT = "a01_perceptron"
SECRET = "grader-secret-6c1f"
AS_USER = "course-grade-test"
#: The kinds graded again by an unprivileged user: every escape, and the kinds whose grade the sandbox decides.
#: Not the fork bomb: as a user there is no process cap (cgroups and RLIMIT_NPROC per kernel need root), so its
#: kernel may be stopped by the memory cap instead, and its grade differs from root's.
AS_USER_KINDS = {*ESCAPES, "correct", "untouched", "memory-bomb", "os-exit", "loop-at-import", "module-beside-notebook",
                 "forges-reply-sender", "replaces-shell-handler", "repatching-thread", "forges-bridge-answers",
                 "extra-notebook"} - {"fork-bomb"}
PROBLEM = confinement_problem()
#: A student's script as live HTML (escaped as text, it is harmless).
LIVE_SCRIPT = re.compile(r"<script[^>]*>[^<]*window\.pwned|<[a-z]+[^>]*\son\w+=[^>]*window\.pwned")
pytestmark = [pytest.mark.skipif(PROBLEM is not None, reason=f"this machine cannot confine kernels: {PROBLEM}"),
              # the one grading run of the whole corpus happens in the first test's setup: about 10 minutes idle on
              # 2 cores, more on a loaded machine, over pytest's default 900 s per test
              pytest.mark.timeout(2700)]
# Short limits so that the corpus grades in minutes; the course's own are in autograder/nbgrader_config.py. The cell
# limit not shorter: a01's first cell (NumPy, Matplotlib, scikit-learn and SciPy imported cold in the sandbox) took
# over 12 s on a loaded machine, and a first call into a kernel just interrupted did too. The waits after a limit are
# short: a kernel that answers sends its last outputs and its reply to a ping within a second, and with the course's
# own waits a kernel that swallows the interrupt kept its submission 60 s longer (30 s for outputs, twice 15 s of pings).
LIMITS = """c = get_config()
c.Execute.timeout = 25
c.Execute.iopub_timeout = 5
c.ContainedExecute.ping_timeout = 6
c.ContainedExecute.notebook_budget = 300
c.ContainedExecute.memory_limit_mb = 1800
c.ContainedExecute.output_limit_kb = 256
c.ContainedExecute.notebook_output_limit_kb = 2048
c.SandboxKernelManager.max_processes = 256
"""


def tree_state(folder, digests=True):
    """{relative path: (kind, size, mtime, sha256 of small files, or "" without ``digests``)} of everything under
    ``folder``, links not followed."""
    state = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(parent, name)
            info = os.lstat(path)
            digest = ""
            if digests and stat.S_ISREG(info.st_mode) and info.st_size < 2**20 and not path.endswith(".pyc"):
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            state[os.path.relpath(path, folder)] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return state


def venv_state():
    """The Python environment the kernels run: its files' sizes and times (bytecode caches aside; not their
    contents: hashing 50,000 files took 5 s of CPU, and the sandbox mounts it read-only)."""
    return {path: value[:3] for path, value in tree_state(sys.prefix, digests=False).items()
            if "__pycache__" not in path and not path.endswith(".pyc")}


def home_state():
    """The home folder's entries, and the size and time of its files (the grader's own caches may grow)."""
    home = Path.home()
    return {p.name: None if p.is_dir() else (p.lstat().st_mtime_ns, p.lstat().st_size)
            for p in home.iterdir()} if home.is_dir() else {}


def git(course, *args):
    return subprocess.run(["git", "-C", str(course), *args], capture_output=True, text=True, check=True).stdout


def make_course(tmp):
    """A clone of the repository as the course root (history, grader code, configuration, ``.venv``), the corpus's
    limits committed, a01 released to an exchange that also holds another student's submission."""
    course, exchange = tmp / "course", tmp / "exchange"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(course)], check=True)
    (course / "nbgrader_config.py").write_text(LIMITS)
    git(course, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "--quiet", "-am", "limits")
    (course / ".venv").symlink_to(sys.prefix)  # the environment, as in a working copy (kernels use the real one)
    folder = CourseFolder(course, exchange=exchange)
    folder.generate(ASSIGNMENT)
    folder.release(ASSIGNMENT)
    inbound = exchange / folder.config.CourseDirectory.course_id / "inbound" / f"zed+{ASSIGNMENT}+2026-11-30 09:00:00"
    inbound.mkdir(parents=True)
    shutil.copy(course / "assignments" / ASSIGNMENT / NOTEBOOK, inbound / NOTEBOOK)
    return folder, exchange


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    folder, exchange = make_course(tmp)
    course = folder.root
    solution = (course / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()
    student = (course / "assignments" / ASSIGNMENT / NOTEBOOK).read_text()
    other = (course / "solutions" / "a02_backprop" / "a02_backprop.ipynb").read_text()
    paths = {"course": str(course), "repo": str(ROOT), "exchange": str(exchange), "home": str(Path.home())}
    kinds = corpus(solution, student, other, paths)
    if os.environ.get("COURSE_CORPUS_AS_USER") == "1":  # the rerun as a user: what the sandbox decides
        kinds = {kind: value for kind, value in kinds.items() if kind in AS_USER_KINDS}
    if os.environ.get("COURSE_CORPUS_KINDS"):  # a developer's quick look at some kinds: -k each_kind
        kinds = {kind: value for kind, value in kinds.items() if kind in os.environ["COURSE_CORPUS_KINDS"].split(",")}
    for kind, (files, _, _) in kinds.items():
        folder.submit(ASSIGNMENT, kind, files)
    link = course / "submitted" / "extra-notebook" / ASSIGNMENT / "gradebook-link.ipynb"
    if link.parent.is_dir():
        link.symlink_to(course / "gradebook.db")
    before = {"git": git(course, "status", "--porcelain"), "venv": venv_state(), "home": home_state(),
              "exchange": tree_state(exchange)}
    os.environ["GRADER_DB_PASSWORD"] = SECRET  # what a grader's environment may hold; no kernel may see it
    try:
        results = {r.student: r for r in autograde_all(folder, ASSIGNMENT, workers=2, progress=False)}
    finally:
        del os.environ["GRADER_DB_PASSWORD"]
    after = {"git": git(course, "status", "--porcelain"), "venv": venv_state(), "home": home_state(),
             "exchange": tree_state(exchange)}
    feedback = folder.feedback_each(ASSIGNMENT)  # (it writes to the exchange: feedback is released there)
    for kind, result in sorted(results.items()):  # the report's rows: each kind's grade and seconds, in every tier
        total, _ = outcome(folder, kind) if result.ok else (None, "")
        outcome_text = f"{total:g} of {kinds[kind][1]:g}" if result.ok else f"not graded: {result.error}"
        record("corpus", kind, result.seconds, result.worker_mb or None, outcome_text)  # MB: the grading worker's peak
    return folder, kinds, results, before, after, feedback


def outcome(folder, student):
    """Total score of one student, and the text of the graded notebook."""
    grades = folder.grades(ASSIGNMENT, student)
    graded = folder.root / "autograded" / student / ASSIGNMENT / NOTEBOOK
    return sum(score or 0 for score, _ in grades.values()), graded.read_text() if graded.exists() else ""


def test_the_corpus_has_more_than_40_kinds_all_graded_in_the_one_run(graded):
    _, kinds, results, _, _, _ = graded
    assert len(kinds) >= 40 or os.environ.get("COURSE_CORPUS_AS_USER") == "1"
    assert sorted(results) == sorted(kinds), "every submission was graded in the one run: none stopped it"


@pytest.mark.parametrize("kind", sorted(ESCAPES) + sorted(FORGERIES)
                         + ["correct", "untouched", "half-right", "loop-in-answer", "loop-at-import",
                            "swallows-interrupt", "memory-bomb", "sys-exit", "os-exit", "keyboard-interrupt",
                            "deleted-test-cell", "duplicated-cells", "test-marked-as-answer", "test-marked-ungraded",
                            "answer-marked-graded", "added-graded-cell",
                            "changed-cell-type", "edited-test-cells", "invalid-json", "empty-file",
                            "wrong-file-name", "other-assignment", "extra-notebook", "added-cells",
                            "reordered-cells", "stale-outputs", "renamed-kernel", "markdown-script",
                            "module-beside-notebook", "forges-warnings"])
def test_each_kind_gets_its_grade_with_the_reason_recorded(graded, kind):
    folder, kinds, results, _, _, _ = graded
    if kind not in kinds:
        pytest.skip("graded by root only (the rerun as a user covers what the sandbox decides)")
    _, expected, reason = kinds[kind]
    result = results[kind]
    assert result.ok, f"{kind} could not be graded: {result.error}"
    total, graded_text = outcome(folder, kind)
    assert total == expected, f"{kind} got {total}, expected {expected}"
    if reason:
        recorded = graded_text + " ".join(result.notes)
        assert reason in recorded, f"{kind}: {reason!r} is neither in the graded notebook nor in the notes"


def test_no_graded_notebook_grows_past_the_output_caps(graded):
    """Display updates, widget messages and floods of output are capped: every graded notebook stays small (the
    corpus's caps: 256 KB a cell, 2 MB a notebook), however much its kernel sent."""
    folder = graded[0]
    sizes = {path.parent.parent.name: path.stat().st_size for path in (folder.root / "autograded").glob(
        f"*/{ASSIGNMENT}/*.ipynb")}
    big = {student: size for student, size in sizes.items() if size > 4 * 2**20}
    assert sizes and not big, f"graded notebooks over 4 MB: {big}"


def test_nothing_outside_the_submissions_changed(graded):
    folder, _, _, before, after, _ = graded
    assert before["git"] == "" and after["git"] == "", f"the course copy changed:\n{after['git']}"
    changed = {p for p in set(before["venv"]) | set(after["venv"]) if before["venv"].get(p) != after["venv"].get(p)}
    assert not changed, f"the Python environment changed: {sorted(changed)[:5]}"
    assert before["exchange"] == after["exchange"], "the exchange changed"
    assert before["home"] == after["home"], "the home folder changed"
    assert b"overwritten" not in (folder.root / "gradebook.db").read_bytes()
    check = subprocess.run(["python3", "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("
                            "'pragma integrity_check').fetchone()[0])", str(folder.root / "gradebook.db")],
                           capture_output=True, text=True)
    assert check.stdout.strip() == "ok", check.stdout + check.stderr
    assert (ROOT / "nbgrader_config.py").read_text().count("pwned") == 0


def _orphaned(process):
    """Whether ``process`` outlived its sandbox: no bubblewrap above it, or the topmost bubblewrap above it has lost
    the process that started it (the jail that supervises it, or the grader: it was reparented to PID 1). A kernel
    that another test grades meanwhile has its sandbox's starter alive above it."""
    try:
        seen_bwrap, parent = process.name() == "bwrap", process.parent()
        while parent is not None and parent.pid > 1:
            if parent.name() == "bwrap":
                seen_bwrap = True
            elif seen_bwrap:  # the live process that started the sandbox
                return False
            parent = parent.parent()
    except psutil.Error:  # it, or one above it, ended meanwhile
        return False
    return True


def _left_over():
    """{(pid, start time): info} of the processes that outlived their sandbox (:func:`_orphaned`): those running
    this corpus's markers, and any process of a sandbox's uid (from UID_BASE up, as root)."""
    left = {}
    for process in psutil.process_iter(["pid", "cmdline", "uids", "create_time"]):
        info = process.info
        marked = any(marker in " ".join(info["cmdline"] or []) for marker in (DAEMON, BOMB))
        if (marked or (info["uids"] and info["uids"].real >= UID_BASE)) and _orphaned(process):
            left[(info["pid"], info["create_time"])] = info
    return left


def test_no_process_of_a_submission_is_left(graded):
    """Other tests may grade meanwhile (their kernels have a live sandbox above them): what is left of this run's
    kernels is a marked or sandboxed process without one, still there two seconds later (not one being stopped)."""
    first = _left_over()
    if first:
        time.sleep(2)
    left = [info for key, info in _left_over().items() if key in first]
    assert not left, f"processes of submissions outlived their grading: {left[:3]}"


def test_feedback_is_released_for_everyone_and_shows_no_hidden_test_and_no_script(graded):
    folder, kinds, results, _, _, (done, failed, kept) = graded
    assert not failed, f"feedback failed for {failed}"
    assert sorted(done) == sorted(kinds) == sorted(kept), "generated for everyone; kept (not via the exchange)"
    solution = nbformat.read(folder.root / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    hidden = [line.strip() for cell in solution.cells for block in cell.source.split("### BEGIN HIDDEN TESTS")[1:]
              for line in block.split("### END HIDDEN TESTS")[0].splitlines() if len(line.strip()) > 20]
    assert hidden, "a01 has hidden tests"
    for kind in kinds:
        (page,) = (folder.root / "feedback" / kind / ASSIGNMENT).glob("*.html")
        text = page.read_text()
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{kind}'s feedback shows hidden tests: {leaked[:2]}"
        assert not LIVE_SCRIPT.search(text), f"{kind}'s feedback keeps a student's script live"


def _open_path_for(user_paths):
    """Make every folder above ``user_paths`` traversable by others (o+x); return what to restore."""
    changed = []
    for path in user_paths:
        for folder in [Path(path), *Path(path).parents]:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                folder.chmod(mode | stat.S_IXOTH)
                changed.append((folder, mode))
    return changed


@pytest.mark.skipif(os.geteuid() != 0 or os.environ.get("COURSE_CORPUS_AS_USER") == "1",
                    reason="making an unprivileged user for the test needs root")
def test_the_same_corpus_graded_by_an_unprivileged_user():
    """The corpus's escapes again, graded by a user with no privileges: the sandbox maps kernels to that user."""
    work = Path(tempfile.mkdtemp(prefix="course-grade-as-user-", dir="/tmp"))
    subprocess.run(["userdel", "--remove", AS_USER], capture_output=True)
    subprocess.run(["useradd", "--create-home", "--home-dir", str(work / "home"), AS_USER], check=True)
    shutil.chown(work, AS_USER)
    (work / "home" / ".gitconfig").write_text("[safe]\n\tdirectory = *\n")  # git may read root's repository
    shutil.chown(work / "home" / ".gitconfig", AS_USER)
    for cache in (".cache", ".config", ".ipython", ".local", ".jupyter", ".keras"):  # as in a home in use
        (work / "home" / cache).mkdir(exist_ok=True)
        shutil.chown(work / "home" / cache, AS_USER)
    data = os.environ.get("COURSE_DATA_DIR", "")
    restore = _open_path_for([ROOT, sys.base_prefix, sys.prefix, *([data] if data else [])])
    try:
        env = {"PATH": os.environ["PATH"], "HOME": str(work / "home"), "COURSE_CORPUS_AS_USER": "1",
               "COURSE_FAST": "1", "COURSE_DATA_DIR": data, "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8",
               "TF_CPP_MIN_LOG_LEVEL": "3"}
        result = subprocess.run(["runuser", "-u", AS_USER, "--", sys.executable, "-m", "pytest", "-q", "-x",
                                 "-p", "no:cacheprovider", "--basetemp", str(work / "pytest"),
                                 str(ROOT / "tests" / "test_bad_submissions.py")],
                                cwd=str(work), env=env, capture_output=True, text=True, timeout=3000)
    finally:
        for folder, mode in reversed(restore):
            folder.chmod(mode)
        subprocess.run(["pkill", "-KILL", "-u", AS_USER], capture_output=True)
        subprocess.run(["userdel", "--remove", AS_USER], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    record("corpus", f"as the unprivileged user {AS_USER}", 0.0, None, summary)
    failures = result.stdout.partition("= FAILURES =")[2].partition("short test summary info")[0]
    assert result.returncode == 0, (failures[:6000] or result.stdout[-4000:]) + result.stderr[-2000:]
    assert "passed" in summary and "failed" not in summary and "error" not in summary, summary
