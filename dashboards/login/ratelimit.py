"""Failed logins per user name and address: at most `FAILURES_PER_MINUTE` a minute.

flask-limiter limits requests per route; this counts only failures (a correct password
clears the count), per name and address together, in 30 lines: the library would not be
less code, so it is not used.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

FAILURES_PER_MINUTE = 5  # per user name and address; more wait a minute


class FailureLimiter:
    """At most `FAILURES_PER_MINUTE` failed logins per user name and address a minute."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        times = self._failures[key]
        while times and times[0] < time.monotonic() - 60:
            times.popleft()
        return times

    def blocked(self, username: str, ip: str) -> bool:
        with self._lock:
            return len(self._recent((username, ip))) >= FAILURES_PER_MINUTE

    def failed(self, username: str, ip: str) -> None:
        with self._lock:
            self._recent((username, ip)).append(time.monotonic())
            if len(self._failures) > 10_000:  # an attacker's many names: forget the oldest
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username, ip), None)
