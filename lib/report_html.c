/*
 * report_html.c - a report as one self-contained HTML page: inline CSS,
 * SVG bar charts, no script and nothing fetched from the network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CW 640		/* chart width */
#define LW 220		/* label column of a chart */
#define BW 340		/* a full bar */
#define RH 26		/* a chart row */

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;color:#1d2733;"
    "max-width:960px;margin:2em auto;padding:0 1em}"
    "h1{font-size:1.6em;margin-bottom:0}"
    "h2{font-size:1.2em;border-bottom:1px solid #d6dde5;"
    "padding-bottom:.2em;margin-top:2em}"
    "p.period{color:#5b6b7b;margin-top:.2em}"
    "table{border-collapse:collapse;margin:.6em 0 1em}"
    "th,td{padding:.25em .7em;border-bottom:1px solid #e6ebf0}"
    "th{text-align:left;background:#f3f6f9}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "svg.chart{display:block;margin:.5em 0}"
    "svg .bar{fill:#2a6f97}svg .track{fill:#e6ebf0}"
    "svg text{font:13px system-ui,sans-serif;fill:#1d2733}";

/* s with & < > " escaped. */
static int
esc(struct leads_buf *b, const char *s)
{
	int rc = 0;

	for (; *s != '\0' && rc == 0; s++)
		switch (*s) {
		case '&':
			rc = leads_buf_adds(b, "&amp;");
			break;
		case '<':
			rc = leads_buf_adds(b, "&lt;");
			break;
		case '>':
			rc = leads_buf_adds(b, "&gt;");
			break;
		case '"':
			rc = leads_buf_adds(b, "&quot;");
			break;
		default:
			rc = leads_buf_addc(b, *s);
		}
	return rc;
}

/* "never attempted" from never_attempted, "median first attempt (s)". */
static int
label(struct leads_buf *b, const char *name)
{
	size_t n = strlen(name), i;
	int s = n > 2 && strcmp(name + n - 2, "_s") == 0, rc = 0;

	for (i = 0; i < (s ? n - 2 : n) && rc == 0; i++)
		rc = leads_buf_addc(b, name[i] == '_' ? ' ' : name[i]);
	return rc == 0 && s ? leads_buf_adds(b, " (s)") : rc;
}

static int
cell(struct leads_buf *b, const struct leads_value *v, int kind)
{
	switch (v->type) {
	case LEADS_V_INT:
		return leads_buf_printf(b, "<td class=\"n\">%lld</td>",
		    (long long)v->i);
	case LEADS_V_REAL:
		return kind == LEADS_K_RATE ?
		    leads_buf_printf(b, "<td class=\"n\">%.1f%%</td>",
		    v->d * 100) :
		    leads_buf_printf(b, "<td class=\"n\">%.2f</td>", v->d);
	case LEADS_V_TEXT:
		return leads_buf_adds(b, "<td>") | esc(b, v->s) |
		    leads_buf_adds(b, "</td>");
	default:
		return leads_buf_adds(b, "<td class=\"n\">&ndash;</td>");
	}
}

/* One bar of a chart: its label, the share drawn, and the figure. */
static int
bar(struct leads_buf *b, int row, const char *name, int is_label,
    double frac, const char *figure)
{
	int y = row * RH, rc;

	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	rc = leads_buf_printf(b, "<text x=\"0\" y=\"%d\">", y + 17);
	rc |= is_label ? esc(b, name) : label(b, name);
	rc |= leads_buf_printf(b, "</text><rect class=\"track\" x=\"%d\""
	    " y=\"%d\" width=\"%d\" height=\"18\"/>", LW, y + 4, BW);
	rc |= leads_buf_printf(b, "<rect class=\"bar\" x=\"%d\" y=\"%d\""
	    " width=\"%.1f\" height=\"18\"/>", LW, y + 4, frac * BW);
	rc |= leads_buf_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>",
	    LW + BW + 8, y + 17, figure);
	return rc;
}

static int64_t
ival(const struct leads_value *v)
{
	return v->type == LEADS_V_INT ? v->i : 0;
}

/*
 * The chart of a table: for one row per group, the counts of the first
 * row as shares of its leads; for a list, each row's first count.
 */
