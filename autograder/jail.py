"""``python -m autograder.jail [OPTIONS] -- KERNEL COMMAND...``: start a kernel in a bubblewrap sandbox.

The sandbox is an allowlist: the kernel's file system starts empty and holds
only what the grader names (:mod:`autograder.sandbox` decides what):

* read-only: the operating system (``/usr``, ``/etc``, the libraries), the
  Python environment and the ``course`` package (``--ro``), the data folder;
* writable: the kernel's private copy of its submission (``--work``: a tmpfs
  of its own, ``--work-mb`` MB, holding a copy of that folder's regular files;
  nothing written there reaches the grader's disk), its private runtime folder
  (connection file and Unix sockets) (``--rw``), a private ``/tmp`` of
  ``--tmp-mb`` MB and a ``/dev/shm`` of ``--shm-mb`` MB. Nothing else of the
  course root, the exchange, the grader's ``$TMPDIR`` or any home folder exists
  inside, and a folder the sandbox makes under ``/tmp`` to reach a bind (a course
  cloned under ``/tmp``) is read-only: the sandbox's view matches the host's.

Always new user, PID, network, IPC and UTS namespaces (bubblewrap, the sandbox
that Flatpak uses): no network, no capabilities, ``no_new_privs``, no further
user namespaces, a new session (no terminal to inject into), and the sandbox
dies with the grader process that started it. This wrapper stays as the sandbox's parent and stops it once
the kernel's files in the ``--rw`` folders (shared with the grader: the sockets
must be reachable from outside, so no tmpfs of its own) pass ``--rw-mb``, and,
where no cgroup can be made (as a user without a delegated cgroup), once its
resident memory plus the memfd and ``/dev/shm`` files it holds open pass
``--memory-mb`` (:func:`sandbox_memory`); it checks five times a second. When the grader runs as root,
this wrapper first binds the allowlisted folders where that uid can reach them, then drops to an unprivileged
uid of its own (``1000000 + its pid``, unique while the kernel runs), so the
user namespace is mapped to that uid, never to root. As root it also puts the
kernel into a cgroup of its own with ``--memory-mb`` and ``--max-processes``
where the cgroup file system is writable, and caps processes by ``RLIMIT_NPROC``
(per uid) otherwise; as a user it tries the same cgroup where one is delegated to
it (cgroup v2, as systemd gives a user session). The tmpfs folders are charged to
that cgroup, so memory counts them. Everyone: ``RLIMIT_FSIZE`` caps a written file
(a memfd included).

Only the standard library is imported here, so the kernel starts as fast as
without it. Exit status 3 (and one line on stderr) when the sandbox cannot start.
"""

import argparse
import ctypes
import errno
import os
import resource
import shutil
import signal
import stat
import sys
import tempfile
import time
import uuid

CGROUP_ROOT = "/sys/fs/cgroup"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
ENVIRONMENT_PREFIXES = ("COURSE_", "KERAS_", "TF_CPP_", "TF_ENABLE_", "OMP_", "OPENBLAS_", "MKL_", "LC_")
ENVIRONMENT_NAMES = ("LANG", "TZ", "PYTHONHASHSEED")
UID_BASE = 1_000_000
#: Set by a grading run (:func:`autograder.grading.autograde_all`) for its workers: the run's folder. Their sandboxes'
#: folders are made in it and their cgroups' names start with its name, so the run removes both when it ends, also
#: those of a worker that was killed before it could remove its own (:func:`remove_run`).
RUN_VARIABLE = "AUTOGRADER_RUN"
RUN_PREFIX = "course-grade-run-"  # then the grading process's pid, "-" and mkdtemp's letters
HIDDEN_PACKAGE = ("raise ImportError(__name__ + ' is not installed where this part runs: it asks for NumPy only, "
                  "without Keras, TensorFlow, scikit-learn or SciPy')\n")
CLONE_NEWNS, MS_BIND, MS_REC, MS_PRIVATE = 0x00020000, 4096, 16384, 1 << 18
_libc = ctypes.CDLL(None, use_errno=True)


