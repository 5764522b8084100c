/* tui/main.c — leakscope's command line: parse options, open the dump,
 * load the model, then run -c commands, --triage, --info or the TUI. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/dump.h"
#include "../model/load.h"
#include "../model/tree.h"
#include "../views/cmd.h"
#include "../views/out.h"
#include "../views/view.h"
#include "tui.h"

#ifndef LEAKSCOPE_VERSION
#define LEAKSCOPE_VERSION "0.1.0"
#endif

#define MAX_COMMANDS 64

enum {
	OPT_JSON = 256, OPT_CSV, OPT_TRIAGE, OPT_INFO, OPT_SYMBOLS, OPT_PROFILE,
	OPT_POOLTAGS, OPT_SYMFILE, OPT_SYSTEM_MAP, OPT_BTF, OPT_DTB,
	OPT_KERNEL_BASE, OPT_NO_COLOR, OPT_ASCII, OPT_VERSION, OPT_KEYS,
};

static const struct option long_options[] = {
	{ "command",     required_argument, NULL, 'c' },
	{ "json",        no_argument,       NULL, OPT_JSON },
	{ "csv",         no_argument,       NULL, OPT_CSV },
	{ "triage",      no_argument,       NULL, OPT_TRIAGE },
	{ "info",        no_argument,       NULL, OPT_INFO },
	{ "symbols",     required_argument, NULL, OPT_SYMBOLS },
	{ "profile",     required_argument, NULL, OPT_PROFILE },
	{ "pooltags",    required_argument, NULL, OPT_POOLTAGS },
	{ "symfile",     required_argument, NULL, OPT_SYMFILE },
	{ "system-map",  required_argument, NULL, OPT_SYSTEM_MAP },
	{ "btf",         required_argument, NULL, OPT_BTF },
	{ "dtb",         required_argument, NULL, OPT_DTB },
	{ "kernel-base", required_argument, NULL, OPT_KERNEL_BASE },
	{ "no-color",    no_argument,       NULL, OPT_NO_COLOR },
	{ "ascii",       no_argument,       NULL, OPT_ASCII },
	{ "version",     no_argument,       NULL, OPT_VERSION },
	{ "keys",        no_argument,       NULL, OPT_KEYS },
	{ "help",        no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *fp)
{
	struct out o;

	fputs("usage: leakscope DUMP [options]\n"
	      "       leakscope DUMP -c COMMAND [-c COMMAND ...] [--json|--csv]\n"
	      "       leakscope DUMP --triage [--json]\n"
	      "       leakscope DUMP --info\n"
	      "\n"
	      "Explore a kernel memory dump: pool usage, processes, handles,\n"
	      "objects and threads. Without -c, --triage or --info, opens the TUI.\n"
	      "\n"
	      "options:\n"
	      "  -c, --command CMD     run a WinDbg-style command (repeatable)\n"
	      "      --json            machine-readable output (-c, --triage)\n"
	      "      --csv             CSV output for table commands\n"
	      "      --triage          run the automatic leak triage chain\n"
	      "      --info            print what the dump is and what was found\n"
	      "      --symbols PATH    add ISF symbol tables (file or directory)\n"
	      "      --profile FILE    use this ISF file, skip GUID matching\n"
	      "      --pooltags FILE   pool tag descriptions (pooltag.txt format)\n"
	      "      --symfile FILE    extra symbols (\"module!name 0xADDR\" lines)\n"
	      "      --system-map FILE Linux: System.map of the dumped kernel\n"
	      "      --btf FILE        Linux: raw BTF of the dumped kernel\n"
	      "      --dtb ADDR        kernel page-table root, skip discovery\n"
	      "      --kernel-base ADDR  kernel image base, skip discovery\n"
	      "      --no-color        monochrome TUI (also NO_COLOR=1)\n"
	      "      --ascii           ASCII line drawing in the TUI\n"
	      "      --keys            print the TUI's key table\n"
	      "      --version         print the version\n"
	      "  -h, --help            this help\n"
	      "\n"
	      "commands:\n", fp);
	out_init_file(&o, fp);
	cmd_print_help(&o);
	fputs("\nexample: the drill of a thread-handle leak\n"
	      "  leakscope DUMP -c '!vm' -c '!poolused 3' -c '!process 0 0'\n"
	      "  leakscope DUMP -c '.process ADDR' -c '!handle 0 3 0 Thread'\n"
	      "  leakscope DUMP -c '!thread ADDR'      (start address, state)\n"
	      "  leakscope DUMP --triage\n"
	      "\nexit status: 0 ok, 1 the dump could not be read, "
	      "2 bad usage or command\n", fp);
}

static int parse_addr(const char *s, uint64_t *ret)
{
	char *end;
	char buf[64];
	size_t i, j = 0;

	/* accept WinDbg's 0xfffff804`12345678 */
	for (i = 0; s[i] && j + 1 < sizeof(buf); i++)
		if (s[i] != '`')
			buf[j++] = s[i];
	buf[j] = '\0';
	errno = 0;
	*ret = strtoull(buf, &end, 16);
	return errno == 0 && end != buf && *end == '\0';
}

