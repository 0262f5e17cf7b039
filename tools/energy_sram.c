/* tools/energy_sram.c - `archsim energy sram`: the SRAM model's figures for
 * one array (read and write energy per access, tag lookup energy, leakage,
 * access time, area), as aligned text or JSON, so a user can see what a
 * cache of a given organisation costs without writing a config.
 *
 *   archsim energy sram --size 32KiB [--assoc 8] [--line 64] [--node 22nm]
 *       [--vdd 0.8V] [--temp 360K] [--ports 1] [--output-bits 512]
 *       [--tag-bits 0] [--mode normal|sequential] [--json]
 *
 * Defaults are those of a config that names only a size: 8 ways, 64 B
 * lines, 22 nm at its nominal vdd, 360 K, one port, the whole line read out,
 * tags and data in parallel. An array a config could not hold is refused
 * with the config's own checks: the technology as the energy: section
 * checks it, the size, line and ways as a cache instance does (a
 * power-of-two number of sets, at most 64 ways). Figures go to stdout; usage
 * and model errors go to stderr with exit status 2. The model itself is
 * libsim/sram.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include <archsim/sim_tech.h>
#include "cli.h"
#include "config_int.h"

/* Options a config also has, and the key that holds each in the config
 * check_as_config builds. */
enum { OPT_SIZE, OPT_LINE, OPT_ASSOC, OPT_NODE, OPT_VDD, OPT_TEMP, OPT_N };
static const struct {
    const char *opt, *key;
} config_keys[OPT_N] = {
    [OPT_SIZE] = { "--size", "array.size" },
    [OPT_LINE] = { "--line", "array.line" },
    [OPT_ASSOC] = { "--assoc", "array.assoc" },
    [OPT_NODE] = { "--node", "energy.node" },
    [OPT_VDD] = { "--vdd", "energy.vdd" },
    [OPT_TEMP] = { "--temp", "energy.temperature" },
};

struct sram_opts {
    sim_sram_spec spec;
    sim_tech tech;
    int json;
    const char *text[OPT_N];        /* as given, for errors; NULL: the default */
};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: archsim energy sram --size SIZE [--assoc N] [--line SIZE] [--node NM]\n"
        "                           [--vdd V] [--temp K] [--ports N] [--output-bits N]\n"
        "                           [--tag-bits N] [--mode normal|sequential] [--json]\n"
        "\n"
        "Prints the SRAM model's read and write energy per access, tag lookup energy,\n"
        "leakage, access time and area of one cache-like array. Size, line and ways\n"
        "must make a cache a config accepts (a power-of-two number of sets, 1 to 64\n"
        "ways), and the technology an energy: section accepts (5-180nm).\n"
        "  --size SIZE        capacity of the data array (32KiB, 1MiB, 512B)   required\n"
        "  --assoc N          ways                                             8\n"
        "  --line SIZE        line size (64, 64B)                              64B\n"
        "  --node NM          technology node (22nm, 45)                       22nm\n"
        "  --vdd V            supply (0.8V, 800mV); default: the node's nominal\n"
        "  --temp K           temperature (360K)                               360K\n"
        "  --ports N          read/write ports                                 1\n"
        "  --output-bits N    bits read out per access; default: the whole line\n"
        "  --tag-bits N       tag width per way; default: from a 48-bit address\n"
        "  --mode M           normal (tags and data in parallel) or sequential\n"
        "                     (tags first, then the hit way)                   normal\n"
        "  --json             one JSON object instead of text\n");
}

static int bad(const char *opt, const char *val, const char *why)
{
    fprintf(stderr, "archsim energy sram: %s '%s': %s\n", opt, val, why);
    return 2;
}

/* A whole number in [lo, hi], with an optional unit word after it. */
static int parse_count(const char *opt, const char *s, const char *unit, uint32_t lo,
                       uint32_t hi, uint32_t *out)
{
    char *end;
    double v;
    char why[96];

    v = strtod(s, &end);
    if (end == s)
        return bad(opt, s, "expected a number");
    while (*end == ' ')
        end++;
    if (*end && !(unit && strcmp(end, unit) == 0))
        return bad(opt, s, unit && strcmp(unit, "nm") == 0 ? "expected a number of nm"
                                                            : "expected a whole number");
    if (!(v >= lo && v <= hi) || v != floor(v)) {
        snprintf(why, sizeof(why), "expected a whole number from %u to %u", lo, hi);
        return bad(opt, s, why);
    }
    *out = (uint32_t)v;
    return 0;
}

