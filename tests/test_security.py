"""Security walk: every URL for every role, escaping of hostile names, CSRF, login throttling, CSP."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from forum import services as forum_services
from forum.models import Keanggotaan, Kontribusi, ProgramBersama
from pendampingan import services as pd_services
from pendampingan.models import Pendamping
from pranata import services
from pranata.models import Lembaga, Peran
from tests.conftest import KELURAHAN, login
from tests.factories import ForumFactory, KebutuhanFactory, LembagaFactory, SumberDayaFactory, user_with_role

pytestmark = pytest.mark.django_db

# Answered to everyone, logged in or not: the health page (nothing personal, nothing written).
PUBLIC = {"pranata:sehat"}
POST_ONLY = {
    "pranata:lembaga-gabung",  # without a pair in the query string: 404 for editors, 403 for readers
    "pranata:impor-batal",
    "pranata:lembaga-status",
    "pranata:lembaga-archive",
    "pranata:lembaga-restore",
    "pranata:sumber-add",
    "pranata:kebutuhan-add",
    "pranata:sumber-remove",
    "pranata:kebutuhan-remove",
    "pranata:kebutuhan-toggle",
    "pranata:kerjasama-terima",
    "pranata:kerjasama-tahap",
    "pranata:kerjasama-akhiri",
    "forum:member-add",
    "forum:tindak-lanjut-status",
    "forum:program-status",
    "pendampingan:pelatihan-hasil",
}
GLOBAL_READS = {
    "pranata:home",
    "pranata:lembaga-list",
    "pranata:laporan-index",
    "pranata:laporan-istilah",
    "pranata:impor-templat",
    "forum:forum-list",
    "forum:pertemuan-list",
    "forum:program-list",
}
OBJECT_READS = {
    "pranata:lembaga-detail",
    "pranata:lembaga-riwayat",
    "pranata:kerjasama-detail",
    "pranata:kerjasama-riwayat",
    "pranata:kerjasama-dokumen",
    "pranata:laporan",
    "pranata:laporan-banding",
    "pranata:laporan-unduh",
    "pranata:laporan-peta",
    "forum:forum-detail",
    "forum:forum-riwayat",
    "forum:laporan",
    "forum:laporan-banding",
    "forum:laporan-unduh",
    "forum:laporan-peta",
    "forum:pertemuan-detail",
    "forum:pertemuan-riwayat",
    "forum:daftar-hadir",
    "forum:notulen",
    "forum:program-detail",
    "forum:aktivitas",
}
REGISTRY_EDITS = {"pranata:lembaga-create", "pranata:impor", "pranata:lembaga-ganda"}
OBJECT_EDITS = {"pranata:lembaga-edit", "pranata:kerjasama-create", "pranata:kerjasama-edit"}
# (member-end and pertemuan-hapus answer GET with their confirmation page; only the confirming POST acts)
FORUM_EDITS = {
    "forum:pertemuan-create",
    "forum:pertemuan-edit",
    "forum:pertemuan-hapus",
    "forum:program-create",
    "forum:kontribusi-create",
    "forum:kontribusi-edit",
    "forum:kontribusi-hapus",
    "forum:member-end",
}

# Pendampingan: lists for everyone; a pendamping's pages for those who see them (the pendamping role: their own);
# its report for readers other than pendamping; registering and editing people for registry editors; assigning
# for whoever keeps the forum or lembaga; logging for the pendamping and, from paper, the officers of their area.
PD_READS = {"pendampingan:pendamping-list", "pendampingan:kegiatan-list", "pendampingan:pelatihan-list"}
PD_OBJECT_READS = {
    "pendampingan:pendamping-detail",
    "pendampingan:pendamping-riwayat",
    "pendampingan:kegiatan-detail",
    "pendampingan:pelatihan-detail",
}
PD_REPORTS = {"pendampingan:laporan", "pendampingan:laporan-forum"}
PD_REGISTRY = {"pendampingan:pendamping-create", "pendampingan:pelatihan-create"}
PD_ASSIGN = {"pendampingan:penugasan-create", "pendampingan:penugasan-end"}
PD_LOG = {"pendampingan:kegiatan-create", "pendampingan:kegiatan-edit"}
PD_EDIT = {"pendampingan:pendamping-edit"}
PD_ALL = PD_READS | PD_OBJECT_READS | PD_REPORTS | PD_REGISTRY | PD_ASSIGN | PD_LOG | PD_EDIT

EXPECTED_200 = {
    "admin_user": GLOBAL_READS | OBJECT_READS | REGISTRY_EDITS | OBJECT_EDITS | FORUM_EDITS | PD_ALL,
    "officer": GLOBAL_READS | OBJECT_READS | REGISTRY_EDITS | OBJECT_EDITS | FORUM_EDITS | PD_ALL,
    "coordinator": GLOBAL_READS | OBJECT_READS | FORUM_EDITS | PD_READS | PD_OBJECT_READS | PD_REPORTS | PD_ASSIGN,
    "analyst": GLOBAL_READS | OBJECT_READS | PD_READS | PD_OBJECT_READS | PD_REPORTS,
    "companion": GLOBAL_READS | OBJECT_READS | PD_READS | PD_OBJECT_READS | PD_LOG,
    "outsider": GLOBAL_READS | REGISTRY_EDITS | {"forum:program-create"} | PD_READS | PD_REGISTRY,
}


@pytest.fixture
def companion(wilayah):
    """A pendamping (role) working in the officer's kelurahan; the world links them to a Pendamping record."""
    return user_with_role("pendamping", Peran.PENDAMPING, [KELURAHAN])


