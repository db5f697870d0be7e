"""One `customimage lint --format json` run, measured: shared by bench/scaling.sh and
bench/fields.sh (which put it on `sys.path`)."""
import os
import subprocess
import sys


def measure_once(bin_, path):
    """CPU time (user + system) and peak RSS (bytes) of one run. The CPU time is the rusage of
    `/usr/bin/time`, which counts the run it waited for, to the microsecond (its own report
    rounds to 10 ms, and the small sizes read 0); the peak RSS is its report, since the
    rusage of a child forked from the bench starts at the bench's own size."""
    cmd = ["/usr/bin/time", "-f", "%M", bin_, "lint", "--format", "json", path]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{path}: exit {code}\n{err[-2000:]}")
    return usage.ru_utime + usage.ru_stime, int(err.strip().splitlines()[-1]) * 1024


def limit(nbytes):
    """The memory target: 3x the input + 20 MB."""
    return 3 * nbytes + 20 * 2**20
