"""Who may see and change what. Every view gets its querysets from here, so scope lives in one place.

Scope is a set of wilayah codes: a user sees everything whose wilayah code starts with one of them.
Admins see everything; officers edit inside their scope; coordinators and Dinas Sosial staff only read.
Objects outside scope are simply not in the queryset, so a lookup by id gives 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import (
    Kerjasama,
    KerjasamaQuerySet,
    Lembaga,
    LembagaQuerySet,
    Peran,
    Profil,
    Tingkat,
    Wilayah,
    WilayahQuerySet,
)

AnyUser = AbstractBaseUser | AnonymousUser
_CACHE_ATTR = "_simpul_scope"


def peran_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Peran.ADMIN
    profil = getattr(user, "profil", None)
    return profil.peran if profil else None


def is_admin(user: AnyUser) -> bool:
    return peran_of(user) == Peran.ADMIN


def scope_kodes(user: AnyUser) -> list[str] | None:
    """The wilayah codes a user works under; None means everywhere (admins)."""
    if is_admin(user):
        return None
    if not hasattr(user, _CACHE_ATTR):
        kodes: list[str] = []
        if user.is_authenticated and getattr(user, "profil", None):
            kodes = list(user.profil.wilayah.values_list("kode", flat=True))
        setattr(user, _CACHE_ATTR, kodes)
    return getattr(user, _CACHE_ATTR)


def scope_kodes_sql(profil: str, *, vendor: str) -> str:
    """SQL for a user's scope read with another query that joins their profil (`profil`: the quoted column
    holding its id): the codes joined by commas, or NULL for none. `remember_scope` takes the answer, so
    `scope_kodes` then asks nothing (the API reads a token's user this way: one round trip less per call)."""
    join = "STRING_AGG" if vendor == "postgresql" else "GROUP_CONCAT"
    m2m = Profil.wilayah.through._meta
    return (
        f"SELECT {join}(w.kode, ',') FROM {Wilayah._meta.db_table} w "
        f"JOIN {m2m.db_table} pw ON pw.wilayah_id = w.id WHERE pw.profil_id = {profil}"
    )


def remember_scope(user: AnyUser, joined: str | None) -> None:
    """The scope `scope_kodes_sql` read, as `scope_kodes` would have read it (in code order)."""
    kodes = sorted(joined.split(",")) if joined and getattr(user, "profil", None) else []
    setattr(user, _CACHE_ATTR, kodes)


def can_edit_registry(user: AnyUser) -> bool:
    return peran_of(user) in {Peran.ADMIN, Peran.PETUGAS}


def require_registry_editor(user: AnyUser) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("Peran Anda hanya dapat melihat data, tidak mengubahnya."))


def can_queue_work(user: AnyUser) -> bool:
    """Who may ask the worker to compute again (a failed report): the roles that change data, not readers."""
    return peran_of(user) in {Peran.ADMIN, Peran.PETUGAS, Peran.KOORDINATOR}


def can_export_personal_data(user: AnyUser) -> bool:
    """Contact names and phones leave Simpul in bulk only for registry editors, and only when asked (UU PDP)."""
    return can_edit_registry(user)


def visible_wilayah(user: AnyUser) -> WilayahQuerySet:
    kodes = scope_kodes(user)
    return Wilayah.objects.all() if kodes is None else Wilayah.objects.within(kodes)


def assigned_wilayah(user: AnyUser) -> WilayahQuerySet:
    """The wilayah a user was given (for admins: every provinsi), the roots of their home page."""
    kodes = scope_kodes(user)
    if kodes is None:
        return Wilayah.objects.filter(tingkat=Tingkat.PROVINSI)
    return Wilayah.objects.filter(kode__in=kodes)


def editable_kelurahan(user: AnyUser) -> WilayahQuerySet:
    """Kelurahan/desa where this user may register or move a lembaga."""
    if not can_edit_registry(user):
        return Wilayah.objects.none()
    return visible_wilayah(user).kelurahan()


def visible_lembaga(user: AnyUser) -> LembagaQuerySet:
    kodes = scope_kodes(user)
    if kodes is None:
        return Lembaga.objects.all()
    return Lembaga.objects.in_wilayah(kodes)


def editable_lembaga(user: AnyUser) -> LembagaQuerySet:
    if not can_edit_registry(user):
        return Lembaga.objects.none()
    return visible_lembaga(user)


def visible_kerjasama(user: AnyUser) -> KerjasamaQuerySet:
    """A tie is visible when either end is: a tie may cross into a neighbouring kelurahan."""
    kodes = scope_kodes(user)
    if kodes is None:
        return Kerjasama.objects.all()
    return Kerjasama.objects.involving(visible_lembaga(user).values("pk"))


def editable_kerjasama(user: AnyUser) -> KerjasamaQuerySet:
    if not can_edit_registry(user):
        return Kerjasama.objects.none()
    return Kerjasama.objects.involving(editable_lembaga(user).values("pk"))


def tie_partner_candidates(user: AnyUser, lembaga: Lembaga) -> LembagaQuerySet:
    """Active lembaga a tie from `lembaga` may go to: the user's own, and any in the same kecamatan."""
    kecamatan = lembaga.wilayah.kode.rpartition(".")[0]
    nearby = Lembaga.objects.in_wilayah([kecamatan]).values("pk")
    own = visible_lembaga(user).values("pk")
    return (
        Lembaga.objects.aktif()
        .filter(Q(pk__in=nearby) | Q(pk__in=own))
        .exclude(pk=lembaga.pk)
        .select_related("wilayah")
        .order_by("nama", "pk")
    )
