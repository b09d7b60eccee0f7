"""Everyday pages at a kabupaten's size: lists, a busy lembaga, a forum, the meeting list. Target p95 ≤ 25 ms
server time (the engine issue; the earlier goal was 150 ms), read against the one-query minimal view in the
"× baseline" column, with a query count that does not grow with the data."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import User
from django.test import Client

from forum.models import Forum, Pertemuan
from pranata.models import Kerjasama, Lembaga

from .cases import Bench, get
from .timing import Result, measure

PAGE = 0.025


def timed_page(bench: Bench, client: Client, name: str, url: str) -> Result:
    fetch = get(client, url)
    fetch()  # the first request pays for template loading: not what a user waits for on a running server
    return measure(name, "kabupaten", fetch, runs=bench.fast_runs, target=PAGE)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def list_pages(bench: Bench, analyst: User) -> list[Result]:
    """The lembaga list at a kabupaten's size: first page, a deep page, a filtered page; constant queries."""
    urls = ["/lembaga/", "/lembaga/?page=400", "/lembaga/?sektor=warga&page=50"]
    results = [timed_page(bench, bench.client, f"daftar {url}", url) for url in urls]
    # The same deep page as a Dinas Sosial analyst: the scope filter (wilayah code prefixes) joins in.
    results.append(timed_page(bench, logged_in(analyst), f"daftar {urls[1]} (dinsos)", urls[1]))
    return results


def busiest_lembaga(kode: str) -> int:
    """The kabupaten lembaga with the most ties: its detail page lists every one of them."""
    ids = Lembaga.objects.in_wilayah([kode]).values("pk")
    degree: Counter[int] = Counter()
    for a, b in Kerjasama.objects.within(ids).values_list("lembaga_a_id", "lembaga_b_id").iterator():
        degree.update((a, b))
    return degree.most_common(1)[0][0]


def busiest_forum(kode: str) -> Forum:
    """The kabupaten forum with the most meetings (its page aggregates them)."""
    forums = Forum.objects.filter(wilayah__kode__startswith=f"{kode}.")
    counts = Counter(Pertemuan.objects.filter(forum__in=forums).values_list("forum_id", flat=True).iterator())
    return Forum.objects.get(pk=counts.most_common(1)[0][0])


def forum_pages(bench: Bench, kode: str, coordinator: User) -> list[Result]:
    lembaga = busiest_lembaga(kode)
    forum = busiest_forum(kode)
    coordinated = coordinator.forum_dikoordinasi.first()
    bench.findings.append(
        f"Pages: lembaga {lembaga} has the most ties in {kode}; forum {forum.pk} ({forum.nama}) the most meetings; "
        f"the coordinator runs forum {coordinated.pk if coordinated else '–'}."
    )
    return [
        timed_page(bench, bench.client, "lembaga /lembaga/<pk>/ (most ties)", f"/lembaga/{lembaga}/"),
        timed_page(bench, bench.client, "forum /forum/<pk>/ (most meetings)", f"/forum/{forum.pk}/"),
        timed_page(
            bench, logged_in(coordinator), "daftar /forum/pertemuan/ (koordinator, 1 forum)", "/forum/pertemuan/"
        ),
        timed_page(bench, bench.client, "daftar /forum/pertemuan/ (superuser, all forums)", "/forum/pertemuan/"),
    ]
