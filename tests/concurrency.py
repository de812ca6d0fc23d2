"""Run the same work in several threads at once, as several officers or workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(
    work: Callable[[int], object], threads: int = 2, timeout: float = 120
) -> list[BaseException]:
    """Run `work(i)` for i in range(threads), each in its own thread with its own database
    connection, all released together by a barrier; return what they raised (for the test to
    assert on), after every thread has ended or `timeout` seconds have passed."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait(timeout=timeout)
            work(i)
        except BaseException as exc:  # returned to the test
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=timeout)
    return errors
