# leads - follow up every lead.  A plain Makefile; see README.md.

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
INCLUDEDIR?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# Shell completions: bash-completion loads completions/NAME for command
# NAME on demand; zsh's compinit reads site-functions, in its $fpath.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions

CC        ?= cc
PKG_CONFIG?= pkg-config
CFLAGS    ?= -O2 -g
PKGS       = sqlite3 yaml-0.1 jansson libsodium

# Warnings are forced on whatever CFLAGS says.
WARN       = -Wall -Wextra -Werror
ALL_CFLAGS = -std=c11 $(WARN) -D_DEFAULT_SOURCE -fPIC -pthread -Ilib \
             $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS) $(SAN_FLAGS)
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm -pthread

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer.
ifeq ($(SANITIZE),1)
SAN_FLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
endif

LIB_SRCS   = lib/util.c lib/tz.c lib/timefmt.c lib/normalize.c lib/input.c \
             lib/store.c lib/lead.c lib/schedule.c lib/output.c lib/conf.c lib/default_cadences.c \
             lib/plan.c lib/owner.c lib/row.c lib/due.c lib/event.c lib/outcome.c lib/edit.c lib/calllog.c lib/when.c lib/query.c lib/report.c \
             lib/report_html.c lib/template.c lib/send.c lib/default_templates.c lib/mail.c
LIB_OBJS   = $(LIB_SRCS:.c=.o)
PROGS      = bin/lead-add bin/lead-away bin/lead-cadence bin/lead-due \
             bin/lead-log bin/lead-set bin/lead-merge bin/lead-forget \
             bin/lead-rebuild bin/lead-show bin/lead-ls bin/lead-report \
             bin/lead-send
UNIT_TESTS = $(patsubst tests/unit/%.c,tests/unit/%.t,$(wildcard tests/unit/test_*.c))
TEST_TOOLS =
MANS       = $(wildcard man/*.[1-9])

SOLIB      = libleads.so.0
.PHONY: all check install uninstall clean bench demo lint fuzz valgrind stress

all: $(PROGS) libleads.a $(SOLIB) leads.pc

lib/%.o: lib/%.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

cmd/%.o: cmd/%.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The built-in cadence file, as a C string: \ " and ? (trigraphs) escaped.
lib/default_cadences.c: examples/cadences.yaml
	{ echo '/* Generated from examples/cadences.yaml: do not edit. */'; \
	  echo '#include "leads.h"'; \
	  echo 'const char leads_default_cadences[] ='; \
	  sed -e 's/[\\"?]/\\&/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	      examples/cadences.yaml; \
	  echo '"";'; } > $@.tmp && mv -f $@.tmp $@

# The built-in templates (NAME.txt each), escaped the same way.
TEMPLATES  = $(sort $(wildcard examples/templates/*.txt))
lib/default_templates.c: $(TEMPLATES) examples/templates
	{ echo '/* Generated from examples/templates: do not edit. */'; \
	  echo '#include <stddef.h>'; \
	  echo '#include "template.h"'; \
	  echo 'const struct leads_tpl_builtin leads_default_templates[] = {'; \
	  for f in $(TEMPLATES); do \
	    n=$${f##*/}; echo "{ \"$${n%.txt}\","; \
	    sed -e 's/[\\"?]/\\&/g' -e 's/^/"/' -e 's/$$/\\n"/' "$$f"; \
	    echo '"" },'; \
	  done; \
	  echo '{ NULL, NULL } };'; } > $@.tmp && mv -f $@.tmp $@

libleads.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(SOLIB): $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SOLIB) -o $@ $(LIB_OBJS) $(LIBS) $(LDFLAGS)

bin/%: cmd/%.o cmd/common.o libleads.a
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $< cmd/common.o libleads.a $(LIBS) $(LDFLAGS)

leads.pc: leads.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@PKGS@|$(PKGS)|' leads.pc.in > $@

tests/unit/%.t: tests/unit/%.c libleads.a
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< \
	    libleads.a $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka) $(LDFLAGS)

tests/tools/%: tests/tools/%.c libleads.a
	$(CC) $(ALL_CFLAGS) -o $@ $< libleads.a $(LIBS) $(LDFLAGS)

# One prove run over the unit tests (cmocka, TAP) and the command tests
# (bats); it ends with prove's "Result: PASS" or "Result: FAIL".
check: all $(UNIT_TESTS) $(TEST_TOOLS)
	CMOCKA_MESSAGE_OUTPUT=TAP prove $(PROVEFLAGS) tests/unit/*.t tests/*.bats

lint:
	mandoc -Tlint -Wwarning $(MANS)

bench: all
	scripts/bench
	scripts/bench-report

demo: all
	scripts/demo

# The long reliability runs (30 s of concurrent load, 25 SIGKILLs each of
# lead-add and lead-log -f); make check runs short ones.
stress: all
	scripts/stress

# The command tests with every program under valgrind (slow: see the script).
valgrind: all
	scripts/valgrind

# Every parser under libFuzzer (clang), FUZZ_SECONDS each; see scripts/fuzz.
FUZZ_SECONDS ?= 60
fuzz: lib/default_cadences.c lib/default_templates.c
	scripts/fuzz $(FUZZ_SECONDS)

# make -s print-VAR: a variable's value, for scripts (scripts/fuzz).
print-%:
	@echo $($*)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp -f $(PROGS) $(DESTDIR)$(BINDIR)/
	cp -f libleads.a $(SOLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SOLIB) $(DESTDIR)$(LIBDIR)/libleads.so
	cp -f lib/leads.h $(DESTDIR)$(INCLUDEDIR)/
	cp -f leads.pc $(DESTDIR)$(PKGCONFIGDIR)/
	for m in $(MANS); do \
	    s=$${m##*.}; cp -f $$m $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; done
	cp -f completion/leads.bash $(DESTDIR)$(BASHCOMPDIR)/leads
	for p in $(PROGS); do \
	    ln -sf leads $(DESTDIR)$(BASHCOMPDIR)/$${p#bin/} || exit 1; done
	cp -f completion/_leads $(DESTDIR)$(ZSHCOMPDIR)/

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p#bin/}; done
	rm -f $(DESTDIR)$(LIBDIR)/libleads.a $(DESTDIR)$(LIBDIR)/$(SOLIB) \
	    $(DESTDIR)$(LIBDIR)/libleads.so $(DESTDIR)$(INCLUDEDIR)/leads.h \
	    $(DESTDIR)$(PKGCONFIGDIR)/leads.pc
	for m in $(MANS); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	for p in $(PROGS); do rm -f $(DESTDIR)$(BASHCOMPDIR)/$${p#bin/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/leads $(DESTDIR)$(ZSHCOMPDIR)/_leads

clean:
	rm -rf bin lib/*.o lib/*.d cmd/*.o cmd/*.d tests/unit/*.t tests/unit/*.d \
	    $(TEST_TOOLS) libleads.a $(SOLIB) leads.pc lib/default_cadences.c \
	    lib/default_templates.c

-include $(wildcard lib/*.d cmd/*.d)
