"""Extension rds_cluster_member_subnet_group: cluster members report the cluster's DB subnet group."""


def test_aurora_instances_report_the_cluster_subnet_group(aws):
    ec2, rds = aws("ec2"), aws("rds")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"us-east-1{z}")["Subnet"]["SubnetId"]
               for i, z in enumerate("ab")]
    rds.create_db_subnet_group(DBSubnetGroupName="prod-database", DBSubnetGroupDescription="db", SubnetIds=subnets)
    rds.create_db_cluster(DBClusterIdentifier="prod-aurora", Engine="aurora-postgresql", MasterUsername="pcs_admin",
                          MasterUserPassword="not-a-secret-1", DBSubnetGroupName="prod-database")
    rds.create_db_instance(DBInstanceIdentifier="prod-aurora-primary", DBClusterIdentifier="prod-aurora",
                           Engine="aurora-postgresql", DBInstanceClass="db.r6g.large")
    [member] = rds.describe_db_instances(DBInstanceIdentifier="prod-aurora-primary")["DBInstances"]
    assert member["DBSubnetGroup"]["DBSubnetGroupName"] == "prod-database"
    assert sorted(s["SubnetIdentifier"] for s in member["DBSubnetGroup"]["Subnets"]) == sorted(subnets)
