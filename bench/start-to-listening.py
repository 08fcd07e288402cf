#!/usr/bin/env python3
"""Start-to-listening of `runnel server`, measured as `bench compare` measures it, for one or more builds side by side.

Each variant is a launcher script (`./runnel`) beside its `server/target/runnel.jar`; the broker is started with
exactly the java command that launcher prints for `server` (RUNNEL_PRINT_COMMAND=1), so with its JVM options and
class-data archive, on a fresh data directory and a random loopback port. Per start: the wall time from spawning
the JVM to the first ApiVersions answer (probed every 5 ms), the JVM's CPU time (all threads, user + system) at
that moment, and the broker's own "started in" figure; then SIGTERM. Variants alternate (A B, B A, ...) and the
summary gives medians; on a loaded machine compare the CPU column and the variants' ratios, not single walls.

    bench/start-to-listening.py ./runnel                      # this build, 7 starts
    bench/start-to-listening.py /tmp/old/runnel ./runnel --runs 9
    bench/start-to-listening.py ./runnel --extra 'noperf=-XX:-UsePerfData' # this build with and without a flag

A launcher that would record its class-data archive (the first `server` start after a build) does so in one
unmeasured start first, as `bench compare` does.
"""
import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

API_VERSIONS_KEY = 18
CORRELATION_ID = 0x52554E4E
CLIENT_ID = b"start-probe"
PROBE_INTERVAL_S = 0.005
CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def answers(port):
    """One ApiVersions v0 request; true when the broker answers it without error."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.25) as s:
            s.settimeout(2)
            body = struct.pack(">hhih", API_VERSIONS_KEY, 0, CORRELATION_ID, len(CLIENT_ID)) + CLIENT_ID
            s.sendall(struct.pack(">i", len(body)) + body)
            head = b""
            while len(head) < 10:
                chunk = s.recv(10 - len(head))
                if not chunk:
                    return False
                head += chunk
            _size, correlation, error = struct.unpack(">iih", head)
            return correlation == CORRELATION_ID and error == 0
    except OSError:
        return False


def cpu_ms(pid):
    """User + system CPU time of a process, all its threads, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / CLOCK_TICKS_PER_S


def launcher_command(launcher, port, data_dir, java_opts):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNNEL_")}
    env["RUNNEL_PRINT_COMMAND"] = "1"
    if java_opts:
        env["RUNNEL_JAVA_OPTS"] = java_opts
    out = subprocess.run(["bash", launcher, "server",
                          "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
                          "--override", f"log.dirs={data_dir}"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def start_once(launcher, java_opts, timeout_s):
    """Starts one broker, waits for its first answer, stops it. Returns (recorded archive?, wall, cpu, started)."""
    port = random.randint(20000, 32000)
    work = tempfile.mkdtemp(prefix="start-to-listening-")
    try:
        cmd = launcher_command(launcher, port, os.path.join(work, "data"), java_opts)
        recording = any(c.startswith("-XX:ArchiveClassesAtExit") for c in cmd)
        os.sync()  # as the harness does: no other process's dirty pages flushed during the start
        log_path = os.path.join(work, "broker.log")
        wall = cpu = None
        with open(log_path, "w") as log:
            spawned = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            try:
                while time.monotonic() < spawned + timeout_s and proc.poll() is None:
                    if answers(port):
                        wall = (time.monotonic() - spawned) * 1000
                        cpu = cpu_ms(proc.pid)
                        break
                    time.sleep(PROBE_INTERVAL_S)
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        with open(log_path) as f:
            text = f.read()
        if wall is None:
            print(f"{launcher}: no answer within {timeout_s} s; log tail:\n{text[-2000:]}", file=sys.stderr)
        m = re.search(r"started in (\d+) ms", text)
        return recording, wall, cpu, int(m.group(1)) if m else None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cell(values):
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})" if values else "-"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("launchers", nargs="+", help="runnel launcher scripts, each beside its server/target/runnel.jar")
    p.add_argument("--runs", type=int, default=7, help="measured starts per variant (1-50)")
    p.add_argument("--extra", action="append", default=[],
                   help="LABEL=JVM_OPTIONS: one more variant, the first launcher with RUNNEL_JAVA_OPTS set")
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for each start's first answer")
    a = p.parse_args()
    if not 1 <= a.runs <= 50:
        p.error("--runs must be 1..50")
    variants = [(launcher, "", launcher) for launcher in a.launchers]
    for extra in a.extra:
        label, _, opts = extra.partition("=")
        variants.append((a.launchers[0], opts, label))

    for launcher, opts, label in variants:
        if start_once(launcher, opts, a.timeout)[0]:
            print(f"{label}: recorded the class-data archive (unmeasured start)", flush=True)
    results = {label: [] for _, _, label in variants}
    for r in range(a.runs):
        for launcher, opts, label in (variants if r % 2 == 0 else list(reversed(variants))):
            recording, wall, cpu, started = start_once(launcher, opts, a.timeout)
            results[label].append((wall, cpu, started))
            shown = "no answer" if wall is None else f"wall {wall:.0f} ms, JVM CPU {cpu:.0f} ms, started in {started} ms"
            print(f"start {r + 1} {label}: {shown}{' (recorded the archive)' if recording else ''}, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)

    print()
    print(f"{'variant':<32} {'starts':>6} {'wall ms':>18} {'JVM CPU ms':>18} {'started-in ms':>18} "
          f"{'wall - started-in ms':>21}")
    for label, rows in results.items():
        ok = [row for row in rows if row[0] is not None]
        walls = [row[0] for row in ok]
        cpus = [row[1] for row in ok]
        started = [row[2] for row in ok if row[2] is not None]
        gaps = [row[0] - row[2] for row in ok if row[2] is not None]
        print(f"{label:<32} {len(ok):>6} {cell(walls):>18} {cell(cpus):>18} {cell(started):>18} {cell(gaps):>21}")
    print("median (min-max). wall: JVM spawned to first ApiVersions answer; JVM CPU: all threads, at that answer;"
          " started-in: the broker's log line (JVM start to listening)")


if __name__ == "__main__":
    main()
