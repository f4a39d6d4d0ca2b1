"""Extension iam_service_linked_role_names: the names of service-linked roles."""

CONFIG_PATH = "/aws-service-role/config.amazonaws.com/"


def test_aws_configs_role_has_aws_name_and_path(aws):
    iam = aws("iam")

    role = iam.create_service_linked_role(AWSServiceName="config.amazonaws.com")["Role"]

    assert role["RoleName"] == "AWSServiceRoleForConfig"
    assert role["Arn"] == f"arn:aws:iam::123456789012:role{CONFIG_PATH}AWSServiceRoleForConfig"
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix=CONFIG_PATH)["Roles"]] == ["AWSServiceRoleForConfig"]


def test_other_services_keep_moto_names(aws):
    iam = aws("iam")

    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="batch")["Role"]

    assert role["RoleName"] == "AWSServiceRoleForAutoScaling_batch"
