"""Fixtures shared by the channel tests."""

from __future__ import annotations

import pytest

from fakes.slack_api import FakeSlackAPI


@pytest.fixture
def slack_api():
    """The fake Slack Web API on 127.0.0.1:0, started and stopped around each test."""
    fake = FakeSlackAPI().start()
    yield fake
    fake.stop()
