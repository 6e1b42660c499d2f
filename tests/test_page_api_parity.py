"""Every action a page offers is also in the API, and vice versa (docs/architecture.md, API).

``PAGE_OPERATIONS`` maps each page that changes something to the API operation(s) doing the
same; ``PAGE_ONLY`` and ``API_ONLY`` are the reasoned exceptions; ``KNOWN_GAPS`` are pages whose
API is still to be written (the list may only shrink). The tests fail when

(a) a page accepts POST and is in none of the three page lists,
(b) an operation id named here is no longer in the API's schema (or a page named here no
    longer accepts POST: the lists stay honest),
(c) an API write (POST, PUT, PATCH, DELETE) is neither mapped to a page nor in ``API_ONLY``.

How a page is found to accept POST (``accepted_methods``), for every URL pattern of the URLconf
whose view is ours (``crosscluster.*``; allauth's and the admin's are third-party, the API is
the other side):

1. a view decorated with ``require_http_methods`` (``require_POST``, ``require_safe``) declares
   its methods: the decorator's closure holds ``request_method_list``, read from each wrapper
   down the ``__wrapped__`` chain;
2. a class-based view accepts the methods it has a handler for;
3. an undecorated view accepts every method; it is counted as taking a POST when its source,
   or that of a function of ours it calls by name (two levels down, e.g. the shared
   translations page), reads ``request.POST``, ``request.FILES`` or ``request.method``.
   A view that ignores the method does nothing different on a POST.

``test_the_detector_sees_each_way_a_view_takes_a_post`` checks each way on a known view.
"""

from __future__ import annotations

import functools
import inspect
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

