"""Choices shared by several apps (no models here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERSHIP = "partnership", _("Partnership members")
    PRIVATE = "private", _("Coordinators only")
