from django.contrib import admin

from crosscluster.brokerage import models


class PeriodInline(admin.TabularInline):
    model = models.SessionPeriod
    extra = 0


class TableInline(admin.TabularInline):
    model = models.Table
    extra = 0
    raw_id_fields = ["host"]


@admin.register(models.B2BSession)
class B2BSessionAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "slot_minutes", "tables"]
    list_filter = ["status"]
    raw_id_fields = ["event"]
    inlines = [PeriodInline, TableInline]


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "organisation", "session", "status", "listed_publicly"]
    list_filter = ["status"]
    search_fields = ["display_name", "organisation__name", "user__email"]
    raw_id_fields = ["session", "user", "organisation"]
    filter_horizontal = ["unavailable_slots"]


@admin.register(models.MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["requester", "recipient", "priority", "status", "expires_at"]
    list_filter = ["status", "priority"]
    raw_id_fields = ["session", "requester", "recipient", "delegate"]


class MeetingInline(admin.TabularInline):
    model = models.ScheduledMeeting
    extra = 0
    raw_id_fields = ["request", "slot"]


@admin.register(models.ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["session", "created_at", "state", "status", "objective", "upper_bound", "ratio"]
    list_filter = ["state", "status", "is_repair"]
    inlines = [MeetingInline]


@admin.register(models.OutcomeReport)
class OutcomeReportAdmin(admin.ModelAdmin):
    list_display = ["participant", "request", "wave", "outcome", "answered_at"]
    list_filter = ["wave", "outcome"]
    raw_id_fields = ["participant", "request"]


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "signed_date", "session"]
    list_filter = ["kind"]
    raw_id_fields = ["session", "request", "partners"]


@admin.register(models.CapturedNeed)
class CapturedNeedAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "session", "request", "recorded_at"]
    raw_id_fields = ["session", "request", "opportunity", "recorded_by"]


@admin.register(models.ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["participant", "kind", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["participant"]
