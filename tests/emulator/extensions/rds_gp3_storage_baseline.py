"""gp3 DB instances report their baseline IOPS and throughput, as AWS does.

moto 5.2.1 leaves ``Iops`` and ``StorageThroughput`` out of a gp3 instance unless the request set
them. AWS always answers with the baseline gp3 gives PostgreSQL: 3000 IOPS and 125 MiB/s below
400 GiB, 12000 IOPS and 500 MiB/s from 400 GiB. amazon.aws.rds_instance reads both keys of every
gp3 instance, so its second run failed with ``KeyError: 'StorageThroughput'``.
"""

import functools

from moto.rds.models import DBInstance

LARGE_VOLUME_GIB = 400


def _with_baseline(init):
    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if getattr(self, "db_cluster_identifier", None) or getattr(self, "storage_type", None) != "gp3":
            return
        large = int(self.allocated_storage or 0) >= LARGE_VOLUME_GIB
        if not self.iops:
            self.iops = 12000 if large else 3000
        if not self.storage_throughput:
            self.storage_throughput = 500 if large else 125

    return initialised


def register() -> None:
    DBInstance.__init__ = _with_baseline(DBInstance.__init__)
