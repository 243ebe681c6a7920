"""`make demo`: one instructor grading round on three sample submissions of a01.

Everything happens in ``.demo/`` (ignored by git): a course root with
nbgrader's SQLite gradebook, and an exchange. Nothing of the repository changes.
"""

import shutil
from pathlib import Path

from autograder.course import CourseFolder
from autograder.export import grade_rows, write_csv
from autograder.grading import autograde_all
from autograder.notebooks import ROOT, notebook_text
from autograder.samples import answer_ids, fill_answers

ASSIGNMENT = "a01_perceptron"


def sample_submissions(solution_text, student_text):
    """{student: notebook text} for a correct, an untouched and a half-right submission."""
    ids = answer_ids(solution_text)
    half = ids[::2]  # every other answer: half of the parts right
    return {
        "ada-correct": solution_text,
        "bob-untouched": student_text,
        "cyd-half-right": fill_answers(student_text, solution_text, half),
    }


def run_demo(workdir=ROOT / ".demo", assignment=ASSIGNMENT):
    """Release, submit, autograde (in parallel), give feedback and export grades; print the table."""
    workdir = Path(workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    folder = CourseFolder(workdir / "course", exchange=workdir / "exchange")
    source = folder.add_source(ROOT / "solutions" / assignment, notebooks_from=notebook_text)
    release = folder.generate(assignment)
    folder.release(assignment)
    (notebook_name,) = [p.name for p in release.glob("*.ipynb")]
    samples = sample_submissions((source / notebook_name).read_text(), (release / notebook_name).read_text())
    for student, text in samples.items():
        folder.submit(assignment, student, {notebook_name: text})
    failed = [r for r in autograde_all(folder, assignment, unconfined=True) if not r.ok]
    if failed:
        raise RuntimeError(f"Autograding failed for {failed[0].student}: {failed[0].error}")
    feedback = folder.generate_feedback(assignment)
    rows = write_csv(grade_rows(folder.api.coursedir.db_url, [assignment]), workdir / "grades.csv")
    print(f"\n{'student':<16} {'score':>6} {'max':>5}")
    for row in rows:
        print(f"{row['student']:<16} {row['total']:>6g} {row['max']:>5g}")
    print(f"\nfeedback HTML: {feedback}\ngrades CSV:    {workdir / 'grades.csv'}")
    return rows
