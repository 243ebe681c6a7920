"""``python -m autograder.jail [OPTIONS] -- KERNEL COMMAND...``: start a kernel in a bubblewrap sandbox.

The sandbox is an allowlist: the kernel's file system starts empty and holds
only what the grader names (:mod:`autograder.sandbox` decides what):

* read-only: the operating system (``/usr``, ``/etc``, the libraries), the
  Python environment and the ``course`` package (``--ro``), the data folder;
* writable: the kernel's private copy of its submission and its private
  runtime folder (connection file and Unix sockets) (``--rw``), and a private
  ``/tmp`` of ``--tmp-mb`` MB. Nothing else of the course root, the exchange,
  the grader's ``$TMPDIR`` or any home folder exists inside.

Always new user, PID, network, IPC and UTS namespaces (bubblewrap, the sandbox
that Flatpak uses): no network, no capabilities, ``no_new_privs``, no further
user namespaces, a new session (no terminal to inject into), and the sandbox
dies with the grader process that started it. When the grader runs as root,
this wrapper first binds the allowlisted folders where that uid can reach them, then drops to an unprivileged
uid of its own (``1000000 + its pid``, unique while the kernel runs), so the
user namespace is mapped to that uid, never to root. As root it also puts the
kernel into a cgroup of its own with ``--memory-mb`` and ``--max-processes``
where the cgroup file system is writable, and caps processes by ``RLIMIT_NPROC``
(per uid) otherwise. Everyone: ``RLIMIT_FSIZE`` caps a written file.

Only the standard library is imported here, so the kernel starts as fast as
without it. Exit status 3 (and one line on stderr) when the sandbox cannot start.
"""

import argparse
import ctypes
import os
import resource
import shutil
import sys

CGROUP_ROOT = "/sys/fs/cgroup"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
ENVIRONMENT_PREFIXES = ("COURSE_", "KERAS_", "TF_CPP_", "TF_ENABLE_", "OMP_", "OPENBLAS_", "MKL_", "LC_")
ENVIRONMENT_NAMES = ("LANG", "TZ", "PYTHONHASHSEED")
UID_BASE = 1_000_000
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
    parser.add_argument("--file-mb", type=int, default=1024, help="largest file the kernel may write")
    parser.add_argument("--stage", default="/tmp", help="a folder the unprivileged uid can walk to (as root)")
    parser.add_argument("--cgroup", default="", help="name of the kernel's cgroup (as root, where available)")
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


def remove_cgroup(name):
    """Remove cgroup ``name`` once its processes are gone (the grader calls this); never raises."""
    for folder in cgroup_folders(name).values():
        try:
            os.rmdir(folder)
        except OSError:
            pass


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
    command += ["--proc", "/proc", "--dev", "/dev", "--size", str(args.tmp_mb * 2**20), "--tmpfs", "/tmp",
                "--dir", "/tmp/home"]
    ro = [p for p in args.ro if os.path.exists(p)]
    sources = _stage(ro, args.stage) if as_root else ro
    for source, path in zip(sources, ro):
        command += ["--ro-bind", source, path]
    for path in args.rw:
        command += ["--bind", path, path]
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
    for folder in args.rw:
        for parent, folders, files in os.walk(folder):
            for name in [parent, *(os.path.join(parent, n) for n in folders + files)]:
                os.lchown(name, uid, uid)
    if args.max_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (args.max_processes, args.max_processes))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


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
    as_root = os.geteuid() == 0
    if as_root and args.cgroup:
        join_cgroup(args.cgroup, args.memory_mb, args.max_processes)
    file_bytes = args.file_mb * 2**20
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        command = bwrap_arguments(args, as_root)
        if as_root:
            _drop_privileges(args)
        os.execvp(command[0], command)
    except OSError as error:
        print(f"autograder.jail: the sandbox could not start ({error}).", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
