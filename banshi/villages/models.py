"""The villages of a county and their cadres: the villagers' committee (村民委员会) beside
the party branch's committee (whose seats are `organizations.CommitteeSeat`), the joint
review (联审) of both committees' members with each department's opinion and the
adjustments it leads to, the reserve cadres (后备人选) of each village, and the training of
village secretaries (头雁领航): courses, sessions, attendance.

Every record of a village names the village (a Region of kind village) and, where it has
one, the village's party branch, so a village secretary's scope (their branch's subtree)
reaches the village's records as a township's territory does."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The reserve pool a village keeps (清水河县: 3–5 candidates per village).
POOL_MIN, POOL_MAX = 3, 5
# Age bands of the pool's profile: under 35, 35–45, over 45.
YOUNG_UNDER, OLD_OVER = 35, 45


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class VillagerCommitteeSeat(models.Model):
    """A seat on a village's villagers' committee for a term. A seat that ends leaves the
    post vacant until a seat that `replaces` it is filled, or a new committee is elected."""

    class Post(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY = "deputy", _("副主任")
        MEMBER = "member", _("委员")
        WOMEN = "women", _("妇女委员")

    village = models.ForeignKey(
        "territory.Region",
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="villager_seats",
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("成员"),
        on_delete=models.PROTECT,
        related_name="villager_seats",
    )
    post = models.CharField(_("职务"), max_length=16, choices=Post.choices)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    ended_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("接替"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    # The day a whole new committee was elected (换届) while this ended seat had no
    # successor: the election ends the vacancy without replacing this seat one for one.
    closed_on = models.DateField(_("换届补齐日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("村民委员会成员")
        verbose_name_plural = _("村民委员会成员")
        ordering = ["village__code", "ended_on", "post", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "resident"],
                condition=models.Q(ended_on__isnull=True),
                name="villages_seat_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["village"],
                condition=models.Q(ended_on__isnull=True, post="director"),
                name="villages_seat_one_director",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.get_post_display()} · {self.resident}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("离任日期不能早于任职日期")})


class ReviewRound(models.Model):
    """A county's joint review of the village committees in a year."""

    county = models.ForeignKey(
        "territory.Region",
        verbose_name=_("县"),
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    started_on = models.DateField(_("开始日期"))

    class Meta:
        verbose_name = _("村两委联审")
        verbose_name_plural = _("村两委联审")
        ordering = ["-year", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="villages_one_round_a_year")
        ]

    def __str__(self) -> str:
        return self.title


