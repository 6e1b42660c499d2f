from django.contrib import admin

from crosscluster.conversations.models import Conversation, Message


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("need", "seeker", "provider", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("need", "seeker", "provider", "invited_by", "answered_by")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("conversation", "organisation", "author", "created_at")
    raw_id_fields = ("conversation", "organisation", "author")
