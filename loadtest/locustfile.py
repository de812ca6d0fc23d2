"""The load test's scenario: 200 officers at work and a burst of citizens on the portal.

Run through `loadtest/run.py` (docs/load-test.md), or by hand against a server started with
DANVAN_TRUSTED_PROXIES=1::

    LOAD_MANIFEST=var/load/loadtest/officers.json .venv/bin/locust -f loadtest/locustfile.py \\
        --headless -u 200 -r 20 --run-time 5m --host http://127.0.0.1:8000

The server is treated as it runs in production: behind a TLS-terminating reverse proxy. Every
request carries what that proxy adds (`X-Forwarded-Proto: https`, `X-Forwarded-For: <client>`),
so secure cookies, HSTS and the CSRF origin check work as over https, and each officer and
each citizen comes from its own address (the login and portal throttles count per address, as
they would for people in different offices and homes).

`Officer` (one per account of the manifest written by `loadtest/prepare.py`) signs in once
through the login form (again 15 s after a sign-in that failed or a session lost), then loops
over weighted tasks with 0.5-1.5 s between them (`LOAD_WAIT_MIN`, `LOAD_WAIT_MAX`): the pages
and API reads an officer uses most, registering a petition through the intake form (with the
topic suggestion and duplicate check the page asks for), moving its own petitions through the
API with their `version`, writing the reception register, reporting progress on its own task.
Each officer only moves petitions it registered and only updates its own task, so a 409
conflict is never expected: every status >= 400 (and any unexpected status, e.g. a redirect to
the login page) counts as a failure.

`Citizen` comes only in the burst (`OfficersThenBurst`): from `LOAD_BURST_AT` seconds,
`LOAD_BURST_CITIZENS` citizens (default 300) arrive within `LOAD_BURST_SECONDS` (30); each
opens the portal form, loads the communes of a province, submits, then looks its tracking code
up, and leaves.

Requests are named by endpoint pattern (`/don-thu/[id]/`), so the statistics are per endpoint.
`LOAD_MAX_REQUESTS` (default 200,000) stops the run once that many requests were made: a bound
on count besides `--run-time` (locust has no request cap of its own; with `--processes N` each
process counts its own).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
from locust import LoadTestShape, User, between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

from danvan.petitions.demo_text import Place, TextGenerator, generic_place

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path(
    os.environ.get("LOAD_MANIFEST") or ROOT / "var" / "load" / "loadtest" / "officers.json"
)
WAIT_MIN = float(os.environ.get("LOAD_WAIT_MIN") or 0.5)
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX") or 1.5)
BURST_CITIZENS = int(os.environ.get("LOAD_BURST_CITIZENS") or 300)
BURST_AT = float(os.environ.get("LOAD_BURST_AT") or 120)
BURST_SECONDS = float(os.environ.get("LOAD_BURST_SECONDS") or 30)
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS") or 200_000)
SIGN_IN_RETRY = 15.0  # seconds an officer waits before signing in again after a failure

CODE_RE = re.compile(r"\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b")
PETITION_LINK_RE = re.compile(r'href="/don-thu/(\d+)/"')
OPTION_RE = re.compile(r'<option value="(\d{2,5})"')
SEARCH_WORDS = (
    "đất đai", "bồi thường", "giải phóng mặt bằng", "lấn chiếm", "ô nhiễm", "xây dựng",
    "trợ cấp", "giấy chứng nhận", "boi thuong", "lan chiem", "tai dinh cu", "Nguyễn Văn",
)  # fmt: skip
KINDS = ("complaint", "complaint", "proposal", "report", "report", "denunciation")
CHANNELS = ("in_person", "post", "post", "box", "online")
# The moves an officer makes on its own petitions, in order, with the fields each needs.
NEXT_MOVE: dict[str, dict[str, Any]] = {
    "received": {"to": "triaged", "outcome": "accept", "reason": "Đủ điều kiện thụ lý."},
    "triaged": {"to": "accepted", "reason": "Thụ lý giải quyết theo thẩm quyền."},
    "accepted": {"to": "verifying", "reason": "Giao tổ xác minh nội dung đơn."},
    "verifying": {
        "to": "resolved",
        "reason": "Đã xác minh, ban hành kết luận.",
        "decision_number": "15/QĐ-UBND",
        "result_summary": "Đã xác minh, trả lời công dân bằng văn bản theo quy định.",
    },
    "resolved": {"to": "closed", "reason": "Công dân đã nhận kết quả, kết thúc hồ sơ."},
}

_officers: list[dict[str, Any]] = []
_officer_seq = itertools.count()
_citizen_seq = itertools.count()
_request_count = 0


def _officers_load() -> list[dict[str, Any]]:
    if not _officers:
        data = json.loads(MANIFEST.read_text("utf-8"))
        _officers.extend(data["officers"])
    return _officers


@events.request.add_listener
def _count_requests(**_kwargs: Any) -> None:
    global _request_count
    _request_count += 1
    if _request_count == MAX_REQUESTS:
        runner = getattr(Officer, "_runner", None)
        if runner is not None:
            gevent.spawn(runner.quit)


@events.test_start.add_listener
def _on_start(environment: Any, **_kwargs: Any) -> None:
    Officer._runner = environment.runner  # type: ignore[attr-defined]


def signed_in(method: Callable[[Any], None]) -> Callable[[Any], None]:
    """Run the task only with a session; without one (a sign-in that failed or timed out, a
    session lost), the officer signs in again first, as a person would."""

    @functools.wraps(method)
    def wrapper(self: Any) -> None:
        if not self.session_ok:
            # A person whose sign-in failed or timed out tries again after a while, not at once.
            gevent.sleep(max(0.0, self.sign_in_after - time.monotonic()))
            if not self.sign_in():
                self.sign_in_after = time.monotonic() + SIGN_IN_RETRY
                return
        method(self)

    return wrapper


class Browser(FastHttpUser):
    """A client behind the production reverse proxy, with its own address."""

    abstract = True
    address = "127.0.0.1"

    def __init__(self, environment: Any) -> None:
        self.environment = environment
        host = environment.host or ""
        origin = host.replace("http://", "https://", 1).rstrip("/")
        # Headers the TLS-terminating proxy adds, and the Origin a browser sends on a POST.
        self.default_headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address_next(),
            "Origin": origin,
            "Accept-Language": "vi",
        }
        super().__init__(environment)

    def address_next(self) -> str:
        return self.address

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken" and cookie.value:
                return str(cookie.value)
        return ""

    def call(
        self,
        method: str,
        path: str,
        *,
        name: str,
        expect: tuple[int, ...] = (200,),
        **kwargs: Any,
    ) -> Any:
        """One request; any status outside `expect` is a failure (redirects are not followed,
        so a lost session shows as a failure instead of a login page)."""
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            # The browser talks https to the proxy, so it sends the Secure cookies back; our
            # client talks plain http to the server behind it and would not.
            for cookie in self.client.cookiejar:
                cookie.secure = False
            if response.status_code in expect:
                response.success()
            else:
                body = (response.text or "")[:200].replace("\n", " ")
                response.failure(f"HTTP {response.status_code} (expected {expect}): {body}")
        return response

    def form_post(self, path: str, *, name: str, data: dict[str, Any], **kwargs: Any) -> Any:
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        return self.call("POST", path, name=name, data=data, **kwargs)

    def api(self, method: str, path: str, *, name: str, **kwargs: Any) -> Any:
        """The API through the signed-in session (as the pages' htmx calls do)."""
        headers = {"Accept": "application/json"}
        if method != "GET":
            headers["X-CSRFToken"] = self.csrf()
        return self.call(method, path, name=name, headers=headers, **kwargs)


class Officer(Browser):
    """A signed-in officer at a People's Committee, reading and writing in its own scope."""

    wait_time = between(WAIT_MIN, WAIT_MAX)

    def address_next(self) -> str:
        self.index = next(_officer_seq)
        worker = int(getattr(self.environment.runner, "worker_index", 0) or 0)
        return f"10.{20 + worker}.{self.index // 200}.{self.index % 200 + 1}"

    def on_start(self) -> None:
        # With `--processes N` each process takes every N-th account, from its worker index.
        processes = max(1, int(os.environ.get("LOAD_PROCESSES") or 1))
        worker = int(getattr(self.environment.runner, "worker_index", 0) or 0) % processes
        officers = _officers_load()[worker::processes]
        self.me = officers[self.index % len(officers)]
        self.rng = random.Random(self.index)
        self.text = TextGenerator(seed=1000 + self.index)
        self.places: list[Place] = [
            generic_place(code, "thôn bản", "xã", "tỉnh nhà", ward=False)
            for code in self.me["areas"]
        ]
        self.seen: list[int] = []  # petitions read in the last list
        self.own: dict[int, str] = {}  # petitions this officer registered -> status
        self.progress = self.rng.randint(1, 40)
        self.session_ok = False
        self.sign_in_after = 0.0
        if not self.sign_in():
            self.sign_in_after = time.monotonic() + SIGN_IN_RETRY

    def sign_in(self) -> bool:
        """The login form: the page (for its CSRF cookie), then the username and password."""
        page = self.call("GET", "/dang-nhap/", name="/dang-nhap/")
        if page.status_code != 200:
            return False
        response = self.form_post(
            "/dang-nhap/",
            name="/dang-nhap/ (POST)",
            data={"username": self.me["username"], "password": self.me["password"]},
            expect=(302,),
        )
        self.session_ok = response.status_code == 302
        return self.session_ok

    def call(self, method: str, path: str, *, name: str, **kwargs: Any) -> Any:
        response = super().call(method, path, name=name, **kwargs)
        location = (response.headers or {}).get("Location") or ""
        if response.status_code == 401 or location.startswith("/dang-nhap/"):
            self.session_ok = False
        return response

    # --- reads ----------------------------------------------------------------------------

    @task(8)
    @signed_in
    def home(self) -> None:
        self.call("GET", "/", name="/")

    @task(6)
    @signed_in
    def board(self) -> None:
        choice = self.rng.random()
        if choice < 0.6:
            self.call("GET", "/han-xu-ly/", name="/han-xu-ly/")
        elif choice < 0.8:
            self.call("GET", "/han-xu-ly/?rag=red", name="/han-xu-ly/?filters")
        else:
            self.call("GET", "/han-xu-ly/?assignee=me", name="/han-xu-ly/?filters")

    def _remember(self, html: str) -> None:
        ids = [int(i) for i in PETITION_LINK_RE.findall(html or "")]
        if ids:
            self.seen = ids[:50]

    @task(10)
    @signed_in
    def petition_list(self) -> None:
        r = self.rng.random()
        if r < 0.4:
            response = self.call("GET", "/don-thu/", name="/don-thu/")
        else:
            if r < 0.6:
                query = f"status={self.rng.choice(['received', 'triaged', 'accepted'])}"
            elif r < 0.7:
                query = f"kind={self.rng.choice(['complaint', 'proposal', 'report'])}"
            elif r < 0.8:
                query = "overdue=on"
            elif r < 0.9:
                query = "page=2"
            else:
                query = f"area={self.rng.choice(self.me['areas'])}"
            response = self.call("GET", f"/don-thu/?{query}", name="/don-thu/?filters")
        self._remember(response.text)

    @task(5)
    @signed_in
    def petition_search(self) -> None:
        word = self.rng.choice(SEARCH_WORDS)
        response = self.call("GET", "/don-thu/", name="/don-thu/?q=", params={"q": word})
        self._remember(response.text)

    def _some_petition(self) -> int | None:
        pool = self.seen or list(self.own)
        return self.rng.choice(pool) if pool else None

    @task(12)
    @signed_in
    def petition_detail(self) -> None:
        pk = self._some_petition()
        if pk is None:
            return self.petition_list()
        self.call("GET", f"/don-thu/{pk}/", name="/don-thu/[id]/")

    @task(4)
    @signed_in
    def reception_log(self) -> None:
        self.call("GET", "/tiep-cong-dan/so/", name="/tiep-cong-dan/so/")

    @task(3)
    @signed_in
    def tasks_page(self) -> None:
        self.call("GET", "/nhiem-vu/", name="/nhiem-vu/")

    @task(5)
    @signed_in
    def api_petition_list(self) -> None:
        params: dict[str, Any] = {"page_size": 20}
        if self.rng.random() < 0.3:
            params["status"] = "received"
        response = self.api("GET", "/api/v1/petitions", name="/api/v1/petitions", params=params)
        if response.status_code == 200:
            self.seen = [item["id"] for item in response.json()["items"]] or self.seen

    @task(5)
    @signed_in
    def api_petition_detail(self) -> None:
        pk = self._some_petition()
        if pk is None:
            return self.api_petition_list()
        self.api("GET", f"/api/v1/petitions/{pk}", name="/api/v1/petitions/[id]")

    @task(2)
    @signed_in
    def api_tasks(self) -> None:
        self.api("GET", "/api/v1/tasks", name="/api/v1/tasks", params={"who": "me"})

    @task(2)
    @signed_in
    def api_reception_entries(self) -> None:
        self.api("GET", "/api/v1/reception/entries", name="/api/v1/reception/entries")

    # --- writes ---------------------------------------------------------------------------

    def _letter(self, kind: str) -> Any:
        place = self.rng.choice(self.places)
        return self.text.petition(place=place, day=dt.date.today(), kind=kind)

    @task(3)
    @signed_in
    def register_petition(self) -> None:
        """The intake page: open it, the page asks for a topic and for similar petitions while
        the officer types, then the form is sent and the officer lands on the new case."""
        kind = self.rng.choice(KINDS)
        letter = self._letter(kind)
        area = self.rng.choice(self.me["areas"])
        if self.call("GET", "/don-thu/moi/", name="/don-thu/moi/").status_code != 200:
            return
        # htmx POSTs what has been typed (only the content field) while the officer types.
        self.form_post(
            "/nam-tinh-hinh/goi-y-linh-vuc/",
            name="/nam-tinh-hinh/goi-y-linh-vuc/",
            data={"content": letter.content},
        )
        person = letter.petitioners[0] if letter.petitioners else None
        people = {
            "person-TOTAL_FORMS": "1",
            "person-INITIAL_FORMS": "0",
            "person-MIN_NUM_FORMS": "0",
            "person-MAX_NUM_FORMS": "200",
            "person-0-full_name": person.full_name if person else "",
            "person-0-id_number": person.id_number if person else "",
            "person-0-address": person.address if person else "",
            "person-0-phone": person.phone if person else "",
        }
        self.form_post(
            "/don-thu/moi/don-trung/",
            name="/don-thu/moi/don-trung/",
            data={"content": letter.content, "area_code": area, **people},
        )
        data = {
            "kind": letter.kind,
            "channel": self.rng.choice(CHANNELS),
            "received_on": dt.date.today().strftime("%d/%m/%Y"),
            "area_code": area,
            "topic": letter.topic,
            "respondent": letter.respondent,
            "content": letter.content,
            "summary": letter.summary[:500],
            "requests": letter.requests,
            "complaint_round": "1",
            "organization_id": str(self.me["organization_id"]),
            **people,
        }
        response = self.form_post("/don-thu/moi/", name="/don-thu/moi/ (POST)", data=data,
                                  expect=(302,))  # fmt: skip
        match = re.search(r"/don-thu/(\d+)/", (response.headers or {}).get("Location") or "")
        if match:
            pk = int(match.group(1))
            self.own[pk] = "received"
            self.call("GET", f"/don-thu/{pk}/", name="/don-thu/[id]/")

    @task(5)
    @signed_in
    def move_petition(self) -> None:
        """Open one of its own cases in the API and move it one step with its version."""
        open_cases = [pk for pk, status in self.own.items() if status in NEXT_MOVE]
        if not open_cases:
            return self.register_petition()
        pk = self.rng.choice(open_cases)
        detail = self.api("GET", f"/api/v1/petitions/{pk}", name="/api/v1/petitions/[id]")
        if detail.status_code != 200:
            return
        case = detail.json()
        move = NEXT_MOVE.get(case["status"])
        allowed = {m["to"] for m in case.get("allowed_moves", [])}
        if move is None or move["to"] not in allowed:
            self.own[pk] = "done"
            return
        response = self.api(
            "POST",
            f"/api/v1/petitions/{pk}/transitions",
            name="/api/v1/petitions/[id]/transitions",
            json={**move, "expected_version": case["version"]},
        )
        if response.status_code == 200:
            self.own[pk] = response.json()["status"]

    @task(2)
    @signed_in
    def reception_entry(self) -> None:
        """A visitor at the desk: one line of the register, which opens a petition."""
        letter = self._letter("complaint")
        person = letter.petitioners[0]
        response = self.api(
            "POST",
            "/api/v1/reception/entries",
            name="/api/v1/reception/entries (POST)",
            expect=(201,),
            json={
                "organization_code": self.me["organization"],
                "received_on": dt.date.today().isoformat(),
                "visitor": {
                    "full_name": person.full_name,
                    "id_number": person.id_number,
                    "address": person.address,
                    "phone": person.phone,
                },
                "content": letter.content,
                "request": letter.requests[:2000],
                "outcome": "received",
                "petition_mode": "new",
                "petition_kind": "complaint",
                "area_code": self.rng.choice(self.me["areas"]),
                "topic": letter.topic,
                "summary": letter.summary[:500],
                "respondent": letter.respondent[:500],
            },
        )
        if response.status_code == 201:
            pk = response.json().get("petition_id")
            if pk:
                self.own[int(pk)] = "received"

    @task(3)
    @signed_in
    def task_progress(self) -> None:
        """Open its own task and report progress with the task's version."""
        pk = self.me["task"]
        detail = self.api("GET", f"/api/v1/tasks/{pk}", name="/api/v1/tasks/[id]")
        if detail.status_code != 200:
            return
        version = detail.json()["version"]
        self.progress = self.progress % 95 + 1
        self.api(
            "POST",
            f"/api/v1/tasks/{pk}/progress",
            name="/api/v1/tasks/[id]/progress",
            json={
                "progress": self.progress,
                "note": f"Đã thực hiện {self.progress}% khối lượng công việc.",
                "expected_version": version,
            },
        )


class Citizen(Browser):
    """A citizen on the portal: writes once, notes the tracking code, looks it up, leaves."""

    wait_time = constant(3600)  # one visit; stopped at the end of the run

    def address_next(self) -> str:
        self.index = next(_citizen_seq)
        worker = int(getattr(self.environment.runner, "worker_index", 0) or 0)
        return f"100.{64 + worker}.{self.index // 250}.{self.index % 250 + 1}"

    @task
    def visit(self) -> None:
        rng = random.Random(50_000 + self.index)
        form = self.call("GET", "/cong-dan/gui-y-kien/", name="/cong-dan/gui-y-kien/")
        if form.status_code != 200:
            return  # counted as a failure; without the form (and its CSRF cookie) they leave
        provinces = OPTION_RE.findall(form.text or "") or ["44"]
        province = rng.choice(provinces)
        options = self.call(
            "GET",
            f"/cong-dan/dia-ban/?tinh={province}",
            name="/cong-dan/dia-ban/?tinh=[code]",
        )
        communes = OPTION_RE.findall(options.text or "")
        commune = rng.choice(communes) if communes else ""
        kind = rng.choice(("proposal", "report", "complaint"))
        letter = TextGenerator(seed=self.index).petition(
            place=generic_place(commune or province, "nơi tôi ở", "xã", "tỉnh nhà", ward=False),
            day=dt.date.today(),
            kind=kind,
        )
        person = letter.petitioners[0] if letter.petitioners else None
        receipt = self.form_post(
            "/cong-dan/gui-y-kien/",
            name="/cong-dan/gui-y-kien/ (POST)",
            data={
                "kind": kind,
                "province": province,
                "commune": commune,
                "content": letter.content,
                "requests": letter.requests[:4000],
                "respondent": letter.respondent[:500],
                "name": person.full_name if person else "Nguyễn Văn Dân",
                "address": person.address if person else "",
                "phone": person.phone if person else "",
                "consent": "on",
                "website": "",
            },
        )
        if receipt.status_code != 200:
            return
        match = CODE_RE.search(receipt.text or "")
        self.call("GET", "/cong-dan/tra-cuu/", name="/cong-dan/tra-cuu/")
        if match:
            self.form_post(
                "/cong-dan/tra-cuu/", name="/cong-dan/tra-cuu/ (POST)", data={"code": match[1]}
            )
        else:
            # A receipt without a code would be a broken portal: count it.
            events.request.fire(
                request_type="CHECK",
                name="/cong-dan/gui-y-kien/ receipt code",
                response_time=0,
                response_length=0,
                exception=AssertionError("no tracking code on the receipt"),
                context={},
            )


class OfficersThenBurst(LoadTestShape):
    """`-u` officers ramped at `-r` per second; at `LOAD_BURST_AT` seconds the citizens arrive
    (`LOAD_BURST_CITIZENS` within `LOAD_BURST_SECONDS`); the run ends at `--run-time`."""

    use_common_options = True

    def tick(self) -> tuple[int, float, list[type[User]] | None] | None:
        options = self.runner.environment.parsed_options if self.runner else None
        if options is None:
            return None
        officers = int(options.num_users or 200)
        rate = float(options.spawn_rate or 20)
        run_time = options.run_time
        now = self.get_run_time()
        if run_time and now >= run_time:
            return None
        if BURST_CITIZENS and now >= BURST_AT:
            # Only citizens are added; the officers already running stay.
            return (
                officers + BURST_CITIZENS,
                max(1.0, BURST_CITIZENS / max(BURST_SECONDS, 1.0)),
                [Citizen],
            )
        return officers, rate, [Officer]
