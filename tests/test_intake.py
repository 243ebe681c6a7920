"""The exchange intake (`course-grade collect`), student ids and file names as data, feedback one student at a time.

Each test plays what a student can do with only their own account: make any entry in nbgrader's inbound
folder (links, folders named for others, timestamps of their choosing, file names with escape sequences).
"""

import datetime
import os
import pwd
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbgrader.api import Gradebook

from autograder.cli import main

ASSIGNMENT = "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
STAMP = "2026-12-01 10:00:00.000000 UTC"
AS_ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    """A gradebook.db as nbgrader makes it (made once: its migrations take seconds)."""
    import autograder.course  # noqa: F401  (puts this environment's `alembic` on PATH for nbgrader)

    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}"):
        pass
    return path


@pytest.fixture
def course(tmp_path, empty_gradebook):
    """A course root with a01's source and release, and an empty exchange whose inbound is nbgrader's."""
    from autograder.course import CourseFolder

    root = tmp_path / "course"
    root.mkdir()
    inbound = tmp_path / "exchange" / "deep-learning" / "inbound"
    inbound.mkdir(parents=True)
    inbound.chmod(0o2733)
    folder = CourseFolder(root, exchange=tmp_path / "exchange")
    (folder.source_dir / ASSIGNMENT).mkdir(parents=True)
    (folder.release_dir / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(ROOT / "assignments" / ASSIGNMENT / NOTEBOOK, folder.release_dir / ASSIGNMENT / NOTEBOOK)
    shutil.copy(empty_gradebook, root / "gradebook.db")  # the instructor's gradebook
    return folder


def submit(course, student, stamp=STAMP, text="honest work", owner=None, extra="x"):
    """An inbound entry as nbgrader's submit makes it: the notebook, timestamp.txt, submission_secret.txt."""
    from autograder.intake import inbound_folder

    entry = inbound_folder(course) / f"{student}+{ASSIGNMENT}+{stamp}+{extra}"
    entry.mkdir()
    (entry / NOTEBOOK).write_text(text)
    (entry / "timestamp.txt").write_text(stamp)
    (entry / "submission_secret.txt").write_text("ab12" * 16)
    if owner is not None:
        for path in [entry, *entry.iterdir()]:
            os.lchown(path, owner, owner)
    return entry


def collected(course, student):
    folder = course.root / "submitted" / student / ASSIGNMENT
    return (folder / NOTEBOOK).read_text() if (folder / NOTEBOOK).exists() else None


def test_an_honest_submission_is_collected_with_its_timestamp_and_secret(course):
    submit(course, "alice")
    report = course.collect(ASSIGNMENT)
    assert report.collected == ["alice"] and not report.skipped
    folder = course.root / "submitted" / "alice" / ASSIGNMENT
    assert collected(course, "alice") == "honest work"
    assert (folder / "timestamp.txt").read_text() == STAMP
    assert (folder / "submission_secret.txt").read_text() == "ab12" * 16
    assert course.collect(ASSIGNMENT).unchanged == ["alice"], "nothing newer: the collected copy stays"


def test_links_to_the_gradebook_the_solution_and_another_students_notebook_are_never_followed(course):
    """Each link is skipped with its reason; the link's target is never copied."""
    submit(course, "bob", text="bob's own notebook")
    course.collect(ASSIGNMENT)
    entry = submit(course, "mallory", text="placeholder")
    (entry / NOTEBOOK).unlink()
    (entry / NOTEBOOK).symlink_to(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)
    (entry / "gradebook.db").symlink_to(course.root / "gradebook.db")
    (entry / "bob.ipynb").symlink_to(course.root / "submitted" / "bob" / ASSIGNMENT / NOTEBOOK)
    (entry / "config").symlink_to(course.root)
    os.link(course.root / "gradebook.db", entry / "hard.db")
    whole = submit(course, "trudy", text="placeholder")
    shutil.rmtree(whole)
    whole.symlink_to(course.root / "submitted" / "bob" / ASSIGNMENT)  # the whole entry a link to bob's folder
    report = course.collect(ASSIGNMENT)
    taken = course.root / "submitted" / "mallory" / ASSIGNMENT
    assert sorted(p.name for p in taken.iterdir()) == ["submission_secret.txt", "timestamp.txt"]
    assert not (course.root / "submitted" / "trudy").exists()
    reasons = {name.rsplit("/", 1)[-1] if "/" in name else "entry:" + name.split("+")[0]: why
               for name, why in report.skipped.items()}
    for name in (NOTEBOOK, "gradebook.db", "bob.ipynb", "config"):
        assert reasons[name] == "a link", report.skipped
    assert "hard link" in reasons["hard.db"] and reasons["entry:trudy"] == "a link"
    assert collected(course, "bob") == "bob's own notebook"


def test_a_dangling_link_and_a_fifo_are_skipped_and_the_rest_of_the_class_is_collected(course):
    entry = submit(course, "carol")
    (entry / "gone.ipynb").symlink_to("/nonexistent/target.ipynb")
    os.mkfifo(entry / "pipe")  # opening it to read would block a naive copy
    submit(course, "dave")
    report = course.collect(ASSIGNMENT)
    assert report.collected == ["carol", "dave"]
    assert collected(course, "carol") == "honest work" and collected(course, "dave") == "honest work"
    assert set(report.skipped.values()) == {"a link", "not a regular file"}


def test_a_future_or_unparsable_timestamp_is_refused_and_the_genuine_submission_wins(course):
    submit(course, "erin", text="genuine")
    submit(course, "erin", stamp="2099-01-01 00:00:00.000000 UTC", text="from the future")
    submit(course, "erin", stamp="not-a-time", text="unparsable")
    submit(course, "frank", stamp="2026-13-45 99:00:00 UTC", text="unparsable")
    submit(course, "grace")
    report = course.collect(ASSIGNMENT)
    assert report.collected == ["erin", "grace"], report.skipped
    assert collected(course, "erin") == "genuine" and collected(course, "frank") is None
    reasons = " | ".join(report.skipped.values())
    assert "lies in the future" in reasons and reasons.count("does not parse") == 2


def test_a_stale_future_stamp_already_collected_does_not_block_a_newer_genuine_submission(course):
    submit(course, "heidi", text="old")
    course.collect(ASSIGNMENT)
    (course.root / "submitted" / "heidi" / ASSIGNMENT / "timestamp.txt").write_text("2099-01-01 00:00:00 UTC")
    submit(course, "heidi", stamp="2026-12-02 10:00:00.000000 UTC", text="new")
    assert course.collect(ASSIGNMENT).collected == ["heidi"] and collected(course, "heidi") == "new"


def test_student_ids_that_are_globs_or_paths_are_refused(course):
    for student in ("*", "..", ".hidden", "a[b]c"):
        submit(course, student)
    submit(course, "ivan")
    report = course.collect(ASSIGNMENT)
    assert report.collected == ["ivan"]
    assert sum("not a valid student id" in why for why in report.skipped.values()) == 4
    assert sorted(p.name for p in (course.root / "submitted").iterdir()) == ["ivan"]


def test_a_submitted_folder_named_star_is_never_graded_as_a_glob(course):
    """`*` in submitted/ (however it got there) is reported, and no worker ever runs nbgrader with it."""
    from autograder.grading import autograde_all, grade_in_this_process, pending_students

    (course.root / "submitted" / "*" / ASSIGNMENT).mkdir(parents=True)
    assert pending_students(course, ASSIGNMENT) == []
    results = autograde_all(course, ASSIGNMENT, progress=False, unconfined=True)
    assert [(r.student, "not a plain student id" in r.error) for r in results] == [("*", True)]
    assert autograde_all(course, ASSIGNMENT, students=["*"], progress=False, unconfined=True)[0].student == "*"
    with pytest.raises(ValueError, match="No submission"):
        pending_students(course, ASSIGNMENT, students=["?"])
    assert "not a plain name" in grade_in_this_process(course.root, None, ASSIGNMENT, "*", unconfined=True).error


@pytest.mark.skipif(not AS_ROOT, reason="owners of other accounts need root to make")
def test_a_folder_named_for_another_account_is_refused(course, tmp_path):
    """As on the hub: an entry naming an account must belong to it; one naming no account, to the instructor."""
    victim = pwd.getpwnam("nobody")
    submit(course, "nobody", text="the victim's own", owner=victim.pw_uid,
           stamp="2026-12-01 09:00:00.000000 UTC")
    submit(course, "nobody", text="impersonation", owner=os.geteuid())  # newer, but the instructor's folder
    submit(course, "ghost", text="impersonation", owner=4242)  # no account, and not the instructor's
    entry = submit(course, "judy", text="mine")
    (entry / "planted.ipynb").write_text("someone else's")
    os.chown(entry / "planted.ipynb", 4242, 4242)
    tmp_path.chmod(0o755)
    report = course.collect(ASSIGNMENT)
    assert report.collected == ["judy", "nobody"], report.skipped
    assert collected(course, "nobody") == "the victim's own"
    reasons = " | ".join(report.skipped.values())
    assert "names nobody but belongs to root" in reasons and "names ghost but belongs to uid 4242" in reasons
    assert "owned by another account" in reasons
    assert not (course.root / "submitted" / "judy" / ASSIGNMENT / "planted.ipynb").exists()


def test_file_names_with_escape_sequences_are_printed_escaped(course, capsys):
    """A name that would clear the screen, fake a summary line and write the clipboard (OSC 52) is shown, not obeyed."""
    entry = submit(course, "kim")
    hostile = "\x1b[2J\x1b[Hgraded 1 submissions (all good)\x1b]52;c;Y2xpcGJvYXJk\x07.ipynb"
    (entry / hostile).symlink_to("/etc/passwd")
    submit(course, "lee", stamp="\x1b[2Jnot-a-time")
    status = main(["--root", str(course.root), "--exchange", str(course.config.Exchange.root),
                   "collect", ASSIGNMENT])
    out = capsys.readouterr().out
    assert status == 0 and "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b[Hgraded 1 submissions" in out and "\\x1b]52;c;" in out
    assert "collected 1 new submissions" in out and "1 submissions of a01_perceptron" in out


def _release_copy(course, **kernelspec):
    notebook = nbformat.read(course.release_dir / ASSIGNMENT / NOTEBOOK, as_version=4)
    notebook.metadata["kernelspec"] = kernelspec
    folder = course.root / "submitted" / "mia" / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / NOTEBOOK)
    return folder


