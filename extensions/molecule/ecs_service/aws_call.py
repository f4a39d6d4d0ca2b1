"""Call one AWS API of the scenario's emulator with boto3 and print its answer as JSON.

    aws_call.py ENDPOINT REGION SERVICE OPERATION [PARAMETERS_JSON]

For what no *_info module reads (Application Auto Scaling, CodeDeploy, ECS tasks) and for the few
changes a scenario makes outside the roles (an alarm's state). ResponseMetadata is left out;
timestamps are ISO strings. An AWS error exits 1 with `{"error": {"code": ..., "message": ...}}`
on stdout, so a task can assert on it.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError


def main(endpoint, region, service, operation, parameters="{}"):
    client = boto3.client(service, endpoint_url=endpoint, region_name=region)
    try:
        answer = getattr(client, operation)(**json.loads(parameters))
    except ClientError as error:
        print(json.dumps({"error": {"code": error.response["Error"].get("Code"),
                                    "message": error.response["Error"].get("Message")}}))
        return 1
    answer.pop("ResponseMetadata", None)
    print(json.dumps(answer, default=lambda value: value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
