"""Django admin for the business plan: the catalogue and calls (administrators keep the shared
catalogue current here or on the catalogue page); plans and their lines for support."""

from __future__ import annotations

from django.contrib import admin

from crosscluster.businessplan.models import (
    BusinessPlan,
    CostLine,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)


@admin.register(FundingInstrument)
class FundingInstrumentAdmin(admin.ModelAdmin[FundingInstrument]):
    list_display = ("name", "level", "programme", "country_code", "cofinancing_cap_percent",
                    "partnership")  # fmt: skip
    list_filter = ("level", ("partnership", admin.EmptyFieldListFilter))
    search_fields = ("name", "programme", "managing_body", "key")
    raw_id_fields = ("partnership",)


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin[FundingCall]):
    list_display = ("title", "deadline_date", "status", "is_illustrative", "plan")
    list_filter = ("status", "is_illustrative")
    search_fields = ("title", "programme")
    raw_id_fields = ("plan", "instrument")
    filter_horizontal = ("actions",)


class StaffEffortInline(admin.TabularInline[StaffEffort, BusinessPlan]):
    model = StaffEffort
    raw_id_fields = ("action", "organisation")
    extra = 0


class CostLineInline(admin.TabularInline[CostLine, BusinessPlan]):
    model = CostLine
    raw_id_fields = ("action",)
    extra = 0


class FinancingLineInline(admin.TabularInline[FinancingLine, BusinessPlan]):
    model = FinancingLine
    raw_id_fields = ("action", "instrument", "organisation", "call")
    extra = 0


@admin.register(BusinessPlan)
class BusinessPlanAdmin(admin.ModelAdmin[BusinessPlan]):
    list_display = ("strategy", "first_year", "last_year", "updated_at")
    raw_id_fields = ("strategy",)
    inlines = (StaffEffortInline, CostLineInline, FinancingLineInline)
