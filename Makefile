# TrueUp's front door. `make demo` and `make test` are the two commands a new user runs.

SWIFT ?= swift
SCRATCH ?= .build
DEMO_SCENARIO ?= fixtures/scenarios/demo
DEMO_OUT ?= reports/out/demo
DEMO_STATE ?= reports/out/demo-state.sqlite
BENCH_SKUS ?= 10000 100000 1000000

.PHONY: build test demo bench lint format clean

build:
	$(SWIFT) build --scratch-path $(SCRATCH)

test:
	$(SWIFT) test --scratch-path $(SCRATCH) --parallel

# Plans the demo scenario from a fresh state and writes its reports, then checks the XML
# against the shipped schema.
demo: build
	@rm -f $(DEMO_STATE) $(DEMO_STATE)-wal $(DEMO_STATE)-shm
	$(SCRATCH)/debug/trueup plan --fixtures $(DEMO_SCENARIO) --state $(DEMO_STATE) --out $(DEMO_OUT)
	@if command -v xmllint >/dev/null 2>&1; then \
		xmllint --noout --schema reports/schema/trueup-report.xsd $(DEMO_OUT)/reconciliation.xml; \
	else \
		echo "xmllint not installed (apt-get install libxml2-utils) - skipping the schema check"; \
	fi

bench:
	$(SWIFT) run --scratch-path $(SCRATCH) -c release trueup-bench --skus $(BENCH_SKUS) --runs 5

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

clean:
	rm -rf $(SCRATCH) reports/out
