"""Load test: 50 people at once on the pages people use most (issue 11).

Run by ``make load`` (benchmarks/load/run.sh), which serves the demo on PostgreSQL with two
gunicorn processes and passes the addresses to load in ``CROSSCLUSTER_LOAD_TARGETS`` (a JSON
file: the partnership page, a need's matches, an agenda and, when the demo has its B2B session,
the organise page and the table plan the demo coordinator may see).

- visitors (anonymous): the partnership page and directory searches;
- the demo coordinator (signed in once per simulated person): a need's matches, an agenda, the
  B2B organise page and the table plan.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["CROSSCLUSTER_LOAD_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
SEARCHES = ["robotics", "Munich", "artificial intelligence", "manufacturing Portugal", "sensors"]


class Visitor(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    @task(3)
    def partnership_page(self) -> None:
        self.client.get(TARGETS["partnership"], name="partnership page")

    @task(2)
    def directory_search(self) -> None:
        self.client.get(
            "/directory/", params={"q": random.choice(SEARCHES)}, name="directory search"
        )


class Coordinator(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="log in (page)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None, "no CSRF token on the log-in page"
        self.client.post(
            "/accounts/login/",
            {
                "login": TARGETS["email"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="log in",
        )

    @task(2)
    def matches(self) -> None:
        self.client.get(TARGETS["matches"], name="a need's matches")

    @task(1)
    def agenda(self) -> None:
        self.client.get(TARGETS["agenda"], name="an agenda")

    @task(1)
    def organise(self) -> None:
        if "organise" in TARGETS:
            self.client.get(TARGETS["organise"], name="the B2B organise page")

    @task(1)
    def table_plan(self) -> None:
        if "tables" in TARGETS:
            self.client.get(TARGETS["tables"], name="the B2B table plan")
