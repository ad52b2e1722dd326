/*
 * fuzz_cadence - the cadence file loader, leads_conf_parse() over the
 * input as YAML (leads-cadences(5)), and what programs then do with the
 * model: the entry cadence, the outcome list, and each cadence's plan
 * (lead-cadence: every step's due time through working hours, closed
 * days and holidays in the file's zone).  Checks: no crash, hang, leak
 * or undefined behaviour; a refusal is ECONFIG "fuzz.yaml:LINE:COLUMN:
 * reason" with a line and column; a file taken is one the rest of
 * libleads can trust: every then:, outcome cadence and meanwhile names
 * a cadence, a cadence has steps or a then:, delays are 0 to 100000,
 * channels known, step ids set, working hours four spans a day inside
 * 00:00-24:00 and in order, holidays sorted for bsearch, outcome names
 * unique; and plans move forward in time (due >= raw >= base).
 */
#include "conf.h"
#include "fuzz.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	return 0;
}

static void
check_cadence(const struct leads_conf *c, const struct leads_cadence *cad)
{
	const struct leads_step *st;
	size_t i;

	CHECK(cad->name != NULL && cad->name[0] != '\0');
	CHECK(leads_conf_cadence(c, cad->name) == cad);
	CHECK(cad->nsteps > 0 || cad->then != NULL);
	CHECK(cad->then == NULL || leads_conf_cadence(c, cad->then) != NULL);
	CHECK(cad->then_close == (cad->then == NULL));
	for (i = 0; i < cad->nsteps; i++) {
		st = &cad->steps[i];
		CHECK((unsigned)st->channel < LEADS_NCHANNELS);
		CHECK(leads_channel_name((int)st->channel) != NULL);
		CHECK(st->after.n >= 0 && st->after.n <= 100000);
		CHECK(st->after.unit >= LEADS_U_MIN &&
		    st->after.unit <= LEADS_U_WEEK);
		CHECK(st->id != NULL && st->id[0] != '\0');
	}
}

static void
check_model(const struct leads_conf *c)
{
	const struct leads_outcome *o;
	size_t i, j;
	int k;

	for (i = 0; i < c->ncadences; i++)
		check_cadence(c, &c->cadences[i]);
	for (k = 0; k < 7; k++) {
		CHECK(c->hours[k].n >= 0 && c->hours[k].n <= 4);
		for (j = 0; j < (size_t)c->hours[k].n; j++) {
			CHECK(c->hours[k].from[j] >= 0);
			CHECK(c->hours[k].from[j] < c->hours[k].to[j]);
			CHECK(c->hours[k].to[j] <= 1440);
			if (j > 0)
				CHECK(c->hours[k].from[j] >=
				    c->hours[k].to[j - 1]);
		}
	}
	for (i = 1; i < c->nholidays; i++)
		CHECK(c->holidays[i - 1] <= c->holidays[i]);
	for (i = 0; i < c->noutcomes; i++) {
		o = &c->outcomes[i];
		CHECK(o->name != NULL && o->name[0] != '\0');
		CHECK(leads_conf_outcome(c, o->name) == o);
		if (o->action == LEADS_ACT_CADENCE)
			CHECK(o->cadence != NULL &&
			    leads_conf_cadence(c, o->cadence) != NULL);
		if (o->meanwhile != NULL)
			CHECK(leads_conf_cadence(c, o->meanwhile) != NULL);
	}
	for (i = 0; i < c->nentry; i++)
		CHECK(leads_conf_cadence(c, c->entry[i].cadence) != NULL);
	for (i = 0; i < c->nowners; i++)
		CHECK(c->owners[i].name != NULL);
}

/* What lead-add and lead-cadence do with a file. */
static void
use_model(const struct leads_conf *c)
{
	static const char *const fields[][2] = {
		{ "source", "google-ads" }, { "owner", "ana" },
		{ "name", "Ana Ruiz" }, { "email", "ana@example.com" }
	};
	struct leads_plan_item *plan;
	struct leads_err err;
	const char *entry;
	char list[4096];
	size_t i, j, n;

	entry = leads_conf_entry_cadence(c, fields, 4);
	CHECK(c->ncadences == 0 || (entry != NULL &&
	    leads_conf_cadence(c, entry) != NULL));
	(void)leads_outcome_list(c, list, sizeof(list));
	for (i = 0; i < c->ncadences && i < 4; i++) {
		memset(&err, 0, sizeof(err));
		plan = leads_plan(c, c->cadences[i].name, NULL, FUZZ_NOW, 40,
		    &n, NULL, &err);
		CHECK(plan != NULL);
		for (j = 0; j < n; j++) {
			CHECK(plan[j].raw >= plan[j].base);
			CHECK(plan[j].due >= plan[j].raw);
		}
		free(plan);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_conf *c;
	struct leads_err err;
	char *copy;

	/* An exact copy: reading past the end is caught. */
	if ((copy = malloc(n > 0 ? n : 1)) == NULL)
		abort();
	memcpy(copy, d, n);
	memset(&err, 0, sizeof(err));
	c = leads_conf_parse(copy, n, "fuzz.yaml", &err);
	if (c == NULL) {
		CHECK(err.code == LEADS_ECONFIG);
		CHECK(fuzz_starts(err.msg, "fuzz.yaml:"));
		CHECK(err.line >= 1);
	} else {
		check_model(c);
		use_model(c);
		leads_conf_free(c);
	}
	free(copy);
	return 0;
}