def _parser():
    parser = argparse.ArgumentParser(prog="python -m autograder.jail", description=__doc__.splitlines()[0])
    parser.add_argument("--ro", action="append", default=[], help="a path visible read-only at the same place")
    parser.add_argument("--rw", action="append", default=[], help="a folder visible and writable at the same place")
    parser.add_argument("--chdir", help="the kernel's working folder")
    parser.add_argument("--setenv", action="append", default=[], help="NAME=VALUE for the kernel")
    parser.add_argument("--memory-mb", type=int, default=0, help="cgroup memory cap (as root, where available)")
    parser.add_argument("--max-processes", type=int, default=0, help="processes and threads of the kernel")
    parser.add_argument("--tmp-mb", type=int, default=256, help="size of the private /tmp")
    parser.add_argument("--work", help="the kernel's working folder: a private tmpfs holding a copy of its files")
    parser.add_argument("--work-mb", type=int, default=512, help="size of the --work tmpfs")
    parser.add_argument("--shm-mb", type=int, default=64, help="size of the private /dev/shm")
    parser.add_argument("--rw-mb", type=int, default=256, help="what the kernel may write into the --rw folders")
    parser.add_argument("--file-mb", type=int, default=1024, help="largest file the kernel may write")
    parser.add_argument("--stage", default="/tmp", help="a folder the unprivileged uid can walk to (as root)")
    parser.add_argument("--cgroup", default="", help="name of the kernel's cgroup (as root, where available)")
    parser.add_argument("--grader-pid", type=int, default=0, help="the grader process: the sandbox stops once it is "
                        "gone (default: the process that started this one, read once this one runs: too late if the "
                        "grader died first)")
    parser.add_argument("--hide", action="append", default=[], help="a package folder that does not exist inside: an "
                        "import of it raises ImportError (the NumPy-only kernel's Keras, TensorFlow, SciPy, ...)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    return parser


def cgroup_folders(name):
    """The folders of cgroup ``name`` under this process's own cgroups: v2, else v1 memory and pids."""
    own = {}
    with open("/proc/self/cgroup") as handle:
        for line in handle:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                own[controller] = path.lstrip("/")
    if os.path.exists(f"{CGROUP_ROOT}/cgroup.controllers"):
        return {"v2": os.path.join(CGROUP_ROOT, own.get("", ""), name)}
    return {c: os.path.join(CGROUP_ROOT, c, own[c], name) for c in ("memory", "pids") if c in own}


def _write(path, text):
    with open(path, "w") as handle:
        handle.write(text)


def join_cgroup(name, memory_mb, max_processes):
    """Create cgroup ``name`` with the caps and move this process into it; False where that is not possible."""
    folders = cgroup_folders(name)
    try:
        for kind, folder in folders.items():
            os.makedirs(folder, exist_ok=True)
            if kind in ("v2", "memory") and memory_mb:
                _write(os.path.join(folder, "memory.max" if kind == "v2" else "memory.limit_in_bytes"),
                       str(memory_mb * 2**20))
            if kind in ("v2", "pids") and max_processes:
                _write(os.path.join(folder, "pids.max"), str(max_processes))
            _write(os.path.join(folder, "cgroup.procs"), str(os.getpid()))
    except OSError:
        return False
    return bool(folders)


def remove_cgroup(name, wait=2.0):
    """Remove cgroup ``name``, waiting up to ``wait`` seconds for its last processes (a sandbox's wrapper still
    exiting) to be gone: the grader calls this once the kernel has stopped. Never raises."""
    deadline = time.monotonic() + wait
    for folder in cgroup_folders(name).values():
        while True:
            try:
                os.rmdir(folder)
            except OSError as error:  # gone already, not ours, or busy: a process still in it
                if error.errno == errno.EBUSY and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
            break


def scratch_parent():
    """Where the grader makes the folders of its sandboxes: as root ``/tmp`` (1777), where a sandbox's uid can walk
    to them, rather than a ``$TMPDIR`` that may be private."""
    return "/tmp" if os.geteuid() == 0 else tempfile.gettempdir()


def new_box(kind):
    """A private folder for a sandbox's files and a cgroup name for it, both in the grading run's where there is one
    (:data:`RUN_VARIABLE`), else in :func:`scratch_parent`; mode 711: the sandbox's uid may pass through it, not
    list it."""
    run = os.environ.get(RUN_VARIABLE)
    box = tempfile.mkdtemp(prefix=f"course-grade-{kind}-", dir=run if run and os.path.isdir(run) else scratch_parent())
    os.chmod(box, 0o711)
    return box, f"{os.path.basename(run) if run else 'course-grade'}-{kind}-{uuid.uuid4().hex[:12]}"


def new_run():
    """A grading run's folder (see :data:`RUN_VARIABLE`), named after this process; :func:`remove_run` removes it.
    Those of earlier runs whose process is gone (killed before it could remove its own) are removed first."""
    parent = scratch_parent()
    for name in os.listdir(parent):
        pid = name[len(RUN_PREFIX):].partition("-")[0]
        if name.startswith(RUN_PREFIX) and pid.isdigit():
            try:
                os.kill(int(pid), 0)
                continue  # a live process's run
            except ProcessLookupError:  # gone: its folder and cgroups are litter
                pass
            except OSError:
                continue
            try:
                if os.stat(os.path.join(parent, name)).st_uid == os.geteuid():
                    remove_run(os.path.join(parent, name))
            except OSError:
                pass
    run = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=parent)
    os.chmod(run, 0o711)
    return run


