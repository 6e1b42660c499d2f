"""``crosscluster load_funding_catalogue``: refresh the shared catalogue of financing instruments
from crosscluster/data/funding (upsert by key; partnerships' own instruments are left alone)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from crosscluster.businessplan.catalogue import load_catalogue
from crosscluster.businessplan.models import FundingInstrument
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop("Load or refresh the shared catalogue of financing instruments.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created, updated = load_catalogue(FundingInstrument, now=timezone.now())
        self.stdout.write(f"Funding catalogue: {created} created, {updated} updated.")
