"""What `install` set up for the running app (routes read it per request)."""

from __future__ import annotations

import dash

from dashboards.login.ratelimit import FailureLimiter
from dashboards.login.sessions import Sessions
from dashboards.write_behind import WriteBehind


class Installed:
    def __init__(
        self,
        dash_app: dash.Dash,
        demo: bool,
        sessions: Sessions,
        oidc: object | None,
        writes: WriteBehind | None,
    ):
        self.dash_app = dash_app
        self.demo = demo
        self.sessions = sessions
        self.limiter = FailureLimiter()
        self.oidc = oidc
        self.writes = writes


installed: dict[str, Installed] = {}


def app() -> Installed:
    return installed["app"]
