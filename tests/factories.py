from __future__ import annotations

import datetime

import factory
from django.contrib.auth.models import User

from forum.models import Forum
from pranata.models import (
    Kebutuhan,
    Lembaga,
    PranataSosial,
    Profil,
    RiwayatStatus,
    Sektor,
    StatusLembaga,
    SumberDaya,
    Tingkat,
    Wilayah,
)


class WilayahFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wilayah
        django_get_or_create = ["kode"]

    kode = "16"
    nama = factory.Sequence(lambda n: f"Wilayah {n}")
    tingkat = factory.LazyAttribute(lambda o: Tingkat.from_kode(o.kode))


def wilayah_path(kode: str, nama: str | None = None) -> Wilayah:
    """Create a wilayah and all its ancestors, linked by `induk`."""
    parent = None
    parts = kode.split(".")
    for depth in range(1, len(parts) + 1):
        code = ".".join(parts[:depth])
        parent = WilayahFactory(kode=code, induk=parent, **({"nama": nama} if nama and code == kode else {}))
    return parent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Uji"
    password = factory.django.Password("kata-sandi-uji-123")


def user_with_role(username: str, peran: str, kodes: list[str]) -> User:
    user = UserFactory(username=username)
    profil = Profil.objects.create(user=user, peran=peran)
    profil.wilayah.set(Wilayah.objects.filter(kode__in=kodes))
    return user


class LembagaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lembaga
        skip_postgeneration_save = True

    kode = factory.Sequence(lambda n: f"UJI-{n:05d}")
    nama = factory.Sequence(lambda n: f"Lembaga {n}")
    sektor = Sektor.WARGA
    pranata = factory.LazyFunction(
        lambda: PranataSosial.objects.get_or_create(
            kode="kesejahteraan-sosial", defaults={"nama": "Kesejahteraan sosial"}
        )[0]
    )
    wilayah = factory.LazyFunction(lambda: wilayah_path("16.71.05.1006"))
    # Early enough for every tie the tests date; tests about the lifecycle set it themselves.
    aktif_sejak = datetime.date(2000, 1, 1)

    @factory.post_generation
    def status_row(obj, create, extracted, **kwargs):
        """A lembaga made inactive by the factory gets the dated row the services would have written."""
        if create and obj.status != StatusLembaga.AKTIF:
            RiwayatStatus.objects.create(lembaga=obj, status=obj.status, berlaku_mulai=obj.aktif_sejak)


class SumberDayaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SumberDaya

    lembaga = factory.SubFactory(LembagaFactory)
    jenis = "tenaga"
    uraian = "Relawan"


class KebutuhanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kebutuhan

    lembaga = factory.SubFactory(LembagaFactory)
    jenis = "dana"
    uraian = "Operasional"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    nama = factory.Sequence(lambda n: f"Forum {n}")
    wilayah = factory.LazyFunction(lambda: wilayah_path("16.71.05.1006"))
