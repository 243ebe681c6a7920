"""What a kernel pays before its first line of work: the CPU seconds of importing TensorFlow, Keras and ml_dtypes.

Each import runs ``--repeats`` times, each time in a fresh Python of this environment (as a kernel, a judge or a test
process would import it); prints the median CPU and wall seconds of each. ml_dtypes is there because its version
decides about 0.6 s of TensorFlow's import (pyproject.toml holds it below 0.7; pass ``--with PATH`` to time the
imports with another copy of it first on the path, e.g. one installed by ``pip install --target PATH ml_dtypes==0.7.0``).
Printed, never asserted. Run from the repository root::

    .venv/bin/python benchmarks/import_time.py [--repeats 5] [--with PATH]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

MODULES = ["numpy", "ml_dtypes", "tensorflow", "keras"]
PROBE = """import json, time
cpu, wall = time.process_time(), time.perf_counter()
import {module}
print(json.dumps([time.process_time() - cpu, time.perf_counter() - wall, getattr({module}, "__version__", "")]))"""


def import_seconds(module, path):
    """(CPU seconds, wall seconds, version) of one import of ``module`` in a fresh Python."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    if path:
        env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], env=env, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--with", dest="path", default="", help="a folder put first on the path (another ml_dtypes)")
    args = parser.parse_args(argv)
    import_seconds("numpy", args.path)  # a first run, so that every timed one finds the files in the page cache
    print(f"{'module':<12} {'version':<10} {'CPU s':>7} {'wall s':>7}   (median of {args.repeats} fresh processes)")
    for module in MODULES:
        runs = [import_seconds(module, args.path) for _ in range(args.repeats)]
        print(f"{module:<12} {runs[0][2]:<10} {statistics.median(r[0] for r in runs):7.2f} "
              f"{statistics.median(r[1] for r in runs):7.2f}")


if __name__ == "__main__":
    main()