static void print_info(struct dump *d, const struct model *m,
		       const struct ls_err *load_err)
{
	const struct dump_info *i = dump_info(d);
	size_t r;

	printf("format:        %s\n", i->format);
	printf("architecture:  %s\n", i->arch);
	if (i->os[0])
		printf("os (header):   %s\n", i->os);
	printf("page size:     %u\n", i->page_size);
	printf("physical:      %" PRIu64 " bytes in %zu ranges, highest 0x%" PRIx64 "\n",
	       i->phys_bytes, i->nranges, i->phys_end);
	for (r = 0; r < i->nranges; r++)
		printf("  0x%012" PRIx64 "-0x%012" PRIx64 "  %" PRIu64 " KiB\n",
		       i->ranges[r].start, i->ranges[r].start + i->ranges[r].size,
		       i->ranges[r].size / 1024);
	if (!m) {
		printf("kernel:        not found (%s)\n", load_err->msg);
		return;
	}
	printf("dtb:           0x%" PRIx64 "\n", m->facts.dtb);
	printf("kernel base:   0x%" PRIx64 "\n", m->facts.kernel_base);
	printf("build:         %s\n", m->facts.build);
	printf("profile:       %s\n", m->facts.profile);
	if (m->facts.pdb_guid[0])
		printf("pdb:           %s age %u\n", m->facts.pdb_guid, m->facts.pdb_age);
	printf("processes:     %u\n", m->nprocesses);
	printf("threads:       %u\n", m->nthreads);
	printf("handles:       %u\n", m->nhandles);
	printf("pool tags:     %u\n", m->npooltags);
	printf("warnings:      %u\n", m->nwarnings + m->warnings_dropped);
}

static void print_warnings(const struct model *m)
{
	uint32_t i, shown = m->nwarnings < 20 ? m->nwarnings : 20;
	char buf[1024];

	for (i = 0; i < shown; i++)
		fprintf(stderr, "leakscope: warning: %s\n",
			ls_escape(m->warnings[i], buf, sizeof(buf)));
	if (m->nwarnings + m->warnings_dropped > shown)
		fprintf(stderr, "leakscope: %u more warnings\n",
			m->nwarnings + m->warnings_dropped - shown);
}

