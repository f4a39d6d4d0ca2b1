"""Aurora instances report their cluster's DB subnet group, as AWS does.

moto 5.2.1 gives an instance created into a cluster no ``DBSubnetGroup`` unless the request named
one. AWS answers the cluster's group for every member, and amazon.aws.rds_instance reads it: the
second run over a cluster's instances failed with ``KeyError: 'DBSubnetGroup'``.
"""

import functools

from moto.rds.models import DBInstanceClustered


def _with_cluster_subnet_group(init):
    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        cluster_group = getattr(self.cluster, "db_subnet_group_name", None)
        if getattr(self, "db_subnet_group", None) is None and cluster_group and cluster_group != "default":
            # The setter looks the group up and keeps it for the response.
            self.db_subnet_group_name = cluster_group

    return initialised


def register() -> None:
    DBInstanceClustered.__init__ = _with_cluster_subnet_group(DBInstanceClustered.__init__)
