/* meta.c — a report's metadata: title, issuing body, region, year reported
 * on, document number, date, addressee.  Read from the preamble (the lines
 * before the body starts), labelled fields of scraped pages, the first
 * sentences and the signature.  Nothing is guessed: unstated fields stay "". */
#include <stdio.h>
#include <string.h>
#include "date.h"
#include "wordlist.h"

enum { M_TITLEEND = 1, M_ORGLINE, M_ORGSUFFIX, M_REGION, M_NAMESTOP, M_NOTORG,
       M_FTITLE, M_FDATE, M_FORG, M_FDOCNO, M_FSOURCE, M_DEPT, M_GOV, M_PARTY, M_AREANEXT,
       M_ADDRESSEE };
static const char *const meta_tags[] = {"titleend", "orgline", "orgsuffix", "region", "namestop",
                                        "notorg", "field:title", "field:date", "field:org",
                                        "field:docno", "field:source", "dept", "gov", "party",
                                        "areanext", "addressee", NULL};

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

/* A sentence of the body: it ends or pauses (现将有关情况报告如下： after a
 * comma); titles, names and field rows (标题: | … |) do neither. */
static int is_sentence(line l) {
  return has(l, "。") || (!has(l, "|") && (has(l, "，") || has(l, ",")));
}

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
    if (chars(l) > BODY_CHARS || is_sentence(l) || (size_t)(l.b - m->text) >= limit ||
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

/* Length of word w at p, blanks allowed between its characters (标 题), or 0. */
static size_t spaced_at(const gw_word *w, const char *p, const char *end) {
  const char *q = p;
  for (size_t i = 0; i < w->len;) {
    if (i > 0)
      for (size_t b; (b = blank_at(q, end)) != 0;) q += b;
    size_t n = gw_u8len((unsigned char)w->s[i]);
    if (n > w->len - i || (size_t)(end - q) < n || memcmp(q, w->s + i, n) != 0) return 0;
    q += n;
    i += n;
  }
  return (size_t)(q - p);
}

/* The length of a field label with tag (any field when tag < 0) at p, with
 * its colon or bar (发布机构：, 发文字号 |), when it starts the line or follows
 * a blank or '|'; else 0. */
static size_t label_at(const mctx *m, line l, const char *p, int tag) {
  if (p > l.b && !blank_at(gw_u8prev(l.b, p), l.e) && p[-1] != '|') return 0;
  size_t count, n = 0;
  const gw_word *w = gw_wordlist_candidates(m->w, p, l.e, &count);
  for (size_t i = 0; i < count && !n; i++)
    if (tag < 0 ? (w[i].tag >= M_FTITLE && w[i].tag <= M_FSOURCE) : w[i].tag == tag) n = spaced_at(&w[i], p, l.e);
  if (!n) return 0;
  const char *q = p + n;
  for (size_t b; (b = blank_at(q, l.e)) != 0;) q += b;
  if (starts(q, l.e, ":") || starts(q, l.e, "|")) return (size_t)(q + 1 - p);
  if (starts(q, l.e, "：")) return (size_t)(q + 3 - p);
  return 0;
}

/* Value of a labelled field "标题: | value |" on one of the preamble lines
 * (several may share a line: 来源：… 发布时间：…); empty when absent or blank. */
static line field(const mctx *m, int tag) {
  for (int i = 0; i < m->npre; i++) {
    line l = m->pre[i];
    for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) {
      size_t n = label_at(m, l, p, tag);
      if (!n) continue;
      const char *v = p + n;
      while (v < l.e && (*v == ' ' || *v == '|' || *v == '\t')) v++;
      const char *ve = v;
      while (ve < l.e && *ve != '|') {
        size_t b = blank_at(ve, l.e);
        if (b && label_at(m, l, ve + b, -1)) break;
        ve += gw_u8len((unsigned char)*ve);
      }
      if (ve > l.e) ve = l.e;
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

/* 1 when l holds only what a title holds: Han characters, digits, blanks and
 * brackets or dashes (not a field row, a breadcrumb 首页 > …, a colon). */
static int title_text(line l) {
  static const char *const punct[] = {"（", "）", "(", ")", "—", "-", "－", "《", "》", "“", "”", "、", NULL};
  for (const char *p = l.b; p < l.e;) {
    size_t n = blank_at(p, l.e);
    if (!n && *p >= '0' && *p <= '9') n = 1;
    if (!n && is_name_char(p, l.e)) n = gw_u8len((unsigned char)*p);
    for (int k = 0; !n && punct[k]; k++)
      if (starts(p, l.e, punct[k])) n = strlen(punct[k]);
    if (!n) return 0;
    p += n;
  }
  return 1;
}

/* The part of a title line after a breadcrumb (首页 > 政务公开 > 标题). */
static line after_breadcrumb(line l) {
  for (const char *p = l.e; p > l.b;) {
    const char *c = gw_u8prev(l.b, p);
    if (*c == '>' || starts(c, l.e, "＞")) return trim(p, l.e);
    p = c;
  }
  return l;
}

static void find_title(mctx *m, gw_meta *out) {
  line f = field(m, M_FTITLE);
  if (f.b && f.b < f.e) { copy_despaced(f, out->title, sizeof out->title); return; }
  for (int i = 0; i < m->npre; i++) {
    char t[512];
    line cur = after_breadcrumb(m->pre[i]);
    copy_despaced(cur, t, sizeof t);
    if (has(cur, "|") || !ends_with_tag(m, t, t + strlen(t), M_TITLEEND)) continue;
    int first = i;
    /* a title broken over lines: 关于青龙乡2023年法治政府建设情况的 / 报  告 */
    while (first > 0 && m->pre_adjacent[first] && cur.b == m->pre[i].b) {
      char head[512];
      copy_despaced(m->pre[first], head, sizeof head);
      if (starts(head, head + strlen(head), "关于")) break;
      char prev[512];
      copy_despaced(m->pre[first - 1], prev, sizeof prev);
      size_t pn = strlen(prev);
      if (ends_with_tag(m, prev, prev + pn, M_ORGLINE) || ends_with_tag(m, prev, prev + pn, M_TITLEEND) ||
          !title_text(m->pre[first - 1]) || doc_number(m->pre[first - 1], NULL, 0))
        break;
      first--;
    }
    size_t k = 0;
    out->title[0] = 0;
    for (int j = first; j <= i; j++) {
      copy_despaced(j == i ? cur : m->pre[j], out->title + k, sizeof out->title - k);
      k = strlen(out->title);
    }
    return;
  }
}

/* ------------------------------------------------------------ org, region */


/* The name of 2 to max characters ending at e (looking back no further than
 * b): stops at a namestop word, a region suffix (when stop_region) or a
 * non-name character.  Returns its start, or NULL when it is too short. */
static const char *name_before_n(const mctx *m, const char *b, const char *e, int stop_region, int max) {
  const char *p = e;
  int n = 0;
  while (p > b && n < max) {
    if (gw_wordlist_match_back(m->w, b, p, M_NAMESTOP)) break;
    const char *c = gw_u8prev(b, p);
    if (!is_name_char(c, p)) break;
    if (stop_region && gw_wordlist_match(m->w, c, p, M_REGION)) break;
    p = c;
    n++;
  }
  return n >= 2 ? p : NULL;
}

/* A town's or region's name: 2-4 characters. */
static const char *name_before(const mctx *m, const char *b, const char *e, int stop_region) {
  return name_before_n(m, b, e, stop_region, 4);
}

/* The name before an area's region word r: up to 6 characters before 自治县
 * (长阳土家族自治县), 4 before 县. */
static const char *area_name_before(const mctx *m, const char *b, const char *e, const gw_word *r) {
  return name_before_n(m, b, e, 1, r->len > 3 ? 6 : 4);
}

/* 1 when the suffix at s (in b..e) belongs to a notorg word (城乡, 社区). */
static int inside_notorg(const mctx *m, const char *b, const char *e, const char *s) {
  const char *p = s;
  for (int back = 0; back < 3 && p >= b; back++) {
    const gw_word *w = gw_wordlist_match(m->w, p, e, M_NOTORG);
    if (w && p + w->len > s) return 1;
    if (p == b) break;
    p = gw_u8prev(b, p);
  }
  return 0;
}

/* Sets the region, when not yet set, to the county or district named right
 * before a town's name at nb, over its government: 长河区(人民政府)青石街道. */
static void region_before(const mctx *m, const char *b, const char *nb, gw_meta *out) {
  if (out->region[0]) return;
  const gw_word *gov = gw_wordlist_match_back(m->w, b, nb, M_GOV);
  if (gov) nb -= gov->len;
  const gw_word *r = gw_wordlist_match_back(m->w, b, nb, M_REGION); /* 县, 自治县 */
  if (!r) return;
  const char *rb = area_name_before(m, b, nb - r->len, r);
  if (rb) copy_line((line){rb, nb}, out->region, sizeof out->region);
}

/* Finds the first issuing body "…镇" in l; fills org (and region when a
 * region name stands right before it).  Returns 1 when found. */
static int org_in(const mctx *m, line l, gw_meta *out) {
  for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) {
    const gw_word *suf = gw_wordlist_match(m->w, p, l.e, M_ORGSUFFIX);
    if (!suf || inside_notorg(m, l.b, l.e, p)) continue;
    const char *e = p + suf->len;
    while (starts(e, l.e, "镇") && suf->len == 3 && memcmp(suf->s, "镇", 3) == 0) e += 3; /* 房镇镇 */
    const char *nb = name_before(m, l.b, e - suf->len, 1);
    if (!nb) continue;
    copy_line((line){nb, e}, out->org, sizeof out->org);
    region_before(m, l.b, nb, out);
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------ counties, departments */

/* The area (county, district, city) whose last character, at p, is a region
 * suffix: its name of 2-4 characters before, then the lower area written
 * right after it (宁川市江北区 -> 江北区).  Returns 1 and sets *a. */
static int area_at(const mctx *m, line l, const char *p, line *a) {
  const gw_word *r = gw_wordlist_match(m->w, p, l.e, M_REGION);
  if (!r || inside_notorg(m, l.b, l.e, p)) return 0;
  const char *nb = area_name_before(m, l.b, p, r);
  if (!nb) return 0;
  *a = (line){nb, p + r->len};
  for (;;) {
    const char *q = a->e;
    int k = 0;
    while (q < l.e && k < 4 && is_name_char(q, l.e) && !gw_wordlist_match(m->w, q, l.e, M_REGION)) {
      q += gw_u8len((unsigned char)*q);
      k++;
    }
    const gw_word *r2 = k >= 2 && q < l.e ? gw_wordlist_match(m->w, q, l.e, M_REGION) : NULL;
    if (!r2 || q + r2->len > l.e || inside_notorg(m, l.b, l.e, q)) return 1;
    *a = (line){a->e, q + r2->len};
  }
}

/* The end of a department's name that starts at q, right after its area:
 * at least two name characters (和 too: 住房和城乡建设委员会) and then a
 * department suffix (局, 委员会); NULL when there is none. */
static const char *dept_end(const mctx *m, line l, const char *q) {
  int k = 0;
  while (q < l.e && k <= 12 && is_name_char(q, l.e)) {
    const gw_word *suf = gw_wordlist_match(m->w, q, l.e, M_DEPT);
    if (suf) return k >= 2 ? q + suf->len : NULL;
    const gw_word *stop = gw_wordlist_match(m->w, q, l.e, M_NAMESTOP);
    if (stop && !(stop->len == 3 && memcmp(stop->s, "和", 3) == 0)) return NULL;
    q += gw_u8len((unsigned char)*q);
    k++;
  }
  return NULL;
}

/* A department named with its level only, where a name starts at p (区教育局
 * 2023年…): org that name, region unstated.  Returns 1 when found. */
static int bare_dept(const mctx *m, line l, const char *p, gw_meta *out) {
  if (p > l.b && is_name_char(gw_u8prev(l.b, p), l.e) && !gw_wordlist_match_back(m->w, l.b, p, M_NAMESTOP))
    return 0;
  const gw_word *r = gw_wordlist_match(m->w, p, l.e, M_REGION);
  const char *de = r && !inside_notorg(m, l.b, l.e, p) ? dept_end(m, l, p + r->len) : NULL;
  if (!de) return 0;
  copy_line((line){p, de}, out->org, sizeof out->org);
  return 1;
}

/* Finds the first county- or city-level issuing body in l: a department
 * (江口区司法局: org the department, region its area) or a government
 * (清源县人民政府, 中共桐溪县委员会: org and region the area).  A bare area
 * counts only where it names the issuer: whole is set for titles and lines
 * of their own, where 静川区2023年… or a line 清源县 does.  Returns 1 when found. */
static int county_in(const mctx *m, line l, int whole, gw_meta *out) {
  for (const char *p = l.b; p < l.e; p += gw_u8len((unsigned char)*p)) {
    line a;
    if (whole && bare_dept(m, l, p, out)) return 1;
    if (!area_at(m, l, p, &a)) continue;
    const char *de = dept_end(m, l, a.e);
    const gw_word *gov = gw_wordlist_match(m->w, a.e, l.e, M_GOV);
    const gw_word *party = gw_wordlist_match(m->w, a.e, l.e, M_PARTY);
    const gw_word *next = gw_wordlist_match(m->w, a.e, l.e, M_AREANEXT);
    int party_of = party && a.b - l.b >= 6 && memcmp(a.b - 6, "中共", 6) == 0;
    int named = a.e == l.e || next || (*a.e >= '0' && *a.e <= '9');
    if (de || gov || party_of || (whole && named)) {
      copy_line(de ? (line){a.b, de} : a, out->org, sizeof out->org);
      copy_line(a, out->region, sizeof out->region);
      return 1;
    }
    p = a.e - 1; /* go on after the area (the loop steps to a.e) */
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
    region_before(m, l.b, hit, out);
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

static int ends_in_colon(line l) {
  return l.e > l.b && (l.e[-1] == ':' || starts(gw_u8prev(l.b, l.e), l.e, "："));
}

/* The issuing body from the first source that names one: the title, a
 * 发布机构 field, the preamble and signature lines, the first sentences, a
 * 来源 field.  In each, a town (the most specific) before a county-level body. */
static void find_org(mctx *m, gw_meta *out) {
  line sources[MAX_LINES + 14];
  int whole[MAX_LINES + 14];
  int n = 0;
  if (out->title[0]) { whole[n] = 1; sources[n++] = (line){out->title, out->title + strlen(out->title)}; }
  line f = field(m, M_FORG);
  if (f.b && f.b < f.e) { whole[n] = 1; sources[n++] = f; }
  for (int i = 0; i < m->npre; i++)
    if (!ends_in_colon(m->pre[i])) { whole[n] = 1; sources[n++] = m->pre[i]; } /* not 市司法局： */
  for (int i = 0; i < m->nsig; i++) { whole[n] = 1; sources[n++] = m->sig[i]; }
  if (m->body.b) { whole[n] = 0; sources[n++] = opening(m); }
  f = field(m, M_FSOURCE);
  if (f.b && f.b < f.e) { whole[n] = 1; sources[n++] = f; }
  int found = 0, town = 0;
  for (int i = 0; i < n && !found; i++) {
    found = town = org_in(m, sources[i], out);
    if (!found) found = county_in(m, sources[i], whole[i], out);
  }
  for (int i = 0; town && i < n; i++) region_in(m, sources[i], out);
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

/* The part of a signature line after its last blank run (江口区司法局　2024年1月20日:
 * the date), or the whole line. */
static line signed_date(line l) {
  for (const char *p = l.e; p > l.b;) {
    const char *c = gw_u8prev(l.b, p);
    if (blank_at(c, l.e)) return (line){p, l.e};
    p = c;
  }
  return l;
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
    for (int i = 0; i < m->nsig && !out->date[0]; i++) iso_date(signed_date(m->sig[i]), 1, out->date, sizeof out->date);
  /* the addressee: a short line ending in a colon, after the title */
  for (int i = 0; i < m->npre; i++) {
    line l = m->pre[i];
    if (has(l, "|") || has(l, "，") || chars(l) > 30) continue;
    if (!ends_in_colon(l)) continue;
    const char *c = l.e[-1] == ':' ? l.e - 1 : l.e - 3;
    if (c == l.b) continue;
    line a = trim(l.b, c);
    if (!gw_wordlist_match_back(m->w, a.b, a.e, M_ADDRESSEE)) continue; /* 浏览次数： */
    copy_line(a, out->addressee, sizeof out->addressee);
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
