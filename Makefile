# dtks as a C library: build it, install it with its header and a pkg-config
# file, and run the C tests. Plain POSIX make (no GNU extensions).
#
#   make lib                              # cargo build --release -p dtks-ffi
#   make install PREFIX=/usr/local        # header, libdtks.so*, libdtks.a, dtks.pc
#   make test-c                           # tests/c/run.sh
#
# then: cc app.c $(pkg-config --cflags --libs dtks)
# (set PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig for a PREFIX outside the
# default search path; `pkg-config --static --libs dtks` for libdtks.a).

PREFIX = /usr/local
LIBDIR = $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
DESTDIR =
CARGO = cargo
# The installed libraries carry no debug info (strip --strip-debug keeps the
# symbol table, so backtraces and valgrind still name functions).
# `make install STRIP=:` keeps it.
STRIP = strip
# Where cargo builds (CARGO_TARGET_DIR from the environment wins; `?=` is POSIX.1-2024).
CARGO_TARGET_DIR ?= target
RELEASE = $(CARGO_TARGET_DIR)/release

.PHONY: all lib install test-c

all: lib

lib:
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) $(CARGO) build --release -p dtks-ffi

# The version comes from the generated header, itself written from Cargo.toml.
install: lib
	mkdir -p $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	cp include/dtks.h $(DESTDIR)$(INCLUDEDIR)/dtks.h
	cp $(RELEASE)/libdtks.a $(DESTDIR)$(LIBDIR)/libdtks.a
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/libdtks.a
	v=`sed -n 's/^#define DTKS_VERSION_STRING "\(.*\)"$$/\1/p' include/dtks.h`; \
	major=`sed -n 's/^#define DTKS_VERSION_MAJOR \(.*\)$$/\1/p' include/dtks.h`; \
	cp $(RELEASE)/libdtks.so $(DESTDIR)$(LIBDIR)/libdtks.so.$$v && \
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/libdtks.so.$$v && \
	ln -sf libdtks.so.$$v $(DESTDIR)$(LIBDIR)/libdtks.so.$$major && \
	ln -sf libdtks.so.$$major $(DESTDIR)$(LIBDIR)/libdtks.so && \
	sed -e "s|@PREFIX@|$(PREFIX)|" -e "s|@LIBDIR@|$(LIBDIR)|" \
	    -e "s|@INCLUDEDIR@|$(INCLUDEDIR)|" -e "s|@VERSION@|$$v|" \
	    dtks-ffi/dtks.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/dtks.pc

test-c:
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) tests/c/run.sh
