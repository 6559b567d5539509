# gongwen — build, test, demo, bench.  `make help` lists the targets.
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -pedantic -Wshadow -Wmissing-prototypes -Wno-unused-parameter
PKGS    := lua5.4 libpcre2-8 zlib
DEBS    := lua5.4 liblua5.4-dev libpcre2-dev zlib1g-dev pkg-config lua-cjson
LUA     ?= lua5.4

# Flags come from pkg-config once the packages are there (deps installs them).
LUA_CFLAGS  = $(shell pkg-config --cflags lua5.4 2>/dev/null)
LUA_LIBS    = $(shell pkg-config --libs lua5.4 2>/dev/null)
PCRE_CFLAGS = $(shell pkg-config --cflags libpcre2-8 zlib 2>/dev/null)
PCRE_LIBS   = $(shell pkg-config --libs libpcre2-8 zlib 2>/dev/null)
# Where the stock lua5.4 looks for modules under PREFIX (/usr/local and /usr
# are both on its default paths); override to install elsewhere.
INSTALL_CMOD ?= $(PREFIX)/lib/lua/5.4
INSTALL_LMOD ?= $(PREFIX)/share/lua/5.4

ALL_CFLAGS = $(WARN) -fPIC -D_GNU_SOURCE -Icore -I$(BUILD)/gen $(PCRE_CFLAGS) $(CFLAGS) $(XCFLAGS)
LDLIBS     = $(PCRE_LIBS) -lm -lpthread $(XLDFLAGS)

CORE_SRC  := $(wildcard core/*.c)
LUA_SRC   := $(wildcard lua/*.c)
LUA_MODS  := $(wildcard lua/gongwen/*.lua)
DATA      := $(wildcard core/data/*.txt)
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/data.o
LUA_OBJ   := $(LUA_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/luamods.o
CTESTS    := $(patsubst tests/c/%.c,$(BUILD)/tests/%,$(wildcard tests/c/test_*.c))

.PHONY: all deps test asan valgrind demo bench fuzz install uninstall clean help
all: deps-check $(BUILD)/libgongwen.a $(BUILD)/gongwen.so $(BUILD)/gongwen $(BUILD)/embed-test $(CTESTS)

help:
	@echo "make            build libgongwen.a, gongwen.so and the gongwen command into $(BUILD)/"
	@echo "make deps       install missing Debian packages (root) or print the apt-get line"
	@echo "make test       build and run every test; last line: N passed, N failed"
	@echo "make asan       the same tests built with AddressSanitizer + UBSan"
	@echo "make valgrind   the Lua tests under valgrind --leak-check=full"
	@echo "make demo       summary of the bundled sample corpus -> out/summary.html"
	@echo "make bench      benchmarks side by side with Python re, ripgrep, grep"
	@echo "make fuzz       libFuzzer targets, FUZZ_SECONDS each (default 60)"
	@echo "make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"

deps:
	@sh tools/deps.sh $(DEBS)

# Fails early with the apt-get line rather than with a cryptic compile error.
deps-check:
	@sh tools/deps.sh --check $(DEBS)

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/data.c: $(BUILD)/tools/embed $(DATA)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed gw_data $(DATA) > $@

$(BUILD)/gen/luamods.c: $(BUILD)/tools/embed $(LUA_MODS)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed gwl_luamods $(LUA_MODS) > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -fvisibility=hidden -c -o $@ $<

$(BUILD)/core/%.o: core/%.c core/*.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lua/%.o: lua/%.c lua/*.h core/gongwen.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LUA_CFLAGS) -fvisibility=hidden -c -o $@ $<

$(BUILD)/libgongwen.a: $(CORE_OBJ)
	rm -f $@; ar rcs $@ $^

# No -llua: the interpreter that loads the module provides Lua.
$(BUILD)/gongwen.so: $(LUA_OBJ) $(BUILD)/libgongwen.a
	$(CC) -shared -Wl,--exclude-libs,ALL -o $@ $(LUA_OBJ) $(BUILD)/libgongwen.a $(LDLIBS) $(CFLAGS) $(XCFLAGS)

$(BUILD)/gongwen: host/*.c host/*.h $(LUA_OBJ) $(BUILD)/libgongwen.a
	$(CC) $(ALL_CFLAGS) $(LUA_CFLAGS) -Ilua -DGW_SCRIPTDIR='"$(PREFIX)/share/gongwen/scripts"' \
	  -o $@ host/*.c $(LUA_OBJ) $(BUILD)/libgongwen.a $(LUA_LIBS) $(LDLIBS) -ldl

$(BUILD)/embed-test: tests/embed/embed.c $(LUA_OBJ) $(BUILD)/libgongwen.a
	$(CC) $(ALL_CFLAGS) $(LUA_CFLAGS) -o $@ $< $(LUA_OBJ) $(BUILD)/libgongwen.a $(LUA_LIBS) $(LDLIBS) -ldl

$(BUILD)/tests/%: tests/c/%.c tests/c/check.h $(BUILD)/libgongwen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/c -o $@ $< $(BUILD)/libgongwen.a $(LDLIBS)

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) LUA="$(LUA)" sh tests/run.sh

# Lua tests run in the stock interpreter with the sanitizer runtimes preloaded.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CC=gcc \
	  XCFLAGS="-O1 -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	@BUILD=build-asan LUA="$(LUA)" SANITIZE=1 sh tests/run.sh

valgrind: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) GONGWEN_NO_JIT=1 LUA="valgrind -q --leak-check=full --error-exitcode=1 $(LUA)" \
	  ONLY=lua sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	$(BUILD)/gongwen summary sample/ --format html -o out/summary.html
	$(BUILD)/gongwen summary sample/
	@echo "wrote out/summary.html"

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh bench/run.sh

FUZZ_SECONDS ?= 60
fuzz:
	@BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/gongwen/scripts $(DESTDIR)$(INSTALL_CMOD) $(DESTDIR)$(INSTALL_LMOD)/gongwen
	install -m 755 $(BUILD)/gongwen $(DESTDIR)$(PREFIX)/bin/gongwen
	install -m 644 $(BUILD)/libgongwen.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 core/gongwen.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 scripts/*.lua $(DESTDIR)$(PREFIX)/share/gongwen/scripts/
	install -m 755 $(BUILD)/gongwen.so $(DESTDIR)$(INSTALL_CMOD)/gongwen.so
	install -m 644 $(LUA_MODS) $(DESTDIR)$(INSTALL_LMOD)/gongwen/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gongwen $(DESTDIR)$(PREFIX)/lib/libgongwen.a \
	  $(DESTDIR)$(PREFIX)/include/gongwen.h $(DESTDIR)$(INSTALL_CMOD)/gongwen.so
	rm -rf $(DESTDIR)$(PREFIX)/share/gongwen $(DESTDIR)$(INSTALL_LMOD)/gongwen

clean:
	rm -rf build build-asan build-fuzz out
