"""The year-end rush as locust users; bench_rush.py runs it headless
(`locust -f bench/rush_locust.py --headless ...`), with:

- RUSH_WORLD: the JSON printed by rush_world.py (accounts, units, pages);
- RUSH_LEDGER: where to write, when the run stops, what each officer did and
  what the server confirmed (bench_rush.py checks the database against it);
- RUSH_ORIGIN: the Origin a browser sends (nginx passes Host without the port).

Each user is one commune's unit officer. It logs in through the real form
(CSRF token from the page), then goes round: the to-do home, its period's grid
(taking its figures back first when they were sent in the previous round: a
correction), types its six figures and saves them with the form's "Lưu tất
cả" (the one-time token `_once` the page carries), sends them ("Gửi số liệu",
its own token), opens last year's ranking of its bloc and its draft dossier.
Every RESEND_EVERY-th send is posted twice with the same token, as a browser
resending after a lost connection: the second must get the first's answer.
Think time: PAGE_PAUSE seconds between pages, TYPING_PAUSE before saving the
figures. A POST and the page it redirects to are one step, as in a browser.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush_plan import (
    CSRF,
    INPUT,
    ONCE,
    PAGE_PAUSE,
    RESEND_EVERY,
    TYPING_PAUSE,
    figures,
    form_in,
)

WORLD = json.loads(Path(os.environ["RUSH_WORLD"]).read_text("utf-8"))
LEDGER = Path(os.environ["RUSH_LEDGER"])
ORIGIN = os.environ["RUSH_ORIGIN"]

_seats = itertools.count()
ledger: dict[str, dict[str, Any]] = {}
# every request as locust timed it: method, page, ms, error (None when it passed)
samples: list[tuple[str, str, float, str | None]] = []


class Officer(FastHttpUser):
    def on_start(self) -> None:
        me = WORLD["officers"][next(_seats) % len(WORLD["officers"])]
        self.me = me
        self.grid_url = f"/admin/thi-dua/ky/{me['period']}/"
        self.log = ledger.setdefault(
            me["username"],
            {"unit": me["unit"], "period": me["period"], "submits": 0, "recalls": 0,
             "saves": 0, "resends": 0, "uncertain": 0, "saved": None, "sent": False},
        )  # fmt: skip
        self.pause = 0.0
        self.flow = self._flow()

    def wait_time(self) -> float:
        return self.pause

    @task
    def step(self) -> None:
        try:
            self.pause = next(self.flow)
        except StopIteration:  # the login was refused (counted): try again later
            self.flow = self._flow()
            self.pause = self._pause()

    # --- requests ---
    def _get(self, path: str, name: str, must: str) -> str | None:
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            text = answer.text or ""
            if answer.status_code != 200 or must not in text:
                answer.failure(f"{answer.status_code}, «{must}» missing")
                return None
            return text

    def _post(
        self, path: str, name: str, fields: list[tuple[str, str]], to: str = ""
    ) -> str | None:
        """POST a form; the Location of its redirect (to `to` when given), or None
        (counted as a failure)."""
        with self.client.post(
            path,
            name=name,
            data=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": ORIGIN,
                "Referer": ORIGIN + path,
            },
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            where = str(answer.headers.get("Location", ""))
            if answer.status_code != 302 or (to and where != to):
                answer.failure(f"{answer.status_code} {where} instead of {to or 302}")
                return None
            return where

    def _pause(self, span: tuple[float, float] = PAGE_PAUSE) -> float:
        return random.uniform(*span)

    # --- the officer's work ---
    def _flow(self) -> Iterator[float]:
        login = self._get("/admin/login/", "login page", "csrfmiddlewaretoken")
        yield self._pause()
        token = CSRF.search(login or "")
        fields = [("csrfmiddlewaretoken", token.group(1) if token else ""),
                  ("username", self.me["username"]), ("password", WORLD["password"]),
                  ("next", "")]  # fmt: skip
        if self._post("/admin/login/", "login", fields, to="/admin/") is None:
            return
        for round_ in itertools.count():
            self._get("/admin/", "home (to-do)", "Việc cần làm")
            yield self._pause()
            grid = self._get(self.grid_url, "period grid", "Nhập số liệu")
            if grid is None:
                yield self._pause()
                continue
            recall = form_in(grid, f"{self.grid_url}recall/")
            if recall is not None:  # sent last round: take it back to correct it
                yield self._pause()
                grid = self._act(recall, "recall", "Đã rút lại số liệu")
                if grid is None:
                    continue
                self.log["recalls"] += 1
                self.log["sent"] = False
            yield self._pause(TYPING_PAUSE)
            grid = self._save(grid, round_)
            if grid is None:
                continue
            yield self._pause()
            send = form_in(grid, f"{self.grid_url}submit/")
            if send is None or self._send(send) is None:
                continue
            yield self._pause()
            self._get(f"/admin/thi-dua/bang-diem/{self.me['ranking']}/", "ranking",
                      "Bảng điểm thi đua")  # fmt: skip
            yield self._pause()
            self._get(f"/admin/ho-so/{self.me['dossier']}/", "dossier",
                      "Đề nghị khen thưởng")  # fmt: skip
            yield self._pause()

    def _save(self, grid: str, round_: int) -> str | None:
        form = form_in(grid, self.grid_url)
        if form is None:
            return None
        by_id = {int(k): v["code"] for k, v in WORLD["indicators"].items()}
        typed = figures(self.me["unit"], round_)
        fields = [("csrfmiddlewaretoken", CSRF.search(form).group(1)),  # type: ignore[union-attr]
                  ("_once", ONCE.search(form).group(1))]  # type: ignore[union-attr]  # fmt: skip
        for name in INPUT.findall(form):
            _, unit, indicator, part = name.split("-")
            code = by_id[int(indicator)]
            fields.append((name, typed[code]["typed"].get(part, "")))
        where = self._post(self.grid_url, "save figures", fields)
        if where is None:
            self.log["uncertain"] += 1
            return None
        page = self._get(where, "period grid", "Đã lưu số liệu.")
        if page is None:
            self.log["uncertain"] += 1
            return None
        self.log["saves"] += 1
        self.log["saved"] = {c: {k: v for k, v in f.items() if k != "typed"}
                             for c, f in typed.items()}  # fmt: skip
        return page

    def _act(self, form: str, action: str, said: str) -> str | None:
        fields = [("csrfmiddlewaretoken", CSRF.search(form).group(1)),  # type: ignore[union-attr]
                  ("_once", ONCE.search(form).group(1)),  # type: ignore[union-attr]
                  ("unit", str(self.me["unit"]))]  # fmt: skip
        where = self._post(f"{self.grid_url}{action}/", action, fields)
        if where is None:
            self.log["uncertain"] += 1
            return None
        return self._get(where, "period grid", said)

    def _send(self, form: str) -> str | None:
        fields = [("csrfmiddlewaretoken", CSRF.search(form).group(1)),  # type: ignore[union-attr]
                  ("_once", ONCE.search(form).group(1)),  # type: ignore[union-attr]
                  ("unit", str(self.me["unit"]))]  # fmt: skip
        path = f"{self.grid_url}submit/"
        where = self._post(path, "send figures", fields)
        if where is None:
            self.log["uncertain"] += 1
            return None
        if (self.log["submits"] + self.me["unit"]) % RESEND_EVERY == 0:
            # the browser sends the form again: the first answer, not a second send
            again = self._post(path, "send figures (resent, same token)", fields, where)
            if again is None:
                self.log["uncertain"] += 1
                return None
            self.log["resends"] += 1
        page = self._get(where, "period grid", "đã gửi số liệu.")
        if page is None or "đã gửi số liệu kỳ này rồi" in page:
            self.log["uncertain"] += 1
            return None
        self.log["submits"] += 1
        self.log["sent"] = True
        return page


@events.request.add_listener
def _sample(
    request_type: str, name: str, response_time: float, exception: Any, **_: Any
) -> None:
    error = None if exception is None else str(exception)[:200]
    samples.append((request_type, name, response_time, error))


@events.test_stop.add_listener
def _write_ledger(**_: Any) -> None:
    # after the users have stopped: every request finished is in
    LEDGER.write_text(json.dumps({"officers": ledger, "requests": samples}), "utf-8")
