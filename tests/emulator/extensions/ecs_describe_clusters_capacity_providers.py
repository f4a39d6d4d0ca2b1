"""ECS clusters answer ``capacityProviders`` and ``defaultCapacityProviderStrategy`` also when they have none.

moto 5.2.1 leaves both out of CreateCluster's, DescribeClusters' and UpdateCluster's answers for a cluster made
without them, where AWS answers empty lists: community.aws.ecs_cluster's second run over such a cluster failed with
``KeyError: 'capacityProviders'``. Here a cluster made without them has ``[]`` for each, as on AWS; clusters made
with them, and PutClusterCapacityProviders, are moto's as they were. Nothing else of the cluster is changed (the task
and service counts are ecs_service_deployments').
"""

import functools

from moto.ecs.models import Cluster


def register() -> None:
    original_init = Cluster.__init__

    @functools.wraps(original_init)
    def init(self: Cluster, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        if self.capacity_providers is None:
            self.capacity_providers = []
        if self.default_capacity_provider_strategy is None:
            self.default_capacity_provider_strategy = []

    Cluster.__init__ = init
