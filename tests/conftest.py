"""Shared fixtures, the two test tiers, running two at a time, and the report printed at the end of the run.

**Tiers.** ``make test`` sets ``COURSE_TESTS=quick``: every test, except that the corpus of bad submissions is
graded on the slice in :data:`CORPUS_QUICK` (at least one kind per defence), the corpus is not graded again as an
unprivileged user, and the wrong answers are graded as one submission per assignment holding one wrong answer per
part (tests/test_wrong_answers.py). Without it (``make test-all``, plain ``pytest``) everything runs, and every
``# fast`` wrong answer is graded, in submissions of at most one per part. Each wrong answer and correct
alternative on its own: ``make wrong-answers`` only (:data:`ONE_BY_ONE`).

**Two at a time.** Under pytest-xdist (``-n 2``) every test belongs to a group (:func:`group_of`), and a group runs
in one worker: a lecture is a group of its own, an assignment's gradings (honesty pipeline and wrong answers, one
course root) are one group, the corpus's rerun as a user is one (it starts beside the corpus's own run), every other
module is one group, so that module-scoped fixtures are built once. The
longest groups are handed out first (:data:`ORDER`). The corpus runs beside other gradings: what it checks
afterwards (no process of its submissions left, its home, environment and exchange unchanged) tells its own
processes from those of a grading still running in the other worker. Each worker's kernels and subprocesses get the
cores' share of BLAS and OpenMP threads (:func:`autograder.grading.thread_environment`): one each on two cores.

**The report.** Notebook rows (:func:`record`), extra lines (:func:`report_line`) and the CPU seconds of each test
(this process and every child it waited for) travel from the workers to the controller in each test report's
``user_properties`` and are printed at the end, also without xdist.
"""

import os
import resource
import sys
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The real-browser tests need Chromium and take minutes: `make test-browser` runs them, `make test` does not.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TESTS") else ["browser"]
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: `make test` (COURSE_TESTS=quick) or everything (`make test-all`, plain pytest).
QUICK = os.environ.get("COURSE_TESTS", "") == "quick"

#: The corpus kinds (tests/corpus.py) that `make test` grades: one or more per defence. Add a new kind to the line of
#: the defence it tests (or a new line); `make test-all` grades every kind. COURSE_CORPUS_KINDS, when set, wins.
CORPUS_QUICK = {
    "grades as deserved": ["correct", "untouched"],
    "file system allowlist (course root, exchange, gradebook absent; system read-only)": ["writes-course-files"],
    "PID namespace": ["proc-escape"],
    "no capabilities, no further namespaces": ["mount-escape"],
    "other kernels' connection files": ["kernel-to-kernel"],
    "network namespace": ["network"],
    "the grader's environment": ["env-secrets"],
    "no process outlives its grading": ["double-fork-daemon"],
    "process cap": ["fork-bomb"],
    "memory cap": ["memory-bomb"],
    "output cap": ["output-flood"],
    "time limit per cell": ["loop-in-answer"],
    "a kernel that swallows the interrupt is stopped": ["swallows-interrupt"],
    "a dying kernel costs only the cells after it": ["os-exit"],
    "forged results: the shell's execute method": ["kernel-execute-replaced"],
    "grades decided in the judge: forged replies, forged bridge answers, a module beside the notebook":
        ["forges-reply-sender", "forges-bridge-answers", "module-beside-notebook"],
    "nothing secret in the sandbox": ["reads-work-folder-for-tests"],
    "display updates and widget messages capped": ["display-update-amplification"],
    "forged results: partial credit from a displayed value": ["displayhook-partial-credit"],
    "forged results: plain data only": ["lying-comparison"],
    "from scratch": ["patches-from-scratch-internals"],
    "hidden tests withheld from feedback": ["prints-hidden-tests"],
    "repairs: edited test cells, an unreadable file, an extra notebook and a link":
        ["edited-test-cells", "invalid-json", "extra-notebook"],
    "the release's cell definitions decide (flipped flags, an added graded cell)": ["test-marked-as-answer"],
    "calls of the test's functions from the kernel: forged requests answered with errors":
        ["forges-callback-requests"],
    "student HTML sanitized": ["markdown-script"],
}
#: Tests that only `make test-all` runs (by function name): the whole corpus's count and its rerun as a user.
FULL_ONLY = {"test_the_corpus_has_more_than_40_kinds_all_graded_in_the_one_run",
             "test_the_same_corpus_graded_by_an_unprivileged_user"}
#: Tests that only `make wrong-answers` runs (COURSE_ALL_WRONG_ANSWERS=1): the wrong answers and the correct
#: alternatives one by one.
ONE_BY_ONE = {"test_each_wrong_answer_loses_points_on_exactly_its_own_cells",
              "test_each_correct_alternative_keeps_every_point"}
