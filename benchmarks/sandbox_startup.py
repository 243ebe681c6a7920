"""What the grading sandbox costs: a kernel's start-up with and without it.

Starts the course's Python kernel ``--repeats`` times through the grader's own kernel manager
(:class:`autograder.sandbox.SandboxKernelManager`), confined (bubblewrap, a private copy of a folder, a cgroup
where available) and unconfined, waits until it answers, runs one cell that imports NumPy, and shuts it down.
Prints the median seconds of each and the difference. Printed, never asserted. Run from the repository root::

    .venv/bin/python benchmarks/sandbox_startup.py [--repeats 5]
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time

from autograder.sandbox import SandboxKernelManager, confinement_problem


async def start_run_stop(confined, folder):
    """Seconds from start to a finished first cell, for one kernel."""
    manager = SandboxKernelManager(kernel_name="python3")
    manager.confined = confined
    start = time.perf_counter()
    try:
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=120)
        await client.execute_interactive("import numpy", timeout=120)
        seconds = time.perf_counter() - start
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
    finally:
        manager.remove_box()
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    problem = confinement_problem()
    modes = [False] + ([] if problem else [True])
    if problem:
        print(f"no sandbox on this machine ({problem}): only the unconfined start is timed")
    with tempfile.TemporaryDirectory() as folder:
        times = {mode: [asyncio.run(start_run_stop(mode, folder)) for _ in range(args.repeats)] for mode in modes}
    for mode in modes:
        print(f"kernel start to first cell, {'in the sandbox' if mode else 'unconfined':>14}: "
              f"median {statistics.median(times[mode]):.2f} s over {args.repeats} "
              f"(min {min(times[mode]):.2f}, max {max(times[mode]):.2f})")
    if len(modes) == 2:
        print(f"the sandbox adds {statistics.median(times[True]) - statistics.median(times[False]):+.2f} s per kernel")
    return 0


if __name__ == "__main__":
    sys.exit(main())
