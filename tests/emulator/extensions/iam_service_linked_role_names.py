"""CreateServiceLinkedRole: AWS Config's role is named ``AWSServiceRoleForConfig``.

moto 5.2.1 names a service-linked role ``AWSServiceRoleFor`` plus the first label of the service
principal as it is, except for the few services in its ``SERVICE_NAME_CONVERSION`` table, so
``config.amazonaws.com`` gets ``AWSServiceRoleForconfig``. The security layer creates AWS Config's
role with seed.aws_platform.iam_service_linked_role and hands the role's name and ARN to the
configuration recorder, which against the emulator would then differ from AWS's. moto reads the table
on every call, so adding AWS's spelling to it is enough.
"""

from moto.iam import models

AWS_SERVICE_NAMES = {
    "config": "Config",
}


def register() -> None:
    models.SERVICE_NAME_CONVERSION.update(AWS_SERVICE_NAMES)
