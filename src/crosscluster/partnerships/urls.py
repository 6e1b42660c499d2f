from django.urls import path

from crosscluster.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("invitations/", views.partner_invitations, name="invitations"),
    path("invitations/<int:invitation_id>/answer/", views.answer_invitation, name="answer"),
    path("approvals/", views.approvals, name="approvals"),
    path("<slug:slug>/", views.partnership_detail, name="detail"),
    path("<slug:slug>/approve/", views.approve, name="approve"),
    path("<slug:slug>/decline/", views.decline, name="decline"),
    path("<slug:slug>/resubmit/", views.resubmit, name="resubmit"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/work-plan/packages/new/", views.work_package_form, name="package_add"),
    path("<slug:slug>/work-plan/<int:number>/edit/", views.work_package_form, name="package_edit"),
    path("<slug:slug>/work-plan/<int:number>/items/new/", views.work_item_form, name="item_add"),
    path("<slug:slug>/work-plan/items/<int:item_id>/edit/", views.work_item_form, name="item_edit"),
    path("<slug:slug>/work-plan/items/<int:item_id>/done/", views.work_item_done, name="item_done"),
    path(
        "<slug:slug>/work-plan/items/<int:item_id>/reopen/",
        views.work_item_reopen,
        name="item_reopen",
    ),
    path("<slug:slug>/edit/", views.partnership_edit, name="edit"),
    path("<slug:slug>/translations/", views.partnership_translations, name="translations"),
    path(
        "<slug:slug>/translations/<str:language>/",
        views.partnership_translations,
        name="translation",
    ),
    path("<slug:slug>/work-plan/", views.work_plan, name="work_plan"),
]
