"""MSK ListClusters: each cluster's full ClusterInfo, only the clusters whose name starts with ``clusterNameFilter``.

moto 5.2.1 answers each cluster with five fields (ARN, name, state, creation time, type) where AWS gives the whole
ClusterInfo that DescribeCluster gives, and ignores ``clusterNameFilter``. community.aws.msk_cluster finds its
cluster with ListClusters and compares the answer with its task, so its second run fails with
``KeyError: 'NumberOfBrokerNodes'``; with two clusters in the region it fails with "Found more than one cluster".
Here ListClusters answers what DescribeCluster answers for each cluster, filtered by name prefix as AWS documents.
"""

from typing import Any

from moto.kafka.models import KafkaBackend


def list_clusters(
    self: KafkaBackend, cluster_name_filter: str | None, max_results: int | None, next_token: str | None
) -> list[dict[str, Any]]:
    return [
        self.describe_cluster(arn)
        for arn, cluster in self.clusters.items()
        if cluster.cluster_name.startswith(cluster_name_filter or "")
    ]


def register() -> None:
    KafkaBackend.list_clusters = list_clusters
