# claimcheck — run `make help` for the targets.
GO       ?= go
BIN      ?= bin/claimcheck
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
FUZZTIME ?= 30s
LDFLAGS  := -X github.com/claimcheck/claimcheck/internal/cli.Version=$(VERSION)

.PHONY: help build test vet fmt-check race fuzz clean demo recording bench test-long

help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build bin/claimcheck
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/claimcheck

vet: ## go vet
	$(GO) vet ./...

fmt-check: ## fail if gofmt would change a file
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi

test: fmt-check vet ## the whole test suite (what CI runs)
	$(GO) test -race -count=1 ./...

clean: ## remove build output
	rm -rf bin report.html

recording: ## regenerate testdata/recording from testdata/world (crawls the simulator on loopback)
	$(GO) run ./internal/testkit/mkrecording -world testdata/world -out testdata/recording

demo: ## offline demo: audit the embedded catalog against testdata/recording, write report.html
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/claimcheck audit --replay testdata/recording --no-state --now 2026-11-28T00:00:00Z --fail-on none --format text,html -o -,report.html

bench: ## measure against the simulator (figures vs targets, docs/benchmarks.md), then the extractor benchmarks
	@status=0; $(GO) run ./internal/testkit/cmd/claimcheck-bench || status=$$?; \
	$(GO) test -run='^$$' -bench=. -benchmem ./checks/extract/... ./internal/testkit/bench/ || status=1; \
	exit $$status

fuzz: ## run every native fuzz target for FUZZTIME each (default 30s); crashers land in testdata/fuzz/
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=3s $$pkg; \
	  done; \
	done

test-long: ## long suites (CI runs them): fault recovery with a store, repeated crash-kill loops
	CLAIMCHECK_LONG=1 $(GO) test -race -count=1 -run 'TestFaultRecoveryLong|TestFaultSuite' ./internal/testkit/faults/
	$(GO) test -count=3 -run 'TestNightlyCrashSafety|TestCrashSafety' ./internal/cli/ ./internal/history/
