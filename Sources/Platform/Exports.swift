import KubeModel

// The vocabulary of an environment file (`environments/*.swift` imports this module only):
// sizes, quantities and images, without the whole Kubernetes model in scope.
public typealias ResourceList = KubeModel.ResourceList
public typealias Quantity = KubeModel.Quantity
public typealias Image = KubeModel.Image
