from django.urls import path

from crosscluster.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("invite/<int:match_id>/", views.invite, name="invite"),
    path("<int:conversation_id>/", views.detail, name="detail"),
    path("<int:conversation_id>/answer/", views.answer, name="answer"),
    path("<int:conversation_id>/messages/", views.post_message, name="post_message"),
    path("<int:conversation_id>/meetings/", views.propose_meeting, name="propose_meeting"),
    path("<int:conversation_id>/slots/", views.propose_slot, name="propose_slot"),
    path(
        "<int:conversation_id>/slots/<int:proposal_id>/answer/",
        views.answer_slot,
        name="answer_slot",
    ),
    path(
        "<int:conversation_id>/slots/<int:proposal_id>/meeting.ics",
        views.slot_meeting_ics,
        name="slot_meeting_ics",
    ),
    path(
        "<int:conversation_id>/slots/<int:proposal_id>/withdrawal/",
        views.withdraw_slot,
        name="withdraw_slot",
    ),
]