#: page URL name -> the API operation ids that do what the page's form does
PAGE_OPERATIONS: dict[str, tuple[str, ...]] = {
    # accounts
    "accounts:profile": ("crosscluster_accounts_api_update_me",),
    "accounts:erase_account": ("crosscluster_accounts_api_erase_account",),
    "accounts:create_token": ("crosscluster_accounts_api_create_token",),
    "accounts:revoke_token": ("crosscluster_accounts_api_revoke_token",),
    "accounts:invite": ("crosscluster_accounts_api_invite_person",),
    "accounts:answer_invitation": (
        "crosscluster_accounts_api_accept_invitation",
        "crosscluster_accounts_api_decline_invitation",
    ),
    # the e-mailed link's page; over the API the signed-in invitee accepts by id
    "accounts:accept_invitation": ("crosscluster_accounts_api_accept_invitation",),
    "accounts:leave": ("crosscluster_accounts_api_leave_organisation",),
    "accounts:change_person": (
        "crosscluster_accounts_api_change_role",
        "crosscluster_accounts_api_remove_person",
    ),
    # directory
    "directory:register": ("crosscluster_directory_api_register_organisation",),
    "directory:organisation_edit": ("crosscluster_directory_api_patch_organisation",),
    "directory:claim": ("crosscluster_directory_api_claim_organisation",),
    "directory:decide_claim": ("crosscluster_directory_api_decide_claim",),
    "directory:withdraw_claim": ("crosscluster_directory_api_withdraw_claim",),
    "directory:ask_to_join": ("crosscluster_directory_api_ask_to_join",),
    "directory:join_cluster": ("crosscluster_directory_api_ask_to_join",),
    "directory:invite_organisation": ("crosscluster_directory_api_invite_organisation",),
    "directory:decide_join_request": ("crosscluster_directory_api_decide_join_request",),
    "directory:withdraw_join_request": ("crosscluster_directory_api_withdraw_join_request",),
    "directory:remove_member": ("crosscluster_directory_api_remove_member",),
    "directory:submit_for_review": ("crosscluster_directory_api_ask_for_review",),
    "directory:review": ("crosscluster_directory_api_review_cluster",),
    # partnerships
    "partnerships:create": ("crosscluster_partnerships_api_create_partnership",),
    "partnerships:edit": ("crosscluster_partnerships_api_patch_partnership",),
    "partnerships:approve": ("crosscluster_partnerships_api_approve_partnership",),
    "partnerships:decline": ("crosscluster_partnerships_api_decline_partnership",),
    "partnerships:resubmit": ("crosscluster_partnerships_api_resubmit_partnership",),
    "partnerships:answer": ("crosscluster_partnerships_api_answer_partner_invitation",),
    "partnerships:partners": (
        "crosscluster_partnerships_api_invite_partner",
        "crosscluster_partnerships_api_add_coordinator",
        "crosscluster_partnerships_api_remove_coordinator",
    ),
    "partnerships:package_add": ("crosscluster_partnerships_api_add_work_package",),
    "partnerships:package_edit": ("crosscluster_partnerships_api_update_work_package",),
    "partnerships:item_add": ("crosscluster_partnerships_api_add_work_item",),
    "partnerships:item_edit": ("crosscluster_partnerships_api_update_work_item",),
    "partnerships:item_done": ("crosscluster_partnerships_api_complete_work_item",),
    "partnerships:item_reopen": ("crosscluster_partnerships_api_reopen_work_item",),
    "partnerships:translations": ("crosscluster_partnerships_api_put_translation",),
    "partnerships:translation": (
        "crosscluster_partnerships_api_put_translation",
        "crosscluster_partnerships_api_delete_translation",
    ),
    # events
    "events:create": ("crosscluster_events_api_create_event",),
    "events:edit": ("crosscluster_events_api_patch_event",),
    "events:delete": ("crosscluster_events_api_delete_event",),
    "events:programme_add": ("crosscluster_events_api_create_programme_item",),
    "events:programme_edit": ("crosscluster_events_api_patch_programme_item",),
    "events:programme_delete": ("crosscluster_events_api_delete_programme_item",),
    "events:programme_move": ("crosscluster_events_api_order_programme",),
    # content
    "content:news_create": ("crosscluster_content_api_create_news",),
    "content:news_edit": ("crosscluster_content_api_patch_news",),
    "content:news_delete": ("crosscluster_content_api_delete_news",),
    "content:news_translations": ("crosscluster_content_api_put_news_translation",),
    "content:news_translation": (
        "crosscluster_content_api_put_news_translation",
        "crosscluster_content_api_delete_news_translation",
    ),
    "content:document_create": ("crosscluster_content_api_upload_document",),
    "content:document_edit": ("crosscluster_content_api_patch_document",),
    "content:document_delete": ("crosscluster_content_api_delete_document",),
    # marketplace
    "marketplace:opportunity_create": ("crosscluster_marketplace_api_create_opportunity",),
    "marketplace:opportunity_edit": ("crosscluster_marketplace_api_patch_opportunity",),
    "marketplace:opportunity_publish": ("crosscluster_marketplace_api_publish_opportunity",),
    "marketplace:opportunity_close": ("crosscluster_marketplace_api_close_opportunity",),
    "marketplace:opportunity_translations": (
        "crosscluster_marketplace_api_put_opportunity_translation",
    ),
    "marketplace:opportunity_translation": (
        "crosscluster_marketplace_api_put_opportunity_translation",
        "crosscluster_marketplace_api_delete_opportunity_translation",
    ),
    # the form's tag suggestions (htmx, a read sent by POST for its long text)
    "marketplace:suggest_tags": ("crosscluster_directory_api_suggest_tags",),
    "marketplace:interest_create": ("crosscluster_marketplace_api_create_interest",),
    "marketplace:match_add": ("crosscluster_marketplace_api_add_match",),
    "marketplace:match_steer": ("crosscluster_marketplace_api_steer_match",),
    "marketplace:match_feedback": ("crosscluster_marketplace_api_mark_match",),
    "marketplace:follow": ("crosscluster_marketplace_api_follow_opportunity",),
    "marketplace:follow_partnership": ("crosscluster_marketplace_api_follow_partnership",),
    "marketplace:interest_decide": (
        "crosscluster_marketplace_api_accept_interest",
        "crosscluster_marketplace_api_decline_interest",
    ),
    # brokerage
    "brokerage:set_up": ("crosscluster_brokerage_api_put_session",),
    "brokerage:registration": ("crosscluster_brokerage_api_set_registration_open",),
    "brokerage:register": ("crosscluster_brokerage_api_register",),
    "brokerage:withdraw": ("crosscluster_brokerage_api_withdraw",),
    "brokerage:decide": ("crosscluster_brokerage_api_decide",),
    "brokerage:availability": ("crosscluster_brokerage_api_set_availability",),
    "brokerage:capture_need": ("crosscluster_brokerage_api_capture_need",),
    "brokerage:send_request": ("crosscluster_brokerage_api_send_request",),
    "brokerage:answer_request": ("crosscluster_brokerage_api_answer_request",),
    "brokerage:cancel_request": ("crosscluster_brokerage_api_cancel_request",),
    "brokerage:fixed_table": (
        "crosscluster_brokerage_api_assign_fixed_table",
        "crosscluster_brokerage_api_release_fixed_table",
    ),
    "brokerage:agenda_options": ("crosscluster_brokerage_api_set_agenda_options",),
    "brokerage:run": ("crosscluster_brokerage_api_run_scheduler",),
    "brokerage:lock": ("crosscluster_brokerage_api_lock_meeting",),
    "brokerage:publish": ("crosscluster_brokerage_api_publish_run",),
    "brokerage:report_outcome": ("crosscluster_brokerage_api_record_outcome",),
    "brokerage:record_agreement": ("crosscluster_brokerage_api_record_agreement",),
    "brokerage:new_agreement": ("crosscluster_brokerage_api_record_agreement",),
    "brokerage:edit_agreement": ("crosscluster_brokerage_api_onsite_update_agreement",),
    "brokerage:arrival": ("crosscluster_brokerage_api_onsite_set_arrival",),
    "brokerage:check_in": ("crosscluster_brokerage_api_onsite_scan_badge",),
    "brokerage:attendance": ("crosscluster_brokerage_api_onsite_record_attendance",),
    "brokerage:propose_booking": ("crosscluster_brokerage_api_onsite_propose_booking",),
    "brokerage:answer_booking": ("crosscluster_brokerage_api_onsite_answer_booking",),
    "brokerage:withdraw_booking": ("crosscluster_brokerage_api_onsite_withdraw_booking",),
    "brokerage:remove_booking": ("crosscluster_brokerage_api_onsite_remove_booking",),
    "brokerage:book_slot": ("crosscluster_brokerage_api_onsite_book_slot",),
    # strategy
    "strategy:edit": ("crosscluster_strategy_api_patch_strategy",),
    "strategy:move": ("crosscluster_strategy_api_move_strategy",),
    "strategy:comments": ("crosscluster_strategy_api_post_comment",),
    "strategy:decide": ("crosscluster_strategy_api_decide_proposal",),
    "strategy:section": (
        "crosscluster_strategy_api_add_technology",
        "crosscluster_strategy_api_add_offering",
        "crosscluster_strategy_api_add_initiative",
        "crosscluster_strategy_api_add_action",
        "crosscluster_strategy_api_add_support_mechanism",
    ),
    "strategy:item_edit": (
        "crosscluster_strategy_api_patch_technology",
        "crosscluster_strategy_api_patch_offering",
        "crosscluster_strategy_api_patch_initiative",
        "crosscluster_strategy_api_patch_action",
        "crosscluster_strategy_api_patch_support_mechanism",
        "crosscluster_strategy_api_patch_market",
    ),
    "strategy:item_delete": (
        "strategy_delete_technologies",
        "strategy_delete_offerings",
        "strategy_delete_initiatives",
        "strategy_delete_actions",
        "strategy_delete_support_mechanisms",
        "strategy_delete_markets",
    ),
    "strategy:judgement_edit": ("crosscluster_strategy_api_put_market_judgement",),
    "strategy:choose_markets": ("crosscluster_strategy_api_set_markets",),
    "strategy:action_progress": ("crosscluster_strategy_api_put_action_progress",),
    "strategy:translations": ("crosscluster_strategy_api_put_strategy_translation",),
    "strategy:translation": (
        "crosscluster_strategy_api_put_strategy_translation",
        "crosscluster_strategy_api_delete_strategy_translation",
    ),
    # business plan
    "businessplan:edit": ("crosscluster_businessplan_api_put_plan",),
    "businessplan:action": (
        "crosscluster_businessplan_api_add_cost",
        "crosscluster_businessplan_api_add_effort",
        "crosscluster_businessplan_api_add_financing",
    ),
    "businessplan:line_edit": (
        "crosscluster_businessplan_api_patch_cost",
        "crosscluster_businessplan_api_patch_effort",
        "crosscluster_businessplan_api_patch_financing",
    ),
    "businessplan:line_delete": (
        "businessplan_delete_costs",
        "businessplan_delete_staff",
        "businessplan_delete_financing",
    ),
    "businessplan:instruments": ("crosscluster_businessplan_api_add_instrument",),
    "businessplan:instrument_edit": ("crosscluster_businessplan_api_patch_instrument",),
    "businessplan:instrument_delete": ("crosscluster_businessplan_api_delete_instrument",),
    "businessplan:calls": ("crosscluster_businessplan_api_add_call",),
    "businessplan:call_edit": ("crosscluster_businessplan_api_patch_call",),
    "businessplan:call_delete": ("crosscluster_businessplan_api_delete_call",),
    # regions
    "regions:partner_region": (
        "crosscluster_regions_api_put_partner_region",
        "crosscluster_regions_api_delete_partner_region",
    ),
    "regions:from_directory": ("crosscluster_regions_api_take_regions_from_directory",),
    "regions:region": ("crosscluster_regions_api_add_priority",),
    "regions:priority_edit": ("crosscluster_regions_api_patch_priority",),
    "regions:priority_delete": ("crosscluster_regions_api_delete_priority",),
    "regions:adopt": ("crosscluster_regions_api_adopt_candidates",),
    "regions:generate": ("crosscluster_regions_api_generate_recommendations",),
    "regions:recommendation_edit": ("crosscluster_regions_api_patch_recommendation",),
    "regions:recommendation_delete": ("crosscluster_regions_api_delete_recommendation",),
    # exports, monitoring, imports, archives, notifications, conversations
    "exports:request": ("crosscluster_exports_api_create_export",),
    "monitoring:set_target": ("crosscluster_monitoring_api_set_target",),
    "monitoring:refresh_network": ("crosscluster_monitoring_api_refresh_network",),
    "imports:start": ("crosscluster_imports_api_upload",),
    "imports:mapping": ("crosscluster_imports_api_map_columns",),
    "imports:import": ("crosscluster_imports_api_start_import",),
    "archives:start": ("crosscluster_archives_api_upload_archive",),
    "notifications:mark_read": ("crosscluster_notifications_api_mark_read",),
    "notifications:mark_all_read": ("crosscluster_notifications_api_mark_all_read",),
    "notifications:preferences": ("crosscluster_notifications_api_put_preferences",),
    "conversations:invite": ("crosscluster_conversations_api_invite_provider",),
    "conversations:answer": ("crosscluster_conversations_api_answer_invitation",),
    "conversations:post_message": ("crosscluster_conversations_api_post_message",),
    "conversations:propose_meeting": ("crosscluster_conversations_api_propose_meeting",),
    "conversations:propose_slot": ("crosscluster_conversations_api_propose_slot",),
    "conversations:answer_slot": ("crosscluster_conversations_api_answer_slot",),
    "conversations:withdraw_slot": ("crosscluster_conversations_api_withdraw_slot",),
}

