"""Stand-ins for the programs a workflow step runs besides kubectl, each answering from the
emulated cluster: `curl` (a public host through its Ingress, or the Prometheus query API),
`docker` (`buildx imagetools inspect` against the rehearsal's registry; `run` of the Swift image
runs the gen binary that was built; `build` records the tags it gives), `kind` (`load
docker-image` of built images into the kind cluster) and `gh` (records the pull request).

Run as `python3 standins.py PROGRAM ARGS…`; state in $REHEARSAL_STATE.
"""

import json
import os
import subprocess
import sys
import urllib.parse

import cluster

VALUED_CURL = {"--max-time", "-o", "--output", "--data-urlencode", "--retry", "-H", "--header", "-m", "-w"}


def curl(argv):
    """curl with -f: exit 22 on an HTTP error; exit 7 when nothing answers."""
    url, data, output, i = None, [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg in VALUED_CURL:
            i += 1
            if arg == "--data-urlencode":
                data.append(argv[i])
            if arg in ("-o", "--output"):
                output = argv[i]
        elif not arg.startswith("-"):
            url = arg
        i += 1
    parsed = urllib.parse.urlsplit(url)
    c = cluster.Cluster(os.environ["REHEARSAL_STATE"])
    with c.state() as state:
        state["log"].append(["curl"] + argv)
        if url.startswith(os.environ.get("REHEARSAL_PROMETHEUS", "\0")) and parsed.path == "/api/v1/query":
            if state["faults"].get("prometheus-down"):
                print(f"curl: (7) Failed to connect to {parsed.hostname} port {parsed.port}", file=sys.stderr)
                return 7
            query = next(d.split("=", 1)[1] for d in data if d.startswith("query="))
            ratio = cluster.error_ratio(state, query)
            result = [] if ratio is None else [{"metric": {}, "value": [state["now"], str(ratio)]}]
            body, status = json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}), 200
        else:
            route = cluster.ingress_backend(state, parsed.hostname, parsed.path or "/")
            if route is None:
                print(f"curl: (6) Could not resolve host: {parsed.hostname}", file=sys.stderr)
                return 6
            _, ns, service, port = route
            status, body = cluster.health(state, cluster.get(state, "Service", ns, service), port, parsed.path or "/")
    if status >= 400:
        print(f"curl: (22) The requested URL returned error: {status}", file=sys.stderr)
        return 22
    if output != "/dev/null":
        sys.stdout.write(body)
    return 0


def docker(argv):
    if argv[:3] == ["buildx", "imagetools", "inspect"]:
        with cluster.Cluster(os.environ["REHEARSAL_STATE"]).state() as state:
            state["log"].append(["docker"] + argv)
            if argv[3] in state["faults"].get("missing-image", []):
                print(f"ERROR: {argv[3]}: not found", file=sys.stderr)
                return 1
        print(f"Name: {argv[3]}")
        return 0
    if argv[:1] == ["build"]:
        # `docker build --file F [--build-arg NAME=VALUE…] --tag T… CONTEXT`: the Dockerfile must exist in the context.
        tags = [argv[i + 1] for i, a in enumerate(argv) if a == "--tag"]
        dockerfile = argv[argv.index("--file") + 1]
        if not os.path.isfile(dockerfile) or argv[-1] != ".":
            print(f"ERROR: failed to read dockerfile: open {dockerfile}: no such file or directory", file=sys.stderr)
            return 1
        # A build argument the Dockerfile does not declare (`ARG NAME`) never reaches the build:
        # docker only warns ("build-args [...] were not consumed",
        # https://docs.docker.com/reference/dockerfile/#arg); the rehearsal fails.
        with open(dockerfile) as f:
            declared = {line.split()[1].split("=")[0] for line in f if line.startswith("ARG ")}
        unused = [argv[i + 1].split("=")[0] for i, a in enumerate(argv) if a == "--build-arg"
                  if argv[i + 1].split("=")[0] not in declared]
        if unused:
            print(f"rehearsal: {dockerfile} declares no ARG for the build arguments {unused}", file=sys.stderr)
            return 1
        with cluster.Cluster(os.environ["REHEARSAL_STATE"]).state() as state:
            state.setdefault("built", []).extend(tags)
        return 0
    if argv[:1] == ["run"]:
        # `docker run -v HOST:CONTAINER -w DIR … IMAGE swift run [--flags] gen ARGS`: the gen that
        # `make` built, in the host folder that the container's working directory is mounted from
        # (a bind mount shows the host folder at the container path:
        # https://docs.docker.com/engine/storage/bind-mounts/).
        command = argv[argv.index("swift"):]
        if command[:2] != ["swift", "run"] or "gen" not in command:
            print(f"rehearsal: unsupported docker run {argv}", file=sys.stderr)
            return 125
        options = argv[1:argv.index("swift")]
        mounts = [options[i + 1].split(":", 1) for i, o in enumerate(options) if o == "-v"]
        workdir = next((options[i + 1] for i, o in enumerate(options) if o == "-w"), None)
        cwd = None
        for host, inside in mounts:
            if workdir == inside or (workdir or "").startswith(inside.rstrip("/") + "/"):
                cwd = host + workdir[len(inside):]
        if workdir and cwd is None:
            print(f"rehearsal: -w {workdir} is in no mounted folder ({mounts})", file=sys.stderr)
            return 125
        return subprocess.run([os.environ["REHEARSAL_GEN"]] + command[command.index("gen") + 1:], cwd=cwd).returncode
    print(f"rehearsal: unsupported docker {argv}", file=sys.stderr)
    return 125


def kind(argv):
    """`kind load docker-image --name CLUSTER IMAGE…`: only images built on the runner load.
    https://kind.sigs.k8s.io/docs/user/quick-start/#loading-an-image-into-your-cluster"""
    if argv[:2] != ["load", "docker-image"] or "--name" not in argv:
        print(f"rehearsal: unsupported kind {argv}", file=sys.stderr)
        return 1
    images = [a for i, a in enumerate(argv[2:], 2) if argv[i - 1] != "--name" and a != "--name"]
    with cluster.Cluster(os.environ["REHEARSAL_STATE"]).state() as state:
        if state.get("kind", {}).get("name") != argv[argv.index("--name") + 1]:
            print(f"ERROR: no nodes found for cluster {argv[argv.index('--name') + 1]!r}", file=sys.stderr)
            return 1
        for image in images:
            if image not in state.get("built", []):
                print(f"ERROR: image: {image!r} not present locally", file=sys.stderr)
                return 1
            state["loaded"].append(image)
    return 0


def gh(argv):
    with cluster.Cluster(os.environ["REHEARSAL_STATE"]).state() as state:
        state["log"].append(["gh"] + argv)
    if argv[:2] == ["pr", "create"]:
        print("https://github.com/rehearsal/product/pull/1")
        return 0
    print(f"rehearsal: unsupported gh {argv}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    try:
        sys.exit({"curl": curl, "docker": docker, "kind": kind, "gh": gh}[sys.argv[1]](sys.argv[2:]))
    except cluster.APIError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
