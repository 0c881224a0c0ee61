"""Prometheus metrics at `/metrics`, for the addresses in BANSHI_METRICS_ALLOW only (a
monitoring host; anyone else gets 404, as if there were nothing).

Two kinds: what the request middleware counts as requests are served (requests by method,
route pattern and status; latencies by method and route), and gauges read from the database
when the page is scraped — the queue of background tasks, and what apps register with
`register_gauge` in their `AppConfig.ready()` (demands registers its overdue demands), so
core names no domain app.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty directory shared by
them (prometheus_client's multiprocess mode) so the counts of every worker are summed."""

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .client_ip import address_in, client_ip

REQUESTS = Counter("banshi_http_requests", "HTTP requests served", ["method", "route", "status"])
LATENCY = Histogram(
    "banshi_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(*, method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "OTHER"  # a made-up method is not a label
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


@dataclass(frozen=True)
class Gauge:
    """A value read at scrape time: `read()` gives a number, or {label value: number} for
    the one label `label`."""

    name: str
    help: str
    read: Callable[[], float | dict[str, float]]
    label: str = ""


_GAUGES: dict[str, Gauge] = {}


def register_gauge(gauge: Gauge) -> Gauge:
    known = _GAUGES.get(gauge.name)
    if known is not None and known != gauge:
        raise ValueError(f"gauge {gauge.name} is registered twice")
    _GAUGES[gauge.name] = gauge
    return gauge


def _task_queue() -> dict[str, float]:
    from django_tasks_db.models import DBTaskResult  # a model: not importable before ready()

    counts = {"ready": 0, "running": 0}
    rows = (
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    for status, n in rows:
        counts[status.lower()] = n
    return counts


register_gauge(
    Gauge("banshi_task_queue", "Background tasks waiting or running", _task_queue, "status")
)


class _GaugeCollector:
    def collect(self):
        for gauge in sorted(_GAUGES.values(), key=lambda g: g.name):
            value = gauge.read()
            if isinstance(value, dict):
                family = GaugeMetricFamily(gauge.name, gauge.help, labels=[gauge.label])
                for key, number in sorted(value.items()):
                    family.add_metric([str(key)], float(number))
            else:
                family = GaugeMetricFamily(gauge.name, gauge.help, value=float(value))
            yield family


def allowed(address: str | None) -> bool:
    return address_in(address, settings.BANSHI_METRICS_ALLOW)


def exposition() -> bytes:
    """The metrics page's text: the counters (of every worker process in multiprocess
    mode), then the gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    gauges = CollectorRegistry(auto_describe=False)
    gauges.register(_GaugeCollector())
    return generate_latest(counted) + generate_latest(gauges)


@never_cache
@require_GET
def metrics_view(request):
    if not allowed(client_ip(request)):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
