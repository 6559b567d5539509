/* meta.c — a report's metadata: title, issuing body, region, year reported
 * on, document number, date, addressee.  Read from the preamble (the lines
 * before the body starts), labelled fields of scraped pages, the first
 * sentences and the signature.  Nothing is guessed: unstated fields stay "". */
#include <stdio.h>
#include <string.h>
#include "date.h"
#include "wordlist.h"

enum { M_TITLEEND = 1, M_ORGLINE, M_ORGSUFFIX, M_REGION, M_NAMESTOP, M_NOTORG,
       M_FTITLE, M_FDATE, M_FORG, M_FDOCNO };
static const char *const meta_tags[] = {"titleend", "orgline", "orgsuffix", "region", "namestop",
                                        "notorg", "field:title", "field:date", "field:org",
                                        "field:docno", NULL};

/* A line of the preamble or signature blocks, blanks trimmed. */
typedef struct line { const char *b, *e; } line;

#define MAX_LINES 40        /* preamble and signature lines looked at */
#define BODY_CHARS 80       /* a longer line is body text */

typedef struct mctx {
  const char *text, *end;
  const gw_wordlist *w;
  line pre[MAX_LINES]; int npre;    /* non-empty preamble lines */
  int pre_adjacent[MAX_LINES];      /* 1 when the line directly follows the previous one */
  line body;                        /* the first body line */
  line sig[8]; int nsig;            /* short lines after the last sentence */
} mctx;

static int starts(const char *p, const char *end, const char *s) {
  size_t n = strlen(s);
  return p <= end && (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static size_t blank_at(const char *p, const char *end) {
  if (p >= end) return 0;
  if (*p == ' ' || *p == '\t' || *p == '\r') return 1;
  return starts(p, end, "　") ? 3 : 0;
}

static line trim(const char *b, const char *e) {
  size_t n;
  while ((n = blank_at(b, e)) != 0) b += n;
  while (e > b) {
    const char *c = gw_u8prev(b, e);
    if (!blank_at(c, e)) break;
    e = c;
  }
  return (line){b, e};
}

static size_t chars(line l) {
  size_t n = 0;
  for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) n++;
  return n;
}

static int has(line l, const char *s) { return memmem(l.b, (size_t)(l.e - l.b), s, strlen(s)) != NULL; }

/* CJK ideographs only: no punctuation, digits, Latin. */
static int is_name_char(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  if (c < 0xE4 || c > 0xE9) return 0;
  return !starts(p, end, "，") && !starts(p, end, "、");
}

/* Copies l into out (cap bytes) without blanks; the result is NUL-terminated. */
static void copy_despaced(line l, char *out, size_t cap) {
  size_t k = 0;
  for (const char *p = l.b; p < l.e;) {
    size_t n = blank_at(p, l.e);
    if (n) { p += n; continue; }
    n = gw_u8len((unsigned char)*p);
    if (n > (size_t)(l.e - p)) n = (size_t)(l.e - p); /* a cut character in a Lua string */
    if (k + n >= cap) break;
    memcpy(out + k, p, n);
    k += n; p += n;
  }
  out[k] = 0;
}

static void copy_line(line l, char *out, size_t cap) {
  size_t n = (size_t)(l.e - l.b);
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)l.b[n] & 0xC0) == 0x80) n--;
  }
  memcpy(out, l.b, n);
  out[n] = 0;
}

/* ------------------------------------------------------------ blocks */

/* Splits the text into preamble lines (until the first line that reads as
 * body text: a sentence or a long line) and signature lines (the short lines
 * after the last sentence). */
static void find_blocks(mctx *m, size_t limit) {
  const char *p = m->text, *end = m->end;
  int adjacent = 1;
  while (p < end) {
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e) e = end;
    line l = trim(p, e);
    p = e + 1;
    if (l.b == l.e) { adjacent = 0; continue; }
    if (chars(l) > BODY_CHARS || has(l, "。") || (size_t)(l.b - m->text) >= limit ||
        m->npre == MAX_LINES) {
      m->body = l;
      break;
    }
    m->pre_adjacent[m->npre] = adjacent;
    m->pre[m->npre++] = l;
    adjacent = 1;
  }
  /* signature: walk back over short lines without a sentence end */
  const char *e = end;
  while (e > m->text && m->nsig < 8) {
    const char *b = e;
    while (b > m->text && b[-1] != '\n') b--;
    line l = trim(b, e);
    e = b > m->text ? b - 1 : b;
    if (l.b == l.e) continue;
    if (has(l, "。") || chars(l) > 40 || l.b < m->body.e) break;
    m->sig[m->nsig++] = l;
  }
}

