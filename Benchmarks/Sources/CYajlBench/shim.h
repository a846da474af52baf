#ifndef TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H
#define TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call.
static inline int tk_bench_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

/// glibc's `malloc_trim(0)`, which Swift's Glibc module does not export: freed heap memory goes
/// back to the kernel, so the next allocations are new pages, as in a new process. Returns 0
/// where there is no such call (not glibc): the benchmark then measures recycled memory only.
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
static inline int tk_bench_release_free_memory(void) {
    malloc_trim(0);
    return 1;
}
#else
static inline int tk_bench_release_free_memory(void) {
    return 0;
}
#endif

#endif
