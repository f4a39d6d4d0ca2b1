"""The services of an environment, read from its inventory hosts."""

from ansible.errors import AnsibleFilterError

# The service_* variables every layer reads; the rest belong to the compute layer.
COMMON = ("name", "container_port", "permissions", "deployment", "routing")


def service_specs(hosts, hostvars):
    """One dict per service host: its name, container port, permissions, deployment and routing.

    Services are inventory hosts (group `services`) whose host_vars say what each needs; every layer
    that serves them (security groups and task roles here, task definitions and services later) reads
    them through this filter, so the inventory says it once.
    """
    specs = []
    # Sorted: the hosts arrive through set operations (intersect), whose order changes from run to run,
    # and the order decides default rule priorities.
    for host in sorted(hosts):
        variables = hostvars[host]
        name = variables.get("service_name")
        if not name:
            raise AnsibleFilterError(f"hostvars[{host}].service_name: every host of the services group needs one")
        specs.append({
            "host": host,
            "name": name,
            "port": variables.get("service_container_port"),
            "permissions": variables.get("service_permissions") or {},
            # How the edge and compute layers serve and release it: rolling or blue_green (CodeDeploy),
            # and the load balancer rule and health check of a service with a port.
            "deployment": variables.get("service_deployment") or "rolling",
            "routing": variables.get("service_routing") or {},
            # The compute layer's settings: every other service_* variable, without the prefix
            # (service_cpu -> cpu); seed.aws_platform.compute_services fills in the defaults.
            "compute": {key[len("service_"):]: variables[key] for key in variables
                        if key.startswith("service_") and key[len("service_"):] not in COMMON},
        })
    return specs


class FilterModule:
    def filters(self):
        return {"service_specs": service_specs}
