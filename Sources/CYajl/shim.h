#ifndef TRANSCRIPTKIT_CYAJL_SHIM_H
#define TRANSCRIPTKIT_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call; these fixed-arity
/// wrappers expose the boolean options TranscriptKit sets.
static inline int tk_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

#endif
