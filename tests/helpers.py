"""Small helpers shared by tests."""


def last_line(stderr: str) -> str:
    """The last line of stderr, with its newline: the error, after any progress or build notes."""
    lines = stderr.splitlines(keepends=True)
    assert lines, "nothing on stderr"
    assert not any("Traceback" in line for line in lines), stderr
    return lines[-1]
