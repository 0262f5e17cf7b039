/* pipelines/core_warm.h - functional warming shared by the cores (see
 * core_warm.c). */
#ifndef PIPELINES_CORE_WARM_H
#define PIPELINES_CORE_WARM_H
#include "pipelines/core.h"

/* Consume the next n instructions of the core's source in warm mode (caches
 * and predictors updated, no pipeline, no time). Returns how many (fewer
 * when the source ended). */
uint64_t core_warm(struct core *c, uint64_t n);

#endif