def test_a_notebook_saved_by_jupyterlab_is_not_repaired_but_a_renamed_kernel_is(course):
    """JupyterLab writes the display name "Python 3 (ipykernel)": only the kernel's name and language matter."""
    from autograder.grading import prepare_submission

    folder = _release_copy(course, name="python3", display_name="Python 3 (ipykernel)", language="python")
    assert prepare_submission(course, ASSIGNMENT, "mia") == []
    assert not (folder / "originals").exists()
    _release_copy(course, name="my-env", display_name="My env", language="python")
    notes = prepare_submission(course, ASSIGNMENT, "mia")
    assert any("run with the course's kernel" in note for note in notes), notes
    assert nbformat.read(folder / NOTEBOOK, as_version=4).metadata.kernelspec["name"] == "python3"


def test_printable_escapes_every_control_character_and_keeps_text():
    from autograder.names import printable

    assert printable("ada_a01 – ok.ipynb") == "ada_a01 – ok.ipynb"
    assert printable("a\rb\x9bc\u202ed") == "a\\x0db\\x9bc\\u202ed"


def test_feedback_of_one_student_past_its_memory_cap_is_recorded_for_that_student_only(course, monkeypatch):
    """Feedback runs in capped processes: one that dies is a line in the summary, and a fresh process goes on."""
    monkeypatch.setattr(type(course.api), "get_autograded_students", lambda self, assignment: ["nia", "oscar"])
    done, failed, kept = course.feedback_each(ASSIGNMENT, memory_mb=64, workers=1)
    assert done == [] and set(failed) == {"nia", "oscar"}
    assert all("64 MB of memory" in why for why in failed.values()), failed


