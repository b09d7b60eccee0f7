"""Who sees and does what in the partner survey: the one place for its scope rules, built on pranata's wilayah
scope and forum's forum scope (survei imports both; neither imports it).

- A forum's coordinators run its rounds; officers (petugas) run the rounds of the forums and kelurahan in their
  wilayah; admins run all. Whoever runs a round sees the individual answers (who said what).
- Only officers (and admins) type a paper answer in on a lembaga's behalf, and only they adopt a stage as the
  declared one (pranata's services check the tie itself).
- Dinas Sosial staff read the rounds of their wilayah as aggregates: scores, response rate, pair states,
  never who said what.
- A lembaga answering through its link has no account: its token is its whole scope (views/kuesioner.py).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from forum import access as forum_access
from forum.models import Forum
from pranata import access
from pranata.models import Peran, WilayahQuerySet, subtree_q

from .models import Gelombang, GelombangQuerySet, Responden


def _in_kodes(kodes: list[str]) -> Q:
    """Rounds whose forum or wilayah lies under one of the codes."""
    q = Q(pk__in=[])
    for kode in kodes:
        q |= subtree_q(kode, "forum__wilayah__kode") | subtree_q(kode, "wilayah__kode")
    return q


def visible_gelombang(user: AbstractBaseUser) -> GelombangQuerySet:
    peran = access.peran_of(user)
    if peran == Peran.ADMIN:
        return Gelombang.objects.all()
    if peran == Peran.KOORDINATOR:
        return Gelombang.objects.filter(forum__in=Forum.objects.filter(koordinator=user))
    if peran in {Peran.PETUGAS, Peran.DINSOS}:
        return Gelombang.objects.filter(_in_kodes(access.scope_kodes(user)))
    return Gelombang.objects.none()


def managed_gelombang(user: AbstractBaseUser) -> GelombangQuerySet:
    """Rounds this user runs: issues links, reads individual answers, exports them, puts gaps on the agenda."""
    peran = access.peran_of(user)
    if peran in {Peran.ADMIN, Peran.KOORDINATOR, Peran.PETUGAS}:
        return visible_gelombang(user)
    return Gelombang.objects.none()


def paper_gelombang(user: AbstractBaseUser) -> GelombangQuerySet:
    """Rounds in which this user may type in a paper answer on a lembaga's behalf: officers' and admins'."""
    if not access.can_edit_registry(user):
        return Gelombang.objects.none()
    return managed_gelombang(user)


def sees_answers(user: AbstractBaseUser, gelombang: Gelombang) -> bool:
    return managed_gelombang(user).filter(pk=gelombang.pk).exists()


def can_adopt(user: AbstractBaseUser) -> bool:
    """Adopting a stage writes a tie's declared stage: a registry editor's act (the service checks the tie)."""
    return access.can_edit_registry(user)


def openable_forum(user: AbstractBaseUser):
    """Forums this user may open a round for: the ones they run or keep (forum's own rule)."""
    return forum_access.editable_forum(user).select_related("wilayah").order_by("nama")


def openable_wilayah(user: AbstractBaseUser) -> WilayahQuerySet:
    """Kelurahan/desa this user may open a round for: those where they register lembaga."""
    return access.editable_kelurahan(user).order_by("kode")


def can_open(user: AbstractBaseUser) -> bool:
    return openable_forum(user).exists() or openable_wilayah(user).exists()


def respondents_of(user: AbstractBaseUser, gelombang: Gelombang):
    return Responden.objects.filter(gelombang=gelombang, gelombang__in=managed_gelombang(user))
