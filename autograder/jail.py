"""``python -m autograder.jail [--hide PATH]... [--keep PATH] -- KERNEL COMMAND...``

Starts a submission's kernel with no network and without sight of the course.
The wrapper moves itself into new network and mount namespaces, then
replaces itself with the kernel (``exec``):

* the network namespace is empty, so the kernel reaches no host, not even
  through loopback; it talks to nbgrader over Unix sockets;
* in the mount namespace, each ``--hide`` folder is covered by an empty
  read-only tmpfs and each hidden file by ``/dev/null``: the gradebook, the
  source notebooks with hidden tests, the other students' submissions. The
  ``--keep`` folder (the submission's own throwaway copy, which may lie inside
  a hidden folder) is mounted back in place. Nothing outside the namespaces
  changes, and they vanish with the kernel.

As root this needs nothing more; otherwise it tries an unprivileged user
namespace. Where the OS allows neither, the kernel starts unconfined and the
wrapper says so on stderr. Only the standard library is imported here, so the
kernel starts as fast as without it.
"""

import ctypes
import os
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_RDONLY, MS_BIND, MS_REC, MS_PRIVATE = 1, 4096, 16384, 1 << 18

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        raise OSError(ctypes.get_errno(), f"{what}: {os.strerror(ctypes.get_errno())}")


def _mount(source, target, fstype, flags, data=None):
    _check(_libc.mount(source.encode() if source else None, target.encode(), fstype.encode() if fstype else None,
                       flags, data.encode() if data else None), f"mount {target}")


def enter_namespaces():
    """Unshare network and mounts (through a user namespace when not root); raise OSError if refused."""
    if _libc.unshare(CLONE_NEWNET | CLONE_NEWNS) == 0:
        return
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS), "unshare")
    for name, text in [("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")]:
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


def hide(paths, keep=None):
    """Cover ``paths`` (folders by an empty tmpfs, files by /dev/null); mount ``keep`` back where it was."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # our mounts stay in this namespace
    keep_fd = os.open(keep, os.O_RDONLY | os.O_DIRECTORY) if keep else None
    covered = []
    for path in sorted(set(paths), key=len):
        if os.path.isdir(path):
            writable = keep is not None and keep.startswith(path.rstrip("/") + "/")
            _mount("tmpfs", path, "tmpfs", 0 if writable else MS_RDONLY, "size=1m,mode=755")
            covered.append(path)
        elif os.path.isfile(path):
            _mount("/dev/null", path, None, MS_BIND)
    if keep_fd is not None and any(keep.startswith(p.rstrip("/") + "/") for p in covered):
        os.makedirs(keep, exist_ok=True)
        _mount(f"/proc/self/fd/{keep_fd}", keep, None, MS_BIND | MS_REC)
    if keep_fd is not None:
        os.close(keep_fd)


def main(argv=None):
    """Parse ``--hide``/``--keep``, confine this process, then become the kernel."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        sys.exit("usage: python -m autograder.jail [--hide PATH]... [--keep PATH] -- KERNEL COMMAND...")
    options, command = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    hidden = [os.path.abspath(v) for k, v in zip(options, options[1:]) if k == "--hide"]
    keep = next((os.path.abspath(v) for k, v in zip(options, options[1:]) if k == "--keep"), None)
    try:
        enter_namespaces()
        hide(hidden, keep)
    except OSError as error:
        print(f"autograder.jail: the OS refused to confine this kernel ({error}); it runs with the network and "
              "can see the course files.", file=sys.stderr)
    if keep:
        os.chdir(keep)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
