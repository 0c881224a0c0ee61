"""The roster file format: its columns and the labels accepted in them.

The column names are the file format, not UI text: a roster made in Chinese stays readable
whatever language the site shows, so they are fixed here and never translated.
"""

from functools import cache

from django.utils import translation

from ..ethnicities import ETHNICITY_CHOICES
from ..models import Resident, ResidentTag

NAME = "姓名"
ID_NUMBER = "公民身份号码"
PHONE = "联系电话"
GRID = "所属网格"
BUILDING = "楼栋"
UNIT = "单元"
DOOR = "户号"
RELATION = "与户主关系"
ETHNICITY = "民族"
POLITICAL = "政治面貌"
TAGS = "标签"
ERRORS = "错误信息"

REQUIRED = (NAME, ID_NUMBER, PHONE, GRID, BUILDING, UNIT, DOOR, RELATION, ETHNICITY, POLITICAL)
OPTIONAL = (TAGS,)
EXPORTED = (*REQUIRED, TAGS)

# Words found on real household registers beside the model's own labels.
_RELATION_SYNONYMS = {
    "本人": "head",
    "妻": "spouse",
    "夫": "spouse",
    "妻子": "spouse",
    "丈夫": "spouse",
    "子": "child",
    "女": "child",
    "儿子": "child",
    "女儿": "child",
    "父亲": "parent",
    "母亲": "parent",
    "孙子": "grandchild",
    "孙女": "grandchild",
    "祖父": "grandparent",
    "祖母": "grandparent",
    "儿媳": "child_in_law",
    "女婿": "child_in_law",
    "兄弟": "sibling",
    "姐妹": "sibling",
}
_POLITICAL_SYNONYMS = {"党员": "party_member", "预备党员": "probationary", "团员": "league_member"}
TAG_SEPARATORS = (",", "，", "、", ";", "；")


def _labels(choices) -> dict[str, str]:
    """label → value, labels taken in Chinese whatever language is active."""
    with translation.override("zh-hans"):
        mapping = {str(label): value for value, label in choices}
    mapping.update({value: value for value, _label in choices})
    return mapping


@cache
def relation_codes() -> dict[str, str]:
    return {**_RELATION_SYNONYMS, **_labels(Resident.Relation.choices)}


@cache
def political_codes() -> dict[str, str]:
    return {**_POLITICAL_SYNONYMS, **_labels(Resident.PoliticalStatus.choices)}


@cache
def tag_codes() -> dict[str, str]:
    return _labels(ResidentTag.Tag.choices)


@cache
def labels_zh() -> dict[str, dict[str, str]]:
    """value → Chinese label, for the export."""
    with translation.override("zh-hans"):
        return {
            RELATION: {v: str(label) for v, label in Resident.Relation.choices},
            POLITICAL: {v: str(label) for v, label in Resident.PoliticalStatus.choices},
            ETHNICITY: dict(ETHNICITY_CHOICES),
            TAGS: {v: str(label) for v, label in ResidentTag.Tag.choices},
        }
