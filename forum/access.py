"""Who sees and edits what in the forum app: the one place for its scope rules, on the model of
pranata/access.py (whose wilayah scope it builds on). Views, panels and services all ask here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from pranata import access as pranata_access
from pranata.models import Peran, subtree_q

from .models import Forum, ProgramBersama


def _in_scope(user: AbstractBaseUser) -> QuerySet[Forum]:
    kodes = pranata_access.scope_kodes(user)
    if kodes is None:
        return Forum.objects.all()
    q = Q(pk__in=[])
    for kode in kodes:
        q |= subtree_q(kode, "wilayah__kode")
    return Forum.objects.filter(q)


def visible_forum(user: AbstractBaseUser) -> QuerySet[Forum]:
    """Coordinators see the forums they run; everyone else the forums inside their wilayah."""
    if pranata_access.peran_of(user) == Peran.KOORDINATOR:
        return Forum.objects.filter(koordinator=user)
    return _in_scope(user)


def editable_forum(user: AbstractBaseUser) -> QuerySet[Forum]:
    """Who logs meetings: a forum's coordinators, officers of its wilayah, admins. Dinas Sosial only reads."""
    peran = pranata_access.peran_of(user)
    if peran == Peran.KOORDINATOR:
        return Forum.objects.filter(koordinator=user)
    if peran in {Peran.ADMIN, Peran.PETUGAS}:
        return _in_scope(user)
    return Forum.objects.none()


def visible_program(user: AbstractBaseUser) -> QuerySet[ProgramBersama]:
    """Programmes of the forums a user sees, and those of the wilayah in their scope."""
    kodes = pranata_access.scope_kodes(user)
    if kodes is None:
        return ProgramBersama.objects.all()
    q = Q(forum__in=visible_forum(user))
    for kode in kodes:
        q |= subtree_q(kode, "wilayah__kode")
    return ProgramBersama.objects.filter(q)


def can_edit_program(user: AbstractBaseUser, program: ProgramBersama) -> bool:
    """Who writes to a programme (its status, its ledger): for a forum's programme, those who run the forum;
    for one of a wilayah, registry editors of that wilayah. Every programme write checks this (services), and
    pages ask it to show edit links only to those who may use them."""
    if program.forum_id is not None:
        return editable_forum(user).filter(pk=program.forum_id).exists()
    return (
        pranata_access.can_edit_registry(user)
        and pranata_access.visible_wilayah(user).filter(pk=program.wilayah_id).exists()
    )


def can_create_program(user: AbstractBaseUser) -> bool:
    """Registry editors (for their wilayah) and anyone who runs a forum (for that forum)."""
    return pranata_access.can_edit_registry(user) or editable_forum(user).exists()