class ReviewSubject(models.Model):
    """A committee member under review: the seat (party or villagers' committee), each
    department's opinion, and the county's result."""

    class Committee(models.TextChoices):
        PARTY = "party", _("村党组织委员会")
        VILLAGERS = "villagers", _("村民委员会")

    class Result(models.TextChoices):
        PENDING = "pending", _("待定")
        QUALIFIED = "qualified", _("合格")
        ADJUST = "adjust", _("调整")

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("联审"), on_delete=models.CASCADE, related_name="subjects"
    )
    village = models.ForeignKey(
        "territory.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committee = models.CharField(_("所在组织"), max_length=16, choices=Committee.choices)
    party_seat = models.ForeignKey(
        "organizations.CommitteeSeat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    villager_seat = models.ForeignKey(
        VillagerCommitteeSeat,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    post_label = models.CharField(_("职务"), max_length=32)
    result = models.CharField(
        _("联审结果"), max_length=16, choices=Result.choices, default=Result.PENDING
    )
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("联审对象")
        verbose_name_plural = _("联审对象")
        ordering = ["round_id", "village__code", "committee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "party_seat"], name="villages_subject_party_seat"
            ),
            models.UniqueConstraint(
                fields=["round", "villager_seat"], name="villages_subject_villager_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.post_label}"

    def clean(self) -> None:
        if (self.party_seat_id is None) == (self.villager_seat_id is None):
            raise ValidationError(_("联审对象须是村党组织或村民委员会中的一个职务"))


class ReviewOpinion(models.Model):
    """One reviewing department's opinion on one member (组织、纪检、公安、信访…)."""

    class Opinion(models.TextChoices):
        PASS = "pass", _("通过")
        FAIL = "fail", _("不通过")
        PENDING = "pending", _("待定")

    subject = models.ForeignKey(
        ReviewSubject, verbose_name=_("联审对象"), on_delete=models.CASCADE, related_name="opinions"
    )
    department = models.CharField(_("联审部门"), max_length=64)
    opinion = models.CharField(_("意见"), max_length=16, choices=Opinion.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    given_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("联审意见")
        verbose_name_plural = _("联审意见")
        ordering = ["subject_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "department"], name="villages_one_opinion_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.get_opinion_display()}"


class Adjustment(models.Model):
    """An adjustment of a village committee: a dismissal (the seat ends) or the filling of
    a post (a new seat), dated, usually after a joint review."""

    class Kind(models.TextChoices):
        DISMISSAL = "dismissal", _("免职")
        FILL = "fill", _("补选/任命")

    village = models.ForeignKey(
        "territory.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    committee = models.CharField(
        _("所在组织"), max_length=16, choices=ReviewSubject.Committee.choices
    )
    subject = models.ForeignKey(
        ReviewSubject,
        verbose_name=_("联审对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    party_seat = models.ForeignKey(
        "organizations.CommitteeSeat", null=True, blank=True, on_delete=models.PROTECT
    )
    villager_seat = models.ForeignKey(
        VillagerCommitteeSeat, null=True, blank=True, on_delete=models.PROTECT
    )
    on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("村两委调整")
        verbose_name_plural = _("村两委调整")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.village} · {self.get_kind_display()} · {self.on}"


class ReserveCadre(models.Model):
    """A village's reserve candidate for the committees (后备人选)."""

    class Education(models.TextChoices):
        JUNIOR = "junior", _("初中及以下")
        SENIOR = "senior", _("高中/中专")
        COLLEGE = "college", _("大专")
        BACHELOR = "bachelor", _("本科及以上")

    class Political(models.TextChoices):
        MEMBER = "member", _("中共党员")
        PROBATIONARY = "probationary", _("预备党员")
        LEAGUE = "league", _("共青团员")
        MASSES = "masses", _("群众")

    class Status(models.TextChoices):
        IN_POOL = "in_pool", _("在库")
        JOINED = "joined", _("进入两委")
        LEFT = "left", _("退出")

    village = models.ForeignKey(
        "territory.Region",
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="reserve_cadres",
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("人选"),
        on_delete=models.PROTECT,
        related_name="reserve_cadres",
    )
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=Political.choices)
    measures = models.TextField(_("培养措施"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.IN_POOL
    )
    added_on = models.DateField(_("入库日期"))
    status_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("后备人选")
        verbose_name_plural = _("后备人选")
        ordering = ["village__code", "status", "added_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "resident"],
                condition=models.Q(status="in_pool"),
                name="villages_reserve_once_in_pool",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.resident}"

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.resident.birth_date, day)


class Course(models.Model):
    """A training course a county runs for its village cadres (头雁领航专题培训班)."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("主办区划"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    organizer = models.CharField(_("主办单位"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("专题"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.topic}"


class CourseAttendance(models.Model):
    """A village cadre at a session; `as_secretary` when they were the village's party
    secretary that day (what "secretaries trained" counts)."""

    session = models.ForeignKey(
        Session, verbose_name=_("课次"), on_delete=models.CASCADE, related_name="attendance"
    )
    village = models.ForeignKey(
        "territory.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("村党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("学员"), on_delete=models.PROTECT, related_name="+"
    )
    as_secretary = models.BooleanField(_("村党组织书记"), default=False)

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        ordering = ["session_id", "village__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "resident"], name="villages_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.resident}"


class ObservationTour(models.Model):
    """拉练观摩: the county's village secretaries visit other counties' villages to see how
    they work. A plan (dates), the villages visited (stops), who went, and the summary."""

    county = models.ForeignKey(
        "territory.Region",
        verbose_name=_("组织县"),
        on_delete=models.PROTECT,
        related_name="observation_tours",
    )
    title = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    summary = models.TextField(_("观摩总结"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("拉练观摩")
        verbose_name_plural = _("拉练观摩")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})


class TourStop(models.Model):
    """A village visited on a tour (usually in another county) and what was seen there."""

    tour = models.ForeignKey(
        ObservationTour, verbose_name=_("拉练观摩"), on_delete=models.CASCADE, related_name="stops"
    )
    village = models.ForeignKey(
        "territory.Region", verbose_name=_("观摩村"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("观摩日期"))
    seen = models.CharField(_("观摩内容"), max_length=300)

    class Meta:
        verbose_name = _("观摩点")
        verbose_name_plural = _("观摩点")
        ordering = ["tour_id", "visited_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "village"], name="villages_tour_stop_once")
        ]

    def __str__(self) -> str:
        return f"{self.tour} · {self.village}"


class TourParticipant(models.Model):
    """A secretary (or another village cadre) of the county who went on the tour."""

    tour = models.ForeignKey(
        ObservationTour,
        verbose_name=_("拉练观摩"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    member = models.ForeignKey(
        "organizations.PartyMember",
        verbose_name=_("参加人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["tour_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "member"], name="villages_tour_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.tour} · {self.member}"
