// ORGFORCES_ASSERT stays on in every build and aborts with file:line and its message. doctest
// cannot catch an abort, so the failing check runs in a forked child whose fate the parent reads.
#include <doctest/doctest.h>

#include <csignal>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "sim/assert.hpp"

namespace {

struct ChildFate {
    int status = 0;
    std::string stderr_text;
};

// Runs `body` in a child process; returns how it ended and what it wrote to stderr.
template <class Body>
ChildFate run_in_child(Body body) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDERR_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        body();
        ::_exit(0);
    }
    ::close(fds[1]);
    ChildFate fate;
    char buf[512];
    for (ssize_t got; (got = ::read(fds[0], buf, sizeof buf)) > 0;) fate.stderr_text.append(buf, std::size_t(got));
    ::close(fds[0]);
    REQUIRE(::waitpid(pid, &fate.status, 0) == pid);
    return fate;
}

}  // namespace

TEST_CASE("a failing ORGFORCES_ASSERT aborts with file, line and message") {
    volatile int slots = 3;
    const int line = __LINE__ + 1;
    const auto fate = run_in_child([&] { ORGFORCES_ASSERT(slots < 2, "headcount within capacity"); });
    REQUIRE(WIFSIGNALED(fate.status));
    CHECK(WTERMSIG(fate.status) == SIGABRT);
    INFO("stderr: ", fate.stderr_text);
    CHECK(fate.stderr_text.find("test_assert.cpp:" + std::to_string(line) + ":") != std::string::npos);
    CHECK(fate.stderr_text.find("slots < 2") != std::string::npos);
    CHECK(fate.stderr_text.find("headcount within capacity") != std::string::npos);
}

TEST_CASE("a holding ORGFORCES_ASSERT lets the program go on") {
    volatile int slots = 1;
    const auto fate = run_in_child([&] { ORGFORCES_ASSERT(slots < 2, "headcount within capacity"); });
    REQUIRE(WIFEXITED(fate.status));
    CHECK(WEXITSTATUS(fate.status) == 0);
    CHECK(fate.stderr_text.empty());
}
