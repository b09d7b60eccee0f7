"""The set-based bulk writes write what the one-row services write: same tie, same history row, same stage."""

import datetime
import gc

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from pranata import bulk, imports, services
from pranata.models import Kerjasama, Lembaga, RiwayatTahap
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SKIP = {"id", "lembaga_a", "lembaga_b", "history_id", "kerjasama", "history_date", "dibuat", "diubah", "dicatat"}


def recent(moment: datetime.datetime) -> bool:
    """Written by this test: the suite's clock ticks on from its frozen start."""
    return datetime.timedelta(0) <= timezone.now() - moment < datetime.timedelta(seconds=30)


def _data(obj) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in SKIP}


def test_bulk_insert_returns_ids_in_order_with_every_other_column_defaulted(wilayah, officer):
    a, b, c = (LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(3))
    rows = [
        {"lembaga_a_id": a.pk, "lembaga_b_id": c.pk, "tahap": 3, "mulai": D(2020, 5, 1)},
        {"lembaga_a_id": a.pk, "lembaga_b_id": b.pk, "tahap": 1, "mulai": D(2021, 1, 2)},
    ]
    ids = bulk.insert(Kerjasama, rows)

    stored = [Kerjasama.objects.get(pk=pk) for pk in ids]
    assert [(t.lembaga_a_id, t.lembaga_b_id, t.tahap, t.mulai) for t in stored] == [
        (a.pk, c.pk, 3, D(2020, 5, 1)),
        (a.pk, b.pk, 1, D(2021, 1, 2)),
    ]
    first = stored[0]
    assert (first.versi, first.catatan, first.selesai, first.kepercayaan, first.dasar) == (
        1,
        "",
        None,
        None,
        "informal",
    )
    assert recent(first.dibuat) and recent(first.diubah)  # auto_now(_add), as save() sets them


def test_bulk_insert_refuses_to_repeat_one_value_in_a_unique_column(wilayah):
    with pytest.raises(ValueError, match="kode"):
        bulk.insert(Lembaga, [{"nama": "Posyandu Mawar", "wilayah_id": wilayah["kelurahan"].pk}])
    assert not Lembaga.objects.exists()


def test_a_bulk_tie_has_the_same_row_history_and_first_stage_as_one_made_by_the_form_service(wilayah, officer):
    a, b, c = (LembagaFactory(wilayah=wilayah["kelurahan"], aktif_sejak=D(2019, 1, 1)) for _ in range(3))
    one = services.kerjasama_create(
        lembaga_a=a, lembaga_b=b, tahap=2, mulai=D(2020, 3, 4), oleh=officer, bukti="Diimpor dari berkas"
    )
    (pk,) = services.kerjasama_bulk_create(
        ties=[services.NewTie(a=c, b=a, tahap=2, mulai=D(2020, 3, 4), bukti="Diimpor dari berkas")], oleh=officer
    )
    many = Kerjasama.objects.get(pk=pk)

    assert (many.lembaga_a_id, many.lembaga_b_id) == tuple(sorted([a.pk, c.pk]))
    assert _data(many) == _data(one)
    assert [_data(h) for h in many.history.all()] == [_data(h) for h in one.history.all()]
    assert [(h.history_type, h.history_user) for h in many.history.all()] == [("+", officer)]
    assert recent(many.history.get().history_date) and recent(one.history.get().history_date)
    assert [_data(r) for r in RiwayatTahap.objects.filter(kerjasama=many)] == [
        _data(r) for r in RiwayatTahap.objects.filter(kerjasama=one)
    ]
    assert recent(RiwayatTahap.objects.get(kerjasama=many).dicatat)


def test_a_bulk_tie_that_starts_before_a_lembaga_moves_its_first_active_day_back(wilayah, officer):
    a, b = (LembagaFactory(wilayah=wilayah["kelurahan"], aktif_sejak=D(2022, 1, 1)) for _ in range(2))
    services.kerjasama_bulk_create(ties=[services.NewTie(a=a, b=b, tahap=1, mulai=D(2021, 6, 1))], oleh=officer)
    assert sorted(Lembaga.objects.values_list("aktif_sejak", "versi")) == [(D(2021, 6, 1), 2), (D(2021, 6, 1), 2)]


def test_an_import_is_planned_and_written_with_the_cycle_collector_paused(wilayah, officer, monkeypatch):
    a, b = (LembagaFactory(wilayah=wilayah["kelurahan"], aktif_sejak=D(2019, 1, 1)) for _ in range(2))
    seen = []
    real_check, real_write = imports.KINDS["kerjasama"].check, imports.KINDS["kerjasama"].write

    def check(*args):
        seen.append(("check", gc.isenabled()))
        return real_check(*args)

    def write(*args):
        seen.append(("write", gc.isenabled()))
        return real_write(*args)

    monkeypatch.setattr(imports.KINDS["kerjasama"], "check", check)
    monkeypatch.setattr(imports.KINDS["kerjasama"], "write", write)
    data = f"kode_lembaga_a,kode_lembaga_b,tahap,mulai\n{a.kode},{b.kode},Kooperasi,01/02/2020\n".encode()
    imports.apply(imports.plan("kerjasama", data, "k.csv", officer), officer)

    assert seen == [("check", False), ("write", False)] and gc.isenabled()
    assert list(Kerjasama.objects.values_list("tahap", "mulai")) == [(2, D(2020, 2, 1))]
