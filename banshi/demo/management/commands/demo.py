"""`banshi demo`: migrate, rebuild the demo from scratch, print the demo accounts, serve."""

import re
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.demo.builder import DEMO_PREFIX, build_demo, foreign_records
from banshi.demo.plan import SEED


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def other_accounts(shown: set[str]) -> str:
    """The demo's other accounts (the modules' own: party life's district and secretaries …)
    on one line, numbered runs folded: demo_secretary_01…12（党组织书记）."""
    # Accounts one can sign in to: the field-work demo's stand-in grid workers have none.
    users = (
        get_user_model()
        .objects.filter(username__startswith=DEMO_PREFIX)
        .exclude(password__startswith="!")
        .exclude(password="")
    )
    # A secretary's account is a resident's too: their staff role names it; an account that
    # is only a resident's (the rider's) is named so.
    roles: dict[str, str] = {}
    for username, role in RoleAssignment.objects.filter(
        user__in=users.exclude(username__in=shown)
    ).values_list("user__username", "role"):
        if role != RoleAssignment.Role.RESIDENT or username not in roles:
            roles[username] = role
    runs: dict[tuple[str, str], list[str]] = {}
    for name in sorted(roles):
        m = re.fullmatch(r"(.*?\D)(\d+)", name)
        prefix, number = (m.group(1), m.group(2)) if m else (name, "")
        runs.setdefault((prefix, roles[name]), []).append(number)
    labels = dict(RoleAssignment.Role.choices)
    parts = []
    for (prefix, role), numbers in runs.items():
        name = prefix if numbers == [""] else f"{prefix}{numbers[0]}…{numbers[-1]}"
        if len(numbers) == 1 and numbers[0]:
            name = f"{prefix}{numbers[0]}"
        parts.append(f"{name}（{labels.get(role, role)}）")
    return "、".join(parts)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(_pad(str(c), w) for c, w in zip(r, widths, strict=True)) for r in rows]
    head = "  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([head, rule, *lines])


class Command(BaseCommand):
    help = (
        "Rebuild the demo (Hohhot's regions, 大学东路街道 in full, villages of 清水河县) in the "
        "database DATABASE_URL names, print the demo accounts and serve the site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="where to serve the site"
        )
        parser.add_argument(
            "--no-serve", action="store_true", dest="no_serve", help="build and exit"
        )
        parser.add_argument("--seed", type=int, default=SEED, help="random seed of the build")
        parser.add_argument(
            "--force",
            action="store_true",
            help="empty the database even if it holds records the demo did not make",
        )
        parser.add_argument(
            "--no-activity",
            action="store_false",
            dest="activity",
            help="leave out the year of demands and field work",
        )

    def handle(
        self,
        *args,
        addrport="127.0.0.1:8000",
        no_serve=False,
        seed=SEED,
        activity=True,
        force=False,
        **options,
    ):
        verbosity = options.get("verbosity", 1)
        db = settings.DATABASES["default"]
        self.stdout.write(
            _("数据库：%(vendor)s %(name)s") % {"vendor": connection.vendor, "name": db["NAME"]}
        )
        call_command("migrate", interactive=False, verbosity=0)
        foreign = foreign_records()
        if foreign and not force:
            raise CommandError(
                _(
                    "数据库 %(name)s 中有不是演示生成的数据（%(what)s）。演示会清空整个数据库，"
                    "已停止，没有改动任何数据。请用 DATABASE_URL 指定另一个数据库，"
                    "或确认要清空时加 --force。"
                )
                % {"name": db["NAME"], "what": foreign},
                returncode=2,
            )
        self.stdout.write(
            _("将清空数据库 %(name)s 中的全部数据，然后生成演示数据（种子 %(seed)d）…")
            % {"name": db["NAME"], "seed": seed}
        )
        log = (lambda line: self.stdout.write("  " + line)) if verbosity >= 2 else None
        report = build_demo(seed=seed, log=log, activity=activity)
        self.stdout.write(
            self.style.SUCCESS(_("演示数据已生成，用时 %(s).1f 秒") % {"s": report.seconds})
        )
        self.stdout.write("")
        self.stdout.write(
            _("演示账号（密码均为 %(pw)s）：") % {"pw": settings.BANSHI_DEMO_PASSWORD}
        )
        rows = [
            [a.username, a.role, a.scope, _("是") if a.is_staff else _("否")]
            for a in report.accounts
        ]
        self.stdout.write(table([_("用户名"), _("角色"), _("范围"), _("后台")], rows))
        others = other_accounts({a.username for a in report.accounts})
        if others:
            self.stdout.write(_("另有各模块的演示账号（同一密码）：%(names)s") % {"names": others})
        self.stdout.write("")
        if no_serve:
            return
        self.stdout.write(_("网站地址：http://%(a)s/") % {"a": addrport})
        # Static files come from WhiteNoise in the middleware (compressed, as in
        # production), not from runserver's own handler, which sends them uncompressed.
        call_command("runserver", addrport, use_reloader=False, use_static_handler=False)
