/* types.c - the built-in component types of libarchsim: every folder's
 * list (models/types.c, memsys/types.c, pipelines/types.c), joined once
 * here so that libsim/ never names a type of the folders above it. */
#include <archsim/sim_type.h>

#define TYPE(sym) extern const sim_type sym;
#include "models/types.h"
#include "memsys/types.h"
#include "pipelines/types.h"
#undef TYPE

#define TYPE(sym) &sym,
const sim_type *const archsim_builtin_types[] = {
#include "models/types.h"
#include "memsys/types.h"
#include "pipelines/types.h"
};
#undef TYPE

const int archsim_n_builtin_types = SIM_COUNT(archsim_builtin_types);
