import DocumentTree
import KubeModel

/// cert-manager ClusterIssuers, expressed through the model's escape hatch for custom resources.
public enum ClusterIssuers {
    public static let letsEncryptProduction = "letsencrypt-prod"

    /// Let's Encrypt (production) with HTTP-01 challenges answered through the nginx IngressClass.
    public static func letsEncrypt(email: String, ingressClass: String) -> Manifest {
        let issuer = CustomResource(
            apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer",
            metadata: ObjectMeta(name: letsEncryptProduction), namespaced: false,
            body: [DocNode.Field("spec", .map([
                ("acme", .map([
                    ("server", .string("https://acme-v02.api.letsencrypt.org/directory")),
                    ("email", .string(email)),
                    ("privateKeySecretRef", .map([("name", .string("\(letsEncryptProduction)-account-key"))])),
                    ("solvers", .sequence([.map([
                        ("http01", .map([("ingress", .map([("ingressClassName", .string(ingressClass))]))])),
                    ])])),
                ])),
            ]))])
        return Manifest(issuer, component: "certificates", source: SourceLocation())
    }
}
