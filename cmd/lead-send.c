/*
 * lead-send - send the email steps that are due: each lead's message made
 * from its step's template and handed to sendmail; the step logged as
 * emailed only when the command says it was taken.  -n prints the
 * messages as an mbox stream instead, and changes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"
#include "internal.h"
#include "send.h"
#include "template.h"

#define DEFAULT_SENDMAIL	"sendmail -t -i"

static const char usage[] =
    "lead-send [-nqV] [-c cadences] [-d db] [--owner name]\n"
    "                 [--sendmail command] [--templates dir] [--limit n]";

enum { O_OWNER = 256, O_SENDMAIL, O_TEMPLATES, O_LIMIT };

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "sendmail", required_argument, NULL, O_SENDMAIL },
	{ "templates", required_argument, NULL, O_TEMPLATES },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct leads_db *db;
	struct leads_conf *conf;
	struct leads_tpls *tpls;
	const char *command;
	int64_t now;
	int dry, quiet;
	long done;		/* messages sent or printed */
	int config, data, temp;	/* leads that failed, by kind */
};

static void
write_out(const char *s, size_t n)
{
	if (n > 0 && fwrite(s, 1, n, stdout) != n)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
}

/*
 * A send holds the write lock (so that no step is sent twice): a command
 * that hangs must not keep lead-add and lead-log out for long.
 */
#define SEND_TIMEOUT	60	/* seconds, unless LEADS_SEND_TIMEOUT says */

static volatile sig_atomic_t timed_out;

static unsigned
send_timeout(void)
{
	const char *s = getenv("LEADS_SEND_TIMEOUT");
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return SEND_TIMEOUT;
	v = strtoul(s, &end, 10);
	return *end == '\0' && v > 0 && v <= 86400 ? (unsigned)v :
	    SEND_TIMEOUT;
}

static void
on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/*
 * Run the command with /bin/sh, the message on its standard input and
 * its standard output on our standard error (ours is the list of what
 * was sent).  1 when it exited 0, else 0 with why.
 */
