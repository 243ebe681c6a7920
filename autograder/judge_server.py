"""``python -m autograder.judge_server --preload MODULES``: a judge per submission, forked from one that imported.

A judge (:mod:`autograder.judge`) spent most of its start-up importing what the instructor's cells import:
TensorFlow and Keras take about 6 s of CPU, more than every test of an untouched submission. So the grader
(:mod:`autograder.judging`) starts one server per grading process, in the judge's sandbox, and asks it for a
judge per submission: the server imports the modules once, then forks, and each child is a judge that finds
them imported. Nothing but imports has run in the server (the modules the instructor's cells import, and the
judge's own), so every child starts from the same state, the one a fresh judge would reach by importing them, and
nothing a child does reaches the server or a later child.

Forking is safe because the server has one thread when it forks, which it checks each time: BLAS and OpenMP
are told to use one thread before anything is imported (they would otherwise start their pools at import), and
TensorFlow makes its thread pools on first use, in the child. Where some library started a thread anyway, the
server starts that judge as a new process instead: slower, and the same judge.

The grader talks to the server over fd 0, a Unix socket that keeps message boundaries (``SOCK_SEQPACKET``):
``fork`` with two file descriptors attached (the judge's channel, a socket on which it reads its JSON lines and
writes its replies, and its log) is answered ``pid N``; ``kill N`` stops that judge. When the grader closes its
end, or dies, the server stops its judges and exits.
"""

import argparse
import gc
import importlib
import os
import signal
import socket
import subprocess
import sys
import traceback

#: Libraries that would start a pool of threads when imported.
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def threads():
    """How many threads this process has."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc: the threads Python knows of
        import threading

        return threading.active_count()


def preload(modules):
    """Import ``modules`` and the judge's own; one that fails is left for the judge to import and report."""
    for name in ["autograder.judge", "IPython.core.inputtransformer2", "course.checks", *modules]:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    gc.collect()
    gc.freeze()  # what the imports made is never collected: the children's pages stay shared


def run_judge(channel, log):
    """In a forked child: be a judge on ``channel`` (fds 0 and 1), logging to ``log`` (fd 2); never returns."""
    code = 1
    try:
        os.dup2(channel, 0)
        os.dup2(channel, 1)
        os.dup2(log, 2)
        os.close(channel)
        os.close(log)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = sys.stderr = open(2, "w", encoding="utf-8", buffering=1, closefd=False)
        if "numpy" in sys.modules:  # a fresh process seeds NumPy's global generator anew (random, and NumPy 2.4,
            # do at fork too)
            sys.modules["numpy"].random.seed()
        from autograder import judge

        judge.main()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


def start(control, channel, log):
    """A judge on ``channel``: a forked child when this process has one thread, else a new process; its pid."""
    if threads() == 1:
        pid = os.fork()
        if pid == 0:
            control.detach()  # fd 0 becomes the channel: the socket object must not close it later
            run_judge(channel, log)
        return pid
    process = subprocess.Popen([sys.executable, "-m", "autograder.judge"], stdin=channel, stdout=channel,
                               stderr=log, close_fds=True)
    return process.pid


def serve(control):
    """Answer the grader's requests on ``control`` until it closes its end."""
    judges = set()
    control.settimeout(1.0)
    while True:
        for pid in list(judges):  # reap the judges that ended
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    judges.discard(pid)
            except ChildProcessError:
                judges.discard(pid)
        try:
            message, fds, _, _ = socket.recv_fds(control, 64, 2)
        except socket.timeout:
            continue
        except OSError:
            break
        if not message:
            break
        words = message.decode("ascii", "replace").split()
        if words == ["fork"] and len(fds) == 2:
            pid = start(control, *fds)
            judges.add(pid)
            control.sendall(f"pid {pid}".encode())
        elif len(words) == 2 and words[0] == "kill" and words[1].isdigit() and int(words[1]) in judges:
            os.kill(int(words[1]), signal.SIGKILL)
        for fd in fds:
            os.close(fd)
    for pid in judges:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.judge_server", description=__doc__.splitlines()[0])
    parser.add_argument("--preload", default="", help="modules to import once, comma-separated")
    args = parser.parse_args(argv)
    for name in ONE_THREAD:
        os.environ[name] = "1"
    os.dup2(2, 1)  # fd 1 is nobody's protocol here: a library's prints go to the log
    preload([name for name in args.preload.split(",") if name])
    serve(socket.socket(fileno=0))


if __name__ == "__main__":
    main()
