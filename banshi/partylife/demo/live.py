"""One activity held entirely through the services, row by row, as on the day: leave asked
and approved beforehand, the activity held, each member checking in on the phone with the
code the organiser's phone showed at that minute (`checkin_code`, stored once by the
phone's client_id), the organiser marking who came without a phone, the activity closed
(the rest absent), and a make-up recorded afterwards. The seed's named days are built so;
they are a few dozen rows, where the year's ten thousand go in bulk (`activities.py`)."""

import datetime
import random
import uuid

from ..codes import checkin_code
from ..models import Activity, Attendance
from ..services import (
    activity_hold,
    activity_plan,
    activity_record,
    attendance_check_in,
    attendance_mark,
    expected_members,
    leave_decide,
    leave_request,
    makeup_record,
)

PRESENT, LEAVE, ABSENT = Attendance.Status.PRESENT, Attendance.Status.LEAVE, "absent"


def hold_live(
    rng: random.Random,
    org,
    start: datetime.datetime,
    *,
    minutes: int,
    outcome,
    now: datetime.datetime,
    **fields,
) -> tuple[Activity, dict]:
    """Plan and hold an activity of `org` at `start`; `outcome(member)` says what each
    expected member did: "code", "organiser", "leave", "absent" or "makeup" (absent, then
    made up a few days later). Returns the activity and the counts of rows."""
    notes = fields.pop("notes", "")
    activity = activity_plan(organization=org, planned_at=start, **fields)
    members = list(expected_members(activity).select_related("resident"))
    plan = {m.pk: outcome(m) for m in members}
    for m in members:
        if plan[m.pk] == "leave":
            leave = leave_request(activity=activity, member=m, reason="在外地配送，无法到场")
            leave_decide(leave=leave, approve=True, at=start - datetime.timedelta(hours=20))
    end = start + datetime.timedelta(minutes=minutes)
    activity = activity_hold(
        activity=activity,
        held_at=start,
        ended_at=end,
        items_done=fields.get("items_planned", ()),
        minutes=notes,
    )
    for m in members:
        if plan[m.pk] == "code":
            at = start + datetime.timedelta(seconds=rng.randint(-300, 1200))
            attendance_check_in(
                activity=activity,
                member=m,
                code=checkin_code(activity, at),
                client_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                at=at,
            )
        elif plan[m.pk] == "organiser":
            attendance_mark(activity=activity, member=m, status=PRESENT)
    activity_record(activity=activity, close=True)
    for row in activity.attendances.filter(status=ABSENT).select_related("member"):
        done_at = end + datetime.timedelta(days=rng.randint(3, 12))
        if plan[row.member_id] == "makeup" and done_at < now:
            makeup_record(attendance=row, done_at=done_at, note="由支部书记单独传达活动内容")
    counts = {s: activity.attendances.filter(status=s).count() for s in (PRESENT, LEAVE, ABSENT)}
    return activity, counts