#: pages that take a POST with no API operation, and why none is needed
PAGE_ONLY: dict[str, str] = {
    "set_language": "the browser's language switch (a cookie); API clients send Accept-Language "
    "and a person's language is PATCH /accounts/me",
    "notifications:unsubscribe": "the one-click link of an e-mail (RFC 8058), signed and without "
    "sign-in; API clients set the same with PUT /notifications/preferences",
}

#: pages whose API operation is still to be written: what is missing. Remove an entry with the
#: operation that closes it (none today; the list may only shrink).
KNOWN_GAPS: dict[str, str] = {}

#: API writes with no page, and why (none today: even tokens for machines are made on the
#: profile page, and the organisations' tag suggestions serve the marketplace's form)
API_ONLY: dict[str, str] = {}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern), pattern.callback


def _declared_methods(view: Callable[..., Any]) -> frozenset[str] | None:
    """The methods ``require_http_methods`` lets through, read from its closure."""
    function: Any = view
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and function.__closure__:
            cells = dict(zip(code.co_freevars, function.__closure__, strict=True))
            if "request_method_list" in cells:
                return frozenset(cells["request_method_list"].cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


_READS_POST = re.compile(r"request\.(?:POST|FILES|method)\b")


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:  # nested functions and lambdas
        if isinstance(constant, types.CodeType):
            names |= _names(constant)
    return names


def _reads_post(function: Any, depth: int = 2) -> bool:
    if _READS_POST.search(inspect.getsource(function)):
        return True
    if depth == 0:
        return False
    for name in _names(function.__code__):
        helper = function.__globals__.get(name)
        if (
            inspect.isfunction(helper)
            and helper.__module__.startswith("crosscluster.")
            and helper is not function
            and _reads_post(inspect.unwrap(helper), depth - 1)
        ):
            return True
    return False


def accepted_methods(view: Callable[..., Any]) -> frozenset[str]:
    declared = _declared_methods(view)
    if declared is not None:
        return declared
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return frozenset(m.upper() for m in view_class.http_method_names if hasattr(view_class, m))
    if _reads_post(inspect.unwrap(view)):
        return frozenset({"GET", "POST"})
    return frozenset({"GET", "HEAD"})


def _is_ours(view: Callable[..., Any]) -> bool:
    owner = getattr(view, "view_class", None) or inspect.unwrap(view)
    return owner.__module__.startswith("crosscluster.")


@functools.cache
def pages_taking_post() -> frozenset[str]:
    return frozenset(
        name
        for name, route, view in _walk(get_resolver().url_patterns)
        if not route.startswith("api/") and _is_ours(view) and "POST" in accepted_methods(view)
    )


@functools.cache
def _operations() -> dict[str, str]:
    """operation id -> HTTP method, from the API's schema."""
    from crosscluster.config.api import api

    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: method.upper()
        for operations in schema["paths"].values()
        for method, operation in operations.items()
    }


