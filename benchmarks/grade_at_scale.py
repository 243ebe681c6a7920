"""`make bench-scale`: a01 graded at the size of a large class, on SQLite and on PostgreSQL.

Makes N submissions of a01 (default 200), cycling through kinds a class hands in: correct, half right,
untouched, and a few of the corpus's bad ones (tests/corpus.py: edited tests, duplicated cells, another file
name, an unreadable file, patched checks, a read of the course files, a network attempt). Grades them with
``course-grade``'s parallel autograding, sandboxed where the machine allows it, with 1 worker and with one per
core, each on a SQLite gradebook and on a PostgreSQL one (a server of its own in a temporary folder, as in
``make test-hub``; as root it runs as a throwaway account). Prints, per run, the submissions graded per minute,
the CPU seconds each took (workers and kernels: what wall time becomes on an idle machine; the load average is
printed too), the peak memory of each worker (the worker process and its kernel together: proportional set size
where readable, else resident), and whether every run gave the same grades, the expected ones. Printed, never
asserted. Run from the repository root::

    .venv/bin/python benchmarks/grade_at_scale.py [--submissions 200] [--workers 1 2]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "hub")]

from corpus import corpus  # noqa: E402
from machinery import Accounts, Postgres, descendants, postgres_binary  # noqa: E402

from autograder.cli import quiet_nbgrader  # noqa: E402
from autograder.course import CourseFolder  # noqa: E402
from autograder.export import grade_rows  # noqa: E402
from autograder.grading import autograde_all  # noqa: E402
from autograder.notebooks import notebook_text  # noqa: E402
from autograder.sandbox import confinement_problem  # noqa: E402

ASSIGNMENT = "a01_perceptron"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
KINDS = ["correct", "half-right", "untouched", "edited-test-cells", "duplicated-cells", "wrong-file-name",
         "invalid-json", "patches-checks", "reads-course-files", "network"]


def make_course(root, num_submissions, db_url=None):
    """A course root with a01 released and ``num_submissions`` submissions; returns it and the expected totals."""
    root.mkdir(parents=True)
    if db_url:
        (root / "nbgrader_config.py").write_text(f"c = get_config()  # noqa: F821\nc.CourseDirectory.db_url = "
                                                 f"{db_url!r}\n")
    folder = CourseFolder(root)
    source = folder.add_source(ROOT / "solutions" / ASSIGNMENT, notebooks_from=notebook_text)
    student = (folder.generate(ASSIGNMENT) / NOTEBOOK).read_text()
    paths = {"course": str(root), "repo": str(ROOT), "exchange": "/nonexistent", "home": str(Path.home())}
    kinds = corpus((source / NOTEBOOK).read_text(), student, "{}", paths)
    expected = {}
    for index in range(num_submissions):
        kind = KINDS[index % len(KINDS)]
        files, points, _ = kinds[kind]
        name = f"s{index:03d}-{kind}"
        folder.submit(ASSIGNMENT, name, files)
        expected[name] = float(points)
    return folder, expected


class MemoryWatch:
    """Samples, twice a second, the memory of every grading worker of this process and its kernel, and the CPU time
    of every process below this one (a kernel's is not added to this process's own accounting: its sandbox is
    killed, not waited for)."""

    def __init__(self):
        self.peaks, self.cpu, self._stop = {}, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _megabytes(pid):
        for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                    if line.startswith(field):
                        return int(line.split()[1]) / 1024
            except OSError:
                continue
        return 0.0

    @property
    def cpu_seconds(self):
        """CPU seconds of every process seen below this one, up to its last sample."""
        return sum(self.cpu.values()) / os.sysconf("SC_CLK_TCK")

    def _run(self):
        while not self._stop.wait(0.5):
            for pid in descendants(os.getpid()):
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.cpu[(pid, fields[19])] = int(fields[11]) + int(fields[12])  # utime + stime, by start time
                if b"autograder.grading" in command and b"--serve" in command:
                    used = self._megabytes(pid) + sum(self._megabytes(child) for child in descendants(pid))
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), used)


def grade(folder, workers, unconfined):
    """Seconds to grade every submission, CPU seconds of the workers and kernels, peak MB per worker, failures."""
    with MemoryWatch() as watch:
        start = time.perf_counter()
        results = autograde_all(folder, ASSIGNMENT, workers=workers, progress=False, unconfined=unconfined)
        seconds = time.perf_counter() - start
    return seconds, watch.cpu_seconds, sorted(watch.peaks.values()), [r for r in results if not r.ok]


def postgres_problem():
    if postgres_binary("initdb") is None:
        return "PostgreSQL is not installed (initdb not found)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[hub]', as make bench-scale does)"
    if os.geteuid() == 0 and shutil.which("useradd") is None:
        return "as root PostgreSQL needs an account of its own, and useradd is missing"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    args = parser.parse_args(argv)
    quiet_nbgrader()
    warnings.filterwarnings("ignore", message="Non-unique cell id")  # the duplicated-cells kind, on purpose
    unconfined = confinement_problem() is not None
    print(f"grading {args.submissions} submissions of {ASSIGNMENT} ({len(KINDS)} kinds in turn) on "
          f"{os.cpu_count()} cores, {'unconfined: ' + confinement_problem() if unconfined else 'sandboxed'}",
          flush=True)
    print("load average at the start: {:.1f} {:.1f} {:.1f} (other work on this machine slows every run)".format(
        *os.getloadavg()), flush=True)
    runs, grades = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        tmp.chmod(0o755)
        backends = [("SQLite", None)]
        why_not = postgres_problem()
        accounts = Accounts(tmp / "db-account", ["dlc-postgres"], "dlc-db") if os.geteuid() == 0 and not why_not \
            else None
        try:
            if accounts:
                accounts.__enter__()
            server = None
            if not why_not:
                server = Postgres(tmp / "postgres", account="dlc-postgres" if accounts else None).__enter__()
                backends.append(("PostgreSQL", server))
            for backend, database in backends:
                for workers in args.workers:
                    name = f"{backend.lower()}_{workers}"
                    db_url = database.create_gradebook(f"bench_{workers}", f"grader_{workers}") if database else None
                    folder, expected = make_course(tmp / name, args.submissions, db_url)
                    print(f"{backend:<10} {workers} worker(s): grading ...", flush=True)
                    seconds, cpu, peaks, failed = grade(folder, workers, unconfined)
                    totals = {row["student"]: row["total"] for row in grade_rows(folder.api.coursedir.db_url)}
                    grades[name] = totals
                    runs.append((backend, workers, seconds, cpu, peaks, len(failed), totals == expected))
                    shutil.rmtree(tmp / name, ignore_errors=True)
        finally:
            if server:
                server.__exit__()
            if accounts:
                accounts.__exit__()
    print(f"\n{'gradebook':<10} {'workers':>7} {'seconds':>8} {'per minute':>10} {'CPU s each':>10} "
          f"{'peak MB per worker':>26} {'not graded':>10} {'grades as expected':>18}")
    for backend, workers, seconds, cpu, peaks, failed, right in runs:
        memory = f"max {max(peaks):.0f}, median {statistics.median(peaks):.0f}" if peaks else "not sampled"
        print(f"{backend:<10} {workers:>7} {seconds:8.1f} {args.submissions / seconds * 60:10.1f} "
              f"{cpu / args.submissions:10.1f} {memory:>26} {failed:>10} {'yes' if right else 'NO':>18}")
    print("load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    if why_not:
        print(f"PostgreSQL: not run ({why_not})")
    same = len({tuple(sorted(g.items())) for g in grades.values()}) == 1
    print(f"every run gave the same grades: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
