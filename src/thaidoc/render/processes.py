"""LibreOffice runs that leave nothing behind: each in a process group of its own, killed whole.

``soffice`` is a script that starts ``oosplash``, which starts ``soffice.bin``, which starts
helpers (gpg). Killing only the first, as ``subprocess.run(timeout=...)`` does, left
``soffice.bin`` converting at full CPU with its profile deleted under it; so every LibreOffice
process thaidoc starts gets a session (and process group) of its own, and a timeout, an error or
the end of a run kills the group and waits until none of it is running.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["run_soffice", "kill_group", "remove_stale_pipe"]


def run_soffice(command: Sequence[str], *, env: dict[str, str],
                timeout: float | None) -> subprocess.CompletedProcess[str]:
    """Run a LibreOffice command in a process group of its own, and leave nothing running.

    On a timeout, an error or Ctrl-C the whole group is killed and reaped before this returns
    or raises (``subprocess.TimeoutExpired`` on a timeout); after success too, whatever the run
    left behind is killed.
    """
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace", env=env, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        kill_group(process)  # after success too: nothing the run started may outlive it
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    return subprocess.CompletedProcess(process.args, process.returncode, out or "", err or "")


def kill_group(process: subprocess.Popen[Any], *, grace: float = 0.0) -> None:
    """Kill ``process`` (started with ``start_new_session=True``) and every process of its group,
    and wait until none of them is running.

    ``grace`` > 0 asks politely first (SIGTERM) and waits that long before SIGKILL.
    """
    if not hasattr(os, "killpg"):  # pragma: no cover - Windows: no process groups
        if process.poll() is None:
            process.kill()
        process.wait()
        return
    group = process.pid
    if process.poll() is not None and not _group_alive(group):
        return  # all gone (and the number may already be another process's: do not signal it)
    if grace > 0 and _group_alive(group):
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(group):
            time.sleep(0.02)
    _signal_group(group, signal.SIGKILL)
    process.wait()  # the group's leader is our child: reap it
    # The others (soffice.bin under oosplash) were orphaned and are reaped by init; wait until
    # they are gone, so a caller that removes the profile next does not pull it from under them.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _group_alive(group):
        time.sleep(0.01)


def _signal_group(group: int, number: int) -> None:
    try:
        os.killpg(group, number)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(group: int) -> bool:
    """Whether a process of ``group`` still runs (zombies, which only wait to be reaped, do not)."""
    if not sys.platform.startswith("linux"):
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    with os.scandir("/proc") as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
                return True
    return False


def remove_stale_pipe(profile_uri: str) -> None:
    """A killed office leaves its pipe socket in /tmp (named after an MD5 of the profile's URL,
    hex digits unpadded, as LibreOffice's desktop/source/app/officeipcthread.cxx makes it); best
    effort, since the name is LibreOffice's business."""
    if not profile_uri:
        return
    digest = "".join(format(byte, "x") for byte in hashlib.md5(profile_uri.encode("utf-16-le")).digest())
    pipe = Path("/tmp") / f"OSL_PIPE_{os.getuid() if hasattr(os, 'getuid') else 0}_SingleOfficeIPC_{digest}"
    try:
        if pipe.is_socket():
            pipe.unlink()
    except OSError:
        pass
