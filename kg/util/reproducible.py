"""``$SOURCE_DATE_EPOCH``, the reproducible-builds convention for a build or export time that does not change the
output from one run to the next: read the same way by the build's audit and by the exports."""

from __future__ import annotations

import datetime as dt
import os

from kg.errors import EkgError


def source_date_epoch() -> dt.datetime | None:
    """$SOURCE_DATE_EPOCH as a UTC time; None when it is unset or empty; an error when it is not a time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if epoch.isascii() and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):  # beyond the years a datetime holds
            pass
    raise EkgError(
        f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970 (unset it, or set e.g. "
        "SOURCE_DATE_EPOCH=1700000000)"
    )