/* ------------------------------------------------------------ fields */

/* Value of a labelled field "标题: | value |" on one of the preamble lines;
 * empty when absent or blank. */
static line field(const mctx *m, int tag) {
  for (int i = 0; i < m->npre; i++) {
    line l = m->pre[i];
    for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) {
      const gw_word *w = gw_wordlist_match(m->w, p, l.e, tag);
      if (!w || (p > l.b && !starts(p - 1, l.e, " ") && !starts(p - 1, l.e, "|"))) continue;
      const char *v = p + w->len;
      if (starts(v, l.e, ":")) v += 1;
      else if (starts(v, l.e, "：")) v += 3;
      else continue;
      while (v < l.e && (*v == ' ' || *v == '|' || *v == '\t')) v++;
      const char *ve = v;
      while (ve < l.e && *ve != '|') ve++;
      return trim(v, ve);
    }
  }
  return (line){NULL, NULL};
}

/* 青龙委文〔2024〕7号, also with [ ] ［ ］ （ ） ( ) 【 】: normalised to 〔〕 in
 * out (cap bytes).  With out NULL, only says whether line l is one. */
static int doc_number(line l, char *out, size_t cap) {
  static const char *const open[] = {"〔", "[", "［", "（", "(", "【", NULL};
  static const char *const close[] = {"〕", "]", "］", "）", ")", "】", NULL};
  const char *p = l.b;
  while (p < l.e && is_name_char(p, l.e) && gw_u8len((unsigned char)*p) <= (size_t)(l.e - p))
    p += gw_u8len((unsigned char)*p);
  if (p == l.b) return 0;
  const char *prefix_e = p;
  int k;
  for (k = 0; open[k] && !starts(p, l.e, open[k]); k++) {}
  if (!open[k]) return 0;
  p += strlen(open[k]);
  const char *y = p;
  while (p < l.e && *p >= '0' && *p <= '9') p++;
  if (p - y != 4 || !starts(p, l.e, close[k])) return 0;
  const char *ye = p;
  p += strlen(close[k]);
  const char *nb = p;
  while (p < l.e && *p >= '0' && *p <= '9') p++;
  if (p == nb || !starts(p, l.e, "号") || p + 3 != l.e) return 0;
  size_t need = (size_t)(prefix_e - l.b) + 3 + 4 + 3 + (size_t)(p - nb) + 3;
  if (!out) return 1; /* only asked whether l is one */
  if (need >= cap) return 0;
  char *o = out;
  memcpy(o, l.b, (size_t)(prefix_e - l.b)); o += prefix_e - l.b;
  memcpy(o, "〔", 3); o += 3;
  memcpy(o, y, (size_t)(ye - y)); o += ye - y;
  memcpy(o, "〕", 3); o += 3;
  memcpy(o, nb, (size_t)(p - nb)); o += p - nb;
  memcpy(o, "号", 3); o += 3;
  *o = 0;
  return 1;
}

/* ------------------------------------------------------------ title */

static int ends_with_tag(const mctx *m, const char *b, const char *e, int tag) {
  return gw_wordlist_match_back(m->w, b, e, tag) != NULL;
}

