from django.contrib import admin

from banshi.core.admin import ScopedModelAdmin, ScopedTabularInline

from .models import Lecture, LectureTeam, LectureTeamMember


class LectureTeamMemberInline(ScopedTabularInline):
    model = LectureTeamMember
    autocomplete_fields = ["resident"]


@admin.register(LectureTeam)
class LectureTeamAdmin(ScopedModelAdmin):
    list_display = ["name", "organization", "host_unit", "region"]
    list_select_related = ["organization", "region"]
    search_fields = ["name", "host_unit"]
    autocomplete_fields = ["organization", "region"]
    inlines = [LectureTeamMemberInline]


@admin.register(Lecture)
class LectureAdmin(ScopedModelAdmin):
    list_display = ["held_on", "topic", "speaker_name", "venue_kind", "region", "audience_size"]
    list_filter = ["venue_kind", "audience_kind"]
    list_select_related = ["region", "team"]
    search_fields = ["topic", "speaker_name", "host_unit", "place"]
    autocomplete_fields = ["team", "region"]
    date_hierarchy = "held_on"
