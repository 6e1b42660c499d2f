from django.urls import path

from crosscluster.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.personal_data, name="personal_data"),
    path("delete/", views.erase_account, name="erase_account"),
    path("tokens/", views.create_token, name="create_token"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path(
        "invitations/<int:invitation_id>/answer/",
        views.answer_invitation,
        name="answer_invitation",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisations/<int:organisation_id>/leave/", views.leave, name="leave"),
    path("organisations/<int:organisation_id>/people/", views.people, name="people"),
    path(
        "organisations/<int:organisation_id>/people/<int:user_id>/",
        views.change_person,
        name="change_person",
    ),
]
