"""Roster import and export (居民花名册导入导出): the file format in `columns`, reading in
`reading`, row checks in `rows`, bulk writes in `writing`, the services in `importing` and
`exporting`."""

from .exporting import roster_export
from .importing import ImportResult, RosterRowError, default_report_path, roster_import
from .reading import RosterFileError

__all__ = [
    "ImportResult",
    "RosterFileError",
    "RosterRowError",
    "default_report_path",
    "roster_export",
    "roster_import",
]
