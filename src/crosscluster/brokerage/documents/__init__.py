"""Documents of the brokerage: a participant's agenda (ICS, PDF) and the e-mails that carry it
(the reminder before the event, the outcome-survey invitations)."""

from crosscluster.brokerage.documents.agenda import (
    AGENDA,
    ICS_CONTENT_TYPE,
    PRODUCT_ID,
    agenda_file_name,
    agenda_url,
    render_agenda_ics,
    render_agenda_pdf,
    session_file_name,
)
from crosscluster.brokerage.documents.reminders import ReminderCounts, send_reminders

__all__ = [
    "AGENDA",
    "ICS_CONTENT_TYPE",
    "PRODUCT_ID",
    "ReminderCounts",
    "agenda_file_name",
    "agenda_url",
    "render_agenda_ics",
    "render_agenda_pdf",
    "send_reminders",
    "session_file_name",
]
