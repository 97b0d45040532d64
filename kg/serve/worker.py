"""A query process of ``ekg serve``: opens the store read-only once, then runs queries one at a time.

Oxigraph cannot cancel a query, so the server runs each in one of these and kills the process when the
query's time is up (``kg.serve.app.QueryWorkers``): its work stops with it, and a new one takes its place.
Run as a script (``python -I kg/serve/worker.py``). Protocol, one JSON line each way to start: the server
sends ``{"path": sys.path, "store": …, "parent": pid}``, the worker answers ``{"ready": true}`` or
``{"error": "…"}``. Then per query: a JSON line (``kg.serve.app.run_query``'s arguments) in, and a JSON line
``{"status", "type", "length"}`` followed by ``length`` bytes of body out. It exits at the end of its input,
and (Linux) when the server dies, whatever it is doing. On Linux it cannot open Internet sockets (a seccomp
filter): whatever a query names, it cannot make this machine fetch a URL.
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


#: (AUDIT_ARCH_*, the socket system call's number) for the machines seccomp filters are written for here
_SOCKET_CALL = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


def _no_network() -> bool:
    """Forbid this process new Internet sockets (AF_INET, AF_INET6: EACCES), with a seccomp filter (Linux on
    x86_64 or aarch64; elsewhere nothing is done and False returned). The store is local files: only a SERVICE
    call or an HTTP ``FROM`` would open one, and ``kg.serve.app`` refuses those by reading the query, which this
    makes a second line rather than the only one. Descendants inherit it; it cannot be lifted."""
    import ctypes
    import platform
    import struct

    arch = _SOCKET_CALL.get(platform.machine())
    if arch is None:
        return False
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    load, jump_if, answer = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    program = [  # (code, jump if true, jump if false, k); seccomp_data: nr at 0, arch at 4, args[0] at 16
        (load, 0, 0, 4),
        (jump_if, 0, 5, arch[0]),
        (load, 0, 0, 0),
        (jump_if, 0, 3, arch[1]),
        (load, 0, 0, 16),
        (jump_if, 2, 0, 2),
        (jump_if, 1, 0, 10),  # AF_INET, AF_INET6
        (answer, 0, 0, allow),
        (answer, 0, 0, deny),
    ]
    filters = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *step) for step in program))
    fprog = struct.pack("HxxxxxxP", len(program), ctypes.addressof(filters))  # struct sock_fprog
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(38, 1, None, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    return libc.prctl(22, 2, ctypes.c_char_p(fprog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def main() -> None:
    read, out = sys.stdin.buffer, sys.stdout.buffer

    def send(header: dict, body: bytes = b"") -> None:
        out.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        out.flush()

    config = json.loads(read.readline())
    _die_with_parent(config["parent"])
    _no_network()
    sys.path[:] = config["path"]
    import pyoxigraph

    from kg.serve.app import Limits, run_query

    try:
        store = pyoxigraph.Store.read_only(config["store"])
    except (OSError, RuntimeError) as exc:
        send({"error": f"cannot open the store in {config['store']}: {exc} (run: ekg build --force)"})
        return
    send({"ready": True})
    for line in read:
        request = json.loads(line)
        limits = Limits(timeout=request["timeout"], max_bytes=request["max_bytes"])
        status, content_type, body = run_query(
            store,
            request["query"],
            request["format"],
            request["accept"],
            limits,
            request["default_graphs"],
            request["named_graphs"],
        )
        send({"status": status, "type": content_type, "length": len(body)}, body)


if __name__ == "__main__":
    main()
