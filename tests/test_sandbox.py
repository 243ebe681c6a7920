"""autograder.jail, directly: what a kernel started in the sandbox can see and do."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from autograder.sandbox import confinement_problem

PROBLEM = confinement_problem()
needs_sandbox = pytest.mark.skipif(PROBLEM is not None, reason=f"this machine cannot confine kernels: {PROBLEM}")

PROBE = r"""
import json, os, socket, sys
def writable(path):
    try:
        open(path, "w").write("x")
        return True
    except OSError:
        return False
def connects():
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
        return True
    except OSError as error:
        return error.errno != 101 and "unreachable" not in str(error).lower() and error.errno != 111 and False
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print(json.dumps({
    "root": sorted(os.listdir("/")),
    "repository": sorted(os.listdir(%(repo)r)) if os.path.isdir(%(repo)r) else None,
    "secret": os.path.exists(%(secret)r),
    "capabilities": status["CapEff"].strip(),
    "no_new_privs": status["NoNewPrivs"].strip(),
    "processes": [p for p in os.listdir("/proc") if p.isdigit()],
    "interfaces": sorted(name for _, name in socket.if_nameindex()),
    "write_own": writable("mine.txt"), "write_tmp": writable("/tmp/x"), "write_root": writable("/etc/x"),
    "write_repository": writable(%(repo)r + "/x"),
    "environment": sorted(os.environ),
}))
"""


@pytest.fixture
def box():
    """A kernel's folder as the grader makes it: under /tmp, walkable (not listable) by the kernel's uid."""
    folder = Path(tempfile.mkdtemp(prefix="course-grade-test-", dir="/tmp"))
    os.chmod(folder, 0o711)
    (folder / "work").mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_jailed(tmp_path, box, env=None):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden tests")
    code = PROBE % {"repo": str(ROOT), "secret": str(secret)}
    command = [sys.executable, "-m", "autograder.jail", "--stage", str(box), "--ro", sys.prefix, "--ro",
               sys.base_prefix, "--ro", str(ROOT / "course"), "--rw", str(box / "work"), "--chdir",
               str(box / "work"), "--", sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            env=env or {**os.environ, "GRADER_DB_PASSWORD": "grader-secret",
                                        "OPENBLAS_NUM_THREADS": "1"})
    return result, box


@needs_sandbox
def test_a_jailed_kernel_sees_only_its_allowlist_without_privileges_or_network(tmp_path, box):
    result, box = run_jailed(tmp_path, box)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    environment = [Path(sys.prefix).relative_to(ROOT).parts[0]] if Path(sys.prefix).is_relative_to(ROOT) else []
    assert seen["repository"] == sorted(["course", *environment]), (
        "of the repository, only the course package (and the Python environment, when it lives there) exist")
    assert not seen["secret"], "a file outside the allowlist does not exist"
    assert seen["capabilities"] == "0000000000000000" and seen["no_new_privs"] == "1"
    assert len(seen["processes"]) <= 2, f"only the sandbox's own processes are visible: {seen['processes']}"
    assert seen["interfaces"] == ["lo"], "no network but an unconnected loopback"
    assert seen["write_own"] and seen["write_tmp"]
    # A new file in the repository's root: the binds under it may make that folder exist inside the sandbox (in its
    # private /tmp, when the clone is under /tmp), but what counts is that nothing appears in the real one.
    assert not seen["write_root"] and not (ROOT / "x").exists()
    assert not seen["write_repository"] or str(ROOT).startswith("/tmp/"), "the repository is writable from the sandbox"
    assert "GRADER_DB_PASSWORD" not in seen["environment"], "the grader's environment stays outside"
    assert "OPENBLAS_NUM_THREADS" in seen["environment"], "the thread count the grader chose reaches the kernel"
    owner = (box / "work" / "mine.txt").stat().st_uid
    assert owner != 0, "files the kernel writes belong to an unprivileged uid, never to root"


@needs_sandbox
def test_the_sandbox_says_what_is_missing_when_bubblewrap_is_not_installed(tmp_path, box):
    result, _ = run_jailed(tmp_path, box, env={"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path)})
    assert result.returncode == 3
    assert "bubblewrap is not installed (apt-get install bubblewrap)" in result.stderr


def test_confinement_problem_is_one_sentence_or_none():
    assert PROBLEM is None or (isinstance(PROBLEM, str) and "\n" not in PROBLEM)


@needs_sandbox
def test_no_process_of_a_jailed_command_survives_it(box):
    """A daemon started by double fork and setsid dies with the sandbox's PID namespace."""
    marker = "779.125"
    daemon = f"import subprocess; subprocess.Popen(['sh', '-c', '(setsid sleep {marker} &)'], start_new_session=True)"
    subprocess.run([sys.executable, "-m", "autograder.jail", "--stage", str(box), "--ro", sys.prefix, "--ro",
                    sys.base_prefix, "--rw", str(box / "work"), "--", sys.executable, "-c", daemon],
                   capture_output=True, timeout=60, check=True)
    left = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True).stdout.split()
    assert not left, f"the daemon outlived its sandbox: {left}"
    assert Path(box / "work").is_dir()


