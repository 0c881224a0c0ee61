"""What the OpenAPI schema says beyond drf-spectacular's view-by-view guess: the error
answers every endpoint can give (errors.py makes them JSON), so that a client, and the
fuzzing in CI, can hold the API to them. A view documents the answers that are its own
(a 409 of the workflow, a 422 of the idempotency key) with `extend_schema`; this hook
adds the ones that come from DRF itself."""

from django.utils.translation import gettext_lazy as _

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

SCHEMAS = {
    ERROR: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Field name → messages. Messages that concern no single field are under "
            "`detail`; a list field's messages are keyed by the position of the item."
        ),
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            ]
        },
    },
}

DESCRIPTIONS = {
    400: _("请求有误（字段校验未通过，或请求体无法解析）"),
    401: _("未登录，或令牌无效、已过期"),
    403: _("无权执行此操作"),
    404: _("不存在或不在您的范围内（列表：页码无效）"),
    406: _("无法按 Accept 请求头给出的格式作答"),
    413: _("请求体过大"),
    414: _("地址过长：Web 服务器（gunicorn，或其前的代理）在应用之前拒绝，答以 HTML 页面"),
    415: _("不支持的请求体格式"),
    429: _("请求过于频繁，或登录失败次数过多"),
}


def _uri_too_long() -> dict:
    # Refused by the web server before the request reaches Django: the one answer not in JSON.
    return {
        "description": str(DESCRIPTIONS[414]),
        "content": {"text/html": {"schema": {"type": "string"}}},
    }


def _response(code: int, schema: str) -> dict:
    return {
        "description": str(DESCRIPTIONS[code]),
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _error_codes(operation: dict, method: str) -> dict[int, str]:
    """The answers DRF gives this operation whatever the view does."""
    codes = {406: ERROR}
    anonymous = {} in operation.get("security", [{}])
    if anonymous:
        # Throttles run after authentication: only an open endpoint answers 429 to anyone.
        codes[429] = ERROR
    else:
        codes[401] = codes[403] = ERROR
    parameters = operation.get("parameters", [])
    if any(p["in"] == "path" for p in parameters) or (
        method == "get" and any(p["name"] == "page" for p in parameters)
    ):
        codes[404] = ERROR
    if any(p["in"] == "query" and p["name"] != "page" for p in parameters):
        codes[400] = VALIDATION_ERROR
    if "requestBody" in operation:
        codes[400] = VALIDATION_ERROR
        codes[413] = codes[415] = ERROR
    return codes


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in SCHEMAS.items():
        schemas.setdefault(name, schema)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, schema in _error_codes(operation, method).items():
                responses.setdefault(str(code), _response(code, schema))
            responses.setdefault("414", _uri_too_long())
    return result
