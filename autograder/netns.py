"""``python -m autograder.netns -- KERNEL COMMAND...``: start a kernel with no network.

The wrapper moves itself into a new, empty network namespace, then replaces
itself with the kernel (``exec``), which therefore can reach no host, not even
through loopback; it talks to nbgrader over Unix sockets. Without root it
tries an unprivileged user namespace first; where the OS allows neither, it
says so on stderr and the kernel starts with the network. Only the standard
library is imported here, so the kernel starts as fast as without it.
"""

import ctypes
import os
import sys

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def isolate_network():
    """Move this process into an empty network namespace; return None, or why the OS refused."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return None
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:  # unprivileged: a user namespace first
        for name, text in [("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")]:
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
        return None
    return os.strerror(ctypes.get_errno())


def main(argv=None):
    """``python -m autograder.netns -- KERNEL COMMAND...``: drop the network, then become the kernel."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    if not command:
        sys.exit("usage: python -m autograder.netns -- KERNEL COMMAND...")
    refused = isolate_network()
    if refused:
        print(f"autograder.netns: the OS refused a network namespace ({refused}); this kernel has the network.",
              file=sys.stderr)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