static void find_title(mctx *m, gw_meta *out) {
  line f = field(m, M_FTITLE);
  if (f.b && f.b < f.e) { copy_despaced(f, out->title, sizeof out->title); return; }
  for (int i = 0; i < m->npre; i++) {
    char t[512];
    copy_despaced(m->pre[i], t, sizeof t);
    if (has(m->pre[i], "|") || !ends_with_tag(m, t, t + strlen(t), M_TITLEEND)) continue;
    int first = i;
    /* a title broken over lines: 关于青龙乡2023年法治政府建设情况的 / 报  告 */
    while (first > 0 && m->pre_adjacent[first]) {
      char head[512];
      copy_despaced(m->pre[first], head, sizeof head);
      if (starts(head, head + strlen(head), "关于")) break;
      char prev[512];
      copy_despaced(m->pre[first - 1], prev, sizeof prev);
      size_t pn = strlen(prev);
      if (ends_with_tag(m, prev, prev + pn, M_ORGLINE) || ends_with_tag(m, prev, prev + pn, M_TITLEEND) ||
          has(m->pre[first - 1], "|") || has(m->pre[first - 1], "：") || has(m->pre[first - 1], ":") ||
          doc_number(m->pre[first - 1], NULL, 0))
        break;
      first--;
    }
    size_t k = 0;
    out->title[0] = 0;
    for (int j = first; j <= i; j++) {
      copy_despaced(m->pre[j], out->title + k, sizeof out->title - k);
      k = strlen(out->title);
    }
    return;
  }
}

/* ------------------------------------------------------------ org, region */


/* The name of 2-4 characters ending at e (looking back no further than b):
 * stops at a namestop word, a region suffix (when stop_region) or a non-name
 * character.  Returns its start, or NULL when it is too short. */
static const char *name_before(const mctx *m, const char *b, const char *e, int stop_region) {
  const char *p = e;
  int n = 0;
  while (p > b && n < 4) {
    if (gw_wordlist_match_back(m->w, b, p, M_NAMESTOP)) break;
    const char *c = gw_u8prev(b, p);
    if (!is_name_char(c, m->end)) break;
    if (stop_region && gw_wordlist_match(m->w, c, p, M_REGION)) break;
    p = c;
    n++;
  }
  return n >= 2 ? p : NULL;
}

static int inside_notorg(const mctx *m, const char *b, const char *s) {
  const char *p = s;
  for (int back = 0; back < 3 && p >= b; back++) {
    const gw_word *w = gw_wordlist_match(m->w, p, m->end, M_NOTORG);
    if (w && p + w->len > s) return 1;
    if (p == b) break;
    p = gw_u8prev(b, p);
  }
  return 0;
}

/* Finds the first issuing body "…镇" in l; fills org (and region when a
 * region name stands right before it).  Returns 1 when found. */
static int org_in(const mctx *m, line l, gw_meta *out) {
  for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) {
    const gw_word *suf = gw_wordlist_match(m->w, p, l.e, M_ORGSUFFIX);
    if (!suf || inside_notorg(m, l.b, p)) continue;
    const char *e = p + suf->len;
    while (starts(e, l.e, "镇") && suf->len == 3 && memcmp(suf->s, "镇", 3) == 0) e += 3; /* 房镇镇 */
    const char *nb = name_before(m, l.b, e - suf->len, 1);
    if (!nb) continue;
    copy_line((line){nb, e}, out->org, sizeof out->org);
    if (!out->region[0] && nb > l.b) {
      const char *r = gw_u8prev(l.b, nb);
      if (gw_wordlist_match(m->w, r, nb, M_REGION)) {
        const char *rb = name_before(m, l.b, r, 1);
        if (rb) copy_line((line){rb, nb}, out->region, sizeof out->region);
      }
    }
    return 1;
  }
  return 0;
}

/* The region written right before an occurrence of the org's name in l. */
static void region_in(const mctx *m, line l, gw_meta *out) {
  size_t n = strlen(out->org);
  const char *p = l.b;
  while (!out->region[0] && p < l.e) {
    const char *hit = memmem(p, (size_t)(l.e - p), out->org, n);
    if (!hit) return;
    if (hit > l.b) {
      const char *r = gw_u8prev(l.b, hit);
      if (gw_wordlist_match(m->w, r, hit, M_REGION)) {
        const char *rb = name_before(m, l.b, r, 1);
        if (rb) copy_line((line){rb, hit}, out->region, sizeof out->region);
      }
    }
    p = hit + n;
  }
}

/* The first two sentences of the body. */
static line opening(const mctx *m) {
  line l = m->body;
  if (!l.b) return l;
  const char *s = memmem(l.b, (size_t)(l.e - l.b), "。", 3);
  if (s) {
    const char *s2 = memmem(s + 3, (size_t)(l.e - s - 3), "。", 3);
    l.e = s2 ? s2 : l.e;
  }
  return l;
}

