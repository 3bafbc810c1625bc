# DNPKit set-up: `make demo` and `make test` each install what is missing, build, and run.
SHELL := /bin/bash
PACKAGES := libopenblas-dev liblapacke-dev gnuplot-nox pkg-config
SWIFT_BUILD_FLAGS ?= -c release
DEMO_DIR ?= demo-output

.PHONY: demo test cluster-test deps build bench clean

# Installs the Debian packages that are missing; without root it prints the exact command and stops.
deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages. Run, then retry:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	swift build $(SWIFT_BUILD_FLAGS) --product dnp

# The headline demo: the quick-scale Fig. 3 of the thermal-mixing paper (P_n vs U), data and plot in $(DEMO_DIR).
demo: build
	rm -rf $(DEMO_DIR)
	$$(swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)/dnp demo --output $(DEMO_DIR)
	@echo "Figure: $(DEMO_DIR)/thermal-mixing-fig3-coupling.png (data: $(DEMO_DIR)/*.csv, result: $(DEMO_DIR)/result.json)"

# Serial: OpenBLAS's thread count is process-global and some tests compare numbers bit for bit across runs,
# so no test may change it while another computes (the whole suite takes seconds either way). All tests use
# Swift Testing, so the empty XCTest pass is skipped.
test: deps
	swift test --no-parallel --disable-xctest

# A real SLURM run: a private single-node cluster (munged, slurmctld, slurmd) runs a 3-task array of a small
# sweep plus the merge job; the merged run must equal the unsharded run bit for bit. Needs root; installs
# slurm-wlm and munge when missing. See scripts/cluster-test.sh.
cluster-test: deps
	scripts/cluster-test.sh

# Benchmarks live in a nested package so `swift test` never builds them.
bench: deps
	cd Benchmarks && swift package benchmark

clean:
	rm -rf .build Benchmarks/.build $(DEMO_DIR)
