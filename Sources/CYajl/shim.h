#ifndef TRANSCRIPTKIT_CYAJL_SHIM_H
#define TRANSCRIPTKIT_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call; these fixed-arity
/// wrappers expose the boolean options TranscriptKit sets.
static inline int tk_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

/// A hint to load the cache line at `address` ahead of use; Swift has no prefetch of its own.
/// The decoder issues it for a source id's slot in its dedupe index when the id arrives, and
/// probes the slot when the record ends (see `SourceIDIndex.prefetch`).
static inline void tk_prefetch(const void *address) {
    __builtin_prefetch(address);
}

#endif
