from django.contrib import admin

from crosscluster.conversations.models import Conversation, Message, SlotProposal


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("need", "seeker", "provider", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("need", "seeker", "provider", "invited_by", "answered_by")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("conversation", "organisation", "author", "created_at")
    raw_id_fields = ("conversation", "organisation", "author")


@admin.register(SlotProposal)
class SlotProposalAdmin(admin.ModelAdmin):
    list_display = ("conversation", "item", "organisation", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("conversation", "item", "organisation", "proposed_by", "answered_by")
