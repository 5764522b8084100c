# leakscope — a plain Makefile. `make` builds build/leakscope and
# build/leakscope-mkdump; `make check` runs every test; `make demo` opens the
# TUI on a teaching dump. Each entry point first runs `deps`, which installs
# missing Debian packages (as root) or prints the apt-get line to run.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
PKGS      = libkdumpfile libaddrxlat ncursesw check json-c liblzma libbpf
DEB_PKGS  = build-essential pkg-config libkdumpfile-dev libncurses-dev \
            check libsubunit-dev libjson-c-dev liblzma-dev libbpf-dev valgrind
OPTFLAGS ?= -O2
CFLAGS   ?=
LDFLAGS  ?=
XCFLAGS   = -std=c11 -D_DEFAULT_SOURCE -g $(OPTFLAGS) \
            -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

MODEL_SRC  = $(sort $(wildcard model/*.c model/win/*.c model/linux/*.c))
VIEWS_SRC  = $(sort $(wildcard views/*.c))
TUI_SRC    = $(sort $(filter-out tui/main.c,$(wildcard tui/*.c)))
MKDUMP_SRC = $(sort $(filter-out fixtures/mkdump/main.c,$(wildcard fixtures/mkdump/*.c)))
TEST_SRC   = $(sort $(wildcard tests/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
MODEL_OBJ  = $(call obj,$(MODEL_SRC))
VIEWS_OBJ  = $(call obj,$(VIEWS_SRC))
TUI_OBJ    = $(call obj,$(TUI_SRC))
MKDUMP_OBJ = $(call obj,$(MKDUMP_SRC))
TEST_OBJ   = $(call obj,$(TEST_SRC))

LEAKSCOPE  = $(BUILD)/leakscope
MKDUMP     = $(BUILD)/leakscope-mkdump
TESTBIN    = $(BUILD)/check_leakscope
SCENARIOS  = $(sort $(wildcard fixtures/scenarios/*.scn))
FIXTURE_SCALE ?= 0.01
FIXTURES   = $(patsubst fixtures/scenarios/%.scn,$(BUILD)/fixtures/%.core,$(SCENARIOS))

.PHONY: all build deps check test-run fixtures demo bench asan fuzz fuzz-run valgrind clean install

all: deps
	@$(MAKE) --no-print-directory build

build: $(LEAKSCOPE) $(MKDUMP)

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null || \
	      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }; } || \
	      { echo "deps: apt-get install failed"; exit 1; }; \
	  else \
	    echo "deps: missing packages; run:"; \
	    echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) -c -o $@ $<

$(LEAKSCOPE): $(call obj,tui/main.c) $(TUI_OBJ) $(VIEWS_OBJ) $(MODEL_OBJ)
	$(CC) $(XCFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(MKDUMP): $(call obj,fixtures/mkdump/main.c) $(MKDUMP_OBJ) $(MODEL_OBJ)
	$(CC) $(XCFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(TESTBIN): $(TEST_OBJ) $(TUI_OBJ) $(VIEWS_OBJ) $(MKDUMP_OBJ) $(MODEL_OBJ)
	$(CC) $(XCFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(BUILD)/fixtures/%.core: fixtures/scenarios/%.scn $(MKDUMP)
	@mkdir -p $(dir $@)
	$(MKDUMP) --scale $(FIXTURE_SCALE) $< $@

fixtures: deps
	@$(MAKE) --no-print-directory $(FIXTURES)

# Every test: the Check runner (all suites), then the end-to-end scripts.
check: deps
	@$(MAKE) --no-print-directory test-run

test-run: build $(TESTBIN) $(FIXTURES)
	LEAKSCOPE_BUILD=$(BUILD) LEAKSCOPE=$(LEAKSCOPE) MKDUMP=$(MKDUMP) $(TESTBIN)
	@for t in $(sort $(wildcard tests/*.sh)); do \
	  echo "== $$t"; LEAKSCOPE_BUILD=$(BUILD) LEAKSCOPE=$(LEAKSCOPE) MKDUMP=$(MKDUMP) sh $$t || exit 1; done

asan: deps
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory BUILD=build-asan OPTFLAGS="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test-run

# libFuzzer targets (issue 8), built with clang + ASan/UBSan in build-fuzz;
# the normal build does not need clang. Each target runs FUZZ_SECONDS on
# its seeds plus the corpus it grows in build-fuzz/corpus/TARGET; crashes
# land in build-fuzz/crashes/ (keep each, once fixed, in
# tests/fuzz/corpus-regress/TARGET/, replayed by the Check suite).
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build-fuzz
FUZZ_TARGETS  = scenario isf reader dump
FUZZ_FLAGS    = -Wno-unknown-warning-option -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all -DLS_FUZZ_MAIN
FUZZ_BINS     = $(patsubst %,$(BUILD)/fuzz-%,$(FUZZ_TARGETS))

$(BUILD)/fuzz-%: $(call obj,tests/fuzz/fuzz_%.c) $(MKDUMP_OBJ) $(MODEL_OBJ)
	$(CC) $(XCFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDFLAGS) $(LIBS)

fuzz: deps
	@command -v clang >/dev/null || { echo "fuzz: needs clang (apt-get install clang libclang-rt-14-dev)"; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPTFLAGS="$(FUZZ_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" fuzz-run

.PRECIOUS: $(BUILD)/obj/%.o

fuzz-run: $(FUZZ_BINS) $(MKDUMP)
	@mkdir -p $(BUILD)/crashes
	ASAN_OPTIONS=detect_leaks=0 $(MKDUMP) --scale 0.004 fixtures/scenarios/healthy.scn $(BUILD)/base.core
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/corpus/$$t; \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  lsan=; [ $$t = dump ] && lsan=suppressions=tests/fuzz/lsan-libkdumpfile.supp; \
	  FUZZ_BASE=$(BUILD)/base.core ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=$$lsan $(BUILD)/fuzz-$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix=$(BUILD)/crashes/$$t- -print_final_stats=1 \
	    $(BUILD)/corpus/$$t tests/fuzz/seeds/$$t tests/fuzz/corpus-regress/$$t \
	    2>$(BUILD)/fuzz-$$t.log || { tail -40 $(BUILD)/fuzz-$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done" $(BUILD)/fuzz-$$t.log; \
	done

# valgrind on end-to-end commands over two fixtures: no errors, no
# definite/indirect/possible leaks (libkdumpfile 0.5.1's known
# use-after-free in kdump_free is suppressed: tests/libkdumpfile.supp).
VALGRIND = valgrind -q --error-exitcode=3 --leak-check=full \
           --show-leak-kinds=definite,indirect,possible \
           --errors-for-leak-kinds=definite,indirect,possible \
           --suppressions=tests/libkdumpfile.supp

valgrind: deps
	@$(MAKE) --no-print-directory build $(BUILD)/fixtures/thread-handle-leak.core \
	  $(BUILD)/fixtures/process-handle-leak.core
	$(VALGRIND) $(LEAKSCOPE) $(BUILD)/fixtures/thread-handle-leak.core --triage >/dev/null
	$(VALGRIND) $(LEAKSCOPE) $(BUILD)/fixtures/process-handle-leak.core -c '!process 0 0' \
	  -c '!handle 0 3 0' -c '!htrace' -c lm -c '!poolused 3' -c '!vm' >/dev/null
	@mkdir -p $(BUILD)/tmp
	$(MKDUMP) --scale 0.005 --corrupt threadlist-cycle,handletable-garbage,objheader-zero,ustr-objname,pte-eprocess \
	  fixtures/scenarios/thread-handle-leak.scn $(BUILD)/tmp/vg-damaged.core
	$(VALGRIND) $(LEAKSCOPE) $(BUILD)/tmp/vg-damaged.core --triage -c '!process 0 0' -c '!handle 0 3 0' \
	  >/dev/null 2>$(BUILD)/tmp/vg-damaged.err || { cat $(BUILD)/tmp/vg-damaged.err; exit 1; }
	@rm -f $(BUILD)/tmp/vg-damaged.core
	@echo "valgrind: no errors, no leaks"

demo: deps
	@$(MAKE) --no-print-directory build
	@mkdir -p $(BUILD)/demo
	@test -f $(BUILD)/demo/thread-handle-leak.core || \
	  $(MKDUMP) --scale 0.05 fixtures/scenarios/thread-handle-leak.scn $(BUILD)/demo/thread-handle-leak.core
	$(LEAKSCOPE) $(BUILD)/demo/thread-handle-leak.core

# Speed and memory at the seed's scale (issue 7): scale 1 and 4 dumps in
# $(BUILD)/bench (made once), median of 5 runs. The bench wraps
# model_finish to time it wherever it is called.
BENCHBIN = $(BUILD)/leakscope-bench

$(BENCHBIN): $(call obj,tests/bench/bench.c) $(VIEWS_OBJ) $(MODEL_OBJ)
	$(CC) $(XCFLAGS) -Wl,--wrap=model_finish -o $@ $^ $(LDFLAGS) $(LIBS)

bench: deps
	@$(MAKE) --no-print-directory build $(BENCHBIN)
	$(BENCHBIN) --mkdump $(MKDUMP) --scenario fixtures/scenarios/thread-handle-leak.scn \
	  --dir $(BUILD)/bench

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(LEAKSCOPE) $(MKDUMP) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 tui/leakscope.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
