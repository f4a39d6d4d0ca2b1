"""Extension rds_gp3_storage_baseline: gp3 instances report baseline IOPS and throughput."""


def _instance(rds, name, **extra):
    rds.create_db_instance(DBInstanceIdentifier=name, Engine="postgres", DBInstanceClass="db.t3.micro",
                           MasterUsername="admin_user", MasterUserPassword="not-a-secret-1", **extra)
    return rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]


def test_gp3_instances_answer_their_baseline(aws):
    rds = aws("rds")
    small = _instance(rds, "small", StorageType="gp3", AllocatedStorage=20)
    assert (small["Iops"], small["StorageThroughput"]) == (3000, 125)
    large = _instance(rds, "large", StorageType="gp3", AllocatedStorage=400)
    assert (large["Iops"], large["StorageThroughput"]) == (12000, 500)
    chosen = _instance(rds, "chosen", StorageType="gp3", AllocatedStorage=500, Iops=15000, StorageThroughput=750)
    assert (chosen["Iops"], chosen["StorageThroughput"]) == (15000, 750)
    gp2 = _instance(rds, "gp2", StorageType="gp2", AllocatedStorage=20)
    assert "StorageThroughput" not in gp2