@pytest.fixture
def world(officer, coordinator, companion, wilayah, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    a = LembagaFactory(nama="LPMK Ilir D IV", wilayah=wilayah["kelurahan"])
    b = LembagaFactory(nama="PKK Ilir D IV", wilayah=wilayah["kelurahan"])
    tie = services.kerjasama_create(
        lembaga_a=a,
        lembaga_b=b,
        tahap=3,
        mulai=datetime.date(2024, 1, 1),
        oleh=officer,
        dasar="mou",
        dokumen=SimpleUploadedFile("mou.pdf", b"%PDF-1.4"),
    )
    forum = ForumFactory(nama="Forum Ilir D IV", wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    member = Keanggotaan.objects.create(forum=forum, lembaga=a, mulai=datetime.date(2024, 1, 1))
    meeting = forum_services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": datetime.date(2024, 2, 1), "jenis": "rapat_rutin"},
        hadir=[forum_services.Hadir(a)],
        sepakat=[],
        lanjut=[forum_services.Lanjut("Undangan", a)],
    )
    program = ProgramBersama.objects.create(
        nama="Posyandu", forum=forum, wilayah=wilayah["kelurahan"], mulai=datetime.date(2024, 1, 1)
    )
    program.peserta.create(lembaga=a)
    kontribusi = Kontribusi.objects.create(
        program=program, lembaga=a, jenis="tenaga", uraian="Kader", jumlah=2, satuan="orang", tanggal=program.mulai
    )
    sumber, kebutuhan = SumberDayaFactory(lembaga=a), KebutuhanFactory(lembaga=a)
    kode = wilayah["kelurahan"].kode
    pendamping = Pendamping.objects.create(
        nama="Siti Aminah", jenis="psm", wilayah=wilayah["kelurahan"], mulai=datetime.date(2023, 1, 1), user=companion
    )
    penugasan = pd_services.penugasan_create(
        pendamping=pendamping, forum=forum, mulai=datetime.date(2024, 1, 1), oleh=coordinator
    )
    kegiatan = pd_services.kegiatan_log(
        pendamping=pendamping, oleh=companion, tanggal=datetime.date(2024, 2, 1), tugas="penguatan", lembaga=a,
        uraian="Penyuluhan",
    )  # fmt: skip
    pelatihan = pd_services.pelatihan_create(
        oleh=officer, peserta=[pendamping], nama="Pembekalan PSM", penyelenggara="Dinas Sosial",
        wilayah=wilayah["kelurahan"], mulai=datetime.date(2024, 3, 1), selesai=datetime.date(2024, 3, 3),
    )  # fmt: skip
    return {
        "pendampingan:pendamping-detail": [pendamping.pk],
        "pendampingan:pendamping-edit": [pendamping.pk],
        "pendampingan:pendamping-riwayat": [pendamping.pk],
        "pendampingan:penugasan-create": [pendamping.pk],
        "pendampingan:penugasan-end": [penugasan.pk],
        "pendampingan:kegiatan-create": [pendamping.pk],
        "pendampingan:kegiatan-detail": [kegiatan.pk],
        "pendampingan:kegiatan-edit": [kegiatan.pk],
        "pendampingan:pelatihan-detail": [pelatihan.pk],
        "pendampingan:pelatihan-hasil": [pelatihan.pk],
        "pendampingan:laporan": [kode],
        "pendampingan:laporan-forum": [forum.pk],
        "pranata:lembaga-detail": [a.pk],
        "pranata:lembaga-edit": [a.pk],
        "pranata:lembaga-riwayat": [a.pk],
        "pranata:lembaga-status": [a.pk],
        "pranata:impor-batal": [],
        "pranata:lembaga-archive": [a.pk],
        "pranata:lembaga-restore": [a.pk],
        "pranata:sumber-add": [a.pk],
        "pranata:kebutuhan-add": [a.pk],
        "pranata:sumber-remove": [a.pk, sumber.pk],
        "pranata:kebutuhan-remove": [a.pk, kebutuhan.pk],
        "pranata:kebutuhan-toggle": [a.pk, kebutuhan.pk],
        "pranata:kerjasama-create": [a.pk],
        "pranata:kerjasama-detail": [tie.pk],
        "pranata:kerjasama-edit": [tie.pk],
        "pranata:kerjasama-riwayat": [tie.pk],
        "pranata:kerjasama-tahap": [tie.pk],
        "pranata:kerjasama-dokumen": [tie.pk],
        "pranata:kerjasama-akhiri": [tie.pk],
        "pranata:impor-templat": ["lembaga", "csv"],
        "pranata:laporan": [kode],
        "pranata:laporan-banding": [kode],
        "pranata:laporan-unduh": [kode, "graphml"],
        "pranata:laporan-peta": [kode],
        "forum:forum-detail": [forum.pk],
        "forum:forum-riwayat": [forum.pk],
        "forum:member-add": [forum.pk],
        "forum:member-end": [forum.pk, member.pk],
        "forum:pertemuan-create": [forum.pk],
        "forum:laporan": [forum.pk],
        "forum:laporan-banding": [forum.pk],
        "forum:laporan-unduh": [forum.pk, "csv"],
        "forum:laporan-peta": [forum.pk],
        "forum:pertemuan-detail": [meeting.pk],
        "forum:pertemuan-edit": [meeting.pk],
        "forum:pertemuan-hapus": [meeting.pk],
        "forum:pertemuan-riwayat": [meeting.pk],
        "forum:daftar-hadir": [meeting.pk],
        "forum:notulen": [meeting.pk],
        "forum:tindak-lanjut-status": [meeting.tindak_lanjut.get().pk],
        "forum:program-detail": [program.pk],
        "forum:program-status": [program.pk],
        "forum:kontribusi-create": [program.pk],
        "forum:kontribusi-edit": [kontribusi.pk],
        "forum:kontribusi-hapus": [kontribusi.pk],
        "forum:aktivitas": [kode],
    }


def all_url_names() -> set[str]:
    resolver = get_resolver()
    namespaces = ("pranata", "forum", "pendampingan")
    return {f"{ns}:{p.name}" for ns in namespaces for p in resolver.namespace_dict[ns][1].url_patterns}


def test_the_walk_covers_every_url_pattern(world):
    assert (
        all_url_names()
        == GLOBAL_READS
        | OBJECT_READS
        | REGISTRY_EDITS
        | OBJECT_EDITS
        | FORUM_EDITS
        | POST_ONLY
        | PD_ALL
        | {"pranata:impor-konfirmasi", "pendampingan:kegiatan-mulai"}
        | PUBLIC
    )


@pytest.mark.parametrize("persona", list(EXPECTED_200))
def test_every_url_answers_each_role_as_allowed(client, request, world, persona):
    login(client, request.getfixturevalue(persona))
    answered = {}
    for name in sorted(all_url_names()):
        response = client.get(reverse(name, args=world.get(name, [])))
        answered[name] = response.status_code
        assert response.status_code != 500, name
    assert {name for name, status in answered.items() if status == 200} == EXPECTED_200[persona] | PUBLIC
    for name in POST_ONLY:
        assert answered[name] in {403, 404, 405}, name


def test_anonymous_users_are_sent_to_login_everywhere(client, world):
    for name in all_url_names() - PUBLIC:
        response = client.get(reverse(name, args=world.get(name, [])))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    for name in PUBLIC:
        assert client.get(reverse(name)).status_code == 200, name


HOSTILE = "<script>alert(1)</script>"


def test_hostile_names_are_escaped_in_pages_svg_and_exports(client, officer, analyst, wilayah):
    a = LembagaFactory(nama=HOSTILE, wilayah=wilayah["kelurahan"])
    b = LembagaFactory(nama="PKK", wilayah=wilayah["kelurahan"])
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=datetime.date(2024, 1, 1), oleh=officer)
    login(client, analyst)
    pages = [
        reverse("pranata:lembaga-list"),
        a.get_absolute_url(),
        reverse("pranata:laporan", args=["16.71.05.1006"]),
        reverse("pranata:laporan-unduh", args=["16.71.05.1006", "graphml"]),
        reverse("pranata:laporan-unduh", args=["16.71.05.1006", "gexf"]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert HOSTILE not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_csrf_is_enforced_on_posts(officer, wilayah):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(officer)
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    assert csrf_client.post(reverse("pranata:lembaga-archive", args=[lembaga.pk])).status_code == 403
    assert csrf_client.post(reverse("pranata:lembaga-create"), {"nama": "X"}).status_code == 403
    lembaga.refresh_from_db()
    assert lembaga.status == "aktif"
    assert list(Lembaga.objects.values_list("pk", flat=True)) == [lembaga.pk]


def test_login_is_throttled_after_five_wrong_passwords(client, officer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "petugas", "password": "salah-salah-salah"})
    response = client.post(reverse("login"), {"username": "petugas", "password": "kata-sandi-uji-123"})
    assert "Akun dikunci sementara" in response.text
    assert "_auth_user_id" not in client.session


def test_pages_carry_a_strict_content_security_policy(client, officer):
    response = login(client, officer).get(reverse("pranata:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_templates_have_no_inline_scripts_or_external_assets():
    for path in Path("templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert " style=" not in text and "onclick=" not in text, path
