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


def record(kind, name, seconds, peak_mb=None, outcome="ok"):
    """Add a row to the notebook report printed after the tests."""
    REPORT.append((kind, name, seconds, peak_mb, outcome))


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
        write(f"{kind:<11} {name:<34} {seconds:7.1f} s  {memory}  {outcome}")
    write(f"{'total':<46} {sum(row[2] for row in REPORT):7.1f} s")
