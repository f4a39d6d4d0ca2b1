"""AWS API calls in a moto recording: the (service, operation) of each recorded request.

The service is the SigV4 signing name from the Authorization header. The operation comes from
the ``X-Amz-Target`` header (JSON protocols), else ``Action=`` in the form body or query string
(query protocols), else, for REST protocols, the botocore operation whose HTTP method and
``requestUri`` template the request matches; a REST request that matches none is named
``METHOD /path``.
"""

import base64
import json
import re
from collections import Counter
from functools import cache
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import botocore.session

UNSIGNED = "unsigned"
# botocore puts ``x-id`` in S3 templates to tell operations apart; it never sends it.
IGNORED_TEMPLATE_KEYS = {"x-id"}


def parse_recording(text: str) -> list[dict]:
    """moto's recorder download: one JSON object a line."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def count_calls(entries: list[dict]) -> dict[str, dict[str, int]]:
    """{service: {operation: count}}, services and operations sorted."""
    calls = Counter(identify(entry) for entry in entries)
    grouped: dict[str, dict[str, int]] = {}
    for (service, operation), count in sorted(calls.items()):
        grouped.setdefault(service, {})[operation] = count
    return grouped


def identify(entry: dict) -> tuple[str, str]:
    headers = {name.lower(): value for name, value in entry["headers"].items()}
    service = _signing_name(headers.get("authorization", ""))
    if target := headers.get("x-amz-target"):
        return service, target.rsplit(".", 1)[-1]
    url = urlsplit(entry["url"])
    params = parse_qs(url.query, keep_blank_values=True)  # S3 subresources are bare keys: ?acl
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        params.update(parse_qs(_body(entry)))
    if action := params.get("Action"):
        return service, action[0]
    return (
        service,
        _rest_operation(service, entry["method"], url.path, set(params), set(headers))
        or f"{entry['method']} {url.path}",
    )


def _signing_name(authorization: str) -> str:
    """``AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ...`` -> SERVICE."""
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", authorization)
    return match.group(1) if match else UNSIGNED


def _body(entry: dict) -> str:
    body = entry.get("body") or ""
    return base64.b64decode(body).decode("utf-8", "replace") if entry.get("body_encoded") else body


class Route(NamedTuple):
    operation: str
    method: str
    path: re.Pattern
    query_keys: frozenset[str]  # literal in the template, or required query string members
    headers: frozenset[str]  # required header members, lower case
    literal_length: int  # of the template's path, labels left out

    def score(self, method: str, path: str, query_keys: set[str], headers: set[str]) -> tuple[int, ...] | None:
        """How specific a match this is for the request, or None when it does not match.

        Last, the shorter name wins: templates that differ only in ``x-id`` (ListBuckets,
        ListDirectoryBuckets) cannot be told apart on the wire, and the plain one is the likelier.
        """
        if method != self.method or not self.path.fullmatch(path):
            return None
        if not (self.query_keys <= query_keys and self.headers <= headers):
            return None
        return len(self.query_keys) + len(self.headers), self.literal_length, -len(self.operation)


def _rest_operation(service: str, method: str, path: str, query_keys: set[str], headers: set[str]) -> str | None:
    """The most specific matching operation: the most query keys and headers required, then the longest path."""
    scored = [
        (score, route.operation)
        for route in _rest_routes(service)
        if (score := route.score(method, path, query_keys, headers)) is not None
    ]
    return max(scored)[1] if scored else None


@cache
def _rest_routes(service: str) -> list[Route]:
    """The routes of every REST model signed as ``service`` (several models share a signing name)."""
    loader = botocore.session.get_session().get_component("data_loader")
    routes = []
    for model in _rest_models_by_signing_name().get(service, []):
        description = loader.load_service_model(model, "service-2")
        for name, operation in description["operations"].items():
            template_path, _separator, template_query = operation["http"]["requestUri"].partition("?")
            literal_keys = {part.split("=", 1)[0] for part in template_query.split("&") if part} - IGNORED_TEMPLATE_KEYS
            input_shape = description["shapes"].get(operation.get("input", {}).get("shape"), {})
            required = {
                (member.get("location"), member.get("locationName", member_name))
                for member_name, member in input_shape.get("members", {}).items()
                if member_name in input_shape.get("required", [])
            }
            routes.append(
                Route(
                    operation=name,
                    method=operation["http"]["method"],
                    path=_path_regex(template_path),
                    query_keys=frozenset(
                        literal_keys | {key for location, key in required if location == "querystring"}
                    ),
                    headers=frozenset(key.lower() for location, key in required if location == "header"),
                    literal_length=len(re.sub(r"\{[^}]+\}", "", template_path)),
                )
            )
    return routes


def _path_regex(template: str) -> re.Pattern:
    """``/{Bucket}/{Key+}`` -> a regex: ``{Label}`` is one path segment, ``{Label+}`` the rest."""
    pattern = ""
    for literal, label in re.findall(r"([^{]*)(\{[^}]+\})?", template):
        pattern += re.escape(literal)
        if label:
            pattern += ".+" if label.endswith("+}") else "[^/]+"
    return re.compile(pattern.rstrip("/") + "/?")


@cache
def _rest_models_by_signing_name() -> dict[str, list[str]]:
    """Reads every botocore model once (about 3 s), only when a recording has a REST request."""
    loader = botocore.session.get_session().get_component("data_loader")
    models: dict[str, list[str]] = {}
    for name in loader.list_available_services("service-2"):
        metadata = loader.load_service_model(name, "service-2")["metadata"]
        if metadata.get("protocol", "").startswith("rest-"):
            models.setdefault(metadata.get("signingName") or metadata["endpointPrefix"], []).append(name)
    return models
