import Environments
import GenCommand

// `gen` for Secure Messenger: the generic command over the environments in environments/.
GenCommand.main(environments: allEnvironments)
