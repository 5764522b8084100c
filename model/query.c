/* model/query.c — groupings for the views, computed on first call and
 * cached in struct model_query_cache (freed by model_destroy). */
#include "query.h"

#include <stdlib.h>

#include "tree_internal.h"

struct model_query_cache {
	int unused;
};

void model_query_free(struct model *m)
{
	if (!m)
		return;
	free(m->cache);
	m->cache = NULL;
}

void model_query_relabel(struct model *m)
{
}