static void find_org(mctx *m, gw_meta *out) {
  line sources[MAX_LINES + 12];
  int n = 0;
  line f = field(m, M_FORG);
  if (f.b && f.b < f.e) sources[n++] = f;
  if (out->title[0]) sources[n++] = (line){out->title, out->title + strlen(out->title)};
  for (int i = 0; i < m->npre; i++) sources[n++] = m->pre[i];
  for (int i = 0; i < m->nsig; i++) sources[n++] = m->sig[i];
  if (m->body.b) sources[n++] = opening(m);
  int found = 0;
  for (int i = 0; i < n && !found; i++) found = org_in(m, sources[i], out);
  for (int i = 0; found && i < n; i++) region_in(m, sources[i], out);
}

/* ------------------------------------------------------------ the rest */

/* The first year stated in s (2023年 in 关于青龙乡2023年…), or 0. */
static int year_in(const char *b, const char *e) {
  for (const char *p = b; p < e; p += gw_u8len((unsigned char)*p)) {
    gw_date d;
    if (gw_date_at(b, p, e, &d)) return d.year;
  }
  return 0;
}

/* A full date filling line l (or l's start when whole is 0) as ISO. */
static int iso_date(line l, int whole, char *out, size_t cap) {
  gw_date d;
  size_t n = gw_date_at(l.b, l.b, l.e, &d);
  if (!n || !d.day || (whole && l.b + n != l.e) || cap < 11) return 0;
  snprintf(out, cap, "%04d-%02d-%02d", d.year, d.month, d.day);
  return 1;
}

static void find_rest(mctx *m, gw_meta *out) {
  out->year = year_in(out->title, out->title + strlen(out->title));
  if (!out->year && m->body.b) {
    line o = opening(m);
    out->year = year_in(o.b, o.e);
  }
  line f = field(m, M_FDOCNO);
  if (!(f.b && doc_number(f, out->doc_number, sizeof out->doc_number)))
    for (int i = 0; i < m->npre && !out->doc_number[0]; i++)
      doc_number(m->pre[i], out->doc_number, sizeof out->doc_number);
  f = field(m, M_FDATE);
  if (!(f.b && iso_date(f, 0, out->date, sizeof out->date)))
    for (int i = 0; i < m->nsig && !out->date[0]; i++) iso_date(m->sig[i], 1, out->date, sizeof out->date);
  /* the addressee: a short line ending in a colon, after the title */
  for (int i = 0; i < m->npre; i++) {
    line l = m->pre[i];
    if (has(l, "|") || has(l, "，") || chars(l) > 30) continue;
    const char *c = NULL;
    if (starts(gw_u8prev(l.b, l.e), l.e, "：")) c = l.e - 3;
    else if (l.e > l.b && l.e[-1] == ':') c = l.e - 1;
    if (!c || c == l.b) continue;
    copy_line(trim(l.b, c), out->addressee, sizeof out->addressee);
    break;
  }
}

int gw_lexicon_load_meta(gw_lexicon *lx) { return gw_wordlist_load(&lx->meta, "meta", meta_tags); }

int gw_extract_meta_lx(const gw_lexicon *lx, const char *text, size_t len, const gw_outline *outline,
                       gw_meta *out) {
  memset(out, 0, sizeof *out);
  mctx *m = &(mctx){0};
  m->text = text; m->end = text + len;
  m->w = &lx->meta;
  size_t limit = len;
  if (outline && outline->nsections > 1 && outline->sections[1].start > 0)
    limit = outline->sections[1].start; /* the preamble ends at the first heading */
  find_blocks(m, limit);
  find_title(m, out);
  find_org(m, out);
  find_rest(m, out);
  return GW_OK;
}

int gw_extract_meta(const char *text, size_t len, const gw_outline *outline, gw_meta *out) {
  gw_lexicon lx;
  memset(&lx, 0, sizeof lx);
  int rc = gw_lexicon_load_meta(&lx) ? GW_ENOMEM : gw_extract_meta_lx(&lx, text, len, outline, out);
  if (rc) memset(out, 0, sizeof *out);
  gw_lexicon_clear(&lx);
  return rc;
}
