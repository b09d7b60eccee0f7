"""`make load`: a bounded load test — gunicorn (4 workers) + PostgreSQL with the kabupaten bench data,
50 concurrent users for 60 s over list, detail, report and meeting-log pages, on 127.0.0.1 only.

Passes when no request fails and every meeting logged during the load is in the database afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from bench.database import postgres_url

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/simpul_load"
PORT = 8767
SECRET = "load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "DATABASE_URL": DATABASE_URL,
}
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Persona:
    """One simulated user: a logged-in session and what they work on."""

    role: str
    session: str
    desa: list[str]
    lembaga: list[int]
    forum: int | None = None


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    meetings_posted: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.times[label].append(seconds)
            if error:
                self.errors.append(f"{label}: {error}")


def setup() -> None:
    os.environ.update({k: v for k, v in PRODUCTION_ENV.items() if k != "DEBUG"})
    os.environ["DEBUG"] = "1"  # the load process itself only prepares data and sessions
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    postgres_url(DATABASE_URL, fresh=False)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from bench import data

    data.ensure(data.SHAPES["kabupaten"])
    data.analyze()


def personas(rng: random.Random) -> list[Persona]:
    """35 officers, 10 coordinators (each with a forum), 5 Dinas Sosial analysts."""
    from bench.load_users import make_personas

    return make_personas(rng)


def start_server() -> subprocess.Popen:
    env = {**os.environ, **PRODUCTION_ENV}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(60):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/masuk/")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("load: gunicorn did not start")


class Browser:
    """A keep-alive HTTP client for one persona; only ever talks to 127.0.0.1."""

    def __init__(self, persona: Persona, tally: Tally):
        self.persona, self.tally = persona, tally
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookies = {"sessionid": persona.session}

    def request(self, label: str, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.tally.add(label, time.perf_counter() - started, f"{path}: {exc}")
            return 0, ""
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        ok = response.status in {200, 302} if method == "POST" else response.status == 200
        self.tally.add(label, time.perf_counter() - started, None if ok else f"{path}: HTTP {response.status}")
        return response.status, text


class FormFields(HTMLParser):
    """The fields a browser would send for a page's forms: inputs with their values (checkboxes only when
    ticked), textareas and each select's chosen option, so the load posts the meeting form as a user does
    (its attendance rows, one-time token and management forms included)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first_option = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            else:
                self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "")
        elif tag == "select" and name:
            self._select, self._first_option = name, True
        elif tag == "option" and self._select:
            if self._first_option or "selected" in a:
                self.fields[self._select] = a.get("value", "")
            self._first_option = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def log_meeting(browser: Browser, rng: random.Random) -> None:
    forum = browser.persona.forum
    status, page = browser.request("catat pertemuan (form)", "GET", f"/forum/{forum}/pertemuan/baru/")
    if status != 200 or not TOKEN_RE.search(page):
        return
    parser = FormFields()
    parser.feed(page)
    fields = parser.fields | {
        "p-tanggal": time.strftime("%Y-%m-%d"),
        "p-jenis": "rapat_rutin",
        "p-tempat": "Balai RW",
        "p-agenda": f"beban {rng.random():.6f}",
    }
    from urllib.parse import urlencode

    status, _ = browser.request(
        "catat pertemuan (simpan)", "POST", f"/forum/{forum}/pertemuan/baru/", urlencode(fields)
    )
    if status == 302:
        with browser.tally.lock:
            browser.tally.meetings_posted += 1
        return
    with browser.tally.lock:
        browser.tally.errors.append(f"catat pertemuan (simpan): answered {status}, not saved")


def act(browser: Browser, rng: random.Random) -> None:
    p = browser.persona
    choice = rng.random()
    if p.role == "koordinator" and choice < 0.3:
        log_meeting(browser, rng)
    elif p.role == "koordinator" and choice < 0.6:
        browser.request("daftar pertemuan", "GET", "/forum/pertemuan/")
    elif choice < 0.35:
        browser.request("daftar lembaga", "GET", f"/lembaga/?page={rng.randint(1, 20)}")
    elif choice < 0.7:
        browser.request("detail lembaga", "GET", f"/lembaga/{rng.choice(p.lembaga)}/")
    else:
        browser.request("laporan kelurahan", "GET", f"/laporan/{rng.choice(p.desa)}/")


def user_loop(persona: Persona, tally: Tally, until: float, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(persona, tally)
    while time.perf_counter() < until:
        act(browser, rng)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def summary(tally: Tally, seconds: float) -> str:
    lines = ["| page | requests | median | p95 | errors |", "|---|---|---|---|---|"]
    for label, values in sorted(tally.times.items()):
        n_err = sum(1 for e in tally.errors if e.startswith(label + ":"))
        median, slow = statistics.median(values) * 1000, p95(values) * 1000
        lines.append(f"| {label} | {len(values)} | {median:.0f} ms | {slow:.0f} ms | {n_err} |")
    total = sum(len(v) for v in tally.times.values())
    lines.append(f"\n{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), {len(tally.errors)} errors")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    setup()
    rng = random.Random(7)
    people = personas(rng)[: args.users]
    from forum.models import Pertemuan

    before = Pertemuan.objects.filter(agenda__startswith="beban ").count()
    server = start_server()
    tally = Tally()
    try:
        until = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=user_loop, args=(p, tally, until, i)) for i, p in enumerate(people)]
        print(f"load: {len(threads)} users for {args.seconds} s against gunicorn on 127.0.0.1:{PORT}…", flush=True)
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    saved = Pertemuan.objects.filter(agenda__startswith="beban ").count() - before
    text = "\n".join(
        [
            "# Simpul load test (`make load`)",
            "",
            f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} CPU; gunicorn 4 workers + PostgreSQL, "
            f"the bench kabupaten; {len(threads)} users for {args.seconds} s on 127.0.0.1",
            "",
            summary(tally, elapsed),
            "",
            f"Meetings logged: {tally.meetings_posted} answered as saved, {saved} found in the database.",
            *[f"- error: {error}" for error in tally.errors[:20]],
        ]
    )
    print(text)
    (ROOT / "bench" / "RESULTS-load.md").write_text(text + "\n", encoding="utf-8")
    return 0 if not tally.errors and saved == tally.meetings_posted else 1


if __name__ == "__main__":
    raise SystemExit(main())
