"""Writes for the directory (a package; everything re-exported here).

- ``organisations``: creating and editing organisations, cluster members, cluster validation,
  the search index;
- ``onboarding``: registering an organisation, claiming a directory entry, asking to join a
  cluster and inviting an organisation into one, the decisions on these and withdrawing them;
- ``imports``: organisations coming in from a file (checked, matched, then all rows or none;
  ``import_updates``: the matched ones changed from the file, with the import's option);
- ``mail``: the e-mail of each of those events (one call per event).
"""

from crosscluster.directory.services.imports import (
    IMPORT_FIELDS,
    REQUIRED_FIELDS,
    ImportCheck,
    ImportResult,
    ImportRow,
    RowProblem,
    RowsChangedError,
    check_organisation_rows,
    import_organisation_rows,
)
from crosscluster.directory.services.onboarding import (
    DECISIONS,
    PossibleDuplicateError,
    ask_to_join_cluster,
    claim_organisation,
    decide_claim,
    decide_join_request,
    invite_organisation_to_cluster,
    register_organisation,
    withdraw_claim,
    withdraw_join_request,
)
from crosscluster.directory.services.organisations import (
    DIRECTORY_TABLES,
    NUTS_COUNTRY,
    REVIEW_DECISIONS,
    TEXT_LIMITS,
    OrganisationChanges,
    TagChoice,
    UnmetCriteriaError,
    add_cluster_member,
    create_organisation,
    expire_cluster_validations,
    refresh_search_index,
    remove_cluster_member,
    review_cluster,
    search_text_of,
    submit_cluster_for_review,
    update_organisation,
)

__all__ = [
    "DECISIONS",
    "DIRECTORY_TABLES",
    "IMPORT_FIELDS",
    "NUTS_COUNTRY",
    "REQUIRED_FIELDS",
    "REVIEW_DECISIONS",
    "TEXT_LIMITS",
    "ImportCheck",
    "ImportResult",
    "ImportRow",
    "OrganisationChanges",
    "PossibleDuplicateError",
    "RowProblem",
    "RowsChangedError",
    "TagChoice",
    "UnmetCriteriaError",
    "add_cluster_member",
    "ask_to_join_cluster",
    "check_organisation_rows",
    "claim_organisation",
    "create_organisation",
    "decide_claim",
    "decide_join_request",
    "expire_cluster_validations",
    "import_organisation_rows",
    "invite_organisation_to_cluster",
    "refresh_search_index",
    "register_organisation",
    "remove_cluster_member",
    "review_cluster",
    "search_text_of",
    "submit_cluster_for_review",
    "update_organisation",
    "withdraw_claim",
    "withdraw_join_request",
]
