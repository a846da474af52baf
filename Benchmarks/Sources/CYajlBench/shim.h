#ifndef TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H
#define TRANSCRIPTKIT_BENCH_CYAJL_SHIM_H

#include <yajl/yajl_parse.h>

/// `yajl_config` is variadic, which Swift cannot call.
static inline int tk_bench_yajl_config_flag(yajl_handle handle, yajl_option option, int enabled) {
    return yajl_config(handle, option, enabled);
}

/// glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`, which Swift's Glibc module does not export: every
/// allocation of `bytes` or more is then mapped fresh from the kernel (and unmapped when freed).
#include <malloc.h>
static inline int tk_bench_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

#endif