def test_every_page_that_takes_a_post_has_its_api_operation_or_a_reason() -> None:
    listed = set(PAGE_OPERATIONS) | set(PAGE_ONLY) | set(KNOWN_GAPS)
    missing = sorted(pages_taking_post() - listed)
    assert missing == [], (
        "These pages take a POST: name their API operations in PAGE_OPERATIONS "
        f"(or say why none is needed in PAGE_ONLY): {missing}"
    )


def test_the_page_lists_name_only_pages_that_take_a_post() -> None:
    named = [*PAGE_OPERATIONS, *PAGE_ONLY, *KNOWN_GAPS]
    assert len(named) == len(set(named)), "a page is in two lists"
    stale = sorted(set(named) - pages_taking_post())
    assert stale == [], f"no longer pages that take a POST: remove them here: {stale}"


def test_every_operation_named_here_is_in_the_api() -> None:
    operations = _operations()
    named = {op for ops in PAGE_OPERATIONS.values() for op in ops} | set(API_ONLY)
    gone = sorted(named - set(operations))
    assert gone == [], f"not in the API's schema (renamed or removed?): {gone}"
    reads = sorted(op for op in API_ONLY if operations.get(op) == "GET")
    assert reads == [], f"API_ONLY is for writes: {reads}"


def test_every_api_write_has_a_page_or_a_reason() -> None:
    writes = {op for op, method in _operations().items() if method != "GET"}
    covered = {op for ops in PAGE_OPERATIONS.values() for op in ops} | set(API_ONLY)
    orphans = sorted(writes - covered)
    assert orphans == [], (
        "These API writes have no page: map a page to them in PAGE_OPERATIONS or say in "
        f"API_ONLY why they need none: {orphans}"
    )


@pytest.mark.parametrize(
    ("name", "takes_post"),
    [
        ("directory:submit_for_review", True),  # @require_POST
        ("strategy:move", True),  # @require_http_methods(["GET", "POST"])
        ("directory:review", True),  # undecorated, reads request.method
        ("strategy:translations", True),  # undecorated, through the shared translations page
        ("directory:review_queue", False),  # undecorated, GET only
        ("directory:search", False),
        ("events:partnership_ics", False),
    ],
)
def test_the_detector_sees_each_way_a_view_takes_a_post(name: str, takes_post: bool) -> None:
    assert (name in pages_taking_post()) is takes_post
