"""MSK configurations: Create, Describe, List, Update and DeleteConfiguration; Describe and ListConfigurationRevisions.

moto 5.2.1 has no MSK configuration API at all (HTTP 404 for ``/v1/configurations``), so community.aws.msk_config
fails on its first call, ListConfigurations. Here each region keeps its configurations in memory, answered as
botocore's model has them: an ARN ``arn:aws:kafka:REGION:ACCOUNT:configuration/NAME/UUID-1`` (AWS's form), the
configuration's ``Description`` and ``KafkaVersions`` as created, ``LatestRevision`` ``{Revision, CreationTime,
Description}`` and ``State`` ``ACTIVE``. UpdateConfiguration adds revision N+1 with its own description and server
properties; DescribeConfigurationRevision answers a revision's ``ServerProperties`` as the bytes it was given.
As on AWS: names match ``^[0-9A-Za-z][0-9A-Za-z-]*$`` and are unique in a region (ConflictException), the server
properties must be ``key=value`` lines (blank lines and ``#`` comments allowed; the keys are not checked against
AWS's list), a configuration a cluster uses cannot be deleted (BadRequestException), and a missing configuration or
revision is a NotFoundException (404). DeleteConfiguration answers ``DELETING``; the configuration is gone from the
next request on (AWS takes a while). CreateCluster still does not check the configuration it is given.
"""

import base64
import binascii
import json
import re
from typing import Any

from moto.core.utils import iso_8601_datetime_with_milliseconds
from moto.kafka import urls
from moto.kafka.exceptions import BadRequestException
from moto.kafka.exceptions import KafkaException
from moto.kafka.exceptions import NotFoundException
from moto.kafka.models import KafkaBackend
from moto.kafka.responses import KafkaResponse
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]*$")
PROPERTY = re.compile(r"^\s*[^=\s#][^=]*=.*$")
MAX_RESULTS = 100


class ConfigurationNotFound(NotFoundException):
    code = 404


class ConflictException(KafkaException):
    code = 409

    def __init__(self, msg: str):
        super().__init__("ConflictException", msg)


def configurations(backend: KafkaBackend) -> dict[str, dict[str, Any]]:
    """ARN -> configuration, on the backend so that a reset empties it."""
    return backend.__dict__.setdefault("configurations", {})


def found(backend: KafkaBackend, arn: str) -> dict[str, Any]:
    configuration = configurations(backend).get(arn)
    if configuration is None:
        raise ConfigurationNotFound(f"The configuration {arn} does not exist.")
    return configuration


