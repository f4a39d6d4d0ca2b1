"""MSK DescribeCluster of a cluster that does not exist: NotFoundException (HTTP 404), as AWS answers.

moto 5.2.1 fails with ``KeyError`` (HTTP 500, which botocore retries). community.aws.msk_cluster with
``state: absent`` and ``wait: true`` polls DescribeCluster until it answers NotFoundException, so it fails after
deleting the cluster (moto deletes at once) instead of reporting the deletion.
"""

import functools

from moto.kafka.exceptions import NotFoundException
from moto.kafka.models import KafkaBackend


class ClusterNotFound(NotFoundException):
    code = 404


def register() -> None:
    original_describe = KafkaBackend.describe_cluster

    @functools.wraps(original_describe)
    def describe_cluster(self, cluster_arn):
        if cluster_arn not in self.clusters:
            raise ClusterNotFound(f"Cluster {cluster_arn} not found.")
        return original_describe(self, cluster_arn)

    KafkaBackend.describe_cluster = describe_cluster
