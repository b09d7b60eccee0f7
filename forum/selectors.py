from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from pranata import access
from pranata.models import Peran, subtree_q

from .models import Forum


def visible_forum(user: AbstractBaseUser) -> QuerySet[Forum]:
    """Coordinators see the forums they run; everyone else the forums inside their wilayah."""
    peran = access.peran_of(user)
    if peran == Peran.KOORDINATOR:
        return Forum.objects.filter(koordinator=user)
    kodes = access.scope_kodes(user)
    if kodes is None:
        return Forum.objects.all()
    q = Forum.objects.none()
    for kode in kodes:
        q = q | Forum.objects.filter(subtree_q(kode, "wilayah__kode"))
    return q
