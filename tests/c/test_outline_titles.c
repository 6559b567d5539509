/* test_outline_titles.c — where the title of a numbered heading stops: at
 * the first sentence end when the title is short (40 characters at most),
 * at the first comma when longer, and only the first 60 characters are read
 * for stops; conversion leftovers are not counted.  Each case is checked
 * with the heading inside the text (the sectioner reads whole 32-byte
 * blocks there, masking the bytes past the line) and as the text's last
 * line (where fewer than 32 bytes remain to be read). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "gongwen.h"

#define HAN "测"  /* 3 bytes */

/* n copies of s appended to out (a buffer large enough). */
static void add(char *out, const char *s, int n) {
  for (int i = 0; i < n; i++) strcat(out, s);
}

typedef struct title_case {
  const char *what;
  char line[1024];     /* the heading line, without its newline */
  char title[1024];    /* the title as gw_section_title gives it */
  int body_at_text;    /* 1: the body starts where the title does (long titles) */
} title_case;

/* Checks the first section of text against c: its title, and where its body starts. */
static void check_first(const char *text, const title_case *c, const char *where) {
  gw_outline o;
  gw_error err;
  if (!CHECK_EQ_INT(gw_outline_build(text, strlen(text), &o, &err), 0)) return;
  if (!CHECK(o.nsections >= 2)) { printf("  (%s, %s)\n", c->what, where); gw_outline_free(&o); return; }
  const gw_section *s = &o.sections[1];
  char *title = malloc(s->title_stop - s->title_start + 1);
  title[gw_section_title(text, s, title)] = '\0';
  if (!CHECK_EQ_STR(title, c->title)) printf("  (%s, %s)\n", c->what, where);
  size_t label = strlen("（一）");
  size_t want = c->body_at_text ? label : s->title_stop;
  if (!c->body_at_text) {  /* after the stop that ended the title: ASCII 1 byte, 。 3 */
    want = s->title_stop + ((unsigned char)text[s->title_stop] < 0x80 ? 1 : 3);
    if (s->title_stop == strlen(c->line)) want = s->title_stop;  /* no stop: the line's end */
  }
  if (!CHECK_EQ_INT(s->body_start, want)) printf("  (%s, %s)\n", c->what, where);
  free(title);
  gw_outline_free(&o);
}

static void run(const title_case *c) {
  char *inside = malloc(8192), *last = malloc(8192);
  strcpy(inside, c->line);
  strcat(inside, "\n正文段落，写得足够长，好让后面还有三十二个字节可读。\n（二）下一个标题\n正文。\n");
  strcpy(last, c->line);
  check_first(inside, c, "inside the text");
  check_first(last, c, "last line");
  free(inside);
  free(last);
}

int main(void) {
  static title_case c;

  memset(&c, 0, sizeof c);
  c.what = "40 characters then 。: a short title";
  strcpy(c.line, "（一）"); add(c.line, HAN, 40); strcat(c.line, "。正文内容。");
  add(c.title, HAN, 40);
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "41 characters then 。, no comma: up to 。, the body keeps it";
  strcpy(c.line, "（一）"); add(c.line, HAN, 41); strcat(c.line, "。正文内容。");
  add(c.title, HAN, 41);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "41 characters with a comma, then 。: up to the comma";
  strcpy(c.line, "（一）"); add(c.line, HAN, 10); strcat(c.line, "，"); add(c.line, HAN, 30);
  strcat(c.line, "。正文内容。");
  add(c.title, HAN, 10);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "60 characters, no stop: the whole line";
  strcpy(c.line, "（一）"); add(c.line, HAN, 60);
  add(c.title, HAN, 60);
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "61 characters, no stop, a comma at 5: up to the comma";
  strcpy(c.line, "（一）"); add(c.line, HAN, 5); strcat(c.line, "，"); add(c.line, HAN, 55);
  add(c.title, HAN, 5);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "a comma as character 61 is not read: the whole line";
  strcpy(c.line, "（一）"); add(c.line, HAN, 61); strcat(c.line, "，"); add(c.line, HAN, 5);
  add(c.title, HAN, 61); strcat(c.title, "，"); add(c.title, HAN, 5);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "a comma as character 61 that ends a 32-byte block is not read either";
  /* 13 + 3 * 48 = 157 bytes before the comma, which ends at byte 160. */
  strcpy(c.line, "（一）"); add(c.line, "a", 13); add(c.line, HAN, 48); strcat(c.line, "，");
  add(c.line, HAN, 5);
  add(c.title, "a", 13); add(c.title, HAN, 48); strcat(c.title, "，"); add(c.title, HAN, 5);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "a comma as character 60 is read";
  strcpy(c.line, "（一）"); add(c.line, HAN, 60); strcat(c.line, "，"); add(c.line, HAN, 5);
  add(c.title, HAN, 60);
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "a 。 as character 61 is not read";
  strcpy(c.line, "（一）"); add(c.line, HAN, 61); strcat(c.line, "。正文。");
  add(c.title, HAN, 61); strcat(c.title, "。正文");
  c.body_at_text = 1;
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "a leftover inside a short title";
  strcpy(c.line, "（一）强化综合治理[image: ]，营造安全稳定社会环境。一是加强排查。");
  strcpy(c.title, "强化综合治理，营造安全稳定社会环境");
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "leftovers are not counted: 40 characters and a leftover is short";
  strcpy(c.line, "（一）"); add(c.line, HAN, 20); strcat(c.line, "[bookmark: _GoBack]");
  add(c.line, HAN, 20); strcat(c.line, "。正文内容。");
  add(c.title, HAN, 40);
  run(&c);

  memset(&c, 0, sizeof c);
  c.what = "ASCII stops and a long ASCII run";
  strcpy(c.line, "（一）Plan 2024: build the system; then more text follows here and goes on");
  strcpy(c.title, "Plan 2024");
  run(&c);

  return check_summary();
}