def server_properties(encoded: Any) -> bytes:
    """The server.properties given (base64 in the request), checked as ``key=value`` lines."""
    if encoded is None:
        raise BadRequestException("ServerProperties is required.")
    try:
        text = base64.b64decode(encoded, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise BadRequestException("ServerProperties must be base64-encoded.") from None
    for line in text.decode("utf-8", errors="replace").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and not PROPERTY.match(line):
            raise BadRequestException(f"The server.properties line {line!r} is not a property (key=value).")
    return text


def new_revision(number: int, description: str | None, properties: bytes) -> dict[str, Any]:
    revision = {
        "revision": number,
        "creationTime": iso_8601_datetime_with_milliseconds(),
        "serverProperties": properties,
    }
    if description is not None:
        revision["description"] = description
    return revision


def revision_summary(revision: dict[str, Any]) -> dict[str, Any]:
    """ConfigurationRevision: what DescribeConfiguration, ListConfigurations and friends answer of a revision."""
    return {key: value for key, value in revision.items() if key != "serverProperties"}


def configuration_info(configuration: dict[str, Any]) -> dict[str, Any]:
    """Configuration, as DescribeConfiguration and ListConfigurations answer it."""
    info = {key: value for key, value in configuration.items() if key != "revisions"}
    info["latestRevision"] = revision_summary(configuration["revisions"][-1])
    return info


def page(items: list[dict[str, Any]], response: KafkaResponse, key: str) -> str:
    """One page of ``items`` by ``maxResults``/``nextToken`` (an offset), as ``{key: [...], "nextToken": ...}``."""
    try:
        start = int(response._get_param("nextToken") or 0)
        size = int(response._get_param("maxResults") or MAX_RESULTS)
    except ValueError:
        raise BadRequestException("Invalid nextToken or maxResults.") from None
    if start < 0 or not 1 <= size <= MAX_RESULTS:
        raise BadRequestException("Invalid nextToken or maxResults.")
    answer: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        answer["nextToken"] = str(start + size)
    return json.dumps(answer)


def create_configuration(self: KafkaResponse) -> str:
    backend = self.kafka_backend
    name = self._get_param("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise BadRequestException(f"The configuration name {name!r} must match ^[0-9A-Za-z][0-9A-Za-z-]*$.")
    properties = server_properties(self._get_param("serverProperties"))
    if any(configuration["name"] == name for configuration in configurations(backend).values()):
        raise ConflictException(f"A configuration named {name} already exists.")
    partition = get_partition(backend.region_name)
    arn = (
        f"arn:{partition}:kafka:{backend.region_name}:{backend.account_id}:"
        f"configuration/{name}/{mock_random.uuid4()}-1"
    )
    description = self._get_param("description")
    revision = new_revision(1, description, properties)
    configuration = {
        "arn": arn,
        "name": name,
        "creationTime": revision["creationTime"],
        "kafkaVersions": list(self._get_param("kafkaVersions") or []),
        "state": "ACTIVE",
        "revisions": [revision],
    }
    if description is not None:
        configuration["description"] = description
    configurations(backend)[arn] = configuration
    info = configuration_info(configuration)
    return json.dumps({key: info[key] for key in ("arn", "creationTime", "latestRevision", "name", "state")})


def describe_configuration(self: KafkaResponse) -> str:
    return json.dumps(configuration_info(found(self.kafka_backend, self._get_param("arn"))))


def list_configurations(self: KafkaResponse) -> str:
    items = [configuration_info(configuration) for configuration in configurations(self.kafka_backend).values()]
    return page(items, self, "configurations")


def describe_configuration_revision(self: KafkaResponse) -> str:
    arn = self._get_param("arn")
    revisions = found(self.kafka_backend, arn)["revisions"]
    number = self._get_param("revision")
    try:
        revision = revisions[int(number) - 1] if 1 <= int(number) <= len(revisions) else None
    except (TypeError, ValueError):
        revision = None
    if revision is None:
        raise ConfigurationNotFound(f"The revision {number} of configuration {arn} does not exist.")
    answer = dict(revision, arn=arn, serverProperties=base64.b64encode(revision["serverProperties"]).decode())
    return json.dumps(answer)


def list_configuration_revisions(self: KafkaResponse) -> str:
    configuration = found(self.kafka_backend, self._get_param("arn"))
    return page([revision_summary(revision) for revision in configuration["revisions"]], self, "revisions")


def update_configuration(self: KafkaResponse) -> str:
    configuration = found(self.kafka_backend, self._get_param("arn"))
    properties = server_properties(self._get_param("serverProperties"))
    revisions = configuration["revisions"]
    revisions.append(new_revision(len(revisions) + 1, self._get_param("description"), properties))
    return json.dumps({"arn": configuration["arn"], "latestRevision": revision_summary(revisions[-1])})


def delete_configuration(self: KafkaResponse) -> str:
    backend = self.kafka_backend
    configuration = found(backend, self._get_param("arn"))
    users = [
        cluster.cluster_name
        for cluster in backend.clusters.values()
        if (cluster.configuration_info or {}).get("arn") == configuration["arn"]
    ]
    if users:
        raise BadRequestException(
            f"The configuration {configuration['arn']} is in use by the clusters {', '.join(users)}."
        )
    # The answer says DELETING, as AWS's does; the configuration is gone from the next request on.
    del configurations(backend)[configuration["arn"]]
    return json.dumps({"arn": configuration["arn"], "state": "DELETING"})


def register() -> None:
    KafkaResponse.create_configuration = create_configuration
    KafkaResponse.describe_configuration = describe_configuration
    KafkaResponse.list_configurations = list_configurations
    KafkaResponse.describe_configuration_revision = describe_configuration_revision
    KafkaResponse.list_configuration_revisions = list_configuration_revisions
    KafkaResponse.update_configuration = update_configuration
    KafkaResponse.delete_configuration = delete_configuration
    urls.url_paths["{0}/v1/configurations$"] = KafkaResponse.dispatch
    urls.url_paths["{0}/v1/configurations/(?P<arn>.+)$"] = KafkaResponse.dispatch
