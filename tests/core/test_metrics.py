"""/metrics: Prometheus text for the configured monitoring addresses only (404 for anyone
else, as if there were nothing), request counts and latencies by route pattern, the task
queue and the overdue demands read from the database."""

from django.test import Client
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

URL = "/metrics"


def families(client: Client) -> dict:
    r = client.get(URL)
    assert r.status_code == 200, r.status_code
    assert r["Content-Type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(r.content.decode())}


def sample(families: dict, name: str, suffix: str = "", **labels) -> float | None:
    for s in families[name].samples:
        if s.name == name + suffix and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    return None


def test_other_addresses_get_404(db, settings):
    settings.BANSHI_METRICS_ALLOW = ["10.0.0.5"]
    assert Client().get(URL).status_code == 404
    assert Client(REMOTE_ADDR="10.0.0.5").get(URL).status_code == 200
    settings.BANSHI_METRICS_ALLOW = ["10.0.0.0/24"]
    assert Client(REMOTE_ADDR="10.0.0.77").get(URL).status_code == 200
    assert Client(REMOTE_ADDR="10.0.1.1").get(URL).status_code == 404


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(db, settings):
    # Behind the proxy every request comes from 127.0.0.1: the proxy's clients must not
    # read the metrics because the proxy may.
    settings.BANSHI_METRICS_ALLOW = ["127.0.0.1"]
    settings.BANSHI_TRUSTED_PROXIES = ["127.0.0.1"]
    assert Client(HTTP_X_FORWARDED_FOR="203.0.113.9").get(URL).status_code == 404
    assert Client().get(URL).status_code == 200


def test_requests_are_counted_by_route(db):
    client = Client()
    before = families(client)
    for _ in range(3):
        client.get("/healthz")
    client.get("/track/XYZ/")
    after = families(client)
    name = "banshi_http_requests"

    def count(fams, **labels):
        return sum(
            s.value
            for s in fams[name].samples
            if s.name == name + "_total" and all(s.labels.get(k) == v for k, v in labels.items())
        )

    assert count(after, route="/healthz") - count(before, route="/healthz") == 3
    assert count(after, route="/track/<str:code>/") - count(before, route="/track/<str:code>/") == 1
    latency = "banshi_http_request_duration_seconds"
    assert sample(after, latency, "_count", route="/healthz", method="GET") >= 3


def test_task_queue_depth(db):
    fams = families(Client())
    assert sample(fams, "banshi_task_queue", status="ready") == 0
    from banshi.demands.tasks import notify_units

    DBTaskResult.objects.create(
        task_path=notify_units.module_path, args_kwargs={"args": [], "kwargs": {}}
    )
    fams = families(Client())
    assert sample(fams, "banshi_task_queue", status="ready") == 1
