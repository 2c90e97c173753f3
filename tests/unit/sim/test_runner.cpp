// The runner (sim/runner.hpp): results in job order whatever order jobs finish in, cancellation,
// progress, failures, the dashboard's stages and the blocks dealt to MPI ranks.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "model/loader.hpp"
#include "orgforces/source_dir.hpp"
#include "sim/ensemble.hpp"
#include "sim/runner.hpp"

using namespace orgforces;

namespace {

model::Scenario hello() {
    model::Scenario s =
        model::load_scenario_file(std::filesystem::path(ORGFORCES_SOURCE_DIR) / "scenarios/hello-world.yaml");
    s.horizon = 26;
    return s;
}

// Every band of every series, bit for bit.
bool same_bands(const sim::EnsembleResult& a, const sim::EnsembleResult& b) {
    if (a.series.size() != b.series.size()) return false;
    for (std::size_t i = 0; i < a.series.size(); ++i) {
        const auto &x = a.series[i].ticks, &y = b.series[i].ticks;
        if (x.size() != y.size()) return false;
        for (std::size_t t = 0; t < x.size(); ++t)
            if (x[t].mean != y[t].mean || x[t].ci_lo != y[t].ci_lo || x[t].ci_hi != y[t].ci_hi || x[t].q05 != y[t].q05 ||
                x[t].q25 != y[t].q25 || x[t].q50 != y[t].q50 || x[t].q75 != y[t].q75 || x[t].q95 != y[t].q95)
                return false;
    }
    return true;
}

}  // namespace

TEST_CASE("the pool returns results in job order, whatever order the jobs finish in") {
    constexpr int kJobs = 4;
    for (const int threads : {1, 2, 4}) {
        CAPTURE(threads);
        // With a thread per job, job j waits until every later job has finished: they finish in
        // reverse order. With fewer threads they simply run in turn.
        std::atomic<int> finished{0};
        std::mutex order_mutex;
        std::vector<int> completion;
        const auto out = sim::map_jobs<std::string>(kJobs, threads, [&](int j) {
            if (threads == kJobs)
                while (finished.load() < kJobs - 1 - j) std::this_thread::yield();
            {
                std::lock_guard lock(order_mutex);
                completion.push_back(j);
            }
            ++finished;
            return "job " + std::to_string(j);
        });
        REQUIRE(out.size() == std::size_t(kJobs));
        for (int j = 0; j < kJobs; ++j) CHECK(out[std::size_t(j)] == "job " + std::to_string(j));
        if (threads == kJobs) CHECK(completion == std::vector<int>{3, 2, 1, 0});
    }
}

TEST_CASE("run_jobs names each job's thread: per-thread scratch needs no lock") {
    std::vector<int> owner(64, -1);
    std::vector<int> per_thread(3, 0);
    sim::run_jobs(64, 3, [&](int worker, int job) {
        REQUIRE(worker >= 0);
        REQUIRE(worker < 3);
        ++per_thread[std::size_t(worker)];   // only this thread touches its slot
        owner[std::size_t(job)] = worker;
    });
    CHECK(per_thread[0] + per_thread[1] + per_thread[2] == 64);
    for (int o : owner) CHECK(o >= 0);
    CHECK(sim::pool_threads(0, 5) >= 1);
    CHECK(sim::pool_threads(8, 3) == 3);
    CHECK(sim::pool_threads(2, 0) == 1);
}

TEST_CASE("progress reaches the total, one call per job, never going back") {
    for (const int threads : {1, 3}) {
        std::vector<std::pair<int, int>> calls;   // serialized by the runner
        sim::RunControl control;
        control.on_progress = [&](int done, int total) { calls.emplace_back(done, total); };
        sim::parallel_for(10, threads, [](int) {}, control);
        REQUIRE(calls.size() == 10);
        for (std::size_t i = 0; i < calls.size(); ++i) {
            CHECK(calls[i].first == int(i) + 1);
            CHECK(calls[i].second == 10);
        }
    }
}

TEST_CASE("a failing job's exception reaches the caller and no further job starts") {
    for (const int threads : {1, 2}) {
        CAPTURE(threads);
        std::atomic<int> started{0};
        CHECK_THROWS_WITH_AS(sim::parallel_for(1000, threads,
                                               [&](int j) {
                                                   ++started;
                                                   if (j == 3) throw std::runtime_error("job 3 failed");
                                               }),
                             "job 3 failed", std::runtime_error);
        CHECK(started.load() < 1000);
        // A failure in map_jobs hands back nothing.
        std::vector<int> out{-1};
        CHECK_THROWS_AS(out = sim::map_jobs<int>(8, threads, [](int j) -> int {
                            if (j == 5) throw std::logic_error("no");
                            return j;
                        }),
                        std::logic_error);
        CHECK(out == std::vector<int>{-1});
    }
}

TEST_CASE("cancelling stops before the next job and throws Cancelled") {
    for (const int threads : {1, 2}) {
        CAPTURE(threads);
        std::atomic<bool> cancel{false};
        std::atomic<int> started{0};
        sim::RunControl control;
        control.cancel = &cancel;
        CHECK_THROWS_AS(sim::parallel_for(1000, threads,
                                          [&](int j) {
                                              ++started;
                                              if (j == 2) cancel = true;
                                          },
                                          control),
                        sim::Cancelled);
        CHECK(started.load() < 1000);
        if (threads == 1) CHECK(started.load() == 3);
    }
    // Raised before the call: nothing runs.
    std::atomic<bool> cancel{true};
    int ran = 0;
    CHECK_THROWS_AS(sim::parallel_for(5, 1, [&](int) { ++ran; }, {&cancel, {}}), sim::Cancelled);
    CHECK(ran == 0);
}

