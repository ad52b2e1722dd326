/*
 * output.c - rows as text (aligned), TSV, CSV or JSON Lines, built in
 * memory for the caller to write.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "internal.h"

struct leads_out {
	enum leads_ofmt fmt;
	size_t ncols;
	char **cols;
	int *types;
	int csv_raw;		/* no formula neutralizing */
	struct leads_buf buf;	/* formatted output waiting to be taken */
	/* text: rows kept until the end, for the column widths */
	char **cells;
	size_t nrows, caprows;
	int header_done;
};

int
leads_ofmt_parse(const char *s)
{
	static const char *const names[] = { "text", "tsv", "csv", "json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "jsonl") == 0)
		return LEADS_OUT_JSON;
	return -1;
}

struct leads_out *
leads_out_new(enum leads_ofmt fmt, const char *const cols[],
    const int types[], size_t ncols, struct leads_err *err)
{
	struct leads_out *o;
	size_t i;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->cols = calloc(ncols, sizeof(*o->cols))) == NULL ||
	    (o->types = calloc(ncols, sizeof(*o->types))) == NULL)
		goto nomem;
	o->fmt = fmt;
	o->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		if ((o->cols[i] = strdup(cols[i])) == NULL)
			goto nomem;
		o->types[i] = types != NULL ? types[i] : LEADS_CELL_STR;
	}
	return o;
nomem:
	leads_out_free(o);
	leads_err_nomem(err);
	return NULL;
}

void
leads_out_csv_raw(struct leads_out *o, int raw)
{
	o->csv_raw = raw;
}

void
leads_out_free(struct leads_out *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; o->cols != NULL && i < o->ncols; i++)
		free(o->cols[i]);
	for (i = 0; i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->cols);
	free(o->types);
	leads_buf_release(&o->buf);
	free(o);
}

static int
tsv_cell(struct leads_buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		const char *esc = *v == '\t' ? "\\t" : *v == '\n' ? "\\n" :
		    *v == '\r' ? "\\r" : *v == '\\' ? "\\\\" : NULL;
		if ((esc != NULL ? leads_buf_adds(b, esc) :
		    leads_buf_addc(b, *v)) == -1)
			return -1;
	}
	return 0;
}

/*
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as
 * a formula: such a text cell gets a leading apostrophe unless raw.
 */
static int
csv_cell(struct leads_buf *b, const char *v, int type, int raw)
{
	int quote = strpbrk(v, ",\"\r\n") != NULL;
	int guard = !raw && type == LEADS_CELL_STR && v[0] != '\0' &&
	    strchr("=+-@\t\r", v[0]) != NULL;

	if (!quote && !guard)
		return leads_buf_adds(b, v);
	if (leads_buf_addc(b, '"') == -1 || (guard &&
	    leads_buf_addc(b, '\'') == -1))
		return -1;
	for (; *v != '\0'; v++)
		if ((*v == '"' && leads_buf_addc(b, '"') == -1) ||
		    leads_buf_addc(b, *v) == -1)
			return -1;
	return leads_buf_addc(b, '"');
}

static int
sep_row(struct leads_out *o, const char *const vals[])
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->ncols && rc == 0; i++) {
		const char *v = vals[i] != NULL ? vals[i] : "";
		if (i > 0)
			rc = leads_buf_addc(&o->buf,
			    o->fmt == LEADS_OUT_TSV ? '\t' : ',');
		if (rc == 0)
			rc = o->fmt == LEADS_OUT_TSV ? tsv_cell(&o->buf, v) :
			    csv_cell(&o->buf, v, o->types[i], o->csv_raw);
	}
	if (rc == 0)
		rc = leads_buf_adds(&o->buf, o->fmt == LEADS_OUT_CSV ?
		    "\r\n" : "\n");
	return rc;
}

static json_t *
json_cell(const char *v, int type)
{
	char *end;

	if (v == NULL)
		return json_null();
	switch (type) {
	case LEADS_CELL_INT: {
		long long n = strtoll(v, &end, 10);
		return *end == '\0' && *v != '\0' ? json_integer(n) :
		    json_string(v);
	}
	case LEADS_CELL_NUM: {
		double d = strtod(v, &end);
		return *end == '\0' && *v != '\0' ? json_real(d) :
		    json_string(v);
	}
	case LEADS_CELL_BOOL:
		return json_boolean(strcmp(v, "0") != 0 && *v != '\0');
	default:
		return json_string(v);
	}
}

static int
json_row(struct leads_out *o, const char *const vals[])
{
	json_t *obj;
	char *s;
	size_t i;
	int rc = -1;

	if ((obj = json_object()) == NULL)
		return -1;
	for (i = 0; i < o->ncols; i++)
		if (json_object_set_new(obj, o->cols[i],
		    json_cell(vals[i], o->types[i])) == -1)
			goto done;
	if ((s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15))) == NULL)
		goto done;
	rc = leads_buf_adds(&o->buf, s) == -1 ||
	    leads_buf_addc(&o->buf, '\n') == -1 ? -1 : 0;
	free(s);
done:
	json_decref(obj);
	return rc;
}

