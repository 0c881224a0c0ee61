from django.contrib import admin

from .models import Contest, ContestStage, Entry, Heat, JudgeAssignment, Result, ScoreSheet


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "region", "status")


@admin.register(ContestStage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "contest", "level", "quota", "rule")


@admin.register(Heat)
class HeatAdmin(admin.ModelAdmin):
    list_display = ("name", "stage", "region", "status")


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("member", "heat", "organization")
    raw_id_fields = ("member", "came_from")


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(admin.ModelAdmin):
    list_display = ("name", "heat", "user")


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ("judge", "entry", "total", "submitted_at")


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("entry", "rank", "score", "advanced", "reward")