/* A real number, bare or followed by `unit` (e.g. "22nm", "360K"). */
static int parse_real(const char *opt, const char *s, const char *unit, double *out)
{
    char *end;
    char why[64];

    *out = strtod(s, &end);
    if (end == s || !isfinite(*out)) {
        snprintf(why, sizeof(why), "expected a number (of %s)", unit);
        return bad(opt, s, why);
    }
    while (*end == ' ')
        end++;
    if (*end && strcmp(end, unit) != 0) {
        snprintf(why, sizeof(why), "expected a number of %s", unit);
        return bad(opt, s, why);
    }
    return 0;
}

/* libsim's unit parser; a bare number is taken in the base unit. */
static int parse_kind(const char *opt, const char *s, int kind, double *out)
{
    char msg[256];

    if (sim_parse_number(s, out) == 0)
        return 0;
    if (sim_parse_unit(kind, s, out, msg, sizeof(msg)) == 0)
        return 0;
    return bad(opt, s, msg);
}

static int parse_args(int argc, char **argv, struct sram_opts *o)
{
    double v;
    uint32_t n;
    int have_size = 0, rc;

    memset(o, 0, sizeof(*o));
    o->spec.line_bytes = 64;
    o->spec.assoc = 8;
    o->spec.ports = 1;
    o->tech.node_nm = 22;
    /* argv[0] is the subcommand ("sram"); options follow */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val;
        char name[32];
        const char *eq = strchr(a, '=');

        if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return -1;
        }
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "archsim energy sram: unexpected argument '%s'\n", a);
            usage(stderr);
            return 2;
        }
        /* --opt VALUE or --opt=VALUE */
        if (eq) {
            snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
            val = eq + 1;
        } else {
            snprintf(name, sizeof(name), "%s", a);
            if (i + 1 >= argc) {
                fprintf(stderr, "archsim energy sram: %s needs a value\n", a);
                return 2;
            }
            val = argv[++i];
        }
        if (strcmp(name, "--size") == 0) {
            if ((rc = parse_kind(name, val, SIM_P_SIZE, &v)))
                return rc;
            if (!(v >= 1 && v <= 0x1p40) || v != floor(v))
                return bad(name, val, "expected a whole number of bytes up to 1TiB");
            o->spec.size_bytes = (uint64_t)v;
            o->text[OPT_SIZE] = val;
            have_size = 1;
        } else if (strcmp(name, "--line") == 0) {
            if ((rc = parse_kind(name, val, SIM_P_SIZE, &v)))
                return rc;
            if (!(v >= 1 && v <= 4096) || v != floor(v))
                return bad(name, val, "expected 1B to 4096B");
            o->spec.line_bytes = (uint32_t)v;
            o->text[OPT_LINE] = val;
        } else if (strcmp(name, "--assoc") == 0) {
            if ((rc = parse_count(name, val, NULL, 1, 1u << 20, &o->spec.assoc)))
                return rc;
            o->text[OPT_ASSOC] = val;
        } else if (strcmp(name, "--ports") == 0) {
            if ((rc = parse_count(name, val, NULL, 1, 16, &o->spec.ports)))
                return rc;
        } else if (strcmp(name, "--output-bits") == 0) {
            if ((rc = parse_count(name, val, NULL, 1, 32768, &o->spec.output_bits)))
                return rc;
        } else if (strcmp(name, "--tag-bits") == 0) {
            if ((rc = parse_count(name, val, NULL, 0, 64, &n)))
                return rc;
            o->spec.tag_bits = n;
        } else if (strcmp(name, "--node") == 0) {
            if ((rc = parse_real(name, val, "nm", &o->tech.node_nm)))
                return rc;
            o->text[OPT_NODE] = val;
        } else if (strcmp(name, "--vdd") == 0) {
            if ((rc = parse_kind(name, val, SIM_P_VOLTAGE, &o->tech.vdd)))
                return rc;
            if (o->tech.vdd <= 0)
                return bad(name, val, "expected a positive voltage");
            o->text[OPT_VDD] = val;
        } else if (strcmp(name, "--temp") == 0) {
            if ((rc = parse_real(name, val, "K", &o->tech.temp_k)))
                return rc;
            if (o->tech.temp_k <= 0)
                return bad(name, val, "expected a positive temperature in K");
            o->text[OPT_TEMP] = val;
        } else if (strcmp(name, "--mode") == 0) {
            if (strcmp(val, "normal") == 0)
                o->spec.sequential = 0;
            else if (strcmp(val, "sequential") == 0)
                o->spec.sequential = 1;
            else
                return bad(name, val, "expected normal or sequential");
        } else {
            static const char *const known[] = {
                "--size", "--assoc", "--line", "--node", "--vdd", "--temp", "--ports",
                "--output-bits", "--tag-bits", "--mode", "--json"};

            cli_unknown_option("archsim energy sram", name, known, SIM_COUNT(known),
                               "archsim energy sram --help");
            return 2;
        }
    }
    if (!have_size) {
        fprintf(stderr, "archsim energy sram: --size is required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

/* The error of the config check, with the option the key came from:
 * "--size 33KiB: size/(line*assoc) must be a whole power of two, ...". */
static int config_error(const struct sram_opts *o, const sim_error *err)
{
    for (int i = 0; i < OPT_N; i++) {
        size_t n = strlen(config_keys[i].key);

        if (strncmp(err->message, config_keys[i].key, n) == 0 && err->message[n] == ':') {
            fprintf(stderr, "archsim energy sram: %s%s%s:%s\n", config_keys[i].opt,
                    o->text[i] ? " " : "", o->text[i] ? o->text[i] : "", err->message + n + 1);
            return 2;
        }
    }
    fprintf(stderr, "archsim energy sram: %s\n", err->message);
    return 2;
}

/* Apply the checks a config applies, by building one: the technology under
 * energy:, the array as a cache instance (between a traffic generator and a
 * memory, so that it is complete). What the cache checks stays defined once,
 * in memsys/cache.c. 0, or 2 after printing the error. */
static int check_as_config(const struct sram_opts *o)
{
    static const char *const yaml =
        "components:\n"
        "  src: {type: trafficgen, count: 1}\n"
        "  array: {type: cache}\n"
        "  mem: {type: simple_mem}\n"
        "connections: [src.out -> array.cpu, array.mem -> mem.in]\n";
    char val[OPT_N][64];
    sim_error err = { 0 };
    sim_t *s = sim_open_string(yaml, "archsim energy sram", &err);
    int rc = 0;

    if (!s)
        return config_error(o, &err);
    snprintf(val[OPT_SIZE], sizeof(val[0]), "%lluB", (unsigned long long)o->spec.size_bytes);
    snprintf(val[OPT_LINE], sizeof(val[0]), "%uB", o->spec.line_bytes);
    snprintf(val[OPT_ASSOC], sizeof(val[0]), "%u", o->spec.assoc);
    snprintf(val[OPT_NODE], sizeof(val[0]), "%.17g", o->tech.node_nm);
    snprintf(val[OPT_VDD], sizeof(val[0]), "%.17gV", o->tech.vdd);
    snprintf(val[OPT_TEMP], sizeof(val[0]), "%.17g",
             o->tech.temp_k ? o->tech.temp_k : SIM_TECH_DEFAULT_TEMP_K);
    for (int i = 0; !rc && i < OPT_N; i++)
        rc = sim_set(s, config_keys[i].key, val[i], &err);
    if (!rc)
        rc = sim_elaborate(s, &err);
    sim_close(s);
    return rc ? config_error(o, &err) : 0;
}

/* v in engineering notation with an SI prefix: "60.88 pJ". */
static void eng(char *buf, size_t len, double v, const char *unit)
{
    static const char *const pre[] = { "f", "p", "n", "u", "m", "", "k" };
    int i = 0;
    double x = v * 1e15;

    while (i < SIM_COUNT(pre) - 1 && fabs(x) >= 1000) {
        x /= 1000;
        i++;
    }
    snprintf(buf, len, "%.4g %s%s", x, pre[i], unit);
}

static void size_text(char *buf, size_t len, uint64_t b)
{
    if (b >= (1ull << 30) && b % (1ull << 30) == 0)
        snprintf(buf, len, "%lluGiB", (unsigned long long)(b >> 30));
    else if (b >= (1ull << 20) && b % (1ull << 20) == 0)
        snprintf(buf, len, "%lluMiB", (unsigned long long)(b >> 20));
    else if (b >= 1024 && b % 1024 == 0)
        snprintf(buf, len, "%lluKiB", (unsigned long long)(b >> 10));
    else
        snprintf(buf, len, "%lluB", (unsigned long long)b);
}

static void print_text(const struct sram_opts *o, const sim_tech *t, const sim_sram_result *r)
{
    char sz[32], b[6][32];
    uint32_t out_bits = o->spec.output_bits ? o->spec.output_bits : o->spec.line_bytes * 8;

    size_text(sz, sizeof(sz), o->spec.size_bytes);
    eng(b[0], sizeof(b[0]), r->read_j, "J");
    eng(b[1], sizeof(b[1]), r->write_j, "J");
    eng(b[2], sizeof(b[2]), r->tag_read_j, "J");
    eng(b[3], sizeof(b[3]), r->leakage_w, "W");
    eng(b[4], sizeof(b[4]), r->access_s, "s");
    printf("SRAM %s, %u-way, %uB lines, %u port%s, %u bits out, %s access\n", sz,
           o->spec.assoc, o->spec.line_bytes, o->spec.ports, o->spec.ports == 1 ? "" : "s",
           out_bits, o->spec.sequential ? "sequential" : "normal");
    printf("at %gnm, %.3gV, %gK\n", t->node_nm, t->vdd, t->temp_k);
    printf("  %-16s %12s  %s\n", "read energy", b[0],
           o->spec.sequential ? "per access: tags, then the hit way"
                              : "per access: tags and every way");
    printf("  %-16s %12s  %s\n", "write energy", b[1], "per access: tags, then one way");
    printf("  %-16s %12s  %s\n", "tag read energy", b[2], "per lookup, all ways");
    printf("  %-16s %12s\n", "leakage", b[3]);
    printf("  %-16s %12s\n", "access time", b[4]);
    printf("  %-16s %10.4g mm2\n", "area", r->area_mm2);
}

static void print_json(const struct sram_opts *o, const sim_tech *t, const sim_sram_result *r)
{
    uint32_t out_bits = o->spec.output_bits ? o->spec.output_bits : o->spec.line_bytes * 8;

    printf("{\"size_bytes\": %llu, \"line_bytes\": %u, \"assoc\": %u, \"ports\": %u, "
           "\"output_bits\": %u, \"mode\": \"%s\", \"node_nm\": %.10g, \"vdd\": %.10g, "
           "\"temp_k\": %.10g, \"read_j\": %.17g, \"write_j\": %.17g, \"tag_read_j\": %.17g, "
           "\"leakage_w\": %.17g, \"access_s\": %.17g, \"area_mm2\": %.17g}\n",
           (unsigned long long)o->spec.size_bytes, o->spec.line_bytes, o->spec.assoc,
           o->spec.ports, out_bits, o->spec.sequential ? "sequential" : "normal", t->node_nm,
           t->vdd, t->temp_k, r->read_j, r->write_j, r->tag_read_j, r->leakage_w,
           r->access_s, r->area_mm2);
}

int energy_sram_main(int argc, char **argv)
{
    struct sram_opts o;
    sim_sram_result r;
    sim_error err = { 0 };
    sim_tech t;
    int rc = parse_args(argc, argv, &o);

    if (rc)
        return rc < 0 ? 0 : rc;
    if (sim_tech_check(&o.tech, &t, &err) || sim_sram_model(&o.spec, &t, &r, &err)) {
        fprintf(stderr, "archsim energy sram: %s\n", err.message);
        return 2;
    }
    rc = check_as_config(&o);
    if (rc)
        return rc;
    if (sim_tech_fit_warning(&t, err.message, sizeof(err.message)))
        fprintf(stderr, "archsim energy sram: warning: %s\n", err.message);
    if (o.json)
        print_json(&o, &t, &r);
    else
        print_text(&o, &t, &r);
    return 0;
}
