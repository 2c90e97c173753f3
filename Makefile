# The two set-up commands of the README, and a few more for developers.
#   make demo   install what is missing, build, run the flagship scenario and write its report
#   make test   install what is missing, build, run every test
# In CI (CI=true) warnings are errors.

PRESET   := $(if $(CI),ci,default)
FUZZ_SECONDS ?= 30   # per fuzz target (make fuzz)
BIN      := build/bin
FLAGSHIP := scenarios/innovation-in-a-keeping-org.yaml

.PHONY: all deps configure build test demo asan fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET)

test: build
	@ctest --preset $(PRESET)

demo: build
	@scripts/demo.sh

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	@echo "Benchmarks: see docs/performance.md for the commands and figures."

clean:
	rm -rf build build-asan build-fuzz
