"""Writes for partnerships. Atomic, keyword-only; errors name the field and the fix.

- ``profile``: the partnership's page fields (``update_partnership``);
- ``lifecycle``: creation, approval or decline (and asking again), partner invitations and
  their answers, coordinators;
- ``workplan``: work packages, tasks, milestones and deliverables, their completion.
"""

from crosscluster.partnerships.services.lifecycle import (
    NewPartnership,
    add_coordinator,
    answer_partner_invitation,
    approve_partnership,
    create_partnership,
    decline_partnership,
    invite_partner,
    remove_coordinator,
    resubmit_partnership,
)
from crosscluster.partnerships.services.profile import (
    TEXT_LIMITS,
    PartnershipChanges,
    translate_partnership,
    update_partnership,
)
from crosscluster.partnerships.services.workplan import (
    KEEP,
    EvidenceDocument,
    WorkItemFields,
    add_work_item,
    add_work_package,
    complete_work_item,
    reopen_work_item,
    update_work_item,
    update_work_package,
)

__all__ = [
    "KEEP",
    "TEXT_LIMITS",
    "EvidenceDocument",
    "NewPartnership",
    "PartnershipChanges",
    "WorkItemFields",
    "add_coordinator",
    "add_work_item",
    "add_work_package",
    "answer_partner_invitation",
    "approve_partnership",
    "complete_work_item",
    "create_partnership",
    "decline_partnership",
    "invite_partner",
    "remove_coordinator",
    "reopen_work_item",
    "resubmit_partnership",
    "translate_partnership",
    "update_partnership",
    "update_work_item",
    "update_work_package",
]
