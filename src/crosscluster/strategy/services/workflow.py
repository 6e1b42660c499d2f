"""The JIS's workflow (draft, in review, adopted), its adopted versions, and members' comments
and proposals."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships.queries import AnyUser, get_standing, require_coordinator
from crosscluster.strategy import queries
from crosscluster.strategy.models import (
    Comment,
    CommentKind,
    ProposalStatus,
    SectionKey,
    Strategy,
    StrategyState,
    StrategyVersion,
)
from crosscluster.strategy.services.common import (
    BODY_LIMIT,
    NOT_A_COORDINATOR,
    NOT_A_MEMBER,
    TRANSITIONS,
    _choice,
    _locked_strategy,
)

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

# ---------------------------------------------------------------- workflow and versions

# How the note of a move that is not an adoption starts, in the comments.
MOVE_NOTE_PREFIX: dict[str, str] = {
    StrategyState.IN_REVIEW: "Submitted for review",
    StrategyState.DRAFT: "Moved back to draft",
    StrategyState.ADOPTED: "Adopted",
}


def adoption_problems(*, strategy: Strategy) -> dict[str, list[str]]:
    """What must be filled in before the strategy can be adopted (empty: nothing)."""
    problems: dict[str, list[str]] = {}
    if not strategy.technology_domains.exists():
        problems["technologies"] = [
            _("Add at least one technology domain before adopting the strategy.")
        ]
    if not strategy.markets.exists():
        problems["markets"] = [
            _("Choose at least one priority market (from the market ranking) before adopting.")
        ]
    if not strategy.actions.exists():
        problems["roadmap"] = [_("Add at least one roadmap action before adopting the strategy.")]
    return problems


def _refused_move(state: str, to: str) -> str:
    """Why a strategy that is ``state`` does not move to ``to``: a whole sentence per case (a
    state's name put into one sentence would not agree with it in every language)."""
    if state == to == StrategyState.DRAFT:
        return _("The strategy is a draft already.")
    if state == to == StrategyState.IN_REVIEW:
        return _("The strategy is in review already.")
    if state == to:
        return _("The strategy is adopted already: move it back to draft to change it.")
    if state == StrategyState.DRAFT:  # to adopted
        return _("A draft is not adopted directly: move it to review first.")
    return _("An adopted strategy moves back to draft before it is reviewed again.")


def move_strategy(
    *, user: AnyUser, partnership: Partnership, to: str, now: datetime, note: str = ""
) -> Strategy:
    """Move the strategy draft -> in review -> adopted (or back to draft). Adopting stores an
    immutable version (snapshot) numbered one more than the last, with ``note``; the note of any
    other move is posted as a comment on the strategy as a whole (nothing typed is dropped)."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    cleaned_note = errors.text("note", note, limit=BODY_LIMIT)
    if to not in StrategyState.values:
        errors.add(
            "to", _("Choose one of: %(choices)s.") % {"choices": ", ".join(StrategyState.values)}
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        if to not in TRANSITIONS[strategy.state]:
            raise ValidationError({"to": [_refused_move(strategy.state, to)]})
        if to == StrategyState.ADOPTED:
            problems = adoption_problems(strategy=strategy)
            if problems:
                raise ValidationError(problems)
            number = strategy.current_version + 1
            StrategyVersion.objects.create(
                strategy=strategy,
                number=number,
                snapshot=queries.build_snapshot(partnership=partnership, strategy=strategy)
                | {"state": StrategyState.ADOPTED.value},
                adopted_at=now,
                adopted_by=user if user.is_authenticated else None,
                adopted_by_name=str(user),
                note=cleaned_note,
            )
            strategy.current_version = number
        elif cleaned_note:
            # The note of any other move (e.g. "Submit for review") is the mover's message to
            # the partners: it is posted to the strategy's comments, where the review happens.
            Comment.objects.create(
                strategy=strategy,
                section=SectionKey.GENERAL,
                kind=CommentKind.COMMENT,
                body=f"{MOVE_NOTE_PREFIX[to]}: {cleaned_note}",
                author=user if user.is_authenticated else None,
                author_name=str(user),
                status=ProposalStatus.NONE,
                version_number=strategy.current_version,
                created_at=now,
            )
        strategy.state = to
        strategy.state_changed_at = now
        strategy.save()
    return strategy


# ---------------------------------------------------------------- comments and proposals


def post_comment(
    *,
    user: AnyUser,
    partnership: Partnership,
    section: str,
    body: str,
    kind: str = CommentKind.COMMENT,
    item_key: str = "",
    now: datetime,
) -> Comment:
    """A member's comment on a section (or one of its items), or a proposed change."""
    standing = get_standing(user=user, partnership_id=partnership.pk)
    if not (standing.is_member or standing.is_coordinator):
        raise PermissionDenied(NOT_A_MEMBER)
    errors = FieldErrors()
    text = errors.text(
        "body",
        body,
        limit=BODY_LIMIT,
        required=_("Write the comment (or the change you propose)."),
    )
    _choice(errors, "section", section, SectionKey.values)
    _choice(errors, "kind", kind, CommentKind.values)
    key = (item_key or "").strip()
    if key and section in SectionKey.values and section != SectionKey.GENERAL:
        snapshot = queries.build_snapshot(
            partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
        )
        if key not in {item["key"] for item in snapshot["sections"][section]}:
            errors.add(
                "item_key",
                _(
                    "%(key)r is not an item of the section %(label)r: leave it empty to comment on the whole section."
                )
                % {"key": key, "label": SectionKey(section).label},
            )
    elif key:
        errors.add("item_key", _("Comments on the strategy as a whole do not name an item."))
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        return Comment.objects.create(
            strategy=strategy,
            section=section,
            item_key=key,
            kind=kind,
            body=text,
            author=user if user.is_authenticated else None,
            author_name=str(user),
            status=ProposalStatus.OPEN if kind == CommentKind.PROPOSAL else ProposalStatus.NONE,
            version_number=strategy.current_version,
            created_at=now,
        )


def decide_proposal(
    *, user: AnyUser, comment: Comment, accept: bool, note: str = "", now: datetime
) -> Comment:
    """The coordinator accepts or rejects an open proposal (a rejection says why). Accepting
    records the decision; the coordinator then makes the change in the section."""
    partnership = comment.strategy.partnership
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    cleaned = errors.text("decision_note", note, limit=BODY_LIMIT)
    if not accept and not cleaned:
        errors.add("decision_note", _("Say why the proposal is rejected."))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.kind != CommentKind.PROPOSAL:
            errors.add(
                "status", _("This is a comment, not a proposal: there is nothing to decide.")
            )
        elif locked.status == ProposalStatus.ACCEPTED:
            errors.add("status", _("This proposal was accepted already."))
        elif locked.status == ProposalStatus.REJECTED:
            errors.add("status", _("This proposal was rejected already."))
        errors.raise_if_any()
        locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        locked.decided_by = user if user.is_authenticated else None
        locked.decided_at = now
        locked.decision_note = cleaned
        locked.save()
    return locked
