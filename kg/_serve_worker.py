"""A query process of ``ekg serve``: opens the store read-only once, then runs queries one at a time.

Oxigraph cannot cancel a query, so the server runs each in one of these and kills the process when the
query's time is up (``kg.serve.QueryWorkers``): its work stops with it, and a new one takes its place.
Run as a script (``python -I kg/_serve_worker.py``). Protocol, one JSON line each way to start: the server
sends ``{"path": sys.path, "store": …, "parent": pid}``, the worker answers ``{"ready": true}`` or
``{"error": "…"}``. Then per query: a JSON line (``kg.serve.run_query``'s arguments) in, and a JSON line
``{"status", "type", "length"}`` followed by ``length`` bytes of body out. It exits at the end of its input,
and (Linux) when the server dies, whatever it is doing.
"""

import json
import os
import sys


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the server's thread that started it ends (PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the server kills its workers itself
        return
    if os.getppid() != parent:  # the server was gone before the request took effect
        os._exit(0)


def main() -> None:
    read, out = sys.stdin.buffer, sys.stdout.buffer

    def send(header: dict, body: bytes = b"") -> None:
        out.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        out.flush()

    config = json.loads(read.readline())
    _die_with_parent(config["parent"])
    sys.path[:] = config["path"]
    import pyoxigraph

    from kg.serve import Limits, run_query

    try:
        store = pyoxigraph.Store.read_only(config["store"])
    except (OSError, RuntimeError) as exc:
        send({"error": f"cannot open the store in {config['store']}: {exc} (run: ekg build --force)"})
        return
    send({"ready": True})
    for line in read:
        request = json.loads(line)
        limits = Limits(timeout=request["timeout"], max_bytes=request["max_bytes"])
        status, content_type, body = run_query(store, request["query"], request["format"], request["accept"], limits,
                                               request["default_graphs"], request["named_graphs"])
        send({"status": status, "type": content_type, "length": len(body)}, body)


if __name__ == "__main__":
    main()
