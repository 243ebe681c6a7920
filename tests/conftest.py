"""Shared fixtures, and the per-notebook timing report printed at the end of the run."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The real-browser tests need Chromium and take minutes: `make test-browser` runs them, `make test` does not.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TESTS") else ["browser"]
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: (kind, name, seconds, peak MB or None, outcome) rows collected by the notebook tests.
REPORT = []
#: (notebook, figure, control, median wall ms, median CPU ms) rows: interactive-figure redraw times.
WIDGETS = []


def record(kind, name, seconds, peak_mb=None, outcome="ok", widgets=()):
    """Add a row to the notebook report printed after the tests (and its widgets' redraw times)."""
    REPORT.append((kind, name, seconds, peak_mb, outcome))
    WIDGETS.extend((name, row["figure"], row["control"], row["median_ms"], row["cpu_median_ms"]) for row in widgets)


@pytest.fixture(autouse=True)
def _fast_mode(monkeypatch):
    """Tests always run the notebooks in fast mode unless the caller chose otherwise."""
    monkeypatch.setenv("COURSE_FAST", os.environ.get("COURSE_FAST", "1"))


def pytest_terminal_summary(terminalreporter):
    if not REPORT:
        return
    write = terminalreporter.write_line
    terminalreporter.section("notebooks")
    for kind, name, seconds, peak_mb, outcome in REPORT:
        memory = f"{peak_mb:7.0f} MB peak" if peak_mb else " " * 12
        duration = f"{seconds * 1000:6.0f} ms" if kind == "browser" else f"{seconds:7.1f} s"
        write(f"{kind:<13} {name:<32} {duration}  {memory}  {outcome}")
    write(f"{'total':<46} {sum(row[2] for row in REPORT if row[0].startswith(('lecture', 'assignment'))):7.1f} s")
    if WIDGETS:
        terminalreporter.section("widget redraws (median over 5 moves of each control)")
        for name, figure, control, wall_ms, cpu_ms in WIDGETS:
            write(f"{name:<28} {figure + '(' + control + ')':<36} {wall_ms:7.0f} ms wall {cpu_ms:7.0f} ms CPU")