ALL_WRONG_ANSWERS = os.environ.get("COURSE_ALL_WRONG_ANSWERS", "") not in ("", "0")
CORPUS_KIND_TEST = "test_each_kind_gets_its_grade_with_the_reason_recorded"
AS_USER_TEST = "test_the_same_corpus_graded_by_an_unprivileged_user"

#: Groups handed out first, in this order (the longest first); the rest follow in collection order, the small
#: unit-test modules last.
ORDER = ["test_bad_submissions.py", "corpus-as-user", "grading-a03", "grading-", "test_notebook_sources.py",
         "test_mutants.py", "lecture-", "test_judge.py", "test_grading_tool.py", "test_classroom_flow.py",
         "test_demo.py", "test_sandbox.py"]
GRADING_MODULES = {"test_assignments.py", "test_wrong_answers.py"}
#: tests/test_judge.py's comparison with a plain kernel reads the judged grades of the assignment's grading run.
JUDGE_EQUIVALENCE = "test_each_test_cell_gives_the_same_result_in_the_judge_as_in_one_plain_kernel["

#: (kind, name, seconds, peak MB or None, outcome, CPU seconds or None) rows collected by the notebook tests.
REPORT = []
#: (notebook, figure, control, median wall ms, median CPU ms) rows: interactive-figure redraw times.
WIDGETS = []
#: {section title: [lines]} printed after the tests (e.g. the wrong answers' table).
SECTIONS = {}
#: {test id: CPU seconds} of the tests that ran (summed over setup, call and teardown).
CPU = {}
_PENDING = []  # what this process recorded since its last test report
_WORKER = False  # whether this process is an xdist worker (set in pytest_configure)


def corpus_quick_kinds():
    """The corpus kinds `make test` grades, in one list."""
    return sorted({kind for kinds in CORPUS_QUICK.values() for kind in kinds})


def record(kind, name, seconds, peak_mb=None, outcome="ok", widgets=(), cpu_seconds=None):
    """Add a row to the notebook report printed after the tests (and its widgets' redraw times)."""
    _PENDING.append(("course-report", [kind, name, seconds, peak_mb, outcome, cpu_seconds]))
    for row in widgets:
        _PENDING.append(("course-widget", [name, row["figure"], row["control"], row["median_ms"],
                                           row["cpu_median_ms"]]))


def report_line(section, line):
    """Print ``line`` under ``section`` after the tests (works under xdist, where a worker's own prints are lost)."""
    _PENDING.append(("course-line", [section, line]))


@pytest.fixture(autouse=True)
def _fast_mode(monkeypatch):
    """Tests always run the notebooks in fast mode unless the caller chose otherwise."""
    monkeypatch.setenv("COURSE_FAST", os.environ.get("COURSE_FAST", "1"))


# ----------------------------------------------------------------------------------------------- tiers and groups
def pytest_configure(config):
    global _WORKER
    _WORKER = hasattr(config, "workerinput")
    if _WORKER:  # its kernels and subprocesses share the cores with the other workers' (a lecture, a grading)
        from autograder.grading import thread_environment

        os.environ.update(thread_environment(int(config.workerinput["workercount"])))
    if QUICK and not os.environ.get("COURSE_CORPUS_KINDS") and os.environ.get("COURSE_CORPUS_AS_USER") != "1":
        os.environ["COURSE_CORPUS_KINDS"] = ",".join(corpus_quick_kinds())
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):  # the xdist controller
        # The corpus compares the home folder's entries before and after its grading; kernels that run meanwhile
        # in the other worker would create these on a machine that never ran one. Made here, as in a home in use.
        for name in (".cache", ".config", ".ipython", ".jupyter", ".keras", ".local"):
            (Path.home() / name).mkdir(exist_ok=True)


def group_of(nodeid):
    """The group of a test (by its id): what must run in one worker, one after the other."""
    path, _, rest = nodeid.partition("::")
    module, param = Path(path).name, rest.partition("[")[2].rstrip("]")
    if module == "test_lectures.py" and rest.startswith("test_lecture_runs_top_to_bottom["):
        return f"lecture-{param}"
    if rest == AS_USER_TEST:  # the corpus's rerun as a user: beside the corpus's own run, not after it
        return "corpus-as-user"
    if (module in GRADING_MODULES or rest.startswith(JUDGE_EQUIVALENCE)) and param.startswith("a") and \
            (ROOT / "solutions" / param).is_dir():
        return f"grading-{param}"
    return module


def _rank(group):
    return next((i for i, prefix in enumerate(ORDER) if group.startswith(prefix)), len(ORDER))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduling by scope, with :func:`group_of` as the scope and the groups handed out in collection order
    (which :func:`pytest_collection_modifyitems` sorted longest first)."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return group_of(nodeid)

    config.option.loadscopereorder = False
    return GroupScheduling(config, log)


