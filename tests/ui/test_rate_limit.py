"""The feedback rate limit: N per sliding window per key."""

from assistant.ui.rate_limit import RateLimit


def test_events_beyond_the_limit_are_refused_until_the_window_moves_on() -> None:
    now = [0.0]
    limit = RateLimit(per_window=2, window_s=60, clock=lambda: now[0])
    assert limit.allow("session:a") and limit.allow("session:a")
    assert not limit.allow("session:a")
    assert limit.allow("session:b")
    now[0] = 59.0
    assert not limit.allow("session:a")
    now[0] = 60.0
    assert limit.allow("session:a")


def test_a_refused_event_counts_for_none_of_its_keys() -> None:
    limit = RateLimit(per_window=1, clock=lambda: 0.0)
    assert limit.allow("session:a")
    assert not limit.allow("session:b", "session:a")
    assert limit.allow("session:b")
