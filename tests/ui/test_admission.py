"""The line for questions: some answered, some waiting in order, the rest told "busy"."""

import threading

import pytest

from assistant.ui.admission import Admission


def test_beyond_concurrency_questions_wait_and_beyond_the_queue_they_are_turned_away() -> None:
    line = Admission(concurrency=2, queue_size=2)
    first, second = line.join(), line.join()
    assert first and first.admitted and second and second.admitted
    third, fourth = line.join(), line.join()
    assert third and not third.admitted and fourth and not fourth.admitted
    assert (third.ahead, fourth.ahead) == (0, 1)
    assert line.join() is None  # the line is full: "busy"
    first.leave()
    assert third.wait(0) and third.admitted and fourth.ahead == 0 and not fourth.wait(0)
    assert line.join() is not None  # room in the line again


def test_a_waiting_question_that_gives_up_frees_its_place() -> None:
    line = Admission(concurrency=1, queue_size=1)
    running = line.join()
    waiting = line.join()
    assert running and waiting and line.join() is None
    waiting.leave()
    waiting.leave()  # twice is harmless
    assert line.waiting == 0 and line.running == 1
    running.leave()
    assert line.running == 0


def test_a_waiter_is_woken_when_a_place_frees() -> None:
    line = Admission(concurrency=1, queue_size=4)
    running = line.join()
    waiting = line.join()
    assert running and waiting
    admitted = threading.Event()

    def wait() -> None:
        if waiting.wait(30):
            admitted.set()

    thread = threading.Thread(target=wait)
    thread.start()
    with running:
        pass  # leaving the context gives the place back
    thread.join(30)
    assert admitted.is_set() and line.running == 1


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        Admission(0, 1)


def test_one_clients_flood_leaves_room_in_the_line_for_others() -> None:
    line = Admission(concurrency=1, queue_size=5, client_share=3)
    flood = [line.join("login:flood") for _ in range(10)]
    assert sum(ticket is not None for ticket in flood) == 3
    other = line.join("login:other")
    assert other is not None and other.ahead == 2
    for ticket in flood:
        if ticket:
            ticket.leave()
    assert other.wait(0) and line.join("login:flood") is not None
