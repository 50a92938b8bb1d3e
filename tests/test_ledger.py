"""The e-mail ledger's leases on a real SQLite file shared by two connections (two workers) (issue 15.7)."""

from __future__ import annotations

from bot.channels.email.ledger import RECEIVED, SENDING, Ledger
from bot.state import StateDB


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def two_workers(tmp_path):
    clock = Clock()
    path = tmp_path / "state.db"
    return Ledger(StateDB(path), clock), Ledger(StateDB(path), clock), clock


def test_only_one_worker_gets_the_claim(tmp_path):
    a, b, clock = two_workers(tmp_path)
    assert a.claim("<m1>", "<m1>", "A", 60)["stage"] == RECEIVED
    assert b.claim("<m1>", "<m1>", "B", 60) is None
    assert a.claim("<m1>", "<m1>", "A", 60) is not None  # renewing one's own lease is fine


def test_an_expired_lease_moves_and_the_old_holder_can_no_longer_send(tmp_path):
    a, b, clock = two_workers(tmp_path)
    a.claim("<m1>", "<m1>", "A", 60)
    clock.now += 61
    assert b.claim("<m1>", "<m1>", "B", 60) is not None
    assert not a.start_sending("<m1>", "Processed", None, [], "A")
    assert b.start_sending("<m1>", "Processed", None, [], "B")
    assert b.get("<m1>")["stage"] == SENDING
    assert not b.start_sending("<m1>", "Processed", None, [], "B")  # a second send is refused too


def test_filing_and_release_free_the_lease(tmp_path):
    a, b, clock = two_workers(tmp_path)
    a.claim("<m1>", "<m1>", "A", 60)
    a.claim("<m2>", "<m2>", "A", 60)
    a.filed("<m1>", "Processed")
    assert b.claim("<m1>", "<m1>", "B", 60)["stage"] == "filed"
    assert 1 == a.release_all("A")
    assert b.claim("<m2>", "<m2>", "B", 60)["stage"] == RECEIVED
