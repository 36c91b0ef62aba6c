# claimcheck — run `make help` for the targets.
GO       ?= go
BIN      ?= bin/claimcheck
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/claimcheck/claimcheck/internal/cli.Version=$(VERSION)

.PHONY: help build test vet fmt-check race fuzz clean

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
