import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.secrets import secret_specs
from ansible_collections.seed.aws_platform.plugins.filter.services import service_specs


def test_service_specs_read_the_service_hosts():
    hostvars = {
        "tiger-fastapi-app": {"service_name": "fastapi-app", "service_container_port": 8000,
                              "service_permissions": {"ses": "send"}, "service_cpu": 512, "platform_region": "us-east-1"},
        "tiger-celery-worker": {"service_name": "celery-worker", "service_deployment": "blue_green",
                                "service_routing": {"priority": 5}},
    }
    assert service_specs(["tiger-fastapi-app", "tiger-celery-worker"], hostvars) == [
        {"host": "tiger-celery-worker", "name": "celery-worker", "port": None, "permissions": {},
         "deployment": "blue_green", "routing": {"priority": 5}, "compute": {}},
        {"host": "tiger-fastapi-app", "name": "fastapi-app", "port": 8000, "permissions": {"ses": "send"},
         "deployment": "rolling", "routing": {}, "compute": {"cpu": 512}},
    ]


def test_a_service_host_without_a_name_is_refused():
    with pytest.raises(AnsibleFilterError, match=r"hostvars\[tiger-x\].service_name"):
        service_specs(["tiger-x"], {"tiger-x": {}})


def test_secret_specs_prefix_names_and_add_the_secrets_key():
    specs = secret_specs([{"name": "secret-key", "generate": {"length": 64}}, {"name": "b", "kms_key_id": "alias/other"}],
                         "tiger/fastapi/", "arn:aws:kms:us-east-1:123456789012:key/k")
    assert specs == [
        {"name": "tiger/fastapi/secret-key", "generate": {"length": 64}, "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/k"},
        {"name": "tiger/fastapi/b", "kms_key_id": "alias/other"},
    ]
    assert secret_specs([{"name": "a"}], "p/")[0] == {"name": "p/a"}
