import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from banshi.demands.sweep import deadline_sweep


def parse_now(value: str | None):
    if not value:
        return None
    dt = parse_datetime(value)
    if dt is None:
        raise CommandError(
            _("时间格式无效（应为 ISO-8601，例如 2026-11-27T18:00:00+08:00）：%(v)s")
            % {"v": value},
            returncode=2,
        )
    return timezone.make_aware(dt) if timezone.is_naive(dt) else dt


class Command(BaseCommand):
    help = "Run one deadline sweep: mark overdue stages, escalate, notify (for cron and tests)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="the sweep's clock, ISO-8601 (default: now)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, now=None, as_json=False, **options):
        report = deadline_sweep(now=parse_now(now))
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        m = report.marked
        self.stdout.write(
            _("超时标记：派单 %(d)d，签收 %(s)d，办结 %(r)d；提级督办 %(e)d；吹哨报到超时 %(w)d")
            % {
                "d": m["dispatch"],
                "s": m["sign"],
                "r": m["resolve"],
                "e": report.escalated,
                "w": report.whistle_overdue,
            }
        )
