"""CPU-time measurements for the scaling tests: ratios within one run, independent of other jobs."""

from __future__ import annotations

import gc
import time


def cpu_best(fn, reps: int = 3) -> float:
    """Best-of-``reps`` CPU seconds of ``fn()``."""
    best = float("inf")
    for _ in range(reps):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def cpu_ratio(fn_small, fn_large, bound: float) -> float:
    """Best CPU seconds of the large input over the small one's (CPU time, not wall-clock: other
    jobs on the machine, or the other xdist worker, do not count); the large input is run again
    only while the ratio is in doubt against ``bound`` (so a quadratic regression fails after one
    slow run). The garbage collector is off while timing: a full collection over what earlier
    tests left alive lands at random in one run or the other."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        small = max(cpu_best(fn_small), 1e-4)
        large = float("inf")
        for _ in range(3):
            t = time.process_time()
            fn_large()
            large = min(large, time.process_time() - t)
            if large / small < bound or large / small > 3 * bound:
                break
        return large / small
    finally:
        if enabled:
            gc.enable()