static int
run_command(const struct run *r, const struct leads_sendable *s, int64_t id,
    char *why, size_t n)
{
	char idbuf[24];
	size_t off = 0;
	ssize_t w;
	struct sigaction sa, old;
	pid_t pid;
	int fd[2], st;

	if (pipe(fd) == -1) {
		snprintf(why, n, "cannot make a pipe: %s", strerror(errno));
		return 0;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		snprintf(why, n, "cannot start '%s': %s", r->command,
		    strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return 0;
	}
	if (pid == 0) {
		snprintf(idbuf, sizeof(idbuf), "%" PRId64, id);
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0);	/* stopped as a whole on a timeout */
		if (dup2(fd[0], STDIN_FILENO) == -1 ||
		    dup2(STDERR_FILENO, STDOUT_FILENO) == -1)
			_exit(127);
		close(fd[0]);
		close(fd[1]);
		/* For commands that take the envelope as arguments. */
		if (setenv("LEADS_MAIL_FROM", s->from, 1) == -1 ||
		    setenv("LEADS_MAIL_TO", s->to, 1) == -1 ||
		    setenv("LEADS_LEAD", idbuf, 1) == -1)
			_exit(127);
		execl("/bin/sh", "sh", "-c", r->command, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	setpgid(pid, pid);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: write and wait end */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	timed_out = 0;
	alarm(send_timeout());
	/* A command that stops reading has its exit status heard. */
	while (off < s->len && !timed_out) {
		if ((w = write(fd[1], s->msg + off, s->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	close(fd[1]);
	while (waitpid(pid, &st, 0) == -1) {
		if (errno == EINTR && timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		} else if (errno != EINTR) {
			alarm(0);
			sigaction(SIGALRM, &old, NULL);
			snprintf(why, n, "cannot wait for '%s': %s",
			    r->command, strerror(errno));
			return 0;
		}
	}
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	if (timed_out) {
		snprintf(why, n, "'%s' took over %u s: stopped", r->command,
		    send_timeout());
		return 0;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	if (WIFEXITED(st))
		snprintf(why, n, "'%s' exited %d", r->command,
		    WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(why, n, "'%s' was killed by signal %d", r->command,
		    WTERMSIG(st));
	else
		snprintf(why, n, "'%s' failed", r->command);
	return 0;
}

/* A lead that could not be sent: say so, count it, go on. */
static void
failed(struct run *r, int64_t id, const struct leads_err *err)
{
	warnmsg("lead %" PRId64 ": %s", id, err->msg);
	if (err->code == LEADS_ECONFIG)
		r->config++;
	else if (err->code == LEADS_EDATA)
		r->data++;
	else
		die_err(err);
}

/* -n: the message on standard output, in an mbox stream. */
static void
print_one(struct run *r, const struct leads_due_item *it)
{
	struct leads_buf b = LEADS_BUF_INIT;
	struct leads_sendable s;
	struct leads_err err;
	int rc;

	if ((rc = leads_send_make(r->db, r->conf, r->tpls, it, r->now, &s,
	    &err)) == -1) {
		failed(r, it->id, &err);
		return;
	}
	if (rc == 0)
		return;
	if (leads_mbox_add(&b, s.from, r->now, s.msg, s.len, &err) == -1)
		die_err(&err);
	write_out(b.s, b.len);
	leads_buf_release(&b);
	leads_sendable_release(&s);
	r->done++;
}

/*
 * Send one lead's message and log it, in one transaction: the lead is
 * read again under the write lock, so two runs at once, or a rep's
 * lead-log, cannot make it go twice.
 */
static void
send_one(struct run *r, const struct leads_due_item *it)
{
	struct leads_sendable s;
	struct leads_logged res;
	struct leads_err err;
	struct leads_log l;
	char why[512], note[640];
	int rc;

	if (leads_db_begin(r->db, &err) == -1)
		die_err(&err);
	if ((rc = leads_send_make(r->db, r->conf, r->tpls, it, r->now, &s,
	    &err)) != 1) {
		leads_db_rollback(r->db);
		if (rc == -1)
			failed(r, it->id, &err);
		return;
	}
	if (!run_command(r, &s, it->id, why, sizeof(why))) {
		leads_db_rollback(r->db);
		warnmsg("lead %" PRId64 ": not sent: %s; the step stays due",
		    it->id, why);
		r->temp++;
		leads_sendable_release(&s);
		return;
	}
	memset(&l, 0, sizeof(l));
	l.outcome = "emailed";
	l.at = r->now;
	l.channel = "email";
	snprintf(note, sizeof(note), "template %s, Message-ID %s", s.template,
	    s.msgid);
	l.note = note;
	if (leads_log(r->db, r->conf, it->id, &l, r->now, actor(), &res,
	    &err) == -1 || leads_db_commit(r->db, &err) == -1) {
		leads_db_rollback(r->db);
		die(err.code ? err.code : LEADS_ESOFTWARE, "lead %" PRId64
		    ": sent as %s, but not logged: %s; a later run sends it "
		    "again", it->id, s.msgid, err.msg);
	}
	if (!r->quiet) {
		printf("%" PRId64 " emailed %s to %s\n", it->id, s.template,
		    s.to);
		if (fflush(stdout) == EOF)
			die(LEADS_EIO, "cannot write output: %s",
			    strerror(errno));
	}
	leads_sendable_release(&s);
	r->done++;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL, *owner = NULL;
	const char *sendmail = NULL, *tplopt = NULL, *limit = NULL;
	struct leads_due_item *items;
	struct leads_err err;
	struct run r;
	size_t n, total, i;
	long lim = 0;
	char *end;
	int ch;

	prog_init(argc, argv);
	memset(&r, 0, sizeof(r));
	while ((ch = getopt_long(argc, argv, "Vc:d:hnq", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'n':
			r.dry = 1;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case O_LIMIT:
			limit = optarg;
			break;
		case O_OWNER:
			owner = optarg;
			break;
		case O_SENDMAIL:
			sendmail = optarg;
			break;
		case O_TEMPLATES:
			tplopt = optarg;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (optind != argc)
		usage_exit(usage);
	if (limit != NULL) {
		errno = 0;
		lim = strtol(limit, &end, 10);
		if (errno != 0 || *end != '\0' || end == limit || lim < 1)
			die(LEADS_EUSAGE, "--limit: '%s' is not a whole "
			    "number above 0", limit);
	}
	if (owner != NULL && *owner == '\0')
		die(LEADS_EUSAGE, "--owner: give a name");
	if (sendmail != NULL && *sendmail == '\0')
		die(LEADS_EUSAGE, "--sendmail: give a command");
	if (tplopt != NULL && *tplopt == '\0')
		die(LEADS_EUSAGE, "--templates: give a directory");

	r.now = clock_now();
	r.conf = load_conf(confopt);
	if ((r.tpls = leads_tpls_load(r.conf, tplopt,
	    getenv("XDG_CONFIG_HOME"), getenv("HOME"), &err)) == NULL)
		die_err(&err);
	r.command = sendmail != NULL ? sendmail : r.conf->sendmail != NULL ?
	    r.conf->sendmail : DEFAULT_SENDMAIL;
	r.db = open_db(dbopt, 0);
	/* A dry run sees what a real one would, then undoes it all. */
	if (r.dry && leads_db_begin(r.db, &err) == -1)
		die_err(&err);
	if (leads_resync(r.db, r.conf, r.now, &err) == -1 ||
	    leads_send_due(r.db, r.conf, r.now, owner, lim, &items, &n, &total,
	    &err) == -1)
		die_err(&err);
	/* A command that exits early must not take us with it. */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++) {
		if (r.dry)
			print_one(&r, &items[i]);
		else
			send_one(&r, &items[i]);
	}
	if (r.dry)
		leads_db_rollback(r.db);
	leads_due_free(items, total);
	leads_db_close(r.db);
	leads_tpls_free(r.tpls);
	leads_conf_free(r.conf);
	finish_stdout();
	if (r.config > 0)
		return LEADS_ECONFIG;
	if (r.data > 0)
		return LEADS_EDATA;
	if (r.temp > 0)
		return LEADS_ETEMPFAIL;
	return r.done > 0 ? 0 : 1;
}
