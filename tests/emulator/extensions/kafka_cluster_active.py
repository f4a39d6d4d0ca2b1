"""MSK clusters become ACTIVE, and GetBootstrapBrokers answers their brokers.

moto 5.2.1 leaves every cluster ``CREATING`` for ever and has no GetBootstrapBrokers (HTTP 500).
community.aws.msk_cluster with ``wait: true`` polls until the cluster is ACTIVE, so it waits out its whole
``wait_timeout`` (an hour by default) and fails; and once a cluster is ACTIVE, the module reads its bootstrap
brokers on every run. Here CreateCluster and CreateClusterV2 answer ``CREATING`` as AWS does, but the cluster is
``ACTIVE`` from then on, and GetBootstrapBrokers answers a broker string per way in, one host per broker node
(``b-N.NAME.ID.c2.kafka.REGION.amazonaws.com``): plaintext (port 9092) and TLS (9094) as
``EncryptionInTransit.ClientBroker`` allows them (TLS only when it is not given, AWS's default), SASL/SCRAM (9096)
and IAM (9098) when the cluster's client authentication enables them.
"""

import functools
import json
from typing import Any
from urllib.parse import unquote

from moto.kafka.exceptions import NotFoundException
from moto.kafka.models import FakeKafkaCluster
from moto.kafka.models import KafkaBackend
from moto.kafka.responses import KafkaResponse
from moto.moto_api._internal import mock_random

PORTS = {"": 9092, "Tls": 9094, "SaslScram": 9096, "SaslIam": 9098}


class ClusterNotFound(NotFoundException):
    code = 404


def bootstrap_brokers(cluster: FakeKafkaCluster) -> dict[str, str]:
    """GetBootstrapBrokers of ``cluster``: BootstrapBrokerString* member (by suffix) -> broker string."""
    host_id = cluster.__dict__.setdefault("bootstrap_host_id", mock_random.get_random_string(length=6, lower_case=True))
    hosts = [
        f"b-{number}.{cluster.cluster_name.lower()}.{host_id}.c2.kafka.{cluster.region_name}.amazonaws.com"
        for number in range(1, (cluster.number_of_broker_nodes or 1) + 1)
    ]
    in_transit = (cluster.encryption_info or {}).get("encryptionInTransit") or {}
    client_broker = in_transit.get("clientBroker", "TLS")
    sasl = (cluster.client_authentication or {}).get("sasl") or {}
    ways = {
        "": client_broker in ("PLAINTEXT", "TLS_PLAINTEXT"),
        "Tls": client_broker in ("TLS", "TLS_PLAINTEXT"),
        "SaslScram": bool((sasl.get("scram") or {}).get("enabled")),
        "SaslIam": bool((sasl.get("iam") or {}).get("enabled")),
    }
    return {
        f"bootstrapBrokerString{suffix}": ",".join(f"{host}:{PORTS[suffix]}" for host in hosts)
        for suffix, enabled in ways.items()
        if enabled
    }


def get_bootstrap_brokers(self: KafkaResponse) -> str:
    cluster_arn = unquote(self.parsed_url.path.split("/clusters/")[-1].removesuffix("/bootstrap-brokers"))
    cluster = self.kafka_backend.clusters.get(cluster_arn)
    if cluster is None:
        raise ClusterNotFound(f"Cluster {cluster_arn} not found.")
    return json.dumps(bootstrap_brokers(cluster))


def register() -> None:
    for name in ("create_cluster", "create_cluster_v2"):
        original = getattr(KafkaBackend, name)

        def activating(*args: Any, original=original, **kwargs: Any):
            answer = original(*args, **kwargs)
            # The answer says CREATING, as AWS's does; the cluster is ACTIVE from the next request on.
            args[0].clusters[answer[0]].state = "ACTIVE"
            return answer

        setattr(KafkaBackend, name, functools.wraps(original)(activating))
    KafkaResponse.get_bootstrap_brokers = get_bootstrap_brokers
