/* tests/guest/linux/interp.c - a small interpreter: a tokenizer, a
 * recursive-descent parser to a tree, and a tree-walking evaluator for a
 * tiny language with variables, while loops and printing. Runs a built-in
 * program (primes, Collatz, Fibonacci) and prints what it prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_NUM, T_ID, T_OP, T_END };
enum { N_NUM, N_VAR, N_BIN, N_ASSIGN, N_WHILE, N_IF, N_PRINT, N_SEQ };

struct node {
    int kind, op;
    long val;
    struct node *a, *b, *c;
};

static const char *src;
static int tok, tok_op;
static long tok_num;
static char tok_id[32];
static long vars[26];

static void next(void)
{
    while (isspace((unsigned char)*src))
        src++;
    if (!*src) {
        tok = T_END;
    } else if (isdigit((unsigned char)*src)) {
        tok = T_NUM;
        tok_num = strtol(src, (char **)&src, 10);
    } else if (isalpha((unsigned char)*src)) {
        int n = 0;

        while (isalnum((unsigned char)*src) && n < 31)
            tok_id[n++] = *src++;
        tok_id[n] = 0;
        tok = T_ID;
    } else {
        tok = T_OP;
        tok_op = *src++;
        if ((tok_op == '=' || tok_op == '!' || tok_op == '<' || tok_op == '>') && *src == '=') {
            tok_op = tok_op * 2 + 1;
            src++;
        }
    }
}

static struct node *mk(int kind, int op, struct node *a, struct node *b)
{
    struct node *n = calloc(1, sizeof(*n));

    n->kind = kind;
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}

static struct node *expr(void);

static struct node *primary(void)
{
    struct node *n;

    if (tok == T_NUM) {
        n = mk(N_NUM, 0, NULL, NULL);
        n->val = tok_num;
        next();
    } else if (tok == T_ID) {
        n = mk(N_VAR, tok_id[0] - 'a', NULL, NULL);
        next();
    } else {
        next();                     /* '(' */
        n = expr();
        next();                     /* ')' */
    }
    return n;
}

static int prec(int op)
{
    switch (op) {
    case '*': case '/': case '%': return 5;
    case '+': case '-': return 4;
    case '<': case '>': case '<' * 2 + 1: case '>' * 2 + 1: return 3;
    case '=' * 2 + 1: case '!' * 2 + 1: return 2;
    }
    return 0;
}

static struct node *binary(int min)
{
    struct node *l = primary();

    while (tok == T_OP && prec(tok_op) >= min) {
        int op = tok_op;

        next();
        l = mk(N_BIN, op, l, binary(prec(op) + 1));
    }
    return l;
}

static struct node *expr(void)
{
    return binary(1);
}

static struct node *stmt(void);

static struct node *block(void)
{
    struct node *seq = NULL, **tail = &seq;

    next();                         /* '{' */
    while (!(tok == T_OP && tok_op == '}')) {
        *tail = mk(N_SEQ, 0, stmt(), NULL);
        tail = &(*tail)->b;
    }
    next();
    return seq;
}

static struct node *stmt(void)
{
    struct node *n;

    if (tok == T_ID && !strcmp(tok_id, "while")) {
        next();
        n = mk(N_WHILE, 0, expr(), NULL);
        n->b = block();
    } else if (tok == T_ID && !strcmp(tok_id, "if")) {
        next();
        n = mk(N_IF, 0, expr(), NULL);
        n->b = block();
    } else if (tok == T_ID && !strcmp(tok_id, "print")) {
        next();
        n = mk(N_PRINT, 0, expr(), NULL);
        next();                     /* ';' */
    } else {
        int v = tok_id[0] - 'a';

        next();
        next();                     /* '=' */
        n = mk(N_ASSIGN, v, expr(), NULL);
        next();                     /* ';' */
    }
    return n;
}

static long eval(struct node *n)
{
    long a, b;

    switch (n->kind) {
    case N_NUM: return n->val;
    case N_VAR: return vars[n->op];
    case N_ASSIGN: return vars[n->op] = eval(n->a);
    case N_PRINT: printf("%ld\n", eval(n->a)); return 0;
    case N_WHILE:
        while (eval(n->a))
            for (struct node *s = n->b; s; s = s->b)
                eval(s->a);
        return 0;
    case N_IF:
        if (eval(n->a))
            for (struct node *s = n->b; s; s = s->b)
                eval(s->a);
        return 0;
    }
    a = eval(n->a);
    b = eval(n->b);
    switch (n->op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b ? a / b : 0;
    case '%': return b ? a % b : 0;
    case '<': return a < b;
    case '>': return a > b;
    case '<' * 2 + 1: return a <= b;
    case '>' * 2 + 1: return a >= b;
    case '=' * 2 + 1: return a == b;
    case '!' * 2 + 1: return a != b;
    }
    return 0;
}

static const char program[] =
    "n = 2; c = 0;"
    "while c < 40 { d = 2; p = 1;"
    "  while d * d <= n { if n % d == 0 { p = 0; } d = d + 1; }"
    "  if p { print n; c = c + 1; } n = n + 1; }"
    "x = 27; s = 0; while x != 1 { if x % 2 == 0 { x = x / 2; } if x % 2 == 1 { if x != 1 {"
    "  x = 3 * x + 1; } } s = s + 1; } print s;"
    "a = 0; b = 1; i = 0; while i < 60 { t = a + b; a = b; b = t; i = i + 1; } print a;"
    "k = 0; t = 0; while k < 200000 { t = t + k % 7 * 3 - k % 5; k = k + 1; } print t;";

int main(void)
{
    struct node *prog = NULL, **tail = &prog;

    src = program;
    next();
    while (tok != T_END) {
        *tail = mk(N_SEQ, 0, stmt(), NULL);
        tail = &(*tail)->b;
    }
    for (struct node *s = prog; s; s = s->b)
        eval(s->a);
    return 0;
}
