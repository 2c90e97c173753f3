#pragma once
// ORGFORCES_ASSERT(cond, msg): an invariant check that stays on in every build, NDEBUG included
// (the default RelWithDebInfo build defines it, which compiles plain `assert` out). On failure it
// prints "file:line: invariant broken: cond (msg)" to stderr and aborts. Use it where a broken
// invariant would corrupt results silently, at per-team or per-tick granularity, never inside a
// per-person loop.

#include <cstdio>
#include <cstdlib>

namespace orgforces::detail {

[[noreturn]] inline void assert_failed(const char* file, int line, const char* cond, const char* msg) noexcept {
    std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", file, line, cond, msg);
    std::fflush(stderr);
    std::abort();
}

}  // namespace orgforces::detail

#define ORGFORCES_ASSERT(cond, msg)                                                  \
    do {                                                                             \
        if (!(cond)) [[unlikely]]                                                    \
            ::orgforces::detail::assert_failed(__FILE__, __LINE__, #cond, (msg));    \
    } while (false)
