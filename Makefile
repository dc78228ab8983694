# `make test` installs what the tests need (project-local, under .tools/) and runs every check.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: generate check test test-tools build validate unit bench

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

## Unit, golden, determinism, drift, atomic-write, ownership and kustomize round-trip tests.
unit: test-tools build
	swift test --skip-build --disable-swift-testing

test: test-tools build check validate unit

## Timings of gen and of the edit-to-tree loop (figures for the README).
bench:
	bash scripts/bench.sh
