"""CPU time per page of one unit officer's round (bench/rush_locust.py's), in
this process through Django's test client: the application's own CPU, which
the year-end rush runs out of, measured apart from the database's and the
machine's load (time.process_time, not wall time).

Run with the rush's production environment on a database holding
bench/rush_world.py's world (PostgreSQL, so that the queries' CPU stays in the
server's process):

    rush_world.py 20 > world.json
    rush_cpu.py world.json [ROUNDS [FIRST]] [--profile PAGE]

Each round is one of four officers (from the FIRST-th, 0) logging in and going once round:
login page, login, to-do home, period grid, "Rút lại" when sent before, six
figures saved, sent, the bloc's ranking, the dossier. Two rounds warm the
process first; the medians of ROUNDS (12) are printed, in ms,
with the queries of the last round. --profile PAGE
prints cProfile's 40 costliest functions (cumulative) of that page instead,
and writes all of them to rush_cpu.prof.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush_plan import CSRF, INPUT, ONCE, figures, form_in


class Round:
    def __init__(
        self, client: Any, world: dict[str, Any], me: dict[str, Any], profile: str
    ):
        from http.cookies import SimpleCookie

        self.world, self.me, self.profile = world, me, profile
        self.client = client
        client.cookies = SimpleCookie()  # a new browser
        self.grid = f"/admin/thi-dua/ky/{me['period']}/"
        self.cpu: dict[str, float] = {}
        self.queries: dict[str, int] = {}

    def _timed(self, page: str, call: Callable[[], Any]) -> Any:
        from django.db import connection

        count = connection.execute_wrapper(self._count(page))
        self.queries[page] = 0
        profiler = cProfile.Profile(time.process_time) if page == self.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        with count:
            answer = call()
        if profiler:
            profiler.disable()
            profiler.dump_stats("rush_cpu.prof")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        self.cpu[page] = (time.process_time() - started) * 1000
        assert answer.status_code in (200, 302), (page, answer.status_code)
        return answer

    def _count(self, page: str) -> Callable[..., Any]:
        def counted(execute: Callable[..., Any], *args: Any) -> Any:
            self.queries[page] += 1
            return execute(*args)

        return counted

    def get(self, path: str, page: str) -> str:
        answer = self._timed(page, lambda: self.client.get(path))
        if answer.get("Content-Encoding") == "gzip":
            import gzip

            return gzip.decompress(answer.content).decode()
        return answer.content.decode()

    def post(self, path: str, page: str, fields: dict[str, Any]) -> str:
        origin = "https://testserver"
        answer = self._timed(
            page,
            lambda: self.client.post(
                path, fields, HTTP_ORIGIN=origin, HTTP_REFERER=origin + path
            ),
        )
        assert answer.status_code == 302, (page, answer.status_code)
        return str(answer["Location"])

    def _tokens(self, form: str) -> dict[str, str]:
        once = ONCE.search(form)
        return {
            "csrfmiddlewaretoken": CSRF.search(form).group(1),  # type: ignore[union-attr]
            **({"_once": once.group(1)} if once else {}),
        }

    def run(self, number: int) -> dict[str, float]:
        login = self.get("/admin/login/", "GET login page")
        self.post("/admin/login/", "POST login", {
            **self._tokens(login), "username": self.me["username"],
            "password": self.world["password"], "next": "",
        })  # fmt: skip
        self.get("/admin/", "GET home (to-do)")
        page = self.get(self.grid, "GET period grid")
        recall = form_in(page, f"{self.grid}recall/")
        if recall is not None:
            self.post(f"{self.grid}recall/", "POST recall",
                      {**self._tokens(recall), "unit": self.me["unit"]})  # fmt: skip
            page = self.get(self.grid, "GET period grid (recalled)")
        form = form_in(page, self.grid) or ""
        by_id = {int(k): v["code"] for k, v in self.world["indicators"].items()}
        typed = figures(self.me["unit"], number)
        fields = self._tokens(form)
        for name in INPUT.findall(form):
            _, _, indicator, part = name.split("-")
            fields[name] = typed[by_id[int(indicator)]]["typed"].get(part, "")
        self.post(self.grid, "POST save figures", fields)
        page = self.get(self.grid, "GET period grid (saved)")
        send = form_in(page, f"{self.grid}submit/") or ""
        self.post(f"{self.grid}submit/", "POST send figures",
                  {**self._tokens(send), "unit": self.me["unit"]})  # fmt: skip
        self.get(f"/admin/thi-dua/bang-diem/{self.me['ranking']}/", "GET ranking")
        self.get(f"/admin/ho-so/{self.me['dossier']}/", "GET dossier")
        return self.cpu


def main() -> None:
    args = sys.argv[1:]
    profile = ""
    if "--profile" in args:
        at = args.index("--profile")
        profile = args[at + 1]
        del args[at : at + 2]
    world = json.loads(Path(args[0]).read_text("utf-8"))
    rounds = int(args[1]) if len(args) > 1 else 12
    first = int(args[2]) if len(args) > 2 else 0
    django.setup()
    from django.test import Client

    # one client, so one handler: its middleware (WhiteNoise's file list) is
    # loaded once, as in a server's process
    client = Client(
        enforce_csrf_checks=True,
        HTTP_HOST="testserver",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_X_FORWARDED_PROTO="https",  # as nginx says (prod.py)
    )
    officers = world["officers"]
    seen: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    for number in range(rounds + 2):
        me = officers[first + number % 4]  # from the fifth round on: recalls first
        one = Round(client, world, me, profile if number == rounds + 1 else "")
        cpu = one.run(number)
        if number >= 2:  # the first two warm the process
            for page, ms in cpu.items():
                seen.setdefault(page, []).append(ms)
                queries[page] = one.queries[page]
    if profile:
        return
    total = 0.0
    for page, values in seen.items():
        median = statistics.median(values)
        total += median
        sys.stdout.write(f"{page:28} {median:7.1f} ms  (n={len(values)}, "
                         f"min {min(values):.1f}, max {max(values):.1f}, "
                         f"{queries[page]} queries)\n")  # fmt: skip
    sys.stdout.write(f"{'a round (sum of medians)':28} {total:7.1f} ms\n")


if __name__ == "__main__":
    main()
