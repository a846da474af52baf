#ifndef TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H
#define TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call.
static inline int tk_bench_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

#endif