def remove_run(run):
    """Remove a grading run's folder and the cgroups its workers' sandboxes left (its workers are gone by now, and
    their sandboxes stop within a fifth of a second of their grader)."""
    prefix = os.path.basename(run) + "-"
    for folder in cgroup_folders("").values():
        try:
            names = [name for name in os.listdir(folder) if name.startswith(prefix)]
        except OSError:
            continue
        for name in names:
            remove_cgroup(name)
    shutil.rmtree(run, ignore_errors=True)


def cgroup_memory_events(name):
    """How often cgroup ``name`` hit its memory cap (OOM kills or failed charges); 0 if unknown."""
    for kind, folder in cgroup_folders(name).items():
        try:
            if kind == "v2":
                with open(os.path.join(folder, "memory.events")) as handle:
                    return int(dict(line.split() for line in handle).get("oom_kill", 0))
            if kind == "memory":
                with open(os.path.join(folder, "memory.failcnt")) as handle:
                    return int(handle.read())
        except (OSError, ValueError):
            return 0
    return 0


def memory_outside_rss(pids):
    """Bytes the processes ``pids`` hold in memory that their resident size does not show, as a user can read it.

    The pages of a memfd or of a deleted tmpfs file that a process keeps open but has not mapped (4.8 GB held
    while the resident size said 64 MB) count here: the size of every file behind ``/proc/PID/fd`` that is a
    memfd or lies on ``/dev/shm``, counted once. The sandbox's own tmpfs folders are capped by their sizes.
    """
    seen, total = set(), 0
    for pid in pids:
        try:
            names = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for name in names:
            path = f"/proc/{pid}/fd/{name}"
            try:
                target = os.readlink(path)
                if not (target.startswith("/memfd:") or target.startswith("/dev/shm/")):
                    continue
                info = os.stat(path)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return total


def _stage(paths, stage):
    """As root: bind ``paths`` under ``stage`` in a mount namespace of this process only; return the new paths.

    The unprivileged uid this process becomes may not be allowed to walk to a path (a Python installed under
    ``/root``, mode 700); bwrap, running as that uid, can reach the staged copies, which are the same folders.
    The binds live only in this process's new mount namespace (and the sandbox's): nothing changes outside.
    """
    if _libc.unshare(CLONE_NEWNS) != 0 or _libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "a private mount namespace for staging was refused")
    staged = []
    for index, path in enumerate(paths):
        target = os.path.join(stage, f"ro-{index}")
        if os.path.isdir(path):
            os.makedirs(target, mode=0o755, exist_ok=True)
        else:
            open(target, "a").close()
        if _libc.mount(path.encode(), target.encode(), None, MS_BIND | MS_REC, None) != 0:
            raise OSError(ctypes.get_errno(), f"staging {path} was refused")
        staged.append(target)
    return staged


