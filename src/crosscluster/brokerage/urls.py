from django.urls import path

from crosscluster.brokerage import views
from crosscluster.brokerage.views import onsite

app_name = "brokerage"
urlpatterns = [
    path("<int:session_id>/", views.session_page, name="session"),
    path("event/<int:event_id>/", views.event_session, name="event_session"),
    path("event/<int:event_id>/set-up/", views.set_up, name="set_up"),
    path("<int:session_id>/register/", views.register, name="register"),
    path("<int:session_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:session_id>/availability/", views.availability, name="availability"),
    path("<int:session_id>/requests/", views.send_request, name="send_request"),
    path("<int:session_id>/outcomes/", views.report_outcome, name="report_outcome"),
    path("<int:session_id>/agreements/", views.record_agreement, name="record_agreement"),
    path("<int:session_id>/needs/", views.capture_need, name="capture_need"),
    path("<int:session_id>/organise/", views.organise, name="organise"),
    path("<int:session_id>/registration/", views.registration, name="registration"),
    path("<int:session_id>/run/", views.run, name="run"),
    path("<int:session_id>/tables/", views.table_plan, name="tables"),
    path("<int:session_id>/fixed-tables/", views.fixed_table, name="fixed_table"),
    path("<int:session_id>/agenda-options/", views.agenda_options, name="agenda_options"),
    path("<int:session_id>/agenda/<int:participant_id>/", views.agenda, name="agenda"),
    path(
        "<int:session_id>/agenda/<int:participant_id>/agenda.ics",
        views.agenda_ics,
        name="agenda_ics",
    ),
    path(
        "<int:session_id>/agenda/<int:participant_id>/agenda.pdf",
        views.agenda_pdf,
        name="agenda_pdf",
    ),
    path("requests/<int:request_id>/answer/", views.answer_request, name="answer_request"),
    path("requests/<int:request_id>/cancel/", views.cancel_request, name="cancel_request"),
    path("participants/<int:participant_id>/decide/", views.decide, name="decide"),
    path("meetings/<int:meeting_id>/lock/", views.lock, name="lock"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("runs/<int:run_id>/status/", views.run_status, name="run_status"),
    # on the day (views/onsite.py)
    path("<int:session_id>/check-in/", onsite.check_in, name="check_in"),
    path("participants/<int:participant_id>/arrival/", onsite.arrival, name="arrival"),
    path("<int:session_id>/day/", onsite.running_day, name="running_day"),
    path("requests/<int:request_id>/attendance/", onsite.attendance, name="attendance"),
    path("<int:session_id>/bookings/", onsite.propose_booking, name="propose_booking"),
    path("<int:session_id>/bookings/direct/", onsite.book_slot, name="book_slot"),
    path("bookings/<int:booking_id>/answer/", onsite.answer_booking, name="answer_booking"),
    path("bookings/<int:booking_id>/withdraw/", onsite.withdraw_booking, name="withdraw_booking"),
    path("bookings/<int:booking_id>/remove/", onsite.remove_booking, name="remove_booking"),
    path("<int:session_id>/agreements/new/", onsite.new_agreement, name="new_agreement"),
    path("agreements/<int:agreement_id>/edit/", onsite.edit_agreement, name="edit_agreement"),
]
