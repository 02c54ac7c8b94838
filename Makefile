# clipseal: one non-recursive Makefile.  Objects go to $(B) (build/ or
# build/asan); everything but main.o also goes into $(B)/libclipseal.a so
# the tests link the very objects the tool uses.

VERSION = 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = libcurl libxml-2.0 libarchive libcrypto jansson zlib sqlite3

B ?= build
WERROR ?= -Werror
OPT ?= -O2 -g
HARDEN ?= -fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 -fPIE
HARDEN_LD ?= -pie -Wl,-z,relro,-z,now
SANITIZE ?=

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wvla -Wwrite-strings \
	$(WERROR)

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ALL_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -DCLIPSEAL_VERSION='"$(VERSION)"' \
	$(OPT) $(WARN) $(HARDEN) $(SANITIZE) -iquote include $(PKG_CFLAGS) \
	-MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(HARDEN_LD) $(SANITIZE) $(LDFLAGS)

# Modules may be a folder of files (src/<module>/*.c, one private header
# beside them); their objects mirror the folder under $(B).
SRCS := $(wildcard src/*.c src/*/*.c)
LIB_OBJS := $(patsubst src/%.c,$(B)/%.o,$(filter-out src/main.c,$(SRCS)))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
# The fault-injection library the CLI tests preload (tests/fault/inject.c).
INJECT := $(B)/tests/inject.so

VALGRIND ?= valgrind --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --quiet

.PHONY: all test unit cli asan valgrind fuzz bench bench-smoke deps demo \
	install uninstall clean check-deps check-cmocka regress-update torture

all: $(B)/clipseal

$(B)/clipseal: $(B)/main.o $(B)/libclipseal.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/libclipseal.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(B)/%.o: src/%.c | $(B) check-deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libclipseal.a | $(B)/tests check-deps check-cmocka
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) $(WRAP) -o $@ $< \
		$(B)/libclipseal.a $(CMOCKA_LIBS) $(PKG_LIBS)

# A test that injects failures no real input provokes wraps the calls.
$(B)/tests/test_fetch_fault: WRAP = -Wl,--wrap=curl_multi_add_handle \
	-Wl,--wrap=curl_multi_remove_handle -Wl,--wrap=curl_multi_perform \
	-Wl,--wrap=curl_multi_poll -Wl,--wrap=curl_multi_cleanup
$(B)/tests/test_store: WRAP = -Wl,--wrap=rename

# Plain flags: it interposes libc, so it is neither pedantic nor sanitized.
$(B)/tests/%.so: tests/fault/%.c | $(B)/tests
	$(CC) -std=gnu17 -O2 -g -Wall -Wextra $(WERROR) -fPIC -shared -o $@ $< -ldl

$(B) $(B)/tests:
	mkdir -p $@

deps:
	sh scripts/install-deps.sh
	sh scripts/install-s3rver.sh

# pkg-config prints nothing for a package it does not know, and the build
# would go on with empty flags: stop first, naming what is missing.
need-pkgs = @for p in $(1); do $(PKG_CONFIG) --exists $$p || { \
	echo "make: pkg-config package '$$p' not found (make deps installs it)" >&2; \
	exit 1; }; done

check-deps:
	$(call need-pkgs,$(PKGS))

check-cmocka:
	$(call need-pkgs,cmocka)

# Each test-running target installs what it needs first, so one command
# works on a fresh Debian machine.
test: deps
	$(MAKE) all $(UNIT_BINS) $(INJECT)
	sh tests/run.sh $(B)

unit cli: all $(UNIT_BINS) $(INJECT)
	sh tests/run.sh $(B) $@

asan: deps
	$(MAKE) B=build/asan OPT='-O1 -g -fno-omit-frame-pointer' HARDEN= \
		HARDEN_LD= SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=all' \
		build/asan/clipseal $(patsubst $(B)/%,build/asan/%,$(UNIT_BINS) $(INJECT))
	ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh build/asan

valgrind: deps
	$(MAKE) all $(UNIT_BINS) $(INJECT)
	VALGRIND="$(VALGRIND)" sh tests/run.sh $(B)

# On purpose only: rewrites tests/fixtures/regress/*.txt from the current
# extractor; read the diff before committing it.
regress-update: all
	sh scripts/regress-update.sh $(B)/clipseal

# TORTURE_RUNS runs of `clipseal run`, each killed at a random moment.
TORTURE_RUNS ?= 200
torture: deps
	$(MAKE) all
	CLIPSEAL=$(CURDIR)/$(B)/clipseal TORTURE_RUNS=$(TORTURE_RUNS) \
		sh tests/torture.sh

# libFuzzer targets: clang's coverage and sanitizers over the whole
# library, FUZZ_SECONDS per target (scripts/fuzz.sh says what it keeps).
# Only they need clang and its libFuzzer and sanitizer runtimes.
FUZZ_SECONDS ?= 60
FUZZ_SANITIZE = -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,\
	$(wildcard tests/fuzz/fuzz_*.c))

fuzz: deps
	sh scripts/install-deps.sh clang libclang-rt-14-dev
	$(MAKE) all
	$(MAKE) B=build/fuzz CC=clang OPT='-O1 -g -fno-omit-frame-pointer' \
		HARDEN= HARDEN_LD= SANITIZE='$(FUZZ_SANITIZE)' $(FUZZ_BINS)
	sh scripts/fuzz.sh build/fuzz $(FUZZ_SECONDS)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c $(B)/libclipseal.a
	$(CC) $(ALL_CFLAGS) -iquote tests/fuzz \
		-DFUZZ_FIXTURES='"$(CURDIR)/tests/fixtures/fuzz"' \
		-fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< tests/fuzz/fuzz.c \
		$(B)/libclipseal.a $(PKG_LIBS)

demo: deps
	$(MAKE) all
	sh scripts/demo.sh

BENCH_BINS := $(patsubst tests/bench/%.c,$(B)/bench/%,\
	$(wildcard tests/bench/*.c))

$(B)/bench/%: tests/bench/%.c $(B)/libclipseal.a | $(B)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(B)/libclipseal.a \
		$(PKG_LIBS)

# The whole table (under 10 minutes on two cores), then the S3 store's
# rows; bench-smoke runs the table's code paths on tiny sizes in seconds,
# so the bench never breaks.  install-bench-deps.sh installs the test
# dependencies too.
bench:
	sh scripts/install-bench-deps.sh
	$(MAKE) all $(BENCH_BINS)
	sh scripts/bench.sh $(B)
	sh scripts/bench-s3.sh

bench-smoke:
	sh scripts/install-bench-deps.sh
	$(MAKE) all $(BENCH_BINS)
	BENCH_SMOKE=1 sh scripts/bench.sh $(B)

install: $(B)/clipseal
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(B)/clipseal $(DESTDIR)$(BINDIR)/clipseal

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/clipseal

clean:
	rm -rf build

-include $(wildcard $(B)/*.d $(B)/*/*.d $(B)/tests/*.d)
