"""`course-grade` (also `python -m autograder`): the instructor's commands, and `check` for students.

Run from the course root (the repository, where nbgrader_config.py is) or give
``--root``. Every step is nbgrader's own, through its Python API; errors end
in one sentence that says what to do, never in a traceback.
"""

import argparse
import os
import sys
from pathlib import Path

from autograder.notebooks import ROOT

COMMANDS = {
    "release": "generate the student version of ASSIGNMENT and release it to the exchange",
    "collect": "collect submissions of ASSIGNMENT from the exchange (or from an LMS zip with --zip)",
    "autograde": "autograde the submissions of ASSIGNMENT that are not graded yet, in parallel",
    "feedback": "generate feedback HTML for ASSIGNMENT and release it to the exchange",
    "export": "write grades.csv: one row per student and assignment, one column per graded part",
    "check": "(students) run NOTEBOOK's visible tests as autograding will and say which parts pass",
    "status": "what is released, submitted, graded and fed back, per assignment",
    "demo": "one grading round on three sample submissions of a01, in .demo/",
    "build": "regenerate every notebook from its .py source and the student versions",
    "publish": "write the students' copy of the course to DEST: lectures, released assignments, the course package, "
               "the check; no solutions, hidden tests, grading or gradebook",
}


def _parser():
    parser = argparse.ArgumentParser(prog="course-grade", description="Grade the course's assignments with nbgrader.")
    parser.add_argument("--root", default=None, help="the course root (default: this folder if it has "
                        "nbgrader_config.py, else the repository)")
    parser.add_argument("--exchange", default=None, help="nbgrader's exchange folder (default: "
                        "$COURSE_EXCHANGE, else ~/.local/share/nbgrader/exchange)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = {name: commands.add_parser(name, help=text, description=text) for name, text in COMMANDS.items()}
    for name in ("release", "collect", "autograde", "feedback"):
        sub[name].add_argument("assignment", metavar="ASSIGNMENT")
    sub["collect"].add_argument("--zip", type=Path, help="an LMS download: a zip with one folder per student, or of "
                                "notebooks named <student>_<notebook>.ipynb (see --pattern)")
    sub["collect"].add_argument("--pattern", default=None,
                                help="regular expression with student_id and file_id groups for the zip's member paths")
    sub["autograde"].add_argument("--workers", type=int, default=None, help="parallel submissions (default: cores)")
    sub["autograde"].add_argument("--student", action="append", help="only this student (repeatable)")
    sub["autograde"].add_argument("--force", action="store_true", help="regrade submissions already graded")
    for name in ("autograde", "check"):
        sub[name].add_argument("--unconfined", action="store_true",
                               help="where this machine cannot confine kernels (no bubblewrap or user namespaces), "
                               "run them unconfined: only for notebooks you trust")
    sub["export"].add_argument("--output", type=Path, default=Path("grades.csv"))
    sub["export"].add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    sub["export"].add_argument("--lms", choices=["canvas", "moodle"], help="a row per student and a column per "
                               "assignment, in the layout of Canvas' or Moodle's grade import (see the README)")
    sub["publish"].add_argument("dest", metavar="DEST", type=Path, help="a new or empty folder")
    sub["publish"].add_argument("--repo", help="the students' repository's GitHub path, for the Binder badge of its "
                                "README and the notebooks' Colab links (default: [tool.course] repository in "
                                "pyproject.toml)")
    sub["check"].add_argument("notebook", metavar="NOTEBOOK", type=Path)
    sub["demo"].add_argument("--assignment", default="a01_perceptron")
    return parser


def _folder(args):
    from autograder.course import CourseFolder

    root = Path(args.root) if args.root else (Path.cwd() if (Path.cwd() / "nbgrader_config.py").exists() else ROOT)
    if not root.is_dir():
        raise ValueError(f"The course root {root} does not exist; give an existing folder with --root.")
    return CourseFolder(root, exchange=args.exchange)


def _known(folder, assignment):
    if not (folder.source_dir / assignment).is_dir():
        known = sorted(p.name for p in folder.source_dir.glob("*") if p.is_dir())
        raise ValueError(f"No assignment {assignment!r} in {folder.source_dir}; choose one of {known}.")
    return assignment


def run(args):
    """Carry out one parsed command; return the exit status."""
    if args.command == "demo":
        from autograder.demo import run_demo

        run_demo(assignment=args.assignment)
        return 0
    if args.command == "build":
        from autograder.notebooks import main as build_main

        return build_main([])
    if args.command == "publish":
        from autograder import links
        from autograder.publish import publish

        root = Path(args.root) if args.root else ROOT
        repo = args.repo or links.repository(root)
        dest = publish(args.dest, root=root, repo=repo)
        print(f"the students' copy of the course is in {dest}: push it to the public repository {repo} "
              "(this one, with solutions/ and the hidden tests, stays private)")
        return 0
    if args.command == "check":
        from autograder.check import check_notebook, report

        text, status = report(*check_notebook(args.notebook, unconfined=args.unconfined))
        print(text)
        return status
    folder = _folder(args)
    return HANDLERS[args.command](folder, args)


def _release(folder, args):
    from autograder.notebooks import notebook_text

    assignment = _known(folder, args.assignment)
    for source in (folder.source_dir / assignment).glob("*.py"):  # notebooks made from their sources
        source.with_suffix(".ipynb").write_text(notebook_text(source))
    folder.generate(assignment)
    folder.release(assignment)
    print(f"released {assignment} to the exchange; students fetch it with nbgrader's Assignments tab")
    return 0


def _collect(folder, args):
    from autograder.names import printable

    assignment = _known(folder, args.assignment)
    if args.zip:
        from autograder.zipcollect import collect_zip

        students, skipped = collect_zip(folder, assignment, args.zip, args.pattern)
        for member, reason in sorted(skipped.items()):
            print(f"  skipped {printable(member)}: {printable(reason)}")
    else:
        report = folder.collect(assignment)
        students = folder.submitted_students(assignment)
        print(f"collected {len(report.collected)} new submissions of {assignment} from the exchange"
              + (f"; skipped {len(report.skipped)} entries or files" if report.skipped else ""))
        for line in report.lines():
            print(line)
    print(f"{len(students)} submissions of {assignment} in {printable(folder.root / 'submitted')}")
    return 0


def _autograde(folder, args):
    from autograder.grading import autograde_all
    from autograder.names import printable

    assignment = _known(folder, args.assignment)
    if not folder.submitted_students(assignment):
        waiting = folder.waiting_students(assignment)
        print(f"no submissions of {assignment} to grade: submitted/ has none. "
              + (f"{len(waiting)} wait in the exchange: " if waiting else "")
              + f"`course-grade collect {assignment}` takes them from the exchange, "
              f"`course-grade collect {assignment} --zip FILE` from an LMS download.")
        return 1
    results = autograde_all(folder, assignment, students=args.student, workers=args.workers, force=args.force,
                            unconfined=args.unconfined)
    failed = [r for r in results if not r.ok]
    print(f"graded {len(results) - len(failed)} submissions of {assignment}"
          + (f"; not graded: {len(failed)}" if failed else "")
          + ("" if results else " (every submission is graded already; --force grades them again)"))
    for result in failed:
        print(f"  {printable(result.student)}: {printable(result.error)}")
    for result in results:
        for note in result.notes:
            print(f"  {printable(result.student)}: {printable(note)}")
    return 1 if failed else 0


def _feedback(folder, args):
    from autograder.names import printable

    assignment = _known(folder, args.assignment)
    by_hand = folder.ungraded_by_hand(assignment)
    if by_hand:
        print(f"warning: {len(by_hand)} submission{'s' if len(by_hand) != 1 else ''} of {assignment} with written "
              "answers not graded yet (their "
              "feedback shows those parts without a score): grade them in the formgrader (Manual Grading), then run "
              f"feedback again: {', '.join(printable(student) for student in by_hand)}")
    done, failed, kept = folder.feedback_each(assignment)
    print(f"feedback for {len(done)} students of {assignment} in {folder.root / 'feedback'}; released to the "
          f"exchange for {len(done) - len(kept)}" + (f"; failed for {len(failed)}" if failed else ""))
    if kept:
        print(f"  not released (not submitted through the exchange; hand these out yourself): {', '.join(kept)}")
    for student, reason in failed.items():
        print(f"  {printable(student)}: {printable(reason)}")
    return 1 if failed else 0


def _export(folder, args):
    from autograder.export import grade_rows, write_csv, write_lms_csv

    rows = grade_rows(folder.api.coursedir.db_url, args.assignment)
    if args.lms:
        written = write_lms_csv(rows, args.output, args.lms)
        students = [row for row in written if row.get("Student") != "Points Possible"]
        print(f"{len(students)} students written to {args.output} for {args.lms.capitalize()}'s grade import "
              "(a column per assignment: its total)")
        return 0
    write_csv(rows, args.output)
    print(f"{len(rows)} rows written to {args.output}")
    return 0


def _status(folder, args):
    """One line per assignment, as nbgrader's formgrader counts: released means in the exchange."""
    from autograder.grading import pending_students

    released = set(folder.released_assignments())
    print(f"{'assignment':<26} {'released':>8} {'submitted':>9} {'graded':>6} {'feedback':>8}")
    for source in sorted(p for p in folder.source_dir.glob("*") if p.is_dir()):
        name = source.name
        waiting = folder.waiting_students(name)
        submitted = folder.submitted_students(name)
        graded = len(submitted) - len(pending_students(folder, name)) if submitted else 0
        feedback = len(list((folder.root / "feedback").glob(f"*/{name}")))
        by_hand = folder.ungraded_by_hand(name)
        print(f"{name:<26} {'yes' if name in released else 'no':>8} {len(submitted):>9} {graded:>6} {feedback:>8}"
              + (f"   {len(waiting)} waiting in the exchange: course-grade collect {name}" if waiting else "")
              + (f"   {len(by_hand)} with written answers to grade by hand (formgrader, Manual Grading) before "
                 "feedback" if by_hand else ""))
    print(f"released: in the exchange ({folder.exchange_dir}) for students to fetch; submitted: collected into "
          "submitted/")
    return 0


def quiet_nbgrader():
    """nbgrader's gradebook code triggers SQLAlchemy notices about its own sessions: not the user's concern."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


HANDLERS = {"release": _release, "collect": _collect, "autograde": _autograde, "feedback": _feedback,
            "export": _export, "status": _status}


def main(argv=None):
    args = _parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    quiet_nbgrader()
    from autograder.check import CheckError
    from autograder.course import NbgraderStepError

    try:
        return run(args)
    except (ValueError, CheckError) as error:
        print(f"course-grade {args.command}: {error}", file=sys.stderr)
        return 2
    except NbgraderStepError as error:
        first = str(error).splitlines()[0]
        print(f"course-grade {args.command}: {first} {error.reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"course-grade {args.command}: interrupted; run it again to finish, nothing graded so far is lost.",
              file=sys.stderr)
        return 130