TEST_CASE("a cancelled ensemble stops early and hands back no partial result") {
    const auto s = hello();
    std::atomic<bool> cancel{false};
    int done = 0;
    sim::EnsembleOptions o;
    o.replicates = 64;
    o.threads = 2;
    o.cancel = &cancel;
    o.on_progress = [&](int d, int) {
        done = d;
        if (d == 5) cancel = true;
    };
    std::optional<sim::EnsembleResult> r;
    CHECK_THROWS_AS(r = sim::run_ensemble(s, o), sim::Cancelled);
    CHECK_FALSE(r.has_value());
    CHECK(done < 64);
}

TEST_CASE("stages: whole blocks, about doubling, ending at the total") {
    CHECK(sim::stage_ends(100, 16) == std::vector<int>{16, 32, 64, 100});
    CHECK(sim::stage_ends(10, 16) == std::vector<int>{10});
    CHECK(sim::stage_ends(0, 16).empty());
    // A first stage that is not whole blocks is rounded up: later stages start at a block.
    CHECK(sim::stage_ends(40, 12) == std::vector<int>{16, 32, 40});
    for (const int total : {1, 7, 8, 9, 63, 64, 65, 300})
        for (const int first : {1, 8, 12, 16, 50}) {
            const auto ends = sim::stage_ends(total, first);
            REQUIRE_FALSE(ends.empty());
            CHECK(ends.back() == total);
            for (std::size_t i = 0; i + 1 < ends.size(); ++i) {
                CHECK(ends[i] % sim::kBlockSize == 0);
                CHECK(ends[i] < ends[i + 1]);
            }
        }
}

TEST_CASE("a staged run shows each stage and ends with the plain ensemble's result") {
    const auto s = hello();
    sim::EnsembleOptions o;
    o.replicates = 40;
    o.threads = 2;
    std::vector<int> shown;
    std::optional<sim::EnsembleResult> last;
    sim::run_staged(s, o, 12, [&](sim::EnsembleResult&& r, int done) {
        CHECK(r.info.replicates == done);
        shown.push_back(done);
        last = std::move(r);
    });
    CHECK(shown == sim::stage_ends(40, 12));
    REQUIRE(last.has_value());
    o.threads = 1;
    CHECK(same_bands(*last, sim::run_ensemble(s, o)));

    // Cancelled after the first stage: no later stage is shown.
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    shown.clear();
    CHECK_THROWS_AS(sim::run_staged(s, o, 8,
                                    [&](sim::EnsembleResult&&, int done) {
                                        shown.push_back(done);
                                        cancel = true;
                                    }),
                    sim::Cancelled);
    CHECK(shown == std::vector<int>{8});
}

TEST_CASE("blocks dealt to ranks cover every replicate once, in whole blocks") {
    const std::vector<int> replicates{100, 8, 3, 0, 64};
    for (const int ranks : {1, 2, 3, 7, 64}) {
        CAPTURE(ranks);
        const auto tasks = sim::deal_blocks(replicates, ranks);
        std::vector<int> next(replicates.size(), 0);
        for (const auto& t : tasks) {
            REQUIRE(t.job < replicates.size());
            CHECK(t.range.first == next[t.job]);   // contiguous, in block order
            CHECK(t.range.first % sim::kBlockSize == 0);
            CHECK(t.range.count > 0);
            next[t.job] += t.range.count;
        }
        CHECK(next == replicates);
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            CHECK(sim::task_owner(t, ranks) >= 0);
            CHECK(sim::task_owner(t, ranks) < ranks);
        }
        if (ranks <= 7) CHECK(tasks.size() >= std::size_t(ranks));   // every rank has work
    }
}

TEST_CASE("any rank layout, computed in any order and merged in block order, gives the one-process bytes") {
    const auto s = hello();
    sim::EnsembleOptions o;
    o.threads = 1;
    const std::vector<int> replicates{40};
    const auto whole = sim::run_replicates(s, 11, 0, 40, o).serialize();
    for (const int ranks : {1, 2, 3, 5}) {
        CAPTURE(ranks);
        const auto tasks = sim::deal_blocks(replicates, ranks);
        // Ranks finish in any order: compute the tasks last to first, as byte images (what MPI sends).
        std::vector<std::vector<std::uint8_t>> sent(tasks.size());
        for (std::size_t t = tasks.size(); t-- > 0;)
            sent[t] = sim::run_replicates(s, 11, tasks[t].range.first, tasks[t].range.count, o).serialize();
        sim::PartialEnsemble merged;
        for (const auto& bytes : sent) merged.merge(sim::PartialEnsemble::deserialize(bytes));
        CHECK(merged.serialize() == whole);
    }
}

TEST_CASE("a lane runs tasks in order and, when destroyed, runs what is queued with stopping() raised") {
    std::vector<int> ran;
    bool saw_stopping = false;
    {
        sim::Lane lane;
        const auto stopping = lane.stopping();
        // The first task holds the lane until the destructor raises stopping().
        lane.post([&ran, stopping] {
            while (!stopping->load()) std::this_thread::yield();
            ran.push_back(1);
        });
        lane.post([&ran] { ran.push_back(2); });
        lane.post([&, stopping] {
            saw_stopping = stopping->load();
            ran.push_back(3);
        });
    }
    CHECK(ran == std::vector<int>{1, 2, 3});
    CHECK(saw_stopping);
}
