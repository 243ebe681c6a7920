"""`make bench-grade`: course-grade's parallel autograding against plain, sequential nbgrader.

Makes N submissions of a01 (a mix of correct, half right and untouched), grades
them once with ``nbgrader autograde a01_perceptron`` (one process, one
submission after the other) and once with ``course-grade autograde`` at its
default number of workers, each in its own copy of the course, and prints the
seconds per submission of each, the speed-up, and whether the grades are
identical. Timings are printed, never asserted.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.cli import quiet_nbgrader
from autograder.course import CourseFolder
from autograder.demo import sample_submissions
from autograder.export import grade_rows
from autograder.grading import autograde_all
from autograder.notebooks import ROOT, notebook_text

ASSIGNMENT = "a01_perceptron"


def make_course(root, num_submissions):
    """A course root with ``num_submissions`` submitted notebooks, cycling correct / half right / untouched."""
    folder = CourseFolder(root)
    source = folder.add_source(ROOT / "solutions" / ASSIGNMENT, notebooks_from=notebook_text)
    release = folder.generate(ASSIGNMENT)
    name = f"{ASSIGNMENT}.ipynb"
    kinds = list(sample_submissions((source / name).read_text(), (release / name).read_text()).values())
    for index in range(num_submissions):
        folder.submit(ASSIGNMENT, f"student{index:03d}", {name: kinds[index % len(kinds)]})
    return folder


def grades(folder):
    return {(row["student"], row["assignment"]): row["total"] for row in grade_rows(folder.api.coursedir.db_url)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args(argv)
    quiet_nbgrader()
    with tempfile.TemporaryDirectory() as tmp:
        plain = make_course(Path(tmp) / "plain", args.submissions)
        tool = make_course(Path(tmp) / "tool", args.submissions)
        # nbgrader reads nbgrader_config.py from the folder it runs in: the course's settings, same as the tool's
        (plain.root / "nbgrader_config.py").write_text((ROOT / "autograder" / "nbgrader_config.py").read_text()
                                                       .replace("c.CourseDirectory.root = ", "_unused = ")
                                                       + "\nc.ContainedExecute.unconfined = True  # where no sandbox\n")
        print(f"grading {args.submissions} submissions of {ASSIGNMENT} on {os.cpu_count()} cores", flush=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--create", "--log-level=ERROR"],
                       cwd=plain.root, check=True, stdout=subprocess.DEVNULL)
        sequential = time.perf_counter() - start
        start = time.perf_counter()
        failed = [r for r in autograde_all(tool, ASSIGNMENT, unconfined=True) if not r.ok]
        parallel = time.perf_counter() - start
        same = grades(plain) == grades(tool) and not failed
    print(f"nbgrader autograde (sequential): {sequential / args.submissions:6.2f} s per submission, "
          f"{sequential:7.1f} s")
    print(f"course-grade autograde ({os.cpu_count()} workers): {parallel / args.submissions:6.2f} s per submission, "
          f"{parallel:7.1f} s")
    print(f"speed-up {sequential / parallel:.2f}x; grades identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