def _tmp_parents(paths):
    """The folders directly under ``/tmp`` that hold a bind deeper down (``/tmp/clone`` for ``/tmp/clone/.venv``).

    bwrap makes them in the sandbox's writable ``/tmp`` to reach the binds; each becomes a small tmpfs of its
    own, made read-only once its binds are in, so a write beside a bind fails as it would outside.
    """
    parents = []
    for path in paths:
        parts = os.path.normpath(path).split(os.sep)
        if len(parts) > 3 and parts[:2] == ["", "tmp"] and parts[2] != "home":
            parents.append(os.sep.join(parts[:3]))
    return list(dict.fromkeys(parents))


def _work_arguments(folder, size_mb):
    """bwrap options for ``folder`` as a tmpfs of ``size_mb`` MB holding a copy of its regular files.

    Each file is handed to bwrap as an open descriptor (``--file FD PATH``); links and special files are left
    out, and nothing the kernel writes there reaches the grader's disk.
    """
    command = ["--size", str(size_mb * 2**20), "--tmpfs", folder]
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in sorted(folders):
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                command += ["--dir", path]
        for name in sorted(files):
            path = os.path.join(parent, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue  # a link or a file gone
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                continue
            os.set_inheritable(fd, True)
            command += ["--file", str(fd), path]
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(parent, f))]
    return command


def bwrap_arguments(args, as_root):
    """The bwrap command line for ``args``."""
    command = ["bwrap", "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--disable-userns", "--die-with-parent", "--new-session",
               "--hostname", "sandbox", "--uid", "1000", "--gid", "1000", "--clearenv"]
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            command += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            command += ["--ro-bind", path, path]
    command += ["--proc", "/proc", "--dev", "/dev", "--size", str(args.shm_mb * 2**20), "--tmpfs", "/dev/shm",
                "--size", str(args.tmp_mb * 2**20), "--tmpfs", "/tmp", "--dir", "/tmp/home"]
    ro = [p for p in args.ro if os.path.exists(p)]
    parents = _tmp_parents([*ro, *args.rw, *([args.work] if args.work else [])])
    for parent in parents:  # made read-only below, once the binds inside it are in place
        command += ["--size", str(2**20), "--tmpfs", parent]
    if args.work:
        command += _work_arguments(args.work, args.work_mb)
    sources = _stage(ro, args.stage) if as_root else ro
    for source, path in zip(sources, ro):
        command += ["--ro-bind", source, path]
    for path in args.rw:
        command += ["--bind", path, path]
    for parent in parents:
        command += ["--remount-ro", parent]
    if args.hide:  # an empty folder, whose __init__ says why, over each hidden package: none of its files is there
        stub = os.path.join(args.stage, "hidden_package.py")
        with open(stub, "w") as handle:
            handle.write(HIDDEN_PACKAGE)
        os.chmod(stub, 0o644)
        for path in (p for p in args.hide if os.path.isdir(p)):
            command += ["--tmpfs", path, "--ro-bind", stub, os.path.join(path, "__init__.py")]
    keep = {name: value for name, value in os.environ.items()
            if name.startswith(ENVIRONMENT_PREFIXES) or name in ENVIRONMENT_NAMES}
    keep.update({"HOME": "/tmp/home", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/home/.matplotlib",
                 "PATH": f"{os.path.dirname(args.command[0])}:/usr/local/bin:/usr/bin:/bin"})
    keep.update(item.split("=", 1) for item in args.setenv)
    for name, value in sorted(keep.items()):
        command += ["--setenv", name, value]
    if args.chdir:
        command += ["--chdir", args.chdir]
    command += ["--remount-ro", "/"]  # the sandbox's own root: only /tmp and the --rw folders take writes
    return command + ["--", *args.command]


