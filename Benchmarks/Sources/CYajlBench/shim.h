#ifndef TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H
#define TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call.
static inline int tk_bench_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

/// glibc's `malloc_trim(0)`, which Swift's Glibc module does not export: freed heap memory goes
/// back to the kernel, so the next allocations are new pages, as in a new process.
#include <malloc.h>
static inline int tk_bench_release_free_memory(void) {
    return malloc_trim(0);
}

#endif