int main(int argc, char **argv)
{
	const char *commands[MAX_COMMANDS];
	unsigned ncommands = 0;
	struct load_options lo = { 0 };
	struct tui_options to = { 0 };
	enum out_format fmt = OUT_TEXT;
	int triage = 0, info = 0, tui, opt, status = 0;
	struct dump *d = NULL;
	struct model *m = NULL;
	struct ls_err err;
	const char *path;

	setlocale(LC_ALL, "");
	while ((opt = getopt_long(argc, argv, "c:h", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (ncommands == MAX_COMMANDS) {
				fprintf(stderr, "leakscope: at most %d -c commands\n", MAX_COMMANDS);
				return 2;
			}
			commands[ncommands++] = optarg;
			break;
		case OPT_JSON: fmt = OUT_JSON; break;
		case OPT_CSV: fmt = OUT_CSV; break;
		case OPT_TRIAGE: triage = 1; break;
		case OPT_INFO: info = 1; break;
		case OPT_SYMBOLS:
			if (lo.nsymbols == LOAD_MAX_PATHS) {
				fprintf(stderr, "leakscope: at most %d --symbols\n", LOAD_MAX_PATHS);
				return 2;
			}
			lo.symbols[lo.nsymbols++] = optarg;
			break;
		case OPT_PROFILE: lo.profile = optarg; break;
		case OPT_POOLTAGS: lo.pooltags = optarg; break;
		case OPT_SYMFILE: lo.symfile = optarg; break;
		case OPT_SYSTEM_MAP: lo.system_map = optarg; break;
		case OPT_BTF: lo.btf = optarg; break;
		case OPT_DTB:
			if (!parse_addr(optarg, &lo.dtb)) {
				fprintf(stderr, "leakscope: --dtb: not a hex address: %s\n", optarg);
				return 2;
			}
			break;
		case OPT_KERNEL_BASE:
			if (!parse_addr(optarg, &lo.kernel_base)) {
				fprintf(stderr, "leakscope: --kernel-base: not a hex address: %s\n", optarg);
				return 2;
			}
			break;
		case OPT_NO_COLOR: to.monochrome = 1; break;
		case OPT_ASCII: to.ascii = 1; break;
		case OPT_KEYS:
			view_print_key_table(stdout);
			return 0;
		case OPT_VERSION:
			printf("leakscope %s\n", LEAKSCOPE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "leakscope: try 'leakscope --help'\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, optind >= argc ? "leakscope: no dump file given; try 'leakscope --help'\n"
					      : "leakscope: one dump file at a time; try 'leakscope --help'\n");
		return 2;
	}
	path = argv[optind];
	if (!info && !triage && ncommands == 0 &&
	    (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) &&
	    !getenv("LEAKSCOPE_KEYS")) {
		fprintf(stderr, "leakscope: not a terminal: use -c COMMAND, --triage or --info for text output\n");
		return 2;
	}

	ls_err_clear(&err);
	if (dump_open(path, &d, &err) != LS_OK) {
		fprintf(stderr, "leakscope: %s\n", err.msg);
		return 1;
	}
	/* the TUI loads in two phases: the first screen is drawn after the
	 * first (tui_run reads the rest); text output loads all at once */
	tui = !info && !triage && ncommands == 0;
	if ((tui ? model_load_begin(d, &lo, &m, &to.pending, &err)
		 : model_load(d, &lo, &m, &err)) != LS_OK) {
		if (info) {
			print_info(d, NULL, &err);
			dump_destroy(d);
			return 0;
		}
		fprintf(stderr, "leakscope: %s\n", err.msg);
		dump_destroy(d);
		return 1;
	}

	if (info) {
		print_info(d, m, &err);
	} else if (triage || ncommands) {
		struct cmd_ctx c;
		struct out o;
		char msg[512];
		unsigned i;

		print_warnings(m);
		cmd_ctx_init(&c, m, fmt);
		out_init_file(&o, stdout);
		if (triage)
			status = cmd_triage(&c, &o);
		for (i = 0; i < ncommands && status == 0; i++) {
			msg[0] = '\0';
			status = cmd_run(&c, commands[i], &o, msg, sizeof(msg));
			if (status != CMD_OK)
				fprintf(stderr, "leakscope: %s\n", msg);
		}
		fflush(stdout);
	} else {
		to.dump_path = path;
		to.key_script = getenv("LEAKSCOPE_KEYS");
		if (getenv("NO_COLOR") && getenv("NO_COLOR")[0])
			to.monochrome = 1;
		status = tui_run(m, &to);
	}
	model_destroy(m);
	dump_destroy(d);
	return status;
}