@pytest.hookimpl(trylast=True)  # after pytest's own reordering by fixture: this order is the one handed out
def pytest_collection_modifyitems(config, items):
    chosen, deselected = [], []
    kinds = set(os.environ.get("COURSE_CORPUS_KINDS", "").split(",")) - {""}
    collected_kinds = set()
    for item in items:
        name = getattr(item, "originalname", item.name)
        if name in FULL_ONLY:
            item.add_marker(pytest.mark.full_only)
        kind = getattr(getattr(item, "callspec", None), "params", {}).get("kind")
        if name == CORPUS_KIND_TEST and kind:
            collected_kinds.add(kind)
        if (QUICK and (item.get_closest_marker("full_only")
                       or (name == CORPUS_KIND_TEST and kinds and kind not in kinds))) \
                or (name in ONE_BY_ONE and not ALL_WRONG_ANSWERS):
            deselected.append(item)
        else:
            chosen.append(item)
    unknown = sorted(set(corpus_quick_kinds()) - collected_kinds) if QUICK and collected_kinds else []
    if unknown:  # graded all the same if the corpus has them, but no test asserts their grade
        warnings.warn(pytest.PytestWarning(
            f"tests/conftest.py's CORPUS_QUICK names kinds that {CORPUS_KIND_TEST} does not check: {unknown}; "
            "add them to its list (tests/test_bad_submissions.py), or rename or remove them in CORPUS_QUICK"))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    # Longest groups first (a stable sort keeps collection order within a rank).
    chosen.sort(key=lambda item: _rank(group_of(item.nodeid)))
    items[:] = chosen


# ------------------------------------------------------------------------------------------ CPU time and report
def _cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    item._course_cpu = _cpu_seconds()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    now = _cpu_seconds()
    extra = [("course-cpu", now - getattr(item, "_course_cpu", now))]
    item._course_cpu = now
    extra += _PENDING
    _PENDING.clear()
    report.user_properties = [*report.user_properties, *extra]  # a new list: the item's own stays as it was


def pytest_runtest_logreport(report):
    """In the controller (or the only process): collect what the test's process recorded. With COURSE_TEST_LOG set,
    also append a line per test phase to that file as it ends (wall and CPU seconds, outcome): readable mid-run."""
    log = os.environ.get("COURSE_TEST_LOG")
    for name, value in report.user_properties:
        if name == "course-cpu":
            CPU[report.nodeid] = CPU.get(report.nodeid, 0.0) + value
            if log and not _WORKER:
                with open(log, "a") as handle:
                    handle.write(f"{time.strftime('%H:%M:%S')} {report.duration:8.1f} s {value:7.1f} s CPU "
                                 f"{report.when:<8} {report.outcome:<7} {report.nodeid}\n")
        elif name == "course-report":
            REPORT.append(tuple(value))
        elif name == "course-widget":
            WIDGETS.append(tuple(value))
        elif name == "course-line":
            SECTIONS.setdefault(value[0], []).append(value[1])


def pytest_sessionstart(session):
    session.config._course_start = (time.perf_counter(), _cpu_seconds())


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):
        return
    write = terminalreporter.write_line
    for title, lines in SECTIONS.items():
        terminalreporter.section(title)
        for line in lines:
            write(line)
    if REPORT:
        terminalreporter.section("notebooks")
        for kind, name, seconds, peak_mb, outcome, cpu in REPORT:
            memory = f"{peak_mb:7.0f} MB peak" if peak_mb else " " * 12
            duration = f"{seconds * 1000:6.0f} ms" if kind == "browser" else f"{seconds:7.1f} s"
            cpu_text = f"{cpu:7.1f} s CPU" if cpu is not None else " " * 13
            write(f"{kind:<13} {name:<32} {duration} {cpu_text}  {memory}  {outcome}")
        notebooks = [row for row in REPORT if row[0].startswith(("lecture", "assignment"))]
        measured = [row[5] for row in notebooks if row[5] is not None]
        write(f"{'total':<46} {sum(row[2] for row in notebooks):7.1f} s"
              + (f" {sum(measured):7.1f} s CPU (of the {len(measured)} with a CPU figure)" if measured else ""))
    if WIDGETS:
        terminalreporter.section("widget redraws (median over 5 moves of each control)")
        for name, figure, control, wall_ms, cpu_ms in WIDGETS:
            write(f"{name:<28} {figure + '(' + control + ')':<36} {wall_ms:7.0f} ms wall {cpu_ms:7.0f} ms CPU")
    if CPU:
        wall_start, _ = getattr(config, "_course_start", (time.perf_counter(), 0.0))
        terminalreporter.section("CPU seconds per test (the test's process and every child it waited for)")
        for nodeid, seconds in sorted(CPU.items(), key=lambda row: -row[1])[:10]:
            write(f"{seconds:8.1f} s  {nodeid}")
        write(f"{sum(CPU.values()):8.1f} s  CPU in all {len(CPU)} tests, "
              f"{time.perf_counter() - wall_start:.0f} s wall for the run")
