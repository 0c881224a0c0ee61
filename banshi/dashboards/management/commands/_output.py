"""What `banshi figures` and `banshi stats` print: one JSON object (key → value, rates as
fractions), or a table with the Chinese labels and rates as percentages."""

import json

from django.utils.translation import gettext as _

from banshi.core import figures


def write(command, subject, values: dict, *, as_json: bool, period=None) -> None:
    if as_json:
        command.stdout.write(json.dumps(values, ensure_ascii=False))
        return
    heading = _("%(name)s（%(code)s）") % {"name": subject.name, "code": subject.code}
    if period is not None:
        heading += " · " + period.key
    command.stdout.write(heading)
    labels = {key: str(figures.get(key).label) for key in values}
    width = max((len(label) for label in labels.values()), default=0)
    for key, value in values.items():
        label = labels[key]
        shown = figures.display(figures.get(key), value)
        command.stdout.write(f"  {label}{'　' * (width - len(label))}  {shown}")
