"""The LOGGING setting, built here so that settings need not import Django's machinery (the
filter it names is loaded by dotted path once logging is configured)."""


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING setting: one console handler, JSON lines (`fmt="json"`) or plain text."""
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            # "time": ISO 8601 in UTC, whatever TIME_ZONE says.
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "banshi.core.requestlog.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt == "json" else "text",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # The request log is INFO: on by default, whatever the root level.
        "loggers": {"banshi.request": {"level": "INFO", "propagate": True}},
    }