static int
text_keep(struct leads_out *o, const char *const vals[])
{
	size_t i;
	char **p;

	if (o->nrows == o->caprows) {
		size_t n = o->caprows ? o->caprows * 2 : 64;
		if (n > SIZE_MAX / o->ncols / sizeof(*p) ||
		    (p = realloc(o->cells, n * o->ncols * sizeof(*p))) == NULL)
			return -1;
		o->cells = p;
		o->caprows = n;
	}
	p = o->cells + o->nrows * o->ncols;
	for (i = 0; i < o->ncols; i++) {
		/* Control characters would break the alignment. */
		char *c = strdup(vals[i] != NULL ? vals[i] : "");
		if (c == NULL) {
			while (i-- > 0)
				free(p[i]);
			return -1;
		}
		for (char *q = c; *q != '\0'; q++)
			if ((unsigned char)*q < 0x20)
				*q = ' ';
		p[i] = c;
	}
	o->nrows++;
	return 0;
}

/* The length of the UTF-8 character at s, or 0 if it is not one. */
static size_t
utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 :
	    c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;

	if (n == 0 || strnlen(s, n) < n || !leads_utf8_valid(s, n))
		return 0;
	return n;
}

char *
leads_utf8_mend(const char *s)
{
	struct leads_buf b = LEADS_BUF_INIT;
	size_t k;
	int rc = leads_buf_add(&b, "", 0);

	for (; *s != '\0' && rc == 0; s += k > 0 ? k : 1)
		rc = (k = utf8_len(s)) > 0 ? leads_buf_add(&b, s, k) :
		    leads_buf_adds(&b, "\xef\xbf\xbd");
	if (rc == -1) {
		leads_buf_release(&b);
		return NULL;
	}
	return b.s;
}

static int
out_row(struct leads_out *o, const char *const vals[])
{
	switch (o->fmt) {
	case LEADS_OUT_TEXT:
		return text_keep(o, vals);
	case LEADS_OUT_JSON:
		return json_row(o, vals);
	default:
		return sep_row(o, vals);
	}
}

int
leads_out_row(struct leads_out *o, const char *const vals[],
    struct leads_err *err)
{
	const char **v = NULL;
	char **fixed = NULL;
	size_t i;
	int rc = 0;

	if (!o->header_done && o->fmt != LEADS_OUT_JSON &&
	    o->fmt != LEADS_OUT_TEXT) {
		if (sep_row(o, (const char *const *)o->cols) == -1)
			return leads_err_nomem(err);
		o->header_done = 1;
	}
	for (i = 0; i < o->ncols; i++)
		if (vals[i] != NULL && !leads_utf8_valid(vals[i],
		    strlen(vals[i])))
			break;
	if (i == o->ncols)
		return out_row(o, vals) == -1 ? leads_err_nomem(err) : 0;
	/* Rare: a copy of the row, its bad cells mended. */
	if ((v = calloc(o->ncols, sizeof(*v))) == NULL ||
	    (fixed = calloc(o->ncols, sizeof(*fixed))) == NULL)
		rc = -1;
	for (i = 0; i < o->ncols && rc == 0; i++) {
		v[i] = vals[i];
		if (vals[i] != NULL && !leads_utf8_valid(vals[i],
		    strlen(vals[i])) && (v[i] = fixed[i] =
		    leads_utf8_mend(vals[i])) == NULL)
			rc = -1;
	}
	if (rc == 0)
		rc = out_row(o, v);
	for (i = 0; fixed != NULL && i < o->ncols; i++)
		free(fixed[i]);
	free(fixed);
	free(v);
	return rc == -1 ? leads_err_nomem(err) : 0;
}

/* Display width of UTF-8 text: one column per code point. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static int
pad(struct leads_buf *b, const char *s, size_t w, int last)
{
	size_t n = width(s);

	if (leads_buf_adds(b, s) == -1)
		return -1;
	if (last)
		return 0;
	for (; n < w + 2; n++)
		if (leads_buf_addc(b, ' ') == -1)
			return -1;
	return 0;
}

int
leads_out_finish(struct leads_out *o, int header, struct leads_err *err)
{
	size_t *w, r, i;
	char **row;
	int rc = 0;

	if (o->fmt != LEADS_OUT_TEXT || o->nrows == 0)
		return 0;
	if ((w = calloc(o->ncols, sizeof(*w))) == NULL)
		return leads_err_nomem(err);
	for (i = 0; i < o->ncols; i++)
		w[i] = header ? width(o->cols[i]) : 0;
	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < o->ncols; i++)
			if (width(o->cells[r * o->ncols + i]) > w[i])
				w[i] = width(o->cells[r * o->ncols + i]);
	for (r = header ? 0 : 1; r <= o->nrows && rc == 0; r++) {
		row = r == 0 ? o->cols : o->cells + (r - 1) * o->ncols;
		for (i = 0; i < o->ncols && rc == 0; i++) {
			/* Trailing empty cells leave no trailing blanks. */
			size_t last = o->ncols - 1;
			while (last > i && row[last][0] == '\0')
				last--;
			if (i > last)
				break;
			rc = pad(&o->buf, row[i], w[i], i == last);
		}
		if (rc == 0)
			rc = leads_buf_addc(&o->buf, '\n');
	}
	free(w);
	return rc == -1 ? leads_err_nomem(err) : 0;
}

const char *
leads_out_take(struct leads_out *o, size_t *len)
{
	*len = o->buf.len;
	return leads_buf_str(&o->buf);
}

void
leads_out_clear(struct leads_out *o)
{
	leads_buf_reset(&o->buf);
}
