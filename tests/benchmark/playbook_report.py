"""Counts from the ``ansible.posix.json`` callback's report of one ansible-playbook run.

- ``tasks``: task runs on a host that were not skipped (a loop counts once);
- ``results``: the same with each loop item counted on its own (skipped items left out);
- ``skipped``: task runs on a host skipped as a whole;
- ``changed`` and ``failed``: as in the PLAY RECAP (failed counts unreachable hosts too);
- ``changed_tasks``: names of the tasks that changed something (on a reconverge, the non-idempotent ones);
- ``failures``: task, host and message of each failed result, ignored errors included.
"""

MAX_LISTED = 20


def summarize(report: dict) -> dict:
    tasks = results = skipped = 0
    failures, changed_tasks = [], []
    for play in report["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                if result.get("skipped"):
                    skipped += 1
                    continue
                tasks += 1
                items = [
                    item for item in result.get("results", []) if isinstance(item, dict) and "ansible_loop_var" in item
                ]
                results += sum(not item.get("skipped") for item in items) if items else 1
                if result.get("changed"):
                    changed_tasks.append(task["task"]["name"])
                if result.get("failed") or result.get("unreachable"):
                    failures.append(
                        {"task": task["task"]["name"], "host": host, "msg": str(result.get("msg", ""))[:500]}
                    )
    stats = report["stats"].values()
    return {
        "tasks": tasks,
        "results": results,
        "skipped": skipped,
        "changed": sum(host["changed"] for host in stats),
        "failed": sum(host["failures"] + host["unreachable"] for host in stats),
        "changed_tasks": changed_tasks[:MAX_LISTED],
        "failures": failures[:MAX_LISTED],
    }
