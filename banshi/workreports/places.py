"""What a report's unit names are in Banshi: a region (大学东路街道 → 150105001000; 土左旗 →
土默特左旗 by the aliases; 土左旗新时代文明实践服务中心 by its leading region) or a party
organization (市公交公司 → 呼和浩特市公共交通总公司党委: a Chinese short name keeps its full
name's characters in order). And the places a sentence names inside its article's region
(乌兰社区 in an article of 大学东路街道), which carry on to the paragraph's later sentences."""

from dataclasses import dataclass

from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from .parsing import UNIT_ALIASES

# Words a unit's name carries that its record's name may not: "党委" is the organization's.
ORG_SUFFIXES = ("党委", "党总支", "党支部", "党工委")


@dataclass(frozen=True)
class Place:
    name: str  # as the report says it
    region: Region | None = None
    organization: PartyOrganization | None = None

    @property
    def known(self) -> bool:
        return self.region is not None or self.organization is not None

    @property
    def code(self) -> str:
        """The territory code the place's figures are counted under (scope checks use it)."""
        if self.region is not None:
            return self.region.code
        if self.organization is not None:
            return self.organization.territory_code
        return ""


def is_abbreviation(short: str, full: str) -> bool:
    """Whether `short` keeps `full`'s characters in order: 市公交公司 of
    呼和浩特市公共交通总公司."""
    rest = iter(full)
    return all(c in rest for c in short)


def _alias(name: str) -> str:
    for short, full in sorted(UNIT_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if name == short:
            return full
    return name


def _one(candidates: list, within: Region | None):
    """The one candidate, preferring those inside `within` when there are several."""
    if len(candidates) > 1 and within is not None:
        inside = [c for c in candidates if _code(c).startswith(within.prefix)]
        if inside:
            candidates = inside
    return candidates[0] if len(candidates) == 1 else None


def _code(obj) -> str:
    return obj.code if isinstance(obj, Region) else obj.territory_code


def region_named(name: str, within: Region | None = None) -> Region | None:
    name = _alias(name)
    found = list(Region.objects.filter(name=name))
    if not found and len(name) >= 2:
        found = [
            r
            for r in Region.objects.filter(name__startswith=name[0], name__endswith=name[-1])
            if is_abbreviation(name, r.name)
        ]
    return _one(found, within)


def organization_named(name: str, within: Region | None = None) -> PartyOrganization | None:
    found = list(PartyOrganization.objects.filter(name=name))
    if not found and len(name) >= 2:
        bare = name
        for suffix in ORG_SUFFIXES:
            bare = bare.removesuffix(suffix)
        found = [
            o
            for o in PartyOrganization.objects.filter(name__contains=bare[-1]).filter(
                name__contains=bare[0]
            )
            if is_abbreviation(bare, o.name)
        ]
        # The committee over its branches: the shortest name is the unit itself.
        if len(found) > 1:
            shortest = min(len(o.name) for o in found)
            found = [o for o in found if len(o.name) == shortest]
    return _one(found, within)


def unit_place(unit: str, within: Region | None = None) -> Place:
    """The place an article's unit names; an unknown unit is a Place that is not `known`."""
    unit = (unit or "").strip()
    if not unit:
        return Place("")
    region = region_named(unit, within)
    if region is not None:
        return Place(unit, region=region)
    # "土左旗新时代文明实践服务中心": the longest leading region name.
    for end in range(len(unit) - 1, 1, -1):
        head = unit[:end]
        if head in UNIT_ALIASES or Region.objects.filter(name=head).exists():
            region = region_named(head, within)
            if region is not None:
                return Place(unit, region=region)
    organization = organization_named(unit, within)
    if organization is not None:
        return Place(unit, organization=organization)
    return Place(unit)


def places_below(region: Region) -> list[Region]:
    """The regions under `region` a sentence may name, longest names first."""
    found = Region.objects.filter(code__startswith=region.prefix).exclude(pk=region.pk)
    return sorted(found, key=lambda r: -len(r.name))


def named_in(text: str, regions: list[Region]) -> Region | None:
    """The first of `regions` the text names (by position in the text)."""
    hits = [(text.find(r.name), r) for r in regions if r.name and r.name in text]
    return min(hits, key=lambda h: h[0])[1] if hits else None
