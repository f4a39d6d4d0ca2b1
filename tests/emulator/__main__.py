"""``scripts/emulator``: start, stop, reset, inspect and use a named local AWS emulator."""

import argparse
import shlex
import subprocess
import sys

from tests.emulator.instance import DEFAULT_HOST, DEFAULT_NAME, Emulator, EmulatorError, masking_variables


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args, Emulator(args.name))
    except EmulatorError as error:
        print(f"emulator: {error}", file=sys.stderr)
        return 1


def _start(args, emulator: Emulator) -> int:
    print(emulator.start(**_start_options(args)))
    return 0


def _stop(args, emulator: Emulator) -> int:
    if not emulator.stop():
        print(f"emulator {emulator.name!r} was not running", file=sys.stderr)
    return 0


def _reset(args, emulator: Emulator) -> int:
    emulator.reset()
    return 0


def _status(args, emulator: Emulator) -> int:
    state = emulator.state()
    if state is None:
        print(f"{emulator.name}: not running")
        return 1
    healthy = emulator.healthy()
    print(f"{emulator.name}: {state['endpoint']} {'healthy' if healthy else 'NOT answering'} (pid {state['pid']})")
    return 0 if healthy else 1


def _env(args, emulator: Emulator) -> int:
    print(f"unset {' '.join(masking_variables())}")
    for key, value in emulator.env().items():
        print(f"export {key}={shlex.quote(value)}")
    return 0


def _run(args, emulator: Emulator) -> int:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        raise EmulatorError("run needs a command: scripts/emulator run [options] -- CMD ARGS...")
    with emulator.running(keep=args.keep, **_start_options(args)):
        if not args.no_reset:
            emulator.reset()
        try:
            returncode = subprocess.run(command, env=emulator.child_env(), check=False).returncode
        except FileNotFoundError:
            print(f"emulator: command not found: {command[0]}", file=sys.stderr)
            return 127
        return 128 - returncode if returncode < 0 else returncode


def _push_image(args, emulator: Emulator) -> int:
    from botocore.exceptions import ClientError

    from tests.emulator.images import push_image

    for tag in args.tags:
        try:
            print(f"{args.repository}:{tag} {push_image(emulator.endpoint(), args.repository, tag)}")
        except ClientError as error:
            raise EmulatorError(f"push-image {args.repository}:{tag}: {error}") from error
    return 0


def _start_options(args) -> dict:
    env = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"} if args.load_managed_policies else {}
    return {"host": args.host, "port": args.port, "timeout": args.timeout, "env": env}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/emulator", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, handler, help: str, starts: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        sub.add_argument("--name", default=DEFAULT_NAME, help="which emulator (default: %(default)s)")
        if starts:
            sub.add_argument("--host", default=DEFAULT_HOST, help="loopback address to bind (default: %(default)s)")
            sub.add_argument("--port", type=int, default=0, help="port to bind (default: a free one)")
            sub.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for it to answer")
            sub.add_argument(
                "--load-managed-policies",
                action="store_true",
                help="load AWS-managed IAM policies (slower start; moto loads none by default)",
            )
        return sub

    command("start", _start, "start the emulator in the background (or reuse it) and print its endpoint", starts=True)
    command("stop", _stop, "stop the emulator and remove its state file")
    command("reset", _reset, "empty all of the emulator's state")
    command("status", _status, "print the endpoint and health; exit 1 unless running and healthy")
    command("env", _env, "print shell lines pointing AWS SDKs and playbooks at the emulator")
    run = command("run", _run, "run a command against a freshly reset emulator", starts=True)
    run.add_argument("--keep", action="store_true", help="leave the emulator running afterwards")
    run.add_argument("--no-reset", action="store_true", help="keep the emulator's existing state")
    run.add_argument("command", nargs=argparse.REMAINDER, help="-- CMD ARGS...")
    push = command("push-image", _push_image, "put images under tags into an ECR repository, as docker push would")
    push.add_argument("repository", help="the repository's name")
    push.add_argument("tags", nargs="+", help="one or more tags")
    return parser


if __name__ == "__main__":
    sys.exit(main())
