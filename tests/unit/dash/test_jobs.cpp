// The dashboard's analysis jobs without a window: answers, cancellation, failures, replacement and
// a runner that stops what still runs when it goes away.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "viz/dash/jobs.hpp"

using namespace orgforces;

namespace {

std::shared_ptr<const model::Scenario> scenario(const std::string& name) {
    auto s = std::make_shared<model::Scenario>();
    s->name = name;
    return s;
}

// Polls until the job has finished (a bound against a hang, not a timing check).
template <class T>
void finish(dash::Job<T>& job) {
    for (int i = 0; i < 200000 && job.running(); ++i) {
        job.poll();
        if (job.running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE_FALSE(job.running());
}

// A computation that reports progress until it is stopped.
int until_stopped(const model::Scenario&, const std::function<void(int, int)>& progress, std::atomic<bool>& started) {
    for (int i = 0;; ++i) {
        progress(i, 1000000);
        started = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace

TEST_CASE("a job computes on the runner and remembers the variant it was for") {
    dash::JobRunner runner;
    dash::Job<std::string> job;
    CHECK_FALSE(job.running());
    const auto s = scenario("alpha");
    job.start(runner, s, [](const model::Scenario& sc, auto progress) {
        progress(1, 1);
        return sc.name + "!";
    });
    CHECK(job.running());
    CHECK(job.running_for() == s);
    finish(job);
    REQUIRE(job.value().has_value());
    CHECK(*job.value() == "alpha!");
    CHECK(job.computed_for() == s);
    CHECK_FALSE(job.cancelled());
    CHECK(job.error().empty());
}

TEST_CASE("a cancelled job stops at its next progress report and keeps the last answer") {
    dash::JobRunner runner;
    dash::Job<int> job;
    const auto first = scenario("first");
    job.start(runner, first, [](const model::Scenario&, auto) { return 7; });
    finish(job);
    REQUIRE(job.value() == 7);

    std::atomic<bool> started{false};
    job.start(runner, scenario("second"), [&started](const model::Scenario& sc, auto progress) {
        return until_stopped(sc, progress, started);
    });
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(job.progress().second == 1000000);
    job.cancel();
    finish(job);
    CHECK(job.cancelled());
    CHECK(job.value() == 7);            // the earlier answer stays on screen,
    CHECK(job.computed_for() == first); // marked as computed for the earlier setting
}

TEST_CASE("a failure is reported, and restarting replaces a running job") {
    dash::JobRunner runner;
    dash::Job<int> job;
    job.start(runner, scenario("bad"), [](const model::Scenario&, auto) -> int { throw std::runtime_error("no data"); });
    finish(job);
    CHECK(job.error() == "no data");
    CHECK_FALSE(job.value().has_value());

    std::atomic<bool> started{false};
    job.start(runner, scenario("slow"), [&started](const model::Scenario& sc, auto progress) {
        return until_stopped(sc, progress, started);
    });
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto fast = scenario("fast");
    job.start(runner, fast, [](const model::Scenario&, auto) { return 3; });  // stops "slow", runs after it
    CHECK(job.error().empty());
    finish(job);
    CHECK(job.value() == 3);
    CHECK(job.computed_for() == fast);
}

TEST_CASE("a runner going away stops the job it runs") {
    dash::Job<int> job;
    std::atomic<bool> started{false};
    {
        dash::JobRunner runner;
        job.start(runner, scenario("endless"), [&started](const model::Scenario& sc, auto progress) {
            return until_stopped(sc, progress, started);
        });
        while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }  // would hang here if the runner waited for the endless job
    job.poll();
    CHECK_FALSE(job.running());
    CHECK(job.cancelled());
}
