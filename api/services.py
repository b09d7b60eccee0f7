"""Writes of the API app: making and revoking personal tokens, and logging calls."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PanggilanApi, TokenApi

# Every secret starts with this, so a leaked one is recognisable (secret scanners, log filters).
PREFIX = "simpul_"
SHOWN = len(PREFIX) + 6


def token_digest(secret: str) -> str:
    """What is stored and looked up: the secret's SHA-256. A 32-byte random secret needs no salt or slow
    hash (nothing to guess from a dictionary), and a fast hash keeps the lookup one indexed query."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user: AbstractBaseUser, nama: str, berlaku_sampai: datetime.date | None = None
) -> tuple[TokenApi, str]:
    """A new token and its secret. The secret is returned once and never stored: only its digest is."""
    if berlaku_sampai and berlaku_sampai < timezone.localdate():
        raise ValidationError({"berlaku_sampai": _("Tanggal berlaku tidak boleh di masa lalu.")})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = TokenApi(
        user=user, nama=nama.strip(), awalan=secret[:SHOWN], sidik=token_digest(secret), berlaku_sampai=berlaku_sampai
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: TokenApi, oleh: AbstractBaseUser) -> TokenApi:
    """Revoke a token for good (a revoked token is kept, so the call log still names it)."""
    if token.user_id != oleh.pk and not oleh.is_superuser:
        raise PermissionDenied(_("Token ini bukan milik Anda."))
    token = TokenApi.objects.select_for_update().get(pk=token.pk)
    if token.dicabut is None:
        token.dicabut = timezone.now()
        token.save(update_fields=["dicabut"])
    return token


def panggilan_log(
    *,
    user_id: int | None,
    token_id: int | None,
    metode: str,
    path: str,
    query: str,
    status: int,
    durasi_ms: int,
) -> PanggilanApi:
    """One row per call (a single INSERT: no transaction of its own needed)."""
    return PanggilanApi.objects.create(
        user_id=user_id,
        token_id=token_id,
        metode=metode[:8],
        path=path[:255],
        query=query[:500],
        status=status,
        durasi_ms=durasi_ms,
    )


@transaction.atomic
def panggilan_prune(*, days: int | None = None) -> int:
    """Drop call log rows older than SIMPUL_API_LOG_HARI days; how many went."""
    days = settings.SIMPUL_API_LOG_HARI if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _by_model = PanggilanApi.objects.filter(dicatat__lt=cutoff).delete()
    return deleted
