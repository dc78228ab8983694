"""NetworkPolicy semantics for the emulated cluster: whether a connection from one pod to another
pod's port is admitted, as a policy-enforcing CNI decides it.

Follows https://kubernetes.io/docs/concepts/services-networking/network-policies/ :
- a pod is isolated for egress (ingress) when some NetworkPolicy of its namespace selects it and
  lists Egress (Ingress) in `policyTypes` (Ingress is implied; Egress is implied by `egress` rules);
- an isolated pod's connection is allowed when some rule of one of the policies selecting it
  allows it; policies are additive, and a connection needs both the source's egress and the
  destination's ingress to allow it;
- a rule with no `to`/`from` matches every peer, with no `ports` every port; a peer with a
  `podSelector` alone selects pods of the policy's namespace, with a `namespaceSelector` alone every
  pod of the selected namespaces, with both the selected pods of the selected namespaces;
- a named port is the destination container's port of that name; `protocol` defaults to TCP.
`ipBlock` peers are not applied to pods: the documentation leaves pod-IP blocks to the CNI.
"""

import cluster

# The cluster DNS pods as kubeadm and most distributions label them (CoreDNS keeps kube-dns's label).
# https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/
DNS_POD = {"metadata": {"namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
           "spec": {"containers": [{"ports": [{"name": "dns", "containerPort": 53, "protocol": "UDP"},
                                              {"name": "dns-tcp", "containerPort": 53, "protocol": "TCP"}]}]}}


def matches(selector, labels):
    """A LabelSelector (matchLabels and matchExpressions); an empty selector selects everything.
    https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements"""
    if not cluster.selects(selector.get("matchLabels", {}), labels):
        return False
    for e in selector.get("matchExpressions", []):
        present, value = e["key"] in labels, labels.get(e["key"])
        if not {"In": present and value in e.get("values", []), "NotIn": not present or value not in e.get("values", []),
                "Exists": present, "DoesNotExist": not present}[e["operator"]]:
            return False
    return True


def namespace_labels(state, name):
    """The namespace's labels; every namespace carries `kubernetes.io/metadata.name`.
    https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name"""
    ns = state["objects"].get(cluster.key("Namespace", "", name), {})
    return {**ns.get("metadata", {}).get("labels", {}), "kubernetes.io/metadata.name": name}


def policy_types(policy):
    spec = policy["spec"]
    return spec.get("policyTypes") or (["Ingress"] + (["Egress"] if "egress" in spec else []))


def selecting(state, pod, direction):
    """The NetworkPolicies of the pod's namespace that select it and isolate it in `direction`."""
    ns, labels = pod["metadata"]["namespace"], pod["metadata"].get("labels", {})
    return [p for p in cluster.listing(state, "NetworkPolicy", ns)
            if matches(p["spec"].get("podSelector", {}), labels) and direction in policy_types(p)]


def peer_matches(state, peer, policy_namespace, pod):
    if "ipBlock" in peer:
        return False
    ns = pod["metadata"]["namespace"]
    if "namespaceSelector" in peer:
        if not matches(peer["namespaceSelector"], namespace_labels(state, ns)):
            return False
    elif ns != policy_namespace:
        return False
    return matches(peer.get("podSelector", {}), pod["metadata"].get("labels", {}))


def port_matches(rule_port, destination, port, protocol):
    """`port` is the destination container's port number."""
    if rule_port.get("protocol", "TCP") != protocol:
        return False
    wanted = rule_port.get("port")
    if wanted is None:
        return True
    if isinstance(wanted, str):
        names = {p.get("name"): p["containerPort"] for c in destination["spec"].get("containers", [])
                 for p in c.get("ports", []) if p.get("protocol", "TCP") == protocol}
        return names.get(wanted) == port
    return wanted <= port <= rule_port.get("endPort", wanted)


def allowed(state, pod, other, direction, port, protocol, destination):
    """Whether the policies isolating `pod` in `direction` let it talk to `other`."""
    policies = selecting(state, pod, direction)
    if not policies:
        return True
    rules, peers = ("egress", "to") if direction == "Egress" else ("ingress", "from")
    for policy in policies:
        for rule in policy["spec"].get(rules, []):
            if rule.get(peers) and not any(peer_matches(state, p, policy["metadata"]["namespace"], other) for p in rule[peers]):
                continue
            if rule.get("ports") and not any(port_matches(p, destination, port, protocol) for p in rule["ports"]):
                continue
            return True
    return False


def admits(state, source, destination, port, protocol="TCP"):
    """None when the connection from `source` to `destination`'s container port is admitted,
    else the side that refuses it."""
    if not allowed(state, source, destination, "Egress", port, protocol, destination):
        return f"no egress from {source['metadata'].get('name', '?')} to {destination['metadata'].get('name', 'kube-dns')}:{port}"
    if destination is not DNS_POD and not allowed(state, destination, source, "Ingress", port, protocol, destination):
        return f"no ingress to {destination['metadata']['name']}:{port} from {source['metadata'].get('name', '?')}"
    return None


def resolves(state, pod):
    """Whether the pod may query the cluster DNS (UDP 53); kube-system's own policies are not ours."""
    return admits(state, pod, DNS_POD, 53, "UDP") is None
