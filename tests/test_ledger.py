"""The e-mail ledger's take and leases on a real SQLite file and on PostgreSQL, each shared by two connections
(two workers) (15.7, 17.4, 16.3)."""

from __future__ import annotations

import threading

from bot.channels.email.ledger import ANSWERED, SENDING, SKIPPED, Ledger


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def two_workers(open_state):
    clock = Clock()
    return Ledger(open_state(), clock), Ledger(open_state(), clock), clock


def take(ledger: Ledger, owner: str, key: str = "<m1>", stage: str = SENDING) -> bool:
    return ledger.take(key, key, owner, 60, stage, "Processed", None, ["98981"])


def test_only_one_worker_takes_a_received_message(open_state):
    a, b, clock = two_workers(open_state)
    assert take(a, "A") is True
    assert take(b, "B") is False  # already sending: never a second reply
    assert take(a, "A") is False  # not even by the same worker
    assert (SENDING, "A") == (a.get("<m1>")["stage"], a.get("<m1>")["lease_owner"])


def test_a_sending_row_left_by_a_dead_worker_is_taken_over_only_after_its_lease(open_state):
    a, b, clock = two_workers(open_state)
    take(a, "A")
    assert not b.take_over("<m1>", SENDING, "B", 60, SKIPPED, "Needs human", "interrupted")
    clock.now += 61
    assert b.take_over("<m1>", SENDING, "B", 60, SKIPPED, "Needs human", "interrupted")
    row = b.get("<m1>")
    assert (row["stage"], row["folder"], row["reason"], row["lease_owner"]) == (SKIPPED, "Needs human", "interrupted", "B")


def test_filing_and_release_free_the_leases(open_state):
    a, b, clock = two_workers(open_state)
    take(a, "A", "<m1>")
    take(a, "A", "<m2>")
    a.answered("<m1>", "jane@clinic.test")
    a.answered("<m2>", "jane@clinic.test")
    a.filed(["<m1>"], "Processed")
    assert b.get("<m1>")["lease_owner"] is None and b.get("<m1>")["stage"] == "filed"
    assert not b.take_over("<m2>", ANSWERED, "B", 60)
    assert 1 == a.release_all("A")
    assert b.take_over("<m2>", ANSWERED, "B", 60)
    assert 2 == a.replies_since("JANE@clinic.test", 3600)


def test_of_many_workers_racing_for_one_message_exactly_one_takes_it(open_state):
    clock = Clock()
    ledgers = [Ledger(open_state(), clock) for _ in range(6)]
    for round_ in range(20):
        won, start = [], threading.Barrier(len(ledgers))

        def race(n: int, ledger: Ledger) -> None:
            start.wait()
            if take(ledger, f"W{n}", f"<race{round_}>"):
                won.append(n)

        threads = [threading.Thread(target=race, args=(n, ledger)) for n, ledger in enumerate(ledgers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert 1 == len(won), (round_, won)