@needs_sandbox
@pytest.mark.parametrize("wait_for_the_kernel", [True, False], ids=["running", "still-starting"])
def test_a_sandbox_dies_with_the_grader_process_that_started_it(box, wait_for_the_kernel):
    """A grading worker killed outright (SIGKILL: a time limit, an interrupted run) takes its kernel with it, also
    when it dies while the jail is still starting (the jail is told the grader's pid, not left to read it late)."""
    import signal
    import time

    marker = "779.375" if wait_for_the_kernel else "779.625"
    jail = [sys.executable, "-m", "autograder.jail", "--stage", str(box), "--ro", sys.prefix, "--ro", sys.base_prefix,
            "--rw", str(box / "work"), "--", "/bin/sleep", marker]
    grader = subprocess.Popen([sys.executable, "-c", f"import os, subprocess, time; jail = {jail!r}; "
                               "jail[3:3] = ['--grader-pid', str(os.getpid())]; subprocess.Popen(jail); "
                               "time.sleep(600)"])
    try:
        started = f"^/bin/sleep {marker}" if wait_for_the_kernel else f"autograder.jail .*sleep {marker}"
        for _ in range(300):  # still-starting: the grader dies as soon as the jail's process exists
            if subprocess.run(["pgrep", "-f", started], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
        for _ in range(600):  # the supervisor looks every 0.2 s; a loaded machine may take long to start the jail
            left = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True).stdout.split()
            if not left:
                break
            time.sleep(0.2)
        assert not left, f"the sandboxed process outlived the grader that started it: {left}"
    finally:
        subprocess.run(["pkill", "-KILL", "-f", f"sleep {marker}"], capture_output=True)


@needs_sandbox
def test_a_grading_run_removes_what_the_sandbox_of_a_killed_worker_left():
    """A worker killed outright cannot remove its kernel's folder and cgroup; the grading run does, when it ends
    (they are made in the run's folder and named after it)."""
    import signal
    import time

    from autograder import jail

    run, marker = jail.new_run(), "779.875"
    worker = subprocess.Popen(
        [sys.executable, "-c", "import os, subprocess, sys, time; from autograder import jail; "
         "box, cgroup = jail.new_box('kernel'); print(box, cgroup, flush=True); "
         "subprocess.Popen([sys.executable, '-m', 'autograder.jail', '--grader-pid', str(os.getpid()), '--stage', box,"
         f" '--ro', sys.prefix, '--ro', sys.base_prefix, '--cgroup', cgroup, '--memory-mb', '256', '--', "
         f"'/bin/sleep', '{marker}']); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, jail.RUN_VARIABLE: run, "PYTHONPATH": str(ROOT)})
    try:
        box, cgroup = worker.stdout.readline().split()
        for _ in range(300):
            if subprocess.run(["pgrep", "-f", f"^/bin/sleep {marker}"], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        cgroups = [folder for folder in jail.cgroup_folders(cgroup).values() if os.path.isdir(folder)]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        assert Path(box).parent == Path(run) and Path(box).is_dir(), "the killed worker left its kernel's folder"
        jail.remove_run(run)
        assert not Path(run).exists(), "the run's folder is removed with what its workers left in it"
        assert not [folder for folder in cgroups if os.path.exists(folder)], "the kernel's cgroup is removed"
        print(f"\nremoved {box} and {len(cgroups)} cgroup folders ({', '.join(jail.cgroup_folders(cgroup))})")
    finally:
        worker.kill()
        subprocess.run(["pkill", "-KILL", "-f", f"sleep {marker}"], capture_output=True)
        shutil.rmtree(run, ignore_errors=True)


def test_a_grading_run_removes_the_folder_and_cgroups_of_an_earlier_run_whose_process_was_killed():
    """A grading process killed outright (SIGKILL, SIGTERM) cannot remove its run's folder: the next run does."""
    from autograder import jail

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    parent = Path(jail.scratch_parent())
    stale = parent / f"{jail.RUN_PREFIX}{dead.stdout.strip()}-test0001"
    alive = parent / f"{jail.RUN_PREFIX}{os.getpid()}-test0002"
    for run in (stale, alive):
        (run / "course-grade-kernel-x" / "work").mkdir(parents=True)
    made = []
    for folder in jail.cgroup_folders(f"{stale.name}-kernel-0").values():
        try:
            os.mkdir(folder)
            made.append(folder)
        except OSError:
            pass  # no cgroups here (as a user without delegation): the folder alone is checked
    try:
        run = jail.new_run()
        jail.remove_run(run)
        assert not stale.exists() and not [folder for folder in made if os.path.exists(folder)], \
            "the dead process's run folder and cgroup are removed"
        assert alive.exists(), "a live process's run is left alone"
    finally:
        shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(alive, ignore_errors=True)
        for folder in made:
            if os.path.exists(folder):
                os.rmdir(folder)


def test_the_data_folder_reached_through_a_link_is_bound_and_named_by_its_real_path(tmp_path, monkeypatch):
    """A kernel gets COURSE_DATA_DIR as the folder's real path: the link leading to it does not exist inside."""
    from autograder.sandbox import SandboxKernelManager

    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "link"))
    manager = SandboxKernelManager(kernel_name="python3")
    try:
        command = manager.format_kernel_cmd()
    finally:
        shutil.rmtree(manager.box, ignore_errors=True)
    real = str((tmp_path / "real").resolve())
    assert ["--ro", real] == command[command.index(real) - 1:command.index(real) + 1]
    assert f"COURSE_DATA_DIR={real}" in command and str(tmp_path / "link") not in command