static int
chart(struct leads_buf *b, const struct leads_table *t)
{
	struct leads_buf c = LEADS_BUF_INIT;
	char fig[64];
	size_t j, r, lc = 0, bc = 0;
	int64_t leads, max = 0;
	int n = 0, rc = 0;

	for (j = 0; j < t->ncols; j++) {
		if (strcmp(t->cols[j].name, "leads") == 0 && lc == 0)
			lc = j;
		if (t->cols[j].kind == LEADS_K_COUNT && bc == 0)
			bc = j;
	}
	if (t->nrows == 0)
		return 0;
	if (t->cols[1].kind != LEADS_K_LABEL ||
	    strcmp(t->section, "speed") == 0) {
		if (lc == 0 || (leads = ival(&t->v[lc])) == 0)
			return 0;
		for (j = lc + 1; j < t->ncols && rc == 0; j++) {
			if (t->cols[j].kind != LEADS_K_COUNT ||
			    strcmp(t->cols[j].name, "n") == 0)
				continue;
			snprintf(fig, sizeof(fig), "%lld (%.1f%%)",
			    (long long)ival(&t->v[j]), 100.0 *
			    (double)ival(&t->v[j]) / (double)leads);
			rc = bar(&c, n++, t->cols[j].name, 0,
			    (double)ival(&t->v[j]) / (double)leads, fig);
		}
	} else {
		for (r = 0; r < t->nrows; r++)
			if (ival(&t->v[r * t->ncols + bc]) > max)
				max = ival(&t->v[r * t->ncols + bc]);
		for (r = 0; r < t->nrows && rc == 0 && max > 0; r++) {
			const struct leads_value *v = &t->v[r * t->ncols];

			snprintf(fig, sizeof(fig), "%lld",
			    (long long)ival(&v[bc]));
			rc = bar(&c, n++, v[1].s, 1, (double)ival(&v[bc]) /
			    (double)max, fig);
		}
	}
	if (rc == 0 && n > 0)
		rc = leads_buf_printf(b, "<svg class=\"chart\" role=\"img\""
		    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		    " xmlns=\"http://www.w3.org/2000/svg\">", CW, n * RH + 6,
		    CW, n * RH + 6) | leads_buf_add(b, c.s, c.len) |
		    leads_buf_adds(b, "</svg>\n");
	leads_buf_release(&c);
	return rc;
}

static int
table(struct leads_buf *b, const struct leads_table *t)
{
	size_t j, r;
	int rc;

	rc = leads_buf_printf(b, "<section class=\"%s\"><h2>", t->section);
	rc |= esc(b, t->title) | leads_buf_adds(b, "</h2>\n");
	rc |= chart(b, t);
	if (t->nrows == 0)
		return rc | leads_buf_adds(b, "<p>None.</p></section>\n");
	rc |= leads_buf_adds(b, "<table><tr>");
	for (j = 0; j < t->ncols; j++)
		rc |= leads_buf_adds(b, "<th>") | label(b, t->cols[j].name) |
		    leads_buf_adds(b, "</th>");
	rc |= leads_buf_adds(b, "</tr>\n");
	for (r = 0; r < t->nrows && rc == 0; r++) {
		rc |= leads_buf_adds(b, "<tr>");
		for (j = 0; j < t->ncols; j++)
			rc |= cell(b, &t->v[r * t->ncols + j], t->cols[j].kind);
		rc |= leads_buf_adds(b, "</tr>\n");
	}
	return rc | leads_buf_adds(b, "</table></section>\n");
}

char *
leads_report_html(const struct leads_report *rep, const char *period,
    struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	size_t i;
	int rc;

	rc = leads_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\""
	    " content=\"width=device-width\"><title>Lead report</title>"
	    "<style>%s</style></head>\n<body><h1>Lead report</h1>"
	    "<p class=\"period\">", style);
	rc |= esc(&b, period) | leads_buf_adds(&b, "</p>\n");
	for (i = 0; i < rep->ntables && rc == 0; i++)
		rc |= table(&b, &rep->tables[i]);
	rc |= leads_buf_adds(&b, "</body></html>\n");
	if (rc != 0) {
		leads_buf_release(&b);
		leads_err_nomem(err);
		return NULL;
	}
	return b.s;
}
