"""CreateFlowLogs to S3 with a key prefix: ``LogDestination=arn:aws:s3:::BUCKET/PREFIX/``.

moto 5.2.1 looks the whole ARN resource (``BUCKET/PREFIX/``) up as a bucket name, finds none and
answers with the flow log in ``Unsuccessful`` ("LogDestination: BUCKET/PREFIX/ does not exist.");
AWS accepts a prefix. Here moto checks the bucket alone, and the flow log keeps the full ARN, as
DescribeFlowLogs shows it on AWS.
"""

import functools
import inspect

from moto.ec2.exceptions import FlowLogAlreadyExists
from moto.ec2.models.flow_logs import FlowLogsBackend


def register() -> None:
    original = FlowLogsBackend.create_flow_logs
    signature = inspect.signature(original)

    @functools.wraps(original)
    def create_flow_logs(*args, **kwargs):
        call = signature.bind(*args, **kwargs)
        backend, destination = call.arguments["self"], call.arguments["log_destination"]
        if call.arguments["log_destination_type"] != "s3" or "/" not in (destination or ""):
            return original(*args, **kwargs)
        # moto's own duplicate check would compare against the bucket-only ARN and miss this.
        for resource_id in call.arguments["resource_ids"]:
            if any(
                (log.resource_id, log.log_destination) == (resource_id, destination)
                for log in backend.flow_logs.values()
            ):
                raise FlowLogAlreadyExists()
        call.arguments["log_destination"] = destination.split("/", 1)[0]
        flow_logs, unsuccessful = original(*call.args, **call.kwargs)
        for flow_log in flow_logs:
            flow_log.log_destination = destination
        return flow_logs, unsuccessful

    FlowLogsBackend.create_flow_logs = create_flow_logs
