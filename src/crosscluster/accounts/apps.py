from typing import Any

from django.apps import AppConfig


def _revoke_tokens_of(*, user: Any, **_: Any) -> None:
    """A new password (changed, set or reset) revokes all the person's API tokens: a token
    made by whoever knew the old password must not outlive it."""
    from django.utils import timezone

    from crosscluster.accounts.services import revoke_all_api_tokens

    revoke_all_api_tokens(user_id=user.pk, now=timezone.now())


class AccountsConfig(AppConfig):
    name = "crosscluster.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set

        for signal in (password_changed, password_reset, password_set):
            signal.connect(_revoke_tokens_of, dispatch_uid=f"revoke-tokens-{id(signal)}")

        from crosscluster.accounts.services import (
            erase_dormant_accounts,
            erase_unverified_accounts,
        )
        from crosscluster.core.personal_data import RetentionRule, register_rule

        register_rule(
            RetentionRule(
                name="accounts unverified after CROSSCLUSTER_UNVERIFIED_ACCOUNT_DAYS",
                apply=erase_unverified_accounts,
            )
        )
        register_rule(
            RetentionRule(
                name="accounts unused for CROSSCLUSTER_DORMANT_ACCOUNT_DAYS",
                apply=erase_dormant_accounts,
            )
        )
