"""Login throttling and fair shares: the pure counting, with a fake clock."""

import pytest

from assistant.ui.shares import Shares
from assistant.ui.throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_few_wrong_passwords_are_free_then_the_wait_doubles_up_to_the_cap() -> None:
    clock = Clock()
    throttle = LoginThrottle(free_attempts=3, first_delay_s=10, max_delay_s=35, clock=clock)
    keys = ["user:alice", "address:10.0.0.7"]
    assert [throttle.failed(keys) for _ in range(2)] == [0, 0]
    assert throttle.wait_seconds(keys) == 0
    assert throttle.failed(keys) == 10  # the third failure starts the wait
    assert throttle.wait_seconds(["user:alice"]) == 10 and throttle.wait_seconds(["address:10.0.0.7"]) == 10
    clock.now += 10
    assert throttle.wait_seconds(keys) == 0
    assert throttle.failed(keys) == 20
    clock.now += 20
    assert throttle.failed(keys) == 35  # 40, capped


def test_a_success_clears_the_wait_and_other_keys_are_untouched() -> None:
    throttle = LoginThrottle(free_attempts=1, first_delay_s=60, max_delay_s=60, clock=Clock())
    throttle.failed(["user:alice", "address:a"])
    assert throttle.wait_seconds(["user:bob", "address:b"]) == 0
    assert throttle.wait_seconds(["user:bob", "address:a"]) == 60  # same address, other user
    throttle.succeeded(["user:alice", "address:a"])
    assert throttle.wait_seconds(["user:alice", "address:a"]) == 0


def test_nonsense_throttle_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        LoginThrottle(free_attempts=0)
    with pytest.raises(ValueError):
        LoginThrottle(first_delay_s=60, max_delay_s=10)


def test_one_client_holds_at_most_its_share_and_gets_places_back() -> None:
    shares = Shares(cap=2)
    assert shares.take("login:a") and shares.take("login:a")
    assert not shares.take("login:a")
    assert shares.take("login:b")  # others are not affected
    shares.give_back("login:a")
    assert shares.take("login:a") and shares.held("login:a") == 2
    shares.give_back("login:b")
    shares.give_back("login:b")  # more than taken: harmless
    assert shares.held("login:b") == 0
    assert Shares(None).take("login:a") and Shares(1).take(None)  # no cap, or no client: always
