import Components
import KubeModel

extension BackupScripts {
    /// The Kubernetes API requests `workloads.sh` makes, each as the Role rule it needs: the
    /// restore job's Role is built from this list (`Backups.restoreRole`), and the backup tests
    /// check that the script's requests are exactly these.
    public static let workloadsRequests = [
        // Read (stop: the count to restore) and set (both ways) the replicas of each Deployment.
        PolicyRule(apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch"]),
        // Wait for the started Deployments to be ready again.
        PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"]),
    ]

    /// The Deployments `workloads.sh` stops and starts: the environment's (`Backups.restoreJob`).
    public static let appDeployments = ShellScript.Input(
        "APP_DEPLOYMENTS", "the product's Deployments, every colour, separated by spaces")

    /// `workloads.sh`: the restore's APP_STOP_COMMAND and APP_START_COMMAND. Through the API
    /// server with curl (the image has no kubectl) and the pod's ServiceAccount token.
    static func workloads(plan: BackupPlan) -> ShellScript {
        ShellScript(
            name: "workloads.sh",
            summary: [
                "Stops and starts the product's applications around a restore, every colour: stop records",
                "each Deployment's replica count (absent ones are skipped), scales them all to zero and",
                "waits for their pods to end; start scales each back to its recorded count and waits until",
                "it is ready. A HorizontalPodAutoscaler leaves a Deployment at zero alone and resumes when",
                "it is scaled back. The scale subresource only: the Role allows nothing else.",
            ],
            usage: "stop|start",
            // Each wait is bounded by the restore job's own deadline, the RTO.
            constants: [.init("WAIT_TIMEOUT", String(plan.objectives.rto.value))],
            inputs: [
                appDeployments,
                .init("KUBE_API", "the API server", default: "https://kubernetes.default.svc"),
                .init("KUBE_ACCOUNT_DIR", "the ServiceAccount's token, ca.crt and namespace",
                      default: "/var/run/secrets/kubernetes.io/serviceaccount"),
                .init("WORKLOADS_STATE", "file of the recorded replica counts, read by start",
                      default: "/tmp/workloads.replicas"),
            ],
            sources: [libraryName],
            body: workloadsBody)
    }

    private static let workloadsBody = #"""
[[ $# == 1 && ( $1 == stop || $1 == start ) ]] || { echo "usage: $SCRIPT_NAME stop|start" >&2; exit 2; }
umask 077
make_work_dir
# The token as a header file: never on a command line.
printf 'Authorization: Bearer %s\n' "$(cat "$KUBE_ACCOUNT_DIR/token")" >"$WORK/auth" \
    || fail "cannot read the ServiceAccount token in $KUBE_ACCOUNT_DIR"
namespace="$(cat "$KUBE_ACCOUNT_DIR/namespace")" || fail "cannot read the namespace in $KUBE_ACCOUNT_DIR"

# api METHOD PATH [MERGE-PATCH]: one request on a Deployment of the namespace; the body on stdout.
api() {
    local -a patch=()
    [[ -z "${3:-}" ]] || patch=(-H 'Content-Type: application/merge-patch+json' --data "$3")
    curl -fsS --max-time 30 --cacert "$KUBE_ACCOUNT_DIR/ca.crt" -H "@$WORK/auth" -X "$1" "${patch[@]}" \
        "$KUBE_API/apis/apps/v1/namespaces/$namespace/deployments/$2"
}
# field SECTION NAME < JSON: a number of the section ("spec", "status"); 0 when absent (the API
# omits zero counts).
field() {
    local value
    value="$(tr -d ' \n' | grep -o "\"$1\":{[^}]*}" | grep -o "\"$2\":[0-9]*" | cut -d: -f2)" || true
    printf '%s' "${value:-0}"
}
scale() { api PATCH "$1/scale" "{\"spec\":{\"replicas\":$2}}" >/dev/null || fail "could not scale $1 to $2"; }
# wait_for DEPLOYMENT SECTION NAME TEST NUMBER: polls the Deployment until `test VALUE TEST NUMBER`.
wait_for() {
    local deadline=$(($(date +%s) + WAIT_TIMEOUT)) value
    while true; do
        value="$(api GET "$1" | field "$2" "$3")" || fail "cannot read $1"
        test "$value" "$4" "$5" && return 0
        (($(date +%s) < deadline)) || fail "$1: $2.$3 is $value (wanted $4 $5) after $WAIT_TIMEOUT s"
        sleep 2
    done
}

if [[ $1 == stop ]]; then
    : >"$WORKLOADS_STATE"
    for deployment in $APP_DEPLOYMENTS; do
        if ! body="$(api GET "$deployment/scale" 2>"$WORK/get.log")"; then
            grep -q 404 "$WORK/get.log" || fail "cannot read $deployment's scale: $(cat "$WORK/get.log")"
            log "$deployment: not deployed"
            continue
        fi
        printf '%s %s\n' "$deployment" "$(field spec replicas <<<"$body")" >>"$WORKLOADS_STATE"
    done
    # Every count is recorded (and logged, for a start by hand) before the first one changes.
    log "replica counts: $(tr '\n' ' ' <"$WORKLOADS_STATE")"
    while read -r deployment _; do scale "$deployment" 0; done <"$WORKLOADS_STATE"
    while read -r deployment _; do wait_for "$deployment" status replicas -eq 0; done <"$WORKLOADS_STATE"
    log "stopped: $(cut -d' ' -f1 "$WORKLOADS_STATE" | tr '\n' ' ')"
else
    [[ -s "$WORKLOADS_STATE" ]] || fail "no replica counts in $WORKLOADS_STATE: run stop first"
    while read -r deployment replicas; do scale "$deployment" "$replicas"; done <"$WORKLOADS_STATE"
    while read -r deployment replicas; do wait_for "$deployment" status readyReplicas -ge "$replicas"; done <"$WORKLOADS_STATE"
    log "started: $(tr '\n' ' ' <"$WORKLOADS_STATE")"
fi
"""#
}
