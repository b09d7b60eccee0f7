"""The API documents itself: an OpenAPI schema that is valid and names every path, a docs page served from
this server under the strict CSP (vendored Swagger UI, no CDN, no inline script), and no writes anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import KELURAHAN

pytestmark = pytest.mark.django_db
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "swagger-ui"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _schema() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(schema: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = schema
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_the_openapi_schema_is_generated_and_valid():
    schema = _schema()
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Simpul API" and schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    operation_ids = []
    for path, item in schema["paths"].items():
        assert path.startswith("/api/v1/") and path.endswith("/"), path
        assert set(item) <= HTTP_METHODS | {"parameters", "summary", "description"}, path
        assert set(item) & HTTP_METHODS == {"get"}, f"{path} offers more than reading"
        operation = item["get"]
        operation_ids.append(operation["operationId"])
        assert "200" in operation["responses"], path
        assert operation["security"] == [{"TokenAuth": []}], path
        for name in re.findall(r"{(\w+)}", path):
            assert any(p["name"] == name and p["in"] == "path" for p in operation["parameters"]), (path, name)
    assert len(operation_ids) == len(set(operation_ids))
    for ref in _refs(schema):
        assert isinstance(_resolve(schema, ref), dict), ref


def _api_patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _api_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return found


def test_every_api_path_is_documented():
    (api_resolver,) = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/"]
    routes = {"/" + route for route in _api_patterns(api_resolver, "api/") if route.startswith("api/v1/")}
    documented = {re.sub(r"{(\w+)}", r"<\1>", path) for path in _schema()["paths"]}
    plumbing = {"/api/v1/", "/api/v1/openapi.json", "/api/v1/docs/"}
    normalised = {re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route) for route in routes}
    assert normalised - plumbing == documented


def test_the_docs_page_loads_swagger_ui_from_this_server_under_the_strict_policy(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "an external asset"
    assert not re.search(r"cdn\.|jsdelivr|unpkg|cdnjs", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_swagger_ui_is_vendored_with_its_version_and_licence():
    assert "swagger-ui 5.36.0" in (VENDOR / "VERSION").read_text()
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert (VENDOR / name).stat().st_size > 100_000, name
    starter = (Path(settings.BASE_DIR) / "static" / "api" / "docs.js").read_text()
    assert "validatorUrl: null" in starter  # the validator badge would call an outside server


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_path_offers_a_write(world, api_as, officer, method):
    client = api_as(officer)
    paths = [re.sub(r"{kode}", KELURAHAN, re.sub(r"{id}", str(world["A"]), path)) for path in _schema()["paths"]] + [
        "/api/v1/openapi.json",
        "/api/v1/docs/",
    ]
    for path in paths:
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert "GET" in response["Allow"], path
        assert "hanya-baca" in response.json()["detail"], path
    anonymous = Client().generic(method, "/api/v1/lembaga/")
    assert anonymous.status_code == 405


LISTS = ["wilayah", "lembaga", "kerjasama", "forum", "pertemuan", "program", "pendamping", "kegiatan"]
DETAILS = {"lembaga": "A", "kerjasama": "AB", "pertemuan": "M1", "program": "P1", "pendamping": "Siti",
           "kegiatan": "KSiti"}  # fmt: skip
PERSONAL = {"lembaga", "pertemuan", "pendamping"}  # the lists and details that take `pribadi=true`


def _through_pydantic(monkeypatch) -> list[str]:
    """Make lists and details write their rows as ninja would (pydantic's validation, then `model_dump()`)
    instead of by `schemas.dump`; the schemas they were written with are noted in the returned list."""
    used: list[str] = []

    def validated(cls, obj, context):
        used.append(cls.__name__)
        return cls.model_validate(obj, context=context).model_dump()

    monkeypatch.setattr("api.schemas.dump", validated)
    return used


def _declared_rows(schema: dict, path: str) -> str:
    """The schema name of the rows the OpenAPI document promises for `path` (a list's `results` items, or the
    detail itself)."""
    ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    answer = _resolve(schema, ok["$ref"])
    if "results" in answer.get("properties", {}):
        return answer["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[1]
    return ok["$ref"].rsplit("/", 1)[1]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_list_and_detail_answers_byte_for_byte_what_pydantics_validation_of_its_schema_gives(
    world, api_as, officer, monkeypatch, language
):
    """Lists and details are written by `schemas.dump`, not validated by ninja: for every one, the bytes equal
    what validating the same rows with the declared schema gives (same keys, same order, same values, labels in
    the caller's language, personal data where asked), and the schema written with is the one the OpenAPI
    document declares."""
    client = api_as(officer, language)
    paths = {f"/api/v1/{name}/": {} for name in LISTS}
    paths |= {f"/api/v1/{name}/{world[key]}/": {} for name, key in DETAILS.items()}
    fast = {}
    for path, data in paths.items():
        for personal in (False, True) if path.split("/")[3] in PERSONAL else (False,):
            query = data | ({"pribadi": "true"} if personal else {})
            response = client.get(path, query)
            assert response.status_code == 200, (path, response.content[:200])
            fast[path, personal] = response.content
    used = _through_pydantic(monkeypatch)
    schema = _schema()
    for (path, personal), content in fast.items():
        used.clear()
        slow = client.get(path, paths[path] | ({"pribadi": "true"} if personal else {}))
        assert slow.content == content, path
        template = re.sub(r"/\d+/$", "/{id}/", path)
        assert set(used) == {_declared_rows(schema, template)}, path
    assert b'"Bu Ani"' in fast["/api/v1/lembaga/", True] and b'"Pak Budi"' in fast["/api/v1/pertemuan/", True]
