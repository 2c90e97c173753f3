#include "app/cli/interrupt.hpp"

#include <csignal>
#include <cstdio>
#include <string>

#include "app/cli/command.hpp"
#include "app/cli/mpi_cluster.hpp"
#include "store/results_store.hpp"

namespace orgforces::cli {
namespace {

// A signal handler may only touch lock-free atomics (and volatile sig_atomic_t).
static_assert(std::atomic<bool>::is_always_lock_free, "the interrupt flag must be lock-free");
static_assert(std::atomic<int>::is_always_lock_free, "the signal number must be lock-free");

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};

extern "C" void on_interrupt(int sig) {
    g_signal.store(sig);
    g_interrupted.store(true);
}

}  // namespace

const std::atomic<bool>* install_interrupt_handler() {
    static const bool installed = [] {
        if (Cluster::get().distributed()) return false;
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        // SA_RESETHAND: the first signal asks for a clean stop, a second one ends the process at once.
        sa.sa_flags = SA_RESETHAND;
        for (const int sig : {SIGINT, SIGTERM}) {
            // A signal ignored at startup (a background job of a non-interactive shell, nohup)
            // stays ignored, as the invoker asked.
            struct sigaction old {};
            if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
            sigaction(sig, &sa, nullptr);
        }
        return true;
    }();
    (void)installed;
    return &g_interrupted;
}

int interrupted_exit_code() {
    const int sig = g_signal.load();
    return 128 + (sig > 0 ? sig : SIGINT);
}

void exit_interrupted(store::ResultsStore* db, const std::vector<std::int64_t>& run_ids) {
    std::string marked;
    for (const std::int64_t id : run_ids) {
        if (id == 0 || !db) continue;
        const auto before = db->find_run(id);
        if (!before || before->status != store::RunStatus::Running) continue;
        db->abandon_run(id, store::RunStatus::Incomplete, "interrupted by a signal");
        marked += (marked.empty() ? "" : ", ") + std::to_string(id);
    }
    if (marked.empty())
        std::fprintf(stderr, "orgforces: interrupted\n");
    else
        std::fprintf(stderr, "orgforces: interrupted; run%s %s marked incomplete\n",
                     marked.find(',') == std::string::npos ? "" : "s", marked.c_str());
    throw Exit{interrupted_exit_code()};
}

}  // namespace orgforces::cli