def test_feedback_past_its_time_limit_is_stopped_and_recorded_for_each_student(course, monkeypatch):
    monkeypatch.setattr(type(course.api), "get_autograded_students", lambda self, assignment: ["nia", "oscar"])
    done, failed, kept = course.feedback_each(ASSIGNMENT, time_limit=0.2, workers=1)
    assert done == [] and set(failed) == {"nia", "oscar"}
    assert all("took longer than 0.2 s" in why for why in failed.values()), failed


@pytest.mark.full_only
def test_a_notebook_whose_feedback_blows_its_memory_cap_costs_no_one_else_their_feedback(tmp_path):
    """ada, bob and cy hand in the solution; bob's graded notebook then holds a 300 MB output (as nbclient's copies
    of a display update made one). In one feedback process of 1 GB going through the three in turn, bob's fails with
    the reason, and ada's (before, same process) and cy's (after, a fresh one) are made."""
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import notebook_text

    course = CourseFolder(tmp_path / "course", exchange=tmp_path / "exchange")
    course.add_source(ROOT / "solutions" / ASSIGNMENT, notebooks_from=notebook_text)
    course.generate(ASSIGNMENT)
    solution = (course.source_dir / ASSIGNMENT / NOTEBOOK).read_text()
    for student in ("ada", "bob", "cy"):
        course.submit(ASSIGNMENT, student, {NOTEBOOK: solution})
    results = autograde_all(course, ASSIGNMENT, workers=2, progress=False, unconfined=True)
    assert [r.error for r in results] == ["", "", ""], results
    graded = course.root / "autograded" / "bob" / ASSIGNMENT / NOTEBOOK
    notebook = nbformat.read(graded, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("print(x)", outputs=[nbformat.v4.new_output(
        "stream", name="stdout", text="x" * 300 * 2**20)]))
    nbformat.write(notebook, graded)
    done, failed, kept = course.feedback_each(ASSIGNMENT, memory_mb=1024, workers=1)
    assert done == ["ada", "cy"], (done, failed)
    assert all((course.root / "feedback" / student / ASSIGNMENT / "a01_perceptron.html").is_file() for student in done)
    assert list(failed) == ["bob"] and "more than its cap of 1024 MB" in failed["bob"], failed
