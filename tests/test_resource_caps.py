"""autograder.jail's caps on disk and memory: what one submission's kernel can take from the grading host.

Each test starts a command in the sandbox as the grader does (as root here when the suite runs as root,
and again as an unprivileged account, `nobody`, through `setpriv`), and plays a cell a student could write.
"""

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
AS_USER_TOO = os.geteuid() == 0 and shutil.which("setpriv") is not None
MODES = ["as-root", "as-user"] if AS_USER_TOO else ["as-caller"]

FILL = r"""
import json, os
def fill(path, mb):
    try:
        with open(path, "wb") as handle:
            for _ in range(mb):
                handle.write(b"x" * 2**20)
        return "written"
    except OSError as error:
        return error.strerror
print(json.dumps({
    "files": sorted(os.listdir(".")), "notebook": open("notebook.ipynb").read(),
    "work": fill("big", 40), "shm": fill("/dev/shm/big", 40), "tmp": fill("/tmp/big", 40),
    "beside_a_bind": fill(%(beside)r, 1), "runtime": fill(%(runtime)r + "/note", 1),
}))
"""

MEMFD = r"""
import os, time
fd = os.memfd_create("hoard")
for _ in range(40):
    os.write(fd, b"x" * 2**20 * 4)
    time.sleep(0.02)
print("held", os.fstat(fd).st_size >> 20, "MB", flush=True)
"""


@pytest.fixture
def clone(tmp_path):
    """A kernel's box and a 'course clone' under /tmp, both walkable by an unprivileged uid."""
    folder = Path(tempfile.mkdtemp(prefix="course-grade-caps-", dir="/tmp"))
    for name in ("box/work", "box/runtime", "clone/course"):
        (folder / name).mkdir(parents=True)
    (folder / "box" / "work" / "notebook.ipynb").write_text("the student's notebook")
    (folder / "box" / "work" / "link.ipynb").symlink_to("/etc/passwd")
    (folder / "clone" / "course" / "module.py").write_text("")
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, 65534, 65534) if AS_USER_TOO else None
        if not path.is_symlink():
            path.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def jailed(folder, mode, code, *options):
    """Run ``code`` with /usr/bin/python3 in the sandbox as the grader would, as root or as `nobody`."""
    box = folder / "box"
    (box / "work" / "probe.py").write_text(code)
    command = ["-m", "autograder.jail", "--stage", str(box), "--ro", str(folder / "clone" / "course"),
               "--work", str(box / "work"), "--work-mb", "16", "--shm-mb", "16", "--tmp-mb", "16",
               "--rw", str(box / "runtime"), "--chdir", str(box / "work"), *options, "--", "/usr/bin/python3",
               "probe.py"]
    if mode == "as-user":
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", *command]
        os.lchown(box / "work" / "probe.py", 65534, 65534)
    else:
        command = [sys.executable, *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=box,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@needs_sandbox
@pytest.mark.parametrize("mode", MODES)
def test_a_disk_filling_cell_fills_only_its_own_capped_folders(clone, mode):
    """The work folder, /tmp and /dev/shm are tmpfs folders of their own sizes; folders beside a bind under /tmp
    are read-only (a course cloned under /tmp), and nothing written in the work folder reaches the host's disk."""
    beside = str(clone / "clone" / "planted.py")
    result = jailed(clone, mode, FILL % {"beside": beside, "runtime": str(clone / "box" / "runtime")})
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["files"] == ["notebook.ipynb", "probe.py"], "a copy of the regular files, the link left out"
    assert seen["notebook"] == "the student's notebook"
    assert seen["work"] == seen["shm"] == seen["tmp"] == "No space left on device"
    assert seen["beside_a_bind"] == "Read-only file system" and not Path(beside).exists()
    assert not (clone / "box" / "work" / "big").exists(), "the kernel's writes stay in its own tmpfs"
    print(f"\n{mode}: {seen}")


@needs_sandbox
@pytest.mark.parametrize("mode", MODES)
def test_memory_held_in_a_memfd_counts_against_the_kernels_cap(clone, mode):
    """160 MB written into a memfd (not in the resident size) stop a kernel capped at 64 MB, and not one at 400."""
    (clone / "box" / "work" / "probe.py").write_text(MEMFD)
    stopped = jailed(clone, mode, MEMFD, "--memory-mb", "64", "--cgroup", f"caps-test-{os.getpid()}")
    kept = jailed(clone, mode, MEMFD, "--memory-mb", "400", "--cgroup", f"caps-test-{os.getpid()}-2")
    from autograder import jail

    for name in (f"caps-test-{os.getpid()}", f"caps-test-{os.getpid()}-2"):
        jail.remove_cgroup(name)
    assert stopped.returncode != 0 and "held 160 MB" not in stopped.stdout, stopped
    assert kept.returncode == 0 and "held 160 MB" in kept.stdout, kept.stderr
    print(f"\n{mode}: stopped with {stopped.returncode}: {stopped.stderr.strip()[-200:]}")


@needs_sandbox
@pytest.mark.parametrize("mode", MODES)
def test_a_kernel_that_fills_its_runtime_folder_is_stopped(clone, mode):
    """The runtime folder is shared with the grader (its sockets), so it is watched: past --rw-mb the kernel stops."""
    fill = ("import time\nwith open(%r, 'wb') as handle:\n    for _ in range(200):\n"
            "        handle.write(b'x' * 2**20); handle.flush(); time.sleep(0.01)\nprint('filled')\n"
            % str(clone / "box" / "runtime" / "big"))
    result = jailed(clone, mode, fill, "--rw-mb", "8")
    assert result.returncode == 137 and "filled" not in result.stdout, result
    assert "wrote more than 8 MB into its runtime folder" in result.stderr
    print(f"\n{mode}: {(clone / 'box' / 'runtime' / 'big').stat().st_size >> 20} MB written before the stop")


def test_memory_outside_rss_counts_an_unmapped_memfd():
    from autograder.jail import sandbox_memory

    child = subprocess.Popen([sys.executable, "-c", "import os, sys\nfd = os.memfd_create('m')\n"
                              "os.write(fd, b'x' * 2**20 * 64)\nprint('ready', flush=True)\nsys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert sandbox_memory(child.pid) >= 64 * 2**20
    finally:
        child.kill()
        child.wait()