def _drop_privileges(args):
    """As root: hand the writable folders to a fresh unprivileged uid, cap its processes, become it."""
    uid = UID_BASE + os.getpid()
    for folder in [*args.rw, *([args.work] if args.work else [])]:  # work: the grader finds the uid by its owner
        for parent, folders, files in os.walk(folder):
            for name in [parent, *(os.path.join(parent, n) for n in folders + files)]:
                os.lchown(name, uid, uid)
    if args.max_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (args.max_processes, args.max_processes))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _descendants(pid):
    """``pid`` and every process below it (read from ``/proc``)."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def sandbox_memory(pid):
    """Bytes held by the sandbox under ``pid``: resident memory plus memfd and ``/dev/shm`` files kept open."""
    pids, resident = _descendants(pid), 0
    for each in pids:
        try:
            with open(f"/proc/{each}/statm") as handle:
                resident += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return resident + memory_outside_rss(pids)


def folder_bytes(folders):
    """Bytes the files under ``folders`` take on disk (links not followed)."""
    total = 0
    for folder in folders:
        for parent, names, files in os.walk(folder):
            for name in names + files:
                try:
                    total += os.lstat(os.path.join(parent, name)).st_blocks * 512
                except OSError:
                    pass
    return total


def _over(child, memory, folders, folder_limit):
    """Why the sandbox ``child`` must stop now, or None."""
    if folders and folder_bytes(folders) > folder_limit:
        return f"wrote more than {folder_limit >> 20} MB into its runtime folder"
    if memory and sandbox_memory(child) > memory:
        return f"held more than {memory >> 20} MB of memory (memfd and /dev/shm files included)"
    return None


def supervise(child, memory, folders, folder_limit, parent=None):
    """Wait for the sandbox ``child``, stopping it once it holds more than ``memory`` bytes (0: a cgroup caps it)
    or its files in ``folders`` (shared with the grader, so no tmpfs of its own) take more than ``folder_limit``,
    or once ``parent`` (the grader process that started this one) is gone: bwrap dies with this process, not
    with the grader, so this process must not outlive the grader.

    Returns the exit status to pass on (128 + the signal when it was killed).
    """
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, lambda *_: os.kill(child, signal.SIGKILL))
    while True:
        if parent is not None and os.getppid() != parent:  # the grader died (killed, interrupted): so does the kernel
            os.kill(child, signal.SIGKILL)
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return 128 - code if code < 0 else code
        if (why := _over(child, memory, folders, folder_limit)) is not None:
            print(f"autograder.jail: the kernel {why} and was stopped.", file=sys.stderr, flush=True)
            os.kill(child, signal.SIGKILL)
        time.sleep(0.2)


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        sys.exit("usage: python -m autograder.jail [OPTIONS] -- KERNEL COMMAND...")
    if shutil.which("bwrap") is None:
        print("autograder.jail: bubblewrap is not installed (apt-get install bubblewrap); the kernel was not started.",
              file=sys.stderr)
        sys.exit(3)
    as_root, parent = os.geteuid() == 0, args.grader_pid or os.getppid()
    if os.getppid() != parent:  # the grader died while this process started: no sandbox for nobody
        sys.exit(3)
    # as a user, a cgroup only where one is delegated to this account; else this process watches the memory
    joined = bool(args.cgroup) and join_cgroup(args.cgroup, args.memory_mb, args.max_processes)
    file_bytes = args.file_mb * 2**20
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        command = bwrap_arguments(args, as_root)
        memory = args.memory_mb * 2**20 if args.memory_mb and not joined else 0
        if (memory or args.rw) and (child := os.fork()):
            sys.exit(supervise(child, memory, args.rw, args.rw_mb * 2**20, parent))
        if as_root:
            _drop_privileges(args)
        os.execvp(command[0], command)
    except OSError as error:
        print(f"autograder.jail: the sandbox could not start ({error}).", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
