/* tests/check_main.c — the one Check runner: every registered suite. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define MAX_SUITES 64

static test_suite_fn suites[MAX_SUITES];
static int nsuites;

void test_register(test_suite_fn fn)
{
	if (nsuites < MAX_SUITES)
		suites[nsuites++] = fn;
}

const char *test_build_dir(void)
{
	const char *b = getenv("LEAKSCOPE_BUILD");
	return b && *b ? b : "build";
}

const char *test_leakscope_bin(void)
{
	static char path[512];
	const char *b = getenv("LEAKSCOPE");

	if (b && *b)
		return b;
	snprintf(path, sizeof(path), "%s/leakscope", test_build_dir());
	return path;
}

const char *test_mkdump_bin(void)
{
	static char path[512];
	const char *b = getenv("MKDUMP");

	if (b && *b)
		return b;
	snprintf(path, sizeof(path), "%s/leakscope-mkdump", test_build_dir());
	return path;
}

const char *test_shared_dir(const char *why)
{
	const char *s = getenv("LEAKSCOPE_SHARED");
	struct stat st;

	if (!s || !*s)
		s = "../shared";
	if (stat(s, &st) == 0 && S_ISDIR(st.st_mode))
		return s;
	printf("skipped: %s is absent (%s)\n", s, why);
	return NULL;
}

const char *test_fixture(const char *name, char *buf, size_t len)
{
	struct stat st;

	snprintf(buf, len, "%s/fixtures/%s.core", test_build_dir(), name);
	if (stat(buf, &st) == 0)
		return buf;
	printf("skipped: fixture %s missing (run make fixtures)\n", buf);
	return NULL;
}

const char *test_tmpdir(char *buf, size_t len)
{
	char base[512];

	snprintf(base, sizeof(base), "%s/tmp", test_build_dir());
	mkdir(test_build_dir(), 0755);
	mkdir(base, 0755);
	snprintf(buf, len, "%s/XXXXXX", base);
	if (!mkdtemp(buf))
		return NULL;
	return buf;
}

/* Read fd from its current position to the end; *ret_len gets the size. */
static char *slurp_rest(int fd, size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	char *s = malloc(cap);
	ssize_t n;

	if (!s)
		return NULL;
	for (;;) {
		if (len + 1 >= cap) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
		}
		n = read(fd, s + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	s[len] = '\0';
	if (ret_len)
		*ret_len = len;
	return s;
}

char *test_slurp_fd(int fd)
{
	if (lseek(fd, 0, SEEK_SET) != 0)
		return strdup("");
	return slurp_rest(fd, NULL);
}

char *test_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	char *s;

	if (fd < 0)
		return NULL;
	s = slurp_rest(fd, len);
	close(fd);
	return s;
}

int test_run(char *const argv[], char **out, char **err)
{
	char tmpl_out[] = "/tmp/lsoutXXXXXX", tmpl_err[] = "/tmp/lserrXXXXXX";
	int fo = mkstemp(tmpl_out), fe = mkstemp(tmpl_err), status = -1;
	pid_t pid;

	if (fo < 0 || fe < 0)
		return -1;
	unlink(tmpl_out);
	unlink(tmpl_err);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (out)
		*out = test_slurp_fd(fo);
	if (err)
		*err = test_slurp_fd(fe);
	close(fo);
	close(fe);
	return status;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int i, failed;

	if (nsuites == 0) {
		fprintf(stderr, "no test suites registered\n");
		return 1;
	}
	sr = srunner_create(suites[0]());
	for (i = 1; i < nsuites; i++)
		srunner_add_suite(sr, suites[i]());
	/* CK_RUN_SUITE=name runs one suite, as Check itself supports */
	srunner_run_all(sr, argc > 1 && strcmp(argv[1], "-v") == 0 ? CK_VERBOSE : CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

int test_read_screens(const char *path, char **text, char *screen[], int max)
{
	FILE *fp = fopen(path, "r");
	long len;
	char *p;
	int n = 0;

	ck_assert_msg(fp != NULL, "no screen written to %s", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	*text = calloc(1, (size_t)len + 1);
	ck_assert_int_eq(fread(*text, 1, (size_t)len, fp), len);
	fclose(fp);
	for (p = *text; (p = strstr(p, "--- screen ")) && n < max; p++) {
		if (n)
			p[-1] = '\0';
		screen[n++] = p;
	}
	return n;
}

const char *test_screen_line(const char *screen, int y)
{
	static char buf[1024];
	const char *p = strchr(screen, '\n');   /* skip the "--- screen" line */
	int i;
	size_t n;

	for (i = 0; p && i < y; i++)
		p = strchr(p + 1, '\n');
	if (!p) {
		buf[0] = '\0';
		return buf;
	}
	p++;
	n = strcspn(p, "\n");
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

int test_error_lines(const char *err)
{
	int n = 0;

	while (*err) {
		const char *nl = strchr(err, '\n');
		size_t len = nl ? (size_t)(nl - err) : strlen(err);

		if (strncmp(err, "leakscope: warning:", 19) != 0 &&
		    !(len > 14 && strncmp(err + len - 14, "more warnings", 13) == 0))
			n++;
		err += len + (nl ? 1 : 0);
	}
	return n;
}
