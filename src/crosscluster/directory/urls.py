from django.urls import path

from crosscluster.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("cluster-criteria/", views.criteria, name="criteria"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("register/", views.register, name="register"),
    path("requests/", views.requests, name="requests"),
    path("claims/<int:claim_id>/decide/", views.decide_claim, name="decide_claim"),
    path("claims/<int:claim_id>/withdraw/", views.withdraw_claim, name="withdraw_claim"),
    path(
        "join-requests/<int:join_request_id>/withdraw/",
        views.withdraw_join_request,
        name="withdraw_join_request",
    ),
    path(
        "join-requests/<int:join_request_id>/decide/",
        views.decide_join_request,
        name="decide_join_request",
    ),
    path("organisations/<slug:slug>/claim/", views.claim, name="claim"),
    path("organisations/<slug:slug>/join/", views.ask_to_join, name="ask_to_join"),
    path("organisations/<slug:slug>/join-cluster/", views.join_cluster, name="join_cluster"),
    path(
        "organisations/<slug:slug>/invite-organisation/",
        views.invite_organisation,
        name="invite_organisation",
    ),
    path(
        "organisations/<slug:slug>/members/<slug:member_slug>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/ask-for-review/",
        views.submit_for_review,
        name="submit_for_review",
    ),
    path("organisations/<slug:slug>/review/", views.review, name="review"),
]
