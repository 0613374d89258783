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

# On Linux the shared library is linked again from libdtks.a with
# dtks-ffi/dtks.map, which gives every function the version of the release
# that added it (DTKS_0.1, ...) and keeps everything else local: rustc's own
# version script comes first on its link line, and GNU ld uses only the
# first. Elsewhere cargo's libdtks.so is installed as it is.
lib:
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) $(CARGO) build --release -p dtks-ffi
	if [ "`uname -s`" = Linux ]; then \
	  major=`sed -n 's/^#define DTKS_VERSION_MAJOR \(.*\)$$/\1/p' include/dtks.h`; \
	  $(CC) -shared -o $(RELEASE)/libdtks.versioned.so \
	    -Wl,--whole-archive $(RELEASE)/libdtks.a -Wl,--no-whole-archive \
	    -Wl,--gc-sections -Wl,--version-script=dtks-ffi/dtks.map \
	    -Wl,-soname,libdtks.so.$$major -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc; \
	else cp $(RELEASE)/libdtks.so $(RELEASE)/libdtks.versioned.so; fi

# The version comes from the generated header, itself written from Cargo.toml.
install: lib
	mkdir -p $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	cp include/dtks.h $(DESTDIR)$(INCLUDEDIR)/dtks.h
	cp $(RELEASE)/libdtks.a $(DESTDIR)$(LIBDIR)/libdtks.a
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/libdtks.a
	v=`sed -n 's/^#define DTKS_VERSION_STRING "\(.*\)"$$/\1/p' include/dtks.h`; \
	major=`sed -n 's/^#define DTKS_VERSION_MAJOR \(.*\)$$/\1/p' include/dtks.h`; \
	cp $(RELEASE)/libdtks.versioned.so $(DESTDIR)$(LIBDIR)/libdtks.so.$$v && \
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/libdtks.so.$$v && \
	ln -sf libdtks.so.$$v $(DESTDIR)$(LIBDIR)/libdtks.so.$$major && \
	ln -sf libdtks.so.$$major $(DESTDIR)$(LIBDIR)/libdtks.so && \
	sed -e "s|@PREFIX@|$(PREFIX)|" -e "s|@LIBDIR@|$(LIBDIR)|" \
	    -e "s|@INCLUDEDIR@|$(INCLUDEDIR)|" -e "s|@VERSION@|$$v|" \
	    dtks-ffi/dtks.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/dtks.pc

test-c:
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) tests/c/run.sh
