"""One service worker for every app with offline pages.

`service_worker(name, pages, static, ...)` gives the view an app points its sw.js URL at;
it renders banshi/sw.js with the app's lists. The cache is named
``banshi-<name>-<hash>``, the hash taken from the contents of the listed static files, so
a changed file is fetched anew without anyone bumping a version; on activate the worker
deletes only its own older caches (those starting ``banshi-<name>-``).
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.templatetags.static import static as static_url
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

TEMPLATE = "banshi/sw.js"
_HASHES = {}  # tuple of static names -> hash of their contents; files change on deploy only


def _read_static(name):
    """The bytes of a static file, found as runserver finds it; b"" when there is none."""
    path = finders.find(name)
    if not path:
        return b""
    with open(path, "rb") as fh:
        return fh.read()


def content_hash(static):
    key = tuple(static)
    if key not in _HASHES:
        digest = hashlib.sha256()
        for name in key:
            digest.update(name.encode() + b"\0" + _read_static(name) + b"\0")
        _HASHES[key] = digest.hexdigest()[:12]
    return _HASHES[key]


def cache_name(name, static):
    return f"banshi-{name}-{content_hash(static)}"


def _js(value):
    # json.dumps escapes nothing HTML-ish that matters in a JS file, but "</" and "<!--"
    # are made harmless anyway; the template emits it unescaped (autoescape would break it).
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(text)  # noqa: S308 - JSON built above, "<" escaped


def service_worker(name, pages, static, page_prefix=None, exclude_prefix=None, scope_header=None):
    """A view serving the service worker of app `name`.

    pages: paths cached on install and served network first (the cache when offline);
    static: static file names ("contests/judge.js"), cached on install, served cache first;
    page_prefix: every GET under it is a page too (stored by path, without its query),
    except under exclude_prefix; with it, every static file is served cache first;
    scope_header: the Service-Worker-Allowed header, for a worker wider than its folder.
    """
    pages = list(pages)
    static = list(static)

    @require_GET
    @never_cache
    def view(request):
        context = {
            "cache": _js(cache_name(name, static)),
            "cache_prefix": _js(f"banshi-{name}-"),
            "pages": _js(pages),
            "static": _js([static_url(s) for s in static]),
            "static_prefix": _js(settings.STATIC_URL),
            "page_prefix": _js(page_prefix),
            "exclude_prefix": _js(exclude_prefix),
        }
        response = render(request, TEMPLATE, context, content_type="application/javascript")
        if scope_header:
            response["Service-Worker-Allowed"] = scope_header
        return response

    view.__name__ = f"service_worker_{name}"
    return view
