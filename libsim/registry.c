/* libsim/registry.c - component types by name. Each simulator has its own
 * list: the built-in types (types.c at the top of the tree lists every
 * folder's), then plugin types (shared objects named under `plugins:` whose
 * archsim_plugin_init registers them) and types registered by an embedding
 * program. All are treated alike. */
#define _GNU_SOURCE                 /* dladdr, RTLD_NOLOAD */
#include <ctype.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_int.h"

/* A name a config can write as a key: a letter or _, then letters, digits
 * and _. */
static bool is_identifier(const char *n)
{
    if (!n || !(isalpha((unsigned char)*n) || *n == '_'))
        return false;
    for (n++; *n; n++)
        if (!(isalnum((unsigned char)*n) || *n == '_'))
            return false;
    return true;
}

/* A type's own name (param, port NULL) or one of its param or port names
 * that a config could not write. */
static int bad_name(sim_error *err, const sim_type *t, const char *what, const char *name)
{
    char owner[96] = "";

    if (what)
        snprintf(owner, sizeof(owner), "type '%s': ", t->name);
    return sim_error_set(err, SIM_EINVAL, "%s%s name '%s': expected letters, digits and _, "
                         "starting with a letter or _", owner, what ? what : "type",
                         name ? name : "(null)");
}

static int check_type(const sim_type *t, sim_error *err)
{
    if (!t || !t->name || !t->name[0])
        return sim_error_set(err, SIM_EINVAL, "a component type needs a name");
    if (!is_identifier(t->name))
        return bad_name(err, t, NULL, t->name);
    if (!t->init)
        return sim_error_set(err, SIM_EINVAL, "type '%s' has no init callback", t->name);
    if (t->n_params && !t->params)
        return sim_error_set(err, SIM_EINVAL, "type '%s' declares params but no table", t->name);
    for (int i = 0; i < t->n_params; i++) {
        const sim_param *p = &t->params[i];

        if (!is_identifier(p->name))
            return bad_name(err, t, "param", p->name);
        if (p->offset + p->size > t->cfg_size)
            return sim_error_set(err, SIM_EINVAL, "type '%s': param '%s' lies outside cfg_size",
                                 t->name, p->name);
    }
    for (int i = 0; i < t->n_ports; i++) {
        if (!is_identifier(t->ports[i].name))
            return bad_name(err, t, "port", t->ports[i].name);
        for (int j = 0; j < i; j++)
            if (strcmp(t->ports[i].name, t->ports[j].name) == 0)
                return sim_error_set(err, SIM_EINVAL, "type '%s': port '%s' declared twice",
                                     t->name, t->ports[i].name);
    }
    return 0;
}

int sim_register_type(sim_t *s, const sim_type *t, sim_error *err)
{
    int rc;

    if (!s)
        return sim_error_set(err, SIM_EINVAL, "no simulator");
    rc = check_type(t, err);
    if (rc)
        return rc;
    if (s->state != ST_PARSED)
        return sim_error_set(err, SIM_ESTATE, "type '%s' registered after the components "
                             "were built", t->name);
    if (registry_find(s, t->name))
        return sim_error_set(err, SIM_EINVAL, "type '%s' is already registered", t->name);
    if (s->n_types == s->cap_types) {
        int cap = s->cap_types ? 2 * s->cap_types : 32;
        const sim_type **v = realloc(s->types, cap * sizeof(*v));

        if (!v)
            return sim_error_set(err, SIM_ENOMEM, "out of memory registering '%s'", t->name);
        s->types = v;
        s->cap_types = cap;
    }
    s->types[s->n_types++] = t;
    return 0;
}

int registry_init(sim_t *s, sim_error *err)
{
    for (int i = 0; i < archsim_n_builtin_types; i++) {
        int rc = sim_register_type(s, archsim_builtin_types[i], err);

        if (rc)
            return rc;
    }
    return 0;
}

const sim_type *registry_find(sim_t *s, const char *name)
{
    for (int i = 0; i < s->n_types; i++)
        if (strcmp(s->types[i]->name, name) == 0)
            return s->types[i];
    return NULL;
}

/* A plugin is not linked against the library: it finds sim_register_type
 * and the rest among the global symbols. A host that opened libarchsim.so
 * with RTLD_LOCAL (Python's cffi, most embedders that dlopen it) keeps them
 * out of that scope, so make the object holding this code global first; a
 * program linked with the static library exports them itself (the archsim
 * command does), and then this finds nothing to change. */
static void export_library(void)
{
    Dl_info info;
    void *self;

    if (!dladdr((void *)registry_load_plugin, &info) || !info.dli_fname)
        return;
    self = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    if (self)
        dlclose(self);              /* the host's reference keeps it loaded */
}

int registry_load_plugin(sim_t *s, const char *path, const cfg_node *where, sim_error *err)
{
    void *h, **v;
    sim_plugin_init_fn init;
    int rc;

    export_library();
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();

        rc = cfg_error(err, where, "cannot load plugin: %s", why ? why : path);
        err->code = SIM_EPLUGIN;
        return SIM_EPLUGIN;
    }
    *(void **)&init = dlsym(h, SIM_PLUGIN_INIT);
    if (!init) {
        dlclose(h);
        cfg_error(err, where, "plugin '%s' has no %s function", path, SIM_PLUGIN_INIT);
        err->code = SIM_EPLUGIN;
        return SIM_EPLUGIN;
    }
    v = realloc(s->plugins, (s->n_plugins + 1) * sizeof(*v));
    if (!v) {
        dlclose(h);
        return sim_error_set(err, SIM_ENOMEM, "out of memory loading '%s'", path);
    }
    s->plugins = v;
    s->plugins[s->n_plugins++] = h;
    rc = init(s, err);
    if (rc && err && !err->file[0] && where) {
        sim_error inner = *err;

        cfg_error(err, where, "plugin '%s': %s", path, inner.message);
        err->code = inner.code;
    }
    return rc;
}

void registry_truncate(sim_t *s, int n_types, int n_plugins)
{
    for (int i = s->n_plugins - 1; i >= n_plugins; i--)
        dlclose(s->plugins[i]);
    s->n_plugins = n_plugins;
    s->n_types = n_types;
}

void registry_free(sim_t *s)
{
    for (int i = s->n_plugins - 1; i >= 0; i--)
        dlclose(s->plugins[i]);
    free(s->plugins);
    free(s->types);
}

int sim_type_count(const sim_t *s)
{
    return s ? s->n_types : 0;
}

const sim_type *sim_type_at(const sim_t *s, int i)
{
    return s && i >= 0 && i < s->n_types ? s->types[i] : NULL;
}

const sim_type *sim_type_find(const sim_t *s, const char *name)
{
    return s && name ? registry_find((sim_t *)s, name) : NULL;
}
