"""A private Virtuoso (Debian's virtuoso-opensource) for the tests and the benchmarks.

It runs as a child process on loopback ports of its own, with its database in a folder of its own, and is
stopped by its pid. Nothing of the system's Virtuoso (its config, its data, its ports) is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 600

[Plugins]
LoadPath = /usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting
"""

#: Debian's default for a fresh database; the instance listens on loopback only and lives in a temp folder.
DBA_PASSWORD = "dba"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class Virtuoso:
    folder: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def sparql_auth(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def stop(self) -> None:
        """Stop the server by its pid: SIGTERM (it checkpoints and exits), SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def start(folder: Path, memory_mb: int = 1024, wait: float = 90.0, http_port: int | None = None) -> Virtuoso:
    """Start a private server in ``folder`` and wait until its SPARQL endpoint answers (on ``http_port``, or
    on a free port)."""
    exe = binary()
    if exe is None:
        raise RuntimeError("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = Path(folder)
    (folder / "www").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = http_port or free_port(), free_port()
    buffers = max(10000, memory_mb * 1024 * 1024 // 8192 * 2 // 3)  # Virtuoso's rule of thumb: 2/3 of memory
    (folder / "virtuoso.ini").write_text(
        INI.format(dir=folder, sql_port=sql_port, http_port=http_port, buffers=buffers, dirty=buffers * 3 // 4),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [exe, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Virtuoso(folder, http_port, sql_port, process)
    deadline = time.monotonic() + wait
    query = urllib.parse.urlencode({"query": "ASK { }"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {server.log()}")
        try:
            with urllib.request.urlopen(f"{server.sparql}?{query}", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"virtuoso-t did not answer within {wait:g} s: {server.log()}")


def isql(server: Virtuoso, statement: str) -> str:
    """Run one SQL statement as dba through Virtuoso's isql client."""
    exe = shutil.which("isql-vt") or shutil.which("isql")
    result = subprocess.run(
        [exe, f"127.0.0.1:{server.sql_port}", "dba", DBA_PASSWORD, f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HOME": str(server.folder)},
    )
    if result.returncode != 0 or "*** Error" in result.stdout:
        raise RuntimeError(f"isql failed: {result.stdout} {result.stderr}")
    return result.stdout
