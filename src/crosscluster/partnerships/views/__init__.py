"""The partnership's pages, by sub-domain: ``pages`` (home, list, profile, editing,
translations), ``lifecycle`` (creation, invitations, approvals, partners and coordinators) and
``workplan`` (work packages and items)."""

from crosscluster.partnerships.views.lifecycle import (
    answer_invitation,
    approvals,
    approve,
    decline,
    partner_invitations,
    partners,
    partnership_create,
    resubmit,
)
from crosscluster.partnerships.views.pages import (
    home,
    partnership_detail,
    partnership_edit,
    partnership_list,
    partnership_translations,
    work_plan,
)
from crosscluster.partnerships.views.workplan import (
    work_item_done,
    work_item_form,
    work_item_reopen,
    work_package_form,
)

__all__ = [
    "answer_invitation",
    "approvals",
    "approve",
    "decline",
    "home",
    "partner_invitations",
    "partners",
    "partnership_create",
    "partnership_detail",
    "partnership_edit",
    "partnership_list",
    "partnership_translations",
    "resubmit",
    "work_item_done",
    "work_item_form",
    "work_item_reopen",
    "work_package_form",
    "work_plan",
]
