"""Extension elbv2_load_balancer_attribute_defaults: an ALB answers every attribute AWS returns."""


def _load_balancer(aws, load_balancer_type="application"):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    elbv2 = aws("elbv2")
    arn = elbv2.create_load_balancer(Name=f"defaults-{load_balancer_type[:3]}", Subnets=subnets,
                                     Type=load_balancer_type)["LoadBalancers"][0]["LoadBalancerArn"]
    return elbv2, arn


def _attributes(elbv2, arn):
    return {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}


def test_a_new_application_load_balancer_answers_the_defaults(aws):
    elbv2, arn = _load_balancer(aws)
    attributes = _attributes(elbv2, arn)
    assert attributes["access_logs.s3.enabled"] == "false"
    assert attributes["idle_timeout.timeout_seconds"] == "60"
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "false"
    assert attributes["routing.http.desync_mitigation_mode"] == "defensive"
    assert attributes["routing.http2.enabled"] == "true"


def test_modified_attributes_still_read_back(aws):
    elbv2, arn = _load_balancer(aws)
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": "logs"},
        {"Key": "idle_timeout.timeout_seconds", "Value": "120"}])
    attributes = _attributes(elbv2, arn)
    assert (attributes["access_logs.s3.enabled"], attributes["access_logs.s3.bucket"]) == ("true", "logs")
    assert attributes["idle_timeout.timeout_seconds"] == "120"


def test_network_load_balancers_are_left_alone(aws):
    elbv2, arn = _load_balancer(aws, "network")
    assert "routing.http2.enabled" not in _attributes(elbv2, arn)
