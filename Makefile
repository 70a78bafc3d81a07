# TrueUp's front door. `make demo` and `make test` are the two commands a new user runs.

SWIFT ?= swift
SCRATCH ?= .build
DEMO_SCENARIO ?= fixtures/scenarios/demo
DEMO_SHOP ?= fixtures/demo
DEMO_OUT ?= reports/out
DEMO_STATE ?= reports/out/demo/state.sqlite
BENCH_SIZES ?= 10000 100000 1000000
BENCH_SHOPS ?= 10000:20000 20000:40000
PYTHON ?= python3

# The conformance checks (Tools/conformance) run in a venv of their own, built from requirements.txt.
PYENV := $(SCRATCH)/pyenv
PYENV_STAMP := $(PYENV)/requirements.installed
CONFORMANCE := $(SCRATCH)/conformance
SANDBOX_EXCHANGES := $(abspath $(CONFORMANCE))/test-exchanges.jsonl
CHECK_XERO := $(PYENV)/bin/python Tools/conformance/check_xero_exchanges.py

.PHONY: build test conformance demo bench sanitize sanitize-thread sanitize-address lint format clean

build:
	$(SWIFT) build --scratch-path $(SCRATCH)

# The Swift tests record every request they send to the Xero and Magento sandboxes and every answer
# they give, then `conformance` checks that traffic, the fixtures and the sandbox against the vendors'
# specs and Xero's SDK.
test: $(PYENV_STAMP)
	@rm -f $(SANDBOX_EXCHANGES)
	@mkdir -p $(CONFORMANCE)
	TRUEUP_SANDBOX_EXCHANGES=$(SANDBOX_EXCHANGES) $(SWIFT) test --scratch-path $(SCRATCH) --parallel
	@$(MAKE) --no-print-directory conformance

# Checks the exchanges the last `make test` recorded (Xero's and Magento's, each against its vendor's
# spec), the Xero fixture bodies and the demo shop's (bad-records breaks the spec on purpose), the checkers themselves, and
# reads a running sandbox with Xero's official Python SDK.
conformance: $(PYENV_STAMP)
	$(CHECK_XERO) $(SANDBOX_EXCHANGES)
	$(PYENV)/bin/python Tools/conformance/check_magento_exchanges.py $(SANDBOX_EXCHANGES)
	$(CHECK_XERO) --bodies fixtures/scenarios --expect-invalid '*/bad-records/xero/*'
	$(CHECK_XERO) --bodies $(DEMO_SHOP)
	$(PYENV)/bin/python Tools/conformance/test_check_xero_exchanges.py
	$(PYENV)/bin/python Tools/conformance/test_check_magento_exchanges.py
	Tools/conformance/run_sdk_smoke.sh $(SCRATCH)/debug/trueup $(PYENV)/bin/python $(DEMO_SCENARIO) $(CONFORMANCE)

# Rebuilt from scratch when missing or when requirements.txt changes.
$(PYENV_STAMP): Tools/conformance/requirements.txt
	$(PYTHON) -m venv --clear $(PYENV)
	$(PYENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	@touch $@

# The demo shop's nightly and intraday jobs end to end over HTTP against the embedded sandbox
# (Xero and Magento); then the XML is checked against the shipped schema by xmllint as well.
demo: build
	$(SCRATCH)/debug/trueup demo --scenario $(DEMO_SHOP) --demo-state $(DEMO_STATE) --out $(DEMO_OUT)
	@if command -v xmllint >/dev/null 2>&1; then \
		xmllint --noout --schema reports/schema/trueup-report.xsd $(DEMO_OUT)/demo/*/reconciliation.xml; \
	else echo "xmllint not installed (apt-get install libxml2-utils): skipping its schema check"; fi

# Every benchmark at 10k, 100k and 1M (the engine, the matcher, the state store, the reports), and
# a whole nightly and intraday against the in-process sandbox, printed as one table (BENCHMARKS.md).
bench:
	$(SWIFT) build --scratch-path $(SCRATCH) -c release --product trueup-bench
	$(SCRATCH)/release/trueup-bench all --sizes $(BENCH_SIZES) --runs 3 --shops $(BENCH_SHOPS)

# The whole test suite under ThreadSanitizer and then AddressSanitizer, each in a build folder of its
# own (a sanitized build is slower and its objects differ). A report from either fails the target.
sanitize: sanitize-thread sanitize-address

sanitize-thread:
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --scratch-path .build-tsan --sanitize=thread

sanitize-address:
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 $(SWIFT) test --scratch-path .build-asan --sanitize=address

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

clean:
	rm -rf $(SCRATCH) .build-tsan .build-asan .build-fuzz reports/out
