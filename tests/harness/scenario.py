"""Scaffolding shared by the integration scripts: a temp dir that is removed on success and
kept (path printed) on failure, named checks that print one line each, and an overall
deadline so that a hung server cannot hang ctest.
"""
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import traceback


class Checks:
    def __init__(self):
        self.failed = []
        self.passed = 0

    def __call__(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print(f"  ok    {what}", flush=True)
        else:
            self.failed.append(what)
            print(f"  FAIL  {what} {detail}", flush=True)
        return cond

    def summary(self):
        print(f"{self.passed} checks passed, {len(self.failed)} failed", flush=True)
        return 0 if not self.failed and self.passed else 1


def keep_logs(workdir, name):
    """Copies msngate's logs to $MSNGATE_TEST_LOGS (set by ctest) for the password audit
    (tests/audit), since a passing scenario's workdir is removed."""
    dest = os.environ.get("MSNGATE_TEST_LOGS")
    if not dest:
        return
    os.makedirs(dest, exist_ok=True)
    for root, _, files in os.walk(workdir):
        for f in files:
            if f == "msngate.log":
                rel = os.path.relpath(root, workdir).replace(os.sep, "_")
                shutil.copy(os.path.join(root, f), os.path.join(dest, f"{name}-{os.getpid()}-{rel}-{f}"))


def run(name, body, deadline=150):
    """body(workdir, checks) is a coroutine; exit status 0 only if every check passed."""
    workdir = tempfile.mkdtemp(prefix=f"msngate-{name}-")
    os.chmod(workdir, 0o755)  # ejabberd runs as its own user below it
    checks = Checks()

    def on_alarm(*_):
        raise TimeoutError(f"{name}: over the {deadline} s deadline")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(deadline)
    try:
        asyncio.get_event_loop().run_until_complete(body(workdir, checks))
    except BaseException as e:  # report, clean up (the body's context managers ran), fail
        traceback.print_exc()
        checks.failed.append(f"exception: {e!r}")
    finally:
        signal.alarm(0)
    rc = checks.summary()
    keep_logs(workdir, name)
    if rc == 0:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"logs kept in {workdir}", flush=True)
    sys.exit(rc)
