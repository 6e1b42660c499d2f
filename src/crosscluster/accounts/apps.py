from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crosscluster.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # A new password revokes the person's API tokens through the password validator
        # ``services.RevokeApiTokensOnNewPassword`` (every path, the admin's included).
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
