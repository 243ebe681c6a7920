"""The judge server (autograder/judge_server.py): each judge a fresh copy of one process that imported once, stopped
when the grader closes it, and a new process instead of a fork where the server has a second thread."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time

import psutil
from conftest import ROOT

from autograder import judging
from autograder.sandbox import confinement_problem

CONFINED = confinement_problem() is None
SETUP = {"op": "setup", "cells": ["import numpy as np\nSEEN = []"]}


def verdict(judge, source, limit=60):
    return judge.run_test(source, lambda *args: None, limit)


def test_judges_are_forked_from_one_server_and_each_starts_as_a_fresh_judge():
    """Two judges in a row: the same server, two processes; what the first changed (a list of the instructor's, a
    module's attribute, NumPy's global generator) is not in the second; the second's random numbers differ."""
    drawn = []
    servers = []
    for _ in range(2):
        judge = judging.JudgeProcess(confined=CONFINED, preload=["numpy"])
        try:
            servers.append(judge.server)
            judge.send(SETUP)
            assert judge.receive(120) == {"op": "ready"}
            fresh = verdict(judge, "assert SEEN == [] and not hasattr(np, 'MARKED')\nSEEN.append(1)\nnp.MARKED = 1")
            assert fresh["passed"], fresh
            draw = verdict(judge, "raise ValueError(str(np.random.randint(2**62)))")
            drawn.append(draw["evalue"])
        finally:
            judge.close()
    assert servers[0] is servers[1] and servers[0].alive()
    assert drawn[0] != drawn[1], "two judges drew the same random numbers: NumPy was not seeded anew"


def test_closing_a_busy_judge_stops_it_and_the_server_goes_on():
    """A judge still running a test (here a loop) when the grader closes it is killed; the next judge starts."""
    judge = judging.JudgeProcess(confined=False, preload=["numpy"])
    judge.send(SETUP)
    assert judge.receive(120) == {"op": "ready"}
    stopped = verdict(judge, "while True:\n    pass", limit=-59.5)  # the grader waits half a second, then gives up
    assert stopped["ename"] == "JudgeStopped"
    process = psutil.Process(judge.pid)
    assert process.status() != psutil.STATUS_ZOMBIE
    judge.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
        time.sleep(0.05)
    assert not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    again = judging.JudgeProcess(confined=False, preload=["numpy"])
    try:
        again.send(SETUP)
        assert again.receive(120) == {"op": "ready"}
        assert verdict(again, "assert SEEN == []")["passed"]
    finally:
        again.close()


def test_a_server_with_a_second_thread_starts_each_judge_as_a_new_process():
    """Forking a process with two threads could copy a lock that the other thread held: the server then starts the
    judge as a new process (``python -m autograder.judge``), which still answers."""
    script = textwrap.dedent("""
        import socket, sys, threading, time
        from autograder import judge_server
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
        control, _ = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours, theirs = socket.socketpair()
        pid = judge_server.start(control, theirs.fileno(), sys.stderr.fileno())
        print(pid, flush=True)
        ours.sendall(b'{"op": "setup", "cells": []}\\n')
        print(ours.makefile().readline().strip(), flush=True)
        print(open(f"/proc/{pid}/cmdline").read().replace("\\0", " "), flush=True)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    _, reply, command = run.stdout.split("\n")[:3]
    assert json.loads(reply) == {"op": "ready"}
    assert command.split()[1:] == ["-m", "autograder.judge"], command


def test_the_modules_a_server_imports_are_those_the_instructors_cells_import_of_the_tests_modules():
    cells = ["import numpy as np\nimport os\nfrom keras import layers\nfrom . import local",
             "def f():\n    import sklearn.cluster\n%matplotlib inline\nimport matplotlib.pyplot as plt"]
    assert judging.imported_modules(cells) == ["keras", "matplotlib.pyplot", "numpy", "sklearn.cluster"]


def test_a_server_whose_grader_closes_its_end_stops():
    server = judging.JudgeServer(confined=False, preload=())
    ours, theirs = socket.socketpair()
    with theirs:
        assert server.fork(theirs.fileno(), sys.stderr.fileno(), 60) is not None
    ours.close()
    server.control.close()
    assert server.process.wait(timeout=10) == 0
    server.close()
