"""Regression: concurrent graph replacements on Virtuoso can deadlock (SR172); publish sends them again."""

import pytest

from kg.errors import EndpointError
from kg.remote.publish import _retrying


def test_a_deadlocked_request_is_sent_again():
    calls = []

    def request():
        calls.append(1)
        if len(calls) < 3:
            raise EndpointError(
                "http://x/sparql-graph-crud: the server answered 500 Request Failed: SR172: Transaction deadlocked"
            )
        return "ok"

    assert _retrying(request) == "ok"
    assert len(calls) == 3


def test_other_errors_are_not_retried():
    calls = []

    def request():
        calls.append(1)
        raise EndpointError("http://x/sparql: the server answered 401 Unauthorized")

    with pytest.raises(EndpointError):
        _retrying(request)
    assert len(calls) == 1
